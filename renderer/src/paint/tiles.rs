//! Painting background images from files: the tiles of a [`BackgroundImageItem`] as a
//! repeating pattern over its painting area.

use tiny_skia::{FilterQuality, Pixmap, SpreadMode};

use super::{picture_paint, Painter};
use crate::background::BackgroundImageItem;

impl Painter<'_> {
    pub(super) fn draw_background_image(&mut self, item: &BackgroundImageItem) {
        let Some(picture) = self.images.get(&item.src, self.source) else {
            return;
        };
        let (iw, ih) = (picture.width() as f32, picture.height() as f32);
        let Some(tile) = item.tile_rect((iw, ih)) else {
            return;
        };
        let area = item.fill_area(tile);
        if area.is_empty() {
            return;
        }
        // Unscaled on whole pixels (the common icon/tile case): copied, not resampled.
        let whole = |v: f32| (v - v.round()).abs() < 1e-3;
        let exact = whole(tile.x) && whole(tile.y) && tile.width == iw && tile.height == ih;
        let quality = if exact {
            FilterQuality::Nearest
        } else {
            FilterQuality::Bilinear
        };
        let make = picture_paint(
            Pixmap::as_ref(&picture),
            (iw, ih),
            tile,
            SpreadMode::Repeat,
            quality,
            item.opacity,
        );
        if item.radii.is_zero() {
            self.fill_rect_with(area, &make);
        } else {
            self.fill_rounded(item.rect, &item.radii, &make, Some(area));
        }
    }
}
