//! Drawing a [`DisplayList`] into a tiny-skia pixmap.
//!
//! With a damage rectangle the painter renders only that region (rounded out to whole
//! pixels) into a scratch pixmap and copies it back, so pixels outside never change and
//! items outside are skipped; a culled `PushClip` skips its whole subtree. Clips are
//! kept as a stack of a pixel-aligned rectangle plus, only when needed (rounded corners
//! that reach the painted region, fractional edges, nesting under such a clip), a
//! tiny-skia [`Mask`] the size of the target.
//!
//! A damage repaint is bit-identical to a full repaint inside the damage: rectangles
//! are cut into whole-pixel pieces with analytic coverage, and rounded shapes into a
//! nine-patch whose corner cells are rasterised in their own small layers (see
//! `NinePatch`), so nothing is ever rasterised differently because the region clipped it.
//! Shadows and dashed borders are rasterised from their item alone into whole-pixel
//! layers for the same reason; compositing groups (opacity, transforms) are painted by
//! a nested painter (see `layers`).

mod layers;
mod tiles;

use mica_layout::{Color, Document, Rect};
use tiny_skia::{
    FillRule, FilterQuality, Mask, Paint, Path, Pattern, Pixmap, PixmapPaint, SpreadMode, Transform,
};

use crate::display_list::{self, DisplayItem, DisplayList, GlyphRun, ImageItem};
use crate::glyphs::{mul255, GlyphCache, GlyphSource};
use crate::image::{ImageCache, ImageSource};
use crate::shapes::{
    border_wedges, contains_rect, inset_rect, intersects, polygon, ring_path, round_out,
    rrect_path, sk_rect, NinePatch, Radii,
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
        let list = display_list::build_culled(doc, damage.as_ref().map(reach));
        self.paint_list(&list, fonts, images, pixmap, damage)
    }

    /// Paints a laid-out document whose viewport is `size` into the part of `pixmap`
    /// that starts at `offset` (a page under a navigation bar, a bar over the page).
    /// `damage` is in the document's coordinates, as for [`Renderer::paint`]; `None`
    /// repaints the whole `size` area. Nothing outside that area changes.
    pub fn paint_at(
        &mut self,
        doc: &Document,
        fonts: &dyn GlyphSource,
        images: &dyn ImageSource,
        pixmap: &mut Pixmap,
        damage: Option<Rect>,
        place: Placement,
    ) -> PaintStats {
        let Placement { offset, size } = place;
        let whole = (offset == (0, 0)) && size == (pixmap.width(), pixmap.height());
        if whole {
            return self.paint(doc, fonts, images, pixmap, damage);
        }
        // The part of the area that lies on the pixmap, in document coordinates.
        let area = Rect::new(0.0, 0.0, size.0 as f32, size.1 as f32);
        let on_pixmap = Rect::new(
            -offset.0 as f32,
            -offset.1 as f32,
            pixmap.width() as f32,
            pixmap.height() as f32,
        );
        let d = damage
            .unwrap_or(area)
            .intersect(&area)
            .intersect(&on_pixmap);
        if d.is_empty() || !d.x.is_finite() || !d.y.is_finite() {
            return PaintStats::default();
        }
        let r = round_out(&d);
        let list = display_list::build_culled(doc, Some(reach(&d)));
        let (x0, y0) = (r.x as i32, r.y as i32);
        let (x1, y1) = (
            ((r.x + r.width) as i32).min(size.0 as i32),
            ((r.y + r.height) as i32).min(size.1 as i32),
        );
        if x1 <= x0 || y1 <= y0 {
            return PaintStats::default();
        }
        let Some(mut scratch) = Pixmap::new((x1 - x0) as u32, (y1 - y0) as u32) else {
            return PaintStats::default();
        };
        let mut stats = PaintStats {
            pixels: ((x1 - x0) as u64) * ((y1 - y0) as u64),
            ..PaintStats::default()
        };
        self.paint_region(&list, fonts, images, &mut scratch, (x0, y0), &mut stats);
        copy_rows(&scratch, pixmap, (x0 + offset.0, y0 + offset.1));
        stats
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
        copy_rows(&scratch, pixmap, (x0, y0));
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
            }],
            glyphs: &mut self.glyphs,
            fonts,
            images: &mut self.images,
            source: images,
        };
        painter.run(&list.items, 0, list.items.len(), stats);
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

/// Where a document's viewport lies on the pixmap ([`Renderer::paint_at`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    /// The pixmap pixel the document's (0, 0) lands on.
    pub offset: (i32, i32),
    /// The viewport's size in px.
    pub size: (u32, u32),
}

