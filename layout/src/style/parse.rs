//! Stylesheet parsing with `cssparser` (CSS Syntax 3). Parsing never fails: an invalid
//! rule or declaration is dropped (CSS Syntax 3 §9 error handling) and reported as a
//! [`StyleWarning`] carrying `file:line:col`. `@import` targets are recorded for the
//! engine; the rules of `@media` blocks carry their conditions ([`super::media`]).

use std::collections::HashSet;
use std::fmt;
use std::sync::Arc;

use cssparser::{
    AtRuleParser, CowRcStr, DeclarationParser, ParseError, Parser, ParserInput, ParserState,
    QualifiedRuleParser, RuleBodyItemParser, RuleBodyParser, SourceLocation, StyleSheetParser,
};

use super::media::MediaList;
use super::properties::{initial_value, parse_declaration, Declaration, Parsed};
use super::selector::{error_message, parse_selector_list, Selector};
use super::variables::{find_var, mentions_var, CustomDeclaration, VariableDeclaration};

/// A problem found in a stylesheet; the offending rule or declaration was skipped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StyleWarning {
    /// The stylesheet's file name as given to [`Stylesheet::parse`].
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column (UTF-16 code units, as cssparser counts).
    pub column: u32,
    /// What was wrong.
    pub message: String,
}

impl fmt::Display for StyleWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

/// Options for [`Stylesheet::parse`].
#[derive(Clone, Copy, Debug)]
pub struct ParseOptions {
    /// Warn about unknown or unsupported properties (once per property per file).
    pub warn_unknown_properties: bool,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions {
            warn_unknown_properties: true,
        }
    }
}

/// One style rule: a selector list and its declarations.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq)]
pub struct StyleRule {
    /// The selectors; the rule applies to elements matching any of them.
    pub selectors: Vec<Selector>,
    /// Normal declarations, in source order.
    pub declarations: Vec<Declaration>,
    /// `!important` declarations, in source order (CSS Cascade 4 §6.4).
    pub important: Vec<Declaration>,
    /// 1-based line of the rule's prelude.
    pub line: u32,
    /// The `@media` conditions the rule is nested in, outermost first: it applies only
    /// while all match (empty: always). Kept per rule, so rules merged from `@import`ed
    /// sheets keep theirs.
    pub media: Vec<MediaList>,
}

impl StyleRule {
    /// True when the rule's `@media` conditions hold for a window of `viewport` px.
    pub fn media_matches(&self, viewport: (f32, f32)) -> bool {
        self.media.iter().all(|m| m.matches(viewport))
    }
}

/// A parsed stylesheet (WXSS/FTSS).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Stylesheet {
    /// File name used in warnings.
    pub file: String,
    /// Rules in source order.
    pub rules: Vec<StyleRule>,
    /// `@import` targets in source order, as written (the engine resolves them against the
    /// package and places their rules before this sheet's).
    pub imports: Vec<String>,
    /// `@keyframes` rules in source order (CSS Animations 1 §2); an animation uses the
    /// last one of its name.
    pub keyframes: Vec<super::motion::Keyframes>,
}

impl Stylesheet {
    /// Parses `source`. Never fails: invalid parts are skipped and reported.
    pub fn parse(
        source: &str,
        file: &str,
        options: ParseOptions,
    ) -> (Stylesheet, Vec<StyleWarning>) {
        let mut input = ParserInput::new(source);
        let mut parser = Parser::new(&mut input);
        let mut top = TopParser {
            file,
            options,
            warnings: Vec::new(),
            unknown_seen: HashSet::new(),
            imports: Vec::new(),
            media: Vec::new(),
            keyframes: Vec::new(),
        };
        let mut rules = Vec::new();
        let results: Vec<_> = StyleSheetParser::new(&mut parser, &mut top)
            .map(|r| r.map_err(|(e, _)| (error_message(&e), e.location)))
            .collect();
        for r in results {
            match r {
                Ok(r) => rules.extend(r),
                Err((message, loc)) => top.warn(loc, message),
            }
        }
        let sheet = Stylesheet {
            file: file.to_string(),
            rules,
            imports: std::mem::take(&mut top.imports),
            keyframes: std::mem::take(&mut top.keyframes),
        };
        let mut warnings = top.warnings;
        warnings.sort_by_key(|w| (w.line, w.column));
        (sheet, warnings)
    }
}

