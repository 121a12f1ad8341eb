//! JSON on the logic thread without JSON text in between.
//!
//! `setData` sends its values to the view as [`serde_json::Value`] and keeps a deep copy
//! in `this.data`, both as `JSON.parse(JSON.stringify(v))` would make them. Through JSON
//! text that cost most of a big `setData` (issue #6: boa's `JSON.stringify` copies each
//! level's text into the level above, serde then parses the text, and
//! `JsValue::from_json` builds the copy from the parse); here one walk over the JS value
//! feeds both, sharing the strings. The same walk writing text is `JSON.stringify` for
//! the usual call (no replacer, no indentation); other calls go to boa's.
//!
//! The walk is ECMA-262's SerializeJSONProperty, SerializeJSONObject and
//! SerializeJSONArray (§25.5.2): `toJSON` honoured, `Number`/`String`/`Boolean`/`BigInt`
//! objects unwrapped, functions, symbols and `undefined` dropped (`null` in arrays),
//! non-finite numbers `null`, BigInts and cycles a `TypeError`. Own enumerable keys of
//! ordinary objects are read directly; exotic objects (proxies, typed arrays) go through
//! the built-in `Object.keys` and `Array.isArray` as the algorithm's abstract operations
//! would. [`install`] runs before any app code; `setData` calls [`to_value_and_copy`].

use boa_engine::builtins::object::OrdinaryObject;
use boa_engine::object::builtins::JsArray;
use boa_engine::object::FunctionObjectBuilder;
use boa_engine::property::{PropertyDescriptor, PropertyKey};
use boa_engine::string::{JsStr, JsStrVariant};
use boa_engine::{
    js_string, Context, JsArgs, JsBigInt, JsNativeError, JsObject, JsResult, JsString, JsValue,
    JsVariant,
};
use serde_json::{Map, Number, Value};

/// How deeply a value may nest. Deeper is a `RangeError` rather than a stack overflow
/// (every level is a few Rust frames; the logic thread's stack has room for many more).
const MAX_DEPTH: usize = 5_000;

/// The built-ins the walk falls back to, taken before any app code runs so that an app
/// replacing `Object.keys` cannot change what `setData` sends.
#[derive(Debug, Clone)]
pub(super) struct Builtins {
    /// boa's `JSON.stringify`, for calls with a replacer or an indentation.
    stringify: JsObject,
    /// `Object.keys`: EnumerableOwnPropertyNames of exotic objects.
    keys: JsObject,
    /// `Array.isArray`: IsArray of exotic objects (a proxy of an array).
    is_array: JsObject,
    /// `JSON.isRawJSON`, where boa has it.
    is_raw_json: Option<JsObject>,
}

impl Builtins {
    /// Reads the built-ins from `ctx`'s global object.
    fn capture(ctx: &mut Context) -> JsResult<Builtins> {
        let global = ctx.global_object();
        let function = |obj: &JsValue, name: &str, ctx: &mut Context| -> JsResult<JsObject> {
            let f = match obj.as_object() {
                Some(obj) => obj.get(JsString::from(name), ctx)?,
                None => JsValue::undefined(),
            };
            f.as_callable().ok_or_else(|| {
                JsNativeError::typ()
                    .with_message(format!("built-in {name} missing"))
                    .into()
            })
        };
        let json = global.get(js_string!("JSON"), ctx)?;
        let object = global.get(js_string!("Object"), ctx)?;
        let array = global.get(js_string!("Array"), ctx)?;
        Ok(Builtins {
            stringify: function(&json, "stringify", ctx)?,
            keys: function(&object, "keys", ctx)?,
            is_array: function(&array, "isArray", ctx)?,
            is_raw_json: function(&json, "isRawJSON", ctx).ok(),
        })
    }
}

/// Takes the built-ins and replaces `JSON.stringify` with the walk below. Call before
/// any app code; [`teardown`] before the context goes.
pub(super) fn install(ctx: &mut Context) -> JsResult<()> {
    let builtins = Builtins::capture(ctx)?;
    ctx.insert_data(builtins);
    let f = FunctionObjectBuilder::new(ctx.realm(), super::watchdog::guarded(stringify))
        .name(js_string!("stringify"))
        .length(3)
        .build();
    let json = ctx.global_object().get(js_string!("JSON"), ctx)?;
    if let Some(json) = json.as_object() {
        // `set` keeps the property's attributes (writable, configurable, not enumerable).
        json.set(js_string!("stringify"), f, true, ctx)?;
    }
    Ok(())
}

/// Drops the JS objects kept on the context.
pub(super) fn teardown(ctx: &mut Context) {
    drop(ctx.remove_data::<Builtins>());
}

fn builtins(ctx: &Context) -> JsResult<Builtins> {
    ctx.get_data::<Builtins>().cloned().ok_or_else(|| {
        JsNativeError::typ()
            .with_message("JSON built-ins missing")
            .into()
    })
}

