//! `tidings ingest`, `stories`, `story`, `search` and `serve`: the story store from the terminal.
//!
//! Glue only: the store (`tidings-store`) and the server (`tidings-server`) do the work; this
//! file parses flags, draws the progress bar and prints.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{bail, Context};
use tidings_store::{SearchQuery, SqliteStore, Store, StoryQuery};

/// Exit code when the thing asked for does not exist (an unknown story id, an empty store).
const EXIT_NOT_FOUND: u8 = 1;

/// Where the store lives.
#[derive(clap::Args, Debug, Clone)]
pub struct DataArgs {
    /// Data directory of the embedded store [default: ./tidings-data, or $TIDINGS_DATA]
    #[arg(long, value_name = "DIR", conflicts_with = "db")]
    data: Option<PathBuf>,
    /// A PostgreSQL database instead (postgres://user@host:port/db) [or $TIDINGS_DB]
    #[arg(long, value_name = "URL")]
    db: Option<String>,
}

/// An open store, SQLite or PostgreSQL, and where it is (for messages).
pub struct Opened {
    pub store: Box<dyn Store>,
    pub place: String,
}

impl DataArgs {
    fn dir(&self) -> PathBuf {
        tidings_store::data_dir(self.data.as_deref())
    }

    /// The PostgreSQL URL: `--db`, else `$TIDINGS_DB` (unless `--data` was given).
    pub fn pg_url(&self) -> anyhow::Result<Option<String>> {
        let url = match (&self.db, &self.data) {
            (Some(u), _) => Some(u.clone()),
            (None, Some(_)) => None,
            (None, None) => std::env::var(tidings_pg::DB_ENV).ok().filter(|v| !v.trim().is_empty()),
        };
        match url {
            Some(u) if !tidings_pg::is_postgres_url(&u) => {
                bail!("--db (or ${}) takes a postgres:// URL, not {u:?}; for the embedded store use --data DIR", tidings_pg::DB_ENV)
            }
            other => Ok(other),
        }
    }

