//! # mica-platform-fb
//!
//! Linux framebuffer (/dev/fb*) output and evdev input.
//!
//! Skeleton: the type exists and implements [`mica_engine::platform::Platform`], but
//! opening it fails with [`PlatformError::NotYet`] until the device work lands.

use mica_engine::platform::{Frame, Platform, PlatformError};
use mica_layout::Rect;

const NAME: &str = "fbdev";

/// The fbdev platform.
#[derive(Debug)]
pub struct FbdevPlatform {
    size: (u32, u32),
}

impl FbdevPlatform {
    /// Opens the device. Not implemented yet: always fails with a clear error.
    pub fn open() -> Result<Self, PlatformError> {
        Err(PlatformError::NotYet {
            platform: NAME,
            what: "opening the display",
        })
    }
}

impl Platform for FbdevPlatform {
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
        let err = FbdevPlatform::open()
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("not implemented yet"), "{err}");
    }
}
