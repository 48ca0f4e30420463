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
}

pub(crate) fn parse_sort(s: Option<&str>) -> Result<Sort, ApiError> {
    let s = s.filter(|s| !s.is_empty()).unwrap_or("latest");
    Sort::parse(s).ok_or_else(|| ApiError::bad(format!("unknown sort {s:?}: use latest or size")))
}

pub(crate) async fn stories(State(st): State<AppState>, q: Result<Query<ListParams>, QueryRejection>) -> Result<Response, ApiError> {
    let p = query(q)?;
    let q = StoryQuery {
        sort: parse_sort(p.sort.as_deref())?,
        offset: p.offset.unwrap_or(0),
        limit: p.limit.unwrap_or(DEFAULT_PAGE),
        outlet: p.outlet.filter(|o| !o.is_empty()),
        ..Default::default()
    };
    let key = format!("api|{q:?}");
    let version = st.run(|s| s.version()).await?;
    if let Some(body) = st.lists.get(&key, version) {
        return Ok(json_response(StatusCode::OK, body.to_string()));
    }
    let page = st.run(move |s| s.stories(&q)).await?;
    let body: std::sync::Arc<str> =
        serde_json::to_string(&page).map_err(|e| ApiError::new(Code::Internal, format!("cannot encode the answer: {e}")))?.into();
    st.lists.put(key, version, body.clone());
    Ok(json_response(StatusCode::OK, body.to_string()))
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

pub(crate) async fn openapi() -> Response {
    json_response(StatusCode::OK, crate::openapi::document().to_string())
}