/// Parses a `style` attribute (CSS Style Attributes §2: a declaration list). Invalid
/// declarations are skipped; `!important` ones are returned after the normal ones.
pub fn parse_inline(style_attr: &str) -> Vec<Declaration> {
    let mut input = ParserInput::new(style_attr);
    let mut parser = Parser::new(&mut input);
    let body = parse_body(&mut parser, "style attribute", ParseOptions::default());
    for (w, _) in &body.warnings {
        log::debug!("{w}");
    }
    let mut out = body.declarations;
    out.extend(body.important);
    out
}

struct TopParser<'f> {
    file: &'f str,
    options: ParseOptions,
    warnings: Vec<StyleWarning>,
    unknown_seen: HashSet<String>,
    imports: Vec<String>,
    /// The `@media` blocks being parsed, outermost first.
    media: Vec<MediaList>,
    /// The `@keyframes` rules read so far.
    keyframes: Vec<super::motion::Keyframes>,
}

impl TopParser<'_> {
    fn warn(&mut self, loc: SourceLocation, message: String) {
        self.warnings.push(StyleWarning {
            file: self.file.to_string(),
            line: loc.line + 1,
            column: loc.column,
            message,
        });
    }
}

impl<'i> QualifiedRuleParser<'i> for TopParser<'_> {
    type Prelude = (Vec<Selector>, u32);
    /// The rule (none or one; an `@media` block gives its rules).
    type QualifiedRule = Vec<StyleRule>;
    type Error = String;

    fn parse_prelude<'t>(
        &mut self,
        input: &mut Parser<'i, 't>,
    ) -> Result<Self::Prelude, ParseError<'i, String>> {
        let line = input.current_source_location().line + 1;
        Ok((parse_selector_list(input)?, line))
    }

    fn parse_block<'t>(
        &mut self,
        (selectors, line): Self::Prelude,
        _start: &ParserState,
        input: &mut Parser<'i, 't>,
    ) -> Result<Self::QualifiedRule, ParseError<'i, String>> {
        let body = parse_body(input, self.file, self.options);
        for w in body.warnings {
            let first_time = match &w.1 {
                Some(prop) => self.unknown_seen.insert(prop.clone()),
                None => true,
            };
            if first_time {
                self.warnings.push(w.0);
            }
        }
        Ok(vec![StyleRule {
            selectors,
            declarations: body.declarations,
            important: body.important,
            line,
            media: self.media.clone(),
        }])
    }
}

/// The prelude of an at-rule Mica reads.
enum AtPrelude {
    /// `@import` and its target.
    Import(String),
    /// `@media` and its query list.
    Media(MediaList),
    /// `@keyframes` (or `@-webkit-keyframes`) and its name.
    Keyframes(String),
}

impl<'i> AtRuleParser<'i> for TopParser<'_> {
    type Prelude = AtPrelude;
    type AtRule = Vec<StyleRule>;
    type Error = String;

    fn parse_prelude<'t>(
        &mut self,
        name: CowRcStr<'i>,
        input: &mut Parser<'i, 't>,
    ) -> Result<AtPrelude, ParseError<'i, String>> {
        // `@import "x.wxss";` is recorded for the engine, which reads files through the
        // package (only at the top level, CSS Cascade 4 §2.1).
        if name.eq_ignore_ascii_case("import") && self.media.is_empty() {
            let url = input.expect_url_or_string()?.to_string();
            input.expect_exhausted()?;
            return Ok(AtPrelude::Import(url));
        }
        // `@media` (Media Queries 4 §3): its rules carry the condition.
        if name.eq_ignore_ascii_case("media") {
            let location = input.current_source_location();
            let (list, errors) = MediaList::parse(input);
            for e in errors {
                self.warn(
                    location,
                    format!("invalid media query ({e}): never matches"),
                );
            }
            if list.has_unknown() {
                self.warn(
                    location,
                    "unsupported media type or feature: taken as false".to_string(),
                );
            }
            return Ok(AtPrelude::Media(list));
        }
        // `@keyframes` (CSS Animations 1 §2), with the prefix older WeChat styles use.
        if name.eq_ignore_ascii_case("keyframes") || name.eq_ignore_ascii_case("-webkit-keyframes")
        {
            return Ok(AtPrelude::Keyframes(super::motion::parse_keyframes_name(
                input,
            )?));
        }
        Err(input.new_custom_error(format!("`@{name}` rules are not supported here; skipped")))
    }

    fn rule_without_block(
        &mut self,
        prelude: AtPrelude,
        _start: &ParserState,
    ) -> Result<Self::AtRule, ()> {
        match prelude {
            AtPrelude::Import(url) => {
                self.imports.push(url);
                Ok(Vec::new())
            }
            AtPrelude::Media(_) | AtPrelude::Keyframes(_) => Err(()),
        }
    }

    fn parse_block<'t>(
        &mut self,
        prelude: AtPrelude,
        _start: &ParserState,
        input: &mut Parser<'i, 't>,
    ) -> Result<Self::AtRule, ParseError<'i, String>> {
        let list = match prelude {
            AtPrelude::Media(list) => list,
            AtPrelude::Keyframes(name) => {
                self.parse_keyframes(name, input);
                return Ok(Vec::new());
            }
            AtPrelude::Import(_) => {
                return Err(input.new_custom_error("`@import` takes no block".to_string()))
            }
        };
        // The nested rules, parsed as a stylesheet's (with nested `@media` too).
        self.media.push(list);
        let results: Vec<_> = StyleSheetParser::new(input, self)
            .map(|r| r.map_err(|(e, _)| (error_message(&e), e.location)))
            .collect();
        self.media.pop();
        let mut rules = Vec::new();
        for r in results {
            match r {
                Ok(r) => rules.extend(r),
                Err((message, loc)) => self.warn(loc, message),
            }
        }
        Ok(rules)
    }
}

