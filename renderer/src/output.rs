//! PNG output of a painted pixmap.

use tiny_skia::Pixmap;

use crate::RenderError;

/// Encodes a pixmap as an RGBA8 PNG (straight alpha), with fast compression: this runs
/// for every `mica render` frame and every golden test.
///
/// Rows are demultiplied and fed to the encoder one at a time, so peak memory stays at
/// one row plus the compressed output rather than a second full-size copy of the frame.
pub fn encode_png(pixmap: &Pixmap) -> Result<Vec<u8>, RenderError> {
    let err = |e: std::io::Error| RenderError::Encode(e.to_string());
    let (width, height) = (pixmap.width(), pixmap.height());
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        let mut writer = encoder
            .write_header()
            .map_err(|e| RenderError::Encode(e.to_string()))?;
        let mut stream = writer
            .stream_writer()
            .map_err(|e| RenderError::Encode(e.to_string()))?;
        let mut row = Vec::with_capacity(width as usize * 4);
        for line in pixmap.pixels().chunks(width.max(1) as usize) {
            row.clear();
            row.extend(line.iter().flat_map(|p| {
                let c = p.demultiply();
                [c.red(), c.green(), c.blue(), c.alpha()]
            }));
            std::io::Write::write_all(&mut stream, &row).map_err(err)?;
        }
        stream
            .finish()
            .map_err(|e| RenderError::Encode(e.to_string()))?;
    }
    Ok(out)
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
