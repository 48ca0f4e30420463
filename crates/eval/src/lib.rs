//! tidings-eval: measures how well tidings groups articles into stories and how good its summaries are.
//!
//! - [`metrics`]: pairwise precision/recall/F1 (Priberam's news-clustering evaluation) and BCubed;
//! - [`rouge`] and [`porter`]: ROUGE-1/2/L exactly as the Python rouge-score package computes them;
//! - [`data`]: readers for the public benchmark formats (Miranda et al. 2018 JSON, a directory with
//!   `labels.tsv` such as WikiRef220, WCEP JSONL) and for our synthetic stream;
//! - [`synth`]: a seeded, deterministic generator of labelled news streams, for tests and for scale.
//!
//! ```
//! use tidings_eval::metrics::score;
//! let s = score(&[0, 0, 1], &[5, 5, 5]);
//! assert_eq!(s.pairwise.recall, 1.0);
//! assert!((s.pairwise.precision - 1.0 / 3.0).abs() < 1e-12);
//! ```

pub mod data;
pub mod metrics;
pub mod pipeline;
pub mod porter;
pub mod rouge;
pub mod synth;
pub mod sys;

use std::path::PathBuf;

/// Everything that can stop an evaluation outright. Problems with single records are
/// [`tidings_model::Warning`]s instead, returned next to the records that could be read.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or directory could not be read or written.
    #[error("cannot access {path}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A file is not the JSON it should be (the whole file, not one record).
    #[error("{path} is not valid JSON in the expected format")]
    Json {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    /// The input is readable but cannot be evaluated (for example no labelled articles at all).
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
}

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io { path: path.into(), source }
    }
    pub(crate) fn invalid(path: impl Into<PathBuf>, message: impl Into<String>) -> Error {
        Error::Invalid { path: path.into(), message: message.into() }
    }
}
