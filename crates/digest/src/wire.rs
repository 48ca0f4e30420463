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
    /// People, places and organisations, aliases merged.
    pub entities: Vec<WireEntity>,
    /// Dated events, oldest first; undated ones ordered around them.
    pub timeline: Vec<WireTimelineEntry>,
    /// Checkable statements aligned across outlets; conflicts first.
    pub claims: Vec<WireClaim>,
    /// Claims found but left out of `claims` by the cap.
    pub claims_omitted: usize,
    pub quotes: Vec<WireQuote>,
    pub articles: Vec<WireArticle>,
}

#[derive(Debug, Serialize)]
pub struct WireEntity {
    pub name: String,
    /// "person", "place" or "organization".
    pub kind: String,
    pub aliases: Vec<String>,
    pub roles: Vec<String>,
    pub mentions: usize,
    /// Ids of the articles it appears in.
    pub articles: Vec<String>,
    pub citations: Vec<WireCitation>,
}

#[derive(Debug, Serialize)]
pub struct WireTimelineEntry {
    /// As precise as the text: "YYYY" ("in 1939"), "YYYY-MM" ("April 2020") or "YYYY-MM-DD" (a day, or the
    /// Monday of a week); null when it cannot be resolved.
    pub date: Option<String>,
    /// "day", "month" or "year": how much of `date` is meaningful.
    pub precision: String,
    pub phrase: String,
    pub text: String,
    pub citations: Vec<WireCitation>,
}

#[derive(Debug, Serialize)]
pub struct WireClaim {
    /// What is claimed, as a reader says it ("people killed", "magnitude of the earthquake").
    pub about: String,
    /// "conflict", "agree", "single_source", or "evolving" (a figure that changed over time).
    pub status: String,
    /// The status in words: "disagree", "changed over time", "agree", "one outlet only".
    pub status_text: String,
    pub values: Vec<WireClaimValue>,
}

#[derive(Debug, Serialize)]
pub struct WireClaimValue {
    pub value: String,
    /// Independent outlets that state it.
    pub outlets: usize,
    /// The names of the sources that state it (outlet, else file name), each once, copies as their original.
    pub sources: Vec<String>,
    /// The sentences that state it.
    pub citations: Vec<WireCitation>,
    /// The value as written inside each cited sentence, in the same order as `citations`.
    pub phrases: Vec<WireCitation>,
    /// RFC 3339: the earliest publication time of the articles that state it (the date of a step
    /// of an evolving figure), or null.
    pub as_of: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct WireQuote {
    pub speaker: String,
    pub text: String,
    pub citations: Vec<WireCitation>,
    /// True when another outlet gives the same quote from the same speaker in other words:
    /// neither version can be shown as verbatim.
    pub altered: bool,
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
    /// Independent outlets that state it with the same key values (numbers, days, specific names).
    pub sources: usize,
    pub citations: Vec<WireCitation>,
    /// Independent outlets that state another value of a conflicting claim the sentence touches.
    pub against: usize,
    /// The claims the sentence states a value of, conflicts first; a "conflict" here is a dispute
    /// the reader must see with the sentence.
    pub claims: Vec<WireSentenceClaim>,
}

#[derive(Debug, Serialize)]
pub struct WireSentenceClaim {
    pub about: String,
    /// "conflict", "evolving", "agree" or "single_source", as in `claims`.
    pub status: String,
    /// The value this sentence states.
    pub value: String,
    /// The claim's other values with the sentences that state them.
    pub others: Vec<WireClaimValue>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WireDateline {
    /// The place as written ("AZMARIN, Syria").
    pub place: String,
    /// "YYYY-MM-DD" when the dateline gives a whole date, else a date as written ("Nov 11"), or null.
    pub date: Option<String>,
    /// The agency in parentheses ("Reuters"), if any.
    pub agency: Option<String>,
}

#[derive(Debug, Serialize, Clone)]
pub struct WireCitation {
    /// The `id` of an article of the same story.
    pub article: String,
    /// Byte offsets into that article's `text` (UTF-8).
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Serialize)]
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
    /// The dateline opening the article ("WASHINGTON (Reuters) -"), or null. Summaries never show it.
    pub dateline: Option<WireDateline>,
    pub read_minutes: usize,
    pub words: usize,
    /// The "no time to read" summary: sentences of `text` with their offsets.
    pub summary: Vec<WireSpanText>,
    /// The cleaned article text that every `start`/`end` indexes into.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
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
        dateline: dateline_of(a.dateline.as_ref(), || tidings_brief::article_dateline(a)),
        read_minutes: tidings_text::read_minutes(words),
        words,
        summary: d.article_summaries[i]
            .iter()
            .filter(|&&s| s < a.sentences.len())
            .map(|&s| {
                let span = tidings_brief::shown_span(a, s);
                WireSpanText { text: a.span_text(span).to_string(), start: span.start, end: span.end }
            })
            .collect(),
        text: a.text.clone(),
    }
}

/// An article's dateline for the wire: the cleaner's (`Article::dateline`, with a whole date as
/// "YYYY-MM-DD"), else the brief's reading of the first sentences (a date as written).
fn dateline_of(cleaned: Option<&tidings_model::Dateline>, brief: impl FnOnce() -> Option<tidings_brief::Dateline>) -> Option<WireDateline> {
    match cleaned {
        Some(d) => {
            Some(WireDateline { place: d.place.clone(), date: d.date.map(|x| x.format("%Y-%m-%d").to_string()), agency: d.source.clone() })
        }
        None => brief().map(|x| WireDateline { place: x.place, date: x.date, agency: x.agency }),
    }
}

