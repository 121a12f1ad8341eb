//! Packages whose manifest was crafted and then properly signed: the signature is fine,
//! so these reach the checks behind it, which must each refuse with their own error.

use std::sync::{Arc, OnceLock};

use super::*;
use crate::package::keys::{key_id, SigningKey};
use crate::package::pack::{assemble, pack_dir, PackOptions};
use crate::package::{Package, PackageError, MAX_FILE_BYTES};

const FLEET: [u8; 32] = [0x42; 32];

fn signer() -> SigningKey {
    SigningKey::from_seed([0x11; 32])
}

fn trust() -> Trust {
    Trust {
        signers: vec![signer().public_key()],
        fleet_keys: vec![FLEET],
        fleet_key_provider: None,
    }
}

/// apps/hello packed once with 1 KiB pages (so files span several pages).
fn packed() -> &'static [u8] {
    static PACKED: OnceLock<Vec<u8>> = OnceLock::new();
    PACKED.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../apps/hello");
        let mut options = PackOptions::new(signer(), FLEET);
        options.page_size = Some(MIN_PAGE_SIZE);
        options.appid = Some("wxhello".into());
        match pack_dir(&dir, &options) {
            Ok((bytes, _)) => bytes,
            Err(e) => panic!("packing hello: {e}"),
        }
    })
}

fn parts(bytes: &[u8]) -> (Manifest, Vec<u8>) {
    let shown = inspect_bytes(bytes).unwrap_or_else(|e| panic!("{e}"));
    let start = shown.header.data_start() as usize;
    (shown.manifest, bytes[start..].to_vec())
}

/// The hello package with its manifest (and data) changed by `edit`, signed again.
fn crafted(edit: impl FnOnce(&mut Manifest, &mut Vec<u8>)) -> Vec<u8> {
    let (mut manifest, mut data) = parts(packed());
    edit(&mut manifest, &mut data);
    assemble(&manifest, &data, &signer(), key_id(&FLEET)).unwrap_or_else(|e| panic!("{e}"))
}

fn open(bytes: Vec<u8>, trust: &Trust) -> Result<Package, MpkError> {
    match Package::from_mpk_bytes(bytes, trust) {
        Ok(p) => Ok(p),
        Err(PackageError::Mpk(e)) => Err(e),
        Err(other) => panic!("not an MpkError: {other}"),
    }
}

fn open_err(bytes: Vec<u8>) -> MpkError {
    match open(bytes, &trust()) {
        Ok(_) => panic!("a crafted package opened"),
        Err(e) => e,
    }
}

#[test]
fn the_untouched_package_opens_and_reads() {
    let pkg = open(packed().to_vec(), &trust()).unwrap_or_else(|e| panic!("{e}"));
    assert!(pkg.is_packed());
    assert_eq!(pkg.manifest().map(|m| m.appid.as_str()), Some("wxhello"));
    let js = pkg.read_to_string("pages/index/index.js");
    assert!(js.is_ok_and(|s| s.contains("Page(")));
    // Read twice: the second comes from the page cache and is the same.
    let a = pkg.read("images/logo.png").ok();
    assert!(a.as_ref().is_some_and(|a| a.len() > MIN_PAGE_SIZE as usize));
    assert_eq!(pkg.read("images/logo.png").ok(), a);
    assert!(matches!(
        pkg.read("nope.js"),
        Err(PackageError::NotFound(_))
    ));
    assert!(matches!(
        pkg.read("../app.json"),
        Err(PackageError::PathEscapes(_))
    ));
}

#[test]
fn package_is_send_and_sync() {
    fn shared<T: Send + Sync>() {}
    shared::<Package>();
    shared::<Trust>();
}

#[test]
fn escaping_absolute_and_duplicate_paths_are_refused() {
    for bad in [
        "../x.js",
        "/etc/passwd",
        "a/../../x",
        "./app.js",
        "a//b.js",
        "a\\b.js",
        "",
    ] {
        let e = open_err(crafted(|m, _| m.files[1].path = bad.into()));
        assert!(
            matches!(&e, MpkError::BadPath(p) if p == bad),
            "{bad:?}: {e}"
        );
    }
    let e = open_err(crafted(|m, _| m.files[1].path = m.files[0].path.clone()));
    assert!(matches!(e, MpkError::DuplicatePath(_)), "{e}");
}

