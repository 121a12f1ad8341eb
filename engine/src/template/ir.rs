//! The template IR: what the compiler produces from a WXML/FXML file and what
//! [`crate::view::View`] instantiates. Every type derives serde so `mica pack` can store
//! compiled templates (postcard) and a device never parses XML at start-up.

use std::cell::Cell;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::expr::Expr;

/// Deepest nesting of nodes and expressions (counted together) that a compiled template
/// may have. The compiler never writes more than about three node levels per element
/// (`wx:for`, `wx:if`, the element) times its [`super::parser::MAX_NESTING`] plus an
/// expression's [`super::expr::MAX_DEPTH`]; a `.mir` deeper than this is refused while
/// it is read, because postcard (like every serde format) recurses once per level and
/// hostile bytes could otherwise overflow the loading thread's stack.
pub const MAX_IR_DEPTH: u32 = 1024;

thread_local! {
    static IR_DEPTH: Cell<u32> = const { Cell::new(0) };
    /// Set when a read hit [`MAX_IR_DEPTH`] (postcard reports custom errors without
    /// their text, so `from_bytes` looks here to say what was wrong).
    static IR_TOO_DEEP: Cell<bool> = const { Cell::new(false) };
}

/// One level of IR being deserialised; leaving the level (also by an error) releases it.
pub(crate) struct DepthGuard(());

impl DepthGuard {
    /// Enters a level, or fails once [`MAX_IR_DEPTH`] levels are open on this thread.
    pub(crate) fn enter<E: serde::de::Error>() -> Result<DepthGuard, E> {
        IR_DEPTH.with(|d| {
            let next = d.get() + 1;
            if next > MAX_IR_DEPTH {
                IR_TOO_DEEP.with(|t| t.set(true));
                return Err(E::custom(format_args!(
                    "nodes and expressions nested deeper than {MAX_IR_DEPTH} levels"
                )));
            }
            d.set(next);
            Ok(DepthGuard(()))
        })
    }
}

impl Drop for DepthGuard {
    fn drop(&mut self) {
        IR_DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

/// A compiled template file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Template {
    /// The file the template came from, for messages.
    pub file: String,
    /// Top-level nodes in document order.
    pub nodes: Vec<TNode>,
    /// Every `<template name>` definition of this file and of the files it imports
    /// (and their imports, which only they can see).
    #[serde(default)]
    pub defs: Vec<TemplateDef>,
    /// Name scopes: for each scope, the definitions visible there as `(name, index into
    /// defs)`; the last entry of a name wins. Scope 0 is this file's.
    #[serde(default)]
    pub scopes: Vec<Vec<(String, usize)>>,
    /// The `<wxs module>`s the page's expressions can call: this file's and those of
    /// the files it imports (this file's win on a name clash).
    #[serde(default)]
    pub wxs: Vec<WxsModule>,
    /// Every WXS source the modules need, inline ones and `src`/`require`d files,
    /// resolved at compile time so a compiled template is self-contained.
    #[serde(default)]
    pub wxs_sources: Vec<WxsSource>,
}

/// A `<wxs module="name">` declaration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WxsModule {
    /// The `module` attribute: the name expressions use (`{{name.fn(x)}}`).
    pub name: String,
    /// The template file that declares it.
    pub file: String,
    /// Key of its source in [`Template::wxs_sources`].
    pub source: String,
}

/// The source of one WXS module (a `.wxs` file, or an inline `<wxs>` body).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WxsSource {
    /// Package path of the `.wxs` file; for inline modules `file.wxml#name`.
    pub path: String,
    /// The JavaScript (WXS) text.
    pub text: String,
    /// Line of the file the text starts on (inline modules start inside the template).
    pub first_line: u32,
    /// `require('spec')` calls in the text, resolved: `(spec, path of the source)`.
    pub requires: Vec<(String, String)>,
}

/// Magic bytes that open a compiled template (`.mir`, "Mica IR").
pub const IR_MAGIC: &[u8; 4] = b"MIR\0";
/// Version of the compiled format; bumped whenever an IR type changes shape, so a package
/// compiled by another Mica is refused with a clear message instead of misread.
pub const IR_VERSION: u16 = 2;

/// A compiled template that cannot be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IrError {
    /// The bytes do not start with [`IR_MAGIC`].
    #[error("not a compiled Mica template")]
    NotIr,
    /// Compiled by a Mica with another IR version.
    #[error("compiled template format {found}, this Mica reads format {IR_VERSION}: recompile the package")]
    Version {
        /// The version in the file.
        found: u16,
    },
    /// Truncated or corrupt body.
    #[error("corrupt compiled template: {0}")]
    Corrupt(String),
    /// Nodes or expressions nested deeper than [`MAX_IR_DEPTH`]: no compiler wrote this.
    #[error(
        "corrupt compiled template: nodes and expressions nested deeper than {MAX_IR_DEPTH} levels"
    )]
    TooDeep,
}

