//! A process killed at each step of an update: the test binary re-executes itself to run
//! [`crash_child`] alone, whose step hook calls `abort()` at the step named in the
//! environment. Afterwards the store must launch a verified package (old or new, never
//! nothing) and the next check must finish the update.

use std::process::Command;

use mica_update::{LaunchSource, Outcome, Step, Store, Verifier};

use crate::support::*;

const STEP_VAR: &str = "MICA_UPDATE_CRASH_STEP";
const ROOT_VAR: &str = "MICA_UPDATE_CRASH_ROOT";
const INDEX_VAR: &str = "MICA_UPDATE_CRASH_INDEX";

/// Runs only in the child process (a no-op in a normal test run).
#[test]
fn crash_child() {
    let (Ok(step), Ok(root), Ok(index)) = (
        std::env::var(STEP_VAR),
        std::env::var(ROOT_VAR),
        std::env::var(INDEX_VAR),
    ) else {
        return;
    };
    let store = Store::open(&root, APPID).expect("child: open store");
    store.set_step_hook(move |reached| {
        if format!("{reached:?}") == step {
            std::process::abort();
        }
    });
    let updater = mica_update::Updater::new(
        index,
        store,
        mica_update::DeviceInfo::new("device-1"),
        std::sync::Arc::new(TestVerifier),
        RUNTIME,
    )
    .expect("child: updater");
    let outcome = updater.check_once();
    // Reaching this line means the step never came: the parent fails on the exit status.
    eprintln!("child finished without crashing: {outcome:?}");
}

#[test]
fn killed_at_each_step_leaves_a_launchable_store() {
    let exe = std::env::current_exe().expect("current exe");
    for step in Step::ALL {
        let f = Fixture::new("crash");
        f.install_started(&["1.0.0"]);
        f.publish(&["1.0.0", "2.0.0"]);

        let output = Command::new(&exe)
            .args([
                "crash::crash_child",
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(STEP_VAR, format!("{step:?}"))
            .env(ROOT_VAR, f.root())
            .env(INDEX_VAR, f.server.url("releases.json"))
            .output()
            .expect("run child");
        assert!(
            !output.status.success(),
            "{step:?}: the child did not crash\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        #[cfg(unix)]
        {
            use std::os::unix::process::ExitStatusExt;
            assert_eq!(
                output.status.signal(),
                Some(6),
                "{step:?}: not SIGABRT: {:?}",
                output.status
            );
        }

        // A new process opens the store: it launches a verified package.
        let store = Store::open(f.root(), APPID).expect("reopen");
        let launch = store
            .begin_launch(&TestVerifier)
            .expect("something to launch");
        let info = TestVerifier
            .verify(&launch.path)
            .expect("launched file verifies");
        assert_eq!(info.version, launch.version, "{step:?}");
        let switched = matches!(step, Step::StateWritten | Step::Done);
        let expected = if switched { v("2.0.0") } else { v("1.0.0") };
        assert_eq!(
            (launch.version, launch.source),
            (expected, LaunchSource::Active),
            "{step:?}"
        );
        store.mark_started().expect("started");

        // The next check completes the update.
        let outcome = f.updater().check_once().expect("check after the crash");
        let expected_outcome = if switched {
            Outcome::UpToDate
        } else {
            Outcome::Installed(v("2.0.0"))
        };
        assert_eq!(outcome, expected_outcome, "{step:?}");
        let launch = store.begin_launch(&TestVerifier).expect("launch");
        assert_eq!(launch.version, v("2.0.0"), "{step:?}");
        assert_eq!(
            TestVerifier.verify(&launch.path).expect("verifies").version,
            v("2.0.0")
        );
        assert!(
            f.staging_files().is_empty(),
            "{step:?}: {:?}",
            f.staging_files()
        );
    }
}
