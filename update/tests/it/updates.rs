//! Updates end to end against the loopback server.

use std::fs;

use mica_update::{LaunchSource, Outcome, UpdateError, Updater, Verifier};
use serde_json::json;

use crate::support::*;

fn launch_version(fixture: &Fixture) -> mica_update::Version {
    let launch = fixture.store.begin_launch(&TestVerifier).expect("launch");
    // Whatever is returned passes the verifier.
    let info = TestVerifier
        .verify(&launch.path)
        .expect("launched file verifies");
    assert_eq!(info.version, launch.version);
    launch.version
}

#[test]
fn fresh_install() {
    let f = Fixture::new("fresh");
    f.publish(&["1.0.0"]);
    assert_eq!(
        f.updater().check_once().expect("check"),
        Outcome::Installed(v("1.0.0"))
    );
    assert_eq!(f.store.installed().expect("installed"), Some(v("1.0.0")));
    let launch = f.store.begin_launch(&TestVerifier).expect("launch");
    assert_eq!(launch.source, LaunchSource::Active);
    assert_eq!(
        fs::read(&launch.path).expect("slot"),
        Fixture::package_bytes("1.0.0")
    );
    assert!(f.staging_files().is_empty(), "{:?}", f.staging_files());
    let package_requests = f.server.requests_for(&Fixture::package_path("1.0.0"));
    assert_eq!(package_requests.len(), 1);
    assert_eq!(package_requests[0].range, None);
}

#[test]
fn up_to_date() {
    let f = Fixture::new("uptodate");
    f.install_started(&["1.0.0"]);
    assert_eq!(f.updater().check_once().expect("check"), Outcome::UpToDate);
    assert_eq!(
        f.server.requests_for(&Fixture::package_path("1.0.0")).len(),
        1
    );
    // A newer release is picked up, and the old one stays as the previous slot.
    f.publish(&["1.0.0", "1.1.0"]);
    assert_eq!(
        f.updater().check_once().expect("check"),
        Outcome::Installed(v("1.1.0"))
    );
    let status = f.store.status().expect("status");
    assert_eq!(
        (status.active, status.previous),
        (Some(v("1.1.0")), Some(v("1.0.0")))
    );
}

#[test]
fn interrupted_download_resumes_with_range() {
    let f = Fixture::new("resume");
    f.publish(&["1.0.0"]);
    f.server
        .drop_after_once(&Fixture::package_path("1.0.0"), 5_000);
    let outcome = f.updater().check_once().expect("first check");
    let Outcome::Interrupted {
        version,
        downloaded,
        size,
        ..
    } = outcome
    else {
        panic!("expected Interrupted, got {outcome:?}");
    };
    assert_eq!((version, downloaded), (v("1.0.0"), 5_000));
    assert_eq!(size, Fixture::package_bytes("1.0.0").len() as u64);
    assert_eq!(f.staging_files(), ["1.0.0.part"]);
    assert_eq!(
        f.store.installed().expect("installed"),
        None,
        "nothing switched"
    );

    assert_eq!(
        f.updater().check_once().expect("second check"),
        Outcome::Installed(v("1.0.0"))
    );
    let requests = f.server.requests_for(&Fixture::package_path("1.0.0"));
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].range.as_deref(), Some("bytes=5000-"));
    assert_eq!(launch_version(&f), v("1.0.0"));
    let slot = f.store.begin_launch(&TestVerifier).expect("launch").path;
    assert_eq!(
        fs::read(slot).expect("slot"),
        Fixture::package_bytes("1.0.0")
    );
}

#[test]
fn server_without_ranges_restarts_the_download() {
    let f = Fixture::new("norange");
    f.publish(&["1.0.0"]);
    let bytes = Fixture::package_bytes("1.0.0");
    let mut served = Served::new(bytes.clone());
    served.ranges = false;
    f.server.put_served(&Fixture::package_path("1.0.0"), served);
    f.server
        .drop_after_once(&Fixture::package_path("1.0.0"), 3_000);
    assert!(matches!(
        f.updater().check_once(),
        Ok(Outcome::Interrupted {
            downloaded: 3_000,
            ..
        })
    ));
    assert_eq!(
        f.updater().check_once().expect("check"),
        Outcome::Installed(v("1.0.0"))
    );
    let requests = f.server.requests_for(&Fixture::package_path("1.0.0"));
    assert_eq!(
        requests[1].range.as_deref(),
        Some("bytes=3000-"),
        "asked to resume"
    );
    let launch = f.store.begin_launch(&TestVerifier).expect("launch");
    assert_eq!(
        fs::read(launch.path).expect("slot"),
        bytes,
        "200 restarted from byte 0"
    );
}

