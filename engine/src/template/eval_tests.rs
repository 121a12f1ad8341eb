//! Evaluator tests: JS semantics, number formatting and read-path recording.
use super::*;
use crate::data::parse_path;
use serde_json::json;

fn ev_in(src: &str, data: &Value) -> Value {
    let Ok(e) = super::super::expr::parse(src) else {
        return json!("PARSE ERROR");
    };
    Scope::new(data).eval(&e, &mut Vec::new()).into_json()
}

fn ev(src: &str) -> Value {
    ev_in(
        src,
        &json!({"a": 1, "s": "x", "list": [1, 2, 3], "o": {"k": "v", "n": null}, "i": 1}),
    )
}

fn text(src: &str) -> String {
    let data = json!({"o": {}, "arr": [1, null, "b"], "n": null});
    match super::super::expr::parse(src) {
        Ok(e) => Scope::new(&data).eval(&e, &mut Vec::new()).to_display(),
        Err(_) => "PARSE ERROR".into(),
    }
}

fn reads(src: &str, data: &Value, vars: &[LoopVar]) -> Vec<String> {
    let Ok(e) = super::super::expr::parse(src) else {
        return vec!["PARSE ERROR".into()];
    };
    let mut r = Vec::new();
    Scope::new(data).with_vars(vars).eval(&e, &mut r);
    r.iter().map(|p| crate::data::path_to_string(p)).collect()
}

#[test]
fn arithmetic_and_precedence() {
    assert_eq!(ev("1 + 2 * 3"), json!(7));
    assert_eq!(ev("(1 + 2) * 3"), json!(9));
    assert_eq!(ev("7 % 4 - 1"), json!(2));
    assert_eq!(ev("-a + +'2'"), json!(1));
    assert_eq!(ev("10 / 4"), json!(2.5));
}

#[test]
fn string_concatenation_follows_js() {
    assert_eq!(ev("'a' + 1"), json!("a1"));
    assert_eq!(ev("1 + 2 + 'a'"), json!("3a"));
    assert_eq!(ev("'a' + 1 + 2"), json!("a12"));
    assert_eq!(
        ev("s + null + undefined + true"),
        json!("xnullundefinedtrue")
    );
    assert_eq!(ev("'' + list"), json!("1,2,3"));
    assert_eq!(ev("'' + o"), json!("[object Object]"));
    assert_eq!(ev("1 + true"), json!(2));
    assert_eq!(ev("'3' - 1"), json!(2));
}

#[test]
fn js_number_formatting() {
    assert_eq!(number_to_string(1.0), "1");
    assert_eq!(number_to_string(0.1 + 0.2), "0.30000000000000004");
    assert_eq!(number_to_string(-2.5), "-2.5");
    assert_eq!(number_to_string(1e21), "1e+21");
    assert_eq!(
        number_to_string(123456789012345680000.0),
        "123456789012345680000"
    );
    assert_eq!(number_to_string(1e-7), "1e-7");
    assert_eq!(number_to_string(0.000001), "0.000001");
    assert_eq!(number_to_string(1.5e-10), "1.5e-10");
    assert_eq!(number_to_string(-0.0), "0");
    assert_eq!(ev("'' + 1.0"), json!("1"));
    assert_eq!(ev("'' + 0.1 * 3"), json!("0.30000000000000004"));
}

#[test]
fn division_by_zero_and_nan() {
    assert_eq!(text("1 / 0"), "Infinity");
    assert_eq!(text("-1 / 0"), "-Infinity");
    assert_eq!(text("0 / 0"), "NaN");
    assert_eq!(text("'x' * 2"), "NaN");
    assert_eq!(ev("1 / 0"), Value::Null);
}

#[test]
fn display_of_special_values() {
    assert_eq!(text("undefined"), "");
    assert_eq!(text("n"), "");
    assert_eq!(text("missing.deep"), "");
    assert_eq!(text("o"), "[object Object]");
    assert_eq!(text("arr"), "1,,b");
    assert_eq!(text("true"), "true");
}

#[test]
fn logical_operators_return_operands() {
    assert_eq!(ev("0 || 'b'"), json!("b"));
    assert_eq!(ev("'a' || 'b'"), json!("a"));
    assert_eq!(ev("'' && 'b'"), json!(""));
    assert_eq!(ev("1 && 'b'"), json!("b"));
    assert_eq!(ev("!list"), json!(false));
    assert_eq!(ev("!!''"), json!(false));
    assert_eq!(ev("missing || 'dflt'"), json!("dflt"));
}

