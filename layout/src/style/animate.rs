//! Running transitions and `@keyframes` animations on the document (CSS Transitions 1
//! §3, CSS Animations 1 §3, Web Animations 1 §4 for the timing model) for the
//! properties Mica animates: `opacity`, `transform`, `color`, `background-color` and the
//! border colours. None of them moves a box, so an animation frame only repaints: the
//! animated node's old and new ink are damaged, nothing is laid out again.
//!
//! The cascade calls `on_restyle` for a node whose computed style declares motion (or
//! that has some running): it starts transitions where a transitioned property's value
//! changed since the node's last style, starts or keeps the named animations, and puts
//! their current values over the computed ones. The runtime moves the clock and calls
//! [`tick`] each frame; [`next_wakeup`] says when it next has to. A page without motion
//! never gets here: the cascade's only cost is testing `ComputedStyle::motion`.
//!
//! Values are interpolated by [`super::interpolate`].

use std::time::Duration;

use super::compute::compute;
use super::computed::ComputedStyle;
use super::interpolate::{interpolate, Value};
use super::motion::{AnimationSpec, Direction, Keyframes, MotionDecl, Timing};
use super::properties::Declaration;
use super::StyleSet;
use crate::document::{Document, NodeId};
use crate::text::hash::FastMap;

/// A property Mica animates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Prop {
    /// `opacity`.
    Opacity,
    /// `color`.
    Color,
    /// `background-color`.
    BackgroundColor,
    /// `border-{top,right,bottom,left}-color`, by side index.
    BorderColor(u8),
    /// `transform`.
    Transform,
}

const PROPS: [Prop; 8] = [
    Prop::Opacity,
    Prop::Color,
    Prop::BackgroundColor,
    Prop::BorderColor(0),
    Prop::BorderColor(1),
    Prop::BorderColor(2),
    Prop::BorderColor(3),
    Prop::Transform,
];

impl Prop {
    /// The longhand's name, as `transition-property` names it.
    pub fn name(self) -> &'static str {
        match self {
            Prop::Opacity => "opacity",
            Prop::Color => "color",
            Prop::BackgroundColor => "background-color",
            Prop::BorderColor(0) => "border-top-color",
            Prop::BorderColor(1) => "border-right-color",
            Prop::BorderColor(2) => "border-bottom-color",
            Prop::BorderColor(_) => "border-left-color",
            Prop::Transform => "transform",
        }
    }

    fn get(self, s: &ComputedStyle) -> Value {
        match self {
            Prop::Opacity => Value::Number(s.opacity),
            Prop::Color => Value::Color(s.color),
            Prop::BackgroundColor => Value::Color(s.background_color),
            Prop::BorderColor(i) => Value::Color(s.border_color[usize::from(i) % 4]),
            Prop::Transform => Value::Transform(s.transform.clone()),
        }
    }

    fn set(self, s: &mut ComputedStyle, v: Value) {
        match (self, v) {
            (Prop::Opacity, Value::Number(n)) => s.opacity = n.clamp(0.0, 1.0),
            (Prop::Color, Value::Color(c)) => s.color = c,
            (Prop::BackgroundColor, Value::Color(c)) => s.background_color = c,
            (Prop::BorderColor(i), Value::Color(c)) => s.border_color[usize::from(i) % 4] = c,
            (Prop::Transform, Value::Transform(t)) => s.transform = t,
            _ => {}
        }
    }

    /// The properties a keyframe's declarations set.
    fn declared_by(d: &Declaration) -> Option<Prop> {
        Some(match d {
            Declaration::Opacity(_) => Prop::Opacity,
            Declaration::Color(_) => Prop::Color,
            Declaration::BackgroundColor(_) => Prop::BackgroundColor,
            Declaration::BorderColor(side, _) => Prop::BorderColor(*side as u8),
            Declaration::Transform(_) => Prop::Transform,
            _ => return None,
        })
    }
}