#[test]
fn wrong_content_range_restarts_the_download() {
    let f = Fixture::new("badrange");
    f.publish(&["1.0.0"]);
    let bytes = Fixture::package_bytes("1.0.0");
    let mut served = Served::new(bytes.clone());
    served.wrong_content_range = true;
    f.server.put_served(&Fixture::package_path("1.0.0"), served);
    f.server
        .drop_after_once(&Fixture::package_path("1.0.0"), 4_000);
    assert!(matches!(
        f.updater().check_once(),
        Ok(Outcome::Interrupted { .. })
    ));
    assert_eq!(
        f.updater().check_once().expect("check"),
        Outcome::Installed(v("1.0.0"))
    );
    let ranges: Vec<Option<String>> = f
        .server
        .requests_for(&Fixture::package_path("1.0.0"))
        .into_iter()
        .map(|r| r.range)
        .collect();
    assert_eq!(ranges, [None, Some("bytes=4000-".into()), None]);
    let launch = f.store.begin_launch(&TestVerifier).expect("launch");
    assert_eq!(fs::read(launch.path).expect("slot"), bytes);
}

#[test]
fn sha256_mismatch_is_rejected_and_nothing_switches() {
    let f = Fixture::new("sha");
    f.install_started(&["1.0.0"]);
    let bytes = Fixture::package_bytes("2.0.0");
    f.server.put("p2.mpk", bytes.clone());
    let mut release = release_json("2.0.0", "p2.mpk", &bytes);
    release["sha256"] = json!(sha256_hex(b"something else"));
    f.put_index(vec![release]);
    let err = f.updater().check_once().expect_err("checksum");
    assert!(matches!(err, UpdateError::Checksum { .. }), "{err}");
    assert_eq!(f.store.installed().expect("installed"), Some(v("1.0.0")));
    assert_eq!(launch_version(&f), v("1.0.0"));
    assert!(
        f.staging_files().is_empty(),
        "bad download removed: {:?}",
        f.staging_files()
    );
}

#[test]
fn verifier_failure_is_rejected() {
    let f = Fixture::new("verify");
    f.install_started(&["1.0.0"]);
    let bytes = b"MZ not a package at all\n".repeat(100);
    f.server.put("p2.mpk", bytes.clone());
    f.put_index(vec![release_json("2.0.0", "p2.mpk", &bytes)]);
    let err = f.updater().check_once().expect_err("verification");
    assert!(matches!(err, UpdateError::Verification { .. }), "{err}");
    assert!(err.to_string().contains("not a test package"), "{err}");
    assert_eq!(f.store.installed().expect("installed"), Some(v("1.0.0")));
    assert!(f.staging_files().is_empty());
}

#[test]
fn package_of_another_version_or_app_is_rejected() {
    let f = Fixture::new("mismatch");
    f.install_started(&["1.0.0"]);
    let bytes = package(APPID, "1.5.0", 100);
    f.server.put("p2.mpk", bytes.clone());
    f.put_index(vec![release_json("2.0.0", "p2.mpk", &bytes)]);
    let err = f.updater().check_once().expect_err("version");
    assert!(matches!(err, UpdateError::VersionMismatch { .. }), "{err}");

    let bytes = package("wxother", "2.0.0", 100);
    f.server.put("p2.mpk", bytes.clone());
    f.put_index(vec![release_json("2.0.0", "p2.mpk", &bytes)]);
    let err = f.updater().check_once().expect_err("appid");
    assert!(matches!(err, UpdateError::AppidMismatch { .. }), "{err}");
    assert_eq!(f.store.installed().expect("installed"), Some(v("1.0.0")));
}

#[test]
fn index_of_another_app_is_rejected() {
    let f = Fixture::new("indexapp");
    f.server.put("releases.json", index_json("wxother", vec![]));
    let err = f.updater().check_once().expect_err("appid");
    assert!(matches!(err, UpdateError::IndexAppid { .. }), "{err}");
}

