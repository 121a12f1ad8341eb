//! Parsing selectors with cssparser's tokenizer (CSS Selectors 4 §4: grammar), with
//! their specificity (§17).

use cssparser::{Parser, SourceLocation, Token};

use super::{AttrOp, AttrSelector, Combinator, Compound, Nth, PseudoClass, Selector, Specificity};
use crate::style::generated::PseudoElement;
use crate::style::values::ValueError;

/// The three counts of a specificity while a selector is parsed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Counts {
    ids: u32,
    classes: u32,
    types: u32,
    /// The pseudo-element that ended the selector.
    pseudo_element: Option<PseudoElement>,
}

impl Counts {
    fn add(&mut self, o: Counts) {
        self.pseudo_element = self.pseudo_element.or(o.pseudo_element);
        self.ids = self.ids.saturating_add(o.ids);
        self.classes = self.classes.saturating_add(o.classes);
        self.types = self.types.saturating_add(o.types);
    }
}

/// Parses a comma-separated selector list; one bad selector fails the whole list
/// (CSS Selectors 4 §4.1: an invalid selector list invalidates the rule).
pub fn parse_selector_list<'i>(
    input: &mut Parser<'i, '_>,
) -> Result<Vec<Selector>, ValueError<'i>> {
    input.parse_comma_separated(parse_selector)
}

/// How deeply `:not()` may nest (`:not(:not(…))`): bounds the parser's recursion.
const MAX_NESTING: usize = 8;

fn parse_selector<'i>(input: &mut Parser<'i, '_>) -> Result<Selector, ValueError<'i>> {
    input.skip_whitespace();
    let Some((first, mut counts)) = parse_compound(input, 0)? else {
        let location = input.current_source_location();
        return Err(match input.next().cloned() {
            Ok(Token::Delim(c @ ('>' | '+' | '~'))) => {
                location.new_custom_error(format!("`{c}` without a left-hand selector"))
            }
            Ok(t) => location.new_unexpected_token_error(t),
            Err(_) => location.new_custom_error("empty selector"),
        });
    };
    let mut compounds = vec![first];
    let mut combinators = Vec::new();
    loop {
        if counts.pseudo_element.is_some() {
            // A pseudo-element ends the selector (CSS Selectors 4 §3.6).
            let location = input.current_source_location();
            input.skip_whitespace();
            if input.is_exhausted() {
                break;
            }
            return Err(location.new_custom_error("a pseudo-element must end the selector"));
        }
        let mut space = false;
        let combinator = loop {
            let state = input.state();
            match input.next_including_whitespace().cloned() {
                Err(_) => break None,
                Ok(Token::WhiteSpace(_)) => space = true,
                Ok(Token::Delim('>')) => break Some(Combinator::Child),
                Ok(Token::Delim('+')) => break Some(Combinator::NextSibling),
                Ok(Token::Delim('~')) => break Some(Combinator::SubsequentSibling),
                Ok(_) if space => {
                    input.reset(&state);
                    break Some(Combinator::Descendant);
                }
                Ok(t) => return Err(state.source_location().new_unexpected_token_error(t)),
            }
        };
        let Some(combinator) = combinator else { break };
        input.skip_whitespace();
        let location = input.current_source_location();
        let Some((compound, c)) = parse_compound(input, 0)? else {
            let sym = match combinator {
                Combinator::Child => "`>`",
                Combinator::NextSibling => "`+`",
                Combinator::SubsequentSibling => "`~`",
                Combinator::Descendant => "a combinator",
            };
            return Err(location.new_custom_error(format!("{sym} without a right-hand selector")));
        };
        counts.add(c);
        compounds.push(compound);
        combinators.push(combinator);
    }
    compounds.reverse();
    combinators.reverse();
    Ok(Selector {
        compounds,
        combinators,
        specificity: Specificity::new(counts.ids, counts.classes, counts.types),
        pseudo_element: counts.pseudo_element,
    })
}

/// Parses the simple selectors of one compound and their specificity counts; `None`
/// when there is none (at a combinator or the end). `depth` is the `:not()` nesting.
fn parse_compound<'i>(
    input: &mut Parser<'i, '_>,
    depth: usize,
) -> Result<Option<(Compound, Counts)>, ValueError<'i>> {
    let mut c = Compound::default();
    let mut counts = Counts::default();
    let mut started = false; // a type or `*` may only come first
    loop {
        let state = input.state();
        let location = input.current_source_location();
        let token = match input.next_including_whitespace() {
            Ok(t) => t.clone(),
            Err(_) => break,
        };
        if counts.pseudo_element.is_some() && !matches!(token, Token::WhiteSpace(_)) {
            return Err(location.new_custom_error("a pseudo-element must end the selector"));
        }
        match token {
            Token::Ident(name) => {
                if started {
                    return Err(location.new_custom_error(format!(
                        "type selector `{name}` must come first in a compound selector"
                    )));
                }
                c.tag = Some(name.to_ascii_lowercase());
                counts.types += 1;
            }
            Token::Delim('*') => {
                if started {
                    return Err(location.new_custom_error("`*` must come first"));
                }
            }
            Token::Delim('.') => {
                let name = match input.next_including_whitespace() {
                    Ok(Token::Ident(n)) => n.to_string(),
                    _ => return Err(location.new_custom_error("expected a class name after `.`")),
                };
                c.classes.push(name);
                counts.classes += 1;
            }
            Token::IDHash(id) => {
                c.id = Some(id.to_string());
                counts.ids += 1;
            }
            Token::Hash(h) => {
                return Err(location.new_custom_error(format!("invalid id selector `#{h}`")));
            }
            Token::SquareBracketBlock => {
                c.attrs.push(input.parse_nested_block(parse_attribute)?);
                counts.classes += 1;
            }
            Token::Colon => {
                if parse_pseudo(input, location, &mut c, &mut counts, started, depth)? {
                    // `:host` ends its compound.
                    return Ok(Some((c, counts)));
                }
            }
            _ => {
                input.reset(&state);
                break;
            }
        }
        started = true;
    }
    Ok(started.then_some((c, counts)))
}

