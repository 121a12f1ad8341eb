//! Selectors beyond type, class and id (issue #4): structural pseudo-classes, `:not()`,
//! attribute selectors, the sibling combinators, their specificity, the rules that are
//! rejected, and restyling when siblings, attributes or children change.

use mica_layout::{select, select_all, Color, LineHeight, NodeId};

use crate::{Page, VIEWPORT};

const RED: Color = Color::rgba(255, 0, 0, 255);
const GREEN: Color = Color::rgba(0, 128, 0, 255);
const BLUE: Color = Color::rgba(0, 0, 255, 255);
const BLACK: Color = Color::rgba(0, 0, 0, 255);

/// A page with `n` `view.c` children under `view.list` (a text node between each two)
/// and the rule `{selector} { color: red }`: which children (from 1) are red.
fn red_children(selector: &str, n: usize) -> Vec<usize> {
    let mut p = Page::new(&format!(".c {{ color: blue }} {selector} {{ color: red }}"));
    assert!(p.warnings.is_empty(), "{selector}: {:?}", p.warnings);
    let root = p.root();
    let list = p.el(root, "view", "list");
    let kids: Vec<NodeId> = (0..n)
        .map(|_| {
            p.text(list, " ");
            p.el(list, "view", "c")
        })
        .collect();
    p.restyle(VIEWPORT);
    red(&p, &kids)
}

/// Which of `nodes` (from 1) are red.
fn red(p: &Page, nodes: &[NodeId]) -> Vec<usize> {
    nodes
        .iter()
        .enumerate()
        .filter(|(_, &k)| p.doc.node(k).style.color == RED)
        .map(|(i, _)| i + 1)
        .collect()
}

#[test]
fn first_last_and_only_child() {
    assert_eq!(red_children(".c:first-child", 4), vec![1]);
    assert_eq!(red_children(".c:last-child", 4), vec![4]);
    assert_eq!(red_children(".c:only-child", 4), Vec::<usize>::new());
    assert_eq!(red_children(".c:only-child", 1), vec![1]);
    assert_eq!(red_children(".c:FIRST-CHILD:last-child", 1), vec![1]);
}

#[test]
fn nth_child_formulas() {
    assert_eq!(red_children(".c:nth-child(2n+1)", 7), vec![1, 3, 5, 7]);
    assert_eq!(red_children(".c:nth-child(odd)", 7), vec![1, 3, 5, 7]);
    assert_eq!(red_children(".c:nth-child(even)", 7), vec![2, 4, 6]);
    assert_eq!(red_children(".c:nth-child(2n)", 7), vec![2, 4, 6]);
    assert_eq!(red_children(".c:nth-child(3n)", 10), vec![3, 6, 9]);
    assert_eq!(red_children(".c:nth-child(-n+3)", 7), vec![1, 2, 3]);
    assert_eq!(red_children(".c:nth-child( -n + 3 )", 7), vec![1, 2, 3]);
    assert_eq!(red_children(".c:nth-child(n+5)", 7), vec![5, 6, 7]);
    assert_eq!(red_children(".c:nth-child(n)", 3), vec![1, 2, 3]);
    assert_eq!(red_children(".c:nth-child(4)", 7), vec![4]);
    assert_eq!(red_children(".c:nth-child(0n+0)", 3), Vec::<usize>::new());
    assert_eq!(red_children(".c:nth-last-child(2)", 5), vec![4]);
    assert_eq!(red_children(".c:nth-last-child(-n+2)", 5), vec![4, 5]);
    assert_eq!(red_children(".c:nth-last-child(odd)", 4), vec![2, 4]);
}

