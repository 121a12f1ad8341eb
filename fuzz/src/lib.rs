//! The bodies of Mica's fuzz targets, one function per target, so the fuzzers
//! (`fuzz_targets/*.rs`) and the regression test that replays their inputs
//! (`engine/tests/it/fuzz_regressions.rs`, which includes this file by path) run exactly
//! the same code. Each function takes any string and must return without panicking.
#![forbid(unsafe_code)]

use std::sync::Arc;

use mica_engine::data::{self, Seg};
use mica_engine::package::keys::{self, SigningKey};
use mica_engine::package::{mpk, pack, Package, Trust};
use mica_engine::template::ir::{IR_MAGIC, IR_VERSION};
use mica_engine::template::{compile, parse_expr, LoopVar, Scope, Template, VarValue};
use mica_engine::view::View;
use mica_layout::{
    compute_layout, restyle, Document, FontStore, ParseOptions, StyleSet, Stylesheet,
};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// One fuzz target: its folder name under `seeds/` and `regressions/`, and its body.
pub type Target = (&'static str, fn(&[u8]));

/// The fuzz targets. Text targets drop input that is not UTF-8, as libFuzzer does for a
/// `&str` target.
pub const TARGETS: [Target; 6] = [
    ("template", |b| text(b, template)),
    ("expr", |b| text(b, expr)),
    ("stylesheet", |b| text(b, stylesheet)),
    ("data_path", |b| text(b, data_path)),
    ("package", package),
    ("template_ir", template_ir),
];

fn text(bytes: &[u8], target: fn(&str)) {
    if let Ok(src) = std::str::from_utf8(bytes) {
        target(src);
    }
}

/// The publisher key the `package` target's seeds are signed with (a fixed test seed).
pub const FUZZ_SIGNING_SEED: [u8; 32] = [7; 32];
/// The fleet key the `package` target's seeds are wrapped with.
pub const FUZZ_FLEET_KEY: [u8; 32] = [9; 32];

fn fuzz_trust() -> Trust {
    Trust {
        signers: vec![SigningKey::from_seed(FUZZ_SIGNING_SEED).public_key()],
        fleet_keys: vec![FUZZ_FLEET_KEY],
        ..Trust::default()
    }
}

/// A seed for the `package` target: `app_dir` packed with the fuzz keys in 1 KiB pages
/// (so files span several pages).
pub fn package_seed(app_dir: &std::path::Path) -> Result<Vec<u8>, String> {
    let mut options =
        pack::PackOptions::new(SigningKey::from_seed(FUZZ_SIGNING_SEED), FUZZ_FLEET_KEY);
    options.appid = Some("wxfuzz".into());
    options.page_size = Some(1024);
    pack::pack_dir(app_dir, &options)
        .map(|(bytes, _)| bytes)
        .map_err(|e| e.to_string())
}

/// The `.mpk` reader (`engine::package`): `mpk::inspect_bytes` (no keys), then
/// `Package::from_mpk_bytes` with the fuzz keys and, when it opens, every file read and
/// `app.json` parsed. Then the same input *re-signed*: its manifest's data digest is set
/// to the digest of the bytes that follow, the header's signer and lengths made to match,
/// and header and manifest signed with the fuzz key, so mutations of the manifest (paths,
/// sizes, offsets, tags, page size, versions) and of the data get past the signature
/// check and reach the file table validation, the page decryption and the page cache.
pub fn package(bytes: &[u8]) {
    let _ = mpk::inspect_bytes(bytes);
    let trust = fuzz_trust();
    read_package(bytes.to_vec(), &trust);
    if let Some(resigned) = resign(bytes) {
        read_package(resigned, &trust);
    }
}

fn read_package(bytes: Vec<u8>, trust: &Trust) {
    let Ok(pkg) = Package::from_mpk_bytes(bytes, trust) else {
        return;
    };
    let paths: Vec<String> = pkg
        .manifest()
        .map(|m| m.files.iter().map(|f| f.path.clone()).collect())
        .unwrap_or_default();
    for p in paths.iter().chain(paths.iter().rev()) {
        let _ = pkg.read(p);
    }
    let _ = pkg.app_config();
}

fn resign(bytes: &[u8]) -> Option<Vec<u8>> {
    let header = mpk::Header::parse(bytes.get(..mpk::HEADER_LEN)?).ok()?;
    let start = usize::try_from(header.manifest_start()).ok()?;
    let end = start.checked_add(usize::try_from(header.manifest_len).ok()?)?;
    let mut manifest = mpk::Manifest::from_bytes(bytes.get(start..end)?).ok()?;
    let data = bytes.get(end.checked_add(mpk::SIGNATURE_LEN)?..)?;
    manifest.data_sha256 = Sha256::digest(data).into();
    let manifest_bytes = manifest.to_bytes().ok()?;
    let signer = SigningKey::from_seed(FUZZ_SIGNING_SEED);
    let new_header = mpk::Header::new(
        u32::try_from(manifest_bytes.len()).ok()?,
        keys::key_id(&signer.public_key()),
        header.fleet_key_id,
        data.len() as u64,
    );
    let mut out = new_header.to_bytes().to_vec();
    out.extend_from_slice(&manifest_bytes);
    let signature = signer.sign(&out);
    out.extend_from_slice(&signature);
    out.extend_from_slice(data);
    Some(out)
}

/// WXML → `Template` IR (`template::compile`), then instantiation of the IR into a
/// document (`View::new`) and one `setData` patch over it (`View::apply_patch`). The
/// compiler promises never to panic on any input; the view must not either.
pub fn template(src: &str) {
    let Ok(compiled) = compile("fuzz.wxml", src) else {
        return;
    };
    instantiate(compiled.template);
}

/// Compiled templates (`Template::from_bytes`, what a package's `.mir` files go
/// through): the input as IR, and the input behind the IR magic and version so that
/// mutations reach the postcard body; whatever loads is instantiated and patched as in
/// `template`. If the input is WXML that compiles, its IR must load back equal.
pub fn template_ir(bytes: &[u8]) {
    if let Ok(t) = Template::from_bytes(bytes) {
        instantiate(t);
    }
    let mut framed = IR_MAGIC.to_vec();
    framed.extend_from_slice(&IR_VERSION.to_le_bytes());
    framed.extend_from_slice(bytes);
    if let Ok(t) = Template::from_bytes(&framed) {
        instantiate(t);
    }
    if let Ok(src) = std::str::from_utf8(bytes) {
        if let Ok(c) = compile("fuzz.wxml", src) {
            let back = Template::from_bytes(&c.template.to_bytes()).ok();
            assert!(
                back.as_ref() == Some(&c.template),
                "IR round trip changed the template"
            );
        }
    }
}

fn instantiate(template: Template) {
    let mut doc = Document::new();
    let root = doc.root();
    let mut view = View::new(Arc::new(template), page_data(), &mut doc, root);
    let changes: Vec<_> = [
        ("items[1].name", json!("Patched")),
        ("items[3]", json!({ "id": 4, "name": "New", "tags": [] })),
        ("count", json!(7)),
        ("flag", json!(false)),
        ("obj.a.b", json!("deep")),
    ]
    .into_iter()
    .filter_map(|(k, v)| data::parse_path(k).ok().map(|p| (p, v)))
    .collect();
    view.apply_patch(&mut doc, &changes);
}

/// Page data shaped like a real page's: scalars, a list of objects, nested objects and
/// arrays, so `wx:for`, `wx:if` and member access all have something to walk.
fn page_data() -> Value {
    json!({
        "title": "Hello, Mica",
        "count": 3,
        "flag": true,
        "empty": "",
        "nothing": null,
        "n": [1, 2, 3],
        "items": [
            { "id": 1, "name": "Apple", "desc": "Fruit", "tags": ["a", "b"] },
            { "id": 2, "name": "Banana", "desc": "", "tags": [] },
            { "id": 3, "name": "Cherry", "desc": "Red", "tags": [{ "t": 1 }] }
        ],
        "obj": { "a": { "b": "c", "list": [[1, 2], [3]] }, "k": "v" },
        "matrix": [[1, 2], [3, 4]],
        "style": "color: red; width: 10px"
    })
}

/// One `{{ }}` expression body (`template::parse_expr`), evaluated with JavaScript
/// semantics over page data, with and without loop variables (`Scope::eval`), then
/// converted every way the view converts results.
pub fn expr(src: &str) {
    let Ok(expr) = parse_expr(src) else {
        return;
    };
    let data = json!({
        "a": 1, "b": 2.5, "s": "str", "z": 0, "neg": -3, "big": 1e300,
        "t": true, "f": false, "nul": null, "e": "",
        "arr": [1, "two", [3], { "four": 4 }],
        "obj": { "x": { "y": [10, 20] }, "k": "v", "0": "zero" },
        "items": [{ "id": 1, "name": "n1" }, { "id": 2, "name": "n2" }]
    });
    let vars = [
        LoopVar {
            name: "item".into(),
            value: VarValue::Path(vec![Seg::Key("items".into()), Seg::Index(1)]),
        },
        LoopVar {
            name: "index".into(),
            value: VarValue::Value(json!(1)),
        },
    ];
    for scope in [Scope::new(&data), Scope::new(&data).with_vars(&vars)] {
        let mut reads = Vec::new();
        let v = scope.eval(&expr, &mut reads);
        let _ = v.to_display();
        let _ = v.to_js_string();
        let _ = v.to_number();
        let _ = v.truthy();
        let _ = v.into_json();
    }
}

/// WXSS (`Stylesheet::parse`), the cascade (`restyle`) and layout (`compute_layout`, a
/// paragraph of runs and an inline block included) over a small document. The input's
/// first line is also the inline `style` of one element, so the declaration-list parser
/// sees the same bytes.
pub fn stylesheet(src: &str) {
    let (sheet, _warnings) = Stylesheet::parse(src, "fuzz.wxss", ParseOptions::default());
    let mut styles = StyleSet::new();
    styles.push(sheet);

    let inline = src.lines().next().unwrap_or("");
    let mut doc = Document::new();
    let root = doc.root();
    let page = doc.create_element("page");
    doc.append_child(root, page);
    let card = doc.create_element("view");
    doc.set_attr(card, "class", "card header");
    doc.set_attr(card, "id", "main");
    doc.append_child(page, card);
    let item = doc.create_element("view");
    doc.set_attr(item, "class", "item even active");
    doc.set_attr(item, "style", inline);
    doc.append_child(card, item);
    let text = doc.create_element("text");
    doc.set_attr(text, "class", "title muted");
    doc.set_attr(text, "hidden", "false");
    doc.append_child(item, text);
    let words = doc.create_text("Hello 你好");
    doc.append_child(text, words);
    // A paragraph: a second run and an inline block after the first (the `inline` layout).
    let sub = doc.create_element("text");
    doc.set_attr(sub, "class", "sub badge");
    doc.append_child(item, sub);
    let more = doc.create_text(" world\tand   more words 世界");
    doc.append_child(sub, more);
    let chip = doc.create_element("view");
    doc.set_attr(chip, "class", "chip tag");
    doc.append_child(item, chip);
    let label = doc.create_text("new");
    doc.append_child(chip, label);
    // Text beside the block children of the card: a paragraph with block lines, and an
    // empty block whose margins collapse through it.
    let caption = doc.create_text("Card caption ");
    doc.insert_before(card, caption, Some(item));
    let spacer = doc.create_element("view");
    doc.set_attr(spacer, "class", "spacer gap");
    doc.append_child(card, spacer);
    let button = doc.create_element("button");
    doc.set_attr(button, "id", "counter");
    doc.set_attr(button, "class", "counter");
    doc.append_child(card, button);

    static FONTS: std::sync::OnceLock<FontStore> = std::sync::OnceLock::new();
    let fonts = FONTS.get_or_init(FontStore::bundled);
    restyle(&mut doc, &styles, (375.0, 667.0));
    compute_layout(&mut doc, fonts, (375.0, 667.0));
    // Again at another viewport after a class change: rpx/vw and the incremental paths.
    doc.set_attr(item, "class", "item odd");
    restyle(&mut doc, &styles, (1920.0, 1080.0));
    compute_layout(&mut doc, fonts, (1920.0, 1080.0));
}

/// `setData` keys (`data::parse_path`), writing through them (`data::set`), reading back
/// (`data::get`) and printing (`data::path_to_string`). The input is `key` or
/// `key\0json`: valid JSON after the first NUL is the starting data, so `set` also meets
/// scalars and arrays in the way.
pub fn data_path(input: &str) {
    let (key, start) = input.split_once('\0').unwrap_or((input, ""));
    let Ok(path) = data::parse_path(key) else {
        return;
    };
    let mut root = serde_json::from_str(start).unwrap_or_else(
        |_| json!({ "a": { "b": [1, 2, { "c": 3 }] }, "list": [null, "x"], "s": "scalar" }),
    );
    data::set(&mut root, &path, json!({ "v": 1 }));
    let _ = data::get(&root, &path);
    let printed = data::path_to_string(&path);
    if let Ok(again) = data::parse_path(&printed) {
        let _ = data::affects(&path, &again);
    }
}
