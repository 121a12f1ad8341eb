//! Tests of the focus manager on hand-placed documents: rects are set directly, as
//! layout would leave them (absolute window pixels).

use super::*;

const NO_TAPS: &dyn Fn(NodeId) -> bool = &|_| false;

fn el(doc: &mut Document, parent: NodeId, tag: &str, x: f32, y: f32, w: f32, h: f32) -> NodeId {
    let id = doc.create_element(tag);
    doc.append_child(parent, id);
    doc.node_mut(id).rect = Rect::new(x, y, w, h);
    id
}

fn with_id(doc: &mut Document, node: NodeId, id: &str) -> NodeId {
    doc.set_attr(node, "id", id);
    node
}

/// A `scroll-view` as the UA sheet styles it (`overflow: hidden`).
fn scroll_view(doc: &mut Document, parent: NodeId, x: f32, y: f32, w: f32, h: f32) -> NodeId {
    let sv = el(doc, parent, "scroll-view", x, y, w, h);
    doc.node_mut(sv).style.overflow = Overflow::Hidden;
    sv
}

/// A 3 x 3 grid of 100 px buttons, 20 px apart, each row a plain `view`.
fn grid(doc: &mut Document) -> Vec<Vec<NodeId>> {
    let root = doc.root();
    (0..3)
        .map(|row| {
            let y = row as f32 * 120.0;
            let r = el(doc, root, "view", 0.0, y, 340.0, 100.0);
            (0..3)
                .map(|col| el(doc, r, "button", col as f32 * 120.0, y, 100.0, 100.0))
                .collect()
        })
        .collect()
}

#[test]
fn grid_moves_in_every_direction() {
    let mut doc = Document::new();
    let g = grid(&mut doc);
    let mut f = FocusManager::new();
    assert!(f.focus(&doc, g[1][1], NO_TAPS));
    assert_eq!(f.move_focus(&doc, Direction::Right, NO_TAPS), Some(g[1][2]));
    assert_eq!(f.move_focus(&doc, Direction::Left, NO_TAPS), Some(g[1][1]));
    assert_eq!(f.move_focus(&doc, Direction::Left, NO_TAPS), Some(g[1][0]));
    assert_eq!(f.move_focus(&doc, Direction::Up, NO_TAPS), Some(g[0][0]));
    assert_eq!(f.move_focus(&doc, Direction::Down, NO_TAPS), Some(g[1][0]));
    assert_eq!(f.move_focus(&doc, Direction::Down, NO_TAPS), Some(g[2][0]));
    assert_eq!(f.move_focus(&doc, Direction::Right, NO_TAPS), Some(g[2][1]));
    assert_eq!(f.move_focus(&doc, Direction::Up, NO_TAPS), Some(g[1][1]));
}

#[test]
fn plain_rows_keep_the_column() {
    // An on-screen keyboard: rows are not focus containers, so no memory pulls the
    // focus back to a column visited earlier.
    let mut doc = Document::new();
    let g = grid(&mut doc);
    let mut f = FocusManager::new();
    f.focus(&doc, g[1][2], NO_TAPS);
    f.move_focus(&doc, Direction::Up, NO_TAPS);
    f.move_focus(&doc, Direction::Left, NO_TAPS);
    f.move_focus(&doc, Direction::Left, NO_TAPS);
    assert_eq!(f.focused(), Some(g[0][0]));
    assert_eq!(f.move_focus(&doc, Direction::Down, NO_TAPS), Some(g[1][0]));
}

#[test]
fn no_candidate_stays_put() {
    let mut doc = Document::new();
    let g = grid(&mut doc);
    let mut f = FocusManager::new();
    f.focus(&doc, g[0][2], NO_TAPS);
    assert_eq!(f.move_focus(&doc, Direction::Right, NO_TAPS), None);
    assert_eq!(f.move_focus(&doc, Direction::Up, NO_TAPS), None);
    assert_eq!(f.focused(), Some(g[0][2]));
}

