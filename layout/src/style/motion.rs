//! The declarations of motion: `transition` (CSS Transitions 1 §2) and `animation`
//! (CSS Animations 1 §3) with their longhands, the timing functions they name (CSS
//! Easing 1 §2–§4), and `@keyframes` rules (CSS Animations 1 §2).
//!
//! Computed values are kept as CSS keeps them, one list per longhand
//! ([`MotionStyle`]); the effective list of animations (or transitions) is as long as
//! `animation-name` (`transition-property`) and the other lists repeat to match (CSS
//! Animations 1 §3, "lists of values"). Running them is [`super::animate`]'s work.

use std::sync::Arc;

use cssparser::{Parser, Token};

use super::computed::ComputedStyle;
pub use super::easing::{timing, Timing, EASE};
use super::properties::Declaration;
use super::values::{invalid, ValueError};

/// `animation-direction` (CSS Animations 1 §3.6).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Direction {
    /// Every iteration forwards.
    #[default]
    Normal,
    /// Every iteration backwards.
    Reverse,
    /// Odd iterations forwards, even ones backwards.
    Alternate,
    /// Odd iterations backwards, even ones forwards.
    AlternateReverse,
}

/// `animation-fill-mode` (CSS Animations 1 §3.8).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Fill {
    /// No effect outside the active interval.
    #[default]
    None,
    /// The last frame holds after the end.
    Forwards,
    /// The first frame shows during the delay.
    Backwards,
    /// Both.
    Both,
}

impl Fill {
    /// Shows during the delay.
    pub fn backwards(self) -> bool {
        matches!(self, Fill::Backwards | Fill::Both)
    }
    /// Holds after the end.
    pub fn forwards(self) -> bool {
        matches!(self, Fill::Forwards | Fill::Both)
    }
}

/// The computed `animation-*` longhands, one list each (CSS Animations 1 §3).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq)]
pub struct AnimationLists {
    /// `animation-name`; `None` = `none`.
    pub names: Vec<Option<Arc<str>>>,
    /// `animation-duration` in seconds.
    pub durations: Vec<f32>,
    /// `animation-timing-function`.
    pub timings: Vec<Timing>,
    /// `animation-delay` in seconds (negative starts part-way).
    pub delays: Vec<f32>,
    /// `animation-iteration-count`; `f32::INFINITY` = `infinite`.
    pub iterations: Vec<f32>,
    /// `animation-direction`.
    pub directions: Vec<Direction>,
    /// `animation-fill-mode`.
    pub fills: Vec<Fill>,
    /// `animation-play-state`: true = `paused`.
    pub paused: Vec<bool>,
}

impl Default for AnimationLists {
    fn default() -> Self {
        AnimationLists {
            names: vec![None],
            durations: vec![0.0],
            timings: vec![EASE],
            delays: vec![0.0],
            iterations: vec![1.0],
            directions: vec![Direction::Normal],
            fills: vec![Fill::None],
            paused: vec![false],
        }
    }
}

/// One animation of an element, its longhands' values at one index.
#[derive(Clone, Debug, PartialEq)]
pub struct AnimationSpec {
    /// The `@keyframes` name.
    pub name: Arc<str>,
    /// Seconds per iteration.
    pub duration: f32,
    /// Applied per keyframe interval.
    pub timing: Timing,
    /// Seconds before the first iteration (negative: already part-way).
    pub delay: f32,
    /// Iterations; may be fractional or infinite.
    pub iterations: f32,
    /// Which way each iteration runs.
    pub direction: Direction,
    /// Effect outside the active interval.
    pub fill: Fill,
    /// `paused`: time stands still for it.
    pub paused: bool,
}

/// The `i`-th value of a longhand list, repeating it to the name list's length
/// (CSS Animations 1 §3); `fallback` for an empty list, which the parser never makes.
fn nth<T: Copy>(list: &[T], i: usize, fallback: T) -> T {
    if list.is_empty() {
        fallback
    } else {
        list[i % list.len()]
    }
}

