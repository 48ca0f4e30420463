//! `tidings serve`: the JSON API and the server-rendered reader pages over a [`Store`].
//!
//! Every handler runs the store call on tokio's blocking pool (SQLite is synchronous), so a long
//! ingest never stalls the page. Every response carries a strict Content-Security-Policy; pages
//! work without JavaScript and send none. Errors come from one table ([`error::TABLE`]).
//!
//! Writes go through [`guard::guarded`] (a bearer token, JSON, a same-origin `Origin`); every
//! request through a `Host` check and the metrics of [`metrics::Metrics`]. [`run::serve`] is the
//! accept loop: header and idle timeouts, a connection cap, and a graceful stop.
//!
//! ```no_run
//! # async fn f() -> std::io::Result<()> {
//! let store = std::sync::Arc::new(tidings_store::SqliteStore::open_dir("tidings-data".as_ref()).unwrap());
//! let config = tidings_server::Config { token: Some("secret".into()), ..Default::default() };
//! let listener = tokio::net::TcpListener::bind(tidings_server::DEFAULT_ADDR).await?;
//! tidings_server::run::serve(listener, store, config, tidings_server::run::ServeOptions::default(), tidings_server::run::signal()).await
//! # }
//! ```

mod api;
mod edit;
pub mod error;
pub mod feeds;
pub mod guard;
pub mod metrics;
pub mod openapi;
mod pages;
pub mod run;

use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tidings_store::Store;

use error::{ApiError, Code};

/// Where `tidings serve` listens unless told otherwise: loopback only.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";
/// The largest request body accepted (one POST of articles).
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;
/// The most articles one POST may carry.
pub const MAX_POST_ARTICLES: usize = 1_000;
/// Sent with every response: nothing but our own stylesheet loads, no script runs, no framing.
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// The polling state of one subscribed feed, as the feeds page shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FeedStatus {
    pub url: String,
    pub title: Option<String>,
    /// RFC 3339 time of the last successful poll.
    pub last_success: Option<String>,
    pub last_error: Option<String>,
    pub last_error_at: Option<String>,
    /// Consecutive failures (the poller backs off exponentially).
    pub failures: u32,
    /// RFC 3339 time of the next poll.
    pub next_due: Option<String>,
    /// The same in seconds since 1970, for the feed lag metric.
    #[serde(skip)]
    pub next_due_secs: Option<i64>,
    pub interval_minutes: u64,
}

/// Reads the current feed states. The server knows nothing of fetching: whoever polls the
/// feeds (the CLI's `serve`) hands in how to read their state.
pub type FeedSource = Arc<dyn Fn() -> Vec<FeedStatus> + Send + Sync>;

/// What every handler gets.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    /// The subscribed feeds' states (the embedded store's subscriptions).
    pub(crate) feeds: Option<FeedSource>,
    /// Whether this process polls them.
    pub(crate) feeds_polled: bool,
    /// Who may write: the token, and the editors' sessions of the pages.
    pub(crate) guard: Arc<guard::WriteGuard>,
    pub(crate) metrics: Arc<metrics::Metrics>,
    pub(crate) pages: Arc<pages::PageCache>,
    pub(crate) lists: Arc<VersionCache<bytes::Bytes>>,
    /// Whole story pages for readers without a last visit: (canonical story id, html).
    pub(crate) story_pages: Arc<VersionCache<(String, bytes::Bytes)>>,
}

/// How the router behaves: who may write, which host names it answers to, what it counts.
#[derive(Clone, Default)]
pub struct Config {
    /// The bearer token every write needs; `None` refuses writes.
    pub token: Option<String>,
    /// `Host` values accepted; empty accepts any (a router called without a socket). The accept
    /// loop ([`run::serve`]) adds the bound address's own names.
    pub hosts: guard::Hosts,
    /// Host names given by the operator (`--allow-host`), for [`guard::Hosts::for_addr`].
    pub extra_hosts: Vec<String>,
    /// The subscribed feeds' states, when the store has subscriptions (the embedded store).
    pub feeds: Option<FeedSource>,
    /// Whether this process polls the subscribed feeds (`serve` without `--no-watch`).
    pub feeds_polled: bool,
    /// Where requests and errors are counted (shared with the feed poller).
    pub metrics: Arc<metrics::Metrics>,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("token", &self.token.as_ref().map(|_| "<set>"))
            .field("hosts", &self.hosts)
            .field("extra_hosts", &self.extra_hosts)
            .finish()
    }
}

/// How many answers of each kind (lists, story pages) are kept.
pub const CACHE_ENTRIES: usize = 4096;

/// Encoded answers (the story list, the front page, whole story pages), valid while the store's
/// version (one step per batch) stays the same: they change only when a batch lands.
pub(crate) struct VersionCache<T> {
    map: std::sync::Mutex<std::collections::HashMap<String, (i64, T)>>,
}

