//! Who may write, and which names the server answers to.
//!
//! - [`guarded`] wraps the write routes: a bearer token (compared in constant time), a JSON
//!   `Content-Type`, an `Origin` (when a browser sends one) that is the server's own, and a body
//!   read within [`BODY_READ_TIMEOUT`]. Every write route goes through it, and routes added later
//!   (corrections, subscriptions) get the same checks by being added to the guarded router.
//! - [`guarded_forms`] wraps the writes of the reader pages (corrections by hand), which a
//!   browser sends as forms without JavaScript, so without a bearer header: an editor logs in
//!   once with the token and gets a session cookie (`HttpOnly`, `SameSite=Strict`), an
//!   HMAC-SHA256 of its expiry keyed by the token, so no session is stored and a new token ends
//!   every session. Each form carries a CSRF field derived from the cookie the same way; the
//!   `Origin` must be the server's own; the body must be a small urlencoded form.
//! - [`check_host`] runs on every route: the `Host` header must name the served address or a
//!   configured name, so a page on another site cannot reach the server through DNS rebinding.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;

use crate::error::{ApiError, Code};

/// The whole request body of a write must arrive within this, so a client that drips its body
/// cannot hold a connection (and the write path) for ever.
pub const BODY_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// How long an editor's session lasts after logging in.
pub const EDITOR_SESSION_SECS: i64 = 12 * 3600;
/// The session cookie of an editor.
pub const EDITOR_COOKIE: &str = "tidings_editor";
/// The largest form body (a correction names a few articles).
pub const MAX_FORM_BYTES: usize = 64 * 1024;
/// The form field carrying the CSRF token.
pub const CSRF_FIELD: &str = "csrf";

/// The checks every write passes.
#[derive(Clone, Default)]
pub struct WriteGuard {
    /// The bearer token writes must carry; `None` refuses every write.
    token: Option<Arc<str>>,
}

impl std::fmt::Debug for WriteGuard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the token.
        f.debug_struct("WriteGuard").field("token", &self.token.as_ref().map(|_| "<set>")).finish()
    }
}

impl WriteGuard {
    /// Writes need `token` (trimmed; an empty token counts as none).
    pub fn new(token: Option<&str>) -> WriteGuard {
        WriteGuard { token: token.map(str::trim).filter(|t| !t.is_empty()).map(Arc::from) }
    }

    pub fn has_token(&self) -> bool {
        self.token.is_some()
    }

    /// HMAC-SHA256 of `what` keyed by the token, in hex; `None` without a token.
    fn mac(&self, what: &str) -> Option<String> {
        use hmac::{KeyInit, Mac};
        let token = self.token.as_ref()?;
        let mut m = hmac::Hmac::<sha2::Sha256>::new_from_slice(token.as_bytes()).ok()?;
        m.update(what.as_bytes());
        Some(m.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect())
    }

    /// Whether `given` is the token (in constant time).
    pub fn is_token(&self, given: &str) -> bool {
        self.token.as_ref().is_some_and(|t| same(given.trim().as_bytes(), t.as_bytes()))
    }

    /// A session cookie's value for an editor who logged in at `now_secs`.
    pub fn session(&self, now_secs: i64) -> Option<String> {
        let expires = now_secs + EDITOR_SESSION_SECS;
        Some(format!("{expires}.{}", self.mac(&format!("editor|{expires}"))?))
    }

    /// The editor of a request: a valid, unexpired session cookie.
    pub fn editor(&self, headers: &HeaderMap, now_secs: i64) -> Option<Editor> {
        let value = cookie(headers, EDITOR_COOKIE)?;
        let (expires, mac) = value.split_once('.')?;
        let exp: i64 = expires.parse().ok()?;
        let want = self.mac(&format!("editor|{exp}"))?;
        if exp <= now_secs || !same(mac.as_bytes(), want.as_bytes()) {
            return None;
        }
        Some(Editor { csrf: self.mac(&format!("csrf|{value}"))? })
    }
}

/// An editor with a valid session: the CSRF token their forms must carry.
#[derive(Debug, Clone)]
pub struct Editor {
    pub csrf: String,
}

