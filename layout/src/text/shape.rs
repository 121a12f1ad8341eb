//! Text shaping and line breaking: white space processed as `white-space` says (CSS Text
//! 3 §4, see [`super::white_space`]), break opportunities from UAX #14
//! (unicode-linebreak) adjusted by `word-break` (§5.2), greedy line filling (§5), breaks
//! inside words wider than the line when `overflow-wrap` allows them (§5.5),
//! `letter-spacing` (§8.2), `text-align` (§7.1), and the ellipsis of `text-overflow` (CSS
//! Overflow 3 §4) and of a line clamp (CSS Overflow 4 §4.2).

use unicode_linebreak::{linebreaks, BreakOpportunity};

use super::fonts::{FontStore, GlyphInfo, BOLD_WEIGHT};
use super::white_space::process;
use super::{PositionedGlyph, TextLayout, TextLine};
use crate::style::computed::{ComputedStyle, TextAlign};
use crate::style::text_style::{OverflowWrap, WhiteSpace, WordBreak};

/// The character drawn where text is cut short (CSS Overflow 3 §4.1: U+2026).
const ELLIPSIS: char = '\u{2026}';

/// A tab stop every this many spaces (`tab-size: 8`, CSS Text 3 §4.2).
const TAB_SIZE: f32 = 8.0;

/// What shaping a text needs from its style.
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub struct ShapeOptions {
    /// Font size in px.
    pub font_size: f32,
    /// `font-weight`; at least [`BOLD_WEIGHT`] draws from the bold faces.
    pub font_weight: u16,
    /// The line box height in px.
    pub line_height: f32,
    /// `text-align`.
    pub align: TextAlign,
    /// `white-space`.
    pub white_space: WhiteSpace,
    /// `word-break`.
    pub word_break: WordBreak,
    /// `overflow-wrap`.
    pub overflow_wrap: OverflowWrap,
    /// `letter-spacing` in px, added after every character.
    pub letter_spacing: f32,
    /// Lines wider than the wrap width end with an ellipsis (`text-overflow: ellipsis`
    /// on a box that clips).
    pub ellipsis: bool,
    /// At most this many lines, the last ending with an ellipsis (`-webkit-line-clamp`).
    pub line_clamp: Option<u32>,
    /// `text-align: justify`: lines but the last are widened to the wrap width.
    pub justify: bool,
    /// Newlines break lines even where `white-space` collapses them (WeChat's `<text>`).
    pub keep_newlines: bool,
}

impl ShapeOptions {
    /// Regular text at `font_size` on lines `line_height` tall, every other property at
    /// its initial value.
    pub fn new(font_size: f32, line_height: f32) -> Self {
        ShapeOptions {
            font_size,
            font_weight: 400,
            line_height,
            align: TextAlign::Left,
            white_space: WhiteSpace::Normal,
            word_break: WordBreak::Normal,
            overflow_wrap: OverflowWrap::Normal,
            letter_spacing: 0.0,
            ellipsis: false,
            line_clamp: None,
            justify: false,
            keep_newlines: false,
        }
    }

    /// The options of a text node with computed style `s`.
    pub fn of_style(s: &ComputedStyle) -> Self {
        ShapeOptions {
            font_size: s.font_size,
            font_weight: s.font_weight,
            line_height: s.line_height.resolve(s.font_size),
            align: s.text_align,
            white_space: s.text.white_space,
            word_break: s.text.word_break,
            overflow_wrap: s.text.overflow_wrap,
            letter_spacing: s.text.letter_spacing,
            ellipsis: s.text_block.ellipsis,
            line_clamp: s.text_block.line_clamp,
            justify: s.text.justify,
            keep_newlines: s.text_block.keep_newlines,
        }
    }

    /// The options a min-content measurement uses: `overflow-wrap: break-word` breaks
    /// inside words only to fit a line, not to size one (CSS Text 3 §5.5).
    pub fn for_min_content(mut self) -> Self {
        if self.overflow_wrap == OverflowWrap::BreakWord {
            self.overflow_wrap = OverflowWrap::Normal;
        }
        self
    }

    fn bold(&self) -> bool {
        self.font_weight >= BOLD_WEIGHT
    }
}

/// One glyph before positioning.
#[derive(Clone, Copy)]
pub(crate) struct Shaped {
    pub(crate) ch: char,
    pub(crate) info: Option<GlyphInfo>,
    pub(crate) advance: f32,
    /// Painted (not white space or a control).
    pub(crate) draw: bool,
    /// Hangs at the end of a line: not measured there (CSS Text 3 §4.1.3).
    pub(crate) hang: bool,
}

