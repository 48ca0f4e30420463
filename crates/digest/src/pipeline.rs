//! The digest pipeline: raw documents → clean articles → stories → briefs.

use rustc_hash::FxHashMap;
use tidings_brief::{article_summary, summarize, SummarySentence};
use tidings_ingest::{Body, RawDoc};
use tidings_model::{Article, ArticleIdx, Span, Warning};
use tidings_story::{GroupOptions, Why};
use tidings_text::{clean_with, detect_language, split_sentences, strip_invisible, Boilerplate, CleanOptions};

/// Everything the digest can be told.
#[derive(Debug, Clone)]
pub struct Options {
    /// Sentences in each story summary.
    pub sentences: usize,
    /// Sentences in each article's "no time to read" summary.
    pub article_sentences: usize,
    pub group: GroupOptions,
    /// Entities, timeline, claims and quotes per story.
    pub analysis: bool,
    pub analyze: tidings_analyze::Options,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            sentences: tidings_brief::DEFAULT_SUMMARY_SENTENCES,
            article_sentences: tidings_brief::DEFAULT_ARTICLE_SENTENCES,
            group: GroupOptions::default(),
            analysis: true,
            analyze: tidings_analyze::Options::default(),
        }
    }
}

/// One story with its brief.
#[derive(Debug, Clone)]
pub struct Story {
    pub id: String,
    /// Originals and copies, in publication order.
    pub articles: Vec<ArticleIdx>,
    pub headline: String,
    /// The article whose title is the headline.
    pub headline_article: Option<ArticleIdx>,
    pub why: Why,
    pub summary: Vec<SummarySentence>,
    /// Independent sources behind the story.
    pub sources: usize,
    /// Entities, timeline, claims and quotes, when asked for.
    pub analysis: Option<tidings_analyze::Analysis>,
}

/// The result of a digest run.
#[derive(Debug, Clone, Default)]
pub struct Digest {
    /// One article per input document, in input order.
    pub corpus: Vec<Article>,
    /// Per article (parallel to `corpus`): the sentence indices of its "no time to read" summary
    /// (show each with `tidings_brief::shown_span`, which cuts off a dateline).
    pub article_summaries: Vec<Vec<usize>>,
    pub stories: Vec<Story>,
    pub warnings: Vec<Warning>,
}

/// A 64-bit FNV-1a hash, stable across platforms and releases (ids must not change between runs).
pub fn stable_hash(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0xff)) {
            h ^= b as u64;
            h = h.wrapping_mul(0x100_0000_01b3);
        }
    }
    h
}

fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?.rsplit('@').next()?.split(':').next()?;
    let host = host.trim_start_matches("www.").to_lowercase();
    (!host.is_empty()).then_some(host)
}

