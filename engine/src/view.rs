//! The view: instantiates a [`Template`] with the page data into a [`Document`], then
//! keeps it current with `setData` patches.
//!
//! ```
//! use std::sync::Arc;
//! use mica_engine::{data::parse_path, template::compile, view::View};
//! use mica_layout::Document;
//! let t = compile("p.wxml", "<view wx:for=\"{{list}}\">{{item.title}}</view>").unwrap();
//! let mut doc = Document::new();
//! let root = doc.root();
//! let data = serde_json::json!({"list": [{"title": "a"}, {"title": "b"}]});
//! let mut view = View::new(Arc::new(t.template), data, &mut doc, root);
//! let change = (parse_path("list[1].title").unwrap(), serde_json::json!("B"));
//! let stats = view.apply_patch(&mut doc, &[change]);
//! assert_eq!(stats.bindings_reevaluated, 1); // one text: the loop itself is unaffected
//! ```
//!
//! Every binding (a bound attribute, a text, a loop's items, an `if` chain's conditions)
//! records the data paths it read. They are indexed in a trie keyed by path segments, so
//! a patch finds the affected bindings by walking the changed path: its cost follows
//! the size of the change, not the size of the page. A loop whose items stay at the same
//! path keeps its item nodes (their bindings read through the item paths and update in
//! place); a length change only adds or removes items at the end. An `if` chain or a
//! loop over computed items is re-instantiated in place when its value changes.
//!
//! A loop with `wx:key` is reconciled by key instead (see `keyed.rs`): rows whose key
//! survives keep their nodes, which move, and their bindings are re-addressed to the
//! item's new path.
//!
//! A `<template is>` records only what its `is` and `data` expressions read. Its body
//! sees nothing but the data object (as in WeChat), so the body's nodes record no
//! bindings of their own: when a read of `is`/`data` changes and the evaluated name or
//! object differs, the template's fragment is rebuilt. That costs the template's size
//! per change (small for the row templates this is used for) and keeps every binding
//! in the trie a path into the page data.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use mica_layout::{Document, NodeId};
use serde_json::{Map, Value};

use crate::data::{self, DataPath, PathError};
use crate::script::wxs::WxsRuntime;
use crate::template::ir::EventKind;
use crate::template::{LoopVar, Template, TemplateWarning, WxsCalls};

/// Tags the view and the layout know; any other tag is kept (laid out like `view`) and
/// reported once.
pub const KNOWN_TAGS: &[&str] = &[
    "view",
    "text",
    "image",
    "button",
    "scroll-view",
    "swiper",
    "swiper-item",
    "navigator",
    "icon",
    "input",
    "textarea",
    "label",
    "checkbox",
    "radio",
    "switch",
    "slider",
    "picker",
    "progress",
    "form",
    "rich-text",
    "block",
    "template",
    "import",
    "include",
    "wxs",
    "page",
    "movable-area",
    "movable-view",
    "cover-view",
    "cover-image",
    "video",
    "canvas",
    "map",
    "web-view",
    "checkbox-group",
    "radio-group",
    "picker-view",
    "picker-view-column",
    "slot",
];

/// `wx:for="{{n}}"` over a number iterates `0..n`; more than this is surely a mistake.
const MAX_NUMBER_ITEMS: usize = 10_000;

/// Most document nodes one view may create. Nested loops over long strings or arrays can
/// otherwise build millions of nodes from a 1 KB template (found by fuzzing); past this the
/// view stops building, warns once, and the page still renders what it has.
pub const MAX_VIEW_NODES: usize = 100_000;

mod build;
pub mod events;
mod index;
mod keyed;

use build::{At, Ctx};
use index::Trie;

type Vars = Arc<Vec<LoopVar>>;
type TPath = Arc<[u32]>;

/// What one patch cost.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PatchStats {
    /// Bindings evaluated again because a path they read changed.
    pub bindings_reevaluated: u32,
    /// Loops and `if` chains whose nodes were (partly) rebuilt.
    pub fragments_rebuilt: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Inst {
    Node(NodeId),
    Frag(usize),
}

