//! The crate's typed error.

use std::path::PathBuf;
use std::time::Duration;

use mica_engine::platform::PlatformError;

use crate::NAME;

/// Why the Wayland platform failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WaylandError {
    /// No display to connect to: neither the options nor `WAYLAND_DISPLAY` name one, or a
    /// relative name without `XDG_RUNTIME_DIR`.
    #[error("no Wayland display: {0}")]
    NoDisplay(String),
    /// The compositor's socket could not be opened.
    #[error("cannot connect to the Wayland compositor at {}: {source}", path.display())]
    Connect {
        /// The socket path tried.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// A global Mica needs is missing (`wl_compositor`, `wl_shm`, `xdg_wm_base`).
    #[error("the compositor does not offer {0}, which Mica needs")]
    MissingGlobal(&'static str),
    /// libxkbcommon could not be loaded at run time.
    #[error(
        "libxkbcommon.so.0 could not be loaded; Wayland keyboard input needs it \
         (Debian: apt-get install libxkbcommon0)"
    )]
    NoXkbcommon,
    /// The compositor never sent the first `configure` for the window.
    #[error("the compositor did not configure the window within {0:?}")]
    NoConfigure(Duration),
    /// The compositor closed the window before it was shown.
    #[error("the window was closed before it was shown")]
    ClosedEarly,
    /// Creating a shared-memory buffer failed.
    #[error("shared-memory buffer of {width}x{height}: {source}")]
    Shm {
        /// Width in px.
        width: u32,
        /// Height in px.
        height: u32,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// The compositor kept every buffer for too long.
    #[error("the compositor held all {count} buffers for more than {waited:?}")]
    BuffersHeld {
        /// Buffers allocated.
        count: usize,
        /// How long Mica waited for one.
        waited: Duration,
    },
    /// A frame whose pixel data does not match its size.
    #[error("frame of {width}x{height} has {len} bytes, expected {expected}")]
    BadFrame {
        /// Width in px.
        width: u32,
        /// Height in px.
        height: u32,
        /// Bytes given.
        len: usize,
        /// Bytes expected (`width * height * 4`).
        expected: usize,
    },
    /// SIGINT/SIGTERM could not be caught.
    #[error("cannot catch SIGINT/SIGTERM: {0}")]
    Signals(#[source] std::io::Error),
    /// A Wayland protocol error (a bug on one side) or a lost connection.
    #[error("Wayland connection: {0}")]
    Connection(String),
    /// Polling the connection failed.
    #[error("Wayland connection: {0}")]
    Io(#[from] std::io::Error),
}

impl From<WaylandError> for PlatformError {
    fn from(e: WaylandError) -> Self {
        PlatformError::Io {
            platform: NAME,
            source: std::io::Error::other(e),
        }
    }
}

impl From<wayland_client::backend::WaylandError> for WaylandError {
    fn from(e: wayland_client::backend::WaylandError) -> Self {
        WaylandError::Connection(e.to_string())
    }
}

impl From<wayland_client::DispatchError> for WaylandError {
    fn from(e: wayland_client::DispatchError) -> Self {
        WaylandError::Connection(e.to_string())
    }
}
