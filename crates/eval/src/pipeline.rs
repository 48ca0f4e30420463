//! Runs the tidings pipeline on labelled data and scores it: grouping against gold stories,
//! summaries against WCEP reference summaries.

use crate::data::{parse_date, LabelledDoc, WcepCluster};
use crate::metrics::{labels_from_clusters, lookalikes, placement, score, ClusteringScores, Confusion, LabelIds, Lookalikes, Prf};
use crate::rouge::{self, RougeScores};
use std::time::Instant;
use tidings_ingest::{Body, RawDoc};
use tidings_model::Warning;

/// Sentences asked of the summariser before the summary is cut to `--words`; enough to fill 40 words.
pub const DEFAULT_SUMMARY_SENTENCES: usize = 5;

/// Which part of the pipeline a grouping evaluation runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `tidings_digest::group`: cleaning and grouping only.
    Group,
    /// `tidings_digest::run`: everything a digest does, briefs included (the end-to-end figure).
    Full,
    /// `tidings_digest::prepare`, then `tidings_story::group`, timed and measured apart: how much
    /// memory the grouping itself adds per article once the cleaned texts exist.
    Stages,
}

/// Time and memory of the two grouping stages (filled in by [`Mode::Stages`]).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Stages {
    pub prepare_seconds: f64,
    pub group_seconds: f64,
    /// Resident size once every article is cleaned and split (KiB).
    pub rss_after_prepare_kb: Option<u64>,
    /// Peak resident size while grouping (KiB); the peak is reset before grouping where Linux allows.
    pub peak_during_group_kb: Option<u64>,
    /// Whether that reset worked; if not, the peak may come from an earlier stage.
    pub peak_was_reset: bool,
    /// Bytes of cleaned title and text held by the articles.
    pub cleaned_text_bytes: usize,
}

/// Converts a labelled document to the pipeline's input.
pub fn raw_doc(d: LabelledDoc) -> RawDoc {
    RawDoc { path: d.path, url: d.url, outlet: d.outlet, title: d.title, published: d.published, body: Body::Text(d.text) }
}

/// The outcome of one grouping evaluation.
#[derive(Debug, Clone)]
pub struct GroupingRun {
    pub scores: ClusteringScores,
    /// Gold label per article, in the order the pipeline saw them.
    pub gold: Vec<String>,
    /// Predicted cluster per article (articles the pipeline did not place in a story are singletons).
    pub predicted: Vec<u64>,
    /// Wall time of the pipeline call alone (not reading the input).
    pub pipeline_seconds: f64,
    /// CPU time (all threads) of the pipeline call, when the platform reports it.
    pub pipeline_cpu_seconds: Option<f64>,
    /// Per-stage figures, in [`Mode::Stages`] only.
    pub stages: Option<Stages>,
    pub warnings: Vec<Warning>,
    /// Articles in no story, and articles in more than one (both must be 0).
    pub lost: usize,
    pub duplicated: usize,
    /// Pairs of look-alike gold events (two events of one topic) that share a story; `None` when the
    /// data has no topics.
    pub lookalikes: Option<Lookalikes>,
}

