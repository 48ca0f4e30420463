//! WARC and WARC.gz archives (such as CC-NEWS): the HTML `response` records become documents,
//! with each record's `WARC-Target-URI` as url and `WARC-Date` as date.
//!
//! WARC is simple enough to read directly: a version line, header lines, a blank line, exactly
//! `Content-Length` bytes of block, and two line breaks. Records are streamed, so archives of any
//! size are read in bounded memory; gzip members (one per record, as WARC.gz uses) are read
//! through a multi-member decoder.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use tidings_ingest::{parse_date, Body, RawDoc};
use tidings_model::Warning;

/// Records larger than this are skipped with a warning (their bytes are read and dropped).
pub const MAX_RECORD_BYTES: u64 = 16 * 1024 * 1024;
/// A WARC or HTTP header block may have at most this many lines, each at most this long.
pub const MAX_HEADER_LINES: usize = 256;
pub const MAX_HEADER_LINE_BYTES: usize = 16 * 1024;

/// Reads a `.warc` or `.warc.gz` file (gzip is detected from the magic bytes).
pub fn read_warc_file(path: &Path) -> (Vec<RawDoc>, Vec<Warning>) {
    let name = tidings_ingest::display_path(path);
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return (Vec::new(), vec![Warning::new(name, format!("cannot open: {e}"))]),
    };
    let mut buf = BufReader::new(file);
    let gz = buf.fill_buf().map(|b| b.starts_with(&[0x1f, 0x8b])).unwrap_or(false);
    if gz {
        read_warc(BufReader::new(flate2::bufread::MultiGzDecoder::new(buf)), &name)
    } else {
        read_warc(buf, &name)
    }
}

/// Reads WARC records from an uncompressed stream. Never fails: bad records become warnings,
/// and a broken framing stops the file with a warning after the records read so far.
pub fn read_warc(mut r: impl BufRead, name: &str) -> (Vec<RawDoc>, Vec<Warning>) {
    let mut docs = Vec::new();
    let mut warnings = Vec::new();
    let mut n = 0usize;
    loop {
        // Skip blank lines between records.
        let version = match read_line(&mut r) {
            Ok(None) => break,
            Ok(Some(l)) if l.trim().is_empty() => continue,
            Ok(Some(l)) => l,
            Err(e) => {
                warnings.push(Warning::new(name, e));
                break;
            }
        };
        n += 1;
        let subject = format!("{name}#{n}");
        if !version.starts_with("WARC/") {
            warnings.push(Warning::new(subject, "not a warc record header, stopped reading the file"));
            break;
        }
        let headers = match read_headers(&mut r) {
            Ok(h) => h,
            Err(e) => {
                warnings.push(Warning::new(subject, e));
                break;
            }
        };
        let get = |k: &str| headers.iter().find(|(h, _)| h.eq_ignore_ascii_case(k)).map(|(_, v)| v.as_str());
        let Some(len) = get("Content-Length").and_then(|v| v.trim().parse::<u64>().ok()) else {
            warnings.push(Warning::new(subject, "record without a valid content-length, stopped reading the file"));
            break;
        };
        let wanted = get("WARC-Type").is_some_and(|t| t.eq_ignore_ascii_case("response"))
            && get("Content-Type").is_some_and(|t| t.to_ascii_lowercase().contains("msgtype=response"));
        if !wanted || len > MAX_RECORD_BYTES {
            if wanted {
                warnings.push(Warning::new(subject.clone(), format!("record larger than {MAX_RECORD_BYTES} bytes, skipped")));
            }
            match std::io::copy(&mut (&mut r).take(len), &mut std::io::sink()) {
                Ok(c) if c == len => continue,
                _ => {
                    warnings.push(Warning::new(subject, "archive ends inside a record"));
                    break;
                }
            }
        }
        let mut block = Vec::with_capacity(len as usize);
        if (&mut r).take(len).read_to_end(&mut block).map(|c| c as u64 != len).unwrap_or(true) {
            warnings.push(Warning::new(subject, "archive ends inside a record"));
            break;
        }
        let uri = get("WARC-Target-URI").map(|u| u.trim().trim_matches(|c| c == '<' || c == '>').to_string());
        let date = get("WARC-Date").and_then(parse_date);
        match http_html_body(&block) {
            Ok(Some(body)) => docs.push(RawDoc {
                path: Some(subject),
                url: uri.clone().filter(|u| url::Url::parse(u).is_ok()),
                outlet: uri.as_deref().and_then(crate::feed::outlet_of),
                title: None,
                published: date,
                body: Body::Html(body),
            }),
            Ok(None) => {}
            Err(e) => warnings.push(Warning::new(subject, e)),
        }
    }
    (docs, warnings)
}

fn read_line(r: &mut impl BufRead) -> Result<Option<String>, String> {
    let mut line = Vec::new();
    let got = r.take(MAX_HEADER_LINE_BYTES as u64 + 1).read_until(b'\n', &mut line).map_err(|e| format!("cannot read: {e}"))?;
    if got == 0 {
        return Ok(None);
    }
    if line.len() > MAX_HEADER_LINE_BYTES {
        return Err("header line too long, stopped reading the file".into());
    }
    Ok(Some(String::from_utf8_lossy(&line).trim_end_matches(['\r', '\n']).to_string()))
}

fn read_headers(r: &mut impl BufRead) -> Result<Vec<(String, String)>, String> {
    let mut headers = Vec::new();
    loop {
        let Some(line) = read_line(r)? else { return Err("archive ends inside a record header".into()) };
        if line.is_empty() {
            return Ok(headers);
        }
        if headers.len() >= MAX_HEADER_LINES {
            return Err("too many header lines, stopped reading the file".into());
        }
        if let Some((k, v)) = line.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
}

/// The body of an HTTP response block when it is a 200 HTML page; `Ok(None)` for other
/// statuses and types. Bodies with a content encoding are skipped with a reason (crawlers such
/// as Common Crawl store them decoded).
fn http_html_body(block: &[u8]) -> Result<Option<Vec<u8>>, String> {
    let Some(split) = find(block, b"\r\n\r\n").map(|i| (i, i + 4)).or_else(|| find(block, b"\n\n").map(|i| (i, i + 2))) else {
        return Err("http response without a header end, skipped".into());
    };
    let head = String::from_utf8_lossy(&block[..split.0]);
    let mut lines = head.lines();
    let status = lines.next().unwrap_or("");
    let code: u16 = status.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    if !status.starts_with("HTTP/") {
        return Err("record block is not an http response, skipped".into());
    }
    if code != 200 {
        return Ok(None);
    }
    let mut html = false;
    for l in lines {
        let Some((k, v)) = l.split_once(':') else { continue };
        let (k, v) = (k.trim().to_ascii_lowercase(), v.trim().to_ascii_lowercase());
        if k == "content-type" {
            html = v.starts_with("text/html") || v.starts_with("application/xhtml+xml");
        }
        if (k == "content-encoding" && v != "identity") || (k == "transfer-encoding" && v.contains("chunked")) {
            return Err(format!("http body with {k} `{v}` is not read, skipped"));
        }
    }
    Ok(html.then(|| block[split.1..].to_vec()))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}
