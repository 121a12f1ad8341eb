//! Launches: trials, rollbacks, and falling back from damaged state or slots.

use std::fs;

use mica_update::{LaunchSource, Outcome, Store, UpdateError, Verifier, TRIAL_LAUNCHES};

use crate::support::*;

fn launch(f: &Fixture) -> (mica_update::Version, LaunchSource) {
    let launch = f.store.begin_launch(&TestVerifier).expect("launch");
    let info = TestVerifier
        .verify(&launch.path)
        .expect("launched file verifies");
    assert_eq!(info.version, launch.version);
    (launch.version, launch.source)
}

/// v1 installed and started, then v2 installed by the updater.
fn v1_then_v2(name: &str) -> Fixture {
    let f = Fixture::new(name);
    f.install_started(&["1.0.0"]);
    f.publish(&["1.0.0", "2.0.0"]);
    assert_eq!(
        f.updater().check_once().expect("check"),
        Outcome::Installed(v("2.0.0"))
    );
    f
}

#[test]
fn two_failed_starts_roll_back_and_mark_the_version_bad() {
    assert_eq!(TRIAL_LAUNCHES, 2);
    let f = v1_then_v2("rollback");
    // Two launches that never reach mark_started (the app crashed before its first frame).
    assert_eq!(launch(&f), (v("2.0.0"), LaunchSource::Active));
    assert_eq!(f.store.status().expect("status").trial_launches, Some(1));
    assert_eq!(launch(&f), (v("2.0.0"), LaunchSource::Active));
    // The third goes back to v1, and v2 is bad.
    assert_eq!(launch(&f), (v("1.0.0"), LaunchSource::Previous));
    let status = f.store.status().expect("status");
    assert_eq!(status.active, Some(v("1.0.0")));
    assert_eq!(status.trial_launches, None);
    assert_eq!(status.bad, [v("2.0.0")]);
    // The next check does not install v2 again.
    assert_eq!(f.updater().check_once().expect("check"), Outcome::UpToDate);
    assert_eq!(
        f.server.requests_for(&Fixture::package_path("2.0.0")).len(),
        1
    );
    assert_eq!(launch(&f), (v("1.0.0"), LaunchSource::Active));
    // A newer fix is installed normally.
    f.publish(&["1.0.0", "2.0.0", "2.0.1"]);
    assert_eq!(
        f.updater().check_once().expect("check"),
        Outcome::Installed(v("2.0.1"))
    );
}

#[test]
fn a_clean_start_keeps_the_new_version() {
    let f = v1_then_v2("clean");
    assert_eq!(launch(&f), (v("2.0.0"), LaunchSource::Active));
    f.store.mark_started().expect("started");
    for _ in 0..4 {
        assert_eq!(launch(&f), (v("2.0.0"), LaunchSource::Active));
    }
    let status = f.store.status().expect("status");
    assert_eq!(status.trial_launches, None);
    assert_eq!(
        status.previous,
        Some(v("1.0.0")),
        "kept until the next install"
    );
    assert!(status.bad.is_empty());
}

#[test]
fn a_crash_after_one_failed_start_is_still_counted_across_processes() {
    let f = v1_then_v2("persisted");
    assert_eq!(launch(&f), (v("2.0.0"), LaunchSource::Active));
    // A new process (a new Store handle) sees the attempt.
    let reopened = Store::open(f.root(), APPID).expect("reopen");
    assert_eq!(
        reopened
            .begin_launch(&TestVerifier)
            .expect("launch")
            .version,
        v("2.0.0")
    );
    let reopened = Store::open(f.root(), APPID).expect("reopen");
    let third = reopened.begin_launch(&TestVerifier).expect("launch");
    assert_eq!(
        (third.version, third.source),
        (v("1.0.0"), LaunchSource::Previous)
    );
}

#[test]
fn no_updates_while_a_new_version_awaits_its_first_frame() {
    let f = v1_then_v2("awaiting");
    f.publish(&["1.0.0", "2.0.0", "3.0.0"]);
    assert_eq!(
        f.updater().check_once().expect("check"),
        Outcome::AwaitingStart(v("2.0.0"))
    );
    launch(&f);
    f.store.mark_started().expect("started");
    assert_eq!(
        f.updater().check_once().expect("check"),
        Outcome::Installed(v("3.0.0"))
    );
}

#[test]
fn mark_started_only_ends_the_trial_of_the_launched_version() {
    let f = Fixture::new("launched");
    f.install_started(&["1.0.0"]);
    assert_eq!(launch(&f), (v("1.0.0"), LaunchSource::Active));
    // While 1.0.0 is starting, 2.0.0 is installed; 1.0.0's first frame says nothing about 2.0.0.
    let p = f.dir.path().join("v2.mpk");
    fs::write(&p, package(APPID, "2.0.0", 10)).expect("write");
    f.store
        .install_file(&p, &TestVerifier, false)
        .expect("install");
    f.store.mark_started().expect("started");
    assert_eq!(f.store.status().expect("status").trial_launches, Some(0));
}

