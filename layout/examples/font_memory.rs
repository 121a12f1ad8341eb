//! Prints the resident memory and time that the first text costs: shaping a Chinese
//! sentence at 32 px and rasterising its glyphs.
//!
//! ```text
//! cargo run --release -p mica-layout --example font_memory          # glyph sets (what Mica does)
//! cargo run --release -p mica-layout --example font_memory -- whole # every chunk parsed whole
//! ```
//!
//! Run the two in separate processes: freed memory stays in the allocator.

use std::time::Instant;

use mica_layout::{FontStore, TextAlign};

const SENTENCE: &str =
    "你好，世界！Mica 在电视和车机上原生运行小程序。小程序的界面由模板、样式和脚本组成。";

/// VmRSS of this process in KiB (Linux; 0 elsewhere).
fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

fn main() {
    let whole = std::env::args().nth(1).as_deref() == Some("whole");
    let store = FontStore::bundled();
    let before = rss_kib();
    let start = Instant::now();
    let t = store.shape(SENTENCE, 32.0, 40.0, None, TextAlign::Left);
    let glyphs: Vec<_> = t
        .lines
        .iter()
        .flat_map(|l| l.glyphs.iter().map(|g| (g.face, g.glyph)))
        .collect();
    let shaped = start.elapsed();
    let mut coverage = 0u64;
    if whole {
        // What the store did before glyph sets: fontdue flattens each chunk whole.
        for &(face, glyph) in &glyphs {
            if let Some(font) = store.font(face) {
                let (_, bitmap) = font.rasterize_indexed(glyph, 32.0);
                coverage += bitmap.iter().map(|&a| u64::from(a)).sum::<u64>();
            }
        }
    } else {
        store.prepare(glyphs.iter().copied());
        for &(face, glyph) in &glyphs {
            if let Some((_, bitmap)) = store.rasterize(face, glyph, 32.0) {
                coverage += bitmap.iter().map(|&a| u64::from(a)).sum::<u64>();
            }
        }
    }
    let rasterised = start.elapsed();
    let after = rss_kib();
    println!(
        "{}: {} glyphs, shaped in {:.2} ms, rasterised by {:.2} ms; RSS {} → {} KiB (+{} KiB); \
         {} faces opened, {} outlines in fontdue (coverage sum {coverage})",
        if whole { "whole chunks" } else { "glyph sets" },
        glyphs.len(),
        shaped.as_secs_f64() * 1000.0,
        rasterised.as_secs_f64() * 1000.0,
        before,
        after,
        after.saturating_sub(before),
        store.parsed_faces(),
        store.loaded_glyphs(),
    );
}