#[derive(Clone, Copy, Debug)]
enum Owner {
    Root,
    Elem(NodeId),
    Frag(usize, usize),
}

#[derive(Clone, Copy, Debug)]
enum Slot {
    Attr(usize),
    Text,
    Handler(usize),
    Mark(usize),
    Frag,
}

#[derive(Clone, Copy, Debug)]
enum Target {
    Node(NodeId),
    Frag(usize),
}

#[derive(Debug)]
struct Binding {
    tpath: TPath,
    slot: Slot,
    vars: Vars,
    reads: Vec<DataPath>,
    target: Target,
}

#[derive(Debug, Default)]
struct NodeInfo {
    bindings: Vec<usize>,
    children: Vec<Inst>,
    /// `(event, handler, kind)` in the element's declaration order.
    events: Vec<(String, String, EventKind)>,
    /// `data-*` values, camelCased, with their JSON types.
    dataset: Vec<(String, Value)>,
    /// `mark:*` values in declaration order, names as written.
    marks: Vec<(String, Value)>,
}

#[derive(Debug, PartialEq)]
enum Shape {
    /// A loop over the array at `path`: items are addressed by path.
    Array { path: DataPath, len: usize },
    /// A loop over anything else; rebuilt when this value changes.
    Other(Value),
    /// The chosen branch of an `if` chain.
    Branch(Option<usize>),
    /// A `<template is>`: the template's name and its data object.
    Use(String, Value),
}

#[derive(Debug)]
struct Frag {
    parent: NodeId,
    owner: Owner,
    binding: Option<usize>,
    shape: Shape,
    groups: Vec<Vec<Inst>>,
    /// `wx:key` values of a keyed loop's items (`None`: missing or duplicate, placed by
    /// index); empty for unkeyed loops and `if` chains.
    keys: Vec<Option<String>>,
    /// A bad-key warning was given for this loop.
    warned: bool,
}

/// Everything the view tracks besides the data and the template.
#[derive(Debug)]
struct State {
    parent: NodeId,
    roots: Vec<Inst>,
    bindings: Vec<Option<Binding>>,
    gens: Vec<u32>,
    free_bindings: Vec<usize>,
    frags: Vec<Option<Frag>>,
    free_frags: Vec<usize>,
    trie: Trie,
    nodes: HashMap<NodeId, NodeInfo>,
    warnings: Vec<TemplateWarning>,
    unknown_seen: HashSet<String>,
    /// Set once the node budget was hit (warned once).
    over_budget: bool,
}

/// An instantiated page or component template.
#[derive(Debug)]
pub struct View {
    template: Arc<Template>,
    data: Value,
    st: State,
    /// The page's `<wxs>` modules, when it has any (their own JS context).
    wxs: Option<WxsRuntime>,
}

/// `data-item-id` → `itemId` (WeChat lower-cases the rest: `data-itemId` → `itemid`).
pub fn dataset_key(attr: &str) -> Option<String> {
    let rest = attr.strip_prefix("data-")?;
    let mut out = String::new();
    let mut upper = false;
    for c in rest.chars() {
        if c == '-' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.extend(c.to_lowercase());
        }
    }
    Some(out)
}

impl State {
    fn add_binding(&mut self, b: Binding) -> usize {
        let id = match self.free_bindings.pop() {
            Some(i) => i,
            None => {
                self.bindings.push(None);
                self.gens.push(0);
                self.bindings.len() - 1
            }
        };
        for p in &b.reads {
            self.trie.insert(p, id);
        }
        if let Some(slot) = self.bindings.get_mut(id) {
            *slot = Some(b);
        }
        id
    }

    fn remove_binding(&mut self, id: usize) {
        let Some(b) = self.bindings.get_mut(id).and_then(Option::take) else {
            return;
        };
        for p in &b.reads {
            self.trie.remove(p, id);
        }
        if let Some(g) = self.gens.get_mut(id) {
            *g = g.wrapping_add(1);
        }
        self.free_bindings.push(id);
    }

