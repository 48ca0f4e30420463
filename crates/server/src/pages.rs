//! The reader pages: server-rendered HTML with minijinja (auto-escaping every value), no script.
//!
//! Views are built here as JSON values and the templates only lay them out, so everything that
//! comes from an article goes through the escaper; no template marks anything safe.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use minijinja::Environment;
use serde::Deserialize;
use serde_json::{json, Value};
use tidings_store::{now_ms, parse_time_ms, Snippet, StoryQuery, DEFAULT_PAGE};

use crate::api::{parse_sort, query, search_query, SearchParams};
use crate::error::{ApiError, Code};
use crate::guard::cookie;
use crate::AppState;

/// Bytes of context shown around a cited sentence on either side.
pub const CONTEXT_BYTES: usize = 320;
/// How long the "last visit" cookie of a story lives.
pub const VISIT_COOKIE_SECS: u64 = 365 * 24 * 3600;

fn env() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        // Names end in .html, so minijinja escapes every printed value.
        for (name, src) in [
            ("base.html", include_str!("../templates/base.html")),
            ("front.html", include_str!("../templates/front.html")),
            ("story.html", include_str!("../templates/story.html")),
            ("story_body.html", include_str!("../templates/story_body.html")),
            ("article.html", include_str!("../templates/article.html")),
            ("search.html", include_str!("../templates/search.html")),
            ("error.html", include_str!("../templates/error.html")),
            ("feeds.html", include_str!("../templates/feeds.html")),
        ] {
            env.add_template(name, src).expect("templates are valid");
        }
        env
    })
}

fn render(name: &str, ctx: impl serde::Serialize) -> Result<String, ApiError> {
    env().get_template(name).and_then(|t| t.render(ctx)).map_err(|e| ApiError::new(Code::Internal, format!("cannot render {name}: {e}")))
}

/// HTML that came out of one of our templates, so every value in it was escaped: the only
/// thing put into a page unescaped (see [`splice`]).
#[derive(Clone)]
pub(crate) struct SafeHtml(bytes::Bytes);

impl SafeHtml {
    fn render(name: &str, ctx: impl serde::Serialize) -> Result<SafeHtml, ApiError> {
        render(name, ctx).map(|s| SafeHtml(s.into()))
    }
}

/// Where a page template leaves room for a [`SafeHtml`] fragment: characters no escaped value
/// can contain (minijinja escapes `<`), so the page is rendered small and the fragment is put in
/// with one copy, instead of passing tens of kilobytes through the template engine.
const SLOT: &str = "<tidings-slot/>";

/// The rendered page with `fragment` in its [`SLOT`].
fn splice(page: &str, fragment: &SafeHtml) -> bytes::Bytes {
    let Some(at) = page.find(SLOT) else { return bytes::Bytes::from(page.to_string()) };
    let mut out = Vec::with_capacity(page.len() - SLOT.len() + fragment.0.len());
    out.extend_from_slice(&page.as_bytes()[..at]);
    out.extend_from_slice(&fragment.0);
    out.extend_from_slice(&page.as_bytes()[at + SLOT.len()..]);
    bytes::Bytes::from(out)
}

/// How many rendered story bodies are kept.
pub const PAGE_CACHE_ENTRIES: usize = 4096;

/// Rendered story bodies keyed by story id and update time: a story's page changes only when a
/// batch changes the story, and rendering a brief costs far more than serving it.
#[derive(Default)]
pub struct PageCache {
    map: Mutex<HashMap<String, (String, SafeHtml)>>,
}

impl PageCache {
    fn get(&self, id: &str, updated: &str) -> Option<SafeHtml> {
        let map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        map.get(id).filter(|(u, _)| u == updated).map(|(_, h)| h.clone())
    }
    fn put(&self, id: &str, updated: &str, html: SafeHtml) {
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= PAGE_CACHE_ENTRIES {
            map.clear();
        }
        map.insert(id.to_string(), (updated.to_string(), html));
    }
}

fn html(status: StatusCode, body: impl Into<bytes::Bytes>) -> Response {
    crate::bytes_response(status, "text/html; charset=utf-8", body.into())
}

/// An error as a page, with the status of the error table.
pub(crate) fn error_page(e: ApiError) -> Response {
    let body = render(
        "error.html",
        json!({ "title": format!("Error {}", e.code.status().as_u16()), "heading": e.code.status().canonical_reason().unwrap_or("error"),
            "code": e.code.name(), "message": e.message, "status": e.code.status().as_u16() }),
    )
    .unwrap_or_else(|_| "error".into());
    html(e.code.status(), body)
}

/// A page handler's error renders as a page.
pub(crate) struct PageError(ApiError);

impl From<ApiError> for PageError {
    fn from(e: ApiError) -> Self {
        PageError(e)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        error_page(self.0)
    }
}