    /// Opens the store, creating it when `create` is set.
    pub fn open(&self, create: bool) -> anyhow::Result<Opened> {
        if let Some(url) = self.pg_url()? {
            let store =
                tidings_pg::PgStore::open(&url).with_context(|| format!("cannot open the store in {}", tidings_pg::redact(&url)))?;
            return Ok(Opened { place: store.url().to_string(), store: Box::new(store) });
        }
        let dir = self.dir();
        if !create && !dir.join(tidings_store::DB_FILE).exists() {
            bail!("no store in {}: add articles first with `tidings ingest PATH --data {}`", dir.display(), dir.display());
        }
        let store = SqliteStore::open_dir(&dir).with_context(|| format!("cannot open the store in {}", dir.display()))?;
        Ok(Opened { place: store.file().display().to_string(), store: Box::new(store) })
    }
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreFormat {
    Text,
    Json,
}

/// Add articles to the store (atomic batches; known articles are skipped)
#[derive(clap::Args, Debug)]
pub struct IngestArgs {
    /// Files, directories (.txt, .md, .html, .htm, .json, .jsonl and their .gz), http(s) URLs of
    /// feeds or articles, and .warc/.warc.gz archives
    #[arg(required_unless_present = "opml")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    data: DataArgs,
    #[command(flatten)]
    sources: crate::cmd_feeds::SourceArgs,
    /// Documents per atomic batch
    #[arg(long, default_value_t = tidings_store::DEFAULT_BATCH)]
    batch: usize,
    /// Output format of the report
    #[arg(long, short, value_enum, default_value = "text")]
    format: StoreFormat,
}

/// List the stories in the store
#[derive(clap::Args, Debug)]
pub struct StoriesArgs {
    #[command(flatten)]
    data: DataArgs,
    /// Order: the latest article first (by publication time; ingest time for an undated one), or
    /// most articles first (`updated` is the old name of `latest`)
    #[arg(long, value_parser = ["latest", "size", "updated"], default_value = "latest")]
    sort: String,
    /// Stories to show
    #[arg(long, short = 'n', default_value_t = tidings_store::DEFAULT_PAGE)]
    limit: usize,
    /// Stories to skip
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Only stories with an article of this outlet (any spelling: `www.` and case are ignored)
    #[arg(long)]
    outlet: Option<String>,
    /// Only stories naming this person, place or organisation
    #[arg(long)]
    entity: Option<String>,
    /// Only stories with an article in this language (ISO 639-1, e.g. en)
    #[arg(long)]
    language: Option<String>,
    /// Only stories with an article published at or after this (YYYY-MM-DD or RFC 3339); stories
    /// without a dated article are counted apart
    #[arg(long)]
    from: Option<String>,
    /// Only stories with an article published before this (YYYY-MM-DD or RFC 3339)
    #[arg(long)]
    to: Option<String>,
    /// Only the stories without any dated article
    #[arg(long, conflicts_with_all = ["from", "to"])]
    undated: bool,
    #[arg(long, short, value_enum, default_value = "text")]
    format: StoreFormat,
}

/// Show one story: the whole brief, as `digest` prints it, and its corrections by hand
#[derive(clap::Args, Debug)]
pub struct StoryArgs {
    /// Story id (from `tidings stories`)
    id: String,
    #[command(flatten)]
    data: DataArgs,
    /// Also list what changed since this time (RFC 3339 or YYYY-MM-DD)
    #[arg(long)]
    since: Option<String>,
    #[arg(long, short, value_enum, default_value = "text")]
    format: StoreFormat,
}

/// Search stories and articles
#[derive(clap::Args, Debug)]
pub struct SearchArgs {
    /// Words, all of which must occur; stories are found through their articles too
    query: String,
    #[command(flatten)]
    data: DataArgs,
    /// Only articles of this outlet (any spelling: `www.` and case are ignored)
    #[arg(long)]
    outlet: Option<String>,
    /// A name that must occur (a phrase match)
    #[arg(long)]
    entity: Option<String>,
    /// Published at or after (YYYY-MM-DD or RFC 3339); matching articles without a date are
    /// listed apart
    #[arg(long)]
    from: Option<String>,
    /// Published before (YYYY-MM-DD or RFC 3339)
    #[arg(long)]
    to: Option<String>,
    /// Hits of each kind
    #[arg(long, short = 'n', default_value_t = tidings_store::DEFAULT_HITS)]
    limit: usize,
    #[arg(long, short, value_enum, default_value = "text")]
    format: StoreFormat,
}

/// Environment variable holding the bearer token of `tidings serve` when `--token-file` is not given.
pub const TOKEN_ENV: &str = "TIDINGS_TOKEN";

/// Serve the JSON API and the reader pages
#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    #[command(flatten)]
    data: DataArgs,
    /// Address to listen on; an address other than loopback needs a token
    #[arg(long, default_value = tidings_server::DEFAULT_ADDR)]
    addr: String,
    /// File holding the bearer token every write needs (POST /api/articles) [or $TIDINGS_TOKEN];
    /// without a token the server takes no writes
    #[arg(long, value_name = "FILE")]
    token_file: Option<PathBuf>,
    /// Another host name the server answers to, e.g. its public name behind a reverse proxy
    /// (repeatable); requests for other names are refused (DNS rebinding)
    #[arg(long = "allow-host", value_name = "NAME")]
    allow_host: Vec<String>,
    /// Do not poll the subscribed feeds (`tidings feeds add`) while serving (embedded store only:
    /// with --db, workers fetch)
    #[arg(long)]
    no_watch: bool,
    #[command(flatten)]
    net: crate::cmd_feeds::NetArgs,
}

fn print(s: &str) {
    let mut out = std::io::stdout().lock();
    // A closed pipe (`tidings stories | head`) is not an error worth a message.
    let _ = out.write_all(s.as_bytes()).and_then(|_| if s.ends_with('\n') { Ok(()) } else { out.write_all(b"\n") });
}

fn to_json<T: serde::Serialize>(v: &T) -> anyhow::Result<String> {
    serde_json::to_string_pretty(v).context("cannot encode json")
}

