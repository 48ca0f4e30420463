//! Corrections by hand: an editor splits a story, moves an article, merges two stories or sets a
//! headline, and the machine's later regroupings keep the correction.
//!
//! Every correction is a row of a log (`corrections`), never undone by deleting it: undo marks
//! it undone. What the batch needs from the log is *replayed* from the rows still active, in
//! order, into [`Hand`]:
//! - **pins**: article → story. A correction pins every article of the stories it touches, as the
//!   editor left them (a split pins the part that leaves to the new story and the rest to the old
//!   one; a merge pins both stories' articles to the one kept). Later corrections override earlier
//!   pins; an undone correction simply drops out of the replay.
//! - **headlines**: story → the headline the editor set.
//!
//! After `tidings_story::group`, [`Hand::apply`] moves pinned articles into their story and lets
//! an article that is not pinned follow the story that most pinned articles of its machine group
//! are pinned to. New articles thus still join stories as the grouping decides, while the
//! editor's split or merge stays. Those stories keep their ids ([`Hand::apply`] returns them as
//! forced ids), and their briefs carry the editor's headline.
//!
//! [`correct`] and [`undo`] run inside one backend transaction: they write the log row, mark the
//! touched stories' articles pending and regroup them at once, with a history row saying
//! "edited by hand" for each story the edit changed.

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use serde_json::{json, Value};
use tidings_model::{Article, ArticleIdx};
use tidings_story::StoryGroup;

use crate::batch::BatchTx;
use crate::{IngestReport, Result, StoreError};

/// The longest headline an editor may set, in characters.
pub const MAX_HEADLINE_CHARS: usize = 300;

/// One correction as an editor asks for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Correction {
    /// These articles leave `story` and become a story of their own.
    Split { story: String, articles: Vec<String> },
    /// The article leaves its story for `to`.
    Move { article: String, to: String },
    /// `story` joins `into`; its id keeps working and finds `into`.
    Merge { story: String, into: String },
    /// The story's headline, instead of the title of its most representative article.
    Headline { story: String, headline: String },
}

impl Correction {
    fn kind(&self) -> &'static str {
        match self {
            Correction::Split { .. } => "split",
            Correction::Move { .. } => "move",
            Correction::Merge { .. } => "merge",
            Correction::Headline { .. } => "headline",
        }
    }
}

/// What a correction (or its undo) did.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct Corrected {
    /// The correction's number (for `undo`).
    pub correction: i64,
    /// The story the editor worked on, under its id after the edit.
    pub story: Option<String>,
    /// The other story of the edit, after it: the new story of a split, the target of a move or
    /// merge; none for a headline.
    pub other: Option<String>,
    /// What the edit says in the stories' history.
    pub note: String,
    pub stories_created: usize,
    pub stories_updated: usize,
    pub stories_merged: usize,
}

/// One row of the log, as the story page and `tidings corrections` show it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CorrectionView {
    pub id: i64,
    /// `split`, `move`, `merge` or `headline`.
    pub kind: String,
    /// The story it was made on, and the other story of a split, move or merge (ids at the time).
    pub story: String,
    pub other: Option<String>,
    pub note: String,
    /// RFC 3339 (UTC).
    pub at: String,
    /// When it was undone, or null while it holds.
    pub undone: Option<String>,
}

/// A correction row to write.
pub struct CorrectionWrite<'a> {
    pub kind: &'a str,
    pub story: &'a str,
    pub other: Option<&'a str>,
    /// JSON: what replays it (see [`Hand::replay`]).
    pub payload: &'a str,
    pub note: &'a str,
    pub at_ms: i64,
}

/// A correction row as the replay reads it.
pub struct CorrectionRow {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    pub note: String,
    pub undone: bool,
}

/// The editor's corrections, replayed: where pinned articles belong, and hand-set headlines.
#[derive(Debug, Default)]
pub struct Hand {
    pins: FxHashMap<String, String>,
    headlines: FxHashMap<String, String>,
}

fn ids(v: &Value) -> Vec<&str> {
    v.as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default()
}