type PageResult = Result<Response, PageError>;

/// A time as a reader sees it: "23 Nov 2026, 07:10 UTC", or only the day when the time is
/// exactly midnight UTC (a date given without a time: showing "00:00" would make one up).
fn human(t: Option<&str>) -> String {
    match t.and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok()) {
        Some(d) => {
            let d = d.with_timezone(&chrono::Utc);
            if d.time() == chrono::NaiveTime::MIN {
                d.format("%-d %b %Y").to_string()
            } else {
                d.format("%-d %b %Y, %H:%M UTC").to_string()
            }
        }
        None => "undated".into(),
    }
}

/// `{iso, text}` for a `<time datetime="iso">text</time>`; the text says how long ago (within a
/// week of `now_ms`, when given), else the day.
fn time_view(t: Option<&str>, now_ms: Option<i64>) -> Value {
    let Some(d) = t.and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok()) else { return Value::Null };
    let d = d.with_timezone(&chrono::Utc);
    let exact = d.time() != chrono::NaiveTime::MIN;
    let iso = if exact { d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true) } else { d.format("%Y-%m-%d").to_string() };
    let text = match now_ms {
        Some(now) if exact => match (now - d.timestamp_millis()) / 60_000 {
            m if m < 0 => human(t),
            0 => "just now".into(),
            m if m < 60 => format!("{m} min ago"),
            m if m < 24 * 60 => format!("{} h ago", m / 60),
            m if m < 7 * 24 * 60 => {
                let days = m / (24 * 60);
                format!("{days} day{} ago", if days == 1 { "" } else { "s" })
            }
            _ => human(t),
        },
        _ => human(t),
    };
    json!({ "iso": iso, "text": text })
}

/// A `YYYY-MM-DD` day as `{iso, text}`.
fn day_view(day: Option<&str>) -> Value {
    match day.and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()) {
        Some(d) => json!({ "iso": d.format("%Y-%m-%d").to_string(), "text": d.format("%-d %b %Y").to_string() }),
        None => Value::Null,
    }
}

/// What a story is called when its brief has no headline: the start of its gist.
fn story_title(headline: &str, gist: &str, id: &str) -> String {
    let h = headline.trim();
    if !h.is_empty() {
        return h.to_string();
    }
    let words: Vec<&str> = gist.split_whitespace().take(12).collect();
    if words.is_empty() {
        format!("Untitled story {id}")
    } else {
        format!("{}\u{2026}", words.join(" "))
    }
}

/// What an article is called when it has no title.
fn article_title(title: &str, outlet: Option<&str>) -> String {
    let t = title.trim();
    if t.is_empty() {
        format!("Untitled article from {}", outlet.unwrap_or("an unknown outlet"))
    } else {
        t.to_string()
    }
}

/// Splits text into plain and marked pieces for the template.
fn pieces(text: &str, marks: &[[usize; 2]]) -> Vec<Value> {
    let mut out = Vec::new();
    let mut at = 0;
    for &[a, b] in marks {
        if a < at || b > text.len() || a > b || !text.is_char_boundary(a) || !text.is_char_boundary(b) {
            continue;
        }
        if a > at {
            out.push(json!({ "t": &text[at..a], "m": false }));
        }
        out.push(json!({ "t": &text[a..b], "m": true }));
        at = b;
    }
    if at < text.len() {
        out.push(json!({ "t": &text[at..], "m": false }));
    }
    out
}

fn snippet(s: &Snippet) -> Vec<Value> {
    pieces(&s.text, &s.highlights)
}

/// How a source is named: its outlet, else its file name, else its URL.
fn source_name(a: &Value) -> String {
    if let Some(o) = a["outlet"].as_str() {
        return o.to_string();
    }
    if let Some(p) = a["path"].as_str() {
        return p.rsplit('/').next().unwrap_or(p).to_string();
    }
    a["url"].as_str().unwrap_or("unknown outlet").to_string()
}

/// Only web links are printed as links.
fn web_url(u: Option<&str>) -> Option<&str> {
    u.filter(|u| u.starts_with("https://") || u.starts_with("http://"))
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[derive(Debug, Default, Clone, Deserialize)]
pub(crate) struct FrontParams {
    sort: Option<String>,
    page: Option<usize>,
    outlet: Option<String>,
    entity: Option<String>,
    language: Option<String>,
    from: Option<String>,
    to: Option<String>,
    undated: Option<String>,
}

fn non_empty(v: &Option<String>) -> Option<String> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(String::from)
}