impl AnimationLists {
    /// The animations these lists describe, in order, without the `none` entries.
    pub fn specs(&self) -> Vec<AnimationSpec> {
        self.names
            .iter()
            .enumerate()
            .filter_map(|(i, n)| {
                Some(AnimationSpec {
                    name: n.clone()?,
                    duration: nth(&self.durations, i, 0.0),
                    timing: nth(&self.timings, i, EASE),
                    delay: nth(&self.delays, i, 0.0),
                    iterations: nth(&self.iterations, i, 1.0),
                    direction: nth(&self.directions, i, Direction::Normal),
                    fill: nth(&self.fills, i, Fill::None),
                    paused: nth(&self.paused, i, false),
                })
            })
            .collect()
    }
}

/// What `transition-property` names (CSS Transitions 1 §2.1).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq)]
pub enum TransitionProperty {
    /// `all`.
    All,
    /// `none`.
    None,
    /// One property by name (lower-case); shorthands name their longhands.
    Named(Arc<str>),
}

/// The computed `transition-*` longhands, one list each (CSS Transitions 1 §2).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq)]
pub struct TransitionLists {
    /// `transition-property`.
    pub properties: Vec<TransitionProperty>,
    /// `transition-duration` in seconds.
    pub durations: Vec<f32>,
    /// `transition-timing-function`.
    pub timings: Vec<Timing>,
    /// `transition-delay` in seconds (negative starts part-way).
    pub delays: Vec<f32>,
}

impl Default for TransitionLists {
    fn default() -> Self {
        TransitionLists {
            properties: vec![TransitionProperty::All],
            durations: vec![0.0],
            timings: vec![EASE],
            delays: vec![0.0],
        }
    }
}

impl TransitionLists {
    /// How property `name` (lower-case longhand, e.g. `border-top-color`) transitions:
    /// `(duration, timing, delay)` of the last entry naming it (CSS Transitions 1 §2:
    /// a later one wins), `None` when none does or its combined duration is 0.
    pub fn for_property(&self, name: &str) -> Option<(f32, Timing, f32)> {
        let mut found = None;
        for (i, p) in self.properties.iter().enumerate() {
            let hit = match p {
                TransitionProperty::All => true,
                TransitionProperty::None => false,
                TransitionProperty::Named(n) => {
                    &**n == name
                        || (name.starts_with("border-")
                            && name.ends_with("-color")
                            && &**n == "border-color")
                        || (&**n == "background" && name == "background-color")
                }
            };
            if hit {
                found = Some((
                    nth(&self.durations, i, 0.0),
                    nth(&self.timings, i, EASE),
                    nth(&self.delays, i, 0.0),
                ));
            }
        }
        found.filter(|(d, _, delay)| d.max(0.0) + delay > 0.0 && *d > 0.0)
    }
}

/// The computed motion properties of an element; `ComputedStyle::motion` is `None`
/// while it declares none (the common case costs one pointer test per restyle).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MotionStyle {
    /// The `animation-*` longhands.
    pub animation: AnimationLists,
    /// The `transition-*` longhands.
    pub transition: TransitionLists,
}

/// One motion declaration (a shorthand sets all its longhands' lists).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq)]
pub enum MotionDecl {
    /// `animation` (§3.10).
    Animation(Box<AnimationLists>),
    /// `animation-name`.
    AnimationName(Vec<Option<Arc<str>>>),
    /// `animation-duration`.
    AnimationDuration(Vec<f32>),
    /// `animation-timing-function`.
    AnimationTiming(Vec<Timing>),
    /// `animation-delay`.
    AnimationDelay(Vec<f32>),
    /// `animation-iteration-count`.
    AnimationIterations(Vec<f32>),
    /// `animation-direction`.
    AnimationDirection(Vec<Direction>),
    /// `animation-fill-mode`.
    AnimationFill(Vec<Fill>),
    /// `animation-play-state`.
    AnimationPlayState(Vec<bool>),
    /// `transition` (CSS Transitions 1 §2.5).
    Transition(Box<TransitionLists>),
    /// `transition-property`.
    TransitionProperty(Vec<TransitionProperty>),
    /// `transition-duration`.
    TransitionDuration(Vec<f32>),
    /// `transition-timing-function`.
    TransitionTiming(Vec<Timing>),
    /// `transition-delay`.
    TransitionDelay(Vec<f32>),
}

