//! Prints what a full restyle of a 2,000-element list costs, with plain declarations and
//! with Vant-style `var()` declarations and custom properties on `page`, and what parsing
//! the stylesheets costs. A sanity check for the cascade's cost, not a benchmark.
//!
//! ```text
//! cargo run --release -p mica-layout --example restyle_cost
//! ```

use std::time::{Duration, Instant};

use mica_layout::{restyle, Document, ParseOptions, StyleSet, Stylesheet};

const PLAIN: &str = ".list { padding: 8px 16px } \
    .row { display: flex; height: 44px; border: 1px solid #ebedf0; color: #323233; padding: 10px 16px } \
    .cell { flex: 1; margin: 2px; background: #fff; font-size: 14px } \
    .title { font-weight: bold; line-height: 1.5 }";

const VARS: &str = "page { --row-height: 44px; --border-color: #ebedf0; --text: #323233; \
     --pad-v: 10px; --pad-h: 16px; --cell-bg: #fff; --font: 14px } \
    .list { padding: 8px 16px } \
    .row { display: flex; height: var(--row-height, 44px); \
     border: var(--border-width, 1px) solid var(--border-color, #ebedf0); color: var(--text); \
     padding: var(--pad-v, 10px) var(--pad-h, 16px) } \
    .cell { flex: 1; margin: 2px; background: var(--cell-bg); font-size: var(--font, 14px) } \
    .title { font-weight: bold; line-height: 1.5 }";

fn page(css: &str) -> (Document, StyleSet) {
    let (sheet, warnings) = Stylesheet::parse(css, "page.wxss", ParseOptions::default());
    assert!(warnings.is_empty(), "{warnings:?}");
    let mut styles = StyleSet::new();
    styles.push(sheet);
    let mut doc = Document::new();
    let page = doc.create_element("page");
    doc.append_child(doc.root(), page);
    let list = doc.create_element("view");
    doc.set_attr(list, "class", "list");
    doc.append_child(page, list);
    for i in 0..500 {
        let row = doc.create_element("view");
        // Distinct ids defeat style sharing, so every element runs the cascade.
        doc.set_attr(row, "id", &format!("r{i}"));
        doc.set_attr(row, "class", "row");
        doc.append_child(list, row);
        for j in 0..3 {
            let cell = doc.create_element("view");
            doc.set_attr(cell, "id", &format!("c{i}-{j}"));
            doc.set_attr(cell, "class", if j == 0 { "cell title" } else { "cell" });
            doc.append_child(row, cell);
        }
    }
    (doc, styles)
}

/// The fastest of several samples: the machine may be busy with other work.
fn fastest(samples: u32, rounds: u32, mut f: impl FnMut(u32)) -> Duration {
    (0..samples)
        .map(|_| {
            let start = Instant::now();
            for i in 0..rounds {
                f(i);
            }
            start.elapsed() / rounds
        })
        .min()
        .unwrap_or_default()
}

fn time(label: &str, css: &str) {
    let (mut doc, styles) = page(css);
    // Another viewport each time restyles everything.
    let restyles = fastest(15, 10, |i| {
        restyle(&mut doc, &styles, (375.0 + (i % 2) as f32, 667.0));
    });
    let parse = fastest(15, 50, |_| {
        std::hint::black_box(Stylesheet::parse(css, "page.wxss", ParseOptions::default()));
    });
    println!(
        "{label:>6}: restyle of 2,002 elements {:>7.3} ms, parse {:>6.1} µs",
        ms(restyles),
        parse.as_secs_f64() * 1e6
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    // `-- vars` (or `plain`) times one of them, for a profiler.
    let only = std::env::args().nth(1);
    for (label, css) in [("plain", PLAIN), ("vars", VARS)] {
        if only.as_deref().is_none_or(|o| o == label) {
            time(label, css);
        }
    }
}