#[test]
fn beam_beats_a_closer_diagonal_candidate() {
    let mut doc = Document::new();
    let root = doc.root();
    let src = el(&mut doc, root, "button", 0.0, 0.0, 100.0, 100.0);
    let diagonal = el(&mut doc, root, "button", 110.0, 105.0, 100.0, 100.0);
    let far_right = el(&mut doc, root, "button", 500.0, 20.0, 100.0, 100.0);
    let below = el(&mut doc, root, "button", 0.0, 150.0, 100.0, 100.0);
    // By distance alone the diagonal would win both moves.
    let s = doc.node(src).rect;
    let d = doc.node(diagonal).rect;
    assert!(
        geometry::weighted_distance(Direction::Right, &s, &d)
            < geometry::weighted_distance(Direction::Right, &s, &doc.node(far_right).rect)
    );
    assert!(
        geometry::weighted_distance(Direction::Down, &s, &d)
            < geometry::weighted_distance(Direction::Down, &s, &doc.node(below).rect)
    );
    let mut f = FocusManager::new();
    f.focus(&doc, src, NO_TAPS);
    assert_eq!(
        f.move_focus(&doc, Direction::Right, NO_TAPS),
        Some(far_right)
    );
    f.focus(&doc, src, NO_TAPS);
    assert_eq!(f.move_focus(&doc, Direction::Down, NO_TAPS), Some(below));
}

/// Row 1: two wide buttons. Row 2: five 100 px tiles, in a `scroll-view` when
/// `scrolling` (a focus container) or a plain `view`.
fn two_rows(scrolling: bool) -> (Document, [NodeId; 2], Vec<NodeId>) {
    let mut doc = Document::new();
    let root = doc.root();
    let r1 = el(&mut doc, root, "view", 0.0, 0.0, 500.0, 100.0);
    let a = el(&mut doc, r1, "button", 0.0, 0.0, 250.0, 100.0);
    let b = el(&mut doc, r1, "button", 250.0, 0.0, 250.0, 100.0);
    let r2 = if scrolling {
        scroll_view(&mut doc, root, 0.0, 150.0, 500.0, 100.0)
    } else {
        el(&mut doc, root, "view", 0.0, 150.0, 500.0, 100.0)
    };
    let tiles = (0..5)
        .map(|i| el(&mut doc, r2, "view", i as f32 * 100.0, 150.0, 100.0, 100.0))
        .collect::<Vec<_>>();
    for &t in &tiles {
        doc.set_attr(t, "focusable", "true");
    }
    (doc, [a, b], tiles)
}

#[test]
fn rows_remember_their_column() {
    let (doc, [a, _], tiles) = two_rows(true);
    let mut f = FocusManager::new();
    f.focus(&doc, a, NO_TAPS);
    // Down from the left button lands under its centre (x = 125): column 2.
    assert_eq!(f.move_focus(&doc, Direction::Down, NO_TAPS), Some(tiles[1]));
    assert_eq!(
        f.move_focus(&doc, Direction::Right, NO_TAPS),
        Some(tiles[2])
    );
    // Column 3 (200..300) is under both buttons at the same distance: the first wins.
    assert_eq!(f.move_focus(&doc, Direction::Up, NO_TAPS), Some(a));
    let row = doc.node(tiles[0]).parent;
    assert_eq!(row.and_then(|r| f.remembered(r)), Some(tiles[2]));
    // Geometry alone would pick column 2 again; the row restores column 3.
    assert_eq!(f.move_focus(&doc, Direction::Down, NO_TAPS), Some(tiles[2]));

    // The same page with a plain row has no memory.
    let (doc, [a, _], tiles) = two_rows(false);
    let mut f = FocusManager::new();
    f.focus(&doc, a, NO_TAPS);
    f.move_focus(&doc, Direction::Down, NO_TAPS);
    f.move_focus(&doc, Direction::Right, NO_TAPS);
    f.move_focus(&doc, Direction::Up, NO_TAPS);
    assert_eq!(f.move_focus(&doc, Direction::Down, NO_TAPS), Some(tiles[1]));
}

#[test]
fn memory_is_dropped_when_the_remembered_node_goes() {
    let (mut doc, [a, _], tiles) = two_rows(true);
    let mut f = FocusManager::new();
    f.focus(&doc, tiles[3], NO_TAPS);
    f.focus(&doc, a, NO_TAPS);
    doc.node_mut(tiles[3]).style.hidden = true;
    assert_eq!(f.ensure_valid(&doc, NO_TAPS), Some(a));
    assert_eq!(f.move_focus(&doc, Direction::Down, NO_TAPS), Some(tiles[1]));
    // A `focus-group` row remembers like a scroll-view.
    let (mut doc, [a, _], tiles) = two_rows(false);
    if let Some(row) = doc.node(tiles[0]).parent {
        doc.set_attr(row, "focus-group", "");
    }
    let mut f = FocusManager::new();
    f.focus(&doc, tiles[4], NO_TAPS);
    f.focus(&doc, a, NO_TAPS);
    assert_eq!(f.move_focus(&doc, Direction::Down, NO_TAPS), Some(tiles[4]));
}

