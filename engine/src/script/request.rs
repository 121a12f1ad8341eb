//! `wx.request` (alias `ft.request`): HTTP on worker threads, answered on the logic
//! thread.
//!
//! `request.js` validates the options, builds the URL and body as WeChat
//! does (`data` to a query string for `GET`, JSON for an object body) and calls
//! `native.request(spec)`. Here the URL is checked against the [`NetworkPolicy`] and the
//! request goes to a worker thread (at most [`NetworkPolicy::max_concurrent`] at once,
//! the rest queued, as WeChat queues beyond ten). The worker streams the response,
//! cutting it off past [`NetworkPolicy::max_response_bytes`], and posts the outcome back
//! to the logic thread as a [`ToLogic::ApiDone`], where the prelude's `apiDone` runs the
//! callbacks or settles the task's promise. The view learns how many requests are in
//! flight ([`ToView::Network`]), so `Runtime::wait_requests` can wait for them without
//! sleeping.
//!
//! `wx.downloadFile` ([`super::download`]) is the same machinery with another
//! [`Sink`]: the policy check, the queue and workers, the connection and the size-capped
//! body read ([`copy_capped`]) are this file's, shared by both.

use std::collections::{HashMap, VecDeque};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use boa_engine::{js_string, Context, JsArgs, JsObject, JsResult, JsValue};
use serde_json::{json, Map, Value};

use super::thread::{host, send};
use super::{ToLogic, ToView};

/// The sequence number of messages that workers post to the logic thread: the view sent
/// nothing, so nothing is acknowledged.
pub(super) const WORKER_SEQ: u64 = u64::MAX - 1;

/// Which hosts an app may reach and how much it may download.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct NetworkPolicy {
    /// `None`: any host (a source directory in development). `Some(list)`: only these;
    /// an entry is a host (`api.example.com`, HTTPS only) or an origin with its scheme
    /// and port (`http://127.0.0.1:8080`), matched exactly. A package's manifest lists
    /// its `request_domains`.
    pub allowed: Option<Vec<String>>,
    /// Largest response body accepted; a bigger one fails the request.
    pub max_response_bytes: u64,
    /// Largest file `wx.downloadFile` writes (50 MiB, WeChat's old limit; its 200 MB
    /// is more than a set-top box's temp space); a bigger one fails the download.
    pub max_download_bytes: u64,
    /// Requests running at once; more wait in a queue.
    pub max_concurrent: usize,
}

impl Default for NetworkPolicy {
    fn default() -> Self {
        NetworkPolicy {
            allowed: None,
            max_response_bytes: 16 << 20,
            max_download_bytes: 50 << 20,
            max_concurrent: 10,
        }
    }
}

impl NetworkPolicy {
    /// Only the hosts in `domains` (see [`NetworkPolicy::allowed`]).
    #[must_use]
    pub fn only(mut self, domains: Vec<String>) -> Self {
        self.allowed = Some(domains);
        self
    }

    /// Sets the response size cap.
    #[must_use]
    pub fn max_response_bytes(mut self, bytes: u64) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// Sets the size cap of a downloaded file.
    #[must_use]
    pub fn max_download_bytes(mut self, bytes: u64) -> Self {
        self.max_download_bytes = bytes;
        self
    }
}

/// A parsed `http(s)://host[:port]/...` URL, as far as the policy needs it.
#[derive(Debug, PartialEq, Eq)]
struct Origin {
    https: bool,
    host: String,
    port: Option<u16>,
}

/// Checks the URL's form: http or https, a host, no credentials, no spaces or control
/// characters. The error is the `errMsg` detail.
fn parse_origin(url: &str) -> Result<Origin, String> {
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err("invalid url: spaces or control characters".into());
    }
    let (https, rest) = if let Some(r) = url.strip_prefix("https://") {
        (true, r)
    } else if let Some(r) = url.strip_prefix("http://") {
        (false, r)
    } else {
        return Err(format!(
            "invalid url \"{url}\": only http:// and https:// URLs are allowed"
        ));
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') {
        return Err("invalid url: credentials in the URL are not allowed".into());
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || authority.starts_with('[') => {
            let port = p
                .parse::<u16>()
                .map_err(|_| format!("invalid url: bad port \"{p}\""))?;
            (h, Some(port))
        }
        _ => (authority, None),
    };
    if host.is_empty() {
        return Err("invalid url: no host".into());
    }
    Ok(Origin {
        https,
        host: host.to_ascii_lowercase(),
        port,
    })
}

