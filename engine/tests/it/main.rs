//! Integration tests of mica-engine: whole apps through the same pipeline as a device.

mod app_events;
mod bad_input;
mod car_media;
mod chrome;
mod components;
mod events;
mod fuzz_regressions;
mod golden;
mod host_apis;
mod incremental;
mod keys;
mod layout_boxes;
mod navigation;
mod package;
mod picker;
mod pointer;
mod precompiled;
mod pull_down_refresh;
mod request;
mod slider_drag;
mod smooth_scroll;
mod stats;
mod storage;
mod support;
mod swiper;
mod text_input;
