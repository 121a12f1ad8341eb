//! Copying Mica frames into ANativeWindow buffers.
//!
//! A frame is tightly packed premultiplied RGBA8 (`width * 4` bytes a row). A locked
//! window buffer has its own row length, the *stride*, which is often larger than its
//! width (GPUs align rows, e.g. 1920 px rows padded to 1984), and its own pixel format. The
//! window is opaque, so Mica asks for `RGBX_8888` (the same bytes as RGBA with the alpha
//! ignored: a premultiplied pixel shows as if over black); some devices keep the window's
//! `RGB_565` default, which is converted.
//!
//! Only the damaged rectangle is copied. Android's `ANativeWindow_lock` takes the
//! rectangle about to change, copies the rest back from the previous buffer itself, and
//! may widen the rectangle (to the whole buffer on the first lock of a new buffer); the
//! caller must then fill all of the widened one. That is why the platform keeps a
//! [`Shadow`] of the last frame: any rectangle can be drawn from it, including after the
//! window was destroyed and created again while nothing changed in the app.
//!
//! Everything here works on plain slices, so it is tested on the host. The window glue
//! passes the locked buffer as `&mut [MaybeUninit<u8>]` (the ndk crate's safe view of it),
//! which [`PixelByte`] lets these routines write without `unsafe`.
//!
//! ```
//! use mica_engine::platform::Frame;
//! use mica_platform_android_tv::blit::{copy_to_buffer, BufferFormat, BufferLayout, PixelRect};
//! // A 2x1 frame into a buffer with a 3 px stride (one pixel of padding per row).
//! let frame = Frame { width: 2, height: 1, pixels: &[1, 2, 3, 4, 5, 6, 7, 8] };
//! let mut buf = [0u8; 12];
//! let layout = BufferLayout { width: 2, height: 1, stride: 3, format: BufferFormat::Rgbx8888 };
//! copy_to_buffer(frame, PixelRect::new(0, 0, 2, 1), &mut buf, layout).unwrap();
//! assert_eq!(buf, [1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0]);
//! ```

use std::mem::MaybeUninit;

use mica_engine::platform::Frame;
use mica_layout::Rect;

/// An integer rectangle of pixels: columns `left..right`, rows `top..bottom`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct PixelRect {
    /// First column.
    pub left: u32,
    /// First row.
    pub top: u32,
    /// One past the last column.
    pub right: u32,
    /// One past the last row.
    pub bottom: u32,
}

impl PixelRect {
    /// The rectangle `left..right` × `top..bottom`.
    pub fn new(left: u32, top: u32, right: u32, bottom: u32) -> PixelRect {
        PixelRect {
            left,
            top,
            right,
            bottom,
        }
    }

    /// The whole of a `width` × `height` surface.
    pub fn full(width: u32, height: u32) -> PixelRect {
        PixelRect::new(0, 0, width, height)
    }

    /// True when it holds no pixel.
    pub fn is_empty(&self) -> bool {
        self.left >= self.right || self.top >= self.bottom
    }

    /// The part inside a `width` × `height` surface.
    pub fn clamp(self, width: u32, height: u32) -> PixelRect {
        PixelRect {
            left: self.left.min(width),
            top: self.top.min(height),
            right: self.right.min(width),
            bottom: self.bottom.min(height),
        }
    }

    /// The smallest rectangle holding both (an empty one adds nothing).
    pub fn union(self, other: PixelRect) -> PixelRect {
        if self.is_empty() {
            return other;
        }
        if other.is_empty() {
            return self;
        }
        PixelRect {
            left: self.left.min(other.left),
            top: self.top.min(other.top),
            right: self.right.max(other.right),
            bottom: self.bottom.max(other.bottom),
        }
    }

    /// Width in px (0 when empty).
    pub fn width(&self) -> u32 {
        self.right.saturating_sub(self.left)
    }

    /// Height in px (0 when empty).
    pub fn height(&self) -> u32 {
        self.bottom.saturating_sub(self.top)
    }
}

