//! A small real HTTP/1.1 server on 127.0.0.1:0 for the update tests: serves files from a
//! map, honours `Range: bytes=N-`, records every request, and can break a download.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

/// How one path is served.
#[derive(Debug, Clone)]
pub struct Served {
    pub body: Vec<u8>,
    /// Answer `Range: bytes=N-` with 206 (else always 200 with the whole body).
    pub ranges: bool,
    /// Send Content-Length (else the body ends when the connection closes).
    pub content_length: bool,
    /// Answer a Range request with a Content-Range that starts one byte too early.
    pub wrong_content_range: bool,
}

impl Served {
    pub fn new(body: Vec<u8>) -> Self {
        Served {
            body,
            ranges: true,
            content_length: true,
            wrong_content_range: false,
        }
    }
}

/// A request the server saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub path: String,
    pub range: Option<String>,
}

#[derive(Default)]
struct Shared {
    files: Mutex<HashMap<String, Served>>,
    requests: Mutex<Vec<Recorded>>,
    drop_after: Mutex<Option<(String, usize)>>,
    stop: AtomicBool,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

pub struct Server {
    addr: SocketAddr,
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    pub fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local addr");
        let shared = Arc::new(Shared::default());
        let thread_shared = Arc::clone(&shared);
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if thread_shared.stop.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    // One connection at a time: the updater makes one request at a time.
                    handle(&thread_shared, stream);
                }
            }
        });
        Server {
            addr,
            shared,
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:PORT/<path>` (path without the leading slash).
    pub fn url(&self, path: &str) -> String {
        format!("http://{}/{path}", self.addr)
    }

    pub fn put(&self, path: &str, body: impl Into<Vec<u8>>) {
        self.put_served(path, Served::new(body.into()));
    }

    pub fn put_served(&self, path: &str, served: Served) {
        lock(&self.shared.files).insert(format!("/{path}"), served);
    }

    /// The next response for `path` is cut after `bytes` body bytes (once).
    pub fn drop_after_once(&self, path: &str, bytes: usize) {
        *lock(&self.shared.drop_after) = Some((format!("/{path}"), bytes));
    }

    pub fn requests(&self) -> Vec<Recorded> {
        lock(&self.shared.requests).clone()
    }

    /// Requests for one path.
    pub fn requests_for(&self, path: &str) -> Vec<Recorded> {
        let path = format!("/{path}");
        self.requests()
            .into_iter()
            .filter(|r| r.path == path)
            .collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop.
        let _ = TcpStream::connect(self.addr);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn handle(shared: &Shared, stream: TcpStream) {
    // Bounded, so a confused client cannot hang the test server.
    let _ = stream.set_read_timeout(Some(Duration::from_secs(20)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(20)));
    let mut reader = BufReader::new(&stream);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() || request_line.is_empty() {
        return;
    }
    let mut range = None;
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("range") {
                range = Some(value.trim().to_string());
            }
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let path = parts.next().unwrap_or_default().to_string();
    lock(&shared.requests).push(Recorded {
        path: path.clone(),
        range: range.clone(),
    });
    let served = lock(&shared.files).get(&path).cloned();
    let mut stream = &stream;
    let Some(served) = served.filter(|_| method == "GET") else {
        let _ = stream
            .write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        return;
    };
    let len = served.body.len();
    let from = range
        .as_deref()
        .and_then(|r| r.strip_prefix("bytes="))
        .and_then(|r| r.strip_suffix('-'))
        .and_then(|n| n.parse::<usize>().ok())
        .filter(|_| served.ranges);
    let (status, mut headers, body) = match from {
        Some(n) if n >= len => (
            "416 Range Not Satisfiable",
            format!("Content-Range: bytes */{len}\r\n"),
            &[][..],
        ),
        Some(n) => {
            let start = if served.wrong_content_range {
                n.saturating_sub(1)
            } else {
                n
            };
            (
                "206 Partial Content",
                format!("Content-Range: bytes {start}-{}/{len}\r\n", len - 1),
                &served.body[n..],
            )
        }
        None => ("200 OK", String::new(), &served.body[..]),
    };
    if served.content_length {
        headers.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    let head = format!("HTTP/1.1 {status}\r\n{headers}Connection: close\r\n\r\n");
    if stream.write_all(head.as_bytes()).is_err() {
        return;
    }
    let cut = {
        let mut drop_after = lock(&shared.drop_after);
        match drop_after.take() {
            Some((cut_path, n)) if cut_path == path => Some(n),
            other => {
                *drop_after = other;
                None
            }
        }
    };
    let body = match cut {
        Some(n) => &body[..n.min(body.len())],
        None => body,
    };
    let _ = stream.write_all(body);
    let _ = stream.flush();
    let _ = stream.shutdown(Shutdown::Write);
}

/// An address on which nothing listens (a server that is not running).
pub fn dead_url(path: &str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    format!("http://{addr}/{path}")
}
