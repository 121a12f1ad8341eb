//! Images: decoding PNG and JPEG into premultiplied pixmaps, the image cache, and the
//! WeChat `image` `mode` attribute (how the picture is fitted into its box).
//!
//! Image bytes are untrusted app content: every decode is bounded
//! ([`MAX_DIMENSION`], [`MAX_DECODED_BYTES`]), failures are logged once per `src` and
//! paint nothing, and nothing here panics on a corrupt file.

use std::collections::HashMap;
use std::sync::Arc;

use mica_layout::Rect;
use tiny_skia::{IntSize, Pixmap};

/// Largest accepted width or height of a decoded image.
pub const MAX_DIMENSION: u32 = 8192;
/// Largest accepted decoded size in bytes (RGBA8).
pub const MAX_DECODED_BYTES: usize = 64 << 20;

/// Where image bytes come from: the engine implements it over the app package.
pub trait ImageSource {
    /// The raw file for an `image` `src`, or `None` when missing.
    fn load(&self, src: &str) -> Option<Arc<Vec<u8>>>;

    /// What identifies the file `src` names, for caching: a relative `src` means
    /// different files on pages in different folders, so a source that resolves
    /// relative paths returns the resolved path. The default is `src` itself.
    fn cache_key<'a>(&self, src: &'a str) -> std::borrow::Cow<'a, str> {
        std::borrow::Cow::Borrowed(src)
    }
}

/// An [`ImageSource`] with no images.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoImages;

impl ImageSource for NoImages {
    fn load(&self, _: &str) -> Option<Arc<Vec<u8>>> {
        None
    }
}

/// Why an image could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ImageError {
    /// Neither PNG nor JPEG.
    #[error("unsupported image format")]
    UnknownFormat,
    /// Larger than [`MAX_DIMENSION`] or [`MAX_DECODED_BYTES`].
    #[error("image too large: {width}x{height}")]
    TooLarge {
        /// Width in px.
        width: u32,
        /// Height in px.
        height: u32,
    },
    /// Zero width or height.
    #[error("image has no pixels")]
    Empty,
    /// A PNG decoding error.
    #[error("PNG: {0}")]
    Png(String),
    /// A JPEG decoding error.
    #[error("JPEG: {0}")]
    Jpeg(String),
}

/// The WeChat `image` `mode` attribute.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ImageMode {
    /// Stretch to fill the box, ignoring the aspect ratio (the default).
    #[default]
    ScaleToFill,
    /// Scale keeping the aspect ratio so the whole picture shows, centred (letterbox).
    AspectFit,
    /// Scale keeping the aspect ratio so the box is covered, centred, cropped.
    AspectFill,
    /// Width fixed, height from the aspect ratio (layout sized the box; drawn stretched).
    WidthFix,
    /// Height fixed, width from the aspect ratio (layout sized the box; drawn stretched).
    HeightFix,
    /// No scaling; the top middle shows.
    Top,
    /// No scaling; the bottom middle shows.
    Bottom,
    /// No scaling; the centre shows.
    Center,
    /// No scaling; the left middle shows.
    Left,
    /// No scaling; the right middle shows.
    Right,
    /// No scaling; the top-left corner shows.
    TopLeft,
    /// No scaling; the top-right corner shows.
    TopRight,
    /// No scaling; the bottom-left corner shows.
    BottomLeft,
    /// No scaling; the bottom-right corner shows.
    BottomRight,
}

impl ImageMode {
    /// Parses the attribute; unknown values mean the default, as in WeChat.
    pub fn parse(s: &str) -> ImageMode {
        match s.trim() {
            "aspectFit" => ImageMode::AspectFit,
            "aspectFill" => ImageMode::AspectFill,
            "widthFix" => ImageMode::WidthFix,
            "heightFix" => ImageMode::HeightFix,
            "top" => ImageMode::Top,
            "bottom" => ImageMode::Bottom,
            "center" => ImageMode::Center,
            "left" => ImageMode::Left,
            "right" => ImageMode::Right,
            "top left" => ImageMode::TopLeft,
            "top right" => ImageMode::TopRight,
            "bottom left" => ImageMode::BottomLeft,
            "bottom right" => ImageMode::BottomRight,
            _ => ImageMode::ScaleToFill,
        }
    }