/// Reads, extracts and cleans documents into articles, one per document, in order.
pub fn prepare(docs: Vec<RawDoc>) -> (Vec<Article>, Vec<Warning>) {
    let mut warnings = Vec::new();
    // First pass: get plain text and metadata for every document.
    struct Pre {
        doc: RawDoc,
        raw: String,
        byline: Option<String>,
        language: Option<String>,
        html: bool,
    }
    // Extraction is independent per document: run it on all cores.
    let slots: Vec<std::sync::Mutex<Option<RawDoc>>> = docs.into_iter().map(|d| std::sync::Mutex::new(Some(d))).collect();
    let extracted: Vec<(Pre, Vec<Warning>)> = crate::par::map_indexed(slots.len(), |i| {
        let mut doc = slots[i].lock().map(|mut g| g.take()).ok().flatten().unwrap_or_default();
        let mut warnings = Vec::new();
        let subject = doc.path.clone().or_else(|| doc.url.clone()).unwrap_or_else(|| "<input>".into());
        let body = std::mem::take(&mut doc.body);
        let (raw, byline, language, html) = match body {
            Body::Text(t) => {
                let t = strip_invisible(t);
                // Pasted pages print their date in the head ("Updated: November 11, 2011"): it
                // dates the article when nothing else does, and grouping needs it.
                if doc.published.is_none() {
                    doc.published =
                        tidings_story::when::stamp_date(&t).and_then(|d| d.and_hms_opt(0, 0, 0)).map(|d| d.and_utc().fixed_offset());
                }
                (t, None, None, false)
            }
            Body::Html(bytes) => {
                let opts = tidings_extract::Options { url: doc.url.clone(), ..tidings_extract::Options::default() };
                let ex = tidings_extract::extract(&bytes, &opts);
                for w in ex.warnings {
                    warnings.push(Warning::new(subject.clone(), w));
                }
                // What the document says about itself (JSON fields) wins over what the page says.
                doc.title = doc.title.take().or(ex.title);
                doc.url = doc.url.take().or(ex.url);
                doc.published = doc.published.or(ex.published);
                doc.outlet = doc.outlet.take().or(ex.site_name);
                (ex.text, ex.byline, ex.language, true)
            }
        };
        if doc.outlet.is_none() {
            doc.outlet = doc.url.as_deref().and_then(host_of);
        }
        (Pre { doc, raw, byline, language, html }, warnings)
    });
    drop(slots);
    let mut pre = Vec::with_capacity(extracted.len());
    for (p, w) in extracted {
        warnings.extend(w);
        pre.push(p);
    }
    let mut boiler = Boilerplate::new();
    for p in &pre {
        boiler.add(p.doc.outlet.as_deref(), &p.raw);
    }
    // Cleaning, splitting and language detection are independent per document too.
    let cleaned: Vec<(Article, Option<Warning>)> = crate::par::map_indexed(pre.len(), |i| {
        let p = &pre[i];
        let subject = p.doc.path.clone().or_else(|| p.doc.url.clone()).unwrap_or_else(|| "<input>".into());
        // Extracted HTML is already free of page chrome and has its title apart; text files carry
        // their headline somewhere above the lead, among the page's chrome.
        let opts =
            CleanOptions { title: p.doc.title.as_deref(), outlet: p.doc.outlet.as_deref(), url: p.doc.url.as_deref(), extracted: p.html };
        let c = clean_with(&p.raw, &opts, &boiler);
        if std::env::var_os("TIDINGS_DEBUG_CLEAN").is_some() {
            for r in &c.removed {
                eprintln!("removed\t{subject}\t{r}");
            }
        }
        // A dateline is metadata: the first sentence starts after it.
        let mut sentences = Vec::new();
        for para in &c.paragraphs {
            let from = c.dateline.as_ref().filter(|d| d.span.end > para.start && d.span.end <= para.end).map_or(para.start, |d| d.span.end);
            for s in split_sentences(&c.text[from..para.end]) {
                sentences.push(Span::new(from + s.start, from + s.end));
            }
        }
        let warning = (c.text.trim().is_empty() && !p.html).then(|| Warning::new(subject, "no article text found"));
        let language = p.language.clone().or_else(|| detect_language(&c.text).map(String::from));
        let key = p.doc.url.clone().or_else(|| p.doc.path.clone()).unwrap_or_default();
        let id = format!("{:016x}", stable_hash(&[&key, &c.title, &c.text]));
        let article = Article {
            id,
            path: p.doc.path.clone(),
            url: p.doc.url.clone(),
            outlet: p.doc.outlet.clone(),
            title: c.title,
            byline: p.byline.clone().or(c.byline),
            // A dateline's date is the article's date when nothing else gives one.
            published: p.doc.published.or_else(|| {
                let d = c.dateline.as_ref()?.date?;
                Some(d.and_hms_opt(0, 0, 0)?.and_utc().fixed_offset())
            }),
            language,
            text: c.text,
            paragraphs: c.paragraphs,
            sentences,
            copy_of: None,
            dateline: c.dateline,
        };
        (article, warning)
    });
    drop(pre);
    let mut corpus = Vec::with_capacity(cleaned.len());
    for (a, w) in cleaned {
        warnings.extend(w);
        corpus.push(a);
    }
    // Two files with the same id (the same text from the same place) keep distinct ids.
    let mut seen: FxHashMap<String, usize> = FxHashMap::default();
    for a in &mut corpus {
        let n = seen.entry(a.id.clone()).or_default();
        if *n > 0 {
            a.id = format!("{}-{}", a.id, n);
        }
        *n += 1;
    }
    (corpus, warnings)
}

