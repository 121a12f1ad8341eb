//! `mica run --platform`: which display and input the app runs on.

use mica_engine::config::DeviceConfig;
use mica_engine::platform::Platform;

use crate::Failure;

/// The platforms `mica run` can use.
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PlatformChoice {
    /// No display: scripted `--tap`/`--keys`, the frame written with `--out`, then exit.
    #[default]
    Headless,
    /// The Linux framebuffer and evdev input, from the device config's `fbdev` section;
    /// runs until SIGINT/SIGTERM or Back on the root page.
    Fb,
    /// A Wayland compositor (`WAYLAND_DISPLAY`), fullscreen; runs until the window is
    /// closed, SIGINT/SIGTERM or Back on the root page.
    Wayland,
}

/// Opens the device platform `choice` (`None` for headless, which the runtime makes).
pub fn open(
    choice: PlatformChoice,
    device: &DeviceConfig,
) -> Result<Option<Box<dyn Platform>>, Failure> {
    match choice {
        PlatformChoice::Headless => Ok(None),
        PlatformChoice::Fb => open_fb(device),
        PlatformChoice::Wayland => open_wayland(device),
    }
}

#[cfg(feature = "fbdev")]
fn open_fb(device: &DeviceConfig) -> Result<Option<Box<dyn Platform>>, Failure> {
    let p =
        mica_platform_fb::FbdevPlatform::from_config(device).map_err(|e| Failure::App(e.into()))?;
    Ok(Some(Box::new(p)))
}

#[cfg(not(feature = "fbdev"))]
fn open_fb(_: &DeviceConfig) -> Result<Option<Box<dyn Platform>>, Failure> {
    Err(Failure::Io(anyhow::anyhow!(
        "this mica was built without the `fbdev` feature"
    )))
}

#[cfg(feature = "wayland")]
fn open_wayland(device: &DeviceConfig) -> Result<Option<Box<dyn Platform>>, Failure> {
    use mica_platform_wayland::{WaylandOptions, WaylandPlatform};
    let p = WaylandPlatform::connect(&WaylandOptions::default(), device.keymap())
        .map_err(|e| Failure::App(mica_engine::platform::PlatformError::from(e).into()))?;
    Ok(Some(Box::new(p)))
}

#[cfg(not(feature = "wayland"))]
fn open_wayland(_: &DeviceConfig) -> Result<Option<Box<dyn Platform>>, Failure> {
    Err(Failure::Io(anyhow::anyhow!(
        "this mica was built without the `wayland` feature"
    )))
}
