//! `mica keygen`, `pack`, `verify`, `inspect`, and `render` of an `.mpk`, as a publisher
//! and a device run them.

use std::path::{Path, PathBuf};

use super::{assert_ok, mica, mica_env, root, scratch};

/// Fresh keys and hello packed with them, in `dir`.
pub fn keys_and_hello(dir: &Path, version: &str) -> (PathBuf, PathBuf) {
    let keys = dir.join("keys");
    if !keys.join("signing.key").exists() {
        let o = mica(&["keygen", "--out", s(&keys)]);
        assert_ok(&o);
    }
    let pkg = dir.join(format!("hello-{version}.mpk"));
    pack(&root().join("apps/hello"), &keys, &pkg, version);
    (keys, pkg)
}

/// Packs `app` as `version` of appid `wxhello` with `keys`.
pub fn pack(app: &Path, keys: &Path, out: &Path, version: &str) {
    let o = mica(&[
        "pack",
        s(app),
        "-o",
        s(out),
        "--sign",
        s(&keys.join("signing.key")),
        "--fleet-key",
        s(&keys.join("fleet.key")),
        "--appid",
        "wxhello",
        "--app-version",
        version,
    ]);
    assert_ok(&o);
}

pub fn s(p: &Path) -> &str {
    p.to_str().unwrap_or_default()
}

/// `--pubkey` and `--fleet-key` for the keys in `keys`.
pub fn trust_args(keys: &Path) -> Vec<String> {
    vec![
        "--pubkey".into(),
        s(&keys.join("signing.pub")).into(),
        "--fleet-key".into(),
        s(&keys.join("fleet.key")).into(),
    ]
}

/// `args` then `extra`, as owned strings.
pub fn with(args: &[&str], extra: &[String]) -> Vec<String> {
    args.iter()
        .map(|a| a.to_string())
        .chain(extra.iter().cloned())
        .collect()
}

fn verify(pkg: &Path, keys: &Path) -> std::process::Output {
    mica(&[
        "verify",
        s(pkg),
        "--pubkey",
        s(&keys.join("signing.pub")),
        "--fleet-key",
        s(&keys.join("fleet.key")),
    ])
}

#[test]
fn keygen_pack_verify_inspect() {
    let dir = scratch("pack-verify");
    let (keys, pkg) = keys_and_hello(&dir, "1.2.3");
    // keygen never overwrites a key.
    let again = mica(&["keygen", "--out", s(&keys)]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));

    let o = verify(&pkg, &keys);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(stdout.contains("valid: wxhello 1.2.3"), "{stdout}");

    let o = mica(&["inspect", s(&pkg), "--json"]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_default();
    assert_eq!(v["appid"], "wxhello");
    assert_eq!(v["version"], "1.2.3");
    let files = v["files"].as_array().cloned().unwrap_or_default();
    let path_of = |f: &serde_json::Value| f["path"].as_str().unwrap_or_default().to_string();
    // Page templates travel compiled; their sources stay behind.
    assert!(
        files.iter().any(|f| path_of(f) == "pages/index/index.mir"),
        "{files:?}"
    );
    assert!(
        !files.iter().any(|f| path_of(f).ends_with(".wxml")),
        "{files:?}"
    );
    assert!(files.iter().any(|f| path_of(f) == "app.js"), "{files:?}");
}

#[test]
fn verify_rejects_tampering_and_wrong_keys_with_exit_3() {
    let dir = scratch("verify-reject");
    let (keys, pkg) = keys_and_hello(&dir, "1.0.0");
    let bytes = std::fs::read(&pkg).unwrap_or_default();
    // A flipped byte in the header, the manifest, the signature and the data.
    for at in [9, 100, bytes.len() / 2, bytes.len() - 1] {
        let mut b = bytes.clone();
        b[at] ^= 0x01;
        let bad = dir.join(format!("flip-{at}.mpk"));
        let _ = std::fs::write(&bad, &b);
        let o = verify(&bad, &keys);
        assert_eq!(o.status.code(), Some(3), "flip at {at}");
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("invalid package"),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let cut = dir.join("cut.mpk");
    let _ = std::fs::write(&cut, &bytes[..bytes.len() - 7]);
    assert_eq!(verify(&cut, &keys).status.code(), Some(3));

    // Another publisher's key and another fleet key.
    let other = dir.join("other");
    assert!(mica(&["keygen", "--out", s(&other)]).status.success());
    let o = mica(&[
        "verify",
        s(&pkg),
        "--pubkey",
        s(&other.join("signing.pub")),
        "--fleet-key",
        s(&keys.join("fleet.key")),
    ]);
    assert_eq!(o.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&o.stderr).contains("signer"));
    let o = mica(&[
        "verify",
        s(&pkg),
        "--pubkey",
        s(&keys.join("signing.pub")),
        "--fleet-key",
        s(&other.join("fleet.key")),
    ]);
    assert_eq!(o.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&o.stderr).contains("fleet key"));
}

