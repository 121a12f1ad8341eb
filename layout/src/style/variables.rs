//! Custom properties and `var()` (CSS Custom Properties for Cascading Variables 1), as
//! mini-program UI libraries use them: Vant Weapp declares `height: var(--button-height,
//! 44px)` and a page themes it with `page { --button-height: 40px }`.
//!
//! - **Parsing** keeps `--name: value` as text ([`CustomDeclaration`]) and a declaration
//!   whose value contains `var()` as its property and text ([`VariableDeclaration`]),
//!   valid whatever the text (§3: "assumed valid at parse time").
//! - **The cascade** orders both like any declaration (specificity, source order,
//!   `!important`, the `style` attribute).
//! - **Computing** ([`compute_with_variables`]), per element: its custom properties are
//!   its parent's (they inherit, §2) overridden by its own winning declarations, with
//!   the `var()`s in those substituted (§2.3; a dependency cycle makes its members
//!   guaranteed-invalid). Then each `var()` declaration is substituted and parsed with
//!   the property's normal parser; a value that does not parse, or a `var()` with
//!   neither a value nor a fallback, is *invalid at computed-value time* (§3.1): the
//!   property behaves as `unset` (inherited properties inherit, others take their
//!   initial value), and one warning is logged per declaration.
//!
//! An element that declares neither never reaches this module: the cascade's fast path
//! computes it as before and shares its parent's computed custom properties (one
//! [`Arc`]), so pages without variables pay one scan of their matched declarations.
//! Computed custom properties are layered ([`CustomProperties`]): an element holds only
//! what it declares itself. The outcome of substituting a stylesheet's declaration is
//! kept ([`SubstitutionCache`]) by declaration and custom properties, so the rows of a
//! list under one themed page substitute and parse each declaration once.
//!
//! ```
//! use mica_layout::{Color, Document, ParseOptions, StyleSet, Stylesheet};
//! use mica_layout::style::restyle;
//!
//! let css = "page { --accent: #f00 } .button { color: var(--accent, #000); height: var(--h, 44px) }";
//! let (sheet, warnings) = Stylesheet::parse(css, "page.wxss", ParseOptions::default());
//! assert!(warnings.is_empty());
//! let mut styles = StyleSet::new();
//! styles.push(sheet);
//! let mut doc = Document::new();
//! let page = doc.create_element("page");
//! doc.append_child(doc.root(), page);
//! let button = doc.create_element("view");
//! doc.set_attr(button, "class", "button");
//! doc.append_child(page, button);
//! restyle(&mut doc, &styles, (375.0, 667.0));
//! let style = &doc.node(button).style;
//! assert_eq!(style.color, Color::rgba(255, 0, 0, 255));
//! assert_eq!(style.layout.size.height, taffy::Dimension::length(44.0));
//! assert_eq!(style.custom_property("--accent"), Some("#f00"));
//! ```
//!
//! Not supported: `@property` (registered custom properties: every custom property is
//! an unregistered, inherited token sequence), `env()`, `var()` in selectors or at-rule
//! preludes, and `inherit` on a non-inherited property through `var()` (treated as
//! `unset`).

mod custom;
mod substitute;

use std::sync::{Arc, Mutex};

use super::compute::compute;
use super::computed::{ComputedStyle, LineHeight};
use super::properties::{initial_value, parse_value, Declaration, FontSizeDecl, LineHeightDecl};
use super::values::Len;
use crate::text::hash::FastMap;
use custom::cascade_custom;
pub use custom::CustomProperties;
use substitute::substitute;
pub(crate) use substitute::{find_var, mentions_var};

/// A custom property declaration, `--name: value` (CSS Variables 1 §2).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomDeclaration {
    /// The name, with its `--` (case-sensitive, §2).
    pub name: Arc<str>,
    /// The value as written, trimmed: any tokens, `var()`s unsubstituted.
    pub value: Arc<str>,
}

