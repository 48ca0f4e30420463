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
    rfc3339_ms, ArticleHit, ArticleView, Change, ChangedArticle, Corrected, Correction, CorrectionView, Facets, IngestReport, Result,
    SearchQuery, SearchResults, Sort, Stats, Store, StoreError, StoredStory, StoryHit, StoryPage, StoryQuery, StoryRow, DEFAULT_HITS,
    MAX_HITS, MAX_PAGE,
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
        self.grouping(|btx| tidings_store::batch::ingest(btx, docs, now, &self.opts.digest))
    }

    /// Runs `f` in one transaction under the grouping lock (one grouping at a time) and commits
    /// it when `f` succeeds: a batch, or a correction by hand with its regrouping.
    fn grouping<T>(&self, f: impl FnOnce(&mut dyn BatchTx) -> Result<T>) -> Result<T> {
        self.with(|c| {
            let mut tx = c.transaction().map_err(self.err("cannot start a batch"))?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&GROUP_LOCK]).map_err(self.err("cannot take the grouping lock"))?;
            let out = f(&mut tx::PgTx { store: self, tx: &mut tx, global_locked: true })?;
            tx.commit().map_err(self.err("cannot commit the batch"))?;
            Ok(out)
        })
    }
}

const STORY_COLS: &str = "id, headline, sources, n_articles, outlets::text, conflict, created_ms, updated_ms, gist, language, event_date,
    first_published_ms, last_published_ms, last_time_ms, edited";

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
        gist: r.get(8),
        language: r.get(9),
        event: r.get(10),
        first_published: r.get::<_, Option<i64>>(11).map(rfc3339_ms),
        last_published: r.get::<_, Option<i64>>(12).map(rfc3339_ms),
        latest: rfc3339_ms(r.get(13)),
        edited: r.get(14),
    }
}

/// The story list's filters (`$1` outlet key, `$2` name, `$3` language) on the table `stories`.
const STORY_FILTER: &str = "($1::text IS NULL OR EXISTS (SELECT 1 FROM story_facets f WHERE f.story_id = stories.id AND f.kind = 'outlet' AND f.value = $1::text))
    AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM story_facets f WHERE f.story_id = stories.id AND f.kind IN ('person', 'place', 'organization') AND f.value = $2::text))
    AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM story_facets f WHERE f.story_id = stories.id AND f.kind = 'language' AND f.value = $3::text))";
/// An article of the story published in [`$4`, `$5`).
const STORY_DATED: &str =
    "EXISTS (SELECT 1 FROM articles a WHERE a.story_id = stories.id AND a.superseded_by IS NULL AND a.published IS NOT NULL
    AND ($4::bigint IS NULL OR a.time_ms >= $4::bigint) AND ($5::bigint IS NULL OR a.time_ms < $5::bigint))";

