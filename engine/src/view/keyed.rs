//! Keyed reconciliation of `wx:for` lists (`wx:key="id"`, `wx:key="*this"`).
//!
//! When a keyed loop's list changes, the item group whose key still exists is kept: its
//! nodes move to the item's new place, and its bindings are re-addressed from the old
//! item path to the new one (`list[3]` → `list[7]`, the index variable too) so later
//! patches such as `list[7].title` reach the right row. Only groups for new keys are
//! built and only groups for vanished keys are removed. Items whose key is missing or
//! repeated are placed by index (reusing the group at the same index when that one was
//! placed by index too), with one warning per loop, as WeChat does.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use mica_layout::NodeId;
use serde_json::Value;

use super::build::{Ctx, Iteration};
use super::{Inst, Owner, PatchStats, Shape, State, Vars};
use crate::data::{self, DataPath, Seg};
use crate::template::eval::json_to_string;
use crate::template::{ForNode, VarValue};

/// How a reused item group is re-addressed: the loop's own item and index variables sit
/// at `depth` in every binding's variables of the group; paths under `from` move to `to`.
struct Retarget {
    depth: usize,
    item: VarValue,
    index: Value,
    from: Option<DataPath>,
    to: Option<DataPath>,
}

impl Retarget {
    fn subst(&self, p: &[Seg]) -> Option<DataPath> {
        let (from, to) = (self.from.as_ref()?, self.to.as_ref()?);
        let rest = p.strip_prefix(from.as_slice())?;
        let mut out = to.clone();
        out.extend_from_slice(rest);
        Some(out)
    }
}

/// The key of one item: a string or number property (or the item itself for `*this`),
/// compared as JavaScript strings.
fn key_of(item: &Value, key: &str) -> Option<String> {
    let k = if key == "*this" {
        item
    } else {
        item.as_object()?.get(key)?
    };
    match k {
        Value::String(_) | Value::Number(_) | Value::Bool(_) => Some(json_to_string(k)),
        _ => None,
    }
}

fn item_path(shape: &Shape, i: usize) -> Option<DataPath> {
    match shape {
        Shape::Array { path, .. } => {
            let mut p = path.clone();
            p.push(Seg::Index(i));
            Some(p)
        }
        _ => None,
    }
}

/// Marks the positions of a longest strictly increasing subsequence of `seq`
/// (`usize::MAX` entries never belong to it): the nodes that need not move.
fn lis(seq: &[usize]) -> Vec<bool> {
    let mut tails: Vec<usize> = Vec::new(); // indexes into seq
    let mut prev = vec![usize::MAX; seq.len()];
    for (i, &v) in seq.iter().enumerate() {
        if v == usize::MAX {
            continue;
        }
        let pos = tails.partition_point(|&t| seq[t] < v);
        if pos > 0 {
            prev[i] = tails[pos - 1];
        }
        if pos == tails.len() {
            tails.push(i);
        } else {
            tails[pos] = i;
        }
    }
    let mut keep = vec![false; seq.len()];
    let mut cur = tails.last().copied().unwrap_or(usize::MAX);
    while cur != usize::MAX {
        keep[cur] = true;
        cur = prev[cur];
    }
    keep
}

impl State {
    /// Re-addresses every binding under `inst`; pushes `(binding, generation)` of those
    /// whose variables changed, outer first.
    fn retarget(&mut self, inst: Inst, rt: &Retarget, changed: &mut Vec<(usize, u32)>) {
        match inst {
            Inst::Node(n) => {
                let Some(info) = self.nodes.get(&n) else {
                    return;
                };
                let (bs, kids) = (info.bindings.clone(), info.children.clone());
                for b in bs {
                    self.retarget_binding(b, rt, changed);
                }
                for k in kids {
                    self.retarget(k, rt, changed);
                }
            }
            Inst::Frag(f) => {
                let Some(fr) = self.frag(f) else { return };
                let new_path = match &fr.shape {
                    Shape::Array { path, .. } => rt.subst(path),
                    _ => None,
                };
                let (binding, groups) = (fr.binding, fr.groups.clone());
                if let (Some(np), Some(fr)) = (new_path, self.frag_mut(f)) {
                    if let Shape::Array { path, .. } = &mut fr.shape {
                        *path = np;
                    }
                }
                if let Some(b) = binding {
                    self.retarget_binding(b, rt, changed);
                }
                for i in groups.into_iter().flatten() {
                    self.retarget(i, rt, changed);
                }
            }
        }
    }

