//! Selectors: the subset of CSS Selectors 3 that WXSS/FTSS supports — type (`view`),
//! universal (`*`), class (`.a`), id (`#a`), compound (`view.a.b`), the descendant (` `)
//! and child (`>`) combinators and selector lists (`a, b`), plus two pseudo-classes kept as
//! classes: `:focus` ([`FOCUS_STATE_CLASS`](crate::FOCUS_STATE_CLASS)) and `:host`
//! ([`HOST_CLASS`](crate::HOST_CLASS), a compound on its own).
//!
//! Anything else (other pseudo-classes, attribute selectors, `+`/`~`) is rejected with a
//! message so the caller can skip the rule and warn.

use cssparser::{Parser, ParserInput, Token};

use super::values::ValueError;
use crate::document::{Document, NodeId};

/// One compound selector: all of its parts must match the same element.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Compound {
    /// Type selector (lower-cased); `None` for `*` or no type.
    pub tag: Option<String>,
    /// `#id`.
    pub id: Option<String>,
    /// `.class` parts.
    pub classes: Vec<String>,
}

impl Compound {
    fn is_empty(&self) -> bool {
        self.tag.is_none() && self.id.is_none() && self.classes.is_empty()
    }

    /// True when this compound matches the element `node`.
    pub fn matches(&self, doc: &Document, node: NodeId) -> bool {
        let n = doc.node(node);
        if !n.is_element() {
            return false;
        }
        if let Some(tag) = &self.tag {
            if !n.tag.eq_ignore_ascii_case(tag) {
                return false;
            }
        }
        if let Some(id) = &self.id {
            if n.id_attr() != Some(id.as_str()) {
                return false;
            }
        }
        self.classes.iter().all(|c| n.all_classes().any(|k| k == c))
    }
}

/// How a compound relates to the one on its left.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Combinator {
    /// `a b`: some ancestor matches.
    Descendant,
    /// `a > b`: the parent matches.
    Child,
}

/// Specificity as in CSS Selectors 3 §16: (ids, classes, types) packed so that comparing
/// the integers compares the triples (each count saturates at 1023).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Specificity(pub u32);

impl Specificity {
    /// From the three counts.
    pub fn new(ids: u32, classes: u32, types: u32) -> Self {
        Specificity((ids.min(1023) << 20) | (classes.min(1023) << 10) | types.min(1023))
    }
    /// Above any selector: used for the `style` attribute (CSS Style Attributes §3).
    pub const INLINE: Specificity = Specificity(1 << 30);
}

/// A complex selector, stored right to left.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selector {
    /// Compounds, rightmost (the subject) first.
    pub compounds: Vec<Compound>,
    /// `combinators[i]` joins `compounds[i]` to `compounds[i + 1]` (its left neighbour).
    pub combinators: Vec<Combinator>,
    /// Specificity (CSS Selectors 3 §16).
    pub specificity: Specificity,
}

impl Selector {
    /// Parses one selector list (`a, b > c`). Errors name the unsupported part.
    pub fn parse_list(source: &str) -> Result<Vec<Selector>, String> {
        let mut input = ParserInput::new(source);
        let mut parser = Parser::new(&mut input);
        parse_selector_list(&mut parser).map_err(|e| error_message(&e))
    }

    /// The subject compound (rightmost).
    pub fn subject(&self) -> &Compound {
        // A parsed selector always has at least one compound.
        &self.compounds[0]
    }

    /// True when the selector matches `node` (right-to-left, backtracking over ancestors for
    /// the descendant combinator).
    pub fn matches(&self, doc: &Document, node: NodeId) -> bool {
        self.match_from(doc, 0, node)
    }

    fn match_from(&self, doc: &Document, i: usize, node: NodeId) -> bool {
        if !self.compounds[i].matches(doc, node) {
            return false;
        }
        if i + 1 == self.compounds.len() {
            return true;
        }
        match self.combinators[i] {
            Combinator::Child => doc
                .node(node)
                .parent
                .is_some_and(|p| self.match_from(doc, i + 1, p)),
            Combinator::Descendant => doc.ancestors(node).any(|a| self.match_from(doc, i + 1, a)),
        }
    }
}