/// `JSON.stringify(value, replacer, space)`: the walk for the usual call, boa's for a
/// replacer or an indentation.
fn stringify(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let builtins = builtins(ctx)?;
    if !args.get_or_undefined(1).is_null_or_undefined()
        || !args.get_or_undefined(2).is_null_or_undefined()
    {
        return builtins.stringify.call(&JsValue::undefined(), args, ctx);
    }
    Ok(to_text(ctx, &builtins, args.get_or_undefined(0))?
        .map_or_else(JsValue::undefined, JsValue::from))
}

/// `JSON.stringify(value)`; `None` where it returns `undefined`.
fn to_text(ctx: &mut Context, builtins: &Builtins, value: &JsValue) -> JsResult<Option<JsString>> {
    let mut walk = Walk::new(Text::default(), builtins);
    Ok(walk.top(value, ctx)?.then(|| walk.sink.build()))
}

/// `value` as `JSON.parse(JSON.stringify(value))` would make it, as data; `None` where
/// `JSON.stringify` returns `undefined`. A context without [`install`] (the WXS one)
/// gets boa's plain conversion.
pub(super) fn to_value(ctx: &mut Context, value: &JsValue) -> JsResult<Option<Value>> {
    let Ok(builtins) = builtins(ctx) else {
        return value.to_json(ctx);
    };
    let mut walk = Walk::new(Tree::default(), &builtins);
    let written = walk.top(value, ctx)?;
    Ok(if written { walk.sink.out } else { None })
}

/// [`to_value`], and the same value as a fresh JS value (`setData`'s copy for
/// `this.data`), made in one walk.
pub(super) fn to_value_and_copy(
    ctx: &mut Context,
    value: &JsValue,
) -> JsResult<Option<(Value, JsValue)>> {
    let builtins = builtins(ctx)?;
    let mut walk = Walk::new((Tree::default(), Copy::default()), &builtins);
    if !walk.top(value, ctx)? {
        return Ok(None);
    }
    let (tree, copy) = walk.sink;
    Ok(tree.out.zip(copy.out))
}

/// The key a value was read under: the argument of its `toJSON`.
#[derive(Clone, Copy)]
enum Key<'a> {
    /// The top-level value (key `""`).
    Top,
    Index(u64),
    Prop(&'a PropertyKey),
}

impl Key<'_> {
    fn to_value(self) -> JsValue {
        match self {
            Key::Top => js_string!().into(),
            Key::Index(i) => JsString::from(i.to_string()).into(),
            Key::Prop(PropertyKey::String(s)) => s.clone().into(),
            Key::Prop(PropertyKey::Index(i)) => JsString::from(i.get().to_string()).into(),
            Key::Prop(PropertyKey::Symbol(s)) => s.clone().into(),
        }
    }
}

/// A value after `toJSON` and unwrapping: what SerializeJSONProperty writes.
enum Json {
    /// `undefined`, a function or a symbol: no JSON form.
    Skip,
    Null,
    Bool(bool),
    /// A finite number.
    Number(f64),
    String(JsString),
    /// `JSON.rawJSON(text)`: the text as it is.
    Raw(JsString),
    Array(JsObject),
    Object(JsObject),
}

/// Where the walk writes: JSON text, data, a JS copy.
trait Sink {
    fn null(&mut self);
    fn bool(&mut self, b: bool);
    /// A finite number.
    fn number(&mut self, n: f64, ctx: &mut Context) -> JsResult<()>;
    fn string(&mut self, s: &JsString);
    /// The text of a `JSON.rawJSON` object (a JSON primitive).
    fn raw(&mut self, text: &JsString, ctx: &mut Context) -> JsResult<()>;
    fn begin_array(&mut self);
    fn end_array(&mut self, ctx: &mut Context);
    /// An object of `len` members at most.
    fn begin_object(&mut self, len: usize, ctx: &mut Context);
    /// The key of the object member whose value comes next.
    fn key(&mut self, key: &PropertyKey);
    fn end_object(&mut self);
}

/// Both sinks at once.
impl<A: Sink, B: Sink> Sink for (A, B) {
    fn null(&mut self) {
        self.0.null();
        self.1.null();
    }
    fn bool(&mut self, b: bool) {
        self.0.bool(b);
        self.1.bool(b);
    }
    fn number(&mut self, n: f64, ctx: &mut Context) -> JsResult<()> {
        self.0.number(n, ctx)?;
        self.1.number(n, ctx)
    }
    fn string(&mut self, s: &JsString) {
        self.0.string(s);
        self.1.string(s);
    }
    fn raw(&mut self, text: &JsString, ctx: &mut Context) -> JsResult<()> {
        self.0.raw(text, ctx)?;
        self.1.raw(text, ctx)
    }
    fn begin_array(&mut self) {
        self.0.begin_array();
        self.1.begin_array();
    }
    fn end_array(&mut self, ctx: &mut Context) {
        self.0.end_array(ctx);
        self.1.end_array(ctx);
    }
    fn begin_object(&mut self, len: usize, ctx: &mut Context) {
        self.0.begin_object(len, ctx);
        self.1.begin_object(len, ctx);
    }
    fn key(&mut self, key: &PropertyKey) {
        self.0.key(key);
        self.1.key(key);
    }
    fn end_object(&mut self) {
        self.0.end_object();
        self.1.end_object();
    }
}

