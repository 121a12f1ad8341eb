//! CSS Grid 1 properties, laid out by taffy's grid algorithm: the track lists
//! (`grid-template-columns`/`-rows` with px, %, `fr`, `auto`, `min-content`,
//! `max-content`, `minmax()`, `fit-content()` and `repeat()`, §7.2), the implicit tracks
//! (`grid-auto-columns`/`-rows`, §7.6) and `grid-auto-flow` (§7.7), named areas
//! (`grid-template-areas`, §7.3), item placement (`grid-row`, `grid-column`, their
//! `-start`/`-end` longhands and `grid-area`, §8.3-8.4) and `justify-items` /
//! `justify-self` (Box Alignment 3 §6). Line names in track lists are not supported.
//!
//! Values are kept as declared ([`GridDecl`], lengths in their unit) and become taffy's
//! types at computed-value time ([`apply`]).

use cssparser::{Parser, Token};
use taffy::style::{
    AlignItems, GridAutoFlow, GridPlacement, GridTemplateArea, GridTemplateComponent,
    GridTemplateRepetition, MaxTrackSizingFunction, MinTrackSizingFunction, RepetitionCount,
    TrackSizingFunction,
};

use super::computed::ComputedStyle;
use super::properties::Declaration;
use super::values::{parse_len, Len, LenContext, ValueError};

/// One side of a track's size (CSS Grid 1 §7.2.1).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Breadth {
    /// A length or percentage.
    Len(Len),
    /// A share of the free space (`1fr`).
    Fr(f32),
    /// `auto`.
    Auto,
    /// `min-content`.
    MinContent,
    /// `max-content`.
    MaxContent,
    /// `fit-content(len)` (a whole track size on its own).
    FitContent(Len),
}

/// A track size: `minmax(min, max)`, or one breadth for both.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Track {
    /// The minimum.
    pub min: Breadth,
    /// The maximum.
    pub max: Breadth,
}

/// An entry of a track list.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq)]
pub enum TemplateEntry {
    /// One track.
    Single(Track),
    /// `repeat(n | auto-fill | auto-fit, tracks)`; a count of 0 is `auto-fill`, -1 is
    /// `auto-fit`.
    Repeat(i32, Vec<Track>),
}

/// A line placement (CSS Grid 1 §8.3).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq)]
pub enum Placement {
    /// `auto`.
    Auto,
    /// A line number (negative counts from the end).
    Line(i16),
    /// `span n`.
    Span(u16),
    /// A named line or area, with its number (`head`, `head 2`).
    Named(String, i16),
}

/// A grid declaration, as declared.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq)]
pub enum GridDecl {
    /// `grid-template-columns` (empty: `none`).
    TemplateColumns(Vec<TemplateEntry>),
    /// `grid-template-rows`.
    TemplateRows(Vec<TemplateEntry>),
    /// `grid-auto-columns`.
    AutoColumns(Vec<Track>),
    /// `grid-auto-rows`.
    AutoRows(Vec<Track>),
    /// `grid-auto-flow`: column (else row), dense.
    AutoFlow(bool, bool),
    /// `grid-template-areas`.
    Areas(Vec<Area>),
    /// `grid-row-start`.
    RowStart(Placement),
    /// `grid-row-end`.
    RowEnd(Placement),
    /// `grid-column-start`.
    ColumnStart(Placement),
    /// `grid-column-end`.
    ColumnEnd(Placement),
    /// `justify-items` (`None` = `normal`/`legacy`).
    JustifyItems(Option<AlignItems>),
    /// `justify-self` (`None` = `auto`).
    JustifySelf(Option<AlignItems>),
}

/// A named area of `grid-template-areas`: its lines, from 1, ends exclusive.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Area {
    /// The name.
    pub name: String,
    /// First row line.
    pub row_start: u16,
    /// Last row line.
    pub row_end: u16,
    /// First column line.
    pub column_start: u16,
    /// Last column line.
    pub column_end: u16,
}

fn d(g: GridDecl) -> Declaration {
    Declaration::Grid(Box::new(g))
}