/// One property's keyframes: offsets ascending, `None` = the underlying value (an
/// implicit `from`/`to`, CSS Animations 1 §2), and the `animation-timing-function`
/// the keyframe block declares for the interval it starts (§2.3; `None`: the
/// animation's).
#[derive(Clone, Debug)]
struct Track {
    prop: Prop,
    frames: Vec<(f32, Option<Value>, Option<Timing>)>,
}

/// A running (or paused, or finished but filling) animation.
#[derive(Clone, Debug)]
struct Running {
    spec: AnimationSpec,
    /// Clock time (seconds) its local time 0 was at, while it plays.
    started: f64,
    /// Its local time while paused.
    held: f64,
    tracks: Vec<Track>,
    /// The phase its events last reported (`None`: not started yet).
    reported: Option<Phase>,
}

/// Where an animation's local time is, for its events (CSS Animations 1 §4.2).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Phase {
    Before,
    /// In its active interval, in this iteration.
    Active(f64),
    After,
}

/// What a transition or animation event says (CSS Transitions 1 §6, CSS Animations 1
/// §4.2), for the runtime to deliver as WXML's `transitionend`, `animationstart`,
/// `animationiteration` and `animationend` events.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MotionEventKind {
    /// A transition of a property reached its end value.
    TransitionEnd,
    /// An animation's active interval began.
    AnimationStart,
    /// An animation's iteration ended and the next began.
    AnimationIteration,
    /// An animation's active interval ended.
    AnimationEnd,
}

impl MotionEventKind {
    /// The event's type, as `bind<type>` names it in WXML.
    pub fn event_type(self) -> &'static str {
        match self {
            MotionEventKind::TransitionEnd => "transitionend",
            MotionEventKind::AnimationStart => "animationstart",
            MotionEventKind::AnimationIteration => "animationiteration",
            MotionEventKind::AnimationEnd => "animationend",
        }
    }
}

/// A transition or animation event on a node.
#[derive(Clone, Debug, PartialEq)]
pub struct MotionEvent {
    pub node: NodeId,
    pub kind: MotionEventKind,
    /// The transitioned property (`transitionend`) or the `@keyframes` name.
    pub name: String,
    /// Seconds of the transition's or animation's active time when it happened
    /// (`elapsedTime` in the DOM's events).
    pub elapsed: f32,
}

/// A running transition of one property (CSS Transitions 1 §3).
#[derive(Clone, Debug)]
struct Transition {
    prop: Prop,
    from: Value,
    to: Value,
    /// Clock time (seconds) its delay ends at (may be in the past).
    start: f64,
    duration: f64,
    timing: Timing,
    /// Where a transition that reverses this one has to go back to, and how much of
    /// its duration that takes (CSS Transitions 1 §3, "reversing-adjusted start value"
    /// and "reversing shortening factor").
    reversing_start: Value,
    shortening: f64,
}

impl Transition {
    /// The eased progress at clock time `now`.
    fn output_progress(&self, now: f64) -> f32 {
        let p = if self.duration > 0.0 {
            ((now - self.start) / self.duration).clamp(0.0, 1.0)
        } else {
            1.0
        };
        self.timing.ease(p as f32)
    }
}

/// A node's motion: its style before motion, and what animates it.
#[derive(Clone, Debug)]
struct NodeMotion {
    base: ComputedStyle,
    transitions: Vec<Transition>,
    animations: Vec<Running>,
}

/// The document's running motion and its clock.
#[derive(Clone, Debug, Default)]
pub struct Motion {
    /// The clock, in seconds (the runtime's, set by [`set_clock`] and [`tick`]).
    now: f64,
    nodes: FastMap<NodeId, NodeMotion>,
    /// The clock time the next frame is needed at (`None`: nothing is scheduled).
    next: Option<f64>,
    /// Events since the runtime last took them ([`take_events`]).
    events: Vec<MotionEvent>,
}

