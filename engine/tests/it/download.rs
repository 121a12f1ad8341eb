//! `wx.downloadFile` against a real HTTP server on 127.0.0.1 that the test starts
//! (engine/tests/apps/download): the temp file and its bytes, a downloaded PNG shown
//! by `<image>`, progress and header listeners, status codes, promises, abort,
//! timeouts, the size cap, hostile URLs, the domain list (redirects included), and the
//! temp folder going away with the runtime.

use std::net::TcpStream;
use std::path::{Path, PathBuf};

use mica_engine::runtime::{Runtime, RuntimeConfig};
use mica_engine::script::NetworkPolicy;
use mica_renderer::tiny_skia::{Color, Pixmap};
use serde_json::{json, Value};

use crate::http::{
    call, closed_port, declared_huge, endless, header_value, never_answer, respond, Request,
    Server, HOSTILE_URLS,
};
use crate::support::{fixture, launch_with, text_by_id, workspace};

/// What `/file.bin` serves: 300 000 bytes, several reads' worth.
fn body() -> Vec<u8> {
    (0..300_000u32).map(|i| (i % 251) as u8).collect()
}

/// A 16×16 opaque red PNG.
fn red_png() -> Vec<u8> {
    let mut pixmap = Pixmap::new(16, 16).unwrap_or_else(|| panic!("pixmap"));
    pixmap.fill(Color::from_rgba8(255, 0, 0, 255));
    mica_renderer::encode_png(&pixmap).unwrap_or_else(|e| panic!("{e}"))
}

fn serve(stream: &TcpStream, (_, target, headers, _): Request) {
    let header = |name: &str| header_value(&headers, name);
    match target.as_str() {
        "/file.bin" => respond(
            stream,
            "200 OK",
            "Content-Type: application/octet-stream\r\n",
            &body(),
        ),
        "/red" => respond(stream, "200 OK", "Content-Type: image/png\r\n", &red_png()),
        "/missing" => respond(
            stream,
            "404 Not Found",
            "Content-Type: text/plain\r\n",
            b"gone",
        ),
        "/echo.txt" => {
            let text = format!(
                "x-test={};referer={};authorization={}",
                header("x-test"),
                header("referer"),
                header("authorization")
            );
            respond(stream, "200 OK", "", text.as_bytes());
        }
        "/to-localhost" => {
            // The same server under another origin.
            let port = header("host").rsplit(':').next().unwrap_or("").to_string();
            let location = format!("Location: http://localhost:{port}/echo.txt\r\n");
            respond(stream, "302 Found", &location, b"");
        }
        "/to-file" => respond(stream, "302 Found", "Location: file.bin\r\n", b""),
        "/to-elsewhere" => respond(
            stream,
            "302 Found",
            "Location: http://example.invalid/x\r\n",
            b"",
        ),
        "/slow" => never_answer(stream),
        "/stall" => {
            // Headers and a few bytes of a longer body, then nothing.
            let mut s = stream;
            let _ = std::io::Write::write_all(
                &mut s,
                b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nConnection: close\r\n\r\nabc",
            );
            never_answer(stream);
        }
        "/huge" => endless(stream),
        "/declared-huge" => declared_huge(stream),
        _ => respond(stream, "404 Not Found", "", b""),
    }
}

