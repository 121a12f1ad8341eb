//! Pixel formats of the panel and the conversion from Mica's frames (premultiplied RGBA8)
//! into them, one row at a time.
//!
//! Opaque formats (`xrgb8888`, `rgb565`, …) get the premultiplied colour as it is: that is
//! the frame composited over black, which is what an opaque panel shows. Formats with
//! alpha (`argb8888`, `abgr8888`) are display planes blended over something else (video):
//! by default their colour is un-premultiplied (straight alpha, which most planes expect);
//! [`Alpha::Premultiplied`] keeps it for planes that blend premultiplied colour.
//!
//! 565 formats truncate each channel to its top bits. Pixel values are stored in CPU byte
//! order, as fbdev drivers expect.

use mica_engine::config::FbPixelFormat;

/// A framebuffer pixel format (see [`FbPixelFormat`] for the names).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PixelFormat {
    /// 32 bpp, `0xXXRRGGBB`.
    Xrgb8888,
    /// 32 bpp, `0xAARRGGBB`.
    Argb8888,
    /// 32 bpp, `0xXXBBGGRR`.
    Xbgr8888,
    /// 32 bpp, `0xAABBGGRR`.
    Abgr8888,
    /// 24 bpp, `0xRRGGBB`.
    Rgb888,
    /// 24 bpp, `0xBBGGRR`.
    Bgr888,
    /// 16 bpp, `RRRRRGGGGGGBBBBB`.
    Rgb565,
    /// 16 bpp, `BBBBBGGGGGGRRRRR`.
    Bgr565,
}

/// How a format with an alpha channel wants its colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Alpha {
    /// Colour divided by alpha (the usual for display planes).
    #[default]
    Straight,
    /// Colour already multiplied by alpha, as Mica renders it.
    Premultiplied,
}

/// A colour channel's place in the pixel value (`struct fb_bitfield`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Bitfield {
    /// Lowest bit.
    pub offset: u32,
    /// Number of bits (0: the channel is absent).
    pub length: u32,
}

impl Bitfield {
    const fn new(offset: u32, length: u32) -> Bitfield {
        Bitfield { offset, length }
    }
}

impl PixelFormat {
    /// Every format.
    pub const ALL: [PixelFormat; 8] = [
        PixelFormat::Xrgb8888,
        PixelFormat::Argb8888,
        PixelFormat::Xbgr8888,
        PixelFormat::Abgr8888,
        PixelFormat::Rgb888,
        PixelFormat::Bgr888,
        PixelFormat::Rgb565,
        PixelFormat::Bgr565,
    ];

