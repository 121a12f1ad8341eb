//! The display list: a laid-out document resolved into drawing commands in paint order.
//!
//! Everything the painter needs is decided here (STYLE.md habit 6): border widths and
//! padding in px, clamped corner radii, shadows and gradients resolved against their box,
//! glyph origins, image content boxes, transformation matrices. A box paints its
//! decorations (see `push_box`), then its text or image, then its children in the
//! paint order of CSS 2.1 Appendix E (see [`crate::stacking`]). A `display: contents`
//! node paints nothing itself (no box: no background, border, clip or opacity); its
//! children are painted as its parent's (CSS Display 3 §2.5).
//!
//! `opacity` groups: a translucent node with children, or a transformed node, opens a
//! [`LayerItem`] that the painter composites as one image; a translucent leaf has its
//! opacity folded into the one item it draws. A translation needs no layer: its
//! subtree's items are moved.

use mica_layout::{Color, Document, FaceId, Node, NodeId, NodeKind, Overflow, Rect};
use taffy::{CompactLength, LengthPercentage};

use mica_layout::style::transform;

use mica_layout::style::border_style::LineStyle;
use mica_layout::style::values::Len;

use mica_layout::style::background::Image;

use crate::background::BackgroundImageItem;
use crate::dashes::StyledBorderItem;
use crate::gradient::GradientItem;
use crate::image::ImageMode;
use crate::shadow::ShadowItem;
use crate::shapes::{inset_rect, Radii};
use crate::stacking;
pub use crate::stacking::LayerItem;

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
    /// A box shadow (boxed: rare and large).
    Shadow(Box<ShadowItem>),
    /// A gradient background layer.
    Gradient(Box<GradientItem>),
    /// Paints the following items up to the matching [`DisplayItem::PopLayer`] into a
    /// layer of their own, composited with an opacity and a transform.
    PushLayer(Box<LayerItem>),
    /// Ends the innermost layer.
    PopLayer,
    /// A border with dashed or dotted sides.
    StyledBorder(Box<StyledBorderItem>),
    /// A background image layer from a file.
    BackgroundImage(Box<BackgroundImageItem>),
}