/// What can reach the pixels of `damage`: it rounded out to whole pixels, plus a pixel of
/// margin. Only that is resolved into the display list of a partial repaint.
fn reach(damage: &Rect) -> Rect {
    let r = round_out(damage);
    Rect::new(r.x - 1.0, r.y - 1.0, r.width + 2.0, r.height + 2.0)
}

/// Copies `src` into `dst` with its top-left pixel at `at`; rows that would not fit
/// whole are skipped.
fn copy_rows(src: &Pixmap, dst: &mut Pixmap, at: (i32, i32)) {
    let (dw, dh) = (dst.width() as i32, dst.height() as i32);
    let w = src.width() as i32;
    if at.0 < 0 || at.0 + w > dw {
        return;
    }
    let row = w as usize * 4;
    let stride = dw as usize * 4;
    let data = dst.data_mut();
    for (i, line) in src.data().chunks_exact(row).enumerate() {
        let y = at.1 + i as i32;
        if (0..dh).contains(&y) {
            let start = y as usize * stride + at.0 as usize * 4;
            data[start..start + row].copy_from_slice(line);
        }
    }
}

/// One level of the clip stack, in device px.
struct Clip {
    /// Whole-pixel rectangle; everything outside is clipped.
    rect: Rect,
    /// The exact clip as coverage (target-sized), when a rectangle cannot express it.
    mask: Option<Mask>,
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

