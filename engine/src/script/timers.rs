//! `setTimeout`, `setInterval`, `clearTimeout`, `clearInterval` on the logic thread.
//!
//! Timers live in the [`Host`](super::thread::Host); the thread loop waits on its
//! channel only until the next timer is due ([`next_due`]) and then runs the due ones
//! ([`run_due`]). Timer callbacks are not [`ToLogic`](super::ToLogic) messages, so they
//! produce no `Done`.

use std::time::{Duration, Instant};

use boa_engine::{Context, JsArgs, JsNativeError, JsObject, JsResult, JsValue};

use super::thread::{host, report, report_unhandled_rejections};

/// Browsers clamp repeating timers; so do we, so `setInterval(f, 0)` cannot starve the
/// message channel.
const MIN_INTERVAL: Duration = Duration::from_millis(4);

/// One pending timer.
pub(super) struct Timer {
    /// When it fires next.
    pub due: Instant,
    /// The callback.
    pub callback: JsObject,
    /// Extra arguments given to `setTimeout`.
    pub args: Vec<JsValue>,
    /// `Some` for `setInterval`.
    pub interval: Option<Duration>,
}

/// Registers the timer globals.
pub(super) fn install(ctx: &mut Context) -> JsResult<()> {
    use boa_engine::js_string;
    ctx.register_global_callable(
        js_string!("setTimeout"),
        2,
        super::watchdog::guarded(set_timeout),
    )?;
    ctx.register_global_callable(
        js_string!("setInterval"),
        2,
        super::watchdog::guarded(set_interval),
    )?;
    ctx.register_global_callable(
        js_string!("clearTimeout"),
        1,
        super::watchdog::guarded(clear_timer),
    )?;
    ctx.register_global_callable(
        js_string!("clearInterval"),
        1,
        super::watchdog::guarded(clear_timer),
    )?;
    Ok(())
}

fn set_timeout(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    add(args, false, ctx)
}

fn set_interval(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    add(args, true, ctx)
}

fn add(args: &[JsValue], repeat: bool, ctx: &mut Context) -> JsResult<JsValue> {
    let Some(callback) = args.get_or_undefined(0).as_callable() else {
        return Err(JsNativeError::typ()
            .with_message("setTimeout/setInterval expects a function")
            .into());
    };
    let ms = args.get_or_undefined(1).to_number(ctx)?;
    let ms = if ms.is_finite() && ms > 0.0 {
        ms.min(1e12)
    } else {
        0.0
    };
    let mut delay = Duration::from_secs_f64(ms / 1000.0);
    if repeat {
        delay = delay.max(MIN_INTERVAL);
    }
    let h = host(ctx);
    let mut h = h.borrow_mut();
    let id = h.next_timer;
    h.next_timer = h.next_timer.wrapping_add(1).max(1);
    h.timers.insert(
        id,
        Timer {
            due: Instant::now() + delay,
            callback,
            args: args.iter().skip(2).cloned().collect(),
            interval: repeat.then_some(delay),
        },
    );
    Ok(JsValue::from(id))
}

fn clear_timer(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let id = args.get_or_undefined(0);
    if id.is_number() {
        let id = id.to_u32(ctx)?;
        host(ctx).borrow_mut().timers.remove(&id);
    }
    Ok(JsValue::undefined())
}

/// When the earliest timer is due, if any.
pub(super) fn next_due(ctx: &Context) -> Option<Instant> {
    host(ctx).borrow().timers.values().map(|t| t.due).min()
}

/// Runs every timer due by now, in due order, with its promise jobs.
pub(super) fn run_due(ctx: &mut Context) {
    let now = Instant::now();
    let mut due: Vec<(Instant, u32)> = host(ctx)
        .borrow()
        .timers
        .iter()
        .filter(|(_, t)| t.due <= now)
        .map(|(id, t)| (t.due, *id))
        .collect();
    due.sort_unstable();
    for (_, id) in due {
        // An earlier callback may have cleared this one.
        let fire = {
            let h = host(ctx);
            let mut h = h.borrow_mut();
            match h.timers.get_mut(&id) {
                Some(t) => {
                    let fire = (t.callback.clone(), t.args.clone());
                    match t.interval {
                        Some(every) => t.due = now + every,
                        None => {
                            h.timers.remove(&id);
                        }
                    }
                    Some(fire)
                }
                None => None,
            }
        };
        let Some((callback, args)) = fire else {
            continue;
        };
        // Each callback has the watchdog's whole time budget.
        host(ctx).borrow_mut().watchdog.begin();
        if let Err(e) = callback.call(&JsValue::undefined(), &args, ctx) {
            report(ctx, "timer callback", &e);
        }
        if let Err(e) = ctx.run_jobs() {
            report(ctx, "promise job", &e);
        }
        report_unhandled_rejections(ctx);
        super::thread::end_of_message(ctx);
    }
}
