//! Math functions on lengths: `calc()`, `min()`, `max()` and `clamp()` (CSS Values 3
//! §8.1, CSS Values 4 §10).
//!
//! A declared expression is parsed into a [`Calc`] tree, type-checked as CSS requires
//! (`+`/`-` between values of one type, `*` with a number on one side, `/` by a nonzero
//! number) and simplified: `+`, `-`, `*` and `/` fold into one linear sum per unit
//! (`calc(100% - 2 * 60px)` is `-120px + 100%`), only `min()`/`max()`/`clamp()` stay
//! nodes. The tree lives in a process-wide table and a [`Len`] carries its
//! [`CalcId`], so `Len` stays a small `Copy` value; compiled stylesheets carry the tree
//! itself (see the `serde` impls).
//!
//! At computed-value time every unit but `%` resolves to px ([`CalcId::resolve`]). What
//! is left either is a plain length or percentage, or still mixes px and `%`: that one
//! reaches taffy as a `calc()` value whose "pointer" is a key into a second table of
//! resolved forms ([`layout_pointer`]), and taffy asks [`resolve_layout_key`] for its value
//! against the percentage basis (through `LayoutPartialTree::resolve_calc_value`).
//!
//! Both tables are process-wide rather than per document: declarations are parsed and
//! compiled without a document, the cascade computes styles from a shared `&Document`,
//! and equal forms must get equal keys for computed styles to compare equal (restyle
//! damage, style sharing). Entries are deduplicated, so the tables grow with the number
//! of distinct expressions, not with the number of elements; they are capped.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use cssparser::{Parser, Token};

use super::values::{match_unit, Len, LenContext, ValueError};

/// The sum of lengths in each unit a calc expression can mix. Units that resolve by a
/// constant fold at parse time: absolute units and `rem` into `px`, `rpx` into `vw`.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Units {
    /// Pixels.
    pub px: f32,
    /// A fraction of the percentage basis (50% is 0.5).
    pub percent: f32,
    /// Multiples of the font size.
    pub em: f32,
    /// Percent of the viewport width.
    pub vw: f32,
    /// Percent of the viewport height.
    pub vh: f32,
}

impl Units {
    fn fields(&self) -> [f32; 5] {
        [self.px, self.percent, self.em, self.vw, self.vh]
    }

    fn map(self, f: impl Fn(f32) -> f32) -> Units {
        // `+ 0.0` turns -0 into 0, so equal sums are equal bit for bit (hashing).
        Units {
            px: f(self.px) + 0.0,
            percent: f(self.percent) + 0.0,
            em: f(self.em) + 0.0,
            vw: f(self.vw) + 0.0,
            vh: f(self.vh) + 0.0,
        }
    }

    fn plus(self, o: Units) -> Units {
        Units {
            px: self.px + o.px + 0.0,
            percent: self.percent + o.percent + 0.0,
            em: self.em + o.em + 0.0,
            vw: self.vw + o.vw + 0.0,
            vh: self.vh + o.vh + 0.0,
        }
    }

    fn is_finite(&self) -> bool {
        self.fields().iter().all(|v| v.is_finite())
    }

    /// One declared length as units; `None` for `auto` and calc values.
    fn of(len: Len) -> Option<Units> {
        let mut u = Units::default();
        match len {
            Len::Px(v) => u.px = v,
            Len::Rpx(v) => u.vw = v * 100.0 / 750.0,
            Len::Percent(v) => u.percent = v,
            Len::Em(v) => u.em = v,
            Len::Rem(v) => u.px = v * super::values::ROOT_FONT_SIZE,
            Len::Vw(v) => u.vw = v,
            Len::Vh(v) => u.vh = v,
            Len::Auto | Len::Calc(_) => return None,
        }
        Some(u.map(|v| v))
    }

    /// Everything but `%` in px.
    fn resolve(&self, cx: &LenContext) -> Units {
        Units {
            px: self.px
                + self.em * cx.font_size
                + self.vw * cx.viewport.0 / 100.0
                + self.vh * cx.viewport.1 / 100.0
                + 0.0,
            percent: self.percent,
            ..Units::default()
        }
    }
}

