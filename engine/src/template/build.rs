//! From the raw element tree to the IR: directives (`wx:for`, `wx:if` chains, `<block>`),
//! events, `{{ }}` interpolations and entity decoding.

use super::expr::{self, Expr};
use super::ir::{
    Element, EventBinding, EventKind, ForNode, IfNode, Interp, Part, TNode, TemplateDef,
    TemplateUse, WxsModule, WxsNode,
};
use super::link::{Linker, Opened};
use super::parser::{mustache_end, RawAttr, RawElem, RawNode};

/// A build problem at a byte offset.
pub(crate) struct BuildError {
    pub off: usize,
    pub message: String,
    /// An error already positioned in another file (an imported or included one).
    pub done: Option<Box<super::TemplateError>>,
}

impl From<super::TemplateError> for BuildError {
    fn from(e: super::TemplateError) -> Self {
        BuildError {
            off: 0,
            message: String::new(),
            done: Some(Box::new(e)),
        }
    }
}

/// Collects warnings (by byte offset) while building.
pub(crate) struct Builder<'l, 'a> {
    pub warnings: Vec<(usize, String)>,
    /// Byte offset → 1-based (line, column).
    pub lines: &'l super::LineIndex<'l>,
    /// The file being built (a package path).
    pub file: &'l str,
    /// The name scope `<template is>` resolves in.
    pub scope: usize,
    /// Building for `<include>`: template definitions and `<wxs>` are left out.
    pub including: bool,
    /// Definitions this file makes (indexes into the linker's list).
    pub own_defs: Vec<usize>,
    /// Definitions this file imports.
    pub imports: Vec<usize>,
    pub link: &'l mut Linker<'a>,
}

fn berr<T>(off: usize, message: impl Into<String>) -> Result<T, BuildError> {
    Err(BuildError {
        off,
        message: message.into(),
        done: None,
    })
}