impl Hand {
    /// Replays the active corrections, oldest first.
    pub fn load(tx: &mut dyn BatchTx) -> Result<Hand> {
        Ok(Hand::replay(&tx.active_corrections()?))
    }

    pub fn replay(rows: &[CorrectionRow]) -> Hand {
        let mut hand = Hand::default();
        for r in rows.iter().filter(|r| !r.undone) {
            let p: Value = serde_json::from_str(&r.payload).unwrap_or_default();
            let mut pin = |articles: &Value, story: &Value| {
                if let Some(s) = story.as_str() {
                    for a in ids(articles) {
                        hand.pins.insert(a.to_string(), s.to_string());
                    }
                }
            };
            match r.kind.as_str() {
                "split" => {
                    pin(&p["rest"], &p["story"]);
                    pin(&p["articles"], &p["new_story"]);
                }
                "move" => {
                    pin(&p["from_rest"], &p["from"]);
                    pin(&p["to_members"], &p["to"]);
                    pin(&json!([p["article"]]), &p["to"]);
                }
                "merge" => pin(&p["articles"], &p["into"]),
                "headline" => {
                    if let (Some(s), Some(h)) = (p["story"].as_str(), p["headline"].as_str()) {
                        hand.headlines.insert(s.to_string(), h.to_string());
                    }
                }
                _ => {}
            }
        }
        hand
    }

    pub fn is_empty(&self) -> bool {
        self.pins.is_empty() && self.headlines.is_empty()
    }

    /// The headline an editor set for a story.
    pub fn headline(&self, story: &str) -> Option<&str> {
        self.headlines.get(story).map(String::as_str)
    }

    /// Whether a story holds an editor's correction (pinned articles or a headline).
    pub fn edited(&self, story: &str) -> bool {
        self.headlines.contains_key(story) || self.pins.values().any(|s| s == story)
    }

    /// Rearranges the machine's groups so that pinned articles are in their stories: returns the
    /// groups and, per group, the story id it must keep. Without pins the groups are returned as
    /// they are.
    pub fn apply(&self, groups: Vec<StoryGroup>, corpus: &[Article]) -> (Vec<StoryGroup>, Vec<Option<String>>) {
        if self.pins.is_empty() {
            let n = groups.len();
            return (groups, vec![None; n]);
        }
        let pin = |i: ArticleIdx| self.pins.get(&corpus[i].id).map(String::as_str);
        // story -> (members, votes of the source groups for their `why`)
        let mut pinned: FxHashMap<&str, (Vec<ArticleIdx>, FxHashMap<usize, usize>)> = FxHashMap::default();
        let mut free: Vec<(Vec<ArticleIdx>, usize)> = Vec::new();
        for (gi, g) in groups.iter().enumerate() {
            let mut votes: FxHashMap<&str, usize> = FxHashMap::default();
            for &i in &g.articles {
                if let Some(s) = pin(i) {
                    *votes.entry(s).or_default() += 1;
                }
            }
            // Articles nobody pinned follow the story most of their group's pinned articles are in.
            let follow = votes.into_iter().max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0))).map(|(s, _)| s);
            let mut rest = Vec::new();
            for &i in &g.articles {
                match pin(i).or(follow) {
                    Some(s) => {
                        let e = pinned.entry(s).or_default();
                        e.0.push(i);
                        *e.1.entry(gi).or_default() += 1;
                    }
                    None => rest.push(i),
                }
            }
            if !rest.is_empty() {
                free.push((rest, gi));
            }
        }
        let mut out: Vec<(StoryGroup, Option<String>)> =
            free.into_iter().map(|(articles, gi)| (StoryGroup { articles, why: groups[gi].why.clone() }, None)).collect();
        for (story, (mut articles, votes)) in pinned {
            articles.sort_unstable();
            let gi = votes.into_iter().max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0))).map(|(g, _)| g).unwrap_or(0);
            out.push((StoryGroup { articles, why: groups[gi].why.clone() }, Some(story.to_string())));
        }
        // A deterministic order: by first article.
        out.sort_by_key(|(g, _)| g.articles.first().copied().unwrap_or(usize::MAX));
        out.into_iter().unzip()
    }
}