#[test]
fn of_type_pseudo_classes_count_siblings_of_the_same_tag() {
    let mut p = Page::new(
        "text:first-of-type { color: red } view:last-of-type { color: red }\n\
         text:nth-of-type(3) { color: green } view:nth-last-of-type(2) { color: green }\n\
         image:only-of-type { color: blue }",
    );
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    let root = p.root();
    // Not a `view`: it would be the page's last view and pass its colour on.
    let box_ = p.el(root, "form", "");
    // view text view text image text view
    let v1 = p.el(box_, "view", "");
    let t1 = p.el(box_, "text", "");
    let v2 = p.el(box_, "view", "");
    let t2 = p.el(box_, "text", "");
    let img = p.el(box_, "image", "");
    let t3 = p.el(box_, "text", "");
    let v3 = p.el(box_, "view", "");
    p.restyle(VIEWPORT);
    let color = |id| p.doc.node(id).style.color;
    assert_eq!(color(t1), RED, "first text");
    assert_eq!(color(t2), BLACK);
    assert_eq!(color(t3), GREEN, "third text");
    assert_eq!(color(v3), RED, "last view");
    assert_eq!(color(v2), GREEN, "second view from the end");
    assert_eq!(color(v1), BLACK);
    assert_eq!(color(img), BLUE, "only image");
}

#[test]
fn empty_ignores_white_space_text_and_parts() {
    let mut p = Page::new(".b { color: blue } .b:empty { color: red }");
    let root = p.root();
    let bare = p.el(root, "view", "b");
    let blank = p.el(root, "view", "b");
    p.text(blank, " \n\t ");
    let with_part = p.el(root, "view", "b");
    p.el(with_part, "mica-part", "");
    let with_text = p.el(root, "view", "b");
    p.text(with_text, "x");
    let with_child = p.el(root, "view", "b");
    p.el(with_child, "view", "");
    p.restyle(VIEWPORT);
    let all = [bare, blank, with_part, with_text, with_child];
    assert_eq!(red(&p, &all), vec![1, 2, 3]);
}

#[test]
fn nth_child_counts_only_elements_and_not_component_parts() {
    let mut p = Page::new(
        ".c { color: blue } .c:nth-child(2) { color: red } .c:first-child { color: green }",
    );
    let root = p.root();
    let host = p.el(root, "switch", "");
    // A component's parts come first: they do not count.
    p.el(host, "mica-part", "mica-switch");
    p.text(host, "text");
    let a = p.el(host, "view", "c");
    p.text(host, "more text");
    let b = p.el(host, "view", "c");
    p.el(host, "mica-part", "mica-knob");
    p.restyle(VIEWPORT);
    assert_eq!(p.doc.node(a).style.color, GREEN);
    assert_eq!(p.doc.node(b).style.color, RED);
    assert_eq!(select_all(&p.doc, "switch > :first-child"), vec![a]);
    assert_eq!(select_all(&p.doc, "switch > :last-child"), vec![b]);
    // A part itself is never a structural match.
    assert_eq!(
        select_all(&p.doc, "mica-part:first-child, mica-part + *"),
        vec![]
    );
}

#[test]
fn not_takes_a_compound_or_a_list() {
    assert_eq!(red_children(".c:not(:first-child)", 3), vec![2, 3]);
    assert_eq!(
        red_children(".c:not(:nth-child(2), :last-child)", 4),
        vec![1, 3]
    );
    let mut p = Page::new(
        ".c { color: blue } .c:not(.a) { color: red } view:not(.a, #b) { font-size: 30px }",
    );
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    let root = p.root();
    let plain = p.el(root, "view", "c");
    let a = p.el(root, "view", "c a");
    let b = p.el(root, "view", "c");
    p.doc.set_attr(b, "id", "b");
    p.restyle(VIEWPORT);
    assert_eq!(red(&p, &[plain, a, b]), vec![1, 3]);
    let size = |id| p.doc.node(id).style.font_size;
    assert_eq!((size(plain), size(a), size(b)), (30.0, 16.0, 16.0));
}

#[test]
fn not_counts_as_its_most_specific_argument() {
    let mut p = Page::new(
        "view:not(.z, #nope) { color: red } .a.b.c { color: blue }\n\
         .d:not(.z) { font-size: 30px } view.d { font-size: 20px }\n\
         .e.e { line-height: 3 } .e:not(view) { line-height: 2 }",
    );
    let root = p.root();
    let x = p.el(root, "view", "a b c d");
    let e = p.el(root, "text", "e");
    p.restyle(VIEWPORT);
    assert_eq!(
        p.doc.node(x).style.color,
        RED,
        "view:not(.z, #nope) is (1,0,1): beats three classes"
    );
    assert_eq!(
        p.doc.node(x).style.font_size,
        30.0,
        ".d:not(.z) is (0,2,0): beats the later view.d (0,1,1)"
    );
    assert_eq!(
        p.doc.node(e).style.line_height,
        LineHeight::Number(3.0),
        ".e:not(view) is (0,1,1), below .e.e (0,2,0)"
    );
}

