//! Gaussian blur of an alpha mask, for `box-shadow` (CSS Backgrounds 3 §7.2) and
//! `text-shadow` (CSS Text Decoration 3 §4).
//!
//! CSS defines a shadow's blur radius `b` as a Gaussian with standard deviation
//! σ = b / 2. As browsers and the SVG `feGaussianBlur` do (Filter Effects 1 §9.18), the
//! Gaussian is approximated by three successive box blurs of width
//! `d = floor(σ · 3 · √(2π) / 4 + 0.5)`, each pass running in O(1) per pixel whatever the
//! radius, horizontally then vertically. The result is within a few levels of the true
//! Gaussian, well inside what the eye (and the compat tolerance) notices.

/// How far (in px) a blur of standard deviation `sigma` spreads ink beyond a shape's edge:
/// the three box blurs reach at most `3 · d / 2`; callers pad their masks by this much so
/// nothing is cut off.
pub(crate) fn blur_extent(sigma: f32) -> u32 {
    if !(sigma.is_finite() && sigma > 0.0) {
        return 0;
    }
    let d = box_width(sigma);
    // Three passes of half-width ceil(d / 2), plus a pixel for the edge's coverage.
    3 * d.div_ceil(2) + 1
}

/// The width of each of the three box blurs for `sigma` (Filter Effects 1 §9.18).
fn box_width(sigma: f32) -> u32 {
    let d = (sigma * 3.0 * (2.0 * std::f32::consts::PI).sqrt() / 4.0 + 0.5).floor();
    d.clamp(0.0, 4096.0) as u32
}

/// Blurs the `width` × `height` alpha `mask` (row-major, one byte per pixel) in place
/// with a Gaussian of standard deviation `sigma` px. Pixels beyond the edges count as
/// transparent, so a mask should be padded by [`blur_extent`] around its shape. Does
/// nothing for a non-positive or non-finite `sigma` or a mask of the wrong length.
pub(crate) fn blur_alpha(mask: &mut [u8], width: usize, height: usize, sigma: f32) {
    if !(sigma.is_finite() && sigma > 0.0) || width == 0 || height == 0 {
        return;
    }
    if mask.len() != width * height {
        return;
    }
    let d = box_width(sigma) as usize;
    if d == 0 {
        return;
    }
    // An odd width d is three boxes of d centred; an even one is two boxes offset by
    // half a pixel either way and one of d + 1 centred (Filter Effects 1 §9.18).
    let passes: [(usize, usize); 3] = if d % 2 == 1 {
        [(d / 2, d / 2); 3]
    } else {
        [(d / 2, d / 2 - 1), (d / 2 - 1, d / 2), (d / 2, d / 2)]
    };
    let mut line = vec![0u8; width.max(height)];
    let mut tmp = vec![0u8; width.max(height)];
    for y in 0..height {
        let row = &mut mask[y * width..(y + 1) * width];
        for &(before, after) in &passes {
            box_pass(row, &mut tmp[..width], before, after);
            row.copy_from_slice(&tmp[..width]);
        }
    }
    for x in 0..width {
        for (y, v) in line[..height].iter_mut().enumerate() {
            *v = mask[y * width + x];
        }
        for &(before, after) in &passes {
            box_pass(&line[..height], &mut tmp[..height], before, after);
            line[..height].copy_from_slice(&tmp[..height]);
        }
        for (y, v) in line[..height].iter().enumerate() {
            mask[y * width + x] = *v;
        }
    }
}

/// One box blur of `src` into `dst`: each output is the mean of the `before + 1 + after`
/// inputs around it, with zeros beyond the ends. A running sum keeps it O(n).
fn box_pass(src: &[u8], dst: &mut [u8], before: usize, after: usize) {
    let n = src.len();
    let size = (before + 1 + after) as u32;
    let mut sum: u32 = src.iter().take(after.min(n)).map(|&v| u32::from(v)).sum();
    for i in 0..n {
        if i + after < n {
            sum += u32::from(src[i + after]);
        }
        if i > before {
            sum -= u32::from(src[i - before - 1]);
        }
        dst[i] = ((sum + size / 2) / size) as u8;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hard_edge_becomes_a_smooth_ramp() {
        // A 60 x 60 mask, opaque on the right half; look along the middle row.
        let (w, h) = (60usize, 60usize);
        let mut full: Vec<u8> = (0..w * h)
            .map(|i| if i % w >= 30 { 255 } else { 0 })
            .collect();
        blur_alpha(&mut full, w, h, 4.0);
        let m = &full[30 * w..31 * w];
        // Half coverage at the edge, monotonic, saturated far from it.
        assert!((i32::from(m[30]) - 128).abs() < 24, "{}", m[30]);
        assert!(m.windows(2).take(45).all(|p| p[0] <= p[1]));
        assert_eq!(m[5], 0);
        assert!(m[45] > 250);
        // Gaussian with σ = 4: one σ left of the edge holds about 16 %.
        assert!((i32::from(m[26]) - 41).abs() < 16, "{}", m[26]);
    }

    #[test]
    fn blur_preserves_total_ink_inside_the_extent() {
        let (w, h) = (41usize, 41usize);
        let mut m = vec![0u8; w * h];
        for y in 15..26 {
            for x in 15..26 {
                m[y * w + x] = 255;
            }
        }
        let before: u32 = m.iter().map(|&v| u32::from(v)).sum();
        assert!(blur_extent(3.0) <= 15);
        blur_alpha(&mut m, w, h, 3.0);
        let after: u32 = m.iter().map(|&v| u32::from(v)).sum();
        let diff = (i64::from(before) - i64::from(after)).abs();
        assert!(diff * 50 < i64::from(before), "{before} {after}");
        // Symmetric.
        assert_eq!(m[20 * w + 10], m[20 * w + 30]);
        assert_eq!(m[10 * w + 20], m[30 * w + 20]);
    }

    #[test]
    fn nothing_happens_without_a_sigma() {
        let mut m = vec![0, 255, 0];
        blur_alpha(&mut m, 3, 1, 0.0);
        blur_alpha(&mut m, 3, 1, f32::NAN);
        blur_alpha(&mut m, 2, 1, 2.0); // wrong length
        assert_eq!(m, [0, 255, 0]);
        assert_eq!(blur_extent(0.0), 0);
    }
}
