//! Coarse cost checks (generous bounds: they catch accidental quadratic work, not noise).

use std::time::Instant;

use mica_layout::{FontStore, TextAlign};

use crate::{Page, VIEWPORT};

#[test]
fn thousand_nodes_restyle_and_layout_quickly() {
    let mut css = String::new();
    for i in 0..200 {
        css.push_str(&format!(
            ".c{i} {{ padding: {i}rpx; color: #{:06x} }}\n",
            i * 997
        ));
    }
    css.push_str(
        ".row { display: flex } .cell { flex: 1; height: 20px } .list .row .cell { margin: 1px }",
    );
    let mut p = Page::new(&css);
    let root = p.root();
    let list = p.el(root, "view", "list");
    for i in 0..250 {
        let row = p.el(list, "view", &format!("row c{}", i % 200));
        p.el(row, "view", "cell");
        let cell = p.el(row, "view", "cell");
        p.text(cell, "item 项目");
    }
    let fonts = FontStore::bundled();
    let t = Instant::now();
    p.layout(&fonts, VIEWPORT);
    let first = t.elapsed();
    let stats = p.doc.take_stats();
    assert!(stats.nodes_restyled > 1000);
    let t = Instant::now();
    p.restyle(VIEWPORT);
    let cell = p.doc.node(p.doc.node(list).children[3]).children[0];
    p.doc.set_attr(cell, "class", "cell c7");
    p.layout(&fonts, VIEWPORT);
    let second = t.elapsed();
    eprintln!("first restyle+layout {first:?} (incl. font parsing), incremental {second:?}");
    assert!(first.as_millis() < 2000, "{first:?}");
    assert!(second < first, "{second:?} vs {first:?}");
}

#[test]
fn cold_start_latin_is_cheap() {
    let t = Instant::now();
    let fonts = FontStore::bundled();
    let l = fonts.shape("Hello, world", 16.0, 20.0, None, TextAlign::Left);
    let e = t.elapsed();
    eprintln!("bundled store + first Latin shape: {e:?}");
    assert_eq!(l.lines.len(), 1);
    assert!(e.as_millis() < 100, "{e:?}");
}