/// A length-valued math expression, simplified (see the module docs).
#[derive(Clone, Debug, PartialEq)]
pub enum Calc {
    /// A linear sum of units.
    Sum(Units),
    /// Terms added, at least one of them not a [`Calc::Sum`] (the sums are folded into
    /// the first term).
    Add(Vec<Calc>),
    /// A term times a number.
    Scale(Box<Calc>, f32),
    /// `min()`.
    Min(Vec<Calc>),
    /// `max()`.
    Max(Vec<Calc>),
    /// `clamp(min, value, max)`.
    Clamp(Box<[Calc; 3]>),
}

// Every number in a `Calc` is finite and not -0 (checked and normalised when built), so
// comparing by value is comparing bits: a lawful `Eq` and `Hash`.
impl Eq for Calc {}

impl Hash for Calc {
    fn hash<H: Hasher>(&self, h: &mut H) {
        std::mem::discriminant(self).hash(h);
        match self {
            Calc::Sum(u) => {
                for v in u.fields() {
                    v.to_bits().hash(h);
                }
            }
            Calc::Add(v) | Calc::Min(v) | Calc::Max(v) => v.hash(h),
            Calc::Scale(c, k) => {
                c.hash(h);
                k.to_bits().hash(h);
            }
            Calc::Clamp(c) => c.hash(h),
        }
    }
}

impl Calc {
    fn add(self, other: Calc) -> Calc {
        let mut sum = Units::default();
        let mut rest = Vec::new();
        for t in [self, other] {
            match t {
                Calc::Sum(u) => sum = sum.plus(u),
                Calc::Add(terms) => {
                    for t in terms {
                        match t {
                            Calc::Sum(u) => sum = sum.plus(u),
                            t => rest.push(t),
                        }
                    }
                }
                t => rest.push(t),
            }
        }
        if rest.is_empty() {
            return Calc::Sum(sum);
        }
        if sum != Units::default() {
            rest.insert(0, Calc::Sum(sum));
        }
        if rest.len() == 1 {
            return rest.pop().unwrap_or(Calc::Sum(sum));
        }
        Calc::Add(rest)
    }

    fn scale(self, k: f32) -> Calc {
        match self {
            Calc::Sum(u) => Calc::Sum(u.map(|v| v * k)),
            Calc::Add(terms) => Calc::Add(terms.into_iter().map(|t| t.scale(k)).collect()),
            Calc::Scale(c, j) => Calc::Scale(c, j * k + 0.0),
            c => Calc::Scale(Box::new(c), k + 0.0),
        }
    }

    /// True when every number in the tree is finite.
    fn is_finite(&self) -> bool {
        match self {
            Calc::Sum(u) => u.is_finite(),
            Calc::Add(v) | Calc::Min(v) | Calc::Max(v) => v.iter().all(Calc::is_finite),
            Calc::Scale(c, k) => k.is_finite() && c.is_finite(),
            Calc::Clamp(c) => c.iter().all(Calc::is_finite),
        }
    }

    /// The tree with every unit but `%` in px, and the math functions whose arguments
    /// no longer depend on the percentage basis evaluated.
    fn resolve(&self, cx: &LenContext) -> Calc {
        let r = match self {
            Calc::Sum(u) => return Calc::Sum(u.resolve(cx)),
            Calc::Add(v) => v
                .iter()
                .map(|t| t.resolve(cx))
                .reduce(Calc::add)
                .unwrap_or(Calc::Sum(Units::default())),
            Calc::Scale(c, k) => c.resolve(cx).scale(*k),
            Calc::Min(v) => Calc::Min(v.iter().map(|t| t.resolve(cx)).collect()),
            Calc::Max(v) => Calc::Max(v.iter().map(|t| t.resolve(cx)).collect()),
            Calc::Clamp(c) => Calc::Clamp(Box::new([
                c[0].resolve(cx),
                c[1].resolve(cx),
                c[2].resolve(cx),
            ])),
        };
        if r.uses_percent() {
            r
        } else {
            Calc::Sum(Units {
                px: r.eval(0.0) + 0.0,
                ..Units::default()
            })
        }
    }

    fn uses_percent(&self) -> bool {
        match self {
            Calc::Sum(u) => u.percent != 0.0,
            Calc::Add(v) | Calc::Min(v) | Calc::Max(v) => v.iter().any(Calc::uses_percent),
            Calc::Scale(c, _) => c.uses_percent(),
            Calc::Clamp(c) => c.iter().any(Calc::uses_percent),
        }
    }

