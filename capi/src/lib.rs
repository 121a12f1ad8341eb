//! # mica-capi
//!
//! The C ABI for embedding Mica in firmware written in C or C++ (`libmica.so`, header
//! `include/mica.h`). A host makes a configuration, registers its native functions,
//! opens a mini-program, feeds it input and pulls frames:
//!
//! ```c
//! #include "mica.h"
//!
//! static void speed(void *user, const char *args_json, MicaReply *reply) {
//!     mica_reply_ok(reply, "{\"kmh\": 42}");
//! }
//!
//! MicaConfig *cfg = mica_config_new(1280, 720);
//! mica_config_register(cfg, "getVehicleSpeed", "vehicle.read", 0, speed, NULL);
//! mica_config_grant(cfg, "vehicle.read");
//! MicaRuntime *rt = mica_runtime_new(cfg, "apps/dashboard"); /* consumes cfg */
//! if (!rt) fprintf(stderr, "%s\n", mica_last_error());
//! mica_runtime_launch(rt, NULL);
//! mica_runtime_key(rt, MICA_KEY_OK);
//! mica_runtime_settle(rt);
//! uint32_t w, h, stride;
//! const uint8_t *rgba = mica_runtime_frame(rt, &w, &h, &stride);
//! mica_runtime_free(rt);
//! ```
//!
//! `apps/c-host/` is a complete host, built and run by this crate's tests.
//!
//! Threads: a runtime belongs to the thread that made it (the view side is not `Send`:
//! WXS modules run in a JS context of their own there), and the app's JavaScript runs
//! on a logic thread, where the host's functions are called. Async host functions may
//! answer from any thread.
//!
//! Conventions: calls return `MICA_OK` (0) or `MICA_ERROR` (-1), or NULL for a pointer,
//! with the reason in `mica_last_error()` (per thread). NULL pointers and strings that
//! are not UTF-8 are errors, never undefined behaviour. A Rust panic never crosses into
//! C: it becomes an error return (and a runtime that panicked refuses further calls
//! except `mica_runtime_free`).
//!
//! ## Why this crate has `unsafe` code
//!
//! The workspace denies `unsafe_code`; this crate is the one exception because it is an
//! FFI boundary: it takes raw pointers and C strings from the host, hands its own
//! objects out as raw pointers, calls the host's function pointers, and moves the host's
//! `user_data` across threads. Every `unsafe` block says why it is sound (`// SAFETY:`);
//! the promises the C side must keep are in each function's `# Safety` section, which
//! the header carries over.
#![allow(unsafe_code)]
#![warn(unsafe_op_in_unsafe_fn)]

mod config;
mod error;
mod host;
mod runtime;

pub use config::*;
pub use error::*;
pub use host::*;
pub use runtime::*;
