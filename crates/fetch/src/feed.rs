//! Feeds (RSS 0.9x/1.0/2.0, Atom, JSON Feed) and OPML subscription lists to items.
//!
//! Parsing goes through feed-rs, which resolves only character references and the five
//! predefined XML entities: a DTD's entities are never expanded (billion laughs stays a few
//! bytes) and no external entity is ever opened. The text is decoded by us first (header,
//! prolog, BOM; see [`crate::charset`]) and the prolog relabelled UTF-8, so decoding happens once.

use chrono::{DateTime, FixedOffset};
use tidings_ingest::{Body, RawDoc};
use tidings_model::Warning;

use crate::charset;
use crate::Error;

/// Items kept from one feed; the rest are dropped with a warning.
pub const DEFAULT_MAX_ITEMS: usize = 500;
/// An item whose text (tags removed) is shorter than this many characters is a snippet, and the
/// full article page is fetched for it.
pub const SNIPPET_CHARS: usize = 600;
/// Subscriptions read from one OPML file at most.
pub const MAX_OPML_FEEDS: usize = 10_000;

/// One feed item.
#[derive(Debug, Clone, Default)]
pub struct FeedItem {
    /// The item's stable id (guid, atom:id, or the link).
    pub id: String,
    /// The article link, absolute and http(s), when the item has one that parses.
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<DateTime<FixedOffset>>,
    /// The summary or description, as HTML or text.
    pub summary: Option<String>,
    /// The full content, when the feed carries it.
    pub content: Option<String>,
}

/// A parsed feed.
#[derive(Debug, Clone, Default)]
pub struct ParsedFeed {
    pub title: Option<String>,
    pub items: Vec<FeedItem>,
}

impl FeedItem {
    /// The longest of content and summary, as HTML.
    pub fn best_html(&self) -> Option<&str> {
        match (&self.content, &self.summary) {
            (Some(c), Some(s)) => Some(if c.len() >= s.len() { c } else { s }),
            (Some(c), None) => Some(c),
            (None, Some(s)) => Some(s),
            (None, None) => None,
        }
    }

    /// Whether the item carries only a snippet, so the page should be fetched.
    pub fn is_snippet(&self) -> bool {
        self.best_html().is_none_or(|h| strip_tags(h).chars().count() < SNIPPET_CHARS)
    }

    /// The item as a document from the feed alone: its HTML content wrapped as a page (the
    /// extractor takes it from there), or its title and text when there is no content.
    pub fn to_raw_doc(&self, outlet: Option<&str>) -> RawDoc {
        let title = self.title.clone();
        let body = match self.best_html() {
            Some(h) if h.contains('<') => Body::Html(wrap_html(title.as_deref(), h).into_bytes()),
            Some(t) => Body::Text(match &title {
                Some(ti) => format!("{ti}\n\n{}", t.trim()),
                None => t.trim().to_string(),
            }),
            None => Body::Text(title.clone().unwrap_or_default()),
        };
        RawDoc {
            path: None,
            url: self.url.clone(),
            outlet: outlet.map(String::from).or_else(|| self.url.as_deref().and_then(outlet_of)),
            title,
            published: self.published,
            body,
        }
    }
}

/// The outlet name derived from a URL: its host without `www.`.
pub fn outlet_of(url: &str) -> Option<String> {
    let u = url::Url::parse(url).ok()?;
    let host = u.host_str()?;
    Some(host.strip_prefix("www.").unwrap_or(host).to_string())
}

