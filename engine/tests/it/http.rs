//! A small HTTP/1.1 server on 127.0.0.1 for the network tests (request.rs,
//! download.rs): one thread per connection, the routes are the test's handler.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use mica_engine::runtime::Runtime;
use serde_json::{json, Value};

/// Method, target, headers (lower-case names) and body of one request.
pub type Request = (String, String, Vec<(String, String)>, String);

/// A server on a free port of 127.0.0.1, serving until the test process ends.
pub struct Server {
    pub port: u16,
}

impl Server {
    /// Starts a server that answers each request with `handler`.
    pub fn start(handler: fn(&TcpStream, Request)) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind: {e}"));
        let port = listener.local_addr().map(|a| a.port()).unwrap_or_default();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                std::thread::spawn(move || {
                    if let Some(request) = read_request(&stream) {
                        handler(&stream, request);
                    }
                });
            }
        });
        Server { port }
    }

    /// `http://127.0.0.1:<port><path>`.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

/// Calls page method `name` with `detail`, then waits for every request to finish.
pub fn call(rt: &mut Runtime, name: &str, detail: Value) {
    rt.call_page_method(name, json!({ "type": "call", "detail": detail }))
        .unwrap_or_else(|e| panic!("{e}"));
    rt.wait_requests(Duration::from_secs(30))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rt.requests_in_flight(), 0);
}

/// The value of request header `name` (lower case), or empty.
pub fn header_value(headers: &[(String, String)], name: &str) -> String {
    headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

/// URLs every network API refuses with `<api>:fail invalid url ...`.
pub const HOSTILE_URLS: [&str; 7] = [
    "file:///etc/passwd",
    "javascript:alert(1)",
    "ftp://127.0.0.1/x",
    "http://user:pw@127.0.0.1/",
    "http://127.0.0.1:99999/",
    "http:///nohost",
    "http://a b/",
];

/// A port nothing listens on (a listener bound and dropped).
pub fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(1)
}

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

/// Answers with `status`, the `extra` header lines (each ending in `\r\n`) and `body`.
pub fn respond(mut stream: &TcpStream, status: &str, extra: &str, body: &[u8]) {
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n{extra}\r\n",
        body.len()
    );
    let _ = stream.write_all(body);
}

/// Never answers; returns when the client gives up and closes the connection.
pub fn never_answer(mut stream: &TcpStream) {
    let mut byte = [0u8; 1];
    let _ = stream.read(&mut byte);
}

/// 2 MiB with no `Content-Length`: only the client's cap stops it.
pub fn endless(mut stream: &TcpStream) {
    let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n");
    let chunk = vec![b'x'; 64 * 1024];
    for _ in 0..32 {
        if stream.write_all(&chunk).is_err() {
            break;
        }
    }
}

/// Declares 100 MB and sends two bytes.
pub fn declared_huge(mut stream: &TcpStream) {
    let _ = stream
        .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\nConnection: close\r\n\r\nxx");
}