/// Applies `d` to the element's computed style.
pub fn apply(d: &MotionDecl, s: &mut ComputedStyle) {
    let m = Arc::make_mut(s.motion.get_or_insert_with(Default::default));
    let (a, t) = (&mut m.animation, &mut m.transition);
    match d {
        MotionDecl::Animation(v) => *a = (**v).clone(),
        MotionDecl::AnimationName(v) => a.names = v.clone(),
        MotionDecl::AnimationDuration(v) => a.durations = v.clone(),
        MotionDecl::AnimationTiming(v) => a.timings = v.clone(),
        MotionDecl::AnimationDelay(v) => a.delays = v.clone(),
        MotionDecl::AnimationIterations(v) => a.iterations = v.clone(),
        MotionDecl::AnimationDirection(v) => a.directions = v.clone(),
        MotionDecl::AnimationFill(v) => a.fills = v.clone(),
        MotionDecl::AnimationPlayState(v) => a.paused = v.clone(),
        MotionDecl::Transition(v) => *t = (**v).clone(),
        MotionDecl::TransitionProperty(v) => t.properties = v.clone(),
        MotionDecl::TransitionDuration(v) => t.durations = v.clone(),
        MotionDecl::TransitionTiming(v) => t.timings = v.clone(),
        MotionDecl::TransitionDelay(v) => t.delays = v.clone(),
    }
}

/// The initial value of motion property `name`, or `None` for another property.
pub fn initial_value(name: &str) -> Option<&'static str> {
    Some(match name {
        "animation" => "none",
        "animation-name" => "none",
        "animation-duration" | "transition-duration" => "0s",
        "animation-delay" | "transition-delay" => "0s",
        "animation-timing-function" | "transition-timing-function" => "ease",
        "animation-iteration-count" => "1",
        "animation-direction" => "normal",
        "animation-fill-mode" => "none",
        "animation-play-state" => "running",
        "transition" => "all 0s ease 0s",
        "transition-property" => "all",
        _ => return None,
    })
}

/// Parses motion property `name`, or `None` when it is not one.
pub fn parse<'i>(
    name: &str,
    input: &mut Parser<'i, '_>,
) -> Option<Result<Vec<Declaration>, ValueError<'i>>> {
    use MotionDecl as M;
    let r = match name {
        "animation" => list(input, animation_item).map(|items| {
            let mut l = AnimationLists {
                names: Vec::new(),
                durations: Vec::new(),
                timings: Vec::new(),
                delays: Vec::new(),
                iterations: Vec::new(),
                directions: Vec::new(),
                fills: Vec::new(),
                paused: Vec::new(),
            };
            for it in items {
                l.names.push(it.name);
                l.durations.push(it.duration);
                l.timings.push(it.timing);
                l.delays.push(it.delay);
                l.iterations.push(it.iterations);
                l.directions.push(it.direction);
                l.fills.push(it.fill);
                l.paused.push(it.paused);
            }
            M::Animation(Box::new(l))
        }),
        "animation-name" => list(input, animation_name).map(M::AnimationName),
        "animation-duration" => list(input, duration).map(M::AnimationDuration),
        "animation-timing-function" => list(input, timing).map(M::AnimationTiming),
        "animation-delay" => list(input, time).map(M::AnimationDelay),
        "animation-iteration-count" => list(input, iteration_count).map(M::AnimationIterations),
        "animation-direction" => list(input, direction).map(M::AnimationDirection),
        "animation-fill-mode" => list(input, fill_mode).map(M::AnimationFill),
        "animation-play-state" => list(input, play_state).map(M::AnimationPlayState),
        "transition" => list(input, transition_item).map(|items| {
            let mut l = TransitionLists {
                properties: Vec::new(),
                durations: Vec::new(),
                timings: Vec::new(),
                delays: Vec::new(),
            };
            for (p, d, t, delay) in items {
                l.properties.push(p);
                l.durations.push(d);
                l.timings.push(t);
                l.delays.push(delay);
            }
            M::Transition(Box::new(l))
        }),
        "transition-property" => list(input, transition_property).map(M::TransitionProperty),
        "transition-duration" => list(input, duration).map(M::TransitionDuration),
        "transition-timing-function" => list(input, timing).map(M::TransitionTiming),
        "transition-delay" => list(input, time).map(M::TransitionDelay),
        _ => return None,
    };
    Some(r.map(|d| vec![Declaration::Motion(Box::new(d))]))
}