/// A runtime whose temp files go to a fresh folder of its own (returned).
fn open(name: &str, network: Option<NetworkPolicy>) -> (Runtime, PathBuf) {
    let temp = workspace()
        .join("target/test-tmp")
        .join(format!("download-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&temp);
    let config = RuntimeConfig {
        width: 320,
        height: 240,
        network,
        temp_dir: Some(temp.clone()),
        ..Default::default()
    };
    (launch_with(fixture("download"), config), temp)
}

/// Every file in the runtime's temp folder(s) under `temp`.
fn temp_files(temp: &Path) -> Vec<PathBuf> {
    let Ok(dirs) = std::fs::read_dir(temp) else {
        return Vec::new();
    };
    dirs.flatten()
        .filter_map(|d| std::fs::read_dir(d.path()).ok())
        .flat_map(|files| files.flatten().map(|f| f.path()))
        .collect()
}

/// The bytes of the temp file `wxfile://tmp_...` names.
fn temp_bytes(temp: &Path, url: &str) -> Vec<u8> {
    let name = url
        .strip_prefix("wxfile://")
        .unwrap_or_else(|| panic!("not a wxfile path: {url}"));
    let file = temp_files(temp)
        .into_iter()
        .find(|p| p.file_name().is_some_and(|n| n == name))
        .unwrap_or_else(|| panic!("no temp file {name}"));
    std::fs::read(file).unwrap_or_else(|e| panic!("{e}"))
}

fn err(rt: &Runtime) -> String {
    text_by_id(rt, "err")
}

#[test]
fn a_download_is_a_temp_file_holding_what_was_served() {
    let server = Server::start(serve);
    let (mut rt, temp) = open("bytes", None);
    call(
        &mut rt,
        "download",
        json!({ "url": server.url("/file.bin") }),
    );
    assert_eq!(err(&rt), "downloadFile:ok");
    assert_eq!(text_by_id(&rt, "order"), "success,complete");
    assert_eq!(text_by_id(&rt, "status"), "200");
    let path = text_by_id(&rt, "path");
    assert!(path.starts_with("wxfile://tmp_"), "{path}");
    assert!(path.ends_with(".bin"), "named after the URL: {path}");
    assert!(
        temp_bytes(&temp, &path) == body(),
        "the file holds the body"
    );
    // Progress from 0 to 100 as the body arrives, and the headers before it.
    let progress = text_by_id(&rt, "progress");
    let steps: Vec<&str> = progress.split(',').collect();
    assert_eq!(steps.first(), Some(&"0/0/300000"), "{progress}");
    assert_eq!(steps.last(), Some(&"100/300000/300000"), "{progress}");
    assert!(steps.len() > 3, "one per chunk: {progress}");
    let percents: Vec<u64> = steps
        .iter()
        .filter_map(|s| s.split('/').next()?.parse().ok())
        .collect();
    assert!(percents.windows(2).all(|w| w[0] < w[1]), "{progress}");
    assert_eq!(text_by_id(&rt, "headers"), "application/octet-stream");
    // Request headers go out; Referer cannot be set, as in WeChat.
    let header = json!({ "X-Test": "yes", "Referer": "http://evil/", "Authorization": "Bearer s" });
    call(
        &mut rt,
        "download",
        json!({ "url": server.url("/echo.txt"), "header": header }),
    );
    let path = text_by_id(&rt, "path");
    assert!(path.ends_with(".txt"), "{path}");
    assert_eq!(
        temp_bytes(&temp, &path),
        b"x-test=yes;referer=;authorization=Bearer s"
    );
    // A redirect to another origin does not carry the credentials there.
    call(
        &mut rt,
        "download",
        json!({ "url": server.url("/to-localhost"), "header": header }),
    );
    assert_eq!(
        temp_bytes(&temp, &text_by_id(&rt, "path")),
        b"x-test=yes;referer=;authorization="
    );
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
}

#[test]
fn a_downloaded_png_is_shown_by_an_image() {
    let server = Server::start(serve);
    let (mut rt, _temp) = open("png", None);
    call(&mut rt, "show", json!({ "url": server.url("/red") }));
    assert_eq!(err(&rt), "");
    let path = text_by_id(&rt, "path");
    assert!(
        path.ends_with(".png"),
        "named after the Content-Type: {path}"
    );
    let pixel = rt
        .pixmap()
        .pixel(20, 20)
        .unwrap_or_else(|| panic!("no pixel"))
        .demultiply();
    assert_eq!(
        (pixel.red(), pixel.green(), pixel.blue()),
        (255, 0, 0),
        "the image shows the downloaded picture"
    );
    assert!(
        !rt.warnings().iter().any(|w| w.source == "image"),
        "{:?}",
        rt.warnings()
    );
}

#[test]
fn http_errors_are_successes_with_their_status() {
    let server = Server::start(serve);
    let (mut rt, temp) = open("status", None);
    // WeChat: whatever the server answers is written and `success` gets statusCode.
    call(
        &mut rt,
        "download",
        json!({ "url": server.url("/missing") }),
    );
    assert_eq!(text_by_id(&rt, "order"), "success,complete");
    assert_eq!(text_by_id(&rt, "status"), "404");
    assert_eq!(temp_bytes(&temp, &text_by_id(&rt, "path")), b"gone");
}

#[test]
fn a_download_without_callbacks_can_be_awaited() {
    let server = Server::start(serve);
    let (mut rt, temp) = open("await", None);
    call(
        &mut rt,
        "awaited",
        json!({ "url": server.url("/file.bin") }),
    );
    assert_eq!(err(&rt), "downloadFile:ok");
    assert!(temp_bytes(&temp, &text_by_id(&rt, "path")) == body());
    call(&mut rt, "awaited", json!({ "url": "file:///etc/passwd" }));
    assert!(
        err(&rt).starts_with("caught downloadFile:fail invalid url"),
        "{}",
        err(&rt)
    );
}

#[test]
fn abort_fails_the_download() {
    let server = Server::start(serve);
    let (mut rt, _temp) = open("abort", None);
    // Before the server answered (aborting twice changes nothing).
    call(&mut rt, "aborted", json!({ "url": server.url("/slow") }));
    assert_eq!(err(&rt), "downloadFile:fail abort");
    // While the body arrives: the call fails at once and no longer counts as running.
    call(
        &mut rt,
        "abortOnHeaders",
        json!({ "url": server.url("/stall"), "timeout": 1000 }),
    );
    assert_eq!(err(&rt), "downloadFile:fail abort");
}

#[test]
fn servers_that_stall_time_out_and_leave_no_file() {
    let server = Server::start(serve);
    let (mut rt, temp) = open("timeout", None);
    call(
        &mut rt,
        "download",
        json!({ "url": server.url("/slow"), "timeout": 500 }),
    );
    assert_eq!(err(&rt), "downloadFile:fail timeout");
    assert_eq!(text_by_id(&rt, "order"), "fail,complete");
    // The headers came, the body stopped.
    call(
        &mut rt,
        "download",
        json!({ "url": server.url("/stall"), "timeout": 500 }),
    );
    assert_eq!(err(&rt), "downloadFile:fail timeout");
    assert_eq!(temp_files(&temp), Vec::<PathBuf>::new());
}

#[test]
fn files_over_the_size_cap_fail_and_leave_no_file() {
    let server = Server::start(serve);
    let (mut rt, temp) = open(
        "cap",
        Some(NetworkPolicy::default().max_download_bytes(1 << 20)),
    );
    // 2 MiB with no Content-Length: cut off past the cap while it streams to disk.
    call(&mut rt, "download", json!({ "url": server.url("/huge") }));
    assert!(
        err(&rt).starts_with("downloadFile:fail response too large"),
        "{}",
        err(&rt)
    );
    // A declared length over the cap is refused before anything is written.
    call(
        &mut rt,
        "download",
        json!({ "url": server.url("/declared-huge") }),
    );
    assert!(err(&rt).starts_with("downloadFile:fail response too large"));
    assert_eq!(temp_files(&temp), Vec::<PathBuf>::new());
    // The runtime goes on.
    call(
        &mut rt,
        "download",
        json!({ "url": server.url("/file.bin") }),
    );
    assert_eq!(text_by_id(&rt, "status"), "200");
}

#[test]
fn hostile_urls_and_other_domains_are_refused() {
    let server = Server::start(serve);
    let allowed = format!("http://127.0.0.1:{}", server.port);
    let (mut rt, temp) = open(
        "refused",
        Some(NetworkPolicy::default().only(vec![allowed])),
    );
    for url in HOSTILE_URLS {
        call(&mut rt, "download", json!({ "url": url }));
        assert!(
            err(&rt).starts_with("downloadFile:fail invalid url"),
            "{url}: {}",
            err(&rt)
        );
        assert_eq!(text_by_id(&rt, "order"), "fail,complete", "{url}");
    }
    // One list for both APIs: the package's request domains.
    let other = format!("http://127.0.0.1:{}/file.bin", closed_port());
    call(&mut rt, "download", json!({ "url": other }));
    assert!(
        err(&rt).starts_with("downloadFile:fail url not in domain list"),
        "{}",
        err(&rt)
    );
    call(
        &mut rt,
        "download",
        json!({ "url": server.url("/file.bin") }),
    );
    assert_eq!(err(&rt), "downloadFile:ok");
    // A redirect is followed within the list only.
    call(
        &mut rt,
        "download",
        json!({ "url": server.url("/to-file") }),
    );
    assert!(temp_bytes(&temp, &text_by_id(&rt, "path")) == body());
    call(
        &mut rt,
        "download",
        json!({ "url": server.url("/to-elsewhere") }),
    );
    assert_eq!(
        err(&rt),
        "downloadFile:fail redirect refused: url not in domain list: http://example.invalid \
         is not among the package's request domains"
    );
    call(&mut rt, "download", json!({ "url": 42 }));
    assert_eq!(
        err(&rt),
        "downloadFile:fail parameter error: parameter.url should be String instead of Number;"
    );
    call(
        &mut rt,
        "download",
        json!({ "url": server.url("/file.bin"), "filePath": "wxfile://usr/a.bin" }),
    );
    assert!(
        err(&rt).starts_with("downloadFile:fail filePath is not supported"),
        "{}",
        err(&rt)
    );
    assert_eq!(temp_files(&temp).len(), 2, "only the allowed downloads");
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
}

#[test]
fn temp_files_go_when_the_runtime_stops() {
    let server = Server::start(serve);
    let (mut rt, temp) = open("cleanup", None);
    call(
        &mut rt,
        "download",
        json!({ "url": server.url("/file.bin") }),
    );
    assert_eq!(temp_files(&temp).len(), 1);
    rt.shutdown();
    let left: Vec<_> = std::fs::read_dir(&temp)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    assert_eq!(left, Vec::<PathBuf>::new(), "the runtime's folder is gone");
    let _ = std::fs::remove_dir_all(&temp);
}

#[test]
fn the_new_apis_are_in_can_i_use() {
    let (mut rt, _temp) = open("caniuse", None);
    rt.call_page_method("canIUse", Value::Null)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(text_by_id(&rt, "status"), "true,true,true,true");
}
