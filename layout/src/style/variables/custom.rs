//! Computed custom properties (CSS Variables 1 §2): inherited, overridden by an
//! element's own declarations, their `var()`s substituted, cycles found (§2.3).

use std::collections::BTreeMap;
use std::sync::Arc;

use super::substitute::{mentions_var, substitute, MAX_DEPTH};
use super::CustomDeclaration;
use crate::text::hash::FastMap;

/// An element's computed custom properties: names and values with every `var()`
/// substituted.
///
/// Stored as layers: the properties an element declares itself over its parent's
/// [`Arc`]'d layers, so a list item setting `--progress` in its `style` holds one entry,
/// not a copy of the theme's hundreds declared on `page`. An element declaring none
/// shares its parent's `Arc`. Past `MAX_LAYERS` (8) the layers are merged into one, which
/// bounds lookups.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CustomProperties {
    /// This layer, sorted by name; `None` is the guaranteed-invalid value, hiding a
    /// parent's value (`--x: initial`, or a value invalid at computed-value time).
    own: Vec<(Arc<str>, Option<Arc<str>>)>,
    /// The layers below (the parent's custom properties).
    parent: Option<Arc<CustomProperties>>,
    /// Number of layers, this one included.
    layers: u32,
}

/// Most layers before [`CustomProperties`] merges them.
const MAX_LAYERS: u32 = 8;

impl CustomProperties {
    /// The value of custom property `name` (with its `--`).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.get_arc(name).map(|v| &**v)
    }

    /// Name and value pairs, sorted by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.merged().into_iter().map(|(k, v)| (&**k, &**v))
    }

    /// How many custom properties there are.
    pub fn len(&self) -> usize {
        self.merged().len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub(super) fn get_arc(&self, name: &str) -> Option<&Arc<str>> {
        let mut layer = self;
        loop {
            if let Ok(i) = layer.own.binary_search_by(|(k, _)| (**k).cmp(name)) {
                return layer.own[i].1.as_ref();
            }
            layer = layer.parent.as_deref()?;
        }
    }

    /// Every valid property, the topmost layer's value winning.
    fn merged(&self) -> Vec<(&Arc<str>, &Arc<str>)> {
        let mut all: BTreeMap<&str, (&Arc<str>, Option<&Arc<str>>)> = BTreeMap::new();
        let mut layer = Some(self);
        while let Some(l) = layer {
            for (k, v) in &l.own {
                all.entry(&**k).or_insert((k, v.as_ref()));
            }
            layer = l.parent.as_deref();
        }
        all.into_values()
            .filter_map(|(k, v)| Some((k, v?)))
            .collect()
    }

    /// A layer `own` (any order, names unique) over `parent`; `None` when there is
    /// nothing at all.
    fn layer(
        mut own: Vec<(Arc<str>, Option<Arc<str>>)>,
        parent: Option<&Arc<CustomProperties>>,
    ) -> Option<Arc<CustomProperties>> {
        let layers = parent.map_or(1, |p| p.layers + 1);
        if layers > MAX_LAYERS {
            // Merge: the parent's valid values, then this layer's over them.
            let mut merged: Vec<(Arc<str>, Option<Arc<str>>)> = parent
                .map(|p| p.merged())
                .unwrap_or_default()
                .into_iter()
                .filter(|(k, _)| !own.iter().any(|(n, _)| n == *k))
                .map(|(k, v)| (k.clone(), Some(v.clone())))
                .collect();
            merged.extend(own);
            return CustomProperties::layer(merged, None);
        }
        if parent.is_none() {
            // Nothing below to hide.
            own.retain(|(_, v)| v.is_some());
            if own.is_empty() {
                return None;
            }
        }
        own.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        Some(Arc::new(CustomProperties {
            own,
            parent: parent.cloned(),
            layers,
        }))
    }
}

