//! `tidings worker`, `tidings enqueue` and `tidings status`: many processes on one PostgreSQL.
//!
//! Glue only: the queue, the worker loop and the status query are in `tidings-pg`.

use std::time::Duration;

use anyhow::{bail, Context};

use crate::cmd_store::{DataArgs, StoreFormat};

/// Where the PostgreSQL store is: workers and the queue exist only there, so these commands take
/// no `--data`.
#[derive(clap::Args, Debug, Clone)]
pub struct PgArgs {
    /// The PostgreSQL database (postgres://user@host:port/db) [or $TIDINGS_DB]
    #[arg(long, value_name = "URL")]
    db: Option<String>,
}

impl PgArgs {
    fn url(&self, what: &str) -> anyhow::Result<String> {
        let url = self.db.clone().or_else(|| std::env::var(tidings_pg::DB_ENV).ok().filter(|v| !v.trim().is_empty()));
        match url {
            Some(u) if tidings_pg::is_postgres_url(&u) => Ok(u),
            Some(u) => bail!("--db (or ${}) takes a postgres:// URL, not {u:?}", tidings_pg::DB_ENV),
            None => bail!("{what} needs PostgreSQL: give --db postgres://user@host/db (or set {})", tidings_pg::DB_ENV),
        }
    }
}

/// Claim jobs from the PostgreSQL queue and do them: fetch, extract, analyse, group
#[derive(clap::Args, Debug)]
pub struct WorkerArgs {
    #[command(flatten)]
    data: PgArgs,
    /// The worker's name in `tidings status` [default: host-pid]
    #[arg(long)]
    id: Option<String>,
    /// Jobs claimed at a time (a document job holds up to 16 documents, cleaned together)
    #[arg(long, default_value_t = 4)]
    batch: usize,
    /// Seconds a claim lasts; a job whose worker died is taken again after it
    #[arg(long, value_name = "SECS", default_value_t = 120)]
    lease: u64,
    /// Milliseconds to sleep when there is nothing to do
    #[arg(long, value_name = "MS", default_value_t = 500)]
    poll_ms: u64,
    /// Group the waiting articles at least this often (milliseconds) while the queue is busy;
    /// an idle queue groups at once
    #[arg(long, value_name = "MS", default_value_t = 2000)]
    group_every_ms: u64,
    /// Exit once the queue is empty and every article is in a story
    #[arg(long)]
    exit_when_idle: bool,
    #[command(flatten)]
    net: crate::cmd_feeds::NetArgs,
}

/// Put files, pages and feeds on the PostgreSQL queue for the workers
#[derive(clap::Args, Debug)]
pub struct EnqueueArgs {
    /// Files or directories (as `tidings ingest` reads them), and http(s) URLs of pages or feeds
    #[arg(required = true)]
    paths: Vec<String>,
    #[command(flatten)]
    data: PgArgs,
    /// Documents read and queued per transaction
    #[arg(long, default_value_t = 1024)]
    chunk: usize,
}

/// Show the store, and with PostgreSQL the queue, the workers, their leases and the lag
#[derive(clap::Args, Debug)]
pub struct StatusArgs {
    #[command(flatten)]
    data: DataArgs,
    #[arg(long, short, value_enum, default_value = "text")]
    format: StoreFormat,
}