    fn retarget_binding(&mut self, id: usize, rt: &Retarget, changed: &mut Vec<(usize, u32)>) {
        let gen = self.gens.get(id).copied().unwrap_or(0);
        let Some(Some(b)) = self.bindings.get_mut(id) else {
            return;
        };
        let mut v = b.vars.as_ref().clone();
        if v.len() < rt.depth + 2 {
            return;
        }
        v[rt.depth].value = rt.item.clone();
        v[rt.depth + 1].value = VarValue::Value(rt.index.clone());
        for lv in v.iter_mut().skip(rt.depth + 2) {
            if let VarValue::Path(p) = &mut lv.value {
                if let Some(np) = rt.subst(p) {
                    *p = np;
                }
            }
        }
        if v == *b.vars {
            return;
        }
        // The reads are replaced when the binding is re-evaluated, right after.
        b.vars = Arc::new(v);
        changed.push((id, gen));
    }

    /// Document nodes of `inst` in order.
    fn flat_nodes(&self, inst: Inst, out: &mut Vec<NodeId>) {
        match inst {
            Inst::Node(n) => out.push(n),
            Inst::Frag(f) => {
                if let Some(fr) = self.frag(f) {
                    for i in fr.groups.iter().flatten() {
                        self.flat_nodes(*i, out);
                    }
                }
            }
        }
    }
}