/// A declaration whose value contains `var()`, kept as text until computed-value time
/// (CSS Variables 1 §3).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct VariableDeclaration {
    /// The property (lower-case), a longhand or a shorthand.
    pub property: String,
    /// The value as written, trimmed.
    pub value: String,
    /// 1-based line of the declaration, for the warning when it turns out invalid.
    pub line: u32,
    /// Column of the declaration (as [`super::StyleWarning::column`]).
    pub column: u32,
}

/// What [`compute_with_variables`] reports: a declaration invalid at computed-value time.
#[derive(Clone, Copy, Debug)]
pub struct InvalidAtComputedValueTime<'a> {
    /// The stylesheet the declaration is in (`"style attribute"` for inline styles).
    pub file: &'a str,
    /// The declaration.
    pub declaration: &'a VariableDeclaration,
    /// The value after substitution, or `None` when a `var()` had neither value nor
    /// fallback (or substitution went past its limits).
    pub substituted: Option<&'a str>,
}

impl std::fmt::Display for InvalidAtComputedValueTime<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let d = self.declaration;
        write!(
            f,
            "{}:{}:{}: `{}: {}` ",
            self.file, d.line, d.column, d.property, d.value
        )?;
        match self.substituted {
            Some(v) => write!(f, "is invalid after var() substitution (`{v}`)")?,
            None => write!(f, "uses a var() with no value and no fallback")?,
        }
        write!(f, "; the property is unset")
    }
}

/// Computes the style of an element some of whose declarations (`decls`, in ascending
/// cascade order, each with its stylesheet's file name or `None` for the element's
/// `style` attribute) are custom properties or use `var()`. `cache` keeps substitution
/// results of stylesheet declarations across elements; `warn` hears of each declaration
/// invalid at computed-value time.
pub fn compute_with_variables(
    decls: &[(&Declaration, Option<&str>)],
    parent: Option<&ComputedStyle>,
    viewport: (f32, f32),
    cache: &SubstitutionCache,
    warn: &mut dyn FnMut(InvalidAtComputedValueTime<'_>),
) -> ComputedStyle {
    let own = decls.iter().filter_map(|(d, _)| match d {
        Declaration::Custom(c) => Some(&**c),
        _ => None,
    });
    let custom = cascade_custom(own, parent.and_then(|p| p.custom.as_ref()));
    let mut resolved: Vec<Declaration> = Vec::with_capacity(decls.len() + 4);
    for &(d, file) in decls {
        let v = match d {
            Declaration::Custom(_) => continue,
            Declaration::WithVariables(v) => v,
            _ => {
                resolved.push(d.clone());
                continue;
            }
        };
        let mut substitute = || {
            substitute_declaration(v, custom.as_ref(), |substituted| {
                warn(InvalidAtComputedValueTime {
                    file: file.unwrap_or("style attribute"),
                    declaration: v,
                    substituted,
                })
            })
        };
        let outcome = if file.is_some() {
            // A stylesheet's declaration stays where it is while the set lives, and an
            // `Arc` kept by the cache is not freed, so the two addresses name one input.
            let key = (
                &**v as *const VariableDeclaration as usize,
                custom.as_ref().map_or(0, |c| Arc::as_ptr(c) as usize),
            );
            cache.get(key).unwrap_or_else(|| {
                let outcome = substitute();
                cache.insert(key, custom.as_ref(), outcome.clone());
                outcome
            })
        } else {
            substitute()
        };
        match outcome {
            Outcome::Longhands(longhands) => resolved.extend(longhands.iter().cloned()),
            Outcome::Unset => resolved.extend(unset(&v.property, parent)),
        }
    }
    let mut style = compute(resolved.iter(), parent, viewport);
    style.custom = custom;
    style
}

/// What a `var()` declaration comes to given an element's custom properties.
#[derive(Clone, Debug)]
enum Outcome {
    /// Valid: these longhands.
    Longhands(Arc<[Declaration]>),
    /// Invalid at computed-value time, or substituted to `unset` or `inherit`: the
    /// property's longhands as if `unset` (they depend on the parent, so they are not
    /// cached).
    Unset,
}

/// Substitutes and parses `v` with `custom`; `report` hears when the result is invalid
/// at computed-value time (with the substituted text, if substitution got that far).
fn substitute_declaration(
    v: &VariableDeclaration,
    custom: Option<&Arc<CustomProperties>>,
    report: impl FnOnce(Option<&str>),
) -> Outcome {
    let mut text = String::new();
    let mut lookup = |name: &str| custom.and_then(|c| c.get_arc(name).cloned());
    if substitute(&v.value, &mut lookup, &mut text, 0).is_err() {
        report(None);
        return Outcome::Unset;
    }
    let keyword = text.trim();
    if keyword.eq_ignore_ascii_case("initial") {
        let initial = initial_value(&v.property).and_then(|i| parse_value(&v.property, i));
        return Outcome::Longhands(initial.unwrap_or_default().into());
    }
    if ["unset", "inherit", "revert", "revert-layer"]
        .iter()
        .any(|k| keyword.eq_ignore_ascii_case(k))
    {
        // As asked for, so no warning (`inherit` on a property that does not inherit
        // is approximated by `unset`).
        return Outcome::Unset;
    }
    match parse_value(&v.property, &text) {
        Some(longhands) => Outcome::Longhands(longhands.into()),
        None => {
            report(Some(&text));
            Outcome::Unset
        }
    }
}

/// Substitution results of stylesheet declarations by declaration and custom
/// properties, kept by a [`super::StyleSet`]: the rows of a list share their page's
/// custom properties, so the first row substitutes and parses, the others look up.
#[derive(Debug, Default)]
pub struct SubstitutionCache {
    entries: Mutex<FastMap<(usize, usize), Cached>>,
}

#[derive(Debug)]
struct Cached {
    /// Keeps the custom properties alive, so their address is not reused for others
    /// while it is part of a key.
    _custom: Option<Arc<CustomProperties>>,
    outcome: Outcome,
}

impl SubstitutionCache {
    /// Entries kept before the cache starts over (each pins one set of custom
    /// properties, usually a small layer).
    const MAX_ENTRIES: usize = 2048;

    fn get(&self, key: (usize, usize)) -> Option<Outcome> {
        let entries = self.entries.lock().ok()?;
        entries.get(&key).map(|c| c.outcome.clone())
    }

    fn insert(
        &self,
        key: (usize, usize),
        custom: Option<&Arc<CustomProperties>>,
        outcome: Outcome,
    ) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= Self::MAX_ENTRIES {
                entries.clear();
            }
            let cached = Cached {
                _custom: custom.cloned(),
                outcome,
            };
            entries.insert(key, cached);
        }
    }
}