/// Runs the pipeline on `docs` (already in stream order) and scores its stories against the labels.
pub fn evaluate_grouping(docs: Vec<LabelledDoc>, opts: &tidings_digest::Options, mode: Mode) -> GroupingRun {
    let n = docs.len();
    let mut ids = LabelIds::default();
    let gold: Vec<String> = docs.iter().map(|d| d.label.clone()).collect();
    let topics: Vec<Option<String>> = docs.iter().map(|d| d.topic.clone()).collect();
    let gold_ids: Vec<u64> = gold.iter().map(|l| ids.id(l)).collect();
    let raw: Vec<RawDoc> = docs.into_iter().map(raw_doc).collect();
    let start = Instant::now();
    let cpu_start = crate::sys::cpu_seconds();
    let mut stages = None;
    let (clusters, warnings) = match mode {
        Mode::Group => {
            let (_, clusters) = tidings_digest::group(raw, opts);
            (clusters, Vec::new())
        }
        Mode::Stages => {
            let (corpus, warnings) = tidings_digest::prepare(raw);
            let prepare_seconds = start.elapsed().as_secs_f64();
            let rss_after_prepare_kb = crate::sys::rss_kb();
            let peak_was_reset = crate::sys::reset_peak();
            let group_start = Instant::now();
            let g = tidings_story::group(&corpus, &opts.group);
            let group_seconds = group_start.elapsed().as_secs_f64();
            stages = Some(Stages {
                prepare_seconds,
                group_seconds,
                rss_after_prepare_kb,
                peak_during_group_kb: crate::sys::peak_rss_kb(),
                peak_was_reset,
                cleaned_text_bytes: corpus.iter().map(|a| a.text.len() + a.title.len()).sum(),
            });
            (g.stories.into_iter().map(|s| s.articles).collect(), warnings)
        }
        Mode::Full => {
            let d = tidings_digest::run(raw, opts);
            (d.stories.into_iter().map(|s| s.articles).collect(), d.warnings)
        }
    };
    let pipeline_seconds = start.elapsed().as_secs_f64();
    let pipeline_cpu_seconds = crate::sys::cpu_seconds().zip(cpu_start).map(|(end, start)| end - start);
    let (lost, duplicated) = placement(n, &clusters);
    let predicted = labels_from_clusters(n, &clusters);
    let lookalikes = topics.iter().any(Option::is_some).then(|| lookalikes(&gold, &topics, &predicted));
    GroupingRun {
        scores: score(&gold_ids, &predicted),
        gold,
        predicted,
        pipeline_seconds,
        pipeline_cpu_seconds,
        stages,
        warnings,
        lost,
        duplicated,
        lookalikes,
    }
}

/// What digesting each gold event's articles alone gives: the main job's use case, a folder of
/// articles about one event, which should give one story.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct PileReport {
    /// Gold events (piles).
    pub piles: usize,
    /// Piles that gave exactly one story.
    pub one_story: usize,
    /// Mean number of stories per pile.
    pub mean_stories: f64,
    /// Mean share of a pile's articles in its largest story.
    pub mean_largest_share: f64,
    /// Articles in no story or in more than one, over all piles.
    pub lost: usize,
    pub duplicated: usize,
    /// Piles that split, with their story sizes, largest first (at most [`PILES_LISTED`]).
    pub split: Vec<(String, Vec<usize>)>,
    pub pipeline_seconds: f64,
}

/// Split piles listed by name in a report.
pub const PILES_LISTED: usize = 20;

/// Digests each gold event's articles alone (the whole digest, briefs included) and counts the piles
/// that give one story. `docs` keep their order inside each pile.
pub fn evaluate_piles(docs: Vec<LabelledDoc>, opts: &tidings_digest::Options) -> PileReport {
    let mut piles: Vec<(String, Vec<LabelledDoc>)> = Vec::new();
    for d in docs {
        match piles.iter_mut().find(|(l, _)| *l == d.label) {
            Some((_, p)) => p.push(d),
            None => piles.push((d.label.clone(), vec![d])),
        }
    }
    let start = Instant::now();
    let mut r = PileReport { piles: piles.len(), ..PileReport::default() };
    for (label, pile) in piles {
        let n = pile.len();
        let digest = tidings_digest::run(pile.into_iter().map(raw_doc).collect(), opts);
        let clusters: Vec<Vec<usize>> = digest.stories.into_iter().map(|s| s.articles).collect();
        let (lost, duplicated) = placement(n, &clusters);
        r.lost += lost;
        r.duplicated += duplicated;
        let mut sizes: Vec<usize> = clusters.iter().map(Vec::len).collect();
        sizes.extend(std::iter::repeat_n(1, lost));
        sizes.sort_unstable_by(|a, b| b.cmp(a));
        r.mean_stories += sizes.len() as f64;
        r.mean_largest_share += sizes.first().copied().unwrap_or(0) as f64 / n.max(1) as f64;
        if sizes.len() == 1 {
            r.one_story += 1;
        } else if r.split.len() < PILES_LISTED {
            r.split.push((label, sizes));
        }
    }
    r.pipeline_seconds = start.elapsed().as_secs_f64();
    let k = r.piles.max(1) as f64;
    r.mean_stories /= k;
    r.mean_largest_share /= k;
    r
}

