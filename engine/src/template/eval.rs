//! Evaluation of template expressions over the page data, with JavaScript semantics, and
//! recording of the data paths each expression reads.

use std::borrow::Cow;

use serde_json::{Map, Number, Value};

use super::expr::{BinOp, Expr, Prop, UnOp};
use super::ir::{Interp, Part};
use crate::data::{DataPath, Seg};

/// A JavaScript value as an expression produces it: JSON plus `undefined` and the
/// non-finite numbers JSON cannot hold.
#[derive(Clone, Debug, PartialEq)]
pub enum JsValue<'a> {
    /// `undefined` (a missing key, an unknown name, a WXS call).
    Undefined,
    /// A number computed by an operator (may be `NaN` or infinite).
    Num(f64),
    /// A JSON value, borrowed from the data when possible.
    Json(Cow<'a, Value>),
}

impl JsValue<'_> {
    /// True for `undefined`.
    pub fn is_undefined(&self) -> bool {
        matches!(self, JsValue::Undefined)
    }

    /// Converts to JSON: `undefined` becomes `null`, as do `NaN` and the infinities
    /// (what `JSON.stringify` does).
    pub fn to_json(&self) -> Value {
        match self {
            JsValue::Undefined => Value::Null,
            JsValue::Num(n) => num_to_json(*n),
            JsValue::Json(v) => v.as_ref().clone(),
        }
    }

    /// Takes ownership, converting to JSON like [`JsValue::to_json`].
    pub fn into_json(self) -> Value {
        match self {
            JsValue::Json(v) => v.into_owned(),
            other => other.to_json(),
        }
    }

    /// JavaScript truthiness.
    pub fn truthy(&self) -> bool {
        match self {
            JsValue::Undefined => false,
            JsValue::Num(n) => *n != 0.0 && !n.is_nan(),
            JsValue::Json(v) => match v.as_ref() {
                Value::Null => false,
                Value::Bool(b) => *b,
                Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0 && !f.is_nan()),
                Value::String(s) => !s.is_empty(),
                Value::Array(_) | Value::Object(_) => true,
            },
        }
    }

    /// JavaScript `ToNumber`.
    pub fn to_number(&self) -> f64 {
        match self {
            JsValue::Undefined => f64::NAN,
            JsValue::Num(n) => *n,
            JsValue::Json(v) => json_to_number(v),
        }
    }

    /// JavaScript `String(value)` (`undefined` → `"undefined"`).
    pub fn to_js_string(&self) -> String {
        match self {
            JsValue::Undefined => "undefined".into(),
            JsValue::Num(n) => number_to_string(*n),
            JsValue::Json(v) => json_to_string(v),
        }
    }

    /// How `{{ value }}` renders in text: like `String(value)` except that `undefined`
    /// and `null` render as nothing, as WeChat does.
    pub fn to_display(&self) -> String {
        match self {
            JsValue::Undefined | JsValue::Json(Cow::Borrowed(Value::Null)) => String::new(),
            JsValue::Json(Cow::Owned(Value::Null)) => String::new(),
            other => other.to_js_string(),
        }
    }

    fn is_string(&self) -> bool {
        matches!(self, JsValue::Json(v) if v.is_string())
    }

    fn is_object_like(&self) -> bool {
        matches!(self, JsValue::Json(v) if v.is_array() || v.is_object())
    }

    fn is_nullish(&self) -> bool {
        matches!(self, JsValue::Undefined) || matches!(self, JsValue::Json(v) if v.is_null())
    }
}

fn num_to_json(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        // Integral results stay integers in JSON (so `1 + 1` gives `2`, not `2.0`).
        return Value::Number(Number::from(n as i64));
    }
    Number::from_f64(n).map_or(Value::Null, Value::Number)
}