#[test]
fn attribute_operators() {
    let mut p = Page::new(
        "[data-a] { margin-left: 1px }\n\
         [data-a=x] { margin-top: 1px }\n\
         [data-a~=\"big\"] { margin-right: 1px }\n\
         [data-a|=en] { margin-bottom: 1px }\n\
         [data-a^='pre'] { padding-left: 1px }\n\
         [data-a$=fix] { padding-top: 1px }\n\
         [data-a*=mid] { padding-right: 1px }\n\
         [data-a=X i] { padding-bottom: 1px }",
    );
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    let root = p.root();
    let mut make = |value: Option<&str>| {
        let id = p.el(root, "view", "");
        if let Some(v) = value {
            p.doc.set_attr(id, "data-a", v);
        }
        id
    };
    let none = make(None);
    let x = make(Some("x"));
    let big = make(Some("small big round"));
    let en = make(Some("en-US"));
    let en_only = make(Some("en"));
    let english = make(Some("english"));
    let prefix = make(Some("prefix"));
    let mid = make(Some("amidst"));
    let upper = make(Some("X"));
    let empty = make(Some(""));
    p.restyle(VIEWPORT);
    // Which of the eight rules apply, in the order written.
    let rules = |id: NodeId| {
        let l = &p.doc.node(id).style.layout;
        let set = |v: taffy::LengthPercentageAuto| v != taffy::LengthPercentageAuto::length(0.0);
        let pad = |v: taffy::LengthPercentage| v != taffy::LengthPercentage::length(0.0);
        [
            set(l.margin.left),
            set(l.margin.top),
            set(l.margin.right),
            set(l.margin.bottom),
            pad(l.padding.left),
            pad(l.padding.top),
            pad(l.padding.right),
            pad(l.padding.bottom),
        ]
        .iter()
        .enumerate()
        .filter(|(_, &on)| on)
        .map(|(i, _)| i + 1)
        .collect::<Vec<_>>()
    };
    assert_eq!(rules(none), Vec::<usize>::new());
    assert_eq!(rules(x), vec![1, 2, 8], "=, and = with the i flag");
    assert_eq!(rules(big), vec![1, 3], "~= finds a word");
    assert_eq!(rules(en), vec![1, 4], "|= takes en-…");
    assert_eq!(rules(en_only), vec![1, 4], "|= takes en");
    assert_eq!(rules(english), vec![1], "|= needs the dash");
    assert_eq!(rules(prefix), vec![1, 5, 6], "^= and $=");
    assert_eq!(rules(mid), vec![1, 7], "*=");
    assert_eq!(rules(upper), vec![1, 8], "= is case-sensitive without i");
    assert_eq!(rules(empty), vec![1], "present but empty");
}

#[test]
fn attribute_selectors_have_class_specificity_and_match_names_in_any_case() {
    let mut p = Page::new(
        "view[data-k] { color: red } .a { color: blue }\n[DATA-K=v][data-k] { font-size: 30px } .a.b { font-size: 20px }",
    );
    let root = p.root();
    let v = p.el(root, "view", "a b");
    p.doc.set_attr(v, "data-k", "v");
    p.restyle(VIEWPORT);
    assert_eq!(p.doc.node(v).style.color, RED, "(0,1,1) beats (0,1,0)");
    assert_eq!(
        p.doc.node(v).style.font_size,
        20.0,
        "(0,2,0) ties: the later wins"
    );
}