/// A date given in a form or a query: `YYYY-MM-DD` or RFC 3339.
pub(crate) fn time_param(name: &str, v: &Option<String>) -> Result<Option<i64>, ApiError> {
    match non_empty(v) {
        None => Ok(None),
        Some(s) => {
            parse_time_ms(&s).map(Some).ok_or_else(|| ApiError::bad(format!("{name}={s:?} is not a date: use YYYY-MM-DD or RFC 3339")))
        }
    }
}

impl FrontParams {
    /// The story query of the page (the first page when none is given).
    pub(crate) fn story_query(&self) -> Result<StoryQuery, ApiError> {
        let page_no = self.page.unwrap_or(1).max(1);
        Ok(StoryQuery {
            sort: parse_sort(self.sort.as_deref())?,
            offset: (page_no - 1).saturating_mul(DEFAULT_PAGE),
            limit: DEFAULT_PAGE,
            outlet: non_empty(&self.outlet),
            entity: non_empty(&self.entity),
            language: non_empty(&self.language),
            from_ms: time_param("from", &self.from)?,
            to_ms: time_param("to", &self.to)?,
            undated: non_empty(&self.undated).is_some_and(|u| u != "0"),
        })
    }

    /// The filters (and sort) as a query string, without the page.
    pub(crate) fn query_string(&self) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("sort", &self.sort),
            ("outlet", &self.outlet),
            ("entity", &self.entity),
            ("language", &self.language),
            ("from", &self.from),
            ("to", &self.to),
            ("undated", &self.undated),
        ] {
            if let Some(v) = non_empty(v) {
                q.append_pair(k, &v);
            }
        }
        q.finish()
    }

    /// The front page's address with one filter changed (`None` clears it; `dates` clears the
    /// date range).
    fn with(&self, key: &str, value: Option<&str>) -> String {
        let mut p = FrontParams { page: None, ..self.clone() };
        let v = value.map(String::from);
        match key {
            "sort" => p.sort = v,
            "outlet" => p.outlet = v,
            "entity" => p.entity = v,
            "language" => p.language = v,
            "undated" => p.undated = v,
            "dates" => {
                p.from = None;
                p.to = None;
                p.undated = None;
            }
            _ => {}
        }
        let q = p.query_string();
        if q.is_empty() {
            "/".into()
        } else {
            format!("/?{q}")
        }
    }
}

/// The story list's line for a template.
fn row_view(s: &tidings_store::StoryRow, now: i64) -> Value {
    let shown: Vec<&String> = s.outlets.iter().take(tidings_store::text::OUTLETS_SHOWN).collect();
    json!({
        "id": s.id, "headline": story_title(&s.headline, &s.gist, &s.id), "lang": s.language, "gist": s.gist,
        "outlets_shown": shown, "outlets_more": s.outlets.len().saturating_sub(shown.len()), "n_outlets": s.outlets.len(),
        "sources": s.sources, "articles": s.articles,
        "event": day_view(s.event.as_deref()), "last": time_view(s.last_published.as_deref(), Some(now)),
        "conflict": s.conflict, "edited": s.edited,
    })
}

fn facet_view(list: &[tidings_store::Facet], selected: Option<&str>) -> Vec<Value> {
    let sel = selected.map(|s| s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase());
    list.iter()
        .map(|f| json!({ "value": f.value, "label": f.label, "stories": f.stories, "selected": sel.as_deref() == Some(f.value.as_str()) }))
        .collect()
}

