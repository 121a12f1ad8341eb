//! The pixel side of presenting: damage rectangles in buffer pixels, what each of the two
//! shm buffers still misses, and the conversion from Mica's frames to `wl_shm` pixels.
//!
//! Mica renders premultiplied RGBA8 (bytes R, G, B, A). `wl_shm` formats are named by a
//! little-endian 32-bit word, so `XRGB8888` is the bytes B, G, R, X in memory. The surface
//! is opaque (a full-screen app), so XRGB8888 lets the compositor skip blending; a pixel
//! that is not opaque shows as its premultiplied colour, i.e. over black.

use mica_layout::Rect;

/// Regions with more rectangles than this collapse into their bounding box: tracking
/// stays cheap and the compositor gets few damage requests.
const MAX_RECTS: usize = 8;

/// A rectangle in buffer pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PixelRect {
    /// Left edge.
    pub x: u32,
    /// Top edge.
    pub y: u32,
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
}

impl PixelRect {
    /// `(0, 0, width, height)`.
    pub fn full(width: u32, height: u32) -> Self {
        PixelRect {
            x: 0,
            y: 0,
            width,
            height,
        }
    }

    /// The pixels `rect` touches (edges rounded outwards), clipped to `width` x `height`;
    /// `None` when nothing is left (or the rectangle is not finite).
    pub fn covering(rect: &Rect, width: u32, height: u32) -> Option<Self> {
        let clip = |lo: f32, hi: f32, max: u32| -> Option<(u32, u32)> {
            if !(lo.is_finite() && hi.is_finite()) {
                return None;
            }
            let lo = lo.floor().clamp(0.0, max as f32) as u32;
            let hi = hi.ceil().clamp(0.0, max as f32) as u32;
            (hi > lo).then_some((lo, hi - lo))
        };
        let (x, w) = clip(rect.x, rect.x + rect.width, width)?;
        let (y, h) = clip(rect.y, rect.y + rect.height, height)?;
        Some(PixelRect {
            x,
            y,
            width: w,
            height: h,
        })
    }

    /// Number of pixels.
    pub fn area(&self) -> u64 {
        u64::from(self.width) * u64::from(self.height)
    }

    fn right(&self) -> u32 {
        self.x + self.width
    }

    fn bottom(&self) -> u32 {
        self.y + self.height
    }

    fn contains(&self, other: &PixelRect) -> bool {
        self.x <= other.x
            && self.y <= other.y
            && self.right() >= other.right()
            && self.bottom() >= other.bottom()
    }

    fn union(&self, other: &PixelRect) -> PixelRect {
        let x = self.x.min(other.x);
        let y = self.y.min(other.y);
        PixelRect {
            x,
            y,
            width: self.right().max(other.right()) - x,
            height: self.bottom().max(other.bottom()) - y,
        }
    }
}

/// A set of pixels as a few rectangles (they may overlap).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Region(Vec<PixelRect>);

impl Region {
    pub(crate) fn add(&mut self, rect: PixelRect) {
        if rect.area() == 0 || self.0.iter().any(|r| r.contains(&rect)) {
            return;
        }
        self.0.retain(|r| !rect.contains(r));
        self.0.push(rect);
        if self.0.len() > MAX_RECTS {
            let bounds = self.0.iter().skip(1).fold(self.0[0], |a, r| a.union(r));
            self.0 = vec![bounds];
        }
    }

    pub(crate) fn rects(&self) -> &[PixelRect] {
        &self.0
    }

    pub(crate) fn clear(&mut self) {
        self.0.clear();
    }
}

/// Copies `rect` of `src` (premultiplied RGBA8, `src_width * 4` bytes a row) into `dst`
/// (XRGB8888 little-endian, `dst_width * 4` bytes a row). The caller has clipped `rect`
/// to both images.
pub(crate) fn convert_rect(
    src: &[u8],
    src_width: u32,
    dst: &mut [u8],
    dst_width: u32,
    rect: PixelRect,
) {
    let (src_stride, dst_stride) = (src_width as usize * 4, dst_width as usize * 4);
    let (x0, x1) = (rect.x as usize * 4, rect.right() as usize * 4);
    for row in rect.y as usize..rect.bottom() as usize {
        let (Some(from), Some(to)) = (
            src.get(row * src_stride + x0..row * src_stride + x1),
            dst.get_mut(row * dst_stride + x0..row * dst_stride + x1),
        ) else {
            return;
        };
        for (s, d) in from.chunks_exact(4).zip(to.chunks_exact_mut(4)) {
            d.copy_from_slice(&[s[2], s[1], s[0], 0xff]);
        }
    }
}