#[test]
fn next_sibling_and_subsequent_sibling_combinators() {
    let mut p = Page::new(
        ".i { color: blue } .mark + .i { color: red } .mark ~ .i { font-size: 30px }\n\
         .i + .i .inner { color: green }",
    );
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    let root = p.root();
    let a = p.el(root, "view", "i");
    let inner_a = p.el(a, "text", "inner");
    let mark = p.el(root, "view", "i mark");
    p.text(root, "text between");
    let b = p.el(root, "view", "i");
    let c = p.el(root, "view", "i");
    p.restyle(VIEWPORT);
    let color = |id| p.doc.node(id).style.color;
    let size = |id| p.doc.node(id).style.font_size;
    assert_eq!(
        color(b),
        RED,
        "the element right after the mark, past a text node"
    );
    assert_eq!(color(c), BLUE);
    assert_eq!(color(a), BLUE);
    assert_eq!(
        (size(a), size(mark), size(b), size(c)),
        (16.0, 16.0, 30.0, 30.0)
    );
    assert_ne!(color(inner_a), GREEN, "the first .i has no .i before it");
    assert_eq!(select(&p.doc, ".mark + .i"), Some(b));
    assert_eq!(select_all(&p.doc, ".mark ~ *"), vec![b, c]);
    assert_eq!(select_all(&p.doc, ".i ~ .mark"), vec![mark]);
}

fn size(p: &Page, id: NodeId) -> f32 {
    p.doc.node(id).style.font_size
}

fn line_height(p: &Page, id: NodeId) -> LineHeight {
    p.doc.node(id).style.line_height
}

const TWO: LineHeight = LineHeight::Number(2.0);

#[test]
fn appending_and_removing_children_restyles_siblings() {
    let mut p = Page::new(
        ".c { color: blue } .c:last-child { color: red } .c:nth-child(2) { font-size: 30px }\n\
         .c:first-child + .c { line-height: 2 }",
    );
    let root = p.root();
    let list = p.el(root, "view", "list");
    let a = p.el(list, "view", "c");
    let b = p.el(list, "view", "c");
    p.restyle(VIEWPORT);
    assert_eq!(red(&p, &[a, b]), vec![2]);
    let c = p.el(list, "view", "c");
    p.restyle(VIEWPORT);
    assert_eq!(
        red(&p, &[a, b, c]),
        vec![3],
        "the old last child is no longer last"
    );
    p.doc.remove(c);
    p.restyle(VIEWPORT);
    assert_eq!(red(&p, &[a, b]), vec![2], "the new last child");
    // Inserting at the front moves everyone's index.
    let z = p.doc.create_element("view");
    p.doc.set_attr(z, "class", "c");
    p.doc.insert_before(list, z, Some(a));
    p.restyle(VIEWPORT);
    assert_eq!((size(&p, z), size(&p, a), size(&p, b)), (16.0, 30.0, 16.0));
    assert_eq!(line_height(&p, a), TWO);
    assert_ne!(line_height(&p, b), TWO);
    p.doc.remove(z);
    p.restyle(VIEWPORT);
    assert_eq!((size(&p, a), size(&p, b)), (16.0, 30.0));
    assert_eq!(line_height(&p, b), TWO);
    // Moving a node within its parent.
    p.doc.append_child(list, a);
    p.restyle(VIEWPORT);
    assert_eq!(red(&p, &[b, a]), vec![2]);
    assert_eq!((size(&p, b), size(&p, a)), (16.0, 30.0));
}

#[test]
fn class_and_attribute_changes_restyle_following_siblings() {
    let mut p = Page::new(
        ".i { color: blue } .mark + .i { color: red } .mark ~ .i .deep { font-size: 30px }\n\
         [data-on] ~ .i { line-height: 2 } .box:empty { color: green }",
    );
    let root = p.root();
    let a = p.el(root, "view", "i");
    let b = p.el(root, "view", "i");
    let c = p.el(root, "view", "i");
    let deep = p.el(c, "text", "deep");
    p.restyle(VIEWPORT);
    assert_eq!(red(&p, &[a, b, c]), Vec::<usize>::new());
    p.doc.set_attr(a, "class", "i mark");
    p.restyle(VIEWPORT);
    assert_eq!(red(&p, &[a, b, c]), vec![2]);
    assert_eq!(p.doc.node(deep).style.font_size, 30.0);
    p.doc.set_attr(a, "class", "i");
    p.doc.set_attr(b, "class", "i mark");
    p.restyle(VIEWPORT);
    assert_eq!(red(&p, &[a, b, c]), vec![3]);
    // An attribute an attribute selector tests restyles too.
    p.doc.set_attr(b, "data-on", "");
    p.restyle(VIEWPORT);
    assert_eq!(p.doc.node(c).style.line_height, LineHeight::Number(2.0));
    p.doc.remove_attr(b, "data-on");
    p.restyle(VIEWPORT);
    assert_ne!(p.doc.node(c).style.line_height, LineHeight::Number(2.0));
    // `:empty` follows the child list and the text of a text child.
    let bx = p.el(root, "view", "box");
    p.restyle(VIEWPORT);
    assert_eq!(p.doc.node(bx).style.color, GREEN);
    let t = p.text(bx, "");
    p.restyle(VIEWPORT);
    assert_eq!(p.doc.node(bx).style.color, GREEN, "empty text");
    p.doc.set_text(t, "hi");
    p.restyle(VIEWPORT);
    assert_eq!(p.doc.node(bx).style.color, BLACK);
    p.doc.remove(t);
    p.restyle(VIEWPORT);
    assert_eq!(p.doc.node(bx).style.color, GREEN);
}