#[test]
fn overrides_win_over_geometry() {
    let mut doc = Document::new();
    let g = grid(&mut doc);
    with_id(&mut doc, g[2][2], "far");
    doc.set_attr(g[0][0], "focus-right", "#far");
    doc.set_attr(g[0][0], "focus-down", "none");
    doc.set_attr(g[0][0], "focus-left", "#missing");
    with_id(&mut doc, g[0][1], "off");
    doc.set_attr(g[0][1], "disabled", "");
    doc.set_attr(g[1][0], "focus-up", "#off");
    let mut f = FocusManager::new();
    f.focus(&doc, g[0][0], NO_TAPS);
    assert_eq!(f.move_focus(&doc, Direction::Right, NO_TAPS), Some(g[2][2]));
    f.focus(&doc, g[0][0], NO_TAPS);
    assert_eq!(f.move_focus(&doc, Direction::Down, NO_TAPS), None);
    // A missing target falls back to geometry (which finds nothing to the left).
    assert_eq!(f.move_focus(&doc, Direction::Left, NO_TAPS), None);
    assert_eq!(f.focused(), Some(g[0][0]));
    // An unfocusable target falls back to geometry too.
    f.focus(&doc, g[1][0], NO_TAPS);
    assert_eq!(f.move_focus(&doc, Direction::Up, NO_TAPS), Some(g[0][0]));
}

#[test]
fn initial_focus_prefers_default_focus() {
    let mut doc = Document::new();
    let g = grid(&mut doc);
    let mut f = FocusManager::new();
    assert_eq!(f.initial_focus(&doc, NO_TAPS), Some(g[0][0]));
    doc.set_attr(g[2][1], "default-focus", "");
    assert_eq!(f.initial_focus(&doc, NO_TAPS), Some(g[2][1]));
    // A hidden or `false` default-focus does not count.
    doc.node_mut(g[2][1]).style.hidden = true;
    doc.set_attr(g[1][1], "default-focus", "false");
    assert_eq!(f.initial_focus(&doc, NO_TAPS), Some(g[0][0]));
    // A key press with nothing focused only shows the focus.
    let mut fresh = FocusManager::new();
    assert_eq!(
        fresh.move_focus(&doc, Direction::Down, NO_TAPS),
        Some(g[0][0])
    );
    // A page with nothing focusable.
    let empty = Document::new();
    assert_eq!(FocusManager::new().initial_focus(&empty, NO_TAPS), None);
}

#[test]
fn hidden_disabled_and_unfocusable_nodes_are_skipped() {
    let mut doc = Document::new();
    let root = doc.root();
    let row = |i: usize| i as f32 * 120.0;
    let start = el(&mut doc, root, "button", row(0), 0.0, 100.0, 100.0);
    let hidden = el(&mut doc, root, "button", row(1), 0.0, 100.0, 100.0);
    doc.node_mut(hidden).style.hidden = true;
    let disabled = el(&mut doc, root, "switch", row(2), 0.0, 100.0, 100.0);
    doc.set_attr(disabled, "disabled", "true");
    let empty = el(&mut doc, root, "button", row(3), 0.0, 0.0, 100.0);
    let wrapper = el(&mut doc, root, "view", row(4), 0.0, 100.0, 100.0);
    doc.node_mut(wrapper).style.hidden = true;
    let in_hidden = el(&mut doc, wrapper, "button", row(4), 0.0, 100.0, 100.0);
    let opted_out = el(&mut doc, root, "button", row(5), 0.0, 100.0, 100.0);
    doc.set_attr(opted_out, "focusable", "false");
    let plain = el(&mut doc, root, "view", row(6), 0.0, 100.0, 100.0);
    let tappable = el(&mut doc, root, "view", row(7), 0.0, 100.0, 100.0);
    let detached = doc.create_element("button");
    doc.node_mut(detached).rect = Rect::new(row(7), 0.0, 50.0, 100.0);
    let has_tap = move |id: NodeId| id == tappable;
    for n in [
        hidden, disabled, empty, in_hidden, opted_out, plain, detached,
    ] {
        assert!(!is_focusable(&doc, n, &has_tap), "{n:?}");
    }
    let mut f = FocusManager::new();
    f.focus(&doc, start, &has_tap);
    assert_eq!(
        f.move_focus(&doc, Direction::Right, &has_tap),
        Some(tappable)
    );
    // `disabled="false"` and a `focusable` attribute make nodes focusable again.
    doc.set_attr(disabled, "disabled", "false");
    doc.set_attr(plain, "focusable", "");
    assert_eq!(
        focusable_nodes(&doc, &has_tap),
        vec![start, disabled, plain, tappable]
    );
}