fn json_to_number(v: &Value) -> f64 {
    match v {
        Value::Null => 0.0,
        Value::Bool(b) => f64::from(u8::from(*b)),
        Value::Number(n) => n.as_f64().unwrap_or(f64::NAN),
        Value::String(s) => string_to_number(s),
        Value::Array(a) => match a.as_slice() {
            [] => 0.0,
            [one] => string_to_number(&json_to_string(one)),
            _ => f64::NAN,
        },
        Value::Object(_) => f64::NAN,
    }
}

/// JavaScript `ToNumber` of a string.
pub fn string_to_number(s: &str) -> f64 {
    let t = s.trim();
    if t.is_empty() {
        return 0.0;
    }
    match t {
        "Infinity" | "+Infinity" => return f64::INFINITY,
        "-Infinity" => return f64::NEG_INFINITY,
        _ => {}
    }
    if let Some(hex) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        return u64::from_str_radix(hex, 16).map_or(f64::NAN, |v| v as f64);
    }
    if t.bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
    {
        t.parse().unwrap_or(f64::NAN)
    } else {
        f64::NAN
    }
}

/// JavaScript `String(v)` of a JSON value.
pub fn json_to_string(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.to_string()
            } else if let Some(u) = n.as_u64() {
                number_to_string(u as f64)
            } else {
                number_to_string(n.as_f64().unwrap_or(f64::NAN))
            }
        }
        Value::String(s) => s.clone(),
        Value::Array(a) => {
            let parts: Vec<String> = a
                .iter()
                .map(|x| {
                    if x.is_null() {
                        String::new()
                    } else {
                        json_to_string(x)
                    }
                })
                .collect();
            parts.join(",")
        }
        Value::Object(_) => "[object Object]".into(),
    }
}

/// JavaScript `Number.prototype.toString()` (ECMA-262 §6.1.6.1.20 Number::toString).
pub fn number_to_string(n: f64) -> String {
    if n.is_nan() {
        return "NaN".into();
    }
    if n == 0.0 {
        return "0".into();
    }
    if n.is_infinite() {
        return if n > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    let sign = if n < 0.0 { "-" } else { "" };
    // `{:e}` prints the shortest round-trip digits: "1.2345e-7".
    let sci = format!("{:e}", n.abs());
    let (mant, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let digits: String = mant.chars().filter(char::is_ascii_digit).collect();
    let e: i32 = exp.parse().unwrap_or(0);
    let k = digits.len() as i32;
    let point = e + 1; // the "n" of the spec: position of the decimal point
    let body = if k <= point && point <= 21 {
        format!("{digits}{}", "0".repeat((point - k) as usize))
    } else if 0 < point && point <= 21 {
        let (a, b) = digits.split_at(point as usize);
        format!("{a}.{b}")
    } else if -6 < point && point <= 0 {
        format!("0.{}{digits}", "0".repeat((-point) as usize))
    } else {
        let (first, rest) = digits.split_at(1);
        let frac = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let es = if point >= 1 { "+" } else { "-" };
        format!("{first}{frac}e{es}{}", (point - 1).abs())
    };
    format!("{sign}{body}")
}

/// A loop variable's value: a place in the page data, or a value of its own.
#[derive(Clone, Debug, PartialEq)]
pub enum VarValue {
    /// The variable is the data at this path (reads through it record paths under it).
    Path(DataPath),
    /// A value not backed by the data (an index, or an item of a literal array).
    Value(Value),
}

/// A name bound by `wx:for` (`item`, `index`, or their renamed forms).
#[derive(Clone, Debug, PartialEq)]
pub struct LoopVar {
    /// The variable's name.
    pub name: String,
    /// What it stands for.
    pub value: VarValue,
}

/// The page's WXS modules as expressions see them (implemented by the view-side WXS
/// runtime, [`crate::script::wxs::WxsRuntime`]).
pub trait WxsCalls {
    /// True when `name` is a WXS module of the page.
    fn is_module(&self, name: &str) -> bool;
    /// The module's exports as data (functions left out), for `{{m.CONSTANT}}`.
    fn exports(&self, module: &str) -> Option<&Value>;
    /// Calls `module.function(args…)`. A throw, a missing function or a runaway loop
    /// gives `undefined` (and is reported by the runtime), never a panic.
    fn call(&self, module: &str, function: &str, args: &[JsValue<'_>]) -> JsValue<'static>;
}

impl std::fmt::Debug for dyn WxsCalls + '_ {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WxsCalls")
    }
}

/// What an expression can see: the page data, the enclosing loop variables (innermost
/// last) and the page's WXS modules.
#[derive(Clone, Copy, Debug)]
pub struct Scope<'a> {
    /// The page data.
    pub root: &'a Value,
    /// Loop variables, innermost last; they shadow data keys.
    pub vars: &'a [LoopVar],
    /// The WXS modules; a module name shadows a data key (loop variables shadow both).
    pub wxs: Option<&'a dyn WxsCalls>,
}

/// A value together with the data path it came from, if it is a place in the data.
struct Place<'a> {
    value: JsValue<'a>,
    path: Option<DataPath>,
}

