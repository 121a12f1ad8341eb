//! Instantiation and re-evaluation: builds template nodes into the document and
//! registers their bindings; applies a changed binding's new value.

use std::sync::Arc;

use mica_layout::{Document, NodeId};
use serde_json::Value;

use super::component::{self as comp, ClassScope, ComponentDef};
use super::{
    dataset_key, Binding, ComponentInst, Frag, Inst, NodeInfo, Owner, PatchStats, Scoping, Shape,
    Slot, State, TPath, Target, Vars, View, KNOWN_TAGS, MAX_NUMBER_ITEMS, MAX_VIEW_NODES,
};
use crate::data::{DataPath, Seg};
use crate::template::{
    Element, Expr, ForNode, IfNode, JsValue, LoopVar, Scope, TNode, Template, TemplateUse,
    TemplateWarning, VarValue, WxsCalls,
};

/// Sets an evaluated attribute: `false`, `null` and `undefined` remove it (so
/// `hidden="{{false}}"` leaves no `hidden`), `true` is `"true"`, others are stringified.
/// In a component, class lists are written scoped (see [`ClassScope::map`]), and a node
/// without classes still carries the component's marker class.
fn apply_attr(doc: &mut Document, scope: &ClassScope, node: NodeId, name: &str, v: &JsValue<'_>) {
    let absent = match v {
        JsValue::Undefined => true,
        JsValue::Json(j) => matches!(j.as_ref(), Value::Null | Value::Bool(false)),
        JsValue::Num(_) => false,
    };
    if absent {
        match (name, scope.marker()) {
            ("class", Some(marker)) => doc.set_attr(node, name, marker),
            _ => doc.remove_attr(node, name),
        }
    } else {
        set_attr(doc, scope, node, name, &v.to_display());
    }
}

/// Sets attribute `name`, scoping class lists in a component.
fn set_attr(doc: &mut Document, scope: &ClassScope, node: NodeId, name: &str, value: &str) {
    match scope.map(name, value) {
        Some(scoped) => doc.set_attr(node, name, &scoped),
        None => doc.set_attr(node, name, value),
    }
}

/// The template node at `path` (child indexes: element/group children, 0 for a loop
/// body, the branch number of an `if` chain).
pub(super) fn resolve<'t>(tpl: &'t Template, path: &[u32]) -> Option<&'t TNode> {
    let (first, rest) = path.split_first()?;
    let mut cur = tpl.nodes.get(*first as usize)?;
    for &i in rest {
        let i = i as usize;
        cur = match cur {
            TNode::Element(e) => e.children.get(i)?,
            TNode::Group(g) => g.get(i)?,
            TNode::For(f) if i == 0 => &f.body,
            TNode::If(n) => &n.branches.get(i)?.1,
            _ => return None,
        };
    }
    Some(cur)
}

fn child_path(tpath: &[u32], i: usize) -> Vec<u32> {
    let mut p = Vec::with_capacity(tpath.len() + 1);
    p.extend_from_slice(tpath);
    p.push(u32::try_from(i).unwrap_or(u32::MAX));
    p
}

pub(super) type Iteration = (Value, VarValue);