/// Parses grid property `name`; `None` when it is not one.
pub fn parse<'i>(
    name: &str,
    input: &mut Parser<'i, '_>,
) -> Option<Result<Vec<Declaration>, ValueError<'i>>> {
    let r = match name {
        "grid-template-columns" => track_list(input).map(|t| vec![d(GridDecl::TemplateColumns(t))]),
        "grid-template-rows" => track_list(input).map(|t| vec![d(GridDecl::TemplateRows(t))]),
        "grid-auto-columns" => auto_tracks(input).map(|t| vec![d(GridDecl::AutoColumns(t))]),
        "grid-auto-rows" => auto_tracks(input).map(|t| vec![d(GridDecl::AutoRows(t))]),
        "grid-auto-flow" => {
            auto_flow(input).map(|(c, dense)| vec![d(GridDecl::AutoFlow(c, dense))])
        }
        "grid-template-areas" => areas(input).map(|a| vec![d(GridDecl::Areas(a))]),
        "grid-row-start" => placement(input).map(|p| vec![d(GridDecl::RowStart(p))]),
        "grid-row-end" => placement(input).map(|p| vec![d(GridDecl::RowEnd(p))]),
        "grid-column-start" => placement(input).map(|p| vec![d(GridDecl::ColumnStart(p))]),
        "grid-column-end" => placement(input).map(|p| vec![d(GridDecl::ColumnEnd(p))]),
        "grid-row" | "grid-column" => line_pair(input).map(|(s, e)| {
            if name == "grid-row" {
                vec![d(GridDecl::RowStart(s)), d(GridDecl::RowEnd(e))]
            } else {
                vec![d(GridDecl::ColumnStart(s)), d(GridDecl::ColumnEnd(e))]
            }
        }),
        "grid-area" => grid_area(input),
        "justify-items" => justify(input, false).map(|a| vec![d(GridDecl::JustifyItems(a))]),
        "justify-self" => justify(input, true).map(|a| vec![d(GridDecl::JustifySelf(a))]),
        _ => return None,
    };
    Some(r)
}

/// The initial value of grid property `name` as CSS text.
pub fn initial_value(name: &str) -> Option<&'static str> {
    Some(match name {
        "grid-template-columns" | "grid-template-rows" | "grid-template-areas" => "none",
        "grid-auto-columns" | "grid-auto-rows" => "auto",
        "grid-auto-flow" => "row",
        "grid-row-start" | "grid-row-end" | "grid-column-start" | "grid-column-end"
        | "grid-row" | "grid-column" | "grid-area" => "auto",
        "justify-items" => "normal",
        "justify-self" => "auto",
        _ => return None,
    })
}

fn err<'i>(input: &Parser<'i, '_>, msg: &str) -> ValueError<'i> {
    input.new_custom_error(msg.to_string())
}

/// Most tracks a `repeat()` may produce: bounds what a stylesheet can make layout do.
const MAX_REPEAT: i32 = 1000;

fn breadth<'i>(input: &mut Parser<'i, '_>) -> Result<Breadth, ValueError<'i>> {
    if let Ok(b) = input.try_parse(|i| {
        let location = i.current_source_location();
        match i.next()?.clone() {
            Token::Dimension { value, unit, .. } if unit.eq_ignore_ascii_case("fr") => {
                if value < 0.0 || !value.is_finite() {
                    Err(location.new_custom_error("negative `fr`".to_string()))
                } else {
                    Ok(Breadth::Fr(value))
                }
            }
            Token::Ident(id) => match id.to_ascii_lowercase().as_str() {
                "auto" => Ok(Breadth::Auto),
                "min-content" => Ok(Breadth::MinContent),
                "max-content" => Ok(Breadth::MaxContent),
                _ => Err(location.new_custom_error(format!("invalid track size `{id}`"))),
            },
            Token::Function(f) if f.eq_ignore_ascii_case("fit-content") => {
                let l = i.parse_nested_block(|i| parse_len(i, false))?;
                Ok(Breadth::FitContent(l))
            }
            t => Err(location.new_unexpected_token_error(t)),
        }
    }) {
        return Ok(b);
    }
    let l = parse_len(input, false)?;
    if matches!(l, Len::Px(v) | Len::Percent(v) if v < 0.0) {
        return Err(err(input, "negative track size"));
    }
    Ok(Breadth::Len(l))
}

