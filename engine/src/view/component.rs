//! Custom components on the view side (WeChat, framework › 自定义组件).
//!
//! A tag named in the page's (or the enclosing component's) `usingComponents` becomes a
//! *host* element: its attributes are evaluated in the enclosing template's data as
//! usual, those that name a declared property (`my-prop` or `myProp` for `myProp`)
//! become the component's property values, and the component's own template is
//! instantiated under the host by a [`View`] of its own, with the component's data.
//! That view is kept by the enclosing view (in its state, by host node), so a
//! component's nodes go when its host goes, and a patch for the component (its
//! `setData`) re-evaluates only its own bindings.
//!
//! **Slots.** The host's children are built by the enclosing view, in its data, and
//! placed in the component's `<slot>` elements: by their `slot` attribute when the
//! component declares `multipleSlots`, else all in the default (unnamed) slot. Content
//! with no slot to go to is kept off the document. The layout gives `slot` `display:
//! contents`, so the slot adds no box of its own. When the component rebuilds the part of
//! its template holding a slot, the slot's content is taken out first and placed again
//! (see [`super::State::project`]).
//!
//! **Styles.** A component's stylesheet is rewritten so it applies to the component's
//! own nodes only: each class `a` becomes `<prefix>a`, and the component's nodes carry the
//! prefixed names (and, with `apply-shared` or `shared` isolation, the plain ones too, so
//! the page's rules reach them). A compound with no class gets the prefix itself as a
//! class, which every node of the component carries. `:host` becomes the class
//! `<prefix>:host`, which the host carries. `externalClasses` are replaced by the classes
//! the host's attribute names, in the enclosing scope.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use serde_json::{Map, Value};

use crate::template::Template;

/// How a component's styles and the styles outside it meet (`options.styleIsolation`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Isolation {
    /// Neither side's classes reach the other (WeChat's default).
    #[default]
    Isolated,
    /// The page's (and app's) classes reach into the component; the component's stay in.
    ApplyShared,
    /// Both ways: the component's rules apply to the page too.
    Shared,
}

impl Isolation {
    /// From WeChat's option string; `None` for anything else.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "isolated" => Some(Isolation::Isolated),
            "apply-shared" => Some(Isolation::ApplyShared),
            "shared" => Some(Isolation::Shared),
            _ => None,
        }
    }
}

/// One declared property.
#[derive(Clone, Debug, PartialEq)]
pub struct Property {
    /// Its name (`myProp`).
    pub name: String,
    /// Its type's name (`String`, `Number`, `Boolean`, `Object`, `Array`), `None` for any.
    pub ty: Option<String>,
    /// The default value.
    pub default: Value,
}

/// What `Component({...})` declared, as the logic thread reports it to the view.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ComponentMeta {
    /// Properties in declaration order.
    pub properties: Vec<Property>,
    /// The `data` object (as JSON).
    pub data: Map<String, Value>,
    /// `externalClasses`: attribute names whose classes come from outside.
    pub external_classes: Vec<String>,
    /// `options.styleIsolation` (or `addGlobalClass: true`, which is `apply-shared`);
    /// `None` when the script does not say (the component's `.json` may).
    pub isolation: Option<Isolation>,
    /// `options.multipleSlots`: named slots are used.
    pub multiple_slots: bool,
}