/// One serialisation: the sink and the objects being serialised (for cycles).
struct Walk<'b, S> {
    sink: S,
    stack: Vec<JsObject>,
    builtins: &'b Builtins,
}

impl<'b, S: Sink> Walk<'b, S> {
    fn new(sink: S, builtins: &'b Builtins) -> Self {
        Walk {
            sink,
            stack: Vec::new(),
            builtins,
        }
    }

    /// Writes `value`; false when it has no JSON form (nothing written).
    fn top(&mut self, value: &JsValue, ctx: &mut Context) -> JsResult<bool> {
        match self.resolve(value.clone(), Key::Top, ctx)? {
            Json::Skip => Ok(false),
            json => self.write(json, ctx).map(|()| true),
        }
    }

    /// SerializeJSONProperty up to the point where the value's kind is known.
    fn resolve(&mut self, mut value: JsValue, key: Key<'_>, ctx: &mut Context) -> JsResult<Json> {
        if let Some(obj) = value.as_object() {
            let to_json = get(&obj, &js_string!("toJSON").into(), ctx)?;
            if let Some(f) = to_json.as_callable() {
                value = f.call(&value, &[key.to_value()], ctx)?;
            }
        } else if value.is_bigint() {
            let to_json = value.to_object(ctx)?.get(js_string!("toJSON"), ctx)?;
            if let Some(f) = to_json.as_callable() {
                value = f.call(&value, &[key.to_value()], ctx)?;
            }
        }
        if let Some(obj) = value.as_object() {
            // Ordinary objects and arrays (nearly every value) have none of the slots.
            if !obj.is_ordinary() && !obj.is_array() {
                if obj.is::<f64>() {
                    value = value.to_number(ctx)?.into();
                } else if obj.is::<JsString>() {
                    value = value.to_string(ctx)?.into();
                } else if let Some(b) = obj.downcast_ref::<bool>().map(|b| *b) {
                    value = b.into();
                } else if let Some(b) = obj.downcast_ref::<JsBigInt>().map(|b| b.clone()) {
                    value = b.into();
                } else if !obj.is_callable() && self.is_raw_json(&obj, ctx)? {
                    let raw = obj.get(js_string!("rawJSON"), ctx)?;
                    return Ok(raw.as_string().map_or(Json::Skip, Json::Raw));
                }
            }
        }
        Ok(match value.variant() {
            JsVariant::Null => Json::Null,
            JsVariant::Boolean(b) => Json::Bool(b),
            JsVariant::String(s) => Json::String(s),
            JsVariant::Integer32(n) => Json::Number(f64::from(n)),
            JsVariant::Float64(n) if n.is_finite() => Json::Number(n),
            JsVariant::Float64(_) => Json::Null,
            JsVariant::BigInt(_) => {
                return Err(JsNativeError::typ()
                    .with_message("cannot serialize bigint to JSON")
                    .into())
            }
            JsVariant::Object(obj) if !obj.is_callable() => {
                if self.is_array(&obj, ctx)? {
                    Json::Array(obj)
                } else {
                    Json::Object(obj)
                }
            }
            JsVariant::Object(_) | JsVariant::Undefined | JsVariant::Symbol(_) => Json::Skip,
        })
    }

    fn write(&mut self, json: Json, ctx: &mut Context) -> JsResult<()> {
        match json {
            Json::Skip | Json::Null => self.sink.null(),
            Json::Bool(b) => self.sink.bool(b),
            Json::Number(n) => self.sink.number(n, ctx)?,
            Json::String(s) => self.sink.string(&s),
            Json::Raw(s) => self.sink.raw(&s, ctx)?,
            Json::Array(obj) => self.array(obj, ctx)?,
            Json::Object(obj) => self.object(obj, ctx)?,
        }
        Ok(())
    }

    /// SerializeJSONArray.
    fn array(&mut self, obj: JsObject, ctx: &mut Context) -> JsResult<()> {
        self.enter(&obj)?;
        let len = obj.get(js_string!("length"), ctx)?.to_length(ctx)?;
        self.sink.begin_array();
        for i in 0..len {
            let v = get(&obj, &PropertyKey::from(i), ctx)?;
            let json = self.resolve(v, Key::Index(i), ctx)?;
            self.write(json, ctx)?;
        }
        self.sink.end_array(ctx);
        self.stack.pop();
        Ok(())
    }

    /// SerializeJSONObject.
    fn object(&mut self, obj: JsObject, ctx: &mut Context) -> JsResult<()> {
        self.enter(&obj)?;
        let keys = self.keys(&obj, ctx)?;
        self.sink.begin_object(keys.len(), ctx);
        for key in &keys {
            let v = get(&obj, key, ctx)?;
            match self.resolve(v, Key::Prop(key), ctx)? {
                Json::Skip => {}
                json => {
                    self.sink.key(key);
                    self.write(json, ctx)?;
                }
            }
        }
        self.sink.end_object();
        self.stack.pop();
        Ok(())
    }

