//! Drawing a [`DisplayList`] into a tiny-skia pixmap.
//!
//! With a damage rectangle the painter renders only that region (rounded out to whole
//! pixels) into a scratch pixmap and copies it back, so pixels outside never change and
//! items outside are skipped; a culled `PushClip` skips its whole subtree. Clips are
//! kept as a stack of a pixel-aligned rectangle plus, only when needed (rounded corners
//! that reach the painted region, fractional edges, nesting under such a clip), a
//! tiny-skia [`Mask`] the size of the target.

use mica_layout::{Color, Document, Rect};
use tiny_skia::{
    FillRule, FilterQuality, Mask, Paint, Path, Pattern, Pixmap, PixmapPaint, SpreadMode,
    Transform,
};

use crate::display_list::{self, DisplayItem, DisplayList, GlyphRun, ImageItem};
use crate::glyphs::{blend_pixel, mul255, GlyphCache, GlyphSource};
use crate::image::{ImageCache, ImageSource};
use crate::shapes::{
    contains_rect, inset_rect, intersects, polygon, ring_path, rrect_path, sk_rect, Radii,
};

/// Counters of one paint, for tests and `mica bench`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PaintStats {
    /// Items drawn.
    pub drawn: u32,
    /// Items (or clipped subtrees) skipped because they lie outside the damage.
    pub culled: u32,
    /// Pixels repainted.
    pub pixels: u64,
}

/// Paints documents. Holds the glyph and image caches between frames.
#[derive(Debug, Default)]
pub struct Renderer {
    glyphs: GlyphCache,
    images: ImageCache,
}

impl Renderer {
    /// A renderer with default cache budgets.
    pub fn new() -> Self {
        Self::default()
    }

    /// The glyph cache.
    pub fn glyph_cache(&self) -> &GlyphCache {
        &self.glyphs
    }

    /// The image cache (for example to invalidate a changed file).
    pub fn image_cache_mut(&mut self) -> &mut ImageCache {
        &mut self.images
    }

    /// Paints a laid-out document. With `damage`, only pixels inside it (rounded out to
    /// whole pixels) change; with `None` the whole pixmap is repainted.
    pub fn paint(
        &mut self,
        doc: &Document,
        fonts: &dyn GlyphSource,
        images: &dyn ImageSource,
        pixmap: &mut Pixmap,
        damage: Option<Rect>,
    ) -> PaintStats {
        let list = display_list::build(doc);
        self.paint_list(&list, fonts, images, pixmap, damage)
    }

    /// Paints an already built display list; see [`Renderer::paint`].
    pub fn paint_list(
        &mut self,
        list: &DisplayList,
        fonts: &dyn GlyphSource,
        images: &dyn ImageSource,
        pixmap: &mut Pixmap,
        damage: Option<Rect>,
    ) -> PaintStats {
        let (w, h) = (pixmap.width() as i32, pixmap.height() as i32);
        let (x0, y0, x1, y1) = match damage {
            None => (0, 0, w, h),
            Some(d) if d.is_empty() || !d.x.is_finite() || !d.y.is_finite() => {
                return PaintStats::default()
            }
            Some(d) => (
                clamp_i32(d.x.floor(), w),
                clamp_i32(d.y.floor(), h),
                clamp_i32((d.x + d.width).ceil(), w),
                clamp_i32((d.y + d.height).ceil(), h),
            ),
        };
        if x1 <= x0 || y1 <= y0 {
            return PaintStats::default();
        }
        let full = (x0, y0, x1, y1) == (0, 0, w, h);
        let mut stats = PaintStats {
            pixels: ((x1 - x0) as u64) * ((y1 - y0) as u64),
            ..PaintStats::default()
        };
        if full {
            self.paint_region(list, fonts, images, pixmap, (0, 0), &mut stats);
            return stats;
        }
        let Some(mut scratch) = Pixmap::new((x1 - x0) as u32, (y1 - y0) as u32) else {
            return PaintStats::default();
        };
        self.paint_region(list, fonts, images, &mut scratch, (x0, y0), &mut stats);
        let row = (x1 - x0) as usize * 4;
        let stride = w as usize * 4;
        let dst = pixmap.data_mut();
        for (i, src) in scratch.data().chunks_exact(row).enumerate() {
            let start = (y0 as usize + i) * stride + x0 as usize * 4;
            dst[start..start + row].copy_from_slice(src);
        }
        stats
    }