/// The value of a cookie.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|kv| {
        let (k, v) = kv.trim().split_once('=')?;
        (k == name).then(|| v.to_string())
    })
}

/// The fields of a form body, in order (a field may repeat: the articles of a split).
#[derive(Debug, Clone, Default)]
pub struct Form(pub Vec<(String, String)>);

impl Form {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect()
    }
}

/// The path of the login form, which needs no session (it makes one).
pub const LOGIN_PATH: &str = "/editor/login";

/// Puts the reader pages' form routes behind the form checks of `guard`.
pub fn guarded_forms<S: Clone + Send + Sync + 'static>(routes: Router<S>, guard: Arc<WriteGuard>) -> Router<S> {
    routes.route_layer(axum::middleware::from_fn_with_state(guard, check_form))
}

async fn check_form(State(guard): State<Arc<WriteGuard>>, req: Request, next: Next) -> Response {
    if !guard.has_token() {
        return crate::pages::error_page(ApiError::new(
            Code::WritesDisabled,
            "corrections are switched off: start `tidings serve` with --token-file FILE (or $TIDINGS_TOKEN)",
        ));
    }
    if let Some(origin) = req.headers().get(header::ORIGIN) {
        if !same_origin(origin, req.headers().get(header::HOST)) {
            return crate::pages::error_page(ApiError::new(Code::ForbiddenOrigin, format!("forms from the origin {origin:?} are refused")));
        }
    }
    let form = req.headers().get(header::CONTENT_TYPE).map(essence);
    if form.as_deref() != Some("application/x-www-form-urlencoded") {
        return crate::pages::error_page(ApiError::new(
            Code::UnsupportedMediaType,
            "the reader's forms are sent as application/x-www-form-urlencoded",
        ));
    }
    let (mut parts, body) = req.into_parts();
    let bytes = match tokio::time::timeout(BODY_READ_TIMEOUT, axum::body::to_bytes(body, MAX_FORM_BYTES)).await {
        Ok(Ok(b)) => b,
        Ok(Err(_)) => return crate::pages::error_page(ApiError::new(Code::PayloadTooLarge, "the form is too large")),
        Err(_) => {
            return crate::pages::error_page(ApiError::bad(format!("the form did not arrive within {} s", BODY_READ_TIMEOUT.as_secs())))
        }
    };
    let fields = Form(form_urlencoded::parse(&bytes).map(|(k, v)| (k.into_owned(), v.into_owned())).collect());
    if parts.uri.path() != LOGIN_PATH {
        let now = chrono::Utc::now().timestamp();
        let Some(editor) = guard.editor(&parts.headers, now) else {
            return crate::pages::error_page(ApiError::new(
                Code::Unauthorized,
                "log in as an editor first (your session may have expired)",
            ));
        };
        if !fields.get(CSRF_FIELD).is_some_and(|c| same(c.as_bytes(), editor.csrf.as_bytes())) {
            return crate::pages::error_page(ApiError::new(
                Code::ForbiddenOrigin,
                "the form is stale or not from this site: reload the page and try again",
            ));
        }
    }
    parts.extensions.insert(fields);
    next.run(Request::from_parts(parts, axum::body::Body::empty())).await
}

/// Puts every route of `routes` behind the write checks of `guard`.
pub fn guarded<S: Clone + Send + Sync + 'static>(routes: Router<S>, guard: WriteGuard) -> Router<S> {
    routes.route_layer(axum::middleware::from_fn_with_state(Arc::new(guard), check_write))
}