/// Groups documents into stories without writing briefs: for evaluation and speed runs.
pub fn group(docs: Vec<RawDoc>, opts: &Options) -> (Vec<Article>, Vec<Vec<ArticleIdx>>) {
    let (mut corpus, _) = prepare(docs);
    let g = tidings_story::group(&corpus, &opts.group);
    for (a, c) in corpus.iter_mut().zip(&g.copy_of) {
        a.copy_of = *c;
    }
    (corpus, g.stories.into_iter().map(|s| s.articles).collect())
}

/// Treats all documents as one story and returns its summary sentences (no claim analysis: this
/// serves summary benchmarks such as WCEP, where only the text is scored).
pub fn summarize_cluster(docs: Vec<RawDoc>, sentences: usize) -> Vec<String> {
    let (mut corpus, _) = prepare(docs);
    let copies = tidings_story::copies::find_copies(&corpus);
    for (a, c) in corpus.iter_mut().zip(copies) {
        a.copy_of = c;
    }
    let members: Vec<ArticleIdx> = (0..corpus.len()).collect();
    summarize(&corpus, &members, sentences, None).into_iter().map(|s| s.text).collect()
}

/// Writes the brief of one story: the one place a story's headline, summary and analysis are
/// made, for the digest and for the store alike. Its id derives from its first article unless
/// `id` is given (the store keeps ids stable as stories grow).
pub fn brief_story(corpus: &[Article], sg: &tidings_story::StoryGroup, id: Option<&str>, opts: &Options) -> Story {
    let analysis = opts.analysis.then(|| tidings_analyze::analyze(corpus, &sg.articles, &opts.analyze));
    // Claims make support value-aware (an outlet with another value is no support) and attach
    // each summary sentence's disputes.
    let brief = tidings_brief::brief(corpus, &sg.articles, opts.sentences, analysis.as_ref());
    let (summary, head) = (brief.summary, brief.representative);
    let headline = head
        .map(|h| corpus[h].title.clone())
        // A title that is a time stamp or a caption ("0930 GMT, 12 March 2011") is no headline.
        .filter(|t| !t.is_empty() && tidings_brief::not_prose(t).is_none())
        .unwrap_or_else(|| summary.first().map(|s| s.text.clone()).unwrap_or_default());
    let first_id = corpus[sg.articles[0]].id.clone();
    Story {
        id: id.map(String::from).unwrap_or_else(|| format!("s{:012x}", stable_hash(&[&first_id]) >> 16)),
        sources: tidings_model::independent_sources(corpus, sg.articles.iter().copied()),
        articles: sg.articles.clone(),
        headline,
        headline_article: head,
        why: sg.why.clone(),
        summary,
        analysis,
    }
}

/// Runs the whole digest.
pub fn run(docs: Vec<RawDoc>, opts: &Options) -> Digest {
    let timing = std::env::var_os("TIDINGS_TIMING").is_some();
    let t0 = std::time::Instant::now();
    let (mut corpus, warnings) = prepare(docs);
    if timing {
        eprintln!("timing: prepare {:.2}s", t0.elapsed().as_secs_f32());
    }
    let t1 = std::time::Instant::now();
    let g = tidings_story::group(&corpus, &opts.group);
    if timing {
        eprintln!("timing: group {:.2}s", t1.elapsed().as_secs_f32());
    }
    let t2 = std::time::Instant::now();
    for (a, c) in corpus.iter_mut().zip(&g.copy_of) {
        a.copy_of = *c;
    }
    let article_summaries = crate::par::map_indexed(corpus.len(), |i| article_summary(&corpus[i], opts.article_sentences));
    let groups: Vec<tidings_story::StoryGroup> =
        g.stories.into_iter().filter(|sg| !sg.articles.iter().all(|&i| corpus[i].text.trim().is_empty())).collect();
    // Briefs are independent per story: write them on all cores.
    let stories = crate::par::map_indexed(groups.len(), |k| brief_story(&corpus, &groups[k], None, opts));
    if timing {
        eprintln!("timing: briefs {:.2}s", t2.elapsed().as_secs_f32());
    }
    Digest { corpus, article_summaries, stories, warnings }
}