impl<T> Default for VersionCache<T> {
    fn default() -> Self {
        VersionCache { map: Default::default() }
    }
}

impl<T: Clone> VersionCache<T> {
    pub(crate) fn get(&self, key: &str, version: i64) -> Option<T> {
        let map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        map.get(key).filter(|(v, _)| *v == version).map(|(_, b)| b.clone())
    }
    pub(crate) fn put(&self, key: String, version: i64, body: T) {
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= CACHE_ENTRIES {
            map.clear();
        }
        map.insert(key, (version, body));
    }
}

impl AppState {
    /// Runs a store call on the blocking pool.
    pub(crate) async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&dyn Store) -> tidings_store::Result<T> + Send + 'static,
    ) -> Result<T, ApiError> {
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || f(&*store))
            .await
            .map_err(|e| ApiError::new(Code::Internal, format!("store task failed: {e}")))?
            .map_err(ApiError::from)
    }
}

/// The API routes (method, path), as registered below and documented in the OpenAPI document.
pub const API_ROUTES: &[(&str, &str)] = &[
    ("get", "/api/stories"),
    ("get", "/api/stories/{id}"),
    ("get", "/api/stories/{id}/changes"),
    ("get", "/api/stories/{id}/corrections"),
    ("post", "/api/stories/{id}/split"),
    ("post", "/api/stories/{id}/merge"),
    ("post", "/api/stories/{id}/headline"),
    ("get", "/api/articles/{id}"),
    ("post", "/api/articles"),
    ("post", "/api/articles/{id}/move"),
    ("post", "/api/corrections/{n}/undo"),
    ("get", "/api/facets"),
    ("get", "/api/search"),
    ("get", "/api/openapi.json"),
];

/// All routes: the API, the pages and the stylesheet, with writes refused (no token).
pub fn router(store: Arc<dyn Store>) -> Router {
    router_with(store, Config::default())
}

/// [`router`] with a feeds page that shows each subscribed feed's last success and last error.
pub fn router_with_feeds(store: Arc<dyn Store>, feeds: Option<FeedSource>) -> Router {
    let feeds_polled = feeds.is_some();
    router_with(store, Config { feeds, feeds_polled, ..Config::default() })
}

/// The routes that change the store. Every one of them is behind [`guard::guarded`]: a route
/// added here (corrections, subscriptions) gets the token, content-type and origin checks.
fn write_routes() -> Router<AppState> {
    use axum::routing::post;
    Router::new()
        .route("/api/articles", post(api::post_articles))
        .route("/api/stories/{id}/split", post(api::split))
        .route("/api/stories/{id}/merge", post(api::merge))
        .route("/api/stories/{id}/headline", post(api::headline))
        .route("/api/articles/{id}/move", post(api::move_article))
        .route("/api/corrections/{n}/undo", post(api::undo))
}

/// The writes of the reader pages (an editor's corrections by hand), sent as HTML forms. Every
/// one is behind [`guard::guarded_forms`]: the editor's session, the form's CSRF token, the
/// origin.
fn form_routes() -> Router<AppState> {
    use axum::routing::post;
    Router::new()
        .route(guard::LOGIN_PATH, post(edit::login))
        .route("/editor/logout", post(edit::logout))
        .route("/stories/{id}/split", post(edit::split))
        .route("/stories/{id}/merge", post(edit::merge))
        .route("/stories/{id}/headline", post(edit::headline))
        .route("/stories/{id}/move", post(edit::move_article))
        .route("/corrections/{n}/undo", post(edit::undo))
}

/// All routes, configured.
pub fn router_with(store: Arc<dyn Store>, config: Config) -> Router {
    let guard = Arc::new(guard::WriteGuard::new(config.token.as_deref()));
    let state = AppState {
        store,
        feeds: config.feeds,
        feeds_polled: config.feeds_polled,
        guard: guard.clone(),
        metrics: config.metrics.clone(),
        pages: Arc::default(),
        lists: Arc::default(),
        story_pages: Arc::default(),
    };
    let reads = Router::new()
        .route("/api/stories", get(api::stories))
        .route("/api/stories/{id}", get(api::story))
        .route("/api/stories/{id}/changes", get(api::changes))
        .route("/api/stories/{id}/corrections", get(api::corrections))
        .route("/api/articles/{id}", get(api::article))
        .route("/api/facets", get(api::facets))
        .route("/api/search", get(api::search))
        .route("/api/openapi.json", get(api::openapi))
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics_text))
        .route("/", get(pages::front))
        .route("/stories/{id}", get(pages::story))
        .route("/articles/{id}", get(pages::article))
        .route("/search", get(pages::search))
        .route("/feeds", get(pages::feeds))
        .route("/feed.atom", get(|st, h, q| feeds::front(feeds::Format::Atom, st, h, q)))
        .route("/feed.rss", get(|st, h, q| feeds::front(feeds::Format::Rss, st, h, q)))
        .route("/stories/{id}/feed.atom", get(|st, p, h| feeds::story(feeds::Format::Atom, st, p, h)))
        .route("/stories/{id}/feed.rss", get(|st, p, h| feeds::story(feeds::Format::Rss, st, p, h)))
        .route("/search/feed.atom", get(|st, h, q| feeds::search(feeds::Format::Atom, st, h, q)))
        .route("/search/feed.rss", get(|st, h, q| feeds::search(feeds::Format::Rss, st, h, q)))
        .route("/static/app.css", get(pages::css));
    reads
        .merge(guard::guarded(write_routes(), (*guard).clone()))
        .merge(guard::guarded_forms(form_routes(), guard))
        .fallback(fallback)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(config.metrics, count_request))
        .layer(axum::middleware::from_fn_with_state(Arc::new(config.hosts), guard::check_host))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(state)
}