impl NetworkPolicy {
    /// `Ok` if the app may request `url`; else the `errMsg` detail.
    pub(super) fn check(&self, url: &str) -> Result<(), String> {
        let origin = parse_origin(url)?;
        let Some(allowed) = &self.allowed else {
            return Ok(());
        };
        let permitted = allowed.iter().any(|entry| {
            let entry = entry.trim().to_ascii_lowercase();
            match parse_origin(&entry) {
                // `http://host:port` or `https://host`: scheme, host and port all match.
                Ok(e) if entry.contains("://") => {
                    e.https == origin.https && e.host == origin.host && e.port == origin.port
                }
                // A bare host: HTTPS on the default port only.
                _ => origin.https && origin.port.is_none() && entry == origin.host,
            }
        });
        if permitted {
            Ok(())
        } else {
            Err(format!(
                "url not in domain list: {}{}{} is not among the package's request domains",
                if origin.https { "https://" } else { "http://" },
                origin.host,
                origin.port.map(|p| format!(":{p}")).unwrap_or_default()
            ))
        }
    }
}

/// Where a worker puts the response body.
#[derive(Debug, Clone)]
pub(super) enum Sink {
    /// In memory, answered as text (`wx.request`).
    Text,
    /// Streamed into a new file in `dir` named `name` plus an extension
    /// (`wx.downloadFile`, see [`super::download::save`]).
    File {
        /// The runtime's temp folder (it exists: the logic thread made it).
        dir: PathBuf,
        /// `tmp_<random>`.
        name: String,
    },
}

/// One request as the prelude describes it.
#[derive(Debug, Clone)]
pub(super) struct Spec {
    pub id: u64,
    pub url: String,
    pub method: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
    pub timeout: Duration,
    pub sink: Sink,
    /// Set by `abort()`: the worker stops reading the body.
    pub cancel: Arc<AtomicBool>,
}

/// The requests of one logic thread: running and queued.
#[derive(Debug, Default)]
pub(super) struct Requests {
    /// Requests on worker threads now.
    pub running: usize,
    /// Requests waiting for a worker.
    pub queue: VecDeque<Spec>,
    /// Running requests the page aborted: their workers cannot be interrupted (the
    /// socket stays until its timeout) but they no longer count as in flight and their
    /// answers are dropped.
    pub aborted: std::collections::HashSet<u64>,
    /// Where workers post their results (the logic thread's own channel).
    pub to_logic: Option<mpsc::Sender<(u64, ToLogic)>>,
    /// The policy.
    pub policy: NetworkPolicy,
    /// The cancel flags of the running requests, by id.
    pub cancels: HashMap<u64, Arc<AtomicBool>>,
    /// The prelude's `apiEvent(id, kind, payload)`: a download's headers and progress.
    pub api_event: Option<JsObject>,
    /// Where downloaded files go (`None`: downloads fail).
    pub temp: Option<Arc<super::download::TempFiles>>,
}

impl Requests {
    pub(super) fn in_flight(&self) -> usize {
        self.running.saturating_sub(self.aborted.len()) + self.queue.len()
    }
}

const METHODS: [&str; 8] = [
    "GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT",
];

/// `native.request(id, url, method, headers, body, timeoutMs)`: starts (or queues) the
/// request; returns `null`, or the `errMsg` detail when it is refused at once.
pub(super) fn native_request(
    _: &JsValue,
    args: &[JsValue],
    ctx: &mut Context,
) -> JsResult<JsValue> {
    let (id, url) = id_and_url(args, ctx)?;
    let method = string_arg(args, 2, ctx)?.to_ascii_uppercase();
    let headers = headers_arg(args.get_or_undefined(3), ctx)?;
    let body = match args.get_or_undefined(4) {
        v if v.is_null_or_undefined() => None,
        v => Some(v.to_string(ctx)?.to_std_string_escaped()),
    };
    let timeout = timeout_arg(args.get_or_undefined(5), ctx)?;
    if !METHODS.contains(&method.as_str()) {
        return Ok(js_string!(format!("invalid method \"{method}\"")).into());
    }
    let spec = Spec {
        id,
        url,
        method,
        headers,
        body,
        timeout,
        sink: Sink::Text,
        cancel: Arc::default(),
    };
    Ok(enqueue(ctx, spec, "wx.request"))
}