impl Motion {
    /// True when `node` has motion state (cheap on a page without any).
    pub(crate) fn has(&self, node: NodeId) -> bool {
        !self.nodes.is_empty() && self.nodes.contains_key(&node)
    }

    /// Drops a removed node's state.
    pub(crate) fn forget(&mut self, node: NodeId) {
        if !self.nodes.is_empty() {
            self.nodes.remove(&node);
        }
    }
}

/// The transition and animation events that happened since the last call, in order.
pub fn take_events(doc: &mut Document) -> Vec<MotionEvent> {
    std::mem::take(&mut doc.motion.events)
}

/// Sets the document's clock (the time new transitions and animations start at).
pub fn set_clock(doc: &mut Document, now: Duration) {
    doc.motion.now = now.as_secs_f64();
}

/// How long after `now` the document next needs [`tick`]: zero while something moves,
/// the time to the end of a delay, `None` when nothing is scheduled (paused or
/// finished animations hold still).
pub fn next_wakeup(doc: &Document, now: Duration) -> Option<Duration> {
    let next = doc.motion.next?;
    let wait = (next - now.as_secs_f64()).max(0.0);
    Some(Duration::from_secs_f64(wait.min(1e9)))
}

/// The style `node` had before motion applied (what an element styled alike may share).
pub(crate) fn base_style(doc: &Document, node: NodeId) -> ComputedStyle {
    match doc.motion.nodes.get(&node) {
        Some(m) if !doc.motion.nodes.is_empty() => m.base.clone(),
        _ => doc.node(node).style.clone(),
    }
}

/// The `@keyframes` rule named `name`: the last one in the last sheet that has it (CSS
/// Animations 1 §2).
fn find_keyframes<'s>(styles: &'s StyleSet, name: &str) -> Option<&'s Keyframes> {
    styles
        .sheets()
        .iter()
        .rev()
        .find_map(|s| s.keyframes.iter().rev().find(|k| k.name == name))
}

/// The keyframes of `kf` resolved against the element's `base` style, per property.
fn tracks(kf: &Keyframes, base: &ComputedStyle, viewport: (f32, f32)) -> Vec<Track> {
    let mut out: Vec<Track> = Vec::new();
    for frame in &kf.frames {
        let style = compute(frame.declarations.iter(), Some(base), viewport);
        let timing = frame.declarations.iter().rev().find_map(|d| match d {
            Declaration::Motion(m) => match &**m {
                MotionDecl::AnimationTiming(t) => t.first().copied(),
                _ => None,
            },
            _ => None,
        });
        for prop in frame.declarations.iter().filter_map(Prop::declared_by) {
            let value = prop.get(&style);
            let track = match out.iter_mut().position(|t| t.prop == prop) {
                Some(i) => &mut out[i],
                None => {
                    out.push(Track {
                        prop,
                        frames: Vec::new(),
                    });
                    let last = out.len() - 1;
                    &mut out[last]
                }
            };
            for &o in &frame.offsets {
                // A later block for the same offset wins.
                track.frames.retain(|(x, _, _)| *x != o);
                track.frames.push((o, Some(value.clone()), timing));
            }
        }
    }
    for t in &mut out {
        t.frames.sort_by(|a, b| a.0.total_cmp(&b.0));
        if t.frames.first().is_none_or(|f| f.0 > 0.0) {
            t.frames.insert(0, (0.0, None, None));
        }
        if t.frames.last().is_none_or(|f| f.0 < 1.0) {
            t.frames.push((1.0, None, None));
        }
    }
    out
}

impl Track {
    /// The value at iteration progress `p`, the easing applied per keyframe interval: its
    /// first keyframe's `animation-timing-function`, else the animation's `timing`.
    fn sample(&self, base: &ComputedStyle, p: f32, timing: Timing) -> Value {
        let value = |v: &Option<Value>| v.clone().unwrap_or_else(|| self.prop.get(base));
        let i = self
            .frames
            .windows(2)
            .position(|w| p < w[1].0)
            .unwrap_or(self.frames.len().saturating_sub(2));
        let (Some(a), Some(b)) = (self.frames.get(i), self.frames.get(i + 1)) else {
            return self
                .frames
                .first()
                .map_or(self.prop.get(base), |f| value(&f.1));
        };
        let span = b.0 - a.0;
        let local = if span > 0.0 { (p - a.0) / span } else { 1.0 };
        interpolate(
            &value(&a.1),
            &value(&b.1),
            a.2.unwrap_or(timing).ease(local.clamp(0.0, 1.0)),
        )
    }
}

