//! The SQLite backend: one file, WAL mode, one writer and a small pool of readers.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use crate::failpoint::Armed;
use crate::{
    rfc3339_ms, ArticleHit, ArticleView, Change, ChangedArticle, Corrected, Correction, CorrectionView, Facets, Result, SearchQuery,
    SearchResults, Sort, Stats, Store, StoreError, StoredStory, StoryHit, StoryPage, StoryQuery, StoryRow, DEFAULT_HITS, MAX_HITS,
    MAX_PAGE, READERS,
};

/// How long a connection waits for a lock held by another process before giving up.
pub const BUSY_TIMEOUT_MS: u64 = 10_000;
/// A batch that could not get the write lock within [`BUSY_TIMEOUT_MS`] is tried again this
/// many more times, after a pause that doubles from [`WRITE_RETRY_PAUSE_MS`].
pub const WRITE_RETRIES: u32 = 3;
pub const WRITE_RETRY_PAUSE_MS: u64 = 100;

/// Maps a SQLite error to a [`StoreError`], recognising a full disk and a lock held too long.
pub(crate) fn map_err(path: &str, what: &'static str, source: rusqlite::Error) -> StoreError {
    if let rusqlite::Error::SqliteFailure(e, _) = &source {
        if e.code == rusqlite::ErrorCode::DiskFull {
            return StoreError::DiskFull { path: path.to_string() };
        }
        if matches!(e.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) {
            return StoreError::Busy { path: path.to_string(), waited_ms: BUSY_TIMEOUT_MS };
        }
    }
    StoreError::Db { path: path.to_string(), what, source }
}

/// Options of the story pipeline run by the store.
#[derive(Debug, Clone, Default)]
pub struct StoreOptions {
    pub digest: tidings_digest::Options,
}

/// Open read connections: at most [`READERS`], so that a burst of requests waits for a
/// connection instead of opening (and parsing the schema for) a new one each time.
#[derive(Default)]
struct Pool {
    idle: Vec<Connection>,
    open: usize,
}

/// A store in one SQLite file.
pub struct SqliteStore {
    pub(crate) path: String,
    pub(crate) writer: Mutex<Connection>,
    readers: Mutex<Pool>,
    /// Signalled when a reader goes back to the pool.
    returned: std::sync::Condvar,
    pub(crate) opts: StoreOptions,
    pub(crate) failpoints: Armed,
}

fn setup(conn: &Connection, path: &str) -> Result<()> {
    // The busy timeout first: even `PRAGMA journal_mode` takes a lock on a new file, and a second
    // process opening the store at the same moment must wait for it, not fail.
    conn.busy_timeout(std::time::Duration::from_millis(BUSY_TIMEOUT_MS)).map_err(|e| map_err(path, "cannot set the busy timeout", e))?;
    // WAL lets readers go on while a batch is written; synchronous=FULL makes a commit durable
    // once it returns, so a crash (or power loss) after it loses nothing.
    conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")
        .map_err(|e| map_err(path, "cannot set up the connection", e))?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(())
}

