//! The watchdog: a mini-program's script cannot hang the logic thread or eat the
//! device's memory.
//!
//! boa cannot be interrupted from another thread, so the watchdog works from inside:
//!
//! - **Loops.** boa stops a function whose loops pass a number of iterations with an
//!   error JS cannot catch. That number is calibrated when the logic thread starts: it
//!   times a plain counting loop and allows what this device runs in
//!   [`Watchdog::loop_budget`] (1 s by default). So `while (true) {}` stops after about
//!   that long on a fast desktop and on a slow set-top box alike; a loop with a heavier
//!   body runs proportionally longer before the count is reached.
//! - **Time.** Every native function a script calls (`setData`, `console.log`, every
//!   `wx.*` API, timers, host functions) first checks how long the current message has
//!   been running; past [`Watchdog::time_budget`] (2 s) it throws the same uncatchable
//!   error. A loop that calls `setData` forever stops there.
//! - **Recursion.** Call depth and VM stack are bounded (the [`super::LogicOptions`]
//!   limits).
//! - **Memory.** The same checks (at most every 10 ms), and the end of every message,
//!   compare the process's resident memory with what it was when the app started; past
//!   [`Watchdog::memory_budget`] the script is stopped the same way. `ArrayBuffer`s are
//!   capped at the budget too. A pure-JS allocation loop that calls no native function is
//!   only bounded by the loop count. After a stop for memory the garbage is collected
//!   and the budget counts from the memory resident then (what the allocator keeps is
//!   not the app's to give back), so the app's next events run.
//!
//! A stopped script is reported as [`super::ToView::Stopped`]: the view shows an error
//! overlay, `App.onError` runs, and the app keeps working: the next event, timer or
//! answer runs normally.

use std::time::{Duration, Instant};

use boa_engine::error::RuntimeLimitError;
use boa_engine::{Context, JsError, JsResult, JsValue, NativeFunction, Source};

use super::thread::host;

/// Limits on a mini-program's scripts ([`super::LogicOptions::watchdog`],
/// [`crate::runtime::RuntimeConfig::watchdog`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Watchdog {
    /// How long one event, lifecycle call, timer or answer may run.
    pub time_budget: Duration,
    /// How long a plain counting loop may run before it is stopped; sets the loop
    /// iteration limit at start-up. Ignored when
    /// [`super::LogicOptions::loop_iteration_limit`] is set.
    pub loop_budget: Duration,
    /// How much the process's resident memory may grow while the app runs, in bytes.
    /// `None` (the default here; `mica run` sets 256 MiB, see docs/device-config.md): no
    /// budget. The process is what is measured, so set it where one app runs per
    /// process.
    pub memory_budget: Option<u64>,
}

impl Default for Watchdog {
    fn default() -> Self {
        Watchdog {
            time_budget: Duration::from_secs(2),
            loop_budget: Duration::from_secs(1),
            memory_budget: None,
        }
    }
}

/// Why the watchdog stopped the current script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum StopReason {
    /// The message ran past the time budget.
    Time(Duration),
    /// Resident memory grew past the budget: (grown by, budget).
    Memory(u64, u64),
}

/// The watchdog's state in the [`super::thread::Host`].
#[derive(Debug, Default)]
pub(super) struct WatchdogState {
    /// The limits.
    pub limits: Watchdog,
    /// When the message being handled started; `None` between messages.
    pub busy_since: Option<Instant>,
    /// Set once the current message has been stopped; every later native call of the
    /// same message is stopped too.
    pub stopped: Option<StopReason>,
    /// Resident memory when the app started.
    pub baseline: Option<u64>,
    /// When memory was last read.
    pub last_memory_check: Option<Instant>,
}

/// How often the checks in native calls read the process's memory.
const MEMORY_CHECK_EVERY: Duration = Duration::from_millis(10);

impl WatchdogState {
    /// New state with `limits`, the memory baseline taken now.
    pub fn new(limits: Watchdog) -> Self {
        WatchdogState {
            limits,
            // Only with a budget: reading /proc costs every logic thread's start.
            baseline: limits.memory_budget.and_then(|_| resident_bytes()),
            ..WatchdogState::default()
        }
    }

    /// A message starts.
    pub fn begin(&mut self) {
        self.busy_since = Some(Instant::now());
        self.stopped = None;
    }

    /// The message ended.
    pub fn end(&mut self) {
        self.busy_since = None;
        self.stopped = None;
    }

    /// Whether the current script must stop now.
    fn over(&mut self) -> Option<StopReason> {
        if let Some(r) = self.stopped {
            return Some(r);
        }
        let since = self.busy_since?;
        let ran = since.elapsed();
        if ran > self.limits.time_budget {
            self.stopped = Some(StopReason::Time(ran));
            return self.stopped;
        }
        let now = Instant::now();
        if self
            .last_memory_check
            .is_some_and(|t| now.duration_since(t) < MEMORY_CHECK_EVERY)
        {
            return None;
        }
        self.last_memory_check = Some(now);
        self.stopped = self.memory_over();
        self.stopped
    }