impl<'a> Scope<'a> {
    /// A scope over `root` with no loop variables.
    pub fn new(root: &'a Value) -> Self {
        Scope {
            root,
            vars: &[],
            wxs: None,
        }
    }

    /// The same scope with other loop variables.
    pub fn with_vars(self, vars: &'a [LoopVar]) -> Self {
        Scope { vars, ..self }
    }

    /// The WXS module `name` is visible here (not shadowed by a loop variable).
    fn wxs_module(&self, name: &str) -> Option<&'a dyn WxsCalls> {
        let w = self.wxs?;
        (w.is_module(name) && self.lookup_var(name).is_none()).then_some(w)
    }

    /// Evaluates `e`, appending every data path it reads to `reads`.
    pub fn eval(&self, e: &Expr, reads: &mut Vec<DataPath>) -> JsValue<'a> {
        match e {
            Expr::Undefined => JsValue::Undefined,
            Expr::Null => JsValue::Json(Cow::Owned(Value::Null)),
            Expr::Bool(b) => JsValue::Json(Cow::Owned(Value::Bool(*b))),
            Expr::Num(n) => JsValue::Num(*n),
            Expr::Str(s) => JsValue::Json(Cow::Owned(Value::String(s.clone()))),
            Expr::Ident(_) | Expr::Field(..) | Expr::Index(..) => {
                let place = self.place(e, reads);
                if let Some(p) = place.path {
                    reads.push(p);
                }
                place.value
            }
            Expr::Call(callee, args) => {
                // Only WXS module functions can be called (`m.f(x)` or `m['f'](x)`);
                // anything else is `undefined`, but what it reads is still recorded.
                let target = match callee.as_ref() {
                    Expr::Field(obj, f) => match obj.as_ref() {
                        Expr::Ident(m) => self.wxs_module(m).map(|w| (w, m, f.clone())),
                        _ => None,
                    },
                    Expr::Index(obj, f) => match (obj.as_ref(), f.as_ref()) {
                        (Expr::Ident(m), Expr::Str(f)) => {
                            self.wxs_module(m).map(|w| (w, m, f.clone()))
                        }
                        _ => None,
                    },
                    _ => None,
                };
                let values: Vec<JsValue<'a>> = args.iter().map(|a| self.eval(a, reads)).collect();
                match target {
                    Some((w, m, f)) => w.call(m, &f, &values),
                    None => {
                        if let Expr::Field(obj, _) | Expr::Index(obj, _) = callee.as_ref() {
                            if !matches!(obj.as_ref(), Expr::Ident(_)) {
                                self.eval(obj, reads);
                            }
                        }
                        JsValue::Undefined
                    }
                }
            }
            Expr::Unary(op, x) => {
                let v = self.eval(x, reads);
                match op {
                    UnOp::Not => JsValue::Json(Cow::Owned(Value::Bool(!v.truthy()))),
                    UnOp::Neg => JsValue::Num(-v.to_number()),
                    UnOp::Plus => JsValue::Num(v.to_number()),
                }
            }
            Expr::Binary(BinOp::And, a, b) => {
                let l = self.eval(a, reads);
                if l.truthy() {
                    self.eval(b, reads)
                } else {
                    l
                }
            }
            Expr::Binary(BinOp::Or, a, b) => {
                let l = self.eval(a, reads);
                if l.truthy() {
                    l
                } else {
                    self.eval(b, reads)
                }
            }
            Expr::Binary(op, a, b) => {
                let l = self.eval(a, reads);
                let r = self.eval(b, reads);
                binary(*op, &l, &r)
            }
            Expr::Cond(c, a, b) => {
                if self.eval(c, reads).truthy() {
                    self.eval(a, reads)
                } else {
                    self.eval(b, reads)
                }
            }
            Expr::Array(items) => JsValue::Json(Cow::Owned(Value::Array(
                items
                    .iter()
                    .map(|x| self.eval(x, reads).into_json())
                    .collect(),
            ))),
            Expr::Object(props) => {
                let mut m = Map::new();
                for p in props {
                    match p {
                        Prop::KeyValue(k, x) => {
                            m.insert(k.clone(), self.eval(x, reads).into_json());
                        }
                        Prop::Spread(x) => match self.eval(x, reads).into_json() {
                            Value::Object(o) => m.extend(o),
                            Value::Array(a) => {
                                for (i, v) in a.into_iter().enumerate() {
                                    m.insert(i.to_string(), v);
                                }
                            }
                            _ => {}
                        },
                    }
                }
                JsValue::Json(Cow::Owned(Value::Object(m)))
            }
        }
    }

    /// Evaluates `e` and reports the data path of its result when it is a pure path
    /// (`list`, `item.children`), as `wx:for` needs to name its items' paths.
    pub fn eval_place(
        &self,
        e: &Expr,
        reads: &mut Vec<DataPath>,
    ) -> (JsValue<'a>, Option<DataPath>) {
        match e {
            Expr::Ident(_) | Expr::Field(..) | Expr::Index(..) => {
                let place = self.place(e, reads);
                if let Some(p) = &place.path {
                    reads.push(p.clone());
                }
                (place.value, place.path)
            }
            _ => (self.eval(e, reads), None),
        }
    }

    /// Evaluates an interpolation: a single `{{expr}}` keeps its type, anything else is
    /// concatenated into a string.
    pub fn eval_interp(&self, i: &Interp, reads: &mut Vec<DataPath>) -> JsValue<'a> {
        if let Some(e) = i.single_expr() {
            return self.eval(e, reads);
        }
        let mut s = String::new();
        for p in &i.parts {
            match p {
                Part::Lit(l) => s.push_str(l),
                Part::Expr(e) => s.push_str(&self.eval(e, reads).to_display()),
            }
        }
        JsValue::Json(Cow::Owned(Value::String(s)))
    }

    fn lookup_var(&self, name: &str) -> Option<&'a LoopVar> {
        self.vars.iter().rev().find(|v| v.name == name)
    }

    fn place(&self, e: &Expr, reads: &mut Vec<DataPath>) -> Place<'a> {
        match e {
            Expr::Ident(name) => match self.lookup_var(name) {
                Some(LoopVar {
                    value: VarValue::Path(p),
                    ..
                }) => Place {
                    value: opt(crate::data::get(self.root, p)),
                    path: Some(p.clone()),
                },
                Some(LoopVar {
                    value: VarValue::Value(v),
                    ..
                }) => Place {
                    value: JsValue::Json(Cow::Borrowed(v)),
                    path: None,
                },
                None => match self.wxs.filter(|w| w.is_module(name)) {
                    Some(w) => Place {
                        value: opt(w.exports(name)),
                        path: None,
                    },
                    None => Place {
                        value: opt(self.root.as_object().and_then(|m| m.get(name))),
                        path: Some(vec![Seg::Key(name.clone())]),
                    },
                },
            },
            Expr::Field(obj, name) => {
                let base = self.place(obj, reads);
                member(base, PropKey::Name(name.clone()))
            }
            Expr::Index(obj, idx) => {
                let base = self.place(obj, reads);
                let key = match self.eval(idx, reads) {
                    JsValue::Num(n) => PropKey::from_number(n),
                    JsValue::Json(v) => match v.as_ref() {
                        Value::Number(n) => PropKey::from_number(n.as_f64().unwrap_or(f64::NAN)),
                        Value::String(s) => match s.parse::<usize>() {
                            Ok(i) if i.to_string() == *s => PropKey::Index(i),
                            _ => PropKey::Name(s.clone()),
                        },
                        other => PropKey::Name(json_to_string(other)),
                    },
                    JsValue::Undefined => PropKey::Name("undefined".into()),
                };
                member(base, key)
            }
            other => Place {
                value: self.eval(other, reads),
                path: None,
            },
        }
    }
}

