//! Text shaping and line breaking: white space collapsed as CSS Text 3 §4.1.1
//! (`white-space: normal`), break opportunities from UAX #14 (unicode-linebreak), greedy
//! line filling (CSS Text 3 §5), `overflow-wrap: anywhere`-style forced breaks for words
//! wider than the line, and `text-align` (CSS Text 3 §7.1).

use unicode_linebreak::{linebreaks, BreakOpportunity};

use super::fonts::{FontStore, GlyphInfo, BOLD_WEIGHT};
use super::{PositionedGlyph, TextLayout, TextLine};
use crate::style::computed::TextAlign;

/// Collapses white space: runs of spaces, tabs and line feeds become one space, and leading
/// white space is removed (CSS Text 3 §4.1.1 phase I and II). Trailing space is kept; it
/// hangs at the end of the line and is not measured.
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for ch in text.chars() {
        if matches!(ch, ' ' | '\t' | '\n' | '\r' | '\u{000C}') {
            pending_space = !out.is_empty();
            continue;
        }
        if ch.is_control() {
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(ch);
    }
    if pending_space {
        out.push(' ');
    }
    out
}

/// One glyph before positioning.
#[derive(Clone, Copy)]
struct Shaped {
    ch: char,
    info: Option<GlyphInfo>,
    advance: f32,
}

impl Shaped {
    fn is_space(&self) -> bool {
        self.ch == ' '
    }
}

/// A line being filled: glyphs and the pen position.
#[derive(Default)]
struct LineBuf {
    glyphs: Vec<Shaped>,
    width: f32,
}

impl LineBuf {
    /// Width without the hanging trailing spaces.
    fn trimmed_width(&self) -> f32 {
        let trailing: f32 = self
            .glyphs
            .iter()
            .rev()
            .take_while(|g| g.is_space())
            .map(|g| g.advance)
            .sum();
        self.width - trailing
    }
}

impl FontStore {
    /// Advance width of `ch` at `px` (no rasterisation; cached per character).
    pub fn advance(&self, ch: char, px: f32) -> f32 {
        self.glyph_info(ch, false).map_or(0.0, |g| g.advance * px)
    }

    /// [`FontStore::shape_with_weight`] at `font-weight: normal` (400).
    pub fn shape(
        &self,
        text: &str,
        font_size: f32,
        line_height: f32,
        max_width: Option<f32>,
        align: TextAlign,
    ) -> TextLayout {
        self.shape_with_weight(text, font_size, 400, line_height, max_width, align)
    }

    /// Shapes `text` into lines no wider than `max_width` (when given): collapses white
    /// space, breaks at UAX #14 opportunities (between any two ideographs, after spaces),
    /// force-breaks words wider than the line, and places baselines so that every line box
    /// is `line_height` tall with the glyphs centred in it (half-leading, CSS Inline 3 §5.1).
    ///
    /// `font_weight` ≥ [`BOLD_WEIGHT`](super::BOLD_WEIGHT) picks the bold faces where there
    /// are some (the bundled Latin); characters without a bold face are drawn regular.
    pub fn shape_with_weight(
        &self,
        text: &str,
        font_size: f32,
        font_weight: u16,
        line_height: f32,
        max_width: Option<f32>,
        align: TextAlign,
    ) -> TextLayout {
        let text = collapse_whitespace(text);
        let bold = font_weight >= BOLD_WEIGHT;
        let limit = max_width
            .map(|w| w.max(0.0) + 0.01)
            .unwrap_or(f32::INFINITY);

        let mut lines: Vec<LineBuf> = Vec::new();
        let mut line = LineBuf::default();
        let mut start = 0usize;
        for (end, op) in linebreaks(&text) {
            let segment: Vec<Shaped> = text[start..end]
                .chars()
                .map(|ch| {
                    let info = self.glyph_info(ch, bold);
                    Shaped {
                        ch,
                        info,
                        advance: info.map_or(0.0, |g| g.advance * font_size),
                    }
                })
                .collect();
            start = end;
            let seg_width: f32 = segment.iter().map(|g| g.advance).sum();
            let trailing: f32 = segment
                .iter()
                .rev()
                .take_while(|g| g.is_space())
                .map(|g| g.advance)
                .sum();
            // Does the segment (minus its hanging spaces) fit on the current line?
            if line.width + seg_width - trailing > limit && !line.glyphs.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if seg_width - trailing > limit {
                // Wider than a whole line: break between characters.
                for g in segment {
                    if line.width + g.advance > limit && !line.glyphs.is_empty() && !g.is_space() {
                        lines.push(std::mem::take(&mut line));
                    }
                    line.width += g.advance;
                    line.glyphs.push(g);
                }
            } else {
                line.width += seg_width;
                line.glyphs.extend(segment);
            }
            if op == BreakOpportunity::Mandatory && end < text.len() {
                lines.push(std::mem::take(&mut line));
            }
        }
        if !line.glyphs.is_empty() {
            lines.push(line);
        }

        let (ascent, descent, _) = self.line_metrics(font_size);
        let content = ascent - descent;
        let half_leading = (line_height - content) / 2.0;
        let mut layout = TextLayout {
            lines: Vec::with_capacity(lines.len()),
            font_size,
            width: 0.0,
            height: line_height * lines.len() as f32,
        };
        for (i, l) in lines.iter().enumerate() {
            let width = l.trimmed_width();
            let offset_x = match (align, max_width) {
                (TextAlign::Center, Some(w)) => ((w - width) / 2.0).max(0.0),
                (TextAlign::Right, Some(w)) => (w - width).max(0.0),
                _ => 0.0,
            };
            let mut x = offset_x;
            let mut glyphs = Vec::with_capacity(l.glyphs.len());
            for g in &l.glyphs {
                if let Some(info) = g.info {
                    if !g.is_space() {
                        glyphs.push(PositionedGlyph {
                            face: info.face,
                            glyph: info.glyph,
                            x,
                            ch: g.ch,
                        });
                    }
                }
                x += g.advance;
            }
            layout.width = layout.width.max(width);
            layout.lines.push(TextLine {
                glyphs,
                baseline: i as f32 * line_height + half_leading + ascent,
                width,
                offset_x,
            });
        }
        layout
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_like_white_space_normal() {
        assert_eq!(collapse_whitespace("  a \n\t b  "), "a b ");
        assert_eq!(collapse_whitespace("\n\n"), "");
        assert_eq!(collapse_whitespace("中 文"), "中 文");
    }
}