    fn paint_region(
        &mut self,
        list: &DisplayList,
        fonts: &dyn GlyphSource,
        images: &dyn ImageSource,
        target: &mut Pixmap,
        origin: (i32, i32),
        stats: &mut PaintStats,
    ) {
        target.fill(sk_color(list.background));
        let region = Rect::new(
            origin.0 as f32,
            origin.1 as f32,
            target.width() as f32,
            target.height() as f32,
        );
        let mut painter = Painter {
            target,
            origin,
            ts: Transform::from_translate(-origin.0 as f32, -origin.1 as f32),
            region,
            clips: vec![Clip {
                rect: region,
                mask: None,
                rect_mask: None,
            }],
            glyphs: &mut self.glyphs,
            fonts,
            images: &mut self.images,
            source: images,
        };
        painter.run(&list.items, stats);
    }
}

fn clamp_i32(v: f32, max: i32) -> i32 {
    if v.is_nan() {
        0
    } else {
        v.clamp(0.0, max as f32) as i32
    }
}

fn sk_color(c: Color) -> tiny_skia::Color {
    tiny_skia::Color::from_rgba8(c.r, c.g, c.b, c.a)
}

fn solid(c: Color) -> Paint<'static> {
    let mut paint = Paint::default();
    paint.set_color_rgba8(c.r, c.g, c.b, c.a);
    paint.anti_alias = true;
    paint
}

fn is_pixel_aligned(r: &Rect) -> bool {
    let aligned = |v: f32| (v - v.round()).abs() < 1e-3;
    aligned(r.x) && aligned(r.y) && aligned(r.x + r.width) && aligned(r.y + r.height)
}

/// One level of the clip stack, in device px.
struct Clip {
    /// Everything outside is clipped; pixel-aligned when `mask` is `None`.
    rect: Rect,
    /// The exact clip as coverage, when a rectangle cannot express it.
    mask: Option<Mask>,
    /// `rect` as a mask, made on first need for shapes that cross it.
    rect_mask: Option<Mask>,
}

struct Painter<'a> {
    target: &'a mut Pixmap,
    origin: (i32, i32),
    ts: Transform,
    region: Rect,
    clips: Vec<Clip>,
    glyphs: &'a mut GlyphCache,
    fonts: &'a dyn GlyphSource,
    images: &'a mut ImageCache,
    source: &'a dyn ImageSource,
}