    fn enter(&mut self, obj: &JsObject) -> JsResult<()> {
        if self.stack.iter().any(|o| JsObject::equals(o, obj)) {
            return Err(JsNativeError::typ()
                .with_message("cyclic object value")
                .into());
        }
        if self.stack.len() >= MAX_DEPTH {
            return Err(JsNativeError::range()
                .with_message("JSON.stringify: value nested too deeply")
                .into());
        }
        self.stack.push(obj.clone());
        Ok(())
    }

    /// EnumerableOwnPropertyNames(obj, key).
    fn keys(&self, obj: &JsObject, ctx: &mut Context) -> JsResult<Vec<PropertyKey>> {
        if obj.is_ordinary() {
            let all = obj.own_property_keys(ctx)?;
            let o = obj.borrow();
            let props = o.properties();
            return Ok(all
                .into_iter()
                .filter(|k| {
                    !matches!(k, PropertyKey::Symbol(_))
                        && props.get(k).and_then(|d| d.enumerable()) == Some(true)
                })
                .collect());
        }
        let list = self
            .builtins
            .keys
            .call(&JsValue::undefined(), &[obj.clone().into()], ctx)?;
        let Some(list) = list.as_object() else {
            return Ok(Vec::new());
        };
        let len = list.get(js_string!("length"), ctx)?.to_length(ctx)?;
        let mut keys = Vec::new();
        for i in 0..len {
            let k = list.get(i, ctx)?.to_string(ctx)?;
            keys.push(PropertyKey::from(k));
        }
        Ok(keys)
    }

    /// IsArray(obj).
    fn is_array(&self, obj: &JsObject, ctx: &mut Context) -> JsResult<bool> {
        if obj.is_array() {
            return Ok(true);
        }
        if obj.is_ordinary() {
            return Ok(false);
        }
        let r = self
            .builtins
            .is_array
            .call(&JsValue::undefined(), &[obj.clone().into()], ctx)?;
        Ok(r.to_boolean())
    }

    /// Whether `obj` has [[IsRawJSON]].
    fn is_raw_json(&self, obj: &JsObject, ctx: &mut Context) -> JsResult<bool> {
        let Some(f) = &self.builtins.is_raw_json else {
            return Ok(false);
        };
        let r = f.call(&JsValue::undefined(), &[obj.clone().into()], ctx)?;
        Ok(r.to_boolean())
    }
}

/// `obj.[[Get]](key, obj)`. Ordinary objects and arrays (their [[Get]] is the ordinary
/// one) are read from their property maps up the prototype chain, without boa's
/// internal-method dispatch; anything else in the chain goes the usual way.
fn get(obj: &JsObject, key: &PropertyKey, ctx: &mut Context) -> JsResult<JsValue> {
    let mut holder = obj.clone();
    loop {
        if !holder.is_ordinary() && !holder.is_array() {
            // Nothing was read with side effects yet: start over the usual way.
            return obj.get(key.clone(), ctx);
        }
        let own = holder.borrow().properties().get(key);
        let Some(desc) = own else {
            match holder.prototype() {
                Some(proto) => holder = proto,
                None => return Ok(JsValue::undefined()),
            }
            continue;
        };
        if let Some(v) = desc.value() {
            return Ok(v.clone());
        }
        // An accessor: its getter, with the object as `this`.
        return match desc.get().and_then(JsValue::as_callable) {
            Some(getter) => getter.call(&obj.clone().into(), &[], ctx),
            None => Ok(JsValue::undefined()),
        };
    }
}

/// Integers below this print the same in JS and Rust, and are exact as `i64`.
const EXACT_INT: f64 = 9_007_199_254_740_992.0; // 2^53

/// JSON text, as Latin-1 while it can be (most text is), else UTF-16.
enum Text {
    Latin1(Vec<u8>, bool),
    Utf16(Vec<u16>, bool),
}

impl Default for Text {
    fn default() -> Self {
        Text::Latin1(Vec::new(), false)
    }
}

impl Text {
    /// Whether the next item needs a comma before it.
    fn comma(&mut self) -> &mut bool {
        match self {
            Text::Latin1(_, c) | Text::Utf16(_, c) => c,
        }
    }

    /// A comma if an item came before at this level.
    fn separate(&mut self) {
        if std::mem::replace(self.comma(), false) {
            self.ascii(b",");
        }
    }

    fn ascii(&mut self, s: &[u8]) {
        match self {
            Text::Latin1(v, _) => v.extend_from_slice(s),
            Text::Utf16(v, _) => v.extend(s.iter().map(|&b| u16::from(b))),
        }
    }

