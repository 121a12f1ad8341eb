//! Computed values of the paint-only properties (`box-shadow`, `background-image`,
//! `transform`, `transform-origin`; CSS Cascade 4 §4.4): their lengths resolved to px
//! (percentages kept for the renderer, which knows the box) and `currentcolor` to the
//! element's `color`. Run after all declarations, since `color` may come later.

use std::sync::Arc;

use super::computed::ComputedStyle;
use super::values::{Len, LenContext};

/// True when `l` still needs the context to become px.
fn unresolved(l: Len) -> bool {
    !matches!(l, Len::Px(_) | Len::Percent(_))
}

/// Resolves the paint properties of `s` in place; values that need nothing are kept
/// (and stay shared with the declarations).
pub fn resolve(s: &mut ComputedStyle, cx: &LenContext) {
    let color = s.color;
    if let Some(list) = &s.box_shadow {
        let needs = list
            .iter()
            .any(|b| b.color.is_none() || [b.x, b.y, b.blur, b.spread].into_iter().any(unresolved));
        if needs {
            s.box_shadow = Some(
                list.iter()
                    .map(|b| b.resolve(cx, color))
                    .collect::<Arc<[_]>>(),
            );
        }
    }
    if let Some(list) = &s.background_image {
        use super::background::{Gradient, Image, RadialSize};
        let needs = list.iter().any(|image| {
            let Image::Gradient(g) = image else {
                return false;
            };
            g.stops()
                .iter()
                .any(|st| st.color.is_none() || st.position.is_some_and(unresolved))
                || matches!(g, Gradient::Radial { size: RadialSize::Explicit(a, b), center, .. }
                    if unresolved(*a) || unresolved(*b) || center.iter().any(|c| unresolved(*c)))
        });
        if needs {
            s.background_image = Some(
                list.iter()
                    .map(|g| g.resolve(cx, color))
                    .collect::<Arc<[_]>>(),
            );
        }
    }
    if let Some(list) = &s.transform {
        let needs = list.iter().any(|f| {
            matches!(f, super::transform::TransformFn::Translate(x, y) if unresolved(*x) || unresolved(*y))
        });
        if needs {
            s.transform = Some(list.iter().map(|f| f.resolve(cx)).collect::<Arc<[_]>>());
        }
    }
    s.transform_origin = s.transform_origin.map(|l| {
        if unresolved(l) {
            Len::Px(l.to_px(cx).filter(|v| v.is_finite()).unwrap_or(0.0))
        } else {
            l
        }
    });
}