/// The date part of the story list's filter; every form names `$4` and `$5`, so that the
/// parameters are the same whichever it is.
fn story_date(q: &StoryQuery) -> &'static str {
    if q.undated {
        "last_published_ms IS NULL AND ($4::bigint IS NULL OR TRUE) AND ($5::bigint IS NULL OR TRUE)"
    } else if q.dated() {
        STORY_DATED
    } else {
        "($4::bigint IS NULL OR TRUE) AND ($5::bigint IS NULL OR TRUE)"
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
            Sort::Latest => "last_time_ms DESC, seq DESC",
            Sort::Size => "n_articles DESC, last_time_ms DESC, seq DESC",
        };
        let (outlet, entity, language) = q.keys();
        let date = story_date(q);
        let filtered = outlet.is_some() || entity.is_some() || language.is_some() || q.undated || q.dated();
        self.with(|c| {
            let e = self.err("cannot list stories");
            let sql = format!("SELECT {STORY_COLS} FROM stories WHERE {STORY_FILTER} AND {date} ORDER BY {order} LIMIT $6 OFFSET $7");
            let stories = c
                .query(&sql, &[&outlet, &entity, &language, &q.from_ms, &q.to_ms, &limit, &(q.offset as i64)])
                .map_err(&e)?
                .iter()
                .map(story_row)
                .collect();
            let params: [&(dyn postgres::types::ToSql + Sync); 5] = [&outlet, &entity, &language, &q.from_ms, &q.to_ms];
            let total: i64 = if !filtered {
                c.query_one("SELECT value FROM store_meta WHERE key = 'stories'", &[]).map_err(&e)?.get(0)
            } else {
                c.query_one(&format!("SELECT COUNT(*) FROM stories WHERE {STORY_FILTER} AND {date}"), &params).map_err(&e)?.get(0)
            };
            let undated = if q.dated() && !q.undated {
                let sql = format!(
                    "SELECT COUNT(*) FROM stories WHERE {STORY_FILTER} AND last_published_ms IS NULL AND ($4::bigint IS NULL OR TRUE) AND ($5::bigint IS NULL OR TRUE)"
                );
                Some(c.query_one(&sql, &params).map_err(&e)?.get::<_, i64>(0) as u64)
            } else {
                None
            };
            Ok(StoryPage { stories, total: total as u64, offset: q.offset, limit: limit as usize, sort: q.sort, undated })
        })
    }

    fn facets(&self, q: &StoryQuery) -> Result<Facets> {
        let (outlet, entity, language) = q.keys();
        let date = story_date(q);
        self.with(|c| {
            let sql = format!(
                "SELECT g.kind, g.value, MIN(g.label), COUNT(*) FROM story_facets g JOIN stories ON stories.id = g.story_id
                 WHERE {STORY_FILTER} AND {date} GROUP BY g.kind, g.value"
            );
            let rows = c
                .query(&sql, &[&outlet, &entity, &language, &q.from_ms, &q.to_ms])
                .map_err(self.err("cannot count the filter values"))?
                .iter()
                .map(|r| (r.get::<_, String>(0), r.get::<_, String>(1), r.get::<_, String>(2), r.get::<_, i64>(3) as u64))
                .collect();
            Ok(Facets::from_rows(rows))
        })
    }

    fn story(&self, id: &str) -> Result<Option<StoredStory>> {
        self.with(|c| {
            let e = self.err("cannot read a story");
            let sql = format!("SELECT {STORY_COLS}, wire FROM stories WHERE id = $1");
            if let Some(r) = c.query_opt(&sql, &[&id]).map_err(&e)? {
                return Ok(Some(StoredStory { row: story_row(&r), json: r.get(15) }));
            }
            let Some(alias) = c.query_opt("SELECT new_id FROM story_aliases WHERE old_id = $1", &[&id]).map_err(&e)? else {
                return Ok(None);
            };
            let new_id: String = alias.get(0);
            Ok(c.query_opt(&sql, &[&new_id]).map_err(&e)?.map(|r| StoredStory { row: story_row(&r), json: r.get(15) }))
        })
    }

    fn story_row(&self, id: &str) -> Result<Option<StoryRow>> {
        self.with(|c| {
            let sql = format!(
                "SELECT {STORY_COLS} FROM stories WHERE id = $1
                 UNION ALL (SELECT {STORY_COLS} FROM stories WHERE id = (SELECT new_id FROM story_aliases WHERE old_id = $1)) LIMIT 1"
            );
            Ok(c.query_opt(&sql, &[&id]).map_err(self.err("cannot read a story"))?.map(|r| story_row(&r)))
        })
    }

    fn changes(&self, id: &str, since_ms: i64) -> Result<Option<Vec<Change>>> {
        let Some(story) = self.story_row(id)? else { return Ok(None) };
        self.with(|c| {
            let rows = c
                .query(
                    "SELECT at_ms, created, articles, sentences, conflicts, edit FROM story_changes WHERE story_id = $1 AND at_ms >= $2 ORDER BY at_ms, seq",
                    &[&story.id, &since_ms],
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
                            edit: r.get(5),
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
                let (summary, dateline) = tidings_digest::wire::stored_summary(&text, &sentences, &picks);
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
                        dateline,
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
        let outlet = q.outlet.as_deref().and_then(tidings_store::outlet_key);
        let dated = q.from_ms.is_some() || q.to_ms.is_some();
        self.with(|c| {
            let e = self.err("search failed");
            // $6: 1 for dated articles in the range, 0 for undated ones (listed apart), null for all.
            let article_sql = format!(
                "SELECT a.id, a.story_id, a.title, a.outlet, a.published, ts_headline('simple', a.text, q, {HEADLINE_OPTS})
                 FROM articles a, to_tsquery('simple', $1) q
                 WHERE a.tsv @@ q AND a.superseded_by IS NULL
                   AND ($2::text IS NULL OR lower(a.outlet) IN ($2::text, 'www.' || $2::text))
                   AND ($6::int IS NULL
                        OR ($6::int = 1 AND a.published IS NOT NULL AND ($3::bigint IS NULL OR a.time_ms >= $3::bigint) AND ($4::bigint IS NULL OR a.time_ms < $4::bigint))
                        OR ($6::int = 0 AND a.published IS NULL))
                 ORDER BY ts_rank(a.tsv, q) DESC, a.seq LIMIT $5"
            );
            let hits = |c: &mut Client, which: Option<i32>, n: i64| -> Result<Vec<ArticleHit>> {
                Ok(c.query(&article_sql, &[&tsq, &outlet, &q.from_ms, &q.to_ms, &n, &which])
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
                    .collect())
            };
            let mut articles = hits(c, dated.then_some(1), MAX_HITS as i64)?;
            let undated = if dated { hits(c, Some(0), limit)? } else { Vec::new() };
            let mut stories: Vec<StoryHit> = c
                .query(
                    &format!(
                        "SELECT stories.id, stories.headline, stories.sources, stories.n_articles, ts_headline('simple', stories.summary_text, q, {HEADLINE_OPTS})
                         FROM stories, to_tsquery('simple', $6) q
                         WHERE stories.tsv @@ q AND {STORY_FILTER} AND (NOT $7::bool OR {STORY_DATED})
                         ORDER BY ts_rank(stories.tsv, q) DESC, stories.seq LIMIT $8"
                    ),
                    &[&outlet, &None::<String>, &None::<String>, &q.from_ms, &q.to_ms, &tsq, &dated, &limit],
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
            // Stories found through their articles, in the order of their best article.
            for a in &articles {
                if stories.len() as i64 >= limit {
                    break;
                }
                let Some(sid) = &a.story else { continue };
                if stories.iter().any(|s| &s.id == sid) {
                    continue;
                }
                if let Some(r) = c.query_opt("SELECT id, headline, sources, n_articles FROM stories WHERE id = $1", &[sid]).map_err(&e)? {
                    stories.push(StoryHit {
                        id: r.get(0),
                        headline: r.get(1),
                        sources: r.get::<_, i32>(2) as u32,
                        articles: r.get::<_, i32>(3) as u32,
                        snippet: a.snippet.clone(),
                    });
                }
            }
            articles.truncate(limit as usize);
            Ok(SearchResults { stories, articles, undated })
        })
    }

    fn correct_at(&self, c: &Correction, now_ms: i64) -> Result<Corrected> {
        retrying(|| self.grouping(|btx| tidings_store::corrections::correct(btx, c, now_ms, &self.opts.digest)))
    }

    fn undo_at(&self, correction: i64, now_ms: i64) -> Result<Corrected> {
        retrying(|| self.grouping(|btx| tidings_store::corrections::undo(btx, correction, now_ms, &self.opts.digest)))
    }

    fn corrections(&self, story: &str) -> Result<Option<Vec<CorrectionView>>> {
        let Some(s) = self.story_row(story)? else { return Ok(None) };
        self.with(|c| {
            let rows = c
                .query(
                    "SELECT seq, kind, story_id, other_id, note, at_ms, undone_ms FROM corrections
                     WHERE story_id IN ($1, $2) OR other_id IN ($1, $2) ORDER BY seq",
                    &[&story, &s.id],
                )
                .map_err(self.err("cannot read corrections"))?;
            Ok(Some(
                rows.iter()
                    .map(|r| CorrectionView {
                        id: r.get(0),
                        kind: r.get(1),
                        story: r.get(2),
                        other: r.get(3),
                        note: r.get(4),
                        at: rfc3339_ms(r.get(5)),
                        undone: r.get::<_, Option<i64>>(6).map(rfc3339_ms),
                    })
                    .collect(),
            ))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn running_term_counts_add_up_and_read_back() {
        // Only a regroup of a window (a store past `FULL_REGROUP_LIMIT` articles) reads the
        // counts, so the SQL is checked here directly.
        let Some(db) = testing::test_db("running_term_counts") else { return };
        let store = PgStore::open(&db.url).unwrap();
        let terms = |v: &[(&str, i64)]| v.iter().map(|(t, n)| (t.to_string(), *n)).collect::<Vec<_>>();
        store.grouping(|tx| tx.add_term_counts(&terms(&[("quak", 2), ("~qeshm", 1)]), 2)).unwrap();
        store.grouping(|tx| tx.add_term_counts(&terms(&[("quak", 1)]), 1)).unwrap();
        let got = store.grouping(|tx| tx.term_counts(&["quak".into(), "~qeshm".into(), "absent".into()])).unwrap();
        assert_eq!(got.docs, 3);
        assert_eq!(got.df.get("quak"), Some(&3));
        assert_eq!(got.df.get("~qeshm"), Some(&1));
        assert_eq!(got.df.get("absent"), None);
    }
}
