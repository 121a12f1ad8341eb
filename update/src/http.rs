//! HTTP/1.1 fetching with minreq: the bounded index fetch and the resumable, streamed
//! package download.
//!
//! Nothing is buffered whole except the index (bounded by `max_index_size`): a package
//! streams into its `.part` file in 64 KiB chunks and is cut off one byte past its
//! declared size.

use std::fs::OpenOptions;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::time::Duration;

use crate::store::remove_if_exists;
use crate::UpdateError;

/// Redirects followed per request (CDNs redirect once or twice).
const MAX_REDIRECTS: usize = 5;
/// Headers are small; a server sending more is broken or hostile.
const MAX_HEADERS: usize = 64 * 1024;
const MAX_STATUS_LINE: usize = 1024;
const CHUNK: usize = 64 * 1024;

/// Either the data, or why the network could not be reached (not an error: the caller
/// reports "offline" and tries again later).
pub(crate) type Fetched<T> = Result<Result<T, String>, UpdateError>;

fn request(url: &str, timeout: Duration, range_from: u64) -> minreq::Request {
    // minreq's timeout is whole seconds and is a deadline for the whole request.
    let secs = timeout.as_millis().div_ceil(1000).max(1);
    let mut request = minreq::get(url)
        .with_timeout(u64::try_from(secs).unwrap_or(u64::MAX))
        .with_max_redirects(MAX_REDIRECTS)
        .with_max_headers_size(MAX_HEADERS)
        .with_max_status_line_length(MAX_STATUS_LINE);
    if range_from > 0 {
        request = request.with_header("Range", format!("bytes={range_from}-"));
    }
    request
}

/// Connection-level failures mean "offline"; anything else is a broken server.
fn classify(url: &str, error: minreq::Error) -> Result<String, UpdateError> {
    match error {
        minreq::Error::IoError(e) => Ok(e.to_string()),
        minreq::Error::AddressNotFound => Ok("host not found".into()),
        other => Err(UpdateError::Protocol {
            url: url.to_string(),
            message: other.to_string(),
        }),
    }
}

fn content_length(url: &str, response: &minreq::ResponseLazy) -> Result<Option<u64>, UpdateError> {
    match response.headers.get("content-length") {
        None => Ok(None),
        Some(text) => text
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| UpdateError::Protocol {
                url: url.to_string(),
                message: format!("bad Content-Length `{text}`"),
            }),
    }
}

fn status_error(url: &str, response: &minreq::ResponseLazy) -> UpdateError {
    UpdateError::Http {
        url: url.to_string(),
        status: response.status_code,
        reason: response.reason_phrase.clone(),
    }
}

/// GETs a small document (the release index), refusing more than `max` bytes.
pub(crate) fn fetch_bounded(
    url: &str,
    timeout: Duration,
    max: u64,
    what: &'static str,
) -> Fetched<Vec<u8>> {
    let response = match request(url, timeout, 0).send_lazy() {
        Ok(response) => response,
        Err(e) => return classify(url, e).map(Err),
    };
    if response.status_code != 200 {
        return Err(status_error(url, &response));
    }
    let too_large = || UpdateError::TooLarge {
        what,
        url: url.to_string(),
        limit: max,
    };
    if content_length(url, &response)?.is_some_and(|len| len > max) {
        return Err(too_large());
    }
    let mut body = Vec::new();
    match Read::take(response, max.saturating_add(1)).read_to_end(&mut body) {
        Ok(_) if body.len() as u64 > max => Err(too_large()),
        Ok(_) => Ok(Ok(body)),
        Err(e) => Ok(Err(format!("{what} download interrupted: {e}"))),
    }
}

/// The state of a `.part` file after a download attempt.
#[derive(Debug)]
pub(crate) enum Download {
    /// The file has exactly the declared size (its hash is not checked yet).
    Complete,
    /// The connection failed or closed early; the file keeps what arrived.
    Interrupted {
        /// Bytes in the part file.
        have: u64,
        /// What happened.
        reason: String,
    },
}

/// Parses `bytes START-END/TOTAL` (TOTAL may be `*`), RFC 9110 §14.4.
fn parse_content_range(value: &str) -> Option<(u64, u64, Option<u64>)> {
    let rest = value.trim().strip_prefix("bytes")?.trim_start();
    let (range, total) = rest.split_once('/')?;
    let (start, end) = range.split_once('-')?;
    let total = match total.trim() {
        "*" => None,
        t => Some(t.parse().ok()?),
    };
    Some((start.trim().parse().ok()?, end.trim().parse().ok()?, total))
}