fn track<'i>(input: &mut Parser<'i, '_>) -> Result<Track, ValueError<'i>> {
    if input
        .try_parse(|i| i.expect_function_matching("minmax"))
        .is_ok()
    {
        return input.parse_nested_block(|i| {
            let min = breadth(i)?;
            i.expect_comma()?;
            let max = breadth(i)?;
            // §7.2.3: the minimum may not be flexible, fit-content() is a size alone.
            if matches!(min, Breadth::Fr(_) | Breadth::FitContent(_))
                || matches!(max, Breadth::FitContent(_))
            {
                return Err(err(i, "invalid minmax()"));
            }
            Ok(Track { min, max })
        });
    }
    let b = breadth(input)?;
    Ok(match b {
        // `1fr` is `minmax(auto, 1fr)` (§7.2.4).
        Breadth::Fr(_) => Track {
            min: Breadth::Auto,
            max: b,
        },
        Breadth::FitContent(_) => Track {
            min: Breadth::Auto,
            max: b,
        },
        _ => Track { min: b, max: b },
    })
}

fn track_list<'i>(input: &mut Parser<'i, '_>) -> Result<Vec<TemplateEntry>, ValueError<'i>> {
    if input.try_parse(|i| i.expect_ident_matching("none")).is_ok() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    let mut total = 0i32;
    while !input.is_exhausted() {
        if input.try_parse(|i| i.expect_square_bracket_block()).is_ok() {
            return Err(err(input, "line names are not supported"));
        }
        if input
            .try_parse(|i| i.expect_function_matching("repeat"))
            .is_ok()
        {
            let (count, tracks) = input.parse_nested_block(|i| {
                let count = match i.next()?.clone() {
                    Token::Number {
                        int_value: Some(n), ..
                    } if (1..=MAX_REPEAT).contains(&n) => n,
                    Token::Ident(id) if id.eq_ignore_ascii_case("auto-fill") => 0,
                    Token::Ident(id) if id.eq_ignore_ascii_case("auto-fit") => -1,
                    _ => return Err(err(i, "invalid repeat() count")),
                };
                i.expect_comma()?;
                let mut tracks = vec![track(i)?];
                while !i.is_exhausted() {
                    tracks.push(track(i)?);
                }
                Ok((count, tracks))
            })?;
            total += count.max(1) * tracks.len() as i32;
            out.push(TemplateEntry::Repeat(count, tracks));
        } else {
            out.push(TemplateEntry::Single(track(input)?));
            total += 1;
        }
        if total > MAX_REPEAT {
            return Err(err(input, "too many tracks"));
        }
    }
    Ok(out)
}

fn auto_tracks<'i>(input: &mut Parser<'i, '_>) -> Result<Vec<Track>, ValueError<'i>> {
    let mut out = vec![track(input)?];
    while !input.is_exhausted() {
        out.push(track(input)?);
    }
    Ok(out)
}

fn auto_flow<'i>(input: &mut Parser<'i, '_>) -> Result<(bool, bool), ValueError<'i>> {
    let (mut column, mut dense, mut axis) = (false, false, false);
    while !input.is_exhausted() {
        match input.expect_ident()?.to_ascii_lowercase().as_str() {
            "row" if !axis => axis = true,
            "column" if !axis => (axis, column) = (true, true),
            "dense" if !dense => dense = true,
            _ => return Err(err(input, "invalid value for `grid-auto-flow`")),
        }
    }
    if !axis && !dense {
        return Err(err(input, "invalid value for `grid-auto-flow`"));
    }
    Ok((column, dense))
}

/// `grid-template-areas` (§7.3): rows of cell names, each name a rectangle.
fn areas<'i>(input: &mut Parser<'i, '_>) -> Result<Vec<Area>, ValueError<'i>> {
    if input.try_parse(|i| i.expect_ident_matching("none")).is_ok() {
        return Ok(Vec::new());
    }
    let mut rows: Vec<Vec<String>> = Vec::new();
    while !input.is_exhausted() {
        let s = input.expect_string()?.to_string();
        let cells: Vec<String> = s.split_ascii_whitespace().map(str::to_string).collect();
        if cells.is_empty() || rows.first().is_some_and(|r| r.len() != cells.len()) {
            return Err(err(input, "grid-template-areas rows differ in length"));
        }
        rows.push(cells);
        if rows.len() > MAX_REPEAT as usize || cells_len(&rows) > MAX_REPEAT as usize {
            return Err(err(input, "too many grid areas"));
        }
    }
    let mut out: Vec<Area> = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        for (c, name) in row.iter().enumerate() {
            // `.` (and runs of dots) is a null cell.
            if name.chars().all(|ch| ch == '.') {
                continue;
            }
            let (r, c) = (r as u16 + 1, c as u16 + 1);
            match out.iter_mut().find(|a| a.name == *name) {
                Some(a) => {
                    a.row_end = a.row_end.max(r + 1);
                    a.column_end = a.column_end.max(c + 1);
                    a.row_start = a.row_start.min(r);
                    a.column_start = a.column_start.min(c);
                }
                None => out.push(Area {
                    name: name.clone(),
                    row_start: r,
                    row_end: r + 1,
                    column_start: c,
                    column_end: c + 1,
                }),
            }
        }
    }
    // Each name must fill its rectangle exactly (§7.3).
    for a in &out {
        for r in a.row_start..a.row_end {
            for c in a.column_start..a.column_end {
                let cell = rows
                    .get(r as usize - 1)
                    .and_then(|row| row.get(c as usize - 1));
                if cell != Some(&a.name) {
                    return Err(err(input, "a grid area is not a rectangle"));
                }
            }
        }
    }
    Ok(out)
}

