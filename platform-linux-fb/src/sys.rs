//! Every system call of the platform that needs `unsafe`: framebuffer, console and evdev
//! ioctls, `mmap`, `poll`, `inotify`, the quit pipe and the signal actions. Everything
//! else in the crate is safe code over these wrappers; reading and writing file
//! descriptors goes through `std::fs::File`.
//!
//! Structure layouts follow `linux/fb.h`, `linux/input.h` and `linux/kd.h`; ioctl numbers
//! are built with libc's `_IOR`/`_IOW`, which know the architectures (MIPS, PowerPC)
//! whose encoding differs.

use std::fs::File;
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::path::Path;
use std::ptr::NonNull;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use libc::{c_int, c_ulong, Ioctl};

/// `FBIOGET_VSCREENINFO`.
const FBIOGET_VSCREENINFO: Ioctl = 0x4600;
/// `FBIOGET_FSCREENINFO`.
const FBIOGET_FSCREENINFO: Ioctl = 0x4602;
/// `FBIOPAN_DISPLAY`.
const FBIOPAN_DISPLAY: Ioctl = 0x4606;
/// `FBIO_WAITFORVSYNC`: `_IOW('F', 0x20, __u32)`.
const FBIO_WAITFORVSYNC: Ioctl = libc::_IOW::<u32>(b'F' as u32, 0x20);
/// `KDGETMODE`.
const KDGETMODE: Ioctl = 0x4B3B;
/// `KDSETMODE`.
const KDSETMODE: Ioctl = 0x4B3A;
/// `KD_TEXT`.
pub(crate) const KD_TEXT: c_int = 0;
/// `KD_GRAPHICS`.
pub(crate) const KD_GRAPHICS: c_int = 1;
/// `EVIOCGRAB`: `_IOW('E', 0x90, int)`.
const EVIOCGRAB: Ioctl = libc::_IOW::<c_int>(b'E' as u32, 0x90);

/// `EVIOCGABS(axis)`: `_IOR('E', 0x40 + axis, struct input_absinfo)`.
const fn eviocgabs(axis: u16) -> Ioctl {
    libc::_IOR::<libc::input_absinfo>(b'E' as u32, 0x40 + axis as u32)
}

/// `struct fb_bitfield`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct FbBitfield {
    pub(crate) offset: u32,
    pub(crate) length: u32,
    pub(crate) msb_right: u32,
}

/// `struct fb_var_screeninfo`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct FbVarScreenInfo {
    pub(crate) xres: u32,
    pub(crate) yres: u32,
    pub(crate) xres_virtual: u32,
    pub(crate) yres_virtual: u32,
    pub(crate) xoffset: u32,
    pub(crate) yoffset: u32,
    pub(crate) bits_per_pixel: u32,
    pub(crate) grayscale: u32,
    pub(crate) red: FbBitfield,
    pub(crate) green: FbBitfield,
    pub(crate) blue: FbBitfield,
    pub(crate) transp: FbBitfield,
    pub(crate) nonstd: u32,
    pub(crate) activate: u32,
    pub(crate) height: u32,
    pub(crate) width: u32,
    pub(crate) accel_flags: u32,
    pub(crate) pixclock: u32,
    pub(crate) left_margin: u32,
    pub(crate) right_margin: u32,
    pub(crate) upper_margin: u32,
    pub(crate) lower_margin: u32,
    pub(crate) hsync_len: u32,
    pub(crate) vsync_len: u32,
    pub(crate) sync: u32,
    pub(crate) vmode: u32,
    pub(crate) rotate: u32,
    pub(crate) colorspace: u32,
    pub(crate) reserved: [u32; 4],
}

/// `struct fb_fix_screeninfo`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct FbFixScreenInfo {
    pub(crate) id: [u8; 16],
    pub(crate) smem_start: c_ulong,
    pub(crate) smem_len: u32,
    pub(crate) type_: u32,
    pub(crate) type_aux: u32,
    pub(crate) visual: u32,
    pub(crate) xpanstep: u16,
    pub(crate) ypanstep: u16,
    pub(crate) ywrapstep: u16,
    pub(crate) line_length: u32,
    pub(crate) mmio_start: c_ulong,
    pub(crate) mmio_len: u32,
    pub(crate) accel: u32,
    pub(crate) capabilities: u16,
    pub(crate) reserved: [u16; 2],
}

/// An `ioctl` result as `io::Result`.
fn check(ret: c_int) -> io::Result<()> {
    if ret < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(())
    }
}

