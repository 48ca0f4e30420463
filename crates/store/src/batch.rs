//! What a batch does, whatever the database: the algorithm of incremental ingest, written once
//! against [`BatchTx`], the handful of row operations a backend gives inside one transaction.
//!
//! A batch has two halves, which SQLite runs in one transaction and PostgreSQL workers may run
//! in separate ones:
//!
//! 1. [`insert_docs`]: new documents are told apart from known ones by (canonical URL or path,
//!    content hash); a known URL with new content becomes a new revision that supersedes the old
//!    one. The new articles are cleaned (`tidings_digest::prepare`) and written **pending**: with
//!    no story yet, and with the story of the revision they replace (`prev_story`).
//! 2. [`regroup`]: the stored articles that the pending ones can affect are regrouped with
//!    `tidings_story::group`: all of them while the store is small, else the stories within the
//!    grouping window of the pending articles. Each new group keeps the id of the old story it
//!    shares most articles with, so ids stay stable; old stories left without a group are merged
//!    away (an alias keeps their id). Only groups whose articles (or copy links) changed get a
//!    new brief and a history row. The pending articles stop being pending.
//!
//! The articles are loaded in time order, ties broken by insertion on SQLite (one writer) and by
//! URL on PostgreSQL, so that the same articles give the same stories whichever worker wrote
//! them first.

use rustc_hash::{FxHashMap, FxHashSet};
use tidings_digest::{stable_hash, Digest, Story};
use tidings_ingest::{Body, RawDoc};
use tidings_model::{Article, ArticleIdx, Span};

use crate::corrections::{CorrectionRow, CorrectionWrite, Edit, Hand};
use crate::row::StoryExtras;
use crate::{ChangedArticle, IngestReport, Result, FULL_REGROUP_LIMIT};

/// The current revision of a URL already stored: its id, revision number and story.
pub type Previous = Option<(String, u32, Option<String>)>;

/// A cleaned article to write, with its place in the store.
pub struct NewArticle<'a> {
    pub article: &'a Article,
    /// Canonical URL, else path, else `content:<hash>`.
    pub key: &'a str,
    /// Hash of the raw title and body.
    pub hash: &'a str,
    pub revision: u32,
    /// Published, else `now`.
    pub time_ms: i64,
    /// JSON `[[start, end], ...]`.
    pub paragraphs: String,
    pub sentences: String,
    /// JSON `[sentence index, ...]` of the "no time to read" summary.
    pub summary: String,
    pub words: i64,
    pub ingested_ms: i64,
    /// The story of the revision this one replaces.
    pub prev_story: Option<&'a str>,
}

/// A stored article as the regroup reads it.
pub struct LoadedArticle {
    pub article: Article,
    pub summary: Vec<usize>,
    pub story: Option<String>,
    pub copy_of: Option<String>,
    pub time_ms: i64,
    pub pending: bool,
    pub prev_story: Option<String>,
}

/// Which stored articles a regroup reads (always the current revisions only).
pub enum Scope {
    /// Every current article.
    All,
    /// Pending articles, articles of stories whose newest article is at or after `from_ms`, and
    /// articles of the stories the pending ones' earlier revisions were in (`prev_story`).
    Window { from_ms: i64 },
}

/// A story row to write.
pub struct StoryWrite<'a> {
    pub id: &'a str,
    pub headline: &'a str,
    pub summary_text: &'a str,
    pub sources: i64,
    pub n_articles: i64,
    /// JSON `["outlet", ...]`.
    pub outlets: &'a str,
    pub conflict: bool,
    pub created_ms: i64,
    pub updated_ms: i64,
    pub last_time_ms: i64,
    /// The digest's story JSON.
    pub wire: &'a str,
    /// What the story's line in the list shows (gist, dates, outlets, filter values).
    pub extras: &'a StoryExtras,
    /// The story holds an editor's correction.
    pub edited: bool,
}

/// One history row.
pub struct ChangeWrite<'a> {
    pub story: &'a str,
    pub at_ms: i64,
    pub created: bool,
    /// JSON of the articles that joined, the new summary sentences and the new conflicts.
    pub articles: &'a str,
    pub sentences: &'a str,
    pub conflicts: &'a str,
    /// What an editor did, when the change was made by hand.
    pub edit: Option<&'a str>,
}

