//! The digest: turns a pile of documents into stories with cited briefs, and renders them.
//!
//! This is the edge between the pipeline and the world: the CLI (and later the server) call
//! [`run`] and render with [`render::text`], [`render::markdown`] or [`wire::to_json`]. Only
//! this crate knows the wire format.
//!
//! ```
//! use tidings_ingest::{Body, RawDoc};
//! let doc = RawDoc { body: Body::Text("Storm hits coast\nA storm hit the coast on Friday, closing ports.".into()), ..RawDoc::default() };
//! let d = tidings_digest::run(vec![doc], &tidings_digest::Options::default());
//! assert_eq!(d.stories[0].headline, "Storm hits coast");
//! ```

pub mod par;
pub mod pipeline;
pub mod render;
pub mod wire;

pub use pipeline::{brief_story, group, prepare, run, stable_hash, summarize_cluster, Digest, Options, Story};