    fn set_reads(&mut self, id: usize, reads: Vec<DataPath>) {
        let Some(Some(b)) = self.bindings.get(id) else {
            return;
        };
        if b.reads == reads {
            return;
        }
        let old = b.reads.clone();
        for p in &old {
            self.trie.remove(p, id);
        }
        for p in &reads {
            self.trie.insert(p, id);
        }
        if let Some(Some(b)) = self.bindings.get_mut(id) {
            b.reads = reads;
        }
    }

    fn alloc_frag(&mut self, f: Frag) -> usize {
        match self.free_frags.pop() {
            Some(i) => {
                if let Some(slot) = self.frags.get_mut(i) {
                    *slot = Some(f);
                }
                i
            }
            None => {
                self.frags.push(Some(f));
                self.frags.len() - 1
            }
        }
    }

    fn frag(&self, id: usize) -> Option<&Frag> {
        self.frags.get(id).and_then(Option::as_ref)
    }

    fn frag_mut(&mut self, id: usize) -> Option<&mut Frag> {
        self.frags.get_mut(id).and_then(Option::as_mut)
    }

    /// Removes an instance: its bindings, fragments and (when `remove`) its nodes.
    fn teardown(&mut self, doc: &mut Document, inst: Inst, remove: bool) {
        match inst {
            Inst::Node(n) => {
                if let Some(info) = self.nodes.remove(&n) {
                    for b in info.bindings {
                        self.remove_binding(b);
                    }
                    for c in info.children {
                        // The document frees the whole subtree with `n`.
                        self.teardown(doc, c, false);
                    }
                }
                if remove {
                    doc.remove(n);
                }
            }
            Inst::Frag(f) => {
                let Some(fr) = self.frags.get_mut(f).and_then(Option::take) else {
                    return;
                };
                self.free_frags.push(f);
                if let Some(b) = fr.binding {
                    self.remove_binding(b);
                }
                for g in fr.groups {
                    for i in g {
                        self.teardown(doc, i, remove);
                    }
                }
            }
        }
    }

    fn first_node(&self, inst: Inst) -> Option<NodeId> {
        match inst {
            Inst::Node(n) => Some(n),
            Inst::Frag(f) => self
                .frag(f)?
                .groups
                .iter()
                .flatten()
                .find_map(|i| self.first_node(*i)),
        }
    }

    /// The first document node after fragment `fid`: where its new nodes go.
    fn anchor_after(&self, fid: usize) -> Option<NodeId> {
        let mut cur = fid;
        loop {
            let f = self.frag(cur)?;
            let list: &[Inst] = match f.owner {
                Owner::Root => &self.roots,
                Owner::Elem(n) => self.nodes.get(&n).map_or(&[], |i| i.children.as_slice()),
                Owner::Frag(p, g) => self.frag(p)?.groups.get(g).map_or(&[], Vec::as_slice),
            };
            let pos = list.iter().position(|i| *i == Inst::Frag(cur))?;
            if let Some(n) = list.iter().skip(pos + 1).find_map(|i| self.first_node(*i)) {
                return Some(n);
            }
            match f.owner {
                Owner::Root | Owner::Elem(_) => return None,
                Owner::Frag(p, g) => {
                    let later = self.frag(p)?.groups.iter().skip(g + 1).flatten();
                    if let Some(n) = later.clone().find_map(|i| self.first_node(*i)) {
                        return Some(n);
                    }
                    cur = p;
                }
            }
        }
    }
}

impl View {
    /// Instantiates `template` with `data` as the last children of `parent`.
    pub fn new(template: Arc<Template>, data: Value, doc: &mut Document, parent: NodeId) -> View {
        let mut st = State {
            parent,
            roots: Vec::new(),
            bindings: Vec::new(),
            gens: Vec::new(),
            free_bindings: Vec::new(),
            frags: Vec::new(),
            free_frags: Vec::new(),
            trie: Trie::default(),
            nodes: HashMap::new(),
            warnings: Vec::new(),
            unknown_seen: HashSet::new(),
            over_budget: false,
        };
        let mut roots = Vec::new();
        let wxs = WxsRuntime::load(&template);
        {
            let mut cx = Ctx {
                st: &mut st,
                data: &data,
                tpl: &template,
                doc,
                record: true,
                depth: 0,
                wxs: wxs.as_ref().map(|w| w as &dyn WxsCalls),
            };
            let vars: Vars = Arc::new(Vec::new());
            let at = At {
                parent,
                before: None,
                owner: Owner::Root,
            };
            for (i, n) in template.nodes.iter().enumerate() {
                cx.build(
                    n,
                    &[u32::try_from(i).unwrap_or(u32::MAX)],
                    &vars,
                    at,
                    &mut roots,
                );
            }
        }
        st.roots = roots;
        View {
            template,
            data,
            st,
            wxs,
        }
    }

