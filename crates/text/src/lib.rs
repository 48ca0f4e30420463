//! Text: chrome removal, sentence splitting, words, terms and names.
//!
//! This crate turns a document's raw text into the clean article that every later stage reads,
//! and provides the tokenisation they all share.
//!
//! ```
//! use tidings_text::{clean, split_sentences, Boilerplate};
//! let c = clean("Home\nWorld\nKim leaves for Russia\nShare this Article\nMr. Kim left on Sunday. He arrived on Tuesday.", None, None, &Boilerplate::new());
//! assert_eq!(c.title, "Kim leaves for Russia");
//! assert_eq!(split_sentences(&c.text).len(), 2);
//! ```

pub mod clean;
pub mod dateline;
pub mod lexicon;
pub mod sentences;
pub mod tokens;
pub mod unwrap;

pub use clean::{clean, clean_with, normalize_line, strip_invisible, Boilerplate, CleanOptions, Cleaned};
pub use sentences::split_sentences;
pub use tokens::{count_spaced_words, detect_language, names, words, Analyzer};

/// Words per minute used for read times: the average silent reading rate of adults for
/// non-fiction (Brysbaert 2019, 238 wpm), rounded.
pub const WORDS_PER_MINUTE: usize = 238;

/// Minutes to read `words` words at [`WORDS_PER_MINUTE`], at least 1.
pub fn read_minutes(words: usize) -> usize {
    words.div_ceil(WORDS_PER_MINUTE).max(1)
}
