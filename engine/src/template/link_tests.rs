//! `<import>` / `<include>` / `<template>` compilation tests.
use std::collections::HashMap;

use super::*;

/// Files by package path.
pub(crate) struct Files(pub HashMap<String, String>);

impl Files {
    pub(crate) fn new(files: &[(&str, &str)]) -> Self {
        Files(
            files
                .iter()
                .map(|(p, s)| (p.to_string(), s.to_string()))
                .collect(),
        )
    }
}

impl TemplateLoader for Files {
    fn load(&self, path: &str) -> Option<String> {
        self.0.get(path).cloned()
    }
}

fn names(t: &Template, scope: usize) -> Vec<String> {
    let mut v: Vec<String> = t.scopes[scope].iter().map(|(n, _)| n.clone()).collect();
    v.sort();
    v.dedup();
    v
}

#[test]
fn resolves_relative_absolute_and_adds_extension() {
    assert_eq!(
        resolve_path("pages/a/index.wxml", "./b").as_deref(),
        Some("pages/a/b.wxml")
    );
    assert_eq!(
        resolve_path("pages/a/index.wxml", "../common/c.wxml").as_deref(),
        Some("pages/common/c.wxml")
    );
    assert_eq!(
        resolve_path("pages/a/index.wxml", "/common/d").as_deref(),
        Some("common/d.wxml")
    );
    assert_eq!(resolve_path("p.fxml", "x").as_deref(), Some("x.fxml"));
    assert_eq!(resolve_path("p.wxml", "../../x"), None);
}

#[test]
fn import_is_not_transitive() {
    let files = Files::new(&[
        ("a.wxml", r#"<template name="A"><text>a</text></template>"#),
        (
            "b.wxml",
            r#"<import src="a"/><template name="B"><template is="A"/></template>"#,
        ),
    ]);
    let c = compile_with(
        "c.wxml",
        r#"<import src="./b.wxml"/><template is="B"/>"#,
        &files,
    )
    .map(|c| c.template);
    let t = c.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(names(&t, 0), vec!["B"]);
    assert!(t.lookup(0, "A").is_none());
    // B's body still sees A, in B's own scope.
    let b = t
        .lookup(0, "B")
        .map(|d| d.nodes.clone())
        .unwrap_or_default();
    let TNode::Use(u) = &b[0] else {
        panic!("{b:?}")
    };
    assert!(t.lookup(u.scope, "A").is_some());
}

#[test]
fn local_definition_wins_over_imported() {
    let files = Files::new(&[(
        "a.wxml",
        r#"<template name="X"><text>imported</text></template>"#,
    )]);
    let t = compile_with(
        "p.wxml",
        r#"<import src="a"/><template name="X"><text>local</text></template>"#,
        &files,
    )
    .map(|c| c.template)
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(t.lookup(0, "X").map(|d| d.file.as_str()), Some("p.wxml"));
}

#[test]
fn include_copies_all_but_templates_and_wxs() {
    let files = Files::new(&[(
        "common/h.wxml",
        r#"<template name="T"><text/></template><wxs module="m">x</wxs><view>header</view>"#,
    )]);
    let t = compile_with(
        "pages/p.wxml",
        r#"<include src="/common/h"/><view>body</view>"#,
        &files,
    )
    .map(|c| c.template)
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(t.lookup(0, "T").is_none());
    let TNode::Group(g) = &t.nodes[0] else {
        panic!("{:?}", t.nodes)
    };
    assert_eq!(g.len(), 1);
    assert!(matches!(&g[0], TNode::Element(e) if e.tag == "view"));
}

#[test]
fn include_cycle_is_an_error_with_position() {
    let files = Files::new(&[
        ("a.wxml", "<view/>\n  <include src=\"b\"/>"),
        ("b.wxml", r#"<include src="a.wxml"/>"#),
    ]);
    let e = compile_with("a.wxml", "<view/>\n  <include src=\"b\"/>", &files)
        .err()
        .unwrap_or_else(|| panic!("no error"));
    assert_eq!((e.file.as_str(), e.line, e.col), ("b.wxml", 1, 1));
    assert!(e.message.contains("cycle"), "{e}");
}

#[test]
fn import_cycle_is_an_error() {
    let files = Files::new(&[
        ("a.wxml", r#"<import src="b"/>"#),
        ("b.wxml", r#"<import src="a"/>"#),
    ]);
    let e = compile_with("a.wxml", r#"<import src="b"/>"#, &files).err();
    assert!(e.is_some_and(|e| e.message.contains("cycle") && e.file == "b.wxml"));
}

#[test]
fn self_include_is_an_error() {
    let files = Files::new(&[]);
    let e = compile_with("a.wxml", r#"<include src="a"/>"#, &files).err();
    assert!(e.is_some_and(|e| e.message.contains("cycle")));
}

#[test]
fn without_loader_import_is_a_positioned_error() {
    let e = compile("p.wxml", "<view/>\n<import src=\"x\"/>").err();
    let e = e.unwrap_or_else(|| panic!("no error"));
    assert_eq!((e.line, e.col), (2, 1));
    assert!(e.message.starts_with("cannot load"), "{e}");
    let files = Files::new(&[]);
    let e = compile_with("p.wxml", "<include src='missing'/>", &files).err();
    assert!(e.is_some_and(|e| e.message.contains("cannot load `missing.wxml`")));
}

#[test]
fn error_inside_imported_file_names_that_file() {
    let files = Files::new(&[("lib/a.wxml", "<view>\n<text></view>")]);
    let e = compile_with("p.wxml", r#"<import src="lib/a"/>"#, &files).err();
    assert!(e.is_some_and(|e| e.file == "lib/a.wxml" && e.line == 2));
}

#[test]
fn template_data_with_implied_braces() {
    let t = compile("p.wxml", r#"<template is="x" data="{{...item, idx}}"/>"#)
        .map(|c| c.template)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(&t.nodes[0], TNode::Use(u)
        if matches!(u.data.as_ref().and_then(Interp::single_expr), Some(Expr::Object(p)) if p.len() == 2)));
}

#[test]
fn deep_nesting_through_includes_is_an_error() {
    // Each file nests 200 elements and includes the next: bounded across files.
    let deep = |next: &str| {
        format!(
            "{}<include src=\"{next}\"/>{}",
            "<view>".repeat(200),
            "</view>".repeat(200)
        )
    };
    let files = Files(HashMap::from([
        ("b.wxml".to_string(), deep("c")),
        ("c.wxml".to_string(), deep("d")),
        ("d.wxml".to_string(), "<text/>".to_string()),
    ]));
    let e = compile_with("a.wxml", &deep("b"), &files).err();
    assert!(e.is_some_and(|e| e.message.contains("nested deeper")));
}
