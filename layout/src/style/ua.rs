//! The user-agent stylesheet: WeChat's documented defaults for the built-in components
//! (WeChat mini-program component docs and the base library's `wx-*` styles).
//!
//! `text` is inline and `image` and `icon` are inline blocks, as in WeChat: in a block
//! they flow in its paragraph (see the `inline` module); in a flex or grid container they
//! are items like any other. A custom component's `slot` is a virtual node in
//! WeChat: `display: contents`, so what is slotted is laid out by the slot's parent.

use std::sync::OnceLock;

use super::parse::{ParseOptions, Stylesheet};

/// The UA stylesheet source.
pub const UA_CSS: &str = r#"
page, view, block, navigator, scroll-view, swiper, swiper-item, form, label, input,
textarea, picker, picker-view, cover-view, cover-image, movable-area, movable-view,
rich-text, slider, checkbox-group, radio-group, video, canvas, map, web-view,
mica-part { display: block; }
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
slot { display: contents; }
"#;

/// The parts of the interactive built-in components. The engine (`components`) gives a
/// `switch`, `checkbox`, `radio`, `slider`, `progress`, `icon` (and a loading `button`)
/// internal `mica-part` children with these classes, and per-instance colours and sizes
/// in their `style` attribute, so layout and the renderer draw them like any box. Host
/// states the page may style against are component classes (`mica-button-primary`, ...).
/// Defaults follow WeChat's base library (`wx-switch`, `wx-checkbox`, `wx-slider`, ...).
pub const COMPONENTS_CSS: &str = r#"
switch, checkbox, radio, progress { display: flex; flex-direction: row; align-items: center; }
slider { margin: 10px 18px; }

.mica-switch {
  box-sizing: border-box; width: 52px; height: 32px; border: 1px solid #dfdfdf;
  border-radius: 16px; background-color: #dfdfdf;
  display: flex; flex-direction: row; align-items: center; justify-content: flex-start;
}
.mica-switch.mica-checked { justify-content: flex-end; border-color: #04be02; background-color: #04be02; }
.mica-switch-knob { width: 30px; height: 30px; border-radius: 15px; background-color: #fff; }
.mica-switch.mica-disabled { opacity: 0.7; }

.mica-checkbox, .mica-radio {
  box-sizing: border-box; width: 24px; height: 24px; margin-right: 5px;
  border: 1px solid #d1d1d1; background-color: #fff; border-radius: 3px;
  display: flex; align-items: center; justify-content: center;
  font-size: 18px; font-weight: 700; line-height: 1; color: #09bb07;
}
.mica-radio { border-radius: 50%; color: #fff; }
.mica-radio.mica-checked { border-color: #09bb07; background-color: #09bb07; }
.mica-checkbox.mica-disabled, .mica-radio.mica-disabled { background-color: #e1e1e1; color: #adadad; }
.mica-radio.mica-checked.mica-disabled { border-color: #e1e1e1; background-color: #e1e1e1; }
.mica-mark { display: none; }
.mica-checked > .mica-mark { display: block; }

.mica-slider { display: flex; flex-direction: row; align-items: center; }
.mica-slider-area { flex: 1; padding-top: 13px; padding-bottom: 13px; }
.mica-slider-rail { position: relative; height: 2px; border-radius: 5px; background-color: #e9e9e9; }
.mica-slider-fill { height: 100%; border-radius: 6px; background-color: #1aad19; }
.mica-slider-thumb {
  position: absolute; top: -13px; box-sizing: border-box; width: 28px; height: 28px;
  margin-left: -14px; border-radius: 50%; background-color: #fff;
  border: 1px solid rgba(0, 0, 0, 0.15);
}
.mica-slider-value { width: 3em; margin-left: 1em; font-size: 14px; color: #888; }
.mica-slider.mica-disabled { opacity: 0.5; }

.mica-progress-bar { flex: 1; height: 6px; overflow: hidden; background-color: #ebebeb; }
.mica-progress-inner { height: 100%; background-color: #09bb07; }
.mica-progress-info { min-width: 2em; margin-left: 15px; font-size: 16px; }

.mica-icon {
  position: relative; width: 1em; height: 1em; font-size: 23px; line-height: 1;
  display: flex; align-items: center; justify-content: center;
  border-radius: 50%; color: #fff; font-weight: 700;
}
.mica-icon-glyph { font-size: 0.72em; }
.mica-icon-bar { position: absolute; background-color: #fff; }
.mica-icon-arrow {
  position: absolute; width: 0; height: 0; border-top: 0.22em solid #fff;
  border-left: 0.18em solid transparent; border-right: 0.18em solid transparent;
}
.mica-icon-ring {
  position: absolute; left: 0.1em; top: 0.1em; box-sizing: border-box;
  width: 0.62em; height: 0.62em; border: 0.09em solid #b2b2b2; border-radius: 50%;
}

.mica-button-primary { color: #fff; background-color: #1aad19; }
.mica-button-warn { color: #fff; background-color: #e64340; }
.mica-button-mini { line-height: 2.3; font-size: 13px; padding-left: 1.34em; padding-right: 1.34em; }
.mica-button-plain { color: #353535; border-color: #353535; background-color: transparent; }
.mica-button-plain.mica-button-primary { color: #1aad19; border-color: #1aad19; }
.mica-button-plain.mica-button-warn { color: #e64340; border-color: #e64340; }
.mica-button-disabled { color: rgba(0, 0, 0, 0.3); background-color: #f7f7f7; }
.mica-button-primary.mica-button-disabled { color: rgba(255, 255, 255, 0.6); background-color: #9ed99d; }
.mica-button-warn.mica-button-disabled { color: rgba(255, 255, 255, 0.6); background-color: #ec8b89; }
.mica-button-plain.mica-button-disabled { color: rgba(0, 0, 0, 0.2); border-color: rgba(0, 0, 0, 0.2); background-color: transparent; }
.mica-button-loading { display: flex; flex-direction: row; align-items: center; justify-content: center; }
.mica-button-spinner {
  box-sizing: border-box; width: 1em; height: 1em; margin-right: 0.5em;
  border: 0.15em solid currentcolor; border-right-color: transparent; border-radius: 50%;
}
.button-hover { color: rgba(0, 0, 0, 0.6); background-color: #dedede; }
.mica-button-primary.button-hover { color: rgba(255, 255, 255, 0.6); background-color: #179b16; }
.mica-button-warn.button-hover { color: rgba(255, 255, 255, 0.6); background-color: #ce3c39; }
.mica-button-plain.button-hover { background-color: rgba(0, 0, 0, 0.1); }
"#;

/// The parsed UA stylesheet (parsed once per process).
pub fn ua_stylesheet() -> &'static Stylesheet {
    static UA: OnceLock<Stylesheet> = OnceLock::new();
    UA.get_or_init(|| {
        let source = format!("{UA_CSS}{COMPONENTS_CSS}");
        let (sheet, warnings) = Stylesheet::parse(&source, "<user-agent>", ParseOptions::default());
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
        for css in [super::UA_CSS, super::COMPONENTS_CSS] {
            let (_, w) = super::Stylesheet::parse(css, "ua", Default::default());
            assert!(w.is_empty(), "{w:?}");
        }
    }
}