    /// Where the whole picture of `size` (px) lands for a box; the visible part is the
    /// returned rectangle intersected with the box.
    pub fn fit(self, bx: Rect, size: (f32, f32)) -> Rect {
        let (iw, ih) = size;
        if !(iw > 0.0 && ih > 0.0) {
            return bx;
        }
        let centred = |w: f32, h: f32| {
            Rect::new(
                bx.x + (bx.width - w) / 2.0,
                bx.y + (bx.height - h) / 2.0,
                w,
                h,
            )
        };
        // (horizontal, vertical) alignment: 0 start, 0.5 centre, 1 end.
        let crop = |ax: f32, ay: f32| {
            Rect::new(
                bx.x + (bx.width - iw) * ax,
                bx.y + (bx.height - ih) * ay,
                iw,
                ih,
            )
        };
        match self {
            ImageMode::ScaleToFill | ImageMode::WidthFix | ImageMode::HeightFix => bx,
            ImageMode::AspectFit => {
                let s = (bx.width / iw).min(bx.height / ih);
                centred(iw * s, ih * s)
            }
            ImageMode::AspectFill => {
                let s = (bx.width / iw).max(bx.height / ih);
                centred(iw * s, ih * s)
            }
            ImageMode::Top => crop(0.5, 0.0),
            ImageMode::Bottom => crop(0.5, 1.0),
            ImageMode::Center => crop(0.5, 0.5),
            ImageMode::Left => crop(0.0, 0.5),
            ImageMode::Right => crop(1.0, 0.5),
            ImageMode::TopLeft => crop(0.0, 0.0),
            ImageMode::TopRight => crop(1.0, 0.0),
            ImageMode::BottomLeft => crop(0.0, 1.0),
            ImageMode::BottomRight => crop(1.0, 1.0),
        }
    }
}

enum Format {
    Png,
    Jpeg,
}

fn sniff(bytes: &[u8]) -> Result<Format, ImageError> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Ok(Format::Png)
    } else if bytes.starts_with(&[0xFF, 0xD8]) {
        Ok(Format::Jpeg)
    } else {
        Err(ImageError::UnknownFormat)
    }
}

fn check_size(width: u32, height: u32) -> Result<(), ImageError> {
    if width == 0 || height == 0 {
        return Err(ImageError::Empty);
    }
    let bytes = u64::from(width) * u64::from(height) * 4;
    if width > MAX_DIMENSION || height > MAX_DIMENSION || bytes > MAX_DECODED_BYTES as u64 {
        return Err(ImageError::TooLarge { width, height });
    }
    Ok(())
}

/// The pixel size of a PNG or JPEG from its header, without decoding the pixels, so
/// the engine can set a node's intrinsic size before layout.
pub fn decode_size(bytes: &[u8]) -> Result<(u32, u32), ImageError> {
    match sniff(bytes)? {
        Format::Png => {
            let mut decoder = png::Decoder::new(bytes);
            let info = decoder
                .read_header_info()
                .map_err(|e| ImageError::Png(e.to_string()))?;
            Ok((info.width, info.height))
        }
        Format::Jpeg => {
            let mut decoder = zune_jpeg::JpegDecoder::new(bytes);
            decoder
                .decode_headers()
                .map_err(|e| ImageError::Jpeg(format!("{e:?}")))?;
            let info = decoder
                .info()
                .ok_or_else(|| ImageError::Jpeg("no header".into()))?;
            Ok((u32::from(info.width), u32::from(info.height)))
        }
    }
}

/// Decodes a PNG or JPEG into a premultiplied pixmap.
pub fn decode(bytes: &[u8]) -> Result<Pixmap, ImageError> {
    let (width, height, rgba) = decode_rgba(bytes)?;
    rgba_to_pixmap(width, height, rgba)
}

/// Decodes a PNG or JPEG into straight-alpha RGBA8 rows.
pub fn decode_rgba(bytes: &[u8]) -> Result<(u32, u32, Vec<u8>), ImageError> {
    match sniff(bytes)? {
        Format::Png => decode_png(bytes),
        Format::Jpeg => decode_jpeg(bytes),
    }
}

