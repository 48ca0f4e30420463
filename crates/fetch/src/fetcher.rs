//! The safe HTTP fetcher: address checks at connect time and on every redirect hop, timeouts,
//! a decompressed size cap enforced while streaming, content-type checks, per-host concurrency,
//! robots.txt for article pages and a polite User-Agent.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ipnet::IpNet;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::header::{HeaderMap, CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, LOCATION};
use tokio::sync::Semaphore;

use crate::net::{NetPolicy, PublicUrl};
use crate::robots::Robots;
use crate::Error;

/// Time allowed to open a TCP (and TLS) connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Longest wait for any single read (headers or a body chunk).
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(20);
/// Longest time for a whole request, redirects and body included: a server that drips one byte
/// a second cannot hold a worker forever.
pub const DEFAULT_TOTAL_TIMEOUT: Duration = Duration::from_secs(60);
/// Redirect hops followed before giving up (browsers use about 20; 10 is plenty for feeds).
pub const MAX_REDIRECTS: usize = 10;
/// Cap on a response body, counted on decompressed bytes while streaming.
pub const DEFAULT_MAX_BYTES: u64 = 16 * 1024 * 1024;
/// Cap on robots.txt bodies (Google reads 500 KiB).
pub const MAX_ROBOTS_BYTES: u64 = 512 * 1024;
/// Requests in flight at once to one host.
pub const DEFAULT_PER_HOST: usize = 2;
/// The User-Agent sent with every request; it names the tool so publishers can reach us.
pub const USER_AGENT: &str = concat!("tidings/", env!("CARGO_PKG_VERSION"), " (news reader; +https://example.invalid/tidings)");
/// The product token matched against robots.txt `User-agent` lines.
pub const ROBOTS_TOKEN: &str = "tidings";

/// Everything the fetcher can be told. `Default` gives the named constants above.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    pub connect_timeout: Duration,
    pub read_timeout: Duration,
    pub total_timeout: Duration,
    pub max_redirects: usize,
    pub max_bytes: u64,
    pub per_host: usize,
    pub user_agent: String,
    /// Private ranges let through (`--allow-net CIDR`); empty by default.
    pub allow_net: Vec<IpNet>,
    /// Obey robots.txt for article pages (feeds are meant to be fetched by readers).
    pub respect_robots: bool,
}

impl Default for FetchOptions {
    fn default() -> FetchOptions {
        FetchOptions {
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            read_timeout: DEFAULT_READ_TIMEOUT,
            total_timeout: DEFAULT_TOTAL_TIMEOUT,
            max_redirects: MAX_REDIRECTS,
            max_bytes: DEFAULT_MAX_BYTES,
            per_host: DEFAULT_PER_HOST,
            user_agent: USER_AGENT.to_string(),
            allow_net: Vec::new(),
            respect_robots: true,
        }
    }
}

/// What is being fetched, which decides the accepted content types and whether robots.txt applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A feed or an OPML list: XML or JSON.
    Feed,
    /// An article page: HTML. robots.txt applies.
    Article,
    /// Either a feed or a page (a URL given on the command line).
    Any,
    /// robots.txt itself.
    Robots,
}

/// Validators for a conditional GET.
#[derive(Debug, Clone, Default)]
pub struct Conditional {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// A successful response (2xx, or 304 for a conditional GET).
#[derive(Debug, Clone)]
pub struct Response {
    /// The final URL, after redirects; checked like every hop.
    pub url: PublicUrl,
    pub status: u16,
    pub content_type: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// Decompressed body, at most `max_bytes`. Empty for 304.
    pub body: Vec<u8>,
}

impl Response {
    pub fn not_modified(&self) -> bool {
        self.status == 304
    }
}

/// The error a guarded DNS lookup returns when every address of a name is refused. It travels
/// inside reqwest's error and is recognised again by downcasting.
#[derive(Debug)]
struct BlockedName {
    host: String,
    addr: std::net::IpAddr,
}

impl std::fmt::Display for BlockedName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} resolves to the refused address {}", self.host, self.addr)
    }
}

impl std::error::Error for BlockedName {}

/// A resolver that drops refused addresses. reqwest connects only to the addresses it returns,
/// so the check holds for the address actually connected to: DNS cannot point inwards, and a
/// rebinding name gets one answer that is both checked and used.
struct GuardedResolver {
    policy: Arc<NetPolicy>,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let policy = self.policy.clone();
        Box::pin(async move {
            let host = name.as_str().to_string();
            let all: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let ok: Vec<SocketAddr> = all.iter().copied().filter(|a| policy.permits(a.ip())).collect();
            if ok.is_empty() {
                if let Some(bad) = all.first() {
                    return Err(Box::new(BlockedName { host, addr: bad.ip() }) as Box<dyn std::error::Error + Send + Sync>);
                }
            }
            Ok(Box::new(ok.into_iter()) as Addrs)
        })
    }
}

