//! Character entities and comments.

use super::Case;

pub(super) const CASES: &[Case] = &[
    // --- entities
    (
        "entities in text",
        r#"<view>&lt;a&gt; &amp; &quot;q&quot;</view>"#,
        "{}",
        r#"view"<a> & \"q\"""#,
        "",
        "",
    ),
    (
        "numeric entities",
        r#"<view>&#65;&#x42;</view>"#,
        "{}",
        r#"view"AB""#,
        "",
        "",
    ),
    (
        "entity in attr",
        r#"<view id="a&amp;b"/>"#,
        "{}",
        "view#a&b",
        "",
        "",
    ),
    (
        "unknown entity kept",
        r#"<view>&foo;</view>"#,
        "{}",
        r#"view"&foo;""#,
        "",
        "",
    ),
    (
        "nbsp",
        r#"<view>a&nbsp;b</view>"#,
        "{}",
        r#"view"a\u{a0}b""#,
        "",
        "",
    ),
    (
        "comment ignored",
        r#"<view><!-- c --><text>t</text></view>"#,
        "{}",
        r#"view[text"t"]"#,
        "",
        "",
    ),
];