    /// The value in px of a resolved tree (px and `%` only) for a percentage basis.
    pub fn eval(&self, basis: f32) -> f32 {
        match self {
            Calc::Sum(u) => u.px + u.percent * basis,
            Calc::Add(v) => v.iter().map(|t| t.eval(basis)).sum(),
            Calc::Scale(c, k) => c.eval(basis) * k,
            Calc::Min(v) => v
                .iter()
                .map(|t| t.eval(basis))
                .fold(f32::INFINITY, f32::min),
            Calc::Max(v) => v
                .iter()
                .map(|t| t.eval(basis))
                .fold(f32::NEG_INFINITY, f32::max),
            // CSS Values 4 §10.3: max(MIN, min(VAL, MAX)).
            Calc::Clamp(c) => c[0].eval(basis).max(c[1].eval(basis).min(c[2].eval(basis))),
        }
    }
}

/// Most distinct expressions a table holds; past that, new ones are refused (declared)
/// or approximated (resolved), see [`CalcId::resolve`].
const TABLE_LIMIT: usize = 1 << 20;

/// An interning table of calc trees.
#[derive(Default)]
struct Table {
    items: Vec<Arc<Calc>>,
    index: HashMap<Arc<Calc>, u32>,
}

impl Table {
    fn intern(&mut self, c: Calc) -> Option<u32> {
        if let Some(&i) = self.index.get(&c) {
            return Some(i);
        }
        if self.items.len() >= TABLE_LIMIT {
            return None;
        }
        let i = u32::try_from(self.items.len()).ok()?;
        let c = Arc::new(c);
        self.items.push(c.clone());
        self.index.insert(c, i);
        Some(i)
    }

    fn get(&self, i: u32) -> Option<Arc<Calc>> {
        self.items.get(i as usize).cloned()
    }
}

fn lock(t: &'static OnceLock<Mutex<Table>>) -> MutexGuard<'static, Table> {
    // A panic elsewhere while holding the lock leaves the table consistent (interning
    // is push-then-insert), so a poisoned lock is still usable.
    t.get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner())
}

static DECLARED: OnceLock<Mutex<Table>> = OnceLock::new();
static RESOLVED: OnceLock<Mutex<Table>> = OnceLock::new();

/// A declared calc expression: a key into the process-wide table of [`Calc`] trees.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CalcId(u32);

impl CalcId {
    /// Interns `c`; `None` when the table is full.
    pub fn new(c: Calc) -> Option<CalcId> {
        lock(&DECLARED).intern(c).map(CalcId)
    }

    /// The expression.
    pub fn get(self) -> Arc<Calc> {
        lock(&DECLARED)
            .get(self.0)
            .unwrap_or_else(|| Arc::new(Calc::Sum(Units::default())))
    }

    /// The computed value: every unit but `%` resolved with `cx`.
    pub fn resolve(self, cx: &LenContext) -> Resolved {
        match self.get().resolve(cx) {
            Calc::Sum(u) if u.percent == 0.0 => Resolved::Px(u.px),
            Calc::Sum(u) if u.px == 0.0 => Resolved::Percent(u.percent),
            c => match lock(&RESOLVED).intern(c.clone()) {
                Some(key) => Resolved::Mixed(key),
                // Out of keys: the value at a 0 basis, logged once.
                None => {
                    static FULL: std::sync::Once = std::sync::Once::new();
                    FULL.call_once(|| log::warn!("too many distinct calc() values"));
                    Resolved::Px(c.eval(0.0))
                }
            },
        }
    }
}

/// A calc value at computed-value time.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Resolved {
    /// A length in px.
    Px(f32),
    /// A fraction of the percentage basis.
    Percent(f32),
    /// Both: a key for [`layout_pointer`].
    Mixed(u32),
}

/// The opaque handle taffy stores for a mixed calc value: the key, as an address
/// aligned to 8 (taffy keeps its tag in the low 3 bits and refuses 0). It is never
/// dereferenced, only turned back into the key by [`resolve_layout_key`].
pub fn layout_pointer(key: u32) -> *const () {
    std::ptr::without_provenance(((key as usize) + 1) << 3)
}