/// A line broken from a text: a range of [`Broken::glyphs`].
#[derive(Clone, Copy)]
struct BrokenLine {
    start: usize,
    end: usize,
    /// The pen advance of the line's glyphs, hanging ones included.
    width: f32,
    /// Cut short: an ellipsis follows the glyphs (hanging ones dropped).
    ellipsis: bool,
}

/// How a justified line is widened (see [`Broken::justification`]).
#[derive(Clone, Copy)]
struct Justified {
    /// Extra advance per expansion opportunity.
    per_gap: f32,
    /// The opportunities are spaces (else between characters).
    at_spaces: bool,
    /// How many of the line's glyphs are before its hanging ones.
    content: usize,
    /// The widened line's width.
    width: f32,
}

/// Lines broken from a text: one buffer of glyphs and each line's range in it, so
/// shaping allocates two vectors however many segments and lines there are.
#[derive(Default)]
struct Broken {
    glyphs: Vec<Shaped>,
    lines: Vec<BrokenLine>,
    /// The ellipsis glyph, once a line needs it.
    ellipsis: Option<Shaped>,
}

impl Broken {
    /// The advance of the hanging glyphs that end `glyphs[start..end]`.
    fn hanging(&self, start: usize, end: usize) -> f32 {
        self.glyphs[start..end]
            .iter()
            .rev()
            .take_while(|g| g.hang)
            .map(|g| g.advance)
            .sum()
    }

    /// Where a line's ink ends: its width without its hanging glyphs.
    fn content_width(&self, l: BrokenLine) -> f32 {
        l.width - self.hanging(l.start, l.end)
    }

    /// Width of a line as measured: without its hanging glyphs, with its ellipsis.
    fn trimmed_width(&self, l: BrokenLine) -> f32 {
        let ellipsis = match (l.ellipsis, self.ellipsis) {
            (true, Some(e)) => e.advance,
            _ => 0.0,
        };
        self.content_width(l) + ellipsis
    }

    /// How `text-align: justify` widens line `i` to `max_width` (CSS Text 3 §7.4): the
    /// extra advance after each space, or when the line has none but holds CJK text,
    /// after each character but the last. The last line, lines ending in a forced break
    /// and cut lines are not justified.
    fn justification(&self, i: usize, max_width: Option<f32>) -> Option<Justified> {
        let w = max_width?;
        let l = self.lines[i];
        if i + 1 == self.lines.len() || l.ellipsis {
            return None;
        }
        let glyphs = &self.glyphs[l.start..l.end];
        if glyphs.last().is_some_and(|g| g.ch == '\n') {
            return None;
        }
        let extra = w - self.content_width(l);
        if extra <= 0.0 {
            return None;
        }
        let hanging = glyphs.iter().rev().take_while(|g| g.hang).count();
        let content = glyphs.len() - hanging;
        let spaces = glyphs[..content].iter().filter(|g| g.ch == ' ').count();
        if spaces > 0 {
            return Some(Justified {
                per_gap: extra / spaces as f32,
                at_spaces: true,
                content,
                width: w,
            });
        }
        let cjk = glyphs[..content].iter().any(|g| g.ch >= '\u{2E80}');
        (cjk && content > 1).then(|| Justified {
            per_gap: extra / (content - 1) as f32,
            at_spaces: false,
            content,
            width: w,
        })
    }

    /// A line's width as laid out: justified, or [`Broken::trimmed_width`].
    fn laid_out_width(&self, i: usize, o: &ShapeOptions, max_width: Option<f32>) -> f32 {
        match o
            .justify
            .then(|| self.justification(i, max_width))
            .flatten()
        {
            Some(j) => j.width,
            None => self.trimmed_width(self.lines[i]),
        }
    }

