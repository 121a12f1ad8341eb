//! `--dump`: the document as JSON, for tests and for people debugging a page.

use mica_layout::{Document, NodeId, NodeKind};
use serde_json::{json, Map, Value};

/// The tree under `node`: tag, id, classes, text and layout box of every node.
pub fn tree(doc: &Document, node: NodeId) -> Value {
    let n = doc.node(node);
    let mut obj = Map::new();
    obj.insert("tag".into(), json!(n.tag));
    if let Some(id) = n.id_attr() {
        obj.insert("id".into(), json!(id));
    }
    if !n.classes.is_empty() {
        obj.insert("class".into(), json!(n.classes));
    }
    if n.kind == NodeKind::Text {
        obj.insert("text".into(), json!(n.text));
    }
    let r = n.rect;
    obj.insert(
        "box".into(),
        json!({ "x": r.x, "y": r.y, "width": r.width, "height": r.height }),
    );
    if n.style.hidden {
        obj.insert("hidden".into(), json!(true));
    }
    if !n.children.is_empty() {
        let children: Vec<Value> = n.children.iter().map(|c| tree(doc, *c)).collect();
        obj.insert("children".into(), Value::Array(children));
    }
    Value::Object(obj)
}