#[test]
fn absurd_sizes_and_page_counts_are_refused() {
    let e = open_err(crafted(|m, _| m.files[0].size = MAX_FILE_BYTES + 1));
    assert!(matches!(e, MpkError::TooLarge { .. }), "{e}");
    let e = open_err(crafted(|m, _| m.files[0].size = u64::MAX));
    assert!(matches!(e, MpkError::TooLarge { .. }), "{e}");
    // A page count that disagrees with the size.
    let e = open_err(crafted(|m, _| {
        let extra = m.files[0].tags[0];
        m.files[0].tags.extend(std::iter::repeat_n(extra, 100_000));
    }));
    assert!(matches!(e, MpkError::Malformed(_)), "{e}");
    let e = open_err(crafted(|m, _| m.files[0].tags.clear()));
    assert!(matches!(e, MpkError::Malformed(_)), "{e}");
    // Sizes that no longer add up to the data section.
    let e = open_err(crafted(|m, _| m.files[0].size -= 1));
    assert!(matches!(e, MpkError::Malformed(_)), "{e}");
    let e = open_err(crafted(|m, _| m.files[1].offset += 1));
    assert!(matches!(e, MpkError::Malformed(_)), "{e}");
    let e = open_err(crafted(|m, _| m.files.swap(0, 1)));
    assert!(matches!(e, MpkError::Malformed(_)), "{e}");
    for size in [0, MIN_PAGE_SIZE - 1, MAX_PAGE_SIZE + 1, u32::MAX] {
        let e = open_err(crafted(|m, _| m.page_size = size));
        assert!(matches!(e, MpkError::Malformed(_)), "page size {size}: {e}");
    }
    let e = open_err(crafted(|m, _| {
        m.files = (0..=MAX_FILES)
            .map(|i| FileEntry {
                path: format!("f{i}"),
                size: 0,
                kind: FileKind::Raw,
                offset: 0,
                tags: Vec::new(),
            })
            .collect();
    }));
    assert!(matches!(e, MpkError::TooLarge { .. }), "{e}");
    let e = open_err(crafted(|m, _| m.files.retain(|f| f.path != "app.json")));
    assert!(matches!(e, MpkError::Malformed(_)), "{e}");
}

#[test]
fn absurd_header_lengths_are_refused_before_anything_else() {
    let mut b = packed().to_vec();
    b[12..16].copy_from_slice(&u32::MAX.to_le_bytes());
    assert!(matches!(open_err(b), MpkError::TooLarge { .. }));
    let mut b = packed().to_vec();
    b[32..40].copy_from_slice(&u64::MAX.to_le_bytes());
    assert!(matches!(open_err(b), MpkError::TooLarge { .. }));
    let mut b = packed().to_vec();
    b[12..16].copy_from_slice(&0u32.to_le_bytes());
    assert!(matches!(open_err(b), MpkError::Malformed(_)));
    let mut b = packed().to_vec();
    b[8] = 2;
    assert!(matches!(
        open_err(b),
        MpkError::UnsupportedFormat { version: 2, .. }
    ));
}

#[test]
fn versions_and_runtime_are_checked() {
    let e = open_err(crafted(|m, _| m.version = "1.0".into()));
    assert!(
        matches!(
            e,
            MpkError::BadVersion {
                what: "version",
                ..
            }
        ),
        "{e}"
    );
    let e = open_err(crafted(|m, _| m.min_runtime = "latest".into()));
    assert!(matches!(e, MpkError::BadVersion { .. }), "{e}");
    let e = open_err(crafted(|m, _| m.min_runtime = "999.0.0".into()));
    assert!(
        matches!(&e, MpkError::RuntimeTooOld { need, have } if need == "999.0.0" && have == RUNTIME_VERSION),
        "{e}"
    );
    let e = open_err(crafted(|m, _| m.appid = String::new()));
    assert!(matches!(e, MpkError::Malformed(_)), "{e}");
}

#[test]
fn a_manifest_that_does_not_decode_is_malformed() {
    let (_, data) = parts(packed());
    let signer = signer();
    // Assembled by hand: the signed manifest bytes are not a Manifest at all.
    for body in [vec![0xff; 40], vec![0u8; 3]] {
        let b = signed_raw(&signer, &body, &data);
        assert!(matches!(open_err(b), MpkError::Malformed(_)));
    }
    // A valid manifest followed by stray bytes inside the signed region.
    let (manifest, _) = parts(packed());
    let mut body = manifest.to_bytes().unwrap_or_default();
    body.push(0);
    let b = signed_raw(&signer, &body, &data);
    assert!(matches!(open_err(b), MpkError::Malformed(_)));
}

/// header ‖ `manifest_bytes` ‖ signature ‖ `data`, signed by `signer`, whatever the
/// manifest bytes are.
fn signed_raw(signer: &SigningKey, manifest_bytes: &[u8], data: &[u8]) -> Vec<u8> {
    let header = Header::new(
        manifest_bytes.len() as u32,
        key_id(&signer.public_key()),
        key_id(&FLEET),
        data.len() as u64,
    );
    let mut b = header.to_bytes().to_vec();
    b.extend_from_slice(manifest_bytes);
    let sig = signer.sign(&b);
    b.extend_from_slice(&sig);
    b.extend_from_slice(data);
    b
}

