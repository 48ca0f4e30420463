//! Who may write, and which names the server answers to.
//!
//! - [`guarded`] wraps the write routes: a bearer token (compared in constant time), a JSON
//!   `Content-Type`, an `Origin` (when a browser sends one) that is the server's own, and a body
//!   read within [`BODY_READ_TIMEOUT`]. Every write route goes through it, and routes added later
//!   (corrections, subscriptions) get the same checks by being added to the guarded router.
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
    fn origins_and_tokens() {
        let o = |s: &'static str| HeaderValue::from_static(s);
        assert!(same_origin(&o("http://127.0.0.1:8080"), Some(&o("127.0.0.1:8080"))));
        assert!(!same_origin(&o("https://evil.example"), Some(&o("127.0.0.1:8080"))));
        assert!(!same_origin(&o("null"), Some(&o("127.0.0.1:8080"))));
        assert!(same(b"abc", b"abc") && !same(b"abc", b"abd") && !same(b"abc", b"ab"));
        assert!(!WriteGuard::new(Some("  ")).has_token() && WriteGuard::new(Some("t")).has_token());
    }
}
