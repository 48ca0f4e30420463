//! Incremental ingest: one batch in one transaction.
//!
//! 1. New documents are told apart from known ones by (canonical URL or path, content hash);
//!    a known URL with new content becomes a new revision that supersedes the old one.
//! 2. The new articles are cleaned (`tidings_digest::prepare`) and written.
//! 3. The stored articles that the batch can affect are regrouped with `tidings_story::group`:
//!    all of them while the store is small, else the stories within the grouping window of the
//!    batch. Each new group keeps the id of the old story it shares most articles with, so ids
//!    stay stable; old stories left without a group are merged away (an alias keeps their id).
//! 4. Only groups whose articles (or copy links) changed get a new brief and a history row.

use rusqlite::{OptionalExtension, Transaction};
use rustc_hash::{FxHashMap, FxHashSet};
use tidings_digest::{stable_hash, Digest, Story};
use tidings_ingest::{Body, RawDoc};
use tidings_model::{Article, ArticleIdx, Span};

use crate::sqlite::SqliteStore;
use crate::{ChangedArticle, IngestReport, Result, FULL_REGROUP_LIMIT};

/// The identity of a document before cleaning: where it is from, and a hash of what it says.
fn identity(doc: &RawDoc) -> (String, String) {
    let body: &[u8] = match &doc.body {
        Body::Text(t) => t.as_bytes(),
        Body::Html(h) => h,
    };
    let body = String::from_utf8_lossy(body);
    let hash = format!("{:016x}", stable_hash(&[doc.title.as_deref().unwrap_or(""), &body]));
    let key = match (&doc.url, &doc.path) {
        (Some(u), _) => crate::canonical_url(u),
        (None, Some(p)) => p.clone(),
        (None, None) => format!("content:{hash}"),
    };
    (key, hash)
}

/// The current revision of a URL already stored: its id, revision number and story.
type Previous = Option<(String, u32, Option<String>)>;

fn span_json(spans: &[Span]) -> String {
    let v: Vec<[usize; 2]> = spans.iter().map(|s| [s.start, s.end]).collect();
    serde_json::to_string(&v).unwrap_or_else(|_| "[]".into())
}

fn parse_spans(s: &str) -> Vec<Span> {
    let v: Vec<[usize; 2]> = serde_json::from_str(s).unwrap_or_default();
    v.into_iter().map(|[a, b]| Span::new(a, b)).collect()
}

pub(crate) fn ingest(store: &SqliteStore, docs: Vec<RawDoc>, now: i64) -> Result<IngestReport> {
    let mut conn = store.writer.lock().unwrap_or_else(|e| e.into_inner());
    let path = store.path.clone();
    let fp = |name: &str| store.failpoints.hit(name, &path);
    let tx = conn.transaction().map_err(store.err("cannot start a batch"))?;
    fp("batch_begin")?;
    let report = write_batch(store, &tx, docs, now)?;
    fp("before_commit")?;
    tx.commit().map_err(store.err("cannot commit the batch"))?;
    Ok(report)
}

struct Loaded {
    corpus: Vec<Article>,
    summaries: Vec<Vec<usize>>,
    /// Old story of each article (None for the new ones).
    old_story: Vec<Option<String>>,
    old_copy_of: Vec<Option<String>>,
    time_ms: Vec<i64>,
}