fn decode_png(bytes: &[u8]) -> Result<(u32, u32, Vec<u8>), ImageError> {
    let err = |e: png::DecodingError| ImageError::Png(e.to_string());
    let mut decoder = png::Decoder::new_with_limits(
        bytes,
        png::Limits {
            bytes: MAX_DECODED_BYTES,
        },
    );
    // Palette, grey, 16-bit and tRNS all become 8-bit grey/grey-alpha/RGB/RGBA.
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let header = decoder.read_header_info().map_err(err)?;
    check_size(header.width, header.height)?;
    let mut reader = decoder.read_info().map_err(err)?;
    let mut buf = vec![0; reader.output_buffer_size()];
    let frame = reader.next_frame(&mut buf).map_err(err)?;
    let (w, h) = (frame.width, frame.height);
    check_size(w, h)?;
    let channels = match frame.color_type {
        png::ColorType::Grayscale => 1,
        png::ColorType::GrayscaleAlpha => 2,
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        png::ColorType::Indexed => {
            return Err(ImageError::Png("palette was not expanded".into()));
        }
    };
    let (wu, hu) = (w as usize, h as usize);
    let stride = frame.line_size;
    if stride < wu * channels || buf.len() < stride * hu {
        return Err(ImageError::Png("short frame".into()));
    }
    let mut out = Vec::with_capacity(wu * hu * 4);
    for row in buf.chunks_exact(stride).take(hu) {
        for px in row[..wu * channels].chunks_exact(channels) {
            let rgba = match *px {
                [g] => [g, g, g, 255],
                [g, a] => [g, g, g, a],
                [r, g, b] => [r, g, b, 255],
                [r, g, b, a] => [r, g, b, a],
                _ => [0, 0, 0, 0],
            };
            out.extend_from_slice(&rgba);
        }
    }
    Ok((w, h, out))
}

fn decode_jpeg(bytes: &[u8]) -> Result<(u32, u32, Vec<u8>), ImageError> {
    use zune_jpeg::zune_core::colorspace::ColorSpace;
    use zune_jpeg::zune_core::options::DecoderOptions;

    let (w, h) = decode_size(bytes)?;
    check_size(w, h)?;
    let options = DecoderOptions::default()
        .jpeg_set_out_colorspace(ColorSpace::RGB)
        .set_max_width(MAX_DIMENSION as usize)
        .set_max_height(MAX_DIMENSION as usize);
    // zune-jpeg is fuzzed but young; a panic on a hostile file must not take the view
    // thread down, so it is contained here (debug and release profiles unwind).
    let decoded = std::panic::catch_unwind(|| {
        let mut decoder = zune_jpeg::JpegDecoder::new_with_options(bytes, options);
        decoder.decode()
    })
    .map_err(|_| ImageError::Jpeg("decoder panicked".into()))?
    .map_err(|e| ImageError::Jpeg(format!("{e:?}")))?;
    let (wu, hu) = (w as usize, h as usize);
    if decoded.len() < wu * hu * 3 {
        return Err(ImageError::Jpeg("short frame".into()));
    }
    let mut out = Vec::with_capacity(wu * hu * 4);
    for px in decoded.chunks_exact(3).take(wu * hu) {
        out.extend_from_slice(&[px[0], px[1], px[2], 255]);
    }
    Ok((w, h, out))
}

/// Premultiplies straight RGBA8 into a pixmap.
pub(crate) fn rgba_to_pixmap(
    width: u32,
    height: u32,
    mut rgba: Vec<u8>,
) -> Result<Pixmap, ImageError> {
    for px in rgba.chunks_exact_mut(4) {
        let a = u32::from(px[3]);
        if a < 255 {
            for c in &mut px[..3] {
                *c = crate::glyphs::mul255(u32::from(*c), a) as u8;
            }
        }
    }
    let size = IntSize::from_wh(width, height).ok_or(ImageError::Empty)?;
    Pixmap::from_vec(rgba, size).ok_or(ImageError::Empty)
}

enum Entry {
    Ready(Arc<Pixmap>),
    Failed,
}

/// Decoded images by `src`, bounded by decoded bytes. A failed decode is remembered
/// (and logged once) so a broken file costs nothing on later frames.
pub struct ImageCache {
    map: HashMap<String, Entry>,
    /// Images resampled to a drawn size, so a repaint (a scrolled row of posters) is a
    /// copy instead of a bilinear resample of every pixel.
    scaled: HashMap<(String, u32, u32), Arc<Pixmap>>,
    bytes: usize,
    budget: usize,
}

