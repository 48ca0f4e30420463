//! The story store on PostgreSQL, its work queue, and `tidings worker`.
//!
//! [`PgStore`] meets the same [`Store`] contract as the embedded SQLite store, with the same batch
//! algorithm (`tidings_store::batch`) over PostgreSQL rows, and full-text search with PostgreSQL's
//! own text search. On top of it, [`queue`] keeps jobs (documents to store, pages and feeds to
//! fetch) that many [`worker`] processes, on one machine or many, claim with
//! `FOR UPDATE SKIP LOCKED` under a lease.
//!
//! How concurrent writers stay correct (see ARCHITECTURE.md, "Beyond one machine"):
//! - Writing an article is idempotent (`ON CONFLICT DO NOTHING` on its id and on its URL and
//!   content hash) and happens in the same transaction as the job's completion, which only
//!   commits while the worker still holds the job's lease (fencing by attempt number).
//! - Articles are written *pending*. Story assignment (the regroup) runs only under one
//!   transaction-scoped advisory lock ([`GROUP_LOCK`]): one grouping at a time, over everything
//!   committed before it took the lock, all of it committed or none. A worker killed while
//!   grouping loses its transaction and its lock together; the next one groups the same articles.

mod pool;
pub mod queue;
pub mod schema;
pub mod status;
pub mod testing;
mod tx;
pub mod worker;

use postgres::error::SqlState;
use postgres::Client;
use tidings_ingest::RawDoc;
use tidings_store::batch::BatchTx;
use tidings_store::failpoint::Armed;
use tidings_store::{
    rfc3339_ms, ArticleHit, ArticleView, Change, ChangedArticle, IngestReport, Result, SearchQuery, SearchResults, Sort, SpanText, Stats,
    Store, StoreError, StoredStory, StoryHit, StoryPage, StoryQuery, StoryRow, DEFAULT_HITS, MAX_HITS, MAX_PAGE,
};

pub use schema::SCHEMA_VERSION;

/// Environment variable naming the database (`postgres://...`) when `--db` is not given.
pub const DB_ENV: &str = "TIDINGS_DB";
/// The transaction-scoped advisory lock under which stories are assigned.
pub const GROUP_LOCK: i64 = 0x7469_6469_6e67_0002;
/// The advisory lock class of per-URL locks (two revisions of one URL are written one at a time).
pub(crate) const KEY_LOCK_CLASS: i32 = 0x7469_6469;
/// How often a batch that hit a deadlock or a serialisation failure is retried.
const RETRIES: usize = 5;

/// True for a connection string of PostgreSQL (`postgres://` or `postgresql://`).
pub fn is_postgres_url(s: &str) -> bool {
    let l = s.trim_start().to_ascii_lowercase();
    l.starts_with("postgres://") || l.starts_with("postgresql://")
}

/// The connection string without its password, for messages.
pub fn redact(url: &str) -> String {
    if let Some((scheme, rest)) = url.split_once("://") {
        if let Some((userinfo, host)) = rest.rsplit_once('@') {
            let user = userinfo.split(':').next().unwrap_or("");
            return format!("{scheme}://{user}@{host}");
        }
    }
    url.to_string()
}

/// Maps a PostgreSQL error to a [`StoreError`], recognising a full disk.
pub(crate) fn db_err<'a>(url: &'a str, what: &'static str) -> impl Fn(postgres::Error) -> StoreError + 'a {
    move |e| {
        if e.code() == Some(&SqlState::DISK_FULL) {
            return StoreError::DiskFull { path: url.to_string() };
        }
        StoreError::Backend { path: url.to_string(), what, source: Box::new(e) }
    }
}

/// True when the error is a deadlock or a serialisation failure: the transaction may simply be
/// run again.
pub fn is_retryable(e: &StoreError) -> bool {
    match e {
        StoreError::Backend { source, .. } => source
            .downcast_ref::<postgres::Error>()
            .and_then(|e| e.code())
            .is_some_and(|c| *c == SqlState::T_R_DEADLOCK_DETECTED || *c == SqlState::T_R_SERIALIZATION_FAILURE),
        _ => false,
    }
}

/// Runs a transaction again (up to [`RETRIES`] times, with a short pause) while it fails with a
/// deadlock or a serialisation failure.
pub(crate) fn retrying<T>(mut f: impl FnMut() -> Result<T>) -> Result<T> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        match f() {
            Err(e) if attempt < RETRIES && is_retryable(&e) => std::thread::sleep(std::time::Duration::from_millis(20 * attempt as u64)),
            other => return other,
        }
    }
}

/// A store in one PostgreSQL database.
pub struct PgStore {
    /// The connection string without its password.
    url: String,
    pool: pool::Pool,
    opts: tidings_store::StoreOptions,
    failpoints: Armed,
}

