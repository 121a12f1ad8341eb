//! White space processing before line breaking (CSS Text 3 §4.1): what `white-space`
//! keeps of the spaces, tabs and newlines of a text.

use std::borrow::Cow;

use crate::style::text_style::WhiteSpace;

/// Collapses white space: runs of spaces, tabs and line feeds become one space, and leading
/// white space is removed (CSS Text 3 §4.1.1 phase I and II). Trailing space is kept; it
/// hangs at the end of the line and is not measured.
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for ch in text.chars() {
        if matches!(ch, ' ' | '\t' | '\n' | '\r' | '\u{000C}') {
            pending_space = !out.is_empty();
            continue;
        }
        if ch.is_control() {
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(ch);
    }
    if pending_space {
        out.push(' ');
    }
    out
}

/// [`collapse_whitespace`] without a copy when the text is already collapsed (the
/// common case: most bound texts are single words or single-spaced phrases).
fn collapsed(text: &str) -> Cow<'_, str> {
    let mut prev_space = true; // Leading white space is removed.
    let clean = text.chars().all(|ch| {
        let space = ch == ' ';
        let ok = if space {
            !prev_space
        } else {
            !matches!(ch, '\t' | '\n' | '\r' | '\u{000C}') && !ch.is_control()
        };
        prev_space = space;
        ok
    });
    // A lone trailing space is kept by `collapse_whitespace` too.
    if clean {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(collapse_whitespace(text))
    }
}

/// `white-space: pre-line`: spaces and tabs collapse as in [`collapse_whitespace`], those
/// next to a newline are removed, and newlines stay (CSS Text 3 §4.1.1 phase I, steps 1
/// and 4; phase II).
fn collapse_keeping_newlines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    let mut line_start = true;
    for ch in text.chars() {
        match ch {
            '\n' => {
                while out.ends_with(' ') {
                    out.pop();
                }
                out.push('\n');
                pending_space = false;
                line_start = true;
            }
            ' ' | '\t' | '\u{000C}' => pending_space = !line_start,
            c if c.is_control() => {}
            c => {
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                out.push(c);
                line_start = false;
            }
        }
    }
    if pending_space {
        out.push(' ');
    }
    out
}

/// `text` as line breaking sees it under `white_space`: collapsed (`normal`, `nowrap`),
/// collapsed but for its newlines (`pre-line`, or `keep_newlines`), or as it is (`pre`,
/// `pre-wrap`, `break-spaces`; tabs and newlines are handled while breaking).
pub(crate) fn process(text: &str, white_space: WhiteSpace, keep_newlines: bool) -> Cow<'_, str> {
    match white_space {
        WhiteSpace::Normal | WhiteSpace::NoWrap if keep_newlines && text.contains('\n') => {
            Cow::Owned(collapse_keeping_newlines(text))
        }
        WhiteSpace::Normal | WhiteSpace::NoWrap => collapsed(text),
        WhiteSpace::PreLine => Cow::Owned(collapse_keeping_newlines(text)),
        WhiteSpace::Pre | WhiteSpace::PreWrap | WhiteSpace::BreakSpaces => Cow::Borrowed(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_like_white_space_normal() {
        assert_eq!(collapse_whitespace("  a \n\t b  "), "a b ");
        assert_eq!(collapse_whitespace("\n\n"), "");
        assert_eq!(collapse_whitespace("中 文"), "中 文");
        assert_eq!(process("a  b", WhiteSpace::NoWrap, false), "a b");
        assert_eq!(process("a  b\n c", WhiteSpace::NoWrap, true), "a b\nc");
    }

    #[test]
    fn pre_line_keeps_newlines_and_drops_spaces_around_them() {
        assert_eq!(
            process("  a  b \n  c\n\nd ", WhiteSpace::PreLine, false),
            "a b\nc\n\nd "
        );
    }

    #[test]
    fn pre_modes_keep_everything() {
        for ws in [
            WhiteSpace::Pre,
            WhiteSpace::PreWrap,
            WhiteSpace::BreakSpaces,
        ] {
            assert_eq!(process(" a  \tb\n", ws, false), " a  \tb\n");
        }
    }
}
