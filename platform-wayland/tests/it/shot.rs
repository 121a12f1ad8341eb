//! Screenshots of weston's output through its `weston_screenshooter` protocol, taken on
//! the platform's own connection: the compositor handles a client's requests in order, so
//! a shot shows every commit Mica made before it.

use std::os::fd::AsFd;
use std::os::unix::fs::FileExt;
use std::time::{Duration, Instant};

use mica_platform_wayland::wayland_client::globals::{registry_queue_init, GlobalListContents};
use mica_platform_wayland::wayland_client::protocol::{
    wl_buffer, wl_output, wl_registry, wl_shm, wl_shm_pool,
};
use mica_platform_wayland::wayland_client::{
    self as wayland_client, Connection, Dispatch, EventQueue, QueueHandle,
};
use rustix::event::{PollFd, PollFlags, Timespec};

#[allow(
    dead_code,
    non_upper_case_globals,
    non_camel_case_types,
    missing_docs,
    unused
)]
pub mod protocol {
    use mica_platform_wayland::wayland_client;
    use mica_platform_wayland::wayland_client::protocol::*;

    pub mod __interfaces {
        use mica_platform_wayland::wayland_client::backend as wayland_backend;
        use mica_platform_wayland::wayland_client::protocol::__interfaces::*;
        wayland_scanner::generate_interfaces!("tests/it/weston-screenshooter.xml");
    }
    use self::__interfaces::*;

    wayland_scanner::generate_client_code!("tests/it/weston-screenshooter.xml");
}

use protocol::weston_screenshooter::{self, WestonScreenshooter};

/// How long a screenshot may take (weston takes it at its next repaint, ~16 ms).
const SHOT_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Default)]
struct Shooter {
    done: bool,
}

/// A screenshot: `width * height` pixels, 4 bytes each in weston's read format
/// (pixman a8r8g8b8: bytes B, G, R, A).
pub struct Shot {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<u8>,
}

/// Takes a screenshot of the first output (`width` x `height` px) over `conn`.
pub fn take(conn: &Connection, width: u32, height: u32) -> Shot {
    let (globals, mut queue) = registry_queue_init::<Shooter>(conn).expect("registry");
    let qh = queue.handle();
    let output: wl_output::WlOutput = globals.bind(&qh, 1..=3, ()).expect("wl_output");
    let shm: wl_shm::WlShm = globals.bind(&qh, 1..=1, ()).expect("wl_shm");
    let shooter: WestonScreenshooter = globals
        .bind(&qh, 1..=1, ())
        .expect("weston_screenshooter (weston needs --debug)");
    let len = width as usize * height as usize * 4;
    let fd = rustix::fs::memfd_create("mica-shot", rustix::fs::MemfdFlags::CLOEXEC).expect("memfd");
    rustix::fs::ftruncate(&fd, len as u64).expect("ftruncate");
    let pool = shm.create_pool(fd.as_fd(), len as i32, &qh, ());
    let buffer = pool.create_buffer(
        0,
        width as i32,
        height as i32,
        width as i32 * 4,
        wl_shm::Format::Argb8888,
        &qh,
        (),
    );
    shooter.take_shot(&output, &buffer);
    let mut state = Shooter::default();
    let start = Instant::now();
    while !state.done {
        assert!(
            start.elapsed() < SHOT_TIMEOUT,
            "no screenshot within {SHOT_TIMEOUT:?}"
        );
        dispatch(&mut queue, &mut state, Duration::from_millis(100));
    }
    let mut pixels = vec![0u8; len];
    std::fs::File::from(fd)
        .read_exact_at(&mut pixels, 0)
        .expect("read the shot");
    buffer.destroy();
    pool.destroy();
    Shot {
        width,
        height,
        pixels,
    }
}

/// Dispatches what arrives within `timeout`.
fn dispatch(queue: &mut EventQueue<Shooter>, state: &mut Shooter, timeout: Duration) {
    queue.flush().expect("flush");
    if let Some(guard) = queue.prepare_read() {
        let fd = guard.connection_fd();
        let mut fds = [PollFd::new(&fd, PollFlags::IN)];
        let ts = Timespec::try_from(timeout).expect("timespec");
        if rustix::event::poll(&mut fds, Some(&ts)).unwrap_or(0) > 0 {
            let _ = guard.read();
        }
    }
    queue.dispatch_pending(state).expect("dispatch");
}

impl Shot {
    /// Pixels whose colour differs from the premultiplied RGBA `frame` of the same size,
    /// and the first one's position.
    pub fn differences(&self, frame: &[u8]) -> (usize, Option<(u32, u32)>) {
        assert_eq!(
            frame.len(),
            self.width as usize * self.height as usize * 4,
            "the frame is not the output's size"
        );
        let mut count = 0;
        let mut first = None;
        for (i, (s, f)) in self
            .pixels
            .chunks_exact(4)
            .zip(frame.chunks_exact(4))
            .enumerate()
        {
            if [s[2], s[1], s[0]] != [f[0], f[1], f[2]] {
                count += 1;
                first.get_or_insert((i as u32 % self.width, i as u32 / self.width));
            }
        }
        (count, first)
    }
}

impl Dispatch<WestonScreenshooter, ()> for Shooter {
    fn event(
        state: &mut Self,
        _: &WestonScreenshooter,
        event: weston_screenshooter::Event,
        _: &(),
        _: &Connection,
        _: &QueueHandle<Self>,
    ) {
        let weston_screenshooter::Event::Done = event;
        state.done = true;
    }
}

impl Dispatch<wl_registry::WlRegistry, GlobalListContents> for Shooter {
    fn event(
        _: &mut Self,
        _: &wl_registry::WlRegistry,
        _: wl_registry::Event,
        _: &GlobalListContents,
        _: &Connection,
        _: &QueueHandle<Self>,
    ) {
    }
}

macro_rules! ignore_events {
    ($($ty:ty),*) => {$(
        impl Dispatch<$ty, ()> for Shooter {
            fn event(
                _: &mut Self,
                _: &$ty,
                _: <$ty as wayland_client::Proxy>::Event,
                _: &(),
                _: &Connection,
                _: &QueueHandle<Self>,
            ) {
            }
        }
    )*};
}

ignore_events!(
    wl_output::WlOutput,
    wl_shm::WlShm,
    wl_shm_pool::WlShmPool,
    wl_buffer::WlBuffer
);

/// Writes `pixels` (RGBA, or weston's BGRA when `bgra`) as an RGB PNG at `path`.
pub fn write_png(
    path: &std::path::Path,
    width: u32,
    height: u32,
    pixels: &[u8],
    bgra: bool,
) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    }
    let rgb: Vec<u8> = pixels
        .chunks_exact(4)
        .flat_map(|p| {
            if bgra {
                [p[2], p[1], p[0]]
            } else {
                [p[0], p[1], p[2]]
            }
        })
        .collect();
    let file = std::fs::File::create(path).map_err(|e| e.to_string())?;
    let mut encoder = png::Encoder::new(std::io::BufWriter::new(file), width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(&rgb).map_err(|e| e.to_string())
}