/// The fetcher. Cheap to share by reference; clone the options to make another.
pub struct Fetcher {
    client: reqwest::Client,
    opts: FetchOptions,
    policy: Arc<NetPolicy>,
    hosts: Mutex<HashMap<String, Arc<Semaphore>>>,
    robots: tokio::sync::Mutex<HashMap<String, Arc<Robots>>>,
}

impl Fetcher {
    pub fn new(opts: FetchOptions) -> Result<Fetcher, Error> {
        let policy = Arc::new(NetPolicy::allowing(opts.allow_net.iter().copied()));
        let client = reqwest::Client::builder()
            .dns_resolver(Arc::new(GuardedResolver { policy: policy.clone() }))
            // A proxy from the environment would connect for us, past the address check.
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(opts.connect_timeout)
            .read_timeout(opts.read_timeout)
            .timeout(opts.total_timeout)
            .user_agent(opts.user_agent.clone())
            .referer(false)
            .build()
            .map_err(|e| Error::Client { source: e })?;
        Ok(Fetcher { client, opts, policy, hosts: Mutex::new(HashMap::new()), robots: tokio::sync::Mutex::new(HashMap::new()) })
    }

    pub fn options(&self) -> &FetchOptions {
        &self.opts
    }

    pub fn policy(&self) -> &NetPolicy {
        &self.policy
    }

    /// Checks a URL string against the scheme and address rules.
    pub fn check_url(&self, url: &str) -> Result<PublicUrl, Error> {
        PublicUrl::parse(url, &self.policy)
    }

    /// Fetches `url`, following redirects itself (each hop checked), within the total timeout.
    pub async fn get(&self, url: &str, kind: Kind, cond: &Conditional) -> Result<Response, Error> {
        let start = self.check_url(url)?;
        if kind == Kind::Article && self.opts.respect_robots && !self.robots_allow(&start).await {
            return Err(Error::RobotsDisallowed { url: start.to_string() });
        }
        let total = self.opts.total_timeout;
        match tokio::time::timeout(total, self.get_inner(start, kind, cond)).await {
            Ok(r) => r,
            Err(_) => Err(Error::Timeout { url: url.to_string(), what: "the whole request" }),
        }
    }

    async fn get_inner(&self, mut url: PublicUrl, kind: Kind, cond: &Conditional) -> Result<Response, Error> {
        let max_bytes = if kind == Kind::Robots { MAX_ROBOTS_BYTES.min(self.opts.max_bytes) } else { self.opts.max_bytes };
        let mut hops = 0;
        loop {
            let permit = self.host_slot(&url).acquire_owned().await.expect("semaphore never closed");
            let mut req = self.client.get(url.as_url().clone()).header(reqwest::header::ACCEPT, accept_header(kind));
            if let Some(e) = &cond.etag {
                req = req.header(IF_NONE_MATCH, e);
            }
            if let Some(m) = &cond.last_modified {
                req = req.header(IF_MODIFIED_SINCE, m);
            }
            let mut resp = req.send().await.map_err(|e| classify(url.as_str(), e))?;
            let status = resp.status().as_u16();
            if (300..400).contains(&status) && status != 304 {
                let Some(loc) = resp.headers().get(LOCATION).and_then(|v| v.to_str().ok()) else {
                    return Err(Error::Status { url: url.to_string(), status });
                };
                let next = url.as_url().join(loc).map_err(|e| Error::InvalidUrl { url: loc.to_string(), reason: e.to_string() })?;
                hops += 1;
                if hops > self.opts.max_redirects {
                    return Err(Error::TooManyRedirects { url: next.to_string(), max: self.opts.max_redirects });
                }
                drop(permit);
                // Every hop is checked again: scheme and literal address here, resolved address at connect.
                url = PublicUrl::new(next, &self.policy)?;
                continue;
            }
            let headers = resp.headers().clone();
            let content_type = header_str(&headers, CONTENT_TYPE);
            let etag = header_str(&headers, ETAG);
            let last_modified = header_str(&headers, LAST_MODIFIED);
            if status == 304 {
                return Ok(Response { url, status, content_type, etag, last_modified, body: Vec::new() });
            }
            if !(200..300).contains(&status) {
                return Err(Error::Status { url: url.to_string(), status });
            }
            if let Some(ct) = &content_type {
                if !content_type_ok(kind, ct) {
                    return Err(Error::ContentType { url: url.to_string(), content_type: ct.clone() });
                }
            }
            if resp.content_length().is_some_and(|n| n > max_bytes) && headers.get(reqwest::header::CONTENT_ENCODING).is_none() {
                return Err(Error::TooLarge { url: url.to_string(), max: max_bytes });
            }
            // Chunks arrive decompressed; the count stops a gzip bomb at the cap, so memory never
            // holds more than `max_bytes` plus one chunk.
            let mut body = Vec::new();
            while let Some(chunk) = resp.chunk().await.map_err(|e| classify(url.as_str(), e))? {
                if body.len() as u64 + chunk.len() as u64 > max_bytes {
                    return Err(Error::TooLarge { url: url.to_string(), max: max_bytes });
                }
                body.extend_from_slice(&chunk);
            }
            drop(permit);
            return Ok(Response { url, status, content_type, etag, last_modified, body });
        }
    }

