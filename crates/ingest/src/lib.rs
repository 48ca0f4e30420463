//! Reading inputs: files and directories into raw documents, with lenient decoding.
//!
//! `read_paths` walks files and directories recursively and turns each supported file into one
//! or more [`RawDoc`]s:
//! - `.txt`: the whole text (the headline is found during cleaning);
//! - `.md`, `.markdown`: the text a reader sees (`markdown`): headings without `#`, links as their words, no
//!   images or raw HTML; the front matter's `title` and `date` are the article's;
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
pub mod markdown;

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
/// Directories are walked at most this deep.
pub const MAX_DIR_DEPTH: usize = 64;
/// At most this many files are read from the paths of one call; the rest are skipped with a
/// warning. Every document is held in memory until the batch is stored, so a directory of
/// millions of files must not be taken whole.
pub const MAX_FILES: usize = 250_000;
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
    Markdown,
    Html,
    Json,
    JsonLines,
}

fn kind_of(path: &Path) -> Option<(Kind, bool)> {
    // Lossy, so that a name that is not UTF-8 is still read by its extension.
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let (stem, gz) = match name.strip_suffix(".gz") {
        Some(s) => (s.to_string(), true),
        None => (name, false),
    };
    let ext = stem.rsplit_once('.').map(|(_, e)| e)?;
    let kind = match ext {
        "txt" | "text" => Kind::Text,
        "md" | "markdown" => Kind::Markdown,
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
    read_paths_capped(paths, max_bytes, MAX_FILES)
}

/// Like [`read_paths_with`] with an explicit cap on the number of files (default [`MAX_FILES`]).
pub fn read_paths_capped(paths: &[PathBuf], max_bytes: u64, max_files: usize) -> (Vec<RawDoc>, Vec<Warning>) {
    let mut walk = Walk { max_files, ..Walk::default() };
    for p in paths {
        walk.visit(p, 0, true);
    }
    let Walk { files, mut warnings, skipped, .. } = walk;
    if let Some((n, example)) = skipped {
        warnings.push(Warning::new(
            example,
            format!(
                "{n} file{} in the given directories {} not articles (hidden, or not .txt, .md, .html, .json, .jsonl or their .gz) and skipped",
                if n == 1 { "" } else { "s" },
                if n == 1 { "is" } else { "are" }
            ),
        ));
    }
    let mut docs = Vec::new();
    for f in files {
        read_file(&f, max_bytes, &mut docs, &mut warnings);
    }
    (docs, warnings)
}

/// A path as it may be printed: valid UTF-8 as is, control characters (newlines, terminal
/// escapes) and bytes that are not UTF-8 escaped, so a hostile file name cannot forge output.
pub fn display_path(path: &Path) -> String {
    #[cfg(unix)]
    let bytes: std::borrow::Cow<'_, [u8]> = std::borrow::Cow::Borrowed(std::os::unix::ffi::OsStrExt::as_bytes(path.as_os_str()));
    #[cfg(not(unix))]
    let bytes: std::borrow::Cow<'_, [u8]> = std::borrow::Cow::Owned(path.to_string_lossy().into_owned().into_bytes());
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c.is_control() {
                out.extend(c.escape_default());
            } else {
                out.push(c);
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

/// The identity of a file or directory: device and inode where the platform has them, else
/// the canonical path. Two paths to one file (symlinks, hard links, `a/../a`) share it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Identity {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg_attr(unix, allow(dead_code))]
    Path(PathBuf),
}

fn identity(path: &Path, meta: &std::fs::Metadata) -> Identity {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let _ = path;
        Identity::Inode(meta.dev(), meta.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        Identity::Path(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
    }
}

/// One walk over the given paths: each directory and file is visited once by its identity, so
/// symlinks to a parent cannot loop and two links to one directory cannot multiply its files.
#[derive(Default)]
struct Walk {
    files: Vec<PathBuf>,
    warnings: Vec<Warning>,
    /// Identities of the files and directories seen so far, with the name they were seen under.
    seen: std::collections::HashMap<Identity, String>,
    /// The directories being walked, outermost first: a link back to one of them is a loop.
    stack: Vec<Identity>,
    /// Files inside directories that are not articles: how many, and the first one's name.
    skipped: Option<(usize, String)>,
    /// The file limit was reached and said so.
    full: bool,
    max_files: usize,
}

impl Walk {
    fn visit(&mut self, path: &Path, depth: usize, explicit: bool) {
        let name = display_path(path);
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                let why = if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
                    format!("broken or looping symlink, skipped: {}", lower(&e.to_string()))
                } else {
                    format!("cannot read: {}", lower(&e.to_string()))
                };
                self.warnings.push(Warning::new(name, why));
                return;
            }
        };
        let id = identity(path, &meta);
        if meta.is_dir() {
            if self.stack.contains(&id) {
                self.warnings.push(Warning::new(name, "symlink loop (a link to a directory that contains it), skipped"));
                return;
            }
            if let Some(first) = self.seen.get(&id) {
                self.warnings.push(Warning::new(name, format!("the same directory as {first}, read once")));
                return;
            }
            self.seen.insert(id.clone(), name.clone());
            if depth >= MAX_DIR_DEPTH {
                self.warnings.push(Warning::new(name, format!("directory nested deeper than {MAX_DIR_DEPTH} levels, skipped")));
                return;
            }
            let entries = match std::fs::read_dir(path) {
                Ok(rd) => rd,
                Err(e) => {
                    self.warnings.push(Warning::new(name, format!("cannot list directory: {}", lower(&e.to_string()))));
                    return;
                }
            };
            let mut children = Vec::new();
            for e in entries {
                match e {
                    Ok(e) => children.push(e.path()),
                    Err(e) => self.warnings.push(Warning::new(name.clone(), format!("cannot list an entry: {}", lower(&e.to_string())))),
                }
            }
            children.sort();
            self.stack.push(id);
            for c in children {
                if self.full {
                    break;
                }
                let hidden = c.file_name().map(|n| n.to_string_lossy().starts_with('.')).unwrap_or(false);
                if hidden {
                    self.skip(&c);
                } else {
                    self.visit(&c, depth + 1, false);
                }
            }
            self.stack.pop();
        } else if kind_of(path).is_some() || explicit {
            // A file named on the command line is read as text whatever its extension.
            if let Some(first) = self.seen.get(&id) {
                self.warnings.push(Warning::new(name, format!("the same file as {first}, read once")));
                return;
            }
            if self.files.len() >= self.max_files {
                self.full = true;
                self.warnings.push(Warning::new(
                    name,
                    format!("more than {} files in one run: this one and the rest are skipped; read them in parts", self.max_files),
                ));
                return;
            }
            self.seen.insert(id, name);
            self.files.push(path.to_path_buf());
        } else {
            self.skip(path);
        }
    }

    fn skip(&mut self, path: &Path) {
        match &mut self.skipped {
            Some((n, _)) => *n += 1,
            None => self.skipped = Some((1, display_path(path))),
        }
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
    // UTF-16 is full of zero bytes; with a byte-order mark it is text, decoded by `decode_text`.
    if encoding_rs::Encoding::for_bom(bytes).is_some() {
        return false;
    }
    let sample = &bytes[..bytes.len().min(8192)];
    if sample.is_empty() {
        return false;
    }
    let control = sample.iter().filter(|&&b| b < 0x09 || (b > 0x0d && b < 0x20 && b != 0x1b)).count();
    sample.contains(&0) && control > 0 || (control as f64 / sample.len() as f64) > MAX_BINARY_SHARE
}

fn read_file(path: &Path, max_bytes: u64, docs: &mut Vec<RawDoc>, warnings: &mut Vec<Warning>) {
    let name = display_path(path);
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
        Kind::Text | Kind::Markdown => {
            let (mut text, lossy) = decode_text(&bytes);
            if lossy {
                warnings.push(Warning::new(name.clone(), "invalid bytes replaced while decoding"));
            }
            if truncate_article(&mut text) {
                warnings.push(Warning::new(name.clone(), format!("text longer than {} MiB, cut there", MAX_ARTICLE_BYTES / (1024 * 1024))));
            }
            let mut doc = RawDoc { path: Some(name), ..RawDoc::default() };
            if kind == Kind::Markdown {
                let md = markdown::to_text(&text);
                text = md.text;
                doc.title = md.title;
                doc.published = md.date.as_deref().and_then(parse_date);
            }
            doc.body = Body::Text(text);
            docs.push(doc);
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
            // Skip the rest of the overlong line in constant memory: a gzip of zeros has no
            // line break for gigabytes.
            if let Err(e) = skip_line(&mut reader) {
                warnings.push(Warning::new(format!("{name}:{n}"), format!("cannot read: {}", lower(&e.to_string()))));
                break;
            }
            continue;
        }
        let (text, _) = decode_text(&line);
        if text.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(v) => {
                let subject = format!("{name}:{n}");
                let mut notes = Vec::new();
                match doc_from_json_noting(&v, &mut notes) {
                    Ok(mut d) => {
                        d.path = Some(subject.clone());
                        docs.push(d)
                    }
                    Err(e) => warnings.push(Warning::new(subject.clone(), e)),
                }
                warnings.extend(notes.into_iter().map(|m| Warning::new(subject.clone(), m)));
            }
            Err(e) => warnings.push(Warning::new(format!("{name}:{n}"), format!("invalid json: {e}"))),
        }
    }
    if docs.len() == before && !warnings.iter().any(|w| w.subject.starts_with(name)) {
        warnings.push(Warning::new(name, "no articles in file"));
    }
}

