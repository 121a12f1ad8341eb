//! `wx.request` against a real HTTP server on 127.0.0.1 that the test starts: query and
//! body encoding, headers, status codes, JSON and text, promises, abort, timeouts, size
//! caps, hostile URLs, the domain list of a package, and the concurrency queue.

use std::net::TcpStream;

use mica_engine::runtime::{Runtime, RuntimeConfig};
use mica_engine::script::NetworkPolicy;
use serde_json::{json, Value};

use crate::http::{
    call, closed_port, declared_huge, endless, header_value, never_answer, respond, Request,
    Server, HOSTILE_URLS,
};
use crate::support::{fixture, launch_with, text_by_id};

fn serve(stream: &TcpStream, (method, target, headers, body): Request) {
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let header = |name: &str| header_value(&headers, name);
    match path {
        "/json" => {
            let reply = json!({
                "method": method, "query": query, "body": body,
                "xtest": header("x-test"), "type": header("content-type"),
            });
            respond(
                stream,
                "200 OK",
                &format!("Content-Type: application/json\r\nX-Echo-Method: {method}\r\n"),
                reply.to_string().as_bytes(),
            );
        }
        "/text" => respond(
            stream,
            "200 OK",
            "Content-Type: text/plain\r\n",
            b"{not json",
        ),
        "/missing" => respond(stream, "404 Not Found", "", b"{\"error\":\"nope\"}"),
        "/many" => {
            let i: u32 = query.trim_start_matches("i=").parse().unwrap_or(0);
            respond(
                stream,
                "200 OK",
                "",
                json!({ "i": i }).to_string().as_bytes(),
            );
        }
        "/slow" => never_answer(stream),
        "/huge" => endless(stream),
        "/declared-huge" => declared_huge(stream),
        _ => respond(stream, "404 Not Found", "", b""),
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

fn data(rt: &Runtime) -> Value {
    let text = text_by_id(rt, "data");
    serde_json::from_str(text.trim_start_matches("json:")).unwrap_or(Value::String(text))
}

#[test]
fn get_puts_data_in_the_query_and_sends_headers() {
    let server = Server::start(serve);
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
    let server = Server::start(serve);
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
    let server = Server::start(serve);
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
    let server = Server::start(serve);
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
    let server = Server::start(serve);
    let mut rt = open(None);
    call(&mut rt, "aborted", json!({ "url": server.url("/slow") }));
    assert_eq!(text_by_id(&rt, "err"), "request:fail abort");
}

#[test]
fn hostile_urls_are_refused_with_a_clear_errmsg() {
    let mut rt = open(None);
    for url in HOSTILE_URLS {
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
    let server = Server::start(serve);
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
    let server = Server::start(serve);
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
    let port = closed_port();
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
    let server = Server::start(serve);
    let allowed = format!("http://127.0.0.1:{}", server.port);
    let mut rt = open(Some(NetworkPolicy::default().only(vec![allowed])));
    call(&mut rt, "request", json!({ "url": server.url("/json") }));
    assert_eq!(text_by_id(&rt, "status"), "200");
    let other = closed_port();
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
    let server = Server::start(serve);
    let mut rt = open(None);
    call(
        &mut rt,
        "many",
        json!({ "url": server.url("/many"), "count": 25 }),
    );
    let want: Vec<String> = (0..25).map(|i| i.to_string()).collect();
    assert_eq!(text_by_id(&rt, "data"), want.join(","));
}