fn cells_len(rows: &[Vec<String>]) -> usize {
    rows.iter().map(Vec::len).sum()
}

/// `<grid-line>` (§8.3): `auto`, `<integer>`, `span <integer>`, a name (with a number).
fn placement<'i>(input: &mut Parser<'i, '_>) -> Result<Placement, ValueError<'i>> {
    if input.try_parse(|i| i.expect_ident_matching("auto")).is_ok() {
        return Ok(Placement::Auto);
    }
    let span = input.try_parse(|i| i.expect_ident_matching("span")).is_ok();
    let n = input.try_parse(|i| i.expect_integer()).ok();
    let name = input
        .try_parse(|i| i.expect_ident_cloned())
        .ok()
        .map(|s| s.to_string());
    let n = n.or_else(|| input.try_parse(|i| i.expect_integer()).ok());
    let clamp = |v: i32| v.clamp(-10_000, 10_000) as i16;
    Ok(match (span, n, name) {
        (true, Some(n), None) if n > 0 => Placement::Span(n.min(10_000) as u16),
        (true, None, None) => return Err(err(input, "`span` needs a number")),
        (true, _, Some(_)) => return Err(err(input, "named spans are not supported")),
        (false, Some(n), None) if n != 0 => Placement::Line(clamp(n)),
        (false, n, Some(name)) if n != Some(0) && name != "span" => {
            Placement::Named(name, clamp(n.unwrap_or(1)))
        }
        _ => return Err(err(input, "invalid grid line")),
    })
}

/// `start [/ end]`: an omitted end is the start's name, or `auto` (§8.4).
fn line_pair<'i>(input: &mut Parser<'i, '_>) -> Result<(Placement, Placement), ValueError<'i>> {
    let start = placement(input)?;
    let end = if input.try_parse(|i| i.expect_delim('/')).is_ok() {
        placement(input)?
    } else {
        omitted(&start)
    };
    Ok((start, end))
}

fn omitted(p: &Placement) -> Placement {
    match p {
        Placement::Named(n, 1) => Placement::Named(n.clone(), 1),
        _ => Placement::Auto,
    }
}

/// `grid-area: row-start / column-start / row-end / column-end` (§8.4).
fn grid_area<'i>(input: &mut Parser<'i, '_>) -> Result<Vec<Declaration>, ValueError<'i>> {
    let mut v = vec![placement(input)?];
    while v.len() < 4 && input.try_parse(|i| i.expect_delim('/')).is_ok() {
        v.push(placement(input)?);
    }
    let rs = v[0].clone();
    let cs = v.get(1).cloned().unwrap_or_else(|| omitted(&rs));
    let re = v.get(2).cloned().unwrap_or_else(|| omitted(&rs));
    let ce = v.get(3).cloned().unwrap_or_else(|| omitted(&cs));
    Ok(vec![
        d(GridDecl::RowStart(rs)),
        d(GridDecl::ColumnStart(cs)),
        d(GridDecl::RowEnd(re)),
        d(GridDecl::ColumnEnd(ce)),
    ])
}