impl std::fmt::Debug for ImageCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImageCache")
            .field("entries", &self.map.len())
            .field("bytes", &self.bytes)
            .field("budget", &self.budget)
            .finish()
    }
}

impl Default for ImageCache {
    /// A 128 MB budget: a screenful of full-HD posters.
    fn default() -> Self {
        Self::with_budget(128 << 20)
    }
}

impl ImageCache {
    /// A cache holding about `budget` bytes of decoded pixels.
    pub fn with_budget(budget: usize) -> Self {
        ImageCache {
            map: HashMap::new(),
            scaled: HashMap::new(),
            bytes: 0,
            budget,
        }
    }

    /// Forgets one image (its file changed); `key` is its [`ImageSource::cache_key`].
    pub fn invalidate(&mut self, key: &str) {
        let src = key;
        if let Some(Entry::Ready(p)) = self.map.remove(src) {
            self.bytes = self.bytes.saturating_sub(p.data().len());
        }
        let bytes = &mut self.bytes;
        self.scaled.retain(|(s, _, _), p| {
            let keep = s != src;
            if !keep {
                *bytes = bytes.saturating_sub(p.data().len());
            }
            keep
        });
    }

    /// `src` resampled (bilinear, once) to `width` x `height`; `None` when the image is
    /// missing or the size is empty or over 4096 px a side.
    pub fn get_scaled(
        &mut self,
        src: &str,
        width: u32,
        height: u32,
        source: &dyn ImageSource,
    ) -> Option<Arc<Pixmap>> {
        if width == 0 || height == 0 || width > 4096 || height > 4096 {
            return None;
        }
        let key = (source.cache_key(src).into_owned(), width, height);
        if let Some(p) = self.scaled.get(&key) {
            return Some(p.clone());
        }
        let original = self.get(src, source)?;
        if (original.width(), original.height()) == (width, height) {
            return Some(original);
        }
        let mut out = Pixmap::new(width, height)?;
        let ts = tiny_skia::Transform::from_scale(
            width as f32 / original.width() as f32,
            height as f32 / original.height() as f32,
        );
        let paint = tiny_skia::PixmapPaint {
            quality: tiny_skia::FilterQuality::Bilinear,
            ..tiny_skia::PixmapPaint::default()
        };
        out.draw_pixmap(0, 0, Pixmap::as_ref(&original), &paint, ts, None);
        let cost = out.data().len();
        if self.bytes + cost > self.budget.max(1 << 20) {
            self.scaled.clear();
            self.map.retain(|_, e| matches!(e, Entry::Failed));
            self.bytes = 0;
        }
        self.bytes += cost;
        let p = Arc::new(out);
        self.scaled.insert(key, p.clone());
        Some(p)
    }

