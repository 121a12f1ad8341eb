//! Text shaping and line breaking: white space collapsed as CSS Text 3 §4.1.1
//! (`white-space: normal`), break opportunities from UAX #14 (unicode-linebreak), greedy
//! line filling (CSS Text 3 §5), `overflow-wrap: anywhere`-style forced breaks for words
//! wider than the line, and `text-align` (CSS Text 3 §7.1).

use std::borrow::Cow;

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

/// [`collapse_whitespace`] without a copy when the text is already collapsed (the
/// common case: most bound texts are single words or single-spaced phrases).
fn collapsed(text: &str) -> Cow<'_, str> {
    let mut prev_space = true; // Leading white space is removed.
    let clean = text.chars().all(|ch| {
        let space = ch == ' ';
        let ok = if space {
            !prev_space
        } else {
            !matches!(ch, '\t' | '\n' | '\r' | '\u{000C}') && !ch.is_control()
        };
        prev_space = space;
        ok
    });
    // A lone trailing space is kept by `collapse_whitespace` too.
    if clean {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(collapse_whitespace(text))
    }
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

/// Lines broken from a text: one buffer of glyphs and each line's range in it, so
/// shaping allocates two vectors however many segments and lines there are.
#[derive(Default)]
struct Broken {
    glyphs: Vec<Shaped>,
    /// `(start, end, width)`: a line's glyphs and its pen advance (hanging spaces included).
    lines: Vec<(usize, usize, f32)>,
}

impl Broken {
    /// Width of a line without its hanging trailing spaces.
    fn trimmed_width(&self, line: (usize, usize, f32)) -> f32 {
        let (start, end, width) = line;
        let trailing: f32 = self.glyphs[start..end]
            .iter()
            .rev()
            .take_while(|g| g.is_space())
            .map(|g| g.advance)
            .sum();
        width - trailing
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

    /// Breaks collapsed `text` into lines no wider than `limit`: UAX #14 opportunities,
    /// greedy filling, forced breaks inside words wider than a line.
    fn break_lines(&self, text: &str, font_size: f32, bold: bool, limit: f32) -> Broken {
        let mut out = Broken {
            glyphs: Vec::with_capacity(text.len()),
            lines: Vec::new(),
        };
        // The line being filled: `out.glyphs[line_start..]`, its pen position `width`.
        let mut line_start = 0usize;
        let mut width = 0.0f32;
        let mut start = 0usize;
        for (end, op) in linebreaks(text) {
            let seg_start = out.glyphs.len();
            out.glyphs.extend(text[start..end].chars().map(|ch| {
                let info = self.glyph_info(ch, bold);
                Shaped {
                    ch,
                    info,
                    advance: info.map_or(0.0, |g| g.advance * font_size),
                }
            }));
            start = end;
            let segment = &out.glyphs[seg_start..];
            let seg_width: f32 = segment.iter().map(|g| g.advance).sum();
            let trailing: f32 = segment
                .iter()
                .rev()
                .take_while(|g| g.is_space())
                .map(|g| g.advance)
                .sum();
            // Does the segment (minus its hanging spaces) fit on the current line?
            if width + seg_width - trailing > limit && seg_start > line_start {
                out.lines.push((line_start, seg_start, width));
                line_start = seg_start;
                width = 0.0;
            }
            if seg_width - trailing > limit {
                // Wider than a whole line: break between characters.
                for i in seg_start..out.glyphs.len() {
                    let g = out.glyphs[i];
                    if width + g.advance > limit && i > line_start && !g.is_space() {
                        out.lines.push((line_start, i, width));
                        line_start = i;
                        width = 0.0;
                    }
                    width += g.advance;
                }
            } else {
                width += seg_width;
            }
            if op == BreakOpportunity::Mandatory && end < text.len() {
                out.lines.push((line_start, out.glyphs.len(), width));
                line_start = out.glyphs.len();
                width = 0.0;
            }
        }
        if out.glyphs.len() > line_start {
            out.lines.push((line_start, out.glyphs.len(), width));
        }
        out
    }

    /// The size [`FontStore::shape_with_weight`] would give `text` — `(width, height)` of
    /// its [`TextLayout`], exactly — without positioning any glyph: what layout needs to
    /// measure a text at a width it will not be drawn at.
    pub fn measure_with_weight(
        &self,
        text: &str,
        font_size: f32,
        font_weight: u16,
        line_height: f32,
        max_width: Option<f32>,
    ) -> (f32, f32) {
        let text = collapsed(text);
        let broken = self.break_lines(
            &text,
            font_size,
            font_weight >= BOLD_WEIGHT,
            limit(max_width),
        );
        let width = broken
            .lines
            .iter()
            .fold(0.0f32, |w, &l| w.max(broken.trimmed_width(l)));
        (width, line_height * broken.lines.len() as f32)
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
        let text = collapsed(text);
        let bold = font_weight >= BOLD_WEIGHT;
        let broken = self.break_lines(&text, font_size, bold, limit(max_width));

        let (ascent, descent, _) = self.line_metrics(font_size);
        let content = ascent - descent;
        let half_leading = (line_height - content) / 2.0;
        let mut layout = TextLayout {
            lines: Vec::with_capacity(broken.lines.len()),
            font_size,
            width: 0.0,
            height: line_height * broken.lines.len() as f32,
        };
        for (i, &l) in broken.lines.iter().enumerate() {
            let width = broken.trimmed_width(l);
            let offset_x = match (align, max_width) {
                (TextAlign::Center, Some(w)) => ((w - width) / 2.0).max(0.0),
                (TextAlign::Right, Some(w)) => (w - width).max(0.0),
                _ => 0.0,
            };
            let mut x = offset_x;
            let line_glyphs = &broken.glyphs[l.0..l.1];
            let mut glyphs = Vec::with_capacity(line_glyphs.len());
            for g in line_glyphs {
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

/// The line-filling limit for a wrap width (a hundredth of a pixel of slack, so a text
/// measured at its own width fits in it).
fn limit(max_width: Option<f32>) -> f32 {
    max_width.map_or(f32::INFINITY, |w| w.max(0.0) + 0.01)
}

/// True when `text` shaped at `max_width` gives exactly `unbounded`, its layout without a
/// wrap width: left-aligned (so no offset depends on the width), at most one line, no
/// hanging space at the end, and the whole line within the limit. Every prefix of the
/// line is then within the limit too (advances are never negative), so line filling
/// breaks nowhere and sums the same advances in the same order.
pub(crate) fn fits_unbounded(
    unbounded: &TextLayout,
    text: &str,
    align: TextAlign,
    max_width: Option<f32>,
) -> bool {
    let Some(w) = max_width else {
        return true;
    };
    // The collapsed text ends with this character, so the line has no trailing space
    // and its width is the sum of all its advances.
    let clean_end = text
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_whitespace() && !c.is_control());
    align == TextAlign::Left
        && unbounded.lines.len() <= 1
        && clean_end
        && unbounded.width <= limit(Some(w))
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
