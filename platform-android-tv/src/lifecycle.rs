//! The activity lifecycle, as the runtime should see it.
//!
//! android-activity reports the activity's callbacks as `MainEvent`s on the
//! `android_main` thread. The android glue names each one as an [`ActivityEvent`] (the
//! same list, without the borrowed payloads, so it exists on every target) and an
//! [`ActivityState`] turns them into [`Lifecycle`] changes:
//!
//! | activity | Mica |
//! | --- | --- |
//! | `Pause` (another activity or a system dialog in front) | [`Lifecycle::Hide`]: App and page `onHide` |
//! | `Resume` | [`Lifecycle::Show`]: App and page `onShow` |
//! | `InitWindow` | [`Lifecycle::WindowCreated`]: a surface to present on |
//! | `TerminateWindow` | [`Lifecycle::WindowDestroyed`]: stop presenting |
//! | `WindowResized`, `RedrawNeeded` | [`Lifecycle::WindowResized`], [`Lifecycle::Redraw`] |
//! | `LowMemory` | [`Lifecycle::LowMemory`] |
//! | `Destroy` | [`Lifecycle::Quit`]: the runtime stops, `android_main` returns |
//!
//! `Start`, `Stop`, focus, configuration and insets changes and `SaveState` change
//! nothing for Mica: Pause/Resume already bracket visibility, and a mini-program keeps its
//! state in `wx.setStorage`, not in the activity's saved state.
//!
//! Show and Hide come in pairs: the runtime's launch already ran `onLaunch`/`onShow`, so
//! a `Resume` while shown (the first one, or a repeat) is not another `onShow`.
//!
//! ```
//! use mica_platform_android_tv::lifecycle::{ActivityEvent, ActivityState, Lifecycle};
//! let mut state = ActivityState::launched();
//! assert_eq!(state.apply(ActivityEvent::Pause), Some(Lifecycle::Hide));
//! assert_eq!(state.apply(ActivityEvent::Pause), None);
//! assert_eq!(state.apply(ActivityEvent::Resume), Some(Lifecycle::Show));
//! ```

/// An activity callback, as android-activity's `MainEvent` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ActivityEvent {
    /// `onStart`.
    Start,
    /// `onResume`.
    Resume,
    /// `onPause`.
    Pause,
    /// `onStop`.
    Stop,
    /// `onDestroy`.
    Destroy,
    /// The native window exists (`onNativeWindowCreated`).
    InitWindow,
    /// The native window is about to go (`onNativeWindowDestroyed`).
    TerminateWindow,
    /// The window changed size.
    WindowResized,
    /// The window must be redrawn (after a resize or when uncovered).
    RedrawNeeded,
    /// The window gained input focus.
    GainedFocus,
    /// The window lost input focus.
    LostFocus,
    /// The device configuration changed (locale, density, ...).
    ConfigChanged,
    /// The system is low on memory.
    LowMemory,
    /// The activity asks for state to save.
    SaveState,
    /// Input is waiting in the queue.
    InputAvailable,
    /// The content rectangle or the window insets changed.
    ContentChanged,
    /// A callback this crate does not know.
    Other,
}

/// What an activity callback means for a running mini-program.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Lifecycle {
    /// The app went to the background: App and top page `onHide`.
    Hide,
    /// The app came back: App and top page `onShow`.
    Show,
    /// A window to present on exists: set its buffer geometry, redraw everything.
    WindowCreated,
    /// The window is going: stop presenting until the next one.
    WindowDestroyed,
    /// The window changed size: re-read it for pointer scaling, redraw everything.
    WindowResized,
    /// The system wants the whole window drawn again.
    Redraw,
    /// Free what can be rebuilt (caches).
    LowMemory,
    /// The activity is destroyed: stop the runtime.
    Quit,
}

/// What the activity is doing, as far as Mica cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ActivityState {
    shown: bool,
    window: bool,
    destroyed: bool,
}

