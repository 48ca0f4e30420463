//! Sources (article URLs, feed URLs, OPML lists, WARC files) to raw documents. Every source is
//! handled on its own: a failure becomes a `Warning` and the others go on.

use std::path::{Path, PathBuf};

use futures_util::stream::{self, StreamExt};
use tidings_ingest::{Body, RawDoc};
use tidings_model::Warning;

use crate::feed::{self, FeedItem, DEFAULT_MAX_ITEMS};
use crate::fetcher::{Conditional, FetchOptions, Fetcher, Kind, Response};
use crate::Error;

/// Sources fetched at once (each host is further limited by `FetchOptions::per_host`).
pub const PARALLEL_SOURCES: usize = 8;

/// One thing to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// An http(s) URL: a feed or an article page, told apart by what the server sends.
    Url(String),
    /// An OPML subscription list on disk; each of its feeds is read.
    Opml(PathBuf),
    /// A WARC or WARC.gz file.
    Warc(PathBuf),
}

impl Source {
    /// Recognises a command-line argument: URLs, `.opml` and `.warc[.gz]` files. Anything else
    /// is `None` and stays with `tidings_ingest::read_paths`.
    pub fn classify(arg: &str) -> Option<Source> {
        let lower = arg.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            Some(Source::Url(arg.to_string()))
        } else if lower.ends_with(".warc") || lower.ends_with(".warc.gz") {
            Some(Source::Warc(PathBuf::from(arg)))
        } else if lower.ends_with(".opml") {
            Some(Source::Opml(PathBuf::from(arg)))
        } else {
            None
        }
    }
}

/// What to do with feed items.
#[derive(Debug, Clone)]
pub struct Options {
    /// Items kept per feed.
    pub max_items: usize,
    /// Fetch the article page for items that carry only a snippet.
    pub full_articles: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options { max_items: DEFAULT_MAX_ITEMS, full_articles: true }
    }
}

/// Reads all sources with a fresh runtime; for callers that are not async (the CLI).
pub fn collect_blocking(fetch: &FetchOptions, opts: &Options, sources: &[Source]) -> (Vec<RawDoc>, Vec<Warning>) {
    let rt = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => return (Vec::new(), vec![Warning::new("fetch", format!("cannot start the async runtime: {e}"))]),
    };
    rt.block_on(async {
        match Fetcher::new(fetch.clone()) {
            Ok(f) => collect(&f, opts, sources).await,
            Err(e) => (Vec::new(), vec![e.to_warning("fetch")]),
        }
    })
}

/// Reads all sources, concurrently, and returns the documents in source order.
pub async fn collect(fetcher: &Fetcher, opts: &Options, sources: &[Source]) -> (Vec<RawDoc>, Vec<Warning>) {
    let results: Vec<(Vec<RawDoc>, Vec<Warning>)> =
        stream::iter(sources.iter().map(|s| one_source(fetcher, opts, s))).buffered(PARALLEL_SOURCES).collect().await;
    let mut docs = Vec::new();
    let mut warnings = Vec::new();
    for (d, w) in results {
        docs.extend(d);
        warnings.extend(w);
    }
    (docs, warnings)
}

async fn one_source(fetcher: &Fetcher, opts: &Options, s: &Source) -> (Vec<RawDoc>, Vec<Warning>) {
    match s {
        Source::Url(u) => fetch_url(fetcher, opts, u).await,
        Source::Warc(p) => crate::warc::read_warc_file(p),
        Source::Opml(p) => {
            let (feeds, mut warnings) = read_opml_file(p);
            let urls: Vec<String> = feeds.into_iter().map(|f| f.url).collect();
            let results: Vec<_> = stream::iter(urls.iter().map(|u| fetch_url(fetcher, opts, u))).buffered(PARALLEL_SOURCES).collect().await;
            let mut docs = Vec::new();
            for (d, w) in results {
                docs.extend(d);
                warnings.extend(w);
            }
            (docs, warnings)
        }
    }
}

/// Reads an OPML file from disk.
pub fn read_opml_file(path: &Path) -> (Vec<feed::OpmlFeed>, Vec<Warning>) {
    let name = tidings_ingest::display_path(path);
    match std::fs::read(path) {
        Ok(b) => feed::parse_opml(&b, &name),
        Err(e) => (Vec::new(), vec![Error::Io { path: name.clone(), source: e }.to_warning(&name)]),
    }
}