#[test]
fn with_nothing_to_roll_back_to_the_trial_version_keeps_launching() {
    let f = Fixture::new("noprevious");
    f.publish(&["1.0.0"]);
    assert_eq!(
        f.updater().check_once().expect("check"),
        Outcome::Installed(v("1.0.0"))
    );
    for _ in 0..4 {
        assert_eq!(launch(&f), (v("1.0.0"), LaunchSource::Active));
    }
    assert!(f.store.status().expect("status").bad.is_empty());
}

#[test]
fn rollback_without_a_previous_slot_goes_to_the_bundled_package() {
    let f = Fixture::with_bundled("rollbundled", "0.5.0");
    f.publish(&["1.0.0"]);
    assert_eq!(
        f.updater().check_once().expect("check"),
        Outcome::Installed(v("1.0.0"))
    );
    assert_eq!(launch(&f), (v("1.0.0"), LaunchSource::Active));
    assert_eq!(launch(&f), (v("1.0.0"), LaunchSource::Active));
    assert_eq!(launch(&f), (v("0.5.0"), LaunchSource::Bundled));
    assert_eq!(f.store.status().expect("status").bad, [v("1.0.0")]);
    assert_eq!(f.store.installed().expect("installed"), None);
    assert_eq!(f.updater().check_once().expect("check"), Outcome::UpToDate);
}

#[test]
fn corrupt_state_is_rebuilt_from_the_slots() {
    for garbage in [&b"{ \"format\": 1, \"appid\": "[..], b"\0\0\0\0", b"[]", b"{\"format\":1,\"appid\":\"wxother\",\"active\":null,\"previous\":null,\"trial\":null,\"bad\":[]}"] {
        let f = v1_then_v2("corrupt");
        launch(&f);
        f.store.mark_started().expect("started");
        fs::write(f.state_file(), garbage).expect("corrupt");
        let err = f.store.installed().expect_err("corrupt");
        assert!(matches!(err, UpdateError::CorruptState { .. }), "{err}");
        // The highest verified version runs, on trial, with the other one to roll back to.
        assert_eq!(launch(&f), (v("2.0.0"), LaunchSource::Active));
        let status = f.store.status().expect("status");
        assert_eq!((status.active, status.previous), (Some(v("2.0.0")), Some(v("1.0.0"))));
        assert_eq!(status.trial_launches, Some(1));
        assert!(f.state_file().with_extension("json.corrupt").exists());
    }
}

#[test]
fn corrupt_state_with_damaged_slots_still_launches_something() {
    let f = Fixture::with_bundled("corruptall", "0.5.0");
    f.install_started(&["1.0.0"]);
    fs::write(f.state_file(), b"garbage").expect("corrupt");
    fs::write(f.slot_file("a"), b"garbage").expect("damage");
    assert_eq!(launch(&f), (v("0.5.0"), LaunchSource::Bundled));
    // And the updater installs again.
    assert_eq!(
        f.updater().check_once().expect("check"),
        Outcome::Installed(v("1.0.0"))
    );
}

#[test]
fn missing_active_slot_falls_back_to_the_previous_one() {
    let f = v1_then_v2("missingslot");
    launch(&f);
    f.store.mark_started().expect("started");
    let active = f.store.begin_launch(&TestVerifier).expect("launch").path;
    fs::remove_file(&active).expect("remove");
    assert_eq!(launch(&f), (v("1.0.0"), LaunchSource::Previous));
    // The previous slot is now the active one, and 2.0.0 is not bad: it comes back.
    assert_eq!(launch(&f), (v("1.0.0"), LaunchSource::Active));
    assert!(f.store.status().expect("status").bad.is_empty());
    assert_eq!(
        f.updater().check_once().expect("check"),
        Outcome::Installed(v("2.0.0"))
    );
}

#[test]
fn damaged_active_slot_falls_back_to_the_previous_one() {
    let f = v1_then_v2("damagedslot");
    let active = f.store.begin_launch(&TestVerifier).expect("launch").path;
    fs::write(&active, b"TESTPKG wxtest 2.0").expect("damage");
    assert_eq!(launch(&f), (v("1.0.0"), LaunchSource::Previous));
}

#[test]
fn both_slots_gone_falls_back_to_the_bundled_package() {
    let f = Fixture::with_bundled("bothgone", "0.5.0");
    f.install_started(&["1.0.0"]);
    f.publish(&["1.0.0", "2.0.0"]);
    f.updater().check_once().expect("check");
    fs::remove_file(f.slot_file("a")).expect("remove a");
    fs::remove_file(f.slot_file("b")).expect("remove b");
    assert_eq!(launch(&f), (v("0.5.0"), LaunchSource::Bundled));
    assert_eq!(f.store.installed().expect("installed"), None);
}

