//! `tidings worker`: one process of many, sharing one PostgreSQL.
//!
//! Each round a worker (1) renews its heartbeat, (2) claims a few jobs and does them: documents
//! are cleaned and written as pending articles, URLs are fetched first, each batch in one
//! transaction with the jobs' completion, (3) groups the pending articles into stories if no
//! other worker is grouping (a transaction-scoped advisory lock). Fetching, extraction and
//! analysis scale with the number of workers; grouping is one at a time, and batches itself:
//! the more articles wait, the more one grouping takes at once.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use tidings_store::Result;

use crate::queue::{self, Job, Work};
use crate::{is_retryable, tx::PgTx, PgStore};

/// How the worker runs.
#[derive(Debug, Clone)]
pub struct WorkerOptions {
    /// The worker's name in `tidings status` (default: host-pid).
    pub id: String,
    /// Jobs claimed per round (a document job holds up to `queue::DOCS_PER_JOB` documents).
    pub batch: usize,
    /// How long a claim lasts before another worker may take the job.
    pub lease: Duration,
    /// Sleep between rounds when there is nothing to do.
    pub poll: Duration,
    /// Group at the latest when the oldest pending article waited this long, even while the
    /// queue is busy (grouping also runs whenever this worker finds the queue empty).
    pub group_every: Duration,
    /// Stop when the queue is empty and nothing is pending (batch runs, tests, benchmarks).
    pub exit_when_idle: bool,
    pub fetch: tidings_fetch::FetchOptions,
    pub sources: tidings_fetch::sources::Options,
}

impl Default for WorkerOptions {
    fn default() -> Self {
        WorkerOptions {
            id: default_id(),
            batch: 4,
            lease: Duration::from_secs(120),
            poll: Duration::from_millis(500),
            group_every: Duration::from_secs(2),
            exit_when_idle: false,
            fetch: tidings_fetch::FetchOptions::default(),
            sources: tidings_fetch::sources::Options::default(),
        }
    }
}

/// `host-pid`.
pub fn default_id() -> String {
    format!("{}-{}", host(), std::process::id())
}

/// What a worker did.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct WorkerSummary {
    pub jobs_done: u64,
    pub jobs_failed: u64,
    pub articles_added: u64,
    pub groupings: u64,
    pub stories_created: u64,
    pub warnings: u64,
}

fn host() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "localhost".into())
}

/// Runs the worker until `stop` is set (or, with `exit_when_idle`, until there is no work).
/// `log` receives one line per event worth telling.
pub fn run(store: &PgStore, opts: &WorkerOptions, stop: &AtomicBool, log: &dyn Fn(&str)) -> Result<WorkerSummary> {
    let me = opts.id.as_str();
    let mut sum = WorkerSummary::default();
    store.with(|c| {
        c.execute(
            &format!(
                "INSERT INTO workers (id, host, pid, started_ms, heartbeat_ms, state) VALUES ($1, $2, $3, {now}, {now}, 'running')
                 ON CONFLICT (id) DO UPDATE SET host = excluded.host, pid = excluded.pid, started_ms = excluded.started_ms,
                   heartbeat_ms = excluded.heartbeat_ms, state = 'running', jobs_done = 0, groupings = 0",
                now = queue::NOW_MS
            ),
            &[&me, &host(), &(std::process::id() as i32)],
        )
        .map_err(store.err("cannot register the worker"))?;
        Ok(())
    })?;
    let lease_ms = opts.lease.as_millis() as i64;
    let mut last_beat = Instant::now();
    let mut last_group = Instant::now();
    while !stop.load(Ordering::Relaxed) {
        if last_beat.elapsed() >= Duration::from_secs(1) {
            beat(store, me, &sum)?;
            last_beat = Instant::now();
        }
        let jobs = store.with(|c| queue::claim(store, c, me, opts.batch.max(1) as i64, lease_ms))?;
        let claimed = jobs.len();
        if claimed > 0 {
            do_jobs(store, opts, jobs, &mut sum, log, stop)?;
        }
        if stop.load(Ordering::Relaxed) {
            break;
        }
        let pending = store.pending()?;
        let queue_drained = claimed < opts.batch.max(1);
        let mut grouped = false;
        if pending > 0 && (queue_drained || last_group.elapsed() >= opts.group_every) {
            match regroup(store) {
                Ok(Some(r)) => {
                    grouped = true;
                    last_group = Instant::now();
                    sum.groupings += 1;
                    sum.stories_created += r.stories_created as u64;
                    log(&format!(
                        "grouped {pending} pending articles: {} stories created, {} updated, {} merged",
                        r.stories_created, r.stories_updated, r.stories_merged
                    ));
                }
                Ok(None) => {}
                Err(e) => log(&format!("warning: grouping failed, another round will retry: {e}")),
            }
        }
        if claimed == 0 && !grouped {
            if opts.exit_when_idle && pending == 0 && queue::open_jobs(store)? == 0 {
                break;
            }
            std::thread::sleep(opts.poll);
        }
    }
    beat(store, me, &sum)?;
    store.with(|c| {
        c.execute("UPDATE workers SET state = 'stopped' WHERE id = $1", &[&me]).map_err(store.err("cannot unregister the worker"))?;
        Ok(())
    })?;
    Ok(sum)
}

fn beat(store: &PgStore, me: &str, sum: &WorkerSummary) -> Result<()> {
    store.with(|c| {
        c.execute(
            &format!(
                "UPDATE workers SET heartbeat_ms = {}, jobs_done = $2, groupings = $3, state = 'running' WHERE id = $1",
                queue::NOW_MS
            ),
            &[&me, &(sum.jobs_done as i64), &(sum.groupings as i64)],
        )
        .map_err(store.err("cannot renew the heartbeat"))?;
        Ok(())
    })
}