/// A comma-separated list of `item`.
fn list<'i, T>(
    input: &mut Parser<'i, '_>,
    item: impl for<'t> Fn(&mut Parser<'i, 't>) -> Result<T, ValueError<'i>>,
) -> Result<Vec<T>, ValueError<'i>> {
    input.parse_comma_separated(|i| item(i))
}

/// A `<time>` in seconds (CSS Values 4 §7.3); a bare 0 is accepted as browsers do in
/// these properties' legacy parsing.
pub fn time<'i>(input: &mut Parser<'i, '_>) -> Result<f32, ValueError<'i>> {
    let v = match *input.next()? {
        Token::Dimension {
            value, ref unit, ..
        } if unit.eq_ignore_ascii_case("s") => value,
        Token::Dimension {
            value, ref unit, ..
        } if unit.eq_ignore_ascii_case("ms") => value / 1000.0,
        Token::Number { value: 0.0, .. } => 0.0,
        _ => return Err(invalid(input, "time")),
    };
    if v.is_finite() {
        Ok(v)
    } else {
        Err(invalid(input, "time"))
    }
}

/// A `<time>` that may not be negative (durations).
fn duration<'i>(input: &mut Parser<'i, '_>) -> Result<f32, ValueError<'i>> {
    let v = time(input)?;
    if v < 0.0 {
        return Err(invalid(input, "duration"));
    }
    Ok(v)
}

fn iteration_count<'i>(input: &mut Parser<'i, '_>) -> Result<f32, ValueError<'i>> {
    if input
        .try_parse(|i| i.expect_ident_matching("infinite"))
        .is_ok()
    {
        return Ok(f32::INFINITY);
    }
    let n = input.expect_number()?;
    if n < 0.0 || !n.is_finite() {
        return Err(invalid(input, "animation-iteration-count"));
    }
    Ok(n)
}

fn keyword<'i, T>(
    input: &mut Parser<'i, '_>,
    what: &str,
    table: &[(&str, T)],
) -> Result<T, ValueError<'i>>
where
    T: Copy,
{
    let k = input.expect_ident()?.to_ascii_lowercase();
    table
        .iter()
        .find(|(n, _)| *n == k)
        .map(|(_, v)| *v)
        .ok_or_else(|| invalid(input, what))
}

const DIRECTIONS: [(&str, Direction); 4] = [
    ("normal", Direction::Normal),
    ("reverse", Direction::Reverse),
    ("alternate", Direction::Alternate),
    ("alternate-reverse", Direction::AlternateReverse),
];
const FILLS: [(&str, Fill); 4] = [
    ("none", Fill::None),
    ("forwards", Fill::Forwards),
    ("backwards", Fill::Backwards),
    ("both", Fill::Both),
];
const PLAY_STATES: [(&str, bool); 2] = [("running", false), ("paused", true)];

