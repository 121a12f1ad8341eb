//! Signed, encrypted packages (`.mpk`): apps/hello packed, opened and rendered, and every
//! way a package can be damaged or mis-keyed refused with its own error.

use std::io::{Seek, SeekFrom, Write};
use std::path::PathBuf;
use std::sync::OnceLock;

use mica_engine::compile::precompile_pages;
use mica_engine::package::keys::{self, SigningKey};
use mica_engine::package::mpk::{self, FileKind, MpkError};
use mica_engine::package::pack::{pack_dir, PackOptions};
use mica_engine::package::{Package, PackageError, Trust};
use mica_engine::runtime::{Runtime, RuntimeConfig};
use mica_engine::EngineError;
use mica_layout::{ParseOptions, Stylesheet};

use crate::golden::check_golden;
use crate::support::{text_by_id, workspace};

const FLEET: [u8; 32] = [0x5a; 32];

fn signer() -> SigningKey {
    SigningKey::from_seed([0x21; 32])
}

fn trust() -> Trust {
    Trust {
        signers: vec![signer().public_key()],
        fleet_keys: vec![FLEET],
        fleet_key_provider: None,
    }
}

fn hello_dir() -> PathBuf {
    workspace().join("apps/hello")
}

fn pack_hello(edit: impl FnOnce(&mut PackOptions)) -> (Vec<u8>, Vec<String>) {
    let mut options = PackOptions::new(signer(), FLEET);
    edit(&mut options);
    pack_dir(hello_dir(), &options).unwrap_or_else(|e| panic!("packing apps/hello: {e}"))
}

/// apps/hello packed once with small pages, so that files span several of them.
fn packed() -> &'static [u8] {
    static PACKED: OnceLock<Vec<u8>> = OnceLock::new();
    PACKED.get_or_init(|| pack_hello(|o| o.page_size = Some(1024)).0)
}

fn tmp(name: &str) -> PathBuf {
    let dir = workspace().join("target/test-tmp");
    let _ = std::fs::create_dir_all(&dir);
    dir.join(format!("{name}-{}.mpk", std::process::id()))
}

fn write_tmp(name: &str, bytes: &[u8]) -> PathBuf {
    let path = tmp(name);
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    path
}

fn open_bytes(bytes: &[u8], trust: &Trust) -> Result<Package, MpkError> {
    match Package::from_mpk_bytes(bytes.to_vec(), trust) {
        Ok(p) => Ok(p),
        Err(PackageError::Mpk(e)) => Err(e),
        Err(e) => panic!("not an MpkError: {e}"),
    }
}

fn refused(bytes: &[u8], trust: &Trust, what: &str) -> MpkError {
    match open_bytes(bytes, trust) {
        Ok(_) => panic!("{what}: the package opened"),
        Err(e) => e,
    }
}

fn launch_packed(path: &PathBuf) -> Runtime {
    let config = RuntimeConfig {
        width: 1280,
        height: 720,
        trust: trust(),
        ..Default::default()
    };
    let mut rt = Runtime::open(path, config).unwrap_or_else(|e| panic!("opening: {e}"));
    rt.launch(None).unwrap_or_else(|e| panic!("launching: {e}"));
    rt
}

#[test]
fn every_file_reads_back_and_sources_are_replaced_by_ir() {
    let (bytes, warnings) = pack_hello(|o| o.page_size = Some(1024));
    assert!(warnings.is_empty(), "{warnings:?}");
    let pkg = open_bytes(&bytes, &trust()).unwrap_or_else(|e| panic!("{e}"));
    let dir = Package::open(hello_dir()).unwrap_or_else(|e| panic!("{e}"));
    let manifest = pkg
        .manifest()
        .cloned()
        .unwrap_or_else(|| panic!("no manifest"));
    assert_eq!(
        manifest.appid, "hello",
        "the directory name without project.config.json"
    );
    assert_eq!(manifest.version, "1.0.0");
    assert_eq!(manifest.min_runtime, mpk::RUNTIME_VERSION);
    assert_eq!(manifest.page_size, 1024);

    let compiled = precompile_pages(&dir).unwrap_or_else(|e| panic!("{e}"));
    for f in &manifest.files {
        let got = pkg
            .read(&f.path)
            .unwrap_or_else(|e| panic!("{}: {e}", f.path));
        assert_eq!(got.len() as u64, f.size, "{}", f.path);
        match f.kind {
            FileKind::Raw => {
                let want = dir
                    .read(&f.path)
                    .unwrap_or_else(|e| panic!("{}: {e}", f.path));
                assert!(got == want, "{} differs from the directory's", f.path);
            }
            FileKind::CompiledTemplate => {
                let want = compiled.iter().find(|(p, _)| *p == f.path).map(|(_, b)| b);
                assert_eq!(Some(&got), want, "{}", f.path);
            }
            FileKind::CompiledStyle => {
                let source = f.path.replace(".mss", ".wxss");
                let text = dir
                    .read_to_string(&source)
                    .unwrap_or_else(|e| panic!("{e}"));
                let (want, _) = Stylesheet::parse(&text, &source, ParseOptions::default());
                assert_eq!(Stylesheet::from_bytes(&got).ok(), Some(want), "{}", f.path);
            }
        }
    }
    let paths: Vec<&str> = manifest.files.iter().map(|f| f.path.as_str()).collect();
    for gone in [
        "pages/index/index.wxml",
        "pages/index/index.wxss",
        "app.wxss",
    ] {
        assert!(!paths.contains(&gone), "{gone} is packed as source");
    }
    for present in [
        "app.json",
        "app.js",
        "app.mss",
        "images/logo.png",
        "pages/about/about.mir",
        "pages/index/index.mir",
        "pages/index/index.mss",
        "utils/format.js",
    ] {
        assert!(paths.contains(&present), "{present} missing from {paths:?}");
    }
    let mut sorted = paths.clone();
    sorted.sort_unstable();
    assert_eq!(paths, sorted, "files are in path order");
    assert!(pkg.is_packed() && pkg.exists("app.mss") && !pkg.exists("app.wxss"));
}