/// The pixels a set of damage rectangles touches on a `width` × `height` surface: their
/// union, rounded outwards to whole pixels and clamped to the surface. `None` when
/// nothing visible changed. (One rectangle, because `ANativeWindow_lock` takes one.) A
/// rectangle that is not finite damages everything: better a full copy than stale
/// pixels.
pub fn damage_bounds(damage: &[Rect], width: u32, height: u32) -> Option<PixelRect> {
    let finite = |r: &Rect| [r.x, r.y, r.width, r.height].iter().all(|v| v.is_finite());
    if !damage.iter().all(finite) {
        let full = PixelRect::full(width, height);
        return (!full.is_empty()).then_some(full);
    }
    let px = |v: f32, max: u32| -> u32 {
        if v <= 0.0 {
            0
        } else if v >= max as f32 {
            max
        } else {
            v as u32
        }
    };
    let bounds = damage
        .iter()
        .filter(|r| r.width > 0.0 && r.height > 0.0)
        .map(|r| {
            PixelRect::new(
                px(r.x.floor(), width),
                px(r.y.floor(), height),
                px((r.x + r.width).ceil(), width),
                px((r.y + r.height).ceil(), height),
            )
        })
        .fold(PixelRect::default(), PixelRect::union);
    (!bounds.is_empty()).then_some(bounds)
}

/// A window buffer's pixel format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BufferFormat {
    /// `R8G8B8A8_UNORM`: R, G, B, A bytes.
    Rgba8888,
    /// `R8G8B8X8_UNORM`: R, G, B bytes and one ignored.
    Rgbx8888,
    /// `R5G6B5_UNORM`: 16 bits a pixel, little-endian, red in the top 5 bits.
    Rgb565,
}

impl BufferFormat {
    /// Bytes a pixel.
    pub fn bytes_per_pixel(self) -> usize {
        match self {
            BufferFormat::Rgba8888 | BufferFormat::Rgbx8888 => 4,
            BufferFormat::Rgb565 => 2,
        }
    }
}

/// The shape of a locked buffer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BufferLayout {
    /// Visible pixels a row.
    pub width: usize,
    /// Rows.
    pub height: usize,
    /// Pixels a row takes in memory (`>= width`).
    pub stride: usize,
    /// Pixel format.
    pub format: BufferFormat,
}

/// Why a copy was refused (a buffer or frame smaller than it claims to be).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BlitError {
    /// The frame's pixel slice is shorter than `width * height * 4`.
    #[error("frame of {width}x{height} has {len} bytes, not {}", width * height * 4)]
    FrameTooSmall {
        /// Frame width.
        width: usize,
        /// Frame height.
        height: usize,
        /// Bytes there are.
        len: usize,
    },
    /// The buffer is shorter than `stride * height` pixels, or its stride is below its
    /// width.
    #[error("buffer of {width}x{height} (stride {stride}) has {len} bytes")]
    BadBuffer {
        /// Buffer width.
        width: usize,
        /// Buffer height.
        height: usize,
        /// Buffer stride in px.
        stride: usize,
        /// Bytes there are.
        len: usize,
    },
}

/// A byte of a destination buffer: `u8`, or `MaybeUninit<u8>` for a locked window buffer
/// whose contents are undefined until written.
pub trait PixelByte: Sized {
    /// Sets `dst` to `src` (equal lengths).
    fn put(dst: &mut [Self], src: &[u8]);
}

impl PixelByte for u8 {
    fn put(dst: &mut [u8], src: &[u8]) {
        dst.copy_from_slice(src);
    }
}

impl PixelByte for MaybeUninit<u8> {
    fn put(dst: &mut [MaybeUninit<u8>], src: &[u8]) {
        // A plain store loop: the compiler turns it into a memcpy.
        for (d, s) in dst.iter_mut().zip(src) {
            *d = MaybeUninit::new(*s);
        }
    }
}

/// Opaque black in each format, for buffer pixels the frame does not cover.
const BLACK_RGBA: [u8; 4] = [0, 0, 0, 0xff];

/// Pixels converted a row at a time into RGB565.
const CHUNK: usize = 256;