/// Decodes the XML entities WXML accepts; unknown ones stay as written.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(rest.get(..i).unwrap_or(""));
        rest = rest.get(i..).unwrap_or("");
        let end = rest.get(1..).and_then(|r| r.find(';')).filter(|&k| k <= 10);
        let decoded = end.and_then(|k| {
            let name = rest.get(1..1 + k)?;
            let c = match name {
                "lt" => '<',
                "gt" => '>',
                "amp" => '&',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => '\u{a0}',
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix('x').or_else(|| num.strip_prefix('X')) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, k + 2))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = rest.get(len..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = rest.get(1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    out
}

/// Parses text with `{{ }}` parts; `base` is the byte offset of `raw` in the file.
pub(crate) fn parse_interp(raw: &str, base: usize) -> Result<Interp, BuildError> {
    let mut parts = Vec::new();
    let mut pos = 0;
    while let Some(k) = raw.get(pos..).and_then(|r| r.find("{{")) {
        let open = pos + k;
        if open > pos {
            parts.push(Part::Lit(decode_entities(raw.get(pos..open).unwrap_or(""))));
        }
        let Some(close) = mustache_end(raw, open) else {
            return berr(base + open, "unterminated `{{`");
        };
        let src = raw.get(open + 2..close).unwrap_or("");
        if src.trim().is_empty() {
            parts.push(Part::Expr(Expr::Undefined));
        } else {
            match expr::parse(src) {
                Ok(e) => parts.push(Part::Expr(e)),
                Err(e) => {
                    return berr(
                        base + open + 2 + e.offset,
                        format!("bad expression `{}`: {}", src.trim(), e.message),
                    )
                }
            }
        }
        pos = close + 2;
    }
    if pos < raw.len() {
        parts.push(Part::Lit(decode_entities(raw.get(pos..).unwrap_or(""))));
    }
    Ok(Interp { parts })
}

fn is_blank(raw: &str) -> bool {
    raw.chars().all(char::is_whitespace)
}

/// Directive values collected from one element.
#[derive(Default)]
struct Directives {
    for_items: Option<Expr>,
    for_item: Option<String>,
    for_index: Option<String>,
    key: Option<String>,
    cond: Option<(CondKind, Option<Expr>, usize)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum CondKind {
    If,
    Elif,
    Else,
}

impl Builder<'_, '_> {
    /// Builds a list of sibling nodes, folding `wx:if`/`wx:elif`/`wx:else` chains.
    pub(crate) fn children(&mut self, raw: &[RawNode]) -> Result<Vec<TNode>, BuildError> {
        let mut out: Vec<TNode> = Vec::new();
        // True while the last pushed node is an If chain that may be extended.
        let mut open_chain = false;
        for n in raw {
            match n {
                RawNode::Text(t, off) => {
                    if is_blank(t) {
                        continue;
                    }
                    open_chain = false;
                    out.push(TNode::Text(parse_interp(t, *off)?));
                }
                RawNode::Elem(e) => {
                    let (node, cond) = self.element(e)?;
                    match cond {
                        None => {
                            open_chain = false;
                            // Definitions, imports and empty blocks leave nothing.
                            if !matches!(&node, TNode::Group(g) if g.is_empty()) {
                                out.push(node);
                            }
                        }
                        Some((CondKind::If, c, _)) => {
                            out.push(TNode::If(IfNode {
                                branches: vec![(c, node)],
                            }));
                            open_chain = true;
                        }
                        Some((kind, c, off)) => {
                            let name = if kind == CondKind::Elif {
                                "wx:elif"
                            } else {
                                "wx:else"
                            };
                            match out.last_mut() {
                                Some(TNode::If(chain)) if open_chain => {
                                    chain.branches.push((c, node));
                                    open_chain = kind == CondKind::Elif;
                                }
                                _ => {
                                    return berr(
                                        off,
                                        format!("`{name}` without a preceding `wx:if`"),
                                    )
                                }
                            }
                        }
                    }
                }
            }
        }
        Ok(out)
    }

    fn directive_expr(&mut self, a: &RawAttr) -> Result<Expr, BuildError> {
        match &a.value {
            Some(v) => Ok(parse_interp(v, a.value_off)?.to_expr()),
            None => Ok(Expr::Bool(true)),
        }
    }

    /// Builds one element; returns it (wrapped in `For` when it loops) and its
    /// condition directive, which the caller folds into a chain.
    #[allow(clippy::type_complexity)]
    fn element(
        &mut self,
        e: &RawElem,
    ) -> Result<(TNode, Option<(CondKind, Option<Expr>, usize)>), BuildError> {
        if e.tag == "import" {
            return Ok((self.link_file(e)?, None));
        }
        if e.tag == "include" {
            // `<include wx:if>` (and `elif`/`else`) makes the included copy conditional,
            // like any element; other directives on it mean nothing.
            let mut cond = None;
            for a in &e.attrs {
                let Some(dir) = a.name.strip_prefix("wx:") else {
                    continue;
                };
                let kind = match dir {
                    "if" => CondKind::If,
                    "elif" => CondKind::Elif,
                    "else" => CondKind::Else,
                    _ => {
                        self.warnings
                            .push((a.name_off, format!("`{}` on `<include>` ignored", a.name)));
                        continue;
                    }
                };
                if cond.is_some() {
                    return berr(a.name_off, "more than one of `wx:if`, `wx:elif`, `wx:else`");
                }
                let expr = match kind {
                    CondKind::Else => None,
                    _ => Some(self.directive_expr(a)?),
                };
                cond = Some((kind, expr, a.name_off));
            }
            return Ok((self.link_file(e)?, cond));
        }
        if e.tag == "wxs" && self.including {
            return Ok((TNode::Group(Vec::new()), None));
        }
        if e.tag == "wxs" {
            return Ok((self.wxs(e)?, None));
        }
        let mut d = Directives::default();
        let (line, col) = self.lines.line_col(e.off);
        let mut el = Element {
            tag: e.tag.clone(),
            attrs: Vec::new(),
            bound: Vec::new(),
            events: Vec::new(),
            marks: Vec::new(),
            line,
            col,
            children: Vec::new(),
        };
        for a in &e.attrs {
            let static_val = || a.value.as_deref().map(decode_entities).unwrap_or_default();
            if let Some(dir) = a.name.strip_prefix("wx:") {
                match dir {
                    "for" | "for-items" => d.for_items = Some(self.directive_expr(a)?),
                    "for-item" => d.for_item = Some(static_val().trim().to_string()),
                    "for-index" => d.for_index = Some(static_val().trim().to_string()),
                    "key" => d.key = Some(static_val().trim().to_string()),
                    "if" | "elif" | "else" => {
                        if d.cond.is_some() {
                            return berr(
                                a.name_off,
                                "more than one of `wx:if`, `wx:elif`, `wx:else`",
                            );
                        }
                        let (kind, c) = match dir {
                            "if" => (CondKind::If, Some(self.directive_expr(a)?)),
                            "elif" => (CondKind::Elif, Some(self.directive_expr(a)?)),
                            _ => (CondKind::Else, None),
                        };
                        d.cond = Some((kind, c, a.name_off));
                    }
                    _ => self.warnings.push((
                        a.name_off,
                        format!("unknown directive `{}` ignored", a.name),
                    )),
                }
                continue;
            }
            if let Some((kind, event)) = EventKind::parse_attr(&a.name) {
                let handler = match &a.value {
                    Some(v) => {
                        let mut i = parse_interp(v, a.value_off)?;
                        if let Some(s) = i.as_static() {
                            i = Interp::literal(s.trim());
                        }
                        i
                    }
                    None => Interp::default(),
                };
                el.events.push(EventBinding {
                    event: event.to_string(),
                    handler,
                    kind,
                });
                continue;
            }
            if let Some(name) = a.name.strip_prefix("mark:").filter(|n| !n.is_empty()) {
                // Marks keep their name as written: unlike the dataset, WeChat applies no
                // case or hyphen conversion.
                let value = match &a.value {
                    None => Interp {
                        parts: vec![Part::Expr(Expr::Bool(true))],
                    },
                    Some(v) if v.contains("{{") => parse_interp(v, a.value_off)?,
                    Some(_) => Interp::literal(&static_val()),
                };
                el.marks.push((name.to_string(), value));
                continue;
            }
            if looks_like_binding(&a.name) {
                self.warnings.push((
                    a.name_off,
                    format!(
                        "`{}` is not an event binding or mark; kept as an attribute",
                        a.name
                    ),
                ));
            }
            match &a.value {
                None => el.bound.push((
                    a.name.clone(),
                    Interp {
                        parts: vec![Part::Expr(Expr::Bool(true))],
                    },
                )),
                Some(v) if v.contains("{{") => {
                    let implied = (e.tag == "template" && a.name == "data")
                        .then(|| template_data(v))
                        .flatten();
                    let i = match implied {
                        Some(i) => i,
                        None => parse_interp(v, a.value_off)?,
                    };
                    el.bound.push((a.name.clone(), i));
                }
                Some(_) => el.attrs.push((a.name.clone(), static_val())),
            }
        }
        self.link.nesting += 1;
        let children = self.children(&e.children);
        self.link.nesting -= 1;
        el.children = children?;
        let node = if e.tag == "block" {
            match el.children.len() {
                1 => el.children.pop().unwrap_or(TNode::Group(Vec::new())),
                _ => TNode::Group(el.children),
            }
        } else if e.tag == "template" {
            self.template(el, e.off)
        } else {
            TNode::Element(el)
        };
        let node = match d.for_items {
            Some(items) => {
                // `wx:for` with `wx:if` on one element: the loop is outer and the
                // condition applies to each item.
                let body = match d.cond.take() {
                    Some((CondKind::If, c, _)) => TNode::If(IfNode {
                        branches: vec![(c, node)],
                    }),
                    other => {
                        d.cond = other;
                        node
                    }
                };
                TNode::For(Box::new(ForNode {
                    items,
                    item: d
                        .for_item
                        .filter(|s| !s.is_empty())
                        .unwrap_or_else(|| "item".into()),
                    index: d
                        .for_index
                        .filter(|s| !s.is_empty())
                        .unwrap_or_else(|| "index".into()),
                    key: d.key.filter(|s| !s.is_empty()),
                    body,
                    line,
                    col,
                }))
            }
            None => node,
        };
        Ok((node, d.cond))
    }
}

impl Builder<'_, '_> {
    /// `<template name>` (a definition, rendering nothing here) or `<template is>`.
    fn template(&mut self, mut el: Element, off: usize) -> TNode {
        let attr = |el: &Element, n: &str| {
            el.attrs
                .iter()
                .find(|(k, _)| k == n)
                .map(|(_, v)| v.clone())
        };
        if let Some(name) = attr(&el, "name") {
            if !self.including {
                self.own_defs.push(self.link.defs.len());
                self.link.defs.push(TemplateDef {
                    name: name.trim().to_string(),
                    file: self.file.to_string(),
                    nodes: std::mem::take(&mut el.children),
                });
            }
            return TNode::Group(Vec::new());
        }
        let bound = |el: &Element, n: &str| {
            el.bound
                .iter()
                .find(|(k, _)| k == n)
                .map(|(_, v)| v.clone())
        };
        let is = match (attr(&el, "is"), bound(&el, "is")) {
            (Some(s), _) => Interp::literal(s.trim()),
            (None, Some(i)) => i,
            (None, None) => {
                self.warnings
                    .push((off, "`<template>` without `name` or `is` ignored".into()));
                return TNode::Group(Vec::new());
            }
        };
        TNode::Use(Box::new(TemplateUse {
            is,
            data: bound(&el, "data"),
            scope: self.scope,
            line: el.line,
            col: el.col,
        }))
    }

    /// `<import src>` (adds the file's definitions to this scope) or `<include src>`
    /// (its nodes, in place).
    /// `<wxs module="m">…</wxs>` or `<wxs module="m" src="./m.wxs"/>`: registers the
    /// module and its sources with the linker (the view runs them).
    fn wxs(&mut self, e: &RawElem) -> Result<TNode, BuildError> {
        let get = |n: &str| {
            e.attrs
                .iter()
                .find(|a| a.name == n)
                .and_then(|a| a.value.as_deref())
                .map(decode_entities)
        };
        let module = get("module").unwrap_or_default();
        let valid_name = module
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
            && module
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
        if !valid_name {
            return berr(
                e.off,
                format!("`<wxs>` needs a `module` attribute that is a name, got `{module}`"),
            );
        }
        let src = get("src");
        let content = e.raw_content.clone().unwrap_or_default();
        let (line, _) = self.lines.line_col(e.off);
        let (path, text, first_line) = match &src {
            Some(src) => match self.link.open_wxs(self.file, src) {
                Ok((path, text)) => (path, text, 1),
                Err(m) => return berr(e.off, m),
            },
            None => (format!("{}#{module}", self.file), content.clone(), line),
        };
        if self
            .link
            .wxs
            .iter()
            .any(|m| m.name == module && m.file == self.file)
        {
            return berr(
                e.off,
                format!("`<wxs module=\"{module}\">` is declared twice in this file"),
            );
        }
        if let Err(m) = self.link.add_wxs_source(path.clone(), text, first_line) {
            return berr(e.off, m);
        }
        self.link.wxs.push(WxsModule {
            name: module.clone(),
            file: self.file.to_string(),
            source: path,
        });
        Ok(TNode::Wxs(WxsNode {
            module,
            src,
            content,
        }))
    }

    fn link_file(&mut self, e: &RawElem) -> Result<TNode, BuildError> {
        // Each file's scanner caps its own nesting; across includes the builder's
        // recursion must stay bounded too.
        if self.link.nesting >= super::parser::MAX_NESTING {
            return berr(
                e.off,
                format!(
                    "elements nested deeper than {} through `<{}>`",
                    super::parser::MAX_NESTING,
                    e.tag
                ),
            );
        }
        let Some(src) = e
            .attrs
            .iter()
            .find(|a| a.name == "src")
            .and_then(|a| a.value.as_deref())
            .map(decode_entities)
        else {
            self.warnings
                .push((e.off, format!("`<{}>` without `src` ignored", e.tag)));
            return Ok(TNode::Group(Vec::new()));
        };
        let opened = match self.link.open(&e.tag, self.file, &src) {
            Ok(o) => o,
            Err(m) => return berr(e.off, m),
        };
        let (path, text) = match opened {
            Opened::Cached(own) => {
                self.imports.extend(own);
                return Ok(TNode::Group(Vec::new()));
            }
            Opened::Source(p, t) => (p, t),
        };
        self.link.stack.push(path.clone());
        let result = if e.tag == "import" {
            let scope = self.link.new_scope();
            super::compile_file(self.link, &path, &text, scope, false).map(|out| {
                self.link.fill_scope(scope, &out.imports, &out.own_defs);
                self.link.imported.insert(path, out.own_defs.clone());
                self.imports.extend(out.own_defs);
                TNode::Group(Vec::new())
            })
        } else {
            super::compile_file(self.link, &path, &text, self.scope, true).map(|out| {
                // An include is a copy: the included file's imports apply here too.
                self.imports.extend(out.imports);
                TNode::Group(out.nodes)
            })
        };
        self.link.stack.pop();
        Ok(result?)
    }
}

/// `<template is="x" data="{{a, ...b}}">`: the braces of the object are implied.
fn template_data(v: &str) -> Option<Interp> {
    let t = v.trim();
    let inner = t.strip_prefix("{{")?.strip_suffix("}}")?;
    // WeChat reads the value as an object body even when it is one name
    // (`data="{{item}}"` is `{item: item}`); an explicit `{{ {a: 1} }}` falls back.
    let e = expr::parse_object_body(inner).ok()?;
    Some(Interp {
        parts: vec![Part::Expr(e)],
    })
}

/// An attribute that starts like an event binding or a mark but is neither
/// (`capture-tap`, `mut-catch:tap`, `bind:`, `mark:`): WeChat keeps such attributes, and
/// so do we, but they are almost always a typo.
fn looks_like_binding(attr: &str) -> bool {
    ["capture-", "mut-", "bind:", "catch:", "mark:"]
        .iter()
        .any(|p| attr.starts_with(p))
}
