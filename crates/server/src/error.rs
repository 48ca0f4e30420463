//! API errors: one table maps each error code to its HTTP status, for JSON and HTML alike.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tidings_store::StoreError;

/// The stable, machine-readable error codes of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// No story, article or page with that id.
    NotFound,
    /// No route at that path (or not with that method).
    NoRoute,
    /// The route exists, but not with that method.
    MethodNotAllowed,
    /// A parameter or body that cannot be read.
    BadRequest,
    /// The body is over [`crate::MAX_BODY_BYTES`], or holds too many articles.
    PayloadTooLarge,
    /// The disk is full: writes fail, reads go on.
    DiskFull,
    /// Another writer held the store for longer than the store waits: retry after `Retry-After`.
    Busy,
    /// The store does not answer (`/healthz`).
    Unavailable,
    /// A write without the bearer token, or with a wrong one.
    Unauthorized,
    /// The server was started without a token: it takes no writes.
    WritesDisabled,
    /// A write from a web page of another origin.
    ForbiddenOrigin,
    /// A write whose body is not declared as JSON.
    UnsupportedMediaType,
    /// The `Host` header names a host this server does not answer to (DNS rebinding).
    UnknownHost,
    /// A correction by hand that cannot be made as asked (a split of every article, an empty
    /// headline, a merge of a story with itself).
    BadCorrection,
    /// The store was written by a newer tidings.
    StoreTooNew,
    /// Anything else; the message says what.
    Internal,
}

/// The one table: code, its name on the wire, and its HTTP status.
pub const TABLE: &[(Code, &str, StatusCode)] = &[
    (Code::NotFound, "not_found", StatusCode::NOT_FOUND),
    (Code::NoRoute, "no_route", StatusCode::NOT_FOUND),
    (Code::MethodNotAllowed, "method_not_allowed", StatusCode::METHOD_NOT_ALLOWED),
    (Code::BadRequest, "bad_request", StatusCode::BAD_REQUEST),
    (Code::PayloadTooLarge, "payload_too_large", StatusCode::PAYLOAD_TOO_LARGE),
    (Code::DiskFull, "disk_full", StatusCode::INSUFFICIENT_STORAGE),
    (Code::Busy, "busy", StatusCode::SERVICE_UNAVAILABLE),
    (Code::Unavailable, "unavailable", StatusCode::SERVICE_UNAVAILABLE),
    (Code::Unauthorized, "unauthorized", StatusCode::UNAUTHORIZED),
    (Code::WritesDisabled, "writes_disabled", StatusCode::FORBIDDEN),
    (Code::ForbiddenOrigin, "forbidden_origin", StatusCode::FORBIDDEN),
    (Code::UnsupportedMediaType, "unsupported_media_type", StatusCode::UNSUPPORTED_MEDIA_TYPE),
    (Code::UnknownHost, "unknown_host", StatusCode::MISDIRECTED_REQUEST),
    (Code::BadCorrection, "bad_correction", StatusCode::UNPROCESSABLE_ENTITY),
    (Code::StoreTooNew, "store_too_new", StatusCode::INTERNAL_SERVER_ERROR),
    (Code::Internal, "internal", StatusCode::INTERNAL_SERVER_ERROR),
];

impl Code {
    fn entry(self) -> (&'static str, StatusCode) {
        TABLE.iter().find(|e| e.0 == self).map(|e| (e.1, e.2)).unwrap_or(("internal", StatusCode::INTERNAL_SERVER_ERROR))
    }
    pub fn name(self) -> &'static str {
        self.entry().0
    }
    pub fn status(self) -> StatusCode {
        self.entry().1
    }
}

/// An error of the JSON API: `{"code": "...", "message": "..."}` with the status of [`TABLE`].
#[derive(Debug)]
pub struct ApiError {
    pub code: Code,
    pub message: String,
}

impl ApiError {
    pub fn new(code: Code, message: impl Into<String>) -> ApiError {
        ApiError { code, message: message.into() }
    }
    pub fn not_found(what: &str, id: &str) -> ApiError {
        ApiError::new(Code::NotFound, format!("no {what} with id {id}"))
    }
    pub fn bad(message: impl Into<String>) -> ApiError {
        ApiError::new(Code::BadRequest, message)
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        let code = match &e {
            StoreError::DiskFull { .. } => Code::DiskFull,
            StoreError::Busy { .. } => Code::Busy,
            StoreError::TooNew { .. } => Code::StoreTooNew,
            StoreError::BadQuery(_) => Code::BadRequest,
            StoreError::NotFound { .. } => Code::NotFound,
            StoreError::BadEdit(_) => Code::BadCorrection,
            _ => Code::Internal,
        };
        // The whole chain, as the CLI prints it.
        let mut message = e.to_string();
        let mut src = std::error::Error::source(&e);
        while let Some(s) = src {
            message.push_str(": ");
            message.push_str(&s.to_string());
            src = s.source();
        }
        ApiError::new(code, message)
    }
}

/// Seconds a client is asked to wait before sending a write again after a `busy` answer.
pub const RETRY_AFTER_SECS: u64 = 2;

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "code": self.code.name(), "message": self.message });
        let mut res = crate::json_response(self.code.status(), body.to_string());
        if matches!(self.code, Code::Busy | Code::Unavailable) {
            res.headers_mut().insert(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from(RETRY_AFTER_SECS));
        }
        res
    }
}