impl SqliteStore {
    /// Opens (creating it if needed) the store in a data directory.
    pub fn open_dir(dir: &Path) -> Result<SqliteStore> {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir { path: dir.display().to_string(), source })?;
        SqliteStore::open(&dir.join(crate::DB_FILE))
    }

    /// Opens (creating it if needed) a store file, migrating an older schema.
    pub fn open(file: &Path) -> Result<SqliteStore> {
        SqliteStore::open_with(file, StoreOptions::default())
    }

    pub fn open_with(file: &Path, opts: StoreOptions) -> Result<SqliteStore> {
        let path = file.display().to_string();
        // Processes opening a new store at once race for its creation: switching a new file to
        // WAL and its first migration can answer "busy" at once, without the busy timeout (WAL
        // recovery, a snapshot another process moved on from). Such an open starts over, with a
        // pause, until the busy timeout has passed.
        let started = std::time::Instant::now();
        let mut pause = std::time::Duration::from_millis(WRITE_RETRY_PAUSE_MS / 4);
        let writer = loop {
            let attempt = (|| {
                let mut writer = Connection::open(file).map_err(|e| map_err(&path, "cannot open", e))?;
                setup(&writer, &path)?;
                crate::schema::migrate_to(&mut writer, &path, crate::SCHEMA_VERSION)?;
                Ok(writer)
            })();
            match attempt {
                Err(StoreError::Busy { .. }) if started.elapsed() < std::time::Duration::from_millis(BUSY_TIMEOUT_MS) => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(std::time::Duration::from_millis(1_000));
                }
                other => break other?,
            }
        };
        Ok(SqliteStore {
            path,
            writer: Mutex::new(writer),
            readers: Mutex::new(Pool::default()),
            returned: std::sync::Condvar::new(),
            opts,
            failpoints: Armed::from_env(),
        })
    }

    /// The database file.
    pub fn file(&self) -> PathBuf {
        PathBuf::from(&self.path)
    }

    /// Arms (or with `None` disarms) a failpoint of this store.
    #[cfg(feature = "failpoints")]
    pub fn set_failpoint(&self, name: &str, action: Option<crate::failpoint::Action>) {
        self.failpoints.set(name, action);
    }

    /// Runs SQLite's `PRAGMA integrity_check` and returns its verdict (`"ok"` when sound).
    pub fn integrity_check(&self) -> Result<String> {
        self.read(|c| {
            let rows: Vec<String> = c.prepare("PRAGMA integrity_check")?.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
            Ok(rows.join("; "))
        })
    }

    pub(crate) fn err(&self, what: &'static str) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        move |e| map_err(&self.path, what, e)
    }

    /// Runs `f` on a pooled read-only connection.
    fn read<T>(&self, f: impl FnOnce(&Connection) -> rusqlite::Result<T>) -> Result<T> {
        let conn = {
            let mut pool = self.readers.lock().unwrap_or_else(|e| e.into_inner());
            loop {
                if let Some(c) = pool.idle.pop() {
                    break Some(c);
                }
                if pool.open < READERS {
                    pool.open += 1;
                    break None;
                }
                pool = self.returned.wait(pool).unwrap_or_else(|e| e.into_inner());
            }
        };
        let conn = match conn {
            Some(c) => c,
            None => match self.open_reader() {
                Ok(c) => c,
                Err(e) => {
                    self.readers.lock().unwrap_or_else(|e| e.into_inner()).open -= 1;
                    self.returned.notify_one();
                    return Err(e);
                }
            },
        };
        let out = f(&conn).map_err(self.err("query failed"));
        self.readers.lock().unwrap_or_else(|e| e.into_inner()).idle.push(conn);
        self.returned.notify_one();
        out
    }

    fn open_reader(&self) -> Result<Connection> {
        let c = Connection::open_with_flags(&self.path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(self.err("cannot open a reader"))?;
        c.busy_timeout(std::time::Duration::from_millis(BUSY_TIMEOUT_MS)).map_err(self.err("cannot set the busy timeout"))?;
        c.set_prepared_statement_cache_capacity(64);
        Ok(c)
    }
}

fn opt_time(ms: Option<i64>) -> Option<String> {
    ms.map(rfc3339_ms)
}

fn story_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoryRow> {
    let outlets: String = r.get(4)?;
    Ok(StoryRow {
        id: r.get(0)?,
        headline: r.get(1)?,
        sources: r.get(2)?,
        articles: r.get(3)?,
        outlets: serde_json::from_str(&outlets).unwrap_or_default(),
        conflict: r.get::<_, i64>(5)? != 0,
        created: rfc3339_ms(r.get(6)?),
        updated: rfc3339_ms(r.get(7)?),
        gist: r.get(8)?,
        language: r.get(9)?,
        event: r.get(10)?,
        first_published: opt_time(r.get(11)?),
        last_published: opt_time(r.get(12)?),
        latest: rfc3339_ms(r.get(13)?),
        edited: r.get::<_, i64>(14)? != 0,
    })
}