/// `FBIOGET_VSCREENINFO`.
pub(crate) fn fb_var_screeninfo(fb: &File) -> io::Result<FbVarScreenInfo> {
    let mut var = FbVarScreenInfo::default();
    // SAFETY: FBIOGET_VSCREENINFO writes one `struct fb_var_screeninfo`, which
    // `FbVarScreenInfo` mirrors field for field (`repr(C)`); the pointer is to a live,
    // writable value of that type and the fd is open for the duration of the call.
    check(unsafe {
        libc::ioctl(
            fb.as_raw_fd(),
            FBIOGET_VSCREENINFO,
            &mut var as *mut FbVarScreenInfo,
        )
    })?;
    Ok(var)
}

/// `FBIOGET_FSCREENINFO`.
pub(crate) fn fb_fix_screeninfo(fb: &File) -> io::Result<FbFixScreenInfo> {
    let mut fix = FbFixScreenInfo::default();
    // SAFETY: FBIOGET_FSCREENINFO writes one `struct fb_fix_screeninfo`, mirrored by the
    // `repr(C)` `FbFixScreenInfo` (`unsigned long` fields as `c_ulong`); the pointer is to
    // a live, writable value of that type.
    check(unsafe {
        libc::ioctl(
            fb.as_raw_fd(),
            FBIOGET_FSCREENINFO,
            &mut fix as *mut FbFixScreenInfo,
        )
    })?;
    Ok(fix)
}

/// `FBIOPAN_DISPLAY` to `var.xoffset`/`var.yoffset`.
pub(crate) fn fb_pan_display(fb: &File, var: &FbVarScreenInfo) -> io::Result<()> {
    let mut var = *var;
    // SAFETY: FBIOPAN_DISPLAY reads (and on some drivers writes back) one
    // `struct fb_var_screeninfo`; the pointer is to a live, writable local copy.
    check(unsafe {
        libc::ioctl(
            fb.as_raw_fd(),
            FBIOPAN_DISPLAY,
            &mut var as *mut FbVarScreenInfo,
        )
    })
}

/// `FBIO_WAITFORVSYNC` on the first CRTC.
pub(crate) fn fb_wait_for_vsync(fb: &File) -> io::Result<()> {
    let crtc: u32 = 0;
    // SAFETY: FBIO_WAITFORVSYNC reads one `__u32` (the CRTC index) through the pointer,
    // which points to a live local.
    check(unsafe { libc::ioctl(fb.as_raw_fd(), FBIO_WAITFORVSYNC, &crtc as *const u32) })
}

/// `KDGETMODE`: the console's current mode (`KD_TEXT` or `KD_GRAPHICS`).
pub(crate) fn kd_get_mode(tty: &File) -> io::Result<c_int> {
    // The kernel writes an `unsigned int` through the pointer (`put_user` of an int).
    let mut mode: c_int = KD_TEXT;
    // SAFETY: KDGETMODE writes one int through the pointer, which points to a live local.
    check(unsafe { libc::ioctl(tty.as_raw_fd(), KDGETMODE, &mut mode as *mut c_int) })?;
    Ok(mode)
}

/// `KDSETMODE`. Async-signal-safe: it is one `ioctl`, so the signal action may call it.
pub(crate) fn kd_set_mode(tty: RawFd, mode: c_int) -> io::Result<()> {
    // SAFETY: KDSETMODE takes its argument by value (an int, passed as the variadic
    // argument); no memory is shared with the kernel. An invalid fd only makes it fail.
    check(unsafe { libc::ioctl(tty, KDSETMODE, mode as c_ulong) })
}

/// The range of an absolute axis (`struct input_absinfo`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct AbsInfo {
    pub(crate) value: i32,
    pub(crate) minimum: i32,
    pub(crate) maximum: i32,
}

/// `EVIOCGABS(axis)`.
pub(crate) fn evdev_abs_info(dev: &File, axis: u16) -> io::Result<AbsInfo> {
    let mut info = libc::input_absinfo {
        value: 0,
        minimum: 0,
        maximum: 0,
        fuzz: 0,
        flat: 0,
        resolution: 0,
    };
    // SAFETY: EVIOCGABS writes one `struct input_absinfo` (libc's definition, whose size
    // is also encoded in the request number); the pointer is to a live, writable local.
    check(unsafe {
        libc::ioctl(
            dev.as_raw_fd(),
            eviocgabs(axis),
            &mut info as *mut libc::input_absinfo,
        )
    })?;
    Ok(AbsInfo {
        value: info.value,
        minimum: info.minimum,
        maximum: info.maximum,
    })
}

