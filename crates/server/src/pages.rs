//! The reader pages: server-rendered HTML with minijinja (auto-escaping every value), no script.
//!
//! Views are built here as JSON values and the templates only lay them out, so everything that
//! comes from an article goes through the escaper; no template marks anything safe.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

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
/// thing a template may print unescaped.
#[derive(Clone)]
pub(crate) struct SafeHtml(Arc<str>);

impl SafeHtml {
    fn render(name: &str, ctx: impl serde::Serialize) -> Result<SafeHtml, ApiError> {
        render(name, ctx).map(|s| SafeHtml(s.into()))
    }
    fn value(&self) -> minijinja::Value {
        minijinja::Value::from_safe_string(self.0.to_string())
    }
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

fn html(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"))], body).into_response()
}

/// An error as a page, with the status of the error table.
pub(crate) fn error_page(e: ApiError) -> Response {
    let body =
        render("error.html", json!({ "title": "Error", "code": e.code.name(), "message": e.message, "status": e.code.status().as_u16() }))
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

/// "2026-11-23 07:10 UTC" from RFC 3339.
fn human(t: Option<&str>) -> String {
    match t.and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok()) {
        Some(d) => d.with_timezone(&chrono::Utc).format("%Y-%m-%d %H:%M UTC").to_string(),
        None => "undated".into(),
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

#[derive(Debug, Default, Deserialize)]
pub(crate) struct FrontParams {
    sort: Option<String>,
    page: Option<usize>,
    outlet: Option<String>,
}

pub(crate) async fn front(State(st): State<AppState>, q: Result<Query<FrontParams>, QueryRejection>) -> PageResult {
    let p = query(q)?;
    let sort = parse_sort(p.sort.as_deref())?;
    let page_no = p.page.unwrap_or(1).max(1);
    let q = StoryQuery {
        sort,
        offset: (page_no - 1) * DEFAULT_PAGE,
        limit: DEFAULT_PAGE,
        outlet: p.outlet.filter(|o| !o.is_empty()),
        ..Default::default()
    };
    let key = format!("front|{:?}|{}|{:?}", q.sort, q.offset, q.outlet);
    let version = st.run(|s| s.version()).await?;
    if let Some(body) = st.lists.get(&key, version) {
        return Ok(html(StatusCode::OK, body.to_string()));
    }
    let (page, stats) = st.run(move |s| Ok((s.stories(&q)?, s.stats()?))).await?;
    let stories: Vec<Value> = page
        .stories
        .iter()
        .map(|s| {
            json!({ "id": s.id, "headline": s.headline, "outlets": s.outlets.len(), "sources": s.sources,
                    "articles": s.articles, "updated": human(Some(&s.updated)), "conflict": s.conflict })
        })
        .collect();
    let sort_name = if sort == tidings_store::Sort::Size { "size" } else { "latest" };
    let more = (page.offset + page.stories.len()) < page.total as usize;
    let ctx = json!({
        "title": "tidings",
        "stories": stories,
        "total": page.total,
        "stats": { "articles": stats.articles, "outlets": stats.outlets, "updated": human(stats.updated.as_deref()) },
        "sort": sort_name,
        "prev": (page_no > 1).then(|| page_no - 1),
        "next": more.then_some(page_no + 1),
    });
    let body: Arc<str> = render("front.html", ctx)?.into();
    st.lists.put(key, version, body.clone());
    Ok(html(StatusCode::OK, body.to_string()))
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct StoryParams {
    since: Option<String>,
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|kv| {
        let (k, v) = kv.trim().split_once('=')?;
        (k == name).then(|| v.to_string())
    })
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
    // A first visit gets the whole page from the cache while no batch has landed.
    let version = if since.is_none() { Some(st.run(|s| s.version()).await?) } else { None };
    if let Some(v) = version {
        if let Some((story_id, page)) = st.story_pages.get(&id, v) {
            return Ok(with_visit_cookie(html(StatusCode::OK, page.to_string()), &cookie_name(&story_id), &story_id));
        }
    }
    let key = id.clone();
    let Some(stored) = st.run(move |s| s.story(&key)).await? else {
        return Err(ApiError::not_found("story", &id).into());
    };
    let story_id = stored.row.id.clone();
    let cookie_name = cookie_name(&story_id);
    let changes = match since {
        Some(t) => {
            let key = story_id.clone();
            st.run(move |s| s.changes(&key, t)).await?.unwrap_or_default()
        }
        None => Vec::new(),
    };
    let row = &stored.row;
    let body = match st.pages.get(&row.id, &row.updated) {
        Some(b) => b,
        None => {
            let v: Value =
                serde_json::from_str(&stored.json).map_err(|e| ApiError::new(Code::Internal, format!("stored story is not json: {e}")))?;
            let b = SafeHtml::render("story_body.html", story_view(&v))?;
            st.pages.put(&row.id, &row.updated, b.clone());
            b
        }
    };
    let page = json!({
        "title": row.headline, "id": row.id, "headline": row.headline, "articles": row.articles, "sources_count": row.sources,
        "outlets": row.outlets.len(), "conflict": row.conflict, "updated": human(Some(&row.updated)),
        "since": since.map(|t| human(Some(&tidings_store::rfc3339_ms(t)))),
        "changes": changes
            .iter()
            .map(|c| json!({ "at": human(Some(&c.at)), "created": c.created,
                "articles": c.articles.iter().map(|a| json!({ "id": a.id, "title": a.title, "outlet": a.outlet })).collect::<Vec<_>>(),
                "sentences": c.sentences,
                "conflicts": c.conflicts.iter().map(|k| k["about"].as_str().unwrap_or("a claim").to_string()).collect::<Vec<_>>() }))
            .collect::<Vec<_>>(),
    });
    let mut ctx: std::collections::BTreeMap<String, minijinja::Value> = match page {
        Value::Object(m) => m.into_iter().map(|(k, v)| (k, minijinja::Value::from_serialize(&v))).collect(),
        _ => Default::default(),
    };
    ctx.insert("body".into(), body.value());
    let body: Arc<str> = render("story.html", ctx)?.into();
    if let Some(v) = version {
        st.story_pages.put(id.clone(), v, (story_id.clone(), body.clone()));
    }
    Ok(with_visit_cookie(html(StatusCode::OK, body.to_string()), &cookie_name, &story_id))
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
            "title": a["title"],
            "before": &text[para_start..start],
            "sentence": &text[start..end],
            "after": &text[end..para_end],
            "href": format!("/articles/{}?hl={start}-{end}#hl", a["id"].as_str().unwrap_or("")),
        }))
    };
    let summary: Vec<Value> = v["summary"]
        .as_array()
        .unwrap_or(&empty)
        .iter()
        .map(|s| {
            let mut seen = Vec::new();
            let cites: Vec<Value> = s["citations"]
                .as_array()
                .unwrap_or(&empty)
                .iter()
                .filter_map(cite)
                .filter(|c| {
                    let n = c["n"].as_u64().unwrap_or(0);
                    let fresh = !seen.contains(&n);
                    seen.push(n);
                    fresh
                })
                .collect();
            json!({ "text": s["text"], "sources": s["sources"], "cites": cites })
        })
        .collect();
    let source = |n: usize, a: &Value| {
        json!({
            "n": n + 1, "id": a["id"], "title": a["title"],
            "outlet": source_name(a),
            "published": human(a["published"].as_str()), "read_minutes": a["read_minutes"],
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
                    let mut seen = Vec::new();
                    let cites: Vec<Value> = x["citations"]
                        .as_array()
                        .unwrap_or(&empty)
                        .iter()
                        .filter_map(cite)
                        .filter(|c| {
                            let n = c["n"].as_u64().unwrap_or(0);
                            let fresh = !seen.contains(&n);
                            seen.push(n);
                            fresh
                        })
                        .collect();
                    let sources: Vec<Value> = match x["sources"].as_array() {
                        Some(s) => s.clone(),
                        None => cites.iter().map(|c| c["outlet"].clone()).collect(),
                    };
                    json!({ "value": x["value"], "outlets": x["outlets"], "sources": sources, "cites": cites,
                        "as_of": x["as_of"].as_str().map(|t| human(Some(t))) })
                })
                .collect();
            json!({ "about": c["about"], "status": c["status"], "status_text": status_text,
                "conflict": c["status"] == "conflict", "evolving": c["status"] == "evolving", "values": values })
        })
        .collect();
    let timeline: Vec<Value> =
        list("timeline").iter().map(|t| json!({ "date": t["date"].as_str().unwrap_or("undated"), "text": t["text"] })).collect();
    let entities: Vec<Value> =
        list("entities").iter().map(|e| json!({ "name": e["name"], "kind": e["kind"], "mentions": e["mentions"] })).collect();
    let quotes: Vec<Value> = list("quotes").iter().map(|q| json!({ "speaker": q["speaker"], "text": q["text"] })).collect();
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
    let ctx = json!({
        "title": a.title, "a": {
            "id": a.id, "title": a.title, "story": a.story,
            "outlet": a.outlet.clone().or_else(|| a.path.as_deref().map(|p| p.rsplit('/').next().unwrap_or(p).to_string())),
            "byline": a.byline,
            "published": human(a.published.as_deref()), "read_minutes": a.read_minutes, "words": a.words,
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
    let q = search_query(p)?;
    let asked = !q.q.trim().is_empty() || q.entity.is_some();
    let (results, error) = if asked {
        match st.run(move |s| s.search(&q)).await {
            Ok(r) => (Some(r), None),
            Err(e) if e.code == Code::BadRequest => (None, Some(e.message)),
            Err(e) => return Err(e.into()),
        }
    } else {
        (None, None)
    };
    let ctx = json!({
        "title": "Search",
        "form": shown,
        "asked": asked,
        "error": error,
        "stories": results.as_ref().map(|r| r.stories.iter().map(|s| json!({ "id": s.id, "headline": s.headline, "sources": s.sources, "articles": s.articles, "snippet": snippet(&s.snippet) })).collect::<Vec<_>>()),
        "articles": results.as_ref().map(|r| r.articles.iter().map(|a| json!({ "id": a.id, "story": a.story, "title": a.title, "outlet": a.outlet, "published": human(a.published.as_deref()), "snippet": snippet(&a.snippet) })).collect::<Vec<_>>()),
    });
    Ok(html(StatusCode::OK, render("search.html", ctx)?))
}

/// The subscribed feeds with their last success and last error.
pub(crate) async fn feeds(State(st): State<AppState>) -> PageResult {
    let (polled, list) = match &st.feeds {
        Some(source) => {
            let source = source.clone();
            let list = tokio::task::spawn_blocking(move || source()).await.unwrap_or_default();
            (true, list)
        }
        None => (false, Vec::new()),
    };
    let ctx = json!({ "title": "Feeds", "polled": polled, "feeds": list });
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
