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
//! A custom component (a tag in `usingComponents`) is a `View` of its own, kept by the
//! view whose template holds its host, with the component's data; see [`component`].
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
pub mod component;
pub mod events;
mod index;
mod keyed;

use build::{At, Ctx};
use component::{ClassScope, ComponentDef, ComponentEvents, Components};
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
    /// Custom components whose hosts this view created, by host node.
    components: HashMap<NodeId, ComponentInst>,
    /// A component view's `<slot>` elements: (name, node), in creation order.
    slots: Vec<(String, NodeId)>,
    /// A slot was created or removed since the enclosing view last placed the content.
    slots_changed: bool,
    /// Instances created, detached or given new property values, for the logic thread.
    component_events: ComponentEvents,
}

/// A custom component instance: its definition and the view of its template.
#[derive(Debug)]
struct ComponentInst {
    id: u32,
    def: std::rc::Rc<ComponentDef>,
    view: Box<View>,
}

/// What a view knows about the components around it.
#[derive(Debug, Default)]
struct Scoping {
    /// Every component definition the page can reach (`None`: no custom components).
    env: Option<std::rc::Rc<Components>>,
    /// The component this view instantiates; `None` for the page.
    own: Option<std::rc::Rc<ComponentDef>>,
    /// The component instance id; `None` for the page.
    instance: Option<u32>,
    /// How class names are written.
    classes: ClassScope,
    /// Components enclosing this one.
    depth: u32,
}

impl Scoping {
    /// The definition used for tag `tag` in this view's template.
    fn lookup(&self, tag: &str) -> Option<Result<std::rc::Rc<ComponentDef>, String>> {
        let env = self.env.as_ref()?;
        let using = match &self.own {
            Some(def) => &def.using,
            None => &env.page_using,
        };
        let path = using.get(tag)?;
        Some(env.defs.get(path).cloned().ok_or_else(|| path.clone()))
    }
}

