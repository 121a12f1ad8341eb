//! The runtime's clock: time on the view side moves only when the platform's main loop
//! (or a test) calls [`Runtime::advance`]. Swiper animations and autoplay and smooth
//! scrolling (see `scroll`) run on it, and it is when the runtime acts on a field's
//! `focus` attribute.
//!
//! There is no real-time loop in the runtime: a headless render is deterministic, and a
//! test says how much time passes (`rt.advance(Duration::from_millis(500))`) instead of
//! sleeping. A device's main loop drives it with the time that really passed:
//!
//! ```no_run
//! # use std::time::{Duration, Instant};
//! # use mica_engine::runtime::Runtime;
//! # fn main_loop(rt: &mut Runtime, input: impl Fn() -> Vec<mica_engine::platform::InputEvent>)
//! # -> Result<(), mica_engine::EngineError> {
//! let mut last = Instant::now();
//! loop {
//!     for event in input() {
//!         if !rt.handle_input(event)? {
//!             return Ok(());
//!         }
//!     }
//!     let now = Instant::now();
//!     rt.advance(now - last)?; // animation frames, autoplay steps, then a frame
//!     last = now;
//!     // Sleep until the next vsync while something animates, else until the next
//!     // scheduled step or input (poll the input device with this timeout).
//!     let _wait = rt.next_wakeup().unwrap_or(Duration::from_millis(100));
//! }
//! # }
//! ```
//!
//! One call may cover a long time: the steps due inside it run at their own times, in
//! order (an autoplay step every `interval`, each animation ending when due), then the
//! frame at the end is drawn. JS handlers of the events fired meanwhile run before
//! `advance` returns.

use std::time::Duration;

use super::Runtime;
use crate::components::Kind;
use crate::EngineError;

/// At most this many due steps run inside one [`Runtime::advance`] (a 1 ms autoplay
/// interval over an hour must not spin); later ones are skipped to the call's end.
const MAX_STEPS: usize = 1000;

impl Runtime {
    /// Moves the runtime's clock forward by `dt`: runs the swiper animation frames and
    /// autoplay steps and the scroll animation steps due meanwhile, opens the keyboard for a field whose `focus`
    /// attribute asks for it, draws the frame, and waits for the JS handlers of the
    /// events it fired (`change`, `animationfinish`, `focus`).
    pub fn advance(&mut self, dt: Duration) -> Result<(), EngineError> {
        let end = self.controls.now + dt;
        let live = self.pages.ids();
        self.controls.swipers.retain_pages(&live);
        self.controls.scrolls.retain_pages(&live);
        self.retain_refreshing(&live);
        for _ in 0..MAX_STEPS {
            let Some(page) = self.pages.top() else { break };
            let (due, _) = self.controls.swipers.next_due(page.id);
            let scroll_due = self.controls.scrolls.next_due(page.id);
            let due = match (due, scroll_due) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            match due {
                Some(t) if t <= end => {
                    self.controls.now = t.max(self.controls.now);
                    self.tick_swipers();
                    self.tick_scrolls();
                }
                _ => break,
            }
        }
        self.controls.now = end;
        self.tick_swipers();
        self.tick_scrolls();
        // Transitions and `@keyframes` animations: only the page on top is drawn.
        if let Some(page) = self.pages.top_mut() {
            mica_layout::style::animate::tick(&mut page.doc, end);
        }
        self.field_focus_requests();
        self.render_frame()?;
        self.settle()
    }

    /// The time on the runtime's clock: the sum of every [`Runtime::advance`] so far.
    pub fn now(&self) -> Duration {
        self.controls.now
    }

    /// How long the platform may wait before calling [`Runtime::advance`] again: zero
    /// while an animation runs (draw the next frame at the next vsync), the time to the
    /// next autoplay step otherwise, `None` when nothing is scheduled (wait for input).
    pub fn next_wakeup(&self) -> Option<Duration> {
        let page = self.pages.top()?;
        let (due, animating) = self.controls.swipers.next_due(page.id);
        if animating || self.controls.scrolls.is_animating(page.id) {
            return Some(Duration::ZERO);
        }
        // A toast or the watchdog's banner hides on time (see `interaction`).
        let due = match (due, self.interaction_due()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let wait = due.map(|t| t.saturating_sub(self.controls.now));
        // Transitions and animations: every frame while one moves, or when a delay ends.
        let motion = mica_layout::style::animate::next_wakeup(&page.doc, self.controls.now);
        match (wait, motion) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Opens the keyboard for a field of the page on top whose `focus` or `auto-focus`
    /// attribute is set and was not acted on yet, and closes it for the edited field
    /// whose `focus` was set to false.
    fn field_focus_requests(&mut self) {
        let Some(page) = self.pages.top() else { return };
        let page_id = page.id;
        let doc = &page.doc;
        let mut asking = Vec::new();
        for i in 0..doc.capacity() {
            let id = mica_layout::NodeId::from_index(i);
            let Some(n) = doc.get(id) else { continue };
            if !matches!(
                crate::components::kind(doc, id),
                Some(Kind::Input | Kind::Textarea)
            ) {
                continue;
            }
            let wants = ["focus", "auto-focus"]
                .iter()
                .any(|a| n.attr(a).is_some_and(|v| v.trim() != "false"));
            if wants {
                asking.push(id);
            }
        }
        let edited = self.controls.text.as_ref().map(|t| (t.page_id, t.node));
        // A field that stopped asking may ask again; the edited one stops being edited.
        let stopped: Vec<(u32, mica_layout::NodeId)> = self
            .controls
            .focus_asked
            .iter()
            .copied()
            .filter(|(p, n)| *p == page_id && !asking.contains(n))
            .collect();
        for key in stopped {
            self.controls.focus_asked.remove(&key);
            if edited == Some(key) {
                self.blur_text();
            }
        }
        for id in asking {
            if self.controls.focus_asked.insert((page_id, id)) {
                self.open_text(id);
            }
        }
    }
}
