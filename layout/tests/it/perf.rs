//! Cost checks by work done, not by time (timings are for the benches): they catch
//! accidental whole-tree or whole-font work without depending on the machine's load.

use mica_layout::{FontStore, TextAlign};

use crate::{Page, VIEWPORT};

#[test]
fn one_class_change_restyles_and_lays_out_a_few_nodes_of_a_thousand() {
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
    p.layout(&fonts, VIEWPORT);
    let first = p.doc.take_stats();
    assert!(first.nodes_restyled > 1000, "{first:?}");
    assert!(first.nodes_laid_out > 1000, "{first:?}");
    let cell = p.doc.node(p.doc.node(list).children[3]).children[0];
    p.doc.set_attr(cell, "class", "cell c7");
    p.layout(&fonts, VIEWPORT);
    let second = p.doc.take_stats();
    eprintln!("first {first:?}, after one class change {second:?}");
    // The cell itself; no inherited property changed for anything else.
    assert!(second.nodes_restyled <= 2, "{second:?}");
    // The cell's row and its cells; every other row is a cache hit.
    assert!(second.nodes_laid_out <= 12, "{second:?}");
}

#[test]
fn shaping_latin_opens_only_the_font_chunk_it_needs() {
    let fonts = FontStore::bundled();
    assert_eq!(
        fonts.parsed_faces(),
        0,
        "nothing is parsed before it is used"
    );
    let l = fonts.shape("Hello, world", 16.0, 20.0, None, TextAlign::Left);
    assert_eq!(l.lines.len(), 1);
    let opened = fonts.parsed_faces();
    assert!(
        (1..fonts.face_count()).contains(&opened),
        "{opened} of {} faces opened for Latin text",
        fonts.face_count()
    );
    // Glyph outlines are loaded for what was shaped, not for whole faces.
    assert!(fonts.loaded_glyphs() < 2_000, "{}", fonts.loaded_glyphs());
}
