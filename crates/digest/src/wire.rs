//! The digest's JSON wire format (documented in docs/digest-json.md). Field names are a contract:
//! later versions add fields, they never rename these.

use serde::Serialize;
use tidings_model::{Article, Citation};

use crate::pipeline::{Digest, Story};

/// Bumped when a field changes meaning; adding fields does not bump it.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Serialize)]
pub struct WireDigest {
    pub schema_version: u32,
    pub stories: Vec<WireStory>,
    pub warnings: Vec<WireWarning>,
}

#[derive(Debug, Serialize)]
pub struct WireWarning {
    pub subject: String,
    pub message: String,
}

#[derive(Debug, Serialize)]
pub struct WireStory {
    pub id: String,
    pub headline: String,
    /// Independent sources (outlets; copies count once).
    pub sources: usize,
    pub why: WireWhy,
    pub summary: Vec<WireSummarySentence>,
    pub articles: Vec<WireArticle>,
}

#[derive(Debug, Serialize)]
pub struct WireWhy {
    pub terms: Vec<String>,
    pub names: Vec<String>,
    pub similarity: f32,
}

#[derive(Debug, Serialize)]
pub struct WireSummarySentence {
    pub text: String,
    pub sources: usize,
    pub citations: Vec<WireCitation>,
}

#[derive(Debug, Serialize, Clone)]
pub struct WireCitation {
    /// The `id` of an article of the same story.
    pub article: String,
    /// Byte offsets into that article's `text` (UTF-8).
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Serialize)]
pub struct WireArticle {
    pub id: String,
    pub path: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub title: String,
    pub byline: Option<String>,
    /// RFC 3339, or null when unknown.
    pub published: Option<String>,
    pub language: Option<String>,
    /// The `id` of the article this one copies, or null for an original.
    pub copy_of: Option<String>,
    pub read_minutes: usize,
    pub words: usize,
    /// The "no time to read" summary: sentences of `text` with their offsets.
    pub summary: Vec<WireSpanText>,
    /// The cleaned article text that every `start`/`end` indexes into.
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct WireSpanText {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

pub fn citation(corpus: &[Article], c: &Citation) -> WireCitation {
    WireCitation { article: corpus[c.article].id.clone(), start: c.span.start, end: c.span.end }
}

pub fn article(d: &Digest, i: usize) -> WireArticle {
    let a = &d.corpus[i];
    let words = a.word_count();
    WireArticle {
        id: a.id.clone(),
        path: a.path.clone(),
        url: a.url.clone(),
        outlet: a.outlet.clone(),
        title: a.title.clone(),
        byline: a.byline.clone(),
        published: a.published.map(|p| p.to_rfc3339()),
        language: a.language.clone(),
        copy_of: a.copy_of.map(|o| d.corpus[o].id.clone()),
        read_minutes: tidings_text::read_minutes(words),
        words,
        summary: d.article_summaries[i]
            .iter()
            .map(|&s| {
                let span = a.sentences[s];
                WireSpanText { text: a.span_text(span).to_string(), start: span.start, end: span.end }
            })
            .collect(),
        text: a.text.clone(),
    }
}

pub fn story(d: &Digest, s: &Story) -> WireStory {
    WireStory {
        id: s.id.clone(),
        headline: s.headline.clone(),
        sources: s.sources,
        why: WireWhy { terms: s.why.terms.clone(), names: s.why.names.clone(), similarity: (s.why.similarity * 1000.0).round() / 1000.0 },
        summary: s
            .summary
            .iter()
            .map(|x| WireSummarySentence { text: x.text.clone(), sources: x.sources, citations: x.citations.iter().map(|c| citation(&d.corpus, c)).collect() })
            .collect(),
        articles: s.articles.iter().map(|&i| article(d, i)).collect(),
    }
}

pub fn digest(d: &Digest) -> WireDigest {
    WireDigest {
        schema_version: SCHEMA_VERSION,
        stories: d.stories.iter().map(|s| story(d, s)).collect(),
        warnings: d.warnings.iter().map(|w| WireWarning { subject: w.subject.clone(), message: w.message.clone() }).collect(),
    }
}

/// The digest as pretty JSON.
pub fn to_json(d: &Digest) -> String {
    serde_json::to_string_pretty(&digest(d)).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}