/// The compositor's state for the window, from `xdg_toplevel.configure`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Configured {
    /// Suggested size in surface coordinates; `None` when the client may choose.
    pub(crate) size: Option<(u32, u32)>,
    pub(crate) fullscreen: bool,
    pub(crate) maximized: bool,
}

impl Configured {
    /// The size in buffer pixels the surface must not exceed: the configured size when
    /// fullscreen or maximized (xdg-shell makes it a maximum then), else none.
    pub(crate) fn limit(&self, scale: u32) -> Option<(u32, u32)> {
        let (w, h) = self.size?;
        (self.fullscreen || self.maximized)
            .then_some((w.saturating_mul(scale), h.saturating_mul(scale)))
    }
}

/// How the window should appear.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum WindowMode {
    /// Full screen on the compositor's choice of output, at its size (the default).
    Fullscreen,
    /// A window of this size in surface coordinates (times the scale in frame pixels),
    /// unless the compositor makes it fullscreen or maximized, as kiosk shells do.
    Windowed {
        /// Width.
        width: u32,
        /// Height.
        height: u32,
    },
}

/// Frame size when neither the compositor nor an output says one: 720p.
pub(crate) const FALLBACK_SIZE: (u32, u32) = (1280, 720);

/// The largest frame side in buffer pixels (8K), whatever a compositor or the options say:
/// a frame is allocated three times over (the runtime's pixmap, two buffers).
pub(crate) const MAX_SIDE: u32 = 8192;

/// The highest buffer scale Mica renders at.
pub(crate) const MAX_SCALE: u32 = 8;

/// The frame size in buffer pixels, decided once at the first configure: the compositor's
/// size when it sets one for fullscreen (or forces fullscreen/maximized on a window), else
/// the output's size for fullscreen or the asked size for a window. Each side is at least
/// one scaled pixel and at most [`MAX_SIDE`] (rounded down to a multiple of the scale, as
/// `wl_surface.set_buffer_scale` requires).
pub(crate) fn frame_size(
    mode: WindowMode,
    configured: &Configured,
    output: Option<(u32, u32)>,
    scale: u32,
) -> (u32, u32) {
    let scale = scale.clamp(1, MAX_SCALE);
    let forced = configured.fullscreen || configured.maximized;
    let (w, h) = match (mode, configured.size) {
        (WindowMode::Fullscreen, Some(size)) => size,
        (WindowMode::Fullscreen, None) => output.unwrap_or(FALLBACK_SIZE),
        (WindowMode::Windowed { .. }, Some(size)) if forced => size,
        (WindowMode::Windowed { width, height }, _) => (width, height),
    };
    let side = |v: u32| v.max(1).saturating_mul(scale).min(MAX_SIDE / scale * scale);
    (side(w), side(h))
}