#[test]
fn render_of_the_package_equals_render_of_the_directory() {
    let dir = scratch("render-mpk");
    let (keys, pkg) = keys_and_hello(&dir, "1.0.0");
    let render = |app: &Path, out: &Path| {
        let o = mica(&[
            "render",
            s(app),
            "--size",
            "800x600",
            "--tap",
            ".counter",
            "--pubkey",
            s(&keys.join("signing.pub")),
            "--fleet-key",
            s(&keys.join("fleet.key")),
            "--out",
            s(out),
        ]);
        assert_ok(&o);
        std::fs::read(out).unwrap_or_default()
    };
    let from_dir = render(&root().join("apps/hello"), &dir.join("dir.png"));
    let from_pkg = render(&pkg, &dir.join("mpk.png"));
    assert!(from_dir.len() > 1000);
    // The PNG encoder is deterministic: equal bytes are equal pixels.
    assert!(
        from_dir == from_pkg,
        "dir.png and mpk.png differ in {}",
        dir.display()
    );

    // Without keys the package is refused (exit 2) and nothing is drawn.
    let o = mica(&["render", s(&pkg), "--out", s(&dir.join("nokeys.png"))]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!dir.join("nokeys.png").exists());
}

/// Every 24-byte window of `needle`'s distinctive files, searched for in every file
/// under `dirs`.
fn find_plaintext(app: &Path, dirs: &[&Path]) -> Vec<String> {
    let mut needles = Vec::new();
    for rel in [
        "app.js",
        "pages/index/index.js",
        "pages/index/index.wxss",
        "app.json",
    ] {
        let text = std::fs::read(app.join(rel)).unwrap_or_default();
        assert!(text.len() >= 48, "{rel} is too small to search for");
        for chunk in text.chunks(24).filter(|c| c.len() == 24) {
            needles.push((rel, chunk.to_vec()));
        }
    }
    let mut found = Vec::new();
    let mut stack: Vec<PathBuf> = dirs.iter().map(|d| d.to_path_buf()).collect();
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            for e in std::fs::read_dir(&p).into_iter().flatten().flatten() {
                stack.push(e.path());
            }
            continue;
        }
        let bytes = std::fs::read(&p).unwrap_or_default();
        for (rel, n) in &needles {
            if bytes.windows(n.len()).any(|w| w == n.as_slice()) {
                found.push(format!("{} holds text of {rel}", p.display()));
                break;
            }
        }
    }
    found
}

#[test]
fn running_an_encrypted_app_leaves_no_plaintext_on_disk() {
    let dir = scratch("no-plaintext");
    let (keys, pkg) = keys_and_hello(&dir, "1.0.0");
    let tmp = dir.join("tmp");
    let home = dir.join("home");
    let store = dir.join("store");
    for d in [&tmp, &home, &store] {
        let _ = std::fs::create_dir_all(d);
    }
    let env = [("TMPDIR", s(&tmp)), ("HOME", s(&home))];
    let trust = trust_args(&keys);
    let args = with(&["install", s(&pkg), "--store", s(&store)], &trust);
    let o = mica_env(&env, &home, &args);
    assert_ok(&o);
    let args = with(
        &[
            "run",
            "--store",
            s(&store),
            "--appid",
            "wxhello",
            "--size",
            "640x480",
            "--tap",
            ".counter",
            "--keys",
            "down,enter",
        ],
        &trust,
    );
    let o = mica_env(&env, &home, &args);
    assert_ok(&o);
    // The same search finds the plaintext when it is there.
    let app = root().join("apps/hello");
    assert!(!find_plaintext(&app, &[&app]).is_empty());
    let found = find_plaintext(&app, &[&tmp, &home, &store]);
    assert!(found.is_empty(), "{found:#?}");
    // The store did get the package.
    assert!(
        store
            .join("wxhello/slots")
            .read_dir()
            .into_iter()
            .flatten()
            .count()
            > 0
    );
}
