//! `var()` at the token level: finding it at parse time, substituting it at
//! computed-value time (CSS Variables 1 §3).

use std::sync::Arc;

use cssparser::{ParseError, Parser, ParserInput, Token};

use crate::style::values::ValueError;

/// Deepest nesting of blocks and functions looked into for `var()` (parse and compute
/// time), and deepest chain of custom properties referring to each other on one element:
/// recursion stays bounded whatever the stylesheet (real ones nest a handful deep).
pub(super) const MAX_DEPTH: u32 = 32;

/// Longest value `var()` substitution may produce: `--b: var(--a) var(--a)` doubles, so
/// a few lines could otherwise ask for gigabytes. Longer is invalid at computed-value
/// time.
pub(super) const MAX_VALUE_LEN: usize = 64 * 1024;

/// Consumes the rest of `input` and tells whether it contains a `var()`. Each `var()`
/// must name a custom property (`var(--x)` or `var(--x, fallback)`, §3); anything else is
/// a parse error, which drops the declaration.
pub(crate) fn find_var<'i>(input: &mut Parser<'i, '_>) -> Result<bool, ValueError<'i>> {
    find_var_in(input, 0)
}

fn find_var_in<'i>(input: &mut Parser<'i, '_>, depth: u32) -> Result<bool, ValueError<'i>> {
    let mut found = false;
    while let Ok(token) = input.next() {
        let var = match token {
            Token::Function(name) => name.eq_ignore_ascii_case("var"),
            Token::ParenthesisBlock | Token::SquareBracketBlock | Token::CurlyBracketBlock => false,
            _ => continue,
        };
        if depth >= MAX_DEPTH {
            // Not looked into; a `var()` this deep is not substituted either.
            continue;
        }
        found |= input.parse_nested_block(|i| {
            if !var {
                return find_var_in(i, depth + 1);
            }
            let location = i.current_source_location();
            let name = i.expect_ident()?;
            if !name.starts_with("--") {
                let message = format!("`var()` takes a custom property name, not `{name}`");
                return Err(location.new_custom_error(message));
            }
            if !i.is_exhausted() {
                i.expect_comma()?;
                find_var_in(i, depth + 1)?;
            }
            Ok(true)
        })?;
    }
    Ok(found)
}

/// A cheap test before tokenizing: could `text` contain a `var()`?
pub(crate) fn mentions_var(text: &str) -> bool {
    text.as_bytes()
        .windows(4)
        .any(|w| w.eq_ignore_ascii_case(b"var("))
}

/// A `var()` could not be substituted: no value and no fallback, or too long or deep.
#[derive(Debug)]
pub(super) struct Invalid;

/// Looks up the computed value of a custom property; `None` is the guaranteed-invalid
/// value (undefined, or invalid at computed-value time).
pub(super) type Lookup<'l> = dyn FnMut(&str) -> Option<Arc<str>> + 'l;

/// Appends `text` to `out` with each `var()` replaced by its value or its fallback
/// (CSS Variables 1 §3, "substitute a var()"), recursively in fallbacks.
pub(super) fn substitute(
    text: &str,
    lookup: &mut Lookup<'_>,
    out: &mut String,
    depth: u32,
) -> Result<(), Invalid> {
    if depth >= MAX_DEPTH {
        return Err(Invalid);
    }
    let mut pi = ParserInput::new(text);
    let mut p = Parser::new(&mut pi);
    let mut last = 0;
    let mut walk = Walk {
        text,
        lookup,
        out,
        last: &mut last,
    };
    walk.block(&mut p, depth).map_err(|_| Invalid)?;
    push_piece(out, &text[last..]);
    if out.len() > MAX_VALUE_LEN {
        return Err(Invalid);
    }
    Ok(())
}

/// One substitution's state while walking the tokens of `text`.
struct Walk<'w, 'l> {
    text: &'w str,
    lookup: &'w mut Lookup<'l>,
    out: &'w mut String,
    /// Byte offset in `text` up to which `out` has it.
    last: &'w mut usize,
}