pub(crate) async fn front(State(st): State<AppState>, q: Result<Query<FrontParams>, QueryRejection>) -> PageResult {
    let p = query(q)?;
    let q = p.story_query()?;
    let page_no = p.page.unwrap_or(1).max(1);
    let now = now_ms();
    // Relative times ("3 h ago") are right to the minute: a cached page lives a minute at most.
    let key = format!("front|{q:?}|{}", now / 60_000);
    let version = st.run(|s| s.version()).await?;
    if let Some(body) = st.lists.get(&key, version) {
        return Ok(html(StatusCode::OK, body));
    }
    let q2 = q.clone();
    let (page, facets, stats) = st.run(move |s| Ok((s.stories(&q2)?, s.facets(&q2)?, s.stats()?))).await?;
    let stories: Vec<Value> = page.stories.iter().map(|s| row_view(s, now)).collect();
    let sort_name = if q.sort == tidings_store::Sort::Size { "size" } else { "latest" };
    let more = (page.offset + page.stories.len()) < page.total as usize;
    let pages = (page.total as usize).div_ceil(DEFAULT_PAGE).max(1);
    let filters = p.query_string();
    let link = |n: usize| if filters.is_empty() { format!("/?page={n}") } else { format!("/?{filters}&page={n}") };
    let mut active: Vec<Value> = Vec::new();
    for (key, label, value) in [
        ("outlet", "outlet", non_empty(&p.outlet)),
        ("entity", "name", non_empty(&p.entity)),
        ("language", "language", non_empty(&p.language)),
    ] {
        if let Some(v) = value {
            active.push(json!({ "what": label, "value": v, "clear": p.with(key, None) }));
        }
    }
    if q.dated() || q.undated {
        let value = if q.undated {
            "no date".to_string()
        } else {
            format!("{} to {}", non_empty(&p.from).unwrap_or_else(|| "the start".into()), non_empty(&p.to).unwrap_or_else(|| "now".into()))
        };
        active.push(json!({ "what": "published", "value": value, "clear": p.with("dates", None) }));
    }
    let title = if active.is_empty() { "Latest stories" } else { "Stories, filtered" };
    let feed_query = if filters.is_empty() { String::new() } else { format!("?{filters}") };
    let ctx = json!({
        "title": if page_no > 1 { format!("{title}, page {page_no}") } else { title.to_string() },
        "heading": title,
        "stories": stories,
        "total": page.total,
        "page": page_no,
        "pages": pages,
        "stats": { "articles": stats.articles, "outlets": stats.outlets, "updated": time_view(stats.updated.as_deref(), Some(now)) },
        "sort": sort_name,
        "sort_latest": p.with("sort", Some("latest")),
        "sort_size": p.with("sort", Some("size")),
        "prev": (page_no > 1).then(|| link(page_no - 1)),
        "next": more.then(|| link(page_no + 1)),
        "active": active,
        "undated": page.undated.filter(|&n| n > 0).map(|n| json!({ "count": n, "href": p.with("undated", Some("1")) })),
        "filter": { "from": non_empty(&p.from), "to": non_empty(&p.to), "sort": sort_name },
        "facets": {
            "outlets": facet_view(&facets.outlets, p.outlet.as_deref().and_then(tidings_store::outlet_key).as_deref()),
            "people": facet_view(&facets.people, p.entity.as_deref()),
            "places": facet_view(&facets.places, p.entity.as_deref()),
            "organizations": facet_view(&facets.organizations, p.entity.as_deref()),
            "languages": facet_view(&facets.languages, p.language.as_deref()),
        },
        "feeds": { "atom": format!("/feed.atom{feed_query}"), "rss": format!("/feed.rss{feed_query}") },
    });
    let body = bytes::Bytes::from(render("front.html", ctx)?);
    st.lists.put(key, version, body.clone());
    Ok(html(StatusCode::OK, body))
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct StoryParams {
    since: Option<String>,
}

/// Entries of a story's history shown on its page (the feed has them all).
pub const HISTORY_SHOWN: usize = 10;

/// A change as "what changed since your last visit" lists it.
fn change_view(c: &tidings_store::Change) -> Value {
    json!({ "at": time_view(Some(&c.at), None), "created": c.created, "edit": c.edit,
        "articles": c.articles.iter().map(|a| json!({ "id": a.id, "title": article_title(&a.title, a.outlet.as_deref()), "outlet": a.outlet })).collect::<Vec<_>>(),
        "sentences": c.sentences,
        "conflicts": c.conflicts.iter().map(|k| tidings_store::claim_about(k)).collect::<Vec<_>>() })
}

/// A change as the history lists it: counts, not the articles.
fn history_view(c: &tidings_store::Change) -> Value {
    json!({ "at": time_view(Some(&c.at), None), "created": c.created, "edit": c.edit,
        "articles": c.articles.len(), "sentences": c.sentences.len(),
        "conflicts": c.conflicts.iter().map(|k| tidings_store::claim_about(k)).collect::<Vec<_>>() })
}

pub(crate) async fn story(
    State(st): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    q: Result<Query<StoryParams>, QueryRejection>,
) -> PageResult {
    let p = query(q)?;
    let cookie_name = |story: &str| format!("seen_{}", story.replace(|c: char| !c.is_ascii_alphanumeric(), "_"));
    let since = match p.since.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => Some(parse_time_ms(s).ok_or_else(|| ApiError::bad(format!("since={s:?} is not a time: use YYYY-MM-DD or RFC 3339")))?),
        None => {
            // The cookie is per story; an alias id finds no cookie and shows no changes.
            cookie(&headers, &cookie_name(&id)).and_then(|v| v.parse::<i64>().ok())
        }
    };
    // An editor sees forms with their own CSRF token: never from, nor into, the shared cache.
    let editor = st.guard.editor(&headers, now_ms() / 1000);
    let is_editor = editor.is_some();
    // A first visit gets the whole page from the cache while no batch has landed.
    let version = if since.is_none() && editor.is_none() { Some(st.run(|s| s.version()).await?) } else { None };
    if let Some(v) = version {
        if let Some((story_id, page)) = st.story_pages.get(&id, v) {
            return Ok(with_visit_cookie(html(StatusCode::OK, page), &cookie_name(&story_id), &story_id));
        }
    }
    let key = id.clone();
    let cache = st.pages.clone();
    // The brief (with every article's text) is read only when its rendering is not at hand, or
    // for an editor's forms.
    let Some((row, history, corrections, body, brief)) = st
        .run(move |s| {
            let Some(row) = s.story_row(&key)? else { return Ok(None) };
            let history = s.changes(&row.id, 0)?.unwrap_or_default();
            // A story nobody corrected has no corrections to list (undone ones show in its history).
            let corrections = if row.edited || is_editor { s.corrections(&row.id)?.unwrap_or_default() } else { Vec::new() };
            let body = cache.get(&row.id, &row.updated);
            let brief = if body.is_none() || is_editor { s.story(&row.id)?.map(|b| b.json) } else { None };
            Ok(Some((row, history, corrections, body, brief)))
        })
        .await?
    else {
        return Err(ApiError::not_found("story", &id).into());
    };
    let story_id = row.id.clone();
    let cookie_name = cookie_name(&story_id);
    let changes: Vec<&tidings_store::Change> = match since {
        Some(t) => history.iter().filter(|c| c.at_ms >= t).collect(),
        None => Vec::new(),
    };
    let v: Value = match &brief {
        Some(json) => serde_json::from_str(json).map_err(|e| ApiError::new(Code::Internal, format!("stored story is not json: {e}")))?,
        None => Value::Null,
    };
    let body = match body {
        Some(b) => b,
        None => {
            let b = SafeHtml::render("story_body.html", story_view(&v))?;
            st.pages.put(&row.id, &row.updated, b.clone());
            b
        }
    };
    let articles = v["articles"].as_array().map(Vec::as_slice).unwrap_or(&[]);
    let editor_view = editor.map(|e| {
        json!({ "csrf": e.csrf,
            "articles": articles.iter().map(|a| json!({ "id": a["id"], "title": article_title(a["title"].as_str().unwrap_or(""), a["outlet"].as_str()), "outlet": source_name(a) })).collect::<Vec<_>>() })
    });
    let title = story_title(&row.headline, &row.gist, &row.id);
    let page = json!({
        "title": title, "id": row.id, "headline": title, "lang": row.language, "articles": row.articles, "sources_count": row.sources,
        "outlets": row.outlets, "n_outlets": row.outlets.len(), "conflict": row.conflict, "edited": row.edited,
        "event": day_view(row.event.as_deref()), "last": time_view(row.last_published.as_deref(), None),
        "updated": time_view(Some(&row.updated), None),
        "since": since.map(|t| time_view(Some(&tidings_store::rfc3339_ms(t)), None)),
        "changes": changes.iter().map(|c| change_view(c)).collect::<Vec<_>>(),
        "history": history.iter().rev().take(HISTORY_SHOWN).map(history_view).collect::<Vec<_>>(),
        "history_more": history.len().saturating_sub(HISTORY_SHOWN),
        "corrections": corrections.iter().map(|c| json!({ "id": c.id, "note": c.note, "at": time_view(Some(&c.at), None), "undone": c.undone.as_deref().map(|u| time_view(Some(u), None)) })).collect::<Vec<_>>(),
        "editor": editor_view,
        "feeds": { "atom": format!("/stories/{}/feed.atom", row.id), "rss": format!("/stories/{}/feed.rss", row.id) },
    });
    let mut ctx: std::collections::BTreeMap<String, minijinja::Value> = match page {
        Value::Object(m) => m.into_iter().map(|(k, v)| (k, minijinja::Value::from_serialize(&v))).collect(),
        _ => Default::default(),
    };
    ctx.insert("body".into(), minijinja::Value::from_safe_string(SLOT.to_string()));
    let page = splice(&render("story.html", ctx)?, &body);
    if let Some(v) = version {
        st.story_pages.put(id.clone(), v, (story_id.clone(), page.clone()));
    }
    let mut res = with_visit_cookie(html(StatusCode::OK, page), &cookie_name, &story_id);
    if is_editor {
        // A page with an editor's forms (and CSRF token) must not be kept by any cache.
        res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    }
    Ok(res)
}

