//! The exported entry point (feature `android-main`, Android only).
//!
//! android-activity's NativeActivity glue declares `extern "Rust" { fn android_main(app:
//! AndroidApp); }` and calls it on a thread of its own once the activity is created; the
//! final `cdylib` must define that symbol. Exporting an unmangled symbol is what the
//! `unsafe_code` lint flags, so it lives alone here. Presenting needs no `unsafe`: the
//! ndk crate's `NativeWindow::lock` hands the buffer out as a checked
//! `&mut [MaybeUninit<u8>]`.
#![allow(unsafe_code)]

use android_activity::AndroidApp;

// SAFETY: the symbol has exactly the Rust signature android-activity declares and calls
// (`fn android_main(app: AndroidApp)`, Rust ABI, same android-activity version through
// Cargo), and it is defined once: an embedder with its own `android_main` leaves the
// `android-main` feature off, or the link fails on the duplicate instead of misbehaving.
#[no_mangle]
fn android_main(app: AndroidApp) {
    crate::android::main(app);
}