enum PropKey {
    Name(String),
    Index(usize),
}

impl PropKey {
    fn from_number(n: f64) -> Self {
        if n >= 0.0 && n.fract() == 0.0 && n < 4.0e9 {
            PropKey::Index(n as usize)
        } else {
            PropKey::Name(number_to_string(n))
        }
    }
}

fn opt(v: Option<&Value>) -> JsValue<'_> {
    v.map_or(JsValue::Undefined, |v| JsValue::Json(Cow::Borrowed(v)))
}

fn member(base: Place<'_>, key: PropKey) -> Place<'_> {
    let Place { value, path } = base;
    // `.length` of an array or string depends on the whole container: record the
    // container's path, so an append (`list[10] = x`) re-evaluates it.
    if let PropKey::Name(n) = &key {
        if n == "length" {
            let len = match &value {
                JsValue::Json(v) => match v.as_ref() {
                    Value::Array(a) => Some(a.len()),
                    Value::String(s) => Some(s.encode_utf16().count()),
                    _ => None,
                },
                _ => None,
            };
            if let Some(len) = len {
                return Place {
                    value: JsValue::Num(len as f64),
                    path,
                };
            }
        }
    }
    let seg = match &key {
        PropKey::Name(n) => Seg::Key(n.clone()),
        PropKey::Index(i) => Seg::Index(*i),
    };
    let child = match value {
        JsValue::Json(Cow::Borrowed(v)) => {
            child_of(v, &seg).map_or(JsValue::Undefined, |c| match c {
                Cow::Borrowed(b) => JsValue::Json(Cow::Borrowed(b)),
                Cow::Owned(o) => JsValue::Json(Cow::Owned(o)),
            })
        }
        JsValue::Json(Cow::Owned(v)) => child_of(&v, &seg).map_or(JsValue::Undefined, |c| {
            JsValue::Json(Cow::Owned(c.into_owned()))
        }),
        _ => JsValue::Undefined,
    };
    Place {
        value: child,
        path: path.map(|mut p| {
            p.push(seg);
            p
        }),
    }
}

/// A property of a value: object keys, array items and the characters of a string.
fn child_of<'v>(v: &'v Value, seg: &Seg) -> Option<Cow<'v, Value>> {
    if let (Value::String(s), Seg::Index(i)) = (v, seg) {
        let c = s.chars().nth(*i)?;
        return Some(Cow::Owned(Value::String(c.to_string())));
    }
    crate::data::get(v, std::slice::from_ref(seg)).map(Cow::Borrowed)
}