    /// Problems the page's WXS modules reported since the last call (syntax errors,
    /// throws, runaway loops), each distinct one once.
    pub fn take_wxs_errors(&self) -> Vec<String> {
        self.wxs
            .as_ref()
            .map(WxsRuntime::take_errors)
            .unwrap_or_default()
    }

    /// The view's copy of the page data (patches applied).
    pub fn data(&self) -> &Value {
        &self.data
    }

    /// The template this view instantiates.
    pub fn template(&self) -> &Arc<Template> {
        &self.template
    }

    /// Applies `setData` changes: updates the data, then re-evaluates only the bindings
    /// that read a changed path, updating attributes and text in place and rebuilding
    /// only the loops and `if` chains whose own value changed.
    pub fn apply_patch(&mut self, doc: &mut Document, changes: &[(DataPath, Value)]) -> PatchStats {
        let mut stats = PatchStats::default();
        for (p, v) in changes {
            data::set(&mut self.data, p, v.clone());
        }
        let mut ids = Vec::new();
        // Which changes reached each binding, as (binding, change index), sorted.
        let mut hits: Vec<(usize, usize)> = Vec::new();
        for (ci, (p, _)) in changes.iter().enumerate() {
            let start = ids.len();
            self.st.trie.collect(p, &mut ids);
            hits.extend(ids.get(start..).unwrap_or(&[]).iter().map(|&id| (id, ci)));
        }
        hits.sort_unstable();
        ids.sort_unstable();
        ids.dedup();
        // Outer fragments first: rebuilding one discards the bindings inside it, which
        // the generation check then skips.
        let mut work: Vec<(bool, usize, usize, u32)> = ids
            .into_iter()
            .filter_map(|id| {
                let b = self.st.bindings.get(id)?.as_ref()?;
                let gen = self.st.gens.get(id).copied().unwrap_or(0);
                Some((!matches!(b.slot, Slot::Frag), b.tpath.len(), id, gen))
            })
            .collect();
        work.sort_unstable();
        let mut cx = Ctx {
            st: &mut self.st,
            data: &self.data,
            tpl: &self.template,
            doc,
            record: true,
            depth: 0,
            wxs: self.wxs.as_ref().map(|w| w as &dyn WxsCalls),
        };
        for (_, _, id, gen) in work {
            let live = cx.st.bindings.get(id).is_some_and(Option::is_some);
            if !live || cx.st.gens.get(id).copied() != Some(gen) {
                continue;
            }
            if matches!(cx.st.bindings.get(id), Some(Some(b)) if matches!(b.slot, Slot::Frag)) {
                let from = hits.partition_point(|&(h, _)| h < id);
                let to = hits.partition_point(|&(h, _)| h <= id);
                let reached: Vec<&DataPath> = hits
                    .get(from..to)
                    .unwrap_or(&[])
                    .iter()
                    .filter_map(|&(_, ci)| changes.get(ci).map(|(p, _)| p))
                    .collect();
                if cx.loop_unaffected(id, &reached) {
                    continue;
                }
            }
            stats.bindings_reevaluated += 1;
            cx.refresh(id, &mut stats);
        }
        stats
    }