/// The longhands of `property` as if declared `unset` (CSS Cascade 4 §7.3.3): inherited
/// ones take the parent's value, the others their initial value.
fn unset(property: &str, parent: Option<&ComputedStyle>) -> Vec<Declaration> {
    let Some(mut decls) = initial_value(property).and_then(|v| parse_value(property, v)) else {
        return Vec::new();
    };
    if let Some(p) = parent {
        for d in &mut decls {
            if let Some(inherited) = inherited_value(d, p) {
                *d = inherited;
            }
        }
    }
    decls
}

/// For a declaration of an inherited property (the ones [`super::compute::inherit_from`]
/// copies), the same property with the parent's computed value.
fn inherited_value(d: &Declaration, p: &ComputedStyle) -> Option<Declaration> {
    Some(match d {
        Declaration::Color(_) => Declaration::Color(Some(p.color)),
        Declaration::FontSize(_) => {
            Declaration::FontSize(FontSizeDecl::Length(Len::Px(p.font_size)))
        }
        Declaration::FontWeight(_) => Declaration::FontWeight(p.font_weight),
        Declaration::LineHeight(_) => Declaration::LineHeight(match p.line_height {
            LineHeight::Normal => LineHeightDecl::Normal,
            LineHeight::Number(n) => LineHeightDecl::Number(n),
            LineHeight::Px(px) => LineHeightDecl::Length(Len::Px(px)),
        }),
        Declaration::TextAlign(_) => Declaration::TextAlign(p.text_align),
        _ => return None,
    })
}