/// The first two arguments of a network call: the prelude's id and the URL.
pub(super) fn id_and_url(args: &[JsValue], ctx: &mut Context) -> JsResult<(u64, String)> {
    let id = args.get_or_undefined(0).to_number(ctx)? as u64;
    Ok((id, string_arg(args, 1, ctx)?))
}

/// Argument `i` as a string.
pub(super) fn string_arg(args: &[JsValue], i: usize, ctx: &mut Context) -> JsResult<String> {
    Ok(args
        .get_or_undefined(i)
        .to_string(ctx)?
        .to_std_string_escaped())
}

/// The `header` option: names and values that can go on the wire.
pub(super) fn headers_arg(v: &JsValue, ctx: &mut Context) -> JsResult<Vec<(String, String)>> {
    Ok(match super::page::to_json(ctx, v)? {
        Some(Value::Object(map)) => header_list(&map),
        _ => Vec::new(),
    })
}

/// The `timeout` option in ms: WeChat's default is 60 s; minreq counts whole seconds,
/// so it is rounded up.
pub(super) fn timeout_arg(v: &JsValue, ctx: &mut Context) -> JsResult<Duration> {
    let ms = v.to_number(ctx)?;
    let ms = if ms.is_finite() && ms > 0.0 {
        ms.min(600_000.0)
    } else {
        60_000.0
    };
    Ok(Duration::from_secs(((ms / 1000.0).ceil() as u64).max(1)))
}

/// Checks `spec.url` against the policy and queues the request for a worker; returns
/// `null`, or the `errMsg` detail of a refusal. `api` names the caller in the log.
pub(super) fn enqueue(ctx: &mut Context, spec: Spec, api: &str) -> JsValue {
    let h = host(ctx);
    let refused = h.borrow().requests.policy.check(&spec.url).err();
    if let Some(reason) = refused {
        log::warn!(target: "mica::js", "{api} refused: {reason}");
        return js_string!(reason).into();
    }
    if spec.url.starts_with("https://") && !cfg!(feature = "https") {
        return js_string!("https is not supported by this build of Mica").into();
    }
    let in_flight = {
        let mut h = h.borrow_mut();
        h.requests.queue.push_back(spec);
        h.in_flight()
    };
    send(ctx, ToView::Network { in_flight });
    start_queued(ctx);
    JsValue::null()
}

fn header_list(map: &Map<String, Value>) -> Vec<(String, String)> {
    map.iter()
        .filter(|(k, _)| !k.is_empty() && !k.chars().any(|c| c.is_control() || c == ':'))
        .map(|(k, v)| {
            let v = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            // A header value cannot carry a line break (no header injection).
            (k.clone(), v.replace(['\r', '\n'], " "))
        })
        .collect()
}

/// `native.abortRequest(id)`: `RequestTask.abort()` / `DownloadTask.abort()`. A queued
/// request is dropped; a running one is cancelled: its worker stops at the next chunk
/// of the body (a connection not answered yet waits for its timeout), its answer is
/// dropped and it no longer counts as in flight (see [`Requests::aborted`]).
pub(super) fn native_abort(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let id = args.get_or_undefined(0).to_number(ctx)? as u64;
    let in_flight = {
        let h = host(ctx);
        let mut h = h.borrow_mut();
        let r = &mut h.requests;
        r.queue.retain(|s| s.id != id);
        if let Some(cancel) = r.cancels.get(&id) {
            cancel.store(true, Ordering::Relaxed);
            r.aborted.insert(id);
        }
        r.in_flight()
    };
    send(ctx, ToView::Network { in_flight });
    Ok(JsValue::undefined())
}