/// Reads and drops bytes up to and including the next line break (or the end), holding no more
/// than the reader's buffer.
fn skip_line(reader: &mut impl std::io::BufRead) -> std::io::Result<()> {
    loop {
        let buf = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok(());
        }
        match buf.iter().position(|&b| b == b'\n') {
            Some(i) => {
                reader.consume(i + 1);
                return Ok(());
            }
            None => {
                let n = buf.len();
                reader.consume(n);
            }
        }
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
        let mut notes = Vec::new();
        match doc_from_json_noting(&v, &mut notes) {
            Ok(mut d) => {
                d.path = Some(subject.clone());
                docs.push(d)
            }
            Err(e) => warnings.push(Warning::new(subject.clone(), e)),
        }
        warnings.extend(notes.into_iter().map(|m| Warning::new(subject.clone(), m)));
    }
}

fn str_field(v: &serde_json::Value, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| v.get(*k).and_then(|x| x.as_str()).map(str::trim).filter(|s| !s.is_empty()).map(String::from))
}

/// Builds a document from one JSON object, dropping the notes of [`doc_from_json_noting`].
pub fn doc_from_json(v: &serde_json::Value) -> Result<RawDoc, String> {
    doc_from_json_noting(v, &mut Vec::new())
}

/// Builds a document from one JSON object. A field that is present but cannot be read (a
/// `published` date in no known form) is left out and noted in `notes`, so nothing is dropped
/// without a word; a missing text is an error.
pub fn doc_from_json_noting(v: &serde_json::Value, notes: &mut Vec<String>) -> Result<RawDoc, String> {
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
    let published = match str_field(v, &["published", "date", "time", "published_at"]) {
        Some(s) => {
            let d = parse_date(&s);
            if d.is_none() {
                let shown: String = s.chars().take(40).flat_map(char::escape_default).collect();
                notes.push(format!("published date \"{shown}\" is not RFC 3339, RFC 2822 or YYYY-MM-DD: left out"));
            }
            d
        }
        None => None,
    };
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
