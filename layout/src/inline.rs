//! The inline formatting context (CSS 2.1 §9.4.2 and §10.8, CSS Inline 3): a block
//! container whose in-flow children are all inline-level — text, `display: inline`
//! elements (WeChat's `<text>`), inline `::before`/`::after` boxes and atomic inline boxes
//! (`inline-block`, `inline-flex`, `<image>`) — lays them out as one paragraph.
//!
//! - **Text** of every run is collapsed as its own `white-space` says, with the state
//!   carried from run to run (a space ending one run and one starting the next make one),
//!   then broken into lines at the UAX #14 opportunities of the whole paragraph's text
//!   (an atomic box is U+FFFC in it), so `<text>a</text><text>b</text>` is one word.
//! - **Inline boxes** take room in the line only with their start and end edges (margin,
//!   border, padding); each line they span gets a [`Fragment`]: their font's content area
//!   grown by vertical padding and borders (§10.6.1), painted by the renderer.
//! - **Line boxes** (§10.8.1): each inline box on the line, the container's strut
//!   included, contributes its `line-height` around its baseline (half-leading above and
//!   below its font's rounded ascent and descent, as the shaper lays out a single text);
//!   an atomic box contributes its margin box, its baseline being its first line's or
//!   its bottom margin edge. `vertical-align` shifts them: `sub`/`super` as Chromium does
//!   (a fifth and a third of the parent's font size, plus one), `middle` on half the
//!   parent's x-height, lengths and percentages of the box's line height; `top` and
//!   `bottom` align atomic boxes with the line box once the rest sets its height.
//! - **Lines** are filled greedily, `text-align` shifts each, and a line with no text,
//!   atomic box or edge is zero-height.
//!
//! taffy sees the container as a leaf: its size is the paragraph's. When the container
//! is laid out for real, the paragraph places everything inside: atomic boxes are laid
//! out by taffy at their measured size and positioned; each text node's box is the
//! container's content box with its glyphs placed in it
//! ([`Node::in_paragraph`](crate::Node)); each inline box's box is the bounding box of
//! its fragments.
//!
//! A line wider than the box under `text-overflow: ellipsis`, and the last line a
//! `-webkit-line-clamp` keeps, are cut short and end with an ellipsis in the style of the
//! run they end in (CSS Overflow 3 §4.1, 4 §4.2).
//!
//! `text-align: justify` widens every line but the last and those ending in a forced
//! break, at spaces, or between CJK glyphs when a line has no space.
//!
//! A container holding both block-level and inline-level children (CSS 2.1 §9.2.1.1
//! wraps each run of inline content in an anonymous block box) is one paragraph too:
//! each block child is a line of its own ([`Kind::Block`]), as wide and placed as block
//! layout would, and vertical margins collapse as they would between block boxes —
//! between block lines with only empty lines between them, through a block child from
//! its children, through an empty block, and with the container's own top and bottom
//! margins when nothing separates them.
//!
//! A text whose parent is `display: contents` gets an anonymous inline box of its own
//! style, as Blink makes one, so its line height counts in its lines.
//!
//! Not done yet: `vertical-align: top`/`bottom` on inline (not atomic) boxes (placed on
//! the baseline); block boxes inside an inline box (each is placed in the line as an
//! atomic box, where a browser would split the inline box around it).

use std::rc::Rc;

use taffy::{
    compute_leaf_layout, AvailableSpace, CollapsibleMarginSet, Layout, LayoutInput, LayoutOutput,
    LayoutPartialTree, Line, MaybeResolve, Point, Position, RequestedAxis, ResolveOrZero, RunMode,
    Size, SizingMode,
};
use unicode_linebreak::{linebreaks, BreakOpportunity};

use crate::document::{Document, Fragment, Node, NodeId, NodeKind, Rect};
use crate::layout::LayoutTree;
use crate::style::computed::{Overflow, TextAlign};
use crate::style::inline_box::{OuterDisplay, VerticalAlign};
use crate::style::text_style::{OverflowWrap, WordBreak};
use crate::text::{FontStore, PositionedGlyph, ShapeOptions, Shaped, TextLayout, TextLine};
use crate::ComputedStyle;

/// Elements whose content is replaced: in a paragraph they are atomic whatever their
/// `display` says.
/// The character drawn where a line is cut short (CSS Overflow 3 §4.1).
const ELLIPSIS: char = '\u{2026}';

pub(crate) const REPLACED: &[&str] = &["image", "input", "textarea", "video", "canvas", "map"];

fn calc(val: *const (), basis: f32) -> f32 {
    crate::style::calc::resolve_layout_key(val, basis)
}

/// True for a box taking part in its parent's block or flex layout as before: not in flow
/// (hidden, absolutely positioned) boxes are skipped by callers.
fn out_of_flow(n: &Node) -> bool {
    n.style.hidden || n.style.layout.position == Position::Absolute
}

/// True when the only in-flow child is a `display: inline` element that adds nothing to
/// its one text node: no edges, no decorations, the container's font and line height,
/// baseline-aligned. Laid out as a block holding that text (the path every page used
/// before paragraphs existed), it gives the same lines faster.
fn plain_text_element(doc: &Document, c: NodeId, container: &ComputedStyle) -> bool {
    let n = doc.node(c);
    let s = &n.style;
    let zero = taffy::LengthPercentage::length(0.0);
    let zero_auto = taffy::LengthPercentageAuto::length(0.0);
    let edges = |r: &taffy::Rect<taffy::LengthPercentage>| {
        r.left == zero && r.right == zero && r.top == zero && r.bottom == zero
    };
    let m = &s.layout.margin;
    let only_text = matches!(n.children.as_slice(), [t] if doc.node(*t).kind == NodeKind::Text);
    only_text
        && n.boxes.is_none()
        && edges(&s.layout.padding)
        && edges(&s.layout.border)
        && m.left == zero_auto
        && m.right == zero_auto
        && m.top == zero_auto
        && m.bottom == zero_auto
        && s.background_color.is_transparent()
        && s.background_image.is_none()
        && s.box_shadow.is_none()
        && s.transform.is_none()
        && s.inline_box.vertical_align == VerticalAlign::Baseline
        && s.font_size == container.font_size
        && s.line_height.resolve(s.font_size) == container.line_height.resolve(container.font_size)
}

/// True when block container `id` holds a paragraph: an in-flow box child is
/// inline-level, and they are not just one text (or one plain text element, see
/// [`plain_text_element`]) alone, which block layout handles as it always has. Block-level
/// children beside inline ones are lines of their own in the paragraph (see [`Kind::Block`]).
pub(crate) fn has_inline_content(doc: &Document, id: NodeId) -> bool {
    let n = doc.node(id);
    if !n.is_element()
        || n.is_contents()
        || n.style.hidden
        || n.layout_style().display != taffy::Display::Block
        || REPLACED.contains(&n.tag.as_str())
    {
        return false;
    }
    let mut count = 0usize;
    let mut first = None;
    let mut blocks = false;
    for c in doc.box_children(id) {
        let cn = doc.node(c);
        if out_of_flow(cn) {
            continue;
        }
        if cn.kind != NodeKind::Text && cn.style.inline_box.outer == OuterDisplay::Block {
            blocks = true;
            continue;
        }
        count += 1;
        first.get_or_insert(c);
    }
    match (count, first) {
        (0, _) | (_, None) => false,
        // Block and inline children: the blocks take lines of their own in the paragraph.
        _ if blocks => true,
        // An inline block lays its text out as a paragraph to know its baseline.
        (1, Some(_)) if n.style.inline_box.outer == OuterDisplay::Atomic => true,
        (1, Some(c)) => doc.node(c).kind != NodeKind::Text && !plain_text_element(doc, c, &n.style),
        _ => true,
    }
}