/// `EVIOCGRAB`: takes the device for this reader alone.
pub(crate) fn evdev_grab(dev: &File) -> io::Result<()> {
    // SAFETY: EVIOCGRAB takes its argument by value (non-zero grabs); no memory is
    // shared with the kernel.
    check(unsafe { libc::ioctl(dev.as_raw_fd(), EVIOCGRAB, 1 as c_ulong) })
}

/// A shared, writable memory mapping of a file (the framebuffer); unmapped on drop.
#[derive(Debug)]
pub(crate) struct Mapping {
    ptr: NonNull<u8>,
    len: usize,
}

impl Mapping {
    /// Maps the first `len` bytes of `file` shared, for reading and writing. The caller
    /// has checked that the file (or device memory) is at least `len` bytes long.
    pub(crate) fn new(file: &File, len: usize) -> io::Result<Mapping> {
        if len == 0 {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "empty framebuffer mapping",
            ));
        }
        // SAFETY: a fresh mapping chosen by the kernel (null hint), so it aliases no Rust
        // memory; `len` is non-zero; the fd is open during the call (the mapping stays
        // valid after it is closed).
        let ptr = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_SHARED,
                file.as_raw_fd(),
                0,
            )
        };
        if ptr == libc::MAP_FAILED {
            return Err(io::Error::last_os_error());
        }
        let ptr = NonNull::new(ptr.cast::<u8>())
            .ok_or_else(|| io::Error::other("mmap returned a null mapping"))?;
        Ok(Mapping { ptr, len })
    }

    /// The mapped bytes.
    pub(crate) fn bytes_mut(&mut self) -> &mut [u8] {
        // SAFETY: `ptr` is a live mapping of `len` readable and writable bytes, owned by
        // `self` until drop; `&mut self` makes this the only reference into it. (Other
        // processes may map the same framebuffer; their writes are racy pixels, never
        // memory unsafety for plain bytes.)
        unsafe { std::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.len) }
    }
}

impl Drop for Mapping {
    fn drop(&mut self) {
        // SAFETY: `ptr`/`len` are exactly what mmap returned, and no slice into the
        // mapping outlives `self` (they borrow it).
        unsafe {
            libc::munmap(self.ptr.as_ptr().cast(), self.len);
        }
    }
}

/// `poll(2)` on `fds` for up to `timeout_ms` (never negative: no infinite waits). An
/// interrupted call (`EINTR`, a signal arrived) reports nothing ready.
pub(crate) fn poll(fds: &mut [libc::pollfd], timeout_ms: c_int) -> io::Result<usize> {
    // SAFETY: the pointer and length describe a live, writable slice of `pollfd`s, which
    // is what poll reads and writes (`revents`).
    let ret = unsafe {
        libc::poll(
            fds.as_mut_ptr(),
            fds.len() as libc::nfds_t,
            timeout_ms.max(0),
        )
    };
    if ret < 0 {
        let err = io::Error::last_os_error();
        if err.kind() == io::ErrorKind::Interrupted {
            return Ok(0);
        }
        return Err(err);
    }
    Ok(ret as usize)
}

/// A non-blocking, close-on-exec pipe: (read end, write end).
pub(crate) fn pipe() -> io::Result<(File, File)> {
    let mut fds: [c_int; 2] = [-1, -1];
    // SAFETY: pipe2 writes two fds into the two-element array.
    check(unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_NONBLOCK | libc::O_CLOEXEC) })?;
    // SAFETY: on success both fds are fresh and owned by nobody else.
    let (r, w) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    Ok((File::from(r), File::from(w)))
}

/// Writes one byte to `fd` and ignores the outcome (a full pipe already holds a wake-up).
/// Async-signal-safe: one `write`.
pub(crate) fn write_wake_byte(fd: RawFd) {
    let byte = 1u8;
    // SAFETY: writes one byte from a live local; an invalid fd only makes it fail.
    let _ = unsafe { libc::write(fd, (&byte as *const u8).cast(), 1) };
}

/// An inotify instance (non-blocking, close-on-exec). Events are read from
/// [`Inotify::file`] with plain `read`s.
#[derive(Debug)]
pub(crate) struct Inotify {
    file: File,
}

impl Inotify {
    pub(crate) fn new() -> io::Result<Inotify> {
        // SAFETY: plain system call with flags; returns a new fd or -1.
        let fd = unsafe { libc::inotify_init1(libc::IN_NONBLOCK | libc::IN_CLOEXEC) };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: `fd` is a fresh inotify fd that nothing else owns.
        let owned = unsafe { OwnedFd::from_raw_fd(fd) };
        Ok(Inotify {
            file: File::from(owned),
        })
    }

