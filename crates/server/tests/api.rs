//! The JSON API and the pages, driven through the router without a socket.

use std::path::PathBuf;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use tidings_store::{SqliteStore, Store};
use tower::ServiceExt;

struct App {
    _dir: tempfile::TempDir,
    store: Arc<SqliteStore>,
    router: axum::Router,
}

fn app() -> App {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(SqliteStore::open_dir(dir.path()).unwrap());
    let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/seeds");
    let (docs, _) = tidings_ingest::read_paths(&[seeds]);
    store.ingest(docs).unwrap();
    let router = tidings_server::router_with(store.clone(), config());
    App { _dir: dir, store, router }
}

/// The token the tests' servers take for writes.
const TOKEN: &str = "test-token-5f2b";

fn config() -> tidings_server::Config {
    tidings_server::Config { token: Some(TOKEN.into()), ..Default::default() }
}

struct Res {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

impl Res {
    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not json ({e}): {}", self.body))
    }
}

async fn call(app: &App, method: &str, uri: &str, body: Option<String>) -> Res {
    call_with(app, method, uri, body, &[("content-type", "application/json"), ("authorization", &format!("Bearer {TOKEN}"))]).await
}

async fn call_with(app: &App, method: &str, uri: &str, body: Option<String>, headers: &[(&str, &str)]) -> Res {
    let mut req = Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let req = req.body(body.map(Body::from).unwrap_or_else(Body::empty)).unwrap();
    let res = app.router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    Res { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
}

async fn get(app: &App, uri: &str) -> Res {
    call(app, "GET", uri, None).await
}

fn story_id(app: &App) -> String {
    app.store.stories(&Default::default()).unwrap().stories[0].id.clone()
}

#[tokio::test]
async fn stories_story_changes_article_search() {
    let app = app();
    let list = get(&app, "/api/stories?sort=size&limit=10").await;
    assert_eq!(list.status, StatusCode::OK);
    let v = list.json();
    assert_eq!(v["total"], 1);
    let id = v["stories"][0]["id"].as_str().unwrap().to_string();

    let story = get(&app, &format!("/api/stories/{id}")).await;
    assert_eq!(story.status, StatusCode::OK);
    assert_eq!(story.headers["content-type"], "application/json");
    let s = story.json();
    // Exactly the digest's story fields.
    let digest = tidings_digest::run(
        tidings_ingest::read_paths(&[PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/seeds")]).0,
        &Default::default(),
    );
    let want = serde_json::to_value(tidings_digest::wire::story(&digest, &digest.stories[0])).unwrap();
    let keys = |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&s), keys(&want));
    assert_eq!(keys(&s["articles"][0]), keys(&want["articles"][0]));

    let changes = get(&app, &format!("/api/stories/{id}/changes?since=2000-01-01")).await.json();
    assert_eq!(changes["changes"][0]["created"], true);
    assert_eq!(get(&app, &format!("/api/stories/{id}/changes?since=tomorrow")).await.status, StatusCode::BAD_REQUEST);

    let aid = s["articles"][0]["id"].as_str().unwrap();
    let a = get(&app, &format!("/api/articles/{aid}")).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.json()["story"], id.as_str());

    let hits = get(&app, "/api/search?q=train").await.json();
    assert!(!hits["articles"].as_array().unwrap().is_empty());
    let bad = get(&app, "/api/search?q=%20").await;
    assert_eq!((bad.status, bad.json()["code"].as_str()), (StatusCode::BAD_REQUEST, Some("bad_request")));
}

