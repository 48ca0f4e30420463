//! The work queue: jobs in PostgreSQL, claimed with `FOR UPDATE SKIP LOCKED` under a lease.
//!
//! A job is `queued`, then `leased` by one worker until `lease_until_ms`, then `done` or
//! `failed`. A worker that dies leaves its lease to expire; the next claim takes the job again
//! (`attempts + 1`). A job's completion is written in the same transaction as its articles and
//! only when the worker still holds the lease it claimed (same owner, same attempt), so a worker
//! that lost its lease (it was paused, or its lease expired and another took the job) commits
//! nothing. Times are the database's clock, so workers on machines with skewed clocks agree.

use postgres::{Client, Transaction};
use serde::{Deserialize, Serialize};
use tidings_ingest::{Body, RawDoc};
use tidings_store::{Result, StoreError};

use crate::PgStore;

/// Documents to clean and store (up to [`DOCS_PER_JOB`], cleaned together).
pub const KIND_DOC: &str = "doc";
/// Documents per `doc` job. The documents of one job are cleaned together (cleaning learns an
/// outlet's boilerplate from the batch), so a job is fixed when it is queued: whichever worker
/// takes it, and however many there are, each document is cleaned the same way.
pub const DOCS_PER_JOB: usize = 16;
/// A page or feed URL to fetch, then store what it gives.
pub const KIND_URL: &str = "url";
/// Claims after which a job that never completed is given up (its workers kept dying).
pub const MAX_ATTEMPTS: i32 = 5;
/// The database's clock in milliseconds since the epoch.
pub(crate) const NOW_MS: &str = "(extract(epoch from clock_timestamp()) * 1000)::bigint";

/// What a `doc` job carries besides its body.
#[derive(Debug, Default, Serialize, Deserialize)]
struct DocMeta {
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    outlet: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    /// RFC 3339.
    #[serde(skip_serializing_if = "Option::is_none")]
    published: Option<String>,
    /// The body is HTML bytes (else UTF-8 text).
    html: bool,
    /// Bytes of this document in the job's body (the bodies are stored one after another).
    len: usize,
}

/// A claimed job.
#[derive(Debug)]
pub struct Job {
    pub id: i64,
    /// The claim number: the fencing token of this lease.
    pub attempt: i32,
    pub work: Work,
}

#[derive(Debug)]
pub enum Work {
    Docs(Vec<RawDoc>),
    Url(String),
    /// A job whose payload does not parse (written by a newer tidings, or by hand).
    Bad(String),
}

/// Puts documents on the queue, [`DOCS_PER_JOB`] to a job; returns how many jobs.
pub fn enqueue_docs(store: &PgStore, docs: Vec<RawDoc>) -> Result<usize> {
    store.with(|c| {
        let mut tx = c.transaction().map_err(store.err("cannot start enqueueing"))?;
        let st = tx
            .prepare(&format!("INSERT INTO jobs (kind, meta, body, created_ms) VALUES ('{KIND_DOC}', $1, $2, {NOW_MS})"))
            .map_err(store.err("cannot enqueue"))?;
        let mut jobs = 0;
        let mut docs = docs.into_iter().peekable();
        while docs.peek().is_some() {
            let mut metas = Vec::with_capacity(DOCS_PER_JOB);
            let mut body = Vec::new();
            for d in docs.by_ref().take(DOCS_PER_JOB) {
                let (html, bytes) = match d.body {
                    Body::Text(t) => (false, t.into_bytes()),
                    Body::Html(h) => (true, h),
                };
                metas.push(DocMeta {
                    path: d.path,
                    url: d.url,
                    outlet: d.outlet,
                    title: d.title,
                    published: d.published.map(|p| p.to_rfc3339()),
                    html,
                    len: bytes.len(),
                });
                body.extend_from_slice(&bytes);
            }
            let meta = serde_json::to_string(&metas).map_err(|e| StoreError::Corrupt(format!("cannot encode a job: {e}")))?;
            tx.execute(&st, &[&meta, &body]).map_err(store.err("cannot enqueue"))?;
            jobs += 1;
        }
        tx.commit().map_err(store.err("cannot commit the new jobs"))?;
        Ok(jobs)
    })
}