/// Remembers this visit, so that the next one can show what changed since.
fn with_visit_cookie(mut res: Response, name: &str, story_id: &str) -> Response {
    let set = format!("{name}={}; Path=/stories/{story_id}; Max-Age={VISIT_COOKIE_SECS}; SameSite=Lax; HttpOnly", now_ms());
    if let Ok(h) = HeaderValue::from_str(&set) {
        res.headers_mut().insert(header::SET_COOKIE, h);
    }
    res
}

/// The template's view of a story's wire JSON.
fn story_view(v: &Value) -> Value {
    let empty = Vec::new();
    let articles = v["articles"].as_array().unwrap_or(&empty);
    let index = |id: &str| articles.iter().position(|a| a["id"] == id);
    let cite = |c: &Value| -> Option<Value> {
        let n = index(c["article"].as_str()?)?;
        let a = &articles[n];
        let text = a["text"].as_str()?;
        let (start, end) = (c["start"].as_u64()? as usize, c["end"].as_u64()? as usize);
        if start > end || end > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return None;
        }
        // The paragraph around the sentence, cut to a readable length.
        let para_start =
            text[..start].rfind('\n').map(|i| i + 1).unwrap_or(0).max(floor_boundary(text, start.saturating_sub(CONTEXT_BYTES)));
        let para_end = text[end..].find('\n').map(|i| end + i).unwrap_or(text.len()).min(ceil_boundary(text, end + CONTEXT_BYTES));
        let para_start = ceil_boundary(text, para_start);
        Some(json!({
            "n": n + 1,
            "article": a["id"],
            "outlet": source_name(a),
            "lang": a["language"],
            "title": article_title(a["title"].as_str().unwrap_or(""), a["outlet"].as_str()),
            "before": &text[para_start..start],
            "sentence": &text[start..end],
            "after": &text[end..para_end],
            "href": format!("/articles/{}?hl={start}-{end}#hl", a["id"].as_str().unwrap_or("")),
        }))
    };
    // The citations of a list, each cited article once (in citation order).
    let unique_cites = |list: &Value| -> Vec<Value> {
        let mut seen = Vec::new();
        list.as_array()
            .unwrap_or(&empty)
            .iter()
            .filter_map(cite)
            .filter(|c| {
                let n = c["n"].as_u64().unwrap_or(0);
                let fresh = !seen.contains(&n);
                seen.push(n);
                fresh
            })
            .collect()
    };
    let summary: Vec<Value> = v["summary"]
        .as_array()
        .unwrap_or(&empty)
        .iter()
        .map(|s| {
            let cites = unique_cites(&s["citations"]);
            // The sentence's language is its own article's.
            let lang =
                s["citations"][0]["article"].as_str().and_then(index).map(|n| articles[n]["language"].clone()).unwrap_or(Value::Null);
            // A summary sentence whose value another outlet disputes (or that a later article
            // updates) is shown with the other side, never as plain fact.
            let disputes: Vec<Value> = s["claims"]
                .as_array()
                .unwrap_or(&empty)
                .iter()
                .filter(|c| {
                    (c["status"] == "conflict" || c["status"] == "evolving") && c["others"].as_array().is_some_and(|o| !o.is_empty())
                })
                .map(|c| {
                    let others: Vec<Value> = c["others"]
                        .as_array()
                        .unwrap_or(&empty)
                        .iter()
                        .map(|o| {
                            let mut ns: Vec<usize> = o["citations"]
                                .as_array()
                                .unwrap_or(&empty)
                                .iter()
                                .filter_map(|x| index(x["article"].as_str()?).map(|n| n + 1))
                                .collect();
                            ns.sort_unstable();
                            ns.dedup();
                            json!({ "value": o["value"], "ns": ns })
                        })
                        .collect();
                    json!({ "about": c["about"], "value": c["value"], "conflict": c["status"] == "conflict", "others": others })
                })
                .collect();
            json!({ "text": s["text"], "sources": s["sources"], "against": s["against"], "cites": cites, "lang": lang, "disputes": disputes })
        })
        .collect();
    let source = |n: usize, a: &Value| {
        json!({
            "n": n + 1, "id": a["id"], "title": article_title(a["title"].as_str().unwrap_or(""), a["outlet"].as_str()), "lang": a["language"],
            "outlet": source_name(a),
            "published": time_view(a["published"].as_str(), None), "read_minutes": a["read_minutes"],
            "url": web_url(a["url"].as_str()),
        })
    };
    // Originals in story order, each with its copies under it.
    let mut sources: Vec<Value> = Vec::new();
    for (n, a) in articles.iter().enumerate() {
        let orig = a["copy_of"].as_str().and_then(index);
        if orig.is_none() {
            let mut s = source(n, a);
            s["copies"] = json!(articles
                .iter()
                .enumerate()
                .filter(|(_, c)| c["copy_of"].as_str() == a["id"].as_str() && c["copy_of"].is_string())
                .map(|(k, c)| source(k, c))
                .collect::<Vec<_>>());
            sources.push(s);
        }
    }
    let list = |k: &str| v[k].as_array().cloned().unwrap_or_default();
    // Claims: each value with the sources that state it and their sentences, as the summary cites.
    let claims: Vec<Value> = list("claims")
        .iter()
        .map(|c| {
            let status_text = match c["status_text"].as_str() {
                Some(t) => t.to_string(),
                None => match c["status"].as_str().unwrap_or("") {
                    "conflict" => "disagree".into(),
                    "evolving" => "changed over time".into(),
                    "single_source" => "one outlet only".into(),
                    other => other.to_string(),
                },
            };
            let values: Vec<Value> = c["values"]
                .as_array()
                .unwrap_or(&empty)
                .iter()
                .map(|x| {
                    let cites = unique_cites(&x["citations"]);
                    let sources: Vec<Value> = match x["sources"].as_array() {
                        Some(s) => s.clone(),
                        None => cites.iter().map(|c| c["outlet"].clone()).collect(),
                    };
                    json!({ "value": x["value"], "outlets": x["outlets"], "sources": sources, "cites": cites,
                        "as_of": x["as_of"].as_str().map(|t| human(Some(t))),
                        "as_of_iso": time_view(x["as_of"].as_str(), None)["iso"] })
                })
                .collect();
            json!({ "about": c["about"], "status": c["status"], "status_text": status_text,
                "conflict": c["status"] == "conflict", "evolving": c["status"] == "evolving", "values": values })
        })
        .collect();
    let lang_of =
        |cites: &Value| cites[0]["article"].as_str().and_then(index).map(|n| articles[n]["language"].clone()).unwrap_or(Value::Null);
    let timeline: Vec<Value> = list("timeline")
        .iter()
        .map(|t| json!({ "date": t["date"], "shown": t["date"].as_str().unwrap_or("undated"), "text": t["text"], "lang": lang_of(&t["citations"]) }))
        .collect();
    let entities: Vec<Value> =
        list("entities").iter().map(|e| json!({ "name": e["name"], "kind": e["kind"], "mentions": e["mentions"] })).collect();
    let quotes: Vec<Value> =
        list("quotes").iter().map(|q| json!({ "speaker": q["speaker"], "text": q["text"], "lang": lang_of(&q["citations"]) })).collect();
    json!({
        "title": v["headline"], "id": v["id"], "headline": v["headline"], "sources_count": v["sources"],
        "articles": articles.len(), "summary": summary, "sources": sources, "claims": claims,
        "timeline": timeline, "entities": entities, "quotes": quotes,
        "why": { "terms": v["why"]["terms"], "names": v["why"]["names"] },
    })
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct ArticleParams {
    hl: Option<String>,
}

