//! The cost of a change tracks its size (issue #3): the `stats` of the frame after a patch
//! on a 1,000-row keyed list.

use serde_json::json;

use crate::support::{fixture, launch, text_by_id};

const WIDTH: u32 = 400;
const ROW_HEIGHT: u64 = 20;

fn call(rt: &mut mica_engine::runtime::Runtime, method: &str, detail: serde_json::Value) {
    let event = json!({ "type": "tap", "detail": detail, "target": {}, "currentTarget": {} });
    rt.call_page_method(method, event)
        .unwrap_or_else(|e| panic!("{method}: {e}"));
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
}

#[test]
fn one_row_of_a_thousand_reevaluates_a_handful_and_repaints_that_row() {
    let mut rt = launch(fixture("big_list"), WIDTH, 600);
    call(&mut rt, "edit", json!({ "i": 500 }));
    let s = rt.stats();
    assert!(s.bindings_reevaluated <= 3, "{s:?}");
    assert_eq!((s.nodes_created, s.nodes_removed), (0, 0), "{s:?}");
    assert_eq!(text_by_id(&rt, "row-500"), "edited");
    // Row 500 is below the window: nothing visible changes, nothing is painted.
    assert_eq!(s.pixels_repainted, 0, "{s:?}");

    // A visible row: at most that row's area is painted.
    call(&mut rt, "edit", json!({ "i": 10 }));
    let s = rt.stats();
    assert!(s.pixels_repainted > 0, "{s:?}");
    assert!(s.pixels_repainted <= u64::from(WIDTH) * ROW_HEIGHT, "{s:?}");
    assert!(s.nodes_restyled <= 2, "{s:?}");
}

#[test]
fn moving_one_keyed_row_creates_no_nodes() {
    let mut rt = launch(fixture("big_list"), WIDTH, 600);
    call(&mut rt, "move", json!({}));
    let s = rt.stats();
    assert_eq!((s.nodes_created, s.nodes_removed), (0, 0), "{s:?}");
    // Row 5 now sits at index 900: the row after the flag at y = 20 + 900 * 20.
    let dump = rt.dump();
    let row =
        crate::support::find_id(&dump["tree"], "row-5").unwrap_or_else(|| panic!("no #row-5"));
    assert_eq!(row["box"]["y"], 20.0 + 900.0 * 20.0);
}

#[test]
fn toggling_one_if_touches_only_its_subtree() {
    let mut rt = launch(fixture("big_list"), WIDTH, 600);
    call(&mut rt, "toggle", json!({}));
    let s = rt.stats();
    // The flag view and its text node go away; the 1,000 rows are not rebuilt.
    assert_eq!(s.nodes_created, 0, "{s:?}");
    assert_eq!(s.nodes_removed, 3, "{s:?}");
    assert!(s.nodes_restyled <= 2, "{s:?}");
    call(&mut rt, "toggle", json!({}));
    let s = rt.stats();
    assert_eq!(s.nodes_created, 3, "{s:?}");
    assert!(s.nodes_restyled <= 4, "{s:?}");
}

#[test]
fn one_row_of_a_thousand_lays_out_a_handful_of_nodes() {
    let mut rt = launch(fixture("big_list"), WIDTH, 600);
    for i in [500, 10] {
        call(&mut rt, "edit", json!({ "i": i }));
        let s = rt.stats();
        // The edited text, its row and what holds the rows: never the 999 other rows.
        assert!(s.nodes_laid_out <= 5, "row {i}: {s:?}");
        assert!(s.nodes_restyled <= 2, "row {i}: {s:?}");
    }
}
