//! Helpers: documents built by hand (no cascade, no layout) and pixel access.

use std::collections::HashMap;
use std::sync::Arc;

use mica_layout::{Color, ComputedStyle, Document, FaceId, NodeId, Rect};
use mica_renderer::{GlyphSource, ImageSource, NoGlyphs, NoImages, Renderer};
use tiny_skia::Pixmap;

pub const WHITE: (u8, u8, u8, u8) = (255, 255, 255, 255);
pub const RED: Color = Color::rgba(255, 0, 0, 255);
pub const GREEN: Color = Color::rgba(0, 255, 0, 255);
pub const BLUE: Color = Color::rgba(0, 0, 255, 255);

/// A document whose root page covers `w` x `h`.
pub fn page(w: f32, h: f32) -> Document {
    let mut doc = Document::new();
    let root = doc.root();
    doc.node_mut(root).rect = Rect::new(0.0, 0.0, w, h);
    doc
}

/// Appends an element with an absolute border box and a styled tweak.
pub fn add(
    doc: &mut Document,
    parent: NodeId,
    tag: &str,
    rect: Rect,
    style: impl FnOnce(&mut ComputedStyle),
) -> NodeId {
    let id = doc.create_element(tag);
    doc.append_child(parent, id);
    let node = doc.node_mut(id);
    node.rect = rect;
    style(&mut node.style);
    id
}

/// Sets all four border widths (px) of a style.
pub fn border(style: &mut ComputedStyle, widths: [f32; 4]) {
    let b = &mut style.layout.border;
    b.top = taffy::LengthPercentage::length(widths[0]);
    b.right = taffy::LengthPercentage::length(widths[1]);
    b.bottom = taffy::LengthPercentage::length(widths[2]);
    b.left = taffy::LengthPercentage::length(widths[3]);
}

/// Paints the whole document into a new pixmap.
pub fn paint(doc: &Document, w: u32, h: u32) -> Pixmap {
    paint_with(doc, w, h, &NoImages)
}

/// Paints the whole document with images.
pub fn paint_with(doc: &Document, w: u32, h: u32, images: &dyn ImageSource) -> Pixmap {
    let mut pixmap = Pixmap::new(w, h).expect("test pixmap");
    Renderer::new().paint(doc, &NoGlyphs, images, &mut pixmap, None);
    pixmap
}

/// A pixel as straight RGBA.
pub fn px(p: &Pixmap, x: u32, y: u32) -> (u8, u8, u8, u8) {
    let c = p.pixel(x, y).expect("pixel in range").demultiply();
    (c.red(), c.green(), c.blue(), c.alpha())
}

/// True when every channel is within `tol` of the colour.
pub fn near(actual: (u8, u8, u8, u8), expected: (u8, u8, u8, u8), tol: u8) -> bool {
    actual.0.abs_diff(expected.0) <= tol
        && actual.1.abs_diff(expected.1) <= tol
        && actual.2.abs_diff(expected.2) <= tol
        && actual.3.abs_diff(expected.3) <= tol
}

pub fn rgba(c: Color) -> (u8, u8, u8, u8) {
    (c.r, c.g, c.b, c.a)
}

/// Images from memory, counting loads.
#[derive(Default)]
pub struct MemImages {
    pub files: HashMap<String, Arc<Vec<u8>>>,
    pub loads: std::cell::Cell<u32>,
}

impl MemImages {
    pub fn with(files: &[(&str, Vec<u8>)]) -> Self {
        MemImages {
            files: files
                .iter()
                .map(|(k, v)| (k.to_string(), Arc::new(v.clone())))
                .collect(),
            loads: std::cell::Cell::new(0),
        }
    }
}

impl ImageSource for MemImages {
    fn load(&self, src: &str) -> Option<Arc<Vec<u8>>> {
        self.loads.set(self.loads.get() + 1);
        self.files.get(src).cloned()
    }
}

/// Encodes a PNG with the png crate.
pub fn png_bytes(
    w: u32,
    h: u32,
    color: png::ColorType,
    depth: png::BitDepth,
    data: &[u8],
    palette: Option<Vec<u8>>,
) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut e = png::Encoder::new(&mut out, w, h);
        e.set_color(color);
        e.set_depth(depth);
        if let Some(p) = palette {
            e.set_palette(p);
        }
        let mut wr = e.write_header().expect("png header");
        wr.write_image_data(data).expect("png data");
    }
    out
}

/// A `w` x `h` RGBA PNG whose left half is red and right half blue.
pub fn red_blue_png(w: u32, h: u32) -> Vec<u8> {
    let mut data = Vec::new();
    for _ in 0..h {
        for x in 0..w {
            data.extend_from_slice(if x < w / 2 {
                &[255, 0, 0, 255]
            } else {
                &[0, 0, 255, 255]
            });
        }
    }
    png_bytes(
        w,
        h,
        png::ColorType::Rgba,
        png::BitDepth::Eight,
        &data,
        None,
    )
}

/// Every glyph is a solid 6x10 block, 1 px right of the pen and 2 px below the
/// baseline (fontdue convention: `ymin = -2`); glyph 0 is blank like a space.
pub struct Blocks;

impl GlyphSource for Blocks {
    fn rasterize(&self, _: FaceId, glyph: u16, _: f32) -> Option<(fontdue::Metrics, Vec<u8>)> {
        if glyph == 0 {
            return None;
        }
        let m = fontdue::Metrics {
            xmin: 1,
            ymin: -2,
            width: 6,
            height: 10,
            ..Default::default()
        };
        Some((m, vec![255; 60]))
    }
}