/// What an animation shows at local time `t` (seconds since its start, delay
/// included): the iteration progress to sample at, or `None` for no effect (Web
/// Animations 1 §4.6–§4.8), and when it next changes (`Some(0)`: every frame).
fn progress(spec: &AnimationSpec, t: f64) -> (Option<f32>, Option<f64>) {
    let duration = secs(spec.duration);
    let delay = secs(spec.delay);
    let iterations = f64::from(spec.iterations);
    let active = duration * iterations;
    let local = t - delay;
    let directed = |iteration: f64, p: f64| {
        let odd = iteration.rem_euclid(2.0) >= 1.0;
        let reverse = match spec.direction {
            Direction::Normal => false,
            Direction::Reverse => true,
            Direction::Alternate => odd,
            Direction::AlternateReverse => !odd,
        };
        (if reverse { 1.0 - p } else { p }) as f32
    };
    if local < 0.0 {
        let shown = spec.fill.backwards().then(|| directed(0.0, 0.0));
        let next = (!spec.paused).then_some(-local);
        return (shown, next);
    }
    if local >= active || duration <= 0.0 {
        if !spec.fill.forwards() {
            return (None, None);
        }
        // The end of the last iteration (its start, for a whole number of them).
        let overall = if duration > 0.0 {
            iterations
        } else {
            iterations.min(1e9)
        };
        let (iteration, p) = if overall > 0.0 && overall.fract() == 0.0 {
            (overall - 1.0, 1.0)
        } else {
            (overall.floor(), overall.fract())
        };
        return (Some(directed(iteration, p)), None);
    }
    let overall = local / duration;
    let next = (!spec.paused).then_some(0.0);
    (Some(directed(overall.floor(), overall.fract())), next)
}

/// Seconds from a style's `f32`, to the microsecond: `0.1s` is 0.1 on the clock, not
/// 0.10000000149, which a frame at exactly 100 ms would find still in the delay.
fn secs(s: f32) -> f64 {
    (f64::from(s) * 1e6).round() / 1e6
}

/// The phase of an animation at local time `t` (delay included).
fn phase(spec: &AnimationSpec, t: f64) -> Phase {
    let duration = secs(spec.duration.max(0.0));
    let local = t - secs(spec.delay);
    let active = duration * f64::from(spec.iterations);
    if local < 0.0 {
        Phase::Before
    } else if local >= active || duration <= 0.0 {
        Phase::After
    } else {
        Phase::Active((local / duration).floor())
    }
}

/// The events between an animation's phases `from` (`None`: not started) and `to`, as
/// (kind, elapsed seconds of active time) (CSS Animations 1 §4.2).
fn phase_events(
    spec: &AnimationSpec,
    from: Option<Phase>,
    to: Phase,
) -> Vec<(MotionEventKind, f32)> {
    let duration = spec.duration.max(0.0);
    let active = duration * spec.iterations;
    let start = if spec.delay < 0.0 {
        (-spec.delay).min(active.max(0.0))
    } else {
        0.0
    };
    let from = from.unwrap_or(Phase::Before);
    match (from, to) {
        (Phase::Before, Phase::Active(_)) => vec![(MotionEventKind::AnimationStart, start)],
        (Phase::Before, Phase::After) => vec![
            (MotionEventKind::AnimationStart, start),
            (MotionEventKind::AnimationEnd, active),
        ],
        (Phase::Active(a), Phase::Active(b)) if b > a => {
            vec![(MotionEventKind::AnimationIteration, (b as f32) * duration)]
        }
        (Phase::Active(_), Phase::After) => vec![(MotionEventKind::AnimationEnd, active)],
        _ => Vec::new(),
    }
}