/// Puts URLs (pages or feeds) on the queue; returns how many.
pub fn enqueue_urls(store: &PgStore, urls: &[String]) -> Result<usize> {
    store.with(|c| {
        let mut tx = c.transaction().map_err(store.err("cannot start enqueueing"))?;
        for u in urls {
            let meta = serde_json::json!({ "url": u }).to_string();
            tx.execute(&format!("INSERT INTO jobs (kind, meta, created_ms) VALUES ('{KIND_URL}', $1, {NOW_MS})"), &[&meta])
                .map_err(store.err("cannot enqueue"))?;
        }
        tx.commit().map_err(store.err("cannot commit the new jobs"))?;
        Ok(urls.len())
    })
}

fn work(kind: &str, meta: &str, body: Option<Vec<u8>>) -> Work {
    match kind {
        KIND_DOC => {
            let Ok(metas) = serde_json::from_str::<Vec<DocMeta>>(meta) else { return Work::Bad(format!("unreadable job: {meta}")) };
            let body = body.unwrap_or_default();
            let mut at = 0;
            let mut docs = Vec::with_capacity(metas.len());
            for m in metas {
                let Some(bytes) = body.get(at..at + m.len) else { return Work::Bad("a job's body is shorter than its documents".into()) };
                at += m.len;
                let body = if m.html { Body::Html(bytes.to_vec()) } else { Body::Text(String::from_utf8_lossy(bytes).into_owned()) };
                docs.push(RawDoc {
                    path: m.path,
                    url: m.url,
                    outlet: m.outlet,
                    title: m.title,
                    published: m.published.and_then(|p| chrono::DateTime::parse_from_rfc3339(&p).ok()),
                    body,
                });
            }
            Work::Docs(docs)
        }
        KIND_URL => match serde_json::from_str::<serde_json::Value>(meta).ok().and_then(|v| v["url"].as_str().map(str::to_string)) {
            Some(u) => Work::Url(u),
            None => Work::Bad(format!("unreadable job: {meta}")),
        },
        other => Work::Bad(format!("unknown job kind {other:?}")),
    }
}

/// Claims up to `n` jobs for `worker` for `lease_ms`: queued ones, and leased ones whose lease
/// expired. Jobs claimed [`MAX_ATTEMPTS`] times already are marked failed instead.
pub fn claim(store: &PgStore, c: &mut Client, worker: &str, n: i64, lease_ms: i64) -> Result<Vec<Job>> {
    let mut tx = c.transaction().map_err(store.err("cannot start a claim"))?;
    let rows = tx
        .query(
            &format!(
                "WITH picked AS (
                    SELECT id FROM jobs
                    WHERE state = 'queued' OR (state = 'leased' AND lease_until_ms < {NOW_MS})
                    ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)
                 UPDATE jobs j SET state = 'leased', lease_owner = $1, lease_until_ms = {NOW_MS} + $2, leased_ms = {NOW_MS},
                   attempts = j.attempts + 1
                 FROM picked WHERE j.id = picked.id
                 RETURNING j.id, j.kind, j.meta, j.body, j.attempts"
            ),
            &[&worker, &lease_ms, &n],
        )
        .map_err(store.err("cannot claim jobs"))?;
    let mut jobs = Vec::with_capacity(rows.len());
    for r in rows {
        let (id, kind, meta, body, attempt): (i64, String, String, Option<Vec<u8>>, i32) =
            (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4));
        if attempt > MAX_ATTEMPTS {
            let why = format!("given up after {MAX_ATTEMPTS} claims: the workers that took it died or lost their lease each time");
            finish(store, &mut tx, id, worker, attempt, "failed", Some(&why))?;
            continue;
        }
        jobs.push(Job { id, work: work(&kind, &meta, body), attempt });
    }
    jobs.sort_by_key(|j| j.id);
    tx.commit().map_err(store.err("cannot commit a claim"))?;
    Ok(jobs)
}