impl Default for ActivityState {
    fn default() -> Self {
        ActivityState::new()
    }
}

impl ActivityState {
    /// Before the runtime launched: hidden, no window.
    pub fn new() -> ActivityState {
        ActivityState {
            shown: false,
            window: false,
            destroyed: false,
        }
    }

    /// Right after the runtime launched the app (which ran `onShow`): shown, no window
    /// known yet.
    pub fn launched() -> ActivityState {
        ActivityState {
            shown: true,
            ..ActivityState::new()
        }
    }

    /// Marks the app shown by the runtime's launch, keeping what is known of the window.
    pub fn mark_launched(&mut self) {
        self.shown = true;
    }

    /// True while the app is in the foreground.
    pub fn shown(&self) -> bool {
        self.shown
    }

    /// True while a native window exists: presenting needs one.
    pub fn has_window(&self) -> bool {
        self.window && !self.destroyed
    }

    /// True once the activity is destroyed.
    pub fn destroyed(&self) -> bool {
        self.destroyed
    }

    /// Applies one callback; returns what changed for the app, if anything.
    pub fn apply(&mut self, event: ActivityEvent) -> Option<Lifecycle> {
        if self.destroyed {
            return None;
        }
        let change = lifecycle(event)?;
        match change {
            Lifecycle::Hide if !self.shown => None,
            Lifecycle::Show if self.shown => None,
            Lifecycle::Hide => {
                self.shown = false;
                Some(change)
            }
            Lifecycle::Show => {
                self.shown = true;
                Some(change)
            }
            Lifecycle::WindowCreated => {
                self.window = true;
                Some(change)
            }
            Lifecycle::WindowDestroyed if !self.window => None,
            Lifecycle::WindowDestroyed => {
                self.window = false;
                Some(change)
            }
            Lifecycle::WindowResized | Lifecycle::Redraw if !self.window => None,
            Lifecycle::Quit => {
                self.destroyed = true;
                self.window = false;
                Some(change)
            }
            Lifecycle::WindowResized | Lifecycle::Redraw | Lifecycle::LowMemory => Some(change),
        }
    }
}

