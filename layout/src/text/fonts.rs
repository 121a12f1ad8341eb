//! [`FontStore`]: an ordered list of font faces, each parsed on first use.
//!
//! fontdue parses every outline of a face when it loads it, so the bundled Droid Sans
//! Fallback is split into chunks by Unicode range (`scripts/make-fonts.sh`); a chunk is
//! parsed only when a character in its range is first looked up. Device fonts added with
//! [`FontStore::add_file`] are consulted before the bundled ones.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{OnceLock, RwLock};

use super::FaceId;

#[cfg(feature = "bundled-font")]
mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled_fonts.rs"));
    /// The chunk index: `file first last count` per line, code points in hex.
    pub(crate) const INDEX: &str = include_str!("../../../fonts/droid/chunks.txt");
}

/// Errors of [`FontStore`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FontError {
    /// A font file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A font could not be parsed.
    #[error("{name}: invalid font: {message}")]
    Parse {
        /// File or chunk name.
        name: String,
        /// fontdue's message.
        message: String,
    },
    /// More faces than a [`FaceId`] can name.
    #[error("too many font faces")]
    TooManyFaces,
}

enum Source {
    /// Embedded chunk (only with `bundled-font`).
    #[cfg_attr(not(feature = "bundled-font"), allow(dead_code))]
    Static(&'static [u8]),
    Owned(Vec<u8>),
}

struct Face {
    name: String,
    source: Source,
    /// Code points this face is consulted for (inclusive).
    first: u32,
    last: u32,
    font: OnceLock<Option<fontdue::Font>>,
}

/// Where a character's glyph lives and how wide it is per px of font size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct GlyphInfo {
    pub face: FaceId,
    pub glyph: u16,
    /// Advance width at a font size of 1px.
    pub advance: f32,
}

/// The fonts used to measure and draw text. `Send + Sync`: share one `&FontStore` between
/// layout and the renderer.
pub struct FontStore {
    faces: Vec<Face>,
    /// Lookup order: device fonts first, then bundled chunks.
    order: Vec<u16>,
    parsed: AtomicUsize,
    /// Per-character glyph lookups (ASCII hits this on every text node).
    glyphs: RwLock<HashMap<char, GlyphInfo>>,
}

impl std::fmt::Debug for FontStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FontStore")
            .field(
                "faces",
                &self.faces.iter().map(|x| &x.name).collect::<Vec<_>>(),
            )
            .field("parsed", &self.parsed_faces())
            .finish()
    }
}

impl Default for FontStore {
    fn default() -> Self {
        Self::bundled()
    }
}

impl FontStore {
    /// A store with no faces (every glyph is missing until [`FontStore::add_file`]).
    pub fn empty() -> Self {
        FontStore {
            faces: Vec::new(),
            order: Vec::new(),
            parsed: AtomicUsize::new(0),
            glyphs: RwLock::new(HashMap::new()),
        }
    }

    /// The bundled faces (Open Sans Latin + Droid Sans Fallback chunks), none parsed yet.
    /// Without the `bundled-font` feature this is [`FontStore::empty`].
    pub fn bundled() -> Self {
        #[allow(unused_mut)]
        let mut store = Self::empty();
        #[cfg(feature = "bundled-font")]
        for line in bundled::INDEX.lines() {
            let mut parts = line.split_whitespace();
            let (Some(name), Some(first), Some(last)) = (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            if name.starts_with('#') {
                continue;
            }
            let (Ok(first), Ok(last)) = (
                u32::from_str_radix(first, 16),
                u32::from_str_radix(last, 16),
            ) else {
                log::error!("bundled font index: bad line `{line}`");
                continue;
            };
            let Some((_, bytes)) = bundled::CHUNK_FILES.iter().find(|(n, _)| *n == name) else {
                log::error!("bundled font index names a missing chunk `{name}`");
                continue;
            };
            let _ = store.push(name.to_string(), Source::Static(bytes), first, last, false);
        }
        store
    }

    fn push(
        &mut self,
        name: String,
        source: Source,
        first: u32,
        last: u32,
        front: bool,
    ) -> Result<FaceId, FontError> {
        let id = u16::try_from(self.faces.len()).map_err(|_| FontError::TooManyFaces)?;
        self.faces.push(Face {
            name,
            source,
            first,
            last,
            font: OnceLock::new(),
        });
        if front {
            // Device fonts come before the bundled ones but keep the order they were added.
            let pos = self
                .order
                .iter()
                .position(|&i| matches!(self.faces[i as usize].source, Source::Static(_)))
                .unwrap_or(self.order.len());
            self.order.insert(pos, id);
        } else {
            self.order.push(id);
        }
        self.glyphs.write().map(|mut g| g.clear()).ok();
        Ok(FaceId(id))
    }

    /// Adds a font file named by the device config; it is consulted before the bundled
    /// faces and parsed on first use. The file is read now so a missing file is reported.
    pub fn add_file(&mut self, path: impl AsRef<Path>) -> Result<FaceId, FontError> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|source| FontError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        self.add_bytes(&path.display().to_string(), bytes)
    }