impl PgStore {
    /// Connects, migrating an empty or older schema.
    pub fn open(conn: &str) -> Result<PgStore> {
        PgStore::open_with(conn, tidings_store::StoreOptions::default())
    }

    pub fn open_with(conn: &str, opts: tidings_store::StoreOptions) -> Result<PgStore> {
        PgStore::open_as(conn, opts, "tidings")
    }

    /// Opens with `app` as the sessions' `application_name` (a worker's name, for `tidings status`).
    pub fn open_as(conn: &str, opts: tidings_store::StoreOptions, app: &str) -> Result<PgStore> {
        let url = redact(conn);
        let pool = pool::Pool::new(conn, &url, app);
        {
            let mut c = pool.get()?;
            schema::migrate_to(&mut c, &url, SCHEMA_VERSION)?;
        }
        Ok(PgStore { url, pool, opts, failpoints: Armed::from_env() })
    }

    /// The connection string without its password.
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn options(&self) -> &tidings_store::StoreOptions {
        &self.opts
    }

    /// Arms (or with `None` disarms) a failpoint of this store.
    pub fn set_failpoint(&self, name: &str, action: Option<tidings_store::failpoint::Action>) {
        #[cfg(feature = "failpoints")]
        self.failpoints.set(name, action);
        let _ = (name, action);
    }

    /// Runs `f` on a pooled connection.
    pub(crate) fn with<T>(&self, f: impl FnOnce(&mut Client) -> Result<T>) -> Result<T> {
        let mut c = self.pool.get()?;
        f(&mut c)
    }

    pub(crate) fn err(&self, what: &'static str) -> impl Fn(postgres::Error) -> StoreError + '_ {
        db_err(&self.url, what)
    }

    /// Assigns the pending articles to stories if no other process is doing it: returns `None`
    /// when the grouping lock is held elsewhere.
    pub fn try_regroup(&self, now: i64) -> Result<Option<IngestReport>> {
        self.with(|c| {
            let mut tx = c.transaction().map_err(self.err("cannot start a grouping"))?;
            let got: bool = tx
                .query_one("SELECT pg_try_advisory_xact_lock($1)", &[&GROUP_LOCK])
                .map_err(self.err("cannot take the grouping lock"))?
                .get(0);
            if !got {
                return Ok(None);
            }
            let mut btx = tx::PgTx { store: self, tx: &mut tx, global_locked: true };
            let report = tidings_store::batch::regroup(&mut btx, now, &self.opts.digest)?;
            btx.failpoint("before_commit")?;
            tx.commit().map_err(self.err("cannot commit the grouping"))?;
            Ok(Some(report))
        })
    }

    /// Articles written and not yet in a story.
    pub fn pending(&self) -> Result<i64> {
        self.with(|c| {
            c.query_one("SELECT COUNT(*) FROM articles WHERE pending AND superseded_by IS NULL", &[])
                .map(|r| r.get(0))
                .map_err(self.err("cannot count pending articles"))
        })
    }

    fn ingest_once(&self, docs: Vec<RawDoc>, now: i64) -> Result<IngestReport> {
        self.with(|c| {
            let mut tx = c.transaction().map_err(self.err("cannot start a batch"))?;
            // The whole batch, grouping included, under the grouping lock: one grouping at a time.
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&GROUP_LOCK]).map_err(self.err("cannot take the grouping lock"))?;
            let report = tidings_store::batch::ingest(
                &mut tx::PgTx { store: self, tx: &mut tx, global_locked: true },
                docs,
                now,
                &self.opts.digest,
            )?;
            tx.commit().map_err(self.err("cannot commit the batch"))?;
            Ok(report)
        })
    }
}

const STORY_COLS: &str = "id, headline, sources, n_articles, outlets::text, conflict, created_ms, updated_ms";

fn story_row(r: &postgres::Row) -> StoryRow {
    let outlets: String = r.get(4);
    StoryRow {
        id: r.get(0),
        headline: r.get(1),
        sources: r.get::<_, i32>(2) as u32,
        articles: r.get::<_, i32>(3) as u32,
        outlets: serde_json::from_str(&outlets).unwrap_or_default(),
        conflict: r.get(5),
        created: rfc3339_ms(r.get(6)),
        updated: rfc3339_ms(r.get(7)),
    }
}

/// Turns a user's words into a `tsquery`: every word must occur, plus the phrase when given.
/// Words are runs of letters and digits, so nothing of the user's reaches the query syntax.
pub(crate) fn ts_query(q: &str, phrase: Option<&str>) -> Option<String> {
    let mut parts: Vec<String> = tidings_store::query_words(q).into_iter().map(|w| format!("'{w}'")).collect();
    if let Some(p) = phrase {
        let w = tidings_store::query_words(p);
        if !w.is_empty() {
            parts.push(format!("({})", w.iter().map(|w| format!("'{w}'")).collect::<Vec<_>>().join(" <-> ")));
        }
    }
    (!parts.is_empty()).then(|| parts.join(" & "))
}