/// True when `id` is laid out by its box parent's paragraph (an inline-level box in it).
pub(crate) fn in_paragraph(doc: &Document, id: NodeId) -> bool {
    let n = doc.node(id);
    if n.kind == NodeKind::Element && n.style.inline_box.outer == OuterDisplay::Block {
        return false;
    }
    doc.box_parent(id)
        .is_some_and(|p| has_inline_content(doc, p))
}

/// True when `id` lays out a paragraph of its own: it holds one and is not itself an
/// inline box of its parent's.
pub(crate) fn is_inline_container(doc: &Document, id: NodeId) -> bool {
    has_inline_content(doc, id)
        && !(doc.node(id).style.inline_box.outer == OuterDisplay::Inline && in_paragraph(doc, id))
}

/// An inline box of the paragraph; the first is the root inline box (the container's
/// strut, CSS 2.1 §10.8.1).
struct InlineBox {
    node: NodeId,
    parent: usize,
    font_size: f32,
    /// The font's ascent and descent rounded to whole pixels (descent positive).
    ascent: f32,
    descent: f32,
    line_height: f32,
    /// Half-leading above the ascent, rounded down as the shaper does.
    half_leading: f32,
    x_height: f32,
    valign: VerticalAlign,
    /// The anonymous inline box around a text whose parent is `display: contents` (as
    /// Blink makes one, so the text's own line height counts): no edges, no fragments,
    /// no box of its own; `node` is the text.
    anonymous: bool,
}

impl InlineBox {
    /// The top of its line-height box, relative to its baseline.
    fn top(&self) -> f32 {
        -(self.ascent + self.half_leading)
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Glyph {
        run: usize,
        g: Shaped,
    },
    Open(usize),
    Close(usize),
    Atom(usize),
    /// A block-level box among the container's inline content, where CSS 2.1 §9.2.1.1
    /// wraps each run of inline content in an anonymous block box: it is a line of its
    /// own (a forced break before and after), as wide as a block child of the container
    /// would be, placed by its margins rather than `text-align`, its vertical margins
    /// collapsing with those of a block line next to it.
    Block(usize),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Break {
    None,
    Allowed,
    Mandatory,
}

#[derive(Clone, Copy)]
struct Piece {
    kind: Kind,
    /// The innermost inline box the piece is in (for `Open`/`Close`, the box's parent).
    ib: usize,
    /// Whether the line may break before this piece.
    brk: Break,
    /// `overflow-wrap` lets a line break before this glyph when a word does not fit
    /// (`Some(true)`: also for min-content sizes, `anywhere`).
    split: Option<bool>,
}

/// An atomic or block-level box of the paragraph.
#[derive(Clone, Copy)]
struct Atom {
    node: NodeId,
    /// The inline box it is in.
    ib: usize,
    /// A block-level child of the container ([`Kind::Block`]).
    block: bool,
}

/// A text node of the paragraph.
struct Run {
    node: NodeId,
    /// The inline box it is in.
    ib: usize,
    font_size: f32,
    /// An ellipsis in its style, for a line cut short in it.
    ellipsis: Shaped,
}

/// A paragraph's content, built once per layout pass.
pub(crate) struct Para {
    boxes: Vec<InlineBox>,
    pieces: Vec<Piece>,
    runs: Vec<Run>,
    /// Atomic boxes and block-level boxes ([`Kind::Block`]).
    atoms: Vec<Atom>,
    /// Absolutely positioned boxes inside, and the inline box each is in.
    absolute: Vec<(NodeId, usize)>,
    /// `display: none` boxes inside.
    hidden: Vec<NodeId>,
}

struct Builder<'a> {
    doc: &'a Document,
    fonts: &'a FontStore,
    para: Para,
    text: String,
    /// `(byte offset in text, piece index)` of every character.
    chars: Vec<(usize, usize)>,
    /// Whether the last character is a collapsible space (or the paragraph is starting).
    prev_space: bool,
    /// Per character: how lines may break around it.
    wraps: Vec<Wrap>,
}

/// How lines may break around a character: its run's `white-space` and `word-break`.
#[derive(Clone, Copy)]
struct Wrap {
    /// The line may wrap after it.
    wraps: bool,
    /// `word-break: break-all`.
    break_all: bool,
    /// `word-break: keep-all`.
    keep_all: bool,
}

fn inline_box(fonts: &FontStore, node: NodeId, parent: usize, s: &ComputedStyle) -> InlineBox {
    let (a, d, _) = fonts.line_metrics(s.font_size);
    let (ascent, descent) = (a.round(), (-d).round());
    let line_height = s.line_height.resolve(s.font_size);
    InlineBox {
        node,
        parent,
        font_size: s.font_size,
        ascent,
        descent,
        line_height,
        half_leading: ((line_height - (ascent + descent)) / 2.0).floor(),
        x_height: fonts.x_height(s.font_size),
        valign: s.inline_box.vertical_align,
        anonymous: false,
    }
}

impl Builder<'_> {
    fn walk(&mut self, node: NodeId, ib: usize) {
        let doc = self.doc;
        for c in doc.box_children(node) {
            let cn = doc.node(c);
            if cn.style.hidden {
                self.para.hidden.push(c);
            } else if cn.kind == NodeKind::Text && cn.parent != Some(node) {
                let b = self.para.boxes.len();
                self.para.boxes.push(InlineBox {
                    valign: VerticalAlign::Baseline,
                    anonymous: true,
                    ..inline_box(self.fonts, c, ib, &cn.style)
                });
                self.push(Kind::Open(b), ib, None);
                self.text_run(c, b);
                self.push(Kind::Close(b), ib, None);
            } else if cn.kind == NodeKind::Text {
                self.text_run(c, ib);
            } else if out_of_flow(cn) {
                self.para.absolute.push((c, ib));
            } else if cn.style.inline_box.outer == OuterDisplay::Inline
                && !REPLACED.contains(&cn.tag.as_str())
            {
                let b = self.para.boxes.len();
                self.para
                    .boxes
                    .push(inline_box(self.fonts, c, ib, &cn.style));
                self.push(Kind::Open(b), ib, None);
                self.walk(c, b);
                self.push(Kind::Close(b), ib, None);
            } else {
                let a = self.para.atoms.len();
                // A block inside an inline box stays atomic (CSS would split the box).
                let block = ib == 0 && cn.style.inline_box.outer == OuterDisplay::Block;
                self.para.atoms.push(Atom { node: c, ib, block });
                let wraps = cn.style.text.white_space.wraps();
                let wrap = Wrap {
                    wraps,
                    break_all: false,
                    keep_all: false,
                };
                let kind = if block { Kind::Block(a) } else { Kind::Atom(a) };
                self.push_char('\u{FFFC}', kind, ib, None, wrap);
                // White space after a block is at the start of a line.
                self.prev_space = block;
            }
        }
    }

    fn push(&mut self, kind: Kind, ib: usize, split: Option<bool>) {
        self.para.pieces.push(Piece {
            kind,
            ib,
            brk: Break::None,
            split,
        });
    }

    fn push_char(&mut self, ch: char, kind: Kind, ib: usize, split: Option<bool>, wraps: Wrap) {
        self.chars.push((self.text.len(), self.para.pieces.len()));
        self.text.push(ch);
        self.wraps.push(wraps);
        self.push(kind, ib, split);
    }