fn regroup(store: &PgStore) -> Result<Option<tidings_store::IngestReport>> {
    crate::retrying(|| store.try_regroup(tidings_store::now_ms()))
}

/// Does claimed jobs, each in a transaction of its own: URL jobs are fetched first; the documents
/// of a document job are cleaned together, as they were queued. When `stop` is raised, the job
/// in progress is finished and the others are given back to the queue.
fn do_jobs(
    store: &PgStore,
    opts: &WorkerOptions,
    jobs: Vec<Job>,
    sum: &mut WorkerSummary,
    log: &dyn Fn(&str),
    stop: &AtomicBool,
) -> Result<()> {
    let mut jobs = jobs.into_iter();
    while let Some(job) = jobs.next() {
        if stop.load(Ordering::Relaxed) {
            let rest: Vec<(i64, i32)> = std::iter::once(&job).chain(jobs.as_slice()).map(|j| (j.id, j.attempt)).collect();
            let n = queue::release(store, &opts.id, &rest)?;
            log(&format!("stopping: {n} claimed jobs given back to the queue"));
            return Ok(());
        }
        match job.work {
            Work::Docs(ref docs) => store_batch(store, opts, (job.id, job.attempt), docs.clone(), sum, log)?,
            Work::Url(ref u) => {
                let Some(source) = tidings_fetch::sources::Source::classify(u) else {
                    fail(store, opts, (job.id, job.attempt), &format!("not a URL tidings can fetch: {u}"), sum)?;
                    continue;
                };
                let (got, warnings) = tidings_fetch::sources::collect_blocking(&opts.fetch, &opts.sources, &[source]);
                for w in &warnings {
                    log(&format!("warning: {w}"));
                }
                if got.is_empty() {
                    let why: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
                    fail(store, opts, (job.id, job.attempt), &format!("nothing could be read: {}", why.join("; ")), sum)?;
                    continue;
                }
                store_batch(store, opts, (job.id, job.attempt), got, sum, log)?;
            }
            Work::Bad(ref why) => fail(store, opts, (job.id, job.attempt), why, sum)?,
        }
    }
    Ok(())
}

fn fail(store: &PgStore, opts: &WorkerOptions, (id, attempt): (i64, i32), why: &str, sum: &mut WorkerSummary) -> Result<()> {
    store.with(|c| {
        let mut tx = c.transaction().map_err(store.err("cannot start a transaction"))?;
        if queue::finish(store, &mut tx, id, &opts.id, attempt, "failed", Some(why))? {
            sum.jobs_failed += 1;
        }
        tx.commit().map_err(store.err("cannot commit a failed job"))
    })
}

/// Writes the documents of a job and completes the job, in one transaction. When the lease was
/// lost meanwhile, nothing is committed. A document set that makes the pipeline panic fails its
/// job with the message instead of the worker.
fn store_batch(
    store: &PgStore,
    opts: &WorkerOptions,
    lease: (i64, i32),
    docs: Vec<tidings_ingest::RawDoc>,
    sum: &mut WorkerSummary,
    log: &dyn Fn(&str),
) -> Result<()> {
    // Sorted by URL so that two workers lock URLs in the same order.
    let mut docs = docs;
    docs.sort_by_cached_key(|d| tidings_store::batch::identity(d).0);
    let mut attempt = 0;
    loop {
        attempt += 1;
        let out = catch_unwind(AssertUnwindSafe(|| write_and_finish(store, opts, lease, docs.clone())));
        match out {
            Ok(Ok(Some(report))) => {
                sum.jobs_done += 1;
                sum.articles_added += report.added as u64;
                sum.warnings += report.warnings.len() as u64;
                for w in &report.warnings {
                    log(&format!("warning: {w}"));
                }
                return Ok(());
            }
            Ok(Ok(None)) => {
                log(&format!("the lease of job {} was lost before it committed: nothing written, another worker has it", lease.0));
                return Ok(());
            }
            Ok(Err(e)) if attempt < crate::RETRIES && is_retryable(&e) => std::thread::sleep(Duration::from_millis(20 * attempt as u64)),
            // The database failed (not the documents): the lease expires and a worker retries.
            Ok(Err(e)) => return Err(e),
            Err(panic) => {
                let msg = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "panic".into());
                return fail(store, opts, lease, &format!("the documents made tidings fail: {msg}"), sum);
            }
        }
    }
}

/// One transaction: the articles, then the job's completion; `None` when the lease was lost.
fn write_and_finish(
    store: &PgStore,
    opts: &WorkerOptions,
    (id, attempt): (i64, i32),
    docs: Vec<tidings_ingest::RawDoc>,
) -> Result<Option<tidings_store::IngestReport>> {
    store.with(|c| {
        let mut tx = c.transaction().map_err(store.err("cannot start a batch"))?;
        let report = {
            let mut btx = PgTx { store, tx: &mut tx, global_locked: false };
            tidings_store::batch::insert_docs(&mut btx, docs, tidings_store::now_ms(), &store.options().digest)?
        };
        store.failpoints.hit("jobs_written", store.url())?;
        if !queue::finish(store, &mut tx, id, &opts.id, attempt, "done", None)? {
            return Ok(None);
        }
        store.failpoints.hit("before_commit", store.url())?;
        tx.commit().map_err(store.err("cannot commit the batch"))?;
        Ok(Some(report))
    })
}
