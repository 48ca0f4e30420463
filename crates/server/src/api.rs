//! The JSON API handlers.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use tidings_store::{parse_time_ms, SearchQuery, Sort, StoryQuery, DEFAULT_PAGE};

use crate::error::{ApiError, Code};
use crate::{json_response, AppState, MAX_POST_ARTICLES};

fn ok_json<T: serde::Serialize>(v: &T) -> Result<Response, ApiError> {
    let body = serde_json::to_string(v).map_err(|e| ApiError::new(Code::Internal, format!("cannot encode the answer: {e}")))?;
    Ok(json_response(StatusCode::OK, body))
}

pub(crate) fn query<T>(q: Result<Query<T>, QueryRejection>) -> Result<T, ApiError> {
    q.map(|Query(t)| t).map_err(|e| ApiError::bad(format!("bad query parameters: {}", e.body_text())))
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct ListParams {
    pub sort: Option<String>,
    pub offset: Option<usize>,
    pub limit: Option<usize>,
    pub outlet: Option<String>,
    pub entity: Option<String>,
    pub language: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub undated: Option<bool>,
}

impl ListParams {
    fn story_query(self) -> Result<StoryQuery, ApiError> {
        let text = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        Ok(StoryQuery {
            sort: parse_sort(self.sort.as_deref())?,
            offset: self.offset.unwrap_or(0),
            limit: self.limit.unwrap_or(DEFAULT_PAGE),
            outlet: text(self.outlet),
            entity: text(self.entity),
            language: text(self.language),
            from_ms: crate::pages::time_param("from", &self.from)?,
            to_ms: crate::pages::time_param("to", &self.to)?,
            undated: self.undated.unwrap_or(false),
        })
    }
}

pub(crate) fn parse_sort(s: Option<&str>) -> Result<Sort, ApiError> {
    let s = s.filter(|s| !s.is_empty()).unwrap_or("latest");
    Sort::parse(s).ok_or_else(|| ApiError::bad(format!("unknown sort {s:?}: use latest or size")))
}

pub(crate) async fn stories(State(st): State<AppState>, q: Result<Query<ListParams>, QueryRejection>) -> Result<Response, ApiError> {
    let q = query(q)?.story_query()?;
    let key = format!("api|{q:?}");
    let version = st.run(|s| s.version()).await?;
    if let Some(body) = st.lists.get(&key, version) {
        return Ok(crate::bytes_response(StatusCode::OK, "application/json", body));
    }
    let page = st.run(move |s| s.stories(&q)).await?;
    let body = bytes::Bytes::from(
        serde_json::to_string(&page).map_err(|e| ApiError::new(Code::Internal, format!("cannot encode the answer: {e}")))?,
    );
    st.lists.put(key, version, body.clone());
    Ok(crate::bytes_response(StatusCode::OK, "application/json", body))
}

pub(crate) async fn story(State(st): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let key = id.clone();
    match st.run(move |s| s.story(&key)).await? {
        // The stored brief is the digest's story JSON: served as is.
        Some(story) => Ok(json_response(StatusCode::OK, story.json)),
        None => Err(ApiError::not_found("story", &id)),
    }
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct ChangesParams {
    pub since: Option<String>,
}

pub(crate) async fn changes(
    State(st): State<AppState>,
    Path(id): Path<String>,
    q: Result<Query<ChangesParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let p = query(q)?;
    let since = match p.since.as_deref().filter(|s| !s.is_empty()) {
        None => 0,
        Some(s) => parse_time_ms(s)
            .ok_or_else(|| ApiError::bad(format!("since={s:?} is not a time: use RFC 3339, YYYY-MM-DD or milliseconds since 1970")))?,
    };
    let key = id.clone();
    match st.run(move |s| s.changes(&key, since)).await? {
        Some(changes) => ok_json(&serde_json::json!({ "story": id, "since": tidings_store::rfc3339_ms(since), "changes": changes })),
        None => Err(ApiError::not_found("story", &id)),
    }
}

pub(crate) async fn article(State(st): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let key = id.clone();
    match st.run(move |s| s.article(&key)).await? {
        Some(a) => ok_json(&a),
        None => Err(ApiError::not_found("article", &id)),
    }
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct SearchParams {
    pub q: Option<String>,
    pub outlet: Option<String>,
    pub entity: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub limit: Option<usize>,
}

impl SearchParams {
    /// The search as a query string, for links to its feeds.
    pub(crate) fn query_string(&self) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        for (k, v) in [("q", &self.q), ("outlet", &self.outlet), ("entity", &self.entity), ("from", &self.from), ("to", &self.to)] {
            if let Some(v) = v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                q.append_pair(k, v);
            }
        }
        q.finish()
    }
}

pub(crate) fn search_query(p: SearchParams) -> Result<SearchQuery, ApiError> {
    let time = |name: &str, v: Option<String>| -> Result<Option<i64>, ApiError> {
        match v.filter(|s| !s.trim().is_empty()) {
            None => Ok(None),
            Some(s) => {
                parse_time_ms(&s).map(Some).ok_or_else(|| ApiError::bad(format!("{name}={s:?} is not a date: use YYYY-MM-DD or RFC 3339")))
            }
        }
    };
    Ok(SearchQuery {
        q: p.q.unwrap_or_default(),
        outlet: p.outlet.filter(|s| !s.trim().is_empty()),
        entity: p.entity.filter(|s| !s.trim().is_empty()),
        from_ms: time("from", p.from)?,
        to_ms: time("to", p.to)?,
        limit: p.limit.unwrap_or(0),
    })
}

pub(crate) async fn search(State(st): State<AppState>, q: Result<Query<SearchParams>, QueryRejection>) -> Result<Response, ApiError> {
    let q = search_query(query(q)?)?;
    let r = st.run(move |s| s.search(&q)).await?;
    ok_json(&r)
}

/// POST /api/articles: one article object, a list of them, or `{"articles": [...]}`, in the
/// shape `tidings digest` reads from .json files.
pub(crate) async fn post_articles(State(st): State<AppState>, body: Result<Bytes, BytesRejection>) -> Result<Response, ApiError> {
    let body = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                Code::PayloadTooLarge,
                format!("the body is larger than the {} MiB limit: send fewer articles per request", crate::MAX_BODY_BYTES / (1024 * 1024)),
            )
        } else {
            ApiError::bad(format!("cannot read the body: {}", e.body_text()))
        }
    })?;
    let v: serde_json::Value = serde_json::from_slice(&body).map_err(|e| ApiError::bad(format!("the body is not valid json: {e}")))?;
    let items: Vec<serde_json::Value> = match v {
        serde_json::Value::Array(a) => a,
        serde_json::Value::Object(ref o) if o.get("articles").is_some_and(|a| a.is_array()) => {
            o["articles"].as_array().cloned().unwrap_or_default()
        }
        other => vec![other],
    };
    if items.len() > MAX_POST_ARTICLES {
        return Err(ApiError::new(
            Code::PayloadTooLarge,
            format!("{} articles in one request, the limit is {MAX_POST_ARTICLES}", items.len()),
        ));
    }
    let mut docs = Vec::new();
    let mut warnings = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let mut notes = Vec::new();
        match tidings_ingest::doc_from_json_noting(item, &mut notes) {
            Ok(d) => docs.push(d),
            Err(e) => warnings.push(format!("articles[{i}]: {e}")),
        }
        warnings.extend(notes.into_iter().map(|n| format!("articles[{i}]: {n}")));
    }
    if docs.is_empty() {
        return Err(ApiError::bad(format!(
            "no article in the body: {}",
            if warnings.is_empty() { "the list is empty".into() } else { warnings.join("; ") }
        )));
    }
    let mut report = match st.run(move |s| s.ingest(docs)).await {
        Ok(r) => r,
        Err(e) => {
            st.metrics.ingest_error(e.code.name());
            return Err(e);
        }
    };
    warnings.append(&mut report.warnings);
    report.warnings = warnings;
    let status = if report.added > 0 { StatusCode::CREATED } else { StatusCode::OK };
    let body = serde_json::to_string(&report).map_err(|e| ApiError::new(Code::Internal, e.to_string()))?;
    Ok(json_response(status, body))
}

