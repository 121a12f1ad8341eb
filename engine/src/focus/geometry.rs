//! The geometric rules of spatial navigation: which boxes lie in a direction, and which of
//! them is the best next focus.
//!
//! The rules are those of Android's `FocusFinder` (AOSP
//! `frameworks/base/core/java/android/view/FocusFinder.java`: `isCandidate`,
//! `beamBeats`, `isBetterCandidate`, `getWeightedDistanceFor`), which TV users know from
//! every Android TV launcher. For a move in direction *d* from the box `src`:
//!
//! 1. **Candidate** ([`is_candidate`]): a box is a candidate only if it lies in *d*'s
//!    half-plane: its far edge is beyond `src`'s far edge and its near edge is past
//!    `src`'s near edge (going right: `src.left < r.left || src.right <= r.left`, and
//!    `src.right < r.right`). Overlapping boxes can qualify; boxes behind cannot.
//! 2. **Beam** ([`in_beam`]): the beam is `src` swept along *d*, i.e. `src`'s extent on the
//!    perpendicular axis. A candidate overlapping the beam (by a positive length) beats
//!    one outside it ([`beam_beats`]) — always for left/right; for up/down only when the
//!    beam candidate's near edge is closer than the other's *far* edge, so that a
//!    slightly offset item just below still wins over a beam item far down the page.
//! 3. **Distance** ([`weighted_distance`]): otherwise the smaller
//!    `13 · major² + minor²` wins, where `major` is the gap along *d* between `src`'s far
//!    edge and the candidate's near edge (0 when they overlap) and `minor` is the distance
//!    between the two boxes' centres on the perpendicular axis. The factor 13 makes one
//!    pixel along the pressed direction cost as much as √13 ≈ 3.6 pixels sideways: the
//!    nearest row or column wins before the best-aligned item within it.
//! 4. Remaining ties go to the first candidate in document order (the caller's order).
//!
//! The W3C draft *CSS Spatial Navigation Level 1* (<https://drafts.csswg.org/css-nav-1/>,
//! §6.2 "Focus Navigation Heuristics", "select the best candidate") scores with
//! `A + B + C − D` (Euclidean distance between the closest points, plus the distances
//! along and across the direction, minus the square root of the overlap area). It has no
//! explicit beam rule, so an unaligned but nearer box can win on a grid; we keep
//! FocusFinder's order and take from the draft its *spatial navigation containers* (search
//! inside the current scroll container first, see [`crate::focus`]).

use mica_layout::Rect;

use super::Direction;

/// Weight of the major-axis distance against the minor one (FocusFinder's constant).
pub const MAJOR_AXIS_WEIGHT: f64 = 13.0;

fn left(r: &Rect) -> f64 {
    f64::from(r.x)
}
fn right(r: &Rect) -> f64 {
    f64::from(r.x) + f64::from(r.width)
}
fn top(r: &Rect) -> f64 {
    f64::from(r.y)
}
fn bottom(r: &Rect) -> f64 {
    f64::from(r.y) + f64::from(r.height)
}

/// True when `r` lies in `dir`'s half-plane as seen from `src` (rule 1).
pub fn is_candidate(dir: Direction, src: &Rect, r: &Rect) -> bool {
    match dir {
        Direction::Left => (right(src) > right(r) || left(src) >= right(r)) && left(src) > left(r),
        Direction::Right => (left(src) < left(r) || right(src) <= left(r)) && right(src) < right(r),
        Direction::Up => (bottom(src) > bottom(r) || top(src) >= bottom(r)) && top(src) > top(r),
        Direction::Down => (top(src) < top(r) || bottom(src) <= top(r)) && bottom(src) < bottom(r),
    }
}

/// True when `r` overlaps `src`'s projection on the axis perpendicular to `dir` (rule 2).
/// Boxes that only touch do not overlap.
pub fn in_beam(dir: Direction, src: &Rect, r: &Rect) -> bool {
    match dir {
        Direction::Left | Direction::Right => bottom(r) > top(src) && top(r) < bottom(src),
        Direction::Up | Direction::Down => right(r) > left(src) && left(r) < right(src),
    }
}

