//! `<block>`: grouping without an element.

use super::Case;

pub(super) const CASES: &[Case] = &[
    // --- block
    (
        "block groups",
        r#"<block><view>a</view><view>b</view></block>"#,
        "{}",
        r#"view"a" view"b""#,
        "",
        "",
    ),
    (
        "block if",
        r#"<block wx:if="{{ok}}"><text>1</text><text>2</text></block>"#,
        r#"{"ok":1}"#,
        r#"text"1" text"2""#,
        "",
        "",
    ),
    (
        "block for",
        r#"<block wx:for="{{l}}"><text>{{item}}</text><text>-</text></block>"#,
        r#"{"l":["a","b"]}"#,
        r#"text"a" text"-" text"b" text"-""#,
        "",
        "",
    ),
    (
        "block renders no element",
        r#"<view><block>x</block></view>"#,
        "{}",
        r#"view"x""#,
        "",
        "",
    ),
];
