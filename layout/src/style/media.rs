//! `@media` conditions (Media Queries 4): parsed from a rule's prelude, kept on each rule
//! they guard (so rules merged across sheets by `@import` keep theirs) and evaluated
//! against the window by the cascade.
//!
//! Supported: the media types `all`, `screen` (true) and `print` (false), `only` and
//! `not`; conditions with `and`, `or`, `not` and parentheses (§3); the features `width`,
//! `height` (and `device-*`), `aspect-ratio`, each with `min-`/`max-` prefixes (§2.4.2),
//! `orientation`, and range syntax (`(width >= 400px)`, `(400px < width <= 700px)`,
//! §2.4.3). An unknown media type or feature makes its query false, and a query that
//! does not parse becomes `not all` without touching the others in its list (§3.2).

use cssparser::{Delimiter, Parser, Token};

use super::values::{parse_len, Len, LenContext, ValueError, ROOT_FONT_SIZE};

/// A comma-separated media query list: true when any query is (an empty list is true).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MediaList(pub Vec<MediaQuery>);

/// One media query.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq)]
pub struct MediaQuery {
    /// `not`: the query's result is negated.
    pub negated: bool,
    /// The media type (`all` when omitted).
    pub media_type: MediaType,
    /// The condition after the type (or on its own).
    pub condition: Option<Condition>,
}

/// A media type (Media Queries 4 §2.3).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MediaType {
    /// `all` and `screen`: what Mica renders to.
    Screen,
    /// `print`: never.
    Print,
    /// A type Mica does not know (`tv`, `speech`): never.
    Unknown,
}

/// A media condition (§3).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq)]
pub enum Condition {
    /// A feature test.
    Feature(Feature),
    /// `not <condition>`.
    Not(Box<Condition>),
    /// `a and b and ...`.
    And(Vec<Condition>),
    /// `a or b or ...`.
    Or(Vec<Condition>),
    /// Something that parses as `( ... )` but is no known feature: false.
    Unknown,
}

/// A media feature test.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq)]
pub struct Feature {
    /// The feature.
    pub name: FeatureName,
    /// How the feature compares to `value` (feature `cmp` value).
    pub cmp: Cmp,
    /// The value; `None` in boolean context (`(orientation)`: the feature is not zero).
    pub value: Option<FeatureValue>,
}

/// The features Mica evaluates.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FeatureName {
    /// `width` (the window's).
    Width,
    /// `height`.
    Height,
    /// `aspect-ratio`, width / height.
    AspectRatio,
    /// `orientation`.
    Orientation,
}

/// A comparison (§2.4.3).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
    /// `=`, or a plain `(feature: value)`.
    Eq,
    /// `<`.
    Lt,
    /// `<=`, or a `max-` feature.
    Le,
    /// `>`.
    Gt,
    /// `>=`, or a `min-` feature.
    Ge,
}

impl Cmp {
    fn flip(self) -> Cmp {
        match self {
            Cmp::Eq => Cmp::Eq,
            Cmp::Lt => Cmp::Gt,
            Cmp::Le => Cmp::Ge,
            Cmp::Gt => Cmp::Lt,
            Cmp::Ge => Cmp::Le,
        }
    }

    fn test(self, a: f32, b: f32) -> bool {
        match self {
            Cmp::Eq => a == b,
            Cmp::Lt => a < b,
            Cmp::Le => a <= b,
            Cmp::Gt => a > b,
            Cmp::Ge => a >= b,
        }
    }
}

/// A feature's value.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FeatureValue {
    /// A length.
    Length(Len),
    /// A ratio as a number.
    Ratio(f32),
    /// `landscape` (true) or `portrait`.
    Landscape(bool),
}

impl MediaList {
    /// True when the list matches a window of `viewport` px.
    pub fn matches(&self, viewport: (f32, f32)) -> bool {
        self.0.is_empty() || self.0.iter().any(|q| q.matches(viewport))
    }