    /// The lower-case name used in the device config (`xrgb8888`).
    pub fn name(self) -> &'static str {
        match self {
            PixelFormat::Xrgb8888 => "xrgb8888",
            PixelFormat::Argb8888 => "argb8888",
            PixelFormat::Xbgr8888 => "xbgr8888",
            PixelFormat::Abgr8888 => "abgr8888",
            PixelFormat::Rgb888 => "rgb888",
            PixelFormat::Bgr888 => "bgr888",
            PixelFormat::Rgb565 => "rgb565",
            PixelFormat::Bgr565 => "bgr565",
        }
    }

    /// Bytes a pixel takes.
    pub fn bytes_per_pixel(self) -> usize {
        match self {
            PixelFormat::Xrgb8888
            | PixelFormat::Argb8888
            | PixelFormat::Xbgr8888
            | PixelFormat::Abgr8888 => 4,
            PixelFormat::Rgb888 | PixelFormat::Bgr888 => 3,
            PixelFormat::Rgb565 | PixelFormat::Bgr565 => 2,
        }
    }

    /// Bits a pixel takes.
    pub fn bits_per_pixel(self) -> u32 {
        self.bytes_per_pixel() as u32 * 8
    }

    /// Whether the format carries alpha.
    pub fn has_alpha(self) -> bool {
        matches!(self, PixelFormat::Argb8888 | PixelFormat::Abgr8888)
    }

    /// The usual format for a depth: 32 → `xrgb8888`, 24 → `rgb888`, 16 → `rgb565`.
    pub fn for_depth(bits_per_pixel: u32) -> Option<PixelFormat> {
        match bits_per_pixel {
            32 => Some(PixelFormat::Xrgb8888),
            24 => Some(PixelFormat::Rgb888),
            16 => Some(PixelFormat::Rgb565),
            _ => None,
        }
    }

    /// Red, green, blue and alpha bitfields, as `fb_var_screeninfo` reports them.
    pub fn bitfields(self) -> [Bitfield; 4] {
        let none = Bitfield::default();
        match self {
            PixelFormat::Xrgb8888 | PixelFormat::Rgb888 => [
                Bitfield::new(16, 8),
                Bitfield::new(8, 8),
                Bitfield::new(0, 8),
                none,
            ],
            PixelFormat::Argb8888 => [
                Bitfield::new(16, 8),
                Bitfield::new(8, 8),
                Bitfield::new(0, 8),
                Bitfield::new(24, 8),
            ],
            PixelFormat::Xbgr8888 | PixelFormat::Bgr888 => [
                Bitfield::new(0, 8),
                Bitfield::new(8, 8),
                Bitfield::new(16, 8),
                none,
            ],
            PixelFormat::Abgr8888 => [
                Bitfield::new(0, 8),
                Bitfield::new(8, 8),
                Bitfield::new(16, 8),
                Bitfield::new(24, 8),
            ],
            PixelFormat::Rgb565 => [
                Bitfield::new(11, 5),
                Bitfield::new(5, 6),
                Bitfield::new(0, 5),
                none,
            ],
            PixelFormat::Bgr565 => [
                Bitfield::new(0, 5),
                Bitfield::new(5, 6),
                Bitfield::new(11, 5),
                none,
            ],
        }
    }

    /// The format a driver describes with `bits_per_pixel` and the red, green, blue and
    /// transparency bitfields of `fb_var_screeninfo`; `None` when Mica cannot draw it.
    /// A transparency field in a 32-bit format makes it ARGB/ABGR; a 32-bit format whose
    /// transparency has no bits is XRGB/XBGR.
    pub fn from_bitfields(
        bits_per_pixel: u32,
        red: Bitfield,
        green: Bitfield,
        blue: Bitfield,
        transp: Bitfield,
    ) -> Option<PixelFormat> {
        let transp = if transp.length == 0 {
            Bitfield::default()
        } else {
            transp
        };
        PixelFormat::ALL.into_iter().find(|f| {
            f.bits_per_pixel() == bits_per_pixel && f.bitfields() == [red, green, blue, transp]
        })
    }

    /// Converts one row: `src` is premultiplied RGBA8 (4 bytes a pixel), `dst` this
    /// format; as many pixels as both hold are converted.
    pub fn convert_row(self, src: &[u8], dst: &mut [u8], alpha: Alpha) {
        let px = src.chunks_exact(4);
        match self {
            PixelFormat::Xrgb8888 => {
                for (s, d) in px.zip(dst.chunks_exact_mut(4)) {
                    let v = 0xff00_0000 | u32::from(s[0]) << 16 | u32::from(s[1]) << 8;
                    d.copy_from_slice(&(v | u32::from(s[2])).to_ne_bytes());
                }
            }
            PixelFormat::Xbgr8888 => {
                for (s, d) in px.zip(dst.chunks_exact_mut(4)) {
                    let v = 0xff00_0000 | u32::from(s[2]) << 16 | u32::from(s[1]) << 8;
                    d.copy_from_slice(&(v | u32::from(s[0])).to_ne_bytes());
                }
            }
            PixelFormat::Argb8888 => {
                for (s, d) in px.zip(dst.chunks_exact_mut(4)) {
                    let [r, g, b, a] = with_alpha(s, alpha);
                    let v = u32::from(a) << 24 | u32::from(r) << 16 | u32::from(g) << 8;
                    d.copy_from_slice(&(v | u32::from(b)).to_ne_bytes());
                }
            }
            PixelFormat::Abgr8888 => {
                for (s, d) in px.zip(dst.chunks_exact_mut(4)) {
                    let [r, g, b, a] = with_alpha(s, alpha);
                    let v = u32::from(a) << 24 | u32::from(b) << 16 | u32::from(g) << 8;
                    d.copy_from_slice(&(v | u32::from(r)).to_ne_bytes());
                }
            }
            PixelFormat::Rgb888 => {
                for (s, d) in px.zip(dst.chunks_exact_mut(3)) {
                    let v = u32::from(s[0]) << 16 | u32::from(s[1]) << 8 | u32::from(s[2]);
                    d.copy_from_slice(low_3_bytes(&v.to_ne_bytes()));
                }
            }
            PixelFormat::Bgr888 => {
                for (s, d) in px.zip(dst.chunks_exact_mut(3)) {
                    let v = u32::from(s[2]) << 16 | u32::from(s[1]) << 8 | u32::from(s[0]);
                    d.copy_from_slice(low_3_bytes(&v.to_ne_bytes()));
                }
            }
            PixelFormat::Rgb565 => {
                for (s, d) in px.zip(dst.chunks_exact_mut(2)) {
                    d.copy_from_slice(&pack565(s[0], s[1], s[2]).to_ne_bytes());
                }
            }
            PixelFormat::Bgr565 => {
                for (s, d) in px.zip(dst.chunks_exact_mut(2)) {
                    d.copy_from_slice(&pack565(s[2], s[1], s[0]).to_ne_bytes());
                }
            }
        }
    }
}