    /// Cuts line `i` short so that its glyphs and an ellipsis fit in `limit`, keeping as
    /// many whole glyphs as fit (CSS Overflow 3 §4.1).
    fn cut_with_ellipsis(&mut self, i: usize, ellipsis: Shaped, limit: f32) {
        self.ellipsis = Some(ellipsis);
        let mut l = self.lines[i];
        let mut width = 0.0;
        let mut end = l.start;
        for (k, g) in self.glyphs[l.start..l.end].iter().enumerate() {
            // Hanging glyphs cost nothing here: the ellipsis replaces them.
            let fits = g.hang || width + g.advance + ellipsis.advance <= limit;
            if !fits {
                break;
            }
            width += g.advance;
            end = l.start + k + 1;
        }
        l.end = end;
        l.width = width;
        l.ellipsis = true;
        self.lines[i] = l;
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

    /// `ch` ready to be placed on a line at pen position `pen`.
    pub(crate) fn shaped_char(&self, ch: char, o: &ShapeOptions, pen: f32) -> Shaped {
        let hangs = !matches!(o.white_space, WhiteSpace::Pre | WhiteSpace::BreakSpaces);
        match ch {
            '\t' => {
                // To the next tab stop (CSS Text 3 §4.2).
                let stop = TAB_SIZE * (self.advance(' ', o.font_size) + o.letter_spacing);
                let advance = if stop > 0.0 {
                    stop - pen.rem_euclid(stop)
                } else {
                    0.0
                };
                Shaped {
                    ch,
                    info: None,
                    advance,
                    draw: false,
                    hang: hangs,
                }
            }
            c if c.is_control() => Shaped {
                ch,
                info: None,
                advance: 0.0,
                draw: false,
                hang: true,
            },
            _ => {
                let info = self.glyph_info(ch, o.bold());
                Shaped {
                    ch,
                    info,
                    advance: info.map_or(0.0, |g| g.advance * o.font_size) + o.letter_spacing,
                    draw: ch != ' ',
                    hang: ch == ' ' && hangs,
                }
            }
        }
    }

    /// Breaks processed `text` into lines no wider than `limit`, then applies the line
    /// clamp and `text-overflow` at `max_width`.
    fn break_lines(&self, text: &str, o: &ShapeOptions, max_width: Option<f32>) -> Broken {
        let wraps = o.white_space.wraps();
        let lim = if wraps {
            limit(max_width)
        } else {
            f32::INFINITY
        };
        let mut broken =
            if o.word_break == WordBreak::Normal && o.white_space != WhiteSpace::BreakSpaces {
                self.fill(text, o, lim, linebreaks(text))
            } else {
                self.fill(text, o, lim, opportunities(text, o).into_iter())
            };
        self.clamp_and_cut(&mut broken, o, max_width);
        broken
    }

    /// Greedy line filling over the break opportunities `breaks`: a segment goes on the
    /// current line if it fits without its hanging glyphs, else starts the next one; a
    /// segment wider than a whole line is broken between characters when
    /// `overflow-wrap` allows, else it overflows.
    fn fill(
        &self,
        text: &str,
        o: &ShapeOptions,
        limit: f32,
        breaks: impl Iterator<Item = (usize, BreakOpportunity)>,
    ) -> Broken {
        let force = o.overflow_wrap != OverflowWrap::Normal;
        let mut out = Broken {
            glyphs: Vec::with_capacity(text.len()),
            lines: Vec::new(),
            ellipsis: None,
        };
        let push = |out: &mut Broken, start, end, width| {
            out.lines.push(BrokenLine {
                start,
                end,
                width,
                ellipsis: false,
            })
        };
        // The line being filled: `out.glyphs[line_start..]`, its pen position `width`.
        let mut line_start = 0usize;
        let mut width = 0.0f32;
        let mut start = 0usize;
        for (end, op) in breaks {
            let seg_start = out.glyphs.len();
            let mut pen = width;
            for ch in text[start..end].chars() {
                let g = self.shaped_char(ch, o, pen);
                pen += g.advance;
                out.glyphs.push(g);
            }
            start = end;
            let seg_width = pen - width;
            let trailing = out.hanging(seg_start, out.glyphs.len());
            // Does the segment (minus its hanging glyphs) fit on the current line?
            if width + seg_width - trailing > limit && seg_start > line_start {
                push(&mut out, line_start, seg_start, width);
                line_start = seg_start;
                width = 0.0;
            }
            if force && seg_width - trailing > limit {
                // Wider than a whole line: break between characters.
                for i in seg_start..out.glyphs.len() {
                    let g = out.glyphs[i];
                    if width + g.advance > limit && i > line_start && !g.hang {
                        push(&mut out, line_start, i, width);
                        line_start = i;
                        width = 0.0;
                    }
                    width += g.advance;
                }
            } else {
                width += seg_width;
            }
            if op == BreakOpportunity::Mandatory && end < text.len() {
                let end = out.glyphs.len();
                push(&mut out, line_start, end, width);
                line_start = end;
                width = 0.0;
            }
        }
        let end = out.glyphs.len();
        if end > line_start {
            push(&mut out, line_start, end, width);
        }
        out
    }

    /// Keeps the first `line_clamp` lines, the last cut short with an ellipsis, and cuts
    /// every line wider than `max_width` under `text-overflow: ellipsis`.
    fn clamp_and_cut(&self, b: &mut Broken, o: &ShapeOptions, max_width: Option<f32>) {
        let lim = limit(max_width);
        if let Some(n) = o.line_clamp.and_then(|n| usize::try_from(n).ok()) {
            if b.lines.len() > n && n > 0 {
                b.lines.truncate(n);
                let e = self.shaped_char(ELLIPSIS, o, 0.0);
                b.cut_with_ellipsis(n - 1, e, lim);
            }
        }
        if o.ellipsis && max_width.is_some() {
            for i in 0..b.lines.len() {
                if b.trimmed_width(b.lines[i]) > lim {
                    let e = self.shaped_char(ELLIPSIS, o, 0.0);
                    b.cut_with_ellipsis(i, e, lim);
                }
            }
        }
    }

    /// Breaks collapsed `text` as [`FontStore::shape_with_weight`] does.
    fn break_plain(&self, text: &str, o: &ShapeOptions, max_width: Option<f32>) -> Broken {
        let text = process(text, o.white_space, o.keep_newlines);
        self.break_lines(&text, o, max_width)
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
        let o = ShapeOptions {
            font_weight,
            ..ShapeOptions::new(font_size, line_height)
        };
        self.measure_styled(text, &o, max_width)
    }

    /// [`FontStore::measure_with_weight`] with every option of [`ShapeOptions`]: the size
    /// [`FontStore::shape_styled`] would give.
    pub fn measure_styled(
        &self,
        text: &str,
        o: &ShapeOptions,
        max_width: Option<f32>,
    ) -> (f32, f32) {
        let broken = self.break_plain(text, o, max_width);
        let width = (0..broken.lines.len())
            .fold(0.0f32, |w, i| w.max(broken.laid_out_width(i, o, max_width)));
        (width, o.line_height * broken.lines.len() as f32)
    }

    /// Shapes `text` into lines no wider than `max_width` (when given): collapses white
    /// space, breaks at UAX #14 opportunities (between any two ideographs, after spaces),
    /// and places baselines so that every line box is `line_height` tall with the glyphs
    /// centred in it (half-leading, CSS Inline 3 §5.1).
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
        let o = ShapeOptions {
            font_weight,
            align,
            ..ShapeOptions::new(font_size, line_height)
        };
        self.shape_styled(text, &o, max_width)
    }