/// True when all of `r` is beyond `src`'s edge in `dir`.
fn wholly_beyond(dir: Direction, src: &Rect, r: &Rect) -> bool {
    match dir {
        Direction::Left => left(src) >= right(r),
        Direction::Right => right(src) <= left(r),
        Direction::Up => top(src) >= bottom(r),
        Direction::Down => bottom(src) <= top(r),
    }
}

/// Gap along `dir` from `src`'s far edge to `r`'s near edge; 0 when they overlap.
pub fn major_axis_distance(dir: Direction, src: &Rect, r: &Rect) -> f64 {
    let d = match dir {
        Direction::Left => left(src) - right(r),
        Direction::Right => left(r) - right(src),
        Direction::Up => top(src) - bottom(r),
        Direction::Down => top(r) - bottom(src),
    };
    d.max(0.0)
}

/// Distance along `dir` from `src`'s far edge to `r`'s far edge; at least 1.
fn major_axis_distance_to_far_edge(dir: Direction, src: &Rect, r: &Rect) -> f64 {
    let d = match dir {
        Direction::Left => left(src) - left(r),
        Direction::Right => right(r) - right(src),
        Direction::Up => top(src) - top(r),
        Direction::Down => bottom(r) - bottom(src),
    };
    d.max(1.0)
}

/// Distance between the centres of `src` and `r` on the axis perpendicular to `dir`.
pub fn minor_axis_distance(dir: Direction, src: &Rect, r: &Rect) -> f64 {
    match dir {
        Direction::Left | Direction::Right => {
            ((top(src) + bottom(src)) / 2.0 - (top(r) + bottom(r)) / 2.0).abs()
        }
        Direction::Up | Direction::Down => {
            ((left(src) + right(src)) / 2.0 - (left(r) + right(r)) / 2.0).abs()
        }
    }
}

/// `13 · major² + minor²` (rule 3); smaller is better.
pub fn weighted_distance(dir: Direction, src: &Rect, r: &Rect) -> f64 {
    let major = major_axis_distance(dir, src, r);
    let minor = minor_axis_distance(dir, src, r);
    MAJOR_AXIS_WEIGHT * major * major + minor * minor
}

/// True when `a` wins over `b` by the beam rule alone (rule 2).
pub fn beam_beats(dir: Direction, src: &Rect, a: &Rect, b: &Rect) -> bool {
    if !in_beam(dir, src, a) || in_beam(dir, src, b) {
        return false;
    }
    if !wholly_beyond(dir, src, b) {
        return true;
    }
    if matches!(dir, Direction::Left | Direction::Right) {
        return true;
    }
    major_axis_distance(dir, src, a) < major_axis_distance_to_far_edge(dir, src, b)
}

/// True when `a` is a strictly better next focus than `b` (rules 1-3). Equal candidates
/// are not better than each other, so a first-wins scan keeps document order (rule 4).
pub fn is_better(dir: Direction, src: &Rect, a: &Rect, b: &Rect) -> bool {
    if !is_candidate(dir, src, a) {
        return false;
    }
    if !is_candidate(dir, src, b) || beam_beats(dir, src, a, b) {
        return true;
    }
    if beam_beats(dir, src, b, a) {
        return false;
    }
    weighted_distance(dir, src, a) < weighted_distance(dir, src, b)
}