    /// Parses a prelude: never fails, a query that does not parse is `not all`.
    /// Returns the list and the messages for the queries that did not parse.
    pub fn parse(input: &mut Parser<'_, '_>) -> (MediaList, Vec<String>) {
        let mut list = Vec::new();
        let mut errors = Vec::new();
        loop {
            let q = input.parse_until_before(Delimiter::Comma, |i| {
                let q = query(i);
                if q.is_err() {
                    while i.next().is_ok() {}
                }
                q
            });
            match q {
                Ok(q) => list.push(q),
                Err(e) => {
                    errors.push(super::selector::error_message(&e));
                    list.push(MediaQuery {
                        negated: true,
                        media_type: MediaType::Screen,
                        condition: None,
                    });
                }
            }
            if input.next().is_err() {
                break;
            }
        }
        (MediaList(list), errors)
    }
}

impl MediaList {
    /// True when some condition is no feature Mica knows (it evaluates to false).
    pub fn has_unknown(&self) -> bool {
        fn unknown(c: &Condition) -> bool {
            match c {
                Condition::Unknown => true,
                Condition::Feature(_) => false,
                Condition::Not(c) => unknown(c),
                Condition::And(v) | Condition::Or(v) => v.iter().any(unknown),
            }
        }
        self.0.iter().any(|q| {
            q.media_type == MediaType::Unknown || q.condition.as_ref().is_some_and(unknown)
        })
    }
}

impl MediaQuery {
    fn matches(&self, viewport: (f32, f32)) -> bool {
        let m = self.media_type == MediaType::Screen
            && self.condition.as_ref().is_none_or(|c| c.matches(viewport));
        m != self.negated
    }
}

impl Condition {
    fn matches(&self, viewport: (f32, f32)) -> bool {
        match self {
            Condition::Feature(f) => f.matches(viewport),
            Condition::Not(c) => !c.matches(viewport),
            Condition::And(v) => v.iter().all(|c| c.matches(viewport)),
            Condition::Or(v) => v.iter().any(|c| c.matches(viewport)),
            Condition::Unknown => false,
        }
    }
}

impl Feature {
    fn matches(&self, (w, h): (f32, f32)) -> bool {
        // Relative lengths in media queries use the initial values (§1.3): a 16px em.
        let cx = LenContext {
            viewport: (w, h),
            font_size: ROOT_FONT_SIZE,
        };
        let actual = match self.name {
            FeatureName::Width => w,
            FeatureName::Height => h,
            FeatureName::AspectRatio if h > 0.0 => w / h,
            FeatureName::AspectRatio => return false,
            FeatureName::Orientation => {
                // §4.2: portrait when the height is at least the width.
                let landscape = w > h;
                return match self.value {
                    Some(FeatureValue::Landscape(l)) => l == landscape,
                    _ => true,
                };
            }
        };
        let expected = match self.value {
            None => return actual != 0.0,
            Some(FeatureValue::Length(l)) => match l.to_px(&cx) {
                Some(v) => v,
                None => return false,
            },
            Some(FeatureValue::Ratio(r)) => r,
            Some(FeatureValue::Landscape(_)) => return false,
        };
        self.cmp.test(actual, expected)
    }
}

fn err<'i>(input: &Parser<'i, '_>, msg: &str) -> ValueError<'i> {
    input.new_custom_error(msg.to_string())
}

