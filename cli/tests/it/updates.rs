//! `mica install` and `mica run --store --index`: real signed packages, a real HTTP
//! server on 127.0.0.1, the A/B store, and rollback of a version that cannot start.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha256};

use mica_engine::package::{keys, pack, Package, Trust};

use super::packages::{keys_and_hello, s, trust_args, with};
use super::{mica, scratch};

/// A static file server on 127.0.0.1 for the life of the test process.
struct Server {
    files: Arc<Mutex<HashMap<String, Vec<u8>>>>,
    base: String,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind: {e}"));
        let port = listener.local_addr().map(|a| a.port()).unwrap_or_default();
        let files: Arc<Mutex<HashMap<String, Vec<u8>>>> = Arc::default();
        let served = files.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let mut reader = BufReader::new(&stream);
                let mut line = String::new();
                let _ = reader.read_line(&mut line);
                let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
                // Skip the rest of the request head.
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                        break;
                    }
                }
                let body = served.lock().ok().and_then(|f| f.get(&path).cloned());
                let mut w = &stream;
                let _ = match body {
                    Some(b) => write!(
                        w,
                        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        b.len()
                    )
                    .and_then(|()| w.write_all(&b)),
                    None => write!(
                        w,
                        "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    ),
                };
            }
        });
        Server {
            files,
            base: format!("http://127.0.0.1:{port}"),
        }
    }

    fn put(&self, path: &str, body: Vec<u8>) {
        if let Ok(mut f) = self.files.lock() {
            f.insert(path.to_string(), body);
        }
    }

    /// Serves `releases.json` listing `packages` (version, file) for every device.
    fn publish(&self, packages: &[(&str, &Path)]) {
        let mut releases = Vec::new();
        for (version, file) in packages {
            let bytes = std::fs::read(file).unwrap_or_default();
            let name = format!("/hello-{version}.mpk");
            releases.push(serde_json::json!({
                "version": version,
                "url": name.trim_start_matches('/'),
                "sha256": hex(&Sha256::digest(&bytes)),
                "size": bytes.len(),
            }));
            self.put(&name, bytes);
        }
        let index = serde_json::json!({ "appid": "wxhello", "releases": releases });
        self.put("/releases.json", index.to_string().into_bytes());
    }

    fn index(&self) -> String {
        format!("{}/releases.json", self.base)
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// `mica run` on the store, returning (exit code, stdout, stderr).
fn run_store(store: &Path, keys: &Path, index: Option<&str>) -> (Option<i32>, String, String) {
    let mut args = with(
        &[
            "run",
            "--store",
            s(store),
            "--appid",
            "wxhello",
            "--size",
            "320x240",
        ],
        &trust_args(keys),
    );
    if let Some(i) = index {
        args.extend(["--index".to_string(), i.to_string()]);
    }
    let o = mica(&args);
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// hello 1.2.0 sealed by a build pipeline whose template compiler this runtime does
/// not match: its home page's IR has another format version. It verifies (it is signed
/// and intact) but cannot reach a first frame.
fn incompatible_hello(keys: &Path, good: &Path, out: &Path) {
    let trust = Trust {
        signers: vec![keys::load_public_key(keys.join("signing.pub")).unwrap_or([0; 32])],
        fleet_keys: vec![keys::load_fleet_key(keys.join("fleet.key")).unwrap_or([0; 32])],
        ..Trust::default()
    };
    let pkg = Package::open_with(good, &trust).unwrap_or_else(|e| panic!("{e}"));
    let mut files = BTreeMap::new();
    for f in pkg.manifest().map(|m| m.files.clone()).unwrap_or_default() {
        let mut bytes = pkg.read(&f.path).unwrap_or_else(|e| panic!("{e}"));
        if f.path == "pages/index/index.mir" {
            // Magic `MIR\0`, then the format version.
            bytes[4] = bytes[4].wrapping_add(7);
        }
        files.insert(f.path.clone(), (f.kind, bytes));
    }
    let signing =
        keys::load_signing_key(keys.join("signing.key")).unwrap_or_else(|e| panic!("{e}"));
    let fleet = keys::load_fleet_key(keys.join("fleet.key")).unwrap_or_else(|e| panic!("{e}"));
    let mut options = pack::PackOptions::new(signing, fleet);
    options.appid = Some("wxhello".into());
    options.version = Some("1.2.0".into());
    let bytes = pack::pack_files(files, &options).unwrap_or_else(|e| panic!("{e}"));
    let _ = std::fs::write(out, bytes);
}

#[test]
fn install_update_over_http_then_roll_back_a_version_that_cannot_start() {
    let dir = scratch("store-e2e");
    let (keys, v100) = keys_and_hello(&dir, "1.0.0");
    let (_, v110) = keys_and_hello(&dir, "1.1.0");
    let v120 = dir.join("hello-1.2.0.mpk");
    incompatible_hello(&keys, &v110, &v120);
    let store = dir.join("store");
    let trust = trust_args(&keys);

    // Factory install of 1.1.0; a downgrade to 1.0.0 is refused (exit 3) unless forced.
    let args = with(&["install", s(&v110), "--store", s(&store)], &trust);
    assert!(mica(&args).status.success());
    let mut args = with(&["install", s(&v100), "--store", s(&store)], &trust);
    let o = mica(&args);
    assert_eq!(
        o.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    args.push("--force".into());
    assert!(mica(&args).status.success());
    let (code, _, err) = run_store(&store, &keys, None);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("running wxhello 1.0.0"), "{err}");

    // No server yet: offline, 1.0.0 keeps running.
    let server = Server::start();
    let (code, out, err) = run_store(&store, &keys, Some("http://127.0.0.1:9/releases.json"));
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("offline"), "{out}");

    // 1.1.0 is published: downloaded, verified, installed for the next start.
    server.publish(&[("1.1.0", &v110)]);
    let (code, out, err) = run_store(&store, &keys, Some(&server.index()));
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("installed 1.1.0"), "{out}\n{err}");
    let (code, out, err) = run_store(&store, &keys, Some(&server.index()));
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("running wxhello 1.1.0"), "{err}");
    assert!(out.contains("up to date"), "{out}");

    // 1.2.0 cannot reach its first frame: two failed starts, then 1.1.0 again.
    server.publish(&[("1.1.0", &v110), ("1.2.0", &v120)]);
    let (_, out, _) = run_store(&store, &keys, Some(&server.index()));
    assert!(out.contains("installed 1.2.0"), "{out}");
    for attempt in 1..=2 {
        let (code, _, err) = run_store(&store, &keys, None);
        assert_eq!(code, Some(2), "attempt {attempt}: {err}");
        assert!(err.contains("running wxhello 1.2.0"), "{err}");
    }
    let (code, out, err) = run_store(&store, &keys, Some(&server.index()));
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("running wxhello 1.1.0"), "{err}");
    // The rolled-back version is not downloaded again.
    assert!(out.contains("up to date"), "{out}");
    let (code, _, err) = run_store(&store, &keys, None);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("running wxhello 1.1.0"), "{err}");
}

#[test]
fn a_tampered_download_is_never_installed() {
    let dir = scratch("store-tamper");
    let (keys, v100) = keys_and_hello(&dir, "1.0.0");
    let (_, v110) = keys_and_hello(&dir, "1.1.0");
    let store = dir.join("store");
    let args = with(
        &["install", s(&v100), "--store", s(&store)],
        &trust_args(&keys),
    );
    assert!(mica(&args).status.success());
    // The index's SHA-256 matches the tampered file: only the signature check stops it.
    let mut bytes = std::fs::read(&v110).unwrap_or_default();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x40;
    let bad = dir.join("tampered-1.1.0.mpk");
    let _ = std::fs::write(&bad, &bytes);
    let server = Server::start();
    server.publish(&[("1.1.0", &bad)]);
    let (code, out, err) = run_store(&store, &keys, Some(&server.index()));
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("failed verification"), "{out}\n{err}");
    let (_, _, err) = run_store(&store, &keys, None);
    assert!(err.contains("running wxhello 1.0.0"), "{err}");
}