#[test]
fn a_signed_digest_that_does_not_match_the_data_is_refused() {
    let e = open_err(crafted(|m, _| m.data_sha256[0] ^= 1));
    assert!(matches!(e, MpkError::DataDigestMismatch), "{e}");
}

#[test]
fn a_bad_page_tag_is_page_tampered_on_read_not_garbage() {
    // The digest still matches the data, so the package opens; the page does not.
    let bytes = crafted(|m, _| {
        let f = m.files.iter_mut().find(|f| f.path == "images/logo.png");
        if let Some(f) = f {
            f.tags[1][0] ^= 1;
        }
    });
    let pkg = open(bytes, &trust()).unwrap_or_else(|e| panic!("{e}"));
    assert!(pkg.read("app.json").is_ok());
    let e = pkg.read("images/logo.png");
    assert!(
        matches!(&e, Err(PackageError::Mpk(MpkError::PageTampered { file, page: 1 })) if file == "images/logo.png"),
        "{e:?}"
    );
    // Altered ciphertext with a re-signed digest is caught the same way.
    let (m, _) = parts(packed());
    let at = m
        .file("pages/index/index.js")
        .map_or(0, |f| f.offset as usize);
    let pkg = open(
        crafted(|m, data| {
            data[at] ^= 0x80;
            m.data_sha256 = sha2::Sha256::digest(&data[..]).into();
        }),
        &trust(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(
        pkg.read("pages/index/index.js"),
        Err(PackageError::Mpk(MpkError::PageTampered { page: 0, .. }))
    ));
    // And so is a signed change to what the pages' AAD binds (the version).
    let pkg = open(crafted(|m, _| m.version = "9.9.9".into()), &trust());
    let pkg = pkg.unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(
        pkg.read("app.json"),
        Err(PackageError::Mpk(MpkError::PageTampered { page: 0, .. }))
    ));
    assert!(matches!(
        verify_bytes(&crafted(|m, _| m.version = "9.9.9".into())),
        Err(MpkError::PageTampered { .. })
    ));
}

use sha2::Digest;

fn verify_bytes(bytes: &[u8]) -> Result<Manifest, MpkError> {
    let reader = MpkReader::from_bytes(bytes.to_vec(), &trust())?;
    reader.check_all_pages()?;
    Ok(reader.manifest().clone())
}

#[test]
fn the_content_key_needs_the_fleet_key_for_this_appid() {
    // The wrapped key binds the appid.
    let e = open_err(crafted(|m, _| m.appid = "wxother".into()));
    assert!(matches!(e, MpkError::WrongFleetKey { .. }), "{e}");
    let no_keys = Trust {
        fleet_keys: Vec::new(),
        ..trust()
    };
    let e = open(packed().to_vec(), &no_keys).err();
    assert!(matches!(e, Some(MpkError::NoFleetKey { .. })), "{e:?}");
    let wrong = Trust {
        fleet_keys: vec![[0x43; 32]],
        ..trust()
    };
    let e = open(packed().to_vec(), &wrong).err();
    assert!(matches!(e, Some(MpkError::WrongFleetKey { .. })), "{e:?}");
    // A provider is asked for the key by id.
    let asked = Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = asked.clone();
    let provider = Trust {
        fleet_keys: Vec::new(),
        fleet_key_provider: Some(Arc::new(move |id: &[u8; 8]| {
            if let Ok(mut l) = log.lock() {
                l.push(*id);
            }
            (*id == key_id(&FLEET)).then_some(FLEET)
        })),
        ..trust()
    };
    assert!(open(packed().to_vec(), &provider).is_ok());
    assert_eq!(
        asked.lock().map(|l| l.clone()).ok(),
        Some(vec![key_id(&FLEET)])
    );
    assert!(verify_bytes(packed()).is_ok());
}

#[test]
fn inspect_never_panics_on_damaged_input() {
    let good = packed();
    let shown = inspect_bytes(good).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(shown.manifest.appid, "wxhello");
    assert_eq!(shown.header.total_len(), good.len() as u64);
    let end = shown.header.data_start() as usize;
    for cut in (0..end + 8).step_by(7) {
        assert!(inspect_bytes(&good[..cut.min(good.len())]).is_err());
    }
    for i in (0..end).step_by(3) {
        let mut b = good.to_vec();
        b[i] ^= 0xa5;
        let _ = inspect_bytes(&b);
    }
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    for _ in 0..500 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let len = (state % 300) as usize;
        let mut b: Vec<u8> = (0..len).map(|i| (state >> (i % 56)) as u8).collect();
        if b.len() >= 8 {
            b[..8].copy_from_slice(MAGIC);
        }
        let _ = inspect_bytes(&b);
        let _ = open(b, &trust());
    }
}