impl Walk<'_, '_> {
    fn block<'i>(&mut self, p: &mut Parser<'i, '_>, depth: u32) -> Result<(), ParseError<'i, ()>> {
        loop {
            let start = p.position().byte_index();
            let var = match p.next_including_whitespace_and_comments() {
                Err(_) => return Ok(()),
                Ok(Token::Function(name)) => name.eq_ignore_ascii_case("var"),
                Ok(
                    Token::ParenthesisBlock | Token::SquareBracketBlock | Token::CurlyBracketBlock,
                ) => false,
                Ok(_) => continue,
            };
            if depth >= MAX_DEPTH {
                return Err(p.new_custom_error(()));
            }
            if !var {
                p.parse_nested_block(|i| self.block(i, depth + 1))?;
                continue;
            }
            let (name, fallback) = p.parse_nested_block(|i| {
                let name = i.expect_ident()?.clone();
                if !name.starts_with("--") {
                    return Err(i.new_custom_error(()));
                }
                if i.is_exhausted() {
                    return Ok((name, None));
                }
                i.expect_comma()?;
                let from = i.position();
                while i.next_including_whitespace_and_comments().is_ok() {}
                Ok((name, Some(i.slice_from(from).trim())))
            })?;
            let end = p.position().byte_index();
            push_piece(self.out, &self.text[*self.last..start]);
            *self.last = end;
            match (self.lookup)(&name) {
                Some(value) => push_piece(self.out, &value),
                None => match fallback {
                    Some(f) => substitute(f, self.lookup, self.out, depth + 1)
                        .map_err(|_| p.new_custom_error(()))?,
                    None => return Err(p.new_custom_error(())),
                },
            }
            if self.out.len() > MAX_VALUE_LEN {
                return Err(p.new_custom_error(()));
            }
        }
    }
}

/// Appends `piece` where a substitution began or ended, with a space between when the
/// two sides would otherwise run together into one token: `var(--a)px` stays two tokens,
/// as substituting tokens (not text) keeps them (§3).
fn push_piece(out: &mut String, piece: &str) {
    let joins = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '%' | '#' | '\\');
    if let (Some(a), Some(b)) = (out.chars().next_back(), piece.chars().next()) {
        if joins(a) && joins(b) {
            out.push(' ');
        }
    }
    out.push_str(piece);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sub(text: &str, vars: &[(&str, &str)]) -> Option<String> {
        let mut lookup = |n: &str| {
            vars.iter()
                .find(|(k, _)| *k == n)
                .map(|(_, v)| Arc::from(*v))
        };
        let mut out = String::new();
        substitute(text, &mut lookup, &mut out, 0)
            .ok()
            .map(|()| out)
    }

    #[test]
    fn substitution_uses_values_then_fallbacks() {
        let vars = [("--a", "1px"), ("--c", "red")];
        assert_eq!(
            sub("var(--a) solid var(--c)", &vars).as_deref(),
            Some("1px solid red")
        );
        assert_eq!(sub("var(--b, 16px)", &vars).as_deref(), Some("16px"));
        assert_eq!(
            sub("var(--b, var(--x, 3px))", &vars).as_deref(),
            Some("3px")
        );
        assert_eq!(
            sub("rgba(0,0,0,var(--o,.5))", &vars).as_deref(),
            Some("rgba(0,0,0,.5)")
        );
        assert_eq!(sub("var(--b,)", &vars).as_deref(), Some(""));
        assert_eq!(sub("var(--b)", &vars), None);
        assert_eq!(sub("var(--b, var(--x))", &vars), None);
        assert_eq!(sub("VAR(--a)", &vars).as_deref(), Some("1px"));
        // Tokens do not run together: `1px` then `px`, `1px` then `1px`.
        assert_eq!(sub("var(--a)px", &vars).as_deref(), Some("1px px"));
        assert_eq!(sub("var(--a)var(--a)", &vars).as_deref(), Some("1px 1px"));
        assert_eq!(sub("a(var(--a))", &vars).as_deref(), Some("a(1px)"));
    }
}
