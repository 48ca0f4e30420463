//! Stories: copies linked to their original, and articles grouped per event.
//!
//! ```
//! use tidings_model::Article;
//! use tidings_story::{group, GroupOptions};
//! let mut a = Article::new("a", "Storm hits coast", "A storm hit the northern coast on Friday, closing ports.");
//! a.sentences = tidings_text::split_sentences(&a.text);
//! let g = group(&[a], &GroupOptions::default());
//! assert_eq!(g.stories.len(), 1);
//! ```

pub mod background;
pub mod copies;
pub mod features;
pub mod group;
pub mod when;

pub use features::{doc_terms, DocFreqs};
pub use group::{group, group_with, GroupOptions, Grouping, StoryGroup, Why};
