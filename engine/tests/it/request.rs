//! `wx.request` against a real HTTP server on 127.0.0.1 that the test starts: query and
//! body encoding, headers, status codes, JSON and text, promises, abort, timeouts, size
//! caps, hostile URLs, the domain list of a package, and the concurrency queue.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use mica_engine::runtime::{Runtime, RuntimeConfig};
use mica_engine::script::NetworkPolicy;
use serde_json::{json, Value};

use crate::support::{fixture, launch_with, text_by_id};

/// A small HTTP/1.1 server, one thread per connection.
struct Server {
    port: u16,
}

/// Method, target, headers (lower-case names) and body of one request.
type Request = (String, String, Vec<(String, String)>, String);

fn read_request(stream: &TcpStream) -> Option<Request> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let target = parts.next()?.to_string();
    let mut headers = Vec::new();
    let mut length = 0usize;
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).ok()? == 0 || h == "\r\n" {
            break;
        }
        if let Some((k, v)) = h.trim_end().split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                length = v.trim().parse().unwrap_or(0);
            }
            headers.push((k.to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    let mut body = vec![0; length.min(1 << 20)];
    reader.read_exact(&mut body).ok()?;
    Some((
        method,
        target,
        headers,
        String::from_utf8_lossy(&body).into_owned(),
    ))
}

fn respond(mut stream: &TcpStream, status: &str, extra: &str, body: &[u8]) {
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n{extra}\r\n",
        body.len()
    );
    let _ = stream.write_all(body);
}

fn serve(stream: TcpStream) {
    let Some((method, target, headers, body)) = read_request(&stream) else {
        return;
    };
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let header = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    match path {
        "/json" => {
            let reply = json!({
                "method": method, "query": query, "body": body,
                "xtest": header("x-test"), "type": header("content-type"),
            });
            respond(
                &stream,
                "200 OK",
                &format!("Content-Type: application/json\r\nX-Echo-Method: {method}\r\n"),
                reply.to_string().as_bytes(),
            );
        }
        "/text" => respond(
            &stream,
            "200 OK",
            "Content-Type: text/plain\r\n",
            b"{not json",
        ),
        "/missing" => respond(&stream, "404 Not Found", "", b"{\"error\":\"nope\"}"),
        "/many" => {
            let i: u32 = query.trim_start_matches("i=").parse().unwrap_or(0);
            respond(
                &stream,
                "200 OK",
                "",
                json!({ "i": i }).to_string().as_bytes(),
            );
        }
        "/slow" => {
            // Never answers; returns when the client gives up and closes the connection.
            let mut byte = [0u8; 1];
            let _ = (&stream).read(&mut byte);
        }
        "/huge" => {
            // 2 MiB with no Content-Length: only the client's cap stops it.
            let mut s = &stream;
            let _ = s.write_all(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n");
            let chunk = vec![b'x'; 64 * 1024];
            for _ in 0..32 {
                if s.write_all(&chunk).is_err() {
                    break;
                }
            }
        }
        "/declared-huge" => {
            let mut s = &stream;
            let _ = s.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\nConnection: close\r\n\r\nxx",
            );
        }
        _ => respond(&stream, "404 Not Found", "", b""),
    }
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind: {e}"));
        let port = listener.local_addr().map(|a| a.port()).unwrap_or_default();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                std::thread::spawn(move || serve(stream));
            }
        });
        Server { port }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

fn open(network: Option<NetworkPolicy>) -> Runtime {
    let config = RuntimeConfig {
        width: 320,
        height: 240,
        network,
        ..Default::default()
    };
    launch_with(fixture("net_page"), config)
}

/// Calls page method `name` with `detail`, then waits for every request to finish.
fn call(rt: &mut Runtime, name: &str, detail: Value) {
    rt.call_page_method(name, json!({ "type": "call", "detail": detail }))
        .unwrap_or_else(|e| panic!("{e}"));
    rt.wait_requests(Duration::from_secs(30))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rt.requests_in_flight(), 0);
}

fn data(rt: &Runtime) -> Value {
    let text = text_by_id(rt, "data");
    serde_json::from_str(text.trim_start_matches("json:")).unwrap_or(Value::String(text))
}

#[test]
fn get_puts_data_in_the_query_and_sends_headers() {
    let server = Server::start();
    let mut rt = open(None);
    call(
        &mut rt,
        "request",
        json!({ "url": server.url("/json"), "data": { "a": 1, "b": "x y&z" },
                "header": { "X-Test": "yes" } }),
    );
    assert_eq!(text_by_id(&rt, "err"), "");
    assert_eq!(text_by_id(&rt, "status"), "200");
    let d = data(&rt);
    assert_eq!(d["method"], "GET");
    assert_eq!(d["query"], "a=1&b=x%20y%26z");
    assert_eq!(d["xtest"], "yes");
    // Response headers reach the page; callbacks run success, then complete.
    assert_eq!(text_by_id(&rt, "header"), "GET");
    assert_eq!(text_by_id(&rt, "order"), "success,complete");
}

#[test]
fn post_sends_an_object_as_json_and_a_form_when_asked() {
    let server = Server::start();
    let mut rt = open(None);
    call(
        &mut rt,
        "request",
        json!({ "url": server.url("/json"), "method": "post", "data": { "n": [1, 2] } }),
    );
    let d = data(&rt);
    assert_eq!(d["method"], "POST");
    assert_eq!(d["body"], "{\"n\":[1,2]}");
    assert_eq!(d["type"], "application/json");
    call(
        &mut rt,
        "request",
        json!({ "url": server.url("/json"), "method": "PUT", "data": { "k": "a b" },
                "header": { "content-type": "application/x-www-form-urlencoded" } }),
    );
    let d = data(&rt);
    assert_eq!(d["method"], "PUT");
    assert_eq!(d["body"], "k=a%20b");
}