/// `GET /api/facets`: the filter values of the stories the filters select, with counts.
pub(crate) async fn facets(State(st): State<AppState>, q: Result<Query<ListParams>, QueryRejection>) -> Result<Response, ApiError> {
    let q = query(q)?.story_query()?;
    let key = format!("facets|{q:?}");
    let version = st.run(|s| s.version()).await?;
    if let Some(body) = st.lists.get(&key, version) {
        return Ok(crate::bytes_response(StatusCode::OK, "application/json", body));
    }
    let f = st.run(move |s| s.facets(&q)).await?;
    let body =
        bytes::Bytes::from(serde_json::to_string(&f).map_err(|e| ApiError::new(Code::Internal, format!("cannot encode the answer: {e}")))?);
    st.lists.put(key, version, body.clone());
    Ok(crate::bytes_response(StatusCode::OK, "application/json", body))
}

/// `GET /api/stories/{id}/corrections`: the corrections by hand made on a story.
pub(crate) async fn corrections(State(st): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let key = id.clone();
    match st.run(move |s| s.corrections(&key)).await? {
        Some(list) => ok_json(&serde_json::json!({ "story": id, "corrections": list })),
        None => Err(ApiError::not_found("story", &id)),
    }
}

/// The JSON body of a correction.
fn body_json(body: &Bytes) -> Result<serde_json::Value, ApiError> {
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Ok(serde_json::json!({}));
    }
    serde_json::from_slice(body).map_err(|e| ApiError::bad(format!("the body is not valid json: {e}")))
}