/// Style sharing must not give alike elements (same tag and classes) one style when a
/// structural pseudo-class or an attribute selector tells them apart.
#[test]
fn style_sharing_revalidates_structural_and_attribute_selectors() {
    let mut p = Page::new(
        ".row { color: blue } .row:nth-child(even) { color: red } .row[data-x] .cell { font-size: 30px }",
    );
    let root = p.root();
    let mut rows = Vec::new();
    let mut cells = Vec::new();
    for i in 0..6 {
        let row = p.el(root, "view", "row");
        if i == 4 {
            p.doc.set_attr(row, "data-x", "1");
        }
        cells.push(p.el(row, "view", "cell"));
        rows.push(row);
    }
    p.restyle(VIEWPORT);
    assert_eq!(red(&p, &rows), vec![2, 4, 6]);
    let big: Vec<usize> = (0..6)
        .filter(|&i| p.doc.node(cells[i]).style.font_size == 30.0)
        .collect();
    assert_eq!(big, vec![4]);
}

#[test]
fn appending_restyles_siblings_only_when_selectors_count_from_the_end() {
    for (css, restyled_siblings) in [
        (".c { color: red } .list .c { color: blue }", false),
        (
            ".c:first-child { color: red } .c + .c { color: blue }",
            false,
        ),
        (".c:last-child { color: red }", true),
    ] {
        let mut p = Page::new(css);
        let root = p.root();
        let list = p.el(root, "view", "list");
        for _ in 0..20 {
            p.el(list, "view", "c");
        }
        p.restyle(VIEWPORT);
        p.doc.take_stats();
        p.el(list, "view", "c");
        p.restyle(VIEWPORT);
        let restyled = p.doc.take_stats().nodes_restyled;
        assert_eq!(
            restyled > 1,
            restyled_siblings,
            "{css}: {restyled} restyled"
        );
        // A text node takes no position among the elements.
        p.text(list, "note");
        p.restyle(VIEWPORT);
        assert_eq!(p.doc.take_stats().nodes_restyled, 1, "{css}: a text node");
    }
}

#[test]
fn invalid_selectors_skip_their_rule_with_a_message() {
    for (css, message) in [
        (
            ":nth-child(foo) { color: red }",
            "invalid argument of `:nth-child()`",
        ),
        ("[a=] { color: red }", "expected a value"),
        (".a:nth-child(2n of .b) { color: red }", "is not supported"),
        (
            "view:hover { color: red }",
            "unsupported pseudo-class `:hover`",
        ),
        (
            ".a::selection { color: red }",
            "unsupported pseudo-element `::selection`",
        ),
        (".a + { color: red }", "`+` without a right-hand selector"),
        (":not(.a > .b) { color: red }", "compound selectors"),
    ] {
        let mut p = Page::new(&format!("{css}\n.ok {{ color: blue }}"));
        assert_eq!(p.warnings.len(), 1, "{css}: {:?}", p.warnings);
        assert!(
            p.warnings[0].message.contains(message),
            "{css}: {}",
            p.warnings[0].message
        );
        let root = p.root();
        let ok = p.el(root, "view", "ok a b");
        p.doc.set_attr(ok, "a", "");
        p.restyle(VIEWPORT);
        assert_eq!(
            p.doc.node(ok).style.color,
            BLUE,
            "{css}: the next rule applies"
        );
    }
}