pub fn worker(args: WorkerArgs) -> anyhow::Result<u8> {
    let url = args.data.url("tidings worker")?;
    let mut opts = tidings_pg::worker::WorkerOptions {
        batch: args.batch.max(1),
        lease: Duration::from_secs(args.lease.max(1)),
        poll: Duration::from_millis(args.poll_ms.max(1)),
        exit_when_idle: args.exit_when_idle,
        group_every: Duration::from_millis(args.group_every_ms),
        fetch: args.net.fetch_options(),
        sources: args.net.source_options(),
        ..Default::default()
    };
    if let Some(id) = args.id {
        opts.id = id;
    }
    let store = tidings_pg::PgStore::open_as(&url, tidings_store::StoreOptions::default(), &format!("tidings worker {}", opts.id))
        .with_context(|| format!("cannot open the store in {}", tidings_pg::redact(&url)))?;
    // SIGTERM or Ctrl-C: the job in progress is finished (or rolled back whole), the other
    // claimed jobs go back to the queue, the worker is marked stopped, and it exits 0.
    let stop = crate::ops::stop_flag();
    crate::ops::info(&format!("worker {} on {}: batch {}, lease {} s", opts.id, store.url(), opts.batch, opts.lease.as_secs()));
    let id = opts.id.clone();
    let log = move |line: &str| match line.strip_prefix("warning: ") {
        Some(w) => crate::ops::warn(&format!("[{id}] {w}")),
        None => crate::ops::info(&format!("[{id}] {line}")),
    };
    let sum = tidings_pg::worker::run(&store, &opts, &stop, &log).context("the worker stopped")?;
    crate::ops::info(&format!(
        "worker {} done: {} jobs, {} failed, {} articles added ({} warnings), {} groupings, {} stories created",
        opts.id, sum.jobs_done, sum.jobs_failed, sum.articles_added, sum.warnings, sum.groupings, sum.stories_created
    ));
    Ok(0)
}

pub fn enqueue(args: EnqueueArgs) -> anyhow::Result<u8> {
    let url = args.data.url("tidings enqueue")?;
    let store = tidings_pg::PgStore::open(&url).with_context(|| format!("cannot open the store in {}", tidings_pg::redact(&url)))?;
    let (urls, local): (Vec<String>, Vec<String>) =
        args.paths.into_iter().partition(|p| tidings_fetch::sources::Source::classify(p).is_some() && p.contains("://"));
    let mut n = 0;
    if !urls.is_empty() {
        n += tidings_pg::queue::enqueue_urls(&store, &urls)?;
    }
    if !local.is_empty() {
        let paths: Vec<std::path::PathBuf> = local.into_iter().map(Into::into).collect();
        let (docs, warnings) = tidings_ingest::read_paths(&paths);
        for w in &warnings {
            crate::ops::warning(w);
        }
        let mut docs = docs.into_iter();
        loop {
            let chunk: Vec<_> = docs.by_ref().take(args.chunk.max(1)).collect();
            if chunk.is_empty() {
                break;
            }
            n += tidings_pg::queue::enqueue_docs(&store, chunk)?;
        }
    }
    if n == 0 {
        crate::ops::error("nothing to enqueue");
        return Ok(1);
    }
    println!("{n} jobs queued in {}; start workers with `tidings worker --db ...`", store.url());
    Ok(0)
}

pub fn status(args: StatusArgs) -> anyhow::Result<u8> {
    if let Some(url) = args.data.pg_url()? {
        let store = tidings_pg::PgStore::open(&url).with_context(|| format!("cannot open the store in {}", tidings_pg::redact(&url)))?;
        let s = tidings_pg::status::status(&store)?;
        match args.format {
            StoreFormat::Json => println!("{}", serde_json::to_string_pretty(&s).context("cannot encode json")?),
            StoreFormat::Text => print!("{}", tidings_pg::status::render(&s)),
        }
        return Ok(0);
    }
    let opened = args.data.open(false)?;
    let stats = opened.store.stats()?;
    match args.format {
        StoreFormat::Json => println!("{}", serde_json::to_string_pretty(&stats).context("cannot encode json")?),
        StoreFormat::Text => println!(
            "store     {} (schema {})\narticles  {}\nstories   {}\noutlets   {}\nupdated   {}\nqueue     none: the embedded store is written by one process (for workers, use --db postgres://...)",
            opened.place,
            stats.schema_version,
            stats.articles,
            stats.stories,
            stats.outlets,
            stats.updated.as_deref().unwrap_or("-")
        ),
    }
    Ok(0)
}