/// The pseudo-element Mica generates boxes for named `name`.
fn generated(name: &str) -> Option<PseudoElement> {
    if name.eq_ignore_ascii_case("before") {
        Some(PseudoElement::Before)
    } else if name.eq_ignore_ascii_case("after") {
        Some(PseudoElement::After)
    } else {
        None
    }
}

/// Parses what follows a `:` (at `location`) into `c`. Returns true for `:host`, which
/// must be a compound of its own.
fn parse_pseudo<'i>(
    input: &mut Parser<'i, '_>,
    location: SourceLocation,
    c: &mut Compound,
    counts: &mut Counts,
    started: bool,
    depth: usize,
) -> Result<bool, ValueError<'i>> {
    let token = input.next_including_whitespace().cloned();
    let name = match token {
        Ok(Token::Ident(n)) => n.to_ascii_lowercase(),
        Ok(Token::Function(f)) => {
            return parse_functional_pseudo(input, location, c, counts, &f, depth)
        }
        Ok(Token::Colon) => {
            let what = match input.next_including_whitespace() {
                Ok(Token::Ident(n)) if depth == 0 => match generated(n) {
                    Some(pe) => {
                        counts.pseudo_element = Some(pe);
                        counts.types += 1;
                        return Ok(false);
                    }
                    None => format!("::{n}"),
                },
                Ok(Token::Ident(n) | Token::Function(n)) => format!("::{n}"),
                _ => "::".to_string(),
            };
            return Err(location.new_custom_error(format!("unsupported pseudo-element `{what}`")));
        }
        _ => return Err(location.new_custom_error("expected a pseudo-class name after `:`")),
    };
    // The legacy one-colon forms of `::before` and `::after` (CSS Selectors 4 §3.6.1).
    if let Some(pe) = generated(&name).filter(|_| depth == 0) {
        counts.pseudo_element = Some(pe);
        counts.types += 1;
        return Ok(false);
    }
    // Pseudo-classes count as classes (CSS Selectors 4 §17).
    counts.classes += 1;
    let structural = |of_type, from_end| {
        PseudoClass::Nth(Nth {
            a: 0,
            b: 1,
            of_type,
            from_end,
        })
    };
    let pseudo = match name.as_str() {
        // `:focus` is the remote-control focus; the runtime marks the focused node with a
        // state class.
        "focus" => {
            c.classes.push(crate::FOCUS_STATE_CLASS.to_string());
            return Ok(false);
        }
        // `:host` (CSS Scoping 1 §3.2.1) is a custom component's host element: the engine
        // rewrites it per component; in a page it matches nothing. Kept simple: the whole
        // compound, with a pseudo-class's (a class's) specificity.
        "host" => {
            let alone = !started && depth == 0 && {
                let state = input.state();
                let next = input.next_including_whitespace().cloned();
                input.reset(&state);
                !matches!(
                    next,
                    Ok(Token::Ident(_)
                        | Token::IDHash(_)
                        | Token::Hash(_)
                        | Token::Delim('.' | '*')
                        | Token::Colon
                        | Token::SquareBracketBlock)
                )
            };
            if !alone {
                return Err(
                    location.new_custom_error("`:host` must be a compound selector on its own")
                );
            }
            c.classes.push(crate::HOST_CLASS.to_string());
            return Ok(true);
        }
        "first-child" => structural(false, false),
        "last-child" => structural(false, true),
        "first-of-type" => structural(true, false),
        "last-of-type" => structural(true, true),
        "only-child" => PseudoClass::Only { of_type: false },
        "only-of-type" => PseudoClass::Only { of_type: true },
        "empty" => PseudoClass::Empty,
        _ => return Err(location.new_custom_error(format!("unsupported pseudo-class `:{name}`"))),
    };
    c.pseudos.push(pseudo);
    Ok(false)
}

