//! Reading inputs: files and directories into raw documents, with lenient decoding.
//!
//! `read_paths` walks files and directories recursively and turns each supported file into one
//! or more [`RawDoc`]s:
//! - `.txt`, `.md`: the whole text (the first real line becomes the title during cleaning);
//! - `.html`, `.htm`: kept as bytes for the extractor;
//! - `.json`, `.jsonl`: one article per object with `text` or `html`, and optional `title`, `url`,
//!   `outlet` and `published`;
//! - the `.gz` of any of these.
//!
//! Bad files never stop the batch: each one gives a [`Warning`] naming the file and the reason.
//!
//! ```no_run
//! let (docs, warnings) = tidings_ingest::read_paths(&["examples/seeds".into()]);
//! assert!(warnings.is_empty() && docs.len() == 5);
//! ```

mod decode;

use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use tidings_model::Warning;

pub use decode::decode_text;

/// Single-article files larger than this (after decompression) are skipped with a warning.
/// JSON Lines files are streamed and have no total limit, only [`MAX_LINE_BYTES`] per line.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// One line of a JSON Lines file (one article) may be at most this long.
pub const MAX_LINE_BYTES: usize = 16 * 1024 * 1024;
/// Article text beyond this many bytes is cut at a line break, with a warning: no news article
/// is this long, and one huge file must not stall the batch.
pub const MAX_ARTICLE_BYTES: usize = 2 * 1024 * 1024;
/// Directories are walked at most this deep, so symlink loops cannot run forever.
pub const MAX_DIR_DEPTH: usize = 64;
/// Share of control bytes above which a file is treated as binary and skipped.
pub const MAX_BINARY_SHARE: f64 = 0.05;

/// One input document before cleaning.
#[derive(Debug, Clone, Default)]
pub struct RawDoc {
    pub path: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    /// An explicit title; when `None` the first real line of a text body is the title.
    pub title: Option<String>,
    pub published: Option<DateTime<FixedOffset>>,
    pub body: Body,
}

/// The content of a document.
#[derive(Debug, Clone)]
pub enum Body {
    /// Plain text, already decoded.
    Text(String),
    /// HTML bytes, decoded by the extractor (it knows about `<meta charset>`).
    Html(Vec<u8>),
}

impl Default for Body {
    fn default() -> Body {
        Body::Text(String::new())
    }
}

/// The kinds of file we read, from the extension (after stripping `.gz`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Html,
    Json,
    JsonLines,
}

fn kind_of(path: &Path) -> Option<(Kind, bool)> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let (stem, gz) = match name.strip_suffix(".gz") {
        Some(s) => (s.to_string(), true),
        None => (name, false),
    };
    let ext = stem.rsplit_once('.').map(|(_, e)| e)?;
    let kind = match ext {
        "txt" | "md" | "text" | "markdown" => Kind::Text,
        "html" | "htm" | "xhtml" => Kind::Html,
        "json" => Kind::Json,
        "jsonl" | "ndjson" => Kind::JsonLines,
        _ => return None,
    };
    Some((kind, gz))
}

/// Reads every supported file under `paths`, in a stable (sorted) order.
pub fn read_paths(paths: &[PathBuf]) -> (Vec<RawDoc>, Vec<Warning>) {
    read_paths_with(paths, DEFAULT_MAX_FILE_BYTES)
}

/// Like [`read_paths`] with an explicit size cap per file.
pub fn read_paths_with(paths: &[PathBuf], max_bytes: u64) -> (Vec<RawDoc>, Vec<Warning>) {
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    for p in paths {
        collect_files(p, 0, true, &mut files, &mut warnings);
    }
    let mut docs = Vec::new();
    for f in files {
        read_file(&f, max_bytes, &mut docs, &mut warnings);
    }
    (docs, warnings)
}

fn collect_files(path: &Path, depth: usize, explicit: bool, out: &mut Vec<PathBuf>, warnings: &mut Vec<Warning>) {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            warnings.push(Warning::new(path.display().to_string(), format!("cannot read: {}", lower(&e.to_string()))));
            return;
        }
    };
    if meta.is_dir() {
        if depth >= MAX_DIR_DEPTH {
            warnings.push(Warning::new(path.display().to_string(), "directory nesting too deep, skipped"));
            return;
        }
        let entries = match std::fs::read_dir(path) {
            Ok(rd) => rd,
            Err(e) => {
                warnings.push(Warning::new(path.display().to_string(), format!("cannot list directory: {}", lower(&e.to_string()))));
                return;
            }
        };
        let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        children.sort();
        for c in children {
            let hidden = c.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'));
            if !hidden {
                collect_files(&c, depth + 1, false, out, warnings);
            }
        }
    } else if kind_of(path).is_some() {
        out.push(path.to_path_buf());
    } else if explicit {
        // A file named on the command line is read as text whatever its extension.
        out.push(path.to_path_buf());
    }
}