    /// Adds text node `t` (in inline box `ib`), its white space processed (CSS Text 3
    /// §4.1) with the collapsing state carried over from the runs before it.
    fn text_run(&mut self, t: NodeId, ib: usize) {
        let n = self.doc.node(t);
        let s = &n.style;
        let o = ShapeOptions::of_style(s);
        let run = self.para.runs.len();
        self.para.runs.push(Run {
            node: t,
            ib,
            font_size: s.font_size,
            ellipsis: self.fonts.shaped_char(ELLIPSIS, &o, 0.0),
        });
        let ws = o.white_space;
        let collapse = ws.collapses_spaces();
        let newlines = ws.keeps_newlines() || o.keep_newlines;
        let split = match o.overflow_wrap {
            OverflowWrap::Normal => None,
            OverflowWrap::BreakWord => Some(false),
            OverflowWrap::Anywhere => Some(true),
        };
        let wraps = Wrap {
            wraps: ws.wraps(),
            break_all: o.word_break == WordBreak::BreakAll,
            keep_all: o.word_break == WordBreak::KeepAll,
        };
        for ch in n.text.chars() {
            let ch = match ch {
                '\n' if newlines => {
                    if collapse {
                        // Spaces before a kept newline are removed (§4.1.1 phase I).
                        self.drop_trailing_space(run);
                    }
                    self.prev_space = collapse;
                    '\n'
                }
                ' ' | '\t' | '\n' | '\r' | '\u{000C}' if collapse => {
                    if self.prev_space {
                        continue;
                    }
                    self.prev_space = true;
                    ' '
                }
                '\r' => continue,
                c if c.is_control() && c != '\t' && c != '\n' => continue,
                c => {
                    self.prev_space = false;
                    c
                }
            };
            let g = self.fonts.shaped_char(ch, &o, 0.0);
            self.push_char(ch, Kind::Glyph { run, g }, ib, split, wraps);
        }
    }

    fn drop_trailing_space(&mut self, run: usize) {
        if let Some(p) = self.para.pieces.last() {
            if matches!(p.kind, Kind::Glyph { run: r, g } if r == run && g.ch == ' ') {
                self.para.pieces.pop();
                self.chars.pop();
                self.wraps.pop();
                self.text.pop();
            }
        }
    }

    /// The break opportunities (UAX #14 over the whole paragraph, `word-break: break-all`
    /// between letters), each before the piece it precedes: an inline box's start edge
    /// goes to the next line with its content, its end edge stays with the line before.
    fn finish(mut self) -> Para {
        let mark = |pieces: &mut [Piece], at: usize, b: Break| {
            let mut i = at;
            while i > 0 && matches!(pieces[i - 1].kind, Kind::Open(_)) {
                i -= 1;
            }
            if pieces[i].brk != Break::Mandatory {
                pieces[i].brk = b;
            }
        };
        let pieces = &mut self.para.pieces;
        let ch =
            |pieces: &[Piece], chars: &[(usize, usize)], i: usize| match pieces[chars[i].1].kind {
                Kind::Glyph { g, .. } => g.ch,
                _ => ' ',
            };
        let mut k = 0usize;
        for (end, op) in linebreaks(&self.text) {
            if end >= self.text.len() {
                break;
            }
            while k + 1 < self.chars.len() && self.chars[k + 1].0 < end {
                k += 1;
            }
            // `chars[k]` is the character before the opportunity, `chars[k + 1]` after.
            let Some(&(_, after)) = self.chars.get(k + 1) else {
                break;
            };
            match op {
                BreakOpportunity::Mandatory => mark(pieces, after, Break::Mandatory),
                BreakOpportunity::Allowed if self.wraps[k].wraps => {
                    // `keep-all`: not between two letters, CJK included (CSS Text 3 §5.2).
                    let letters = ch(pieces, &self.chars, k).is_alphanumeric()
                        && ch(pieces, &self.chars, k + 1).is_alphanumeric();
                    if !(self.wraps[k].keep_all && letters) {
                        mark(pieces, after, Break::Allowed);
                    }
                }
                BreakOpportunity::Allowed => {}
            }
        }
        for k in 1..self.chars.len() {
            let (before, after) = (self.wraps[k - 1], self.wraps[k]);
            if before.break_all && after.break_all && before.wraps {
                let (a, b) = (ch(pieces, &self.chars, k - 1), ch(pieces, &self.chars, k));
                if !a.is_whitespace() && !b.is_whitespace() {
                    let at = self.chars[k].1;
                    if pieces[at].brk == Break::None {
                        mark(pieces, at, Break::Allowed);
                    }
                }
            }
        }
        for i in 0..pieces.len() {
            if matches!(pieces[i].kind, Kind::Block(_)) {
                pieces[i].brk = Break::Mandatory;
                if let Some(next) = pieces.get_mut(i + 1) {
                    next.brk = Break::Mandatory;
                }
            }
        }
        self.para
    }
}

/// Builds the paragraph of container `id`.
fn build(doc: &Document, fonts: &FontStore, id: NodeId) -> Para {
    let root = inline_box(fonts, id, 0, &doc.node(id).style);
    let mut b = Builder {
        doc,
        fonts,
        para: Para {
            boxes: vec![InlineBox {
                valign: VerticalAlign::Baseline,
                ..root
            }],
            pieces: Vec::new(),
            runs: Vec::new(),
            atoms: Vec::new(),
            absolute: Vec::new(),
            hidden: Vec::new(),
        },
        text: String::new(),
        chars: Vec::new(),
        prev_space: true,
        wraps: Vec::new(),
    };
    b.walk(id, 0);
    b.finish()
}

/// Resolved `margin`, `border`, `padding` of a box against containing block width `cb`.
#[derive(Clone, Copy, Default)]
struct Edges {
    margin: taffy::Rect<f32>,
    border: taffy::Rect<f32>,
    padding: taffy::Rect<f32>,
}

fn edges(s: &ComputedStyle, cb: Option<f32>) -> Edges {
    Edges {
        margin: s.layout.margin.resolve_or_zero(cb, calc),
        border: s.layout.border.resolve_or_zero(cb, calc),
        padding: s.layout.padding.resolve_or_zero(cb, calc),
    }
}

/// The border-box width of a block-level box in a line `avail` wide (its margins
/// `e` taken out): its `width`, else the whole line, within `min-width`/`max-width`.
fn block_width(s: &taffy::Style, e: &Edges, cb: Option<f32>, avail: f32) -> f32 {
    let adjust = if s.box_sizing == taffy::BoxSizing::ContentBox {
        e.padding.left + e.padding.right + e.border.left + e.border.right
    } else {
        0.0
    };
    let resolve = |d: taffy::Dimension| d.maybe_resolve(cb, calc).map(|w| w + adjust);
    let w = resolve(s.size.width).unwrap_or(avail);
    let w = resolve(s.max_size.width).map_or(w, |max| w.min(max));
    resolve(s.min_size.width).map_or(w, |min| w.max(min))
}

/// An atomic box measured for one line width.
#[derive(Clone, Copy)]
struct AtomSize {
    /// Border box.
    size: Size<f32>,
    margin: taffy::Rect<f32>,
    /// Baseline from the margin box's top.
    baseline: f32,
    valign: VerticalAlign,
    line_height: f32,
    /// `margin-left` and `margin-right` are `auto` (a block is centred or pushed right).
    auto_margins: (bool, bool),
    /// A block's collapsible top and bottom margins: its own with those of its
    /// children that collapse through it (`margin.top`/`bottom` are them resolved).
    sets: Line<CollapsibleMarginSet>,
    /// A block its margins collapse through (empty): all of them are `sets.start`.
    through: bool,
}

impl AtomSize {
    fn outer(&self) -> Size<f32> {
        Size {
            width: self.size.width + self.margin.left + self.margin.right,
            height: self.size.height + self.margin.top + self.margin.bottom,
        }
    }
}

/// The paragraph at one width: piece widths, lines and their vertical layout.
struct Lines {
    widths: Vec<f32>,
    /// `[start, end)` piece ranges.
    ranges: Vec<(usize, usize)>,
    /// Each line's content width (hanging spaces at its end left out).
    content: Vec<f32>,
    /// Lines cut short with an ellipsis.
    cuts: Vec<Option<CutLine>>,
    vertical: Vec<LineV>,
    /// The block margins that collapse with the container's top and bottom margins.
    margins: Line<CollapsibleMarginSet>,
}

