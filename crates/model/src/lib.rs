//! The shared vocabulary of the pipeline: articles, sentences, spans, citations and warnings.
//!
//! Every stage reads and writes these types, so they are deliberately plain: no IO, no
//! serialisation, no behaviour beyond small accessors. The wire format lives at the edge
//! (`tidings-digest`), which converts these into its own serde types.
//!
//! ```
//! use tidings_model::{Article, Span};
//! let mut a = Article::new("a1", "Title", "One sentence. Two sentences.");
//! a.sentences = vec![Span::new(0, 13), Span::new(14, 28)];
//! assert_eq!(a.sentence_text(1), "Two sentences.");
//! ```

use chrono::{DateTime, FixedOffset, NaiveDate};

/// Index of an article in the corpus of one run (the `Vec<Article>` every stage shares).
pub type ArticleIdx = usize;

/// A byte range `[start, end)` into an article's cleaned `text` (UTF-8, always on char boundaries).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end);
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// A pointer to exact bytes of one article: what every statement in a brief is traced back to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Citation {
    pub article: ArticleIdx,
    pub span: Span,
}

/// One article after reading and cleaning.
#[derive(Debug, Clone, Default)]
pub struct Article {
    /// Stable identifier (a hash of where the article came from and what it says).
    pub id: String,
    /// File the article was read from, when it came from a file.
    pub path: Option<String>,
    pub url: Option<String>,
    /// Publisher name, or the URL's host when no name is known.
    pub outlet: Option<String>,
    pub title: String,
    pub byline: Option<String>,
    pub published: Option<DateTime<FixedOffset>>,
    /// ISO 639-1 code when detected.
    pub language: Option<String>,
    /// The cleaned article body: what every `Span` indexes into. The title is not part of it.
    pub text: String,
    /// Paragraph spans in `text`, in order.
    pub paragraphs: Vec<Span>,
    /// Sentence spans in `text`, in order, each inside one paragraph.
    pub sentences: Vec<Span>,
    /// The article this one copies (exact copy, syndicated text or close rewrite). Always an original, never a copy.
    pub copy_of: Option<ArticleIdx>,
    /// The dateline opening the text ("WASHINGTON (AP) —"), when there is one. It stays in `text` but
    /// outside every sentence span.
    pub dateline: Option<Dateline>,
}

/// A dateline: where (and sometimes when) the article was filed, written before its first sentence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dateline {
    /// The place as written ("WASHINGTON", "VLADIVOSTOK", "PORTLAND, Ore.").
    pub place: String,
    /// The agency or source in brackets ("AP", "dpa-AFX"), when given.
    pub source: Option<String>,
    /// The date it gives, when it gives a whole one (day, month and year).
    pub date: Option<NaiveDate>,
    /// Its bytes in `Article::text`, separator included: the first sentence starts after it.
    pub span: Span,
}

impl Article {
    pub fn new(id: &str, title: &str, text: &str) -> Article {
        Article { id: id.to_string(), title: title.to_string(), text: text.to_string(), ..Article::default() }
    }

    pub fn span_text(&self, span: Span) -> &str {
        &self.text[span.start..span.end]
    }

    pub fn sentence_text(&self, i: usize) -> &str {
        self.span_text(self.sentences[i])
    }

    /// Number of words in the cleaned text (whitespace separated), used for read time.
    pub fn word_count(&self) -> usize {
        self.text.split_whitespace().count()
    }

    /// The key under which this article counts as an independent source: its outlet when known,
    /// otherwise the article itself. Copies must be mapped to their original before calling this.
    pub fn source_key(&self) -> String {
        match &self.outlet {
            Some(o) if !o.trim().is_empty() => format!("outlet:{}", o.trim().to_lowercase()),
            _ => format!("article:{}", self.id),
        }
    }
}

/// Something that went wrong with one input, reported while the rest of the batch goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The file, URL or article the warning is about.
    pub subject: String,
    /// Lowercase, no final period.
    pub message: String,
}

impl Warning {
    pub fn new(subject: impl Into<String>, message: impl Into<String>) -> Warning {
        Warning { subject: subject.into(), message: message.into() }
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.subject, self.message)
    }
}

/// Counts the independent sources among a set of articles: copies count as their original,
/// and articles of one outlet count once.
pub fn independent_sources(corpus: &[Article], articles: impl IntoIterator<Item = ArticleIdx>) -> usize {
    let mut keys: Vec<String> = articles
        .into_iter()
        .map(|i| {
            let orig = corpus[i].copy_of.unwrap_or(i);
            corpus[orig].source_key()
        })
        .collect();
    keys.sort();
    keys.dedup();
    keys.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_and_same_outlet_count_once() {
        let mut a = Article::new("a", "t", "x");
        a.outlet = Some("BBC".into());
        let mut b = Article::new("b", "t", "x");
        b.outlet = Some("bbc ".into());
        let c = Article::new("c", "t", "x");
        let mut d = Article::new("d", "t", "x");
        d.copy_of = Some(2);
        let corpus = vec![a, b, c, d];
        assert_eq!(independent_sources(&corpus, [0, 1]), 1);
        assert_eq!(independent_sources(&corpus, [2, 3]), 1);
        assert_eq!(independent_sources(&corpus, [0, 2, 3]), 2);
    }
}