/// `<media-query> = <media-condition> | [ not | only ]? <media-type> [ and
/// <media-condition-without-or> ]?`
fn query<'i>(input: &mut Parser<'i, '_>) -> Result<MediaQuery, ValueError<'i>> {
    if let Ok(c) = input.try_parse(condition) {
        input.expect_exhausted()?;
        return Ok(MediaQuery {
            negated: false,
            media_type: MediaType::Screen,
            condition: Some(c),
        });
    }
    let mut negated = false;
    let mut ty = input.expect_ident()?.to_ascii_lowercase();
    if ty == "not" || ty == "only" {
        negated = ty == "not";
        ty = input.expect_ident()?.to_ascii_lowercase();
    }
    let media_type = match ty.as_str() {
        "all" | "screen" => MediaType::Screen,
        // Reserved words are not types (§2.3).
        "not" | "only" | "and" | "or" | "layer" => return Err(err(input, "invalid media type")),
        "print" => MediaType::Print,
        _ => MediaType::Unknown,
    };
    let condition = if input.is_exhausted() {
        None
    } else {
        input.expect_ident_matching("and")?;
        let first = in_parens(input)?;
        Some(and_chain(input, first)?)
    };
    input.expect_exhausted()?;
    Ok(MediaQuery {
        negated,
        media_type,
        condition,
    })
}

/// `<media-condition> = <media-not> | <media-in-parens> [ <media-and>* | <media-or>* ]`
fn condition<'i>(input: &mut Parser<'i, '_>) -> Result<Condition, ValueError<'i>> {
    if input.try_parse(|i| i.expect_ident_matching("not")).is_ok() {
        return Ok(Condition::Not(Box::new(in_parens(input)?)));
    }
    let first = in_parens(input)?;
    let location = input.state();
    match input.try_parse(|i| i.expect_ident_cloned()) {
        Ok(kw) if kw.eq_ignore_ascii_case("or") => {
            let mut v = vec![first, in_parens(input)?];
            while input.try_parse(|i| i.expect_ident_matching("or")).is_ok() {
                v.push(in_parens(input)?);
            }
            Ok(Condition::Or(v))
        }
        Ok(kw) if kw.eq_ignore_ascii_case("and") => {
            input.reset(&location);
            and_chain(input, first)
        }
        _ => {
            input.reset(&location);
            Ok(first)
        }
    }
}

/// `first [ and <media-in-parens> ]*`.
fn and_chain<'i>(
    input: &mut Parser<'i, '_>,
    first: Condition,
) -> Result<Condition, ValueError<'i>> {
    let mut v = vec![first];
    while input.try_parse(|i| i.expect_ident_matching("and")).is_ok() {
        v.push(in_parens(input)?);
    }
    Ok(if v.len() == 1 {
        v.pop().unwrap_or(Condition::Unknown)
    } else {
        Condition::And(v)
    })
}

/// `<media-in-parens> = ( <media-condition> ) | <media-feature> | <general-enclosed>`
fn in_parens<'i>(input: &mut Parser<'i, '_>) -> Result<Condition, ValueError<'i>> {
    input.expect_parenthesis_block()?;
    input.parse_nested_block(|i| {
        if let Ok(c) = i.try_parse(|i| {
            let c = condition(i)?;
            i.expect_exhausted()?;
            Ok::<_, ValueError<'_>>(c)
        }) {
            return Ok(c);
        }
        if let Ok(f) = i.try_parse(|i| {
            let f = feature(i)?;
            i.expect_exhausted()?;
            Ok::<_, ValueError<'_>>(f)
        }) {
            return Ok(f);
        }
        // <general-enclosed>: valid, false (§3.1).
        while i.next().is_ok() {}
        Ok(Condition::Unknown)
    })
}

/// A feature name: the feature and the comparison its prefix implies.
fn feature_name(name: &str) -> Option<(FeatureName, Cmp)> {
    let lower = name.to_ascii_lowercase();
    let (base, cmp) = if let Some(b) = lower.strip_prefix("min-") {
        (b, Cmp::Ge)
    } else if let Some(b) = lower.strip_prefix("max-") {
        (b, Cmp::Le)
    } else {
        (lower.as_str(), Cmp::Eq)
    };
    let f = match base {
        "width" | "device-width" => FeatureName::Width,
        "height" | "device-height" => FeatureName::Height,
        "aspect-ratio" | "device-aspect-ratio" => FeatureName::AspectRatio,
        "orientation" if cmp == Cmp::Eq => FeatureName::Orientation,
        _ => return None,
    };
    Some((f, cmp))
}