impl NodeMotion {
    /// The base style with the motion's values at clock time `now`, and the clock
    /// time the next change is due (`None`: none). Finished transitions are dropped.
    /// The events that happened until `now` are added to `events` (node left unset).
    fn styled_at(
        &mut self,
        now: f64,
        events: &mut Vec<(MotionEventKind, String, f32)>,
    ) -> (ComputedStyle, Option<f64>) {
        let mut s = self.base.clone();
        let mut next: Option<f64> = None;
        let mut due = |t: f64| next = Some(next.map_or(t, |n: f64| n.min(t)));
        for r in &mut self.animations {
            let t = if r.spec.paused {
                r.held
            } else {
                now - r.started
            };
            let ph = phase(&r.spec, t);
            if r.reported != Some(ph) {
                for (kind, elapsed) in phase_events(&r.spec, r.reported, ph) {
                    events.push((kind, r.spec.name.to_string(), elapsed));
                }
                r.reported = Some(ph);
            }
            let (p, wake) = progress(&r.spec, t);
            if let Some(w) = wake {
                due(now + w);
            }
            if let Some(p) = p {
                for track in &r.tracks {
                    track
                        .prop
                        .set(&mut s, track.sample(&self.base, p, r.spec.timing));
                }
            }
        }
        // Transitions come after animations in the cascade (CSS Cascade 4 §6.1).
        self.transitions.retain(|t| {
            let running = now < t.start + t.duration || t.duration <= 0.0 && now < t.start;
            if !running {
                let elapsed = t.duration.max(0.0) as f32;
                events.push((
                    MotionEventKind::TransitionEnd,
                    t.prop.name().into(),
                    elapsed,
                ));
            }
            running
        });
        for t in &self.transitions {
            let v = interpolate(&t.from, &t.to, t.output_progress(now));
            t.prop.set(&mut s, v);
            due(if now < t.start { t.start } else { now });
        }
        (s, next)
    }
}