/// Counts each request by method, matched route and status, with its latency.
async fn count_request(
    axum::extract::State(m): axum::extract::State<Arc<metrics::Metrics>>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let started = std::time::Instant::now();
    let method = req.method().as_str().to_string();
    let route = req.extensions().get::<axum::extract::MatchedPath>().map(|p| p.as_str().to_string()).unwrap_or_else(|| "unmatched".into());
    let res = next.run(req).await;
    m.request(&method, &route, res.status().as_u16(), started.elapsed());
    res
}

/// `GET /healthz`: 200 when the store answers a query, else 503 with the reason.
async fn healthz(axum::extract::State(st): axum::extract::State<AppState>) -> Response {
    match st.run(|s| s.version()).await {
        Ok(_) => json_response(StatusCode::OK, r#"{"status":"ok"}"#.into()),
        Err(e) => ApiError::new(Code::Unavailable, format!("the store does not answer: {}", e.message)).into_response(),
    }
}

/// `GET /metrics`: the Prometheus text format.
async fn metrics_text(axum::extract::State(st): axum::extract::State<AppState>) -> Response {
    let stats = st.run(|s| s.stats()).await.ok();
    let queue = st.run(|s| s.queue()).await.ok().flatten();
    let feeds = match &st.feeds {
        Some(source) => {
            let source = source.clone();
            Some(tokio::task::spawn_blocking(move || source()).await.unwrap_or_default())
        }
        None => None,
    };
    let body = st.metrics.encode(|scrape| {
        scrape.store(stats.is_some(), stats.as_ref().map_or(0, |s| s.articles), stats.as_ref().map_or(0, |s| s.stories));
        if let Some(q) = &queue {
            scrape.queue(q);
        }
        if let Some(f) = &feeds {
            scrape.feeds(f, chrono::Utc::now().timestamp());
        }
    });
    (StatusCode::OK, [(header::CONTENT_TYPE, HeaderValue::from_static(metrics::CONTENT_TYPE))], body).into_response()
}

async fn fallback(method: Method, uri: Uri) -> Response {
    let err = ApiError::new(Code::NoRoute, format!("no route for {method} {}", uri.path()));
    if uri.path().starts_with("/api/") {
        err.into_response()
    } else {
        pages::error_page(err)
    }
}

async fn method_not_allowed(method: Method, uri: Uri) -> Response {
    ApiError::new(Code::MethodNotAllowed, format!("{method} is not allowed on {}", uri.path())).into_response()
}

async fn security_headers(mut res: Response) -> Response {
    let h = res.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // No referrer leaves for other sites. Not `no-referrer`: under it a browser sends
    // `Origin: null` with the page's own forms, and the form guard could not tell them from a
    // forged post.
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    res
}

/// A response whose body is handed over without a copy (a cached page or list).
pub(crate) fn bytes_response(status: StatusCode, content_type: &'static str, body: bytes::Bytes) -> Response {
    (status, [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))], axum::body::Body::from(body)).into_response()
}

pub(crate) fn json_response(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], body).into_response()
}

/// Serves on `addr` until Ctrl-C or SIGTERM, with writes refused (no token).
pub async fn serve(store: Arc<dyn Store>, addr: &str) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    serve_on(listener, store).await
}

/// Serves on a bound listener until Ctrl-C or SIGTERM (tests bind port 0 and read the address
/// first).
pub async fn serve_on(listener: tokio::net::TcpListener, store: Arc<dyn Store>) -> std::io::Result<()> {
    serve_on_with_feeds(listener, store, None).await
}

/// [`serve_on`] with the feeds page fed by `feeds`.
pub async fn serve_on_with_feeds(
    listener: tokio::net::TcpListener,
    store: Arc<dyn Store>,
    feeds: Option<FeedSource>,
) -> std::io::Result<()> {
    let feeds_polled = feeds.is_some();
    let config = Config { feeds, feeds_polled, ..Config::default() };
    run::serve(listener, store, config, run::ServeOptions::default(), run::signal()).await
}