impl ComponentMeta {
    /// From the logic thread's JSON (`{properties: [{name, type, value}], data,
    /// externalClasses, styleIsolation, multipleSlots}`); missing or mistyped fields
    /// are left at their defaults.
    pub fn from_json(v: &Value) -> Self {
        let properties = v
            .get("properties")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(|p| {
                        Some(Property {
                            name: p.get("name")?.as_str()?.to_string(),
                            ty: p.get("type").and_then(Value::as_str).map(str::to_string),
                            default: p.get("value").cloned().unwrap_or(Value::Null),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        let data = v
            .get("data")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let external_classes = v
            .get("externalClasses")
            .and_then(Value::as_array)
            .map(|l| {
                l.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        ComponentMeta {
            properties,
            data,
            external_classes,
            isolation: v
                .get("styleIsolation")
                .and_then(Value::as_str)
                .and_then(Isolation::parse),
            multiple_slots: v
                .get("multipleSlots")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        }
    }

    /// The property an attribute sets: `my-prop` and `myProp` both set `myProp`.
    pub fn property(&self, attr: &str) -> Option<&Property> {
        let camel = camel_case(attr);
        self.properties
            .iter()
            .find(|p| p.name == attr || p.name == camel)
    }

    /// The data a new instance starts with: `data`, each property's default, then the
    /// values the host gave (already converted to the properties' types).
    pub fn initial_data(&self, props: &Map<String, Value>) -> Value {
        let mut data = self.data.clone();
        for p in &self.properties {
            let v = props
                .get(&p.name)
                .cloned()
                .unwrap_or_else(|| p.default.clone());
            data.insert(p.name.clone(), v);
        }
        Value::Object(data)
    }
}

/// `my-prop` → `myProp`.
pub fn camel_case(attr: &str) -> String {
    let mut out = String::with_capacity(attr.len());
    let mut upper = false;
    for c in attr.chars() {
        if c == '-' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// A value given to a property, converted to its type as WeChat does: a `Number`
/// property given `"3"` gets 3, a `String` one given 3 gets `"3"`, a `Boolean` one
/// gets the value's truthiness; `null` gives the default.
pub fn coerce(p: &Property, v: Value) -> Value {
    if v.is_null() {
        return p.default.clone();
    }
    match (p.ty.as_deref(), v) {
        (Some("Number"), Value::String(s)) => {
            let n = s.trim().parse::<f64>().unwrap_or(0.0);
            serde_json::Number::from_f64(n).map_or(Value::from(0), Value::Number)
        }
        (Some("Number"), Value::Bool(b)) => Value::from(u8::from(b)),
        (Some("String"), Value::Number(n)) => Value::String(n.to_string()),
        (Some("String"), Value::Bool(b)) => Value::String(b.to_string()),
        (Some("Boolean"), v) => Value::Bool(match v {
            Value::Bool(b) => b,
            Value::String(s) => !s.is_empty(),
            Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0 && !f.is_nan()),
            _ => true,
        }),
        (_, v) => v,
    }
}

/// One component definition, as the views of a page use it.
#[derive(Debug)]
pub struct ComponentDef {
    /// Its package path without extension (`components/card/card`).
    pub path: String,
    /// Its compiled template.
    pub template: Arc<Template>,
    /// Its own `usingComponents`: tag → component path.
    pub using: HashMap<String, String>,
    /// The class prefix that scopes its styles.
    pub prefix: String,
    /// How its styles meet the page's.
    pub isolation: Isolation,
    /// What its script declared.
    pub meta: ComponentMeta,
    /// Its `<wxs>` modules' context, made by the first instance and shared.
    pub wxs: std::cell::OnceCell<Option<std::rc::Rc<crate::script::wxs::WxsRuntime>>>,
}

/// What a page's view needs to build custom components: the page's `usingComponents`
/// and every definition reachable from it.
#[derive(Debug, Default)]
pub struct Components {
    /// The page's tags (with `app.json`'s global ones): tag → component path.
    pub page_using: HashMap<String, String>,
    /// Definitions by path.
    pub defs: HashMap<String, std::rc::Rc<ComponentDef>>,
    /// Instance ids, shared by every page of a runtime.
    next_id: Arc<AtomicU32>,
}

/// The first component instance id; page ids stay below it.
pub const FIRST_INSTANCE_ID: u32 = 1 << 24;

impl Components {
    /// The components of one page; `ids` hands out instance ids (one counter per runtime,
    /// starting at [`FIRST_INSTANCE_ID`]).
    pub fn new(
        page_using: HashMap<String, String>,
        defs: HashMap<String, std::rc::Rc<ComponentDef>>,
        ids: Arc<AtomicU32>,
    ) -> Self {
        Components {
            page_using,
            defs,
            next_id: ids,
        }
    }

    /// A counter for [`Components::new`].
    pub fn id_counter() -> Arc<AtomicU32> {
        Arc::new(AtomicU32::new(FIRST_INSTANCE_ID))
    }

    pub(super) fn next_id(&self) -> u32 {
        self.next_id.fetch_add(1, Ordering::Relaxed)
    }
}

/// A component instance the view created: the logic thread makes its JS instance and
/// runs `created`, `attached` and `ready`.
#[derive(Clone, Debug, PartialEq)]
pub struct Created {
    /// The instance id (patches and events name it).
    pub id: u32,
    /// The component's path.
    pub path: String,
    /// The host's tag (`my-card`).
    pub tag: String,
    /// The instance whose template holds the host: `None` for the page.
    pub owner: Option<u32>,
    /// Property values the host gave, converted to their types.
    pub props: Map<String, Value>,
    /// The host's `id` attribute.
    pub host_id: String,
    /// The host's classes as written (for `selectComponent('.a')`).
    pub classes: Vec<String>,
    /// The host's `data-*` values.
    pub dataset: Map<String, Value>,
}

/// What happened to component instances since the view was last asked.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ComponentEvents {
    /// New instances, enclosing ones first.
    pub created: Vec<Created>,
    /// Instances whose host went.
    pub detached: Vec<u32>,
    /// Property values the enclosing data changed: (instance, {property: value}).
    pub props: Vec<(u32, Map<String, Value>)>,
}

impl ComponentEvents {
    /// True when nothing happened.
    pub fn is_empty(&self) -> bool {
        self.created.is_empty() && self.detached.is_empty() && self.props.is_empty()
    }

    pub(super) fn append(&mut self, other: ComponentEvents) {
        self.created.extend(other.created);
        self.detached.extend(other.detached);
        for (id, m) in other.props {
            self.push_props(id, m);
        }
    }

    /// Leaves out the instances both created and detached since the last call: a
    /// component passing through an in-between state within one patch (several host
    /// properties applied one at a time) never reaches the script.
    pub(super) fn drop_passing(&mut self) {
        let created: std::collections::HashSet<u32> = self.created.iter().map(|c| c.id).collect();
        let passing: std::collections::HashSet<u32> = self
            .detached
            .iter()
            .copied()
            .filter(|id| created.contains(id))
            .collect();
        if passing.is_empty() {
            return;
        }
        self.created.retain(|c| !passing.contains(&c.id));
        self.detached.retain(|id| !passing.contains(id));
        self.props.retain(|(id, _)| !passing.contains(id));
    }

    pub(super) fn push_props(&mut self, id: u32, m: Map<String, Value>) {
        match self.props.iter_mut().find(|(i, _)| *i == id) {
            Some((_, have)) => have.extend(m),
            None => self.props.push((id, m)),
        }
    }
}

/// How one view writes class names: the page's as written, a component's scoped.
#[derive(Clone, Debug, Default)]
pub(super) struct ClassScope {
    /// The component's prefix; `None` for the page.
    pub prefix: Option<String>,
    /// Keep the plain names too (`apply-shared`, `shared`).
    pub keep_plain: bool,
    /// External classes: name → the classes the host gave.
    pub external: HashMap<String, Vec<String>>,
}

impl ClassScope {
    /// True when attribute `name` holds class names (`class`, `hover-class`, ...).
    pub fn is_class_attr(name: &str) -> bool {
        name == "class" || name.ends_with("-class")
    }

    /// The value to store for attribute `name`: class lists are scoped.
    pub fn map(&self, name: &str, value: &str) -> Option<String> {
        let prefix = self.prefix.as_deref()?;
        if !Self::is_class_attr(name) {
            return None;
        }
        let mut out: Vec<String> = Vec::new();
        for c in value.split_ascii_whitespace() {
            if let Some(ext) = self.external.get(c) {
                out.extend(ext.iter().cloned());
                continue;
            }
            out.push(format!("{prefix}{c}"));
            if self.keep_plain {
                out.push(c.to_string());
            }
        }
        if name == "class" {
            out.push(prefix.to_string());
        }
        Some(out.join(" "))
    }

    /// The class every node of a component carries (its prefix), if this is one.
    pub fn marker(&self) -> Option<&str> {
        self.prefix.as_deref()
    }
}

/// The class a component's host carries for its `:host` rules.
pub fn host_class(prefix: &str) -> String {
    format!("{prefix}:host")
}

/// Rewrites a component's stylesheet so its rules reach only its own nodes (see the
/// module docs). With `shared` isolation the rules are kept as written as well.
pub fn scope_stylesheet(
    sheet: &mica_layout::Stylesheet,
    prefix: &str,
    isolation: Isolation,
) -> mica_layout::Stylesheet {
    let mut out = sheet.clone();
    for rule in &mut out.rules {
        let mut extra = Vec::new();
        for sel in &mut rule.selectors {
            if isolation == Isolation::Shared {
                extra.push(sel.clone());
            }
            // A compound with no class of its own gets the marker; classes are scoped
            // everywhere, inside `:not()` too.
            let bare: Vec<bool> = sel
                .compounds
                .iter()
                .map(|c| {
                    c.classes
                        .iter()
                        .all(|k| k == mica_layout::FOCUS_STATE_CLASS)
                })
                .collect();
            sel.visit_compounds_mut(&mut |c| {
                for k in &mut c.classes {
                    if k == mica_layout::HOST_CLASS {
                        *k = host_class(prefix);
                    } else if k != mica_layout::FOCUS_STATE_CLASS {
                        *k = format!("{prefix}{k}");
                    }
                }
            });
            for (c, bare) in sel.compounds.iter_mut().zip(bare) {
                if bare {
                    c.classes.push(prefix.to_string());
                }
            }
        }
        rule.selectors.extend(extra);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn attributes_name_properties_in_either_case() {
        let m = ComponentMeta::from_json(&json!({
            "properties": [{"name": "itemTitle", "type": "String", "value": ""}]
        }));
        assert_eq!(
            m.property("item-title").map(|p| p.name.as_str()),
            Some("itemTitle")
        );
        assert_eq!(
            m.property("itemTitle").map(|p| p.name.as_str()),
            Some("itemTitle")
        );
        assert!(m.property("title").is_none());
    }

    #[test]
    fn values_take_the_property_type() {
        let p = |ty: &str, default: Value| Property {
            name: "p".into(),
            ty: Some(ty.into()),
            default,
        };
        assert_eq!(coerce(&p("Number", json!(0)), json!("3.5")), json!(3.5));
        assert_eq!(coerce(&p("String", json!("")), json!(7)), json!("7"));
        assert_eq!(coerce(&p("Boolean", json!(false)), json!("")), json!(false));
        assert_eq!(coerce(&p("Boolean", json!(false)), json!("x")), json!(true));
        assert_eq!(coerce(&p("Array", json!([1])), Value::Null), json!([1]));
    }

    #[test]
    fn classes_are_scoped_and_external_ones_mapped() {
        let mut s = ClassScope {
            prefix: Some("c1~".into()),
            ..ClassScope::default()
        };
        s.external.insert("custom-class".into(), vec!["red".into()]);
        assert_eq!(
            s.map("class", "a custom-class").as_deref(),
            Some("c1~a red c1~")
        );
        assert_eq!(s.map("hover-class", "h").as_deref(), Some("c1~h"));
        assert_eq!(s.map("id", "x"), None);
        s.keep_plain = true;
        assert_eq!(s.map("class", "a").as_deref(), Some("c1~a a c1~"));
        assert_eq!(ClassScope::default().map("class", "a"), None);
    }
}