/// Starts queued requests while workers are free.
fn start_queued(ctx: &mut Context) {
    let h = host(ctx);
    let mut h = h.borrow_mut();
    let max = h.requests.policy.max_concurrent.max(1);
    while h.requests.running < max {
        let Some(spec) = h.requests.queue.pop_front() else {
            break;
        };
        let Some(to_logic) = h.requests.to_logic.clone() else {
            break;
        };
        let cap = match spec.sink {
            Sink::Text => h.requests.policy.max_response_bytes,
            Sink::File { .. } => h.requests.policy.max_download_bytes,
        };
        h.requests.running += 1;
        let id = spec.id;
        h.requests.cancels.insert(id, spec.cancel.clone());
        let failed = to_logic.clone();
        let policy = h.requests.policy.clone();
        let spawned = std::thread::Builder::new()
            .name("mica-request".into())
            .spawn(move || {
                let result = perform(&spec, &policy, cap, &to_logic);
                let _ = to_logic.send((WORKER_SEQ, ToLogic::ApiDone { id, result }));
            });
        if let Err(e) = spawned {
            // Answered like a failed request: `done` takes it off the running ones.
            log::error!(target: "mica::js", "cannot start a request thread: {e}");
            let result = Err(format!("cannot start a request thread: {e}"));
            let _ = failed.send((WORKER_SEQ, ToLogic::ApiDone { id, result }));
        }
    }
}

/// A response whose status and headers arrived; its body is still to be read.
pub(super) struct Response {
    /// The body, read as it arrives.
    pub body: minreq::ResponseLazy,
    /// The HTTP status.
    pub status: i32,
    /// The headers as the page sees them.
    pub header: Map<String, Value>,
    /// `Content-Length`, when the server sent one.
    pub declared: Option<u64>,
}

/// Runs on a worker thread: the request and its answer for the page, or the `errMsg`
/// detail.
fn perform(
    spec: &Spec,
    policy: &NetworkPolicy,
    cap: u64,
    to_logic: &mpsc::Sender<(u64, ToLogic)>,
) -> Result<Value, String> {
    let mut resp = open(spec, policy)?;
    if resp.declared.is_some_and(|n| n > cap) {
        return Err(too_large(cap));
    }
    match &spec.sink {
        Sink::Text => {
            let mut body = Vec::new();
            copy_capped(&mut resp.body, &mut body, cap, &spec.cancel, &mut |_| {})?;
            Ok(json!({
                "statusCode": resp.status,
                "header": resp.header,
                "body": String::from_utf8_lossy(&body),
            }))
        }
        Sink::File { dir, name } => {
            let id = spec.id;
            let mut emit = |event: &str, payload: Value| {
                let event = event.to_string();
                let _ = to_logic.send((WORKER_SEQ, ToLogic::ApiEvent { id, event, payload }));
            };
            super::download::save(spec, resp, dir, name, cap, &mut emit)
        }
    }
}

/// Redirects followed before giving up.
const MAX_REDIRECTS: usize = 5;

/// Sends the request and waits for the status line and headers. Redirects are
/// followed here, not by minreq, so that every hop passes the policy: a server in the
/// domain list cannot send the app on to one outside it. The timeout covers all hops.
fn open(spec: &Spec, policy: &NetworkPolicy) -> Result<Response, String> {
    let deadline = std::time::Instant::now() + spec.timeout;
    let mut url = spec.url.clone();
    let mut method = spec.method.as_str();
    let mut body = spec.body.as_deref();
    let mut headers = spec.headers.clone();
    for _ in 0..=MAX_REDIRECTS {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        if left.is_zero() {
            return Err("timeout".into());
        }
        let resp = exchange(&url, method, &headers, body, left)?;
        let status = resp.status_code;
        let location = match status {
            301 | 302 | 303 | 307 | 308 => resp.headers.get("location"),
            _ => None,
        };
        let Some(location) = location else {
            return Ok(response(resp));
        };
        let next = resolve_location(&url, location.trim());
        policy
            .check(&next)
            .map_err(|e| format!("redirect refused: {e}"))?;
        if next.starts_with("https://") && !cfg!(feature = "https") {
            return Err("redirect refused: https is not supported by this build of Mica".into());
        }
        // As browsers do: 303, and 301/302 after a POST, go on as a GET without body;
        // credentials are not handed to another origin.
        if status == 303 || (matches!(status, 301 | 302) && method == "POST") {
            method = "GET";
            body = None;
        }
        if parse_origin(&next) != parse_origin(&url) {
            headers.retain(|(k, _)| {
                !k.eq_ignore_ascii_case("authorization") && !k.eq_ignore_ascii_case("cookie")
            });
        }
        url = next;
    }
    Err(format!("too many redirects (more than {MAX_REDIRECTS})"))
}