/// The best candidate among `items` (in document order) for a move from `src`, if any
/// lies in the direction.
pub fn best<T: Copy>(
    dir: Direction,
    src: &Rect,
    items: impl IntoIterator<Item = (T, Rect)>,
) -> Option<T> {
    let mut best: Option<(T, Rect)> = None;
    for (item, r) in items {
        if !is_candidate(dir, src, &r) {
            continue;
        }
        match &best {
            Some((_, b)) if !is_better(dir, src, &r, b) => {}
            _ => best = Some((item, r)),
        }
    }
    best.map(|(item, _)| item)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(x: f32, y: f32, w: f32, h: f32) -> Rect {
        Rect::new(x, y, w, h)
    }

    #[test]
    fn candidates_lie_in_the_half_plane() {
        let src = r(100.0, 100.0, 100.0, 100.0);
        assert!(is_candidate(
            Direction::Right,
            &src,
            &r(200.0, 100.0, 50.0, 50.0)
        ));
        assert!(is_candidate(
            Direction::Right,
            &src,
            &r(150.0, 0.0, 100.0, 50.0)
        )); // overlaps, extends further
        assert!(!is_candidate(
            Direction::Right,
            &src,
            &r(120.0, 100.0, 50.0, 50.0)
        )); // inside
        assert!(!is_candidate(
            Direction::Right,
            &src,
            &r(0.0, 100.0, 50.0, 50.0)
        ));
        assert!(is_candidate(
            Direction::Left,
            &src,
            &r(0.0, 300.0, 50.0, 50.0)
        ));
        assert!(is_candidate(
            Direction::Up,
            &src,
            &r(400.0, 0.0, 50.0, 50.0)
        ));
        assert!(!is_candidate(
            Direction::Up,
            &src,
            &r(100.0, 200.0, 50.0, 50.0)
        ));
        assert!(is_candidate(
            Direction::Down,
            &src,
            &r(100.0, 200.0, 50.0, 50.0)
        ));
    }

    #[test]
    fn beam_needs_positive_overlap() {
        let src = r(0.0, 100.0, 100.0, 100.0);
        assert!(in_beam(
            Direction::Right,
            &src,
            &r(300.0, 190.0, 10.0, 100.0)
        ));
        assert!(!in_beam(
            Direction::Right,
            &src,
            &r(300.0, 200.0, 10.0, 100.0)
        )); // touches
        assert!(in_beam(Direction::Down, &src, &r(99.0, 300.0, 10.0, 10.0)));
    }

    #[test]
    fn weighted_distance_prefers_the_major_axis() {
        let src = r(0.0, 0.0, 100.0, 100.0);
        // 20 px further down but aligned vs. 10 px down and 60 px to the side.
        let aligned = r(0.0, 120.0, 100.0, 100.0);
        let offset = r(60.0, 110.0, 100.0, 100.0);
        assert_eq!(
            weighted_distance(Direction::Down, &src, &aligned),
            13.0 * 400.0
        );
        assert_eq!(
            weighted_distance(Direction::Down, &src, &offset),
            13.0 * 100.0 + 3600.0
        );
        // Both are in the beam, so distance decides: 5200 < 4900 is false.
        assert!(is_better(Direction::Down, &src, &offset, &aligned));
    }

    #[test]
    fn vertical_beam_loses_to_a_much_closer_neighbour() {
        let src = r(0.0, 0.0, 100.0, 100.0);
        let far_in_beam = r(0.0, 600.0, 100.0, 100.0);
        let near_diagonal = r(110.0, 105.0, 100.0, 100.0);
        // Down: the beam box's near edge (500) is not closer than the other's far edge (105).
        assert!(!beam_beats(
            Direction::Down,
            &src,
            &far_in_beam,
            &near_diagonal
        ));
        assert!(is_better(
            Direction::Down,
            &src,
            &near_diagonal,
            &far_in_beam
        ));
        // Right: the beam always wins.
        let far_right = r(600.0, 0.0, 100.0, 100.0);
        let near_below_right = r(105.0, 110.0, 100.0, 100.0);
        assert!(is_better(
            Direction::Right,
            &src,
            &far_right,
            &near_below_right
        ));
    }

    #[test]
    fn ties_keep_the_first() {
        let src = r(100.0, 0.0, 100.0, 100.0);
        let a = r(50.0, 200.0, 100.0, 100.0);
        let b = r(150.0, 200.0, 100.0, 100.0);
        assert_eq!(best(Direction::Down, &src, [(1, a), (2, b)]), Some(1));
        assert_eq!(best(Direction::Down, &src, [(2, b), (1, a)]), Some(2));
        assert_eq!(best(Direction::Up, &src, [(1, a), (2, b)]), None);
    }
}