fn value<'i>(
    input: &mut Parser<'i, '_>,
    name: FeatureName,
) -> Result<FeatureValue, ValueError<'i>> {
    match name {
        FeatureName::Width | FeatureName::Height => {
            let l = parse_len(input, false)?;
            if matches!(l, Len::Percent(_)) {
                return Err(err(input, "a percentage in a media query"));
            }
            Ok(FeatureValue::Length(l))
        }
        FeatureName::AspectRatio => {
            let a = input.expect_number()?;
            let b = if input.try_parse(|i| i.expect_delim('/')).is_ok() {
                input.expect_number()?
            } else {
                1.0
            };
            if a < 0.0 || b <= 0.0 {
                return Err(err(input, "invalid ratio"));
            }
            Ok(FeatureValue::Ratio(a / b))
        }
        FeatureName::Orientation => match input.expect_ident()?.to_ascii_lowercase().as_str() {
            "landscape" => Ok(FeatureValue::Landscape(true)),
            "portrait" => Ok(FeatureValue::Landscape(false)),
            _ => Err(err(input, "invalid orientation")),
        },
    }
}

fn cmp_op<'i>(input: &mut Parser<'i, '_>) -> Result<Cmp, ValueError<'i>> {
    let c = match input.next()? {
        Token::Delim('=') => return Ok(Cmp::Eq),
        Token::Delim('<') => Cmp::Lt,
        Token::Delim('>') => Cmp::Gt,
        _ => return Err(err(input, "expected a comparison")),
    };
    // `<=` is two delimiters with nothing between them.
    let eq = input
        .try_parse(|i| match i.next_including_whitespace()? {
            Token::Delim('=') => Ok(()),
            _ => Err(err(i, "")),
        })
        .is_ok();
    Ok(match (c, eq) {
        (Cmp::Lt, true) => Cmp::Le,
        (Cmp::Gt, true) => Cmp::Ge,
        (c, _) => c,
    })
}