#[test]
fn status_codes_and_text_bodies_are_successes() {
    let server = Server::start();
    let mut rt = open(None);
    // WeChat: any HTTP answer is a success; the page checks statusCode.
    call(&mut rt, "request", json!({ "url": server.url("/missing") }));
    assert_eq!(text_by_id(&rt, "status"), "404");
    assert_eq!(data(&rt)["error"], "nope");
    // dataType json on a body that is not JSON gives the text.
    call(&mut rt, "request", json!({ "url": server.url("/text") }));
    assert_eq!(text_by_id(&rt, "data"), "text:{not json");
    call(
        &mut rt,
        "request",
        json!({ "url": server.url("/json"), "dataType": "text" }),
    );
    assert!(text_by_id(&rt, "data").starts_with("text:{\"method\""));
}

#[test]
fn a_request_without_callbacks_can_be_awaited() {
    let server = Server::start();
    let mut rt = open(None);
    call(&mut rt, "awaited", json!({ "url": server.url("/json") }));
    assert_eq!(text_by_id(&rt, "status"), "200");
    call(&mut rt, "awaited", json!({ "url": "file:///etc/passwd" }));
    assert!(
        text_by_id(&rt, "err").starts_with("caught request:fail invalid url"),
        "{}",
        text_by_id(&rt, "err")
    );
}

#[test]
fn abort_fails_the_request() {
    let server = Server::start();
    let mut rt = open(None);
    call(&mut rt, "aborted", json!({ "url": server.url("/slow") }));
    assert_eq!(text_by_id(&rt, "err"), "request:fail abort");
}

#[test]
fn hostile_urls_are_refused_with_a_clear_errmsg() {
    let mut rt = open(None);
    for url in [
        "file:///etc/passwd",
        "javascript:alert(1)",
        "ftp://127.0.0.1/x",
        "http://user:pw@127.0.0.1/",
        "http://127.0.0.1:99999/",
        "http:///nohost",
        "http://a b/",
    ] {
        call(&mut rt, "request", json!({ "url": url }));
        let err = text_by_id(&rt, "err");
        assert!(err.starts_with("request:fail invalid url"), "{url}: {err}");
        assert_eq!(text_by_id(&rt, "order"), "fail,complete", "{url}");
    }
    call(&mut rt, "request", json!({ "url": 42 }));
    assert!(text_by_id(&rt, "err").contains("parameter.url should be String"));
    call(
        &mut rt,
        "request",
        json!({ "url": "http://127.0.0.1:1/", "method": "BREW" }),
    );
    assert!(text_by_id(&rt, "err").contains("invalid method"));
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
}

#[test]
fn a_server_that_never_answers_times_out() {
    let server = Server::start();
    let mut rt = open(None);
    call(
        &mut rt,
        "request",
        json!({ "url": server.url("/slow"), "timeout": 500 }),
    );
    assert_eq!(text_by_id(&rt, "err"), "request:fail timeout");
}

#[test]
fn responses_over_the_size_cap_fail_without_being_buffered() {
    let server = Server::start();
    let mut rt = open(Some(NetworkPolicy::default().max_response_bytes(1 << 20)));
    call(&mut rt, "request", json!({ "url": server.url("/huge") }));
    assert!(
        text_by_id(&rt, "err").starts_with("request:fail response too large"),
        "{}",
        text_by_id(&rt, "err")
    );
    call(
        &mut rt,
        "request",
        json!({ "url": server.url("/declared-huge") }),
    );
    assert!(text_by_id(&rt, "err").starts_with("request:fail response too large"));
    // The runtime goes on.
    call(&mut rt, "request", json!({ "url": server.url("/json") }));
    assert_eq!(text_by_id(&rt, "status"), "200");
}

#[test]
fn unreachable_hosts_fail() {
    // Bind and drop a listener: nothing listens on its port any more.
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(1);
    let mut rt = open(None);
    call(
        &mut rt,
        "request",
        json!({ "url": format!("http://127.0.0.1:{port}/x") }),
    );
    assert!(text_by_id(&rt, "err").starts_with("request:fail "));
    assert_eq!(text_by_id(&rt, "order"), "fail,complete");
}

#[test]
fn a_package_reaches_only_its_request_domains() {
    let server = Server::start();
    let allowed = format!("http://127.0.0.1:{}", server.port);
    let mut rt = open(Some(NetworkPolicy::default().only(vec![allowed])));
    call(&mut rt, "request", json!({ "url": server.url("/json") }));
    assert_eq!(text_by_id(&rt, "status"), "200");
    let other = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(1);
    call(
        &mut rt,
        "request",
        json!({ "url": format!("http://127.0.0.1:{other}/json") }),
    );
    assert!(
        text_by_id(&rt, "err").starts_with("request:fail url not in domain list"),
        "{}",
        text_by_id(&rt, "err")
    );
}

#[test]
fn more_requests_than_workers_wait_in_a_queue() {
    let server = Server::start();
    let mut rt = open(None);
    call(
        &mut rt,
        "many",
        json!({ "url": server.url("/many"), "count": 25 }),
    );
    let want: Vec<String> = (0..25).map(|i| i.to_string()).collect();
    assert_eq!(text_by_id(&rt, "data"), want.join(","));
}