impl Template {
    /// Serialises the IR: [`IR_MAGIC`], [`IR_VERSION`] (little endian), then postcard.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(256);
        out.extend_from_slice(IR_MAGIC);
        out.extend_from_slice(&IR_VERSION.to_le_bytes());
        // Serialising plain owned data into a Vec cannot fail; fall back to an empty body
        // (which `from_bytes` reports as corrupt) rather than panic.
        if let Ok(body) = postcard::to_allocvec(self) {
            out.extend_from_slice(&body);
        }
        out
    }

    /// Loads IR written by [`Template::to_bytes`]. Never panics on any input.
    pub fn from_bytes(bytes: &[u8]) -> Result<Template, IrError> {
        let rest = bytes
            .strip_prefix(IR_MAGIC.as_slice())
            .ok_or(IrError::NotIr)?;
        let (ver, body) = rest.split_at_checked(2).ok_or(IrError::NotIr)?;
        let found = u16::from_le_bytes([ver[0], ver[1]]);
        if found != IR_VERSION {
            return Err(IrError::Version { found });
        }
        IR_TOO_DEEP.with(|t| t.set(false));
        let (t, extra) = postcard::take_from_bytes(body).map_err(|e| {
            if IR_TOO_DEEP.with(Cell::get) {
                IrError::TooDeep
            } else {
                IrError::Corrupt(e.to_string())
            }
        })?;
        if !extra.is_empty() {
            return Err(IrError::Corrupt(format!("{} trailing bytes", extra.len())));
        }
        Ok(t)
    }

    /// The definition `name` as seen from `scope`.
    pub fn lookup(&self, scope: usize, name: &str) -> Option<&TemplateDef> {
        let list = self.scopes.get(scope)?;
        let (_, i) = list.iter().rev().find(|(n, _)| n == name)?;
        self.defs.get(*i)
    }
}

/// A `<template name="x">` definition.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TemplateDef {
    /// The `name` attribute.
    pub name: String,
    /// The file that defines it.
    pub file: String,
    /// The body.
    pub nodes: Vec<TNode>,
}

/// `<template is="{{name}}" data="{{...obj}}"/>`: instantiates a definition with the
/// `data` object as its only data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TemplateUse {
    /// The template's name (may be dynamic).
    pub is: Interp,
    /// The data object, `None` when the attribute is absent.
    pub data: Option<Interp>,
    /// The name scope [`Template::lookup`] resolves `is` in.
    pub scope: usize,
    /// 1-based line of the `<template>`.
    pub line: u32,
    /// 1-based column.
    pub col: u32,
}

/// One node of the template.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
// serde's derive becomes inherent `TNode::serialize`/`deserialize`; the trait impls
// below wrap them, the deserialiser with a depth guard.
#[serde(remote = "Self")]
pub enum TNode {
    /// An element such as `<view>`.
    Element(Element),
    /// A run of text, possibly with `{{ }}` parts.
    Text(Interp),
    /// `wx:for`: the body is instantiated once per item.
    For(Box<ForNode>),
    /// A `wx:if` / `wx:elif` / `wx:else` chain.
    If(IfNode),
    /// A `<block>` without directives: its children stand in its place.
    Group(Vec<TNode>),
    /// A `<wxs>` module: kept for the WXS runtime, ignored by the view for now.
    Wxs(WxsNode),
    /// `<template is="...">`.
    Use(Box<TemplateUse>),
}

impl Serialize for TNode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        TNode::serialize(self, serializer)
    }
}

impl<'de> Deserialize<'de> for TNode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let _level = DepthGuard::enter()?;
        TNode::deserialize(deserializer)
    }
}

/// An element with its attributes, events and children.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Element {
    /// Tag name (`view`, `text`, ...).
    pub tag: String,
    /// Attributes without `{{ }}`, entity-decoded.
    pub attrs: Vec<(String, String)>,
    /// Attributes whose value contains `{{ }}` (or a valueless boolean attribute).
    pub bound: Vec<(String, Interp)>,
    /// Event handlers (`bind*`, `catch*`, `capture-bind:*`, `capture-catch:*`,
    /// `mut-bind:*`) in declaration order.
    pub events: Vec<EventBinding>,
    /// `mark:name="..."` values, carried by events that pass through the element; kept
    /// out of `attrs`, `bound` and the dataset.
    pub marks: Vec<(String, Interp)>,
    /// 1-based line of the `<`.
    pub line: u32,
    /// 1-based column of the `<`.
    pub col: u32,
    /// Child nodes.
    pub children: Vec<TNode>,
}

/// An event handler such as `bindtap="onTap"` or `capture-catch:touchstart="h"`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventBinding {
    /// Event name without prefix (`tap`).
    pub event: String,
    /// The handler's name (usually static text, may be a `{{ }}` expression).
    pub handler: Interp,
    /// How the handler takes part in capture and bubbling.
    pub kind: EventKind,
}

/// The binding prefix of an [`EventBinding`]: which dispatch phase runs it and whether it
/// stops the event. WeChat, framework › WXML › 事件 (“事件的捕获阶段”, “互斥事件绑定”).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EventKind {
    /// `bindtap` / `bind:tap`: bubble phase; the event goes on.
    Bind,
    /// `catchtap` / `catch:tap`: bubble phase; the event bubbles no further.
    Catch,
    /// `mut-bind:tap`: bubble phase; once one `mut-bind` handler ran, the `mut-bind`
    /// handlers of ancestors are skipped (`bind` and `catch` ones still run).
    MutBind,
    /// `capture-bind:tap`: capture phase, which runs from the root down to the target
    /// before any bubble handler.
    CaptureBind,
    /// `capture-catch:tap`: capture phase; ends the capture here and cancels bubbling.
    CaptureCatch,
}

