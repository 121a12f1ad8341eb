//! The display list: a laid-out document resolved into drawing commands in paint order.
//!
//! Everything the painter needs is decided here (STYLE.md habit 6): border widths and
//! padding in px, clamped corner radii, colours with the accumulated `opacity` folded
//! into their alpha, glyph origins, image content boxes. Paint order follows CSS 2.1
//! Appendix E loosely: a box's background, then its border, then its text or image, then
//! its in-flow children in document order, then its absolutely positioned children. A
//! `display: contents` node paints nothing itself (no box: no background, border, clip or
//! opacity); its children are painted as its parent's (CSS Display 3 §2.5).
//!
//! Opacity is applied per item (multiplied down the tree), not as a group layer: where
//! a translucent node's descendants overlap each other the result differs slightly from
//! a browser. That is the foundation's trade for not allocating layers.

use mica_layout::{Color, Document, FaceId, Node, NodeId, NodeKind, Overflow, Rect};
use taffy::{CompactLength, LengthPercentage};

use crate::image::ImageMode;
use crate::shapes::{inset_rect, Radii};

/// One drawing command. Coordinates are absolute window px.
#[derive(Clone, Debug, PartialEq)]
pub enum DisplayItem {
    /// A filled (rounded) rectangle: a background.
    Rect {
        /// The border box.
        rect: Rect,
        /// Clamped corner radii.
        radii: Radii,
        /// Fill colour, opacity applied.
        color: Color,
    },
    /// A border: the ring between the border box and the padding box.
    Border {
        /// The border box.
        rect: Rect,
        /// Widths in px: top, right, bottom, left.
        widths: [f32; 4],
        /// Colours, opacity applied: top, right, bottom, left.
        colors: [Color; 4],
        /// Clamped outer corner radii.
        radii: Radii,
    },
    /// Clips the following items up to the matching [`DisplayItem::PopClip`].
    PushClip {
        /// The clip rectangle (a padding box).
        rect: Rect,
        /// Its corner radii (the inner border radii).
        radii: Radii,
        /// Index of the matching `PopClip`, so a painter can skip a culled subtree.
        end: usize,
    },
    /// Ends the innermost clip.
    PopClip,
    /// One line of text.
    Glyphs(GlyphRun),
    /// A replaced image.
    Image(ImageItem),
}

impl DisplayItem {
    /// The area the item may touch, for culling; `None` for clip markers.
    pub fn bounds(&self) -> Option<Rect> {
        match self {
            DisplayItem::Rect { rect, .. } | DisplayItem::Border { rect, .. } => Some(*rect),
            DisplayItem::PushClip { .. } | DisplayItem::PopClip => None,
            DisplayItem::Glyphs(run) => Some(run.bounds),
            DisplayItem::Image(image) => Some(image.rect),
        }
    }
}

/// A glyph placed on a line.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GlyphInstance {
    /// The face holding the glyph.
    pub face: FaceId,
    /// Glyph index in the face.
    pub glyph: u16,
    /// Pen x relative to the run origin.
    pub x: f32,
}

/// One line of glyphs sharing a baseline, size and colour.
#[derive(Clone, Debug, PartialEq)]
pub struct GlyphRun {
    /// Absolute x of the text node's content box.
    pub x: f32,
    /// Absolute y of the baseline.
    pub baseline: f32,
    /// The glyphs.
    pub glyphs: Vec<GlyphInstance>,
    /// Font size in px.
    pub size: f32,
    /// Text colour, opacity applied.
    pub color: Color,
    /// Conservative area the glyphs may cover (the line box plus overhang).
    pub bounds: Rect,
}

/// An `image` element's picture.
#[derive(Clone, Debug, PartialEq)]
pub struct ImageItem {
    /// The node it belongs to.
    pub node: NodeId,
    /// The `src` attribute: the key for [`crate::ImageSource`] and the image cache.
    pub src: String,
    /// The content box the picture is fitted into and clipped to.
    pub rect: Rect,
    /// Corner radii of the content box (border radii inset by border and padding).
    pub radii: Radii,
    /// The `mode` attribute.
    pub mode: ImageMode,
    /// Accumulated opacity, 0..=1.
    pub opacity: f32,
}

/// A document resolved into paint-ordered commands.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DisplayList {
    /// The page background every repaint starts from: the root's background colour
    /// over white.
    pub background: Color,
    /// Commands in paint order.
    pub items: Vec<DisplayItem>,
}

/// Walks the laid-out document in paint order and resolves it into a display list.
/// Hidden nodes (`display: none`, `hidden`) and fully transparent subtrees are skipped.
pub fn build(doc: &Document) -> DisplayList {
    build_culled(doc, None)
}