impl DisplayItem {
    /// The area the item may touch, for culling; `None` for clip markers and layer ends.
    /// A layer's is its content's, transformed.
    pub fn bounds(&self) -> Option<Rect> {
        match self {
            DisplayItem::Rect { rect, .. } | DisplayItem::Border { rect, .. } => Some(*rect),
            DisplayItem::PushClip { .. } | DisplayItem::PopClip | DisplayItem::PopLayer => None,
            DisplayItem::Glyphs(run) => Some(run.bounds),
            DisplayItem::Image(image) => Some(image.rect),
            DisplayItem::Shadow(s) => Some(s.bounds()),
            DisplayItem::Gradient(g) => Some(g.rect),
            DisplayItem::PushLayer(l) => Some(l.device_bounds()),
            DisplayItem::StyledBorder(b) => Some(b.rect),
            DisplayItem::BackgroundImage(b) => Some(b.rect),
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
    /// Synthetic oblique: px each glyph row moves right per px above the baseline (0:
    /// upright; see [`crate::text_items::SYNTHETIC_OBLIQUE`]).
    pub slant: f32,
    /// Blur radius in px (a `text-shadow`'s; 0: sharp). The blur is a Gaussian with
    /// σ = blur / 2.
    pub blur: f32,
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
    let mut stack = vec![Step::Enter(root, area)];
    let mut children: Vec<(NodeId, (u8, i32))> = Vec::new();
    let mut scratch = stacking::Scratch::default();
    while let Some(step) = stack.pop() {
        let (id, area) = match step {
            Step::Pop(push) => {
                let end = items.len();
                items.push(DisplayItem::PopClip);
                if let Some(DisplayItem::PushClip { end: e, .. }) = items.get_mut(push) {
                    *e = end;
                }
                continue;
            }
            Step::EndLayer(push) => {
                stacking::end_layer(&mut items, push);
                continue;
            }
            Step::EndTranslate(start, dx, dy) => {
                for item in &mut items[start..] {
                    item.translate(dx, dy);
                }
                continue;
            }
            Step::Enter(id, area) => (id, area),
        };
        let Some(node) = doc.get(id) else { continue };
        if node.style.hidden || node.style.layout.display == taffy::Display::None {
            continue;
        }
        if id != root && area.is_some_and(|a| a.intersect(&doc.ink(id)).is_empty()) {
            continue;
        }
        let opacity = if node.style.opacity.is_finite() {
            node.style.opacity.clamp(0.0, 1.0)
        } else {
            1.0
        };
        if opacity <= 0.0 {
            continue;
        }
        let boxes = Boxes::of(node);
        // Transforms (CSS Transforms 1 §6) and group opacity (CSS Color 4 §3.2): a
        // translation moves the subtree's items; anything else, or a translucent node
        // with children, paints the subtree into a layer.
        let mut area = area;
        let mut layer = false;
        if id != root {
            let matrix = stacking::matrix(node);
            let translate = matrix.filter(|m| m[..4] == [1.0, 0.0, 0.0, 1.0]);
            if let Some(m) = translate {
                stack.push(Step::EndTranslate(items.len(), m[4], m[5]));
                area = area.map(|a| Rect::new(a.x - m[4], a.y - m[5], a.width, a.height));
            }
            let transform = matrix.filter(|_| translate.is_none());
            if let Some(m) = transform {
                let Some(inverse) = transform::invert(&m) else {
                    continue; // Flattened to a line: nothing shows.
                };
                area = area.map(|a| transform::transform_rect(&inverse, a));
            }
            if transform.is_some() || (opacity < 1.0 && !node.layout_children().is_empty()) {
                stack.push(Step::EndLayer(items.len()));
                items.push(DisplayItem::PushLayer(Box::new(LayerItem {
                    bounds: Rect::default(),
                    opacity,
                    transform,
                    end: usize::MAX,
                })));
                layer = true;
            }
        }
        // A leaf's opacity goes into its one item when it draws one; a group otherwise.
        let own_start = items.len();
        // `visibility: hidden` (CSS 2.1 §11.2): the box paints nothing itself, but its
        // visible descendants still do.
        if node.style.visible {
            if id != root && node.fragments.is_empty() {
                push_box(node, &boxes, &mut items);
            }
            for f in &node.fragments {
                push_box(node, &boxes.fragment(node, f), &mut items);
            }
            push_text(doc, node, &boxes, 1.0, &mut items);
            push_image(id, node, &boxes, 1.0, &mut items);
        }
        if !layer && opacity < 1.0 {
            stacking::fade_leaf(&mut items, own_start, opacity);
        }

        if node.layout_children().is_empty() {
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
        children.clear();
        // Stacking contexts and clipping boxes paint their positioned descendants.
        let collects =
            id == root || stacking::hoisted(node) || node.style.overflow == Overflow::Hidden;
        stacking::paint_order(doc, node, collects, area, &mut scratch, &mut children);
        // Pushed in reverse so they pop in paint order.
        for &(c, _) in children.iter().rev() {
            stack.push(Step::Enter(c, area));
        }
    }
    if let Some(ring) = doc.focus_ring.and_then(|n| focus_ring(doc, n)) {
        items.extend(ring);
    }
    DisplayList { background, items }
}

/// The walk's work list.
enum Step {
    /// Resolve a node and push its subtree, culling against the area (in the node's
    /// coordinates: the transforms above it undone).
    Enter(NodeId, Option<Rect>),
    /// Close the clip pushed at this index.
    Pop(usize),
    /// Close the layer pushed at this index.
    EndLayer(usize),
    /// Move the items from this index on by (dx, dy): a translation.
    EndTranslate(usize, f32, f32),
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
        Boxes::around(node, node.rect, border_widths, padding_widths)
    }

    /// The boxes of `node` whose border box is `border_box`.
    fn around(
        node: &Node,
        border_box: Rect,
        border_widths: [f32; 4],
        padding_widths: [f32; 4],
    ) -> Boxes {
        let padding = inset_rect(border_box, border_widths);
        Boxes {
            border_box,
            border_widths,
            padding_widths,
            padding,
            content: inset_rect(padding, padding_widths),
            radii: corner_radii(node, border_box),
        }
    }
}

impl Boxes {
    /// The boxes of one line fragment of inline box `node` (CSS 2.1 §9.4.2), whose
    /// boxes are `self`: the fragment's border box, with the start edges only on the
    /// first line and the end edges only on the last, and no rounding where it is cut
    /// (CSS Fragmentation 3 §5.4, `box-decoration-break: slice`).
    fn fragment(&self, node: &Node, f: &mica_layout::Fragment) -> Boxes {
        let r = node.rect;
        let x0 = (r.x + f.rect.x).round();
        let y0 = (r.y + f.rect.y).round();
        let x1 = (r.x + f.rect.x + f.rect.width).round();
        let y1 = (r.y + f.rect.y + f.rect.height).round();
        let border_box = Rect::new(x0, y0, x1 - x0, y1 - y0);
        let keep = |w: [f32; 4]| {
            [
                w[0],
                if f.last { w[1] } else { 0.0 },
                w[2],
                if f.first { w[3] } else { 0.0 },
            ]
        };
        let mut b = Boxes::around(
            node,
            border_box,
            keep(self.border_widths),
            keep(self.padding_widths),
        );
        if !f.first {
            b.radii.0[0] = (0.0, 0.0);
            b.radii.0[3] = (0.0, 0.0);
        }
        if !f.last {
            b.radii.0[1] = (0.0, 0.0);
            b.radii.0[2] = (0.0, 0.0);
        }
        b
    }
}

/// A box's clamped corner radii (CSS Backgrounds 3 §5.1, §5.5): circular from
/// `border-radius` unless a vertical radius is given; a percentage is of the width
/// horizontally and of the height vertically, so `50%` of a rectangle is an ellipse.
fn corner_radii(node: &Node, b: Rect) -> Radii {
    let s = &node.style;
    let (w, h) = (b.width, b.height);
    if s.border_radius_y.iter().all(Option::is_none)
        && s.border_radius_percent.iter().all(Option::is_none)
    {
        return Radii::from_css(s.border_radius, w, h);
    }
    let ok = |v: f32| if v.is_finite() { v.max(0.0) } else { 0.0 };
    let corners = std::array::from_fn(|i| {
        let percent = s.border_radius_percent[i];
        let x = percent.map_or(s.border_radius[i], |p| p * w);
        let y = match s.border_radius_y[i] {
            Some(Len::Percent(p)) => p * h,
            Some(Len::Px(v)) => v,
            Some(_) => 0.0,
            None => percent.map_or(s.border_radius[i], |p| p * h),
        };
        (ok(x), ok(y))
    });
    Radii(corners).clamped(w, h)
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

/// A box's decorations in paint order (CSS Backgrounds 3 §7.2, CSS 2.1 Appendix E): outer
/// shadows, the background colour, the background images bottom layer first, inset
/// shadows, the border. Shadows listed first are painted on top.
fn push_box(node: &Node, b: &Boxes, items: &mut Vec<DisplayItem>) {
    if b.border_box.is_empty() {
        return;
    }
    let style = &node.style;
    let shadows = style.box_shadow.as_deref().unwrap_or(&[]);
    let inner = b.radii.inset(b.border_widths);
    let shadow = |s: &mica_layout::style::shadow::BoxShadow| {
        let px = mica_layout::style::shadow::BoxShadow::px;
        ShadowItem::new(
            [px(s.x), px(s.y), px(s.blur), px(s.spread)],
            s.color.unwrap_or(style.color),
            s.inset,
            (b.border_box, b.radii),
            (b.padding, inner),
        )
        .map(|s| DisplayItem::Shadow(Box::new(s)))
    };
    items.extend(shadows.iter().rev().filter(|s| !s.inset).filter_map(shadow));
    let bg = style.background_color;
    if !bg.is_transparent() {
        items.push(DisplayItem::Rect {
            rect: b.border_box,
            radii: b.radii,
            color: bg,
        });
    }
    if let Some(images) = &style.background_image {
        items.extend(images.iter().rev().filter_map(|image| {
            match image {
                Image::Gradient(g) => GradientItem::new(g, b.padding, b.border_box, b.radii, 1.0)
                    .map(|g| DisplayItem::Gradient(Box::new(g))),
                Image::Url(src) => Some(DisplayItem::BackgroundImage(Box::new(
                    BackgroundImageItem {
                        src: src.to_string(),
                        rect: b.border_box,
                        radii: b.radii,
                        area: b.padding,
                        tile: style.background_tile,
                        opacity: 1.0,
                    },
                ))),
            }
        }));
    }
    items.extend(shadows.iter().rev().filter(|s| s.inset).filter_map(shadow));
    let colors = style.border_color;
    let visible = (0..4).any(|i| b.border_widths[i] > 0.0 && !colors[i].is_transparent());
    let styles = style.border_line_style;
    let styled = styles
        .iter()
        .any(|s| matches!(s, LineStyle::Dashed | LineStyle::Dotted));
    if visible && styled {
        items.push(DisplayItem::StyledBorder(Box::new(StyledBorderItem {
            rect: b.border_box,
            widths: b.border_widths,
            colors,
            radii: b.radii,
            styles,
        })));
    } else if visible {
        items.push(DisplayItem::Border {
            rect: b.border_box,
            widths: b.border_widths,
            colors,
            radii: b.radii,
        });
    }
}

fn push_text(doc: &Document, node: &Node, b: &Boxes, opacity: f32, items: &mut Vec<DisplayItem>) {
    if node.text_layout.is_none() {
        return;
    }
    // A text node has no style of its own; its colour is its parent element's (the
    // cascade may or may not copy inherited values onto text nodes).
    let color = match (node.kind == NodeKind::Text, node.parent) {
        (true, Some(p)) => doc.get(p).map_or(node.style.color, |p| p.style.color),
        _ => node.style.color,
    };
    crate::text_items::push_text_items(node, b.content, fade(color, opacity), opacity, items);
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
