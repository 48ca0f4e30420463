//! `tidings status`: the queue, the workers and their leases, and how far grouping lags.

use serde::Serialize;
use tidings_store::Result;

use crate::queue::NOW_MS;
use crate::{PgStore, GROUP_LOCK};

#[derive(Debug, Clone, Serialize, Default)]
pub struct Status {
    /// The database, without its password.
    pub db: String,
    pub schema_version: u32,
    pub queued: i64,
    pub leased: i64,
    /// Leased jobs whose lease ran out (their worker died or stalls): the next claim takes them.
    pub expired_leases: i64,
    pub done: i64,
    pub failed: i64,
    /// Age of the oldest queued or leased job, in seconds: how far the queue lags.
    pub queue_lag_secs: Option<f64>,
    pub articles: i64,
    /// Articles written and not yet in a story.
    pub pending: i64,
    /// Age of the oldest pending article, in seconds: how far grouping lags.
    pub grouping_lag_secs: Option<f64>,
    pub stories: i64,
    /// The session that holds the grouping lock now (application name and seconds held).
    pub grouping_by: Option<String>,
    pub grouping_for_secs: Option<f64>,
    pub workers: Vec<WorkerRow>,
    /// The last failed jobs with their errors.
    pub recent_failures: Vec<(i64, String)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WorkerRow {
    pub id: String,
    pub host: String,
    pub pid: i32,
    pub state: String,
    /// Seconds since its last heartbeat.
    pub heartbeat_secs: f64,
    pub jobs_done: i64,
    pub groupings: i64,
    /// Jobs it holds a live lease on, and when the first of those leases ends (seconds from now).
    pub leases: i64,
    pub lease_ends_secs: Option<f64>,
}

pub fn status(store: &PgStore) -> Result<Status> {
    let mut s = store.with(|c| {
        let e = store.err("cannot read the status");
        let mut s = Status { db: store.url().to_string(), ..Status::default() };
        let r = c
            .query_one(
                &format!(
                    "SELECT count(*) FILTER (WHERE state = 'queued'), count(*) FILTER (WHERE state = 'leased'),
                            count(*) FILTER (WHERE state = 'leased' AND lease_until_ms < {NOW_MS}),
                            count(*) FILTER (WHERE state = 'done'), count(*) FILTER (WHERE state = 'failed'),
                            ({NOW_MS} - min(created_ms) FILTER (WHERE state IN ('queued', 'leased')))::float8 / 1000
                     FROM jobs"
                ),
                &[],
            )
            .map_err(&e)?;
        (s.queued, s.leased, s.expired_leases, s.done, s.failed, s.queue_lag_secs) = (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5));
        let r = c
            .query_one(
                &format!(
                    "SELECT count(*) FILTER (WHERE superseded_by IS NULL), count(*) FILTER (WHERE pending AND superseded_by IS NULL),
                            ({NOW_MS} - min(ingested_ms) FILTER (WHERE pending AND superseded_by IS NULL))::float8 / 1000,
                            (SELECT count(*) FROM stories)
                     FROM articles"
                ),
                &[],
            )
            .map_err(&e)?;
        (s.articles, s.pending, s.grouping_lag_secs, s.stories) = (r.get(0), r.get(1), r.get(2), r.get(3));
        let holder = c
            .query_opt(
                "SELECT a.application_name, extract(epoch from clock_timestamp() - a.xact_start)::float8
                 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                 WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
                   AND l.classid = ($1::bigint >> 32)::oid AND l.objid = ($1::bigint & 4294967295)::oid",
                &[&GROUP_LOCK],
            )
            .map_err(&e)?;
        if let Some(h) = holder {
            s.grouping_by = Some(h.get(0));
            s.grouping_for_secs = h.get(1);
        }
        for r in c
            .query(
                &format!(
                    "SELECT w.id, w.host, w.pid, w.state, ({NOW_MS} - w.heartbeat_ms)::float8 / 1000, w.jobs_done, w.groupings,
                            (SELECT count(*) FROM jobs j WHERE j.state = 'leased' AND j.lease_owner = w.id AND j.lease_until_ms >= {NOW_MS}),
                            (SELECT (min(j.lease_until_ms) - {NOW_MS})::float8 / 1000 FROM jobs j
                               WHERE j.state = 'leased' AND j.lease_owner = w.id AND j.lease_until_ms >= {NOW_MS})
                     FROM workers w ORDER BY w.state, w.id"
                ),
                &[],
            )
            .map_err(&e)?
        {
            s.workers.push(WorkerRow {
                id: r.get(0),
                host: r.get(1),
                pid: r.get(2),
                state: r.get(3),
                heartbeat_secs: r.get(4),
                jobs_done: r.get(5),
                groupings: r.get(6),
                leases: r.get(7),
                lease_ends_secs: r.get(8),
            });
        }
        for r in c.query("SELECT id, coalesce(error, '') FROM jobs WHERE state = 'failed' ORDER BY done_ms DESC LIMIT 5", &[]).map_err(&e)? {
            s.recent_failures.push((r.get(0), r.get(1)));
        }
        Ok(s)
    })?;
    s.schema_version = store.with(|c| crate::schema::version(c, store.url()))?;
    Ok(s)
}

/// The status as text for a terminal.
pub fn render(s: &Status) -> String {
    use std::fmt::Write;
    let secs = |v: Option<f64>| v.map(|v| format!("{v:.1} s")).unwrap_or_else(|| "-".into());
    let mut o = String::new();
    let _ = writeln!(o, "database  {} (schema {})", s.db, s.schema_version);
    let _ = writeln!(
        o,
        "queue     {} queued, {} leased ({} expired), {} done, {} failed; lag {}",
        s.queued,
        s.leased,
        s.expired_leases,
        s.done,
        s.failed,
        secs(s.queue_lag_secs)
    );
    let _ = writeln!(o, "articles  {} stored, {} pending grouping; grouping lag {}", s.articles, s.pending, secs(s.grouping_lag_secs));
    let _ = writeln!(o, "stories   {}", s.stories);
    match &s.grouping_by {
        Some(by) => {
            let _ = writeln!(o, "grouping  held by {by:?} for {}", secs(s.grouping_for_secs));
        }
        None => {
            let _ = writeln!(o, "grouping  idle");
        }
    }
    let _ = writeln!(o, "workers   {}", s.workers.iter().filter(|w| w.state == "running").count());
    if !s.workers.is_empty() {
        let _ = writeln!(
            o,
            "  {:<28} {:<9} {:>10} {:>9} {:>9} {:>7} {:>10}",
            "ID", "STATE", "HEARTBEAT", "JOBS", "GROUPED", "LEASES", "LEASE END"
        );
        for w in &s.workers {
            let _ = writeln!(
                o,
                "  {:<28} {:<9} {:>8.1} s {:>9} {:>9} {:>7} {:>10}",
                w.id,
                w.state,
                w.heartbeat_secs,
                w.jobs_done,
                w.groupings,
                w.leases,
                secs(w.lease_ends_secs)
            );
        }
    }
    for (id, e) in &s.recent_failures {
        let _ = writeln!(o, "failed    job {id}: {e}");
    }
    o
}