impl From<FbPixelFormat> for PixelFormat {
    fn from(f: FbPixelFormat) -> Self {
        match f {
            FbPixelFormat::Xrgb8888 => PixelFormat::Xrgb8888,
            FbPixelFormat::Argb8888 => PixelFormat::Argb8888,
            FbPixelFormat::Xbgr8888 => PixelFormat::Xbgr8888,
            FbPixelFormat::Abgr8888 => PixelFormat::Abgr8888,
            FbPixelFormat::Rgb888 => PixelFormat::Rgb888,
            FbPixelFormat::Bgr888 => PixelFormat::Bgr888,
            FbPixelFormat::Rgb565 => PixelFormat::Rgb565,
            FbPixelFormat::Bgr565 => PixelFormat::Bgr565,
            // The config's enum is non-exhaustive; a format added there without a
            // converter here draws as the common default.
            _ => PixelFormat::Xrgb8888,
        }
    }
}

impl std::fmt::Display for PixelFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// `high` packs first: (high << 11) | (mid << 5) | low, each truncated.
fn pack565(high: u8, mid: u8, low: u8) -> u16 {
    u16::from(high >> 3) << 11 | u16::from(mid >> 2) << 5 | u16::from(low >> 3)
}

/// The three value bytes of a 24-bit pixel from a `u32`'s native-order bytes.
fn low_3_bytes(b: &[u8; 4]) -> &[u8] {
    if cfg!(target_endian = "little") {
        &b[..3]
    } else {
        &b[1..]
    }
}