/// Equal in time whatever the bytes, so the token cannot be guessed byte by byte from timings.
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = v.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// The media type of a `Content-Type` value without its parameters, lowercased.
fn essence(v: &HeaderValue) -> String {
    v.to_str().unwrap_or("").split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

async fn check_write(State(guard): State<Arc<WriteGuard>>, req: Request, next: Next) -> Response {
    let Some(token) = &guard.token else {
        return ApiError::new(
            Code::WritesDisabled,
            "writes are switched off: start `tidings serve` with --token-file FILE (or $TIDINGS_TOKEN) and send `Authorization: Bearer TOKEN`",
        )
        .into_response();
    };
    match bearer(req.headers()) {
        Some(given) if same(given.as_bytes(), token.as_bytes()) => {}
        Some(_) => return unauthorized("the bearer token is wrong"),
        None => return unauthorized("writes need `Authorization: Bearer TOKEN`"),
    }
    if let Some(origin) = req.headers().get(header::ORIGIN) {
        if !same_origin(origin, req.headers().get(header::HOST)) {
            return ApiError::new(Code::ForbiddenOrigin, format!("writes from the origin {origin:?} are refused")).into_response();
        }
    }
    let json = req.headers().get(header::CONTENT_TYPE).map(essence);
    if json.as_deref() != Some("application/json") {
        return ApiError::new(
            Code::UnsupportedMediaType,
            format!(
                "writes take `Content-Type: application/json`, not {}",
                json.as_deref().map(|t| format!("{t:?}")).unwrap_or("none".into())
            ),
        )
        .into_response();
    }
    // Read the body here, within the time limit, and hand it on whole.
    let (parts, body) = req.into_parts();
    let bytes = match tokio::time::timeout(BODY_READ_TIMEOUT, axum::body::to_bytes(body, crate::MAX_BODY_BYTES)).await {
        Ok(Ok(b)) => b,
        Ok(Err(_)) => {
            return ApiError::new(
                Code::PayloadTooLarge,
                format!("the body is larger than the {} MiB limit: send fewer articles per request", crate::MAX_BODY_BYTES / (1024 * 1024)),
            )
            .into_response()
        }
        Err(_) => {
            return ApiError::bad(format!("the body did not arrive within {} s", BODY_READ_TIMEOUT.as_secs())).into_response();
        }
    };
    next.run(Request::from_parts(parts, axum::body::Body::from(bytes))).await
}

fn unauthorized(message: &str) -> Response {
    let mut res = ApiError::new(Code::Unauthorized, message).into_response();
    res.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"tidings\""));
    res
}

/// An `Origin` (`scheme://host[:port]`) names the same host and port as the `Host` header.
fn same_origin(origin: &HeaderValue, host: Option<&HeaderValue>) -> bool {
    let (Ok(origin), Some(Ok(host))) = (origin.to_str(), host.map(|h| h.to_str())) else { return false };
    let Some((_, rest)) = origin.split_once("://") else { return false };
    rest.trim_end_matches('/').eq_ignore_ascii_case(host)
}

/// The names the server answers to: the `Host` values it accepts.
#[derive(Clone, Debug, Default)]
pub struct Hosts {
    /// Lowercased `host` or `host:port` entries; empty means any host (a router used without a
    /// socket, in tests).
    allowed: Vec<String>,
}

impl Hosts {
    /// The names of a bound address (`127.0.0.1:8080` also answers as `localhost:8080`), plus
    /// `extra` names (`news.example.org`, with or without a port: without, any port matches).
    pub fn for_addr(addr: std::net::SocketAddr, extra: &[String]) -> Hosts {
        let port = addr.port();
        let mut allowed = Vec::new();
        let ip = addr.ip();
        // Loopback names cannot be pointed at another site's page, so they are ours at any port
        // when the server listens on loopback (or everywhere).
        let loopback = ["localhost", "127.0.0.1", "[::1]"].map(String::from);
        if ip.is_unspecified() {
            // Bound to every interface: loopback and the configured names are ours.
            allowed.extend(loopback);
        } else {
            allowed.push(match ip {
                std::net::IpAddr::V4(v4) => format!("{v4}:{port}"),
                std::net::IpAddr::V6(v6) => format!("[{v6}]:{port}"),
            });
            if ip.is_loopback() {
                allowed.extend(loopback);
            }
        }
        allowed.extend(extra.iter().map(|h| h.trim().to_ascii_lowercase()).filter(|h| !h.is_empty()));
        Hosts { allowed }
    }

