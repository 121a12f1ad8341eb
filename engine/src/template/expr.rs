//! The `{{ }}` expression language of WXML: a small subset of JavaScript expressions.
//!
//! Grammar (lowest precedence first): ternary `a ? b : c`; `||`; `&&`;
//! `== != === !==`; `< <= > >=`; `+ -`; `* / %`; unary `! - +`; member access
//! `a.b`, `a[i]` and calls `f(x)` (WXS functions, evaluated as `undefined` until WXS
//! runs); literals, identifiers, parentheses, array literals and object literals with
//! shorthand properties and `...spread`.

use serde::{Deserialize, Serialize};

/// Maximum nesting of sub-expressions; deeper input is an error, not a stack overflow.
pub const MAX_DEPTH: usize = 96;

/// A parsed expression.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
// As for `TNode`: the trait impls below add a depth guard when reading compiled IR.
#[serde(remote = "Self")]
pub enum Expr {
    /// `undefined`.
    Undefined,
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number literal.
    Num(f64),
    /// A string literal (escapes resolved).
    Str(String),
    /// A name: a loop variable or a key of the page data.
    Ident(String),
    /// `object.name`.
    Field(Box<Expr>, String),
    /// `object[index]`.
    Index(Box<Expr>, Box<Expr>),
    /// `callee(args)`: a WXS function call.
    Call(Box<Expr>, Vec<Expr>),
    /// A unary operator.
    Unary(UnOp, Box<Expr>),
    /// A binary operator (including the short-circuit `&&` and `||`).
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// `cond ? then : else`.
    Cond(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `[a, b]`.
    Array(Vec<Expr>),
    /// `{a: 1, b, ...c}`.
    Object(Vec<Prop>),
}

impl Serialize for Expr {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Expr::serialize(self, serializer)
    }
}

impl<'de> Deserialize<'de> for Expr {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let _level = super::ir::DepthGuard::enter()?;
        Expr::deserialize(deserializer)
    }
}

/// A property of an object literal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Prop {
    /// `key: value` (or shorthand `key`, stored as `key: key`).
    KeyValue(String, Expr),
    /// `...expr`.
    Spread(Expr),
}

/// Unary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum UnOp {
    /// `!`
    Not,
    /// `-`
    Neg,
    /// `+`
    Plus,
}

/// Binary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BinOp {
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Rem,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `===`
    StrictEq,
    /// `!==`
    StrictNe,
    /// `&&`
    And,
    /// `||`
    Or,
}

/// Why an expression could not be parsed; `offset` is a byte offset into its source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExprError {
    /// Byte offset of the problem in the expression source.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for ExprError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "at byte {}: {}", self.offset, self.message)
    }
}

impl std::error::Error for ExprError {}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Num(f64),
    Str(String),
    Ident(String),
    Punct(&'static str),
}

const PUNCTS: [&str; 30] = [
    "===", "!==", "...", "==", "!=", "<=", ">=", "&&", "||", "?.", "(", ")", "[", "]", "{", "}",
    ",", ":", "?", ".", "!", "+", "-", "*", "/", "%", "<", ">", "=", "&",
];

fn lex(src: &str) -> Result<Vec<(Tok, usize)>, ExprError> {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let err = |offset, message: &str| ExprError {
        offset,
        message: message.to_string(),
    };
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        if c.is_ascii_digit() || (c == b'.' && bytes.get(i + 1).is_some_and(|d| d.is_ascii_digit()))
        {
            let (n, len) = lex_number(&src[i..]).ok_or_else(|| err(i, "malformed number"))?;
            i += len;
            out.push((Tok::Num(n), start));
            continue;
        }
        if c == b'"' || c == b'\'' {
            let (s, len) = lex_string(&src[i..]).map_err(|m| err(i, m))?;
            i += len;
            out.push((Tok::Str(s), start));
            continue;
        }
        let ch = src[i..].chars().next().unwrap_or(' ');
        if ch == '_' || ch == '$' || ch.is_alphabetic() {
            let len = src[i..]
                .char_indices()
                .find(|&(_, c)| !(c == '_' || c == '$' || c.is_alphanumeric()))
                .map_or(src.len() - i, |(k, _)| k);
            out.push((Tok::Ident(src[i..i + len].to_string()), start));
            i += len;
            continue;
        }
        match PUNCTS.iter().find(|p| src[i..].starts_with(**p)) {
            Some(p) => {
                if *p == "=" || *p == "&" {
                    return Err(err(i, &format!("unsupported operator `{p}`")));
                }
                out.push((Tok::Punct(p), start));
                i += p.len();
            }
            None => return Err(err(i, &format!("unexpected character `{ch}`"))),
        }
    }
    Ok(out)
}