/// Where a line is cut short, and the ellipsis that ends it.
#[derive(Clone, Copy)]
struct CutLine {
    /// The pieces kept end here.
    end: usize,
    /// The run the ellipsis is drawn in.
    run: usize,
}

/// A line's vertical layout.
struct LineV {
    height: f32,
    /// The root baseline, from the line's top.
    base: f32,
    /// Each inline box's baseline relative to the root's (NaN: not on the line).
    shift: Vec<f32>,
    /// Each atom's margin-box top relative to the root baseline (NaN: not on the line).
    atom_top: Vec<f32>,
}

/// The baseline shift `vertical-align` gives a box relative to its parent's baseline
/// (positive is down), for a box with line-height box top `top` and content area
/// `ascent`/`descent`, `line_height` tall.
fn shift_of(v: VerticalAlign, p: &InlineBox, ascent: f32, descent: f32, top: f32, lh: f32) -> f32 {
    match v {
        VerticalAlign::Baseline | VerticalAlign::Top | VerticalAlign::Bottom => 0.0,
        VerticalAlign::Sub => p.font_size / 5.0 + 1.0,
        VerticalAlign::Super => -(p.font_size / 3.0 + 1.0),
        VerticalAlign::TextTop => -p.ascent - top,
        VerticalAlign::TextBottom => p.descent - (top + lh),
        VerticalAlign::Middle => -p.x_height / 2.0 - (descent - ascent) / 2.0,
        VerticalAlign::Raise(px) => -px,
        VerticalAlign::RaiseLineHeight(f) => -f * lh,
    }
}

impl Para {
    /// The widths of the pieces, atoms measured at `avail` by `measure`.
    fn widths(&self, box_edges: &[Edges], atoms: &[AtomSize]) -> Vec<f32> {
        self.pieces
            .iter()
            .map(|p| match p.kind {
                Kind::Glyph { g, .. } => g.advance,
                Kind::Open(b) => {
                    let e = &box_edges[b];
                    e.margin.left + e.border.left + e.padding.left
                }
                Kind::Close(b) => {
                    let e = &box_edges[b];
                    e.margin.right + e.border.right + e.padding.right
                }
                Kind::Atom(a) | Kind::Block(a) => atoms[a].outer().width,
            })
            .collect()
    }

    fn hangs(&self, i: usize) -> bool {
        matches!(self.pieces[i].kind, Kind::Glyph { g, .. } if g.hang && g.ch != '\n')
    }

    /// The pieces of `[start, end)` that hang at its end: the trailing hanging glyphs
    /// (looking through the inline boxes' edges, which stay).
    fn trailing_hang(&self, start: usize, end: usize, widths: &[f32]) -> f32 {
        let mut w = 0.0;
        for i in (start..end).rev() {
            match self.pieces[i].kind {
                Kind::Open(_) | Kind::Close(_) => {}
                Kind::Glyph { .. } if self.hangs(i) => w += widths[i],
                _ => break,
            }
        }
        w
    }

    /// Greedy line filling at `limit` (CSS Text 3 §5): a segment between two break
    /// opportunities goes on the current line if it fits without its hanging spaces;
    /// one wider than a whole line breaks between glyphs where `overflow-wrap` allows.
    fn break_lines(&self, widths: &[f32], limit: f32, min_content: bool) -> Vec<(usize, usize)> {
        let n = self.pieces.len();
        let mut lines = Vec::new();
        let (mut line_start, mut width, mut seg_start) = (0usize, 0.0f32, 0usize);
        for j in 1..=n {
            if j < n && self.pieces[j].brk == Break::None {
                continue;
            }
            let seg_w: f32 = widths[seg_start..j].iter().sum();
            let hang = self.trailing_hang(seg_start, j, widths);
            if width + seg_w - hang > limit && seg_start > line_start {
                lines.push((line_start, seg_start));
                line_start = seg_start;
                width = 0.0;
            }
            let splits = |p: &Piece| p.split.is_some_and(|anywhere| anywhere || !min_content);
            if seg_w - hang > limit && self.pieces[seg_start..j].iter().any(splits) {
                for (k, &w) in widths.iter().enumerate().take(j).skip(seg_start) {
                    let glyph = matches!(self.pieces[k].kind, Kind::Glyph { .. });
                    if width + w > limit && k > line_start && glyph && !self.hangs(k) {
                        lines.push((line_start, k));
                        line_start = k;
                        width = 0.0;
                    }
                    width += w;
                }
            } else {
                width += seg_w;
            }
            if j < n && self.pieces[j].brk == Break::Mandatory {
                lines.push((line_start, j));
                line_start = j;
                width = 0.0;
            }
            seg_start = j;
        }
        if line_start < n {
            lines.push((line_start, n));
        }
        lines
    }

    /// Whether line `[start, end)` has anything a line box is made for (CSS 2.1 §9.4.2):
    /// text, preserved white space, an atomic box, or an inline box edge.
    fn has_content(&self, start: usize, end: usize, box_edges: &[Edges]) -> bool {
        self.pieces[start..end].iter().any(|p| match p.kind {
            Kind::Glyph { g, .. } => g.draw || !g.hang || g.ch == '\n',
            Kind::Atom(_) | Kind::Block(_) => true,
            Kind::Open(b) | Kind::Close(b) => {
                let e = &box_edges[b];
                let h = |r: &taffy::Rect<f32>| r.left + r.right + r.top + r.bottom;
                h(&e.margin) + h(&e.border) + h(&e.padding) != 0.0
            }
        })
    }

    /// The vertical layout of line `[start, end)` (CSS 2.1 §10.8).
    fn line_vertical(
        &self,
        start: usize,
        end: usize,
        box_edges: &[Edges],
        atoms: &[AtomSize],
    ) -> LineV {
        let nb = self.boxes.len();
        let mut shift = vec![f32::NAN; nb];
        let mut atom_top = vec![f32::NAN; self.atoms.len()];
        // A block's line is its margin box, its baseline the block's (no strut).
        if let Some(a) = self.pieces[start..end].iter().find_map(|p| match p.kind {
            Kind::Block(a) => Some(a),
            _ => None,
        }) {
            shift[0] = 0.0;
            atom_top[a] = -atoms[a].baseline;
            return LineV {
                height: atoms[a].outer().height,
                base: atoms[a].baseline,
                shift,
                atom_top,
            };
        }
        let mut present = vec![false; nb];
        present[0] = true;
        let mut atom_on = Vec::new();
        for p in &self.pieces[start..end] {
            let mut b = match p.kind {
                Kind::Open(b) | Kind::Close(b) => b,
                Kind::Atom(a) | Kind::Block(a) => {
                    atom_on.push(a);
                    p.ib
                }
                Kind::Glyph { .. } => p.ib,
            };
            while !present[b] {
                present[b] = true;
                b = self.boxes[b].parent;
            }
        }
        let (mut top, mut bottom) = (f32::INFINITY, f32::NEG_INFINITY);
        for b in 0..nb {
            if !present[b] {
                continue;
            }
            let ib = &self.boxes[b];
            shift[b] = if b == 0 {
                0.0
            } else {
                let p = &self.boxes[ib.parent];
                shift[ib.parent]
                    + shift_of(
                        ib.valign,
                        p,
                        ib.ascent,
                        ib.descent,
                        ib.top(),
                        ib.line_height,
                    )
            };
            let t = shift[b] + ib.top();
            top = top.min(t);
            bottom = bottom.max(t + ib.line_height);
        }
        let mut edge_aligned = Vec::new();
        for &a in &atom_on {
            let s = &atoms[a];
            let p = &self.boxes[self.atoms[a].ib];
            let base = shift[self.atoms[a].ib];
            let h = s.outer().height;
            let t = match s.valign {
                VerticalAlign::Top | VerticalAlign::Bottom => {
                    edge_aligned.push(a);
                    continue;
                }
                VerticalAlign::Middle => base - p.x_height / 2.0 - h / 2.0,
                VerticalAlign::TextTop => base - p.ascent,
                VerticalAlign::TextBottom => base + p.descent - h,
                v => {
                    base + shift_of(v, p, s.baseline, h - s.baseline, -s.baseline, s.line_height)
                        - s.baseline
                }
            };
            atom_top[a] = t;
            top = top.min(t);
            bottom = bottom.max(t + h);
        }
        if !self.has_content(start, end, box_edges) {
            return LineV {
                height: 0.0,
                base: 0.0,
                shift,
                atom_top,
            };
        }
        for &a in &edge_aligned {
            let h = atoms[a].outer().height;
            if bottom - top < h {
                if atoms[a].valign == VerticalAlign::Top {
                    bottom = top + h;
                } else {
                    top = bottom - h;
                }
            }
        }
        for &a in &edge_aligned {
            let h = atoms[a].outer().height;
            atom_top[a] = if atoms[a].valign == VerticalAlign::Top {
                top
            } else {
                bottom - h
            };
        }
        LineV {
            height: bottom - top,
            base: -top,
            shift,
            atom_top,
        }
    }