    fn accepts(&self, host: &str) -> bool {
        if self.allowed.is_empty() {
            return true;
        }
        let host = host.trim().trim_end_matches('.').to_ascii_lowercase();
        let bare = match host.rsplit_once(':') {
            Some((h, p)) if !h.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && !host.ends_with(']') => h,
            _ => host.as_str(),
        };
        let bare_v6 = host.strip_prefix('[').and_then(|h| h.split_once(']')).map(|(h, _)| format!("[{h}]"));
        self.allowed.iter().any(|a| {
            *a == host || (!a.contains(':') && a == bare) || (a.starts_with('[') && !a.contains("]:") && Some(a) == bare_v6.as_ref())
        })
    }
}

/// Refuses a request whose `Host` is not one of ours (DNS rebinding). A request without `Host`
/// (HTTP/1.0, or a router called directly) is not from a browser and passes.
pub(crate) async fn check_host(State(hosts): State<Arc<Hosts>>, req: Request, next: Next) -> Response {
    if let Some(h) = req.headers().get(header::HOST) {
        let ok = h.to_str().is_ok_and(|h| hosts.accepts(h));
        if !ok {
            return ApiError::new(
                Code::UnknownHost,
                format!("this server does not answer to the host {h:?}: add it with `tidings serve --allow-host NAME`"),
            )
            .into_response();
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_of_an_address() {
        let h = Hosts::for_addr("127.0.0.1:8080".parse().unwrap(), &["news.example.org".into(), "proxy.example:443".into()]);
        for ok in [
            "127.0.0.1:8080",
            "localhost:8080",
            "LOCALHOST:8080",
            "localhost",
            "news.example.org",
            "news.example.org:8080",
            "proxy.example:443",
        ] {
            assert!(h.accepts(ok), "{ok}");
        }
        for bad in ["evil.example", "evil.example:8080", "proxy.example:80", "127.0.0.1.evil.example:8080", "[::2]:8080"] {
            assert!(!h.accepts(bad), "{bad}");
        }
        let v6 = Hosts::for_addr("[::1]:8080".parse().unwrap(), &[]);
        assert!(v6.accepts("[::1]:8080") && v6.accepts("localhost:8080") && !v6.accepts("[::2]:8080"));
        let public = Hosts::for_addr("192.0.2.7:8080".parse().unwrap(), &[]);
        assert!(public.accepts("192.0.2.7:8080") && !public.accepts("localhost:8080") && !public.accepts("192.0.2.7:9090"));
        assert!(Hosts::default().accepts("anything"));
    }

    #[test]
    fn editor_sessions() {
        let g = WriteGuard::new(Some("a-long-enough-token"));
        let cookie = g.session(1_000).unwrap();
        let headers = |c: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::COOKIE, HeaderValue::from_str(&format!("other=1; {EDITOR_COOKIE}={c}")).unwrap());
            h
        };
        let e = g.editor(&headers(&cookie), 1_001).expect("a fresh session is valid");
        assert_eq!(e.csrf.len(), 64);
        assert!(g.editor(&headers(&cookie), 1_000 + EDITOR_SESSION_SECS).is_none(), "an expired session");
        let (exp, mac) = cookie.split_once('.').unwrap();
        let later: i64 = exp.parse::<i64>().unwrap() + 3600;
        assert!(g.editor(&headers(&format!("{later}.{mac}")), 1_001).is_none(), "a lengthened session");
        assert!(WriteGuard::new(Some("another-token-entirely")).editor(&headers(&cookie), 1_001).is_none(), "a new token ends sessions");
        assert!(WriteGuard::new(None).session(0).is_none());
        assert!(g.is_token(" a-long-enough-token ") && !g.is_token("a-long-enough-tokeN"));
    }

    #[test]
    fn origins_and_tokens() {
        let o = |s: &'static str| HeaderValue::from_static(s);
        assert!(same_origin(&o("http://127.0.0.1:8080"), Some(&o("127.0.0.1:8080"))));
        assert!(!same_origin(&o("https://evil.example"), Some(&o("127.0.0.1:8080"))));
        assert!(!same_origin(&o("null"), Some(&o("127.0.0.1:8080"))));
        assert!(same(b"abc", b"abc") && !same(b"abc", b"abd") && !same(b"abc", b"ab"));
        assert!(!WriteGuard::new(Some("  ")).has_token() && WriteGuard::new(Some("t")).has_token());
    }
}
