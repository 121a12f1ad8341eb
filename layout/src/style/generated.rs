//! Generated content: the `::before` and `::after` pseudo-elements (CSS Pseudo 4 §2.1)
//! and their `content` (CSS Generated Content 3 §1).
//!
//! A pseudo-element whose computed `content` is not `none`/`normal` gets a box: a node
//! of the document whose parent is the originating element, laid out and painted as
//! its first (`::before`) or last (`::after`) child, but kept out of
//! [`Node::children`](crate::Node::children), so that selectors, queries, patches and
//! events never see it (a tap on it is a tap on the element, see
//! [`Document::originating`]). Its style comes from the rules whose selector ends in the
//! pseudo-element and inherits from the element; its text content is one text node.
//! The cascade keeps the boxes in step with the element (`update_generated`), so they
//! follow class changes.
//!
//! A generated box without a `display` is inline (CSS's initial value): its text flows in
//! the element's paragraph (see the `inline` module).

use std::sync::Arc;

use cssparser::{Parser, Token};

use super::cascade::StyleSet;
use super::compute::{box_differs, text_node_style};
use super::computed::ComputedStyle;
use super::values::ValueError;
use crate::document::{Document, NodeId, NodeKind, AFTER_TAG, BEFORE_TAG};

/// The pseudo-elements Mica generates boxes for.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PseudoElement {
    /// `::before` (or the legacy `:before`).
    Before,
    /// `::after` (or `:after`).
    After,
}

/// A computed `content` list.
pub type Content = Arc<[ContentItem]>;

/// One part of `content`.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContentItem {
    /// A string (escapes already decoded by the tokenizer).
    Text(String),
    /// `attr(name)`: the originating element's attribute, or nothing.
    Attr(String),
}

/// Parses `content` (CSS Generated Content 3 §1.1): `normal`, `none`, or a list of
/// strings, `attr()` and quotes (`open-quote` and `close-quote` as curly double quotes,
/// the `no-*` forms as nothing). Counters and images are not supported.
pub fn parse_content<'i>(input: &mut Parser<'i, '_>) -> Result<Option<Content>, ValueError<'i>> {
    if input
        .try_parse(|i| {
            let id = i.expect_ident()?.to_ascii_lowercase();
            match id.as_str() {
                "normal" | "none" => Ok(()),
                _ => Err(i.new_custom_error::<_, String>(String::new())),
            }
        })
        .is_ok()
    {
        return Ok(None);
    }
    let mut items = Vec::new();
    while !input.is_exhausted() {
        let location = input.current_source_location();
        match input.next()?.clone() {
            Token::QuotedString(s) => items.push(ContentItem::Text(s.to_string())),
            Token::Function(f) if f.eq_ignore_ascii_case("attr") => {
                let name = input.parse_nested_block(|i| {
                    let n = i.expect_ident()?.to_string();
                    i.expect_exhausted()?;
                    Ok(n)
                })?;
                items.push(ContentItem::Attr(name));
            }
            Token::Ident(id) => match id.to_ascii_lowercase().as_str() {
                "open-quote" => items.push(ContentItem::Text("\u{201c}".into())),
                "close-quote" => items.push(ContentItem::Text("\u{201d}".into())),
                "no-open-quote" | "no-close-quote" => {}
                _ => return Err(location.new_custom_error(format!("unsupported content `{id}`"))),
            },
            t => return Err(location.new_unexpected_token_error(t)),
        }
    }
    if items.is_empty() {
        return Err(input.new_custom_error("empty `content`".to_string()));
    }
    Ok(Some(items.into()))
}

/// The text of `content` for an element with attributes `attr`.
fn content_text<'a>(content: &[ContentItem], attr: impl Fn(&str) -> Option<&'a str>) -> String {
    let mut out = String::new();
    for item in content {
        match item {
            ContentItem::Text(t) => out.push_str(t),
            ContentItem::Attr(name) => out.push_str(attr(name).unwrap_or("")),
        }
    }
    out
}