    /// Lays the paragraph out at `limit` (content-box width).
    fn lines(
        &self,
        box_edges: &[Edges],
        atoms: &[AtomSize],
        limit: f32,
        min_content: bool,
        cut: Cut,
    ) -> Lines {
        let collapse = cut.collapse;
        let widths = self.widths(box_edges, atoms);
        let mut ranges = self.break_lines(&widths, limit, min_content);
        let mut clamped = false;
        if let Some(n) = cut.clamp.and_then(|n| usize::try_from(n).ok()) {
            clamped = ranges.len() > n.max(1);
            ranges.truncate(n.max(1));
        }
        let mut content: Vec<f32> = ranges
            .iter()
            .map(|&(s, e)| widths[s..e].iter().sum::<f32>() - self.trailing_hang(s, e, &widths))
            .collect();
        let mut cuts = vec![None; ranges.len()];
        if limit.is_finite() {
            for (i, &(s, e)) in ranges.iter().enumerate() {
                let last_kept = clamped && i + 1 == ranges.len();
                if last_kept || (cut.ellipsis && content[i] > limit) {
                    if let Some((c, w)) = self.cut_line(s, e, &widths, limit) {
                        cuts[i] = Some(c);
                        content[i] = w;
                    }
                }
            }
        }
        let mut vertical: Vec<LineV> = ranges
            .iter()
            .map(|&(s, e)| self.line_vertical(s, e, box_edges, atoms))
            .collect();
        let margins = self.collapse_block_margins(&ranges, &mut vertical, atoms, collapse);
        Lines {
            widths,
            ranges,
            content,
            cuts,
            vertical,
            margins,
        }
    }

    /// Collapses block lines' vertical margins (CSS 2.1 §8.3.1) where only empty lines
    /// separate them: the bottom margin of one with the top margin of the next (the second
    /// line moves up), and with `collapse` (the container's own margins collapse with its
    /// children's), the first line's top and the last line's bottom margins with the
    /// container's, which leave its lines and are returned.
    fn collapse_block_margins(
        &self,
        ranges: &[(usize, usize)],
        vertical: &mut [LineV],
        atoms: &[AtomSize],
        collapse: Line<bool>,
    ) -> Line<CollapsibleMarginSet> {
        let block = |start: usize| match self.pieces.get(start).map(|p| p.kind) {
            Some(Kind::Block(a)) => Some(&atoms[a]),
            _ => None,
        };
        let mut out = Line {
            start: CollapsibleMarginSet::ZERO,
            end: CollapsibleMarginSet::ZERO,
        };
        // The margins above the next line, and how much of them lines already take.
        let mut above: Option<(CollapsibleMarginSet, f32)> = None;
        let mut first = collapse.start;
        for (&(start, _), v) in ranges.iter().zip(vertical.iter_mut()) {
            let Some(s) = block(start) else {
                if v.height > 0.0 {
                    above = None;
                    first = false;
                }
                continue;
            };
            let top = s.sets.start;
            let taken = if first {
                // The container's top margin takes it.
                out.start = top;
                first = false;
                top.resolve()
            } else if let Some((set, height)) = above {
                height + top.resolve() - set.collapse_with_set(top).resolve()
            } else {
                0.0
            };
            v.height -= taken;
            v.base -= taken;
            above = Some(match (s.through, above) {
                (true, Some((set, _))) => {
                    let all = set.collapse_with_set(top);
                    (all, all.resolve())
                }
                _ if s.through => (top, top.resolve()),
                _ => (s.sets.end, s.sets.end.resolve()),
            });
        }
        if collapse.end {
            let last = ranges
                .iter()
                .zip(vertical.iter())
                .rposition(|(_, v)| v.height > 0.0);
            if let Some(i) = last {
                if let (Some(s), Some((set, height))) = (block(ranges[i].0), above) {
                    if !s.through {
                        out.end = set;
                        vertical[i].height -= height;
                    }
                }
            }
        }
        out
    }

    /// Cuts line `[start, end)` so that its pieces and an ellipsis fit in `limit`, keeping
    /// as many whole pieces as fit (CSS Overflow 3 §4.1); the ellipsis takes the style of
    /// the line's last run. `None` when the line holds no text to take it from. Returns
    /// the cut and the line's new width.
    fn cut_line(
        &self,
        start: usize,
        end: usize,
        widths: &[f32],
        limit: f32,
    ) -> Option<(CutLine, f32)> {
        let run = self.pieces[start..end]
            .iter()
            .rev()
            .find_map(|p| match p.kind {
                Kind::Glyph { run, .. } => Some(run),
                _ => None,
            })?;
        let e = self.runs[run].ellipsis.advance;
        let (mut w, mut kept) = (0.0f32, start);
        for (k, &pw) in widths.iter().enumerate().take(end).skip(start) {
            // Hanging glyphs cost nothing here: the ellipsis replaces them.
            if !self.hangs(k) && w + pw + e > limit {
                break;
            }
            w += pw;
            kept = k + 1;
        }
        let width = w - self.trailing_hang(start, kept, widths) + e;
        Some((CutLine { end: kept, run }, width))
    }
}

/// What cuts a paragraph's lines short, and how its block lines' margins collapse.
#[derive(Clone, Copy)]
struct Cut {
    /// The container's own top and bottom margins collapse with its children's.
    collapse: Line<bool>,
    /// `-webkit-line-clamp`: the lines kept, the last ending in an ellipsis.
    clamp: Option<u32>,
    /// `text-overflow: ellipsis` on a box that clips.
    ellipsis: bool,
}

impl Lines {
    fn size(&self) -> Size<f32> {
        Size {
            width: self.content.iter().fold(0.0f32, |a, &b| a.max(b)).ceil(),
            height: self.vertical.iter().map(|v| v.height).sum(),
        }
    }

    /// The first baseline from the content box's top, if a line has content.
    fn first_baseline(&self) -> Option<f32> {
        let mut y = 0.0;
        for v in &self.vertical {
            if v.height > 0.0 {
                return Some(y + v.base);
            }
            y += v.height;
        }
        None
    }
}

