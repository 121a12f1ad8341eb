//! Android motion events → Mica pointer and wheel input.
//!
//! Touch screens (kiosks, some set-top boxes with a touch remote) and mice send
//! `MotionEvent`s. Mica has one pointer, so a [`PointerTracker`] follows the first finger
//! down and ignores the others until it lifts; a mouse wheel (`ACTION_SCROLL`) becomes
//! [`InputEvent::Wheel`]. Coordinates arrive in window pixels and are scaled to the
//! frame's pixels ([`SurfaceScale`]), since the frame may be smaller than the window and
//! stretched by the compositor.
//!
//! Motion from joysticks and game pads (`SOURCE_CLASS_JOYSTICK`) is left unhandled:
//! Android then turns hat and stick movement into D-pad key events, which the keymap
//! knows.

use mica_engine::platform::{InputEvent, PointerPhase};

use crate::keys::Status;

/// Pixels one wheel notch scrolls: Android's default scroll factor (64 dp at mdpi).
pub const WHEEL_STEP: f32 = 64.0;

/// The masked action of a motion event (`AMOTION_EVENT_ACTION_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MotionAction {
    /// The first pointer went down.
    Down,
    /// The last pointer went up.
    Up,
    /// Pointers moved while down.
    Move,
    /// The gesture was aborted (the system took it over).
    Cancel,
    /// Another pointer went down; the event's action index says which.
    PointerDown,
    /// A pointer other than the last went up; the event's action index says which.
    PointerUp,
    /// A wheel or touchpad scroll (`AXIS_VSCROLL`, `AXIS_HSCROLL`).
    Scroll,
    /// A mouse moved with no button down, or anything else this crate ignores.
    Other(u32),
}

impl MotionAction {
    /// The action for the NDK's integer value (`action & AMOTION_EVENT_ACTION_MASK`).
    pub fn from_raw(action: u32) -> MotionAction {
        match action & 0xff {
            0 => MotionAction::Down,
            1 => MotionAction::Up,
            2 => MotionAction::Move,
            3 => MotionAction::Cancel,
            5 => MotionAction::PointerDown,
            6 => MotionAction::PointerUp,
            8 => MotionAction::Scroll,
            other => MotionAction::Other(other),
        }
    }
}

/// One pointer of a motion event, in window pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pointer {
    /// The pointer id, stable while the pointer is down.
    pub id: i32,
    /// X.
    pub x: f32,
    /// Y.
    pub y: f32,
}

/// A motion event, as the android glue reads it from the NDK event.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Motion<'a> {
    /// What happened.
    pub action: MotionAction,
    /// For `PointerDown`/`PointerUp` (and `Up`): the index in `pointers` of the pointer
    /// the action is about.
    pub action_index: usize,
    /// The pointers, in the event's index order.
    pub pointers: &'a [Pointer],
    /// `AXIS_HSCROLL` and `AXIS_VSCROLL` of the first pointer, for `Scroll`.
    pub scroll: (f32, f32),
    /// True when the event comes from a pointer-class source (touch screen, mouse,
    /// stylus, touchpad); false for joysticks and trackballs.
    pub pointer_source: bool,
}

/// Window pixels → frame pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SurfaceScale {
    /// Frame px per window px, horizontally.
    pub x: f32,
    /// Frame px per window px, vertically.
    pub y: f32,
}

impl SurfaceScale {
    /// The scale for a `window` (w, h) showing a `frame` (w, h); 1 on an axis where the
    /// window size is unknown (0).
    pub fn new(window: (u32, u32), frame: (u32, u32)) -> SurfaceScale {
        let axis = |w: u32, f: u32| {
            if w == 0 {
                1.0
            } else {
                f as f32 / w as f32
            }
        };
        SurfaceScale {
            x: axis(window.0, frame.0),
            y: axis(window.1, frame.1),
        }
    }
}

impl Default for SurfaceScale {
    fn default() -> Self {
        SurfaceScale { x: 1.0, y: 1.0 }
    }
}

/// Follows the pointer Mica sees: the first one down, until it lifts.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PointerTracker {
    primary: Option<i32>,
    /// The current window → frame scale.
    pub scale: SurfaceScale,
}

impl PointerTracker {
    /// A tracker with no pointer down.
    pub fn new(scale: SurfaceScale) -> PointerTracker {
        PointerTracker {
            primary: None,
            scale,
        }
    }