#[test]
fn downgrade_is_rejected_unless_forced() {
    let f = Fixture::new("downgrade");
    f.install_started(&["2.0.0"]);
    // The updater never downgrades.
    f.publish(&["1.0.0", "2.0.0"]);
    assert_eq!(f.updater().check_once().expect("check"), Outcome::UpToDate);
    // Nor does a manual install, unless forced.
    let old = f.dir.path().join("old.mpk");
    fs::write(&old, package(APPID, "1.0.0", 50)).expect("write");
    let err = f
        .store
        .install_file(&old, &TestVerifier, false)
        .expect_err("downgrade");
    assert!(matches!(err, UpdateError::NotNewer { .. }), "{err}");
    let same = f.dir.path().join("same.mpk");
    fs::write(&same, package(APPID, "2.0.0", 50)).expect("write");
    let err = f
        .store
        .install_file(&same, &TestVerifier, false)
        .expect_err("equal");
    assert!(matches!(err, UpdateError::NotNewer { .. }), "{err}");
    assert_eq!(f.store.installed().expect("installed"), Some(v("2.0.0")));
    assert!(f.staging_files().is_empty());

    assert_eq!(
        f.store
            .install_file(&old, &TestVerifier, true)
            .expect("forced"),
        v("1.0.0")
    );
    assert_eq!(f.store.installed().expect("installed"), Some(v("1.0.0")));
    assert_eq!(launch_version(&f), v("1.0.0"));
    assert!(old.exists(), "install_file copies, it does not move");
}

#[test]
fn install_file_rejects_another_app_and_unverifiable_files() {
    let f = Fixture::new("installfile");
    let other = f.dir.path().join("other.mpk");
    fs::write(&other, package("wxother", "1.0.0", 50)).expect("write");
    let err = f
        .store
        .install_file(&other, &TestVerifier, true)
        .expect_err("appid");
    assert!(matches!(err, UpdateError::AppidMismatch { .. }), "{err}");
    let junk = f.dir.path().join("junk.mpk");
    fs::write(&junk, b"junk").expect("write");
    let err = f
        .store
        .install_file(&junk, &TestVerifier, true)
        .expect_err("junk");
    assert!(matches!(err, UpdateError::Verification { .. }), "{err}");
    let err = f
        .store
        .install_file(f.dir.path().join("missing.mpk"), &TestVerifier, true)
        .expect_err("missing");
    assert!(matches!(err, UpdateError::Io { .. }), "{err}");
    assert_eq!(f.store.installed().expect("installed"), None);
    assert!(f.staging_files().is_empty());
}

#[test]
fn oversize_response_is_cut_off_and_rejected() {
    for with_length in [true, false] {
        let f = Fixture::new("oversize");
        f.install_started(&["1.0.0"]);
        // The index declares 1,000 bytes; the server sends 200,000.
        let declared = package(APPID, "2.0.0", 1_000);
        let mut huge = declared.clone();
        huge.extend(std::iter::repeat_n(b'x', 200_000));
        let mut served = Served::new(huge);
        served.content_length = with_length;
        f.server.put_served("big.mpk", served);
        f.put_index(vec![release_json("2.0.0", "big.mpk", &declared)]);
        let err = f.updater().check_once().expect_err("too large");
        assert!(
            matches!(err, UpdateError::TooLarge { what: "package", limit, .. } if limit == declared.len() as u64),
            "{err}"
        );
        assert_eq!(f.store.installed().expect("installed"), Some(v("1.0.0")));
        assert!(f.staging_files().is_empty(), "{:?}", f.staging_files());
    }
}

#[test]
fn declared_size_over_the_hard_maximum_is_not_downloaded() {
    let f = Fixture::new("maxsize");
    f.publish(&["1.0.0"]);
    let err = f
        .updater()
        .max_package_size(1_000)
        .check_once()
        .expect_err("too large");
    assert!(
        matches!(err, UpdateError::TooLarge { limit: 1_000, .. }),
        "{err}"
    );
    assert!(f
        .server
        .requests_for(&Fixture::package_path("1.0.0"))
        .is_empty());
}