    /// Adds a font from memory (for example a file read through the package), consulted
    /// before the bundled faces and parsed on first use.
    pub fn add_bytes(&mut self, name: &str, bytes: Vec<u8>) -> Result<FaceId, FontError> {
        self.push(name.to_string(), Source::Owned(bytes), 0, 0x10FFFF, true)
    }

    /// Number of faces.
    pub fn face_count(&self) -> usize {
        self.faces.len()
    }

    /// Number of faces parsed so far (lazy loading is observable through this).
    pub fn parsed_faces(&self) -> usize {
        self.parsed.load(Ordering::Relaxed)
    }

    /// The parsed face, parsing it now if needed; `None` if it does not parse.
    pub fn font(&self, face: FaceId) -> Option<&fontdue::Font> {
        let f = self.faces.get(face.0 as usize)?;
        f.font
            .get_or_init(|| {
                let bytes: &[u8] = match &f.source {
                    Source::Static(b) => b,
                    Source::Owned(b) => b,
                };
                let settings = fontdue::FontSettings {
                    load_substitutions: false,
                    ..fontdue::FontSettings::default()
                };
                self.parsed.fetch_add(1, Ordering::Relaxed);
                match fontdue::Font::from_bytes(bytes, settings) {
                    Ok(font) => Some(font),
                    Err(message) => {
                        let e = FontError::Parse {
                            name: f.name.clone(),
                            message: message.to_string(),
                        };
                        log::error!("{e}");
                        None
                    }
                }
            })
            .as_ref()
    }

    /// The face used for line metrics and missing glyphs: the first face that parses.
    pub fn primary_face(&self) -> Option<FaceId> {
        self.order
            .iter()
            .map(|&i| FaceId(i))
            .find(|&f| self.font(f).is_some())
    }

    /// Where `ch` is drawn from: the first face (in lookup order) whose range and cmap
    /// hold it, else glyph 0 (`.notdef`) of the primary face.
    pub(crate) fn glyph_info(&self, ch: char) -> Option<GlyphInfo> {
        if let Some(g) = self.glyphs.read().ok().and_then(|m| m.get(&ch).copied()) {
            return Some(g);
        }
        let cp = ch as u32;
        let found = self
            .order
            .iter()
            .filter(|&&i| {
                let f = &self.faces[i as usize];
                (f.first..=f.last).contains(&cp)
            })
            .find_map(|&i| {
                let font = self.font(FaceId(i))?;
                let glyph = font.lookup_glyph_index(ch);
                (glyph != 0).then_some((FaceId(i), glyph))
            });
        let (face, glyph) = match found {
            Some(x) => x,
            None => (self.primary_face()?, 0),
        };
        let advance = self
            .font(face)
            .map_or(0.0, |f| f.metrics_indexed(glyph, 1.0).advance_width);
        let info = GlyphInfo {
            face,
            glyph,
            advance,
        };
        if let Ok(mut m) = self.glyphs.write() {
            m.insert(ch, info);
        }
        Some(info)
    }

    /// Rasterises a glyph at `px` (coverage bitmap, fontdue's metrics).
    pub fn rasterize(
        &self,
        face: FaceId,
        glyph: u16,
        px: f32,
    ) -> Option<(fontdue::Metrics, Vec<u8>)> {
        let font = self.font(face)?;
        if glyph >= font.glyph_count() {
            return None;
        }
        Some(font.rasterize_indexed(glyph, px))
    }

    /// `(ascent, descent, line_gap)` in px for a font size, from the primary face. As in
    /// fontdue, `descent` is negative (below the baseline).
    pub fn line_metrics(&self, px: f32) -> (f32, f32, f32) {
        self.primary_face()
            .and_then(|f| self.font(f))
            .and_then(|f| f.horizontal_line_metrics(px))
            .map_or((px * 0.8, -px * 0.2, 0.0), |m| {
                (m.ascent, m.descent, m.line_gap)
            })
    }
}