    /// The id of the pointer being followed, if one is down.
    pub fn primary(&self) -> Option<i32> {
        self.primary
    }

    /// Translates one motion event.
    ///
    /// `Cancel` forgets the pointer without an `Up`: an `Up` would tap whatever is under
    /// it, and the gesture was not the user's to finish. Hover moves give nothing (Mica
    /// has no hover state).
    pub fn translate(&mut self, m: &Motion<'_>) -> (Option<InputEvent>, Status) {
        if !m.pointer_source {
            return (None, Status::Unhandled);
        }
        let at = |p: &Pointer, phase| InputEvent::Pointer {
            phase,
            x: p.x * self.scale.x,
            y: p.y * self.scale.y,
        };
        let event = match m.action {
            MotionAction::Down => m.pointers.first().map(|p| {
                self.primary = Some(p.id);
                at(p, PointerPhase::Down)
            }),
            MotionAction::Move => self
                .primary_pointer(m.pointers)
                .map(|p| at(p, PointerPhase::Move)),
            MotionAction::Up | MotionAction::PointerUp => {
                let lifted = m.pointers.get(m.action_index);
                let is_primary = lifted.is_some_and(|p| Some(p.id) == self.primary);
                match lifted {
                    Some(p) if is_primary => {
                        self.primary = None;
                        Some(at(p, PointerPhase::Up))
                    }
                    _ => {
                        if m.action == MotionAction::Up {
                            // The last pointer is up whatever it was: nothing is down.
                            self.primary = None;
                        }
                        None
                    }
                }
            }
            MotionAction::Cancel => {
                self.primary = None;
                None
            }
            MotionAction::PointerDown => None,
            MotionAction::Scroll => {
                let (h, v) = m.scroll;
                let p = m.pointers.first();
                let (x, y) = p.map_or((0.0, 0.0), |p| (p.x, p.y));
                // AXIS_VSCROLL is positive when the wheel turns away from the user
                // (content should move down, showing what is above); Mica's positive
                // `dy` shows what is below.
                (h != 0.0 || v != 0.0).then(|| InputEvent::Wheel {
                    x: x * self.scale.x,
                    y: y * self.scale.y,
                    dx: h * WHEEL_STEP,
                    dy: -v * WHEEL_STEP,
                })
            }
            MotionAction::Other(_) => None,
        };
        (event, Status::Handled)
    }

