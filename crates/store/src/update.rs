//! Incremental ingest on SQLite: the batch algorithm of [`crate::batch`] over one SQLite
//! transaction, both halves (insert, regroup) in it, so a batch is all or nothing.

use rusqlite::{OptionalExtension, Transaction, TransactionBehavior};
use tidings_ingest::RawDoc;
use tidings_model::Article;

use crate::batch::{BatchTx, ChangeWrite, LoadedArticle, NewArticle, Previous, Scope, StoryWrite};
use crate::corrections::{CorrectionRow, CorrectionWrite};
use crate::sqlite::SqliteStore;
use crate::{Corrected, Correction, IngestReport, Result, StoreError};

/// One batch in one transaction. The write lock is taken up front (`BEGIN IMMEDIATE`): a
/// deferred transaction that reads first and writes later cannot wait for the lock when another
/// process holds it, SQLite refuses it at once. Taking the lock waits up to the busy timeout;
/// when another writer keeps it longer, the batch is tried again after a growing pause, and
/// after [`WRITE_RETRIES`](crate::WRITE_RETRIES) more tries the error is [`StoreError::Busy`].
pub(crate) fn ingest(store: &SqliteStore, docs: Vec<RawDoc>, now: i64) -> Result<IngestReport> {
    write(store, |tx| crate::batch::ingest(tx, docs, now, &store.opts.digest))
}

/// A correction by hand in one transaction, like a batch.
pub(crate) fn correct(store: &SqliteStore, c: &Correction, now: i64) -> Result<Corrected> {
    write(store, |tx| crate::corrections::correct(tx, c, now, &store.opts.digest))
}

pub(crate) fn undo(store: &SqliteStore, id: i64, now: i64) -> Result<Corrected> {
    write(store, |tx| crate::corrections::undo(tx, id, now, &store.opts.digest))
}

/// Runs `f` in one write transaction and commits it when `f` succeeds.
fn write<T>(store: &SqliteStore, f: impl FnOnce(&mut dyn BatchTx) -> Result<T>) -> Result<T> {
    let mut conn = store.writer.lock().unwrap_or_else(|e| e.into_inner());
    let mut pause = crate::WRITE_RETRY_PAUSE_MS;
    let mut tries = 0;
    loop {
        match conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(store.err("cannot start a batch")) {
            Ok(tx) => {
                let out = f(&mut SqliteTx { store, tx: &tx })?;
                tx.commit().map_err(store.err("cannot commit the batch"))?;
                return Ok(out);
            }
            Err(StoreError::Busy { .. }) if tries < crate::WRITE_RETRIES => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(pause));
                pause *= 2;
            }
            Err(e) => return Err(e),
        }
    }
}

struct SqliteTx<'a> {
    store: &'a SqliteStore,
    tx: &'a Transaction<'a>,
}

impl SqliteTx<'_> {
    fn e(&self, what: &'static str) -> impl Fn(rusqlite::Error) -> crate::StoreError + '_ {
        self.store.err(what)
    }
}

const LOAD_COLS: &str =
    "id, path, url, outlet, title, byline, published, language, text, paragraphs, sentences, summary, story_id, copy_of, time_ms, pending, prev_story";

fn loaded(r: &rusqlite::Row<'_>) -> rusqlite::Result<LoadedArticle> {
    let published: Option<String> = r.get(6)?;
    Ok(LoadedArticle {
        article: Article {
            id: r.get(0)?,
            path: r.get(1)?,
            url: r.get(2)?,
            outlet: r.get(3)?,
            title: r.get(4)?,
            byline: r.get(5)?,
            published: published.and_then(|p| chrono::DateTime::parse_from_rfc3339(&p).ok()),
            language: r.get(7)?,
            text: r.get(8)?,
            paragraphs: crate::batch::parse_spans(&r.get::<_, String>(9)?),
            sentences: crate::batch::parse_spans(&r.get::<_, String>(10)?),
            copy_of: None,
            // Not stored: the sentence spans, which are, already leave it out.
            dateline: None,
        },
        summary: serde_json::from_str(&r.get::<_, String>(11)?).unwrap_or_default(),
        story: r.get(12)?,
        copy_of: r.get(13)?,
        time_ms: r.get(14)?,
        pending: r.get::<_, i64>(15)? != 0,
        prev_story: r.get(16)?,
    })
}

