//! The example C host (`apps/c-host/main.c`) compiled with gcc against the committed
//! header and the `libmica.so` this test run built, then run on its mini-program.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::repo;

/// `target/<profile>`: the test binary lives in its `deps/`.
fn profile_dir() -> PathBuf {
    let exe = match std::env::current_exe() {
        Ok(p) => p,
        Err(e) => panic!("where is the test binary? {e}"),
    };
    match exe.parent().and_then(Path::parent) {
        Some(d) => d.to_path_buf(),
        None => panic!("unexpected test binary path {}", exe.display()),
    }
}

/// The directory holding the `libmica.so` built with this test. `cargo test` builds
/// the library's cdylib along with the rlib the tests link, into `deps/` (only `cargo
/// build` copies it up to `target/<profile>/`, so that copy may be stale).
fn lib_dir() -> PathBuf {
    let dir = profile_dir();
    for d in [dir.join("deps"), dir.clone()] {
        if d.join("libmica.so").is_file() {
            return d;
        }
    }
    panic!(
        "no libmica.so in {} or its deps/: build it with `cargo build -p mica-capi` (same profile)",
        dir.display()
    );
}

fn gcc() -> String {
    let gcc = std::env::var("CC").unwrap_or_else(|_| "gcc".to_string());
    match Command::new(&gcc).arg("--version").output() {
        Ok(o) if o.status.success() => gcc,
        _ => panic!(
            "{gcc} not found: the C API test compiles apps/c-host/main.c with gcc \
             (apt-get install gcc; set CC to use another compiler)"
        ),
    }
}

/// Runs `cmd`, killing it after `limit`; returns (success, stdout, stderr).
fn run(mut cmd: Command, limit: Duration) -> (bool, String, String) {
    let mut child = match cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn() {
        Ok(c) => c,
        Err(e) => panic!("starting {cmd:?}: {e}"),
    };
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if start.elapsed() > limit => {
                let _ = child.kill();
                break;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => panic!("waiting for {cmd:?}: {e}"),
        }
    }
    let out = match child.wait_with_output() {
        Ok(o) => o,
        Err(e) => panic!("reading {cmd:?}: {e}"),
    };
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_example_c_host_builds_and_runs() {
    let repo = repo();
    let libs = lib_dir();
    let out_dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("c-host");
    if let Err(e) = std::fs::create_dir_all(&out_dir) {
        panic!("{}: {e}", out_dir.display());
    }
    let exe = out_dir.join("c-host");
    let mut cc = Command::new(gcc());
    cc.args([
        "-std=c11",
        "-Wall",
        "-Wextra",
        "-Werror",
        "-pedantic",
        "-O1",
    ])
    .arg("-I")
    .arg(repo.join("capi/include"))
    .arg(repo.join("apps/c-host/main.c"))
    .arg("-L")
    .arg(&libs)
    .args(["-lmica", "-lpthread", "-o"])
    .arg(&exe);
    let (ok, stdout, stderr) = run(cc, Duration::from_secs(120));
    assert!(ok, "gcc failed:\n{stdout}{stderr}");

    let png = out_dir.join("c-host.png");
    let _ = std::fs::remove_file(&png);
    let mut host = Command::new(&exe);
    host.current_dir(&repo)
        .arg("apps/c-host/app")
        .arg(&png)
        .env("LD_LIBRARY_PATH", &libs);
    let (ok, stdout, stderr) = run(host, Duration::from_secs(120));
    let report = format!("stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(ok, "c-host failed\n{report}");

    let (launch, after) = stdout
        .split_once("-- OK on #open\n")
        .unwrap_or_else(|| panic!("no OK section\n{report}"));
    assert!(
        launch.starts_with(&format!("mica {}\n", env!("CARGO_PKG_VERSION"))),
        "{report}"
    );
    // The sync function's result, and the async one's answer from the host's thread.
    assert!(launch.contains("speed: Speed: 42 km/h\n"), "{report}");
    assert!(launch.contains("trunk: Trunk: opened\n"), "{report}");
    // The button calls openTrunk without confirming: the host refuses.
    assert!(after.contains("speed: Speed: 42 km/h\n"), "{report}");
    assert!(
        after.contains("trunk: Trunk: openTrunk:fail not confirmed\n"),
        "{report}"
    );
    assert!(!stdout.contains("errors:"), "{report}");
    assert!(after.contains("frame: 800x480 stride 3200\n"), "{report}");
    // The navigation bar's #0b3d91.
    assert!(after.contains("pixel(400,10): 11 61 145 255\n"), "{report}");
    let bytes = std::fs::read(&png).unwrap_or_default();
    assert!(
        bytes.starts_with(b"\x89PNG"),
        "no PNG at {}\n{report}",
        png.display()
    );
}