impl PileReport {
    /// The human-readable form.
    pub fn text(&self) -> String {
        let mut t = format!(
            "piles       {} gold events, each digested alone\none story   {} / {}\nstories     {:.2} per pile on average; {:.1}% of a pile's articles in its largest story\n",
            self.piles,
            self.one_story,
            self.piles,
            self.mean_stories,
            100.0 * self.mean_largest_share
        );
        t += &format!("placement   {} articles in no story, {} in more than one\n", self.lost, self.duplicated);
        if !self.split.is_empty() {
            t += "split piles (event: story sizes)\n";
            for (l, sizes) in &self.split {
                t += &format!("  {l}: {sizes:?}\n");
            }
        }
        t
    }
}

/// ROUGE of tidings' summaries, and of a lead baseline in the same run, over a set of WCEP clusters.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SummaryReport {
    pub clusters: usize,
    pub words: usize,
    pub use_stemmer: bool,
    /// Mean over clusters of each figure, as WCEP's `evaluate.py` aggregates.
    pub tidings: RougeScores,
    /// The first `words` words of the earliest article: a cheap peer measured on the same clusters.
    pub lead_baseline: RougeScores,
}

/// Summarises each cluster with `tidings_digest::summarize_cluster`, cuts the summary to `words`
/// words, and scores it against the cluster's reference summary with rouge-score's rules.
pub fn evaluate_summaries(clusters: &[WcepCluster], words: usize, sentences: usize, use_stemmer: bool) -> SummaryReport {
    let mut ours = Vec::with_capacity(clusters.len());
    let mut lead = Vec::with_capacity(clusters.len());
    for c in clusters {
        let mut docs: Vec<RawDoc> = c
            .articles
            .iter()
            .map(|a| RawDoc {
                title: a.title.clone(),
                url: a.url.clone(),
                published: a.time.as_deref().and_then(parse_date),
                body: Body::Text(a.text.clone()),
                ..RawDoc::default()
            })
            .collect();
        docs.sort_by_key(|d| (d.published.is_none(), d.published));
        let first_text = match docs.first().map(|d| &d.body) {
            Some(Body::Text(t)) => t.clone(),
            _ => String::new(),
        };
        let summary = tidings_digest::summarize_cluster(docs, sentences).join(" ");
        ours.push(rouge::score(&c.summary, &rouge::truncate_words(&summary, words), use_stemmer));
        lead.push(rouge::score(&c.summary, &rouge::truncate_words(&first_text, words), use_stemmer));
    }
    SummaryReport { clusters: clusters.len(), words, use_stemmer, tidings: rouge::mean(&ours), lead_baseline: rouge::mean(&lead) }
}

/// What `tidings eval clustering` reports: scores, speed and memory of one run.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ClusteringReport {
    pub input: String,
    pub input_format: String,
    /// `group`, `full` or `stages`.
    pub mode: String,
    /// The grouping options used, as Rust debug text (so a tuning run records its knobs).
    pub grouping_options: String,
    #[serde(flatten)]
    pub scores: ClusteringScores,
    /// Bytes of title and body text read (before cleaning).
    pub text_bytes: usize,
    pub read_seconds: f64,
    pub pipeline_seconds: f64,
    /// CPU seconds (all threads) the pipeline used: articles / this is the per-core throughput.
    pub pipeline_cpu_seconds: Option<f64>,
    pub articles_per_second: f64,
    /// Resident set size after reading the input, before the pipeline ran (KiB; Linux only).
    pub rss_after_read_kb: Option<u64>,
    /// Peak resident set size of the whole process (KiB; Linux only).
    pub peak_rss_kb: Option<u64>,
    /// Per-stage time and memory (`--mode stages` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stages: Option<Stages>,
    pub warnings: usize,
    /// Articles in no story, and in more than one.
    pub lost: usize,
    pub duplicated: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lookalikes: Option<Lookalikes>,
    pub merges: Vec<Confusion>,
    pub splits: Vec<Confusion>,
}

fn prf_line(name: &str, p: &Prf) -> String {
    format!("{name:<12}P {:.4}  R {:.4}  F1 {:.4}\n", p.precision, p.recall, p.f1)
}