fn write_batch(store: &SqliteStore, tx: &Transaction<'_>, docs: Vec<RawDoc>, now: i64) -> Result<IngestReport> {
    let fp = |name: &str| store.failpoints.hit(name, &store.path);
    let e = |what: &'static str| store.err(what);
    let opts = &store.opts.digest;
    let mut report = IngestReport::default();

    // 1. Sort out known documents.
    let mut fresh = Vec::new();
    let mut seen = FxHashSet::default();
    let mut touched_stories: FxHashSet<String> = FxHashSet::default();
    // A new revision inherits the story of the revision it replaces.
    let mut inherit: FxHashMap<String, String> = FxHashMap::default();
    {
        let mut known =
            tx.prepare_cached("SELECT 1 FROM articles WHERE key = ?1 AND content_hash = ?2").map_err(e("cannot look up articles"))?;
        let mut prev = tx
            .prepare_cached(
                "SELECT id, revision, story_id FROM articles WHERE key = ?1 AND superseded_by IS NULL ORDER BY revision DESC LIMIT 1",
            )
            .map_err(e("cannot look up articles"))?;
        for doc in docs {
            let (key, hash) = identity(&doc);
            if !seen.insert((key.clone(), hash.clone())) || known.exists((&key, &hash)).map_err(e("cannot look up articles"))? {
                report.unchanged += 1;
                continue;
            }
            let before: Previous =
                prev.query_row([&key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).optional().map_err(e("cannot look up articles"))?;
            fresh.push((doc, key, hash, before));
        }
    }
    if fresh.is_empty() {
        return Ok(report);
    }

    // 2. Clean and write the new articles.
    let meta: Vec<(String, String, Previous)> = fresh.iter().map(|(_, k, h, b)| (k.clone(), h.clone(), b.clone())).collect();
    let (articles, warnings) = tidings_digest::prepare(fresh.into_iter().map(|f| f.0).collect());
    report.warnings = warnings.iter().map(|w| w.to_string()).collect();
    {
        let mut exists = tx.prepare_cached("SELECT 1 FROM articles WHERE id = ?1").map_err(e("cannot look up articles"))?;
        let mut insert = tx
            .prepare_cached(
                "INSERT INTO articles (id, key, content_hash, revision, path, url, outlet, title, byline, published, time_ms, language, text, paragraphs, sentences, summary, words, ingested_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
            )
            .map_err(e("cannot write articles"))?;
        let mut supersede = tx
            .prepare_cached("UPDATE articles SET superseded_by = ?1, story_id = NULL WHERE id = ?2")
            .map_err(e("cannot write articles"))?;
        for (a, (key, hash, before)) in articles.iter().zip(meta) {
            // The same cleaned text from the same place under another raw form: nothing new.
            if exists.exists([&a.id]).map_err(e("cannot look up articles"))? {
                report.unchanged += 1;
                continue;
            }
            let summary = tidings_brief::article_summary(a, opts.article_sentences);
            let revision = before.as_ref().map(|b| b.1 + 1).unwrap_or(1);
            let time_ms = a.published.map(|p| p.timestamp_millis()).unwrap_or(now);
            insert
                .execute(rusqlite::params![
                    a.id,
                    key,
                    hash,
                    revision,
                    a.path,
                    a.url,
                    a.outlet,
                    a.title,
                    a.byline,
                    a.published.map(|p| p.to_rfc3339()),
                    time_ms,
                    a.language,
                    a.text,
                    span_json(&a.paragraphs),
                    span_json(&a.sentences),
                    serde_json::to_string(&summary).unwrap_or_else(|_| "[]".into()),
                    a.word_count() as i64,
                    now,
                ])
                .map_err(e("cannot write an article"))?;
            report.added += 1;
            if let Some((old_id, _, old_story)) = before {
                supersede.execute((&a.id, &old_id)).map_err(e("cannot write articles"))?;
                report.revised += 1;
                if let Some(s) = old_story {
                    inherit.insert(a.id.clone(), s.clone());
                    touched_stories.insert(s);
                }
            }
        }
    }
    fp("articles_written")?;
    if report.added == 0 {
        return Ok(report);
    }

    // 3. Regroup what the batch can affect.
    let mut loaded = load_active(store, tx, now, &touched_stories)?;
    for (a, s) in loaded.corpus.iter().zip(loaded.old_story.iter_mut()) {
        if s.is_none() {
            *s = inherit.get(&a.id).cloned();
        }
    }
    let grouping = tidings_story::group(&loaded.corpus, &opts.group);
    let Loaded { mut corpus, summaries, old_story, old_copy_of, time_ms } = loaded;
    for (a, c) in corpus.iter_mut().zip(&grouping.copy_of) {
        a.copy_of = *c;
    }
    let d = Digest { corpus, article_summaries: summaries, stories: Vec::new(), warnings: Vec::new() };
    let groups: Vec<_> = grouping.stories.into_iter().filter(|g| !g.articles.iter().all(|&i| d.corpus[i].text.trim().is_empty())).collect();

    // Keep story ids: each group takes the old story it shares most articles with.
    let mut candidates: Vec<(usize, usize, String)> = Vec::new();
    for (gi, g) in groups.iter().enumerate() {
        let mut counts: FxHashMap<&str, usize> = FxHashMap::default();
        for &i in &g.articles {
            if let Some(s) = &old_story[i] {
                *counts.entry(s.as_str()).or_default() += 1;
            }
        }
        candidates.extend(counts.into_iter().map(|(s, n)| (n, gi, s.to_string())));
    }
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut assigned: Vec<Option<String>> = vec![None; groups.len()];
    let mut taken: FxHashSet<String> = FxHashSet::default();
    for (_, gi, s) in candidates {
        if assigned[gi].is_none() && !taken.contains(&s) {
            taken.insert(s.clone());
            assigned[gi] = Some(s);
        }
    }
    let mut old_members: FxHashMap<&str, Vec<ArticleIdx>> = FxHashMap::default();
    for (i, s) in old_story.iter().enumerate() {
        if let Some(s) = s {
            old_members.entry(s.as_str()).or_default().push(i);
        }
    }

    let mut exists_story = tx
        .prepare_cached(
            "SELECT 1 WHERE EXISTS (SELECT 1 FROM stories WHERE id = ?1) OR EXISTS (SELECT 1 FROM story_aliases WHERE old_id = ?1)",
        )
        .map_err(e("cannot look up stories"))?;
    let mut get_old = tx.prepare_cached("SELECT wire, created_ms FROM stories WHERE id = ?1").map_err(e("cannot read a story"))?;
    let mut upsert = tx
        .prepare_cached(
            "INSERT INTO stories (id, headline, summary_text, sources, n_articles, outlets, conflict, created_ms, updated_ms, last_time_ms, wire)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
             ON CONFLICT(id) DO UPDATE SET headline = excluded.headline, summary_text = excluded.summary_text, sources = excluded.sources,
               n_articles = excluded.n_articles, outlets = excluded.outlets, conflict = excluded.conflict, updated_ms = excluded.updated_ms,
               last_time_ms = excluded.last_time_ms, wire = excluded.wire",
        )
        .map_err(e("cannot write a story"))?;
    let mut set_article =
        tx.prepare_cached("UPDATE articles SET story_id = ?1, copy_of = ?2 WHERE id = ?3").map_err(e("cannot write articles"))?;
    let mut add_change = tx
        .prepare_cached(
            "INSERT INTO story_changes (story_id, at_ms, created, articles, sentences, conflicts) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .map_err(e("cannot write history"))?;
    let mut batch_ids: FxHashSet<String> = FxHashSet::default();
    let mut changes = Vec::new();
    let mut group_ids = Vec::with_capacity(groups.len());
    for (gi, g) in groups.iter().enumerate() {
        let copy_id = |i: ArticleIdx| d.corpus[i].copy_of.map(|o| d.corpus[o].id.clone());
        let id = match &assigned[gi] {
            Some(s) => s.clone(),
            None => {
                let base = format!("s{:012x}", stable_hash(&[&d.corpus[g.articles[0]].id]) >> 16);
                let mut id = base.clone();
                let mut n = 1;
                while batch_ids.contains(&id) || taken.contains(&id) || exists_story.exists([&id]).map_err(e("cannot look up stories"))? {
                    n += 1;
                    id = format!("{base}-{n}");
                }
                id
            }
        };
        batch_ids.insert(id.clone());
        group_ids.push(id.clone());
        // Unchanged membership and copy links: the brief stays as it is.
        if let Some(old) = &assigned[gi] {
            let mut before: Vec<ArticleIdx> = old_members.get(old.as_str()).cloned().unwrap_or_default();
            let mut after = g.articles.clone();
            before.sort_unstable();
            after.sort_unstable();
            if before == after && after.iter().all(|&i| copy_id(i) == old_copy_of[i]) && !touched_stories.contains(old) {
                continue;
            }
        }
        let story = brief(&d, &id, g, opts);
        let wire = tidings_digest::wire::story(&d, &story);
        let value = serde_json::to_value(&wire).map_err(|err| crate::StoreError::Corrupt(format!("cannot encode story {id}: {err}")))?;
        let now_conflicts = conflicts(&value);
        let old: Option<(String, i64)> =
            get_old.query_row([&id], |r| Ok((r.get(0)?, r.get(1)?))).optional().map_err(e("cannot read a story"))?;
        let old_value: Option<serde_json::Value> = old.as_ref().and_then(|(w, _)| serde_json::from_str(w).ok());
        let created_ms = old.as_ref().map(|o| o.1).unwrap_or(now);
        let mut outlets: Vec<String> = g.articles.iter().filter_map(|&i| d.corpus[i].outlet.clone()).collect();
        outlets.sort_by_key(|o| o.to_lowercase());
        outlets.dedup_by_key(|o| o.to_lowercase());
        let summary_text: Vec<&str> = story.summary.iter().map(|s| s.text.as_str()).collect();
        let last_time = g.articles.iter().map(|&i| time_ms[i]).max().unwrap_or(now);
        upsert
            .execute(rusqlite::params![
                id,
                story.headline,
                summary_text.join("\n"),
                story.sources as i64,
                g.articles.len() as i64,
                serde_json::to_string(&outlets).unwrap_or_else(|_| "[]".into()),
                !now_conflicts.is_empty(),
                created_ms,
                now,
                last_time,
                value.to_string(),
            ])
            .map_err(e("cannot write a story"))?;
        for &i in &g.articles {
            set_article.execute((&id, copy_id(i), &d.corpus[i].id)).map_err(e("cannot write articles"))?;
        }
        if old.is_none() {
            report.stories_created += 1;
        } else {
            report.stories_updated += 1;
        }
        // History: what is new relative to the stored brief.
        let old_ids: FxHashSet<&str> = old_value
            .as_ref()
            .and_then(|v| v["articles"].as_array())
            .map(|a| a.iter().filter_map(|x| x["id"].as_str()).collect())
            .unwrap_or_default();
        let old_sents: FxHashSet<&str> = old_value
            .as_ref()
            .and_then(|v| v["summary"].as_array())
            .map(|a| a.iter().filter_map(|x| x["text"].as_str()).collect())
            .unwrap_or_default();
        let old_conflicts = old_value.as_ref().map(conflicts).unwrap_or_default();
        let new_articles: Vec<ChangedArticle> = g
            .articles
            .iter()
            .map(|&i| &d.corpus[i])
            .filter(|a| !old_ids.contains(a.id.as_str()))
            .map(|a| ChangedArticle { id: a.id.clone(), title: a.title.clone(), outlet: a.outlet.clone() })
            .collect();
        let new_sents: Vec<&str> = summary_text.iter().copied().filter(|s| !old_sents.contains(s)).collect();
        let new_conflicts: Vec<&serde_json::Value> = now_conflicts.iter().filter(|c| !old_conflicts.contains(c)).collect();
        if old.is_none() || !new_articles.is_empty() || !new_sents.is_empty() || !new_conflicts.is_empty() {
            changes.push((
                id.clone(),
                old.is_none(),
                serde_json::to_string(&new_articles).unwrap_or_default(),
                serde_json::to_string(&new_sents).unwrap_or_default(),
                serde_json::to_string(&new_conflicts).unwrap_or_default(),
            ));
        }
    }
    // Old stories that no group took were merged into the group holding most of their articles.
    let mut gone: Vec<&str> = old_members.keys().copied().filter(|s| !taken.contains(*s)).collect();
    gone.sort_unstable();
    for s in gone {
        let mut counts: FxHashMap<usize, usize> = FxHashMap::default();
        for &i in &old_members[s] {
            if let Some(gi) = groups.iter().position(|g| g.articles.contains(&i)) {
                *counts.entry(gi).or_default() += 1;
            }
        }
        tx.execute("DELETE FROM stories WHERE id = ?1", [s]).map_err(e("cannot write a story"))?;
        if let Some((gi, _)) = counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))) {
            tx.execute("INSERT OR REPLACE INTO story_aliases (old_id, new_id) VALUES (?1, ?2)", (s, &group_ids[gi]))
                .map_err(e("cannot write a story"))?;
            tx.execute("UPDATE story_aliases SET new_id = ?1 WHERE new_id = ?2", (&group_ids[gi], s)).map_err(e("cannot write a story"))?;
        }
        report.stories_merged += 1;
    }
    fp("stories_written")?;
    for (id, created, a, s, k) in changes {
        add_change.execute(rusqlite::params![id, now, created, a, s, k]).map_err(e("cannot write history"))?;
    }
    fp("history_written")?;
    tx.execute_batch(&format!(
        "UPDATE store_meta SET value = (SELECT COUNT(*) FROM articles WHERE superseded_by IS NULL) WHERE key = 'articles';
         UPDATE store_meta SET value = (SELECT COUNT(DISTINCT lower(outlet)) FROM articles WHERE superseded_by IS NULL) WHERE key = 'outlets';
         UPDATE store_meta SET value = (SELECT COUNT(*) FROM stories) WHERE key = 'stories';
         UPDATE store_meta SET value = {now} WHERE key = 'updated_ms';
         UPDATE store_meta SET value = value + 1 WHERE key = 'batches';"
    ))
    .map_err(e("cannot update the counters"))?;
    Ok(report)
}

