//! The template compiler: WXML/FXML source → [`Template`] IR.
//!
//! ```
//! use mica_engine::template::{compile, TNode};
//! let c = compile("index.wxml", r#"<view wx:for="{{list}}">{{item.title}}</view>"#).unwrap();
//! assert!(matches!(c.template.nodes[0], TNode::For(_)));
//! ```
//!
//! The compiler is lenient where WeChat's is (`{{a < b}}` in text, valueless boolean
//! attributes, `&&` in attribute values) and strict where a mistake would silently change
//! the page (unclosed and mismatched tags, bad expressions, a `wx:else` with no `wx:if`):
//! those are [`TemplateError`]s with `file:line:col`. It never panics on any input.

mod build;
pub mod eval;
pub mod expr;
pub mod ir;
pub mod link;
mod parser;

#[cfg(test)]
mod conformance;
#[cfg(test)]
mod link_tests;
#[cfg(test)]
mod tests;

pub use eval::{JsValue, LoopVar, Scope, VarValue, WxsCalls};
pub use expr::{BinOp, Expr, Prop, UnOp};
pub use ir::{
    Element, EventBinding, EventKind, ForNode, IfNode, Interp, Part, TNode, Template, TemplateDef,
    TemplateUse, WxsModule, WxsNode, WxsSource,
};
pub use link::{resolve_path, TemplateLoader};

/// A template that could not be compiled.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}:{col}: {message}")]
pub struct TemplateError {
    /// The template file.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column (in characters).
    pub col: u32,
    /// What is wrong.
    pub message: String,
}

/// Something suspicious that does not stop compilation (an unknown `wx:` directive).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}:{col}: warning: {message}")]
pub struct TemplateWarning {
    /// The template file.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column (in characters).
    pub col: u32,
    /// What was noticed.
    pub message: String,
}

/// The result of compiling one file.
#[derive(Clone, Debug, PartialEq)]
pub struct Compiled {
    /// The IR.
    pub template: Template,
    /// Warnings found on the way.
    pub warnings: Vec<TemplateWarning>,
}

/// Maps byte offsets of a source file to 1-based line and column numbers.
#[derive(Debug)]
pub(crate) struct LineIndex<'s> {
    src: &'s str,
    starts: Vec<usize>,
}

impl<'s> LineIndex<'s> {
    pub(crate) fn new(src: &'s str) -> Self {
        let mut starts = vec![0];
        starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { src, starts }
    }

    /// The (line, column) of a byte offset; the column counts characters.
    pub(crate) fn line_col(&self, off: usize) -> (u32, u32) {
        let off = off.min(self.src.len());
        let line = match self.starts.binary_search(&off) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.starts.get(line).copied().unwrap_or(0);
        let mut end = off;
        while end > start && !self.src.is_char_boundary(end) {
            end -= 1;
        }
        let col = self.src.get(start..end).map_or(0, |s| s.chars().count());
        (to_u32(line + 1), to_u32(col + 1))
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Compiles WXML/FXML source. `file` is used in messages only; `<import>` and
/// `<include>` are errors ("cannot load …"), use [`compile_with`] to allow them.
pub fn compile(file: &str, src: &str) -> Result<Compiled, TemplateError> {
    link_and_compile(file, src, None)
}

/// Compiles `src` (the file `file`, a package path), reading the files it imports and
/// includes through `loader`; see [`link`] for the scoping rules.
pub fn compile_with(
    file: &str,
    src: &str,
    loader: &dyn TemplateLoader,
) -> Result<Compiled, TemplateError> {
    link_and_compile(file, src, Some(loader))
}

fn link_and_compile(
    file: &str,
    src: &str,
    loader: Option<&dyn TemplateLoader>,
) -> Result<Compiled, TemplateError> {
    let mut link = link::Linker::new(loader);
    let scope = link.new_scope();
    link.stack.push(file.to_string());
    let out = compile_file(&mut link, file, src, scope, false)?;
    link.fill_scope(scope, &out.imports, &out.own_defs);
    Ok(Compiled {
        template: Template {
            file: file.to_string(),
            nodes: out.nodes,
            defs: link.defs,
            scopes: link.scopes,
            wxs: link.wxs,
            wxs_sources: link.wxs_sources,
        },
        warnings: link.warnings,
    })
}

/// What one file contributes to a compilation.
pub(crate) struct FileOut {
    pub(crate) nodes: Vec<TNode>,
    /// Definitions the file itself makes.
    pub(crate) own_defs: Vec<usize>,
    /// Definitions it imports (directly).
    pub(crate) imports: Vec<usize>,
}

/// Compiles one file of a compilation into `scope`; `including` drops its template
/// definitions and `<wxs>` modules (what `<include>` does).
pub(crate) fn compile_file(
    link: &mut link::Linker<'_>,
    file: &str,
    src: &str,
    scope: usize,
    including: bool,
) -> Result<FileOut, TemplateError> {
    let lines = LineIndex::new(src);
    let error = |off: usize, message: String| {
        let (line, col) = lines.line_col(off);
        TemplateError {
            file: file.to_string(),
            line,
            col,
            message,
        }
    };
    let describe = |off: usize| {
        let (l, c) = lines.line_col(off);
        format!("{l}:{c}")
    };
    let raw = parser::scan(src, &describe).map_err(|e| error(e.off, e.message))?;
    let mut b = build::Builder {
        warnings: Vec::new(),
        lines: &lines,
        file,
        scope,
        including,
        own_defs: Vec::new(),
        imports: Vec::new(),
        link,
    };
    let nodes = b
        .children(&raw)
        .map_err(|e| e.done.map_or_else(|| error(e.off, e.message), |d| *d))?;
    let (own_defs, imports) = (b.own_defs, b.imports);
    let warnings = b.warnings;
    let mut seen = std::collections::HashSet::new();
    for (off, message) in warnings {
        // The same problem (an unknown directive, a misspelt binding) is reported once
        // per file, at its first occurrence, however often the file repeats it.
        if !seen.insert(message.clone()) {
            continue;
        }
        let (line, col) = lines.line_col(off);
        link.warnings.push(TemplateWarning {
            file: file.to_string(),
            line,
            col,
            message,
        });
    }
    Ok(FileOut {
        nodes,
        own_defs,
        imports,
    })
}

/// Parses one `{{ }}` expression body on its own (for tools and tests).
pub fn parse_expr(src: &str) -> Result<Expr, expr::ExprError> {
    expr::parse(src)
}