/// Parses `:nth-*(…)` or `:not(…)` (at `location`) after its function token.
fn parse_functional_pseudo<'i>(
    input: &mut Parser<'i, '_>,
    location: SourceLocation,
    c: &mut Compound,
    counts: &mut Counts,
    name: &str,
    depth: usize,
) -> Result<bool, ValueError<'i>> {
    let lower = name.to_ascii_lowercase();
    let (of_type, from_end) = match lower.as_str() {
        "nth-child" => (false, false),
        "nth-last-child" => (false, true),
        "nth-of-type" => (true, false),
        "nth-last-of-type" => (true, true),
        "not" => {
            if depth >= MAX_NESTING {
                return Err(location.new_custom_error("`:not()` nested too deeply"));
            }
            let (list, most) = input.parse_nested_block(|i| parse_negation(i, depth + 1))?;
            counts.add(most);
            c.pseudos.push(PseudoClass::Not(list));
            return Ok(false);
        }
        _ => return Err(location.new_custom_error(format!("unsupported pseudo-class `:{name}()`"))),
    };
    let (a, b) = input.parse_nested_block(|i| {
        let location = i.current_source_location();
        let invalid = || {
            location.new_custom_error(format!(
                "invalid argument of `:{name}()`: expected `an+b`, `odd` or `even`"
            ))
        };
        i.skip_whitespace();
        let ab = cssparser::parse_nth(i).map_err(|_| invalid())?;
        if !i.is_exhausted() {
            let of = matches!(i.next(), Ok(Token::Ident(w)) if w.eq_ignore_ascii_case("of"));
            return Err(if of {
                location.new_custom_error(format!(
                    "`:{name}(an+b of S)` is not supported, only `:{name}(an+b)`"
                ))
            } else {
                invalid()
            });
        }
        Ok(ab)
    })?;
    counts.classes += 1;
    c.pseudos.push(PseudoClass::Nth(Nth {
        a,
        b,
        of_type,
        from_end,
    }));
    Ok(false)
}

/// The argument of `:not()`: a list of compound selectors, and the specificity of the
/// most specific one (CSS Selectors 4 §17).
fn parse_negation<'i>(
    input: &mut Parser<'i, '_>,
    depth: usize,
) -> Result<(Vec<Compound>, Counts), ValueError<'i>> {
    let list = input.parse_comma_separated(|i| {
        i.skip_whitespace();
        let location = i.current_source_location();
        let Some((c, counts)) = parse_compound(i, depth)? else {
            return Err(location.new_custom_error("`:not()` needs a selector"));
        };
        if !i.is_exhausted() {
            return Err(location.new_custom_error(
                "`:not()` takes compound selectors (`:not(.a, view.b)`), not combinators",
            ));
        }
        Ok((c, counts))
    })?;
    let most = list.iter().map(|(_, k)| *k).max().unwrap_or_default();
    Ok((list.into_iter().map(|(c, _)| c).collect(), most))
}

/// The inside of `[…]` (CSS Selectors 4 §6.1, §6.3).
fn parse_attribute<'i>(input: &mut Parser<'i, '_>) -> Result<AttrSelector, ValueError<'i>> {
    let location = input.current_source_location();
    let name = match input.next() {
        Ok(Token::Ident(n)) => n.to_string(),
        Ok(Token::Delim('|' | '*')) => {
            return Err(
                location.new_custom_error("namespaces in attribute selectors are not supported")
            )
        }
        _ => return Err(location.new_custom_error("expected an attribute name in `[…]`")),
    };
    let mut sel = AttrSelector {
        name,
        test: None,
        ignore_case: false,
    };
    let location = input.current_source_location();
    let op = match input.next() {
        Err(_) => return Ok(sel),
        Ok(Token::Delim('=')) => AttrOp::Equals,
        Ok(Token::IncludeMatch) => AttrOp::Includes,
        Ok(Token::DashMatch) => AttrOp::DashMatch,
        Ok(Token::PrefixMatch) => AttrOp::Prefix,
        Ok(Token::SuffixMatch) => AttrOp::Suffix,
        Ok(Token::SubstringMatch) => AttrOp::Substring,
        Ok(Token::Delim('|')) => {
            return Err(
                location.new_custom_error("namespaces in attribute selectors are not supported")
            )
        }
        Ok(t) => {
            let t = t.clone();
            return Err(location.new_custom_error(format!(
                "expected `=`, `~=`, `|=`, `^=`, `$=`, `*=` or `]` after `[{}`, found {t:?}",
                sel.name
            )));
        }
    };
    let value = match input.next() {
        Ok(Token::Ident(v) | Token::QuotedString(v)) => v.to_string(),
        _ => {
            return Err(location.new_custom_error(format!(
                "expected a value (a name or a quoted string) in `[{}…]`",
                sel.name
            )))
        }
    };
    sel.test = Some((op, value));
    let location = input.current_source_location();
    match input.next() {
        Err(_) => {}
        Ok(Token::Ident(f)) if f.eq_ignore_ascii_case("i") => sel.ignore_case = true,
        Ok(Token::Ident(f)) if f.eq_ignore_ascii_case("s") => {}
        Ok(_) => {
            return Err(location.new_custom_error(format!(
                "unexpected text after the value of `[{}…]` (only the `i` or `s` flag may follow)",
                sel.name
            )))
        }
    }
    input.expect_exhausted()?;
    Ok(sel)
}
