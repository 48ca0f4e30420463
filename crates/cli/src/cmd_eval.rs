//! `tidings eval`: scores grouping and summaries on labelled data, and writes synthetic streams.
//!
//! Glue only: reading, scoring and generating live in `tidings-eval`; this file parses flags and prints.

use anyhow::{bail, Context};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;
use tidings_eval::data::{self, LabelledDoc};
use tidings_eval::metrics::confusions;
use tidings_eval::pipeline::{self, ClusteringReport, Mode};
use tidings_eval::rouge::DEFAULT_SUMMARY_WORDS;
use tidings_eval::synth;
use tidings_eval::sys;

/// Evaluate grouping and summaries, or generate a synthetic labelled stream.
#[derive(clap::Args, Debug)]
pub struct EvalArgs {
    #[command(subcommand)]
    cmd: EvalCmd,
}

#[derive(clap::Subcommand, Debug)]
enum EvalCmd {
    /// Group labelled articles and score the stories: pairwise and BCubed precision/recall/F1.
    Clustering(ClusteringArgs),
    /// Summarise WCEP clusters and score the summaries with ROUGE-1/2/L.
    Summaries(SummariesArgs),
    /// Write a seeded synthetic labelled news stream as JSONL.
    Synth(SynthArgs),
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Text,
    Json,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum InputFormat {
    /// A directory (or file) ending in .json(.gz) is Miranda, .jsonl(.gz) synthetic, a directory labels.tsv.
    Auto,
    /// A directory with labels.tsv (file<TAB>label), like WikiRef220.
    Labels,
    /// Miranda et al. 2018 JSON: a list of {id, cluster, lang, date, title, text}.
    Miranda,
    /// The JSONL `tidings eval synth` writes.
    Synth,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum PipelineMode {
    /// Clean and group only.
    Group,
    /// The whole digest, briefs included (end to end).
    Full,
    /// Clean, then group, timed and measured apart (memory the grouping adds per article).
    Stages,
    /// Digest each gold event's articles alone (a folder about one event) and count the piles that
    /// give one story.
    Piles,
    /// Ingest the articles into a new embedded store in batches of 16 (in the data's order) and
    /// score the stories the store ends with.
    Store,
}

#[derive(clap::Args, Debug)]
struct ClusteringArgs {
    /// Labelled data: a directory with labels.tsv, a Miranda JSON file, or synthetic JSONL.
    input: PathBuf,
    #[arg(long, value_enum, default_value_t = InputFormat::Auto)]
    input_format: InputFormat,
    /// Keep only documents in this language (Miranda data; `en` matches `eng`).
    #[arg(long)]
    lang: Option<String>,
    #[arg(long, value_enum, default_value_t = PipelineMode::Group)]
    mode: PipelineMode,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Also list the N worst merged and split clusters.
    #[arg(long, default_value_t = 0)]
    errors: usize,
    /// Feed the articles in a seeded random order instead of the data's (grouping must not depend on it).
    #[arg(long)]
    shuffle: Option<u64>,
    /// Ignore the data's publication dates (grouping from the texts alone).
    #[arg(long)]
    no_dates: bool,
    /// Grouping knob: similarity from which an article joins a story (default: the digest's).
    #[arg(long)]
    join: Option<f32>,
    /// Grouping knob: similarity from which two stories merge.
    #[arg(long)]
    merge: Option<f32>,
    /// Grouping knob: articles further apart than this (hours) need shared specifics to join.
    #[arg(long)]
    window_hours: Option<i64>,
    /// Grouping knob: weight of names against body terms.
    #[arg(long)]
    name_weight: Option<f32>,
    /// Grouping knob: mean body similarity below which nothing joins.
    #[arg(long)]
    body_gate: Option<f32>,
    /// Grouping knob: mean name similarity below which nothing joins (unless bodies are nearly the same).
    #[arg(long)]
    name_gate: Option<f32>,
    /// Grouping knob: similarity from which an article left alone joins its clearly best story.
    #[arg(long)]
    attach: Option<f32>,
    /// Grouping knob: share of a story's cohesion a newcomer's similarity must reach.
    #[arg(long)]
    relative: Option<f32>,
    /// Grouping knob: no story spans more than this (hours).
    #[arg(long)]
    max_span_hours: Option<i64>,
}

#[derive(clap::Args, Debug)]
struct SummariesArgs {
    /// WCEP JSONL (.jsonl or .jsonl.gz): one cluster per line with `summary` and `articles`.
    input: PathBuf,
    /// Words kept from each predicted summary.
    #[arg(long, default_value_t = DEFAULT_SUMMARY_WORDS)]
    words: usize,
    /// Sentences asked of the summariser before cutting to --words.
    #[arg(long, default_value_t = pipeline::DEFAULT_SUMMARY_SENTENCES)]
    sentences: usize,
    /// Score without Porter stemming (WCEP's evaluation stems).
    #[arg(long)]
    no_stemmer: bool,
    /// Score only the first N clusters.
    #[arg(long)]
    limit: Option<usize>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(clap::Args, Debug)]
struct SynthArgs {
    #[arg(long, default_value_t = synth::DEFAULT_SEED)]
    seed: u64,
    #[arg(long, default_value_t = synth::DEFAULT_ARTICLES)]
    articles: usize,
    /// Output: a file, a directory (gets synth-SEED-ARTICLES.jsonl), or - for standard output.
    #[arg(long, default_value = "-")]
    out: PathBuf,
}

/// Runs `tidings eval …`; the exit code is 0 when the evaluation ran (warnings are printed to stderr).
pub fn run(args: EvalArgs) -> anyhow::Result<i32> {
    match args.cmd {
        EvalCmd::Clustering(a) => clustering(a),
        EvalCmd::Summaries(a) => summaries(a),
        EvalCmd::Synth(a) => synthesize(a),
    }
}

fn print_warnings(warnings: &[tidings_model::Warning]) {
    const SHOWN: usize = 10;
    for w in warnings.iter().take(SHOWN) {
        eprintln!("warning: {w}");
    }
    if warnings.len() > SHOWN {
        eprintln!("warning: … and {} more", warnings.len() - SHOWN);
    }
}

fn detect(path: &Path) -> InputFormat {
    let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
    let name = name.trim_end_matches(".gz");
    if path.is_dir() || name == data::LABELS_FILE {
        InputFormat::Labels
    } else if name.ends_with(".jsonl") {
        InputFormat::Synth
    } else {
        InputFormat::Miranda
    }
}

fn read_labelled(a: &ClusteringArgs) -> anyhow::Result<(Vec<LabelledDoc>, Vec<tidings_model::Warning>, &'static str)> {
    let format = if a.input_format == InputFormat::Auto { detect(&a.input) } else { a.input_format };
    let (docs, warnings, name) = match format {
        InputFormat::Labels => {
            let (d, w) = data::read_labelled_dir(&a.input)?;
            (d, w, "labels.tsv directory")
        }
        InputFormat::Miranda => {
            let (d, w) = data::read_miranda(&a.input, a.lang.as_deref())?;
            (d, w, "Miranda JSON")
        }
        InputFormat::Synth | InputFormat::Auto => {
            let (d, w) = data::read_synth_jsonl(&a.input)?;
            (d, w, "synthetic JSONL")
        }
    };
    Ok((docs, warnings, name))
}

fn clustering(a: ClusteringArgs) -> anyhow::Result<i32> {
    if !a.input.exists() {
        bail!("{} does not exist: give a labelled directory, a Miranda JSON file or synthetic JSONL", a.input.display());
    }
    let t0 = Instant::now();
    let (mut docs, mut warnings, input_format) =
        read_labelled(&a).with_context(|| format!("cannot read labelled data from {}", a.input.display()))?;
    if a.no_dates {
        docs.iter_mut().for_each(|d| d.published = None);
    }
    if let Some(seed) = a.shuffle {
        shuffle(&mut docs, seed);
    }
    let read_seconds = t0.elapsed().as_secs_f64();
    let text_bytes: usize = docs.iter().map(|d| d.text.len() + d.title.as_ref().map_or(0, String::len)).sum();
    let rss_after_read_kb = sys::rss_kb();
    let mode = match a.mode {
        PipelineMode::Group => Mode::Group,
        PipelineMode::Full => Mode::Full,
        PipelineMode::Stages => Mode::Stages,
        PipelineMode::Piles | PipelineMode::Store => Mode::Full,
    };
    let n = docs.len();
    let mut opts = tidings_digest::Options::default();
    if let Some(x) = a.join {
        opts.group.join = x;
    }
    if let Some(x) = a.merge {
        opts.group.merge = x;
    }
    if let Some(x) = a.window_hours {
        opts.group.window_hours = x;
    }
    if let Some(x) = a.name_weight {
        opts.group.name_weight = x;
    }
    if let Some(x) = a.body_gate {
        opts.group.body_gate = x;
    }
    if let Some(x) = a.name_gate {
        opts.group.name_gate = x;
    }
    if let Some(x) = a.attach {
        opts.group.attach = x;
    }
    if let Some(x) = a.relative {
        opts.group.relative = x;
    }
    if let Some(x) = a.max_span_hours {
        opts.group.max_span_hours = x;
    }
    if a.mode == PipelineMode::Piles {
        print_warnings(&warnings);
        let report = pipeline::evaluate_piles(docs, &opts);
        let mut stdout = std::io::stdout().lock();
        match a.format {
            Format::Json => writeln!(stdout, "{}", serde_json::to_string_pretty(&report)?)?,
            Format::Text => write!(stdout, "input       {}\n{}", a.input.display(), report.text())?,
        }
        return Ok(0);
    }
    let run = if a.mode == PipelineMode::Store { store_grouping(docs, &opts)? } else { pipeline::evaluate_grouping(docs, &opts, mode) };
    warnings.extend(run.warnings.iter().cloned());
    print_warnings(&warnings);
    let (merges, splits) = confusions(&run.gold, &run.predicted, a.errors);
    let report = ClusteringReport {
        input: a.input.display().to_string(),
        input_format: input_format.to_string(),
        mode: match (a.mode, mode) {
            (PipelineMode::Store, _) => "store",
            (_, Mode::Group) => "group",
            (_, Mode::Full) => "full",
            (_, Mode::Stages) => "stages",
        }
        .to_string(),
        grouping_options: format!("{:?}", opts.group),
        scores: run.scores,
        text_bytes,
        read_seconds,
        pipeline_seconds: run.pipeline_seconds,
        pipeline_cpu_seconds: run.pipeline_cpu_seconds,
        articles_per_second: n as f64 / run.pipeline_seconds.max(1e-9),
        rss_after_read_kb,
        peak_rss_kb: sys::peak_rss_kb(),
        stages: run.stages,
        warnings: warnings.len(),
        lost: run.lost,
        duplicated: run.duplicated,
        lookalikes: run.lookalikes,
        merges,
        splits,
    };
    let mut stdout = std::io::stdout().lock();
    match a.format {
        Format::Json => writeln!(stdout, "{}", serde_json::to_string_pretty(&report)?)?,
        Format::Text => write!(stdout, "{}", report.text())?,
    }
    Ok(0)
}

/// Documents per store batch in `--mode store`: what a PostgreSQL worker's job holds.
pub const STORE_BATCH: usize = 16;

/// Ingests `docs` into a new embedded store in batches of [`STORE_BATCH`] and scores its stories.
fn store_grouping(docs: Vec<LabelledDoc>, opts: &tidings_digest::Options) -> anyhow::Result<pipeline::GroupingRun> {
    use tidings_store::{SqliteStore, Store, StoreOptions, StoryQuery};
    let n = docs.len();
    let gold: Vec<String> = docs.iter().map(|d| d.label.clone()).collect();
    let topics: Vec<Option<String>> = docs.iter().map(|d| d.topic.clone()).collect();
    // Articles are found again by path, else URL, else id (made a URL for the store).
    let mut raw: Vec<tidings_ingest::RawDoc> = Vec::with_capacity(n);
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, d) in docs.into_iter().enumerate() {
        let mut r = pipeline::raw_doc(d.clone());
        if r.path.is_none() && r.url.is_none() {
            r.url = Some(format!("https://eval.invalid/{}", d.id));
        }
        index.insert(r.path.clone().or_else(|| r.url.clone()).unwrap_or_default(), i);
        raw.push(r);
    }
    let dir = tempfile::tempdir().context("cannot make a temporary store directory")?;
    let store = SqliteStore::open_with(&dir.path().join("eval.sqlite"), StoreOptions { digest: opts.clone() })?;
    let start = Instant::now();
    let cpu_start = sys::cpu_seconds();
    let mut warnings: Vec<tidings_model::Warning> = Vec::new();
    let mut batch = Vec::with_capacity(STORE_BATCH);
    for r in raw {
        batch.push(r);
        if batch.len() == STORE_BATCH {
            warnings
                .extend(store.ingest(std::mem::take(&mut batch))?.warnings.into_iter().map(|w| tidings_model::Warning::new("store", w)));
        }
    }
    if !batch.is_empty() {
        warnings.extend(store.ingest(batch)?.warnings.into_iter().map(|w| tidings_model::Warning::new("store", w)));
    }
    let pipeline_seconds = start.elapsed().as_secs_f64();
    let pipeline_cpu_seconds = sys::cpu_seconds().zip(cpu_start).map(|(end, start)| end - start);
    let mut clusters: Vec<Vec<usize>> = Vec::new();
    let mut offset = 0;
    loop {
        let page = store.stories(&StoryQuery { offset, limit: 500, ..StoryQuery::default() })?;
        if page.stories.is_empty() {
            break;
        }
        offset += page.stories.len();
        for row in page.stories {
            let Some(story) = store.story(&row.id)? else { continue };
            let wire: serde_json::Value = serde_json::from_str(&story.json)?;
            let members = wire["articles"]
                .as_array()
                .map(|list| {
                    list.iter()
                        .filter_map(|a| a["path"].as_str().or_else(|| a["url"].as_str()).and_then(|k| index.get(k).copied()))
                        .collect()
                })
                .unwrap_or_default();
            clusters.push(members);
        }
    }
    let mut ids = tidings_eval::metrics::LabelIds::default();
    let gold_ids: Vec<u64> = gold.iter().map(|l| ids.id(l)).collect();
    let (lost, duplicated) = tidings_eval::metrics::placement(n, &clusters);
    let predicted = tidings_eval::metrics::labels_from_clusters(n, &clusters);
    let lookalikes = topics.iter().any(Option::is_some).then(|| tidings_eval::metrics::lookalikes(&gold, &topics, &predicted));
    Ok(pipeline::GroupingRun {
        scores: tidings_eval::metrics::score(&gold_ids, &predicted),
        gold,
        predicted,
        pipeline_seconds,
        pipeline_cpu_seconds,
        stages: None,
        warnings,
        lost,
        duplicated,
        lookalikes,
    })
}

/// A seeded Fisher-Yates shuffle (splitmix64), so a shuffled run can be repeated.
fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut rng = synth::Rng::new(seed);
    for i in (1..items.len()).rev() {
        let j = (rng.next_u64() % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}

fn summaries(a: SummariesArgs) -> anyhow::Result<i32> {
    let (mut clusters, warnings) =
        data::read_wcep(&a.input).with_context(|| format!("cannot read WCEP clusters from {}", a.input.display()))?;
    print_warnings(&warnings);
    if let Some(limit) = a.limit {
        clusters.truncate(limit);
    }
    let report = pipeline::evaluate_summaries(&clusters, a.words, a.sentences, !a.no_stemmer);
    let mut stdout = std::io::stdout().lock();
    match a.format {
        Format::Json => writeln!(stdout, "{}", serde_json::to_string_pretty(&report)?)?,
        Format::Text => {
            write!(stdout, "{}", report.text())?;
        }
    }
    Ok(0)
}

fn synthesize(a: SynthArgs) -> anyhow::Result<i32> {
    let cfg = synth::Config { seed: a.seed, articles: a.articles, ..synth::Config::default() };
    let written = if a.out.as_os_str() == "-" {
        let mut out = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
        let n = synth::write_jsonl(&cfg, &mut out)?;
        out.flush()?;
        n
    } else {
        let path = if a.out.is_dir() { a.out.join(format!("synth-{}-{}.jsonl", a.seed, a.articles)) } else { a.out.clone() };
        let file = std::fs::File::create(&path).with_context(|| format!("cannot create {}", path.display()))?;
        let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
        let n = synth::write_jsonl(&cfg, &mut out).with_context(|| format!("cannot write {}", path.display()))?;
        out.flush().with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("wrote {n} articles to {}", path.display());
        n
    };
    debug_assert_eq!(written, a.articles);
    Ok(0)
}