fn field(v: &serde_json::Value, name: &str) -> Result<String, ApiError> {
    v[name]
        .as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .ok_or_else(|| ApiError::bad(format!("the body needs a string field {name:?}")))
}

async fn apply(st: &AppState, c: tidings_store::Correction) -> Result<Response, ApiError> {
    let done = st.run(move |s| s.correct(&c)).await?;
    ok_json(&done)
}

/// `POST /api/stories/{id}/split` `{"articles": [ids]}`: the articles leave into a new story.
pub(crate) async fn split(State(st): State<AppState>, Path(id): Path<String>, body: Bytes) -> Result<Response, ApiError> {
    let v = body_json(&body)?;
    let articles: Vec<String> = v["articles"]
        .as_array()
        .ok_or_else(|| ApiError::bad("the body needs \"articles\": a list of article ids"))?
        .iter()
        .map(|a| a.as_str().map(String::from).ok_or_else(|| ApiError::bad("\"articles\" holds article ids (strings)")))
        .collect::<Result<_, _>>()?;
    apply(&st, tidings_store::Correction::Split { story: id, articles }).await
}

/// `POST /api/stories/{id}/merge` `{"into": id}`: the story joins another.
pub(crate) async fn merge(State(st): State<AppState>, Path(id): Path<String>, body: Bytes) -> Result<Response, ApiError> {
    let into = field(&body_json(&body)?, "into")?;
    apply(&st, tidings_store::Correction::Merge { story: id, into }).await
}

/// `POST /api/stories/{id}/headline` `{"headline": "..."}`.
pub(crate) async fn headline(State(st): State<AppState>, Path(id): Path<String>, body: Bytes) -> Result<Response, ApiError> {
    let headline = field(&body_json(&body)?, "headline")?;
    apply(&st, tidings_store::Correction::Headline { story: id, headline }).await
}

/// `POST /api/articles/{id}/move` `{"story": id}`: the article leaves its story for another.
pub(crate) async fn move_article(State(st): State<AppState>, Path(id): Path<String>, body: Bytes) -> Result<Response, ApiError> {
    let to = field(&body_json(&body)?, "story")?;
    apply(&st, tidings_store::Correction::Move { article: id, to }).await
}

/// `POST /api/corrections/{n}/undo`.
pub(crate) async fn undo(State(st): State<AppState>, Path(n): Path<String>) -> Result<Response, ApiError> {
    let n: i64 = n.parse().map_err(|_| ApiError::not_found("correction", &n))?;
    let done = st.run(move |s| s.undo(n)).await?;
    ok_json(&done)
}

pub(crate) async fn openapi() -> Response {
    json_response(StatusCode::OK, crate::openapi::document().to_string())
}