/// [`build`], leaving out every subtree whose ink bounds ([`Document::ink`], kept by
/// layout) miss `area`: a repaint of a small damaged area resolves only the nodes that
/// can touch it, not the whole page. Painting the result inside `area` gives the same
/// pixels as painting the whole list. `area` is ignored when the document's ink bounds
/// are not known ([`Document::ink_valid`]).
pub fn build_culled(doc: &Document, area: Option<Rect>) -> DisplayList {
    let area = area.filter(|_| doc.ink_valid());
    let root = doc.root();
    let background = over_white(doc.node(root).style.background_color);
    let mut items = Vec::new();

    enum Step {
        Enter(NodeId, f32),
        Pop(usize),
    }
    let mut stack = vec![Step::Enter(root, 1.0)];
    while let Some(step) = stack.pop() {
        let (id, parent_opacity) = match step {
            Step::Pop(push) => {
                let end = items.len();
                items.push(DisplayItem::PopClip);
                if let Some(DisplayItem::PushClip { end: e, .. }) = items.get_mut(push) {
                    *e = end;
                }
                continue;
            }
            Step::Enter(id, opacity) => (id, opacity),
        };
        let Some(node) = doc.get(id) else { continue };
        if node.style.hidden || node.style.layout.display == taffy::Display::None {
            continue;
        }
        if id != root && area.is_some_and(|a| a.intersect(&doc.ink(id)).is_empty()) {
            continue;
        }
        let own = if node.style.opacity.is_finite() {
            node.style.opacity.clamp(0.0, 1.0)
        } else {
            1.0
        };
        let opacity = parent_opacity * own;
        if opacity <= 0.0 {
            continue;
        }
        let boxes = Boxes::of(node);
        if id != root {
            push_box(node, &boxes, opacity, &mut items);
        }
        push_text(doc, node, &boxes, opacity, &mut items);
        push_image(id, node, &boxes, opacity, &mut items);

        if node.children.is_empty() {
            continue;
        }
        if node.style.overflow == Overflow::Hidden {
            if boxes.padding.is_empty() {
                continue; // Everything inside is clipped away.
            }
            stack.push(Step::Pop(items.len()));
            items.push(DisplayItem::PushClip {
                rect: boxes.padding,
                radii: boxes.radii.inset(boxes.border_widths),
                end: usize::MAX,
            });
        }
        let mut visible: Vec<(NodeId, bool)> = Vec::new();
        visible_children(doc, &node.children, area, &mut visible);
        // Pushed in reverse so they pop in paint order: in-flow, then absolute.
        for &(c, _) in visible.iter().rev().filter(|(_, abs)| *abs) {
            stack.push(Step::Enter(c, opacity));
        }
        for &(c, _) in visible.iter().rev().filter(|(_, abs)| !abs) {
            stack.push(Step::Enter(c, opacity));
        }
    }
    if let Some(ring) = doc.focus_ring.and_then(|n| focus_ring(doc, n)) {
        items.extend(ring);
    }
    DisplayList { background, items }
}

/// The nodes of `children` that may touch `area`, in document order, each with whether it
/// is absolutely positioned; a `display: contents` node is replaced by its own children
/// (it has no box to paint). Culled nodes are dropped from the compact ink array before
/// their (large) nodes are touched: a long list costs a pass over ids, not over nodes.
fn visible_children(
    doc: &Document,
    children: &[NodeId],
    area: Option<Rect>,
    out: &mut Vec<(NodeId, bool)>,
) {
    for &c in children {
        if area.is_some_and(|a| a.intersect(&doc.ink(c)).is_empty()) {
            continue;
        }
        let Some(n) = doc.get(c) else { continue };
        if n.is_contents() {
            if !n.style.hidden {
                visible_children(doc, &n.children, area, out);
            }
        } else {
            out.push((c, n.style.layout.position == taffy::Position::Absolute));
        }
    }
}

/// The default focus ring around `id`: an amber band outside the border box with a thin
/// dark edge, visible on light and dark pages alike. Drawn last, over everything.
fn focus_ring(doc: &Document, id: NodeId) -> Option<[DisplayItem; 2]> {
    let node = doc.get(id)?;
    let mut cur = Some(id);
    while let Some(n) = cur.and_then(|c| doc.get(c)) {
        if n.style.hidden || n.style.layout.display == taffy::Display::None {
            return None;
        }
        cur = n.parent;
    }
    let r = node.rect;
    if r.is_empty() {
        return None;
    }
    let w = mica_layout::FOCUS_RING_WIDTH;
    let grow = |by: f32| Rect::new(r.x - by, r.y - by, r.width + 2.0 * by, r.height + 2.0 * by);
    let radii = |by: f32| {
        let rr = node.style.border_radius;
        let outer = grow(by);
        Radii::from_css(rr.map(|x| x + by), outer.width, outer.height)
    };
    let amber = Color::rgba(255, 180, 0, 255);
    let edge = Color::rgba(0, 0, 0, 160);
    Some([
        DisplayItem::Border {
            rect: grow(w),
            widths: [w; 4],
            colors: [amber; 4],
            radii: radii(w),
        },
        DisplayItem::Border {
            rect: grow(w + 1.0),
            widths: [1.0; 4],
            colors: [edge; 4],
            radii: radii(w + 1.0),
        },
    ])
}

/// A node's border, padding and content boxes, resolved to px.
struct Boxes {
    border_box: Rect,
    border_widths: [f32; 4],
    padding_widths: [f32; 4],
    padding: Rect,
    content: Rect,
    radii: Radii,
}