/// The declarations of one block plus warnings (with the property name for unknown ones,
/// so they can be reported once per file).
struct Body {
    declarations: Vec<Declaration>,
    important: Vec<Declaration>,
    warnings: Vec<(StyleWarning, Option<String>)>,
}

enum Item {
    Declarations(Vec<Declaration>, bool),
    Unknown(String, SourceLocation),
}

struct BodyParser;

impl<'i> DeclarationParser<'i> for BodyParser {
    type Declaration = Item;
    type Error = String;

    fn parse_value<'t>(
        &mut self,
        name: CowRcStr<'i>,
        input: &mut Parser<'i, 't>,
        start: &ParserState,
    ) -> Result<Item, ParseError<'i, String>> {
        let value_start = input.position();
        if name.starts_with("--") {
            // A custom property (CSS Variables 1 §2): any tokens, kept as written.
            input.parse_until_before(cssparser::Delimiter::Bang, |i| {
                while i.next().is_ok() {}
                Ok::<_, ParseError<'i, String>>(())
            })?;
            let value = input.slice_from(value_start).trim();
            let custom = CustomDeclaration {
                name: Arc::from(&*name),
                value: Arc::from(value),
            };
            let important = input.try_parse(cssparser::parse_important).is_ok();
            input.expect_exhausted()?;
            return Ok(Item::Declarations(
                vec![Declaration::Custom(Box::new(custom))],
                important,
            ));
        }
        let lname = name.to_ascii_lowercase();
        let before = input.state();
        let parsed = input.parse_until_before(cssparser::Delimiter::Bang, |i| {
            let parsed = parse_declaration(&lname, i)?;
            if matches!(parsed, Parsed::Unknown) {
                while i.next().is_ok() {}
            }
            Ok(parsed)
        });
        // A value with `var()` is valid whatever else it holds until substituted (CSS
        // Variables 1 §3), and a parser that skips what it does not know (`background`)
        // may have accepted it: look again when it failed or might hold one (a byte
        // search, so that only those pay a second tokenization).
        let suspect = match &parsed {
            Ok(_) => mentions_var(input.slice_from(value_start)),
            Err(_) => true,
        };
        let uses_var = if suspect {
            input.reset(&before);
            input.parse_until_before(cssparser::Delimiter::Bang, find_var)?
        } else {
            false
        };
        let parsed = if uses_var {
            if initial_value(&lname).is_some() {
                let location = start.source_location();
                Parsed::Declarations(vec![Declaration::WithVariables(Box::new(
                    VariableDeclaration {
                        property: lname.clone(),
                        value: input.slice_from(value_start).trim().to_string(),
                        line: location.line + 1,
                        column: location.column,
                    },
                ))])
            } else {
                Parsed::Unknown
            }
        } else {
            parsed?
        };
        let important = input.try_parse(cssparser::parse_important).is_ok();
        input.expect_exhausted()?;
        Ok(match parsed {
            Parsed::Declarations(d) => Item::Declarations(d, important),
            Parsed::Unknown => Item::Unknown(lname, start.source_location()),
        })
    }
}

impl AtRuleParser<'_> for BodyParser {
    type Prelude = ();
    type AtRule = Item;
    type Error = String;
}

impl QualifiedRuleParser<'_> for BodyParser {
    type Prelude = ();
    type QualifiedRule = Item;
    type Error = String;
}