fn direction<'i>(input: &mut Parser<'i, '_>) -> Result<Direction, ValueError<'i>> {
    keyword(input, "animation-direction", &DIRECTIONS)
}

fn fill_mode<'i>(input: &mut Parser<'i, '_>) -> Result<Fill, ValueError<'i>> {
    keyword(input, "animation-fill-mode", &FILLS)
}

fn play_state<'i>(input: &mut Parser<'i, '_>) -> Result<bool, ValueError<'i>> {
    keyword(input, "animation-play-state", &PLAY_STATES)
}

/// `none`, an identifier or a string (CSS Animations 1 §3.2).
fn animation_name<'i>(input: &mut Parser<'i, '_>) -> Result<Option<Arc<str>>, ValueError<'i>> {
    match input.next()?.clone() {
        Token::Ident(ref k) if k.eq_ignore_ascii_case("none") => Ok(None),
        Token::Ident(ref k) => Ok(Some(Arc::from(&**k))),
        Token::QuotedString(ref s) => Ok(Some(Arc::from(&**s))),
        _ => Err(invalid(input, "animation-name")),
    }
}

/// One item of the `animation` shorthand.
struct AnimationItem {
    name: Option<Arc<str>>,
    duration: f32,
    timing: Timing,
    delay: f32,
    iterations: f32,
    direction: Direction,
    fill: Fill,
    paused: bool,
}

/// One `<single-animation>` (CSS Animations 1 §3.10): its parts in any order, the
/// first time the duration and the second the delay; an identifier that is no
/// keyword of another part is the name.
fn animation_item<'i>(input: &mut Parser<'i, '_>) -> Result<AnimationItem, ValueError<'i>> {
    let mut item = AnimationItem {
        name: None,
        duration: 0.0,
        timing: EASE,
        delay: 0.0,
        iterations: 1.0,
        direction: Direction::Normal,
        fill: Fill::None,
        paused: false,
    };
    let (mut times, mut seen_timing, mut seen_count, mut seen_dir, mut seen_fill) =
        (0, false, false, false, false);
    let (mut seen_state, mut seen_name) = (false, false);
    while !input.is_exhausted() {
        if times < 2 {
            if let Ok(t) = input.try_parse(time) {
                if times == 0 {
                    if t < 0.0 {
                        return Err(invalid(input, "animation-duration"));
                    }
                    item.duration = t;
                } else {
                    item.delay = t;
                }
                times += 1;
                continue;
            }
        }
        if !seen_timing {
            if let Ok(t) = input.try_parse(timing) {
                item.timing = t;
                seen_timing = true;
                continue;
            }
        }
        if !seen_count {
            if let Ok(n) = input.try_parse(iteration_count) {
                item.iterations = n;
                seen_count = true;
                continue;
            }
        }
        if !seen_dir {
            if let Ok(d) = input.try_parse(direction) {
                item.direction = d;
                seen_dir = true;
                continue;
            }
        }
        if !seen_fill {
            if let Ok(f) = input.try_parse(fill_mode) {
                item.fill = f;
                seen_fill = true;
                continue;
            }
        }
        if !seen_state {
            if let Ok(p) = input.try_parse(play_state) {
                item.paused = p;
                seen_state = true;
                continue;
            }
        }
        if !seen_name {
            item.name = animation_name(input)?;
            seen_name = true;
            continue;
        }
        return Err(invalid(input, "animation"));
    }
    Ok(item)
}

fn transition_property<'i>(
    input: &mut Parser<'i, '_>,
) -> Result<TransitionProperty, ValueError<'i>> {
    let k = input.expect_ident()?.to_ascii_lowercase();
    Ok(match k.as_str() {
        "all" => TransitionProperty::All,
        "none" => TransitionProperty::None,
        "initial" | "inherit" | "unset" | "default" => {
            return Err(invalid(input, "transition-property"))
        }
        _ => TransitionProperty::Named(Arc::from(k.as_str())),
    })
}