/// Downloads `url` into `part`, resuming from the bytes already there with a `Range`
/// request. Never writes more than `size` bytes: a longer response is cut off, the part
/// file deleted and the download refused.
pub(crate) fn download(
    url: &str,
    part: &Path,
    size: u64,
    timeout: Duration,
) -> Result<Download, UpdateError> {
    let io_err = UpdateError::io(part);
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(part)
        .map_err(UpdateError::io(part))?;
    let mut have = file.metadata().map_err(UpdateError::io(part))?.len();
    if have > size {
        log::warn!(
            "{} is longer than the release; starting over",
            part.display()
        );
        have = 0;
    }
    if have == size {
        return Ok(Download::Complete);
    }
    let mut ask_range = have > 0;
    let (mut response, start) = loop {
        let from = if ask_range { have } else { 0 };
        let response = match request(url, timeout, from).send_lazy() {
            Ok(response) => response,
            Err(e) => {
                return classify(url, e).map(|reason| Download::Interrupted { have, reason });
            }
        };
        let protocol = |message: String| UpdateError::Protocol {
            url: url.to_string(),
            message,
        };
        match response.status_code {
            200 => {
                if from > 0 {
                    log::info!("{url}: the server ignored the Range request; starting over");
                }
                break (response, 0);
            }
            206 if from > 0 => {
                let header = response
                    .headers
                    .get("content-range")
                    .cloned()
                    .unwrap_or_default();
                match parse_content_range(&header) {
                    Some((s, e, total))
                        if s == from
                            && e.checked_add(1) == Some(size)
                            && total.is_none_or(|t| t == size) =>
                    {
                        log::info!("{url}: resuming at byte {from} of {size}");
                        break (response, from);
                    }
                    _ => {
                        log::warn!(
                            "{url}: Content-Range `{header}` does not continue bytes {from}-{} of {size}; starting over",
                            size - 1
                        );
                        ask_range = false;
                    }
                }
            }
            206 => {
                return Err(protocol(
                    "206 Partial Content to a request without Range".into(),
                ))
            }
            416 if from > 0 => {
                log::warn!("{url}: range {from}- not satisfiable; starting over");
                ask_range = false;
            }
            _ => return Err(status_error(url, &response)),
        }
    };
    if let Some(len) = content_length(url, &response)? {
        let end = start.saturating_add(len);
        if end > size {
            remove_if_exists(part);
            return Err(UpdateError::TooLarge {
                what: "package",
                url: url.to_string(),
                limit: size,
            });
        }
        if end < size {
            return Err(UpdateError::SizeMismatch {
                url: url.to_string(),
                expected: size,
                actual: end,
            });
        }
    }
    file.set_len(start).map_err(UpdateError::io(part))?;
    file.seek(SeekFrom::Start(start))
        .map_err(UpdateError::io(part))?;
    have = start;
    let mut body = Read::take(&mut response, size - start + 1);
    let mut buf = vec![0u8; CHUNK];
    let interrupted = loop {
        match body.read(&mut buf) {
            Ok(0) => break None,
            Ok(n) => {
                let n = n as u64;
                if have + n > size {
                    drop(file);
                    remove_if_exists(part);
                    return Err(UpdateError::TooLarge {
                        what: "package",
                        url: url.to_string(),
                        limit: size,
                    });
                }
                file.write_all(&buf[..n as usize])
                    .map_err(UpdateError::io(part))?;
                have += n;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => break Some(e.to_string()),
        }
    };
    file.sync_all().map_err(io_err)?;
    if let Some(reason) = interrupted {
        return Ok(Download::Interrupted { have, reason });
    }
    if have < size {
        return Ok(Download::Interrupted {
            have,
            reason: format!("the connection closed after {have} of {size} bytes"),
        });
    }
    Ok(Download::Complete)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_range() {
        assert_eq!(
            parse_content_range("bytes 10-99/100"),
            Some((10, 99, Some(100)))
        );
        assert_eq!(parse_content_range("bytes 0-0/*"), Some((0, 0, None)));
        assert_eq!(parse_content_range("bytes */100"), None);
        assert_eq!(parse_content_range("items 1-2/3"), None);
        assert_eq!(parse_content_range(""), None);
    }
}
