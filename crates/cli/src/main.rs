//! `tidings`: the command-line front of the pipeline. Glue only: parsing flags, calling the
//! library crates, printing, and mapping failures to exit codes.
//!
//! Exit codes: 0 success; 1 nothing could be read (every input failed); 2 usage error.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// mimalloc instead of the system allocator: the pipeline makes many small, short-lived
/// allocations (tokens, keys, per-sentence lists), and mimalloc serves them at about half the cost
/// (bench/briefs: 7% fewer instructions for a 100-article brief).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Turns transparent huge pages off for this process, unless `TIDINGS_HUGE_PAGES=1`. mimalloc asks
/// the kernel for huge pages, and the kernel zeroes each 2 MiB page on its first touch: the
/// pipeline's many small allocations spread over fresh memory then spend a tenth of their CPU
/// time in the kernel's page zeroing (`perf`: `clear_page_erms` 9-14% of a 100k-article digest).
/// Without them a 100k-article digest takes about 10% less CPU on the bench machine
/// (bench/README.md); what huge pages save in address translation does not make up for it here.
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("TIDINGS_HUGE_PAGES").is_none_or(|v| v != "1") {
        // SAFETY: prctl with PR_SET_THP_DISABLE takes plain integers and touches no memory of ours.
        // Failure (an old kernel) leaves huge pages on, which is only slower.
        let _ = unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0) };
    }
}

mod cmd_correct;
mod cmd_eval;
mod cmd_extract;
mod cmd_feeds;
mod cmd_pg;
mod cmd_store;
mod ops;

/// Exit code when no input could be read.
const EXIT_NOTHING_READ: u8 = 1;

#[derive(Parser)]
#[command(name = "tidings", version, about = "Groups news articles into stories and writes briefs you can trust")]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
    /// How log lines on stderr look: text, or one JSON object per line for log shippers
    #[arg(long, global = true, value_enum, default_value = "text")]
    log_format: ops::LogFormat,
}

#[derive(Subcommand)]
enum Cmd {
    /// Read articles (files and directories) and print one brief per story
    Digest(DigestArgs),
    /// Extract the article (text and metadata) from HTML pages
    Extract(cmd_extract::ExtractArgs),
    /// Add articles to the store (atomic batches; known articles are skipped)
    Ingest(cmd_store::IngestArgs),
    /// List the stories in the store
    Stories(cmd_store::StoriesArgs),
    /// Show one story: the whole brief, as `digest` prints it
    Story(cmd_store::StoryArgs),
    /// Correct the machine by hand: split a story, move an article, merge stories, set a headline
    Correct(cmd_correct::CorrectArgs),
    /// Search stories and articles in the store
    Search(cmd_store::SearchArgs),
    /// Serve the JSON API and the reader pages
    Serve(cmd_store::ServeArgs),
    /// Manage feed subscriptions
    Feeds(cmd_feeds::FeedsArgs),
    /// Poll the subscribed feeds and add new articles to the store
    Watch(cmd_feeds::WatchArgs),
    /// Claim jobs from the PostgreSQL queue and do them (many workers may share one database)
    Worker(cmd_pg::WorkerArgs),
    /// Put files, pages and feeds on the PostgreSQL queue for the workers
    Enqueue(cmd_pg::EnqueueArgs),
    /// Show the store, and with PostgreSQL the queue, the workers, their leases and the lag
    Status(cmd_pg::StatusArgs),
    /// Measure grouping and summaries on labelled data, or generate a synthetic stream
    Eval(cmd_eval::EvalArgs),
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Markdown,
    Json,
}

#[derive(clap::Args)]
struct DigestArgs {
    /// Files or directories: .txt, .md, .html, .htm, .json, .jsonl, and the .gz of any of these
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, short, value_enum, default_value = "text")]
    format: Format,
    /// Sentences in each story summary
    #[arg(long, short = 'n', default_value_t = tidings_brief_defaults::SUMMARY)]
    sentences: usize,
    /// Sentences in each article's "no time to read" summary
    #[arg(long, default_value_t = tidings_brief_defaults::ARTICLE)]
    article_sentences: usize,
    /// Articles further apart than this (hours) never share a story
    #[arg(long)]
    window_hours: Option<i64>,
    /// Similarity from which an article joins a story (0..1)
    #[arg(long)]
    join: Option<f32>,
    /// Skip entities, timeline, claims and quotes (faster)
    #[arg(long)]
    no_analysis: bool,
}

/// Defaults shown in `--help`, from the library's constants.
mod tidings_brief_defaults {
    pub const SUMMARY: usize = 5;
    pub const ARTICLE: usize = 3;
}

fn main() -> ExitCode {
    no_huge_pages();
    let cli = Cli::parse();
    ops::set_format(cli.log_format);
    let result = match cli.cmd {
        Cmd::Digest(args) => digest(args),
        Cmd::Extract(args) => cmd_extract::run(args).map(exit_code),
        Cmd::Eval(args) => cmd_eval::run(args).map(exit_code),
        Cmd::Ingest(a) => cmd_store::ingest(a),
        Cmd::Stories(a) => cmd_store::stories(a),
        Cmd::Story(a) => cmd_store::story(a),
        Cmd::Correct(a) => cmd_correct::run(a),
        Cmd::Search(a) => cmd_store::search(a),
        Cmd::Serve(a) => cmd_store::serve(a),
        Cmd::Feeds(a) => cmd_feeds::feeds(a),
        Cmd::Watch(a) => cmd_store::watch(a),
        Cmd::Worker(a) => cmd_pg::worker(a),
        Cmd::Enqueue(a) => cmd_pg::enqueue(a),
        Cmd::Status(a) => cmd_pg::status(a),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            ops::error(&format!("{e:#}"));
            ExitCode::from(EXIT_NOTHING_READ)
        }
    }
}

fn exit_code(code: i32) -> u8 {
    u8::try_from(code).unwrap_or(EXIT_NOTHING_READ)
}

fn digest(args: DigestArgs) -> anyhow::Result<u8> {
    let (docs, read_warnings) = tidings_ingest::read_paths(&args.paths);
    for w in &read_warnings {
        ops::warning(w);
    }
    if docs.is_empty() {
        ops::error("no article could be read from the given paths");
        return Ok(EXIT_NOTHING_READ);
    }
    let mut opts = tidings_digest::Options { sentences: args.sentences, article_sentences: args.article_sentences, ..Default::default() };
    if let Some(w) = args.window_hours {
        opts.group.window_hours = w;
    }
    if let Some(j) = args.join {
        opts.group.join = j;
    }
    opts.analysis = !args.no_analysis;
    let mut d = tidings_digest::run(docs, &opts);
    for w in &d.warnings {
        ops::warning(w);
    }
    // The warnings of reading come first in the output too, so one list has them all.
    let mut all = read_warnings;
    all.append(&mut d.warnings);
    d.warnings = all;
    let out = match args.format {
        Format::Text => tidings_digest::render::text(&d),
        Format::Markdown => tidings_digest::render::markdown(&d),
        Format::Json => tidings_digest::wire::to_json(&d),
    };
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`tidings digest … | head`) is not an error worth a message.
    let _ = stdout.write_all(out.as_bytes()).and_then(|_| stdout.write_all(b"\n"));
    if d.stories.is_empty() {
        eprintln!("error: no article text found in any input");
        return Ok(EXIT_NOTHING_READ);
    }
    Ok(0)
}