/// The buffer size for a `frame`: the frame, cropped to the compositor's limit if it
/// shrank the window after start (Mica keeps rendering at its first size).
pub(crate) fn buffer_size(frame: (u32, u32), limit: Option<(u32, u32)>) -> (u32, u32) {
    match limit {
        Some((w, h)) => (frame.0.min(w).max(1), frame.1.min(h).max(1)),
        None => frame,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn px(x: u32, y: u32, width: u32, height: u32) -> PixelRect {
        PixelRect {
            x,
            y,
            width,
            height,
        }
    }

    #[test]
    fn float_damage_covers_every_touched_pixel_and_is_clipped() {
        let r = Rect::new(1.5, 2.25, 3.0, 0.5);
        assert_eq!(PixelRect::covering(&r, 100, 100), Some(px(1, 2, 4, 1)));
        let r = Rect::new(-10.0, 90.0, 50.0, 50.0);
        assert_eq!(PixelRect::covering(&r, 100, 100), Some(px(0, 90, 40, 10)));
        assert_eq!(
            PixelRect::covering(&Rect::new(200.0, 0.0, 5.0, 5.0), 100, 100),
            None
        );
        assert_eq!(
            PixelRect::covering(&Rect::new(0.0, 0.0, 0.0, 5.0), 100, 100),
            None
        );
        assert_eq!(
            PixelRect::covering(&Rect::new(f32::NAN, 0.0, 5.0, 5.0), 100, 100),
            None
        );
        assert_eq!(
            PixelRect::covering(&Rect::new(0.0, 0.0, f32::INFINITY, 5.0), 100, 100),
            None
        );
    }

    #[test]
    fn region_drops_contained_rects_and_collapses_when_long() {
        let mut r = Region::default();
        r.add(px(10, 10, 5, 5));
        r.add(px(11, 11, 2, 2));
        assert_eq!(r.rects(), &[px(10, 10, 5, 5)]);
        r.add(px(0, 0, 50, 50));
        assert_eq!(r.rects(), &[px(0, 0, 50, 50)]);
        r.add(px(60, 0, 0, 10));
        assert_eq!(r.rects().len(), 1, "empty rects are not added");
        for i in 0..MAX_RECTS as u32 {
            r.add(px(100 + i * 10, 100, 5, 5));
        }
        assert_eq!(r.rects(), &[px(0, 0, 175, 105)]);
        r.clear();
        assert!(r.rects().is_empty());
    }

    #[test]
    fn conversion_swaps_red_and_blue_inside_the_rect_only() {
        // 3x2 source; pixel (x, y) = [R, G, B, A] = [x, y, 10 + x, 200].
        let mut src = Vec::new();
        for y in 0..2u8 {
            for x in 0..3u8 {
                src.extend_from_slice(&[x, y, 10 + x, 200]);
            }
        }
        let mut dst = vec![7u8; 3 * 2 * 4];
        convert_rect(&src, 3, &mut dst, 3, px(1, 1, 2, 1));
        // Row 0 and pixel (0, 1) are untouched.
        assert!(dst[..16].iter().all(|&b| b == 7));
        assert_eq!(&dst[16..20], &[11, 1, 1, 0xff]); // (1, 1): B, G, R, X
        assert_eq!(&dst[20..24], &[12, 1, 2, 0xff]); // (2, 1)
    }

    #[test]
    fn conversion_into_a_smaller_buffer_uses_each_stride() {
        let src: Vec<u8> = (0..4 * 2 * 4).map(|i| i as u8).collect(); // 4x2
        let mut dst = vec![0u8; 2 * 2 * 4]; // 2x2: the frame cropped
        convert_rect(&src, 4, &mut dst, 2, px(0, 0, 2, 2));
        assert_eq!(&dst[..4], &[2, 1, 0, 0xff]);
        // Row 1 of the source starts at byte 16.
        assert_eq!(&dst[8..12], &[18, 17, 16, 0xff]);
    }

    #[test]
    fn fullscreen_takes_the_configured_size_times_the_scale() {
        let c = Configured {
            size: Some((640, 360)),
            fullscreen: true,
            maximized: false,
        };
        assert_eq!(frame_size(WindowMode::Fullscreen, &c, None, 2), (1280, 720));
        let free = Configured::default();
        assert_eq!(
            frame_size(WindowMode::Fullscreen, &free, Some((800, 600)), 1),
            (800, 600),
            "no size from the compositor: the output's"
        );
        assert_eq!(
            frame_size(WindowMode::Fullscreen, &free, None, 1),
            FALLBACK_SIZE
        );
    }

    #[test]
    fn a_window_keeps_its_size_unless_the_compositor_forces_one() {
        let win = WindowMode::Windowed {
            width: 400,
            height: 300,
        };
        let hint = Configured {
            size: Some((1000, 1000)),
            ..Configured::default()
        };
        assert_eq!(frame_size(win, &hint, None, 1), (400, 300));
        assert_eq!(frame_size(win, &Configured::default(), None, 2), (800, 600));
        let kiosk = Configured {
            size: Some((320, 240)),
            fullscreen: true,
            maximized: false,
        };
        assert_eq!(frame_size(win, &kiosk, None, 1), (320, 240));
        let zero = WindowMode::Windowed {
            width: 0,
            height: 0,
        };
        assert_eq!(frame_size(zero, &Configured::default(), None, 1), (1, 1));
        let huge = WindowMode::Windowed {
            width: u32::MAX,
            height: 100_000,
        };
        assert_eq!(
            frame_size(huge, &Configured::default(), None, 3),
            (8190, 8190),
            "capped at a multiple of the scale"
        );
        assert_eq!(
            frame_size(zero, &Configured::default(), None, 1000),
            (MAX_SCALE, MAX_SCALE),
            "the scale is capped too"
        );
    }

    #[test]
    fn a_smaller_configure_after_start_crops_and_a_larger_one_does_not_grow() {
        let shrunk = Configured {
            size: Some((300, 200)),
            fullscreen: true,
            maximized: false,
        };
        assert_eq!(shrunk.limit(2), Some((600, 400)));
        assert_eq!(buffer_size((640, 480), shrunk.limit(2)), (600, 400));
        assert_eq!(buffer_size((640, 480), shrunk.limit(1)), (300, 200));
        let grown = Configured {
            size: Some((4000, 3000)),
            ..shrunk
        };
        assert_eq!(buffer_size((640, 480), grown.limit(1)), (640, 480));
        let window = Configured {
            size: Some((100, 100)),
            ..Configured::default()
        };
        assert_eq!(window.limit(1), None, "a floating window's size is a hint");
        assert_eq!(buffer_size((640, 480), window.limit(1)), (640, 480));
    }
}