/// One `<single-transition>` (CSS Transitions 1 §2.5): property, duration, timing and
/// delay in any order (the first time the duration).
fn transition_item<'i>(
    input: &mut Parser<'i, '_>,
) -> Result<(TransitionProperty, f32, Timing, f32), ValueError<'i>> {
    let (mut prop, mut duration, mut t, mut delay) = (None, 0.0, None, 0.0);
    let mut times = 0;
    while !input.is_exhausted() {
        if times < 2 {
            if let Ok(v) = input.try_parse(time) {
                if times == 0 {
                    if v < 0.0 {
                        return Err(invalid(input, "transition-duration"));
                    }
                    duration = v;
                } else {
                    delay = v;
                }
                times += 1;
                continue;
            }
        }
        if t.is_none() {
            if let Ok(v) = input.try_parse(timing) {
                t = Some(v);
                continue;
            }
        }
        if prop.is_none() {
            prop = Some(transition_property(input)?);
            continue;
        }
        return Err(invalid(input, "transition"));
    }
    Ok((
        prop.unwrap_or(TransitionProperty::All),
        duration,
        t.unwrap_or(EASE),
        delay,
    ))
}

/// One `@keyframes` rule (CSS Animations 1 §2).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq)]
pub struct Keyframes {
    /// The name animations refer to it by.
    pub name: String,
    /// The keyframe blocks in source order.
    pub frames: Vec<Keyframe>,
}

/// One keyframe block: its offsets (`from` = 0, `to` = 1) and declarations
/// (`!important` ones are ignored, §2.1).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq)]
pub struct Keyframe {
    /// Offsets in 0..=1.
    pub offsets: Vec<f32>,
    /// The declarations.
    pub declarations: Vec<Declaration>,
}

/// The prelude of a keyframe block: a list of `from`, `to` or percentages.
pub fn parse_keyframe_selector<'i>(input: &mut Parser<'i, '_>) -> Result<Vec<f32>, ValueError<'i>> {
    input.parse_comma_separated(|i| match i.next()?.clone() {
        Token::Ident(ref k) if k.eq_ignore_ascii_case("from") => Ok(0.0),
        Token::Ident(ref k) if k.eq_ignore_ascii_case("to") => Ok(1.0),
        Token::Percentage { unit_value, .. } if (0.0..=1.0).contains(&unit_value) => Ok(unit_value),
        _ => Err(invalid(i, "keyframe selector")),
    })
}

