//! A private weston for a test: the pixman renderer (so it really composites and
//! screenshots have pixels), desktop shell, debug protocols (for the screenshooter), on its
//! own `XDG_RUNTIME_DIR`. Dropping it stops weston. The headless backend has no seat; the
//! X11 backend, on a private Xvfb, has one whose keyboard and pointer `xdotool` drives.
//!
//! Not the kiosk shell: weston 10's kiosk shell (Debian 12) puts a surface on screen only
//! when it activates it for a seat, and the headless backend has no seat, so screenshots
//! stay black. The desktop shell maps fullscreen surfaces without one.

use std::fs;
use std::io::Write;
use std::os::unix::fs::DirBuilderExt;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long weston may take to create its socket.
const START_TIMEOUT: Duration = Duration::from_secs(20);

/// How long weston may take to exit after SIGTERM.
const STOP_TIMEOUT: Duration = Duration::from_secs(5);

/// A running weston; stopped on drop.
pub struct Weston {
    child: Child,
    dir: PathBuf,
    socket: PathBuf,
    /// The X server of the X11 backend, and its display (`:N`).
    xvfb: Option<(Child, String)>,
}

/// Whether `program` is on `PATH`.
fn installed(program: &str) -> bool {
    std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|d| d.join(program).is_file()))
        .unwrap_or(false)
}

/// True when all of `programs` are installed. Otherwise the test is skipped with a
/// message, unless `MICA_REQUIRE_WESTON=1` (CI, after scripts/setup-debian.sh installed
/// them), which makes a missing one a failure.
fn available(programs: &[&str]) -> bool {
    let missing: Vec<&str> = programs.iter().copied().filter(|p| !installed(p)).collect();
    if missing.is_empty() {
        return true;
    }
    let list = missing.join(", ");
    let required = std::env::var_os("MICA_REQUIRE_WESTON").is_some_and(|v| v == "1");
    assert!(
        !required,
        "MICA_REQUIRE_WESTON=1 but {list} not installed (scripts/setup-debian.sh installs it)"
    );
    // Straight to fd 2: the test harness captures eprintln! of passing tests.
    let _ = writeln!(
        std::io::stderr(),
        "skipped: {list} not installed (scripts/setup-debian.sh installs it)"
    );
    false
}

/// Whether the headless weston tests run (see [`available`]).
pub fn weston_available() -> bool {
    available(&["weston"])
}

/// Whether the weston-on-Xvfb tests run (see [`available`]).
pub fn x11_available() -> bool {
    available(&["weston", "Xvfb", "xdotool"])
}

impl Weston {
    /// Starts weston with a `width` x `height` output and `extra` arguments (e.g.
    /// `--scale=2`), and waits for its socket. `name` keeps parallel tests apart.
    pub fn start(name: &str, width: u32, height: u32, extra: &[&str]) -> Weston {
        Self::start_on(name, width, height, extra, None)
    }