impl ClusteringReport {
    /// The human-readable form.
    pub fn text(&self) -> String {
        let s = &self.scores;
        let mut t = String::new();
        t += &format!("input       {} ({}, {} mode)\n", self.input, self.input_format, self.mode);
        t += &format!("options     {}\n", self.grouping_options);
        t += &format!("articles    {}\n", s.articles);
        t += &format!("clusters    {} gold, {} predicted\n", s.gold_clusters, s.predicted_clusters);
        t += &prf_line("pairwise", &s.pairwise);
        t += &format!("            (pairs: tp {} fp {} fn {} tn {})\n", s.pairs.tp, s.pairs.fp, s.pairs.fn_, s.pairs.tn);
        t += &prf_line("BCubed", &s.bcubed);
        t += &format!("placement   {} articles in no story, {} in more than one\n", self.lost, self.duplicated);
        if let Some(l) = &self.lookalikes {
            t += &format!("look-alikes {} of {} pairs of events of one topic share a story\n", l.shared, l.pairs);
            for (a, b) in l.examples.iter().take(8) {
                t += &format!("            {a} + {b}\n");
            }
        }
        t += &format!(
            "speed       {:.1} articles/s (pipeline {:.2} s; reading {:.2} s)\n",
            self.articles_per_second, self.pipeline_seconds, self.read_seconds
        );
        if let Some(cpu) = self.pipeline_cpu_seconds {
            t += &format!("            {:.1} articles per CPU-second ({:.2} CPU s)\n", s.articles as f64 / cpu.max(1e-9), cpu);
        }
        if let (Some(after), Some(peak)) = (self.rss_after_read_kb, self.peak_rss_kb) {
            t += &format!("memory      peak RSS {:.1} MiB ({:.1} MiB after reading)\n", peak as f64 / 1024.0, after as f64 / 1024.0);
        }
        if let Some(st) = &self.stages {
            t += &format!("stages      prepare {:.2} s, group {:.2} s\n", st.prepare_seconds, st.group_seconds);
            if let (Some(before), Some(peak)) = (st.rss_after_prepare_kb, st.peak_during_group_kb) {
                let n = s.articles.max(1) as f64;
                t += &format!(
                    "            grouping adds {:.0} bytes per article at its peak (RSS {:.1} MiB after prepare, {:.1} MiB peak{})\n",
                    peak.saturating_sub(before) as f64 * 1024.0 / n,
                    before as f64 / 1024.0,
                    peak as f64 / 1024.0,
                    if st.peak_was_reset { "" } else { "; peak not reset, may be an earlier stage's" }
                );
            }
        }
        let show = |title: &str, list: &[Confusion], t: &mut String| {
            if list.is_empty() {
                return;
            }
            *t += &format!("{title}\n");
            for c in list {
                let parts: Vec<String> = c.parts.iter().take(6).map(|(k, n)| format!("{k} x{n}")).collect();
                let more = if c.parts.len() > 6 { format!(", +{} more", c.parts.len() - 6) } else { String::new() };
                *t += &format!("  {} ({} articles, {} pairs): {}{more}\n", c.cluster, c.size, c.pairs, parts.join(", "));
            }
        };
        show("worst merges (predicted cluster: gold stories)", &self.merges, &mut t);
        show("worst splits (gold story: predicted clusters)", &self.splits, &mut t);
        t
    }
}

fn rouge_line(name: &str, r: &RougeScores) -> String {
    format!(
        "{name:<14}R-1 F {:.4} R {:.4}   R-2 F {:.4} R {:.4}   R-L F {:.4} R {:.4}\n",
        r.rouge1.f1, r.rouge1.recall, r.rouge2.f1, r.rouge2.recall, r.rouge_l.f1, r.rouge_l.recall
    )
}

impl SummaryReport {
    /// The human-readable form.
    pub fn text(&self) -> String {
        let mut t = format!(
            "{} clusters, summaries cut to {} words, rouge-score tokenisation{}\n",
            self.clusters,
            self.words,
            if self.use_stemmer { " with Porter stemming" } else { "" }
        );
        t += &rouge_line("tidings", &self.tidings);
        t += &rouge_line("lead baseline", &self.lead_baseline);
        t
    }
}
