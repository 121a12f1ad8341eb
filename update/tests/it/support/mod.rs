//! Test support: temp dirs, a stand-in package format and verifier, index builders, and
//! a fixture that ties a loopback server, a store and an updater together.

pub mod server;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use mica_update::{DeviceInfo, PackageInfo, Store, Updater, Verifier, Version};
use sha2::{Digest, Sha256};

pub use server::{dead_url, Served, Server};

pub const APPID: &str = "wxtest";
pub const RUNTIME: Version = Version::new(0, 1, 0);

/// A directory under cargo's test tmp dir, removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let n = NEXT.fetch_add(1, Ordering::SeqCst);
        let path = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("update-{name}-{}-{n}", std::process::id()));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).expect("create temp dir");
        TempDir(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// The test package format: a first line `TESTPKG <appid> <version>`, then payload.
pub fn package(appid: &str, version: &str, payload: usize) -> Vec<u8> {
    let mut bytes = format!("TESTPKG {appid} {version}\n").into_bytes();
    bytes.extend((0..payload).map(|i| (i * 7 % 251) as u8));
    bytes
}

/// Accepts files made by [`package`].
#[derive(Debug, Clone, Copy)]
pub struct TestVerifier;

impl Verifier for TestVerifier {
    fn verify(&self, path: &Path) -> Result<PackageInfo, String> {
        let mut head = Vec::new();
        fs::File::open(path)
            .and_then(|f| f.take(256).read_to_end(&mut head))
            .map_err(|e| format!("cannot read: {e}"))?;
        let line_end = head
            .iter()
            .position(|&b| b == b'\n')
            .ok_or("no TESTPKG header line")?;
        let line = std::str::from_utf8(&head[..line_end]).map_err(|_| "header is not UTF-8")?;
        match line.split(' ').collect::<Vec<_>>().as_slice() {
            ["TESTPKG", appid, version] => Ok(PackageInfo {
                appid: appid.to_string(),
                version: version.parse().map_err(|e| format!("{e}"))?,
            }),
            _ => Err(format!("not a test package: `{line}`")),
        }
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub fn v(text: &str) -> Version {
    text.parse().expect("test version")
}

/// A release entry for an index: `{"version", "url", "sha256", "size"}` for `bytes`.
pub fn release_json(version: &str, url: &str, bytes: &[u8]) -> serde_json::Value {
    serde_json::json!({
        "version": version,
        "url": url,
        "sha256": sha256_hex(bytes),
        "size": bytes.len(),
    })
}

pub fn index_json(appid: &str, releases: Vec<serde_json::Value>) -> String {
    serde_json::json!({ "appid": appid, "releases": releases }).to_string()
}

/// A loopback server publishing releases, and a store in a temp dir.
pub struct Fixture {
    pub dir: TempDir,
    pub server: Server,
    pub store: Store,
    pub verifier: Arc<TestVerifier>,
}

impl Fixture {
    pub fn new(name: &str) -> Fixture {
        let dir = TempDir::new(name);
        let store = Store::open(dir.path().join("store"), APPID).expect("open store");
        Fixture {
            dir,
            server: Server::start(),
            store,
            verifier: Arc::new(TestVerifier),
        }
    }

    /// With a bundled package of `version` in the temp dir.
    pub fn with_bundled(name: &str, version: &str) -> Fixture {
        let mut fixture = Fixture::new(name);
        let bundled = fixture.dir.path().join("bundled.mpk");
        fs::write(&bundled, package(APPID, version, 100)).expect("write bundled");
        fixture.store = Store::open_with_bundled(fixture.dir.path().join("store"), APPID, bundled)
            .expect("open store");
        fixture
    }

    pub fn root(&self) -> PathBuf {
        self.dir.path().join("store")
    }

    /// The package file the server serves for `version`.
    pub fn package_bytes(version: &str) -> Vec<u8> {
        package(APPID, version, 20_000 + version.len() * 1000)
    }

    pub fn package_path(version: &str) -> String {
        format!("pkgs/hello-{version}.mpk")
    }

    /// Serves these versions (every device, no conditions) and an index listing them.
    pub fn publish(&self, versions: &[&str]) {
        let releases = versions
            .iter()
            .map(|version| {
                let bytes = Self::package_bytes(version);
                self.server.put(&Self::package_path(version), bytes.clone());
                release_json(version, &Self::package_path(version), &bytes)
            })
            .collect();
        self.server
            .put("releases.json", index_json(APPID, releases));
    }

    pub fn put_index(&self, releases: Vec<serde_json::Value>) {
        self.server
            .put("releases.json", index_json(APPID, releases));
    }

    pub fn updater(&self) -> Updater {
        self.updater_for(&self.server.url("releases.json"))
    }

    pub fn updater_for(&self, index_url: &str) -> Updater {
        Updater::new(
            index_url,
            self.store.clone(),
            DeviceInfo::new("device-1").attr("model", "T950"),
            self.verifier.clone(),
            RUNTIME,
        )
        .expect("updater")
        .timeout(Duration::from_secs(20))
    }

    /// Installs `version` through the updater and starts it cleanly.
    pub fn install_started(&self, versions: &[&str]) -> Version {
        self.publish(versions);
        let outcome = self.updater().check_once().expect("check");
        let launch = self.store.begin_launch(&TestVerifier).expect("launch");
        self.store.mark_started().expect("started");
        assert_eq!(
            outcome,
            mica_update::Outcome::Installed(launch.version),
            "install_started"
        );
        launch.version
    }

    pub fn staging_files(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.root().join(APPID).join("staging"))
            .map(|entries| {
                entries
                    .flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    pub fn slot_file(&self, slot: &str) -> PathBuf {
        self.root()
            .join(APPID)
            .join("slots")
            .join(format!("{slot}.mpk"))
    }

    pub fn state_file(&self) -> PathBuf {
        self.root().join(APPID).join("state.json")
    }
}