/// ts_headline's options: the same markers and length as the SQLite store's snippets.
const HEADLINE_OPTS: &str =
    "'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords=24, MinWords=12, ShortWord=1, MaxFragments=1, FragmentDelimiter=\" … \"'";

fn spans(json: &str) -> Vec<[usize; 2]> {
    serde_json::from_str(json).unwrap_or_default()
}

impl Store for PgStore {
    fn ingest_at(&self, docs: Vec<RawDoc>, now_ms: i64) -> Result<IngestReport> {
        retrying(|| self.ingest_once(docs.clone(), now_ms))
    }

    fn stories(&self, q: &StoryQuery) -> Result<StoryPage> {
        let limit = q.limit.clamp(1, MAX_PAGE) as i64;
        let order = match q.sort {
            Sort::Updated => "updated_ms DESC, seq DESC",
            Sort::Size => "n_articles DESC, updated_ms DESC",
        };
        let filter =
            "($1::text IS NULL OR EXISTS (SELECT 1 FROM jsonb_array_elements_text(stories.outlets) o WHERE lower(o) = lower($1::text)))";
        self.with(|c| {
            let e = self.err("cannot list stories");
            let sql = format!("SELECT {STORY_COLS} FROM stories WHERE {filter} ORDER BY {order} LIMIT $2 OFFSET $3");
            let stories = c.query(&sql, &[&q.outlet, &limit, &(q.offset as i64)]).map_err(&e)?.iter().map(story_row).collect();
            let total: i64 = if q.outlet.is_none() {
                c.query_one("SELECT value FROM store_meta WHERE key = 'stories'", &[]).map_err(&e)?.get(0)
            } else {
                c.query_one(&format!("SELECT COUNT(*) FROM stories WHERE {filter}"), &[&q.outlet]).map_err(&e)?.get(0)
            };
            Ok(StoryPage { stories, total: total as u64, offset: q.offset, limit: limit as usize, sort: q.sort })
        })
    }

    fn story(&self, id: &str) -> Result<Option<StoredStory>> {
        self.with(|c| {
            let e = self.err("cannot read a story");
            let sql = format!("SELECT {STORY_COLS}, wire FROM stories WHERE id = $1");
            if let Some(r) = c.query_opt(&sql, &[&id]).map_err(&e)? {
                return Ok(Some(StoredStory { row: story_row(&r), json: r.get(8) }));
            }
            let Some(alias) = c.query_opt("SELECT new_id FROM story_aliases WHERE old_id = $1", &[&id]).map_err(&e)? else {
                return Ok(None);
            };
            let new_id: String = alias.get(0);
            Ok(c.query_opt(&sql, &[&new_id]).map_err(&e)?.map(|r| StoredStory { row: story_row(&r), json: r.get(8) }))
        })
    }

    fn changes(&self, id: &str, since_ms: i64) -> Result<Option<Vec<Change>>> {
        let Some(story) = self.story(id)? else { return Ok(None) };
        self.with(|c| {
            let rows = c
                .query(
                    "SELECT at_ms, created, articles, sentences, conflicts FROM story_changes WHERE story_id = $1 AND at_ms >= $2 ORDER BY at_ms, seq",
                    &[&story.row.id, &since_ms],
                )
                .map_err(self.err("cannot read history"))?;
            Ok(Some(
                rows.iter()
                    .map(|r| {
                        let at_ms: i64 = r.get(0);
                        Change {
                            at: rfc3339_ms(at_ms),
                            at_ms,
                            created: r.get(1),
                            articles: serde_json::from_str::<Vec<ChangedArticle>>(r.get(2)).unwrap_or_default(),
                            sentences: serde_json::from_str(r.get(3)).unwrap_or_default(),
                            conflicts: serde_json::from_str(r.get(4)).unwrap_or_default(),
                        }
                    })
                    .collect(),
            ))
        })
    }