impl RuleBodyItemParser<'_, Item, String> for BodyParser {
    fn parse_declarations(&self) -> bool {
        true
    }
    fn parse_qualified(&self) -> bool {
        false
    }
}

fn parse_body(input: &mut Parser<'_, '_>, file: &str, options: ParseOptions) -> Body {
    let mut body = Body {
        declarations: Vec::new(),
        important: Vec::new(),
        warnings: Vec::new(),
    };
    let warning = |loc: SourceLocation, message: String| StyleWarning {
        file: file.to_string(),
        line: loc.line + 1,
        column: loc.column,
        message,
    };
    let mut p = BodyParser;
    for item in RuleBodyParser::new(input, &mut p) {
        match item {
            Ok(Item::Declarations(d, false)) => body.declarations.extend(d),
            Ok(Item::Declarations(d, true)) => body.important.extend(d),
            Ok(Item::Unknown(name, loc)) => {
                if options.warn_unknown_properties {
                    let w = warning(loc, format!("unsupported property `{name}` ignored"));
                    body.warnings.push((w, Some(name)));
                }
            }
            Err((e, text)) => {
                let msg = format!(
                    "invalid declaration `{}` skipped: {}",
                    text.trim().trim_end_matches(';'),
                    error_message(&e)
                );
                body.warnings.push((warning(e.location, msg), None));
            }
        }
    }
    body
}

impl TopParser<'_> {
    /// The keyframe blocks of `@keyframes name { ... }` (CSS Animations 1 §2): an
    /// invalid block is skipped and reported; `!important` declarations are ignored.
    fn parse_keyframes(&mut self, name: String, input: &mut Parser<'_, '_>) {
        let mut frames = KeyframesParser {
            file: self.file,
            options: self.options,
        };
        let results: Vec<_> = StyleSheetParser::new(input, &mut frames)
            .map(|r| r.map_err(|(e, _)| (error_message(&e), e.location)))
            .collect();
        let mut out = Vec::new();
        for r in results {
            match r {
                Ok((frame, warnings)) => {
                    for w in warnings {
                        let first_time = match &w.1 {
                            Some(prop) => self.unknown_seen.insert(prop.clone()),
                            None => true,
                        };
                        if first_time {
                            self.warnings.push(w.0);
                        }
                    }
                    out.push(frame);
                }
                Err((message, loc)) => self.warn(loc, message),
            }
        }
        self.keyframes
            .push(super::motion::Keyframes { name, frames: out });
    }
}

/// The rules inside `@keyframes`: a keyframe selector and a declaration block.
struct KeyframesParser<'f> {
    file: &'f str,
    options: ParseOptions,
}

type KeyframeItem = (super::motion::Keyframe, Vec<(StyleWarning, Option<String>)>);

impl<'i> QualifiedRuleParser<'i> for KeyframesParser<'_> {
    type Prelude = Vec<f32>;
    type QualifiedRule = KeyframeItem;
    type Error = String;

    fn parse_prelude<'t>(
        &mut self,
        input: &mut Parser<'i, 't>,
    ) -> Result<Vec<f32>, ParseError<'i, String>> {
        super::motion::parse_keyframe_selector(input)
    }

    fn parse_block<'t>(
        &mut self,
        offsets: Vec<f32>,
        _start: &ParserState,
        input: &mut Parser<'i, 't>,
    ) -> Result<KeyframeItem, ParseError<'i, String>> {
        let body = parse_body(input, self.file, self.options);
        let frame = super::motion::Keyframe {
            offsets,
            declarations: body.declarations,
        };
        Ok((frame, body.warnings))
    }
}

