//! Feeds out: Atom 1.0 and RSS 2.0 of the front page, of one story (an entry per new brief,
//! saying what changed) and of a search, so that readers can follow them in a feed reader.
//!
//! The XML is written here with every text escaped; the feeds are small and flat, and a writer
//! crate would add nothing. Links are absolute, built from the request's `Host` (which
//! [`crate::guard::check_host`] has checked) and `X-Forwarded-Proto`.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use tidings_store::{rfc3339_ms, StoryQuery};

use crate::api::{query, search_query, SearchParams};
use crate::error::ApiError;
use crate::pages::FrontParams;
use crate::AppState;

/// Entries in a feed at most.
pub const FEED_ENTRIES: usize = 50;

/// The two formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Atom,
    Rss,
}

impl Format {
    fn content_type(self) -> &'static str {
        match self {
            Format::Atom => "application/atom+xml; charset=utf-8",
            Format::Rss => "application/rss+xml; charset=utf-8",
        }
    }
}

/// Escapes text for XML content and attribute values; drops the control characters XML 1.0
/// cannot carry at all.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// One entry of a feed.
#[derive(Debug, Clone)]
pub struct Entry {
    /// A stable, unique id (a URL).
    pub id: String,
    pub title: String,
    pub link: String,
    /// RFC 3339.
    pub updated: String,
    /// Plain text.
    pub summary: String,
}

/// A feed.
#[derive(Debug, Clone)]
pub struct Feed {
    pub id: String,
    pub title: String,
    /// The page the feed follows.
    pub link: String,
    /// The feed's own address.
    pub self_link: String,
    /// RFC 3339; the newest entry's time, or now for an empty feed.
    pub updated: String,
    pub entries: Vec<Entry>,
}

fn rfc2822(rfc3339: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc3339).map(|d| d.to_rfc2822()).unwrap_or_default()
}

impl Feed {
    /// The feed as XML.
    pub fn render(&self, format: Format) -> String {
        let e = xml_escape;
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        match format {
            Format::Atom => {
                out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
                out.push_str(&format!(
                    "<id>{}</id>\n<title>{}</title>\n<updated>{}</updated>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<link rel=\"self\" href=\"{}\"/>\n<author><name>tidings</name></author>\n<generator>tidings</generator>\n",
                    e(&self.id), e(&self.title), e(&self.updated), e(&self.link), e(&self.self_link)
                ));
                for x in &self.entries {
                    out.push_str(&format!(
                        "<entry>\n<id>{}</id>\n<title>{}</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<updated>{}</updated>\n<summary type=\"text\">{}</summary>\n</entry>\n",
                        e(&x.id), e(&x.title), e(&x.link), e(&x.updated), e(&x.summary)
                    ));
                }
                out.push_str("</feed>\n");
            }
            Format::Rss => {
                out.push_str("<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n");
                out.push_str(&format!(
                    "<title>{}</title>\n<link>{}</link>\n<description>{}</description>\n<atom:link rel=\"self\" type=\"application/rss+xml\" href=\"{}\"/>\n<lastBuildDate>{}</lastBuildDate>\n<generator>tidings</generator>\n",
                    e(&self.title), e(&self.link), e(&self.title), e(&self.self_link), e(&rfc2822(&self.updated))
                ));
                for x in &self.entries {
                    out.push_str(&format!(
                        "<item>\n<title>{}</title>\n<link>{}</link>\n<guid isPermaLink=\"false\">{}</guid>\n<pubDate>{}</pubDate>\n<description>{}</description>\n</item>\n",
                        e(&x.title), e(&x.link), e(&x.id), e(&rfc2822(&x.updated)), e(&x.summary)
                    ));
                }
                out.push_str("</channel>\n</rss>\n");
            }
        }
        out
    }
}

/// `http(s)://host` of a request.
pub(crate) fn base_url(headers: &HeaderMap) -> String {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).filter(|h| !h.is_empty()).unwrap_or("localhost");
    let https = headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()).is_some_and(|v| v.eq_ignore_ascii_case("https"));
    format!("{}://{host}", if https { "https" } else { "http" })
}

fn respond(feed: &Feed, format: Format) -> Response {
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(format.content_type())),
            (header::CACHE_CONTROL, HeaderValue::from_static("max-age=300")),
        ],
        feed.render(format),
    )
        .into_response()
}

impl Format {
    /// The feed's file name.
    fn file(self) -> &'static str {
        match self {
            Format::Atom => "feed.atom",
            Format::Rss => "feed.rss",
        }
    }
}

fn newest(entries: &[Entry]) -> String {
    entries.iter().map(|e| e.updated.clone()).max().unwrap_or_else(|| rfc3339_ms(tidings_store::now_ms()))
}

/// `/feed.atom`, `/feed.rss`: the front page's stories, latest first, with its filters.
pub(crate) async fn front(
    format: Format,
    State(st): State<AppState>,
    headers: HeaderMap,
    q: Result<Query<FrontParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let file = format.file();
    let p = query(q)?;
    let mut sq: StoryQuery = p.story_query()?;
    sq.offset = 0;
    sq.limit = FEED_ENTRIES;
    let page = st.run(move |s| s.stories(&sq)).await?;
    let base = base_url(&headers);
    let entries: Vec<Entry> = page
        .stories
        .iter()
        .map(|s| {
            let mut summary = s.gist.clone();
            if !s.outlets.is_empty() {
                summary.push_str(&format!(" ({} articles from {})", s.articles, s.outlets.join(", ")));
            }
            Entry {
                id: format!("{base}/stories/{}", s.id),
                title: if s.headline.trim().is_empty() { format!("Story {}", s.id) } else { s.headline.clone() },
                link: format!("{base}/stories/{}", s.id),
                updated: s.updated.clone(),
                summary: summary.trim().to_string(),
            }
        })
        .collect();
    let query = headers_query(&p);
    let feed = Feed {
        id: format!("{base}/{file}{query}"),
        title: "tidings: latest stories".into(),
        link: format!("{base}/{query}"),
        self_link: format!("{base}/{file}{query}"),
        updated: newest(&entries),
        entries,
    };
    Ok(respond(&feed, format))
}