pub(crate) async fn article(
    State(st): State<AppState>,
    Path(id): Path<String>,
    q: Result<Query<ArticleParams>, QueryRejection>,
) -> PageResult {
    let p = query(q)?;
    let key = id.clone();
    let Some(a) = st.run(move |s| s.article(&key)).await? else {
        return Err(ApiError::not_found("article", &id).into());
    };
    let hl: Option<[usize; 2]> = p.hl.as_deref().and_then(|h| {
        let (s, e) = h.split_once('-')?;
        let (s, e) = (s.parse().ok()?, e.parse().ok()?);
        (s <= e && e <= a.text.len() && a.text.is_char_boundary(s) && a.text.is_char_boundary(e)).then_some([s, e])
    });
    let paras: Vec<[usize; 2]> = if a.paragraphs.is_empty() { vec![[0, a.text.len()]] } else { a.paragraphs.clone() };
    let paragraphs: Vec<Value> = paras
        .iter()
        .filter(|[s, e]| s <= e && *e <= a.text.len() && a.text.is_char_boundary(*s) && a.text.is_char_boundary(*e))
        .map(|&[s, e]| {
            let marks: Vec<[usize; 2]> = hl.iter().filter(|h| h[0] < e && h[1] > s).map(|h| [h[0].max(s) - s, h[1].min(e) - s]).collect();
            json!({ "pieces": pieces(&a.text[s..e], &marks) })
        })
        .collect();
    let title = article_title(&a.title, a.outlet.as_deref());
    let ctx = json!({
        "title": title, "a": {
            "id": a.id, "title": title, "story": a.story, "lang": a.language,
            "outlet": a.outlet.clone().or_else(|| a.path.as_deref().map(|p| p.rsplit('/').next().unwrap_or(p).to_string())),
            "byline": a.byline,
            "published": time_view(a.published.as_deref(), None), "read_minutes": a.read_minutes, "words": a.words,
            "url": web_url(a.url.as_deref()), "revision": a.revision, "superseded_by": a.superseded_by,
            "summary": a.summary.iter().map(|s| json!({ "text": s.text, "href": format!("?hl={}-{}#hl", s.start, s.end) })).collect::<Vec<_>>(),
        },
        "paragraphs": paragraphs,
        "highlighted": hl.is_some(),
    });
    Ok(html(StatusCode::OK, render("article.html", ctx)?))
}