/// Evaluates a loop's items: its shape, the paths read, and one `(index, item)` per item.
pub(super) fn eval_for(scope: Scope<'_>, items: &Expr) -> (Shape, Vec<DataPath>, Vec<Iteration>) {
    let mut reads = Vec::new();
    let (v, path) = scope.eval_place(items, &mut reads);
    if let (JsValue::Json(j), Some(p)) = (&v, &path) {
        if let Value::Array(a) = j.as_ref() {
            let iters = (0..a.len())
                .map(|i| {
                    let mut ip = p.clone();
                    ip.push(Seg::Index(i));
                    (Value::from(i), VarValue::Path(ip))
                })
                .collect();
            let shape = Shape::Array {
                path: p.clone(),
                len: a.len(),
            };
            return (shape, reads, iters);
        }
    }
    let value = v.into_json();
    let iters: Vec<Iteration> = match &value {
        Value::Array(a) => a
            .iter()
            .enumerate()
            .map(|(i, x)| (Value::from(i), VarValue::Value(x.clone())))
            .collect(),
        Value::Object(m) => m
            .iter()
            .map(|(k, x)| {
                let item = match &path {
                    Some(p) => {
                        let mut ip = p.clone();
                        ip.push(Seg::Key(k.clone()));
                        VarValue::Path(ip)
                    }
                    None => VarValue::Value(x.clone()),
                };
                (Value::String(k.clone()), item)
            })
            .collect(),
        Value::String(s) => s
            .chars()
            .enumerate()
            .map(|(i, c)| {
                (
                    Value::from(i),
                    VarValue::Value(Value::String(c.to_string())),
                )
            })
            .collect(),
        Value::Number(n) => {
            let n = n
                .as_f64()
                .unwrap_or(0.0)
                .clamp(0.0, MAX_NUMBER_ITEMS as f64) as usize;
            (0..n)
                .map(|i| (Value::from(i), VarValue::Value(Value::from(i))))
                .collect()
        }
        _ => Vec::new(),
    };
    (Shape::Other(value), reads, iters)
}

/// Evaluates an `if` chain: the chosen branch and the conditions' reads.
fn eval_if(scope: Scope<'_>, branches: &[(Option<Expr>, TNode)]) -> (Option<usize>, Vec<DataPath>) {
    let mut reads = Vec::new();
    let chosen = branches.iter().position(|(c, _)| match c {
        Some(c) => scope.eval(c, &mut reads).truthy(),
        None => true,
    });
    (chosen, reads)
}

/// Instantiation context: the state being built into, with the data and template.
pub(super) struct Ctx<'a> {
    pub(super) st: &'a mut State,
    pub(super) data: &'a Value,
    pub(super) tpl: &'a Template,
    pub(super) doc: &'a mut Document,
    /// False inside a `<template is>` body: its nodes read the template's own data, so
    /// they record no bindings; the instantiation is rebuilt when its data changes.
    pub(super) record: bool,
    /// `<template is>` nesting depth (recursive templates stop at [`MAX_TEMPLATE_DEPTH`]).
    pub(super) depth: u32,
    /// The page's WXS modules.
    pub(super) wxs: Option<&'a dyn WxsCalls>,
    /// Custom components around this view.
    pub(super) sc: &'a Scoping,
}

impl<'a> Ctx<'a> {
    /// What expressions see under the loop variables `vars` (borrows the data, not
    /// the context).
    pub(super) fn scope<'s>(&self, vars: &'s [LoopVar]) -> Scope<'s>
    where
        'a: 's,
    {
        Scope {
            root: self.data,
            vars,
            wxs: self.wxs,
        }
    }
}

/// Deepest nesting of `<template is>` instantiations (a template may use itself).
const MAX_TEMPLATE_DEPTH: u32 = 32;

/// Deepest nesting of custom components (a component may use itself).
const MAX_COMPONENT_DEPTH: u32 = 32;

/// Evaluates a `<template is>`: the template name and data object, and the reads.
fn eval_use(scope: Scope<'_>, u: &TemplateUse) -> (Shape, Vec<DataPath>) {
    let mut reads = Vec::new();
    let name = scope.eval_interp(&u.is, &mut reads).to_display();
    let d = u
        .data
        .as_ref()
        .map(|i| scope.eval_interp(i, &mut reads).into_json())
        .filter(Value::is_object)
        .unwrap_or_else(|| Value::Object(serde_json::Map::new()));
    (Shape::Use(name, d), reads)
}

/// Where new nodes go.
#[derive(Clone, Copy)]
pub(super) struct At {
    pub(super) parent: NodeId,
    pub(super) before: Option<NodeId>,
    pub(super) owner: Owner,
}