/// An element's computed custom properties (CSS Variables 1 §2): `parent`'s, overridden
/// by the last of the element's own declarations (`own`, in cascade order) for each
/// name, with their `var()`s substituted. `None` when there are none.
pub(super) fn cascade_custom<'d>(
    own: impl Iterator<Item = &'d CustomDeclaration>,
    parent: Option<&Arc<CustomProperties>>,
) -> Option<Arc<CustomProperties>> {
    let mut winners: FastMap<&'d str, &'d CustomDeclaration> = FastMap::default();
    for d in own {
        winners.insert(&d.name, d);
    }
    if winners.is_empty() {
        return parent.cloned();
    }
    let mut resolver = Resolver {
        parent: parent.map(|p| &**p),
        layer: FastMap::default(),
        pending: FastMap::default(),
        stack: Vec::new(),
    };
    for (&name, d) in &winners {
        let value = d.value.trim();
        if value.eq_ignore_ascii_case("initial") {
            // The initial value of a custom property is the guaranteed-invalid value.
            resolver.layer.insert(name, (&d.name, None));
        } else if ["inherit", "unset", "revert", "revert-layer"]
            .iter()
            .any(|k| value.eq_ignore_ascii_case(k))
        {
            // The parent's value: nothing in this layer.
        } else if mentions_var(value) {
            resolver.pending.insert(
                name,
                Slot {
                    decl: d,
                    state: State::Pending,
                },
            );
        } else {
            resolver
                .layer
                .insert(name, (&d.name, Some(d.value.clone())));
        }
    }
    let names: Vec<&str> = resolver.pending.keys().copied().collect();
    for name in names {
        resolver.value(name);
    }
    let own = resolver
        .layer
        .into_values()
        .map(|(k, v)| (k.clone(), v))
        .collect();
    CustomProperties::layer(own, parent)
}

/// Resolves an element's own custom properties whose values use `var()`, depth first,
/// finding dependency cycles (§2.3) on the way.
struct Resolver<'d> {
    /// The parent's custom properties.
    parent: Option<&'d CustomProperties>,
    /// The element's own computed values so far: those without `var()`, and the others
    /// as they are resolved (`None`: guaranteed-invalid).
    layer: FastMap<&'d str, (&'d Arc<str>, Option<Arc<str>>)>,
    /// The element's own values with `var()`, by name.
    pending: FastMap<&'d str, Slot<'d>>,
    /// Names being resolved, outermost first.
    stack: Vec<&'d str>,
}

struct Slot<'d> {
    decl: &'d CustomDeclaration,
    state: State,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Pending,
    Resolving { in_cycle: bool },
    Done,
}

impl<'d> Resolver<'d> {
    /// The computed value of custom property `name`.
    fn value(&mut self, name: &str) -> Option<Arc<str>> {
        let Some((&key, slot)) = self.pending.get_key_value(name) else {
            if let Some((_, v)) = self.layer.get(name) {
                return v.clone();
            }
            return self.parent.and_then(|p| p.get_arc(name)).cloned();
        };
        let decl = slot.decl;
        match slot.state {
            State::Done => return self.layer.get(name).and_then(|(_, v)| v.clone()),
            State::Resolving { .. } => {
                // A cycle: every property from `name` up the stack is in it, and
                // invalid at computed-value time whatever its fallbacks.
                let from = self.stack.iter().rposition(|&n| n == key).unwrap_or(0);
                for n in &self.stack[from..] {
                    if let Some(s) = self.pending.get_mut(n) {
                        s.state = State::Resolving { in_cycle: true };
                    }
                }
                return None;
            }
            State::Pending => {}
        }
        if self.stack.len() as u32 >= MAX_DEPTH {
            return None;
        }
        self.set_state(key, State::Resolving { in_cycle: false });
        self.stack.push(key);
        let mut out = String::new();
        // Each link of a chain counts against the nesting limit, so a chain of deeply
        // nested values stays within [`MAX_DEPTH`] levels of recursion in all.
        let depth = self.stack.len() as u32;
        let ok = substitute(&decl.value, &mut |n: &str| self.value(n), &mut out, depth).is_ok();
        self.stack.pop();
        let in_cycle = self
            .pending
            .get(key)
            .is_some_and(|s| s.state == State::Resolving { in_cycle: true });
        self.set_state(key, State::Done);
        let value: Option<Arc<str>> = (ok && !in_cycle).then(|| Arc::from(out.trim()));
        self.layer.insert(key, (&decl.name, value.clone()));
        value
    }