impl LayoutTree<'_> {
    /// The paragraph of container `id`, built once per layout.
    fn paragraph(&self, id: NodeId) -> Rc<Para> {
        self.paragraphs
            .borrow_mut()
            .entry(id)
            .or_insert_with(|| Rc::new(build(self.doc, self.fonts, id)))
            .clone()
    }

    /// Whether laying `a` out can give it a first baseline: it is a paragraph, or a flex
    /// or grid container (taffy's block layout reports none).
    fn may_have_baseline(&self, a: NodeId) -> bool {
        matches!(
            self.doc.node(a).layout_style().display,
            taffy::Display::Flex | taffy::Display::Grid
        ) || is_inline_container(self.doc, a)
    }

    /// Measures the paragraph's atoms for a content box `avail` wide (`height` tall when
    /// that is definite: percentage heights resolve against it), and resolves its inline
    /// boxes' edges against `cb`.
    fn measure_atoms(
        &mut self,
        para: &Para,
        avail: AvailableSpace,
        cb: Option<f32>,
        height: Option<f32>,
    ) -> (Vec<Edges>, Vec<AtomSize>) {
        let box_edges = para
            .boxes
            .iter()
            .map(|b| match b.anonymous {
                true => Edges::default(),
                false => edges(&self.doc.node(b.node).style, cb),
            })
            .collect();
        let mut atoms = Vec::with_capacity(para.atoms.len());
        for atom in &para.atoms {
            let a = atom.node;
            let s = &self.doc.node(a).style;
            // A block's percentages resolve against the container's content box, as a
            // block child's would.
            let cb = match avail {
                AvailableSpace::Definite(w) if atom.block => Some(w),
                _ => cb,
            };
            let e = edges(s, cb);
            let (valign, line_height) = (
                s.inline_box.vertical_align,
                s.line_height.resolve(s.font_size),
            );
            let clips = s.overflow != Overflow::Visible;
            let width = match avail {
                AvailableSpace::Definite(w) => {
                    AvailableSpace::Definite((w - e.margin.left - e.margin.right).max(0.0))
                }
                other => other,
            };
            let parent = Size { width: cb, height };
            let available = Size {
                width,
                height: AvailableSpace::MaxContent,
            };
            // A block is as wide as its containing block allows (CSS 2.1 §10.3.3), the
            // width taffy's block layout gives a block child.
            let known = match (atom.block, width) {
                (true, AvailableSpace::Definite(w)) => Size {
                    width: Some(block_width(&s.layout, &e, cb, w)),
                    height: None,
                },
                _ => Size::NONE,
            };
            let auto_margins = (
                s.layout.margin.left.is_auto(),
                s.layout.margin.right.is_auto(),
            );
            // A block in a line of known width is laid out (as taffy's block layout lays
            // out its children, even to measure): a size measurement's output has no
            // margins to collapse. Content sizes need only its width.
            let mode = match (atom.block, width) {
                (true, AvailableSpace::Definite(_)) => RunMode::PerformLayout,
                _ => RunMode::ComputeSize,
            };
            let mut inp = input(mode, known, parent, available);
            inp.vertical_margins_are_collapsible = Line {
                start: atom.block,
                end: atom.block,
            };
            let mut out = self.compute_child_layout(a.into(), inp);
            // A size measurement served from taffy's cache has no baseline (its cache
            // keeps sizes only), and flex and grid layout find theirs only when laying
            // out: ask the layout the paragraph will place (the same call as `place`,
            // so that one is then cached), or a cache hit would move the box.
            if !atom.block && !clips && out.first_baselines.y.is_none() && self.may_have_baseline(a)
            {
                let full = input(
                    RunMode::PerformLayout,
                    out.size.map(Some),
                    parent,
                    out.size.map(AvailableSpace::Definite),
                );
                out.first_baselines = self.compute_child_layout(a.into(), full).first_baselines;
            }
            let mut margin = e.margin;
            let mut sets = Line {
                start: CollapsibleMarginSet::from_margin(margin.top),
                end: CollapsibleMarginSet::from_margin(margin.bottom),
            };
            let through = atom.block && out.margins_can_collapse_through;
            if atom.block {
                sets.start = out.top_margin.collapse_with_margin(margin.top);
                sets.end = out.bottom_margin.collapse_with_margin(margin.bottom);
                if through {
                    sets.start = sets.start.collapse_with_set(sets.end);
                    sets.end = CollapsibleMarginSet::ZERO;
                }
                margin.top = sets.start.resolve();
                margin.bottom = sets.end.resolve();
            }
            // An inline-block's baseline is its last line's, or its bottom margin edge
            // when it has none or clips (CSS 2.1 §10.8.1); Mica knows its first line's.
            let baseline = match out.first_baselines.y.filter(|_| !clips) {
                Some(b) => margin.top + b,
                None => margin.top + out.size.height + margin.bottom,
            };
            atoms.push(AtomSize {
                size: out.size,
                margin,
                baseline,
                valign,
                line_height,
                auto_margins,
                sets,
                through,
            });
        }
        (box_edges, atoms)
    }
}

/// Lays out paragraph container `node` (see the module documentation).
pub(crate) fn compute(
    tree: &mut LayoutTree<'_>,
    node: taffy::NodeId,
    inputs: LayoutInput,
) -> LayoutOutput {
    let id = NodeId::from(node);
    let para = tree.paragraph(id);
    let style = tree.doc.node(id).style.layout.clone();
    let b = &tree.doc.node(id).style.text_block;
    let cb = inputs.parent_size.width;
    let own = edges(&tree.doc.node(id).style, cb);
    // The content box's height when it is definite (given, or a length or a percentage
    // of a definite height): what the boxes inside resolve percentage heights against.
    let vertical_edges = own.padding.top + own.padding.bottom + own.border.top + own.border.bottom;
    let styled_height = style
        .size
        .height
        .maybe_resolve(inputs.parent_size.height, calc)
        .map(|h| match style.box_sizing {
            taffy::BoxSizing::ContentBox => h + vertical_edges,
            taffy::BoxSizing::BorderBox => h,
        });
    let cb_height = inputs
        .known_dimensions
        .height
        .or(styled_height)
        .map(|h| (h - vertical_edges).max(0.0));
    // When block children's margins collapse with the container's (CSS 2.1 §8.3.1), as
    // taffy's block layout decides it.
    let can = |padding: f32, border: f32| {
        let scrolls =
            |o: taffy::Overflow| matches!(o, taffy::Overflow::Hidden | taffy::Overflow::Scroll);
        !scrolls(style.overflow.x)
            && !scrolls(style.overflow.y)
            && style.position == Position::Relative
            && padding == 0.0
            && border == 0.0
    };
    let cut = Cut {
        clamp: b.line_clamp,
        ellipsis: b.cut_ellipsis,
        collapse: Line {
            start: inputs.vertical_margins_are_collapsible.start
                && can(own.padding.top, own.border.top),
            end: inputs.vertical_margins_are_collapsible.end
                && can(own.padding.bottom, own.border.bottom)
                && style.size.height.is_auto(),
        },
    };
    // The lines measured at a definite width, reused below when that is the final one
    // (the usual final layout: the width is known); or at max-content, reused when every
    // line fits the final width (then no line breaks differently there, and an atomic
    // box given at least its max-content width takes that width).
    let mut measured = None;
    let mut out = compute_leaf_layout(inputs, &style, calc, |_, avail| {
        let (limit, min) = match avail.width {
            AvailableSpace::Definite(w) => (w.max(0.0) + 0.01, false),
            AvailableSpace::MinContent => (0.0, true),
            AvailableSpace::MaxContent => (f32::INFINITY, false),
        };
        let (box_edges, atoms) = tree.measure_atoms(&para, avail.width, cb, cb_height);
        let lines = para.lines(&box_edges, &atoms, limit, min, cut);
        let size = lines.size();
        match avail.width {
            AvailableSpace::Definite(w) => measured = Some((w, box_edges, atoms, lines)),
            AvailableSpace::MaxContent => measured = Some((f32::INFINITY, box_edges, atoms, lines)),
            AvailableSpace::MinContent => {}
        }
        size
    });
    let inset = Point {
        x: own.border.left + own.padding.left,
        y: own.border.top + own.padding.top,
    };
    let content = Size {
        width: (out.size.width - inset.x - own.border.right - own.padding.right).max(0.0),
        height: (out.size.height - inset.y - own.border.bottom - own.padding.bottom).max(0.0),
    };
    let (box_edges, atoms, lines) = match measured {
        Some((w, e, a, l))
            if w == content.width || (w.is_infinite() && l.size().width <= content.width) =>
        {
            (e, a, l)
        }
        _ => {
            let definite = AvailableSpace::Definite(content.width);
            let (e, a) = tree.measure_atoms(&para, definite, cb, cb_height);
            let l = para.lines(&e, &a, content.width + 0.01, false, cut);
            (e, a, l)
        }
    };
    out.first_baselines.y = lines.first_baseline().map(|b| inset.y + b);
    out.top_margin = lines.margins.start;
    out.bottom_margin = lines.margins.end;
    if inputs.run_mode == RunMode::PerformLayout && tree.measuring == 0 {
        let st = &tree.doc.node(id).style;
        let (align, justify) = (st.text_align, st.text.justify);
        place(
            tree,
            &para,
            &Placement {
                lines: &lines,
                box_edges: &box_edges,
                atoms: &atoms,
                inset,
                content,
                align,
                justify,
                cb,
                cb_height,
            },
        );
    }
    out
}

