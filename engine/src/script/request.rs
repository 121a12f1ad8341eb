//! `wx.request` (alias `ft.request`): HTTP on worker threads, answered on the logic
//! thread.
//!
//! The prelude (`prelude.js`) validates the options, builds the URL and body as WeChat
//! does (`data` to a query string for `GET`, JSON for an object body) and calls
//! `native.request(spec)`. Here the URL is checked against the [`NetworkPolicy`] and the
//! request goes to a worker thread (at most [`NetworkPolicy::max_concurrent`] at once,
//! the rest queued, as WeChat queues beyond ten). The worker streams the response,
//! cutting it off past [`NetworkPolicy::max_response_bytes`], and posts the outcome back
//! to the logic thread as a [`ToLogic::ApiDone`], where the prelude's `apiDone` runs the
//! callbacks or settles the task's promise. The view learns how many requests are in
//! flight ([`ToView::Network`]), so `Runtime::wait_requests` can wait for them without
//! sleeping.

use std::collections::VecDeque;
use std::io::Read as _;
use std::sync::mpsc;
use std::time::Duration;

use boa_engine::{js_string, Context, JsArgs, JsResult, JsValue};
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
    /// Requests running at once; more wait in a queue.
    pub max_concurrent: usize,
}

impl Default for NetworkPolicy {
    fn default() -> Self {
        NetworkPolicy {
            allowed: None,
            max_response_bytes: 16 << 20,
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
    fn check(&self, url: &str) -> Result<(), String> {
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

/// One request as the prelude describes it.
#[derive(Debug, Clone)]
pub(super) struct Spec {
    id: u64,
    url: String,
    method: String,
    headers: Vec<(String, String)>,
    body: Option<String>,
    timeout: Duration,
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
    let id = args.get_or_undefined(0).to_number(ctx)? as u64;
    let url = args
        .get_or_undefined(1)
        .to_string(ctx)?
        .to_std_string_escaped();
    let method = args
        .get_or_undefined(2)
        .to_string(ctx)?
        .to_std_string_escaped()
        .to_ascii_uppercase();
    let headers = match super::page::to_json(ctx, args.get_or_undefined(3))? {
        Some(Value::Object(map)) => header_list(&map),
        _ => Vec::new(),
    };
    let body = match args.get_or_undefined(4) {
        v if v.is_null_or_undefined() => None,
        v => Some(v.to_string(ctx)?.to_std_string_escaped()),
    };
    let timeout_ms = args.get_or_undefined(5).to_number(ctx)?;
    // WeChat's default is 60 s; minreq counts whole seconds, so round up.
    let timeout_ms = if timeout_ms.is_finite() && timeout_ms > 0.0 {
        timeout_ms.min(600_000.0)
    } else {
        60_000.0
    };
    let timeout = Duration::from_secs(((timeout_ms / 1000.0).ceil() as u64).max(1));
    if !METHODS.contains(&method.as_str()) {
        return Ok(js_string!(format!("invalid method \"{method}\"")).into());
    }
    let h = host(ctx);
    let refused = h.borrow().requests.policy.check(&url).err();
    if let Some(reason) = refused {
        log::warn!(target: "mica::js", "wx.request refused: {reason}");
        return Ok(js_string!(reason).into());
    }
    if url.starts_with("https://") && !cfg!(feature = "https") {
        return Ok(js_string!("https is not supported by this build of Mica").into());
    }
    let spec = Spec {
        id,
        url,
        method,
        headers,
        body,
        timeout,
    };
    let in_flight = {
        let mut h = h.borrow_mut();
        h.requests.queue.push_back(spec);
        h.in_flight()
    };
    send(ctx, ToView::Network { in_flight });
    start_queued(ctx);
    Ok(JsValue::null())
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

/// `native.abortRequest(id)`: `RequestTask.abort()`. A queued request is dropped; a
/// running one is forgotten (see [`Requests::aborted`]).
pub(super) fn native_abort(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let id = args.get_or_undefined(0).to_number(ctx)? as u64;
    let in_flight = {
        let h = host(ctx);
        let mut h = h.borrow_mut();
        let r = &mut h.requests;
        let queued = r.queue.len();
        r.queue.retain(|s| s.id != id);
        if r.queue.len() == queued {
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
    let cap = h.requests.policy.max_response_bytes;
    while h.requests.running < max {
        let Some(spec) = h.requests.queue.pop_front() else {
            break;
        };
        let Some(to_logic) = h.requests.to_logic.clone() else {
            break;
        };
        h.requests.running += 1;
        let id = spec.id;
        let spawned = std::thread::Builder::new()
            .name("mica-request".into())
            .spawn(move || {
                let result = perform(&spec, cap);
                let _ = to_logic.send((WORKER_SEQ, ToLogic::ApiDone { id, result }));
            });
        if let Err(e) = spawned {
            h.requests.running -= 1;
            log::error!(target: "mica::js", "cannot start a request thread: {e}");
            if let Some(to_logic) = h.requests.to_logic.clone() {
                let _ = to_logic.send((
                    WORKER_SEQ,
                    ToLogic::ApiDone {
                        id,
                        result: Err(format!("cannot start a request thread: {e}")),
                    },
                ));
            }
        }
    }
}

/// Runs on a worker thread: the request, its status, headers and body (text), or the
/// `errMsg` detail.
fn perform(spec: &Spec, cap: u64) -> Result<Value, String> {
    let method = match spec.method.as_str() {
        "POST" => minreq::Method::Post,
        "PUT" => minreq::Method::Put,
        "DELETE" => minreq::Method::Delete,
        "HEAD" => minreq::Method::Head,
        "OPTIONS" => minreq::Method::Options,
        "TRACE" => minreq::Method::Trace,
        "CONNECT" => minreq::Method::Connect,
        _ => minreq::Method::Get,
    };
    let mut req =
        minreq::Request::new(method, spec.url.as_str()).with_timeout(spec.timeout.as_secs());
    for (k, v) in &spec.headers {
        req = req.with_header(k.as_str(), v.as_str());
    }
    if let Some(body) = &spec.body {
        req = req.with_body(body.as_str());
    }
    let resp = req.send_lazy().map_err(describe)?;
    let status = resp.status_code;
    let mut header = Map::new();
    for (k, v) in &resp.headers {
        header.insert(k.clone(), Value::String(v.clone()));
    }
    let declared = resp
        .headers
        .get("content-length")
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > cap) {
        return Err(format!("response too large: more than {cap} bytes"));
    }
    let mut body = Vec::new();
    // Read at most one byte past the cap, so a body without Content-Length cannot fill
    // the memory.
    let mut limited = std::io::Read::take(resp, cap.saturating_add(1));
    limited.read_to_end(&mut body).map_err(|e| e.to_string())?;
    if body.len() as u64 > cap {
        return Err(format!("response too large: more than {cap} bytes"));
    }
    Ok(json!({
        "statusCode": status,
        "header": header,
        "body": String::from_utf8_lossy(&body),
    }))
}

fn describe(e: minreq::Error) -> String {
    match e {
        minreq::Error::IoError(io) if io.kind() == std::io::ErrorKind::TimedOut => "timeout".into(),
        minreq::Error::IoError(io) if io.kind() == std::io::ErrorKind::WouldBlock => {
            "timeout".into()
        }
        other => other.to_string(),
    }
}

/// A worker finished request `id`: start the next queued one and let the
/// prelude run the callbacks (the thread loop then calls [`report_in_flight`]).
pub(super) fn done(ctx: &mut Context, id: u64, result: Result<Value, String>) {
    let was_aborted = {
        let h = host(ctx);
        let mut h = h.borrow_mut();
        h.requests.running = h.requests.running.saturating_sub(1);
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