    /// UTF-16 code units, switching to UTF-16 on the first one past Latin-1.
    fn units(&mut self, s: &[u16]) {
        if let Text::Latin1(v, c) = self {
            if let Some(wide) = s.iter().position(|&u| u > 0xff) {
                let mut w: Vec<u16> = Vec::with_capacity(v.len() + s.len() * 2);
                w.extend(v.iter().map(|&b| u16::from(b)));
                w.extend_from_slice(s.get(..wide).unwrap_or_default());
                *self = Text::Utf16(w, *c);
                return self.units(s.get(wide..).unwrap_or_default());
            }
            v.extend(s.iter().map(|&u| u as u8));
            return;
        }
        if let Text::Utf16(v, _) = self {
            v.extend_from_slice(s);
        }
    }

    /// QuoteJSONString.
    fn quote(&mut self, s: JsStr<'_>) {
        self.ascii(b"\"");
        match s.variant() {
            JsStrVariant::Latin1(bytes) => {
                let mut rest = bytes;
                while let Some(i) = rest
                    .iter()
                    .position(|&b| b < 0x20 || b == b'"' || b == b'\\')
                {
                    let (plain, tail) = rest.split_at(i);
                    self.latin1(plain);
                    if let Some((&b, tail)) = tail.split_first() {
                        self.escape(u16::from(b));
                        rest = tail;
                    }
                }
                self.latin1(rest);
            }
            JsStrVariant::Utf16(units) => {
                let mut rest = units;
                loop {
                    let special = rest.iter().enumerate().position(|(i, &u)| {
                        u < 0x20
                            || u == 0x22
                            || u == 0x5c
                            || match u {
                                // A lead surrogate is plain only before a trail one.
                                0xd800..=0xdbff => !rest
                                    .get(i + 1)
                                    .is_some_and(|n| (0xdc00..=0xdfff).contains(n)),
                                // A trail surrogate is plain only after a lead one.
                                0xdc00..=0xdfff => !i
                                    .checked_sub(1)
                                    .and_then(|p| rest.get(p))
                                    .is_some_and(|p| (0xd800..=0xdbff).contains(p)),
                                _ => false,
                            }
                    });
                    let Some(i) = special else { break };
                    let (plain, tail) = rest.split_at(i);
                    self.units(plain);
                    if let Some((&u, tail)) = tail.split_first() {
                        self.escape(u);
                        rest = tail;
                    }
                }
                self.units(rest);
            }
        }
        self.ascii(b"\"");
    }

    fn latin1(&mut self, s: &[u8]) {
        match self {
            Text::Latin1(v, _) => v.extend_from_slice(s),
            Text::Utf16(v, _) => v.extend(s.iter().map(|&b| u16::from(b))),
        }
    }

    /// The escape of code unit `u` (lower-case hex, as the specification says).
    fn escape(&mut self, u: u16) {
        let short: &[u8] = match u {
            0x08 => b"\\b",
            0x09 => b"\\t",
            0x0a => b"\\n",
            0x0c => b"\\f",
            0x0d => b"\\r",
            0x22 => b"\\\"",
            0x5c => b"\\\\",
            _ => {
                let hex = format!("\\u{u:04x}");
                return self.ascii(hex.as_bytes());
            }
        };
        self.ascii(short);
    }

    fn build(self) -> JsString {
        match self {
            Text::Latin1(v, _) => JsString::from(JsStr::latin1(&v)),
            Text::Utf16(v, _) => JsString::from(JsStr::utf16(&v)),
        }
    }
}

impl Sink for Text {
    fn null(&mut self) {
        self.separate();
        self.ascii(b"null");
        *self.comma() = true;
    }
    fn bool(&mut self, b: bool) {
        self.separate();
        self.ascii(if b { b"true" } else { b"false" });
        *self.comma() = true;
    }
    fn number(&mut self, n: f64, ctx: &mut Context) -> JsResult<()> {
        self.separate();
        if n.fract() == 0.0 && n.abs() < EXACT_INT {
            // -0 prints as 0, as in JS.
            self.ascii((n as i64).to_string().as_bytes());
        } else {
            let s = JsValue::from(n).to_string(ctx)?;
            self.quote_free(&s);
        }
        *self.comma() = true;
        Ok(())
    }
    fn string(&mut self, s: &JsString) {
        self.separate();
        self.quote(s.as_str());
        *self.comma() = true;
    }
    fn raw(&mut self, text: &JsString, _: &mut Context) -> JsResult<()> {
        self.separate();
        self.quote_free(text);
        *self.comma() = true;
        Ok(())
    }
    fn begin_array(&mut self) {
        self.separate();
        self.ascii(b"[");
    }
    fn end_array(&mut self, _: &mut Context) {
        self.ascii(b"]");
        *self.comma() = true;
    }
    fn begin_object(&mut self, _: usize, _: &mut Context) {
        self.separate();
        self.ascii(b"{");
    }
    fn key(&mut self, key: &PropertyKey) {
        self.separate();
        match key {
            PropertyKey::String(s) => self.quote(s.as_str()),
            PropertyKey::Index(i) => self.ascii(format!("\"{}\"", i.get()).as_bytes()),
            PropertyKey::Symbol(_) => self.ascii(b"\"\""),
        }
        self.ascii(b":");
    }
    fn end_object(&mut self) {
        self.ascii(b"}");
        *self.comma() = true;
    }
}