impl Painter<'_> {
    fn clip(&self) -> &Clip {
        &self.clips[self.clips.len() - 1]
    }

    fn run(&mut self, items: &[DisplayItem], stats: &mut PaintStats) {
        let mut i = 0;
        while i < items.len() {
            match &items[i] {
                DisplayItem::PushClip { rect, radii, end } => {
                    let visible = self.clip().rect.intersect(rect);
                    if visible.is_empty() {
                        stats.culled += 1;
                        i = end.saturating_add(1);
                        continue;
                    }
                    self.push_clip(*rect, radii, visible);
                }
                DisplayItem::PopClip => {
                    if self.clips.len() > 1 {
                        self.clips.pop();
                    }
                }
                item => {
                    let visible = item
                        .bounds()
                        .is_some_and(|b| intersects(&b, &self.clip().rect));
                    if visible {
                        stats.drawn += 1;
                        self.draw(item);
                    } else {
                        stats.culled += 1;
                    }
                }
            }
            i += 1;
        }
    }

    fn draw(&mut self, item: &DisplayItem) {
        match item {
            DisplayItem::Rect { rect, radii, color } => {
                let paint = solid(*color);
                if radii.is_zero() {
                    self.fill_rect(*rect, &paint);
                } else if let Some(path) = rrect_path(*rect, radii) {
                    self.fill_path(&path, *rect, &paint, FillRule::Winding);
                }
            }
            DisplayItem::Border {
                rect,
                widths,
                colors,
                radii,
            } => self.draw_border(*rect, *widths, *colors, radii),
            DisplayItem::Glyphs(run) => self.draw_glyphs(run),
            DisplayItem::Image(image) => self.draw_image(image),
            DisplayItem::PushClip { .. } | DisplayItem::PopClip => {}
        }
    }

    fn push_clip(&mut self, rect: Rect, radii: &Radii, visible: Rect) {
        let parent = self.clip();
        // Rounded corners matter only if the painted region reaches a corner box.
        let (rx, ry) = radii.max_extent();
        let corners_out_of_reach = radii.is_zero()
            || (visible.x >= rect.x + rx && visible.x + visible.width <= rect.x + rect.width - rx)
            || (visible.y >= rect.y + ry && visible.y + visible.height <= rect.y + rect.height - ry);
        if parent.mask.is_none() && corners_out_of_reach && is_pixel_aligned(&visible) {
            self.clips.push(Clip {
                rect: visible,
                mask: None,
                rect_mask: None,
            });
            return;
        }
        let mask = self.make_mask(rect, radii);
        self.clips.push(Clip {
            rect: visible,
            mask,
            rect_mask: None,
        });
    }

    /// A target-sized mask of the rounded rectangle intersected with the current clip.
    fn make_mask(&self, rect: Rect, radii: &Radii) -> Option<Mask> {
        let (w, h) = (self.target.width(), self.target.height());
        let mut mask = Mask::new(w, h)?;
        let path = rrect_path(rect, radii)?;
        mask.fill_path(&path, FillRule::Winding, true, self.ts);
        let parent = self.clip();
        if let Some(pm) = &parent.mask {
            for (a, b) in mask.data_mut().iter_mut().zip(pm.data()) {
                *a = mul255(u32::from(*a), u32::from(*b)) as u8;
            }
        } else if parent.rect != self.region {
            // Pixel-aligned parent rectangle: zero everything outside it.
            let (px0, py0, px1, py1) = self.to_pixels(&parent.rect);
            for (y, row) in mask.data_mut().chunks_exact_mut(w as usize).enumerate() {
                let y = y as i32;
                if y < py0 || y >= py1 {
                    row.fill(0);
                } else {
                    row[..px0 as usize].fill(0);
                    row[px1 as usize..].fill(0);
                }
            }
        }
        Some(mask)
    }

    /// A device rectangle as target pixel bounds (x0, y0, x1, y1), clamped.
    fn to_pixels(&self, r: &Rect) -> (i32, i32, i32, i32) {
        let (w, h) = (self.target.width() as i32, self.target.height() as i32);
        let (ox, oy) = (self.origin.0 as f32, self.origin.1 as f32);
        (
            clamp_i32((r.x - ox).round(), w),
            clamp_i32((r.y - oy).round(), h),
            clamp_i32((r.x + r.width - ox).round(), w),
            clamp_i32((r.y + r.height - oy).round(), h),
        )
    }

    /// The mask to draw a shape with `bounds` through, or `None` when the shape needs no
    /// clipping beyond the target's own edges.
    fn mask_for(&mut self, bounds: &Rect) -> Option<&Mask> {
        let region = self.region;
        let (w, h) = (self.target.width(), self.target.height());
        let ts = self.ts;
        let last = self.clips.len() - 1;
        let clip = &mut self.clips[last];
        if clip.mask.is_some() {
            return clip.mask.as_ref();
        }
        if clip.rect == region || contains_rect(&clip.rect, bounds) {
            return None;
        }
        if clip.rect_mask.is_none() {
            let mut m = Mask::new(w, h)?;
            let path = sk_rect(clip.rect).map(tiny_skia::PathBuilder::from_rect)?;
            m.fill_path(&path, FillRule::Winding, false, ts);
            clip.rect_mask = Some(m);
        }
        clip.rect_mask.as_ref()
    }

    fn fill_rect(&mut self, rect: Rect, paint: &Paint<'_>) {
        // With no mask the clip is a pixel-aligned rectangle: clipping the geometry is
        // exact and cheaper than a mask.
        let r = rect.intersect(&self.clip().rect);
        let Some(sr) = sk_rect(r) else { return };
        let ts = self.ts;
        let mask = self.clip().mask.as_ref();
        self.target.fill_rect(sr, paint, ts, mask);
    }

    fn fill_path(&mut self, path: &Path, bounds: Rect, paint: &Paint<'_>, rule: FillRule) {
        let ts = self.ts;
        // Split borrows: the mask lives in `clips`, the pixels in `target`.
        let mask = match self.mask_for(&bounds) {
            Some(m) => Some(m.clone()),
            None => None,
        };
        self.target.fill_path(path, paint, rule, ts, mask.as_ref());
    }

    fn draw_border(&mut self, rect: Rect, widths: [f32; 4], colors: [Color; 4], radii: &Radii) {
        let inner = inset_rect(rect, widths);
        let inner_radii = radii.inset(widths);
        let mut sides = (0..4).filter(|&i| widths[i] > 0.0 && !colors[i].is_transparent());
        let Some(first) = sides.next() else { return };
        let uniform = sides.all(|i| colors[i] == colors[first])
            && (0..4).all(|i| widths[i] <= 0.0 || colors[i] == colors[first]);
        if uniform {
            if let Some(path) = ring_path(rect, radii, inner, &inner_radii) {
                self.fill_path(&path, rect, &solid(colors[first]), FillRule::EvenOdd);
            }
            return;
        }
        // Several colours: paint each side's wedge (split along the lines from the outer
        // to the inner corners, CSS Backgrounds 3 §5.4) into a box-sized layer, keep only
        // the ring, and composite the layer.
        let (lx, ly) = (rect.x.floor(), rect.y.floor());
        let lw = ((rect.x + rect.width).ceil() - lx) as u32;
        let lh = ((rect.y + rect.height).ceil() - ly) as u32;
        let Some(mut layer) = Pixmap::new(lw, lh) else { return };
        let local = Transform::from_translate(-lx, -ly);
        let [t, r, b, l] = widths;
        let (x0, y0, x1, y1) = (rect.x, rect.y, rect.x + rect.width, rect.y + rect.height);
        let (cx, cy) = (x0 + rect.width / 2.0, y0 + rect.height / 2.0);
        let wedges = [
            (t, [(x0, y0), (x1, y0), (x1 - r * k(cy - y0, t), cy), (x0 + l * k(cy - y0, t), cy)]),
            (r, [(x1, y0), (x1, y1), (cx, y1 - b * k(x1 - cx, r)), (cx, y0 + t * k(x1 - cx, r))]),
            (b, [(x1, y1), (x0, y1), (x0 + l * k(y1 - cy, b), cy), (x1 - r * k(y1 - cy, b), cy)]),
            (l, [(x0, y1), (x0, y0), (cx, y0 + t * k(cx - x0, l)), (cx, y1 - b * k(cx - x0, l))]),
        ];
        for (i, (width, points)) in wedges.iter().enumerate() {
            if *width <= 0.0 || colors[i].is_transparent() {
                continue;
            }
            if let Some(path) = polygon(points) {
                let mut paint = solid(colors[i]);
                paint.anti_alias = false;
                layer.fill_path(&path, &paint, FillRule::Winding, local, None);
            }
        }
        let Some(mut ring) = Mask::new(lw, lh) else { return };
        if let Some(path) = ring_path(rect, radii, inner, &inner_radii) {
            ring.fill_path(&path, FillRule::EvenOdd, true, local);
        }
        layer.apply_mask(&ring);
        let (dx, dy) = (lx as i32 - self.origin.0, ly as i32 - self.origin.1);
        let mask = self.mask_for(&rect).cloned();
        self.target.draw_pixmap(
            dx,
            dy,
            layer.as_ref(),
            &PixmapPaint::default(),
            Transform::identity(),
            mask.as_ref(),
        );
    }

    fn draw_glyphs(&mut self, run: &GlyphRun) {
        let color = [run.color.r, run.color.g, run.color.b, run.color.a];
        let (cx0, cy0, cx1, cy1) = self.to_pixels(&self.clip().rect);
        let (ox, oy) = self.origin;
        let width = self.target.width() as usize;
        let baseline = run.baseline.round() as i32 - oy;
        for g in &run.glyphs {
            let Some(bitmap) = self.glyphs.get(self.fonts, g.face, g.glyph, run.size) else {
                continue;
            };
            let gx = (run.x + g.x).round() as i32 - ox + bitmap.left;
            let gy = baseline + bitmap.top;
            let (bw, bh) = (bitmap.width as i32, bitmap.height as i32);
            let (sx0, sy0) = (gx.max(cx0), gy.max(cy0));
            let (sx1, sy1) = ((gx + bw).min(cx1), (gy + bh).min(cy1));
            if sx1 <= sx0 || sy1 <= sy0 {
                continue;
            }
            let clip = &self.clips[self.clips.len() - 1];
            let data = self.target.data_mut();
            for y in sy0..sy1 {
                let row = ((y - gy) * bw) as usize;
                for x in sx0..sx1 {
                    let mut cov = u32::from(bitmap.coverage[row + (x - gx) as usize]);
                    let idx = y as usize * width + x as usize;
                    if let Some(m) = &clip.mask {
                        cov = mul255(cov, u32::from(m.data()[idx]));
                    }
                    if cov > 0 {
                        blend_pixel(&mut data[idx * 4..idx * 4 + 4], color, cov);
                    }
                }
            }
        }
    }

    fn draw_image(&mut self, item: &ImageItem) {
        let Some(pixmap) = self.images.get(&item.src, self.source) else {
            return;
        };
        let (iw, ih) = (pixmap.width() as f32, pixmap.height() as f32);
        let dest = item.mode.fit(item.rect, (iw, ih));
        let visible = dest.intersect(&item.rect).intersect(&self.clip().rect);
        if visible.is_empty() {
            return;
        }
        let shader_ts = Transform::from_row(
            dest.width / iw,
            0.0,
            0.0,
            dest.height / ih,
            dest.x,
            dest.y,
        );
        let mut paint = Paint {
            anti_alias: true,
            ..Paint::default()
        };
        paint.shader = Pattern::new(
            pixmap.as_ref(),
            SpreadMode::Pad,
            FilterQuality::Bilinear,
            item.opacity.clamp(0.0, 1.0),
            shader_ts,
        );
        if item.radii.is_zero() {
            self.fill_rect(visible, &paint);
        } else if contains_rect(&dest, &item.rect) {
            if let Some(path) = rrect_path(item.rect, &item.radii) {
                self.fill_path(&path, item.rect, &paint, FillRule::Winding);
            }
        } else if let Some(mask) = self.make_mask(item.rect, &item.radii) {
            // Letterboxed and rounded: the rounded box and the picture's own edges both
            // clip; the rectangle does the latter.
            let ts = self.ts;
            if let Some(sr) = sk_rect(visible) {
                self.target.fill_rect(sr, &paint, ts, Some(&mask));
            }
        }
    }
}

/// How far along a corner's split line to go to reach the box's middle: `half / width`
/// of the side, capped so degenerate boxes stay finite.
fn k(half: f32, width: f32) -> f32 {
    if width > 0.0 {
        (half / width).min(1.0e4)
    } else {
        0.0
    }
}