/// Copies the `rect` part of `frame` into a locked buffer laid out as `layout`, honouring
/// its stride and converting to its format. `rect` is clamped to the buffer; pixels of it
/// outside the frame (a buffer larger than the frame) are painted opaque black, so every
/// pixel of `rect` is written, as `ANativeWindow_lock` requires. Bytes outside `rect`,
/// row padding included, are not touched.
pub fn copy_to_buffer<T: PixelByte>(
    frame: Frame<'_>,
    rect: PixelRect,
    dst: &mut [T],
    layout: BufferLayout,
) -> Result<(), BlitError> {
    let (fw, fh) = (frame.width as usize, frame.height as usize);
    if frame.pixels.len() < fw * fh * 4 {
        return Err(BlitError::FrameTooSmall {
            width: fw,
            height: fh,
            len: frame.pixels.len(),
        });
    }
    let bpp = layout.format.bytes_per_pixel();
    let row_bytes = layout.stride * bpp;
    if layout.stride < layout.width || dst.len() < row_bytes * layout.height {
        return Err(BlitError::BadBuffer {
            width: layout.width,
            height: layout.height,
            stride: layout.stride,
            len: dst.len(),
        });
    }
    let rect = rect.clamp(
        u32::try_from(layout.width).unwrap_or(u32::MAX),
        u32::try_from(layout.height).unwrap_or(u32::MAX),
    );
    if rect.is_empty() {
        return Ok(());
    }
    let (left, right) = (rect.left as usize, rect.right as usize);
    // Columns of the rectangle that the frame covers: `left..inside`, then black.
    let inside = right.min(fw).max(left);
    let mut scratch = [0u8; CHUNK * 2];
    for y in rect.top as usize..rect.bottom as usize {
        let row = &mut dst[y * row_bytes..(y + 1) * row_bytes];
        let out = &mut row[left * bpp..right * bpp];
        let (covered, uncovered) = out.split_at_mut((inside - left) * bpp);
        if y < fh {
            let src = &frame.pixels[(y * fw + left) * 4..(y * fw + inside) * 4];
            match layout.format {
                BufferFormat::Rgba8888 | BufferFormat::Rgbx8888 => T::put(covered, src),
                BufferFormat::Rgb565 => {
                    for (src, dst) in src.chunks(CHUNK * 4).zip(covered.chunks_mut(CHUNK * 2)) {
                        let n = src.len() / 4;
                        for (px, out) in src.chunks_exact(4).zip(scratch.chunks_exact_mut(2)) {
                            out.copy_from_slice(&rgb565(px).to_le_bytes());
                        }
                        T::put(dst, &scratch[..n * 2]);
                    }
                }
            }
            fill_black(uncovered, layout.format);
        } else {
            fill_black(covered, layout.format);
            fill_black(uncovered, layout.format);
        }
    }
    Ok(())
}

fn rgb565(px: &[u8]) -> u16 {
    let (r, g, b) = (u16::from(px[0]), u16::from(px[1]), u16::from(px[2]));
    ((r >> 3) << 11) | ((g >> 2) << 5) | (b >> 3)
}

fn fill_black<T: PixelByte>(dst: &mut [T], format: BufferFormat) {
    let black: &[u8] = match format {
        BufferFormat::Rgba8888 | BufferFormat::Rgbx8888 => &BLACK_RGBA,
        BufferFormat::Rgb565 => &[0, 0],
    };
    for px in dst.chunks_mut(black.len()) {
        T::put(px, &black[..px.len()]);
    }
}

/// A copy of the last frame presented, so the window can be redrawn at any time.
#[derive(Clone, Debug, Default)]
pub struct Shadow {
    width: u32,
    height: u32,
    pixels: Vec<u8>,
}

impl Shadow {
    /// A black (transparent) `width` × `height` shadow.
    pub fn new(width: u32, height: u32) -> Shadow {
        Shadow {
            width,
            height,
            pixels: vec![0; width as usize * height as usize * 4],
        }
    }