impl BatchTx for SqliteTx<'_> {
    fn failpoint(&mut self, name: &str) -> Result<()> {
        self.store.failpoints.hit(name, &self.store.path)
    }

    fn is_known(&mut self, key: &str, hash: &str) -> Result<bool> {
        let mut st = self
            .tx
            .prepare_cached("SELECT 1 FROM articles WHERE key = ?1 AND content_hash = ?2")
            .map_err(self.e("cannot look up articles"))?;
        st.exists((key, hash)).map_err(self.e("cannot look up articles"))
    }

    fn current_revision(&mut self, key: &str) -> Result<Previous> {
        self.tx
            .prepare_cached(
                "SELECT id, revision, story_id FROM articles WHERE key = ?1 AND superseded_by IS NULL ORDER BY revision DESC LIMIT 1",
            )
            .and_then(|mut st| st.query_row([key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).optional())
            .map_err(self.e("cannot look up articles"))
    }

    fn insert_article(&mut self, n: &NewArticle<'_>) -> Result<bool> {
        let a = n.article;
        let changed = self
            .tx
            .prepare_cached(
                "INSERT OR IGNORE INTO articles (id, key, content_hash, revision, path, url, outlet, title, byline, published, time_ms, language, text, paragraphs, sentences, summary, words, ingested_ms, pending, prev_story)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, 1, ?19)",
            )
            .and_then(|mut st| {
                st.execute(rusqlite::params![
                    a.id,
                    n.key,
                    n.hash,
                    n.revision,
                    a.path,
                    a.url,
                    a.outlet,
                    a.title,
                    a.byline,
                    a.published.map(|p| p.to_rfc3339()),
                    n.time_ms,
                    a.language,
                    a.text,
                    n.paragraphs,
                    n.sentences,
                    n.summary,
                    n.words,
                    n.ingested_ms,
                    n.prev_story,
                ])
            })
            .map_err(self.e("cannot write an article"))?;
        Ok(changed > 0)
    }

    fn supersede(&mut self, old_id: &str, new_id: &str) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE articles SET superseded_by = ?1, story_id = NULL, pending = 0 WHERE id = ?2")
            .and_then(|mut st| st.execute((new_id, old_id)))
            .map_err(self.e("cannot write articles"))?;
        Ok(())
    }

    fn count_current(&mut self) -> Result<i64> {
        self.tx
            .query_row("SELECT COUNT(*) FROM articles WHERE superseded_by IS NULL", [], |r| r.get(0))
            .map_err(self.e("cannot count articles"))
    }

    fn oldest_pending_ms(&mut self) -> Result<Option<i64>> {
        self.tx
            .query_row("SELECT MIN(time_ms) FROM articles WHERE pending = 1 AND superseded_by IS NULL", [], |r| r.get(0))
            .map_err(self.e("cannot read articles"))
    }

    fn load(&mut self, scope: Scope) -> Result<Vec<LoadedArticle>> {
        let current = format!("SELECT {LOAD_COLS} FROM articles WHERE superseded_by IS NULL");
        let order = "ORDER BY time_ms, seq";
        let e = self.e("cannot read articles");
        match scope {
            Scope::All => self.tx.prepare(&format!("{current} {order}")).and_then(|mut st| st.query_map([], loaded)?.collect()),
            Scope::Window { from_ms } => self
                .tx
                .prepare(&format!(
                    "{current} AND (pending = 1 OR story_id IS NULL OR story_id IN (SELECT id FROM stories WHERE last_time_ms >= ?1)
                       OR story_id IN (SELECT prev_story FROM articles WHERE pending = 1 AND superseded_by IS NULL)) {order}"
                ))
                .and_then(|mut st| st.query_map([from_ms], loaded)?.collect()),
        }
        .map_err(e)
    }

    fn story_id_used(&mut self, id: &str) -> Result<bool> {
        self.tx
            .prepare_cached(
                "SELECT 1 WHERE EXISTS (SELECT 1 FROM stories WHERE id = ?1) OR EXISTS (SELECT 1 FROM story_aliases WHERE old_id = ?1)",
            )
            .and_then(|mut st| st.exists([id]))
            .map_err(self.e("cannot look up stories"))
    }

    fn stored_story(&mut self, id: &str) -> Result<Option<(String, i64)>> {
        self.tx
            .prepare_cached("SELECT wire, created_ms FROM stories WHERE id = ?1")
            .and_then(|mut st| st.query_row([id], |r| Ok((r.get(0)?, r.get(1)?))).optional())
            .map_err(self.e("cannot read a story"))
    }

    fn upsert_story(&mut self, s: &StoryWrite<'_>) -> Result<()> {
        let x = s.extras;
        self.tx
            .prepare_cached(
                "INSERT INTO stories (id, headline, summary_text, sources, n_articles, outlets, conflict, created_ms, updated_ms, last_time_ms, wire,
                                      gist, language, event_date, first_published_ms, last_published_ms, edited)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
                 ON CONFLICT(id) DO UPDATE SET headline = excluded.headline, summary_text = excluded.summary_text, sources = excluded.sources,
                   n_articles = excluded.n_articles, outlets = excluded.outlets, conflict = excluded.conflict, updated_ms = excluded.updated_ms,
                   last_time_ms = excluded.last_time_ms, wire = excluded.wire, gist = excluded.gist, language = excluded.language,
                   event_date = excluded.event_date, first_published_ms = excluded.first_published_ms,
                   last_published_ms = excluded.last_published_ms, edited = excluded.edited",
            )
            .and_then(|mut st| {
                st.execute(rusqlite::params![
                    s.id,
                    s.headline,
                    s.summary_text,
                    s.sources,
                    s.n_articles,
                    s.outlets,
                    s.conflict,
                    s.created_ms,
                    s.updated_ms,
                    s.last_time_ms,
                    s.wire,
                    x.gist,
                    x.language,
                    x.event_date,
                    x.first_published_ms,
                    x.last_published_ms,
                    s.edited,
                ])
            })
            .map_err(self.e("cannot write a story"))?;
        let e = self.e("cannot write a story's filter values");
        self.tx.prepare_cached("DELETE FROM story_facets WHERE story_id = ?1").and_then(|mut st| st.execute([s.id])).map_err(&e)?;
        let mut st = self
            .tx
            .prepare_cached("INSERT OR IGNORE INTO story_facets (story_id, kind, value, label) VALUES (?1, ?2, ?3, ?4)")
            .map_err(&e)?;
        for (kind, value, label) in &x.facets {
            st.execute((s.id, kind, value, label)).map_err(&e)?;
        }
        Ok(())
    }

    fn set_story(&mut self, article: &str, story: &str, copy_of: Option<&str>) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE articles SET story_id = ?1, copy_of = ?2, pending = 0 WHERE id = ?3")
            .and_then(|mut st| st.execute((story, copy_of, article)))
            .map_err(self.e("cannot write articles"))?;
        Ok(())
    }

    fn clear_pending(&mut self, articles: &[&str]) -> Result<()> {
        let mut st = self.tx.prepare_cached("UPDATE articles SET pending = 0 WHERE id = ?1").map_err(self.e("cannot write articles"))?;
        for a in articles {
            st.execute([a]).map_err(self.e("cannot write articles"))?;
        }
        Ok(())
    }

    fn add_change(&mut self, c: &ChangeWrite<'_>) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO story_changes (story_id, at_ms, created, articles, sentences, conflicts, edit) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )
            .and_then(|mut st| st.execute(rusqlite::params![c.story, c.at_ms, c.created, c.articles, c.sentences, c.conflicts, c.edit]))
            .map_err(self.e("cannot write history"))?;
        Ok(())
    }

    fn merge_story(&mut self, old: &str, into: Option<&str>) -> Result<()> {
        let e = self.e("cannot write a story");
        self.tx.execute("DELETE FROM stories WHERE id = ?1", [old]).map_err(&e)?;
        self.tx.execute("DELETE FROM story_facets WHERE story_id = ?1", [old]).map_err(&e)?;
        if let Some(new) = into {
            self.tx.execute("INSERT OR REPLACE INTO story_aliases (old_id, new_id) VALUES (?1, ?2)", (old, new)).map_err(&e)?;
            self.tx.execute("UPDATE story_aliases SET new_id = ?1 WHERE new_id = ?2", (new, old)).map_err(&e)?;
        }
        Ok(())
    }

    fn update_counters(&mut self, now: i64) -> Result<()> {
        self.tx
            .execute_batch(&format!(
                "UPDATE store_meta SET value = (SELECT COUNT(*) FROM articles WHERE superseded_by IS NULL) WHERE key = 'articles';
                 UPDATE store_meta SET value = (SELECT COUNT(DISTINCT lower(outlet)) FROM articles WHERE superseded_by IS NULL) WHERE key = 'outlets';
                 UPDATE store_meta SET value = (SELECT COUNT(*) FROM stories) WHERE key = 'stories';
                 UPDATE store_meta SET value = {now} WHERE key = 'updated_ms';
                 UPDATE store_meta SET value = value + 1 WHERE key = 'batches';"
            ))
            .map_err(self.e("cannot update the counters"))
    }

    fn add_term_counts(&mut self, terms: &[(String, i64)], docs: i64) -> Result<()> {
        let mut st = self
            .tx
            .prepare_cached("INSERT INTO term_df (term, df) VALUES (?1, ?2) ON CONFLICT(term) DO UPDATE SET df = df + excluded.df")
            .map_err(self.e("cannot count terms"))?;
        // The empty term holds the number of documents.
        st.execute(("", docs)).map_err(self.e("cannot count terms"))?;
        for (t, n) in terms {
            st.execute((t, n)).map_err(self.e("cannot count terms"))?;
        }
        Ok(())
    }

    fn term_counts(&mut self, terms: &[String]) -> Result<tidings_story::DocFreqs> {
        let mut st = self.tx.prepare_cached("SELECT df FROM term_df WHERE term = ?1").map_err(self.e("cannot read term counts"))?;
        let mut get =
            |t: &str| -> Result<Option<i64>> { st.query_row([t], |r| r.get(0)).optional().map_err(self.e("cannot read term counts")) };
        let docs = get("")?.unwrap_or(0).max(0) as u64;
        let mut df = rustc_hash::FxHashMap::default();
        for t in terms {
            if let Some(n) = get(t)? {
                df.insert(t.clone(), n.max(0) as u64);
            }
        }
        Ok(tidings_story::DocFreqs { docs, df })
    }

    fn resolve_story(&mut self, id: &str) -> Result<Option<String>> {
        self.tx
            .prepare_cached(
                "SELECT id FROM stories WHERE id = ?1
                 UNION ALL SELECT s.id FROM story_aliases a JOIN stories s ON s.id = a.new_id WHERE a.old_id = ?1 LIMIT 1",
            )
            .and_then(|mut st| st.query_row([id], |r| r.get(0)).optional())
            .map_err(self.e("cannot look up stories"))
    }

    fn story_members(&mut self, story: &str) -> Result<Vec<(String, String)>> {
        self.tx
            .prepare_cached("SELECT id, title FROM articles WHERE story_id = ?1 AND superseded_by IS NULL ORDER BY time_ms, seq")
            .and_then(|mut st| st.query_map([story], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
            .map_err(self.e("cannot read articles"))
    }

    fn article_story(&mut self, article: &str) -> Result<Option<Option<String>>> {
        self.tx
            .prepare_cached("SELECT CASE WHEN superseded_by IS NULL THEN story_id END FROM articles WHERE id = ?1")
            .and_then(|mut st| st.query_row([article], |r| r.get(0)).optional())
            .map_err(self.e("cannot read articles"))
    }

    fn mark_pending(&mut self, stories: &[&str]) -> Result<()> {
        let mut st = self
            .tx
            .prepare_cached("UPDATE articles SET pending = 1 WHERE story_id = ?1 AND superseded_by IS NULL")
            .map_err(self.e("cannot write articles"))?;
        for s in stories {
            st.execute([s]).map_err(self.e("cannot write articles"))?;
        }
        Ok(())
    }

    fn add_correction(&mut self, c: &CorrectionWrite<'_>) -> Result<i64> {
        self.tx
            .prepare_cached("INSERT INTO corrections (kind, story_id, other_id, payload, note, at_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
            .and_then(|mut st| st.execute((c.kind, c.story, c.other, c.payload, c.note, c.at_ms)))
            .map_err(self.e("cannot write a correction"))?;
        Ok(self.tx.last_insert_rowid())
    }

    fn active_corrections(&mut self) -> Result<Vec<CorrectionRow>> {
        self.tx
            .prepare_cached("SELECT seq, kind, payload, note FROM corrections WHERE undone_ms IS NULL ORDER BY seq")
            .and_then(|mut st| {
                st.query_map([], |r| {
                    Ok(CorrectionRow { id: r.get(0)?, kind: r.get(1)?, payload: r.get(2)?, note: r.get(3)?, undone: false })
                })?
                .collect()
            })
            .map_err(self.e("cannot read corrections"))
    }

    fn correction(&mut self, id: i64) -> Result<Option<CorrectionRow>> {
        self.tx
            .prepare_cached("SELECT seq, kind, payload, note, undone_ms IS NOT NULL FROM corrections WHERE seq = ?1")
            .and_then(|mut st| {
                st.query_row([id], |r| {
                    Ok(CorrectionRow { id: r.get(0)?, kind: r.get(1)?, payload: r.get(2)?, note: r.get(3)?, undone: r.get(4)? })
                })
                .optional()
            })
            .map_err(self.e("cannot read corrections"))
    }

    fn set_undone(&mut self, id: i64, now: i64) -> Result<()> {
        self.tx.execute("UPDATE corrections SET undone_ms = ?2 WHERE seq = ?1", (id, now)).map_err(self.e("cannot write a correction"))?;
        Ok(())
    }

    fn drop_alias(&mut self, id: &str) -> Result<()> {
        self.tx.execute("DELETE FROM story_aliases WHERE old_id = ?1", [id]).map_err(self.e("cannot write a story"))?;
        Ok(())
    }
}