impl EventKind {
    /// Every kind, longest prefix first (the order [`EventKind::parse_attr`] tries them).
    pub const ALL: [EventKind; 5] = [
        EventKind::CaptureCatch,
        EventKind::CaptureBind,
        EventKind::MutBind,
        EventKind::Catch,
        EventKind::Bind,
    ];

    /// The attribute prefix without the optional `:` (`capture-bind`).
    pub fn prefix(self) -> &'static str {
        match self {
            EventKind::Bind => "bind",
            EventKind::Catch => "catch",
            EventKind::MutBind => "mut-bind",
            EventKind::CaptureBind => "capture-bind",
            EventKind::CaptureCatch => "capture-catch",
        }
    }

    /// True for the capture-phase kinds.
    pub fn is_capture(self) -> bool {
        matches!(self, EventKind::CaptureBind | EventKind::CaptureCatch)
    }

    /// True for `catch` and `capture-catch`, which stop the event where they run.
    pub fn stops(self) -> bool {
        matches!(self, EventKind::Catch | EventKind::CaptureCatch)
    }

    /// Splits an attribute name into its kind and event: `bindtap`, `bind:tap`,
    /// `capture-bindtap` and `capture-bind:tap` all name `tap`. `None` when the name has
    /// no event prefix or the event name is empty or not `[A-Za-z0-9_-]`.
    pub fn parse_attr(attr: &str) -> Option<(EventKind, &str)> {
        let (kind, rest) = EventKind::ALL
            .iter()
            .find_map(|k| Some((*k, attr.strip_prefix(k.prefix())?)))?;
        let event = rest.strip_prefix(':').unwrap_or(rest);
        let valid = !event.is_empty()
            && event
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-');
        valid.then_some((kind, event))
    }
}

/// `wx:for` with its item/index names and key.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ForNode {
    /// The collection (array, object, string or number).
    pub items: Expr,
    /// Name of the item variable (`wx:for-item`, default `item`).
    pub item: String,
    /// Name of the index variable (`wx:for-index`, default `index`).
    pub index: String,
    /// `wx:key`: a property name of the item, or `*this` for the item itself.
    pub key: Option<String>,
    /// What is repeated.
    pub body: TNode,
    /// 1-based line of the element carrying `wx:for`.
    pub line: u32,
    /// 1-based column of that element.
    pub col: u32,
}

/// A chain of conditional branches; the first whose condition holds is rendered.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IfNode {
    /// `(condition, body)`; `None` is `wx:else`.
    pub branches: Vec<(Option<Expr>, TNode)>,
}

/// A `<wxs>` module.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WxsNode {
    /// The `module` attribute.
    pub module: String,
    /// The `src` attribute, when the module lives in its own file.
    pub src: Option<String>,
    /// Inline source.
    pub content: String,
}

/// Text with `{{ expr }}` parts.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Interp {
    /// Literal and expression parts in order.
    pub parts: Vec<Part>,
}

/// One part of an [`Interp`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Part {
    /// Literal text (entities decoded).
    Lit(String),
    /// A `{{ }}` expression.
    Expr(Expr),
}

impl Interp {
    /// An interpolation of literal text only.
    pub fn literal(s: &str) -> Self {
        Interp {
            parts: vec![Part::Lit(s.to_string())],
        }
    }

    /// The expression when the value is exactly one `{{expr}}` (its result keeps its type).
    pub fn single_expr(&self) -> Option<&Expr> {
        match self.parts.as_slice() {
            [Part::Expr(e)] => Some(e),
            _ => None,
        }
    }

    /// The text when there is no `{{ }}` part.
    pub fn as_static(&self) -> Option<String> {
        let mut s = String::new();
        for p in &self.parts {
            match p {
                Part::Lit(l) => s.push_str(l),
                Part::Expr(_) => return None,
            }
        }
        Some(s)
    }

    /// Converts to one expression: the single expression, a string literal, or a
    /// concatenation `"" + a + "b" + c` (used for `wx:if="..."` and `wx:for="..."`).
    pub fn to_expr(&self) -> Expr {
        if let Some(e) = self.single_expr() {
            return e.clone();
        }
        let mut acc = Expr::Str(String::new());
        for p in &self.parts {
            let rhs = match p {
                Part::Lit(l) => Expr::Str(l.clone()),
                Part::Expr(e) => e.clone(),
            };
            acc = Expr::Binary(super::expr::BinOp::Add, Box::new(acc), Box::new(rhs));
        }
        if let Expr::Binary(_, l, r) = &acc {
            if matches!(l.as_ref(), Expr::Str(s) if s.is_empty())
                && matches!(r.as_ref(), Expr::Str(_))
            {
                return r.as_ref().clone();
            }
        }
        acc
    }
}