const STORY_COLS: &str = "id, headline, sources, n_articles, outlets, conflict, created_ms, updated_ms, gist, language, event_date, first_published_ms, last_published_ms, last_time_ms, edited";

/// The story list's filters (`?1` outlet key, `?2` name, `?3` language, `?4` from, `?5` to), on
/// the table `stories`. Without a date range, `?4` and `?5` are null and the date part holds.
const STORY_FILTER: &str = "(?1 IS NULL OR EXISTS (SELECT 1 FROM story_facets f WHERE f.story_id = stories.id AND f.kind = 'outlet' AND f.value = ?1))
    AND (?2 IS NULL OR EXISTS (SELECT 1 FROM story_facets f WHERE f.story_id = stories.id AND f.kind IN ('person', 'place', 'organization') AND f.value = ?2))
    AND (?3 IS NULL OR EXISTS (SELECT 1 FROM story_facets f WHERE f.story_id = stories.id AND f.kind = 'language' AND f.value = ?3))";
/// The date part of the story list's filter. Every form names `?4` and `?5`, which SQLite wants
/// bound.
fn story_date(q: &StoryQuery) -> &'static str {
    if q.undated {
        "last_published_ms IS NULL AND ?4 IS ?4 AND ?5 IS ?5"
    } else if q.dated() {
        STORY_DATED
    } else {
        "?4 IS ?4 AND ?5 IS ?5"
    }
}

const STORY_DATED: &str =
    "EXISTS (SELECT 1 FROM articles a WHERE a.story_id = stories.id AND a.superseded_by IS NULL AND a.published IS NOT NULL
    AND (?4 IS NULL OR a.time_ms >= ?4) AND (?5 IS NULL OR a.time_ms < ?5))";