#[tokio::test]
async fn errors_come_from_one_table() {
    let app = app();
    let check = |r: Res, status: StatusCode, code: &str| {
        assert_eq!(r.status, status, "{}", r.body);
        let v = r.json();
        assert_eq!(v["code"], code, "{}", r.body);
        assert!(v["message"].as_str().is_some_and(|m| !m.is_empty()));
        let (name, st) = tidings_server::error::TABLE.iter().find(|e| e.1 == code).map(|e| (e.1, e.2)).unwrap();
        assert_eq!((name, st), (code, status));
    };
    check(get(&app, "/api/stories/nope").await, StatusCode::NOT_FOUND, "not_found");
    check(get(&app, "/api/articles/nope").await, StatusCode::NOT_FOUND, "not_found");
    check(get(&app, "/api/nothing-here").await, StatusCode::NOT_FOUND, "no_route");
    check(get(&app, "/api/stories?sort=random").await, StatusCode::BAD_REQUEST, "bad_request");
    check(get(&app, "/api/stories?limit=-3").await, StatusCode::BAD_REQUEST, "bad_request");
    check(call(&app, "DELETE", "/api/stories", None).await, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
    check(call(&app, "POST", "/api/articles", Some("{not json".into())).await, StatusCode::BAD_REQUEST, "bad_request");
    check(call(&app, "POST", "/api/articles", Some("[]".into())).await, StatusCode::BAD_REQUEST, "bad_request");
    let huge = format!("{{\"text\": \"{}\"}}", "a".repeat(tidings_server::MAX_BODY_BYTES + 10));
    check(call(&app, "POST", "/api/articles", Some(huge)).await, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    let many = serde_json::to_string(&vec![serde_json::json!({"text": "x"}); tidings_server::MAX_POST_ARTICLES + 1]).unwrap();
    check(call(&app, "POST", "/api/articles", Some(many)).await, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
}

#[tokio::test]
async fn post_articles_ingests_once() {
    let app = app();
    // Lists are cached per store version: a batch must show up at once.
    assert_eq!(get(&app, "/api/stories").await.json()["total"], 1);
    let front_before = get(&app, "/").await.body;
    let body = serde_json::json!({ "articles": [
        { "title": "Ferry strike ends", "text": "The ferry strike ended on Monday after workers accepted a new offer. Services resume on Tuesday.", "outlet": "Harbour Post", "url": "https://harbour.example/ferry", "published": "2024-05-06" },
        { "title": "no text here" }
    ]})
    .to_string();
    let r = call(&app, "POST", "/api/articles", Some(body.clone())).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let v = r.json();
    assert_eq!(v["added"], 1);
    assert!(v["warnings"][0].as_str().unwrap().contains("articles[1]"));
    let again = call(&app, "POST", "/api/articles", Some(body)).await;
    assert_eq!((again.status, again.json()["unchanged"].as_u64()), (StatusCode::OK, Some(1)));
    assert_eq!(get(&app, "/api/stories").await.json()["total"], 2);
    let front_after = get(&app, "/").await.body;
    assert!(!front_before.contains("Ferry strike ends") && front_after.contains("Ferry strike ends"));
    let hits = get(&app, "/api/search?q=ferry&outlet=harbour%20post").await.json();
    assert_eq!(hits["articles"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn openapi_documents_every_route_and_no_other() {
    let app = app();
    let doc = get(&app, "/api/openapi.json").await.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    let mut documented: Vec<(String, String)> = Vec::new();
    for (p, ops) in paths {
        for m in ops.as_object().unwrap().keys() {
            documented.push((m.clone(), p.clone()));
        }
    }
    let mut routes: Vec<(String, String)> = tidings_server::API_ROUTES.iter().map(|(m, p)| (m.to_string(), p.to_string())).collect();
    documented.sort();
    routes.sort();
    assert_eq!(documented, routes);
    // And every listed route is really served: the router answers, not the no-route fallback.
    let id = story_id(&app);
    let story: serde_json::Value = serde_json::from_str(&app.store.story(&id).unwrap().unwrap().json).unwrap();
    let aid = story["articles"][0]["id"].as_str().unwrap().to_string();
    for (m, p) in tidings_server::API_ROUTES {
        let uri = if p.starts_with("/api/articles/") { p.replace("{id}", &aid) } else { p.replace("{id}", &id) };
        let uri = if *p == "/api/search" { format!("{uri}?q=kim") } else { uri };
        let body = (*m == "post").then(|| "{\"text\": \"A short note about the harbour. It was calm.\"}".to_string());
        let r = call(&app, &m.to_uppercase(), &uri, body).await;
        let code = serde_json::from_str::<serde_json::Value>(&r.body).ok().and_then(|v| v.get("code").cloned());
        assert_ne!(code, Some(serde_json::json!("no_route")), "{m} {p} is not served");
        // The corrections get a body they refuse here (they are exercised in `corrections_by_hand`).
        let correction = *m == "post" && *p != "/api/articles";
        if correction {
            assert!(
                ["bad_request", "not_found", "bad_correction"].iter().any(|c| code == Some(serde_json::json!(c))),
                "{m} {p}: {}",
                r.body
            );
        } else {
            assert!(r.status.is_success(), "{m} {p}: {} {}", r.status, r.body);
        }
    }
}

#[tokio::test]
async fn every_response_has_a_strict_csp() {
    let app = app();
    let id = story_id(&app);
    for uri in ["/", &format!("/stories/{id}"), "/search?q=kim", "/api/stories", "/nope", "/static/app.css"] {
        let r = get(&app, uri).await;
        assert_eq!(r.headers["content-security-policy"], tidings_server::CSP, "{uri}");
        assert_eq!(r.headers["x-content-type-options"], "nosniff");
    }
    assert!(tidings_server::CSP.contains("default-src 'none'") && !tidings_server::CSP.contains("unsafe"));
}

#[tokio::test]
async fn a_script_title_is_text_on_every_page() {
    let app = app();
    let evil = "<script>alert('x')</script> Dam <b>breaks</b>";
    let body = serde_json::json!([{ "title": evil, "outlet": "<i>Evil</i> Times", "url": "javascript:alert(1)",
        "text": "The dam broke on Sunday night <script>alert(2)</script> and the valley flooded. Rescuers arrived at dawn." }])
    .to_string();
    assert_eq!(call(&app, "POST", "/api/articles", Some(body)).await.status, StatusCode::CREATED);
    let hits = get(&app, "/api/search?q=dam").await.json();
    let aid = hits["articles"][0]["id"].as_str().unwrap().to_string();
    let sid = hits["articles"][0]["story"].as_str().unwrap().to_string();
    for uri in [
        "/".to_string(),
        format!("/stories/{sid}"),
        format!("/articles/{aid}"),
        "/search?q=dam".to_string(),
        "/search?q=%3Cscript%3E".to_string(),
    ] {
        let r = get(&app, &uri).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}");
        assert!(!r.body.contains("<script"), "{uri} has a raw script tag");
        assert!(!r.body.contains("<i>Evil"), "{uri} has raw markup");
        assert!(!r.body.contains("href=\"javascript:"), "{uri} links a javascript: url");
        if uri != "/search?q=%3Cscript%3E" {
            assert!(r.body.contains("&lt;script&gt;"), "{uri} does not show the title as text");
        }
    }
    // JSON keeps the text as it is.
    assert_eq!(get(&app, &format!("/api/articles/{aid}")).await.json()["title"], evil);
}

#[tokio::test]
async fn pages_render() {
    let app = app();
    let id = story_id(&app);
    let front = get(&app, "/").await;
    assert_eq!(front.status, StatusCode::OK);
    assert!(front.body.contains(&format!("/stories/{id}")));
    assert!(front.body.contains("1 stories") || front.body.contains("stories"));
    let story = get(&app, &format!("/stories/{id}")).await;
    assert!(story.body.contains("class=\"cite\""));
    assert!(story.body.contains("<mark class=\"cited\">"));
    let cookie = story.headers["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("seen_") && cookie.contains("HttpOnly"));
    // With a last visit before everything, the page lists what changed.
    let since = get(&app, &format!("/stories/{id}?since=2000-01-01")).await;
    assert!(since.body.contains("What changed since your last visit"));
    assert!(since.body.contains("the story appeared"));
    // The same from the cookie of an earlier visit; a visit after the last change shows nothing new.
    let name = cookie.split('=').next().unwrap();
    let req = Request::builder().uri(format!("/stories/{id}")).header("cookie", format!("{name}=0")).body(Body::empty()).unwrap();
    let res = app.router.clone().oneshot(req).await.unwrap();
    let body = String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    assert!(body.contains("the story appeared"));
    let later = tidings_store::now_ms() + 1000;
    let req =
        Request::builder().uri(format!("/stories/{id}")).header("cookie", format!("other=1; {name}={later}")).body(Body::empty()).unwrap();
    let res = app.router.clone().oneshot(req).await.unwrap();
    let body = String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    let changes = body.split("id=\"changes\"").nth(1).unwrap().split("</section>").next().unwrap();
    assert!(changes.contains("Nothing new.") && !changes.contains("the story appeared"), "{changes}");
    // An anchor link to the article highlights the cited sentence.
    let v: serde_json::Value = serde_json::from_str(&app.store.story(&id).unwrap().unwrap().json).unwrap();
    let c = &v["summary"][0]["citations"][0];
    let art = get(&app, &format!("/articles/{}?hl={}-{}", c["article"].as_str().unwrap(), c["start"], c["end"])).await;
    assert!(art.body.contains("<mark id=\"hl\">"), "{}", art.body);
    assert!(art.body.contains("min read"));
    assert!(art.body.contains("No time to read?"));
    let missing = get(&app, "/stories/nope").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.headers["content-type"].to_str().unwrap().starts_with("text/html"));
    let search = get(&app, "/search?q=putin").await;
    assert!(search.body.contains("<mark>"));
}

#[tokio::test]
async fn disk_full_fails_writes_and_reads_go_on() {
    let app = app();
    app.store.set_failpoint("articles_written", Some(tidings_store::failpoint::Action::DiskFull));
    let body = serde_json::json!({ "title": "Late news", "text": "A late article arrived at night. Nobody read it." }).to_string();
    let r = call(&app, "POST", "/api/articles", Some(body)).await;
    assert_eq!(r.status, StatusCode::INSUFFICIENT_STORAGE, "{}", r.body);
    assert_eq!(r.json()["code"], "disk_full");
    assert!(r.json()["message"].as_str().unwrap().contains("free some space"));
    assert_eq!(get(&app, "/api/stories").await.status, StatusCode::OK);
    assert_eq!(get(&app, "/").await.status, StatusCode::OK);
}

/// The server on PostgreSQL: the same API and pages, driven only through the router (the server
/// calls the store on tokio's blocking pool, as it does in `tidings serve --db`). Needs a
/// PostgreSQL server (see `tidings_pg::testing`): skips loudly without one, fails under CI.
#[test]
fn the_api_and_pages_on_postgresql() {
    let Some(db) = tidings_pg::testing::test_db("server_api") else { return };
    let store = tidings_pg::PgStore::open(&db.url).unwrap();
    let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/seeds");
    store.ingest(tidings_ingest::read_paths(&[seeds]).0).unwrap();
    let store: Arc<dyn Store> = Arc::new(store);
    let router = tidings_server::router(store);
    // Reads only: the writes of this server are tested on SQLite.
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    rt.block_on(async move {
        let get = |uri: String| {
            let router = router.clone();
            async move {
                let res = router.oneshot(Request::builder().uri(uri).body(Body::empty()).unwrap()).await.unwrap();
                let status = res.status();
                let bytes = res.into_body().collect().await.unwrap().to_bytes();
                (status, String::from_utf8_lossy(&bytes).into_owned())
            }
        };
        let json = |s: &str| serde_json::from_str::<serde_json::Value>(s).unwrap();
        let (status, body) = get("/api/stories".into()).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let list = json(&body);
        assert_eq!(list["total"], 1);
        let id = list["stories"][0]["id"].as_str().unwrap().to_string();
        let (status, body) = get(format!("/api/stories/{id}")).await;
        assert_eq!(status, StatusCode::OK);
        let story = json(&body);
        let c = &story["summary"][0]["citations"][0];
        let (aid, start, end) = (c["article"].as_str().unwrap().to_string(), c["start"].clone(), c["end"].clone());
        assert_eq!(json(&get(format!("/api/stories/{id}/changes?since=2000-01-01")).await.1)["changes"][0]["created"], true);
        assert_eq!(json(&get(format!("/api/articles/{aid}")).await.1)["story"], id.as_str());
        assert!(!json(&get("/api/search?q=train".into()).await.1)["articles"].as_array().unwrap().is_empty());
        let (status, front) = get("/".into()).await;
        assert_eq!(status, StatusCode::OK);
        assert!(front.contains(&format!("/stories/{id}")));
        assert!(get(format!("/stories/{id}")).await.1.contains("<mark class=\"cited\">"));
        assert!(get(format!("/articles/{aid}?hl={start}-{end}")).await.1.contains("<mark id=\"hl\">"));
        assert!(get("/search?q=putin".into()).await.1.contains("<mark>"));
        assert_eq!(get("/stories/nope".into()).await.0, StatusCode::NOT_FOUND);
        // The queue is in the metrics on PostgreSQL.
        let (status, metrics) = get("/metrics".into()).await;
        assert_eq!(status, StatusCode::OK);
        for want in ["tidings_queue_jobs{state=\"queued\"} 0", "tidings_queue_oldest_lease_seconds{} 0.0", "tidings_articles 5"] {
            assert!(metrics.contains(want), "{want} is not in:\n{metrics}");
        }
    });
}

/// Pins failure 5 of issue 17: a `text/plain` POST from another origin was accepted (201), with
/// no authentication at all.
#[tokio::test]
async fn every_write_needs_the_token_and_json() {
    let app = app();
    let body = || Some(serde_json::json!({ "title": "Late news", "text": "A late article arrived at night. Nobody read it." }).to_string());
    let auth = format!("Bearer {TOKEN}");
    let check = |r: Res, status: StatusCode, code: &str| {
        assert_eq!(r.status, status, "{}", r.body);
        assert_eq!(r.json()["code"], code, "{}", r.body);
    };
    // The attack as it was: a simple cross-origin form post, no token.
    let r = call_with(&app, "POST", "/api/articles", body(), &[("content-type", "text/plain"), ("origin", "https://evil.example")]).await;
    check(r, StatusCode::UNAUTHORIZED, "unauthorized");
    let r = call_with(&app, "POST", "/api/articles", body(), &[("content-type", "application/json")]).await;
    assert_eq!(r.headers["www-authenticate"], "Bearer realm=\"tidings\"");
    check(r, StatusCode::UNAUTHORIZED, "unauthorized");
    let r =
        call_with(&app, "POST", "/api/articles", body(), &[("content-type", "application/json"), ("authorization", "Bearer wrong")]).await;
    check(r, StatusCode::UNAUTHORIZED, "unauthorized");
    // With the token, but not JSON, or from another origin.
    let r = call_with(&app, "POST", "/api/articles", body(), &[("content-type", "text/plain"), ("authorization", &auth)]).await;
    check(r, StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
    let r = call_with(
        &app,
        "POST",
        "/api/articles",
        body(),
        &[("content-type", "application/json"), ("authorization", &auth), ("origin", "https://evil.example"), ("host", "127.0.0.1:8080")],
    )
    .await;
    check(r, StatusCode::FORBIDDEN, "forbidden_origin");
    assert_eq!(app.store.stats().unwrap().articles, 5, "nothing was written");
    // Right token, JSON (with a charset), same origin: written.
    let r = call_with(
        &app,
        "POST",
        "/api/articles",
        body(),
        &[
            ("content-type", "Application/JSON; charset=utf-8"),
            ("authorization", &auth),
            ("origin", "http://127.0.0.1:8080"),
            ("host", "127.0.0.1:8080"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    // A server started without a token takes no writes at all.
    let open = App { _dir: tempfile::tempdir().unwrap(), store: app.store.clone(), router: tidings_server::router(app.store.clone()) };
    check(call(&open, "POST", "/api/articles", body()).await, StatusCode::FORBIDDEN, "writes_disabled");
    // Reads need nothing.
    assert_eq!(get(&open, "/api/stories").await.status, StatusCode::OK);
}

/// Pins failure 5 of issue 17: the `Host` header was not checked, so a page on another site could
/// reach a loopback server through DNS rebinding.
#[tokio::test]
async fn unknown_hosts_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(SqliteStore::open_dir(dir.path()).unwrap());
    let hosts = tidings_server::guard::Hosts::for_addr("127.0.0.1:8080".parse().unwrap(), &["news.example.org".into()]);
    let router = tidings_server::router_with(store.clone(), tidings_server::Config { hosts, ..config() });
    let app = App { _dir: dir, store, router };
    for (host, status) in [
        ("127.0.0.1:8080", StatusCode::OK),
        ("localhost:8080", StatusCode::OK),
        ("news.example.org", StatusCode::OK),
        ("evil.example", StatusCode::MISDIRECTED_REQUEST),
        ("evil.example:8080", StatusCode::MISDIRECTED_REQUEST),
    ] {
        let r = call_with(&app, "GET", "/api/stories", None, &[("host", host)]).await;
        assert_eq!(r.status, status, "{host}: {}", r.body);
        if status != StatusCode::OK {
            assert_eq!(r.json()["code"], "unknown_host");
        }
    }
}

/// Pins failure 2 of issue 17: a lock conflict came back as 500 `internal`, not a status a
/// client can retry.
#[tokio::test]
async fn a_busy_store_answers_503_with_retry_after() {
    let app = app();
    app.store.set_failpoint("batch_begin", Some(tidings_store::failpoint::Action::Busy));
    let body = serde_json::json!({ "title": "Late news", "text": "A late article arrived at night. Nobody read it." }).to_string();
    let r = call(&app, "POST", "/api/articles", Some(body.clone())).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.body);
    assert_eq!(r.json()["code"], "busy");
    assert_eq!(r.headers["retry-after"], tidings_server::error::RETRY_AFTER_SECS.to_string().as_str());
    app.store.set_failpoint("batch_begin", None);
    assert_eq!(call(&app, "POST", "/api/articles", Some(body)).await.status, StatusCode::CREATED);
    let metrics = get(&app, "/metrics").await.body;
    assert!(metrics.contains("tidings_ingest_errors_total{kind=\"busy\"} 1"), "{metrics}");
}

#[tokio::test]
async fn healthz_and_metrics() {
    let app = app();
    let h = get(&app, "/healthz").await;
    assert_eq!((h.status, h.json()["status"].as_str()), (StatusCode::OK, Some("ok")));
    get(&app, "/api/stories").await;
    get(&app, "/api/stories/nope").await;
    let m = get(&app, "/metrics").await;
    assert_eq!(m.status, StatusCode::OK);
    assert!(m.headers["content-type"].to_str().unwrap().starts_with("application/openmetrics-text"));
    for want in [
        "tidings_articles 5",
        "tidings_stories 1",
        "tidings_store_up 1",
        "tidings_http_requests_total{method=\"GET\",route=\"/api/stories\",status=\"200\"} 1",
        "tidings_http_requests_total{method=\"GET\",route=\"/api/stories/{id}\",status=\"404\"} 1",
        "tidings_http_request_duration_seconds_count{route=\"/api/stories\"} 1",
        "# EOF",
    ] {
        assert!(m.body.contains(want), "{want} is not in:\n{}", m.body);
    }
    // No queue on the embedded store, and no feeds polled here: no such series at all.
    assert!(!m.body.contains("tidings_queue_jobs{") && !m.body.contains("tidings_feed_lag_seconds "), "{}", m.body);
}

/// Corrections by hand through the API: behind the token, answered with what they did, listed,
/// shown on the pages as edited by hand, and undone.
#[tokio::test]
async fn corrections_by_hand() {
    let app = app();
    let id = story_id(&app);
    let v: serde_json::Value = serde_json::from_str(&app.store.story(&id).unwrap().unwrap().json).unwrap();
    let ids: Vec<String> = v["articles"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap().to_string()).collect();
    let body = serde_json::json!({ "articles": [ids[4]] }).to_string();
    // Locked: no token, no correction.
    let r = call_with(&app, "POST", &format!("/api/stories/{id}/split"), Some(body.clone()), &[("content-type", "application/json")]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.store.stats().unwrap().stories, 1);
    let r = call(&app, "POST", &format!("/api/stories/{id}/split"), Some(body)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let done = r.json();
    let new_id = done["other"].as_str().unwrap().to_string();
    assert_eq!(done["story"], id.as_str());
    assert!(done["note"].as_str().unwrap().contains("split"));
    assert_eq!(app.store.stats().unwrap().stories, 2);
    // The list and the pages say so.
    let list = get(&app, "/api/stories").await.json();
    assert!(list["stories"].as_array().unwrap().iter().all(|s| s["edited"] == true));
    let page = get(&app, &format!("/stories/{new_id}")).await.body;
    assert!(page.contains("edited by hand"), "{page}");
    let changes = get(&app, &format!("/api/stories/{new_id}/changes")).await.json();
    assert!(changes["changes"][0]["edit"].as_str().unwrap().contains("split"));
    // A headline, a move back, a merge; bad ones are refused with their codes.
    let r = call(&app, "POST", &format!("/api/stories/{id}/headline"), Some(r#"{"headline": "Kim's armoured train"}"#.into())).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(get(&app, &format!("/api/stories/{id}")).await.json()["headline"], "Kim's armoured train");
    let r = call(&app, "POST", &format!("/api/stories/{id}/headline"), Some(r#"{"headline": "  "}"#.into())).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = call(&app, "POST", &format!("/api/stories/{id}/merge"), Some(format!(r#"{{"into": "{id}"}}"#))).await;
    assert_eq!((r.status, r.json()["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("bad_correction")));
    let r = call(&app, "POST", "/api/stories/s-nope/merge", Some(format!(r#"{{"into": "{id}"}}"#))).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = call(&app, "POST", &format!("/api/articles/{}/move", ids[4]), Some(format!(r#"{{"story": "{id}"}}"#))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(app.store.stats().unwrap().stories, 1, "moving the only article of a story merges it away");
    // The log and undo.
    let log = get(&app, &format!("/api/stories/{id}/corrections")).await.json();
    let kinds: Vec<&str> = log["corrections"].as_array().unwrap().iter().map(|c| c["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["split", "headline", "move"]);
    let n = log["corrections"][1]["id"].as_i64().unwrap();
    let r = call(&app, "POST", &format!("/api/corrections/{n}/undo"), Some("{}".into())).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_ne!(get(&app, &format!("/api/stories/{id}")).await.json()["headline"], "Kim's armoured train");
    let r = call(&app, "POST", &format!("/api/corrections/{n}/undo"), Some("{}".into())).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = call(&app, "POST", "/api/corrections/999/undo", Some("{}".into())).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

/// The page forms: an editor logs in with the token, gets a session cookie, and corrects with
/// forms that carry the CSRF token; without either, nothing changes.
#[tokio::test]
async fn corrections_from_the_pages() {
    let app = app();
    let id = story_id(&app);
    let form = |uri: &str, body: &str, cookie: Option<&str>, origin: Option<&str>| {
        let mut req = Request::builder()
            .method("POST")
            .uri(uri.to_string())
            .header("content-type", "application/x-www-form-urlencoded")
            .header("host", "127.0.0.1:8080");
        if let Some(c) = cookie {
            req = req.header("cookie", c.to_string());
        }
        if let Some(o) = origin {
            req = req.header("origin", o.to_string());
        }
        let req = req.body(Body::from(body.to_string())).unwrap();
        let router = app.router.clone();
        async move {
            let res = router.oneshot(req).await.unwrap();
            let status = res.status();
            let headers = res.headers().clone();
            let bytes = res.into_body().collect().await.unwrap().to_bytes();
            Res { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
        }
    };
    // The reader's page offers a login, no forms.
    let page = get(&app, &format!("/stories/{id}")).await.body;
    assert!(page.contains("action=\"/editor/login\"") && !page.contains("name=\"csrf\""));
    let bad = form("/editor/login", "token=wrong&next=/", None, Some("http://127.0.0.1:8080")).await;
    assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
    assert!(bad.headers.get("set-cookie").is_none());
    let ok = form("/editor/login", &format!("token={TOKEN}&next=/stories/{id}"), None, Some("http://127.0.0.1:8080")).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    assert_eq!(ok.headers["location"], format!("/stories/{id}").as_str());
    let set = ok.headers["set-cookie"].to_str().unwrap().to_string();
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Strict"), "{set}");
    let cookie = set.split(';').next().unwrap().to_string();
    // The editor's page: forms with a CSRF token, never cached.
    let req = Request::builder().uri(format!("/stories/{id}")).header("cookie", cookie.clone()).body(Body::empty()).unwrap();
    let res = app.router.clone().oneshot(req).await.unwrap();
    assert_eq!(res.headers()["cache-control"], "private, no-store");
    let body = String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    let csrf = body.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let v: serde_json::Value = serde_json::from_str(&app.store.story(&id).unwrap().unwrap().json).unwrap();
    let a = v["articles"][4]["id"].as_str().unwrap();
    // Without the CSRF token, from another origin, or without the session: refused.
    for (c, o, b) in [
        (Some(cookie.as_str()), Some("http://127.0.0.1:8080"), format!("article={a}")),
        (Some(cookie.as_str()), Some("https://evil.example"), format!("article={a}&csrf={csrf}")),
        (None, Some("http://127.0.0.1:8080"), format!("article={a}&csrf={csrf}")),
    ] {
        let r = form(&format!("/stories/{id}/split"), &b, c, o).await;
        assert!(r.status.is_client_error(), "{c:?} {o:?}: {}", r.status);
    }
    assert_eq!(app.store.stats().unwrap().stories, 1);
    let r = form(&format!("/stories/{id}/split"), &format!("article={a}&csrf={csrf}"), Some(&cookie), Some("http://127.0.0.1:8080")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(app.store.stats().unwrap().stories, 2);
    let r = form(&format!("/stories/{id}/headline"), &format!("headline=By+hand&csrf={csrf}"), Some(&cookie), None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(app.store.story(&id).unwrap().unwrap().row.headline, "By hand");
    let n = app.store.corrections(&id).unwrap().unwrap()[0].id;
    let r = form(&format!("/corrections/{n}/undo"), &format!("story={id}&csrf={csrf}"), Some(&cookie), None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(app.store.stats().unwrap().stories, 1);
    // Without a token the server takes no corrections at all.
    let closed = tidings_server::router(app.store.clone());
    let req = Request::builder()
        .method("POST")
        .uri("/editor/login")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from("token=x"))
        .unwrap();
    assert_eq!(closed.oneshot(req).await.unwrap().status(), StatusCode::FORBIDDEN);
}

/// The feeds out: Atom and RSS of the front page, of a story and of a search, parsed by a feed
/// parser.
#[tokio::test]
async fn feeds_out_parse() {
    let app = app();
    let id = story_id(&app);
    for uri in [
        "/feed.atom",
        "/feed.rss",
        &format!("/stories/{id}/feed.atom"),
        &format!("/stories/{id}/feed.rss"),
        "/search/feed.atom?q=train",
        "/search/feed.rss?q=train",
    ] {
        let r = get(&app, uri).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.body);
        let ct = r.headers["content-type"].to_str().unwrap();
        assert!(
            ct.starts_with(if uri.ends_with("rss") || uri.contains(".rss?") { "application/rss+xml" } else { "application/atom+xml" }),
            "{uri}: {ct}"
        );
        let feed = feed_rs::parser::parse(r.body.as_bytes()).unwrap_or_else(|e| panic!("{uri}: {e}\n{}", r.body));
        assert!(!feed.entries.is_empty(), "{uri}");
        for e in &feed.entries {
            assert!(e.links.first().is_some_and(|l| l.href.starts_with("http://")), "{uri}: {:?}", e.links);
            assert!(e.title.is_some(), "{uri}");
        }
    }
    let story = feed_rs::parser::parse(get(&app, &format!("/stories/{id}/feed.atom")).await.body.as_bytes()).unwrap();
    assert!(story.entries[0].title.as_ref().unwrap().content.starts_with("New story"));
    assert!(story.entries[0].summary.as_ref().unwrap().content.contains("New article"));
    assert_eq!(get(&app, "/stories/nope/feed.atom").await.status, StatusCode::NOT_FOUND);
}

/// The feeds page lists the subscriptions also when this server does not poll them (issue 16:
/// `/feeds` under `--no-watch` hid them), and says so.
#[tokio::test]
async fn the_feeds_page_lists_subscriptions_it_does_not_poll() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(SqliteStore::open_dir(dir.path()).unwrap());
    let feed = tidings_server::FeedStatus {
        url: "https://news.example/feed.xml".into(),
        title: Some("Example news".into()),
        last_success: None,
        last_error: None,
        last_error_at: None,
        failures: 0,
        next_due: None,
        next_due_secs: None,
        interval_minutes: 30,
    };
    let source: tidings_server::FeedSource = Arc::new(move || vec![feed.clone()]);
    let config = tidings_server::Config { feeds: Some(source), feeds_polled: false, ..Default::default() };
    let router = tidings_server::router_with(store, config);
    let res = router.oneshot(Request::builder().uri("/feeds").body(Body::empty()).unwrap()).await.unwrap();
    let body = String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    assert!(body.contains("news.example") && body.contains("Example news") && body.contains("does not poll these feeds"), "{body}");
    assert!(body.contains("<title>Feed subscriptions · tidings</title>"));
}
