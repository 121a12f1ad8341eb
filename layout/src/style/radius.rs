//! `border-radius` with elliptical corners (CSS Backgrounds 3 §5.1): `a{1,4} [/ b{1,4}]`
//! and the two-value corner longhands. The horizontal radii are
//! [`Declaration::BorderRadius`] as before; the vertical ones
//! [`Declaration::BorderRadiusY`], `None` meaning "the same as the horizontal one".

use cssparser::Parser;

use super::properties::Declaration;
use super::values::{invalid, parse_len, Len, ValueError};

fn radius<'i>(input: &mut Parser<'i, '_>) -> Result<Len, ValueError<'i>> {
    let l = parse_len(input, false)?;
    if matches!(l, Len::Px(v) | Len::Percent(v) | Len::Rpx(v) | Len::Em(v) | Len::Rem(v) if v < 0.0)
    {
        return Err(invalid(input, "border-radius"));
    }
    Ok(l)
}

/// 1 to 4 radii expanded to the corners top-left, top-right, bottom-right, bottom-left.
fn corners<'i>(input: &mut Parser<'i, '_>) -> Result<[Len; 4], ValueError<'i>> {
    let mut v = vec![radius(input)?];
    while v.len() < 4 {
        match input.try_parse(radius) {
            Ok(l) => v.push(l),
            Err(_) => break,
        }
    }
    Ok(match v.as_slice() {
        [a] => [*a; 4],
        [a, b] => [*a, *b, *a, *b],
        [a, b, c] => [*a, *b, *c, *b],
        [a, b, c, d] => [*a, *b, *c, *d],
        _ => return Err(invalid(input, "border-radius")),
    })
}

/// The `border-radius` shorthand.
pub fn parse_border_radius<'i>(
    input: &mut Parser<'i, '_>,
) -> Result<Vec<Declaration>, ValueError<'i>> {
    let h = corners(input)?;
    let v = if input.try_parse(|i| i.expect_delim('/')).is_ok() {
        Some(corners(input)?)
    } else {
        None
    };
    let mut out = Vec::with_capacity(8);
    for i in 0..4 {
        out.push(Declaration::BorderRadius(i, h[i]));
        out.push(Declaration::BorderRadiusY(i, v.map(|v| v[i])));
    }
    Ok(out)
}

/// One corner's longhand (`border-top-left-radius: 10px 20px`), `corner` in the order
/// top-left, top-right, bottom-right, bottom-left.
pub fn parse_corner<'i>(
    input: &mut Parser<'i, '_>,
    corner: usize,
) -> Result<Vec<Declaration>, ValueError<'i>> {
    let h = radius(input)?;
    let v = input.try_parse(radius).ok();
    Ok(vec![
        Declaration::BorderRadius(corner, h),
        Declaration::BorderRadiusY(corner, v),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::style::properties::parse_value;

    #[test]
    fn elliptical_radii() {
        let d = parse_value("border-radius", "180px / 70px").unwrap_or_default();
        assert!(d.contains(&Declaration::BorderRadius(2, Len::Px(180.0))));
        assert!(d.contains(&Declaration::BorderRadiusY(2, Some(Len::Px(70.0)))));
        let d = parse_value("border-radius", "1px 2px / 3px").unwrap_or_default();
        assert!(d.contains(&Declaration::BorderRadius(3, Len::Px(2.0))));
        assert!(d.contains(&Declaration::BorderRadiusY(3, Some(Len::Px(3.0)))));
        let d = parse_value("border-radius", "10%").unwrap_or_default();
        assert!(d.contains(&Declaration::BorderRadiusY(0, None)));
        let d = parse_value("border-bottom-left-radius", "4px 50%").unwrap_or_default();
        assert_eq!(d[1], Declaration::BorderRadiusY(3, Some(Len::Percent(0.5))));
        for bad in [
            "1px /",
            "/ 2px",
            "-1px",
            "1px 2px 3px 4px 5px",
            "1px / 2px / 3px",
        ] {
            assert_eq!(parse_value("border-radius", bad), None, "{bad}");
        }
    }
}