#[test]
fn nothing_installed_launches_the_bundled_package() {
    let f = Fixture::with_bundled("bundled", "0.5.0");
    let launch = f.store.begin_launch(&TestVerifier).expect("launch");
    assert_eq!(
        (launch.version, launch.source),
        (v("0.5.0"), LaunchSource::Bundled)
    );
    assert_eq!(launch.path, f.dir.path().join("bundled.mpk"));
    // mark_started after a bundled launch is harmless.
    f.store.mark_started().expect("started");
}

#[test]
fn the_bundled_version_is_the_update_baseline() {
    let f = Fixture::with_bundled("baseline", "2.0.0");
    f.publish(&["1.0.0", "2.0.0"]);
    assert_eq!(f.updater().check_once().expect("check"), Outcome::UpToDate);
    f.publish(&["1.0.0", "2.0.0", "2.1.0"]);
    assert_eq!(
        f.updater().check_once().expect("check"),
        Outcome::Installed(v("2.1.0"))
    );
}

#[test]
fn nothing_to_launch_is_a_clear_error() {
    let f = Fixture::new("nothing");
    let err = f.store.begin_launch(&TestVerifier).expect_err("nothing");
    let message = err.to_string();
    assert!(matches!(err, UpdateError::NothingToLaunch { .. }));
    assert!(
        message.contains("nothing installed") && message.contains("no bundled package"),
        "{message}"
    );

    // A bundled path that does not verify is named in the error.
    let dir = TempDir::new("badbundled");
    fs::write(dir.path().join("b.mpk"), b"junk").expect("write");
    let store =
        Store::open_with_bundled(dir.path(), APPID, dir.path().join("b.mpk")).expect("open");
    let message = store
        .begin_launch(&TestVerifier)
        .expect_err("nothing")
        .to_string();
    assert!(
        message.contains("b.mpk") && message.contains("no TESTPKG header"),
        "{message}"
    );
}

#[test]
fn appids_that_cannot_name_a_directory_are_refused() {
    let dir = TempDir::new("appid");
    for appid in ["", "../x", "a/b", ".hidden", "a b"] {
        let err = Store::open(dir.path(), appid).expect_err(appid);
        assert!(matches!(err, UpdateError::Appid { .. }), "{appid}: {err}");
    }
}

#[test]
fn a_state_that_cannot_be_written_does_not_stop_a_launch() {
    let f = v1_then_v2("unwritable");
    // Writing state.json.tmp fails (as on full or read-only storage; a directory in its
    // place fails even for root).
    fs::create_dir(f.state_file().with_extension("json.tmp")).expect("block the temp file");
    assert_eq!(launch(&f), (v("2.0.0"), LaunchSource::Active));
    // A corrupt state is rebuilt in memory and still launches; it stays corrupt on disk
    // (to be rebuilt again), and is not replaced by nothing.
    fs::write(f.state_file(), b"garbage").expect("corrupt");
    assert_eq!(launch(&f), (v("2.0.0"), LaunchSource::Active));
    assert_eq!(launch(&f), (v("2.0.0"), LaunchSource::Active));
    assert!(f.state_file().exists());
    // Installs do report the failure.
    let p = f.dir.path().join("v3.mpk");
    fs::write(&p, package(APPID, "3.0.0", 10)).expect("write");
    let err = f
        .store
        .install_file(&p, &TestVerifier, false)
        .expect_err("cannot write state");
    assert!(matches!(err, UpdateError::Io { .. }), "{err}");
}

#[test]
fn a_missing_store_directory_still_launches_the_bundled_package() {
    let dir = TempDir::new("nostorage");
    let bundled = dir.path().join("bundled.mpk");
    fs::write(&bundled, package(APPID, "0.5.0", 10)).expect("write");
    // The data partition is not there: a file where the store's root should be.
    let root = dir.path().join("data");
    fs::write(&root, b"not a directory").expect("write");
    let store = Store::open_with_bundled(&root, APPID, &bundled).expect("open is not fatal");
    let launch = store.begin_launch(&TestVerifier).expect("launch");
    assert_eq!(
        (launch.version, launch.source),
        (v("0.5.0"), LaunchSource::Bundled)
    );
}

#[test]
fn a_firmware_update_with_a_newer_bundled_version_runs_it() {
    let f = Fixture::with_bundled("fwupdate", "0.5.0");
    f.install_started(&["1.0.0"]);
    assert_eq!(launch(&f), (v("1.0.0"), LaunchSource::Active));
    // The firmware is updated and brings 3.0.0 built in.
    fs::write(
        f.dir.path().join("bundled.mpk"),
        package(APPID, "3.0.0", 100),
    )
    .expect("write");
    assert_eq!(launch(&f), (v("3.0.0"), LaunchSource::Bundled));
    // Updates must now beat 3.0.0.
    f.publish(&["1.0.0", "2.0.0"]);
    assert_eq!(f.updater().check_once().expect("check"), Outcome::UpToDate);
    f.publish(&["1.0.0", "2.0.0", "3.1.0"]);
    assert_eq!(
        f.updater().check_once().expect("check"),
        Outcome::Installed(v("3.1.0"))
    );
    assert_eq!(launch(&f), (v("3.1.0"), LaunchSource::Active));
}
