//! Remote-control latency on apps/tv-launcher at 1920x1080, from `Runtime::press` to the
//! presented frame (keydown to JS and back, focus move, focus styles, restyle, layout,
//! damaged repaint, present):
//! - `key_focus_move`: Right/Left between two visible tiles of a row;
//! - `key_row_scroll`: Right/Left across the edge of a row, so the row's scroll-view
//!   scrolls by a tile each press (and back).

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use mica_engine::platform::Key;
use mica_engine::runtime::{Runtime, RuntimeConfig};

fn launcher() -> Runtime {
    let config = RuntimeConfig {
        width: 1920,
        height: 1080,
        ..Default::default()
    };
    let mut rt = match Runtime::open(mica_benches::apps_dir().join("tv-launcher"), config) {
        Ok(rt) => rt,
        Err(e) => panic!("open: {e}"),
    };
    if let Err(e) = rt.launch(None) {
        panic!("launch: {e}");
    }
    rt
}

fn press(rt: &mut Runtime, key: Key) {
    if let Err(e) = rt.press(key) {
        panic!("{key:?}: {e}");
    }
}

fn focus_move(c: &mut Criterion) {
    let mut rt = launcher();
    // Into the second row, away from the edges.
    for k in [Key::Right, Key::Down, Key::Right] {
        press(&mut rt, k);
    }
    let mut right = true;
    c.bench_function("key_focus_move_1920x1080", |b| {
        b.iter(|| {
            press(&mut rt, if right { Key::Right } else { Key::Left });
            right = !right;
        })
    });
}

fn row_scroll(c: &mut Criterion) {
    let mut rt = launcher();
    for k in [Key::Right, Key::Down] {
        press(&mut rt, k);
    }
    // To the row's last tile: the row is scrolled to its end.
    for _ in 0..9 {
        press(&mut rt, Key::Right);
    }
    c.bench_function("key_row_scroll_1920x1080", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                // Untimed: focus the previous tile and wheel the row back so the last
                // tile is out of view again.
                press(&mut rt, Key::Left);
                let Some(r) = rt.dump()["focused"]["rect"].as_array().cloned() else {
                    panic!("nothing focused");
                };
                let num = |i: usize| r.get(i).and_then(|v| v.as_f64()).unwrap_or(0.0) as f32;
                let (x, y) = (num(0) + num(2) / 2.0, num(1) + num(3) / 2.0);
                if let Err(e) = rt.scroll_at(x, y, -400.0, 0.0) {
                    panic!("scroll: {e}");
                }
                // Timed: the press that must scroll the row to reveal the tile.
                let t = Instant::now();
                press(&mut rt, Key::Right);
                total += t.elapsed();
            }
            total
        })
    });
}

criterion_group!(benches, focus_move, row_scroll);
criterion_main!(benches);