/// Elements whose content is replaced (an image, a native input): they have no
/// `::before`/`::after` boxes, as in browsers (CSS Pseudo 4 §2.1 leaves them undefined),
/// and layout measures them as leaves.
const REPLACED: &[&str] = &["image", "input", "textarea", "video", "canvas", "map"];

/// Creates, updates or removes the `::before` and `::after` boxes of element `el`,
/// whose own style is up to date (the cascade calls this right after styling it).
pub(crate) fn update_generated(
    doc: &mut Document,
    styles: &StyleSet,
    el: NodeId,
    viewport: (f32, f32),
) {
    let mut inline = [false; 2];
    for (after, which, tag) in [
        (false, PseudoElement::Before, BEFORE_TAG),
        (true, PseudoElement::After, AFTER_TAG),
    ] {
        let n = doc.node(el);
        let style = if n.style.hidden || n.is_generated() || REPLACED.contains(&n.tag.as_str()) {
            None
        } else {
            styles
                .compute_pseudo(doc, el, which, viewport)
                .filter(|(s, _)| s.content.is_some() && !s.hidden)
        };
        let Some((mut style, is_inline)) = style else {
            if doc.node(el).generated(after).is_some() {
                doc.set_generated(el, after, None);
            }
            continue;
        };
        let text = content_text(style.content.as_deref().unwrap_or(&[]), |a| {
            doc.node(el).attr(a)
        });
        let g = match doc.node(el).generated(after) {
            Some(g) => g,
            None => {
                let g = doc.create_element(tag);
                doc.set_generated(el, after, Some(g));
                g
            }
        };
        if is_inline {
            // No `display` declared: CSS's initial `inline`.
            style.inline_box.outer = super::inline_box::OuterDisplay::Inline;
        }
        set_style(doc, g, style);
        // The text: one text node, none for an empty string.
        let kids = doc.node(g).children.clone();
        match (kids.as_slice(), text.is_empty()) {
            ([], true) => {}
            ([t], false) if doc.node(*t).kind == NodeKind::Text => doc.set_text(*t, &text),
            _ => {
                for k in kids {
                    doc.remove(k);
                }
                if !text.is_empty() {
                    let t = doc.create_text(&text);
                    doc.append_child(g, t);
                }
            }
        }
        let gs = doc.node(g).style.clone();
        if let Some(&t) = doc.node(g).children.first() {
            set_style(doc, t, text_node_style(Some(&gs)));
        }
        inline[usize::from(after)] = is_inline;
    }
    if doc.node(el).boxes.is_some() {
        doc.set_generated_inline(el, inline);
    }
}

/// Gives generated node `id` (or its text) `style`, marking what changed.
fn set_style(doc: &mut Document, id: NodeId, style: ComputedStyle) {
    let old = &doc.node(id).style;
    let box_changed = box_differs(old, &style);
    let changed = *old != style;
    let n = doc.node_mut(id);
    n.style = style;
    n.dirty.style = false;
    if box_changed {
        if n.kind == NodeKind::Text {
            n.text_layout = None;
        }
        doc.mark_box_changed(id);
    }
    if changed {
        doc.mark_paint_dirty(id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cssparser::ParserInput;

    fn parse(s: &str) -> Result<Option<Content>, String> {
        let mut pi = ParserInput::new(s);
        let mut p = Parser::new(&mut pi);
        p.parse_entirely(parse_content)
            .map_err(|e| super::super::selector::error_message(&e))
    }

    #[test]
    fn content_values() {
        assert_eq!(parse("none"), Ok(None));
        assert_eq!(parse("NORMAL"), Ok(None));
        let c = parse(r#""a\2014 b" attr(data-x) open-quote "" close-quote"#)
            .ok()
            .flatten()
            .unwrap_or_else(|| Arc::from(Vec::new()));
        let text = content_text(&c, |n| (n == "data-x").then_some("X"));
        assert_eq!(text, "a\u{2014}bX\u{201c}\u{201d}");
        assert_eq!(content_text(&c, |_| None), "a\u{2014}b\u{201c}\u{201d}");
        for bad in ["", "counter(x)", "url(a.png)", "attr()", "\"a\" 1px", "foo"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