/// The "no time to read" bullets and the dateline of a stored article (its text, its sentence spans
/// and the picked sentence indices), made as [`article`] makes them for a digest: without datelines.
pub fn stored_summary(text: &str, sentences: &[[usize; 2]], picks: &[usize]) -> (Vec<WireSpanText>, Option<WireDateline>) {
    let sentence = |&[s, e]: &[usize; 2]| text.get(s..e).map(|t| (s, e, t));
    let summary = picks
        .iter()
        .filter_map(|&i| sentences.get(i))
        .filter_map(sentence)
        .map(|(s, e, t)| {
            let cut = tidings_brief::dateline(t).map_or(0, |d| d.len).min(t.len());
            WireSpanText { text: t[cut..].to_string(), start: s + cut, end: e }
        })
        .collect();
    // The cleaner leaves a dateline in the text, before the first sentence; older stored articles
    // have it inside their first sentence.
    let first_paragraph = text.split('\n').next().unwrap_or("");
    let cleaned = tidings_text::dateline::parse(first_paragraph).map(|f| tidings_model::Dateline {
        place: f.place,
        source: f.source,
        date: f.date,
        span: tidings_model::Span::new(0, f.len),
    });
    let dateline = dateline_of(cleaned.as_ref(), || {
        sentences.iter().take(2).filter_map(sentence).find_map(|(_, _, t)| tidings_brief::dateline(t).filter(|d| !d.place.is_empty()))
    });
    (summary, dateline)
}

/// One value of a claim, as `claims` and the summary sentences' `claims` both give it.
fn claim_value(d: &Digest, v: &tidings_analyze::ClaimValue) -> WireClaimValue {
    let c = &d.corpus;
    WireClaimValue {
        value: v.value.clone(),
        outlets: v.outlets,
        sources: crate::render::value_sources(d, &v.citations),
        citations: citations(c, &v.citations),
        phrases: citations(c, &v.phrases),
        as_of: v.first_published.map(|p| p.to_rfc3339()),
    }
}

fn citations(corpus: &[Article], cs: &[Citation]) -> Vec<WireCitation> {
    cs.iter().map(|c| citation(corpus, c)).collect()
}

/// An ISO 8601 date with only the digits the text gives: "1939", "2020-04", "2023-09-12". A year or a month is
/// never written with a made-up day.
pub fn iso_date(d: chrono::NaiveDate, precision: tidings_analyze::Precision) -> String {
    use tidings_analyze::Precision;
    match precision {
        Precision::Year => d.format("%Y").to_string(),
        Precision::Month => d.format("%Y-%m").to_string(),
        Precision::Week | Precision::Day => d.format("%Y-%m-%d").to_string(),
    }
}

pub fn story(d: &Digest, s: &Story) -> WireStory {
    let c = &d.corpus;
    let (entities, timeline, claims, claims_omitted, quotes) = match &s.analysis {
        None => (vec![], vec![], vec![], 0, vec![]),
        Some(an) => (
            an.entities
                .iter()
                .map(|e| WireEntity {
                    name: e.name.clone(),
                    kind: e.kind.as_str().to_string(),
                    aliases: e.aliases.clone(),
                    roles: e.roles.clone(),
                    mentions: e.mentions,
                    articles: e.articles.iter().map(|&i| c[i].id.clone()).collect(),
                    citations: citations(c, &e.citations),
                })
                .collect(),
            an.timeline
                .iter()
                .map(|t| WireTimelineEntry {
                    date: t.date.map(|d| iso_date(d, t.precision)),
                    precision: t.precision.as_str().to_string(),
                    phrase: t.phrase.clone(),
                    text: t.text.clone(),
                    citations: citations(c, &t.citations),
                })
                .collect(),
            an.claims
                .iter()
                .map(|cl| WireClaim {
                    about: cl.about.clone(),
                    status: cl.status.as_str().to_string(),
                    status_text: cl.status.words().to_string(),
                    values: cl.values.iter().map(|v| claim_value(d, v)).collect(),
                })
                .collect(),
            an.claims_omitted,
            an.quotes
                .iter()
                .map(|q| WireQuote {
                    speaker: q.speaker.clone(),
                    text: q.text.clone(),
                    citations: citations(c, &q.citations),
                    altered: q.altered,
                })
                .collect(),
        ),
    };
    WireStory {
        entities,
        timeline,
        claims,
        claims_omitted,
        quotes,
        id: s.id.clone(),
        headline: s.headline.clone(),
        sources: s.sources,
        why: WireWhy { terms: s.why.terms.clone(), names: s.why.names.clone(), similarity: (s.why.similarity * 1000.0).round() / 1000.0 },
        summary: s
            .summary
            .iter()
            .map(|x| WireSummarySentence {
                text: x.text.clone(),
                sources: x.sources,
                citations: x.citations.iter().map(|c| citation(&d.corpus, c)).collect(),
                against: x.against,
                claims: x
                    .claims
                    .iter()
                    .map(|cl| WireSentenceClaim {
                        about: cl.about.clone(),
                        status: cl.status.as_str().to_string(),
                        value: cl.value.clone(),
                        others: cl
                            .others
                            .iter()
                            .map(|o| match &s.analysis {
                                Some(an) => claim_value(d, &an.all_claims()[cl.claim.claim].values[o.index]),
                                None => WireClaimValue {
                                    value: o.value.clone(),
                                    outlets: o.outlets,
                                    sources: crate::render::value_sources(d, &o.citations),
                                    citations: citations(c, &o.citations),
                                    phrases: Vec::new(),
                                    as_of: None,
                                },
                            })
                            .collect(),
                    })
                    .collect(),
            })
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