#[test]
fn the_packed_app_renders_like_the_directory_pixel_for_pixel() {
    let path = write_tmp("render", packed());
    let mut packed_rt = launch_packed(&path);
    assert!(packed_rt.errors().is_empty(), "{:?}", packed_rt.errors());
    assert!(
        packed_rt.warnings().is_empty(),
        "{:?}",
        packed_rt.warnings()
    );
    let mut dir_rt = crate::support::launch(hello_dir(), 1280, 720);
    let same = |a: &Runtime, b: &Runtime, when: &str| {
        let png = b.png().unwrap_or_else(|e| panic!("{e}"));
        let cmp = mica_renderer::compare_images(a.pixmap(), &png, 0)
            .unwrap_or_else(|e| panic!("comparing {when}: {e}"));
        assert_eq!(
            cmp.differing_pixels, 0,
            "{when}: the .mpk renders differently"
        );
    };
    same(&packed_rt, &dir_rt, "first frame");
    check_golden(&packed_rt, "hello-first-frame");
    for rt in [&mut packed_rt, &mut dir_rt] {
        rt.tap(".counter").unwrap_or_else(|e| panic!("tap: {e}"));
        rt.tap("#counter").unwrap_or_else(|e| panic!("tap: {e}"));
    }
    assert_eq!(text_by_id(&packed_rt, "counter"), "Count: 2");
    same(&packed_rt, &dir_rt, "after two taps");
    check_golden(&packed_rt, "hello-after-two-taps");
    let _ = std::fs::remove_file(&path);
}