    fn primary_pointer<'p>(&self, pointers: &'p [Pointer]) -> Option<&'p Pointer> {
        let id = self.primary?;
        pointers.iter().find(|p| p.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn motion(action: MotionAction, index: usize, pointers: &[Pointer]) -> Motion<'_> {
        Motion {
            action,
            action_index: index,
            pointers,
            scroll: (0.0, 0.0),
            pointer_source: true,
        }
    }
    fn p(id: i32, x: f32, y: f32) -> Pointer {
        Pointer { id, x, y }
    }
    fn ptr(phase: PointerPhase, x: f32, y: f32) -> Option<InputEvent> {
        Some(InputEvent::Pointer { phase, x, y })
    }

    #[test]
    fn a_touch_is_down_move_up() {
        let mut t = PointerTracker::default();
        let e = t.translate(&motion(MotionAction::Down, 0, &[p(0, 10.0, 20.0)]));
        assert_eq!(e, (ptr(PointerPhase::Down, 10.0, 20.0), Status::Handled));
        assert_eq!(t.primary(), Some(0));
        let e = t.translate(&motion(MotionAction::Move, 0, &[p(0, 15.0, 25.0)]));
        assert_eq!(e.0, ptr(PointerPhase::Move, 15.0, 25.0));
        let e = t.translate(&motion(MotionAction::Up, 0, &[p(0, 16.0, 26.0)]));
        assert_eq!(e.0, ptr(PointerPhase::Up, 16.0, 26.0));
        assert_eq!(t.primary(), None);
    }

    #[test]
    fn window_pixels_are_scaled_to_the_frame() {
        // A 1280x720 frame stretched over a 3840x2160 window.
        let scale = SurfaceScale::new((3840, 2160), (1280, 720));
        let mut t = PointerTracker::new(scale);
        let e = t.translate(&motion(MotionAction::Down, 0, &[p(3, 300.0, 600.0)]));
        assert_eq!(e.0, ptr(PointerPhase::Down, 100.0, 200.0));
        assert_eq!(SurfaceScale::new((0, 0), (10, 10)), SurfaceScale::default());
    }

    #[test]
    fn only_the_first_finger_is_followed() {
        let mut t = PointerTracker::default();
        t.translate(&motion(MotionAction::Down, 0, &[p(7, 1.0, 1.0)]));
        // A second finger lands and moves: ignored.
        let two = [p(7, 1.0, 1.0), p(8, 50.0, 50.0)];
        assert_eq!(
            t.translate(&motion(MotionAction::PointerDown, 1, &two)).0,
            None
        );
        let moved = [p(7, 2.0, 3.0), p(8, 60.0, 60.0)];
        assert_eq!(
            t.translate(&motion(MotionAction::Move, 0, &moved)).0,
            ptr(PointerPhase::Move, 2.0, 3.0)
        );
        // The second finger lifts: nothing.
        assert_eq!(
            t.translate(&motion(MotionAction::PointerUp, 1, &moved)).0,
            None
        );
        assert_eq!(t.primary(), Some(7));
        // The first finger lifts while the second is still down (index 0 of 2): Up.
        let both = [p(7, 4.0, 4.0), p(8, 60.0, 60.0)];
        assert_eq!(
            t.translate(&motion(MotionAction::PointerUp, 0, &both)).0,
            ptr(PointerPhase::Up, 4.0, 4.0)
        );
        // The remaining finger moves and lifts: no jump, no second Up.
        let rest = [p(8, 70.0, 70.0)];
        assert_eq!(t.translate(&motion(MotionAction::Move, 0, &rest)).0, None);
        assert_eq!(t.translate(&motion(MotionAction::Up, 0, &rest)).0, None);
        assert_eq!(t.primary(), None);
    }

    #[test]
    fn cancel_forgets_without_a_tap() {
        let mut t = PointerTracker::default();
        t.translate(&motion(MotionAction::Down, 0, &[p(0, 5.0, 5.0)]));
        let e = t.translate(&motion(MotionAction::Cancel, 0, &[p(0, 5.0, 5.0)]));
        assert_eq!(e, (None, Status::Handled));
        assert_eq!(t.primary(), None);
        let e = t.translate(&motion(MotionAction::Move, 0, &[p(0, 9.0, 9.0)]));
        assert_eq!(e.0, None);
    }

    #[test]
    fn wheel_scrolls_in_mica_direction() {
        let mut t = PointerTracker::new(SurfaceScale::new((200, 200), (100, 100)));
        let mut m = motion(MotionAction::Scroll, 0, &[]);
        let ps = [p(0, 40.0, 80.0)];
        m.pointers = &ps;
        // Wheel turned towards the user (AXIS_VSCROLL -1): show what is below.
        m.scroll = (0.0, -1.0);
        assert_eq!(
            t.translate(&m).0,
            Some(InputEvent::Wheel {
                x: 20.0,
                y: 40.0,
                dx: 0.0,
                dy: WHEEL_STEP
            })
        );
        m.scroll = (0.5, 0.0);
        assert_eq!(
            t.translate(&m).0,
            Some(InputEvent::Wheel {
                x: 20.0,
                y: 40.0,
                dx: WHEEL_STEP / 2.0,
                dy: 0.0
            })
        );
        m.scroll = (0.0, 0.0);
        assert_eq!(t.translate(&m).0, None);
    }

    #[test]
    fn joysticks_fall_back_to_the_system() {
        let mut t = PointerTracker::default();
        let mut m = motion(MotionAction::Move, 0, &[]);
        m.pointer_source = false;
        assert_eq!(t.translate(&m), (None, Status::Unhandled));
    }

    #[test]
    fn hover_and_raw_actions() {
        let mut t = PointerTracker::default();
        // ACTION_HOVER_MOVE (7).
        let hover = motion(MotionAction::from_raw(7), 0, &[]);
        assert_eq!(hover.action, MotionAction::Other(7));
        assert_eq!(t.translate(&hover), (None, Status::Handled));
        // ACTION_POINTER_UP for index 1: the index bits are masked off.
        assert_eq!(MotionAction::from_raw(0x0106), MotionAction::PointerUp);
        assert_eq!(MotionAction::from_raw(0), MotionAction::Down);
        assert_eq!(MotionAction::from_raw(8), MotionAction::Scroll);
    }
}