    /// [`FontStore::shape_with_weight`] with every option of [`ShapeOptions`]
    /// (`white-space`, `word-break`, `overflow-wrap`, `letter-spacing`, ellipses).
    pub fn shape_styled(&self, text: &str, o: &ShapeOptions, max_width: Option<f32>) -> TextLayout {
        let broken = self.break_plain(text, o, max_width);
        let (font_size, line_height) = (o.font_size, o.line_height);
        // Whole-pixel ascent and descent, and the half-leading above the glyphs rounded
        // down, as Chromium lays out lines (its font metrics are integers): baselines then
        // land on the pixel rows Chromium's do.
        let (ascent, descent, _) = self.line_metrics(font_size);
        let decoration = self.decoration_metrics_with(font_size, ascent);
        let (ascent, descent) = (ascent.round(), -descent.round());
        let content = ascent + descent;
        let half_leading = ((line_height - content) / 2.0).floor();
        let mut layout = TextLayout {
            lines: Vec::with_capacity(broken.lines.len()),
            font_size,
            width: 0.0,
            height: line_height * broken.lines.len() as f32,
            decoration,
        };
        for (i, &l) in broken.lines.iter().enumerate() {
            let justified = o
                .justify
                .then(|| broken.justification(i, max_width))
                .flatten();
            let width = justified.map_or_else(|| broken.trimmed_width(l), |j| j.width);
            let offset_x = match (o.align, max_width) {
                (TextAlign::Center, Some(w)) => ((w - width) / 2.0).max(0.0),
                (TextAlign::Right, Some(w)) => (w - width).max(0.0),
                _ => 0.0,
            };
            let mut x = offset_x;
            let line_glyphs = &broken.glyphs[l.start..l.end];
            let mut glyphs = Vec::with_capacity(line_glyphs.len() + usize::from(l.ellipsis));
            for (k, g) in line_glyphs.iter().enumerate() {
                if let (Some(info), true) = (g.info, g.draw) {
                    glyphs.push(PositionedGlyph {
                        face: info.face,
                        glyph: info.glyph,
                        x,
                        ch: g.ch,
                    });
                }
                x += g.advance;
                if let Some(j) = justified {
                    let gap = if j.at_spaces {
                        g.ch == ' ' && k < j.content
                    } else {
                        k + 1 < j.content
                    };
                    if gap {
                        x += j.per_gap;
                    }
                }
            }
            if let (true, Some(e)) = (l.ellipsis, broken.ellipsis) {
                if let Some(info) = e.info {
                    glyphs.push(PositionedGlyph {
                        face: info.face,
                        glyph: info.glyph,
                        x: offset_x + broken.content_width(l),
                        ch: e.ch,
                    });
                }
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

/// The break opportunities of `text` when `word-break` or `white-space: break-spaces`
/// change UAX #14's: `break-all` adds one between any two letters, `keep-all` removes
/// those between two letters (CJK included), `break-spaces` adds one after every space
/// (CSS Text 3 §5.2, §3).
fn opportunities(text: &str, o: &ShapeOptions) -> Vec<(usize, BreakOpportunity)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (end, op) in linebreaks(text) {
        if op == BreakOpportunity::Allowed && o.word_break == WordBreak::KeepAll && end < text.len()
        {
            let before = text[..end].chars().next_back();
            let after = text[end..].chars().next();
            if let (Some(a), Some(b)) = (before, after) {
                if a.is_alphanumeric() && b.is_alphanumeric() {
                    continue;
                }
            }
        }
        let mut prev: Option<char> = None;
        for (i, ch) in text[start..end].char_indices() {
            let at = start + i;
            if let Some(p) = prev {
                let inside_word = o.word_break == WordBreak::BreakAll
                    && !p.is_whitespace()
                    && !ch.is_whitespace();
                let after_space = o.white_space == WhiteSpace::BreakSpaces && p == ' ';
                if inside_word || after_space {
                    out.push((at, BreakOpportunity::Allowed));
                }
            }
            prev = Some(ch);
        }
        out.push((end, op));
        start = end;
    }
    out
}

/// The line-filling limit for a wrap width (a hundredth of a pixel of slack, so a text
/// measured at its own width fits in it).
fn limit(max_width: Option<f32>) -> f32 {
    max_width.map_or(f32::INFINITY, |w| w.max(0.0) + 0.01)
}

/// True when `text` shaped with `o` at `max_width` gives exactly `unbounded`, its
/// layout without a wrap width.
///
/// Without wrapping (`nowrap`, `pre`) lines do not depend on the width, so that holds
/// unless an ellipsis would cut the widest line. With wrapping it holds for a text that
/// is left-aligned (so no offset depends on the width), at most one line, with no
/// hanging space at the end, whose whole line is within the limit: every prefix of the
/// line is then within the limit too (advances are never negative without negative
/// `letter-spacing`), so line filling breaks nowhere and sums the same advances in the
/// same order.
pub(crate) fn fits_unbounded(
    unbounded: &TextLayout,
    text: &str,
    o: &ShapeOptions,
    max_width: Option<f32>,
) -> bool {
    let Some(w) = max_width else {
        return true;
    };
    if o.align != TextAlign::Left {
        return false;
    }
    let within = unbounded.width <= limit(Some(w));
    if !o.white_space.wraps() {
        return within || !o.ellipsis;
    }
    // The collapsed text ends with this character, so the line has no trailing space
    // and its width is the sum of all its advances.
    let clean_end = text
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_whitespace() && !c.is_control());
    o.letter_spacing >= 0.0 && unbounded.lines.len() <= 1 && clean_end && within
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::FontStore;

    fn lines(t: &TextLayout) -> Vec<String> {
        t.lines
            .iter()
            .map(|l| l.glyphs.iter().map(|g| g.ch).collect())
            .collect()
    }

    fn opts(ws: WhiteSpace) -> ShapeOptions {
        ShapeOptions {
            white_space: ws,
            ..ShapeOptions::new(16.0, 20.0)
        }
    }

    #[test]
    fn nowrap_never_wraps_and_pre_keeps_newlines() {
        let f = FontStore::bundled();
        let t = f.shape_styled("one two three", &opts(WhiteSpace::NoWrap), Some(30.0));
        assert_eq!(lines(&t), ["onetwothree"]);
        assert!(t.width > 30.0);
        let t = f.shape_styled("a  b\nc", &opts(WhiteSpace::Pre), Some(1.0));
        assert_eq!(lines(&t), ["ab", "c"]);
        // The two spaces are both kept: `b` sits two spaces after `a`.
        let space = f.advance(' ', 16.0);
        let a = f.advance('a', 16.0);
        let b = t.lines[0].glyphs[1].x;
        assert!((b - (a + 2.0 * space)).abs() < 0.01, "{b}");
        let t = f.shape_styled("a  b\n c", &opts(WhiteSpace::PreLine), None);
        assert_eq!(lines(&t), ["ab", "c"]);
        assert_eq!(t.lines[1].glyphs[0].x, 0.0);
    }

    #[test]
    fn pre_wrap_wraps_and_its_spaces_hang() {
        let f = FontStore::bundled();
        let w = f.measure_styled("aaaa", &opts(WhiteSpace::PreWrap), None).0;
        let t = f.shape_styled("aaaa    aaaa", &opts(WhiteSpace::PreWrap), Some(w + 1.0));
        assert_eq!(lines(&t), ["aaaa", "aaaa"]);
        assert!(t.lines[0].width <= w + 0.01);
    }

    #[test]
    fn overflow_wrap_decides_whether_long_words_break() {
        let f = FontStore::bundled();
        let word = "Supercalifragilistic";
        let normal = f.shape_styled(word, &opts(WhiteSpace::Normal), Some(60.0));
        assert_eq!(normal.lines.len(), 1);
        let o = ShapeOptions {
            overflow_wrap: OverflowWrap::BreakWord,
            ..opts(WhiteSpace::Normal)
        };
        let broken = f.shape_styled(word, &o, Some(60.0));
        assert!(broken.lines.len() > 2);
        assert!(broken.lines.iter().all(|l| l.width <= 60.0));
        // Min-content ignores `break-word` breaks but not `anywhere` ones.
        let m = f.measure_styled(word, &o.for_min_content(), Some(0.0));
        assert_eq!(m.0, normal.width);
        let any = ShapeOptions {
            overflow_wrap: OverflowWrap::Anywhere,
            ..o
        };
        assert!(f.measure_styled(word, &any.for_min_content(), Some(0.0)).0 < 20.0);
    }

    #[test]
    fn word_break_all_and_keep_all() {
        let f = FontStore::bundled();
        let all = ShapeOptions {
            word_break: WordBreak::BreakAll,
            ..opts(WhiteSpace::Normal)
        };
        let t = f.shape_styled("Supercalifragilistic word", &all, Some(100.0));
        // The first line is filled right up to the width, the word broken mid-way.
        assert!(t.lines[0].width > 80.0, "{}", t.lines[0].width);
        assert!(lines(&t)[0].starts_with("Superc"));
        let keep = ShapeOptions {
            word_break: WordBreak::KeepAll,
            ..opts(WhiteSpace::Normal)
        };
        let t = f.shape_styled("一二三四 五六", &keep, Some(40.0));
        assert_eq!(lines(&t), ["一二三四", "五六"]);
    }

    #[test]
    fn letter_spacing_follows_every_character() {
        let f = FontStore::bundled();
        let plain = f.shape_styled("abc", &opts(WhiteSpace::Normal), None);
        let o = ShapeOptions {
            letter_spacing: 10.0,
            ..opts(WhiteSpace::Normal)
        };
        let spaced = f.shape_styled("abc", &o, None);
        assert!((spaced.width - plain.width - 30.0).abs() < 0.01);
        assert!((spaced.lines[0].glyphs[2].x - plain.lines[0].glyphs[2].x - 20.0).abs() < 0.01);
    }

    #[test]
    fn text_overflow_ends_the_cut_line_with_an_ellipsis() {
        let f = FontStore::bundled();
        let o = ShapeOptions {
            ellipsis: true,
            ..opts(WhiteSpace::NoWrap)
        };
        let t = f.shape_styled("This title is far too long", &o, Some(100.0));
        assert_eq!(t.lines.len(), 1);
        let l = &t.lines[0];
        assert_eq!(l.glyphs.last().map(|g| g.ch), Some(ELLIPSIS));
        assert!(l.width <= 100.01 && l.width > 80.0, "{}", l.width);
        // A line that fits is left alone.
        let t = f.shape_styled("Short", &o, Some(100.0));
        assert_eq!(lines(&t), ["Short"]);
    }

    #[test]
    fn line_clamp_keeps_n_lines_the_last_with_an_ellipsis() {
        let f = FontStore::bundled();
        let text = "one two three four five six seven eight nine ten";
        let o = ShapeOptions {
            line_clamp: Some(2),
            ..opts(WhiteSpace::Normal)
        };
        let t = f.shape_styled(text, &o, Some(80.0));
        assert_eq!(t.lines.len(), 2);
        assert_eq!(t.height, 40.0);
        assert_eq!(t.lines[1].glyphs.last().map(|g| g.ch), Some(ELLIPSIS));
        assert!(t.lines[1].width <= 80.01);
        assert_eq!(f.measure_styled(text, &o, Some(80.0)), (t.width, t.height));
        // Fewer lines than the clamp: no ellipsis.
        let t = f.shape_styled("one", &o, Some(80.0));
        assert_eq!(lines(&t), ["one"]);
    }

    /// Layout trusts `measure_styled` to give the size `shape_styled` gives, and reuses
    /// the unbounded layout wherever `fits_unbounded` says so: check both over options
    /// and widths.
    #[test]
    fn measure_and_unbounded_reuse_agree_with_shaping() {
        let f = FontStore::bundled();
        let texts = [
            "Short",
            "one two  three four five",
            "a\nb  c",
            "Supercalifragilistic x ",
        ];
        let mut all = Vec::new();
        for ws in [
            WhiteSpace::Normal,
            WhiteSpace::NoWrap,
            WhiteSpace::Pre,
            WhiteSpace::PreWrap,
            WhiteSpace::PreLine,
            WhiteSpace::BreakSpaces,
        ] {
            for (ellipsis, clamp, spacing, justify) in
                [(false, None, 0.0, true), (true, Some(2), 3.0, false)]
            {
                all.push(ShapeOptions {
                    ellipsis,
                    line_clamp: clamp,
                    letter_spacing: spacing,
                    justify,
                    overflow_wrap: OverflowWrap::Anywhere,
                    ..opts(ws)
                });
            }
        }
        for o in &all {
            for text in texts {
                let unbounded = f.shape_styled(text, o, None);
                for w in [0.0, 10.0, 35.0, 60.0, 100.0, 400.0] {
                    let t = f.shape_styled(text, o, Some(w));
                    assert_eq!(
                        f.measure_styled(text, o, Some(w)),
                        (t.width, t.height),
                        "{text:?} {o:?} {w}"
                    );
                    if fits_unbounded(&unbounded, text, o, Some(w)) {
                        assert_eq!(t, unbounded, "{text:?} {o:?} {w}");
                    }
                }
            }
        }
    }

    #[test]
    fn decoration_metrics_come_from_the_font() {
        let f = FontStore::bundled();
        // Open Sans: underline position -154 units of 2048.
        let m = f.decoration_metrics(2048.0);
        assert!((m.underline_offset - 154.0).abs() < 0.01, "{m:?}");
        let t = f.shape("Mica", 2048.0, 3000.0, None, TextAlign::Left);
        assert_eq!(t.decoration, m);
    }

    #[test]
    fn justify_widens_every_line_but_the_last() {
        let f = FontStore::bundled();
        let o = ShapeOptions {
            justify: true,
            ..opts(WhiteSpace::Normal)
        };
        let text = "Justified text spreads its words out";
        let t = f.shape_styled(text, &o, Some(150.0));
        assert!(t.lines.len() >= 2);
        let first = &t.lines[0];
        assert_eq!(first.width, 150.0);
        // The last word ends at the right edge.
        let last = first
            .glyphs
            .last()
            .map_or(0.0, |g| g.x + f.advance(g.ch, 16.0));
        assert!((last - 150.0).abs() < 0.05, "{last}");
        let plain = f.shape_styled(text, &opts(WhiteSpace::Normal), Some(150.0));
        assert_eq!(t.lines.last(), plain.lines.last());
        // CJK without spaces spreads between characters.
        let t = f.shape_styled("一二三四五六七", &o, Some(70.0));
        assert_eq!(t.lines[0].width, 70.0);
    }
}