/// The primitive a value converts to for `+` and comparisons (objects → their string).
fn to_primitive<'v>(v: &'v JsValue<'_>) -> Cow<'v, JsValue<'v>> {
    if v.is_object_like() {
        Cow::Owned(JsValue::Json(Cow::Owned(Value::String(v.to_js_string()))))
    } else {
        Cow::Owned(match v {
            JsValue::Undefined => JsValue::Undefined,
            JsValue::Num(n) => JsValue::Num(*n),
            JsValue::Json(j) => JsValue::Json(Cow::Borrowed(j.as_ref())),
        })
    }
}

fn binary(op: BinOp, l: &JsValue<'_>, r: &JsValue<'_>) -> JsValue<'static> {
    let b = |x: bool| JsValue::Json(Cow::Owned(Value::Bool(x)));
    match op {
        BinOp::Add => {
            let (pl, pr) = (to_primitive(l), to_primitive(r));
            if pl.is_string() || pr.is_string() {
                let s = pl.to_js_string() + &pr.to_js_string();
                JsValue::Json(Cow::Owned(Value::String(s)))
            } else {
                JsValue::Num(pl.to_number() + pr.to_number())
            }
        }
        BinOp::Sub => JsValue::Num(l.to_number() - r.to_number()),
        BinOp::Mul => JsValue::Num(l.to_number() * r.to_number()),
        BinOp::Div => JsValue::Num(l.to_number() / r.to_number()),
        BinOp::Rem => JsValue::Num(l.to_number() % r.to_number()),
        BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
            let (pl, pr) = (to_primitive(l), to_primitive(r));
            let ord = if pl.is_string() && pr.is_string() {
                let (a, c) = (pl.to_js_string(), pr.to_js_string());
                Some(a.encode_utf16().cmp(c.encode_utf16()))
            } else {
                pl.to_number().partial_cmp(&pr.to_number())
            };
            let Some(ord) = ord else { return b(false) };
            b(match op {
                BinOp::Lt => ord.is_lt(),
                BinOp::Le => ord.is_le(),
                BinOp::Gt => ord.is_gt(),
                _ => ord.is_ge(),
            })
        }
        BinOp::StrictEq => b(strict_eq(l, r)),
        BinOp::StrictNe => b(!strict_eq(l, r)),
        BinOp::Eq => b(loose_eq(l, r)),
        BinOp::Ne => b(!loose_eq(l, r)),
        // Short-circuit operators are handled by the evaluator; kept total here.
        BinOp::And => {
            if l.truthy() {
                owned(r)
            } else {
                owned(l)
            }
        }
        BinOp::Or => {
            if l.truthy() {
                owned(l)
            } else {
                owned(r)
            }
        }
    }
}