/// The plain meaning of one callback, without state (see the table in the module docs).
pub fn lifecycle(event: ActivityEvent) -> Option<Lifecycle> {
    match event {
        ActivityEvent::Pause => Some(Lifecycle::Hide),
        ActivityEvent::Resume => Some(Lifecycle::Show),
        ActivityEvent::InitWindow => Some(Lifecycle::WindowCreated),
        ActivityEvent::TerminateWindow => Some(Lifecycle::WindowDestroyed),
        ActivityEvent::WindowResized => Some(Lifecycle::WindowResized),
        ActivityEvent::RedrawNeeded => Some(Lifecycle::Redraw),
        ActivityEvent::LowMemory => Some(Lifecycle::LowMemory),
        ActivityEvent::Destroy => Some(Lifecycle::Quit),
        ActivityEvent::Start
        | ActivityEvent::Stop
        | ActivityEvent::GainedFocus
        | ActivityEvent::LostFocus
        | ActivityEvent::ConfigChanged
        | ActivityEvent::SaveState
        | ActivityEvent::InputAvailable
        | ActivityEvent::ContentChanged
        | ActivityEvent::Other => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ActivityEvent as A;

    #[test]
    fn plain_translation() {
        assert_eq!(lifecycle(A::Pause), Some(Lifecycle::Hide));
        assert_eq!(lifecycle(A::Resume), Some(Lifecycle::Show));
        assert_eq!(lifecycle(A::InitWindow), Some(Lifecycle::WindowCreated));
        assert_eq!(
            lifecycle(A::TerminateWindow),
            Some(Lifecycle::WindowDestroyed)
        );
        assert_eq!(lifecycle(A::WindowResized), Some(Lifecycle::WindowResized));
        assert_eq!(lifecycle(A::RedrawNeeded), Some(Lifecycle::Redraw));
        assert_eq!(lifecycle(A::LowMemory), Some(Lifecycle::LowMemory));
        assert_eq!(lifecycle(A::Destroy), Some(Lifecycle::Quit));
        for quiet in [
            A::Start,
            A::Stop,
            A::GainedFocus,
            A::LostFocus,
            A::ConfigChanged,
            A::SaveState,
            A::InputAvailable,
            A::ContentChanged,
            A::Other,
        ] {
            assert_eq!(lifecycle(quiet), None, "{quiet:?}");
        }
    }

    /// The order Android really sends at start, at Home and back, and at finish.
    #[test]
    fn a_whole_activity_life() {
        let mut s = ActivityState::new();
        // onCreate → onStart → onResume → window; the runtime is created on the window.
        assert_eq!(s.apply(A::Start), None);
        assert_eq!(s.apply(A::Resume), Some(Lifecycle::Show));
        assert_eq!(s.apply(A::InitWindow), Some(Lifecycle::WindowCreated));
        assert_eq!(s.apply(A::GainedFocus), None);
        assert!(s.shown() && s.has_window());
        // The runtime launches (onLaunch/onShow) with the activity already resumed.
        s.mark_launched();
        assert_eq!(s.apply(A::Resume), None);
        // Home: pause, the window goes, stop.
        assert_eq!(s.apply(A::LostFocus), None);
        assert_eq!(s.apply(A::Pause), Some(Lifecycle::Hide));
        assert_eq!(
            s.apply(A::TerminateWindow),
            Some(Lifecycle::WindowDestroyed)
        );
        assert_eq!(s.apply(A::SaveState), None);
        assert_eq!(s.apply(A::Stop), None);
        assert!(!s.shown() && !s.has_window());
        // Without a window there is nothing to redraw.
        assert_eq!(s.apply(A::RedrawNeeded), None);
        assert_eq!(s.apply(A::WindowResized), None);
        // Back to the app.
        assert_eq!(s.apply(A::Start), None);
        assert_eq!(s.apply(A::Resume), Some(Lifecycle::Show));
        assert_eq!(s.apply(A::InitWindow), Some(Lifecycle::WindowCreated));
        assert_eq!(s.apply(A::RedrawNeeded), Some(Lifecycle::Redraw));
        // Finish: pause, window, stop, destroy; nothing after destroy.
        assert_eq!(s.apply(A::Pause), Some(Lifecycle::Hide));
        assert_eq!(
            s.apply(A::TerminateWindow),
            Some(Lifecycle::WindowDestroyed)
        );
        assert_eq!(s.apply(A::Stop), None);
        assert_eq!(s.apply(A::Destroy), Some(Lifecycle::Quit));
        assert!(s.destroyed());
        assert_eq!(s.apply(A::Resume), None);
        assert_eq!(s.apply(A::InitWindow), None);
        assert!(!s.has_window());
    }

    #[test]
    fn show_and_hide_come_in_pairs() {
        let mut s = ActivityState::launched();
        assert_eq!(s.apply(A::Resume), None);
        assert_eq!(s.apply(A::Pause), Some(Lifecycle::Hide));
        assert_eq!(s.apply(A::Pause), None);
        assert_eq!(s.apply(A::Resume), Some(Lifecycle::Show));
        assert_eq!(s.apply(A::Resume), None);
    }

    #[test]
    fn destroy_with_the_window_still_there_stops_presenting() {
        let mut s = ActivityState::launched();
        s.apply(A::InitWindow);
        assert!(s.has_window());
        assert_eq!(s.apply(A::Destroy), Some(Lifecycle::Quit));
        assert!(!s.has_window());
        // A window that goes twice is one change.
        let mut s = ActivityState::new();
        assert_eq!(s.apply(A::TerminateWindow), None);
        s.apply(A::InitWindow);
        assert_eq!(
            s.apply(A::TerminateWindow),
            Some(Lifecycle::WindowDestroyed)
        );
        assert_eq!(s.apply(A::TerminateWindow), None);
    }
}