    /// Applies a `setData` object (`{"list[2].title": "x"}`). Nothing is applied when a
    /// key is not a valid path.
    pub fn set_data(
        &mut self,
        doc: &mut Document,
        patch: &Map<String, Value>,
    ) -> Result<PatchStats, PathError> {
        let changes = patch
            .iter()
            .map(|(k, v)| Ok((data::parse_path(k)?, v.clone())))
            .collect::<Result<Vec<_>, PathError>>()?;
        Ok(self.apply_patch(doc, &changes))
    }

    /// The first handler bound to `event` on `node` in any phase, and whether it stops
    /// the event (`catch`, `capture-catch`). [`View::handlers`] gives all of them.
    pub fn handler(&self, node: NodeId, event: &str) -> Option<(String, bool)> {
        self.handlers(node, event)
            .next()
            .map(|(h, k)| (h.to_string(), k.stops()))
    }

    /// Every handler bound to `event` on `node`, in declaration order, with its kind.
    /// A binding whose handler evaluates to the empty string is disabled (WeChat's way
    /// to switch a `bindtap="{{h}}"` off) and left out.
    pub fn handlers<'a>(
        &'a self,
        node: NodeId,
        event: &'a str,
    ) -> impl Iterator<Item = (&'a str, EventKind)> + 'a {
        self.st
            .nodes
            .get(&node)
            .map_or(&[][..], |i| i.events.as_slice())
            .iter()
            .filter(move |(e, h, _)| e == event && !h.is_empty())
            .map(|(_, h, k)| (h.as_str(), *k))
    }

    /// The value of attribute `name` of `node` as its `{{ }}` binding evaluates now,
    /// with its JSON type: the document's attribute holds its display string (an array
    /// of objects reads `[object Object],...`), which loses what a component such as
    /// `picker` (`range`) needs. `None` when the attribute is not bound on that node.
    pub fn attr_value(&self, node: NodeId, name: &str) -> Option<Value> {
        let info = self.st.nodes.get(&node)?;
        info.bindings.iter().find_map(|&id| {
            let b = self.st.bindings.get(id)?.as_ref()?;
            let Slot::Attr(i) = b.slot else {
                return None;
            };
            let crate::template::ir::TNode::Element(e) = build::resolve(&self.template, &b.tpath)?
            else {
                return None;
            };
            let (attr, interp) = e.bound.get(i)?;
            if attr != name {
                return None;
            }
            let scope = crate::template::Scope {
                root: &self.data,
                vars: &b.vars,
                wxs: self.wxs.as_ref().map(|w| w as &dyn WxsCalls),
            };
            Some(scope.eval_interp(interp, &mut Vec::new()).to_json())
        })
    }

    /// The `mark:*` values of `node` alone, in declaration order (see [`events::mark`]
    /// for the merged object an event carries).
    pub fn marks(&self, node: NodeId) -> &[(String, Value)] {
        self.st.nodes.get(&node).map_or(&[], |i| i.marks.as_slice())
    }

    /// The `dataset` of an event target: its `data-*` attributes, camelCased, with the
    /// evaluated JSON types of bound values (`data-id="{{3}}"` gives the number 3).
    pub fn dataset(&self, doc: &Document, node: NodeId) -> Map<String, Value> {
        if let Some(info) = self.st.nodes.get(&node) {
            return info.dataset.iter().cloned().collect();
        }
        // Not one of this view's nodes: read the attributes as strings.
        doc.get(node)
            .map(|n| {
                n.attrs
                    .iter()
                    .filter_map(|(k, v)| Some((dataset_key(k)?, Value::String(v.clone()))))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Warnings found while instantiating (unknown components, once per tag).
    pub fn warnings(&self) -> &[TemplateWarning] {
        &self.st.warnings
    }

    /// Number of live bindings (for tests and statistics).
    pub fn binding_count(&self) -> usize {
        self.st.bindings.iter().filter(|b| b.is_some()).count()
    }

    /// The element under which the view was instantiated.
    pub fn parent(&self) -> NodeId {
        self.st.parent
    }

    /// Removes every node the view created.
    pub fn clear(&mut self, doc: &mut Document) {
        for inst in std::mem::take(&mut self.st.roots) {
            self.st.teardown(doc, inst, true);
        }
    }
}

#[cfg(test)]
mod tests;