/// What [`place`] needs.
struct Placement<'a> {
    lines: &'a Lines,
    box_edges: &'a [Edges],
    atoms: &'a [AtomSize],
    /// The content box's offset in the container's border box.
    inset: Point<f32>,
    content: Size<f32>,
    align: TextAlign,
    /// `text-align: justify`.
    justify: bool,
    cb: Option<f32>,
    /// The content box's height if definite (see [`compute`]).
    cb_height: Option<f32>,
}

/// How `text-align: justify` widens line `li`, `[start, content_end)` without its
/// hanging end, by `free` px (CSS Text 3 §7.4): the extra advance after each space, or
/// when the line has none but holds CJK text, after each glyph but the last. The last
/// line and lines ending in a forced break are not justified.
fn justification(
    para: &Para,
    lines: &Lines,
    li: usize,
    start: usize,
    content_end: usize,
    free: f32,
) -> Option<(f32, bool)> {
    let next = lines.ranges.get(li + 1)?.0;
    if free <= 0.0
        || para
            .pieces
            .get(next)
            .is_some_and(|p| p.brk == Break::Mandatory)
    {
        return None;
    }
    let glyphs = || {
        para.pieces[start..content_end]
            .iter()
            .filter_map(|p| match p.kind {
                Kind::Glyph { g, .. } => Some(g.ch),
                _ => None,
            })
    };
    let spaces = glyphs().filter(|&c| c == ' ').count();
    if spaces > 0 {
        return Some((free / spaces as f32, true));
    }
    let n = glyphs().count();
    (glyphs().any(|c| c >= '\u{2E80}') && n > 1).then(|| (free / (n - 1) as f32, false))
}

/// A run's piece of the current line, started at `x` on `baseline` if it has none yet.
fn line_of(line: &mut Option<TextLine>, baseline: f32, x: f32) -> &mut TextLine {
    line.get_or_insert_with(|| TextLine {
        glyphs: Vec::new(),
        baseline,
        width: 0.0,
        offset_x: x,
    })
}

/// Draws `g` at `x` on `line` if it is painted, noting the glyph for the font store.
fn push_glyph(line: &mut TextLine, g: Shaped, x: f32, ids: &mut Vec<(crate::FaceId, u16)>) {
    if let (Some(info), true) = (g.info, g.draw) {
        line.glyphs.push(PositionedGlyph {
            face: info.face,
            glyph: info.glyph,
            x,
            ch: g.ch,
        });
        ids.push((info.face, info.glyph));
    }
}

/// What a paragraph asks of a box it lays out (taffy's `LayoutInput`).
fn input(
    run_mode: RunMode,
    known_dimensions: Size<Option<f32>>,
    parent_size: Size<Option<f32>>,
    available_space: Size<AvailableSpace>,
) -> LayoutInput {
    LayoutInput {
        run_mode,
        sizing_mode: SizingMode::InherentSize,
        axis: RequestedAxis::Both,
        known_dimensions,
        parent_size,
        available_space,
        vertical_margins_are_collapsible: Line::FALSE,
    }
}

/// Lays `node` out for real with `input` and places its border box at `at` in its
/// parent box.
fn lay_out_at(
    tree: &mut LayoutTree<'_>,
    node: NodeId,
    input: LayoutInput,
    at: Point<f32>,
    e: &Edges,
) {
    let out = tree.compute_child_layout(node.into(), input);
    let mut l = layout_of(at, out.size, e);
    l.content_size = out.content_size;
    tree.set_unrounded_layout(node.into(), &l);
}

/// A union of x extents.
fn extend(span: &mut Option<(f32, f32)>, a: f32, b: f32) {
    *span = Some(match *span {
        Some((x0, x1)) => (x0.min(a), x1.max(b)),
        None => (a, b),
    });
}

fn layout_of(location: Point<f32>, size: Size<f32>, e: &Edges) -> Layout {
    Layout {
        order: 0,
        location,
        size,
        content_size: size,
        scrollbar_size: Size::ZERO,
        border: e.border,
        padding: e.padding,
        margin: e.margin,
    }
}