/// `<media-feature>`: plain `(name: value)`, boolean `(name)` or a range.
fn feature<'i>(input: &mut Parser<'i, '_>) -> Result<Condition, ValueError<'i>> {
    let known = |c: Option<(FeatureName, Cmp)>| match c {
        Some(c) => Condition::Feature(Feature {
            name: c.0,
            cmp: c.1,
            value: None,
        }),
        None => Condition::Unknown,
    };
    // `name` first: plain, boolean, or `name op value`.
    if let Ok(name) = input.try_parse(|i| i.expect_ident_cloned()) {
        let f = feature_name(&name);
        if input.is_exhausted() {
            return Ok(match f {
                Some((_, Cmp::Eq)) => known(f),
                _ => Condition::Unknown,
            });
        }
        if input.try_parse(|i| i.expect_colon()).is_ok() {
            let Some((name, cmp)) = f else {
                while input.next().is_ok() {}
                return Ok(Condition::Unknown);
            };
            let value = value(input, name)?;
            return Ok(Condition::Feature(Feature {
                name,
                cmp,
                value: Some(value),
            }));
        }
        let cmp = cmp_op(input)?;
        return match f {
            Some((name, Cmp::Eq)) if name != FeatureName::Orientation => {
                let value = value(input, name)?;
                Ok(Condition::Feature(Feature {
                    name,
                    cmp,
                    value: Some(value),
                }))
            }
            _ => {
                while input.next().is_ok() {}
                Ok(Condition::Unknown)
            }
        };
    }
    // `value op name [op value]`: the value is parsed once the name is known, so first
    // skip its tokens to the operator.
    let value_start = input.state();
    loop {
        let s = input.state();
        if let Token::Delim('<' | '>' | '=') = input.next()? {
            input.reset(&s);
            break;
        }
    }
    let op_state = input.state();
    let first = cmp_op(input)?;
    let name = input.expect_ident_cloned()?;
    let Some((name, Cmp::Eq)) = feature_name(&name) else {
        while input.next().is_ok() {}
        return Ok(Condition::Unknown);
    };
    if name == FeatureName::Orientation {
        return Err(err(input, "orientation is not a range"));
    }
    let after_name = input.state();
    input.reset(&value_start);
    let v1 = value(input, name)?;
    // The value must end where the operator starts.
    if input.position() != op_state.position() {
        return Err(err(input, "invalid range"));
    }
    input.reset(&after_name);
    // `v1 op name` is `name flipped-op v1`.
    let mut conds = vec![Condition::Feature(Feature {
        name,
        cmp: first.flip(),
        value: Some(v1),
    })];
    if !input.is_exhausted() {
        let second = cmp_op(input)?;
        // Both must point the same way (§2.4.3): `a < w < b` or `a > w > b`.
        let same = matches!(
            (first, second),
            (Cmp::Lt | Cmp::Le, Cmp::Lt | Cmp::Le) | (Cmp::Gt | Cmp::Ge, Cmp::Gt | Cmp::Ge)
        );
        if !same {
            return Err(err(input, "invalid range"));
        }
        let v2 = value(input, name)?;
        conds.push(Condition::Feature(Feature {
            name,
            cmp: second,
            value: Some(v2),
        }));
    }
    Ok(if conds.len() == 1 {
        conds.pop().unwrap_or(Condition::Unknown)
    } else {
        Condition::And(conds)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use cssparser::ParserInput;

    fn eval(prelude: &str, viewport: (f32, f32)) -> (bool, usize) {
        let mut pi = ParserInput::new(prelude);
        let mut p = Parser::new(&mut pi);
        let (list, errors) = MediaList::parse(&mut p);
        (list.matches(viewport), errors.len())
    }

    #[test]
    fn widths_heights_and_orientation() {
        let w = (400.0, 300.0);
        for (q, expect) in [
            ("(min-width: 300px)", true),
            ("(max-width: 299px)", false),
            ("(min-width: 500px)", false),
            ("screen and (min-width: 350px) and (max-width: 450px)", true),
            ("only screen and (max-width: 450px)", true),
            ("print", false),
            ("not print", true),
            ("not screen and (min-width: 350px)", false),
            ("all", true),
            ("(orientation: landscape)", true),
            ("(orientation: portrait)", false),
            ("(orientation)", true),
            ("(min-height: 250px)", true),
            ("(max-height: 200px)", false),
            ("(min-aspect-ratio: 4/3)", true),
            ("(aspect-ratio: 16/9)", false),
            ("(max-width: 10px), (min-width: 20em)", true),
            ("(max-width: 10px), (min-width: 30em)", false),
            ("(width >= 400px)", true),
            ("(width > 400px)", false),
            ("(width<=400px)", true),
            ("(300px < width <= 400px)", true),
            ("(300px < width < 400px)", false),
            ("(500px > width)", true),
            ("(height = 300px)", true),
            ("not (width > 500px)", true),
            ("(width > 500px) or (height < 500px)", true),
            (
                "((width > 500px) or (height < 500px)) and (min-width: 1px)",
                true,
            ),
            ("(hover: hover)", false),
            ("tv", false),
            ("(min-width: 750rpx)", true),
        ] {
            assert_eq!(eval(q, w), (expect, 0), "{q}");
        }
        // What is no known feature is false (<general-enclosed>); a query that does not
        // parse is `not all`; the others in the list still count.
        assert_eq!(eval("(min-width: 10%), (min-width: 1px)", w), (true, 0));
        assert_eq!(eval("(width < 1px > 2px)", w), (false, 0));
        assert_eq!(eval("screen and", w), (false, 1));
        assert_eq!(eval("not", w), (false, 1));
        assert_eq!(
            eval("screen, print and (min-width: 1px) junk", w),
            (true, 1)
        );
    }
}