/// What a regroup run for an edit needs: the note of the history rows, and the stories it
/// touched (their briefs are recomputed even when their articles stay the same).
pub struct Edit<'a> {
    pub note: &'a str,
    pub stories: FxHashSet<String>,
}

fn bad(msg: impl Into<String>) -> StoreError {
    StoreError::BadEdit(msg.into())
}

fn story_or_404(tx: &mut dyn BatchTx, id: &str) -> Result<String> {
    tx.resolve_story(id)?.ok_or_else(|| StoreError::NotFound { what: "story", id: id.to_string() })
}

/// A quoted, shortened title for a note.
fn quote(s: &str) -> String {
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() > 80 {
        format!("\u{201c}{}\u{2026}\u{201d}", s.chars().take(79).collect::<String>())
    } else {
        format!("\u{201c}{s}\u{201d}")
    }
}

/// Applies a correction: logs it, regroups the stories it touches at once. Runs inside the
/// caller's transaction (the caller commits when it returns `Ok`).
pub fn correct(tx: &mut dyn BatchTx, c: &Correction, now: i64, opts: &tidings_digest::Options) -> Result<Corrected> {
    let (story, other, payload, note, touched): (String, Option<String>, Value, String, Vec<String>) = match c {
        Correction::Split { story, articles } => {
            let s = story_or_404(tx, story)?;
            let members = tx.story_members(&s)?;
            let mut leave: Vec<&str> = Vec::new();
            for a in articles {
                if !members.iter().any(|m| m.0 == *a) {
                    return Err(bad(format!("article {a} is not in story {s}")));
                }
                if !leave.contains(&a.as_str()) {
                    leave.push(a);
                }
            }
            if leave.is_empty() {
                return Err(bad("a split needs at least one article to move into the new story"));
            }
            if leave.len() == members.len() {
                return Err(bad("a split must leave at least one article in the story"));
            }
            let rest: Vec<&str> = members.iter().map(|m| m.0.as_str()).filter(|m| !leave.contains(m)).collect();
            let base = format!("s{:012x}", tidings_digest::stable_hash(&["split", &s, leave[0]]) >> 16);
            let mut new_id = base.clone();
            let mut n = 1;
            while tx.story_id_used(&new_id)? {
                n += 1;
                new_id = format!("{base}-{n}");
            }
            let note = format!(
                "split {} of story {s} into a new story {new_id}",
                if leave.len() == 1 { "1 article".to_string() } else { format!("{} articles", leave.len()) }
            );
            let payload = json!({ "story": s, "new_story": new_id, "articles": leave, "rest": rest });
            (s.clone(), Some(new_id.clone()), payload, note, vec![s, new_id])
        }
        Correction::Move { article, to } => {
            let Some(from) = tx.article_story(article)? else {
                return Err(StoreError::NotFound { what: "article", id: article.clone() });
            };
            let Some(from) = from else {
                return Err(bad(format!("article {article} is in no story (an older revision, or not grouped yet)")));
            };
            let to = story_or_404(tx, to)?;
            if to == from {
                return Err(bad(format!("article {article} is in story {to} already")));
            }
            let from_members = tx.story_members(&from)?;
            let title = from_members.iter().find(|m| m.0 == *article).map(|m| m.1.clone()).unwrap_or_default();
            let from_rest: Vec<&str> = from_members.iter().map(|m| m.0.as_str()).filter(|m| m != article).collect();
            let to_members: Vec<String> = tx.story_members(&to)?.into_iter().map(|m| m.0).collect();
            let note = format!("moved the article {} from story {from} to story {to}", quote(&title));
            let payload = json!({ "article": article, "from": from, "to": to, "from_rest": from_rest, "to_members": to_members });
            (from.clone(), Some(to.clone()), payload, note, vec![from, to])
        }
        Correction::Merge { story, into } => {
            let s = story_or_404(tx, story)?;
            let into = story_or_404(tx, into)?;
            if s == into {
                return Err(bad(format!("{story} and {into} are the same story")));
            }
            let mut articles: Vec<String> = tx.story_members(&into)?.into_iter().map(|m| m.0).collect();
            articles.extend(tx.story_members(&s)?.into_iter().map(|m| m.0));
            let note = format!("merged story {s} into story {into}");
            let payload = json!({ "story": s, "into": into, "articles": articles });
            (s.clone(), Some(into.clone()), payload, note, vec![s, into])
        }
        Correction::Headline { story, headline } => {
            let s = story_or_404(tx, story)?;
            let h = headline.split_whitespace().collect::<Vec<_>>().join(" ");
            if h.is_empty() {
                return Err(bad("the headline is empty"));
            }
            if h.chars().count() > MAX_HEADLINE_CHARS {
                return Err(bad(format!("the headline is longer than {MAX_HEADLINE_CHARS} characters")));
            }
            let note = format!("set the headline to {}", quote(&h));
            (s.clone(), None, json!({ "story": s, "headline": h }), note, vec![s])
        }
    };
    let id = tx.add_correction(&CorrectionWrite {
        kind: c.kind(),
        story: &story,
        other: other.as_deref(),
        payload: &payload.to_string(),
        note: &note,
        at_ms: now,
    })?;
    let report = rerun(tx, &touched, &note, now, opts)?;
    Ok(Corrected {
        correction: id,
        story: tx.resolve_story(&story)?,
        other: match &other {
            Some(o) => tx.resolve_story(o)?,
            None => None,
        },
        note,
        stories_created: report.stories_created,
        stories_updated: report.stories_updated,
        stories_merged: report.stories_merged,
    })
}