/// Called by the cascade for element `id` whose newly computed style is `new` when it
/// declares motion or has some running (see the module docs); replaces `new` with the
/// animated style.
pub(crate) fn on_restyle(
    doc: &mut Document,
    styles: &StyleSet,
    id: NodeId,
    new: &mut ComputedStyle,
    viewport: (f32, f32),
) {
    let now = doc.motion.now;
    let previous = doc.motion.nodes.remove(&id);
    let Some(motion) = new.motion.clone() else {
        // Motion no longer declared: running transitions and animations end.
        return;
    };
    let current = &doc.node(id).style;
    let mut state = NodeMotion {
        base: new.clone(),
        transitions: Vec::new(),
        animations: Vec::new(),
    };
    // The before-change style (CSS Transitions 1 §3): the last one's base, or the
    // style an element that had no motion until now already showed (a node never
    // styled still has the default style, which no cascade produces).
    let previous = match previous {
        Some(p) => Some(p),
        None if *current != ComputedStyle::default() => Some(NodeMotion {
            base: current.clone(),
            transitions: Vec::new(),
            animations: Vec::new(),
        }),
        None => None,
    };
    if let Some(prev) = previous {
        state.transitions = prev.transitions;
        // No transition to or from `display: none` (CSS Transitions 1 §3: the element
        // had or gets no box to show it on).
        let boxed = !current.hidden && !new.hidden;
        // Transitions (CSS Transitions 1 §3): a changed value starts one from what
        // shows now, or cancels the one running.
        for prop in PROPS {
            let after = prop.get(new);
            if prop.get(&prev.base) == after {
                continue;
            }
            let running = state
                .transitions
                .iter()
                .position(|t| t.prop == prop)
                .map(|i| state.transitions.remove(i));
            let Some((duration, timing, delay)) = motion.transition.for_property(prop.name())
            else {
                continue;
            };
            let from = prop.get(current);
            if from == after || !boxed {
                continue;
            }
            let (mut duration, mut delay) = (secs(duration), secs(delay));
            let (mut reversing_start, mut shortening) = (from.clone(), 1.0);
            // Going back to where a running transition came from takes as long as
            // it took to get here (§3, step 4 of starting a transition).
            if let Some(r) = running.filter(|r| r.reversing_start == after) {
                let p = f64::from(r.output_progress(now));
                shortening = (p * r.shortening + 1.0 - r.shortening)
                    .abs()
                    .clamp(0.0, 1.0);
                reversing_start = r.to;
                duration *= shortening;
                if delay < 0.0 {
                    delay *= shortening;
                }
            }
            state.transitions.push(Transition {
                prop,
                from,
                to: after,
                start: now + delay,
                duration,
                timing,
                reversing_start,
                shortening,
            });
        }
        state.animations = prev.animations;
    }
    // Animations (CSS Animations 1 §3): one per name; one that was running goes on,
    // the others start now.
    let mut kept = Vec::new();
    for spec in motion.animation.specs() {
        let old = state
            .animations
            .iter()
            .position(|r| r.spec.name == spec.name)
            .map(|i| state.animations.remove(i));
        let running = match old {
            Some(mut r) => {
                if r.spec.paused != spec.paused {
                    if spec.paused {
                        r.held = now - r.started;
                    } else {
                        r.started = now - r.held;
                    }
                }
                r.spec = spec;
                r
            }
            None => {
                let Some(kf) = find_keyframes(styles, &spec.name) else {
                    continue;
                };
                Running {
                    tracks: tracks(kf, new, viewport),
                    spec,
                    started: now,
                    held: 0.0,
                    reported: None,
                }
            }
        };
        kept.push(running);
    }
    state.animations = kept;
    let mut events = Vec::new();
    let (styled, next) = state.styled_at(now, &mut events);
    push_events(doc, id, events);
    *new = styled;
    if let Some(n) = next {
        doc.motion.next = Some(doc.motion.next.map_or(n, |m| m.min(n)));
    }
    doc.motion.nodes.insert(id, state);
}

fn push_events(doc: &mut Document, node: NodeId, events: Vec<(MotionEventKind, String, f32)>) {
    doc.motion
        .events
        .extend(events.into_iter().map(|(kind, name, elapsed)| MotionEvent {
            node,
            kind,
            name,
            elapsed,
        }));
}