    /// The shadow as a frame.
    pub fn frame(&self) -> Frame<'_> {
        Frame {
            width: self.width,
            height: self.height,
            pixels: &self.pixels,
        }
    }

    /// Copies the `rect` part of `frame` in. A frame of another size replaces the whole
    /// shadow.
    pub fn update(&mut self, frame: Frame<'_>, rect: PixelRect) -> Result<(), BlitError> {
        let rect = if (frame.width, frame.height) != (self.width, self.height) {
            *self = Shadow::new(frame.width, frame.height);
            PixelRect::full(frame.width, frame.height)
        } else {
            rect
        };
        let layout = BufferLayout {
            width: self.width as usize,
            height: self.height as usize,
            stride: self.width as usize,
            format: BufferFormat::Rgba8888,
        };
        copy_to_buffer(frame, rect, &mut self.pixels, layout)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `w` × `h` frame whose pixel (x, y) is `[x, y, 10, 255]`.
    fn frame_bytes(w: u32, h: u32) -> Vec<u8> {
        let mut v = Vec::new();
        for y in 0..h {
            for x in 0..w {
                v.extend_from_slice(&[x as u8, y as u8, 10, 255]);
            }
        }
        v
    }

    fn frame(w: u32, h: u32, pixels: &[u8]) -> Frame<'_> {
        Frame {
            width: w,
            height: h,
            pixels,
        }
    }

    const PAD: u8 = 0xEE;

    #[test]
    fn stride_padding_is_left_alone() {
        let px = frame_bytes(3, 2);
        // Stride 5 px: 2 px of padding a row, pre-filled to see that nothing writes there.
        let layout = BufferLayout {
            width: 3,
            height: 2,
            stride: 5,
            format: BufferFormat::Rgbx8888,
        };
        let mut buf = vec![PAD; 5 * 2 * 4];
        copy_to_buffer(frame(3, 2, &px), PixelRect::full(3, 2), &mut buf, layout).expect("copy");
        for y in 0..2 {
            let row = &buf[y * 20..(y + 1) * 20];
            assert_eq!(&row[..12], &px[y * 12..(y + 1) * 12], "row {y}");
            assert!(row[12..].iter().all(|&b| b == PAD), "padding of row {y}");
        }
    }

    #[test]
    fn only_the_damaged_rect_is_written() {
        let px = frame_bytes(4, 4);
        let layout = BufferLayout {
            width: 4,
            height: 4,
            stride: 6,
            format: BufferFormat::Rgba8888,
        };
        let mut buf = vec![PAD; 6 * 4 * 4];
        let rect = PixelRect::new(1, 2, 3, 3);
        copy_to_buffer(frame(4, 4, &px), rect, &mut buf, layout).expect("copy");
        for y in 0..4usize {
            for x in 0..6usize {
                let got = &buf[(y * 6 + x) * 4..(y * 6 + x) * 4 + 4];
                if (1..3).contains(&x) && y == 2 {
                    assert_eq!(got, [x as u8, y as u8, 10, 255], "({x},{y})");
                } else {
                    assert_eq!(got, [PAD; 4], "({x},{y}) must be untouched");
                }
            }
        }
    }

    #[test]
    fn a_buffer_larger_than_the_frame_gets_black_not_garbage() {
        let px = frame_bytes(2, 1);
        let layout = BufferLayout {
            width: 3,
            height: 2,
            stride: 4,
            format: BufferFormat::Rgbx8888,
        };
        let mut buf = vec![PAD; 4 * 2 * 4];
        copy_to_buffer(frame(2, 1, &px), PixelRect::full(9, 9), &mut buf, layout).expect("copy");
        assert_eq!(&buf[..8], &px[..]);
        assert_eq!(&buf[8..12], &BLACK_RGBA); // column 2 of row 0
        assert_eq!(&buf[12..16], &[PAD; 4]); // padding
        assert_eq!(&buf[16..28], &[BLACK_RGBA; 3].concat()[..]); // row 1
        assert_eq!(&buf[28..32], &[PAD; 4]);
    }

    #[test]
    fn rgb565_conversion_honours_stride() {
        let px = [
            255, 0, 0, 255, /* red */ 0, 255, 0, 255, /* green */
            0, 0, 255, 255, /* blue */ 255, 255, 255, 255, /* white */
        ];
        let layout = BufferLayout {
            width: 2,
            height: 2,
            stride: 3,
            format: BufferFormat::Rgb565,
        };
        let mut buf = vec![PAD; 3 * 2 * 2];
        copy_to_buffer(frame(2, 2, &px), PixelRect::full(2, 2), &mut buf, layout).expect("copy");
        let at = |i: usize| u16::from_le_bytes([buf[i * 2], buf[i * 2 + 1]]);
        assert_eq!(
            [at(0), at(1), at(3), at(4)],
            [0xf800, 0x07e0, 0x001f, 0xffff]
        );
        assert_eq!([buf[4], buf[5], buf[10], buf[11]], [PAD; 4]);
    }

    #[test]
    fn wide_rgb565_rows_are_converted_in_chunks() {
        let w = (CHUNK * 2 + 3) as u32;
        let px = frame_bytes(w, 1);
        let layout = BufferLayout {
            width: w as usize,
            height: 1,
            stride: w as usize,
            format: BufferFormat::Rgb565,
        };
        let mut buf = vec![0u8; w as usize * 2];
        copy_to_buffer(frame(w, 1, &px), PixelRect::full(w, 1), &mut buf, layout).expect("copy");
        for x in [0usize, CHUNK - 1, CHUNK, 2 * CHUNK + 2] {
            let want = rgb565(&px[x * 4..x * 4 + 4]);
            assert_eq!(
                u16::from_le_bytes([buf[x * 2], buf[x * 2 + 1]]),
                want,
                "{x}"
            );
        }
    }

    #[test]
    fn maybe_uninit_buffers_take_the_same_path() {
        let px = frame_bytes(2, 2);
        let layout = BufferLayout {
            width: 2,
            height: 2,
            stride: 2,
            format: BufferFormat::Rgbx8888,
        };
        let mut buf = vec![MaybeUninit::<u8>::uninit(); 16];
        copy_to_buffer(frame(2, 2, &px), PixelRect::full(2, 2), &mut buf, layout).expect("copy");
        let mut plain = vec![0u8; 16];
        copy_to_buffer(frame(2, 2, &px), PixelRect::full(2, 2), &mut plain, layout).expect("copy");
        assert_eq!(plain, px);
    }

    #[test]
    fn short_buffers_and_frames_are_refused() {
        let px = frame_bytes(2, 2);
        let layout = BufferLayout {
            width: 2,
            height: 2,
            stride: 3,
            format: BufferFormat::Rgbx8888,
        };
        let mut short = vec![0u8; 3 * 4 + 2 * 4]; // the last row's padding missing
        let err = copy_to_buffer(frame(2, 2, &px), PixelRect::full(2, 2), &mut short, layout);
        assert!(matches!(err, Err(BlitError::BadBuffer { .. })), "{err:?}");
        let bad_stride = BufferLayout {
            stride: 1,
            ..layout
        };
        let mut buf = vec![0u8; 64];
        let err = copy_to_buffer(
            frame(2, 2, &px),
            PixelRect::full(2, 2),
            &mut buf,
            bad_stride,
        );
        assert!(matches!(err, Err(BlitError::BadBuffer { .. })));
        let err = copy_to_buffer(
            frame(2, 2, &px[..8]),
            PixelRect::full(2, 2),
            &mut buf,
            layout,
        );
        assert!(
            matches!(err, Err(BlitError::FrameTooSmall { len: 8, .. })),
            "{err:?}"
        );
        assert!(err
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default()
            .contains("not 16"));
    }

    #[test]
    fn damage_is_rounded_out_unioned_and_clamped() {
        let r = |x, y, w, h| Rect {
            x,
            y,
            width: w,
            height: h,
        };
        assert_eq!(
            damage_bounds(&[r(1.5, 2.2, 3.0, 1.0)], 100, 100),
            Some(PixelRect::new(1, 2, 5, 4))
        );
        assert_eq!(
            damage_bounds(&[r(10.0, 10.0, 5.0, 5.0), r(0.0, 30.0, 2.0, 2.0)], 100, 100),
            Some(PixelRect::new(0, 10, 15, 32))
        );
        assert_eq!(
            damage_bounds(&[r(-5.0, 90.0, 200.0, 50.0)], 100, 100),
            Some(PixelRect::new(0, 90, 100, 100))
        );
        assert_eq!(damage_bounds(&[], 100, 100), None);
        assert_eq!(damage_bounds(&[r(5.0, 5.0, 0.0, 3.0)], 100, 100), None);
        assert_eq!(damage_bounds(&[r(150.0, 0.0, 10.0, 10.0)], 100, 100), None);
        assert_eq!(
            damage_bounds(
                &[r(1.0, 1.0, 1.0, 1.0), r(f32::NAN, 0.0, 1.0, 1.0)],
                100,
                50
            ),
            Some(PixelRect::full(100, 50))
        );
        assert_eq!(
            damage_bounds(&[r(0.0, 0.0, f32::INFINITY, 1.0)], 0, 0),
            None
        );
    }

    #[test]
    fn shadow_keeps_the_last_frame() {
        let first = frame_bytes(3, 3);
        let mut shadow = Shadow::new(0, 0);
        // A new size copies everything, whatever the damage.
        shadow
            .update(frame(3, 3, &first), PixelRect::new(0, 0, 1, 1))
            .expect("update");
        assert_eq!(shadow.frame().pixels, &first[..]);
        // Then only the damage: the rest keeps the old pixels.
        let second = vec![7u8; first.len()];
        shadow
            .update(frame(3, 3, &second), PixelRect::new(1, 1, 2, 2))
            .expect("update");
        let got = shadow.frame().pixels;
        assert_eq!(&got[16..20], &[7; 4]); // (1, 1)
        assert_eq!(&got[..16], &first[..16]);
        assert_eq!(&got[20..], &first[20..]);
        assert_eq!((shadow.frame().width, shadow.frame().height), (3, 3));
    }
}