impl Text {
    /// Text written as it is (a number's digits, raw JSON).
    fn quote_free(&mut self, s: &JsString) {
        match s.as_str().variant() {
            JsStrVariant::Latin1(b) => self.latin1(b),
            JsStrVariant::Utf16(u) => self.units(u),
        }
    }
}

/// A container being filled, and for objects the key of the next member.
enum Frame<V, K> {
    Array(Vec<V>),
    Object(K),
}

/// An object being filled, and the key of its next member.
type TreeObject = (Map<String, Value>, Option<String>);

/// [`serde_json::Value`]s.
#[derive(Default)]
struct Tree {
    stack: Vec<Frame<Value, TreeObject>>,
    out: Option<Value>,
}

impl Tree {
    fn put(&mut self, v: Value) {
        match self.stack.last_mut() {
            None => self.out = Some(v),
            Some(Frame::Array(a)) => a.push(v),
            Some(Frame::Object((m, k))) => {
                if let Some(k) = k.take() {
                    m.insert(k, v);
                }
            }
        }
    }
}

/// A JS string as Rust text (a lone surrogate becomes U+FFFD).
fn rust_string(s: &JsString) -> String {
    match s.as_str().variant() {
        JsStrVariant::Latin1(b) if b.is_ascii() => {
            String::from_utf8(b.to_vec()).unwrap_or_default()
        }
        JsStrVariant::Latin1(b) => b.iter().map(|&c| char::from(c)).collect(),
        JsStrVariant::Utf16(u) => String::from_utf16_lossy(u),
    }
}

/// A finite number as JSON data, as serde reads the text JS writes for it.
fn json_number(n: f64, ctx: &mut Context) -> JsResult<Value> {
    if n.fract() == 0.0 && n.abs() < EXACT_INT {
        return Ok(Value::from(n as i64));
    }
    if n.fract() != 0.0 {
        if let Some(n) = Number::from_f64(n) {
            return Ok(Value::Number(n));
        }
    }
    // A large integer: JS writes it with its shortest digits, then zeros.
    let text = JsValue::from(n).to_string(ctx)?.to_std_string_escaped();
    serde_json::from_str(&text).map_err(|e| {
        JsNativeError::typ()
            .with_message(format!("bad JSON number {text}: {e}"))
            .into()
    })
}

fn raw_value(text: &JsString) -> JsResult<Value> {
    serde_json::from_str(&rust_string(text)).map_err(|e| {
        JsNativeError::syntax()
            .with_message(format!("bad raw JSON: {e}"))
            .into()
    })
}

impl Sink for Tree {
    fn null(&mut self) {
        self.put(Value::Null);
    }
    fn bool(&mut self, b: bool) {
        self.put(Value::Bool(b));
    }
    fn number(&mut self, n: f64, ctx: &mut Context) -> JsResult<()> {
        let v = json_number(n, ctx)?;
        self.put(v);
        Ok(())
    }
    fn string(&mut self, s: &JsString) {
        self.put(Value::String(rust_string(s)));
    }
    fn raw(&mut self, text: &JsString, _: &mut Context) -> JsResult<()> {
        let v = raw_value(text)?;
        self.put(v);
        Ok(())
    }
    fn begin_array(&mut self) {
        self.stack.push(Frame::Array(Vec::new()));
    }
    fn end_array(&mut self, _: &mut Context) {
        if let Some(Frame::Array(a)) = self.stack.pop() {
            self.put(Value::Array(a));
        }
    }
    fn begin_object(&mut self, len: usize, _: &mut Context) {
        self.stack
            .push(Frame::Object((Map::with_capacity(len), None)));
    }
    fn key(&mut self, key: &PropertyKey) {
        if let Some(Frame::Object((_, k))) = self.stack.last_mut() {
            *k = Some(match key {
                PropertyKey::String(s) => rust_string(s),
                PropertyKey::Index(i) => i.get().to_string(),
                PropertyKey::Symbol(_) => String::new(),
            });
        }
    }
    fn end_object(&mut self) {
        if let Some(Frame::Object((m, _))) = self.stack.pop() {
            self.put(Value::Object(m));
        }
    }
}

/// An object being filled, and the key of its next member.
type CopyObject = (JsObject, Option<PropertyKey>);

/// Fresh JS values: what `JSON.parse` would make of the text.
#[derive(Default)]
struct Copy {
    stack: Vec<Frame<JsValue, CopyObject>>,
    out: Option<JsValue>,
}

impl Copy {
    fn put(&mut self, v: JsValue) {
        match self.stack.last_mut() {
            None => self.out = Some(v),
            Some(Frame::Array(a)) => a.push(v),
            Some(Frame::Object((o, k))) => {
                if let Some(k) = k.take() {
                    o.insert_property(
                        k,
                        PropertyDescriptor::builder()
                            .value(v)
                            .writable(true)
                            .enumerable(true)
                            .configurable(true),
                    );
                }
            }
        }
    }
}