#[test]
fn nodes_clipped_away_are_skipped_but_scrolled_content_is_not() {
    let mut doc = Document::new();
    let root = doc.root();
    // A swiper shows one 400 px slide; the second slide is outside its box.
    let swiper = el(&mut doc, root, "swiper", 0.0, 0.0, 400.0, 200.0);
    doc.node_mut(swiper).style.overflow = Overflow::Hidden;
    let shown = el(&mut doc, swiper, "button", 0.0, 0.0, 100.0, 100.0);
    let off_screen = el(&mut doc, swiper, "button", 400.0, 0.0, 100.0, 100.0);
    let sv = scroll_view(&mut doc, root, 0.0, 300.0, 400.0, 100.0);
    let below_fold = el(&mut doc, sv, "button", 0.0, 450.0, 100.0, 100.0);
    assert!(is_focusable(&doc, shown, NO_TAPS));
    assert!(!is_focusable(&doc, off_screen, NO_TAPS));
    assert!(is_focusable(&doc, below_fold, NO_TAPS));
    assert_eq!(scroll_container(&doc, below_fold), Some(sv));
    assert_eq!(scroll_container(&doc, shown), None);
}

#[test]
fn the_current_scroll_container_is_searched_first() {
    let mut doc = Document::new();
    let root = doc.root();
    // A list showing three 100 px items; the fourth is below its box, where a button
    // outside the list is drawn.
    let sv = scroll_view(&mut doc, root, 0.0, 0.0, 300.0, 300.0);
    let items = (0..4)
        .map(|i| {
            el(
                &mut doc,
                sv,
                "button",
                0.0,
                i as f32 * 100.0 + 50.0 * (i / 3) as f32,
                300.0,
                100.0,
            )
        })
        .collect::<Vec<_>>();
    let outside = el(&mut doc, root, "button", 0.0, 300.0, 300.0, 40.0);
    let mut f = FocusManager::new();
    f.focus(&doc, items[2], NO_TAPS);
    let src = doc.node(items[2]).rect;
    assert!(geometry::is_better(
        Direction::Down,
        &src,
        &doc.node(outside).rect,
        &doc.node(items[3]).rect
    ));
    assert_eq!(f.move_focus(&doc, Direction::Down, NO_TAPS), Some(items[3]));
    // The runtime scrolls the list so the item shows (layout keeps no scroll offset yet,
    // so this test moves the boxes itself).
    let dy = scroll_into_view(&doc, items[3], Rect::new(0.0, 0.0, 1280.0, 720.0), 0.0)
        .map_or(0.0, |s| s.dy);
    assert_eq!(dy, 150.0);
    for &i in &items {
        doc.node_mut(i).rect.y -= dy;
    }
    // Nothing further down in the list: the search widens to the page.
    assert_eq!(f.move_focus(&doc, Direction::Down, NO_TAPS), Some(outside));
    // Entering the list again restores its last item.
    assert_eq!(f.move_focus(&doc, Direction::Up, NO_TAPS), Some(items[3]));
}