fn owned(v: &JsValue<'_>) -> JsValue<'static> {
    match v {
        JsValue::Undefined => JsValue::Undefined,
        JsValue::Num(n) => JsValue::Num(*n),
        JsValue::Json(j) => JsValue::Json(Cow::Owned(j.as_ref().clone())),
    }
}

fn is_number(v: &JsValue<'_>) -> bool {
    matches!(v, JsValue::Num(_)) || matches!(v, JsValue::Json(j) if j.is_number())
}

fn strict_eq(l: &JsValue<'_>, r: &JsValue<'_>) -> bool {
    if is_number(l) && is_number(r) {
        return l.to_number() == r.to_number();
    }
    match (l, r) {
        (JsValue::Undefined, JsValue::Undefined) => true,
        (JsValue::Json(a), JsValue::Json(b)) => a == b,
        _ => false,
    }
}

fn loose_eq(l: &JsValue<'_>, r: &JsValue<'_>) -> bool {
    if l.is_nullish() || r.is_nullish() {
        return l.is_nullish() && r.is_nullish();
    }
    let same_kind = (is_number(l) && is_number(r))
        || matches!((l, r), (JsValue::Json(a), JsValue::Json(b))
            if std::mem::discriminant(a.as_ref()) == std::mem::discriminant(b.as_ref()));
    if same_kind {
        return strict_eq(l, r);
    }
    let (pl, pr) = (to_primitive(l), to_primitive(r));
    if pl.is_string() && pr.is_string() {
        return pl.to_js_string() == pr.to_js_string();
    }
    pl.to_number() == pr.to_number()
}

#[cfg(test)]
#[path = "eval_tests.rs"]
mod tests;
