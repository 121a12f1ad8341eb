//! Signed, encrypted packages (`.mpk`):
//! - `package_open/5MB`: `Package::open_with` of a 5 MB package, which verifies before
//!   anything runs (header, Ed25519 signature, manifest, SHA-256 of the whole data
//!   section, content key unwrap);
//! - `package_verify_all_pages/5MB`: `mpk::verify`, which also decrypts and checks every
//!   16 KiB page (what `mica verify` and the update client do);
//! - `cold_start_hello/{dir,mpk}`: apps/hello from its directory and from its `.mpk`,
//!   open to first frame at 1920x1080 (target: the package within 1.2x the directory).

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use mica_engine::package::keys::SigningKey;
use mica_engine::package::{mpk, pack, Package, Trust};
use mica_engine::runtime::{Runtime, RuntimeConfig};

const SIGNING_SEED: [u8; 32] = [3; 32];
const FLEET_KEY: [u8; 32] = [4; 32];

fn trust() -> Trust {
    Trust {
        signers: vec![SigningKey::from_seed(SIGNING_SEED).public_key()],
        fleet_keys: vec![FLEET_KEY],
        ..Trust::default()
    }
}

fn out_dir() -> PathBuf {
    let d = mica_benches::apps_dir().join("../target/bench-packages");
    let _ = std::fs::create_dir_all(&d);
    d
}

/// Packs `app` into `out`.
fn pack_to(app: &Path, out: &Path) {
    let options = pack::PackOptions::new(SigningKey::from_seed(SIGNING_SEED), FLEET_KEY);
    match pack::pack_dir(app, &options) {
        Ok((bytes, _)) => {
            if let Err(e) = std::fs::write(out, bytes) {
                panic!("{}: {e}", out.display());
            }
        }
        Err(e) => panic!("pack {}: {e}", app.display()),
    }
}

/// apps/hello plus 5 MB of incompressible assets (a video poster set, say), packed.
fn five_mb_package() -> PathBuf {
    let dir = out_dir();
    let app = dir.join("big-app");
    let _ = std::fs::remove_dir_all(&app);
    copy_dir(&mica_benches::apps_dir().join("hello"), &app);
    let _ = std::fs::create_dir_all(app.join("assets"));
    // xorshift bytes: no structure for anything to exploit.
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in 0..5 {
        let blob: Vec<u8> = (0..1 << 20)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect();
        let _ = std::fs::write(app.join(format!("assets/poster{i}.bin")), blob);
    }
    let out = dir.join("big.mpk");
    pack_to(&app, &out);
    out
}

fn copy_dir(from: &Path, to: &Path) {
    let _ = std::fs::create_dir_all(to);
    for e in std::fs::read_dir(from).into_iter().flatten().flatten() {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            let _ = std::fs::copy(e.path(), target);
        }
    }
}

fn open_and_verify(c: &mut Criterion) {
    let path = five_mb_package();
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    assert!(size >= 5 << 20, "package is {size} bytes");
    let trust = trust();
    let mut g = c.benchmark_group("package_open");
    g.bench_function(BenchmarkId::from_parameter("5MB"), |b| {
        b.iter(|| match Package::open_with(&path, &trust) {
            Ok(p) => p,
            Err(e) => panic!("{e}"),
        })
    });
    g.finish();
    let mut g = c.benchmark_group("package_verify_all_pages");
    g.sample_size(20);
    g.bench_function(BenchmarkId::from_parameter("5MB"), |b| {
        b.iter(|| match mpk::verify(&path, &trust) {
            Ok(m) => m,
            Err(e) => panic!("{e}"),
        })
    });
    g.finish();
}

fn cold_start(c: &mut Criterion) {
    let dir = mica_benches::apps_dir().join("hello");
    let mpk = out_dir().join("hello.mpk");
    pack_to(&dir, &mpk);
    let config = || RuntimeConfig {
        width: 1920,
        height: 1080,
        trust: trust(),
        ..Default::default()
    };
    let mut g = c.benchmark_group("cold_start_hello");
    for (name, path) in [("dir", &dir), ("mpk", &mpk)] {
        g.bench_function(BenchmarkId::from_parameter(name), |b| {
            b.iter(|| {
                let mut rt = match Runtime::open(path, config()) {
                    Ok(rt) => rt,
                    Err(e) => panic!("open {name}: {e}"),
                };
                if let Err(e) = rt.launch(None) {
                    panic!("launch {name}: {e}");
                }
                rt
            })
        });
    }
    g.finish();
}

criterion_group!(benches, open_and_verify, cold_start);
criterion_main!(benches);