/// The row operations of one backend, all inside one open transaction.
pub trait BatchTx {
    /// Passes a failpoint (a no-op outside durability tests).
    fn failpoint(&mut self, name: &str) -> Result<()>;
    /// Whether this exact document (key and content hash) is stored.
    fn is_known(&mut self, key: &str, hash: &str) -> Result<bool>;
    /// The current revision stored under `key`. A backend with concurrent writers locks the key
    /// until the transaction ends, so that two revisions cannot both supersede the same one.
    fn current_revision(&mut self, key: &str) -> Result<Previous>;
    /// Writes a pending article; `false` when an article with its id (the same cleaned text from
    /// the same place) or its key and hash is stored already.
    fn insert_article(&mut self, a: &NewArticle<'_>) -> Result<bool>;
    /// Marks `old_id` as replaced by `new_id` and takes it out of its story.
    fn supersede(&mut self, old_id: &str, new_id: &str) -> Result<()>;
    /// Current (not superseded) articles.
    fn count_current(&mut self) -> Result<i64>;
    /// The earliest time of a pending article, or `None` when nothing is pending.
    fn oldest_pending_ms(&mut self) -> Result<Option<i64>>;
    /// The current articles of `scope`, ordered by time, then in an order that does not depend on
    /// which writer came first (SQLite, with one writer: insertion; PostgreSQL: URL or path).
    fn load(&mut self, scope: Scope) -> Result<Vec<LoadedArticle>>;
    /// Whether a story or an alias has this id.
    fn story_id_used(&mut self, id: &str) -> Result<bool>;
    /// A stored story's wire JSON and creation time.
    fn stored_story(&mut self, id: &str) -> Result<Option<(String, i64)>>;
    fn upsert_story(&mut self, s: &StoryWrite<'_>) -> Result<()>;
    /// Puts an article into a story (it stops being pending).
    fn set_story(&mut self, article: &str, story: &str, copy_of: Option<&str>) -> Result<()>;
    /// Marks the given articles as no longer pending (those the regroup left out of every story:
    /// empty texts).
    fn clear_pending(&mut self, articles: &[&str]) -> Result<()>;
    fn add_change(&mut self, c: &ChangeWrite<'_>) -> Result<()>;
    /// Deletes a story that was merged away, pointing its id (and the ids that pointed at it) at
    /// `into` when the merge has a target.
    fn merge_story(&mut self, old: &str, into: Option<&str>) -> Result<()>;
    /// Refreshes the counters (articles, outlets, stories, last update, batch count).
    fn update_counters(&mut self, now: i64) -> Result<()>;
    /// Adds to the running document frequencies: `df` more documents for each term (sorted by
    /// term, so that concurrent writers lock rows in one order), and `docs` more documents in all.
    fn add_term_counts(&mut self, terms: &[(String, i64)], docs: i64) -> Result<()>;
    /// The running document frequencies of these terms, and the running count of documents.
    fn term_counts(&mut self, terms: &[String]) -> Result<tidings_story::DocFreqs>;

    // Corrections by hand (`crate::corrections`).

    /// The story an id names now: the story itself, or the story an alias points at.
    fn resolve_story(&mut self, id: &str) -> Result<Option<String>>;
    /// The current articles of a story, `(id, title)`, in time order.
    fn story_members(&mut self, story: &str) -> Result<Vec<(String, String)>>;
    /// The story of an article: `None` when there is no such article, `Some(None)` when it is in
    /// no story (a superseded revision, or not grouped yet).
    fn article_story(&mut self, article: &str) -> Result<Option<Option<String>>>;
    /// Marks the current articles of these stories pending, so that the next regroup redoes them.
    fn mark_pending(&mut self, stories: &[&str]) -> Result<()>;
    /// Appends a correction to the log; returns its number.
    fn add_correction(&mut self, c: &CorrectionWrite<'_>) -> Result<i64>;
    /// The corrections not undone, oldest first.
    fn active_corrections(&mut self) -> Result<Vec<CorrectionRow>>;
    fn correction(&mut self, id: i64) -> Result<Option<CorrectionRow>>;
    fn set_undone(&mut self, id: i64, now: i64) -> Result<()>;
    /// Forgets where a merged-away story id points, so that the id can name a story again.
    fn drop_alias(&mut self, id: &str) -> Result<()>;
}

/// The identity of a document before cleaning: where it is from, and a hash of what it says.
pub fn identity(doc: &RawDoc) -> (String, String) {
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

pub fn span_json(spans: &[Span]) -> String {
    let v: Vec<[usize; 2]> = spans.iter().map(|s| [s.start, s.end]).collect();
    serde_json::to_string(&v).unwrap_or_else(|_| "[]".into())
}

pub fn parse_spans(s: &str) -> Vec<Span> {
    let v: Vec<[usize; 2]> = serde_json::from_str(s).unwrap_or_default();
    v.into_iter().map(|[a, b]| Span::new(a, b)).collect()
}

/// Step 1: writes the batch's new documents as pending articles. Fills `added`, `revised`,
/// `unchanged` and `warnings` of the report.
pub fn insert_docs(tx: &mut dyn BatchTx, docs: Vec<RawDoc>, now: i64, opts: &tidings_digest::Options) -> Result<IngestReport> {
    let mut report = IngestReport::default();
    let mut fresh = Vec::new();
    let mut seen = FxHashSet::default();
    // Running document frequencies of every article taken in, for regroups of a window.
    let mut term_df: FxHashMap<String, i64> = FxHashMap::default();
    for mut doc in docs {
        // One name per outlet (`www.example.com` is `example.com`), so that counts and filters agree.
        doc.outlet = doc.outlet.as_deref().and_then(crate::outlets::normalize_outlet);
        let (key, hash) = identity(&doc);
        if !seen.insert((key.clone(), hash.clone())) || tx.is_known(&key, &hash)? {
            report.unchanged += 1;
            continue;
        }
        let before = tx.current_revision(&key)?;
        fresh.push((doc, key, hash, before));
    }
    if fresh.is_empty() {
        return Ok(report);
    }
    let meta: Vec<(String, String, Previous)> = fresh.iter().map(|(_, k, h, b)| (k.clone(), h.clone(), b.clone())).collect();
    let (articles, warnings) = tidings_digest::prepare(fresh.into_iter().map(|f| f.0).collect());
    report.warnings = warnings.iter().map(|w| w.to_string()).collect();
    for (a, (key, hash, before)) in articles.iter().zip(meta) {
        // Nothing left after cleaning (only page chrome, or text every other file repeats): not
        // an article, so neither stored nor counted.
        if a.text.trim().is_empty() {
            let name = a.url.as_deref().or(a.path.as_deref()).unwrap_or(&a.title);
            report.warnings.push(format!("{name}: no article text left after cleaning, not stored"));
            continue;
        }
        let summary = tidings_brief::article_summary(a, opts.article_sentences);
        let row = NewArticle {
            article: a,
            key: &key,
            hash: &hash,
            revision: before.as_ref().map(|b| b.1 + 1).unwrap_or(1),
            time_ms: a.published.map(|p| p.timestamp_millis()).unwrap_or(now),
            paragraphs: span_json(&a.paragraphs),
            sentences: span_json(&a.sentences),
            summary: serde_json::to_string(&summary).unwrap_or_else(|_| "[]".into()),
            words: a.word_count() as i64,
            ingested_ms: now,
            prev_story: before.as_ref().and_then(|b| b.2.as_deref()),
        };
        // The same cleaned text from the same place under another raw form: nothing new.
        if !tx.insert_article(&row)? {
            report.unchanged += 1;
            continue;
        }
        report.added += 1;
        for t in tidings_story::doc_terms(a) {
            *term_df.entry(t).or_default() += 1;
        }
        if let Some((old_id, _, _)) = &before {
            tx.supersede(old_id, &a.id)?;
            report.revised += 1;
        }
    }
    if report.added > 0 {
        let mut terms: Vec<(String, i64)> = term_df.into_iter().collect();
        terms.sort_unstable();
        tx.add_term_counts(&terms, report.added as i64)?;
    }
    tx.failpoint("articles_written")?;
    Ok(report)
}

/// A whole batch in one transaction (the caller commits when this returns `Ok`): the documents
/// are written, then grouped with whatever else is pending. Nothing is grouped when the batch
/// added nothing.
pub fn ingest(tx: &mut dyn BatchTx, docs: Vec<RawDoc>, now: i64, opts: &tidings_digest::Options) -> Result<IngestReport> {
    tx.failpoint("batch_begin")?;
    let mut report = insert_docs(tx, docs, now, opts)?;
    if report.added == 0 {
        return Ok(report);
    }
    let grouped = regroup(tx, now, opts)?;
    report.stories_created = grouped.stories_created;
    report.stories_updated = grouped.stories_updated;
    report.stories_merged = grouped.stories_merged;
    tx.failpoint("before_commit")?;
    Ok(report)
}

/// Step 2: regroups what the pending articles can affect and writes the changed stories, their
/// briefs and history. Fills the story counts of the report; does nothing when nothing is
/// pending.
pub fn regroup(tx: &mut dyn BatchTx, now: i64, opts: &tidings_digest::Options) -> Result<IngestReport> {
    regroup_with(tx, now, opts, None)
}

/// [`regroup`] for an editor's correction (`crate::corrections`): the edit's stories get a new
/// brief even when their articles stayed, and history rows that say what the editor did.
pub fn regroup_with(tx: &mut dyn BatchTx, now: i64, opts: &tidings_digest::Options, edit: Option<&Edit<'_>>) -> Result<IngestReport> {
    let mut report = IngestReport::default();
    let Some(oldest) = tx.oldest_pending_ms()? else { return Ok(report) };
    let everything = tx.count_current()? as usize <= FULL_REGROUP_LIMIT;
    let rows = if everything {
        tx.load(Scope::All)?
    } else {
        // Pending articles can only reach stories within the grouping window of the oldest one,
        // and the stories their earlier revisions were in.
        tx.load(Scope::Window { from_ms: oldest - opts.group.window_hours * 3_600_000 })?
    };
    let mut corpus = Vec::with_capacity(rows.len());
    let mut summaries = Vec::with_capacity(rows.len());
    let mut old_story = Vec::with_capacity(rows.len());
    let mut old_copy_of = Vec::with_capacity(rows.len());
    let mut time_ms = Vec::with_capacity(rows.len());
    let mut pending: FxHashSet<String> = FxHashSet::default();
    let mut touched_stories: FxHashSet<String> = FxHashSet::default();
    for r in rows {
        if r.pending {
            pending.insert(r.article.id.clone());
            if let Some(s) = &r.prev_story {
                touched_stories.insert(s.clone());
            }
        }
        // A new revision inherits the story of the revision it replaces.
        old_story.push(if r.story.is_none() && r.pending { r.prev_story } else { r.story });
        corpus.push(r.article);
        summaries.push(r.summary);
        old_copy_of.push(r.copy_of);
        time_ms.push(r.time_ms);
    }

    // A window is a sample of the store: its terms are weighed by the store's running counts.
    // Everything loaded is the store itself, whose counts are those of the batch, and the stories
    // are exactly those one digest of the same articles gives.
    let prior = if everything {
        None
    } else {
        let mut keys: Vec<String> = corpus.iter().flat_map(tidings_story::doc_terms).collect();
        keys.sort_unstable();
        keys.dedup();
        Some(tx.term_counts(&keys)?)
    };
    let grouping = tidings_story::group_with(&corpus, &opts.group, prior.as_ref());
    for (a, c) in corpus.iter_mut().zip(&grouping.copy_of) {
        a.copy_of = *c;
    }
    let d = Digest { corpus, article_summaries: summaries, stories: Vec::new(), warnings: Vec::new() };
    let groups: Vec<_> = grouping.stories.into_iter().filter(|g| !g.articles.iter().all(|&i| d.corpus[i].text.trim().is_empty())).collect();
    // Corrections by hand: pinned articles go to their stories, which keep their ids.
    let hand = Hand::load(tx)?;
    let (groups, forced) = hand.apply(groups, &d.corpus);
    if let Some(e) = edit {
        touched_stories.extend(e.stories.iter().cloned());
    }

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
    let mut taken: FxHashSet<String> = forced.iter().flatten().cloned().collect();
    let mut assigned: Vec<Option<String>> = forced;
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

    let mut batch_ids: FxHashSet<String> = FxHashSet::default();
    let mut changes = Vec::new();
    let mut group_ids = Vec::with_capacity(groups.len());
    let mut placed: FxHashSet<&str> = FxHashSet::default();
    for (gi, g) in groups.iter().enumerate() {
        let copy_id = |i: ArticleIdx| d.corpus[i].copy_of.map(|o| d.corpus[o].id.clone());
        let id = match &assigned[gi] {
            Some(s) => s.clone(),
            None => {
                let base = format!("s{:012x}", stable_hash(&[&d.corpus[g.articles[0]].id]) >> 16);
                let mut id = base.clone();
                let mut n = 1;
                while batch_ids.contains(&id) || taken.contains(&id) || tx.story_id_used(&id)? {
                    n += 1;
                    id = format!("{base}-{n}");
                }
                id
            }
        };
        batch_ids.insert(id.clone());
        group_ids.push(id.clone());
        placed.extend(g.articles.iter().map(|&i| d.corpus[i].id.as_str()));
        // Unchanged membership and copy links: the brief stays as it is.
        if let Some(old) = &assigned[gi] {
            let mut before: Vec<ArticleIdx> = old_members.get(old.as_str()).cloned().unwrap_or_default();
            let mut after = g.articles.clone();
            before.sort_unstable();
            after.sort_unstable();
            if before == after && after.iter().all(|&i| copy_id(i) == old_copy_of[i]) && !touched_stories.contains(old) {
                for &i in after.iter().filter(|&&i| pending.contains(&d.corpus[i].id)) {
                    tx.set_story(&d.corpus[i].id, old, copy_id(i).as_deref())?;
                }
                continue;
            }
        }
        let mut story = brief(&d, &id, g, opts);
        if let Some(h) = hand.headline(&id) {
            story.headline = h.to_string();
        }
        let wire = tidings_digest::wire::story(&d, &story);
        let value = serde_json::to_value(&wire).map_err(|err| crate::StoreError::Corrupt(format!("cannot encode story {id}: {err}")))?;
        let now_conflicts = conflicts(&value);
        let old = tx.stored_story(&id)?;
        let old_value: Option<serde_json::Value> = old.as_ref().and_then(|(w, _)| serde_json::from_str(w).ok());
        let created_ms = old.as_ref().map(|o| o.1).unwrap_or(now);
        let extras = StoryExtras::of(&value);
        let summary_text: Vec<&str> = story.summary.iter().map(|s| s.text.as_str()).collect();
        let last_time = g.articles.iter().map(|&i| time_ms[i]).max().unwrap_or(now);
        tx.upsert_story(&StoryWrite {
            id: &id,
            headline: &story.headline,
            summary_text: &summary_text.join("\n"),
            sources: story.sources as i64,
            n_articles: g.articles.len() as i64,
            outlets: &serde_json::to_string(&extras.outlets).unwrap_or_else(|_| "[]".into()),
            conflict: extras.real_conflict,
            created_ms,
            updated_ms: now,
            last_time_ms: last_time,
            wire: &value.to_string(),
            extras: &extras,
            edited: hand.edited(&id),
        })?;
        for &i in &g.articles {
            tx.set_story(&d.corpus[i].id, &id, copy_id(i).as_deref())?;
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
        // A story the editor's correction touched: its own story, or one holding its articles.
        let by_hand = edit
            .filter(|e| e.stories.contains(&id) || g.articles.iter().any(|&i| old_story[i].as_ref().is_some_and(|s| e.stories.contains(s))))
            .map(|e| e.note.to_string());
        if old.is_none() || !new_articles.is_empty() || !new_sents.is_empty() || !new_conflicts.is_empty() || by_hand.is_some() {
            changes.push((
                id.clone(),
                old.is_none(),
                serde_json::to_string(&new_articles).unwrap_or_default(),
                serde_json::to_string(&new_sents).unwrap_or_default(),
                serde_json::to_string(&new_conflicts).unwrap_or_default(),
                by_hand,
            ));
        }
    }
    // Pending articles that no story took (empty texts) stop being pending all the same.
    let mut left: Vec<&str> = pending.iter().map(String::as_str).filter(|id| !placed.contains(id)).collect();
    left.sort_unstable();
    if !left.is_empty() {
        tx.clear_pending(&left)?;
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
        let into = counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).map(|(gi, _)| group_ids[gi].as_str());
        tx.merge_story(s, into)?;
        report.stories_merged += 1;
    }
    tx.failpoint("stories_written")?;
    for (id, created, a, s, k, by_hand) in changes {
        tx.add_change(&ChangeWrite {
            story: &id,
            at_ms: now,
            created,
            articles: &a,
            sentences: &s,
            conflicts: &k,
            edit: by_hand.as_deref(),
        })?;
    }
    tx.failpoint("history_written")?;
    tx.update_counters(now)?;
    Ok(report)
}

/// Claims the outlets disagree on, from a story's JSON (the `claims` field, when present).
fn conflicts(story: &serde_json::Value) -> Vec<serde_json::Value> {
    story["claims"].as_array().map(|a| a.iter().filter(|c| c["status"] == "conflict").cloned().collect()).unwrap_or_default()
}

/// The brief of one group, exactly as `tidings digest` writes it.
fn brief(d: &Digest, id: &str, g: &tidings_story::StoryGroup, opts: &tidings_digest::Options) -> Story {
    tidings_digest::brief_story(&d.corpus, g, Some(id), opts)
}
