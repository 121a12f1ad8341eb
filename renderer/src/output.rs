//! PNG output of a painted pixmap.

use tiny_skia::Pixmap;

use crate::RenderError;

/// Encodes a pixmap as an RGBA8 PNG (straight alpha), with fast compression: this runs
/// for every `mica render` frame and every golden test.
pub fn encode_png(pixmap: &Pixmap) -> Result<Vec<u8>, RenderError> {
    encode_rgba(pixmap.width(), pixmap.height(), &demultiply(pixmap))
}

/// The pixmap's pixels as straight-alpha RGBA8.
pub(crate) fn demultiply(pixmap: &Pixmap) -> Vec<u8> {
    pixmap
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue(), c.alpha()]
        })
        .collect()
}

/// Encodes straight-alpha RGBA8 rows as a PNG.
pub(crate) fn encode_rgba(width: u32, height: u32, rgba: &[u8]) -> Result<Vec<u8>, RenderError> {
    let err = |e: png::EncodingError| RenderError::Encode(e.to_string());
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        let mut writer = encoder.write_header().map_err(err)?;
        writer.write_image_data(rgba).map_err(err)?;
        writer.finish().map_err(err)?;
    }
    Ok(out)
}