/// A readable message from a parse error.
pub fn error_message(e: &ValueError<'_>) -> String {
    match &e.kind {
        cssparser::ParseErrorKind::Custom(m) => m.clone(),
        cssparser::ParseErrorKind::Basic(b) => b.to_string(),
    }
}

/// Parses a comma-separated selector list; one bad selector fails the whole list
/// (CSS Selectors 3 §5: an invalid selector list invalidates the rule).
pub fn parse_selector_list<'i>(
    input: &mut Parser<'i, '_>,
) -> Result<Vec<Selector>, ValueError<'i>> {
    input.parse_comma_separated(parse_selector)
}

fn parse_selector<'i>(input: &mut Parser<'i, '_>) -> Result<Selector, ValueError<'i>> {
    let mut compounds: Vec<Compound> = Vec::new();
    let mut combinators: Vec<Combinator> = Vec::new();
    let mut current = Compound::default();
    let mut started = false; // current compound has at least one simple selector (or `*`)
    let mut host = false; // current compound is `:host`
    let mut pending: Option<Combinator> = None;
    let (mut ids, mut classes, mut types) = (0u32, 0u32, 0u32);

    input.skip_whitespace();
    loop {
        let location = input.current_source_location();
        let token = match input.next_including_whitespace() {
            Ok(t) => t.clone(),
            Err(_) => break,
        };
        // A new simple selector after a combinator closes the previous compound.
        let starts_simple = matches!(
            token,
            Token::Ident(_)
                | Token::IDHash(_)
                | Token::Delim('.')
                | Token::Delim('*')
                | Token::Colon
        );
        if starts_simple {
            if let Some(c) = pending.take() {
                compounds.push(std::mem::take(&mut current));
                combinators.push(c);
                started = false;
                host = false;
            }
        }
        if host && starts_simple {
            return Err(location.new_custom_error("`:host` must be a compound selector on its own"));
        }
        match token {
            Token::WhiteSpace(_) => {
                if started && pending.is_none() {
                    pending = Some(Combinator::Descendant);
                }
            }
            Token::Delim('>') => {
                if !started {
                    return Err(location.new_custom_error("`>` without a left-hand selector"));
                }
                pending = Some(Combinator::Child);
            }
            Token::Delim(c @ ('+' | '~')) => {
                return Err(location.new_custom_error(format!("unsupported combinator `{c}`")));
            }
            Token::Ident(name) => {
                if started {
                    return Err(location.new_custom_error(format!(
                        "type selector `{name}` must come first in a compound selector"
                    )));
                }
                current.tag = Some(name.to_ascii_lowercase());
                types += 1;
                started = true;
            }
            Token::Delim('*') => {
                if started {
                    return Err(location.new_custom_error("`*` must come first"));
                }
                started = true;
            }
            Token::Delim('.') => {
                let name = match input.next_including_whitespace() {
                    Ok(Token::Ident(n)) => n.to_string(),
                    _ => return Err(location.new_custom_error("expected a class name after `.`")),
                };
                current.classes.push(name);
                classes += 1;
                started = true;
            }
            Token::IDHash(id) => {
                current.id = Some(id.to_string());
                ids += 1;
                started = true;
            }
            Token::Hash(h) => {
                return Err(location.new_custom_error(format!("invalid id selector `#{h}`")));
            }
            Token::Colon => {
                // `:focus` is the remote-control focus; the runtime marks the focused
                // node with a state class, so it has a class's specificity (CSS
                // Selectors 3 §16: pseudo-classes count as classes).
                let state = input.try_parse(|i| match i.next_including_whitespace() {
                    Ok(Token::Ident(n)) if n.eq_ignore_ascii_case("focus") => Ok(()),
                    _ => Err(()),
                });
                if state.is_ok() {
                    current.classes.push(crate::FOCUS_STATE_CLASS.to_string());
                    classes += 1;
                    started = true;
                    continue;
                }
                // `:host` (CSS Scoping 1 §3.2.1) is a custom component's host element: the
                // engine rewrites it per component; in a page it matches nothing. Kept
                // simple: the whole compound, with a pseudo-class's (a class's) specificity.
                let is_host = input.try_parse(|i| match i.next_including_whitespace() {
                    Ok(Token::Ident(n)) if n.eq_ignore_ascii_case("host") => Ok(()),
                    _ => Err(()),
                });
                if is_host.is_ok() {
                    if started {
                        return Err(location
                            .new_custom_error("`:host` must be a compound selector on its own"));
                    }
                    current.classes.push(crate::HOST_CLASS.to_string());
                    classes += 1;
                    started = true;
                    host = true;
                    continue;
                }
                let what = match input.next_including_whitespace() {
                    Ok(Token::Ident(n)) => format!(":{n}"),
                    Ok(Token::Colon) => "::".to_string(),
                    Ok(Token::Function(n)) => format!(":{n}()"),
                    _ => ":".to_string(),
                };
                return Err(location.new_custom_error(format!(
                    "unsupported pseudo-class or pseudo-element `{what}`"
                )));
            }
            Token::SquareBracketBlock => {
                return Err(location.new_custom_error("attribute selectors are not supported"));
            }
            t => return Err(location.new_unexpected_token_error(t)),
        }
    }
    if pending == Some(Combinator::Child) {
        return Err(input.new_custom_error("`>` without a right-hand selector"));
    }
    if !started && current.is_empty() {
        return Err(input.new_custom_error("empty selector"));
    }
    compounds.push(current);
    compounds.reverse();
    combinators.reverse();
    Ok(Selector {
        compounds,
        combinators,
        specificity: Specificity::new(ids, classes, types),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(s: &str) -> Specificity {
        Selector::parse_list(s)
            .ok()
            .and_then(|l| l.first().cloned())
            .map_or(Specificity(u32::MAX), |s| s.specificity)
    }

    #[test]
    fn specificity_per_selectors_3() {
        assert_eq!(spec("*"), Specificity::new(0, 0, 0));
        assert_eq!(spec("view"), Specificity::new(0, 0, 1));
        assert_eq!(spec("view .a"), Specificity::new(0, 1, 1));
        assert_eq!(spec("view.a.b > text"), Specificity::new(0, 2, 2));
        assert_eq!(spec("#x .y"), Specificity::new(1, 1, 0));
        assert!(spec("#x") > spec(".a.b.c.d.e.f.g.h.i.j.k"));
    }

    #[test]
    fn parses_structure() {
        let l = Selector::parse_list("page view.a > .b,  #c").unwrap_or_default();
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].compounds.len(), 3);
        assert_eq!(l[0].subject().classes, vec!["b".to_string()]);
        assert_eq!(
            l[0].combinators,
            vec![Combinator::Child, Combinator::Descendant]
        );
        assert_eq!(l[1].subject().id.as_deref(), Some("c"));
    }

    #[test]
    fn host_is_a_class_compound_of_its_own() {
        let l = Selector::parse_list(":host, :host > .a, .b :host").unwrap_or_default();
        assert_eq!(l.len(), 3);
        assert_eq!(l[0].compounds.len(), 1);
        assert_eq!(l[0].subject().classes, vec![crate::HOST_CLASS.to_string()]);
        assert_eq!(l[0].subject().tag, None);
        assert_eq!(l[1].compounds[1].classes, vec![":host".to_string()]);
        assert_eq!(l[2].subject().classes, vec![":host".to_string()]);
        assert_eq!(l[2].compounds[1].classes, vec!["b".to_string()]);
        // A pseudo-class after a space starts a compound of its own (was merged into `.a`).
        let focus = Selector::parse_list(".a :focus").unwrap_or_default();
        assert_eq!(focus.first().map(|s| s.compounds.len()), Some(2));
        assert_eq!(spec(":host"), Specificity::new(0, 1, 0));
        assert_eq!(spec(":HOST"), spec(".x"));
        for s in [
            "view:host",
            ".a:host",
            ":host.a",
            ":host:focus",
            ":host#x",
            ":host view",
            ":host(.a)",
        ] {
            let ok = Selector::parse_list(s).is_ok();
            // `:host view` is two compounds (descendant combinator): allowed.
            assert_eq!(ok, s == ":host view", "{s}");
        }
    }

    #[test]
    fn rejects_unsupported() {
        for s in [
            "a:hover", "a::after", "a + b", "a ~ b", "[x]", "a >", "> a", "", ".", "#1x",
        ] {
            assert!(Selector::parse_list(s).is_err(), "{s} should be rejected");
        }
    }
}