    /// The decoded image for `src`, loading and decoding it on a miss; `None` when it
    /// is missing or broken.
    pub fn get(&mut self, src: &str, source: &dyn ImageSource) -> Option<Arc<Pixmap>> {
        let key = source.cache_key(src);
        match self.map.get(key.as_ref()) {
            Some(Entry::Ready(p)) => return Some(p.clone()),
            Some(Entry::Failed) => return None,
            None => {}
        }
        let decoded = match source.load(src) {
            None => Err(None),
            Some(bytes) => decode(&bytes).map_err(Some),
        };
        match decoded {
            Ok(pixmap) => {
                let cost = pixmap.data().len();
                let budget = if self.budget == 0 {
                    256 << 20
                } else {
                    self.budget
                };
                if self.bytes + cost > budget {
                    // Simple and bounded: start over; visible images reload next frame.
                    self.map.retain(|_, e| matches!(e, Entry::Failed));
                    self.scaled.clear();
                    self.bytes = 0;
                }
                self.bytes += cost;
                let p = Arc::new(pixmap);
                self.map.insert(key.into_owned(), Entry::Ready(p.clone()));
                Some(p)
            }
            Err(e) => {
                match e {
                    Some(e) => log::warn!("image {src:?}: {e}"),
                    None => log::warn!("image {src:?}: not found"),
                }
                self.map.insert(key.into_owned(), Entry::Failed);
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aspect_fit_letterboxes() {
        let r = ImageMode::AspectFit.fit(Rect::new(0.0, 0.0, 100.0, 100.0), (200.0, 100.0));
        assert_eq!(r, Rect::new(0.0, 25.0, 100.0, 50.0));
    }

    #[test]
    fn aspect_fill_covers() {
        let r = ImageMode::AspectFill.fit(Rect::new(0.0, 0.0, 100.0, 100.0), (200.0, 100.0));
        assert_eq!(r, Rect::new(-50.0, 0.0, 200.0, 100.0));
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert_eq!(decode_size(b"nope").err(), Some(ImageError::UnknownFormat));
        assert!(decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").is_err());
        assert!(decode(&[0xFF, 0xD8, 0xFF, 0xC0, 0, 3]).is_err());
    }

    /// One real PNG (a 2x1 image: red, blue) served under any name.
    struct OnePng(Arc<Vec<u8>>);

    impl ImageSource for OnePng {
        fn load(&self, _: &str) -> Option<Arc<Vec<u8>>> {
            Some(self.0.clone())
        }
    }

    fn two_pixels() -> OnePng {
        let mut p = Pixmap::new(2, 1).unwrap_or_else(|| panic!("pixmap"));
        p.data_mut()
            .copy_from_slice(&[255, 0, 0, 255, 0, 0, 255, 255]);
        OnePng(Arc::new(
            crate::encode_png(&p).unwrap_or_else(|e| panic!("{e}")),
        ))
    }

    #[test]
    fn scaled_images_are_resampled_once_and_invalidated_with_their_source() {
        let src = two_pixels();
        let mut cache = ImageCache::default();
        let a = cache
            .get_scaled("a.png", 20, 10, &src)
            .unwrap_or_else(|| panic!("scaled"));
        assert_eq!((a.width(), a.height()), (20, 10));
        // Left edge red, right edge blue: a real resample, not a crop.
        let px = |x| a.pixel(x, 5).map(|c| (c.red(), c.blue()));
        assert_eq!(px(0), Some((255, 0)));
        assert_eq!(px(19), Some((0, 255)));
        let again = cache.get_scaled("a.png", 20, 10, &src);
        assert!(again.is_some_and(|b| Arc::ptr_eq(&a, &b)), "cached");
        // The native size is the decoded image itself; absurd sizes are refused.
        assert!(cache.get_scaled("a.png", 2, 1, &src).is_some());
        assert!(cache.get_scaled("a.png", 0, 10, &src).is_none());
        assert!(cache.get_scaled("a.png", 5000, 10, &src).is_none());
        cache.invalidate("a.png");
        let fresh = cache.get_scaled("a.png", 20, 10, &src);
        assert!(
            fresh.is_some_and(|b| !Arc::ptr_eq(&a, &b)),
            "rebuilt after invalidate"
        );
    }

    /// Serves one PNG and resolves `src` against a folder, like the runtime does.
    struct InFolder(OnePng, &'static str);

    impl ImageSource for InFolder {
        fn load(&self, src: &str) -> Option<Arc<Vec<u8>>> {
            self.0.load(src)
        }
        fn cache_key<'a>(&self, src: &'a str) -> std::borrow::Cow<'a, str> {
            std::borrow::Cow::Owned(format!("{}/{src}", self.1))
        }
    }

    #[test]
    fn the_cache_is_keyed_by_what_the_source_resolves_src_to() {
        let mut cache = ImageCache::default();
        let a = cache.get("logo.png", &InFolder(two_pixels(), "pages/a"));
        let b = cache.get("logo.png", &InFolder(two_pixels(), "pages/b"));
        let a2 = cache.get("logo.png", &InFolder(two_pixels(), "pages/a"));
        let (Some(a), Some(b), Some(a2)) = (a, b, a2) else {
            panic!("images load");
        };
        assert!(!Arc::ptr_eq(&a, &b), "same src in two folders: two entries");
        assert!(Arc::ptr_eq(&a, &a2), "same folder: cached");
        cache.invalidate("pages/a/logo.png");
        let a3 = cache.get("logo.png", &InFolder(two_pixels(), "pages/a"));
        assert!(
            a3.is_some_and(|p| !Arc::ptr_eq(&a, &p)),
            "invalidated by its key"
        );
    }
}