#[test]
fn ternary_and_comparisons() {
    assert_eq!(ev("a > 0 ? 'pos' : 'neg'"), json!("pos"));
    assert_eq!(ev("a >= 1 && a <= 1"), json!(true));
    assert_eq!(ev("'10' < '9'"), json!(true));
    assert_eq!(ev("'10' < 9"), json!(false));
    assert_eq!(ev("null == undefined"), json!(true));
    assert_eq!(ev("null === undefined"), json!(false));
    assert_eq!(ev("'1' == 1"), json!(true));
    assert_eq!(ev("'1' === 1"), json!(false));
    assert_eq!(ev("0 == false"), json!(true));
    assert_eq!(ev("1 !== 1.0"), json!(false));
    assert_eq!(ev("null == 0"), json!(false));
    assert_eq!(ev("s != 'x'"), json!(false));
    assert_eq!(ev("(0/0) == (0/0)"), json!(false));
}

#[test]
fn paths_and_length() {
    assert_eq!(ev("o.k"), json!("v"));
    assert_eq!(ev("o['k']"), json!("v"));
    assert_eq!(ev("list[i]"), json!(2));
    assert_eq!(ev("list[i + 1]"), json!(3));
    assert_eq!(ev("list.length"), json!(3));
    assert_eq!(ev("s.length"), json!(1));
    assert_eq!(ev("s[0]"), json!("x"));
    assert_eq!(ev("list[9]"), Value::Null);
    assert_eq!(ev("missing.a.b"), Value::Null);
    assert_eq!(ev("[1, a, 'z'][1]"), json!(1));
}

#[test]
fn array_and_object_literals_with_spread() {
    assert_eq!(ev("[a, 2, s]"), json!([1, 2, "x"]));
    assert_eq!(ev("{x: a, s}"), json!({"x": 1, "s": "x"}));
    assert_eq!(ev("{...o, k: 2, z: 3}"), json!({"k": 2, "n": null, "z": 3}));
    assert_eq!(ev("{k: 0, ...o}"), json!({"k": "v", "n": null}));
}

#[test]
fn calls_without_a_wxs_module_are_undefined_but_record_reads() {
    let data = json!({"x": 1});
    assert_eq!(reads("util.fmt(x)", &data, &[]), vec!["x"]);
    assert_eq!(ev_in("util.fmt(x)", &data), Value::Null);
}

#[test]
fn read_paths_are_the_longest_static_paths() {
    let data = json!({"a": {"b": [{"c": 1}]}, "i": 0});
    assert_eq!(reads("a.b[0].c", &data, &[]), vec!["a.b[0].c"]);
    assert_eq!(reads("a['b']", &data, &[]), vec!["a.b"]);
    assert_eq!(reads("a.b[i].c", &data, &[]), vec!["i", "a.b[0].c"]);
    assert_eq!(reads("a.b.length", &data, &[]), vec!["a.b"]);
    assert_eq!(reads("x ? a : i", &data, &[]), vec!["x", "i"]);
    assert_eq!(reads("1 + 2", &data, &[]), Vec::<String>::new());
}

#[test]
fn loop_variables_read_through_their_paths() {
    let data = json!({"list": [{"title": "a"}, {"title": "b"}, {"title": "c"}, {"title": "d"}]});
    let vars = vec![
        LoopVar {
            name: "item".into(),
            value: VarValue::Path(parse_path("list[3]").unwrap_or_default()),
        },
        LoopVar {
            name: "index".into(),
            value: VarValue::Value(json!(3)),
        },
    ];
    assert_eq!(reads("item.title", &data, &vars), vec!["list[3].title"]);
    assert_eq!(reads("index + 1", &data, &vars), Vec::<String>::new());
    let e = super::super::expr::parse("item.title + index").ok();
    let v = e.map(|e| {
        Scope::new(&data)
            .with_vars(&vars)
            .eval(&e, &mut Vec::new())
            .into_json()
    });
    assert_eq!(v, Some(json!("d3")));
}

#[test]
fn string_to_number_rules() {
    assert_eq!(string_to_number(" 12 "), 12.0);
    assert_eq!(string_to_number(""), 0.0);
    assert_eq!(string_to_number("0x10"), 16.0);
    assert!(string_to_number("inf").is_nan());
    assert!(string_to_number("1a").is_nan());
    assert_eq!(string_to_number("-Infinity"), f64::NEG_INFINITY);
}