fn headers_query(p: &FrontParams) -> String {
    let q = p.query_string();
    if q.is_empty() {
        String::new()
    } else {
        format!("?{q}")
    }
}

/// `/stories/{id}/feed.atom`, `.rss`: an entry per new brief of the story, saying what changed.
pub(crate) async fn story(
    format: Format,
    State(st): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let file = format.file();
    let key = id.clone();
    let Some((stored, changes)) = st
        .run(move |s| {
            let Some(story) = s.story(&key)? else { return Ok(None) };
            let changes = s.changes(&story.row.id, 0)?.unwrap_or_default();
            Ok(Some((story, changes)))
        })
        .await?
    else {
        return Err(ApiError::not_found("story", &id));
    };
    let base = base_url(&headers);
    let row = &stored.row;
    let link = format!("{base}/stories/{}", row.id);
    let mut entries: Vec<Entry> = changes
        .iter()
        .rev()
        .take(FEED_ENTRIES)
        .map(|c| {
            let title = match (&c.edit, c.created) {
                (Some(e), _) => format!("Edited by hand: {e}"),
                (None, true) => format!("New story: {}", row.headline),
                (None, false) if !c.articles.is_empty() => {
                    format!("{} new article{}: {}", c.articles.len(), if c.articles.len() == 1 { "" } else { "s" }, row.headline)
                }
                (None, false) => format!("Updated: {}", row.headline),
            };
            let mut lines: Vec<String> = Vec::new();
            for a in &c.articles {
                lines.push(format!("New article: {} ({})", a.title, a.outlet.as_deref().unwrap_or("unknown outlet")));
            }
            for s in &c.sentences {
                lines.push(format!("New in the summary: {s}"));
            }
            for k in &c.conflicts {
                lines.push(format!("New disagreement: {}", tidings_store::claim_about(k)));
            }
            Entry {
                id: format!("{link}#change-{}", c.at_ms),
                title,
                link: format!("{link}?since={}", c.at_ms),
                updated: c.at.clone(),
                summary: lines.join("\n"),
            }
        })
        .collect();
    entries.sort_by(|a, b| b.updated.cmp(&a.updated));
    let feed = Feed {
        id: link.clone(),
        title: format!("tidings: {}", row.headline),
        link: link.clone(),
        self_link: format!("{link}/{file}"),
        updated: newest(&entries),
        entries,
    };
    Ok(respond(&feed, format))
}

/// `/search/feed.atom?q=…`, `.rss`: the articles a search finds (undated ones too).
pub(crate) async fn search(
    format: Format,
    State(st): State<AppState>,
    headers: HeaderMap,
    q: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let file = format.file();
    let p = query(q)?;
    let qs = p.query_string();
    let mut sq = search_query(p)?;
    sq.limit = FEED_ENTRIES;
    let words = sq.q.clone();
    let r = st.run(move |s| s.search(&sq)).await?;
    let base = base_url(&headers);
    let now = rfc3339_ms(tidings_store::now_ms());
    let entries: Vec<Entry> = r
        .articles
        .iter()
        .chain(&r.undated)
        .map(|a| Entry {
            id: format!("{base}/articles/{}", a.id),
            title: if a.title.trim().is_empty() {
                format!("Untitled article from {}", a.outlet.as_deref().unwrap_or("an unknown outlet"))
            } else {
                a.title.clone()
            },
            link: format!("{base}/articles/{}", a.id),
            updated: a
                .published
                .as_deref()
                .and_then(|p| chrono::DateTime::parse_from_rfc3339(p).ok())
                .map(|d| d.with_timezone(&chrono::Utc).to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
                .unwrap_or_else(|| now.clone()),
            summary: a.snippet.text.clone(),
        })
        .collect();
    let feed = Feed {
        id: format!("{base}/search/{file}?{qs}"),
        title: format!("tidings: search for {words}"),
        link: format!("{base}/search?{qs}"),
        self_link: format!("{base}/search/{file}?{qs}"),
        updated: newest(&entries),
        entries,
    };
    Ok(respond(&feed, format))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_and_well_formed() {
        assert_eq!(xml_escape("a<b>&\"c'\u{1}d\u{FFFF}"), "a&lt;b&gt;&amp;&quot;c&apos;d");
        let feed = Feed {
            id: "http://h/".into(),
            title: "t <x>".into(),
            link: "http://h/".into(),
            self_link: "http://h/feed.atom".into(),
            updated: "2024-03-04T09:00:00Z".into(),
            entries: vec![Entry {
                id: "http://h/stories/s1".into(),
                title: "<script>alert(1)</script>".into(),
                link: "http://h/stories/s1?a=1&b=2".into(),
                updated: "2024-03-04T09:00:00Z".into(),
                summary: "x & y".into(),
            }],
        };
        let atom = feed.render(Format::Atom);
        assert!(atom.contains("&lt;script&gt;") && atom.contains("?a=1&amp;b=2") && !atom.contains("<script>"));
        let rss = feed.render(Format::Rss);
        assert!(rss.contains("<pubDate>Mon, 4 Mar 2024 09:00:00 +0000</pubDate>"), "{rss}");
    }
}