impl Sink for Copy {
    fn null(&mut self) {
        self.put(JsValue::null());
    }
    fn bool(&mut self, b: bool) {
        self.put(b.into());
    }
    fn number(&mut self, n: f64, _: &mut Context) -> JsResult<()> {
        // As JSON.parse reads it back: -0 is written "0".
        let v = if n.fract() == 0.0 && n.abs() <= f64::from(i32::MAX) {
            JsValue::from(n as i32)
        } else {
            JsValue::from(n)
        };
        self.put(v);
        Ok(())
    }
    fn string(&mut self, s: &JsString) {
        self.put(s.clone().into());
    }
    fn raw(&mut self, text: &JsString, ctx: &mut Context) -> JsResult<()> {
        let v = JsValue::from_json(&raw_value(text)?, ctx)?;
        self.put(v);
        Ok(())
    }
    fn begin_array(&mut self) {
        self.stack.push(Frame::Array(Vec::new()));
    }
    fn end_array(&mut self, ctx: &mut Context) {
        if let Some(Frame::Array(a)) = self.stack.pop() {
            self.put(JsArray::from_iter(a, ctx).into());
        }
    }
    fn begin_object(&mut self, _: usize, ctx: &mut Context) {
        // A shared shape, as an object literal has: the members' keys are added through
        // the shape tree's cached transitions instead of a table per object.
        let proto = ctx.intrinsics().constructors().object().prototype();
        let o = JsObject::new(ctx.root_shape(), proto, OrdinaryObject).upcast();
        self.stack.push(Frame::Object((o, None)));
    }
    fn key(&mut self, key: &PropertyKey) {
        if let Some(Frame::Object((_, k))) = self.stack.last_mut() {
            *k = Some(key.clone());
        }
    }
    fn end_object(&mut self) {
        if let Some(Frame::Object((o, _))) = self.stack.pop() {
            self.put(o.into());
        }
    }
}

#[cfg(test)]
mod tests {
    use boa_engine::Source;

    use super::*;

    /// A context with the built-ins taken but `JSON.stringify` still boa's.
    fn context() -> Context {
        let mut ctx = Context::default();
        let builtins = Builtins::capture(&mut ctx).expect("built-ins");
        ctx.insert_data(builtins);
        ctx
    }

    fn eval(ctx: &mut Context, src: &str) -> JsValue {
        match ctx.eval(Source::from_bytes(src)) {
            Ok(v) => v,
            Err(e) => panic!("{src}: {e}"),
        }
    }

    /// boa's `JSON.stringify(v)` and the walk's, as text or the error's message.
    fn both(
        ctx: &mut Context,
        src: &str,
    ) -> (
        Result<Option<String>, String>,
        Result<Option<String>, String>,
    ) {
        let v = eval(ctx, &format!("({src})"));
        let builtins = builtins(ctx).expect("built-ins");
        let theirs = builtins
            .stringify
            .call(&JsValue::undefined(), std::slice::from_ref(&v), ctx)
            .map(|t| t.as_string().map(|s| s.to_std_string_escaped()))
            .map_err(|e| e.to_string());
        // Side effects (getters, toJSON counters) run again: reset them.
        let v = eval(ctx, &format!("({src})"));
        let ours = to_text(ctx, &builtins, &v)
            .map(|t| t.map(|s| s.to_std_string_escaped()))
            .map_err(|e| e.to_string());
        (theirs, ours)
    }

    const CASES: &[&str] = &[
        "1",
        "-0",
        "1.5",
        "-3.25e-7",
        "1e21",
        "123456789012345680000",
        "2 ** 60",
        "NaN",
        "-Infinity",
        "'plain'",
        "'quote \" backslash \\\\ \\n \\t \\b \\f \\r \\u0001 \\u001f'",
        "'caf\\u00e9 \\u00ff'",
        "'\\u4e2d\\u6587 and emoji \\ud83d\\ude00'",
        "'lone \\ud800 and \\udc00 and \\udc00\\ud800'",
        "true",
        "null",
        "undefined",
        "function () {}",
        "Symbol('s')",
        "[]",
        "{}",
        "[1, 'a', null, undefined, function () {}, Symbol('x'), true, [[]], {}]",
        "{ a: 1, b: undefined, c: function () {}, d: Symbol('x'), e: [undefined], f: { g: null } }",
        "{ 2: 'two', 1: 'one', b: 'b', a: 'a', '01': 'zero one' }",
        "[ , 1, , 3 ]",
        "Object.assign([1, 2], { extra: 3 })",
        "{ toJSON(k) { return 'key:' + k; } }",
        "[{ toJSON(k) { return 'key:' + k + typeof k; } }]",
        "{ x: { toJSON(k) { return { k: k }; } } }",
        "{ d: new Date(0) }",
        "{ n: new Number(5), s: new String('s'), b: new Boolean(false) }",
        "{ m: new Map([[1, 2]]), set: new Set([1]), r: /x/g, e: new Error('e') }",
        "{ get g() { return 'got'; }, plain: 1 }",
        "Object.defineProperty({ a: 1 }, 'hidden', { value: 2, enumerable: false })",
        "(function () { var o = Object.create({ inherited: 1 }); o.own = 2; return o; })()",
        "{ [Symbol('k')]: 1, s: 2 }",
        "new Proxy({ a: 1, b: 2 }, { get(t, k) { return k === 'a' ? 10 : t[k]; } })",
        "new Proxy([1, 2], {})",
        "new Uint8Array([1, 2, 3])",
        "(function () { return arguments; })(1, 2)",
        "{ big: 1n }",
        "1n",
        "(function () { var o = {}; o.self = o; return o; })()",
        "(function () { var a = []; a.push({ a: a }); return a; })()",
        "(function () { var shared = { x: 1 }; return [shared, shared]; })()",
        "{ a: { toJSON() { return undefined; } }, b: 2 }",
        "{ a: 1, get b() { delete this.c; return 2; }, c: 3 }",
        "JSON.rawJSON ? JSON.rawJSON('12e3') : 1",
        "{ a: Object.assign(function () {}, { x: 1 }) }",
        "Object.assign(Object.create(null), { n: 1 })",
    ];

