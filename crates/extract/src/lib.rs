//! tidings-extract: clean article text and metadata from one HTML page.
//!
//! The pipeline is: decode the bytes (BOM, `<meta charset>`, else sniffed), parse into a flat pre-order array with
//! our own small HTML parser (so no pass recurses), read metadata (JSON-LD, OpenGraph and meta tags,
//! `<time>`, bylines, URL), pick the article container by scoring text blocks, and render its blocks as paragraphs.
//! [`extract`] never fails and never panics: bad input gives an empty text and a warning.
//!
//! ```
//! let html = br#"<html><head><title>Rain | Daily</title></head><body><nav><a href="/">Home</a></nav>
//! <article><h1>Rain</h1><p>It rained all day in the city, and the river rose by two metres overnight.</p>
//! <p>The mayor said the flood walls held, and that schools would open as usual on Monday.</p></article></body></html>"#;
//! let page = tidings_extract::extract(html, &tidings_extract::Options::default());
//! assert_eq!(page.title.as_deref(), Some("Rain"));
//! assert!(page.text.starts_with("It rained all day"));
//! assert!(!page.text.contains("Home"));
//! ```

mod body;
mod decode;
mod dom;
mod file;
mod html;
mod lang;
mod meta;
mod prestrip;
mod props;
mod textdate;

pub use body::{MIN_ARTICLE_CHARS, MIN_SCORED_BLOCK_CHARS};
pub use decode::CHARSET_PRESCAN_BYTES;
pub use file::{is_page_path, read_page_file};
pub use lang::MIN_DETECT_CHARS;
pub use meta::MAX_JSON_LD_BYTES;
pub use props::check_properties;

use chrono::{DateTime, FixedOffset};

/// The largest page read, in bytes; the rest is cut off with a warning (a 200 MB page must not exhaust memory).
pub const DEFAULT_MAX_BYTES: usize = 8 * 1024 * 1024;

/// Element nesting deeper than this is flattened before parsing: the parser is iterative, but finding the element an
/// end tag closes is linear in the depth of the open-element stack, so 100,000 levels would cost quadratic time.
pub const MAX_DEPTH: usize = 512;

/// Options for one page.
#[derive(Debug, Clone)]
pub struct Options {
    /// The largest input read, in bytes ([`DEFAULT_MAX_BYTES`] by default).
    pub max_bytes: usize,
    /// The page's URL when known: used for the `url` field and a date in the URL path.
    pub url: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options { max_bytes: DEFAULT_MAX_BYTES, url: None }
    }
}

/// What was extracted from one page. A field that could not be found is `None`, never a guess.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extracted {
    /// The canonical URL (JSON-LD, `og:url`, `<link rel=canonical>`) or the URL given in [`Options`].
    pub url: Option<String>,
    /// The headline.
    pub title: Option<String>,
    /// Author(s), joined with ", ".
    pub byline: Option<String>,
    /// Publication date with its time zone (UTC with a warning when the page gives none).
    pub published: Option<DateTime<FixedOffset>>,
    /// ISO 639-1 code of the text's language.
    pub language: Option<String>,
    /// The outlet's name (`og:site_name`, JSON-LD publisher).
    pub site_name: Option<String>,
    /// The main text: paragraphs, list items and subheadings separated by "\n\n", without the headline.
    /// No paragraph contains a newline.
    pub text: String,
    /// Problems met on the way, lowercase, without a final period.
    pub warnings: Vec<String>,
}

/// Extract the article and its metadata from the bytes of one HTML page.
pub fn extract(html: &[u8], opts: &Options) -> Extracted {
    let mut out = Extracted { url: opts.url.clone(), ..Extracted::default() };
    let mut bytes = html;
    if bytes.len() > opts.max_bytes {
        out.warnings.push(format!("page is larger than the size limit, only the first {} bytes were read", opts.max_bytes));
        bytes = &bytes[..opts.max_bytes];
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        out.warnings.push("page is empty".to_string());
        return out;
    }
    if looks_binary(bytes) {
        out.warnings.push("input looks like binary data, not html".to_string());
        return out;
    }
    let text = decode::decode(bytes, &mut out.warnings);
    if !looks_like_html(&text) {
        out.warnings.push("input does not look like html".to_string());
        return out;
    }
    let text = prestrip::strip(&text);
    let text = limit_depth(&text, MAX_DEPTH, &mut out.warnings);
    let doc = html::parse(&text);
    let meta = meta::read(&doc, opts.url.as_deref(), &mut out.warnings);
    let dom = dom::Dom::build(&doc);
    let body = body::extract(&dom, meta.title.as_deref().or(meta.h1.first().map(String::as_str)));
    out.text = body.paragraphs.join("\n\n");
    // Some pages render their text with scripts and carry it only in JSON-LD: use that when it is clearly longer.
    if let Some(ld_body) =
        meta.ld_body.as_deref().map(paragraphs_of).filter(|t| t.len() > 2 * out.text.len() && t.len() >= MIN_ARTICLE_CHARS)
    {
        out.text = ld_body;
        out.warnings.push("article text taken from json-ld, the page body holds little of it".to_string());
    } else if !body.found {
        out.warnings.push("no article text found".to_string());
    }
    out.url = meta.url;
    out.title = meta.title;
    out.byline = (!meta.authors.is_empty()).then(|| meta.authors.join(", "));
    out.published = meta.published;
    out.site_name = meta.site_name;
    let lang_sample = if out.text.is_empty() { out.title.as_deref().unwrap_or("") } else { out.text.as_str() };
    out.language = lang::detect(lang_sample, meta.html_lang.as_deref());
    out
}