fn lower(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Reads a whole file, gunzipping when asked, and stops at `max_bytes`.
fn read_bytes(path: &Path, gz: bool, max_bytes: u64) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("cannot open: {}", lower(&e.to_string())))?;
    let mut buf = Vec::new();
    let reader: Box<dyn Read> = if gz { Box::new(flate2::read::MultiGzDecoder::new(file)) } else { Box::new(file) };
    reader
        .take(max_bytes + 1)
        .read_to_end(&mut buf)
        .map_err(|e| format!("cannot read{}: {}", if gz { " gzip" } else { "" }, lower(&e.to_string())))?;
    if buf.len() as u64 > max_bytes {
        return Err(format!("larger than the {} MiB limit, skipped", max_bytes / (1024 * 1024)));
    }
    Ok(buf)
}

fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    if sample.is_empty() {
        return false;
    }
    let control = sample.iter().filter(|&&b| b < 0x09 || (b > 0x0d && b < 0x20 && b != 0x1b)).count();
    sample.contains(&0) && control > 0 || (control as f64 / sample.len() as f64) > MAX_BINARY_SHARE
}

fn read_file(path: &Path, max_bytes: u64, docs: &mut Vec<RawDoc>, warnings: &mut Vec<Warning>) {
    let name = path.display().to_string();
    let (kind, gz) = kind_of(path).unwrap_or((Kind::Text, false));
    if kind == Kind::JsonLines {
        read_json_lines(&name, path, gz, docs, warnings);
        return;
    }
    let bytes = match read_bytes(path, gz, max_bytes) {
        Ok(b) => b,
        Err(e) => {
            warnings.push(Warning::new(name, e));
            return;
        }
    };
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        warnings.push(Warning::new(name, "empty file, skipped"));
        return;
    }
    if looks_binary(&bytes) {
        warnings.push(Warning::new(name, "binary data, not text, skipped"));
        return;
    }
    match kind {
        Kind::Text => {
            let (mut text, lossy) = decode_text(&bytes);
            if lossy {
                warnings.push(Warning::new(name.clone(), "invalid bytes replaced while decoding"));
            }
            if truncate_article(&mut text) {
                warnings.push(Warning::new(name.clone(), format!("text longer than {} MiB, cut there", MAX_ARTICLE_BYTES / (1024 * 1024))));
            }
            docs.push(RawDoc { path: Some(name), body: Body::Text(text), ..RawDoc::default() });
        }
        Kind::Html => docs.push(RawDoc { path: Some(name), body: Body::Html(bytes), ..RawDoc::default() }),
        Kind::Json | Kind::JsonLines => read_json(&name, &bytes, false, docs, warnings),
    }
}

/// Cuts text longer than [`MAX_ARTICLE_BYTES`] at the last line break before the limit.
pub fn truncate_article(text: &mut String) -> bool {
    if text.len() <= MAX_ARTICLE_BYTES {
        return false;
    }
    let mut cut = MAX_ARTICLE_BYTES;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    if let Some(nl) = text[..cut].rfind('\n') {
        cut = nl;
    }
    text.truncate(cut);
    true
}

/// Streams a JSON Lines file, one article per line, so that archives of any size can be read.
fn read_json_lines(name: &str, path: &Path, gz: bool, docs: &mut Vec<RawDoc>, warnings: &mut Vec<Warning>) {
    use std::io::BufRead;
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            warnings.push(Warning::new(name, format!("cannot open: {}", lower(&e.to_string()))));
            return;
        }
    };
    let reader: Box<dyn Read> = if gz { Box::new(flate2::read::MultiGzDecoder::new(file)) } else { Box::new(file) };
    let mut reader = std::io::BufReader::new(reader);
    let mut line = Vec::new();
    let mut n = 0;
    let before = docs.len();
    loop {
        line.clear();
        n += 1;
        match (&mut reader).take(MAX_LINE_BYTES as u64 + 1).read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                warnings.push(Warning::new(format!("{name}:{n}"), format!("cannot read: {}", lower(&e.to_string()))));
                break;
            }
        }
        if line.len() > MAX_LINE_BYTES && !line.ends_with(b"\n") {
            warnings.push(Warning::new(format!("{name}:{n}"), "line longer than the limit, skipped"));
            // Skip the rest of the overlong line.
            let mut rest = Vec::new();
            let _ = reader.read_until(b'\n', &mut rest);
            continue;
        }
        let (text, _) = decode_text(&line);
        if text.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(v) => match doc_from_json(&v) {
                Ok(mut d) => {
                    d.path = Some(format!("{name}:{n}"));
                    docs.push(d)
                }
                Err(e) => warnings.push(Warning::new(format!("{name}:{n}"), e)),
            },
            Err(e) => warnings.push(Warning::new(format!("{name}:{n}"), format!("invalid json: {e}"))),
        }
    }
    if docs.len() == before && !warnings.iter().any(|w| w.subject.starts_with(name)) {
        warnings.push(Warning::new(name, "no articles in file"));
    }
}