impl Ctx<'_> {
    /// The keys of a keyed loop's items; warns once per loop about missing or repeated
    /// keys (those items get `None` and are placed by index).
    pub(super) fn item_keys(
        &mut self,
        fid: usize,
        f: &ForNode,
        key: &str,
        iters: &[Iteration],
    ) -> Vec<Option<String>> {
        let mut seen = HashSet::new();
        let mut bad = false;
        let keys = iters
            .iter()
            .map(|(_, item)| {
                let v = match item {
                    VarValue::Path(p) => data::get(self.data, p),
                    VarValue::Value(v) => Some(v),
                };
                let k = v
                    .and_then(|v| key_of(v, key))
                    .filter(|k| seen.insert(k.clone()));
                bad |= k.is_none();
                k
            })
            .collect();
        let warn = bad && self.st.frag(fid).is_some_and(|fr| !fr.warned);
        if warn {
            if let Some(fr) = self.st.frag_mut(fid) {
                fr.warned = true;
            }
            self.warn_at(
                f.line,
                f.col,
                format!(
                    "wx:key=\"{key}\": some items have a missing or duplicate key; they are placed by index"
                ),
            );
        }
        keys
    }

    /// Reconciles a keyed loop with its new items.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn refresh_keyed(
        &mut self,
        fid: usize,
        f: &ForNode,
        tpath: &[u32],
        vars: &Vars,
        shape: Shape,
        iters: Vec<Iteration>,
        stats: &mut PatchStats,
    ) {
        let key = f.key.as_deref().unwrap_or("*this");
        let new_keys = self.item_keys(fid, f, key, &iters);
        let Some(fr) = self.st.frag_mut(fid) else {
            return;
        };
        let unchanged = match (&fr.shape, &shape) {
            // Same array, same keys: items update in place through their own bindings.
            (Shape::Array { path: a, .. }, Shape::Array { path: b, .. }) => {
                a == b && fr.keys == new_keys
            }
            (old, new) => old == new,
        };
        if unchanged {
            fr.shape = shape;
            return;
        }
        stats.fragments_rebuilt += 1;
        let parent = fr.parent;
        let old_shape = std::mem::replace(&mut fr.shape, shape);
        let old_keys = std::mem::replace(&mut fr.keys, new_keys.clone());
        let old_groups = std::mem::take(&mut fr.groups);

        // Which old group each new item reuses: by key first, then by index for items
        // placed by index.
        let by_key: HashMap<&str, usize> = old_keys
            .iter()
            .enumerate()
            .filter_map(|(i, k)| Some((k.as_deref()?, i)))
            .collect();
        let mut claimed = vec![false; old_groups.len()];
        let mut plan: Vec<Option<usize>> = new_keys
            .iter()
            .map(|k| {
                let i = *by_key.get(k.as_deref()?)?;
                claimed[i] = true;
                Some(i)
            })
            .collect();
        for (j, p) in plan.iter_mut().enumerate() {
            let positional = new_keys.get(j).is_some_and(Option::is_none)
                && old_keys.get(j).is_some_and(Option::is_none);
            if positional && claimed.get(j) == Some(&false) {
                claimed[j] = true;
                *p = Some(j);
            }
        }
        let mut old_groups: Vec<Option<Vec<Inst>>> = old_groups.into_iter().map(Some).collect();
        for (i, g) in old_groups.iter_mut().enumerate() {
            if !claimed[i] {
                for inst in g.take().unwrap_or_default() {
                    self.st.teardown(self.doc, inst, true);
                }
            }
        }

        let anchor = self.st.anchor_after(fid);
        let new_shape = self.st.frag(fid).map(|fr| &fr.shape);
        let new_paths: Vec<Option<DataPath>> = (0..iters.len())
            .map(|j| new_shape.and_then(|s| item_path(s, j)))
            .collect();
        let mut groups = Vec::with_capacity(iters.len());
        let mut changed = Vec::new();
        for (j, iter) in iters.into_iter().enumerate() {
            let reused = plan[j].and_then(|i| Some((i, old_groups.get_mut(i)?.take()?)));
            match reused {
                Some((i, g)) => {
                    let rt = Retarget {
                        depth: vars.len(),
                        item: iter.1,
                        index: iter.0,
                        from: item_path(&old_shape, i),
                        to: new_paths[j].clone(),
                    };
                    for inst in &g {
                        self.st.retarget(*inst, &rt, &mut changed);
                        if let Some(child) = match inst {
                            Inst::Frag(c) => self.st.frag_mut(*c),
                            Inst::Node(_) => None,
                        } {
                            child.owner = Owner::Frag(fid, j);
                        }
                    }
                    groups.push(g);
                }
                None => groups.push(self.build_item(fid, f, tpath, vars, j, iter, parent, anchor)),
            }
        }
        let mut desired = Vec::new();
        for i in groups.iter().flatten() {
            self.st.flat_nodes(*i, &mut desired);
        }
        if let Some(fr) = self.st.frag_mut(fid) {
            fr.groups = groups;
        }
        self.reorder(parent, &desired, anchor);
        // Moved items read through new paths: re-evaluate them now, and bump their
        // generation so the rest of this patch does not evaluate them a second time.
        for (id, gen) in changed {
            let live = self.st.bindings.get(id).is_some_and(Option::is_some);
            if !live || self.st.gens.get(id).copied() != Some(gen) {
                continue;
            }
            stats.bindings_reevaluated += 1;
            self.refresh(id, stats);
            if let Some(g) = self.st.gens.get_mut(id) {
                *g = g.wrapping_add(1);
            }
        }
    }

    /// Puts the fragment's nodes (the last `desired.len()` children of `parent` before
    /// `anchor`) in `desired` order, moving only nodes outside a longest run already in
    /// order, so moving one row of a long list moves one node.
    fn reorder(&mut self, parent: NodeId, desired: &[NodeId], anchor: Option<NodeId>) {
        let children = &self.doc.node(parent).children;
        let end = anchor
            .and_then(|a| children.iter().position(|c| *c == a))
            .unwrap_or(children.len());
        let current = children
            .get(end.saturating_sub(desired.len())..end)
            .unwrap_or(&[]);
        if current == desired {
            return;
        }
        let pos: HashMap<NodeId, usize> =
            current.iter().enumerate().map(|(i, n)| (*n, i)).collect();
        let seq: Vec<usize> = desired
            .iter()
            .map(|n| pos.get(n).copied().unwrap_or(usize::MAX))
            .collect();
        let keep = lis(&seq);
        let mut cursor = anchor;
        for (k, n) in desired.iter().enumerate().rev() {
            if !keep[k] {
                self.doc.insert_before(parent, *n, cursor);
            }
            cursor = Some(*n);
        }
    }
}
