//! Feeds, article URLs and WARC archives to raw documents, fetched safely and politely.
//!
//! - [`Fetcher`]: HTTP(S) only, private addresses refused on the resolved address at connect
//!   time and on every redirect hop (unless allowed with [`FetchOptions::allow_net`]), connect,
//!   read and total timeouts, at most [`MAX_REDIRECTS`] hops, a cap on decompressed bytes
//!   enforced while streaming, content-type checks, per-host concurrency, robots.txt for article
//!   pages, and the [`USER_AGENT`].
//! - [`feed`]: RSS 0.9x/1.0/2.0, Atom and JSON Feed (via feed-rs, which expands no entities
//!   beyond the five predefined ones) and OPML lists, with a per-feed item cap.
//! - [`warc`]: HTML response records of WARC and WARC.gz files, with their target URI and date.
//! - [`sources`]: any mix of the above to `(Vec<RawDoc>, Vec<Warning>)`; one bad source never
//!   stops the others.
//! - [`subs`]: the subscription file (`<data>/feeds.json`) and [`subs::poll_due`], with
//!   conditional GET and exponential backoff.
//!
//! ```no_run
//! use tidings_fetch::{sources, FetchOptions, Source};
//! let (docs, warnings) = sources::collect_blocking(&FetchOptions::default(), &sources::Options::default(),
//!     &[Source::Url("https://example.org/feed.xml".into())]);
//! println!("{} documents, {} warnings", docs.len(), warnings.len());
//! ```

pub mod charset;
pub mod feed;
pub mod fetcher;
pub mod net;
#[doc(hidden)]
pub mod props;
pub mod robots;
pub mod sources;
pub mod subs;
pub mod warc;

pub use ipnet::IpNet;
pub use sources::Source;

use std::net::IpAddr;

pub use fetcher::{
    Conditional, FetchOptions, Fetcher, Kind, Response, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_BYTES, DEFAULT_PER_HOST, DEFAULT_READ_TIMEOUT,
    DEFAULT_TOTAL_TIMEOUT, MAX_REDIRECTS, USER_AGENT,
};
pub use net::{normalize_url, NetPolicy, PublicUrl};

/// Everything that can go wrong fetching one URL or reading one archive. Each variant names
/// the URL or file; callers turn it into a `Warning` and go on with the other sources.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The text is not a URL we can request.
    #[error("{url}: invalid url: {reason}")]
    InvalidUrl { url: String, reason: String },
    /// Only http and https are fetched.
    #[error("{url}: scheme `{scheme}` refused, only http and https are fetched")]
    Scheme { url: String, scheme: String },
    /// URLs with a user name or password are refused, so credentials never travel in a feed list.
    #[error("{url}: urls with credentials are refused")]
    Credentials { url: String },
    /// The host is, or resolves to, a private, loopback, link-local or otherwise internal address.
    #[error("{url}: address {addr} is private and refused; pass --allow-net to let its range through")]
    PrivateAddress { url: String, addr: IpAddr },
    /// More redirect hops than allowed.
    #[error("{url}: more than {max} redirects")]
    TooManyRedirects { url: String, max: usize },
    /// A timeout (connect, read or the whole request).
    #[error("{url}: timed out on {what}")]
    Timeout { url: String, what: &'static str },
    /// The body, decompressed, is larger than the cap.
    #[error("{url}: body larger than the {max} byte limit, stopped there")]
    TooLarge { url: String, max: u64 },
    /// The server sent a content type we do not read.
    #[error("{url}: content type `{content_type}` is not a feed or a web page")]
    ContentType { url: String, content_type: String },
    /// A non-success HTTP status.
    #[error("{url}: http status {status}")]
    Status { url: String, status: u16 },
    /// robots.txt disallows the page (switch off with --ignore-robots).
    #[error("{url}: disallowed by robots.txt")]
    RobotsDisallowed { url: String },
    /// The feed could not be parsed.
    #[error("{url}: not a readable feed: {reason}")]
    Feed { url: String, reason: String },
    /// Any other transport error.
    #[error("{url}: {source}")]
    Http {
        url: String,
        #[source]
        source: reqwest::Error,
    },
    /// The HTTP client could not be built (TLS set-up).
    #[error("cannot build the http client: {source}")]
    Client {
        #[source]
        source: reqwest::Error,
    },
    /// A local file (WARC, OPML, the subscription file) could not be read or written.
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// A short, stable name of the kind of error, for metrics and logs.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::InvalidUrl { .. } => "invalid_url",
            Error::Scheme { .. } => "scheme",
            Error::Credentials { .. } => "credentials",
            Error::PrivateAddress { .. } => "private_address",
            Error::TooManyRedirects { .. } => "redirects",
            Error::Timeout { .. } => "timeout",
            Error::TooLarge { .. } => "too_large",
            Error::ContentType { .. } => "content_type",
            Error::Status { .. } => "status",
            Error::RobotsDisallowed { .. } => "robots",
            Error::Feed { .. } => "feed",
            Error::Http { .. } => "http",
            Error::Client { .. } => "client",
            Error::Io { .. } => "io",
        }
    }

    /// The error as a `Warning` about `subject`, with the full source chain in the message.
    pub fn to_warning(&self, subject: &str) -> tidings_model::Warning {
        let mut msg = self.to_string();
        if let Some(rest) = msg.strip_prefix(subject).and_then(|r| r.strip_prefix(": ")) {
            msg = rest.to_string();
        }
        let mut src = std::error::Error::source(self);
        while let Some(s) = src {
            msg.push_str(": ");
            msg.push_str(&s.to_string());
            src = s.source();
        }
        tidings_model::Warning::new(subject, msg)
    }
}
