//! The batch algorithm's row operations on one PostgreSQL transaction.

use postgres::Transaction;
use tidings_model::Article;
use tidings_store::batch::{BatchTx, ChangeWrite, LoadedArticle, NewArticle, Previous, Scope, StoryWrite};
use tidings_store::corrections::{CorrectionRow, CorrectionWrite};
use tidings_store::Result;

use crate::{PgStore, GROUP_LOCK, KEY_LOCK_CLASS};

pub(crate) struct PgTx<'s, 't, 'c> {
    pub(crate) store: &'s PgStore,
    pub(crate) tx: &'t mut Transaction<'c>,
    /// Whether this transaction holds [`GROUP_LOCK`] already.
    pub(crate) global_locked: bool,
}

const LOAD_COLS: &str =
    "id, path, url, outlet, title, byline, published, language, text, paragraphs, sentences, summary, story_id, copy_of, time_ms, pending, prev_story";

fn loaded(r: &postgres::Row) -> LoadedArticle {
    let published: Option<String> = r.get(6);
    LoadedArticle {
        article: Article {
            id: r.get(0),
            path: r.get(1),
            url: r.get(2),
            outlet: r.get(3),
            title: r.get(4),
            byline: r.get(5),
            published: published.and_then(|p| chrono::DateTime::parse_from_rfc3339(&p).ok()),
            language: r.get(7),
            text: r.get(8),
            paragraphs: tidings_store::batch::parse_spans(r.get(9)),
            sentences: tidings_store::batch::parse_spans(r.get(10)),
            copy_of: None,
            // Not stored: the sentence spans, which are, already leave it out.
            dateline: None,
        },
        summary: serde_json::from_str(r.get(11)).unwrap_or_default(),
        story: r.get(12),
        copy_of: r.get(13),
        time_ms: r.get(14),
        pending: r.get(15),
        prev_story: r.get(16),
    }
}

impl PgTx<'_, '_, '_> {
    fn e(&self, what: &'static str) -> impl Fn(postgres::Error) -> tidings_store::StoreError + '_ {
        self.store.err(what)
    }
}

