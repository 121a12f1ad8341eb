//! # mica-platform-wayland
//!
//! Mica on a Wayland compositor: the runtime's frames go to an `xdg_toplevel` through two
//! `wl_shm` buffers, and the seat's keyboard, pointer and touch come back as
//! [`InputEvent`](mica_engine::platform::InputEvent)s. This is the platform for Linux
//! devices that run a compositor (weston's kiosk shell on a set-top box or head unit, cage,
//! a desktop for development) instead of drawing on `/dev/fb*`.
//!
//! ```no_run
//! use mica_engine::config::KeyMap;
//! use mica_engine::package::Package;
//! use mica_engine::runtime::{Runtime, RuntimeConfig};
//! use mica_platform_wayland::{WaylandOptions, WaylandPlatform};
//!
//! let platform = WaylandPlatform::connect(&WaylandOptions::default(), KeyMap::builtin())?;
//! let package = Package::open("apps/tv-launcher")?;
//! let mut rt = Runtime::with_platform(package, RuntimeConfig::default(), Box::new(platform))?;
//! rt.launch(None)?;
//! rt.run()?; // until the window is closed or the app exits
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## How a frame reaches the screen
//!
//! - **Size.** The window is fullscreen unless [`WaylandOptions::windowed`] asks
//!   otherwise; the compositor's first `configure` decides the frame size (its suggested
//!   size times the buffer scale), which is [`Platform::size`] for the platform's life.
//!   A later configure does not resize Mica: a smaller size crops the frame to it (the
//!   top-left part shows), a larger one leaves the surface at its size (a fullscreen
//!   surface is centred on black by the compositor).
//! - **Scale.** The buffer scale is the highest `wl_output` scale at start (or
//!   [`WaylandOptions::scale`]); sizes and input positions are in buffer pixels.
//! - **Buffers.** Two `wl_shm` XRGB8888 buffers: each present writes the one the
//!   compositor released, converting only the damaged rectangles plus what that buffer
//!   missed while the other was on screen, and sends the damage with
//!   `wl_surface.damage_buffer`. A third is made only if the compositor holds both for
//!   long.
//! - **Pacing.** Each commit asks for a frame callback. A present waits until the
//!   previous commit's callback arrived (at most [`FRAME_WAIT`]), then commits at once:
//!   no buffer is attached before the compositor has shown the last one, a hidden window
//!   (no callbacks) still updates a few times a second, and every present is on screen
//!   when it returns from the compositor's next repaint.
//!
//! [`Platform::size`]: mica_engine::platform::Platform::size

mod buffer;
mod error;
mod input;
mod platform;
mod quit;
mod state;
mod stats;
// The crate's only unsafe code: calls into libxkbcommon loaded at run time.
#[allow(unsafe_code)]
mod sys;

pub use buffer::{PixelRect, WindowMode};
pub use error::WaylandError;
pub use platform::{WaylandOptions, WaylandPlatform, FRAME_WAIT};
pub use stats::{StatsHandle, WaylandStats};
/// The `wayland-client` this crate speaks, for [`WaylandPlatform::connection`].
pub use wayland_client;

const NAME: &str = "wayland";