/// Claims the outlets disagree on, from a story's JSON (the `claims` field, when present).
fn conflicts(story: &serde_json::Value) -> Vec<serde_json::Value> {
    story["claims"].as_array().map(|a| a.iter().filter(|c| c["status"] == "conflict").cloned().collect()).unwrap_or_default()
}

/// The brief of one group, as `tidings_digest::run` writes it (keep the two in step until the
/// digest exposes this step as a function of its own).
fn brief(d: &Digest, id: &str, g: &tidings_story::StoryGroup, opts: &tidings_digest::Options) -> Story {
    tidings_digest::brief_story(&d.corpus, g, Some(id), opts)
}

/// Loads the current articles the batch can affect, in the order they were stored.
fn load_active(store: &SqliteStore, tx: &Transaction<'_>, now: i64, touched: &FxHashSet<String>) -> Result<Loaded> {
    let e = |what: &'static str| store.err(what);
    let total: i64 =
        tx.query_row("SELECT COUNT(*) FROM articles WHERE superseded_by IS NULL", [], |r| r.get(0)).map_err(e("cannot count articles"))?;
    let cols =
        "seq, id, path, url, outlet, title, byline, published, language, text, paragraphs, sentences, summary, story_id, copy_of, time_ms";
    let sql = if total as usize <= FULL_REGROUP_LIMIT {
        format!("SELECT {cols} FROM articles WHERE superseded_by IS NULL ORDER BY seq")
    } else {
        // The batch can only reach stories within the grouping window of its oldest article.
        let oldest: i64 = tx
            .query_row("SELECT COALESCE(MIN(time_ms), ?1) FROM articles WHERE story_id IS NULL AND superseded_by IS NULL", [now], |r| {
                r.get(0)
            })
            .map_err(e("cannot read articles"))?;
        let from = oldest - store.opts.digest.group.window_hours * 3_600_000;
        let touched: Vec<String> = touched.iter().map(|s| format!("'{}'", s.replace('\'', "''"))).collect();
        format!(
            "SELECT {cols} FROM articles WHERE superseded_by IS NULL AND (story_id IS NULL OR story_id IN (SELECT id FROM stories WHERE last_time_ms >= {from}) OR story_id IN ({})) ORDER BY seq",
            if touched.is_empty() { "''".to_string() } else { touched.join(",") }
        )
    };
    let mut stmt = tx.prepare(&sql).map_err(e("cannot read articles"))?;
    let mut rows = stmt.query([]).map_err(e("cannot read articles"))?;
    let mut l = Loaded { corpus: Vec::new(), summaries: Vec::new(), old_story: Vec::new(), old_copy_of: Vec::new(), time_ms: Vec::new() };
    while let Some(r) = rows.next().map_err(e("cannot read articles"))? {
        let get = |i: usize| -> rusqlite::Result<Option<String>> { r.get(i) };
        let published: Option<String> = get(7).map_err(e("cannot read articles"))?;
        let text: String = r.get(9).map_err(e("cannot read articles"))?;
        let a = Article {
            id: r.get(1).map_err(e("cannot read articles"))?,
            path: get(2).map_err(e("cannot read articles"))?,
            url: get(3).map_err(e("cannot read articles"))?,
            outlet: get(4).map_err(e("cannot read articles"))?,
            title: r.get(5).map_err(e("cannot read articles"))?,
            byline: get(6).map_err(e("cannot read articles"))?,
            published: published.and_then(|p| chrono::DateTime::parse_from_rfc3339(&p).ok()),
            language: get(8).map_err(e("cannot read articles"))?,
            paragraphs: parse_spans(&r.get::<_, String>(10).map_err(e("cannot read articles"))?),
            sentences: parse_spans(&r.get::<_, String>(11).map_err(e("cannot read articles"))?),
            text,
            copy_of: None,
        };
        let summary: Vec<usize> = serde_json::from_str(&r.get::<_, String>(12).map_err(e("cannot read articles"))?).unwrap_or_default();
        l.corpus.push(a);
        l.summaries.push(summary);
        l.old_story.push(get(13).map_err(e("cannot read articles"))?);
        l.old_copy_of.push(get(14).map_err(e("cannot read articles"))?);
        l.time_ms.push(r.get(15).map_err(e("cannot read articles"))?);
    }
    Ok(l)
}
