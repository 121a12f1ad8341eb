//! # mica-platform-android-tv
//!
//! Mica on Android TV: a NativeActivity whose window shows Mica's frames and whose
//! remote-control keys drive Mica's focus.
//!
//! The Android part (built only for `target_os = "android"`) is small glue around
//! [android-activity](https://docs.rs/android-activity): `android::run` reads the device
//! config and the signed app package from the APK's assets ([`source`]), waits for the
//! activity's window, creates the `AndroidTvPlatform` and runs Mica's main loop on it
//! (`Runtime::run`) until the app leaves or the activity is destroyed. With the
//! `android-main` feature the crate also exports the `android_main` symbol the
//! NativeActivity glue calls, so a `cdylib` that links it is a whole APK library
//! (docs/android-tv.md has the build steps).
//!
//! Everything that decides something is a plain function over plain data, built and
//! tested on every target:
//!
//! - [`keys`]: `KeyEvent` → [`mica_engine::platform::InputEvent::Key`], and whether the
//!   system still sees the key (Back never finishes the activity behind Mica's back);
//! - [`motion`]: `MotionEvent` → pointer and wheel input, scaled to the frame;
//! - [`lifecycle`]: activity callbacks → show/hide, window gained/lost, quit;
//! - [`blit`]: the frame's damaged rectangle → a locked buffer with its own stride and
//!   format;
//! - [`source`]: where the app and the device config come from.
//!
//! ```
//! use mica_engine::config::KeyMap;
//! use mica_engine::platform::{InputEvent, Key};
//! use mica_platform_android_tv::keys::{translate_key, KeyAction, Status};
//! // KEYCODE_BACK: Mica goes back a page, and the activity stays.
//! let out = translate_key(&KeyMap::builtin(), 4, KeyAction::Down, 0);
//! assert_eq!(out.events, [InputEvent::Key { key: Key::Back, pressed: true }]);
//! assert_eq!(out.status, Status::Handled);
//! ```

pub mod blit;
pub mod keys;
pub mod lifecycle;
pub mod motion;
pub mod source;

#[cfg(target_os = "android")]
pub mod android;

// The exported `android_main` symbol: the only code of this crate that needs `unsafe`
// (`#[no_mangle]`).
#[cfg(all(target_os = "android", feature = "android-main"))]
mod sys;

use mica_engine::config::ConfigError;
use mica_engine::package::PackageError;
use mica_engine::EngineError;

pub use source::{AppSource, Launch};

/// The platform's name in logs.
pub const NAME: &str = "android-tv";

/// Why the app could not be started on Android.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The APK has no app package and the files dir none either.
    #[error("assets/{asset}: no such asset, and no app installed in the files dir")]
    NoApp {
        /// The asset looked for.
        asset: String,
    },
    /// The package is missing, damaged, or not signed by a trusted key.
    #[error(transparent)]
    Package(#[from] PackageError),
    /// The device config is invalid, or a key it names cannot be read.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The runtime failed to start or run the app.
    #[error(transparent)]
    Engine(#[from] EngineError),
    /// The activity was destroyed before it had a window to show the app in.
    #[error("{NAME}: the activity was destroyed before it had a window")]
    NoWindow,
}
