//! Layout boxes of apps/hello at 1280x720, checked through the `--dump` tree. Every
//! expected number is derived by hand from the app's WXSS (see the comments), not copied
//! from Mica's output.

use serde_json::Value;

use crate::support::{find_id, launch, workspace};

fn boxed(n: &Value) -> (f64, f64, f64, f64) {
    let b = &n["box"];
    let f = |k: &str| b[k].as_f64().unwrap_or(f64::NAN);
    (f("x"), f("y"), f("width"), f("height"))
}

/// The first node (pre-order) whose class list contains `class`.
fn find_class<'a>(tree: &'a Value, class: &str) -> Option<&'a Value> {
    let has = tree["class"]
        .as_array()
        .is_some_and(|c| c.iter().any(|x| x == class));
    if has {
        return Some(tree);
    }
    tree["children"]
        .as_array()?
        .iter()
        .find_map(|c| find_class(c, class))
}

#[test]
fn hello_boxes_follow_the_stylesheet() {
    let rt = launch(workspace().join("apps/hello"), 1280, 720);
    let dump = rt.dump();
    let tree = &dump["tree"];
    let get = |class: &str| {
        find_class(tree, class)
            .map(boxed)
            .unwrap_or_else(|| panic!("no .{class}"))
    };

    // .card: margin 16px 48px, border 2px, padding 24px 32px. Width 1280 - 2*48.
    // .header holds a 160px logo, taller than the two title lines (84 + 48 = 132px).
    assert_eq!(
        get("header"),
        (48.0, 16.0, 1184.0, 2.0 + 24.0 + 160.0 + 24.0 + 2.0)
    );
    assert_eq!(
        get("logo"),
        (48.0 + 2.0 + 32.0, 16.0 + 2.0 + 24.0, 160.0, 160.0)
    );
    // .titles: flex: 1 after the logo's 160px + 32px margin-right; centred vertically.
    let titles = get("titles");
    assert_eq!(titles.0, 82.0 + 160.0 + 32.0);
    assert_eq!(titles.2, 1184.0 - 4.0 - 64.0 - 160.0 - 32.0);
    assert_eq!(titles.1, 42.0 + (160.0 - 132.0) / 2.0);
    // .title: 56px with line-height 1.5 = 84px.
    assert_eq!(get("title").3, 84.0);

    // Vertical margins of block siblings collapse: 16px between cards.
    let counter_card = get("counter-row");
    assert_eq!(counter_card.1, 16.0 + 212.0 + 16.0);
    let button = find_id(tree, "counter")
        .map(boxed)
        .unwrap_or_else(|| panic!("no #counter"));
    assert_eq!((button.0, button.2), (82.0, 360.0));

    // .list: padding 8px 16px; .item: width 25% of the content box, border-box.
    let list = get("list");
    let content = list.2 - 4.0 - 32.0;
    let item1 = find_id(tree, "item-1")
        .map(boxed)
        .unwrap_or_else(|| panic!("no #item-1"));
    let item2 = find_id(tree, "item-2")
        .map(boxed)
        .unwrap_or_else(|| panic!("no #item-2"));
    assert_eq!(item1.2, content * 0.25);
    assert_eq!(item1.0, 48.0 + 2.0 + 16.0);
    assert_eq!(item2.0, item1.0 + item1.2);
    assert_eq!(item1.1, list.1 + 2.0 + 8.0);

    // .note: width 900px content-box; .para: an inline `text` of three lines of Chinese
    // in it. Its box is the union of its line fragments: as wide as its widest line (the
    // first, which breaks before a character that would pass 900px), and from the first
    // line's content area to the last's (the lines are 42px, the card's strut: 28px at
    // line-height 1.5 is taller than .para's 40px).
    assert_eq!(get("note").2, 900.0 + 64.0 + 4.0);
    let para = get("para");
    assert_eq!((para.2, para.3), (896.0, 120.0));
}