pub(crate) async fn search(State(st): State<AppState>, q: Result<Query<SearchParams>, QueryRejection>) -> PageResult {
    let p = query(q)?;
    let shown = json!({ "q": p.q.clone().unwrap_or_default(), "outlet": p.outlet.clone().unwrap_or_default(),
        "entity": p.entity.clone().unwrap_or_default(), "from": p.from.clone().unwrap_or_default(), "to": p.to.clone().unwrap_or_default() });
    let qs = p.query_string();
    let q = search_query(p)?;
    let words = q.q.trim().to_string();
    let asked = !words.is_empty() || q.entity.is_some();
    let dated = q.from_ms.is_some() || q.to_ms.is_some();
    let (results, error) = if asked {
        match st.run(move |s| s.search(&q)).await {
            Ok(r) => (Some(r), None),
            Err(e) if e.code == Code::BadRequest => (None, Some(e.message)),
            Err(e) => return Err(e.into()),
        }
    } else {
        (None, None)
    };
    let hit = |a: &tidings_store::ArticleHit| {
        json!({ "id": a.id, "story": a.story, "title": article_title(&a.title, a.outlet.as_deref()), "outlet": a.outlet,
                "published": time_view(a.published.as_deref(), None), "snippet": snippet(&a.snippet) })
    };
    let ctx = json!({
        "title": if asked { format!("Search: {words}") } else { "Search".to_string() },
        "form": shown,
        "asked": asked,
        "dated": dated,
        "error": error,
        "stories": results.as_ref().map(|r| r.stories.iter().map(|s| json!({ "id": s.id, "headline": story_title(&s.headline, "", &s.id), "sources": s.sources, "articles": s.articles, "snippet": snippet(&s.snippet) })).collect::<Vec<_>>()),
        "articles": results.as_ref().map(|r| r.articles.iter().map(hit).collect::<Vec<_>>()),
        "undated": results.as_ref().map(|r| r.undated.iter().map(hit).collect::<Vec<_>>()),
        "feeds": { "atom": format!("/search/feed.atom?{qs}"), "rss": format!("/search/feed.rss?{qs}") },
    });
    Ok(html(StatusCode::OK, render("search.html", ctx)?))
}