/// One HTTP exchange (minreq counts its timeout in whole seconds: rounded up).
fn exchange(
    url: &str,
    method: &str,
    headers: &[(String, String)],
    body: Option<&str>,
    timeout: Duration,
) -> Result<minreq::ResponseLazy, String> {
    let method = match method {
        "POST" => minreq::Method::Post,
        "PUT" => minreq::Method::Put,
        "DELETE" => minreq::Method::Delete,
        "HEAD" => minreq::Method::Head,
        "OPTIONS" => minreq::Method::Options,
        "TRACE" => minreq::Method::Trace,
        "CONNECT" => minreq::Method::Connect,
        _ => minreq::Method::Get,
    };
    let secs = timeout.as_secs() + u64::from(timeout.subsec_nanos() > 0);
    let mut req = minreq::Request::new(method, url)
        .with_timeout(secs.max(1))
        .with_follow_redirects(false);
    for (k, v) in headers {
        req = req.with_header(k.as_str(), v.as_str());
    }
    if let Some(body) = body {
        req = req.with_body(body);
    }
    req.send_lazy().map_err(describe)
}

fn response(body: minreq::ResponseLazy) -> Response {
    let header: Map<String, Value> = body
        .headers
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect();
    let declared = body
        .headers
        .get("content-length")
        .and_then(|v| v.trim().parse::<u64>().ok());
    Response {
        status: body.status_code,
        body,
        header,
        declared,
    }
}

/// The URL a `Location` names, relative to the URL that answered with it (RFC 9110
/// §10.2.2: absolute, scheme-relative `//host/...`, absolute-path `/...`, or relative
/// to the current path).
fn resolve_location(base: &str, location: &str) -> String {
    let lower = location.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return location.to_string();
    }
    let (scheme, rest) = base.split_once("://").unwrap_or(("http", base));
    if let Some(net) = location.strip_prefix("//") {
        return format!("{scheme}://{net}");
    }
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    let path = path.split(['?', '#']).next().unwrap_or("");
    if location.starts_with('/') {
        format!("{scheme}://{authority}{location}")
    } else if location.starts_with('?') || location.is_empty() {
        format!("{scheme}://{authority}{path}{location}")
    } else {
        let dir = path.rfind('/').map_or("/", |i| &path[..=i]);
        format!("{scheme}://{authority}{dir}{location}")
    }
}

fn too_large(cap: u64) -> String {
    format!("response too large: more than {cap} bytes")
}

/// Copies `body` into `out` a chunk at a time and returns the byte count. Fails past
/// `cap` bytes (so a body without `Content-Length` cannot fill the memory or the disk),
/// with `abort` once `cancel` is set, and on a read error (`timeout` when the request's
/// time ran out). `progress(bytes so far)` runs after each chunk.
pub(super) fn copy_capped(
    body: &mut dyn Read,
    out: &mut dyn Write,
    cap: u64,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(u64),
) -> Result<u64, String> {
    let mut buf = vec![0u8; 64 * 1024];
    let mut total = 0u64;
    loop {
        if cancel.load(Ordering::Relaxed) {
            return Err("abort".into());
        }
        let n = match body.read(&mut buf) {
            Ok(0) => return Ok(total),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(describe_io(&e)),
        };
        total += n as u64;
        if total > cap {
            return Err(too_large(cap));
        }
        out.write_all(&buf[..n]).map_err(|e| e.to_string())?;
        progress(total);
    }
}

fn describe_io(e: &std::io::Error) -> String {
    match e.kind() {
        // minreq reports its deadline as TimedOut, a socket's read timeout as WouldBlock.
        std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => "timeout".into(),
        _ => e.to_string(),
    }
}

