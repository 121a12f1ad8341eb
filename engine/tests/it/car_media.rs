//! apps/car-media: a head-unit player driven by a rotary/D-pad and by touch.

use mica_engine::platform::Key;
use mica_engine::runtime::Runtime;

use crate::golden::check_golden;
use crate::support::press;
use crate::support::{finish_animations, launch, text_by_id, workspace};

fn player() -> Runtime {
    launch(workspace().join("apps/car-media"), 1280, 720)
}

fn focused_id(rt: &Runtime) -> String {
    rt.dump()["focused"]["id"]
        .as_str()
        .unwrap_or("<none>")
        .to_string()
}

#[test]
fn play_pause_and_seek_with_the_d_pad() {
    let mut rt = player();
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
    assert_eq!(focused_id(&rt), "play");
    press(&mut rt, &[Key::Enter]);
    assert_eq!(text_by_id(&rt, "play"), "暂停");
    // Up reaches the seek slider; Right steps it by its step (5 s) and stays on it.
    press(&mut rt, &[Key::Up]);
    assert_eq!(focused_id(&rt), "seek");
    press(&mut rt, &[Key::Right, Key::Right]);
    assert_eq!(focused_id(&rt), "seek");
    assert_eq!(text_by_id(&rt, "position"), "0:10");
    press(&mut rt, &[Key::Down]);
    assert!(
        ["prev", "play", "next"].contains(&focused_id(&rt).as_str()),
        "{}",
        focused_id(&rt)
    );
}

#[test]
fn the_playlist_is_reachable_and_enter_picks_a_track() {
    let mut rt = player();
    press(&mut rt, &[Key::Right, Key::Right]);
    let first = focused_id(&rt);
    assert!(first.starts_with("track-"), "{first}");
    press(
        &mut rt,
        &[
            Key::Down,
            Key::Down,
            Key::Down,
            Key::Down,
            Key::Down,
            Key::Down,
        ],
    );
    let picked = focused_id(&rt);
    let index: usize = picked
        .trim_start_matches("track-")
        .parse()
        .unwrap_or_else(|e| panic!("{picked}: {e}"));
    assert!(index >= 6, "six downs from {first} reach {picked}");
    press(&mut rt, &[Key::Enter]);
    assert_eq!(text_by_id(&rt, "play"), "暂停", "picking a track plays it");
    let titles = [
        "夜空中最亮的星",
        "Highway Song",
        "平凡之路",
        "Coastline",
        "成都",
        "Night Shift",
        "南方姑娘",
        "Open Road",
        "晴天",
        "Signal",
    ];
    assert_eq!(text_by_id(&rt, "title"), titles[index]);
    // The focused track was scrolled into the playlist's view (a short glide).
    finish_animations(&mut rt);
    let rect = rt.dump()["focused"]["rect"].clone();
    let bottom = rect[1].as_f64().unwrap_or(0.0) + rect[3].as_f64().unwrap_or(0.0);
    assert!(bottom <= 720.0, "focused track below the window: {rect}");
    check_golden(&rt, "car-media-track-picked");
}

#[test]
fn touch_targets_work_too() {
    let mut rt = player();
    rt.tap("#next").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(text_by_id(&rt, "title"), "Highway Song");
    rt.tap("#prev").unwrap_or_else(|e| panic!("{e}"));
    rt.tap("#prev").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(text_by_id(&rt, "title"), "Signal", "prev wraps around");
    rt.tap("#track-2").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(text_by_id(&rt, "title"), "平凡之路");
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
}