    /// Counts the memory budget from the process's resident memory now.
    pub fn rebaseline(&mut self) {
        if self.limits.memory_budget.is_some() {
            self.baseline = resident_bytes().or(self.baseline);
        }
    }

    /// Resident memory past the budget, if it is.
    pub fn memory_over(&self) -> Option<StopReason> {
        let budget = self.limits.memory_budget?;
        let grown = resident_bytes()?.saturating_sub(self.baseline?);
        (grown > budget).then_some(StopReason::Memory(grown, budget))
    }
}

/// Why a script was stopped, for the error report.
pub(super) fn describe(reason: Option<StopReason>, err: Option<&JsError>) -> String {
    match reason {
        Some(StopReason::Time(ran)) => format!(
            "stopped by the watchdog: it ran for {} ms, longer than allowed",
            ran.as_millis()
        ),
        Some(StopReason::Memory(grown, budget)) => format!(
            "stopped by the watchdog: the app grew by {} MB, over its memory budget of {} MB",
            grown / (1024 * 1024),
            budget / (1024 * 1024)
        ),
        None => match err.and_then(JsError::as_engine) {
            Some(boa_engine::error::EngineError::RuntimeLimit(
                RuntimeLimitError::LoopIteration,
            )) => "stopped by the watchdog: a loop ran too long".to_string(),
            Some(boa_engine::error::EngineError::RuntimeLimit(_)) => {
                "stopped by the watchdog: too much recursion".to_string()
            }
            Some(other) => format!("stopped by the watchdog: {other}"),
            None => "stopped by the watchdog".to_string(),
        },
    }
}

/// Whether `err` is one of boa's runtime limits (which JS cannot catch).
pub(super) fn is_limit(err: &JsError) -> bool {
    matches!(
        err.as_engine(),
        Some(boa_engine::error::EngineError::RuntimeLimit(_))
    )
}

/// Checks the time and memory budgets of the current message.
pub(super) fn check(ctx: &Context) -> JsResult<()> {
    let h = host(ctx);
    let over = h.borrow_mut().watchdog.over();
    match over {
        // An engine error: `try`/`catch` in the script cannot swallow it.
        Some(_) => Err(RuntimeLimitError::LoopIteration.into()),
        None => Ok(()),
    }
}

/// The native function `f`, checking the budgets before each call.
pub(super) fn guarded(
    f: fn(&JsValue, &[JsValue], &mut Context) -> JsResult<JsValue>,
) -> NativeFunction {
    NativeFunction::from_copy_closure(move |this, args, ctx| {
        check(ctx)?;
        f(this, args, ctx)
    })
}

/// The loop iteration limit until [`calibrate`] has run.
pub(super) const DEFAULT_LOOP_LIMIT: u64 = 10_000_000;

/// The loop iteration limit that lets a plain counting loop run for `budget` on this
/// device: times 200,000 iterations (a few ms) and scales.
pub(super) fn calibrate(ctx: &mut Context, budget: Duration) -> u64 {
    const N: u64 = 200_000;
    const FALLBACK: u64 = DEFAULT_LOOP_LIMIT;
    let src = format!("(function () {{ for (var i = 0; i < {N}; i++) {{}} }})");
    let Ok(f) = ctx.eval(Source::from_bytes(src.as_bytes())) else {
        return FALLBACK;
    };
    let Some(f) = f.as_callable() else {
        return FALLBACK;
    };
    // Once to warm up, once timed.
    if f.call(&JsValue::undefined(), &[], ctx).is_err() {
        return FALLBACK;
    }
    let start = Instant::now();
    if f.call(&JsValue::undefined(), &[], ctx).is_err() {
        return FALLBACK;
    }
    let took = start.elapsed().as_secs_f64().max(1e-6);
    let per_second = N as f64 / took;
    (per_second * budget.as_secs_f64()).clamp(100_000.0, 1e10) as u64
}

/// The process's resident memory in bytes (Linux and Android: `/proc/self/status`).
pub fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line
        .trim_start_matches("VmRSS:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resident_memory_is_read() {
        let rss = resident_bytes().expect("VmRSS");
        assert!(rss > 1024 * 1024, "{rss}");
    }

    #[test]
    fn the_time_budget_stops_and_stays_stopped_until_the_next_message() {
        let mut w = WatchdogState::new(Watchdog {
            time_budget: Duration::from_millis(0),
            ..Watchdog::default()
        });
        assert_eq!(w.over(), None, "nothing runs between messages");
        w.begin();
        // Zero budget: any elapsed time is over it.
        std::thread::yield_now();
        let first = w.over();
        assert!(matches!(first, Some(StopReason::Time(_))), "{first:?}");
        assert_eq!(w.over(), first);
        w.end();
        assert_eq!(w.over(), None);
    }

    #[test]
    fn the_memory_budget_counts_growth_from_the_baseline() {
        let mut w = WatchdogState::new(Watchdog {
            memory_budget: Some(0),
            ..Watchdog::default()
        });
        // Pretend the app started with nothing resident: any process is over 0 bytes.
        w.baseline = Some(0);
        assert!(matches!(w.memory_over(), Some(StopReason::Memory(_, 0))));
        w.limits.memory_budget = None;
        assert_eq!(w.memory_over(), None);
    }
}