    /// Paints `items[from..to]`; indices in the items (a clip's or layer's `end`) are
    /// into the whole slice.
    fn run(&mut self, items: &[DisplayItem], from: usize, to: usize, stats: &mut PaintStats) {
        let mut i = from;
        while i < to.min(items.len()) {
            match &items[i] {
                DisplayItem::PushLayer(layer) => {
                    let visible = layer.device_bounds().intersect(&self.clip().rect);
                    if visible.is_empty() {
                        stats.culled += 1;
                    } else {
                        stats.drawn += 1;
                        self.paint_layer(items, i, layer, visible, stats);
                    }
                    i = layer.end.max(i).saturating_add(1);
                    continue;
                }
                DisplayItem::PopLayer => {}
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
                if radii.is_zero() {
                    self.fill_rect(*rect, *color);
                } else {
                    let color = *color;
                    self.fill_rounded(*rect, radii, &|c| solid(fade(color, c)), None);
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
            DisplayItem::BackgroundImage(image) => self.draw_background_image(image),
            DisplayItem::StyledBorder(border) => {
                if let Some((layer, cell)) = border.rasterize(self.clip().rect) {
                    self.composite(&layer, &cell);
                }
            }
            DisplayItem::Shadow(shadow) => {
                if let Some((layer, cell)) = shadow.rasterize(self.clip().rect) {
                    self.composite(&layer, &cell);
                }
            }
            DisplayItem::Gradient(g) => {
                let make = |coverage: f32| {
                    let mut paint = Paint {
                        anti_alias: true,
                        ..Paint::default()
                    };
                    match g.shader(coverage) {
                        Some(shader) => paint.shader = shader,
                        None => paint.set_color_rgba8(0, 0, 0, 0),
                    }
                    paint
                };
                if g.radii.is_zero() {
                    self.fill_rect_with(g.rect, &make);
                } else {
                    self.fill_rounded(g.rect, &g.radii, &make, None);
                }
            }
            DisplayItem::PushClip { .. }
            | DisplayItem::PopClip
            | DisplayItem::PushLayer(_)
            | DisplayItem::PopLayer => {}
        }
    }

    fn push_clip(&mut self, rect: Rect, radii: &Radii, visible: Rect) {
        let parent = self.clip();
        // Rounded corners matter only if the painted region reaches a corner box.
        let (rx, ry) = radii.max_extent();
        let corners_out_of_reach = radii.is_zero()
            || (visible.x >= rect.x + rx && visible.x + visible.width <= rect.x + rect.width - rx)
            || (visible.y >= rect.y + ry
                && visible.y + visible.height <= rect.y + rect.height - ry);
        if parent.mask.is_none() && corners_out_of_reach && is_pixel_aligned(&visible) {
            self.clips.push(Clip {
                rect: visible,
                mask: None,
            });
            return;
        }
        let mask = self.clip_mask(rect, radii);
        self.clips.push(Clip {
            rect: round_out(&visible),
            mask,
        });
    }

    /// A target-sized mask of the rounded rectangle intersected with the current clip.
    fn clip_mask(&self, rect: Rect, radii: &Radii) -> Option<Mask> {
        let (w, h) = (self.target.width(), self.target.height());
        let mut mask = Mask::new(w, h)?;
        let grid = NinePatch::new(rect, radii, [0.0; 4]);
        for cell in grid.straights() {
            self.cover_rect(&mut mask, &cell.intersect(&rect));
        }
        let path = rrect_path(rect, radii)?;
        for cell in grid.corners() {
            if let Some(cov) = cell_coverage(&path, FillRule::Winding, &cell) {
                self.copy_cell(&mut mask, &cov, &cell);
            }
        }
        let parent = self.clip();
        if let Some(pm) = &parent.mask {
            for (a, b) in mask.data_mut().iter_mut().zip(pm.data()) {
                *a = mul255(u32::from(*a), u32::from(*b)) as u8;
            }
        } else if parent.rect != self.region {
            // Whole-pixel parent rectangle: zero everything outside it.
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

    /// Writes the exact area coverage of a device rectangle into a target-sized mask.
    fn cover_rect(&self, mask: &mut Mask, r: &Rect) {
        if r.is_empty() {
            return;
        }
        let (ox, oy) = (self.origin.0 as f32, self.origin.1 as f32);
        let (x0, y0, x1, y1) = self.to_pixels(&round_out(r));
        let width = mask.width() as usize;
        let overlap = |p: f32, lo: f32, hi: f32| (hi.min(p + 1.0) - lo.max(p)).clamp(0.0, 1.0);
        let data = mask.data_mut();
        for y in y0..y1 {
            let cy = overlap(y as f32 + oy, r.y, r.y + r.height);
            for x in x0..x1 {
                let cx = overlap(x as f32 + ox, r.x, r.x + r.width);
                data[y as usize * width + x as usize] = (cx * cy * 255.0).round() as u8;
            }
        }
    }

    /// Copies a cell-sized coverage mask into a target-sized one.
    fn copy_cell(&self, mask: &mut Mask, cov: &Mask, cell: &Rect) {
        let (x0, y0, x1, y1) = self.to_pixels(cell);
        let (cx, cy) = (cell.x as i32 - self.origin.0, cell.y as i32 - self.origin.1);
        let (width, cw) = (mask.width() as usize, cov.width() as usize);
        let data = mask.data_mut();
        for y in y0..y1 {
            let src = (y - cy) as usize * cw;
            let dst = y as usize * width;
            for x in x0..x1 {
                data[dst + x as usize] = cov.data()[src + (x - cx) as usize];
            }
        }
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

    /// Fills a rectangle with a solid colour through the current clip.
    fn fill_rect(&mut self, rect: Rect, color: Color) {
        self.fill_rect_with(rect, &|coverage| solid(fade(color, coverage)));
    }

    /// Fills a rectangle through the current clip with the paint `make` returns for a
    /// coverage in 0..=1. The rectangle is cut into whole-pixel pieces (interior, edge
    /// strips, corner pixels) whose exact area coverage scales the paint, so the result
    /// never depends on where the damage region clips it (tiny-skia's own anti-aliased
    /// rectangle rounds differently once clipped).
    fn fill_rect_with<'p>(&mut self, rect: Rect, make: &dyn Fn(f32) -> Paint<'p>) {
        if rect.is_empty() || !intersects(&rect, &self.clip().rect) {
            return;
        }
        let clip = self.clip().rect;
        let ts = self.ts;
        for (ya, yb, cy) in spans(rect.y, rect.y + rect.height) {
            for (xa, xb, cx) in spans(rect.x, rect.x + rect.width) {
                let piece = Rect::new(xa, ya, xb - xa, yb - ya).intersect(&clip);
                let Some(sr) = sk_rect(piece) else { continue };
                let coverage = cx * cy;
                if coverage <= 0.0 {
                    continue;
                }
                let paint = make(coverage);
                let mask = self.clips.last().and_then(|c| c.mask.as_ref());
                self.target.fill_rect(sr, &paint, ts, mask);
            }
        }
    }

    /// Fills a rounded rectangle (optionally only where it overlaps `limit`): straight
    /// cells as rectangles, corner cells through their own coverage.
    fn fill_rounded<'p>(
        &mut self,
        rect: Rect,
        radii: &Radii,
        make: &dyn Fn(f32) -> Paint<'p>,
        limit: Option<Rect>,
    ) {
        let area = limit.map_or(rect, |l| l.intersect(&rect));
        if area.is_empty() {
            return;
        }
        let grid = NinePatch::new(rect, radii, [0.0; 4]);
        for cell in grid.straights() {
            self.fill_rect_with(cell.intersect(&area), make);
        }
        let Some(path) = rrect_path(rect, radii) else {
            return;
        };
        for cell in grid.corners() {
            if !self.cell_visible(&cell) || !intersects(&cell, &area) {
                continue;
            }
            let Some(cov) = cell_coverage(&path, FillRule::Winding, &cell) else {
                continue;
            };
            let Some(mut layer) = Pixmap::new(cell.width as u32, cell.height as u32) else {
                continue;
            };
            // Where the limit cuts the corner, the rectangle's own edge clips too.
            let fill = if limit.is_some_and(|l| !contains_rect(&l, &cell.intersect(&rect))) {
                area.intersect(&cell)
            } else {
                cell
            };
            if let Some(sr) = sk_rect(fill) {
                let local = Transform::from_translate(-cell.x, -cell.y);
                layer.fill_rect(sr, &make(1.0), local, Some(&cov));
            }
            self.composite(&layer, &cell);
        }
    }

    fn cell_visible(&self, cell: &Rect) -> bool {
        !cell.is_empty() && intersects(cell, &self.clip().rect)
    }

    /// Source-over draws a cell-sized layer at its cell through the current clip.
    fn composite(&mut self, layer: &Pixmap, cell: &Rect) {
        let vis = cell.intersect(&self.clip().rect);
        if vis.is_empty() {
            return;
        }
        let (dx, dy) = (vis.x as i32 - self.origin.0, vis.y as i32 - self.origin.1);
        let part;
        let src = if vis == *cell {
            layer
        } else {
            let r = tiny_skia::IntRect::from_xywh(
                (vis.x - cell.x) as i32,
                (vis.y - cell.y) as i32,
                vis.width as u32,
                vis.height as u32,
            );
            match r.and_then(|r| layer.clone_rect(r)) {
                Some(p) => {
                    part = p;
                    &part
                }
                None => return,
            }
        };
        let mask = self.clips.last().and_then(|c| c.mask.as_ref());
        self.target.draw_pixmap(
            dx,
            dy,
            src.as_ref(),
            &PixmapPaint::default(),
            Transform::identity(),
            mask,
        );
    }

    fn draw_border(&mut self, rect: Rect, widths: [f32; 4], colors: [Color; 4], radii: &Radii) {
        let [t, r, b, l] = widths;
        let (x0, y0, x1, y1) = (rect.x, rect.y, rect.x + rect.width, rect.y + rect.height);
        let grid = NinePatch::new(rect, radii, widths);
        let [xl, xr] = [grid.cols[1], grid.cols[2]];
        let [yt, yb] = [grid.rows[1], grid.rows[2]];
        // Straight bands, one colour each.
        let bands = [
            Rect::new(xl, y0, xr - xl, t),
            Rect::new(x1 - r, yt, r, yb - yt),
            Rect::new(xl, y1 - b, xr - xl, b),
            Rect::new(x0, yt, l, yb - yt),
        ];
        for (i, band) in bands.iter().enumerate() {
            if widths[i] > 0.0 && !colors[i].is_transparent() {
                self.fill_rect(band.intersect(&rect), colors[i]);
            }
        }
        // Corners: each side's wedge, split along the line from the outer to the inner
        // corner (CSS Backgrounds 3 §5.4), kept only inside the ring.
        let inner = inset_rect(rect, widths);
        let Some(ring) = ring_path(rect, radii, inner, &radii.inset(widths)) else {
            return;
        };
        let wedges = border_wedges(rect, widths);
        for cell in grid.corners() {
            if !self.cell_visible(&cell) {
                continue;
            }
            let Some(cov) = cell_coverage(&ring, FillRule::EvenOdd, &cell) else {
                continue;
            };
            let Some(mut layer) = Pixmap::new(cell.width as u32, cell.height as u32) else {
                continue;
            };
            let local = Transform::from_translate(-cell.x, -cell.y);
            for (i, points) in wedges.iter().enumerate() {
                if widths[i] <= 0.0 || colors[i].is_transparent() {
                    continue;
                }
                if let Some(path) = polygon(points) {
                    let mut paint = solid(colors[i]);
                    paint.anti_alias = false;
                    layer.fill_path(&path, &paint, FillRule::Winding, local, None);
                }
            }
            layer.apply_mask(&cov);
            self.composite(&layer, &cell);
        }
    }

    fn draw_glyphs(&mut self, run: &GlyphRun) {
        // Slant, blur and blending live with the glyph cache (`glyphs.rs`).
        let clip = self.to_pixels(&self.clip().rect);
        let width = self.target.width() as usize;
        let mask = self.clips[self.clips.len() - 1].mask.as_ref();
        let canvas = crate::glyphs::GlyphCanvas {
            data: self.target.data_mut(),
            width,
            clip,
            mask: mask.map(|m| m.data()),
            origin: self.origin,
        };
        crate::glyphs::draw_run(self.glyphs, self.fonts, run, canvas);
    }

    fn draw_image(&mut self, item: &ImageItem) {
        let Some(pixmap) = self.images.get(&item.src, self.source) else {
            return;
        };
        let (iw, ih) = (pixmap.width() as f32, pixmap.height() as f32);
        let dest = item.mode.fit(item.rect, (iw, ih));
        let visible = dest.intersect(&item.rect);
        if visible.is_empty() {
            return;
        }
        // Drawn at a whole-pixel size (the usual case after layout rounding): resample
        // once and cache, then each repaint only copies pixels.
        let whole = |v: f32| (v - v.round()).abs() < 1e-3;
        let (pixmap, iw, ih) = match (whole(dest.width) && whole(dest.height))
            .then(|| {
                self.images.get_scaled(
                    &item.src,
                    dest.width.round() as u32,
                    dest.height.round() as u32,
                    self.source,
                )
            })
            .flatten()
        {
            Some(scaled) => (scaled, dest.width.round(), dest.height.round()),
            None => (pixmap, iw, ih),
        };
        let make = picture_paint(
            Pixmap::as_ref(&pixmap),
            (iw, ih),
            dest,
            SpreadMode::Pad,
            FilterQuality::Bilinear,
            item.opacity,
        );
        if item.radii.is_zero() {
            self.fill_rect_with(visible, &make);
        } else {
            let limit = (!contains_rect(&dest, &item.rect)).then_some(dest);
            self.fill_rounded(item.rect, &item.radii, &make, limit);
        }
    }
}

/// The paint of a picture of `size` px drawn into `dest` (scaled to it), repeated or
/// padded beyond it by `spread`, at `opacity` times the coverage the caller passes.
pub(super) fn picture_paint<'a>(
    picture: tiny_skia::PixmapRef<'a>,
    (iw, ih): (f32, f32),
    dest: Rect,
    spread: SpreadMode,
    quality: FilterQuality,
    opacity: f32,
) -> impl Fn(f32) -> Paint<'a> {
    let shader_ts =
        Transform::from_row(dest.width / iw, 0.0, 0.0, dest.height / ih, dest.x, dest.y);
    let opacity = opacity.clamp(0.0, 1.0);
    move |coverage: f32| {
        let mut paint = Paint {
            anti_alias: true,
            ..Paint::default()
        };
        paint.shader = Pattern::new(picture, spread, quality, opacity * coverage, shader_ts);
        paint
    }
}

/// Whole-pixel spans covering `lo..hi` with the fraction of each span covered:
/// a partial first pixel, the whole-pixel interior, a partial last pixel.
fn spans(lo: f32, hi: f32) -> impl Iterator<Item = (f32, f32, f32)> {
    let (flo, chi) = (lo.floor(), hi.ceil());
    let (clo, fhi) = (lo.ceil(), hi.floor());
    let parts = if clo > fhi {
        // Inside a single pixel.
        [Some((flo, flo + 1.0, hi - lo)), None, None]
    } else {
        [
            (clo > lo).then_some((flo, clo, clo - lo)),
            (fhi > clo).then_some((clo, fhi, 1.0)),
            (hi > fhi).then_some((fhi, chi, hi - fhi)),
        ]
    };
    parts.into_iter().flatten()
}

/// `c` with its alpha scaled by `f`.
fn fade(c: Color, f: f32) -> Color {
    if f >= 1.0 {
        return c;
    }
    let a = (f32::from(c.a) * f).round().clamp(0.0, 255.0) as u8;
    Color { a, ..c }
}

/// Rasterises `path` (device px) into a mask covering exactly the whole-pixel `cell`.
/// The result depends only on the path and the cell, never on the damage region.
fn cell_coverage(path: &Path, rule: FillRule, cell: &Rect) -> Option<Mask> {
    if cell.is_empty() {
        return None;
    }
    let mut mask = Mask::new(cell.width as u32, cell.height as u32)?;
    mask.fill_path(
        path,
        rule,
        true,
        Transform::from_translate(-cell.x, -cell.y),
    );
    Some(mask)
}
