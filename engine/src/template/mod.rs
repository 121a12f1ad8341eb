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
mod parser;

#[cfg(test)]
mod tests;

pub use eval::{JsValue, LoopVar, Scope, VarValue};
pub use expr::{BinOp, Expr, Prop, UnOp};
pub use ir::{Element, EventBinding, ForNode, IfNode, Interp, Part, TNode, Template, WxsNode};

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

/// Compiles WXML/FXML source. `file` is used in messages only.
pub fn compile(file: &str, src: &str) -> Result<Compiled, TemplateError> {
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
    };
    let nodes = b.children(&raw).map_err(|e| error(e.off, e.message))?;
    let warnings = b
        .warnings
        .into_iter()
        .map(|(off, message)| {
            let (line, col) = lines.line_col(off);
            TemplateWarning {
                file: file.to_string(),
                line,
                col,
                message,
            }
        })
        .collect();
    Ok(Compiled {
        template: Template {
            file: file.to_string(),
            nodes,
        },
        warnings,
    })
}

/// Parses one `{{ }}` expression body on its own (for tools and tests).
pub fn parse_expr(src: &str) -> Result<Expr, expr::ExprError> {
    expr::parse(src)
}