/// Parse `text` with the extractor's HTML parser and return the number of nodes: for the parser comparison in
/// `examples/parse_speed.rs`, not for use elsewhere.
#[doc(hidden)]
pub fn parse_node_count(text: &str) -> usize {
    html::parse(text).nodes.len()
}

/// Plain text (JSON-LD `articleBody`) as paragraphs: lines are paragraphs, whitespace collapsed.
fn paragraphs_of(s: &str) -> String {
    let decoded = s.replace("&nbsp;", " ").replace("&amp;", "&");
    decoded
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty() && !l.contains('<'))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Binary data: NUL bytes or many control characters near the start.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(2048)];
    // UTF-16 with a BOM has NULs but is text.
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return false;
    }
    let ctrl = head.iter().filter(|&&b| b < 0x09 || (0x0E..0x20).contains(&b) && b != 0x1B).count();
    head.contains(&0) || ctrl * 20 > head.len()
}

/// HTML has at least one tag near the start.
fn looks_like_html(text: &str) -> bool {
    const TAGS: &[&[u8]] = &[
        b"html",
        b"body",
        b"p",
        b"div",
        b"head",
        b"!doctype",
        b"article",
        b"meta",
        b"title",
        b"span",
        b"br",
        b"h1",
        b"table",
        b"section",
        b"main",
        b"a ",
    ];
    let head = &text.as_bytes()[..text.len().min(65536)];
    memchr::memchr_iter(b'<', head).any(|i| {
        let rest = &head[i + 1..];
        TAGS.iter().any(|t| rest.len() >= t.len() && rest[..t.len()].eq_ignore_ascii_case(t))
    })
}

/// Cut markup nested deeper than `max` levels by dropping the opening tags beyond it (their text stays).
/// This is a cheap scan of start and end tags, not a parse; it only has to bound the depth, not be exact.
fn limit_depth<'a>(text: &'a str, max: usize, warnings: &mut Vec<String>) -> std::borrow::Cow<'a, str> {
    let b = text.as_bytes();
    let mut depth: usize = 0;
    let mut too_deep = false;
    let mut i = 0;
    // First pass: is there a problem at all? (The common case allocates nothing.)
    while let Some(off) = memchr_lt(&b[i..]) {
        let j = i + off;
        let next = b.get(j + 1).copied().unwrap_or(0);
        if next == b'/' {
            depth = depth.saturating_sub(1);
        } else if next.is_ascii_alphabetic() && !is_void_at(b, j + 1) {
            depth += 1;
            if depth > max {
                too_deep = true;
                break;
            }
        }
        i = j + 1;
    }
    if !too_deep {
        return std::borrow::Cow::Borrowed(text);
    }
    warnings.push(format!("markup nests deeper than {max} levels, deeper tags were dropped"));
    let mut out = String::with_capacity(text.len());
    let mut depth: usize = 0;
    let mut last = 0;
    let mut i = 0;
    while let Some(off) = memchr_lt(&b[i..]) {
        let j = i + off;
        let next = b.get(j + 1).copied().unwrap_or(0);
        let tag_end = b[j..].iter().position(|&c| c == b'>').map_or(b.len(), |e| j + e + 1);
        if next == b'/' {
            if depth > max {
                out.push_str(&text[last..j]);
                last = tag_end;
            }
            depth = depth.saturating_sub(1);
        } else if next.is_ascii_alphabetic() && !is_void_at(b, j + 1) {
            depth += 1;
            if depth > max {
                out.push_str(&text[last..j]);
                last = tag_end;
            }
        }
        i = (j + 1).max(if last > j { last } else { 0 });
        if i >= b.len() {
            break;
        }
    }
    if last < text.len() {
        out.push_str(&text[last..]);
    }
    std::borrow::Cow::Owned(out)
}

fn memchr_lt(b: &[u8]) -> Option<usize> {
    memchr::memchr(b'<', b)
}

/// Void elements have no end tag and do not nest.
fn is_void_at(b: &[u8], start: usize) -> bool {
    const VOID: &[&[u8]] = &[
        b"br", b"img", b"meta", b"link", b"input", b"hr", b"source", b"wbr", b"area", b"base", b"col", b"embed", b"param", b"track", b"p",
        b"li", b"option", b"td", b"tr", b"th", b"dt", b"dd",
    ];
    let end = b[start..].iter().position(|c| !c.is_ascii_alphanumeric()).map_or(b.len(), |e| start + e);
    let name = &b[start..end];
    if VOID.iter().any(|v| v.eq_ignore_ascii_case(name)) {
        return true;
    }
    // "<x/>": self-closing (only the byte before the next '>' matters).
    memchr::memchr(b'>', &b[end..]).is_some_and(|e| e > 0 && b[end + e - 1] == b'/')
}