impl BatchTx for PgTx<'_, '_, '_> {
    fn failpoint(&mut self, name: &str) -> Result<()> {
        self.store.failpoints.hit(name, &self.store.url)
    }

    fn is_known(&mut self, key: &str, hash: &str) -> Result<bool> {
        let r = self
            .tx
            .query_opt("SELECT 1 FROM articles WHERE key = $1 AND content_hash = $2", &[&key, &hash])
            .map_err(self.e("cannot look up articles"))?;
        Ok(r.is_some())
    }

    fn current_revision(&mut self, key: &str) -> Result<Previous> {
        // Two workers writing two revisions of one URL: one waits for the other's commit.
        self.tx
            .execute("SELECT pg_advisory_xact_lock($1, hashtext($2))", &[&KEY_LOCK_CLASS, &key])
            .map_err(self.e("cannot lock an article's URL"))?;
        let r = self
            .tx
            .query_opt(
                "SELECT id, revision, story_id FROM articles WHERE key = $1 AND superseded_by IS NULL ORDER BY revision DESC LIMIT 1",
                &[&key],
            )
            .map_err(self.e("cannot look up articles"))?;
        Ok(r.map(|r| (r.get(0), r.get::<_, i32>(1) as u32, r.get(2))))
    }

    fn insert_article(&mut self, n: &NewArticle<'_>) -> Result<bool> {
        let a = n.article;
        let published = a.published.map(|p| p.to_rfc3339());
        let changed = self
            .tx
            .execute(
                "INSERT INTO articles (id, key, content_hash, revision, path, url, outlet, title, byline, published, time_ms, language, text, paragraphs, sentences, summary, words, ingested_ms, pending, prev_story)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, TRUE, $19)
                 ON CONFLICT DO NOTHING",
                &[
                    &a.id,
                    &n.key,
                    &n.hash,
                    &(n.revision as i32),
                    &a.path,
                    &a.url,
                    &a.outlet,
                    &a.title,
                    &a.byline,
                    &published,
                    &n.time_ms,
                    &a.language,
                    &a.text,
                    &n.paragraphs,
                    &n.sentences,
                    &n.summary,
                    &n.words,
                    &n.ingested_ms,
                    &n.prev_story,
                ],
            )
            .map_err(self.e("cannot write an article"))?;
        Ok(changed > 0)
    }

    fn supersede(&mut self, old_id: &str, new_id: &str) -> Result<()> {
        // Taking an article out of its story is a story change: it waits for any grouping in
        // progress, and reads the old revision's story only then (it may have been pending when
        // the URL was looked up).
        if !self.global_locked {
            self.tx.execute("SELECT pg_advisory_xact_lock($1)", &[&GROUP_LOCK]).map_err(self.e("cannot take the grouping lock"))?;
            self.global_locked = true;
        }
        let old_story: Option<String> = self
            .tx
            .query_opt("SELECT story_id FROM articles WHERE id = $1 FOR UPDATE", &[&old_id])
            .map_err(self.e("cannot read articles"))?
            .and_then(|r| r.get(0));
        self.tx
            .execute("UPDATE articles SET superseded_by = $1, story_id = NULL, pending = FALSE WHERE id = $2", &[&new_id, &old_id])
            .map_err(self.e("cannot write articles"))?;
        self.tx
            .execute("UPDATE articles SET prev_story = $1 WHERE id = $2", &[&old_story, &new_id])
            .map_err(self.e("cannot write articles"))?;
        Ok(())
    }

    fn count_current(&mut self) -> Result<i64> {
        Ok(self
            .tx
            .query_one("SELECT COUNT(*) FROM articles WHERE superseded_by IS NULL", &[])
            .map_err(self.e("cannot count articles"))?
            .get(0))
    }

    fn oldest_pending_ms(&mut self) -> Result<Option<i64>> {
        Ok(self
            .tx
            .query_one("SELECT MIN(time_ms) FROM articles WHERE pending AND superseded_by IS NULL", &[])
            .map_err(self.e("cannot read articles"))?
            .get(0))
    }

    fn load(&mut self, scope: Scope) -> Result<Vec<LoadedArticle>> {
        let current = format!("SELECT {LOAD_COLS} FROM articles WHERE superseded_by IS NULL");
        // Time, then URL (or path): not insertion order, which depends on which worker wrote first.
        let order = "ORDER BY time_ms, key, id";
        let rows = match scope {
            Scope::All => self.tx.query(&format!("{current} {order}"), &[]),
            Scope::Window { from_ms } => self.tx.query(
                &format!(
                    "{current} AND (pending OR story_id IS NULL OR story_id IN (SELECT id FROM stories WHERE last_time_ms >= $1)
                       OR story_id IN (SELECT prev_story FROM articles WHERE pending AND superseded_by IS NULL)) {order}"
                ),
                &[&from_ms],
            ),
        }
        .map_err(self.e("cannot read articles"))?;
        Ok(rows.iter().map(loaded).collect())
    }

    fn story_id_used(&mut self, id: &str) -> Result<bool> {
        Ok(self
            .tx
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM stories WHERE id = $1) OR EXISTS (SELECT 1 FROM story_aliases WHERE old_id = $1)",
                &[&id],
            )
            .map_err(self.e("cannot look up stories"))?
            .get(0))
    }

    fn stored_story(&mut self, id: &str) -> Result<Option<(String, i64)>> {
        Ok(self
            .tx
            .query_opt("SELECT wire, created_ms FROM stories WHERE id = $1", &[&id])
            .map_err(self.e("cannot read a story"))?
            .map(|r| (r.get(0), r.get(1))))
    }

    fn upsert_story(&mut self, s: &StoryWrite<'_>) -> Result<()> {
        let x = s.extras;
        self.tx
            .execute(
                "INSERT INTO stories (id, headline, summary_text, sources, n_articles, outlets, conflict, created_ms, updated_ms, last_time_ms, wire,
                                      gist, language, event_date, first_published_ms, last_published_ms, edited)
                 VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
                 ON CONFLICT (id) DO UPDATE SET headline = excluded.headline, summary_text = excluded.summary_text, sources = excluded.sources,
                   n_articles = excluded.n_articles, outlets = excluded.outlets, conflict = excluded.conflict, updated_ms = excluded.updated_ms,
                   last_time_ms = excluded.last_time_ms, wire = excluded.wire, gist = excluded.gist, language = excluded.language,
                   event_date = excluded.event_date, first_published_ms = excluded.first_published_ms,
                   last_published_ms = excluded.last_published_ms, edited = excluded.edited",
                &[
                    &s.id,
                    &s.headline,
                    &s.summary_text,
                    &(s.sources as i32),
                    &(s.n_articles as i32),
                    &s.outlets,
                    &s.conflict,
                    &s.created_ms,
                    &s.updated_ms,
                    &s.last_time_ms,
                    &s.wire,
                    &x.gist,
                    &x.language,
                    &x.event_date,
                    &x.first_published_ms,
                    &x.last_published_ms,
                    &s.edited,
                ],
            )
            .map_err(self.e("cannot write a story"))?;
        let e = self.store.err("cannot write a story's filter values");
        self.tx.execute("DELETE FROM story_facets WHERE story_id = $1", &[&s.id]).map_err(&e)?;
        let kinds: Vec<&str> = x.facets.iter().map(|f| f.0.as_str()).collect();
        let values: Vec<&str> = x.facets.iter().map(|f| f.1.as_str()).collect();
        let labels: Vec<&str> = x.facets.iter().map(|f| f.2.as_str()).collect();
        self.tx
            .execute(
                "INSERT INTO story_facets (story_id, kind, value, label)
                 SELECT $1, k, v, l FROM unnest($2::text[], $3::text[], $4::text[]) AS f(k, v, l) ON CONFLICT DO NOTHING",
                &[&s.id, &kinds, &values, &labels],
            )
            .map_err(&e)?;
        Ok(())
    }

    fn set_story(&mut self, article: &str, story: &str, copy_of: Option<&str>) -> Result<()> {
        self.tx
            .execute(
                "UPDATE articles SET story_id = $1, copy_of = $2, pending = FALSE WHERE id = $3 AND superseded_by IS NULL",
                &[&story, &copy_of, &article],
            )
            .map_err(self.e("cannot write articles"))?;
        Ok(())
    }

    fn clear_pending(&mut self, articles: &[&str]) -> Result<()> {
        self.tx.execute("UPDATE articles SET pending = FALSE WHERE id = ANY($1)", &[&articles]).map_err(self.e("cannot write articles"))?;
        Ok(())
    }

    fn add_change(&mut self, c: &ChangeWrite<'_>) -> Result<()> {
        self.tx
            .execute(
                "INSERT INTO story_changes (story_id, at_ms, created, articles, sentences, conflicts, edit) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                &[&c.story, &c.at_ms, &c.created, &c.articles, &c.sentences, &c.conflicts, &c.edit],
            )
            .map_err(self.e("cannot write history"))?;
        Ok(())
    }

    fn merge_story(&mut self, old: &str, into: Option<&str>) -> Result<()> {
        let e = self.store.err("cannot write a story");
        self.tx.execute("DELETE FROM stories WHERE id = $1", &[&old]).map_err(&e)?;
        self.tx.execute("DELETE FROM story_facets WHERE story_id = $1", &[&old]).map_err(&e)?;
        if let Some(new) = into {
            self.tx
                .execute(
                    "INSERT INTO story_aliases (old_id, new_id) VALUES ($1, $2) ON CONFLICT (old_id) DO UPDATE SET new_id = excluded.new_id",
                    &[&old, &new],
                )
                .map_err(&e)?;
            self.tx.execute("UPDATE story_aliases SET new_id = $1 WHERE new_id = $2", &[&new, &old]).map_err(&e)?;
        }
        Ok(())
    }

    fn update_counters(&mut self, now: i64) -> Result<()> {
        self.tx
            .execute(
                "UPDATE store_meta m SET value = v.value FROM (VALUES
                    ('articles', (SELECT COUNT(*) FROM articles WHERE superseded_by IS NULL)),
                    ('outlets', (SELECT COUNT(DISTINCT lower(outlet)) FROM articles WHERE superseded_by IS NULL)),
                    ('stories', (SELECT COUNT(*) FROM stories)),
                    ('updated_ms', $1::bigint),
                    ('batches', (SELECT value + 1 FROM store_meta WHERE key = 'batches'))) AS v(key, value)
                 WHERE m.key = v.key",
                &[&now],
            )
            .map_err(self.e("cannot update the counters"))?;
        Ok(())
    }

    fn add_term_counts(&mut self, terms: &[(String, i64)], docs: i64) -> Result<()> {
        // Sorted terms lock their rows in one order, so concurrent workers wait rather than deadlock.
        let mut names: Vec<&str> = vec![""];
        let mut counts: Vec<i64> = vec![docs];
        for (t, n) in terms {
            names.push(t);
            counts.push(*n);
        }
        self.tx
            .execute(
                "INSERT INTO term_df (term, df) SELECT * FROM unnest($1::text[], $2::bigint[])
                 ON CONFLICT (term) DO UPDATE SET df = term_df.df + excluded.df",
                &[&names, &counts],
            )
            .map_err(self.e("cannot count terms"))?;
        Ok(())
    }

    fn term_counts(&mut self, terms: &[String]) -> Result<tidings_story::DocFreqs> {
        let mut keys: Vec<&str> = terms.iter().map(String::as_str).collect();
        keys.push("");
        let rows =
            self.tx.query("SELECT term, df FROM term_df WHERE term = ANY($1)", &[&keys]).map_err(self.e("cannot read term counts"))?;
        let mut out = tidings_story::DocFreqs::default();
        for r in rows {
            let (t, n): (String, i64) = (r.get(0), r.get(1));
            if t.is_empty() {
                out.docs = n.max(0) as u64;
            } else {
                out.df.insert(t, n.max(0) as u64);
            }
        }
        Ok(out)
    }

    fn resolve_story(&mut self, id: &str) -> Result<Option<String>> {
        Ok(self
            .tx
            .query_opt(
                "SELECT id FROM stories WHERE id = $1
                 UNION ALL (SELECT s.id FROM story_aliases a JOIN stories s ON s.id = a.new_id WHERE a.old_id = $1) LIMIT 1",
                &[&id],
            )
            .map_err(self.e("cannot look up stories"))?
            .map(|r| r.get(0)))
    }

    fn story_members(&mut self, story: &str) -> Result<Vec<(String, String)>> {
        Ok(self
            .tx
            .query("SELECT id, title FROM articles WHERE story_id = $1 AND superseded_by IS NULL ORDER BY time_ms, key, id", &[&story])
            .map_err(self.e("cannot read articles"))?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect())
    }

    fn article_story(&mut self, article: &str) -> Result<Option<Option<String>>> {
        Ok(self
            .tx
            .query_opt("SELECT CASE WHEN superseded_by IS NULL THEN story_id END FROM articles WHERE id = $1", &[&article])
            .map_err(self.e("cannot read articles"))?
            .map(|r| r.get(0)))
    }

    fn mark_pending(&mut self, stories: &[&str]) -> Result<()> {
        self.tx
            .execute("UPDATE articles SET pending = TRUE WHERE story_id = ANY($1) AND superseded_by IS NULL", &[&stories])
            .map_err(self.e("cannot write articles"))?;
        Ok(())
    }

    fn add_correction(&mut self, c: &CorrectionWrite<'_>) -> Result<i64> {
        Ok(self
            .tx
            .query_one(
                "INSERT INTO corrections (kind, story_id, other_id, payload, note, at_ms) VALUES ($1, $2, $3, $4, $5, $6) RETURNING seq",
                &[&c.kind, &c.story, &c.other, &c.payload, &c.note, &c.at_ms],
            )
            .map_err(self.e("cannot write a correction"))?
            .get(0))
    }

    fn active_corrections(&mut self) -> Result<Vec<CorrectionRow>> {
        Ok(self
            .tx
            .query("SELECT seq, kind, payload, note FROM corrections WHERE undone_ms IS NULL ORDER BY seq", &[])
            .map_err(self.e("cannot read corrections"))?
            .iter()
            .map(|r| CorrectionRow { id: r.get(0), kind: r.get(1), payload: r.get(2), note: r.get(3), undone: false })
            .collect())
    }

    fn correction(&mut self, id: i64) -> Result<Option<CorrectionRow>> {
        Ok(self
            .tx
            .query_opt("SELECT seq, kind, payload, note, undone_ms IS NOT NULL FROM corrections WHERE seq = $1 FOR UPDATE", &[&id])
            .map_err(self.e("cannot read corrections"))?
            .map(|r| CorrectionRow { id: r.get(0), kind: r.get(1), payload: r.get(2), note: r.get(3), undone: r.get(4) }))
    }

    fn set_undone(&mut self, id: i64, now: i64) -> Result<()> {
        self.tx
            .execute("UPDATE corrections SET undone_ms = $2 WHERE seq = $1", &[&id, &now])
            .map_err(self.e("cannot write a correction"))?;
        Ok(())
    }

    fn drop_alias(&mut self, id: &str) -> Result<()> {
        self.tx.execute("DELETE FROM story_aliases WHERE old_id = $1", &[&id]).map_err(self.e("cannot write a story"))?;
        Ok(())
    }
}