/// Turns a user's words into an FTS5 query: every word must occur; operators are not exposed.
pub(crate) fn fts_query(q: &str, phrase: Option<&str>) -> Option<String> {
    let mut parts: Vec<String> = crate::query_words(q).into_iter().map(|w| format!("\"{w}\"")).collect();
    if let Some(p) = phrase {
        let w = crate::query_words(p);
        if !w.is_empty() {
            parts.push(format!("\"{}\"", w.join(" ")));
        }
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

fn spans(json: &str) -> Vec<[usize; 2]> {
    serde_json::from_str(json).unwrap_or_default()
}

impl Store for SqliteStore {
    fn ingest_at(&self, docs: Vec<tidings_ingest::RawDoc>, now_ms: i64) -> Result<crate::IngestReport> {
        crate::update::ingest(self, docs, now_ms)
    }

    fn stories(&self, q: &StoryQuery) -> Result<StoryPage> {
        let limit = q.limit.clamp(1, MAX_PAGE);
        let order = match q.sort {
            Sort::Latest => "last_time_ms DESC, seq DESC",
            Sort::Size => "n_articles DESC, last_time_ms DESC, seq DESC",
        };
        let (outlet, entity, language) = q.keys();
        let date = story_date(q);
        let filtered = outlet.is_some() || entity.is_some() || language.is_some() || q.undated || q.dated();
        self.read(|c| {
            let params = rusqlite::params![outlet, entity, language, q.from_ms, q.to_ms];
            let sql = format!("SELECT {STORY_COLS} FROM stories WHERE {STORY_FILTER} AND {date} ORDER BY {order} LIMIT ?6 OFFSET ?7");
            let stories = c
                .prepare_cached(&sql)?
                .query_map(rusqlite::params![outlet, entity, language, q.from_ms, q.to_ms, limit as i64, q.offset as i64], story_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let total: u64 = if !filtered {
                c.prepare_cached("SELECT value FROM store_meta WHERE key = 'stories'")?.query_row([], |r| r.get(0))?
            } else {
                c.prepare_cached(&format!("SELECT COUNT(*) FROM stories WHERE {STORY_FILTER} AND {date}"))?
                    .query_row(params, |r| r.get(0))?
            };
            let undated: Option<u64> = if q.dated() && !q.undated {
                let sql =
                    format!("SELECT COUNT(*) FROM stories WHERE {STORY_FILTER} AND last_published_ms IS NULL AND ?4 IS ?4 AND ?5 IS ?5");
                Some(c.prepare_cached(&sql)?.query_row(params, |r| r.get(0))?)
            } else {
                None
            };
            Ok(StoryPage { stories, total, offset: q.offset, limit, sort: q.sort, undated })
        })
    }

    fn facets(&self, q: &StoryQuery) -> Result<Facets> {
        let (outlet, entity, language) = q.keys();
        let date = story_date(q);
        self.read(|c| {
            let sql = format!(
                "SELECT g.kind, g.value, MIN(g.label), COUNT(*) FROM story_facets g JOIN stories ON stories.id = g.story_id
                 WHERE {STORY_FILTER} AND {date} GROUP BY g.kind, g.value"
            );
            let rows = c
                .prepare_cached(&sql)?
                .query_map(rusqlite::params![outlet, entity, language, q.from_ms, q.to_ms], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, i64>(3)? as u64))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(Facets::from_rows(rows))
        })
    }

    fn story(&self, id: &str) -> Result<Option<StoredStory>> {
        self.read(|c| {
            let sql = format!("SELECT {STORY_COLS}, wire FROM stories WHERE id = ?1");
            let get = |id: &str| -> rusqlite::Result<Option<StoredStory>> {
                c.prepare_cached(&sql)?.query_row([id], |r| Ok(StoredStory { row: story_row(r)?, json: r.get(15)? })).optional()
            };
            if let Some(s) = get(id)? {
                return Ok(Some(s));
            }
            let alias: Option<String> =
                c.prepare_cached("SELECT new_id FROM story_aliases WHERE old_id = ?1")?.query_row([id], |r| r.get(0)).optional()?;
            match alias {
                Some(a) => get(&a),
                None => Ok(None),
            }
        })
    }

    fn story_row(&self, id: &str) -> Result<Option<StoryRow>> {
        self.read(|c| {
            let sql = format!(
                "SELECT {STORY_COLS} FROM stories WHERE id = ?1
                 UNION ALL SELECT {STORY_COLS} FROM stories WHERE id = (SELECT new_id FROM story_aliases WHERE old_id = ?1) LIMIT 1"
            );
            c.prepare_cached(&sql)?.query_row([id], story_row).optional()
        })
    }

    fn changes(&self, id: &str, since_ms: i64) -> Result<Option<Vec<Change>>> {
        let Some(story) = self.story_row(id)? else { return Ok(None) };
        let rows = self.read(|c| {
            c.prepare_cached("SELECT at_ms, created, articles, sentences, conflicts, edit FROM story_changes WHERE story_id = ?1 AND at_ms >= ?2 ORDER BY at_ms, seq")?
                .query_map((&story.id, since_ms), |r| {
                    let at_ms: i64 = r.get(0)?;
                    let (a, s, k): (String, String, String) = (r.get(2)?, r.get(3)?, r.get(4)?);
                    Ok(Change {
                        at: rfc3339_ms(at_ms),
                        at_ms,
                        created: r.get::<_, i64>(1)? != 0,
                        articles: serde_json::from_str::<Vec<ChangedArticle>>(&a).unwrap_or_default(),
                        sentences: serde_json::from_str(&s).unwrap_or_default(),
                        conflicts: serde_json::from_str(&k).unwrap_or_default(),
                        edit: r.get(5)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()
        })?;
        Ok(Some(rows))
    }

    fn article(&self, id: &str) -> Result<Option<ArticleView>> {
        self.read(|c| {
            c.prepare_cached(
                "SELECT id, story_id, path, url, outlet, title, byline, published, language, copy_of, words, text, paragraphs, sentences, summary, revision, superseded_by, ingested_ms FROM articles WHERE id = ?1",
            )?
            .query_row([id], |r| {
                let text: String = r.get(11)?;
                let sentences = spans(&r.get::<_, String>(13)?);
                let picks: Vec<usize> = serde_json::from_str(&r.get::<_, String>(14)?).unwrap_or_default();
                let (summary, dateline) = tidings_digest::wire::stored_summary(&text, &sentences, &picks);
                let words: usize = r.get::<_, i64>(10)? as usize;
                Ok(ArticleView {
                    article: tidings_digest::wire::WireArticle {
                        id: r.get(0)?,
                        path: r.get(2)?,
                        url: r.get(3)?,
                        outlet: r.get(4)?,
                        title: r.get(5)?,
                        byline: r.get(6)?,
                        published: r.get(7)?,
                        language: r.get(8)?,
                        copy_of: r.get(9)?,
                        dateline,
                        read_minutes: tidings_text::read_minutes(words),
                        words,
                        summary,
                        text,
                    },
                    story: r.get(1)?,
                    paragraphs: spans(&r.get::<_, String>(12)?),
                    revision: r.get(15)?,
                    superseded_by: r.get(16)?,
                    ingested: rfc3339_ms(r.get(17)?),
                })
            })
            .optional()
        })
    }

    fn search(&self, q: &SearchQuery) -> Result<SearchResults> {
        let Some(fts) = fts_query(&q.q, q.entity.as_deref()) else {
            return Err(StoreError::BadQuery("the search has no words: type at least one word".into()));
        };
        let limit = if q.limit == 0 { DEFAULT_HITS } else { q.limit.min(MAX_HITS) } as i64;
        let outlet = q.outlet.as_deref().and_then(crate::outlet_key);
        let dated = q.from_ms.is_some() || q.to_ms.is_some();
        self.read(|c| {
            // ?6: 1 for dated articles in the range, 0 for undated ones (listed apart), null for all.
            let article_sql = "SELECT a.id, a.story_id, a.title, a.outlet, a.published,
                        snippet(articles_fts, 1, char(2), char(3), '…', 24)
                 FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid
                 WHERE articles_fts MATCH ?1 AND a.superseded_by IS NULL
                   AND (?2 IS NULL OR lower(a.outlet) IN (?2, 'www.' || ?2))
                   AND (?6 IS NULL OR (?6 = 1 AND a.published IS NOT NULL AND (?3 IS NULL OR a.time_ms >= ?3) AND (?4 IS NULL OR a.time_ms < ?4))
                        OR (?6 = 0 AND a.published IS NULL))
                 ORDER BY bm25(articles_fts, 4.0, 1.0, 1.0) LIMIT ?5";
            let hits = |which: Option<i64>, n: i64| -> rusqlite::Result<Vec<ArticleHit>> {
                c.prepare_cached(article_sql)?
                    .query_map(rusqlite::params![fts, outlet, q.from_ms, q.to_ms, n, which], |r| {
                        Ok(ArticleHit {
                            id: r.get(0)?,
                            story: r.get(1)?,
                            title: r.get(2)?,
                            outlet: r.get(3)?,
                            published: r.get(4)?,
                            snippet: crate::marked_snippet(r.get(5)?),
                        })
                    })?
                    .collect()
            };
            let mut articles = hits(dated.then_some(1), MAX_HITS as i64)?;
            let undated = if dated { hits(Some(0), limit)? } else { Vec::new() };
            let mut stories = c
                .prepare_cached(&format!(
                    "SELECT stories.id, stories.headline, stories.sources, stories.n_articles, snippet(stories_fts, 1, char(2), char(3), '…', 24)
                     FROM stories_fts JOIN stories ON stories.seq = stories_fts.rowid
                     WHERE stories_fts MATCH ?6 AND {STORY_FILTER} AND (?7 = 0 OR {STORY_DATED})
                     ORDER BY bm25(stories_fts, 4.0, 1.0) LIMIT ?8"
                ))?
                .query_map(rusqlite::params![outlet, None::<String>, None::<String>, q.from_ms, q.to_ms, fts, dated, limit], |r| {
                    Ok(StoryHit {
                        id: r.get(0)?,
                        headline: r.get(1)?,
                        sources: r.get(2)?,
                        articles: r.get(3)?,
                        snippet: crate::marked_snippet(r.get(4)?),
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            // Stories found through their articles, in the order of their best article.
            let mut row = c.prepare_cached("SELECT id, headline, sources, n_articles FROM stories WHERE id = ?1")?;
            for a in &articles {
                if stories.len() as i64 >= limit {
                    break;
                }
                let Some(sid) = &a.story else { continue };
                if stories.iter().any(|s| &s.id == sid) {
                    continue;
                }
                let hit = row
                    .query_row([sid], |r| {
                        Ok(StoryHit { id: r.get(0)?, headline: r.get(1)?, sources: r.get(2)?, articles: r.get(3)?, snippet: a.snippet.clone() })
                    })
                    .optional()?;
                stories.extend(hit);
            }
            articles.truncate(limit as usize);
            Ok(SearchResults { stories, articles, undated })
        })
    }

    fn correct_at(&self, c: &Correction, now_ms: i64) -> Result<Corrected> {
        crate::update::correct(self, c, now_ms)
    }

    fn undo_at(&self, correction: i64, now_ms: i64) -> Result<Corrected> {
        crate::update::undo(self, correction, now_ms)
    }

    fn corrections(&self, story: &str) -> Result<Option<Vec<CorrectionView>>> {
        let Some(s) = self.story_row(story)? else { return Ok(None) };
        let rows = self.read(|c| {
            c.prepare_cached(
                "SELECT seq, kind, story_id, other_id, note, at_ms, undone_ms FROM corrections
                 WHERE story_id IN (?1, ?2) OR other_id IN (?1, ?2) ORDER BY seq",
            )?
            .query_map((story, &s.id), |r| {
                Ok(CorrectionView {
                    id: r.get(0)?,
                    kind: r.get(1)?,
                    story: r.get(2)?,
                    other: r.get(3)?,
                    note: r.get(4)?,
                    at: rfc3339_ms(r.get(5)?),
                    undone: opt_time(r.get(6)?),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()
        })?;
        Ok(Some(rows))
    }

    fn version(&self) -> Result<i64> {
        self.read(|c| c.prepare_cached("SELECT value FROM store_meta WHERE key = 'batches'")?.query_row([], |r| r.get(0)))
    }

    fn stats(&self) -> Result<Stats> {
        self.read(|c| {
            let meta = |key: &str| -> rusqlite::Result<Option<i64>> {
                c.prepare_cached("SELECT value FROM store_meta WHERE key = ?1")?
                    .query_row([key], |r| r.get(0))
                    .optional()
                    .map(Option::flatten)
            };
            let (articles, outlets, stories) =
                (meta("articles")?.unwrap_or(0) as u64, meta("outlets")?.unwrap_or(0) as u64, meta("stories")?.unwrap_or(0) as u64);
            let updated = meta("updated_ms")?.filter(|&t| t > 0);
            let schema_version = c.query_row("SELECT COALESCE(MAX(version), 0) FROM schema_version", [], |r| r.get(0))?;
            Ok(Stats { articles, stories, outlets, updated: updated.map(rfc3339_ms), schema_version })
        })
    }
}