/// taffy's calc resolver: the value of the mixed calc value behind `ptr` (from
/// [`layout_pointer`]) against percentage basis `basis`; 0 for an unknown handle.
pub fn resolve_layout_key(ptr: *const (), basis: f32) -> f32 {
    let key = (ptr.addr() >> 3).wrapping_sub(1);
    let Ok(key) = u32::try_from(key) else {
        return 0.0;
    };
    let c = lock(&RESOLVED).get(key);
    let v = c.map_or(0.0, |c| c.eval(basis));
    if v.is_finite() {
        v
    } else {
        0.0
    }
}

/// One step of a [`Calc`] tree in postfix order: compiled stylesheets store a tree so,
/// and rebuilding it needs no recursion, whatever the bytes say.
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
enum Op {
    Sum(Units),
    Add(u32),
    Scale(f32),
    Min(u32),
    Max(u32),
    Clamp,
}

/// Deepest tree [`Calc::from_ops`] accepts: what the parser can build from
/// [`MAX_DEPTH`] nested functions (each may add a scale and a sum level).
#[cfg(feature = "serde")]
const MAX_TREE_DEPTH: usize = 4 * MAX_DEPTH;

#[cfg(feature = "serde")]
impl Calc {
    fn ops(&self, out: &mut Vec<Op>) {
        let n = |v: &Vec<Calc>| u32::try_from(v.len()).unwrap_or(u32::MAX);
        match self {
            Calc::Sum(u) => out.push(Op::Sum(*u)),
            Calc::Add(v) | Calc::Min(v) | Calc::Max(v) => {
                for t in v {
                    t.ops(out);
                }
                out.push(match self {
                    Calc::Add(_) => Op::Add(n(v)),
                    Calc::Min(_) => Op::Min(n(v)),
                    _ => Op::Max(n(v)),
                });
            }
            Calc::Scale(c, k) => {
                c.ops(out);
                out.push(Op::Scale(*k));
            }
            Calc::Clamp(c) => {
                for t in c.iter() {
                    t.ops(out);
                }
                out.push(Op::Clamp);
            }
        }
    }

    /// The tree `ops` describe; `None` unless they describe exactly one tree, at most
    /// [`MAX_DEPTH`] deep, of finite numbers.
    fn from_ops(ops: Vec<Op>) -> Option<Calc> {
        let mut stack: Vec<(Calc, usize)> = Vec::new();
        for op in ops {
            let (arity, leaf) = match &op {
                Op::Sum(_) => (0, true),
                Op::Add(n) | Op::Min(n) | Op::Max(n) => (*n as usize, false),
                Op::Scale(_) => (1, false),
                Op::Clamp => (3, false),
            };
            if (!leaf && arity == 0) || arity > stack.len() {
                return None;
            }
            let args = stack.split_off(stack.len() - arity);
            let depth = 1 + args.iter().map(|a| a.1).max().unwrap_or(0);
            if depth > MAX_TREE_DEPTH {
                return None;
            }
            let mut v: Vec<Calc> = args.into_iter().map(|a| a.0).collect();
            let node = match op {
                Op::Sum(u) => Calc::Sum(u.map(|v| v)),
                Op::Add(_) => Calc::Add(v),
                Op::Min(_) => Calc::Min(v),
                Op::Max(_) => Calc::Max(v),
                Op::Scale(k) => Calc::Scale(Box::new(v.pop()?), k + 0.0),
                Op::Clamp => Calc::Clamp(Box::new(<[Calc; 3]>::try_from(v).ok()?)),
            };
            stack.push((node, depth));
        }
        match (stack.pop(), stack.is_empty()) {
            (Some((c, _)), true) if c.is_finite() => Some(c),
            _ => None,
        }
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for CalcId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // The tree itself: the id means nothing in another process.
        let mut ops = Vec::new();
        self.get().ops(&mut ops);
        ops.serialize(s)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for CalcId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let ops = Vec::<Op>::deserialize(d)?;
        let c = Calc::from_ops(ops).ok_or_else(|| D::Error::custom("invalid calc() expression"))?;
        CalcId::new(c).ok_or_else(|| D::Error::custom("too many calc() expressions"))
    }
}