/// The subscribed feeds with their last success and last error.
pub(crate) async fn feeds(State(st): State<AppState>) -> PageResult {
    let (known, list) = match &st.feeds {
        Some(source) => {
            let source = source.clone();
            let list = tokio::task::spawn_blocking(move || source()).await.unwrap_or_default();
            (true, list)
        }
        None => (false, Vec::new()),
    };
    let ctx = json!({ "title": "Feed subscriptions", "known": known, "polled": st.feeds_polled, "feeds": list });
    Ok(html(StatusCode::OK, render("feeds.html", ctx)?))
}

pub(crate) async fn css() -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/css; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600")),
        ],
        include_str!("../static/app.css"),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 16: articles without a title gave empty, unclickable links and an empty `<h1>`;
    /// dates without a time showed a made-up "00:00 UTC".
    #[test]
    fn untitled_things_and_dates_without_a_time() {
        assert_eq!(article_title("  ", Some("Quiet Post")), "Untitled article from Quiet Post");
        assert_eq!(article_title("", None), "Untitled article from an unknown outlet");
        assert_eq!(article_title(" Storm ", None), "Storm");
        assert_eq!(
            story_title("", "A storm hit the coast on Friday, closing ports.", "s1"),
            "A storm hit the coast on Friday, closing ports.\u{2026}"
        );
        assert_eq!(story_title("", "", "s1"), "Untitled story s1");
        assert_eq!(human(Some("2024-03-05T00:00:00+00:00")), "5 Mar 2024");
        assert_eq!(human(Some("2024-03-05T07:10:00+02:00")), "5 Mar 2024, 05:10 UTC");
        let now = chrono::DateTime::parse_from_rfc3339("2024-03-05T10:00:00Z").unwrap().timestamp_millis();
        assert_eq!(time_view(Some("2024-03-05T07:00:00Z"), Some(now))["text"], "3 h ago");
        assert_eq!(time_view(Some("2024-03-05T00:00:00Z"), Some(now)), json!({ "iso": "2024-03-05", "text": "5 Mar 2024" }));
        assert_eq!(time_view(Some("2024-02-01T07:00:00Z"), Some(now))["text"], "1 Feb 2024, 07:00 UTC");
    }

    #[test]
    fn a_fragment_goes_into_its_slot_once() {
        let page = format!("<p>{}</p>{SLOT}<p>tail</p>", "&lt;tidings-slot/&gt;");
        let out = splice(&page, &SafeHtml(bytes::Bytes::from_static(b"<b>body</b>")));
        assert_eq!(&out[..], b"<p>&lt;tidings-slot/&gt;</p><b>body</b><p>tail</p>");
    }
}