/// Marks a job `done` or `failed` inside `tx` if `worker` still holds the lease of `attempt`;
/// returns false (and changes nothing) when it does not.
pub fn finish(
    store: &PgStore,
    tx: &mut Transaction<'_>,
    id: i64,
    worker: &str,
    attempt: i32,
    state: &str,
    error: Option<&str>,
) -> Result<bool> {
    let n = tx
        .execute(
            &format!(
                "UPDATE jobs SET state = $4, done_ms = {NOW_MS}, body = NULL, lease_owner = NULL, lease_until_ms = NULL, leased_ms = NULL, error = $5
                 WHERE id = $1 AND lease_owner = $2 AND attempts = $3 AND state = 'leased'"
            ),
            &[&id, &worker, &attempt, &state, &error],
        )
        .map_err(store.err("cannot finish a job"))?;
    Ok(n == 1)
}

/// Gives claimed jobs back to the queue (a worker told to stop before doing them): they are
/// queued again at once, and the claim does not count towards [`MAX_ATTEMPTS`]. Only the leases
/// `worker` still holds with the same attempt number are released; returns how many.
pub fn release(store: &PgStore, worker: &str, jobs: &[(i64, i32)]) -> Result<u64> {
    if jobs.is_empty() {
        return Ok(0);
    }
    store.with(|c| {
        let mut tx = c.transaction().map_err(store.err("cannot start a transaction"))?;
        let mut n = 0;
        for (id, attempt) in jobs {
            n += tx
                .execute(
                    "UPDATE jobs SET state = 'queued', lease_owner = NULL, lease_until_ms = NULL, leased_ms = NULL, attempts = attempts - 1
                     WHERE id = $1 AND lease_owner = $2 AND attempts = $3 AND state = 'leased'",
                    &[id, &worker, attempt],
                )
                .map_err(store.err("cannot release a job"))?;
        }
        tx.commit().map_err(store.err("cannot commit the released jobs"))?;
        Ok(n)
    })
}

/// The queue for `/metrics`: jobs by state, the oldest live lease, the lags.
pub fn stats(store: &PgStore) -> Result<tidings_store::QueueStats> {
    store.with(|c| {
        let e = store.err("cannot read the queue");
        let r = c
            .query_one(
                &format!(
                    "SELECT count(*) FILTER (WHERE state = 'queued'), count(*) FILTER (WHERE state = 'leased'),
                            count(*) FILTER (WHERE state = 'done'), count(*) FILTER (WHERE state = 'failed'),
                            ({NOW_MS} - min(leased_ms) FILTER (WHERE state = 'leased' AND lease_until_ms >= {NOW_MS}))::float8 / 1000,
                            ({NOW_MS} - min(created_ms) FILTER (WHERE state IN ('queued', 'leased')))::float8 / 1000
                     FROM jobs"
                ),
                &[],
            )
            .map_err(&e)?;
        let grouping: Option<f64> = c
            .query_one(
                &format!("SELECT ({NOW_MS} - min(ingested_ms))::float8 / 1000 FROM articles WHERE pending AND superseded_by IS NULL"),
                &[],
            )
            .map_err(&e)?
            .get(0);
        Ok(tidings_store::QueueStats {
            queued: r.get(0),
            leased: r.get(1),
            done: r.get(2),
            failed: r.get(3),
            oldest_lease_secs: r.get(4),
            queue_lag_secs: r.get(5),
            grouping_lag_secs: grouping,
        })
    })
}

/// Jobs not finished yet: queued, or leased (whether or not the lease is still live).
pub fn open_jobs(store: &PgStore) -> Result<i64> {
    store.with(|c| {
        Ok(c.query_one("SELECT COUNT(*) FROM jobs WHERE state IN ('queued', 'leased')", &[])
            .map_err(store.err("cannot count jobs"))?
            .get(0))
    })
}