/// Deepest nesting accepted (parenthesised or nested functions), so evaluating is
/// bounded and a hostile stylesheet cannot overflow the stack.
const MAX_DEPTH: usize = 32;

/// A value inside an expression: a number or a length (CSS Values 4 §10.7 types).
enum Typed {
    Number(f32),
    Length(Calc),
}

/// True for the functions [`parse_function`] handles.
pub fn is_math_function(name: &str) -> bool {
    ["calc", "-webkit-calc", "min", "max", "clamp"]
        .iter()
        .any(|f| name.eq_ignore_ascii_case(f))
}

/// Parses the arguments of math function `name` (the function token is consumed; this
/// runs inside its block) as a length-percentage.
pub fn parse_function<'i>(name: &str, input: &mut Parser<'i, '_>) -> Result<Len, ValueError<'i>> {
    let c = match function(name, input, 0)? {
        Typed::Length(c) => c,
        Typed::Number(_) => return Err(input.new_custom_error("calc() must give a length")),
    };
    if !c.is_finite() {
        return Err(input.new_custom_error("calc() overflows"));
    }
    if let Calc::Sum(u) = c {
        // A single unit is that unit (`calc(50%)` is `50%`).
        let single = [
            (u.px, Len::Px(u.px)),
            (u.percent, Len::Percent(u.percent)),
            (u.em, Len::Em(u.em)),
            (u.vw, Len::Vw(u.vw)),
            (u.vh, Len::Vh(u.vh)),
        ];
        let nonzero: Vec<_> = single.iter().filter(|(v, _)| *v != 0.0).collect();
        match nonzero.as_slice() {
            [] => return Ok(Len::Px(0.0)),
            [(_, l)] => return Ok(*l),
            _ => {}
        }
    }
    CalcId::new(c)
        .map(Len::Calc)
        .ok_or_else(|| input.new_custom_error("too many calc() expressions".to_string()))
}

fn function<'i>(
    name: &str,
    input: &mut Parser<'i, '_>,
    depth: usize,
) -> Result<Typed, ValueError<'i>> {
    if depth > MAX_DEPTH {
        return Err(input.new_custom_error("calc() nested too deeply"));
    }
    let lower = name.to_ascii_lowercase();
    if lower == "calc" || lower == "-webkit-calc" {
        let v = sum(input, depth)?;
        input.expect_exhausted()?;
        return Ok(v);
    }
    let mut args = vec![sum(input, depth)?];
    while input.try_parse(|i| i.expect_comma()).is_ok() {
        args.push(sum(input, depth)?);
    }
    input.expect_exhausted()?;
    if args.iter().all(|a| matches!(a, Typed::Number(_))) {
        let n: Vec<f32> = args
            .iter()
            .filter_map(|a| match a {
                Typed::Number(n) => Some(*n),
                Typed::Length(_) => None,
            })
            .collect();
        return Ok(Typed::Number(match (lower.as_str(), n.as_slice()) {
            ("min", _) => n.iter().copied().fold(f32::INFINITY, f32::min),
            ("max", _) => n.iter().copied().fold(f32::NEG_INFINITY, f32::max),
            ("clamp", [lo, v, hi]) => lo.max(v.min(*hi)),
            _ => return Err(input.new_custom_error(format!("invalid `{name}()`"))),
        }));
    }
    let mut lengths = Vec::with_capacity(args.len());
    for a in args {
        match a {
            Typed::Length(c) => lengths.push(c),
            Typed::Number(_) => {
                return Err(input.new_custom_error(format!("`{name}()` mixes numbers and lengths")))
            }
        }
    }
    Ok(Typed::Length(match lower.as_str() {
        "min" => Calc::Min(lengths),
        "max" => Calc::Max(lengths),
        "clamp" => match <[Calc; 3]>::try_from(lengths) {
            Ok(three) => Calc::Clamp(Box::new(three)),
            Err(_) => return Err(input.new_custom_error("clamp() takes 3 values")),
        },
        _ => return Err(input.new_custom_error(format!("unsupported function `{name}()`"))),
    }))
}