fn describe(e: minreq::Error) -> String {
    match e {
        minreq::Error::IoError(io) => describe_io(&io),
        other => other.to_string(),
    }
}

/// A worker's news of running request `id` (a download's headers and progress): the
/// prelude's `apiEvent(id, event, payload)` runs the task's listeners.
pub(super) fn event(ctx: &mut Context, id: u64, event: &str, payload: &Value) {
    let listener = {
        let h = host(ctx);
        let h = h.borrow();
        if h.requests.aborted.contains(&id) {
            return;
        }
        h.requests.api_event.clone()
    };
    let Some(f) = listener else {
        return;
    };
    let payload = super::thread::json_to_js(ctx, payload);
    let args = [JsValue::from(id as f64), js_string!(event).into(), payload];
    if let Err(e) = f.call(&JsValue::undefined(), &args, ctx) {
        super::thread::report(ctx, "wx.downloadFile listener", &e);
    }
}

/// A worker finished request `id`: start the next queued one and let the
/// prelude run the callbacks (the thread loop then calls [`report_in_flight`]).
pub(super) fn done(ctx: &mut Context, id: u64, result: Result<Value, String>) {
    let was_aborted = {
        let h = host(ctx);
        let mut h = h.borrow_mut();
        h.requests.running = h.requests.running.saturating_sub(1);
        h.requests.cancels.remove(&id);
        h.requests.aborted.remove(&id)
    };
    start_queued(ctx);
    if was_aborted {
        return;
    }
    let api_done = host(ctx).borrow().api_done.clone();
    if let Some(f) = api_done {
        let (ok, payload) = match result {
            Ok(v) => (true, super::thread::json_to_js(ctx, &v)),
            Err(msg) => (false, js_string!(msg).into()),
        };
        if let Err(e) = f.call(
            &JsValue::undefined(),
            &[JsValue::from(id as f64), JsValue::from(ok), payload],
            ctx,
        ) {
            super::thread::report(ctx, "wx.request callback", &e);
        }
    }
}

/// After a worker's answer and the promise jobs it caused ran (so a waiting view has
/// seen their `setData` first): tells the view how many requests are left.
pub(super) fn report_in_flight(ctx: &Context) {
    let in_flight = host(ctx).borrow().in_flight();
    send(ctx, ToView::Network { in_flight });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_checked() {
        assert!(parse_origin("http://127.0.0.1:8080/a?b").is_ok());
        for bad in [
            "file:///etc/passwd",
            "javascript:alert(1)",
            "ftp://x/y",
            "http://",
            "http:///x",
            "https://user:pw@example.com/",
            "http://a b/",
            "http://x:99999/",
            "//example.com/",
        ] {
            assert!(parse_origin(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn redirect_locations_resolve_against_the_url() {
        let base = "http://h:8/a/b?q=1";
        assert_eq!(resolve_location(base, "https://x/y"), "https://x/y");
        assert_eq!(resolve_location(base, "//x/y"), "http://x/y");
        assert_eq!(resolve_location(base, "/c"), "http://h:8/c");
        assert_eq!(resolve_location(base, "c?d"), "http://h:8/a/c?d");
        assert_eq!(resolve_location(base, "?z"), "http://h:8/a/b?z");
        assert_eq!(resolve_location("http://h", "c"), "http://h/c");
    }

    #[test]
    fn domain_lists_match_exactly_and_bare_hosts_mean_https() {
        let p = NetworkPolicy::default().only(vec![
            "api.example.com".into(),
            "http://127.0.0.1:8080".into(),
        ]);
        assert!(p.check("https://api.example.com/x").is_ok());
        assert!(p.check("https://API.example.com/x").is_ok());
        assert!(p.check("http://api.example.com/x").is_err());
        assert!(p.check("https://api.example.com:444/x").is_err());
        assert!(p.check("https://evil.example.com/x").is_err());
        assert!(p.check("https://api.example.com.evil.net/x").is_err());
        assert!(p.check("http://127.0.0.1:8080/x").is_ok());
        assert!(p.check("http://127.0.0.1:8081/x").is_err());
        assert!(NetworkPolicy::default().check("http://anything:1/").is_ok());
    }
}