/// Undoes a correction: it drops out of the replay, and the stories it touched are regrouped
/// (the machine's grouping, and the corrections that remain, decide again).
pub fn undo(tx: &mut dyn BatchTx, id: i64, now: i64, opts: &tidings_digest::Options) -> Result<Corrected> {
    let Some(row) = tx.correction(id)? else {
        return Err(StoreError::NotFound { what: "correction", id: id.to_string() });
    };
    if row.undone {
        return Err(bad(format!("correction {id} is undone already")));
    }
    tx.set_undone(id, now)?;
    let p: Value = serde_json::from_str(&row.payload).unwrap_or_default();
    // The stories of the edit as they are now, and the stories its articles are in now.
    let mut touched: Vec<String> = Vec::new();
    for key in ["story", "new_story", "from", "to", "into"] {
        if let Some(s) = p[key].as_str() {
            if let Some(s) = tx.resolve_story(s)? {
                touched.push(s);
            }
        }
    }
    let mut articles: Vec<&str> = ["articles", "rest", "from_rest", "to_members"].iter().flat_map(|k| ids(&p[*k])).collect();
    articles.extend(p["article"].as_str());
    for a in articles {
        if let Some(Some(s)) = tx.article_story(a)? {
            touched.push(s);
        }
    }
    // An undone merge gives the merged story its id back, when its first article opens it again.
    if row.kind == "merge" {
        if let Some(s) = p["story"].as_str() {
            tx.drop_alias(s)?;
        }
    }
    touched.sort();
    touched.dedup();
    let note = format!("undid correction {id} ({})", row.note);
    let report = rerun(tx, &touched, &note, now, opts)?;
    let story = match p["story"].as_str().or(p["from"].as_str()) {
        Some(s) => tx.resolve_story(s)?,
        None => None,
    };
    let other = match p["new_story"].as_str().or(p["to"].as_str()).or(p["into"].as_str()) {
        Some(s) => tx.resolve_story(s)?,
        None => None,
    };
    Ok(Corrected {
        correction: id,
        story,
        other,
        note,
        stories_created: report.stories_created,
        stories_updated: report.stories_updated,
        stories_merged: report.stories_merged,
    })
}

/// Regroups the touched stories now, with "edited by hand" history rows.
fn rerun(tx: &mut dyn BatchTx, touched: &[String], note: &str, now: i64, opts: &tidings_digest::Options) -> Result<IngestReport> {
    let refs: Vec<&str> = touched.iter().map(String::as_str).collect();
    tx.mark_pending(&refs)?;
    let edit = Edit { note, stories: touched.iter().cloned().collect() };
    crate::batch::regroup_with(tx, now, opts, Some(&edit))
}
