//! Background images from files (`background-image: url()`, CSS Backgrounds 3 §3): the
//! item, and where its tiles go once the picture's own size is known (§3.9 size, §3.6
//! position, §3.4 repeat). The picture is loaded by the painter through the renderer's
//! image cache, like an `image` element's.

use mica_layout::style::background_tile::{Size, Tile};
use mica_layout::style::values::Len;
use mica_layout::Rect;

use crate::shapes::Radii;

/// A background image layer.
#[derive(Clone, Debug, PartialEq)]
pub struct BackgroundImageItem {
    /// The `url()`: the key for [`crate::ImageSource`] and the image cache.
    pub src: String,
    /// The painting area (the border box).
    pub rect: Rect,
    /// Its corner radii.
    pub radii: Radii,
    /// The positioning area (the padding box).
    pub area: Rect,
    /// Size, position and repeat.
    pub tile: Tile,
    /// Opacity, 0..=1.
    pub opacity: f32,
}

impl BackgroundImageItem {
    /// Moves the item by `(dx, dy)`.
    pub(crate) fn translate(&mut self, dx: f32, dy: f32) {
        for r in [&mut self.rect, &mut self.area] {
            r.x += dx;
            r.y += dy;
        }
    }

    /// The first tile's rectangle for a picture of `intrinsic` size (CSS Backgrounds 3
    /// §3.9, §3.6); `None` when it has no area.
    pub fn tile_rect(&self, intrinsic: (f32, f32)) -> Option<Rect> {
        let (iw, ih) = intrinsic;
        let (aw, ah) = (self.area.width, self.area.height);
        if !(iw > 0.0 && ih > 0.0) {
            return None;
        }
        let len = |l: Len, full: f32| match l {
            Len::Percent(p) => p * full,
            Len::Px(v) => v,
            _ => 0.0,
        };
        let (w, h) = match self.tile.size {
            Size::Auto => (iw, ih),
            Size::Cover | Size::Contain => {
                let (sx, sy) = (aw / iw, ah / ih);
                let s = if self.tile.size == Size::Cover {
                    sx.max(sy)
                } else {
                    sx.min(sy)
                };
                (iw * s, ih * s)
            }
            // An `auto` side keeps the picture's ratio.
            Size::Explicit(w, h) => match (w.map(|w| len(w, aw)), h.map(|h| len(h, ah))) {
                (Some(w), Some(h)) => (w, h),
                (Some(w), None) => (w, w * ih / iw),
                (None, Some(h)) => (h * iw / ih, h),
                (None, None) => (iw, ih),
            },
        };
        if !(w > 0.0 && h > 0.0 && w.is_finite() && h.is_finite()) {
            return None;
        }
        // A percentage aligns that point of the tile with that point of the area.
        let place = |l: Len, free: f32| match l {
            Len::Percent(p) => p * free,
            l => len(l, free),
        };
        let x = self.area.x + place(self.tile.position[0], aw - w);
        let y = self.area.y + place(self.tile.position[1], ah - h);
        Some(Rect::new(x, y, w, h))
    }

    /// Where tiles are painted: the painting area, narrowed to the one tile along an
    /// axis that does not repeat.
    pub fn fill_area(&self, tile: Rect) -> Rect {
        let mut r = self.rect;
        if !self.tile.repeat.x {
            r = r.intersect(&Rect::new(tile.x, r.y, tile.width, r.height));
        }
        if !self.tile.repeat.y {
            r = r.intersect(&Rect::new(r.x, tile.y, r.width, tile.height));
        }
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mica_layout::style::background_tile::Repeat;

    fn item(size: Size, position: [Len; 2], repeat: Repeat) -> BackgroundImageItem {
        let area = Rect::new(10.0, 10.0, 100.0, 50.0);
        BackgroundImageItem {
            src: "a.png".into(),
            rect: area,
            radii: Radii::ZERO,
            area,
            tile: Tile {
                position,
                size,
                repeat,
            },
            opacity: 1.0,
        }
    }

    #[test]
    fn sizes_and_positions() {
        let centre = [Len::Percent(0.5); 2];
        let cover = item(Size::Cover, centre, Repeat::NONE).tile_rect((20.0, 20.0));
        assert_eq!(cover, Some(Rect::new(10.0, -15.0, 100.0, 100.0)));
        let contain = item(Size::Contain, centre, Repeat::NONE).tile_rect((20.0, 20.0));
        assert_eq!(contain, Some(Rect::new(35.0, 10.0, 50.0, 50.0)));
        let half = item(
            Size::Explicit(Some(Len::Percent(1.0)), None),
            [Len::Px(0.0), Len::Px(5.0)],
            Repeat::BOTH,
        );
        assert_eq!(
            half.tile_rect((20.0, 10.0)),
            Some(Rect::new(10.0, 15.0, 100.0, 50.0))
        );
        let x_only = item(
            Size::Auto,
            [Len::Px(0.0), Len::Px(20.0)],
            Repeat { x: true, y: false },
        );
        let t = x_only.tile_rect((40.0, 40.0)).unwrap_or_default();
        assert_eq!(x_only.fill_area(t), Rect::new(10.0, 30.0, 100.0, 30.0));
    }
}