/// An instantiated page or component template.
#[derive(Debug)]
pub struct View {
    template: Arc<Template>,
    data: Value,
    st: State,
    /// The page's `<wxs>` modules, when it has any (their own JS context).
    wxs: Option<std::rc::Rc<WxsRuntime>>,
    /// Custom components: the definitions, and which one this view is.
    sc: Scoping,
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
                // A host: the component's instances go with it; its slot content
                // may be off the document (no slot to go to), so it is removed itself.
                let mut host = self.components.remove(&n);
                if let Some(c) = host.as_mut() {
                    // Its own nodes go with the host; nodes it took off the document
                    // (content for a slot a component inside it does not show) are
                    // freed here.
                    for inst in std::mem::take(&mut c.view.st.roots) {
                        c.view.st.teardown(doc, inst, true);
                    }
                    let inner = std::mem::take(&mut c.view.st.component_events.detached);
                    self.component_events.detached.extend(inner);
                    self.component_events.detached.push(c.id);
                }
                if let Some(i) = self.slots.iter().position(|(_, s)| *s == n) {
                    // The slot's content belongs to the enclosing view: keep it alive
                    // until that view places it again.
                    self.slots.remove(i);
                    self.slots_changed = true;
                    for c in doc.get(n).map(|x| x.children.clone()).unwrap_or_default() {
                        doc.detach(c);
                    }
                }
                if let Some(info) = self.nodes.remove(&n) {
                    for b in info.bindings {
                        self.remove_binding(b);
                    }
                    for c in info.children {
                        // The document frees the whole subtree with `n`.
                        self.teardown(doc, c, host.is_some());
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
        Self::build(template, data, doc, parent, Scoping::default())
    }

    /// [`View::new`] for a page that uses custom components: tags in
    /// `components.page_using` are instantiated from their definitions.
    pub fn with_components(
        template: Arc<Template>,
        data: Value,
        doc: &mut Document,
        parent: NodeId,
        components: std::rc::Rc<Components>,
    ) -> View {
        let sc = Scoping {
            env: Some(components),
            ..Scoping::default()
        };
        Self::build(template, data, doc, parent, sc)
    }

    fn build(
        template: Arc<Template>,
        data: Value,
        doc: &mut Document,
        parent: NodeId,
        sc: Scoping,
    ) -> View {
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
            components: HashMap::new(),
            slots: Vec::new(),
            slots_changed: false,
            component_events: ComponentEvents::default(),
        };
        let mut roots = Vec::new();
        // A component's `<wxs>` modules are one context per definition on the page,
        // shared by its instances (a list of 200 cells is not 200 JS contexts).
        let wxs = match &sc.own {
            Some(def) => def
                .wxs
                .get_or_init(|| WxsRuntime::load(&template).map(std::rc::Rc::new))
                .clone(),
            None => WxsRuntime::load(&template).map(std::rc::Rc::new),
        };
        {
            let mut cx = Ctx {
                st: &mut st,
                data: &data,
                tpl: &template,
                doc,
                record: true,
                depth: 0,
                wxs: wxs.as_deref().map(|w| w as &dyn WxsCalls),
                sc: &sc,
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
            sc,
        }
    }

    /// Problems the page's WXS modules reported since the last call (syntax errors,
    /// throws, runaway loops), each distinct one once.
    pub fn take_wxs_errors(&self) -> Vec<String> {
        let mut out = self
            .wxs
            .as_ref()
            .map(|w| w.take_errors())
            .unwrap_or_default();
        for c in self.st.components.values() {
            out.extend(c.view.take_wxs_errors());
        }
        out
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
        for (p, v) in changes {
            data::set(&mut self.data, p, v.clone());
        }
        let paths: Vec<&DataPath> = changes.iter().map(|(p, _)| p).collect();
        self.reevaluate(doc, &paths)
    }

    /// [`View::apply_patch`] taking the values, so a big `setData` value is moved into
    /// the view's data instead of copied.
    pub fn apply_patch_owned(
        &mut self,
        doc: &mut Document,
        changes: Vec<(DataPath, Value)>,
    ) -> PatchStats {
        let mut paths = Vec::with_capacity(changes.len());
        for (p, v) in changes {
            data::set(&mut self.data, &p, v);
            paths.push(p);
        }
        let paths: Vec<&DataPath> = paths.iter().collect();
        self.reevaluate(doc, &paths)
    }

    /// After the data at `changes` changed: re-evaluates the bindings that read them.
    fn reevaluate(&mut self, doc: &mut Document, changes: &[&DataPath]) -> PatchStats {
        let mut stats = PatchStats::default();
        let mut ids = Vec::new();
        // Which changes reached each binding, as (binding, change index), sorted.
        let mut hits: Vec<(usize, usize)> = Vec::new();
        for (ci, p) in changes.iter().enumerate() {
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
            wxs: self.wxs.as_deref().map(|w| w as &dyn WxsCalls),
            sc: &self.sc,
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
                    .filter_map(|&(_, ci)| changes.get(ci).copied())
                    .collect();
                if cx.loop_unaffected(id, &reached) {
                    continue;
                }
            }
            stats.bindings_reevaluated += 1;
            cx.refresh(id, &mut stats);
        }
        if stats.fragments_rebuilt > 0 {
            // A rebuilt loop or `if` inside a host's content lands where the fragment
            // was first built; put the content back in its slots.
            let hosts: Vec<NodeId> = self.st.components.keys().copied().collect();
            for h in hosts {
                self.st.project(doc, h);
            }
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
        self.owner_of(node)
            .and_then(|v| v.st.nodes.get(&node))
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
        let owner = self.owner_of(node)?;
        if !std::ptr::eq(owner, self) {
            return owner.attr_value(node, name);
        }
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
                wxs: self.wxs.as_deref().map(|w| w as &dyn WxsCalls),
            };
            Some(scope.eval_interp(interp, &mut Vec::new()).to_json())
        })
    }

    /// The `mark:*` values of `node` alone, in declaration order (see [`events::mark`]
    /// for the merged object an event carries).
    pub fn marks(&self, node: NodeId) -> &[(String, Value)] {
        self.owner_of(node)
            .and_then(|v| v.st.nodes.get(&node))
            .map_or(&[], |i| i.marks.as_slice())
    }

    /// The `dataset` of an event target: its `data-*` attributes, camelCased, with the
    /// evaluated JSON types of bound values (`data-id="{{3}}"` gives the number 3).
    pub fn dataset(&self, doc: &Document, node: NodeId) -> Map<String, Value> {
        if let Some(info) = self.owner_of(node).and_then(|v| v.st.nodes.get(&node)) {
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

    /// The component instance id this view instantiates; `None` for the page.
    pub fn instance(&self) -> Option<u32> {
        self.sc.instance
    }

    /// The class prefix scoping a component's styles (see [`component`]); `None` for the
    /// page.
    pub fn class_prefix(&self) -> Option<&str> {
        self.sc.classes.prefix.as_deref()
    }

    /// The view (this one or a component's inside it) that created `node`.
    pub fn owner_of(&self, node: NodeId) -> Option<&View> {
        if self.st.nodes.contains_key(&node) {
            return Some(self);
        }
        self.st
            .components
            .values()
            .find_map(|c| c.view.owner_of(node))
    }

    /// The view of component instance `id` (anywhere inside this one).
    pub fn component(&self, id: u32) -> Option<&View> {
        self.st.components.values().find_map(|c| {
            if c.id == id {
                Some(c.view.as_ref())
            } else {
                c.view.component(id)
            }
        })
    }

    /// The host node of component instance `id` and the view that created the host.
    pub fn component_host(&self, id: u32) -> Option<(NodeId, &View)> {
        self.st.components.iter().find_map(|(host, c)| {
            if c.id == id {
                Some((*host, self))
            } else {
                c.view.component_host(id)
            }
        })
    }

    /// Applies a `setData` patch of component instance `id`; `None` when no such
    /// instance lives in this view.
    pub fn patch_component(
        &mut self,
        doc: &mut Document,
        id: u32,
        changes: &[(DataPath, Value)],
    ) -> Option<PatchStats> {
        let host = self
            .st
            .components
            .iter()
            .find_map(|(h, c)| (c.id == id).then_some(*h));
        let (host, stats) = match host {
            Some(h) => {
                let c = self.st.components.get_mut(&h)?;
                (h, c.view.apply_patch(doc, changes))
            }
            None => {
                let (h, stats) = self
                    .st
                    .components
                    .iter_mut()
                    .find_map(|(h, c)| Some((*h, c.view.patch_component(doc, id, changes)?)))?;
                (h, stats)
            }
        };
        self.st.after_child(doc, host);
        Some(stats)
    }

    /// Instances created, detached or given new properties since the last call, in this
    /// view and every component view inside it.
    pub fn take_component_events(&mut self) -> ComponentEvents {
        let mut events = std::mem::take(&mut self.st.component_events);
        events.drop_passing();
        events
    }
}

impl State {
    /// The default slot of the component at `host`.
    fn default_slot(&self, host: NodeId) -> Option<NodeId> {
        let c = self.components.get(&host)?;
        c.view
            .st
            .slots
            .iter()
            .find(|(n, _)| n.is_empty())
            .map(|s| s.1)
    }

    /// After the component at `host` changed (patch, new properties): collects its
    /// instance events and, when its slots changed, places its content again.
    fn after_child(&mut self, doc: &mut Document, host: NodeId) {
        let Some(c) = self.components.get_mut(&host) else {
            return;
        };
        let events = std::mem::take(&mut c.view.st.component_events);
        let moved = std::mem::take(&mut c.view.st.slots_changed);
        self.component_events.append(events);
        if moved {
            self.project(doc, host);
        }
    }

    /// The document nodes an instance stands for, in order.
    fn nodes_of(&self, inst: Inst, out: &mut Vec<NodeId>) {
        match inst {
            Inst::Node(n) => out.push(n),
            Inst::Frag(f) => {
                if let Some(fr) = self.frag(f) {
                    for i in fr.groups.iter().flatten() {
                        self.nodes_of(*i, out);
                    }
                }
            }
        }
    }

    /// Places the content of the host at `host` in the component's slots: by its `slot`
    /// attribute with `multipleSlots`, else in the default slot; content with no slot
    /// to go to is taken off the document. Does nothing when all is in place.
    fn project(&mut self, doc: &mut Document, host: NodeId) {
        let Some(c) = self.components.get(&host) else {
            return;
        };
        let slots = c.view.st.slots.clone();
        let multiple = c.def.meta.multiple_slots;
        let default = slots.iter().find(|(n, _)| n.is_empty()).map(|s| s.1);
        let target = |doc: &Document, n: NodeId| -> Option<NodeId> {
            let name = doc.get(n).and_then(|x| x.attr("slot")).unwrap_or("");
            if multiple && !name.is_empty() {
                slots.iter().find(|(s, _)| s == name).map(|s| s.1)
            } else {
                default
            }
        };
        let insts = self
            .nodes
            .get(&host)
            .map(|i| i.children.clone())
            .unwrap_or_default();
        let mut nodes = Vec::new();
        for i in &insts {
            self.nodes_of(*i, &mut nodes);
        }
        let mut want: Vec<(NodeId, Vec<NodeId>)> =
            slots.iter().map(|s| (s.1, Vec::new())).collect();
        let mut off = Vec::new();
        for n in &nodes {
            match target(doc, *n) {
                Some(t) => {
                    if let Some(w) = want.iter_mut().find(|(s, _)| *s == t) {
                        w.1.push(*n);
                    }
                }
                None => off.push(*n),
            }
        }
        for (slot, list) in &want {
            let have = doc.get(*slot).map(|x| x.children.as_slice()).unwrap_or(&[]);
            if have != list.as_slice() {
                for n in list {
                    doc.insert_before(*slot, *n, None);
                }
            }
        }
        for n in off {
            if doc.get(n).is_some_and(|x| x.parent.is_some()) {
                doc.detach(n);
            }
        }
        // Fragments among the content build their later nodes where their first one is.
        for i in insts {
            if let Inst::Frag(f) = i {
                let mut first = Vec::new();
                self.nodes_of(i, &mut first);
                let parent = first
                    .first()
                    .and_then(|n| target(doc, *n))
                    .or(default)
                    .unwrap_or(host);
                self.reparent_frag(f, parent);
            }
        }
    }

    /// Sets the parent of fragment `f` and of the fragments directly in its groups.
    fn reparent_frag(&mut self, f: usize, parent: NodeId) {
        let Some(fr) = self.frag_mut(f) else {
            return;
        };
        fr.parent = parent;
        let inner: Vec<usize> = fr
            .groups
            .iter()
            .flatten()
            .filter_map(|i| match i {
                Inst::Frag(g) => Some(*g),
                Inst::Node(_) => None,
            })
            .collect();
        for g in inner {
            self.reparent_frag(g, parent);
        }
    }
}

#[cfg(test)]
mod tests;