/// Moves the document's clock to `now` and puts every animated node's values for that
/// time in its style. A node whose look changed is damaged (its old and new ink) and
/// flagged for repaint; nothing is laid out again. Returns [`next_wakeup`].
pub fn tick(doc: &mut Document, now: Duration) -> Option<Duration> {
    set_clock(doc, now);
    if doc.motion.nodes.is_empty() {
        doc.motion.next = None;
        return None;
    }
    let t = doc.motion.now;
    let ids: Vec<NodeId> = doc.motion.nodes.keys().copied().collect();
    let mut next: Option<f64> = None;
    for id in ids {
        if doc.get(id).is_none() {
            doc.motion.nodes.remove(&id);
            continue;
        }
        let Some(state) = doc.motion.nodes.get_mut(&id) else {
            continue;
        };
        let mut events = Vec::new();
        let (styled, due) = state.styled_at(t, &mut events);
        push_events(doc, id, events);
        if let Some(d) = due {
            next = Some(next.map_or(d, |n| n.min(d)));
        }
        let old = &doc.node(id).style;
        if *old == styled {
            continue;
        }
        let transform_changed = old.transform != styled.transform;
        let color_changed = old.color != styled.color;
        doc.add_damage_of(id);
        doc.node_mut(id).style = styled;
        if transform_changed {
            crate::layout::refresh_ink(doc, id);
        }
        doc.mark_paint_dirty(id);
        // `color` is inherited: the children take the new value at the next restyle.
        if color_changed {
            let children = doc.node(id).children.clone();
            for c in children {
                doc.mark_subtree_style_dirty(c);
            }
        }
    }
    doc.motion.next = next;
    next_wakeup(doc, now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    use crate::style::motion::Fill;

    fn spec(duration: f32, delay: f32, iterations: f32, fill: Fill) -> AnimationSpec {
        AnimationSpec {
            name: Arc::from("a"),
            duration,
            timing: Timing::Linear,
            delay,
            iterations,
            direction: Direction::Normal,
            fill,
            paused: false,
        }
    }

    #[test]
    fn a_keyframe_eases_the_interval_it_starts() {
        let css = "@keyframes k { from { opacity: 0; animation-timing-function: steps(2, end) } \
                   50% { opacity: 0.5 } to { opacity: 1 } }";
        let (sheet, _) = crate::style::Stylesheet::parse(css, "t.wxss", Default::default());
        let Some(kf) = sheet.keyframes.first() else {
            panic!("no @keyframes");
        };
        let base = ComputedStyle::default();
        let t = tracks(kf, &base, (400.0, 300.0));
        let opacity = |p: f32| match t[0].sample(&base, p, Timing::Linear) {
            Value::Number(n) => n,
            v => panic!("{v:?}"),
        };
        // 0..50% steps in two; 50%..100% is the animation's own linear.
        assert_eq!(opacity(0.2), 0.0);
        assert_eq!(opacity(0.3), 0.25);
        assert!((opacity(0.75) - 0.75).abs() < 1e-6);
    }

    #[test]
    fn events_follow_the_phases() {
        use MotionEventKind::*;
        let s = spec(0.4, 0.1, 2.0, Fill::None);
        // 0.1 s of delay is over at exactly 100 ms on the clock.
        assert_eq!(phase(&s, 0.1), Phase::Active(0.0));
        assert_eq!(phase_events(&s, None, phase(&s, 0.05)), vec![]);
        assert_eq!(
            phase_events(&s, Some(Phase::Before), Phase::Active(0.0)),
            vec![(AnimationStart, 0.0)]
        );
        let i = phase_events(&s, Some(Phase::Active(0.0)), phase(&s, 0.6));
        assert_eq!(i.len(), 1);
        assert_eq!(i[0].0, AnimationIteration);
        assert!((i[0].1 - 0.4).abs() < 1e-6);
        assert_eq!(phase(&s, 0.9), Phase::After);
        // A zero-length animation starts and ends in the same frame; a negative delay
        // starts it that far in.
        let z = spec(0.0, 0.0, 1.0, Fill::None);
        let kinds: Vec<_> = phase_events(&z, None, phase(&z, 0.0))
            .into_iter()
            .map(|e| e.0)
            .collect();
        assert_eq!(kinds, vec![AnimationStart, AnimationEnd]);
        let late = spec(1.0, -0.25, 1.0, Fill::None);
        assert_eq!(
            phase_events(&late, None, phase(&late, 0.0)),
            vec![(AnimationStart, 0.25)]
        );
    }

    #[test]
    fn progress_follows_the_phases() {
        let s = spec(2.0, 1.0, 1.0, Fill::None);
        assert_eq!(progress(&s, 0.5), (None, Some(0.5)));
        assert_eq!(progress(&s, 2.0), (Some(0.5), Some(0.0)));
        assert_eq!(progress(&s, 3.5), (None, None));
        let f = spec(2.0, 1.0, 1.0, Fill::Both);
        assert_eq!(progress(&f, 0.0).0, Some(0.0));
        assert_eq!(progress(&f, 9.0), (Some(1.0), None));
        let mut alt = spec(1.0, 0.0, f32::INFINITY, Fill::None);
        alt.direction = Direction::Alternate;
        assert_eq!(progress(&alt, 1.25).0, Some(0.75));
        assert_eq!(progress(&alt, 2.25).0, Some(0.25));
    }
}
