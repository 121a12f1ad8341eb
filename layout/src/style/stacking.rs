//! `z-index` (CSS 2.1 §9.9.1) and `visibility` (CSS 2.1 §11.2): the properties that decide
//! paint order and whether a box paints at all. The renderer orders stacking contexts.

use cssparser::{Parser, Token};

use super::values::{invalid, ValueError};

/// `z-index`: `auto` (→ `None`) or an integer.
pub fn parse_z_index<'i>(input: &mut Parser<'i, '_>) -> Result<Option<i32>, ValueError<'i>> {
    if input.try_parse(|i| i.expect_ident_matching("auto")).is_ok() {
        return Ok(None);
    }
    let location = input.current_source_location();
    match input.next()?.clone() {
        Token::Number {
            int_value: Some(v), ..
        } => Ok(Some(v)),
        t => Err(location.new_unexpected_token_error(t)),
    }
}

/// `visibility`: `true` for `visible`; `hidden` and `collapse` hide the box (collapse
/// behaves as hidden outside tables).
pub fn parse_visibility<'i>(input: &mut Parser<'i, '_>) -> Result<bool, ValueError<'i>> {
    let kw = input.expect_ident()?.to_ascii_lowercase();
    match kw.as_str() {
        "visible" => Ok(true),
        "hidden" | "collapse" => Ok(false),
        _ => Err(invalid(input, "visibility")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cssparser::ParserInput;

    #[test]
    fn z_index_and_visibility() {
        let z = |s: &str| {
            let mut pi = ParserInput::new(s);
            Parser::new(&mut pi).parse_entirely(parse_z_index).ok()
        };
        assert_eq!(z("auto"), Some(None));
        assert_eq!(z("-3"), Some(Some(-3)));
        assert_eq!(z("1.5"), None);
        assert_eq!(z("2px"), None);
        let v = |s: &str| {
            let mut pi = ParserInput::new(s);
            Parser::new(&mut pi).parse_entirely(parse_visibility).ok()
        };
        assert_eq!(v("Hidden"), Some(false));
        assert_eq!(v("visible"), Some(true));
        assert_eq!(v("none"), None);
    }
}
