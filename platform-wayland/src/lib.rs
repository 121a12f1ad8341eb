//! # mica-platform-wayland
//!
//! Wayland (wl_shm, xdg-shell) surface with keyboard, pointer and touch.
//!
//! Skeleton: the type exists and implements [`mica_engine::platform::Platform`], but
//! opening it fails with [`PlatformError::NotYet`] until the device work lands.

use mica_engine::platform::{Frame, Platform, PlatformError};
use mica_layout::Rect;

const NAME: &str = "wayland";

/// The wayland platform.
#[derive(Debug)]
pub struct WaylandPlatform {
    size: (u32, u32),
}

impl WaylandPlatform {
    /// Opens the device. Not implemented yet: always fails with a clear error.
    pub fn open() -> Result<Self, PlatformError> {
        Err(PlatformError::NotYet {
            platform: NAME,
            what: "opening the display",
        })
    }
}

impl Platform for WaylandPlatform {
    fn name(&self) -> &'static str {
        NAME
    }
    fn size(&self) -> (u32, u32) {
        self.size
    }
    fn present(&mut self, _frame: Frame<'_>, _damage: &[Rect]) -> Result<(), PlatformError> {
        Err(PlatformError::NotYet {
            platform: NAME,
            what: "presenting frames",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_says_not_yet() {
        let err = WaylandPlatform::open()
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("not implemented yet"), "{err}");
    }
}