#[test]
fn verify_and_inspect_a_good_package() {
    let path = write_tmp("verify", packed());
    let manifest = mpk::verify(&path, &trust()).unwrap_or_else(|e| panic!("{e}"));
    let shown = mpk::inspect_bytes(packed()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(shown.manifest, manifest);
    assert_eq!(shown.header.signer_id, keys::key_id(&signer().public_key()));
    assert_eq!(shown.header.fleet_key_id, keys::key_id(&FLEET));
    assert_eq!(shown.header.total_len(), packed().len() as u64);
    let _ = std::fs::remove_file(&path);
}

/// Where the regions of a package start: (manifest, signature, data, end).
fn regions(bytes: &[u8]) -> (usize, usize, usize, usize) {
    let h = mpk::inspect_bytes(bytes)
        .unwrap_or_else(|e| panic!("{e}"))
        .header;
    (
        h.manifest_start() as usize,
        h.signature_start() as usize,
        h.data_start() as usize,
        bytes.len(),
    )
}

/// Offsets to flip in `start..end`: every `step`-th byte plus the first and last.
fn positions(start: usize, end: usize, step: usize) -> Vec<usize> {
    let mut p: Vec<usize> = (start..end).step_by(step).collect();
    p.push(end - 1);
    p
}

#[test]
fn a_flipped_byte_anywhere_is_refused_with_the_region_error() {
    let good = packed();
    let (manifest, signature, data, end) = regions(good);
    let flipped = |i: usize| {
        let mut b = good.to_vec();
        b[i] ^= 0x01;
        b
    };
    for i in positions(0, manifest, 1) {
        let e = refused(&flipped(i), &trust(), &format!("header byte {i}"));
        assert!(
            matches!(
                e,
                MpkError::BadMagic
                    | MpkError::UnsupportedFormat { .. }
                    | MpkError::Malformed(_)
                    | MpkError::TooLarge { .. }
                    | MpkError::Truncated { .. }
                    | MpkError::TrailingBytes { .. }
                    | MpkError::UnknownSigner { .. }
                    | MpkError::BadSignature
            ),
            "header byte {i}: {e}"
        );
    }
    for (what, from, to, step) in [
        ("manifest", manifest, signature, 13),
        ("signature", signature, data, 1),
    ] {
        for i in positions(from, to, step) {
            let e = refused(&flipped(i), &trust(), &format!("{what} byte {i}"));
            assert!(matches!(e, MpkError::BadSignature), "{what} byte {i}: {e}");
        }
    }
    for i in positions(data, end, 97) {
        let e = refused(&flipped(i), &trust(), &format!("data byte {i}"));
        assert!(
            matches!(e, MpkError::DataDigestMismatch),
            "data byte {i}: {e}"
        );
    }
    // The same through a file, and through verify.
    let path = write_tmp("flip", &flipped(data));
    let e = Package::open_with(&path, &trust()).err();
    assert!(
        matches!(e, Some(PackageError::Mpk(MpkError::DataDigestMismatch))),
        "{e:?}"
    );
    let e = mpk::verify(&path, &trust()).err();
    assert!(matches!(e, Some(MpkError::DataDigestMismatch)), "{e:?}");
    let _ = std::fs::remove_file(&path);
}

#[test]
fn truncation_and_trailing_bytes_are_refused() {
    let good = packed();
    let (_, _, data, end) = regions(good);
    let mut cuts: Vec<usize> = (0..data + 200).step_by(11).collect();
    cuts.extend([0, 1, 7, 8, 63, 64, data - 1, data, data + 1, end - 1]);
    cuts.extend((data..end).step_by(501));
    for cut in cuts.into_iter().filter(|&c| c < end) {
        let e = refused(&good[..cut], &trust(), &format!("cut at {cut}"));
        assert!(matches!(e, MpkError::Truncated { .. }), "cut at {cut}: {e}");
        let e = mpk::inspect_bytes(&good[..cut]).err();
        assert!(e.is_some(), "inspect of a cut at {cut}");
    }
    for extra in [1usize, 2, 64, 4096] {
        let mut b = good.to_vec();
        b.extend(std::iter::repeat_n(0u8, extra));
        let e = refused(&b, &trust(), "trailing bytes");
        assert!(
            matches!(e, MpkError::TrailingBytes { extra: n } if n == extra as u64),
            "{e}"
        );
    }
    let path = write_tmp("cut", &good[..good.len() - 1]);
    let e = Package::open_with(&path, &trust()).err();
    assert!(
        matches!(e, Some(PackageError::Mpk(MpkError::Truncated { .. }))),
        "{e:?}"
    );
    let _ = std::fs::remove_file(&path);
}

#[test]
fn keys_decide_who_may_open_a_package() {
    let good = packed();
    let other = SigningKey::from_seed([0x99; 32]);
    let stranger = Trust {
        signers: vec![other.public_key()],
        ..trust()
    };
    let e = refused(good, &stranger, "unknown signer");
    assert!(
        matches!(e, MpkError::UnknownSigner { id } if id == keys::key_id(&signer().public_key())),
        "{e}"
    );
    // A package signed by the second key is refused by a device that trusts only the first.
    let (by_other, _) = pack_dir(hello_dir(), &PackOptions::new(other.clone(), FLEET))
        .unwrap_or_else(|e| panic!("{e}"));
    let e = refused(&by_other, &trust(), "signed by another key");
    assert!(matches!(e, MpkError::UnknownSigner { .. }), "{e}");
    assert!(open_bytes(&by_other, &stranger).is_ok());
    // Nothing is trusted by default.
    let path = write_tmp("default-trust", good);
    let e = Package::open(&path).err();
    assert!(
        matches!(e, Some(PackageError::Mpk(MpkError::UnknownSigner { .. }))),
        "{e:?}"
    );
    let _ = std::fs::remove_file(&path);
    // The right signer but the wrong fleet key, or none.
    let wrong_fleet = Trust {
        fleet_keys: vec![[0x5b; 32]],
        ..trust()
    };
    let e = refused(good, &wrong_fleet, "wrong fleet key");
    assert!(matches!(e, MpkError::WrongFleetKey { .. }), "{e}");
    let no_fleet = Trust {
        fleet_keys: Vec::new(),
        ..trust()
    };
    let e = refused(good, &no_fleet, "no fleet key");
    assert!(matches!(e, MpkError::NoFleetKey { .. }), "{e}");
}

#[test]
fn a_package_for_a_newer_runtime_is_refused() {
    let (bytes, _) = pack_hello(|o| o.min_runtime = Some("999.0.0".into()));
    let e = refused(&bytes, &trust(), "min_runtime 999.0.0");
    assert!(
        matches!(&e, MpkError::RuntimeTooOld { need, .. } if need == "999.0.0"),
        "{e}"
    );
    assert!(e.to_string().contains("999.0.0"), "{e}");
    let path = write_tmp("newer", &bytes);
    let config = RuntimeConfig {
        trust: trust(),
        ..Default::default()
    };
    let e = Runtime::open(&path, config).err();
    assert!(
        matches!(
            e,
            Some(EngineError::Package(PackageError::Mpk(
                MpkError::RuntimeTooOld { .. }
            )))
        ),
        "{e:?}"
    );
    let _ = std::fs::remove_file(&path);
}

#[test]
fn pack_options_are_validated() {
    let mut options = PackOptions::new(signer(), FLEET);
    options.version = Some("1.0".into());
    let e = pack_dir(hello_dir(), &options).err().map(|e| e.to_string());
    assert!(e.as_deref().is_some_and(|e| e.contains("1.0")), "{e:?}");
    let mut options = PackOptions::new(signer(), FLEET);
    options.page_size = Some(100);
    assert!(pack_dir(hello_dir(), &options).is_err());
    let (bytes, _) = pack_hello(|o| {
        o.appid = Some("wx0123".into());
        o.version = Some("2.3.4".into());
    });
    let m = mpk::inspect_bytes(&bytes).map(|i| i.manifest);
    let m = m.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((m.appid.as_str(), m.version.as_str()), ("wx0123", "2.3.4"));
    assert_eq!(m.page_size, mpk::DEFAULT_PAGE_SIZE);
}

#[test]
fn ciphertext_altered_after_open_is_page_tampered_on_read() {
    let good = packed();
    let path = write_tmp("rewrite", good);
    let pkg = Package::open_with(&path, &trust()).unwrap_or_else(|e| panic!("{e}"));
    // Read one file now (it is cached), then damage another in the open file.
    let before = pkg.read("app.js").unwrap_or_else(|e| panic!("{e}"));
    let shown = mpk::inspect_bytes(good).unwrap_or_else(|e| panic!("{e}"));
    let target = shown
        .manifest
        .file("images/logo.png")
        .unwrap_or_else(|| panic!("no logo"));
    assert!(target.tags.len() >= 2, "the logo spans two pages");
    let at = shown.header.data_start() + target.offset + 1024 + 5;
    {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .unwrap_or_else(|e| panic!("{e}"));
        f.seek(SeekFrom::Start(at))
            .unwrap_or_else(|e| panic!("{e}"));
        f.write_all(&[good[at as usize] ^ 0xff])
            .unwrap_or_else(|e| panic!("{e}"));
        f.sync_all().unwrap_or_else(|e| panic!("{e}"));
    }
    let e = pkg.read("images/logo.png");
    assert!(
        matches!(&e, Err(PackageError::Mpk(MpkError::PageTampered { file, page: 1 })) if file == "images/logo.png"),
        "{e:?}"
    );
    assert_eq!(pkg.read("app.js").ok(), Some(before));
    // A file cut short after open: its pages past the end are tampered too.
    let len = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let f = std::fs::OpenOptions::new().write(true).open(&path);
    f.and_then(|f| f.set_len(len - 10))
        .unwrap_or_else(|e| panic!("{e}"));
    let last = shown.manifest.files.last().map(|f| f.path.clone());
    let last = last.unwrap_or_default();
    let e = pkg.read(&last);
    assert!(
        matches!(&e, Err(PackageError::Mpk(MpkError::PageTampered { file, .. })) if *file == last),
        "{e:?}"
    );
    let _ = std::fs::remove_file(&path);
}

#[test]
fn keygen_files_pack_and_open() {
    let dir = workspace()
        .join("target/test-tmp")
        .join(format!("keys-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let made = keys::generate(&dir).unwrap_or_else(|e| panic!("{e}"));
    let options = PackOptions::new(
        keys::load_signing_key(&made.signing_key).unwrap_or_else(|e| panic!("{e}")),
        keys::load_fleet_key(&made.fleet_key).unwrap_or_else(|e| panic!("{e}")),
    );
    let (bytes, _) = pack_dir(hello_dir(), &options).unwrap_or_else(|e| panic!("{e}"));
    let device = Trust {
        signers: vec![keys::load_public_key(&made.public_key).unwrap_or_else(|e| panic!("{e}"))],
        fleet_keys: vec![keys::load_fleet_key(&made.fleet_key).unwrap_or_else(|e| panic!("{e}"))],
        ..Trust::default()
    };
    let pkg = open_bytes(&bytes, &device).unwrap_or_else(|e| panic!("{e}"));
    assert!(pkg.app_config().is_ok());
    let _ = std::fs::remove_dir_all(&dir);
}