/// Fetches one URL: a feed gives its items (with full pages for snippets), a page gives itself.
pub async fn fetch_url(fetcher: &Fetcher, opts: &Options, url: &str) -> (Vec<RawDoc>, Vec<Warning>) {
    let resp = match fetcher.get(url, Kind::Any, &Conditional::default()).await {
        Ok(r) => r,
        Err(e) => return (Vec::new(), vec![e.to_warning(url)]),
    };
    if looks_like_feed(&resp) {
        match feed::parse_feed(&resp.body, resp.content_type.as_deref(), resp.url.as_str(), opts.max_items) {
            Ok((parsed, mut warnings)) => {
                let (docs, w) = items_to_docs(fetcher, opts, &parsed.items).await;
                warnings.extend(w);
                if parsed.items.is_empty() {
                    warnings.push(Warning::new(url, "feed has no items"));
                }
                (docs, warnings)
            }
            Err(e) => (Vec::new(), vec![e.to_warning(url)]),
        }
    } else {
        // A page counts as an article page for robots.txt, checked now that we know.
        if fetcher.options().respect_robots && !fetcher.robots_allow(&resp.url).await {
            return (Vec::new(), vec![Error::RobotsDisallowed { url: url.to_string() }.to_warning(url)]);
        }
        let (html, warnings) = page_html(&resp);
        let doc = RawDoc {
            path: None,
            url: Some(resp.url.to_string()),
            outlet: feed::outlet_of(resp.url.as_str()),
            title: None,
            published: None,
            body: Body::Html(html),
        };
        (vec![doc], warnings)
    }
}

/// A page's bytes for the extractor. The extractor reads the charset from a BOM or a meta tag,
/// but not the HTTP header; so when the header names a charset, the page is decoded here
/// (header first, a conflicting meta tag noted) and handed on as UTF-8 behind a BOM, which the
/// extractor trusts over any meta tag. Without a header charset the bytes go on untouched.
pub fn page_html(resp: &Response) -> (Vec<u8>, Vec<Warning>) {
    let header = resp.content_type.as_deref().and_then(crate::charset::header_charset);
    if header.is_none() {
        return (resp.body.clone(), Vec::new());
    }
    let d = crate::charset::decode(&resp.body, resp.content_type.as_deref());
    let warnings = d.notes.iter().map(|n| Warning::new(resp.url.as_str(), n.clone())).collect();
    let mut out = Vec::with_capacity(d.text.len() + 3);
    out.extend_from_slice("\u{feff}".as_bytes());
    out.extend_from_slice(d.text.trim_start_matches('\u{feff}').as_bytes());
    (out, warnings)
}

/// Whether a response is a feed rather than a page: by content type, then by its first tag.
pub fn looks_like_feed(resp: &Response) -> bool {
    let ct = resp.content_type.as_deref().unwrap_or("").to_ascii_lowercase();
    if ct.contains("rss") || ct.contains("atom") || ct.contains("json") {
        return true;
    }
    let head = String::from_utf8_lossy(&resp.body[..resp.body.len().min(2048)]).to_ascii_lowercase();
    let t = head.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with('{') {
        return true;
    }
    if t.starts_with("<!doctype html") || t.starts_with("<html") {
        return false;
    }
    ["<rss", "<feed", "<rdf:rdf", "<channel"].iter().any(|m| head.contains(m))
}

/// Feed items to documents, fetching the article page for items that carry only a snippet.
/// A page that cannot be fetched leaves the snippet, with a warning.
pub async fn items_to_docs(fetcher: &Fetcher, opts: &Options, items: &[FeedItem]) -> (Vec<RawDoc>, Vec<Warning>) {
    let results: Vec<(RawDoc, Option<Warning>)> = stream::iter(items.iter().map(|it| async move {
        let snippet = it.to_raw_doc(None);
        let Some(url) = it.url.as_deref().filter(|_| opts.full_articles && it.is_snippet()) else {
            return (snippet, None);
        };
        match fetcher.get(url, Kind::Article, &Conditional::default()).await {
            Ok(page) => {
                let (html, w) = page_html(&page);
                (RawDoc { body: Body::Html(html), ..snippet }, w.into_iter().next())
            }
            Err(e) => {
                let mut w = e.to_warning(url);
                w.message = format!("full article not fetched, feed text kept: {}", w.message);
                (snippet, Some(w))
            }
        }
    }))
    .buffered(PARALLEL_SOURCES)
    .collect()
    .await;
    let mut docs = Vec::new();
    let mut warnings = Vec::new();
    for (d, w) in results {
        docs.push(d);
        warnings.extend(w);
    }
    (docs, warnings)
}