fn justify<'i>(
    input: &mut Parser<'i, '_>,
    is_self: bool,
) -> Result<Option<AlignItems>, ValueError<'i>> {
    Ok(Some(
        match input.expect_ident()?.to_ascii_lowercase().as_str() {
            "auto" if is_self => return Ok(None),
            "normal" | "legacy" => return Ok(None),
            "start" | "self-start" | "flex-start" | "left" => AlignItems::Start,
            "end" | "self-end" | "flex-end" | "right" => AlignItems::End,
            "center" => AlignItems::Center,
            "stretch" => AlignItems::Stretch,
            "baseline" => AlignItems::Baseline,
            _ => return Err(err(input, "invalid alignment")),
        },
    ))
}

fn min_fn(b: Breadth, cx: &LenContext) -> MinTrackSizingFunction {
    match b {
        Breadth::Len(l) => MinTrackSizingFunction::from(l.length_percentage(cx)),
        Breadth::MinContent => MinTrackSizingFunction::min_content(),
        Breadth::MaxContent => MinTrackSizingFunction::max_content(),
        Breadth::Fr(_) | Breadth::Auto | Breadth::FitContent(_) => MinTrackSizingFunction::auto(),
    }
}

fn max_fn(b: Breadth, cx: &LenContext) -> MaxTrackSizingFunction {
    match b {
        Breadth::Len(l) => MaxTrackSizingFunction::from(l.length_percentage(cx)),
        Breadth::Fr(f) => MaxTrackSizingFunction::fr(f),
        Breadth::Auto => MaxTrackSizingFunction::auto(),
        Breadth::MinContent => MaxTrackSizingFunction::min_content(),
        Breadth::MaxContent => MaxTrackSizingFunction::max_content(),
        Breadth::FitContent(l) => match l {
            Len::Percent(p) => MaxTrackSizingFunction::fit_content_percent(p),
            // A calc() limit mixing px and % keeps only what it resolves to at a 0 basis.
            _ => MaxTrackSizingFunction::fit_content_px(l.resolve(cx, 0.0).unwrap_or(0.0)),
        },
    }
}

fn track_fn(t: &Track, cx: &LenContext) -> TrackSizingFunction {
    TrackSizingFunction {
        min: min_fn(t.min, cx),
        max: max_fn(t.max, cx),
    }
}

fn template(list: &[TemplateEntry], cx: &LenContext) -> Vec<GridTemplateComponent<String>> {
    list.iter()
        .map(|e| match e {
            TemplateEntry::Single(t) => GridTemplateComponent::Single(track_fn(t, cx)),
            TemplateEntry::Repeat(n, tracks) => {
                GridTemplateComponent::Repeat(GridTemplateRepetition {
                    count: match n {
                        0 => RepetitionCount::AutoFill,
                        -1 => RepetitionCount::AutoFit,
                        n => RepetitionCount::Count(u16::try_from(*n).unwrap_or(1)),
                    },
                    tracks: tracks.iter().map(|t| track_fn(t, cx)).collect(),
                    line_names: Vec::new(),
                })
            }
        })
        .collect()
}

fn place(p: &Placement) -> GridPlacement<String> {
    match p {
        Placement::Auto => GridPlacement::Auto,
        Placement::Line(n) => taffy::style_helpers::line(*n),
        Placement::Span(n) => GridPlacement::Span(*n),
        Placement::Named(name, n) => GridPlacement::NamedLine(name.clone(), *n),
    }
}