/// `<calc-sum> = <calc-product> [ [ '+' | '-' ] <calc-product> ]*`
fn sum<'i>(input: &mut Parser<'i, '_>, depth: usize) -> Result<Typed, ValueError<'i>> {
    let mut acc = product(input, depth)?;
    loop {
        let sign = match input.try_parse(|i| match i.next()? {
            Token::Delim('+') => Ok(1.0),
            Token::Delim('-') => Ok(-1.0),
            _ => Err(i.new_custom_error::<_, String>(String::new())),
        }) {
            Ok(s) => s,
            Err(_) => return Ok(acc),
        };
        let rhs = product(input, depth)?;
        acc = match (acc, rhs) {
            (Typed::Number(a), Typed::Number(b)) => Typed::Number(a + sign * b),
            (Typed::Length(a), Typed::Length(b)) => Typed::Length(a.add(b.scale(sign))),
            _ => return Err(input.new_custom_error("calc() adds a number to a length")),
        };
    }
}

/// `<calc-product> = <calc-value> [ [ '*' | '/' ] <calc-value> ]*`
fn product<'i>(input: &mut Parser<'i, '_>, depth: usize) -> Result<Typed, ValueError<'i>> {
    let mut acc = value(input, depth)?;
    loop {
        let Ok(op) = input.try_parse(|i| match i.next()? {
            Token::Delim(c @ ('*' | '/')) => Ok(*c),
            _ => Err(i.new_custom_error::<_, String>(String::new())),
        }) else {
            return Ok(acc);
        };
        let rhs = value(input, depth)?;
        acc = match (op, acc, rhs) {
            ('*', Typed::Number(a), Typed::Number(b)) => Typed::Number(a * b),
            ('*', Typed::Number(k), Typed::Length(c))
            | ('*', Typed::Length(c), Typed::Number(k)) => Typed::Length(c.scale(k)),
            ('/', _, Typed::Number(0.0)) => {
                return Err(input.new_custom_error("calc() divides by zero"))
            }
            ('/', Typed::Number(a), Typed::Number(b)) => Typed::Number(a / b),
            ('/', Typed::Length(c), Typed::Number(b)) => Typed::Length(c.scale(1.0 / b)),
            _ => return Err(input.new_custom_error("calc() multiplies two lengths")),
        };
        let finite = match &acc {
            Typed::Number(n) => n.is_finite(),
            Typed::Length(c) => c.is_finite(),
        };
        if !finite {
            return Err(input.new_custom_error("calc() overflows"));
        }
    }
}