    /// Starts a private Xvfb and weston's X11 backend on it: a weston with a seat (the X
    /// server's keyboard and pointer), which [`Weston::xdotool`] drives.
    pub fn start_x11(name: &str, width: u32, height: u32) -> Weston {
        let mut xvfb = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "800x600x24",
                "-nolisten",
                "tcp",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("start Xvfb: {e}"));
        // Xvfb writes its display number once it accepts connections.
        let (tx, rx) = std::sync::mpsc::channel();
        let stdout = xvfb.stdout.take();
        std::thread::spawn(move || {
            let mut line = String::new();
            if let Some(out) = stdout {
                let _ = std::io::BufRead::read_line(&mut std::io::BufReader::new(out), &mut line);
            }
            let _ = tx.send(line);
        });
        let number = rx.recv_timeout(START_TIMEOUT).unwrap_or_default();
        let number = number.trim();
        if number.is_empty() {
            let _ = xvfb.kill();
            let _ = xvfb.wait();
            panic!("Xvfb reported no display within {START_TIMEOUT:?}");
        }
        let display = format!(":{number}");
        Self::start_on(name, width, height, &[], Some((xvfb, display)))
    }

    fn start_on(
        name: &str,
        width: u32,
        height: u32,
        extra: &[&str],
        xvfb: Option<(Child, String)>,
    ) -> Weston {
        let dir = std::env::temp_dir().join(format!("mica-weston-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::DirBuilder::new()
            .mode(0o700)
            .create(&dir)
            .unwrap_or_else(|e| panic!("create {}: {e}", dir.display()));
        let socket_name = format!("mica-test-{name}");
        // No fade-in: the desktop shell keeps the screen black until its helper client
        // is ready and the fade is over, which would only slow the screenshots down.
        let config = dir.join("weston.ini");
        fs::write(&config, "[shell]\nstartup-animation=none\nlocking=false\n")
            .unwrap_or_else(|e| panic!("write {}: {e}", config.display()));
        let log = dir.join("weston.log");
        let mut command = Command::new("weston");
        match &xvfb {
            Some((_, display)) => command
                .arg("--backend=x11-backend.so")
                .env("DISPLAY", display),
            None => command
                .arg("--backend=headless-backend.so")
                .env_remove("DISPLAY"),
        };
        let child = command
            .arg("--use-pixman")
            .arg(format!("--width={width}"))
            .arg(format!("--height={height}"))
            .arg("--shell=desktop-shell.so")
            .arg(format!("--socket={socket_name}"))
            .arg("--debug")
            .arg(format!("--config={}", config.display()))
            .arg("--idle-time=0")
            .arg(format!("--log={}", log.display()))
            .args(extra)
            .env("XDG_RUNTIME_DIR", &dir)
            .env_remove("WAYLAND_DISPLAY")
            .env_remove("WAYLAND_SOCKET")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("start weston: {e}"));
        let mut weston = Weston {
            child,
            socket: dir.join(&socket_name),
            dir,
            xvfb,
        };
        weston.wait_for_socket();
        weston
    }

    /// The socket's absolute path, for `WaylandOptions::display`.
    pub fn socket(&self) -> &Path {
        &self.socket
    }

    /// Runs `xdotool args` on the X11 backend's display; panics if it fails.
    pub fn xdotool(&self, args: &[&str]) -> String {
        let Some((_, display)) = &self.xvfb else {
            panic!("xdotool needs Weston::start_x11");
        };
        let out = Command::new("xdotool")
            .args(args)
            .env("DISPLAY", display)
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("run xdotool: {e}"));
        assert!(
            out.status.success(),
            "xdotool {args:?}: {}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// weston's log so far (for failure messages).
    pub fn log(&self) -> String {
        fs::read_to_string(self.dir.join("weston.log")).unwrap_or_default()
    }

    /// Polls (bounded) until the socket accepts a connection, failing early if weston
    /// exits. The file alone is not enough: libwayland binds it a moment before it
    /// listens, and a client connecting in between is refused.
    fn wait_for_socket(&mut self) {
        let start = Instant::now();
        while UnixStream::connect(&self.socket).is_err() {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "weston exited ({status}) before creating its socket:\n{}",
                    self.log()
                );
            }
            assert!(
                start.elapsed() < START_TIMEOUT,
                "weston created no socket within {START_TIMEOUT:?}:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Weston {
    /// SIGTERM first, so weston ends its helper clients (the desktop shell's panel and
    /// keyboard) and reaps them; SIGKILL if it has not exited within a few seconds.
    fn drop(&mut self) {
        let pid = rustix::process::Pid::from_child(&self.child);
        if rustix::process::kill_process(pid, rustix::process::Signal::TERM).is_ok() {
            let start = Instant::now();
            while start.elapsed() < STOP_TIMEOUT {
                if !matches!(self.child.try_wait(), Ok(None)) {
                    break;
                }
                std::thread::sleep(Duration::from_millis(10));
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some((xvfb, _)) = &mut self.xvfb {
            let _ = xvfb.kill();
            let _ = xvfb.wait();
        }
        let _ = fs::remove_dir_all(&self.dir);
    }
}