/// Places everything in the paragraph: glyphs into their text nodes, fragments into
/// their inline boxes, atomic and absolutely positioned boxes laid out and positioned.
/// Coordinates are the content box's until converted to each node's parent's.
fn place(tree: &mut LayoutTree<'_>, para: &Para, p: &Placement<'_>) {
    let lines = p.lines;
    let nb = para.boxes.len();
    let mut fragments: Vec<Vec<Fragment>> = (0..nb).map(|_| Vec::new()).collect();
    let mut run_lines: Vec<Vec<TextLine>> = (0..para.runs.len()).map(|_| Vec::new()).collect();
    let mut atom_at: Vec<Point<f32>> = vec![Point::ZERO; para.atoms.len()];
    let mut glyph_ids = Vec::new();
    let mut line_y = 0.0f32;
    for (li, &(start, end)) in lines.ranges.iter().enumerate() {
        let v = &lines.vertical[li];
        let cut = lines.cuts[li];
        let end = cut.map_or(end, |c| c.end);
        let base_y = line_y + v.base;
        let free = p.content.width - lines.content[li];
        let mut x = match p.align {
            TextAlign::Left => 0.0,
            TextAlign::Center => (free / 2.0).max(0.0),
            TextAlign::Right => free.max(0.0),
        };
        // Hanging glyphs at the line's end take no part in spans and text widths.
        let mut content_end = end;
        while content_end > start {
            match para.pieces[content_end - 1].kind {
                Kind::Open(_) | Kind::Close(_) => {}
                Kind::Glyph { .. } if para.hangs(content_end - 1) => {}
                _ => break,
            }
            content_end -= 1;
        }
        let gap = if p.justify && cut.is_none() {
            justification(para, lines, li, start, content_end, free)
        } else {
            None
        };
        let mut spans: Vec<Option<(f32, f32)>> = vec![None; nb];
        let mut first = vec![false; nb];
        let mut last = vec![false; nb];
        let mut run_line: Vec<Option<TextLine>> = vec![None; para.runs.len()];
        for i in start..end {
            let piece = para.pieces[i];
            let w = lines.widths[i];
            let x0 = x;
            let counts = i < content_end
                || !matches!(
                    piece.kind,
                    Kind::Glyph { .. } | Kind::Atom(_) | Kind::Block(_)
                );
            match piece.kind {
                Kind::Glyph { run, g } => {
                    let l = line_of(&mut run_line[run], base_y + v.shift[piece.ib], x0);
                    push_glyph(l, g, x0, &mut glyph_ids);
                    if counts {
                        l.width = x0 + w - l.offset_x;
                    }
                }
                Kind::Open(b) => {
                    let e = &p.box_edges[b];
                    first[b] = true;
                    extend(&mut spans[b], x0 + e.margin.left, x0 + e.margin.left);
                }
                Kind::Close(b) => {
                    let e = &p.box_edges[b];
                    last[b] = true;
                    let end = x0 + w - e.margin.right;
                    extend(&mut spans[b], end, end);
                }
                Kind::Atom(a) => {
                    let s = &p.atoms[a];
                    atom_at[a] = Point {
                        x: x0 + s.margin.left,
                        y: base_y + v.atom_top[a] + s.margin.top,
                    };
                }
                Kind::Block(a) => {
                    // Placed by its margins (CSS 2.1 §10.3.3): auto ones share the room.
                    let s = &p.atoms[a];
                    let room = (p.content.width - s.outer().width).max(0.0);
                    let x = match s.auto_margins {
                        (true, true) => room / 2.0,
                        (true, false) => room,
                        _ => 0.0,
                    };
                    atom_at[a] = Point {
                        x: x + s.margin.left,
                        y: base_y + v.atom_top[a] + s.margin.top,
                    };
                }
            }
            if counts {
                // The piece is inside every box from its own up to the root.
                let mut b = piece.ib;
                while b != 0 {
                    extend(&mut spans[b], x0, x0 + w);
                    b = para.boxes[b].parent;
                }
            }
            x += w;
            if let (Some((per, at_spaces)), Kind::Glyph { g, .. }) = (gap, piece.kind) {
                let widens = if at_spaces {
                    g.ch == ' '
                } else {
                    i + 1 < content_end
                };
                if i < content_end && widens {
                    x += per;
                }
            }
        }
        if let Some(c) = cut {
            let run = &para.runs[c.run];
            let e = run.ellipsis;
            let x_end = x - para.trailing_hang(start, end, &lines.widths);
            let l = line_of(&mut run_line[c.run], base_y + v.shift[run.ib], x_end);
            push_glyph(l, e, x_end, &mut glyph_ids);
            l.width = x_end + e.advance - l.offset_x;
        }
        for (r, l) in run_line.into_iter().enumerate() {
            if let Some(l) = l {
                run_lines[r].push(l);
            }
        }
        for b in 1..nb {
            let Some((x0, x1)) = spans[b].filter(|_| !para.boxes[b].anonymous) else {
                continue;
            };
            let ib = &para.boxes[b];
            let e = &p.box_edges[b];
            let base = base_y + v.shift[b];
            let top = base - ib.ascent - e.padding.top - e.border.top;
            let bottom = base + ib.descent + e.padding.bottom + e.border.bottom;
            fragments[b].push(Fragment {
                rect: Rect::new(x0, top, x1 - x0, bottom - top),
                first: first[b],
                last: last[b],
            });
        }
        line_y += v.height;
    }

    // Each inline box's border box is its fragments' bounding box; positions so far are
    // the content box's, node locations are relative to the parent box's border box.
    let mut origin: Vec<Point<f32>> = vec![Point::ZERO; nb];
    for b in 1..nb {
        if para.boxes[b].anonymous {
            // Its text is placed in the box it is in.
            origin[b] = origin[para.boxes[b].parent];
            continue;
        }
        let bbox = fragments[b]
            .iter()
            .map(|f| f.rect)
            .reduce(|a, r| a.union(&r))
            .unwrap_or_default();
        for f in &mut fragments[b] {
            f.rect.x -= bbox.x;
            f.rect.y -= bbox.y;
        }
        origin[b] = Point {
            x: p.inset.x + bbox.x,
            y: p.inset.y + bbox.y,
        };
        let parent = para.boxes[b].parent;
        let at = Point {
            x: origin[b].x - origin[parent].x,
            y: origin[b].y - origin[parent].y,
        };
        let node = para.boxes[b].node;
        tree.set_unrounded_layout(
            node.into(),
            &layout_of(
                at,
                Size {
                    width: bbox.width,
                    height: bbox.height,
                },
                &p.box_edges[b],
            ),
        );
        let n = tree.doc.node_mut(node);
        n.fragments = std::mem::take(&mut fragments[b]);
        n.cache.clear();
    }
    // Text nodes: the content box, their glyphs placed in it.
    let none = Edges::default();
    for (r, lines_of_run) in run_lines.into_iter().enumerate() {
        let run = &para.runs[r];
        let parent_origin = origin[run.ib];
        let at = Point {
            x: p.inset.x - parent_origin.x,
            y: p.inset.y - parent_origin.y,
        };
        tree.set_unrounded_layout(run.node.into(), &layout_of(at, p.content, &none));
        let width = lines_of_run
            .iter()
            .fold(0.0f32, |a, l| a.max(l.offset_x + l.width));
        let layout = TextLayout {
            lines: lines_of_run,
            font_size: run.font_size,
            width,
            height: p.content.height,
            decoration: tree.fonts.decoration_metrics(run.font_size),
        };
        let n = tree.doc.node_mut(run.node);
        n.text_layout = Some(layout);
        n.in_paragraph = true;
        n.cache.clear();
    }
    tree.fonts.prepare(glyph_ids);
    // Atomic boxes: laid out at their measured size.
    for (a, &Atom { node, ib, block }) in para.atoms.iter().enumerate() {
        let s = p.atoms[a];
        let parent = Size {
            width: Some(p.content.width),
            height: p.cb_height,
        };
        let known = s.size.map(Some);
        let mut input = input(
            RunMode::PerformLayout,
            known,
            parent,
            s.size.map(AvailableSpace::Definite),
        );
        // A block's children's margins collapse through it, as they did when measured.
        input.vertical_margins_are_collapsible = Line {
            start: block,
            end: block,
        };
        let cb = if block { Some(p.content.width) } else { p.cb };
        let e = edges(&tree.doc.node(node).style, cb);
        let at = Point {
            x: p.inset.x + atom_at[a].x - origin[ib].x,
            y: p.inset.y + atom_at[a].y - origin[ib].y,
        };
        lay_out_at(tree, node, input, at, &e);
    }
    // Absolutely positioned boxes: sized by taffy, at their `left`/`top` in the
    // container's padding box, or at the content box's start.
    for &(node, ib) in &para.absolute {
        let s = tree.doc.node(node).style.layout.clone();
        let padding_box = Size {
            width: p.content.width + p.inset.x,
            height: p.content.height + p.inset.y,
        };
        let avail = padding_box.map(AvailableSpace::Definite);
        let input = input(
            RunMode::PerformLayout,
            Size::NONE,
            padding_box.map(Some),
            avail,
        );
        let e = edges(&tree.doc.node(node).style, Some(padding_box.width));
        let inset = |v: taffy::LengthPercentageAuto, basis: f32| {
            (!v.is_auto()).then(|| v.resolve_or_zero(Some(basis), calc))
        };
        let x = inset(s.inset.left, padding_box.width).unwrap_or(p.inset.x);
        let y = inset(s.inset.top, padding_box.height).unwrap_or(p.inset.y);
        let at = Point {
            x: x + e.margin.left - origin[ib].x,
            y: y + e.margin.top - origin[ib].y,
        };
        lay_out_at(tree, node, input, at, &e);
    }
    for &node in &para.hidden {
        tree.compute_child_layout(node.into(), LayoutInput::HIDDEN);
    }
}