/// `<calc-value> = <number> | <dimension> | <percentage> | ( <calc-sum> )`, or a nested
/// math function.
fn value<'i>(input: &mut Parser<'i, '_>, depth: usize) -> Result<Typed, ValueError<'i>> {
    let location = input.current_source_location();
    let token = input.next()?.clone();
    match token {
        Token::Number { value, .. } => Ok(Typed::Number(value)),
        Token::Percentage { unit_value, .. } => Ok(Typed::Length(Calc::Sum(
            Units::of(Len::Percent(unit_value)).unwrap_or_default(),
        ))),
        Token::Dimension {
            value, ref unit, ..
        } => match match_unit(value, unit).and_then(Units::of) {
            Some(u) => Ok(Typed::Length(Calc::Sum(u))),
            None => Err(location.new_custom_error(format!("unsupported unit `{unit}`"))),
        },
        Token::ParenthesisBlock => input.parse_nested_block(|i| {
            if depth + 1 > MAX_DEPTH {
                return Err(i.new_custom_error("calc() nested too deeply".to_string()));
            }
            let v = sum(i, depth + 1)?;
            i.expect_exhausted()?;
            Ok(v)
        }),
        Token::Function(ref name) if is_math_function(name) => {
            let name = name.to_string();
            input.parse_nested_block(|i| function(&name, i, depth + 1))
        }
        t => Err(location.new_unexpected_token_error(t)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cssparser::ParserInput;

    fn parse(s: &str) -> Option<Len> {
        let mut pi = ParserInput::new(s);
        let mut p = Parser::new(&mut pi);
        p.parse_entirely(|i| super::super::values::parse_len(i, false))
            .ok()
    }

    fn cx() -> LenContext {
        LenContext {
            viewport: (400.0, 300.0),
            font_size: 20.0,
        }
    }

    fn resolved(s: &str) -> Option<Resolved> {
        match parse(s)? {
            Len::Calc(id) => Some(id.resolve(&cx())),
            l => match (l, l.to_px(&cx())) {
                (Len::Percent(p), _) => Some(Resolved::Percent(p)),
                (_, Some(px)) => Some(Resolved::Px(px)),
                _ => None,
            },
        }
    }

    fn at(s: &str, basis: f32) -> f32 {
        match resolved(s) {
            Some(Resolved::Px(v)) => v,
            Some(Resolved::Percent(p)) => p * basis,
            Some(Resolved::Mixed(k)) => resolve_layout_key(layout_pointer(k), basis),
            None => f32::NAN,
        }
    }

    #[test]
    fn arithmetic_folds_to_lengths() {
        assert_eq!(parse("calc(200px / 2 * 3)"), Some(Len::Px(300.0)));
        assert_eq!(parse("calc(30px + 30px)"), Some(Len::Px(60.0)));
        assert_eq!(parse("calc(50%)"), Some(Len::Percent(0.5)));
        assert_eq!(parse("CALC( ( 1em + 1em ) * 2 )"), Some(Len::Em(4.0)));
        assert_eq!(
            resolved("calc(100vw - 2 * 60px)"),
            Some(Resolved::Px(280.0))
        );
        assert_eq!(
            resolved("calc(1rem + 1em + 750rpx - 10vh)"),
            Some(Resolved::Px(406.0))
        );
        assert_eq!(resolved("calc(2 * (3 + 1) * 1px)"), Some(Resolved::Px(8.0)));
        assert_eq!(resolved("calc(10px - 10px)"), Some(Resolved::Px(0.0)));
    }

    #[test]
    fn percentages_mixed_with_lengths_resolve_at_layout() {
        assert_eq!(at("calc(100% - 100px)", 400.0), 300.0);
        assert_eq!(at("calc(50% + 20px)", 400.0), 220.0);
        assert_eq!(at("calc(100% - 300rpx)", 400.0), 240.0);
        assert_eq!(at("calc((100% - 10px) / 2)", 210.0), 100.0);
        // Equal forms share one key, so equal styles compare equal.
        assert_eq!(
            resolved("calc(100% - 100px)"),
            resolved("calc(-100px + 100%)")
        );
        assert_ne!(
            resolved("calc(100% - 100px)"),
            resolved("calc(100% - 99px)")
        );
    }

    #[test]
    fn min_max_clamp() {
        assert_eq!(resolved("min(10px, 5em)"), Some(Resolved::Px(10.0)));
        assert_eq!(resolved("max(10px, 5em)"), Some(Resolved::Px(100.0)));
        assert_eq!(
            resolved("clamp(10px, 50vw, 150px)"),
            Some(Resolved::Px(150.0))
        );
        assert_eq!(at("min(50%, 120px)", 400.0), 120.0);
        assert_eq!(at("min(50%, 120px)", 200.0), 100.0);
        assert_eq!(at("calc(max(10%, 30px) * 2 + 1px)", 400.0), 81.0);
        assert_eq!(at("clamp(100px, 10% + 5px, 200px)", 1000.0), 105.0);
        assert_eq!(resolved("calc(min(2, 3) * 10px)"), Some(Resolved::Px(20.0)));
    }

    #[test]
    fn invalid_expressions_are_errors_not_panics() {
        for bad in [
            "calc(10px / 0)",
            "calc(10px / (1 - 1))",
            "calc(10px * 10px)",
            "calc(10px + 1)",
            "calc(2)",
            "calc(1px / 1px)",
            "calc(3e38px * 10)",
            "calc(3e38px + 3e38px)",
            "calc()",
            "calc(10px +)",
            "calc(10px -10px)",
            "calc(10deg)",
            "calc(auto)",
            "clamp(1px, 2px)",
            "min(1px, 2)",
            "foo(1px)",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
        let deep = format!("{}1px{}", "calc(".repeat(100), ")".repeat(100));
        assert_eq!(parse(&deep), None);
        let parens = format!("calc({}1px{})", "(".repeat(100), ")".repeat(100));
        assert_eq!(parse(&parens), None);
        assert_eq!(
            resolve_layout_key(std::ptr::without_provenance(8 << 40), 1.0),
            0.0
        );
    }
}