/// Lexes a JS number literal at the start of `s`; returns the value and its byte length.
fn lex_number(s: &str) -> Option<(f64, usize)> {
    let b = s.as_bytes();
    if b.len() > 2 && b[0] == b'0' && (b[1] == b'x' || b[1] == b'X') {
        let len = 2 + b[2..].iter().take_while(|c| c.is_ascii_hexdigit()).count();
        let v = u64::from_str_radix(&s[2..len], 16).ok()? as f64;
        return Some((v, len));
    }
    let mut i = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if b.get(i) == Some(&b'.') {
        i += 1;
        i += b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        if matches!(b.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        let digits = b[j.min(b.len())..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if digits == 0 {
            return None;
        }
        i = j + digits;
    }
    if b.get(i)
        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
    {
        return None;
    }
    Some((s[..i].parse().ok()?, i))
}

/// Lexes a quoted string at the start of `s`; returns the value and its byte length.
fn lex_string(s: &str) -> Result<(String, usize), &'static str> {
    let mut chars = s.char_indices();
    let quote = chars.next().map(|(_, c)| c).ok_or("empty string")?;
    let mut out = String::new();
    while let Some((i, c)) = chars.next() {
        if c == quote {
            return Ok((out, i + c.len_utf8()));
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        let (_, e) = chars.next().ok_or("unterminated string")?;
        match e {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'v' => out.push('\u{b}'),
            '0' => out.push('\0'),
            'x' | 'u' => {
                let n = if e == 'x' { 2 } else { 4 };
                let mut code = 0u32;
                for _ in 0..n {
                    let d = chars
                        .next()
                        .and_then(|(_, d)| d.to_digit(16))
                        .ok_or("bad escape sequence")?;
                    code = code * 16 + d;
                }
                out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
            }
            '\n' => {}
            other => out.push(other),
        }
    }
    Err("unterminated string")
}

/// Parses one expression (the text between `{{` and `}}`).
pub fn parse(src: &str) -> Result<Expr, ExprError> {
    let toks = lex(src)?;
    let mut p = Parser {
        toks,
        pos: 0,
        depth: 0,
        end: src.len(),
    };
    if p.toks.is_empty() {
        return Err(ExprError {
            offset: 0,
            message: "empty expression".into(),
        });
    }
    let e = p.ternary()?;
    if p.pos < p.toks.len() {
        return Err(p.error("unexpected token after expression"));
    }
    Ok(e)
}

/// Parses the body of an object literal without its braces, as `<template data="{{a, ...b}}">`
/// uses it.
pub fn parse_object_body(src: &str) -> Result<Expr, ExprError> {
    let mut toks = lex(src)?;
    toks.push((Tok::Punct("}"), src.len()));
    let mut p = Parser {
        toks,
        pos: 0,
        depth: 0,
        end: src.len(),
    };
    let e = p.object()?;
    if p.pos < p.toks.len() {
        return Err(p.error("unexpected token after object"));
    }
    Ok(e)
}

struct Parser {
    toks: Vec<(Tok, usize)>,
    pos: usize,
    depth: usize,
    end: usize,
}

impl Parser {
    fn error(&self, msg: &str) -> ExprError {
        let offset = self.toks.get(self.pos).map_or(self.end, |t| t.1);
        let found = match self.toks.get(self.pos) {
            Some((Tok::Punct(p), _)) => format!(", found `{p}`"),
            Some((Tok::Ident(i), _)) => format!(", found `{i}`"),
            Some(_) => String::new(),
            None => ", found end of expression".to_string(),
        };
        ExprError {
            offset,
            message: format!("{msg}{found}"),
        }
    }

    fn peek_punct(&self, p: &str) -> bool {
        matches!(self.toks.get(self.pos), Some((Tok::Punct(q), _)) if *q == p)
    }

    fn eat(&mut self, p: &str) -> bool {
        if self.peek_punct(p) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, p: &str) -> Result<(), ExprError> {
        if self.eat(p) {
            Ok(())
        } else {
            Err(self.error(&format!("expected `{p}`")))
        }
    }

    fn enter(&mut self) -> Result<(), ExprError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error("expression nested too deeply"));
        }
        Ok(())
    }

    fn ternary(&mut self) -> Result<Expr, ExprError> {
        self.enter()?;
        let cond = self.binary(0)?;
        let out = if self.eat("?") {
            let a = self.ternary()?;
            self.expect(":")?;
            let b = self.ternary()?;
            Expr::Cond(Box::new(cond), Box::new(a), Box::new(b))
        } else {
            cond
        };
        self.depth -= 1;
        Ok(out)
    }

    fn binary(&mut self, level: usize) -> Result<Expr, ExprError> {
        const LEVELS: [&[(&str, BinOp)]; 6] = [
            &[("||", BinOp::Or)],
            &[("&&", BinOp::And)],
            &[
                ("===", BinOp::StrictEq),
                ("!==", BinOp::StrictNe),
                ("==", BinOp::Eq),
                ("!=", BinOp::Ne),
            ],
            &[
                ("<=", BinOp::Le),
                (">=", BinOp::Ge),
                ("<", BinOp::Lt),
                (">", BinOp::Gt),
            ],
            &[("+", BinOp::Add), ("-", BinOp::Sub)],
            &[("*", BinOp::Mul), ("/", BinOp::Div), ("%", BinOp::Rem)],
        ];
        let Some(ops) = LEVELS.get(level) else {
            return self.unary();
        };
        let mut lhs = self.binary(level + 1)?;
        'outer: loop {
            for (p, op) in ops.iter() {
                if self.eat(p) {
                    let rhs = self.binary(level + 1)?;
                    lhs = Expr::Binary(*op, Box::new(lhs), Box::new(rhs));
                    continue 'outer;
                }
            }
            return Ok(lhs);
        }
    }

    fn unary(&mut self) -> Result<Expr, ExprError> {
        let op = if self.eat("!") {
            UnOp::Not
        } else if self.eat("-") {
            UnOp::Neg
        } else if self.eat("+") {
            UnOp::Plus
        } else {
            return self.postfix();
        };
        self.enter()?;
        let e = self.unary()?;
        self.depth -= 1;
        Ok(Expr::Unary(op, Box::new(e)))
    }

    fn postfix(&mut self) -> Result<Expr, ExprError> {
        let mut e = self.primary()?;
        let mut chain = 0usize;
        loop {
            chain += 1;
            if chain > MAX_DEPTH * 4 {
                return Err(self.error("member chain too long"));
            }
            if self.eat(".") || self.eat("?.") {
                match self.toks.get(self.pos) {
                    Some((Tok::Ident(name), _)) => {
                        let name = name.clone();
                        self.pos += 1;
                        e = Expr::Field(Box::new(e), name);
                    }
                    _ => return Err(self.error("expected a property name after `.`")),
                }
            } else if self.eat("[") {
                self.enter()?;
                let idx = self.ternary()?;
                self.depth -= 1;
                self.expect("]")?;
                e = Expr::Index(Box::new(e), Box::new(idx));
            } else if self.eat("(") {
                self.enter()?;
                let args = self.list(")")?;
                self.depth -= 1;
                e = Expr::Call(Box::new(e), args);
            } else {
                return Ok(e);
            }
        }
    }

    fn list(&mut self, close: &str) -> Result<Vec<Expr>, ExprError> {
        let mut items = Vec::new();
        while !self.eat(close) {
            items.push(self.ternary()?);
            if !self.eat(",") {
                self.expect(close)?;
                break;
            }
        }
        Ok(items)
    }

    fn primary(&mut self) -> Result<Expr, ExprError> {
        let Some((tok, _)) = self.toks.get(self.pos).cloned() else {
            return Err(self.error("expected an expression"));
        };
        self.pos += 1;
        match tok {
            Tok::Num(n) => Ok(Expr::Num(n)),
            Tok::Str(s) => Ok(Expr::Str(s)),
            Tok::Ident(name) => Ok(match name.as_str() {
                "true" => Expr::Bool(true),
                "false" => Expr::Bool(false),
                "null" => Expr::Null,
                "undefined" => Expr::Undefined,
                _ => Expr::Ident(name),
            }),
            Tok::Punct("(") => {
                self.enter()?;
                let e = self.ternary()?;
                self.depth -= 1;
                self.expect(")")?;
                Ok(e)
            }
            Tok::Punct("[") => {
                self.enter()?;
                let items = self.list("]")?;
                self.depth -= 1;
                Ok(Expr::Array(items))
            }
            Tok::Punct("{") => {
                self.enter()?;
                let o = self.object()?;
                self.depth -= 1;
                Ok(o)
            }
            _ => {
                self.pos -= 1;
                Err(self.error("expected an expression"))
            }
        }
    }

    /// Object literal body after `{`, through the closing `}`.
    fn object(&mut self) -> Result<Expr, ExprError> {
        let mut props = Vec::new();
        while !self.eat("}") {
            if self.eat("...") {
                props.push(Prop::Spread(self.ternary()?));
            } else {
                let key = match self.toks.get(self.pos).cloned() {
                    Some((Tok::Ident(k), _)) | Some((Tok::Str(k), _)) => k,
                    Some((Tok::Num(n), _)) => super::eval::number_to_string(n),
                    _ => return Err(self.error("expected a property name")),
                };
                let shorthand_ok = matches!(self.toks.get(self.pos), Some((Tok::Ident(_), _)));
                self.pos += 1;
                if self.eat(":") {
                    props.push(Prop::KeyValue(key, self.ternary()?));
                } else if shorthand_ok {
                    props.push(Prop::KeyValue(key.clone(), Expr::Ident(key)));
                } else {
                    return Err(self.error("expected `:`"));
                }
            }
            if !self.eat(",") {
                self.expect("}")?;
                break;
            }
        }
        Ok(Expr::Object(props))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Expr {
        parse(s).unwrap_or(Expr::Str(format!("PARSE ERROR {s}")))
    }

    #[test]
    fn precedence_mul_over_add() {
        assert_eq!(
            p("1 + 2 * 3"),
            Expr::Binary(
                BinOp::Add,
                Box::new(Expr::Num(1.0)),
                Box::new(Expr::Binary(
                    BinOp::Mul,
                    Box::new(Expr::Num(2.0)),
                    Box::new(Expr::Num(3.0))
                ))
            )
        );
    }

    #[test]
    fn left_associative_subtraction() {
        assert!(
            matches!(p("a - b - c"), Expr::Binary(BinOp::Sub, l, _) if matches!(*l, Expr::Binary(BinOp::Sub, _, _)))
        );
    }

    #[test]
    fn ternary_is_right_associative() {
        assert!(
            matches!(p("a ? b : c ? d : e"), Expr::Cond(_, _, e) if matches!(*e, Expr::Cond(..)))
        );
    }

    #[test]
    fn numbers() {
        assert_eq!(p("1.5e3"), Expr::Num(1500.0));
        assert_eq!(p(".5"), Expr::Num(0.5));
        assert_eq!(p("0x1f"), Expr::Num(31.0));
        assert_eq!(p("2E-2"), Expr::Num(0.02));
        assert!(parse("1e").is_err());
        assert!(parse("12abc").is_err());
    }

    #[test]
    fn strings_with_escapes() {
        assert_eq!(p(r#"'it\'s'"#), Expr::Str("it's".into()));
        assert_eq!(p(r#""a\nb\u0041""#), Expr::Str("a\nbA".into()));
        assert!(parse("'open").is_err());
    }

    #[test]
    fn paths() {
        assert_eq!(
            p("a.b[0]['k']"),
            Expr::Index(
                Box::new(Expr::Index(
                    Box::new(Expr::Field(Box::new(Expr::Ident("a".into())), "b".into())),
                    Box::new(Expr::Num(0.0))
                )),
                Box::new(Expr::Str("k".into()))
            )
        );
    }

    #[test]
    fn object_literal_with_shorthand_and_spread() {
        assert_eq!(
            p("{a: 1, b, ...c}"),
            Expr::Object(vec![
                Prop::KeyValue("a".into(), Expr::Num(1.0)),
                Prop::KeyValue("b".into(), Expr::Ident("b".into())),
                Prop::Spread(Expr::Ident("c".into())),
            ])
        );
        assert!(parse_object_body("...a, b: 2").is_ok());
    }

    #[test]
    fn array_literal_and_trailing_comma() {
        assert_eq!(
            p("[1, 'x',]"),
            Expr::Array(vec![Expr::Num(1.0), Expr::Str("x".into())])
        );
    }

    #[test]
    fn errors_carry_offsets() {
        let e = parse("a + * b").err();
        assert_eq!(e.map(|e| e.offset), Some(4));
        assert_eq!(parse("a = 1").err().map(|e| e.offset), Some(2));
        assert_eq!(parse("(a").err().map(|e| e.offset), Some(2));
        assert!(parse("").is_err());
        assert!(parse("a b").is_err());
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let s = format!("{}1{}", "(".repeat(5000), ")".repeat(5000));
        assert!(parse(&s).is_err());
        let s = "!".repeat(5000) + "a";
        assert!(parse(&s).is_err());
        let s = "-".repeat(5000) + "a";
        assert!(parse(&s).is_err());
    }
}