#[test]
fn oversize_index_is_rejected() {
    for with_length in [true, false] {
        let f = Fixture::new("bigindex");
        f.publish(&["1.0.0"]);
        let mut served =
            Served::new(index_json(APPID, vec![json!({"pad": "x".repeat(5_000)})]).into_bytes());
        served.content_length = with_length;
        f.server.put_served("releases.json", served);
        let err = f
            .updater()
            .max_index_size(1_000)
            .check_once()
            .expect_err("too large");
        assert!(
            matches!(
                err,
                UpdateError::TooLarge {
                    what: "release index",
                    ..
                }
            ),
            "{err}"
        );
    }
}

#[test]
fn hostile_urls_are_refused() {
    let f = Fixture::new("urls");
    f.install_started(&["1.0.0"]);
    let bytes = Fixture::package_bytes("2.0.0");
    for url in [
        "file:///etc/passwd",
        "ftp://127.0.0.1/p.mpk",
        "FILE:p.mpk",
        "javascript:x",
        "\\\\host\\p.mpk",
    ] {
        f.put_index(vec![release_json("2.0.0", url, &bytes)]);
        let err = f.updater().check_once().expect_err(url);
        assert!(matches!(err, UpdateError::Url { .. }), "{url}: {err}");
    }
    for index in [
        "file:///srv/releases.json",
        "ftp://127.0.0.1/releases.json",
        "releases.json",
    ] {
        let err = Updater::new(
            index,
            f.store.clone(),
            mica_update::DeviceInfo::new("d"),
            f.verifier.clone(),
            RUNTIME,
        )
        .expect_err(index);
        assert!(matches!(err, UpdateError::Url { .. }), "{index}: {err}");
    }
    assert_eq!(f.store.installed().expect("installed"), Some(v("1.0.0")));
    // Only the index was ever fetched after the first install.
    assert!(f
        .server
        .requests()
        .iter()
        .all(|r| r.path == "/releases.json" || r.path.ends_with("1.0.0.mpk")));
}

#[cfg(not(feature = "https"))]
#[test]
fn https_without_the_feature_is_a_clear_error() {
    let f = Fixture::new("https");
    let err = Updater::new(
        "https://127.0.0.1/releases.json",
        f.store.clone(),
        mica_update::DeviceInfo::new("d"),
        f.verifier.clone(),
        RUNTIME,
    )
    .expect_err("no tls");
    assert!(err.to_string().contains("`https` feature"), "{err}");
}

#[test]
fn server_down_is_offline_and_the_installed_version_still_launches() {
    let f = Fixture::new("offline");
    f.install_started(&["1.0.0"]);
    let outcome = f
        .updater_for(&dead_url("releases.json"))
        .check_once()
        .expect("offline is not an error");
    assert!(matches!(outcome, Outcome::Offline(_)), "{outcome:?}");
    assert_eq!(launch_version(&f), v("1.0.0"));
}

#[test]
fn missing_index_is_an_http_error() {
    let f = Fixture::new("404");
    let err = f.updater().check_once().expect_err("404");
    assert!(
        matches!(err, UpdateError::Http { status: 404, .. }),
        "{err}"
    );
}

#[test]
fn relative_urls_resolve_against_the_index_url() {
    let f = Fixture::new("relative");
    let bytes = Fixture::package_bytes("1.0.0");
    f.server.put("apps/pkgs/p.mpk", bytes.clone());
    f.server.put(
        "apps/hello/releases.json",
        index_json(APPID, vec![release_json("1.0.0", "../pkgs/p.mpk", &bytes)]),
    );
    let outcome = f
        .updater_for(&f.server.url("apps/hello/releases.json"))
        .check_once()
        .expect("check");
    assert_eq!(outcome, Outcome::Installed(v("1.0.0")));
    assert_eq!(f.server.requests_for("apps/pkgs/p.mpk").len(), 1);
}

#[test]
fn stale_partial_downloads_are_cleaned() {
    let f = Fixture::new("stale");
    let staging = f.root().join(APPID).join("staging");
    fs::write(staging.join("0.9.0.part"), b"old").expect("write");
    f.publish(&["1.0.0"]);
    assert_eq!(
        f.updater().check_once().expect("check"),
        Outcome::Installed(v("1.0.0"))
    );
    assert!(f.staging_files().is_empty(), "{:?}", f.staging_files());
}