    #[test]
    fn stringify_matches_boa() {
        let mut ctx = context();
        let mut texts = 0;
        for case in CASES {
            let (theirs, ours) = both(&mut ctx, case);
            texts += usize::from(matches!(theirs, Ok(Some(_))));
            match (&theirs, &ours) {
                // Messages may differ in wording; the kind must not.
                (Err(a), Err(b)) => assert_eq!(
                    a.split(':').next(),
                    b.split(':').next(),
                    "{case}: {a} / {b}"
                ),
                _ => assert_eq!(theirs, ours, "{case}"),
            }
        }
        assert!(texts + 8 > CASES.len(), "only {texts} cases gave text");
        let (_, ours) = both(&mut ctx, "{ b: 1, 2: [1.5, 'x'], 1: { t: true } }");
        assert_eq!(
            ours,
            Ok(Some(r#"{"1":{"t":true},"2":[1.5,"x"],"b":1}"#.to_string()))
        );
    }

    #[test]
    fn value_is_what_serde_reads_from_the_text() {
        let mut ctx = context();
        for case in CASES {
            let (theirs, _) = both(&mut ctx, case);
            let v = eval(&mut ctx, &format!("({case})"));
            let ours = to_value(&mut ctx, &v);
            match theirs {
                Ok(Some(text)) => {
                    let Ok(expected) = serde_json::from_str::<Value>(&text) else {
                        // serde refuses lone surrogates; ours are U+FFFD.
                        assert!(case.contains("lone"), "{case}: {text}");
                        continue;
                    };
                    let ours = ours.unwrap_or_else(|e| panic!("{case}: {e}"));
                    assert_eq!(ours, Some(expected), "{case}");
                }
                Ok(None) => assert!(matches!(ours, Ok(None)), "{case}"),
                Err(_) => assert!(ours.is_err(), "{case}"),
            }
        }
    }

    #[test]
    fn copy_is_fresh_and_equal() {
        let mut ctx = context();
        let v = eval(
            &mut ctx,
            "({ list: [{ id: 1, t: 'a' }, { id: 2.5, t: '\\u4e2d' }], f() {}, u: undefined, \
               d: new Date(0), z: -0 })",
        );
        let (value, copy) = to_value_and_copy(&mut ctx, &v)
            .expect("walk")
            .expect("a value");
        let copy_value = copy.to_json(&mut ctx).expect("to_json");
        assert_eq!(copy_value, Some(value.clone()));
        assert_eq!(value["d"], "1970-01-01T00:00:00.000Z");
        assert_eq!(value["z"], 0);
        let (Some(v), Some(c)) = (v.as_object(), copy.as_object()) else {
            panic!("objects");
        };
        assert!(!JsObject::equals(&v, &c), "a fresh object");
        // 1 / -0 is -Infinity: the copy holds +0, as JSON.parse would.
        ctx.register_global_property(
            js_string!("c"),
            copy,
            boa_engine::property::Attribute::all(),
        )
        .expect("global");
        assert_eq!(eval(&mut ctx, "1 / c.z"), JsValue::from(f64::INFINITY));
        assert_eq!(
            eval(&mut ctx, "Object.keys(c).join()"),
            JsValue::from(js_string!("list,d,z"))
        );
    }

    #[test]
    fn deep_nesting_is_a_range_error_not_a_crash() {
        // The logic thread's stack, not a test thread's.
        let t = std::thread::Builder::new()
            .stack_size(16 * 1024 * 1024)
            .spawn(|| {
                let mut ctx = context();
                let v = eval(
                    &mut ctx,
                    "(function () { var o = {}; for (var i = 0; i < 10000; i++) o = { o: o }; \
                       return o; })()",
                );
                let builtins = builtins(&ctx).expect("built-ins");
                let err = to_text(&mut ctx, &builtins, &v).expect_err("too deep");
                assert!(err.to_string().contains("RangeError"), "{err}");
            })
            .expect("spawn");
        assert!(t.join().is_ok());
    }
}
