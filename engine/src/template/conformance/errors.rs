//! Templates that must fail to compile, with the position and message of the error.

use super::{compile_with, lib};

/// `(name, template, expected "line:col" and message fragment)`.
pub(super) const ERRORS: &[(&str, &str, &str, &str)] = &[
    ("unclosed", "<view>\n  <text>", "2:3", "unclosed"),
    ("mismatched", "<view></text>", "1:7", "mismatched"),
    (
        "else without if",
        "<view/><view wx:else/>",
        "1:14",
        "wx:else",
    ),
    (
        "bad expression",
        "<view>{{a +}}</view>",
        "1:",
        "bad expression",
    ),
    (
        "unterminated mustache",
        "<view>{{a</view>",
        "1:",
        "unterminated",
    ),
    (
        "missing import",
        "<view/>\n<import src=\"/nope\"/>",
        "2:1",
        "cannot load `nope.wxml`",
    ),
    (
        "missing include",
        "<include src=\"x\"/>",
        "1:1",
        "cannot load `pages/x.wxml`",
    ),
    (
        "include escapes package",
        "<include src=\"../../../x\"/>",
        "1:1",
        "leaves the package",
    ),
    ("self include", "<include src=\"./p\"/>", "1:1", "cycle"),
    (
        "missing wxs src",
        "<view/>\n  <wxs module=\"m\" src=\"./nope.wxs\"/>",
        "2:3",
        "cannot load `pages/nope.wxs`",
    ),
    (
        "wxs without module",
        "<wxs>module.exports = {}</wxs>",
        "1:1",
        "needs a `module` attribute",
    ),
    (
        "wxs src not a .wxs file",
        "<wxs module=\"m\" src=\"./p.wxml\"/>",
        "1:1",
        "must name a `.wxs` file",
    ),
    (
        "wxs require of a missing file",
        "<wxs module=\"m\">var x = require('./gone.wxs');</wxs>",
        "1:1",
        "cannot load `pages/gone.wxs`",
    ),
    (
        "wxs module declared twice",
        "<wxs module=\"m\">1</wxs><wxs module=\"m\">2</wxs>",
        "1:24",
        "declared twice",
    ),
];

#[test]
fn conformance_errors() {
    let mut failures = Vec::new();
    for (name, tpl, at, msg) in ERRORS {
        match compile_with("pages/p.wxml", tpl, &lib()) {
            Ok(_) => failures.push(format!("{name}: compiled")),
            Err(e) => {
                let pos = format!("{}:{}", e.line, e.col);
                if !pos.starts_with(at) || !e.message.contains(msg) {
                    failures.push(format!("{name}: want {at} `{msg}`, got {e}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