    /// Watches `dir` for `mask` events; the watch descriptor.
    pub(crate) fn add_watch(&self, dir: &Path, mask: u32) -> io::Result<i32> {
        use std::os::unix::ffi::OsStrExt;
        let c = std::ffi::CString::new(dir.as_os_str().as_bytes())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "NUL in path"))?;
        // SAFETY: `c` is a NUL-terminated string that lives across the call.
        let wd = unsafe { libc::inotify_add_watch(self.file.as_raw_fd(), c.as_ptr(), mask) };
        if wd < 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(wd)
    }

    /// The fd to `poll` and `read` (`struct inotify_event` records).
    pub(crate) fn file(&self) -> &File {
        &self.file
    }
}

/// A signal action registered with signal-hook; unregistered on drop.
#[derive(Debug)]
struct SignalAction(signal_hook::SigId);

impl Drop for SignalAction {
    fn drop(&mut self) {
        // Waits for a running invocation of the action to finish, so what it captured
        // (the quit pipe, the console fd) may be closed afterwards.
        signal_hook::low_level::unregister(self.0);
    }
}

/// The signals that quit.
const QUIT_SIGNALS: [c_int; 2] = [libc::SIGINT, libc::SIGTERM];

/// How many platforms catch the quit signals now. signal-hook cannot give a signal its
/// default action back once caught, so a process-wide action (registered once, first)
/// terminates as the default would whenever this is zero.
static CATCHING: AtomicUsize = AtomicUsize::new(0);

/// Registers the process-wide fallback action once.
fn register_fallback() -> io::Result<()> {
    static FALLBACK: OnceLock<Result<(), String>> = OnceLock::new();
    let done = FALLBACK.get_or_init(|| {
        for signal in QUIT_SIGNALS {
            // SAFETY: the action must be async-signal-safe: it loads an atomic and may
            // call `terminate_by` (signal-hook's default-action emulation: sigaction and
            // raise, or `_exit`). It is never unregistered, so nothing it uses goes away.
            let id = unsafe {
                signal_hook::low_level::register(signal, move || {
                    if CATCHING.load(Ordering::SeqCst) == 0 {
                        terminate_by(signal);
                    }
                })
            };
            id.map_err(|e| e.to_string())?;
        }
        Ok(())
    });
    done.clone().map_err(io::Error::other)
}

/// SIGINT and SIGTERM caught for one platform while this lives: the first sets the quit
/// flag and wakes the quit pipe; a second (the first was not acted on) restores the
/// console and terminates the process as the signal's default action would.
#[derive(Debug)]
pub(crate) struct QuitSignals {
    actions: Vec<SignalAction>,
}

impl QuitSignals {
    pub(crate) fn catch(
        quit: Arc<crate::quit::QuitShared>,
        console: Option<Arc<crate::console::Console>>,
    ) -> io::Result<QuitSignals> {
        register_fallback()?;
        CATCHING.fetch_add(1, Ordering::SeqCst);
        // From here on `Drop` balances the count, also when a registration fails.
        let mut signals = QuitSignals {
            actions: Vec::new(),
        };
        for signal in QUIT_SIGNALS {
            let quit = quit.clone();
            let console = console.clone();
            // SAFETY: the action must be async-signal-safe. It only borrows what it
            // captured (no clone, no drop, no allocation in the handler) and uses atomics
            // (`flag`, `restored`), plain field reads (`wake_fd`, `tty_fd`, `saved_mode`),
            // `write` (`write_wake_byte`), `ioctl` (`kd_set_mode`) and `terminate_by`.
            // The fds it uses are owned by the captured `Arc`s, so they stay open until
            // the action is unregistered (which waits for a running invocation).
            let id = unsafe {
                signal_hook::low_level::register(signal, move || {
                    if !quit.flag().swap(true, Ordering::SeqCst) {
                        write_wake_byte(quit.wake_fd());
                        return;
                    }
                    if let Some(c) = &console {
                        if !c.restored().swap(true, Ordering::SeqCst) {
                            let _ = kd_set_mode(c.tty_fd(), c.saved_mode());
                        }
                    }
                    terminate_by(signal);
                })
            }?;
            signals.actions.push(SignalAction(id));
        }
        Ok(signals)
    }
}

impl Drop for QuitSignals {
    fn drop(&mut self) {
        self.actions.clear();
        CATCHING.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Ends the process as `signal`'s default action would (terminate). Async-signal-safe.
fn terminate_by(signal: c_int) {
    if signal_hook::low_level::emulate_default_handler(signal).is_err() {
        signal_hook::low_level::exit(128 + signal);
    }
}