    fn article(&self, id: &str) -> Result<Option<ArticleView>> {
        self.with(|c| {
            let row = c
                .query_opt(
                    "SELECT id, story_id, path, url, outlet, title, byline, published, language, copy_of, words, text, paragraphs, sentences, summary, revision, superseded_by, ingested_ms FROM articles WHERE id = $1",
                    &[&id],
                )
                .map_err(self.err("cannot read an article"))?;
            Ok(row.map(|r| {
                let text: String = r.get(11);
                let sentences = spans(r.get(13));
                let picks: Vec<usize> = serde_json::from_str(r.get(14)).unwrap_or_default();
                let summary = picks
                    .iter()
                    .filter_map(|&i| sentences.get(i))
                    .filter_map(|&[s, e]| text.get(s..e).map(|t| SpanText { text: t.to_string(), start: s, end: e }))
                    .collect();
                let words = r.get::<_, i64>(10) as usize;
                ArticleView {
                    article: tidings_digest::wire::WireArticle {
                        id: r.get(0),
                        path: r.get(2),
                        url: r.get(3),
                        outlet: r.get(4),
                        title: r.get(5),
                        byline: r.get(6),
                        published: r.get(7),
                        language: r.get(8),
                        copy_of: r.get(9),
                        read_minutes: tidings_text::read_minutes(words),
                        words,
                        summary,
                        text,
                    },
                    story: r.get(1),
                    paragraphs: spans(r.get(12)),
                    revision: r.get::<_, i32>(15) as u32,
                    superseded_by: r.get(16),
                    ingested: rfc3339_ms(r.get(17)),
                }
            }))
        })
    }

    fn search(&self, q: &SearchQuery) -> Result<SearchResults> {
        let Some(tsq) = ts_query(&q.q, q.entity.as_deref()) else {
            return Err(StoreError::BadQuery("the search has no words: type at least one word".into()));
        };
        let limit = if q.limit == 0 { DEFAULT_HITS } else { q.limit.min(MAX_HITS) } as i64;
        self.with(|c| {
            let e = self.err("search failed");
            let articles = c
                .query(
                    &format!(
                        "SELECT a.id, a.story_id, a.title, a.outlet, a.published, ts_headline('simple', a.text, q, {HEADLINE_OPTS})
                         FROM articles a, to_tsquery('simple', $1) q
                         WHERE a.tsv @@ q AND a.superseded_by IS NULL
                           AND ($2::text IS NULL OR lower(a.outlet) = lower($2::text))
                           AND ($3::bigint IS NULL OR a.time_ms >= $3::bigint) AND ($4::bigint IS NULL OR a.time_ms < $4::bigint)
                         ORDER BY ts_rank(a.tsv, q) DESC, a.seq LIMIT $5"
                    ),
                    &[&tsq, &q.outlet, &q.from_ms, &q.to_ms, &limit],
                )
                .map_err(&e)?
                .iter()
                .map(|r| ArticleHit {
                    id: r.get(0),
                    story: r.get(1),
                    title: r.get(2),
                    outlet: r.get(3),
                    published: r.get(4),
                    snippet: tidings_store::marked_snippet(r.get(5)),
                })
                .collect();
            let stories = c
                .query(
                    &format!(
                        "SELECT s.id, s.headline, s.sources, s.n_articles, ts_headline('simple', s.summary_text, q, {HEADLINE_OPTS})
                         FROM stories s, to_tsquery('simple', $1) q
                         WHERE s.tsv @@ q
                           AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM jsonb_array_elements_text(s.outlets) o WHERE lower(o) = lower($2::text)))
                           AND ($3::bigint IS NULL OR s.last_time_ms >= $3::bigint) AND ($4::bigint IS NULL OR s.last_time_ms < $4::bigint)
                         ORDER BY ts_rank(s.tsv, q) DESC, s.seq LIMIT $5"
                    ),
                    &[&tsq, &q.outlet, &q.from_ms, &q.to_ms, &limit],
                )
                .map_err(&e)?
                .iter()
                .map(|r| StoryHit {
                    id: r.get(0),
                    headline: r.get(1),
                    sources: r.get::<_, i32>(2) as u32,
                    articles: r.get::<_, i32>(3) as u32,
                    snippet: tidings_store::marked_snippet(r.get(4)),
                })
                .collect();
            Ok(SearchResults { stories, articles })
        })
    }

    fn stats(&self) -> Result<Stats> {
        self.with(|c| {
            let e = self.err("cannot read the counters");
            let mut meta = std::collections::HashMap::new();
            for r in c.query("SELECT key, value FROM store_meta", &[]).map_err(&e)? {
                meta.insert(r.get::<_, String>(0), r.get::<_, i64>(1));
            }
            let get = |k: &str| meta.get(k).copied().unwrap_or(0);
            let schema_version = schema::version(c, &self.url)?;
            Ok(Stats {
                articles: get("articles") as u64,
                stories: get("stories") as u64,
                outlets: get("outlets") as u64,
                updated: Some(get("updated_ms")).filter(|&t| t > 0).map(rfc3339_ms),
                schema_version,
            })
        })
    }

    fn queue(&self) -> Result<Option<tidings_store::QueueStats>> {
        queue::stats(self).map(Some)
    }

    fn version(&self) -> Result<i64> {
        self.with(|c| {
            c.query_one("SELECT value FROM store_meta WHERE key = 'batches'", &[])
                .map(|r| r.get(0))
                .map_err(self.err("cannot read the counters"))
        })
    }
}
