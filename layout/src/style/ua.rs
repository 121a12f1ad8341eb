//! The user-agent stylesheet: WeChat's documented defaults for the built-in components
//! (WeChat mini-program component docs and the base library's `wx-*` styles).
//!
//! Inline elements (`text`, `image`, `icon`) are laid out as blocks in the foundation; there
//! is no inline formatting context yet.

use std::sync::OnceLock;

use super::parse::{ParseOptions, Stylesheet};

/// The UA stylesheet source.
pub const UA_CSS: &str = r#"
page, view, block, navigator, scroll-view, swiper, swiper-item, form, label, input,
textarea, picker, picker-view, cover-view, cover-image, movable-area, movable-view,
rich-text, progress, slider, switch, checkbox-group, radio-group, checkbox, radio,
video, canvas, map, web-view { display: block; }
page { font-size: 16px; color: #000; }
text { display: inline; }
image { display: inline-block; width: 320px; height: 240px; overflow: hidden; }
icon { display: inline-block; }
button {
  display: block; position: relative; box-sizing: border-box;
  margin-left: auto; margin-right: auto; padding-left: 14px; padding-right: 14px;
  font-size: 18px; line-height: 2.55555556; text-align: center; color: #000;
  background-color: #f8f8f8; border: 1px solid rgba(0, 0, 0, 0.2); border-radius: 5px;
  overflow: hidden;
}
scroll-view { overflow: hidden; }
swiper { height: 150px; overflow: hidden; }
swiper-item { width: 100%; height: 100%; overflow: hidden; }
input { height: 1.4rem; min-height: 1.4rem; overflow: hidden; }
textarea { width: 300px; height: 150px; }
progress { height: 6px; }
"#;

/// The parsed UA stylesheet (parsed once per process).
pub fn ua_stylesheet() -> &'static Stylesheet {
    static UA: OnceLock<Stylesheet> = OnceLock::new();
    UA.get_or_init(|| {
        let (sheet, warnings) = Stylesheet::parse(UA_CSS, "<user-agent>", ParseOptions::default());
        for w in warnings {
            log::error!("UA stylesheet: {w}");
        }
        sheet
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn ua_parses_without_warnings() {
        let (_, w) = super::Stylesheet::parse(super::UA_CSS, "ua", Default::default());
        assert!(w.is_empty(), "{w:?}");
    }
}