impl Ctx<'_> {
    pub(super) fn warn_at(&mut self, line: u32, col: u32, message: String) {
        self.st.warnings.push(TemplateWarning {
            file: self.tpl.file.clone(),
            line,
            col,
            message,
        });
    }

    fn warn(&mut self, e: &Element, message: String) {
        self.st.warnings.push(TemplateWarning {
            file: self.tpl.file.clone(),
            line: e.line,
            col: e.col,
            message,
        });
    }

    fn bind(
        &mut self,
        tpath: &TPath,
        slot: Slot,
        vars: &Vars,
        reads: Vec<DataPath>,
        target: Target,
    ) -> Option<usize> {
        if reads.is_empty() || !self.record {
            return None;
        }
        Some(self.st.add_binding(Binding {
            tpath: tpath.clone(),
            slot,
            vars: vars.clone(),
            reads,
            target,
        }))
    }

    /// True (with one warning) once the view holds [`MAX_VIEW_NODES`] nodes.
    fn over_budget(&mut self, line: u32, col: u32) -> bool {
        if self.doc.len() < MAX_VIEW_NODES {
            return false;
        }
        if !self.st.over_budget {
            self.st.over_budget = true;
            self.st.warnings.push(TemplateWarning {
                file: self.tpl.file.clone(),
                line,
                col,
                message: format!(
                    "the page exceeds {MAX_VIEW_NODES} nodes; the rest is not rendered"
                ),
            });
        }
        true
    }

    /// Allocates a loop, `if` or template-use fragment at `at` and binds it to `reads`.
    fn new_frag(
        &mut self,
        at: At,
        shape: Shape,
        tp: &TPath,
        vars: &Vars,
        reads: Vec<DataPath>,
    ) -> usize {
        let fid = self.st.alloc_frag(Frag {
            parent: at.parent,
            owner: at.owner,
            binding: None,
            shape,
            groups: Vec::new(),
            keys: Vec::new(),
            warned: false,
        });
        let b = self.bind(tp, Slot::Frag, vars, reads, Target::Frag(fid));
        if let Some(fr) = self.st.frag_mut(fid) {
            fr.binding = b;
        }
        fid
    }

    pub(super) fn build(
        &mut self,
        node: &TNode,
        tpath: &[u32],
        vars: &Vars,
        at: At,
        out: &mut Vec<Inst>,
    ) {
        let (line, col) = match node {
            TNode::Element(e) => (e.line, e.col),
            _ => (0, 0),
        };
        if matches!(node, TNode::Element(_) | TNode::Text(_)) && self.over_budget(line, col) {
            return;
        }
        let scope = self.scope(vars);
        match node {
            TNode::Element(e) => self.build_element(e, tpath, vars, at, out),
            TNode::Text(interp) => {
                let mut reads = Vec::new();
                let text = scope.eval_interp(interp, &mut reads).to_display();
                let id = self.doc.create_text(&text);
                self.doc.insert_before(at.parent, id, at.before);
                let tp: TPath = tpath.into();
                let mut info = NodeInfo::default();
                info.bindings
                    .extend(self.bind(&tp, Slot::Text, vars, reads, Target::Node(id)));
                self.st.nodes.insert(id, info);
                out.push(Inst::Node(id));
            }
            TNode::Group(children) => {
                for (i, c) in children.iter().enumerate() {
                    self.build(c, &child_path(tpath, i), vars, at, out);
                }
            }
            TNode::For(f) => {
                let tp: TPath = tpath.into();
                let (shape, reads, iters) = eval_for(scope, &f.items);
                let fid = self.new_frag(at, shape, &tp, vars, reads);
                if let Some(key) = &f.key {
                    let keys = self.item_keys(fid, f, key, &iters);
                    if let Some(fr) = self.st.frag_mut(fid) {
                        fr.keys = keys;
                    }
                }
                self.build_items(fid, f, tpath, vars, iters, 0, at.parent, at.before);
                out.push(Inst::Frag(fid));
            }
            TNode::If(n) => {
                let tp: TPath = tpath.into();
                let (chosen, reads) = eval_if(scope, &n.branches);
                let fid = self.new_frag(at, Shape::Branch(chosen), &tp, vars, reads);
                self.build_branch(fid, n, tpath, vars, chosen, at.parent, at.before);
                out.push(Inst::Frag(fid));
            }
            TNode::Use(u) => {
                let tp: TPath = tpath.into();
                let (shape, reads) = eval_use(scope, u);
                let fid = self.new_frag(at, shape, &tp, vars, reads);
                self.build_use(fid, u, at.parent, at.before);
                out.push(Inst::Frag(fid));
            }
            TNode::Wxs(_) => {}
        }
    }

    /// Instantiates the template fragment `fid` stands for, with its data object as the
    /// only data (WeChat gives a template no access to the page data or loop variables).
    fn build_use(&mut self, fid: usize, u: &TemplateUse, parent: NodeId, before: Option<NodeId>) {
        let Some(Shape::Use(name, data)) = self.st.frag(fid).map(|f| &f.shape) else {
            return;
        };
        let (name, data) = (name.clone(), data.clone());
        let tpl = self.tpl;
        let mut group = Vec::new();
        match tpl.lookup(u.scope, &name) {
            None => {
                if self.st.unknown_seen.insert(format!("<template is={name}>")) {
                    self.warn_at(u.line, u.col, format!("template `{name}` not found"));
                }
            }
            Some(_) if self.depth >= MAX_TEMPLATE_DEPTH => {
                if self
                    .st
                    .unknown_seen
                    .insert(format!("<template depth {name}>"))
                {
                    self.warn_at(
                        u.line,
                        u.col,
                        format!("template `{name}` nested deeper than {MAX_TEMPLATE_DEPTH}"),
                    );
                }
            }
            Some(def) => {
                let mut sub = Ctx {
                    st: &mut *self.st,
                    data: &data,
                    tpl,
                    doc: &mut *self.doc,
                    record: false,
                    depth: self.depth + 1,
                    wxs: self.wxs,
                    sc: self.sc,
                };
                let vars: Vars = Arc::new(Vec::new());
                let at = At {
                    parent,
                    before,
                    owner: Owner::Frag(fid, 0),
                };
                for (i, n) in def.nodes.iter().enumerate() {
                    let i = u32::try_from(i).unwrap_or(u32::MAX);
                    sub.build(n, &[i], &vars, at, &mut group);
                }
            }
        }
        if let Some(fr) = self.st.frag_mut(fid) {
            fr.groups = vec![group];
        }
    }

    fn build_element(
        &mut self,
        e: &Element,
        tpath: &[u32],
        vars: &Vars,
        at: At,
        out: &mut Vec<Inst>,
    ) {
        // Template definitions and imports render nothing where they are written.
        let is_definition = e.tag == "template" && e.attrs.iter().any(|(k, _)| k == "name");
        if is_definition || e.tag == "import" || e.tag == "include" || e.tag == "template" {
            return;
        }
        let custom = match self.sc.lookup(&e.tag) {
            Some(Ok(def)) => Some(def),
            Some(Err(path)) => {
                if self.st.unknown_seen.insert(e.tag.clone()) {
                    self.warn(
                        e,
                        format!(
                            "component `<{}>` ({path}) could not be loaded; rendered as a view",
                            e.tag
                        ),
                    );
                }
                None
            }
            None => {
                if !KNOWN_TAGS.contains(&e.tag.as_str())
                    && self.st.unknown_seen.insert(e.tag.clone())
                {
                    self.warn(
                        e,
                        format!("unknown component `<{}>` rendered as a view", e.tag),
                    );
                }
                None
            }
        };
        let scope = self.scope(vars);
        let id = self.doc.create_element(&e.tag);
        let tp: TPath = tpath.into();
        let mut info = NodeInfo::default();
        // What the host of a custom component gives it: attributes as evaluated.
        let mut given: Vec<(&str, Value)> = Vec::new();
        for (k, v) in &e.attrs {
            set_attr(self.doc, &self.sc.classes, id, k, v);
            if let Some(key) = dataset_key(k) {
                info.dataset.push((key, Value::String(v.clone())));
            }
            if custom.is_some() {
                given.push((k, Value::String(v.clone())));
            }
        }
        for (i, (k, interp)) in e.bound.iter().enumerate() {
            let mut reads = Vec::new();
            let v = scope.eval_interp(interp, &mut reads);
            apply_attr(self.doc, &self.sc.classes, id, k, &v);
            if let Some(key) = dataset_key(k) {
                info.dataset.push((key, v.to_json()));
            }
            if custom.is_some() {
                given.push((k, v.to_json()));
            }
            info.bindings
                .extend(self.bind(&tp, Slot::Attr(i), vars, reads, Target::Node(id)));
        }
        for (i, ev) in e.events.iter().enumerate() {
            let mut reads = Vec::new();
            let h = scope.eval_interp(&ev.handler, &mut reads).to_display();
            info.events.push((ev.event.clone(), h, ev.kind));
            info.bindings
                .extend(self.bind(&tp, Slot::Handler(i), vars, reads, Target::Node(id)));
        }
        for (i, (k, interp)) in e.marks.iter().enumerate() {
            let mut reads = Vec::new();
            let v = scope.eval_interp(interp, &mut reads).to_json();
            info.marks.push((k.clone(), v));
            info.bindings
                .extend(self.bind(&tp, Slot::Mark(i), vars, reads, Target::Node(id)));
        }
        if let Some(marker) = self.sc.classes.marker() {
            if self.doc.get(id).is_some_and(|n| n.attr("class").is_none()) {
                self.doc.set_attr(id, "class", marker);
            }
        }
        self.doc.insert_before(at.parent, id, at.before);
        if let Some(def) = custom {
            let dataset: serde_json::Map<String, Value> = info.dataset.iter().cloned().collect();
            let given: Vec<(String, Value)> =
                given.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
            self.instantiate_component(id, &e.tag, def, &given, dataset);
            let parent = self.st.default_slot(id).unwrap_or(id);
            let inner = At {
                parent,
                before: None,
                owner: Owner::Elem(id),
            };
            for (i, c) in e.children.iter().enumerate() {
                self.build(c, &child_path(tpath, i), vars, inner, &mut info.children);
            }
            self.st.nodes.insert(id, info);
            self.st.project(self.doc, id);
            out.push(Inst::Node(id));
            return;
        }
        if e.tag == "slot" && self.sc.instance.is_some() {
            // The enclosing view fills it (WeChat slots have no fallback content).
            let name = e
                .attrs
                .iter()
                .find(|(k, _)| k == "name")
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            self.st.slots.push((name, id));
            self.st.slots_changed = true;
            self.st.nodes.insert(id, info);
            out.push(Inst::Node(id));
            return;
        }
        // A built-in component's parts go first, before the element's own children.
        crate::components::expand(self.doc, id);
        let inner = At {
            parent: id,
            before: None,
            owner: Owner::Elem(id),
        };
        for (i, c) in e.children.iter().enumerate() {
            self.build(c, &child_path(tpath, i), vars, inner, &mut info.children);
        }
        self.st.nodes.insert(id, info);
        out.push(Inst::Node(id));
    }

    /// Creates the instance of component `def` whose host is `host`: its data from the
    /// host's attributes (`given`, as evaluated), its view under the host.
    fn instantiate_component(
        &mut self,
        host: NodeId,
        tag: &str,
        def: std::rc::Rc<ComponentDef>,
        given: &[(String, Value)],
        dataset: serde_json::Map<String, Value>,
    ) {
        let Some(env) = self.sc.env.clone() else {
            return;
        };
        if self.sc.depth >= MAX_COMPONENT_DEPTH {
            if self
                .st
                .unknown_seen
                .insert(format!("<component depth {}>", def.path))
            {
                self.warn_at(
                    0,
                    0,
                    format!(
                        "component {} nested deeper than {MAX_COMPONENT_DEPTH}; not rendered",
                        def.path
                    ),
                );
            }
            return;
        }
        let meta = &def.meta;
        let mut props = serde_json::Map::new();
        let mut external = std::collections::HashMap::new();
        let (mut host_id, mut classes) = (String::new(), Vec::new());
        for (k, v) in given {
            if let Some(p) = meta.property(k) {
                props.insert(p.name.clone(), comp::coerce(p, v.clone()));
            } else if meta.external_classes.iter().any(|c| c == k) {
                // Already written in this (the enclosing) view's scope.
                let list = self
                    .doc
                    .get(host)
                    .and_then(|n| n.attr(k))
                    .unwrap_or("")
                    .split_ascii_whitespace()
                    .map(str::to_string)
                    .collect();
                external.insert(k.clone(), list);
            } else if k == "id" {
                host_id = v.as_str().unwrap_or("").to_string();
            } else if k == "class" {
                classes = v
                    .as_str()
                    .unwrap_or("")
                    .split_ascii_whitespace()
                    .map(str::to_string)
                    .collect();
            }
        }
        self.doc
            .set_component_classes(host, vec![comp::host_class(&def.prefix)]);
        let id = env.next_id();
        let sc = Scoping {
            env: Some(env.clone()),
            own: Some(def.clone()),
            instance: Some(id),
            classes: ClassScope {
                prefix: Some(def.prefix.clone()),
                keep_plain: def.isolation != comp::Isolation::Isolated,
                external,
            },
            depth: self.sc.depth + 1,
        };
        let data = meta.initial_data(&props);
        self.st.component_events.created.push(comp::Created {
            id,
            path: def.path.clone(),
            tag: tag.to_string(),
            owner: self.sc.instance,
            props,
            host_id,
            classes,
            dataset,
        });
        let mut view = View::build(def.template.clone(), data, self.doc, host, sc);
        self.st.warnings.append(&mut view.st.warnings);
        let events = std::mem::take(&mut view.st.component_events);
        self.st.component_events.append(events);
        view.st.slots_changed = false;
        self.st.components.insert(
            host,
            ComponentInst {
                id,
                def,
                view: Box::new(view),
            },
        );
    }

    /// After host attribute `name` changed to `v`: a property of the component goes to
    /// its view (and, through the instance events, to its script).
    fn host_attr_changed(&mut self, host: NodeId, name: &str, v: &JsValue<'_>) {
        let Some(c) = self.st.components.get_mut(&host) else {
            return;
        };
        let Some(p) = c.def.meta.property(name) else {
            return;
        };
        let value = comp::coerce(p, v.to_json());
        let prop = p.name.clone();
        let id = c.id;
        let path = vec![Seg::Key(prop.clone())];
        if c.view.data.get(&prop) == Some(&value) {
            return;
        }
        c.view.apply_patch(self.doc, &[(path, value.clone())]);
        let mut m = serde_json::Map::new();
        m.insert(prop, value);
        self.st.component_events.push_props(id, m);
        self.st.after_child(self.doc, host);
    }

    /// Builds loop items `start..` into fragment `fid`, before `before`.
    #[allow(clippy::too_many_arguments)]
    fn build_items(
        &mut self,
        fid: usize,
        f: &ForNode,
        tpath: &[u32],
        vars: &Vars,
        iters: Vec<Iteration>,
        start: usize,
        parent: NodeId,
        before: Option<NodeId>,
    ) {
        for (k, iter) in iters.into_iter().enumerate().skip(start) {
            let group = self.build_item(fid, f, tpath, vars, k, iter, parent, before);
            if let Some(fr) = self.st.frag_mut(fid) {
                fr.groups.push(group);
            }
        }
    }

    /// Builds loop item `k` of fragment `fid` and returns its group.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn build_item(
        &mut self,
        fid: usize,
        f: &ForNode,
        tpath: &[u32],
        vars: &Vars,
        k: usize,
        (index, item): Iteration,
        parent: NodeId,
        before: Option<NodeId>,
    ) -> Vec<Inst> {
        let mut v = Vec::with_capacity(vars.len() + 2);
        v.extend(vars.iter().cloned());
        v.push(LoopVar {
            name: f.item.clone(),
            value: item,
        });
        v.push(LoopVar {
            name: f.index.clone(),
            value: VarValue::Value(index),
        });
        let v: Vars = Arc::new(v);
        let mut group = Vec::new();
        let at = At {
            parent,
            before,
            owner: Owner::Frag(fid, k),
        };
        self.build(&f.body, &child_path(tpath, 0), &v, at, &mut group);
        group
    }

    #[allow(clippy::too_many_arguments)]
    fn build_branch(
        &mut self,
        fid: usize,
        n: &IfNode,
        tpath: &[u32],
        vars: &Vars,
        chosen: Option<usize>,
        parent: NodeId,
        before: Option<NodeId>,
    ) {
        let mut group = Vec::new();
        if let Some((bi, (_, body))) = chosen.and_then(|bi| Some((bi, n.branches.get(bi)?))) {
            let at = At {
                parent,
                before,
                owner: Owner::Frag(fid, 0),
            };
            self.build(body, &child_path(tpath, bi), vars, at, &mut group);
        }
        if let Some(fr) = self.st.frag_mut(fid) {
            fr.groups = vec![group];
        }
    }

    /// True when binding `id` is a loop over the array at some path and every change in
    /// `changes` lies inside one of its existing items without touching the item's key:
    /// the loop's shape (path, length, keys) cannot have changed, and the items' own
    /// bindings handle the change. Skipping the loop keeps a one-row edit in a 10,000-row
    /// list from re-walking all 10,000 items.
    pub(super) fn loop_unaffected(&self, id: usize, changes: &[&DataPath]) -> bool {
        let Some(Some(b)) = self.st.bindings.get(id) else {
            return false;
        };
        let (Slot::Frag, Target::Frag(fid)) = (b.slot, b.target) else {
            return false;
        };
        let Some(TNode::For(f)) = resolve(self.tpl, &b.tpath) else {
            return false;
        };
        let Some(Shape::Array { path, len }) = self.st.frag(fid).map(|fr| &fr.shape) else {
            return false;
        };
        let key = f.key.as_deref().filter(|k| *k != "*this");
        !changes.is_empty()
            && changes.iter().all(|p| {
                let Some(rest) = p.strip_prefix(path.as_slice()) else {
                    return false;
                };
                match rest {
                    [Seg::Index(i), field, ..] if i < len => {
                        !matches!((key, field), (Some(k), Seg::Key(name)) if name == k)
                    }
                    _ => false,
                }
            })
    }

    /// Re-evaluates binding `id` and applies the result.
    pub(super) fn refresh(&mut self, id: usize, stats: &mut PatchStats) {
        let Some(Some(b)) = self.st.bindings.get(id) else {
            return;
        };
        let (tpath, slot, vars, target) = (b.tpath.clone(), b.slot, b.vars.clone(), b.target);
        let Some(tnode) = resolve(self.tpl, &tpath) else {
            return;
        };
        let scope = self.scope(&vars);
        let mut reads = Vec::new();
        match (slot, target, tnode) {
            (Slot::Attr(i), Target::Node(node), TNode::Element(e)) => {
                let Some((name, interp)) = e.bound.get(i) else {
                    return;
                };
                let v = scope.eval_interp(interp, &mut reads);
                apply_attr(self.doc, &self.sc.classes, node, name, &v);
                crate::components::attr_changed(self.doc, node, name);
                self.host_attr_changed(node, name, &v);
                if let Some(key) = dataset_key(name) {
                    let info = self.st.nodes.get_mut(&node);
                    if let Some(slot) =
                        info.and_then(|n| n.dataset.iter_mut().find(|(k, _)| *k == key))
                    {
                        slot.1 = v.to_json();
                    }
                }
            }
            (Slot::Text, Target::Node(node), TNode::Text(interp)) => {
                let text = scope.eval_interp(interp, &mut reads).to_display();
                self.doc.set_text(node, &text);
            }
            (Slot::Handler(i), Target::Node(node), TNode::Element(e)) => {
                let Some(ev) = e.events.get(i) else { return };
                let h = scope.eval_interp(&ev.handler, &mut reads).to_display();
                if let Some(slot) = self
                    .st
                    .nodes
                    .get_mut(&node)
                    .and_then(|n| n.events.get_mut(i))
                {
                    slot.1 = h;
                }
            }
            (Slot::Mark(i), Target::Node(node), TNode::Element(e)) => {
                let Some((_, interp)) = e.marks.get(i) else {
                    return;
                };
                let v = scope.eval_interp(interp, &mut reads).to_json();
                if let Some(slot) = self
                    .st
                    .nodes
                    .get_mut(&node)
                    .and_then(|n| n.marks.get_mut(i))
                {
                    slot.1 = v;
                }
            }
            (Slot::Frag, Target::Frag(fid), TNode::For(f)) => {
                let (shape, r, iters) = eval_for(scope, &f.items);
                reads = r;
                if f.key.is_some() {
                    self.refresh_keyed(fid, f, &tpath, &vars, shape, iters, stats);
                } else {
                    self.refresh_for(fid, f, &tpath, &vars, shape, iters, stats);
                }
            }
            (Slot::Frag, Target::Frag(fid), TNode::If(n)) => {
                let (chosen, r) = eval_if(scope, &n.branches);
                reads = r;
                let Some(fr) = self.st.frag_mut(fid) else {
                    return;
                };
                if fr.shape != Shape::Branch(chosen) {
                    fr.shape = Shape::Branch(chosen);
                    let parent = fr.parent;
                    self.clear_groups(fid, 0);
                    let before = self.st.anchor_after(fid);
                    self.build_branch(fid, n, &tpath, &vars, chosen, parent, before);
                    stats.fragments_rebuilt += 1;
                }
            }
            (Slot::Frag, Target::Frag(fid), TNode::Use(u)) => {
                let (shape, r) = eval_use(scope, u);
                reads = r;
                let Some(fr) = self.st.frag_mut(fid) else {
                    return;
                };
                if fr.shape != shape {
                    fr.shape = shape;
                    let parent = fr.parent;
                    self.clear_groups(fid, 0);
                    let before = self.st.anchor_after(fid);
                    self.build_use(fid, u, parent, before);
                    stats.fragments_rebuilt += 1;
                }
            }
            _ => return,
        }
        self.st.set_reads(id, reads);
    }

    /// Removes the nodes of groups `from..` of fragment `fid`.
    pub(super) fn clear_groups(&mut self, fid: usize, from: usize) {
        let Some(fr) = self.st.frag_mut(fid) else {
            return;
        };
        let old = fr.groups.split_off(from.min(fr.groups.len()));
        for inst in old.into_iter().flatten() {
            self.st.teardown(self.doc, inst, true);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn refresh_for(
        &mut self,
        fid: usize,
        f: &ForNode,
        tpath: &[u32],
        vars: &Vars,
        shape: Shape,
        iters: Vec<Iteration>,
        stats: &mut PatchStats,
    ) {
        let Some(fr) = self.st.frag_mut(fid) else {
            return;
        };
        let parent = fr.parent;
        let start = match (&fr.shape, &shape) {
            // Same array: items still live at the same paths and update through their own
            // bindings; only a length change adds or removes items at the end.
            (Shape::Array { path: a, len: old }, Shape::Array { path: b, len: new }) if a == b => {
                let (old, new) = (*old, *new);
                fr.shape = shape;
                if old == new {
                    return;
                }
                if new < old {
                    self.clear_groups(fid, new);
                    stats.fragments_rebuilt += 1;
                    return;
                }
                old
            }
            (old, new) if old == new => return,
            _ => {
                fr.shape = shape;
                self.clear_groups(fid, 0);
                0
            }
        };
        stats.fragments_rebuilt += 1;
        let before = self.st.anchor_after(fid);
        self.build_items(fid, f, tpath, vars, iters, start, parent, before);
    }
}