fn read_json(name: &str, bytes: &[u8], lines: bool, docs: &mut Vec<RawDoc>, warnings: &mut Vec<Warning>) {
    let (text, _) = decode_text(bytes);
    let mut values = Vec::new();
    if lines {
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<serde_json::Value>(line) {
                Ok(v) => values.push((format!("{name}:{}", n + 1), v)),
                Err(e) => warnings.push(Warning::new(format!("{name}:{}", n + 1), format!("invalid json: {e}"))),
            }
        }
    } else {
        match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(serde_json::Value::Array(items)) => {
                for (n, v) in items.into_iter().enumerate() {
                    values.push((format!("{name}[{n}]"), v));
                }
            }
            Ok(v) => {
                // `{"articles": [...]}` is accepted too, as most APIs wrap their lists.
                if let Some(serde_json::Value::Array(items)) = v.get("articles") {
                    for (n, v) in items.iter().enumerate() {
                        values.push((format!("{name}[{n}]"), v.clone()));
                    }
                } else {
                    values.push((name.to_string(), v));
                }
            }
            Err(e) => warnings.push(Warning::new(name, format!("invalid json: {e}"))),
        }
    }
    for (subject, v) in values {
        match doc_from_json(&v) {
            Ok(mut d) => {
                d.path = Some(subject);
                docs.push(d)
            }
            Err(e) => warnings.push(Warning::new(subject, e)),
        }
    }
}

fn str_field(v: &serde_json::Value, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| v.get(*k).and_then(|x| x.as_str()).map(str::trim).filter(|s| !s.is_empty()).map(String::from))
}

/// Builds a document from one JSON object.
pub fn doc_from_json(v: &serde_json::Value) -> Result<RawDoc, String> {
    if !v.is_object() {
        return Err("not a json object, skipped".into());
    }
    let body = if let Some(mut t) = str_field(v, &["text", "body", "content"]) {
        truncate_article(&mut t);
        Body::Text(t)
    } else if let Some(h) = str_field(v, &["html"]) {
        Body::Html(h.into_bytes())
    } else {
        return Err("no `text` or `html` field, skipped".into());
    };
    let published = str_field(v, &["published", "date", "time", "published_at"]).and_then(|s| parse_date(&s));
    Ok(RawDoc {
        path: None,
        url: str_field(v, &["url", "link"]),
        outlet: str_field(v, &["outlet", "source", "site", "publisher"]),
        title: str_field(v, &["title", "headline"]),
        published,
        body,
    })
}

/// Parses the date forms found in article metadata: RFC 3339, RFC 2822, `YYYY-MM-DD HH:MM:SS`
/// and `YYYY-MM-DD` (the last two read as UTC).
pub fn parse_date(s: &str) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d);
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(d);
    }
    let utc = FixedOffset::east_opt(0)?;
    for f in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"] {
        if let Ok(n) = chrono::NaiveDateTime::parse_from_str(s, f) {
            return n.and_local_timezone(utc).single();
        }
    }
    let day = s.get(..10).unwrap_or(s);
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?.and_hms_opt(0, 0, 0)?.and_local_timezone(utc).single()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_common_forms() {
        let check = |s: &str, want: Option<&str>| {
            assert_eq!(parse_date(s).map(|d| d.to_rfc3339()), want.map(String::from), "{s}");
        };
        check("2023-09-12T08:30:00+09:00", Some("2023-09-12T08:30:00+09:00"));
        check("Tue, 12 Sep 2023 08:30:00 GMT", Some("2023-09-12T08:30:00+00:00"));
        check("2023-09-12 08:30:00", Some("2023-09-12T08:30:00+00:00"));
        check("2023-09-12", Some("2023-09-12T00:00:00+00:00"));
        check("yesterday", None);
    }

    #[test]
    fn binary_is_detected() {
        assert!(looks_binary(b"\x00\x01\x02\x03PK\x03\x04"));
        assert!(!looks_binary("Plain text, caf\u{e9}.\r\n".as_bytes()));
    }
}