/// The name of `@keyframes name`: an identifier or a string.
pub fn parse_keyframes_name<'i>(input: &mut Parser<'i, '_>) -> Result<String, ValueError<'i>> {
    let name = match input.next()?.clone() {
        Token::Ident(ref k) if !k.eq_ignore_ascii_case("none") => k.to_string(),
        Token::QuotedString(ref s) => s.to_string(),
        _ => return Err(invalid(input, "@keyframes name")),
    };
    input.expect_exhausted()?;
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::style::properties::parse_value;

    fn motion(name: &str, value: &str) -> MotionStyle {
        let decls = parse_value(name, value).unwrap_or_else(|| panic!("{name}: {value}"));
        let mut s = ComputedStyle::default();
        for d in &decls {
            if let Declaration::Motion(m) = d {
                apply(m, &mut s);
            }
        }
        s.motion.map(|m| (*m).clone()).unwrap_or_default()
    }

    #[test]
    fn animation_shorthand_reads_parts_in_any_order() {
        let m = motion(
            "animation",
            "spin 2s linear -1s infinite paused, paint 0.3s forwards reverse 3",
        );
        let specs = m.animation.specs();
        assert_eq!(specs.len(), 2);
        assert_eq!(&*specs[0].name, "spin");
        assert_eq!(specs[0].duration, 2.0);
        assert_eq!(specs[0].delay, -1.0);
        assert_eq!(specs[0].timing, Timing::Linear);
        assert!(specs[0].iterations.is_infinite());
        assert!(specs[0].paused);
        assert_eq!(specs[1].fill, Fill::Forwards);
        assert_eq!(specs[1].direction, Direction::Reverse);
        assert_eq!(specs[1].iterations, 3.0);
        assert_eq!(specs[1].timing, EASE);
    }

    #[test]
    fn longhand_lists_repeat_to_the_names() {
        let mut s = ComputedStyle::default();
        for (n, v) in [
            ("animation-duration", "1s, 250ms"),
            ("animation-name", "a, b, c"),
            ("animation-timing-function", "steps(4, jump-start)"),
        ] {
            for d in parse_value(n, v).unwrap_or_default() {
                if let Declaration::Motion(m) = &d {
                    apply(m, &mut s);
                }
            }
        }
        let specs = s.motion.map(|m| m.animation.specs()).unwrap_or_default();
        let durations: Vec<f32> = specs.iter().map(|s| s.duration).collect();
        assert_eq!(durations, [1.0, 0.25, 1.0]);
        assert_eq!(specs[2].timing, Timing::Steps(4, true, false));
    }

    #[test]
    fn transition_shorthand_and_property_lookup() {
        let m = motion(
            "transition",
            "background-color 0.3s, opacity 1000s linear -500s, border-color 1s",
        );
        let t = &m.transition;
        assert_eq!(t.for_property("background-color"), Some((0.3, EASE, 0.0)));
        assert_eq!(
            t.for_property("opacity"),
            Some((1000.0, Timing::Linear, -500.0))
        );
        assert!(t.for_property("border-left-color").is_some());
        assert_eq!(t.for_property("transform"), None);
        assert_eq!(
            motion("transition", "all 0s")
                .transition
                .for_property("color"),
            None
        );
        assert!(motion("transition", "1s")
            .transition
            .for_property("color")
            .is_some());
    }

    #[test]
    fn invalid_values_are_rejected() {
        for (n, v) in [
            ("animation", "a 1s 2s 3s"),
            ("animation-duration", "-1s"),
            ("transition", "opacity 1s, 2"),
            ("animation-timing-function", "cubic-bezier(2, 0, 1, 1)"),
            ("animation-timing-function", "steps(0)"),
            ("animation-iteration-count", "-1"),
        ] {
            assert_eq!(parse_value(n, v), None, "{n}: {v}");
        }
    }

    #[test]
    fn keyframes_rules_are_parsed_and_kept_by_compiled_sheets() {
        use crate::style::{ParseOptions, Stylesheet};
        let css = "@keyframes spin { from { transform: rotate(0deg) } 50%, 75% { opacity: .5 } \
                   to { transform: rotate(90deg); } }\n\
                   @-webkit-keyframes 'q' { 120% { opacity: 1 } to { opacity: 0 } }\n\
                   .a { animation: spin 1s; transition: opacity 2s }";
        let (sheet, warnings) = Stylesheet::parse(css, "k.wxss", ParseOptions::default());
        let names: Vec<&str> = sheet.keyframes.iter().map(|k| k.name.as_str()).collect();
        assert_eq!(names, ["spin", "q"]);
        let offsets: Vec<Vec<f32>> = sheet.keyframes[0]
            .frames
            .iter()
            .map(|f| f.offsets.clone())
            .collect();
        assert_eq!(offsets, [vec![0.0], vec![0.5, 0.75], vec![1.0]]);
        // The out-of-range block is dropped with a warning; the other one stays.
        assert_eq!(sheet.keyframes[1].frames.len(), 1);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].line, 2);
        assert_eq!(sheet.rules.len(), 1);
        #[cfg(feature = "serde")]
        assert_eq!(Stylesheet::from_bytes(&sheet.to_bytes()).ok(), Some(sheet));
    }
}