/// Wraps feed content as a small HTML page, so it goes through the same extractor as pages.
pub fn wrap_html(title: Option<&str>, content: &str) -> String {
    let t = escape(title.unwrap_or(""));
    format!("<!doctype html><html><head><meta charset=\"utf-8\"><title>{t}</title></head><body><article><h1>{t}</h1>{content}</article></body></html>")
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Removes tags and decodes the predefined entities; for length checks and titles.
pub fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Parses a feed. `feed_url` resolves relative links; items beyond `max_items` are dropped with
/// a warning; a broken feed is an error, broken items are skipped.
pub fn parse_feed(bytes: &[u8], content_type: Option<&str>, feed_url: &str, max_items: usize) -> Result<(ParsedFeed, Vec<Warning>), Error> {
    let mut warnings = Vec::new();
    let decoded = charset::decode(bytes, content_type);
    for n in &decoded.notes {
        warnings.push(Warning::new(feed_url, n.clone()));
    }
    let text = charset::relabel_prolog_utf8(&decoded.text);
    let base = url::Url::parse(feed_url).ok();
    let parser = feed_rs::parser::Builder::new().base_uri(base.as_ref().map(|u| u.as_str())).sanitize_content(false).build();
    let feed = parser.parse(text.as_bytes()).map_err(|e| Error::Feed { url: feed_url.to_string(), reason: e.to_string() })?;
    let total = feed.entries.len();
    if total > max_items {
        warnings.push(Warning::new(feed_url, format!("{total} items, only the first {max_items} kept (the per-feed item cap)")));
    }
    let mut items = Vec::new();
    for e in feed.entries.into_iter().take(max_items) {
        let link = e
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .or(e.links.first())
            .map(|l| l.href.clone())
            .or_else(|| e.id.starts_with("http").then(|| e.id.clone()));
        let url = link.and_then(|l| absolute_http(base.as_ref(), &l));
        let title = e.title.map(|t| strip_tags(&t.content)).filter(|t| !t.is_empty());
        let summary = e.summary.map(|t| t.content).filter(|s| !s.trim().is_empty());
        let content = e.content.and_then(|c| c.body).filter(|s| !s.trim().is_empty());
        if title.is_none() && summary.is_none() && content.is_none() {
            warnings.push(Warning::new(feed_url, format!("item {} has no title and no text, skipped", e.id)));
            continue;
        }
        let published = e.published.or(e.updated).map(|d| d.fixed_offset());
        let id = if e.id.is_empty() { url.clone().unwrap_or_default() } else { e.id };
        items.push(FeedItem { id, url, title, published, summary, content });
    }
    let title = feed.title.map(|t| strip_tags(&t.content)).filter(|t| !t.is_empty());
    Ok((ParsedFeed { title, items }, warnings))
}

/// Resolves `link` against `base` and keeps it only when it is an http(s) URL.
fn absolute_http(base: Option<&url::Url>, link: &str) -> Option<String> {
    let u = match base {
        Some(b) => b.join(link.trim()).ok()?,
        None => url::Url::parse(link.trim()).ok()?,
    };
    matches!(u.scheme(), "http" | "https").then(|| u.to_string())
}

/// One subscription from an OPML file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpmlFeed {
    pub url: String,
    pub title: Option<String>,
}

/// Reads the `xmlUrl` of every `<outline>` in an OPML file (nested folders included).
/// Entities are not expanded here either: quick-xml only knows the predefined ones.
pub fn parse_opml(bytes: &[u8], name: &str) -> (Vec<OpmlFeed>, Vec<Warning>) {
    use quick_xml::events::Event;
    let mut warnings = Vec::new();
    let decoded = charset::decode(bytes, None);
    let text = charset::relabel_prolog_utf8(&decoded.text);
    let mut reader = quick_xml::Reader::from_str(&text);
    let mut feeds = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) if e.local_name().as_ref().eq_ignore_ascii_case(b"outline") => {
                let mut url = None;
                let mut title = None;
                for a in e.attributes().flatten() {
                    let key = a.key.local_name();
                    let val = a
                        .decoded_and_normalized_value(quick_xml::XmlVersion::Implicit1_0, reader.decoder())
                        .map(|v| v.into_owned())
                        .unwrap_or_else(|_| String::from_utf8_lossy(&a.value).into_owned());
                    match key.as_ref() {
                        b"xmlUrl" | b"xmlurl" => url = Some(val),
                        b"title" => title = Some(val),
                        b"text" if title.is_none() => title = Some(val),
                        _ => {}
                    }
                }
                if let Some(u) = url {
                    match absolute_http(None, &u) {
                        Some(u) if feeds.len() < MAX_OPML_FEEDS => feeds.push(OpmlFeed { url: u, title }),
                        Some(_) => {}
                        None => warnings.push(Warning::new(name, format!("outline url `{u}` is not http(s), skipped"))),
                    }
                }
            }
            Ok(Event::Eof) => break,
            Err(e) => {
                warnings.push(Warning::new(name, format!("invalid opml at byte {}: {e}", reader.buffer_position())));
                break;
            }
            _ => {}
        }
    }
    if feeds.len() >= MAX_OPML_FEEDS {
        warnings.push(Warning::new(name, format!("more than {MAX_OPML_FEEDS} feeds, the rest skipped")));
    }
    if feeds.is_empty() && warnings.is_empty() {
        warnings.push(Warning::new(name, "no feeds (outline xmlUrl) in the opml file"));
    }
    (feeds, warnings)
}
