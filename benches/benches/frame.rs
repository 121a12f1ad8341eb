//! The frame pipeline's hot paths on apps/hello at 1920x1080:
//! - `cold_start`: open the package, start the logic thread, first frame drawn;
//! - `set_data_to_frame`: a tap handler's `setData` of one field until the next frame is
//!   presented (logic thread round trip, patch, restyle, layout, damaged repaint);
//! - `paint_full_frame`: repainting the whole 1920x1080 window.

use criterion::{criterion_group, criterion_main, Criterion};
use mica_engine::runtime::{Runtime, RuntimeConfig};
use serde_json::json;

fn config() -> RuntimeConfig {
    RuntimeConfig {
        width: 1920,
        height: 1080,
        ..Default::default()
    }
}

fn launched() -> Runtime {
    let mut rt = match Runtime::open(mica_benches::apps_dir().join("hello"), config()) {
        Ok(rt) => rt,
        Err(e) => panic!("open: {e}"),
    };
    if let Err(e) = rt.launch(None) {
        panic!("launch: {e}");
    }
    rt
}

fn cold_start(c: &mut Criterion) {
    c.bench_function("cold_start_hello_1920x1080", |b| b.iter(launched));
}

fn set_data_to_frame(c: &mut Criterion) {
    let mut rt = launched();
    let event = json!({ "type": "tap", "currentTarget": { "id": "counter", "dataset": { "step": 1 } },
                        "target": { "id": "counter", "dataset": { "step": 1 } }, "detail": {} });
    c.bench_function("set_data_one_field_to_frame", |b| {
        b.iter(|| {
            if let Err(e) = rt.call_page_method("increment", event.clone()) {
                panic!("{e}");
            }
        })
    });
}

fn paint_full_frame(c: &mut Criterion) {
    let mut rt = launched();
    c.bench_function("paint_full_frame_1920x1080", |b| {
        b.iter(|| {
            rt.invalidate();
            if let Err(e) = rt.render_frame() {
                panic!("{e}");
            }
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = cold_start, set_data_to_frame, paint_full_frame
}
criterion_main!(benches);