/// RGBA of a premultiplied pixel in the wanted alpha convention.
fn with_alpha(s: &[u8], alpha: Alpha) -> [u8; 4] {
    let (r, g, b, a) = (s[0], s[1], s[2], s[3]);
    if alpha == Alpha::Premultiplied || a == 255 {
        return [r, g, b, a];
    }
    if a == 0 {
        return [0, 0, 0, 0];
    }
    let un = |c: u8| -> u8 {
        let a = u32::from(a);
        ((u32::from(c) * 255 + a / 2) / a).min(255) as u8
    };
    [un(r), un(g), un(b), a]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One premultiplied pixel converted.
    fn one(f: PixelFormat, rgba: [u8; 4], alpha: Alpha) -> Vec<u8> {
        let mut out = vec![0xEE; f.bytes_per_pixel()];
        f.convert_row(&rgba, &mut out, alpha);
        out
    }

    fn u32_of(b: &[u8]) -> u32 {
        let mut a = [0u8; 4];
        a.copy_from_slice(b);
        u32::from_ne_bytes(a)
    }

    fn u16_of(b: &[u8]) -> u16 {
        u16::from_ne_bytes([b[0], b[1]])
    }

    const RED: [u8; 4] = [255, 0, 0, 255];
    const GREEN: [u8; 4] = [0, 255, 0, 255];
    const BLUE: [u8; 4] = [0, 0, 255, 255];
    const GREY: [u8; 4] = [0x80, 0x80, 0x80, 255];
    /// 50 % transparent orange (255, 128, 0) premultiplied.
    const HALF_ORANGE: [u8; 4] = [128, 64, 0, 128];

    #[test]
    fn xrgb8888_and_xbgr8888_known_colours() {
        let s = Alpha::Straight;
        let x = PixelFormat::Xrgb8888;
        assert_eq!(u32_of(&one(x, RED, s)), 0xffff_0000);
        assert_eq!(u32_of(&one(x, GREEN, s)), 0xff00_ff00);
        assert_eq!(u32_of(&one(x, BLUE, s)), 0xff00_00ff);
        assert_eq!(u32_of(&one(x, GREY, s)), 0xff80_8080);
        // Opaque panel: premultiplied colour = composited over black.
        assert_eq!(u32_of(&one(x, HALF_ORANGE, s)), 0xff80_4000);
        if cfg!(target_endian = "little") {
            // Memory order B, G, R, X.
            assert_eq!(one(x, RED, s), [0, 0, 255, 255]);
            assert_eq!(one(PixelFormat::Xbgr8888, RED, s), [255, 0, 0, 255]);
        }
        let x = PixelFormat::Xbgr8888;
        assert_eq!(u32_of(&one(x, RED, s)), 0xff00_00ff);
        assert_eq!(u32_of(&one(x, BLUE, s)), 0xffff_0000);
        assert_eq!(u32_of(&one(x, HALF_ORANGE, s)), 0xff00_4080);
    }

    #[test]
    fn argb8888_unpremultiplies_unless_told_not_to() {
        let a = PixelFormat::Argb8888;
        assert_eq!(u32_of(&one(a, RED, Alpha::Straight)), 0xffff_0000);
        // (128*255 + 64) / 128 = 255, (64*255 + 64) / 128 = 128.
        assert_eq!(u32_of(&one(a, HALF_ORANGE, Alpha::Straight)), 0x80ff_8000);
        assert_eq!(
            u32_of(&one(a, HALF_ORANGE, Alpha::Premultiplied)),
            0x8080_4000
        );
        assert_eq!(u32_of(&one(a, [0, 0, 0, 0], Alpha::Straight)), 0);
        // Rounding never overflows a channel (bad premultiplied input c > a).
        assert_eq!(
            u32_of(&one(a, [200, 10, 0, 100], Alpha::Straight)),
            0x64ff_1a00
        );
        let b = PixelFormat::Abgr8888;
        assert_eq!(u32_of(&one(b, BLUE, Alpha::Straight)), 0xffff_0000);
        assert_eq!(u32_of(&one(b, HALF_ORANGE, Alpha::Straight)), 0x8000_80ff);
    }

    #[test]
    fn rgb888_and_bgr888_are_three_bytes() {
        let s = Alpha::Straight;
        if cfg!(target_endian = "little") {
            assert_eq!(one(PixelFormat::Rgb888, RED, s), [0, 0, 255]);
            assert_eq!(one(PixelFormat::Rgb888, [1, 2, 3, 255], s), [3, 2, 1]);
            assert_eq!(one(PixelFormat::Bgr888, [1, 2, 3, 255], s), [1, 2, 3]);
        }
        let mut row = [0u8; 6];
        PixelFormat::Rgb888.convert_row(&[RED, BLUE].concat(), &mut row, s);
        assert_eq!(row[..3], one(PixelFormat::Rgb888, RED, s)[..]);
        assert_eq!(row[3..], one(PixelFormat::Rgb888, BLUE, s)[..]);
    }

    #[test]
    fn rgb565_and_bgr565_known_colours() {
        let s = Alpha::Straight;
        let f = PixelFormat::Rgb565;
        assert_eq!(u16_of(&one(f, RED, s)), 0xf800);
        assert_eq!(u16_of(&one(f, GREEN, s)), 0x07e0);
        assert_eq!(u16_of(&one(f, BLUE, s)), 0x001f);
        assert_eq!(u16_of(&one(f, [255, 255, 255, 255], s)), 0xffff);
        assert_eq!(u16_of(&one(f, GREY, s)), 0x8410);
        assert_eq!(u16_of(&one(f, HALF_ORANGE, s)), 0x8200);
        let f = PixelFormat::Bgr565;
        assert_eq!(u16_of(&one(f, RED, s)), 0x001f);
        assert_eq!(u16_of(&one(f, BLUE, s)), 0xf800);
        assert_eq!(u16_of(&one(f, GREEN, s)), 0x07e0);
    }

    #[test]
    fn bitfields_round_trip_and_unknown_layouts_are_refused() {
        for f in PixelFormat::ALL {
            let [r, g, b, t] = f.bitfields();
            assert_eq!(
                PixelFormat::from_bitfields(f.bits_per_pixel(), r, g, b, t),
                Some(f)
            );
        }
        // A transparency field with an offset but no bits is no alpha.
        let x = PixelFormat::from_bitfields(
            32,
            Bitfield::new(16, 8),
            Bitfield::new(8, 8),
            Bitfield::new(0, 8),
            Bitfield::new(24, 0),
        );
        assert_eq!(x, Some(PixelFormat::Xrgb8888));
        // RGB555 is not supported.
        let rgb555 = PixelFormat::from_bitfields(
            16,
            Bitfield::new(10, 5),
            Bitfield::new(5, 5),
            Bitfield::new(0, 5),
            Bitfield::default(),
        );
        assert_eq!(rgb555, None);
        assert_eq!(PixelFormat::for_depth(8), None);
    }

    #[test]
    fn a_short_destination_converts_what_fits() {
        let mut dst = [0u8; 2];
        PixelFormat::Rgb565.convert_row(&[RED, BLUE].concat(), &mut dst, Alpha::Straight);
        assert_eq!(u16::from_ne_bytes(dst), 0xf800);
    }
}