impl<'i> AtRuleParser<'i> for KeyframesParser<'_> {
    type Prelude = ();
    type AtRule = KeyframeItem;
    type Error = String;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rules_and_reports_errors_with_location() {
        let css = "@import './common.wxss';\n.a { color: red; width: 10px }\n.b { color: ; height: 5px }\n.c:hover { color: blue }\n@mdia (x) { .d { color: red } }\n.e { zoom: 2; zoom: 3; width: 1px !important }";
        let (sheet, warnings) = Stylesheet::parse(css, "app.wxss", ParseOptions::default());
        let firsts: Vec<_> = sheet
            .rules
            .iter()
            .map(|r| r.selectors[0].subject().classes[0].clone())
            .collect();
        assert_eq!(firsts, vec!["a", "b", "e"]);
        assert_eq!(sheet.rules[1].declarations.len(), 1, "height survives");
        assert_eq!(sheet.rules[2].important.len(), 1);
        let text: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
        assert_eq!(text.len(), 4, "{text:?}");
        assert_eq!(sheet.imports, vec!["./common.wxss".to_string()]);
        assert!(text[0].starts_with("app.wxss:3:"), "{}", text[0]);
        assert!(text[1].starts_with("app.wxss:4:3:"), "{}", text[1]);
        assert!(text[1].contains(":hover"), "{}", text[1]);
        assert!(text[2].starts_with("app.wxss:5:6:"), "{}", text[2]);
        assert!(text[3].contains("zoom"), "{}", text[3]);
    }

    #[test]
    fn media_rules_carry_their_conditions() {
        let css = ".a { color: red }\n@media screen and (min-width: 300px) {\n .b { color: red }\n @media (orientation: portrait) { .c, .d { color: blue } }\n @import 'x.wxss';\n}\n@media (hover: hover), print { .e { width: 1px } }\n@media screen and { .f { width: 1px } }\n.g { color: red }";
        let (sheet, warnings) = Stylesheet::parse(css, "m.wxss", ParseOptions::default());
        let text: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
        let firsts: Vec<_> = sheet
            .rules
            .iter()
            .map(|r| (r.selectors[0].subject().classes[0].clone(), r.media.len()))
            .collect();
        let expect = [("a", 0), ("b", 1), ("c", 2), ("e", 1), ("f", 1), ("g", 0)];
        let expect: Vec<_> = expect.iter().map(|(c, n)| (c.to_string(), *n)).collect();
        assert_eq!(firsts, expect);
        assert_eq!(sheet.rules[2].line, 4);
        assert!(sheet.imports.is_empty(), "no @import inside @media");
        assert_eq!(text.len(), 3, "{text:?}");
        assert!(text[0].starts_with("m.wxss:5:9:"), "{}", text[0]);
        assert!(text[1].contains("unsupported media"), "{}", text[1]);
        assert!(text[2].contains("invalid media query"), "{}", text[2]);
        let landscape = (400.0, 300.0);
        let m: Vec<bool> = sheet
            .rules
            .iter()
            .map(|r| r.media_matches(landscape))
            .collect();
        assert_eq!(m, [true, true, false, false, false, true]);
        let m: Vec<bool> = sheet
            .rules
            .iter()
            .map(|r| r.media_matches((320.0, 480.0)))
            .collect();
        assert_eq!(m, [true, true, true, false, false, true]);
    }

    #[test]
    fn custom_properties_and_var_declarations_are_kept_as_text() {
        let css = ".a { --Main-Color : #f00 ; --pad: 1px 2px !important; --x:;\n\
                   padding: var(--pad) VAR(--b, 3px); border: var(--w,1px) solid var(--c,#000);\n\
                   mask: var(--t); width: var(x); height: var(--h,) }";
        let (sheet, warnings) = Stylesheet::parse(css, "a.wxss", ParseOptions::default());
        let text: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
        assert_eq!(text.len(), 2, "{text:?}");
        // `mask` is not supported: reported though its value waits for `var()`.
        assert!(text[0].contains("mask"), "{}", text[0]);
        assert!(text[1].starts_with("a.wxss:3:"), "{}", text[1]);
        assert!(text[1].contains("custom property name"), "{}", text[1]);
        let rule = &sheet.rules[0];
        let custom = |d: &Declaration| match d {
            Declaration::Custom(c) => Some((c.name.to_string(), c.value.to_string())),
            _ => None,
        };
        let var = |d: &Declaration| match d {
            Declaration::WithVariables(v) => Some((v.property.clone(), v.value.clone(), v.line)),
            _ => None,
        };
        let normal: Vec<_> = rule.declarations.iter().filter_map(custom).collect();
        assert_eq!(
            normal,
            [
                ("--Main-Color".into(), "#f00".into()),
                ("--x".into(), String::new())
            ]
        );
        let important: Vec<_> = rule.important.iter().filter_map(custom).collect();
        assert_eq!(important, [("--pad".to_string(), "1px 2px".to_string())]);
        let vars: Vec<_> = rule.declarations.iter().filter_map(var).collect();
        assert_eq!(
            vars,
            [
                ("padding".into(), "var(--pad) VAR(--b, 3px)".into(), 2),
                (
                    "border".into(),
                    "var(--w,1px) solid var(--c,#000)".into(),
                    2
                ),
                ("height".into(), "var(--h,)".into(), 3),
            ]
        );
    }

    #[test]
    fn inline_declarations() {
        let d = parse_inline("width: 20px; color: #f00; bogus; height: 3rpx");
        assert_eq!(d.len(), 3);
    }
}