#[test]
fn focus_lost_on_removal_moves_to_the_nearest() {
    let mut doc = Document::new();
    let root = doc.root();
    let list = (0..4)
        .map(|i| el(&mut doc, root, "button", 0.0, i as f32 * 100.0, 300.0, 90.0))
        .collect::<Vec<_>>();
    let mut f = FocusManager::new();
    f.focus(&doc, list[1], NO_TAPS);
    doc.remove(list[1]);
    // Layout moves the rest up.
    doc.node_mut(list[2]).rect.y = 100.0;
    doc.node_mut(list[3]).rect.y = 200.0;
    assert_eq!(f.ensure_valid(&doc, NO_TAPS), Some(list[2]));

    // The focused node's slot is reused by a different node: still a loss.
    f.focus(&doc, list[3], NO_TAPS);
    doc.remove(list[3]);
    let reused = el(&mut doc, root, "input", 0.0, 900.0, 300.0, 90.0);
    assert_eq!(reused, list[3]);
    assert_eq!(f.ensure_valid(&doc, NO_TAPS), Some(list[2]));

    // A focused node that becomes disabled loses the focus too.
    doc.set_attr(list[2], "disabled", "");
    assert_eq!(f.ensure_valid(&doc, NO_TAPS), Some(list[0]));

    // Nothing focusable left.
    for id in [list[0], list[2], reused] {
        doc.remove(id);
    }
    assert_eq!(f.ensure_valid(&doc, NO_TAPS), None);
    assert_eq!(f.focused(), None);
    assert_eq!(f.move_focus(&doc, Direction::Down, NO_TAPS), None);
}

#[test]
fn scroll_into_view_computes_the_least_scroll() {
    let mut doc = Document::new();
    let root = doc.root();
    let sv = scroll_view(&mut doc, root, 0.0, 100.0, 400.0, 300.0);
    let below = el(&mut doc, sv, "button", 0.0, 450.0, 100.0, 100.0);
    let above = el(&mut doc, sv, "button", 0.0, 20.0, 100.0, 100.0);
    let shown = el(&mut doc, sv, "button", 0.0, 150.0, 100.0, 100.0);
    let on_page = el(&mut doc, root, "button", 1900.0, 1000.0, 100.0, 100.0);
    let viewport = Rect::new(0.0, 0.0, 1920.0, 1080.0);

    let s = scroll_into_view(&doc, below, viewport, 10.0);
    assert_eq!(
        s.map(|s| (s.container, s.dx, s.dy)),
        Some((Some(sv), -10.0, 160.0))
    );
    let s = scroll_into_view(&doc, above, viewport, 0.0);
    assert_eq!(s.map(|s| s.dy), Some(-80.0));
    assert!(scroll_into_view(&doc, shown, viewport, 0.0).is_some_and(|s| s.is_noop()));
    let s = scroll_into_view(&doc, on_page, viewport, 0.0);
    assert_eq!(
        s.map(|s| (s.container, s.dx, s.dy)),
        Some((None, 80.0, 20.0))
    );
    doc.remove(on_page);
    assert_eq!(scroll_into_view(&doc, on_page, viewport, 0.0), None);
}

#[test]
fn arrow_keys_are_directions() {
    assert_eq!(Direction::from_key(Key::Up), Some(Direction::Up));
    assert_eq!(Direction::from_key(Key::Right), Some(Direction::Right));
    assert_eq!(Direction::from_key(Key::Enter), None);
    assert_eq!(Direction::Left.override_attr(), "focus-left");
}

#[test]
fn a_node_asked_for_takes_the_focus_once_it_is_visible() {
    // A swiper: a clipping box with the current slide inside and the next one outside.
    let mut doc = Document::new();
    let root = doc.root();
    let swiper = el(&mut doc, root, "swiper", 0.0, 0.0, 300.0, 100.0);
    doc.node_mut(swiper).style.overflow = Overflow::Hidden;
    let here = el(&mut doc, swiper, "button", 100.0, 20.0, 100.0, 60.0);
    let next = el(&mut doc, swiper, "button", 400.0, 20.0, 100.0, 60.0);
    let mut f = FocusManager::new();
    assert!(f.focus(&doc, here, NO_TAPS));
    f.focus_when_visible(next);
    // Off screen: the focus stays where it is.
    assert_eq!(f.ensure_valid(&doc, NO_TAPS), Some(here));
    // The slide moves in: the first frame it shows, it has the focus.
    doc.node_mut(next).rect = Rect::new(250.0, 20.0, 100.0, 60.0);
    assert_eq!(f.ensure_valid(&doc, NO_TAPS), Some(next));
    // The request is spent: moving away and back does not replay it.
    assert!(f.focus(&doc, here, NO_TAPS));
    assert_eq!(f.ensure_valid(&doc, NO_TAPS), Some(here));
    // A removed node cancels a request.
    f.focus_when_visible(next);
    doc.remove(next);
    assert_eq!(f.ensure_valid(&doc, NO_TAPS), Some(here));
}