pub fn ingest(args: IngestArgs) -> anyhow::Result<u8> {
    // Network and archive sources (URLs, feeds, OPML, WARC) first, then local files.
    let (local, mut docs, mut warnings) = crate::cmd_feeds::fetch_sources(&args.paths, &args.sources);
    if !local.is_empty() {
        let (d, w) = tidings_ingest::read_paths(&local);
        docs.extend(d);
        warnings.extend(w);
    }
    for w in &warnings {
        crate::ops::warning(w);
    }
    if docs.is_empty() {
        crate::ops::error("no article could be read from the given paths");
        return Ok(EXIT_NOT_FOUND);
    }
    let Opened { store, place } = args.data.open(true)?;
    let total = docs.len();
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(total as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {bar:40} {pos}/{len} articles · {elapsed} · eta {eta}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let mut report = tidings_store::IngestReport::default();
    let mut docs = docs.into_iter();
    let batch = args.batch.max(1);
    let mut done = 0;
    loop {
        let chunk: Vec<_> = docs.by_ref().take(batch).collect();
        if chunk.is_empty() {
            break;
        }
        let n = chunk.len();
        match store.ingest(chunk) {
            Ok(r) => report.absorb(r),
            Err(e) => {
                if let Some(b) = &bar {
                    b.abandon();
                }
                return Err(anyhow::Error::new(e)).with_context(|| {
                    format!("the batch of documents {}..{} was not stored; the {} documents before it are", done + 1, done + n, done)
                });
            }
        }
        done += n;
        if let Some(b) = &bar {
            b.set_position(done as u64);
        }
    }
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    for w in &report.warnings {
        crate::ops::warn(w);
    }
    match args.format {
        StoreFormat::Json => print(&to_json(&report)?),
        StoreFormat::Text => print(&format!(
            "{} new articles ({} revised), {} already stored; {} stories created, {} updated, {} merged; store: {}",
            report.added, report.revised, report.unchanged, report.stories_created, report.stories_updated, report.stories_merged, place
        )),
    }
    Ok(0)
}

/// `tidings watch`: polls the subscribed feeds and stores each poll's new articles as one batch.
pub fn watch(args: crate::cmd_feeds::WatchArgs) -> anyhow::Result<u8> {
    let dir = tidings_store::data_dir(args.data.as_deref());
    let store = SqliteStore::open_dir(&dir).with_context(|| format!("cannot open the store in {}", dir.display()))?;
    crate::cmd_feeds::watch(args, |poll| {
        crate::cmd_feeds::print_warnings(&poll.warnings);
        if poll.docs.is_empty() {
            return Ok(());
        }
        let r = store.ingest(poll.docs)?;
        for w in &r.warnings {
            crate::ops::warn(w);
        }
        crate::ops::info(&format!(
            "{} new articles ({} revised), {} already stored; {} stories created, {} updated",
            r.added, r.revised, r.unchanged, r.stories_created, r.stories_updated
        ));
        Ok(())
    })
}

/// A date flag: `YYYY-MM-DD` or RFC 3339.
fn time_flag(flag: &str, v: &Option<String>) -> anyhow::Result<Option<i64>> {
    match v {
        None => Ok(None),
        Some(s) => match tidings_store::parse_time_ms(s) {
            Some(t) => Ok(Some(t)),
            None => bail!("--{flag} {s:?} is not a date: use YYYY-MM-DD or RFC 3339"),
        },
    }
}

pub fn stories(args: StoriesArgs) -> anyhow::Result<u8> {
    let store = args.data.open(false)?.store;
    let sort = tidings_store::Sort::parse(&args.sort).unwrap_or_default();
    let page = store.stories(&StoryQuery {
        sort,
        offset: args.offset,
        limit: args.limit,
        outlet: args.outlet,
        entity: args.entity,
        language: args.language,
        from_ms: time_flag("from", &args.from)?,
        to_ms: time_flag("to", &args.to)?,
        undated: args.undated,
    })?;
    match args.format {
        StoreFormat::Json => print(&to_json(&page)?),
        StoreFormat::Text => print(&tidings_store::text::story_list(&page)),
    }
    Ok(0)
}

pub fn story(args: StoryArgs) -> anyhow::Result<u8> {
    let store = args.data.open(false)?.store;
    let Some(story) = store.story(&args.id)? else {
        crate::ops::error(&format!("no story with id {} (list them with `tidings stories`)", args.id));
        return Ok(EXIT_NOT_FOUND);
    };
    let changes = match &args.since {
        Some(s) => {
            let Some(t) = tidings_store::parse_time_ms(s) else { bail!("--since {s:?} is not a time: use RFC 3339 or YYYY-MM-DD") };
            store.changes(&story.row.id, t)?
        }
        None => None,
    };
    match args.format {
        StoreFormat::Json => {
            let v: serde_json::Value = serde_json::from_str(&story.json).context("the stored story is not json")?;
            match changes {
                Some(c) => print(&to_json(&serde_json::json!({ "story": v, "changes": c }))?),
                None => print(&to_json(&v)?),
            }
        }
        StoreFormat::Text => {
            let mut out = tidings_store::text::story(&story.json, changes.as_deref());
            let corrections = store.corrections(&story.row.id)?.unwrap_or_default();
            if !corrections.is_empty() {
                out.push_str("\nCorrections by hand (undo with `tidings correct undo N`)\n");
                out.push_str(&tidings_store::text::corrections(&corrections));
            }
            print(&out)
        }
    }
    Ok(0)
}

pub fn search(args: SearchArgs) -> anyhow::Result<u8> {
    let store = args.data.open(false)?.store;
    let q = SearchQuery {
        q: args.query,
        outlet: args.outlet,
        entity: args.entity,
        from_ms: time_flag("from", &args.from)?,
        to_ms: time_flag("to", &args.to)?,
        limit: args.limit,
    };
    let r = store.search(&q)?;
    match args.format {
        StoreFormat::Json => print(&to_json(&r)?),
        StoreFormat::Text => print(&tidings_store::text::search(&r)),
    }
    Ok(if r.stories.is_empty() && r.articles.is_empty() && r.undated.is_empty() { EXIT_NOT_FOUND } else { 0 })
}

/// The write token: the file's content, else `$TIDINGS_TOKEN`; `None` when neither is given.
fn token(args: &ServeArgs) -> anyhow::Result<Option<String>> {
    let token = match &args.token_file {
        Some(f) => {
            let t = std::fs::read_to_string(f).with_context(|| format!("cannot read the token file {}", f.display()))?;
            if t.trim().is_empty() {
                bail!("the token file {} is empty: put a long random token in it (e.g. `openssl rand -hex 32`)", f.display());
            }
            Some(t.trim().to_string())
        }
        None => std::env::var(TOKEN_ENV).ok().map(|t| t.trim().to_string()).filter(|t| !t.is_empty()),
    };
    if let Some(t) = &token {
        if t.len() < MIN_TOKEN_CHARS {
            bail!("the token is {} characters long: use at least {MIN_TOKEN_CHARS} (e.g. `openssl rand -hex 32`)", t.len());
        }
    }
    Ok(token)
}

/// A write token shorter than this is refused: it would be guessable.
pub const MIN_TOKEN_CHARS: usize = 16;

pub fn serve(args: ServeArgs) -> anyhow::Result<u8> {
    let dir = args.data.dir();
    let pg = args.data.pg_url()?.is_some();
    if pg {
        // Feed polling belongs to the embedded store; with PostgreSQL, workers fetch.
        let mut given = args.net.given();
        if args.no_watch {
            given.insert(0, "--no-watch");
        }
        if !given.is_empty() {
            bail!(
                "{} only apply to the embedded store's feed polling; with --db the server only reads, and `tidings worker` fetches",
                given.join(", ")
            );
        }
    }
    let token = token(&args)?;
    let Opened { store, place } = args.data.open(true)?;
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("cannot start the async runtime")?;
    let listener = rt.block_on(tokio::net::TcpListener::bind(&args.addr)).with_context(|| format!("cannot listen on {}", args.addr))?;
    let local = listener.local_addr().context("cannot read the listening address")?;
    if !local.ip().is_loopback() {
        if token.is_none() {
            bail!(
                "refusing to serve on {local} without a token: anyone who can reach it could write to the store. \
                 Give --token-file FILE (or ${TOKEN_ENV}), or serve on 127.0.0.1 behind a reverse proxy (see docs/operations.md)"
            );
        }
        crate::ops::warn(&format!(
            "serving on {local}, which is not loopback: the pages and API are reachable from the network and travel unencrypted; \
             put a reverse proxy with TLS in front (see docs/operations.md)"
        ));
    }
    let metrics = Arc::new(tidings_server::metrics::Metrics::default());
    // With PostgreSQL, workers fetch (`tidings enqueue URL`); the server only reads.
    let watch = !args.no_watch && !pg;
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watcher =
        watch.then(|| spawn_feed_watcher(dir.clone(), args.net.fetch_options(), args.net.source_options(), stop.clone(), metrics.clone()));
    let config = tidings_server::Config {
        token: token.clone(),
        extra_hosts: args.allow_host.clone(),
        // The subscriptions are listed whether or not this process polls them.
        feeds: (!pg).then(|| feed_source(dir.clone())),
        feeds_polled: watch,
        metrics,
        ..Default::default()
    };
    crate::ops::info(&format!(
        "serving http://{local}/ from {place}; writes {} (SIGTERM or Ctrl-C to stop)",
        if token.is_some() { "need the bearer token" } else { "are off (no token)" }
    ));
    let served = rt.block_on(tidings_server::run::serve(
        listener,
        Arc::from(store),
        config,
        tidings_server::run::ServeOptions::default(),
        tidings_server::run::signal(),
    ));
    // The feed poller finishes the round it is in (its batch is committed or rolled back whole).
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    if let Some(w) = watcher {
        let _ = w.join();
    }
    served.context("the server stopped")?;
    crate::ops::info("stopped");
    Ok(0)
}

/// How the feeds page reads the subscriptions' states: from `<data>/feeds.json`, which the
/// poller rewrites atomically after each round.
fn feed_source(dir: PathBuf) -> tidings_server::FeedSource {
    Arc::new(move || {
        let path = tidings_fetch::subs::Subscriptions::path_in(&dir);
        let Ok(subs) = tidings_fetch::subs::Subscriptions::load(&path) else { return Vec::new() };
        subs.feeds
            .iter()
            .map(|f| tidings_server::FeedStatus {
                url: f.url.clone(),
                title: f.title.clone(),
                last_success: f.last_success.clone(),
                last_error: f.last_error.clone(),
                last_error_at: f.last_error_at.clone(),
                failures: f.failures,
                next_due: (f.next_due > 0).then(|| chrono::DateTime::from_timestamp(f.next_due, 0).map(|d| d.to_rfc3339())).flatten(),
                next_due_secs: Some(f.next_due),
                interval_minutes: f.interval_secs / 60,
            })
            .collect()
    })
}

/// Polls the subscribed feeds on a thread of its own until `stop`, storing each poll's new
/// articles through a second handle on the same store (SQLite serialises the two writers; the
/// server's caches key on the store version, so new stories show up at once). A failed store
/// write leaves the poll's items unseen, to come back next poll; errors are counted in `metrics`.
fn spawn_feed_watcher(
    dir: PathBuf,
    fetch: tidings_fetch::FetchOptions,
    opts: tidings_fetch::sources::Options,
    stop: Arc<std::sync::atomic::AtomicBool>,
    metrics: Arc<tidings_server::metrics::Metrics>,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let store = match SqliteStore::open_dir(&dir) {
            Ok(s) => s,
            Err(e) => {
                crate::ops::warn(&format!("feeds are not polled: cannot open the store: {e}"));
                return;
            }
        };
        let result = tidings_fetch::subs::watch(&dir, &fetch, &opts, tidings_fetch::subs::WATCH_TICK, &stop, |poll| {
            crate::cmd_feeds::print_warnings(&poll.warnings);
            for (_, kind) in &poll.failed {
                metrics.poll_error(kind);
            }
            if poll.docs.is_empty() {
                return Ok(());
            }
            match store.ingest(poll.docs) {
                Ok(r) => {
                    crate::ops::info(&format!(
                        "feeds: {} new articles, {} stories created, {} updated",
                        r.added, r.stories_created, r.stories_updated
                    ));
                    Ok(())
                }
                Err(e) => {
                    metrics.ingest_error(store_error_kind(&e));
                    metrics.poll_error("store");
                    crate::ops::warn(&format!("the new feed articles were not stored, they come back next poll: {e}"));
                    Err(e.to_string())
                }
            }
        });
        if let Err(e) = result {
            crate::ops::warn(&format!("feed polling stopped: {e}"));
        }
    })
}

/// The kind of a store failure, for metrics (the names of the API's error codes).
fn store_error_kind(e: &tidings_store::StoreError) -> &'static str {
    match e {
        tidings_store::StoreError::Busy { .. } => "busy",
        tidings_store::StoreError::DiskFull { .. } => "disk_full",
        _ => "store",
    }
}