    fn set_state(&mut self, name: &str, state: State) {
        if let Some(s) = self.pending.get_mut(name) {
            s.state = state;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::style::variables::substitute::MAX_VALUE_LEN;

    fn custom(
        decls: &[(&str, &str)],
        parent: Option<&Arc<CustomProperties>>,
    ) -> Vec<(String, String)> {
        let decls: Vec<CustomDeclaration> = decls
            .iter()
            .map(|(n, v)| CustomDeclaration {
                name: Arc::from(*n),
                value: Arc::from(*v),
            })
            .collect();
        cascade_custom(decls.iter(), parent)
            .map(|c| {
                c.iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn custom_properties_inherit_override_and_resolve() {
        let parent = CustomProperties::layer(
            vec![
                (Arc::from("--a"), Some(Arc::from("1px"))),
                (Arc::from("--p"), Some(Arc::from("blue"))),
            ],
            None,
        );
        let parent = parent.as_ref();
        assert_eq!(
            custom(
                &[
                    ("--b", "var(--a) var(--c, x)"),
                    ("--a", "2px"),
                    ("--a", "3px")
                ],
                parent
            ),
            pairs(&[("--a", "3px"), ("--b", "3px x"), ("--p", "blue")])
        );
        assert_eq!(
            custom(&[("--p", "initial"), ("--a", "inherit")], parent),
            pairs(&[("--a", "1px")])
        );
        // A cycle (even with fallbacks) invalidates its members, not what merely uses it.
        assert_eq!(
            custom(
                &[
                    ("--x", "var(--y, 1px)"),
                    ("--y", "var(--x)"),
                    ("--z", "var(--x, 5px)"),
                    ("--s", "var(--s)")
                ],
                None
            ),
            pairs(&[("--z", "5px")])
        );
        // A chain longer than the depth limit ends invalid rather than deep in the stack.
        let chain: Vec<(String, String)> = (0..200)
            .map(|i| (format!("--v{i}"), format!("var(--v{})", i + 1)))
            .collect();
        let chain: Vec<(&str, &str)> = chain
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let _ = custom(&chain, None);
    }

    #[test]
    fn layers_share_the_parent_and_merge_when_deep() {
        let mut props: Option<Arc<CustomProperties>> = None;
        for i in 0..20 {
            let level = format!("--l{i}");
            let x = i.to_string();
            let mut own = vec![(level.as_str(), "1px"), ("--x", x.as_str())];
            match i {
                0 => own.push(("--gone", "y")),
                3 => own.push(("--gone", "initial")),
                _ => {}
            }
            let decls: Vec<CustomDeclaration> = own
                .iter()
                .map(|(n, v)| CustomDeclaration {
                    name: Arc::from(*n),
                    value: Arc::from(*v),
                })
                .collect();
            props = cascade_custom(decls.iter(), props.as_ref());
            let p = props.as_deref().unwrap_or_else(|| panic!("level {i}"));
            assert!(p.layers <= MAX_LAYERS, "{}", p.layers);
            assert_eq!(p.get("--x"), Some(x.as_str()));
            assert_eq!(p.get("--l0"), Some("1px"));
            assert_eq!(p.get("--gone"), if i < 3 { Some("y") } else { None });
            assert_eq!(p.len(), i + 2 + usize::from(i < 3));
        }
        let shared = cascade_custom(std::iter::empty(), props.as_ref());
        assert!(shared.zip(props).is_some_and(|(a, b)| Arc::ptr_eq(&a, &b)));
    }

    #[test]
    fn exponential_substitution_is_cut_off() {
        let mut decls = vec![("--v0".to_string(), "xxxxxxxxxxxxxxxx".to_string())];
        for i in 1..40 {
            decls.push((format!("--v{i}"), format!("var(--v{0}) var(--v{0})", i - 1)));
        }
        let decls: Vec<(&str, &str)> = decls
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let out = custom(&decls, None);
        assert!(out.iter().all(|(_, v)| v.len() <= MAX_VALUE_LEN));
        assert!(out.len() < 40, "the longest ones are invalid");
    }
}