    fn host_slot(&self, url: &PublicUrl) -> Arc<Semaphore> {
        let key = format!("{}:{}", url.as_url().host_str().unwrap_or(""), url.as_url().port_or_known_default().unwrap_or(0));
        let mut hosts = self.hosts.lock().expect("host map poisoned");
        hosts.entry(key).or_insert_with(|| Arc::new(Semaphore::new(self.opts.per_host.max(1)))).clone()
    }

    /// Whether robots.txt of the URL's origin lets us fetch it. Fetched once per origin; a
    /// missing or unreadable robots.txt allows everything, as the standard says for 4xx.
    pub async fn robots_allow(&self, url: &PublicUrl) -> bool {
        let u = url.as_url();
        let origin = u.origin().ascii_serialization();
        let mut cache = self.robots.lock().await;
        let robots = match cache.get(&origin) {
            Some(r) => r.clone(),
            None => {
                let robots_url = format!("{origin}/robots.txt");
                let r = match Box::pin(self.get(&robots_url, Kind::Robots, &Conditional::default())).await {
                    Ok(resp) => Robots::parse(&String::from_utf8_lossy(&resp.body), ROBOTS_TOKEN),
                    Err(_) => Robots::allow_all(),
                };
                let r = Arc::new(r);
                cache.insert(origin, r.clone());
                r
            }
        };
        let path = match u.query() {
            Some(q) => format!("{}?{}", u.path(), q),
            None => u.path().to_string(),
        };
        robots.allows(&path)
    }
}

fn header_str(h: &HeaderMap, name: reqwest::header::HeaderName) -> Option<String> {
    h.get(name).and_then(|v| v.to_str().ok()).map(str::to_string)
}

fn accept_header(kind: Kind) -> &'static str {
    match kind {
        Kind::Feed => "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.1",
        Kind::Article => "text/html, application/xhtml+xml;q=0.9, */*;q=0.1",
        Kind::Any => "text/html, application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.1",
        Kind::Robots => "text/plain, */*;q=0.1",
    }
}

/// Whether a Content-Type is acceptable for what we asked for. Images, video, archives and
/// other binaries are refused before their body is read.
pub fn content_type_ok(kind: Kind, content_type: &str) -> bool {
    let mime = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let xml_or_json = mime.ends_with("/xml") || mime.ends_with("+xml") || mime.ends_with("/json") || mime.ends_with("+json");
    let html = mime == "text/html" || mime == "application/xhtml+xml";
    let lenient = mime.is_empty() || mime == "text/plain" || mime == "application/octet-stream";
    match kind {
        Kind::Feed => xml_or_json || lenient || html,
        Kind::Article => html || lenient || mime.ends_with("/xml"),
        Kind::Any => xml_or_json || html || lenient,
        Kind::Robots => true,
    }
}

/// Turns a reqwest error into ours, recognising refused addresses and timeouts.
fn classify(url: &str, e: reqwest::Error) -> Error {
    let mut src: Option<&(dyn std::error::Error + 'static)> = Some(&e);
    while let Some(s) = src {
        if let Some(b) = s.downcast_ref::<BlockedName>() {
            return Error::PrivateAddress { url: url.to_string(), addr: b.addr };
        }
        src = s.source();
    }
    if e.is_timeout() {
        return Error::Timeout { url: url.to_string(), what: "a connect or read" };
    }
    Error::Http { url: url.to_string(), source: e }
}
