//! Tap dispatch: hit-testing, bubbling, catchtap, dataset and target/currentTarget.

use crate::support::{fixture, launch, text_by_id};

#[test]
fn tap_bubbles_until_a_catch() {
    let mut rt = launch(fixture("catch_bubble"), 400, 400);
    rt.tap("#inner").unwrap_or_else(|e| panic!("{e}"));
    // inner (bind) runs, then middle (catch) runs and stops the bubble: outer never runs.
    assert_eq!(
        text_by_id(&rt, "log"),
        "inner:ann7:tap;middle<inner,middle>;"
    );
    rt.tap("#free").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        text_by_id(&rt, "log"),
        "inner:ann7:tap;middle<inner,middle>;free;outer<free>;"
    );
}

#[test]
fn tapping_padding_targets_the_padded_node() {
    let mut rt = launch(fixture("catch_bubble"), 400, 400);
    // (5, 5) is inside #outer's padding, outside #middle.
    rt.tap_at(5.0, 5.0).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(text_by_id(&rt, "log"), "outer<outer>;");
}