/// Applies a grid declaration to a computed style.
pub fn apply(g: &GridDecl, s: &mut ComputedStyle, cx: &LenContext) {
    let l = &mut s.layout;
    match g {
        GridDecl::TemplateColumns(t) => l.grid_template_columns = template(t, cx),
        GridDecl::TemplateRows(t) => l.grid_template_rows = template(t, cx),
        GridDecl::AutoColumns(t) => {
            l.grid_auto_columns = t.iter().map(|t| track_fn(t, cx)).collect()
        }
        GridDecl::AutoRows(t) => l.grid_auto_rows = t.iter().map(|t| track_fn(t, cx)).collect(),
        GridDecl::AutoFlow(column, dense) => {
            l.grid_auto_flow = match (column, dense) {
                (false, false) => GridAutoFlow::Row,
                (true, false) => GridAutoFlow::Column,
                (false, true) => GridAutoFlow::RowDense,
                (true, true) => GridAutoFlow::ColumnDense,
            }
        }
        GridDecl::Areas(a) => {
            l.grid_template_areas = a
                .iter()
                .map(|a| GridTemplateArea {
                    name: a.name.clone(),
                    row_start: a.row_start,
                    row_end: a.row_end,
                    column_start: a.column_start,
                    column_end: a.column_end,
                })
                .collect()
        }
        GridDecl::RowStart(p) => l.grid_row.start = place(p),
        GridDecl::RowEnd(p) => l.grid_row.end = place(p),
        GridDecl::ColumnStart(p) => l.grid_column.start = place(p),
        GridDecl::ColumnEnd(p) => l.grid_column.end = place(p),
        GridDecl::JustifyItems(a) => l.justify_items = *a,
        GridDecl::JustifySelf(a) => l.justify_self = *a,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::style::properties::parse_value;

    fn grid(name: &str, v: &str) -> Option<Vec<GridDecl>> {
        parse_value(name, v).map(|d| {
            d.into_iter()
                .filter_map(|d| match d {
                    Declaration::Grid(g) => Some(*g),
                    _ => None,
                })
                .collect()
        })
    }

    #[test]
    fn track_lists() {
        let px = |v| Breadth::Len(Len::Px(v));
        assert_eq!(
            grid(
                "grid-template-columns",
                "100px 1fr minmax(10%, max-content) repeat(2, auto 2fr)"
            ),
            Some(vec![GridDecl::TemplateColumns(vec![
                TemplateEntry::Single(Track {
                    min: px(100.0),
                    max: px(100.0)
                }),
                TemplateEntry::Single(Track {
                    min: Breadth::Auto,
                    max: Breadth::Fr(1.0)
                }),
                TemplateEntry::Single(Track {
                    min: Breadth::Len(Len::Percent(0.1)),
                    max: Breadth::MaxContent
                }),
                TemplateEntry::Repeat(
                    2,
                    vec![
                        Track {
                            min: Breadth::Auto,
                            max: Breadth::Auto
                        },
                        Track {
                            min: Breadth::Auto,
                            max: Breadth::Fr(2.0)
                        }
                    ]
                ),
            ])])
        );
        assert!(grid("grid-template-rows", "repeat(auto-fill, minmax(50px, 1fr))").is_some());
        assert!(grid("grid-template-rows", "none").is_some());
        for bad in [
            "1fr -2px",
            "minmax(1fr, 2fr)",
            "repeat(0, 1px)",
            "repeat(100000, 1px)",
            "[a] 1px",
            "-1fr",
            "repeat(2)",
        ] {
            assert_eq!(grid("grid-template-columns", bad), None, "{bad}");
        }
    }

    #[test]
    fn areas_and_placement() {
        assert_eq!(
            grid(
                "grid-template-areas",
                "\"head head head\" \"side main main\" \"side . .\""
            ),
            Some(vec![GridDecl::Areas(
                [
                    ("head", 1, 2, 1, 4),
                    ("side", 2, 4, 1, 2),
                    ("main", 2, 3, 2, 4)
                ]
                .map(|(n, rs, re, cs, ce)| Area {
                    name: n.into(),
                    row_start: rs,
                    row_end: re,
                    column_start: cs,
                    column_end: ce,
                })
                .to_vec()
            )])
        );
        assert_eq!(grid("grid-template-areas", "\"a b\" \"b a\""), None);
        assert_eq!(grid("grid-template-areas", "\"a b\" \"c\""), None);
        assert_eq!(
            grid("grid-column", "2 / span 2"),
            Some(vec![
                GridDecl::ColumnStart(Placement::Line(2)),
                GridDecl::ColumnEnd(Placement::Span(2))
            ])
        );
        assert_eq!(
            grid("grid-area", "main"),
            Some(vec![
                GridDecl::RowStart(Placement::Named("main".into(), 1)),
                GridDecl::ColumnStart(Placement::Named("main".into(), 1)),
                GridDecl::RowEnd(Placement::Named("main".into(), 1)),
                GridDecl::ColumnEnd(Placement::Named("main".into(), 1)),
            ])
        );
        assert_eq!(grid("grid-row", "3").map(|v| v.len()), Some(2));
        for bad in ["0", "span 0", "span", "1 / 2 / 3"] {
            assert_eq!(grid("grid-row", bad), None, "{bad}");
        }
        assert_eq!(
            grid("grid-auto-flow", "column dense"),
            Some(vec![GridDecl::AutoFlow(true, true)])
        );
        assert_eq!(grid("grid-auto-flow", "row column"), None);
    }
}