impl Boxes {
    fn of(node: &Node) -> Boxes {
        let style = &node.style.layout;
        let done = &node.final_layout;
        let border_widths = [
            side(style.border.top, done.border.top),
            side(style.border.right, done.border.right),
            side(style.border.bottom, done.border.bottom),
            side(style.border.left, done.border.left),
        ];
        let padding_widths = [
            side(style.padding.top, done.padding.top),
            side(style.padding.right, done.padding.right),
            side(style.padding.bottom, done.padding.bottom),
            side(style.padding.left, done.padding.left),
        ];
        let border_box = node.rect;
        let padding = inset_rect(border_box, border_widths);
        let content = inset_rect(padding, padding_widths);
        let radii = Radii::from_css(
            node.style.border_radius,
            border_box.width,
            border_box.height,
        );
        Boxes {
            border_box,
            border_widths,
            padding_widths,
            padding,
            content,
            radii,
        }
    }
}

/// One edge width: a length from the style as is; anything else (a percentage) from
/// taffy's resolved layout. Never negative.
fn side(style: LengthPercentage, resolved: f32) -> f32 {
    let raw = style.into_raw();
    let v = if raw.tag() == CompactLength::LENGTH_TAG {
        raw.value()
    } else {
        resolved
    };
    if v.is_finite() {
        v.max(0.0)
    } else {
        0.0
    }
}

/// `c` with its alpha multiplied by `opacity`.
fn fade(c: Color, opacity: f32) -> Color {
    let a = (f32::from(c.a) * opacity).round().clamp(0.0, 255.0) as u8;
    Color { a, ..c }
}

/// `c` composited over opaque white.
fn over_white(c: Color) -> Color {
    let a = u32::from(c.a);
    let mix = |v: u8| ((u32::from(v) * a + 255 * (255 - a) + 127) / 255) as u8;
    Color::rgba(mix(c.r), mix(c.g), mix(c.b), 255)
}

fn push_box(node: &Node, b: &Boxes, opacity: f32, items: &mut Vec<DisplayItem>) {
    if b.border_box.is_empty() {
        return;
    }
    let bg = fade(node.style.background_color, opacity);
    if !bg.is_transparent() {
        items.push(DisplayItem::Rect {
            rect: b.border_box,
            radii: b.radii,
            color: bg,
        });
    }
    let colors = node.style.border_color.map(|c| fade(c, opacity));
    let visible = (0..4).any(|i| b.border_widths[i] > 0.0 && !colors[i].is_transparent());
    if visible {
        items.push(DisplayItem::Border {
            rect: b.border_box,
            widths: b.border_widths,
            colors,
            radii: b.radii,
        });
    }
}

fn push_text(doc: &Document, node: &Node, b: &Boxes, opacity: f32, items: &mut Vec<DisplayItem>) {
    let Some(layout) = &node.text_layout else {
        return;
    };
    // A text node has no style of its own; its colour is its parent element's (the
    // cascade may or may not copy inherited values onto text nodes).
    let color = match (node.kind == NodeKind::Text, node.parent) {
        (true, Some(p)) => doc.get(p).map_or(node.style.color, |p| p.style.color),
        _ => node.style.color,
    };
    let color = fade(color, opacity);
    if color.is_transparent() {
        return;
    }
    let size = layout.font_size;
    if !(size.is_finite() && size > 0.0) {
        return;
    }
    for line in &layout.lines {
        if line.glyphs.is_empty() {
            continue;
        }
        let (min_x, max_x) = line
            .glyphs
            .iter()
            .fold((f32::MAX, f32::MIN), |(lo, hi), g| {
                (lo.min(g.x), hi.max(g.x))
            });
        let baseline = b.content.y + line.baseline;
        // Generous overhang: an em either side covers wide CJK glyphs and italics.
        let bounds = Rect::new(
            b.content.x + min_x - size,
            baseline - size * 1.5,
            max_x - min_x + size * 2.5,
            size * 2.25,
        );
        items.push(DisplayItem::Glyphs(GlyphRun {
            x: b.content.x,
            baseline,
            glyphs: line
                .glyphs
                .iter()
                .map(|g| GlyphInstance {
                    face: g.face,
                    glyph: g.glyph,
                    x: g.x,
                })
                .collect(),
            size,
            color,
            bounds,
        }));
    }
}

fn push_image(id: NodeId, node: &Node, b: &Boxes, opacity: f32, items: &mut Vec<DisplayItem>) {
    if node.tag != "image" || b.content.is_empty() {
        return;
    }
    let Some(src) = node.attr("src").filter(|s| !s.is_empty()) else {
        return;
    };
    // Replaced content is clipped to the content-box curve (CSS Backgrounds 3 §5.3).
    let inset: [f32; 4] = std::array::from_fn(|i| b.border_widths[i] + b.padding_widths[i]);
    items.push(DisplayItem::Image(ImageItem {
        node: id,
        src: src.to_string(),
        rect: b.content,
        radii: b.radii.inset(inset),
        mode: ImageMode::parse(node.attr("mode").unwrap_or("")),
        opacity,
    }));
}
