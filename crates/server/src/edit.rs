//! Corrections by hand from the reader pages: plain HTML forms, no JavaScript.
//!
//! Every route here sits behind [`crate::guard::guarded_forms`]: the editor's session cookie,
//! the form's CSRF field and a same-origin `Origin` are checked before a handler runs, and the
//! parsed [`Form`] is handed in. A correction answers `303 See Other` to the story page, which
//! lists it (with an undo button); an error answers an error page.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use tidings_store::Correction;

use crate::error::{ApiError, Code};
use crate::guard::{Form, EDITOR_COOKIE, EDITOR_SESSION_SECS};
use crate::pages::error_page;
use crate::AppState;

/// A local path to go back to: only `/…`, never `//host` or a scheme.
fn local(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') && !n.chars().any(char::is_control) => n.to_string(),
        _ => "/".to_string(),
    }
}

fn see_other(to: &str) -> Response {
    let mut res = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    res
}

/// `Secure` when the page was reached over TLS (through a proxy that says so).
fn secure(headers: &HeaderMap) -> &'static str {
    let https = headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()).is_some_and(|v| v.eq_ignore_ascii_case("https"));
    if https {
        "; Secure"
    } else {
        ""
    }
}

/// `POST /editor/login` (`token`, `next`): the token opens an editor's session.
pub(crate) async fn login(State(st): State<AppState>, headers: HeaderMap, Extension(form): Extension<Form>) -> Response {
    let token = form.get("token").unwrap_or("");
    if !st.guard.is_token(token) {
        return error_page(ApiError::new(Code::Unauthorized, "that is not the editor token"));
    }
    let Some(session) = st.guard.session(chrono::Utc::now().timestamp()) else {
        return error_page(ApiError::new(Code::WritesDisabled, "corrections are switched off"));
    };
    let mut res = see_other(&local(form.get("next")));
    let cookie = format!("{EDITOR_COOKIE}={session}; Path=/; Max-Age={EDITOR_SESSION_SECS}; HttpOnly; SameSite=Strict{}", secure(&headers));
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    res
}

/// `POST /editor/logout`: ends the session in this browser.
pub(crate) async fn logout(Extension(form): Extension<Form>) -> Response {
    let mut res = see_other(&local(form.get("next")));
    res.headers_mut().insert(header::SET_COOKIE, HeaderValue::from_static("tidings_editor=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"));
    res
}

async fn apply(st: &AppState, c: Correction, back: &str) -> Response {
    match st.run(move |s| s.correct(&c)).await {
        Ok(done) => see_other(&format!("/stories/{}#corrections", done.story.as_deref().or(done.other.as_deref()).unwrap_or(back))),
        Err(e) => error_page(e),
    }
}

fn required<'a>(form: &'a Form, name: &str, what: &str) -> Result<&'a str, ApiError> {
    form.get(name).map(str::trim).filter(|v| !v.is_empty()).ok_or_else(|| ApiError::bad(format!("the form needs {what}")))
}

/// `POST /stories/{id}/split` (`article`, repeated): the checked articles become a new story.
pub(crate) async fn split(State(st): State<AppState>, Path(id): Path<String>, Extension(form): Extension<Form>) -> Response {
    let articles: Vec<String> = form.all("article").into_iter().map(String::from).collect();
    if articles.is_empty() {
        return error_page(ApiError::bad("check the articles that belong to another story, then split"));
    }
    let back = id.clone();
    apply(&st, Correction::Split { story: id, articles }, &back).await
}

/// `POST /stories/{id}/merge` (`into`): this story joins another.
pub(crate) async fn merge(State(st): State<AppState>, Path(id): Path<String>, Extension(form): Extension<Form>) -> Response {
    let into = match required(&form, "into", "the id of the story to merge into") {
        Ok(v) => story_id(v),
        Err(e) => return error_page(e),
    };
    let back = id.clone();
    apply(&st, Correction::Merge { story: id, into }, &back).await
}

/// `POST /stories/{id}/headline` (`headline`).
pub(crate) async fn headline(State(st): State<AppState>, Path(id): Path<String>, Extension(form): Extension<Form>) -> Response {
    let headline = match required(&form, "headline", "a headline") {
        Ok(v) => v.to_string(),
        Err(e) => return error_page(e),
    };
    let back = id.clone();
    apply(&st, Correction::Headline { story: id, headline }, &back).await
}

/// `POST /stories/{id}/move` (`article`, `to`): an article of this story goes to another.
pub(crate) async fn move_article(State(st): State<AppState>, Path(id): Path<String>, Extension(form): Extension<Form>) -> Response {
    let (article, to) =
        match (required(&form, "article", "the article to move"), required(&form, "to", "the id of the story to move it to")) {
            (Ok(a), Ok(t)) => (a.to_string(), story_id(t)),
            (Err(e), _) | (_, Err(e)) => return error_page(e),
        };
    apply(&st, Correction::Move { article, to }, &id).await
}

/// `POST /corrections/{n}/undo` (`story`: the page to go back to).
pub(crate) async fn undo(State(st): State<AppState>, Path(n): Path<String>, Extension(form): Extension<Form>) -> Response {
    let Ok(n) = n.parse::<i64>() else { return error_page(ApiError::not_found("correction", &n)) };
    match st.run(move |s| s.undo(n)).await {
        Ok(done) => {
            let back = form.get("story").map(str::to_string);
            let to = done.story.or(done.other).or(back).unwrap_or_default();
            see_other(&if to.is_empty() { "/".to_string() } else { format!("/stories/{}#corrections", story_id(&to)) })
        }
        Err(e) => error_page(e),
    }
}

/// A story id as typed: the id itself, or a pasted story address (`…/stories/ID`).
fn story_id(typed: &str) -> String {
    let t = typed.trim().trim_end_matches('/');
    let t = t.split(['?', '#']).next().unwrap_or(t);
    t.rsplit("/stories/").next().unwrap_or(t).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_and_typed_ids() {
        assert_eq!(local(Some("/stories/s1")), "/stories/s1");
        for bad in ["//evil.example/", "https://evil.example/", "/\\evil", "javascript:alert(1)", "/a\nb"] {
            assert_eq!(local(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(story_id(" s123 "), "s123");
        assert_eq!(story_id("http://127.0.0.1:8080/stories/s123?since=1#x"), "s123");
    }
}
