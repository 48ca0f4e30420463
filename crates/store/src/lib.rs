//! The story store: articles and stories that outlive one run, updated batch by batch, with
//! per-story history and full-text search.
//!
//! [`Store`] is the contract every backend meets: atomic batches, stable story ids, history
//! rows, search with filters. [`SqliteStore`] keeps everything in one SQLite file (WAL mode, FTS5
//! indexes written in the same transaction as the rows); `tidings-pg` keeps it in PostgreSQL.
//! Both run the same batch algorithm ([`batch`]) over their own row operations.
//!
//! ```
//! use tidings_ingest::{Body, RawDoc};
//! use tidings_store::{SqliteStore, Store, StoryQuery};
//! let dir = tempfile::tempdir().unwrap();
//! let store = SqliteStore::open_dir(dir.path()).unwrap();
//! let doc = RawDoc { path: Some("a.txt".into()), body: Body::Text("Storm hits coast\nA storm hit the coast on Friday, closing ports.".into()), ..RawDoc::default() };
//! let report = store.ingest(vec![doc.clone()]).unwrap();
//! assert_eq!(report.added, 1);
//! assert_eq!(store.ingest(vec![doc]).unwrap().unchanged, 1); // the same article again is a no-op
//! let page = store.stories(&StoryQuery::default()).unwrap();
//! assert_eq!(page.stories[0].headline, "Storm hits coast");
//! ```

pub mod batch;
mod canon;
pub mod corrections;
pub mod failpoint;
pub mod outlets;
pub mod row;
mod schema;
mod sqlite;
pub mod text;
mod update;

use serde::Serialize;
use tidings_ingest::RawDoc;

pub use canon::canonical_url;
pub use corrections::{Corrected, Correction, CorrectionView, MAX_HEADLINE_CHARS};
pub use outlets::{normalize_outlet, outlet_key};
pub use schema::SCHEMA_VERSION;
pub use sqlite::{SqliteStore, StoreOptions, BUSY_TIMEOUT_MS, WRITE_RETRIES, WRITE_RETRY_PAUSE_MS};

/// The data directory when neither `--data` nor [`DATA_ENV`] is given.
pub const DEFAULT_DATA_DIR: &str = "tidings-data";
/// Environment variable naming the data directory.
pub const DATA_ENV: &str = "TIDINGS_DATA";
/// The SQLite file inside the data directory.
pub const DB_FILE: &str = "tidings.sqlite3";
/// Documents per atomic batch when a caller splits a large ingest.
pub const DEFAULT_BATCH: usize = 256;
/// Stories per page when none is asked for, and the most one page may hold.
pub const DEFAULT_PAGE: usize = 50;
pub const MAX_PAGE: usize = 500;
/// Values of each kind (outlets, people, places, organisations, languages) the filters list.
pub const FACET_VALUES: usize = 12;
/// Search hits of each kind (stories, articles) when none is asked for, and the most.
pub const DEFAULT_HITS: usize = 20;
pub const MAX_HITS: usize = 200;
/// Up to this many stored articles, every batch regroups all of them; above it, only the
/// stories within the grouping window of the batch's articles (see docs/store.md).
pub const FULL_REGROUP_LIMIT: usize = 5_000;
/// Read connections open at most; more concurrent readers wait for one (SQLite reads are
/// CPU-bound, so more than a few per core only adds switching).
pub const READERS: usize = 8;

/// Everything a store operation can fail with.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The disk (or a quota) is full. The batch was rolled back; reads keep working.
    #[error("disk full while writing {path}: nothing of this batch was written; free some space and retry")]
    DiskFull { path: String },
    /// Another writer (a second process on the same file) held the write lock for longer than
    /// the store waits. Nothing of this batch was written; it can simply be sent again.
    #[error("store {path} is busy: another writer held it for more than {} s; nothing of this batch was written, retry", waited_ms / 1000)]
    Busy { path: String, waited_ms: u64 },
    /// The store was written by a newer tidings, whose schema this binary does not know.
    #[error("store {path} has schema version {found}, newer than this tidings understands ({supported}): upgrade tidings")]
    TooNew { path: String, found: u32, supported: u32 },
    /// The data directory could not be created.
    #[error("cannot create data directory {path}")]
    CreateDir {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// Any other database failure, with the file it concerns.
    #[error("store {path}: {what}")]
    Db {
        path: String,
        what: &'static str,
        #[source]
        source: rusqlite::Error,
    },
    /// A failure of another backend's database (PostgreSQL), with what was being done.
    #[error("store {path}: {what}")]
    Backend {
        path: String,
        what: &'static str,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A query the store cannot run (an empty search, a bad date).
    #[error("invalid query: {0}")]
    BadQuery(String),
    /// A correction that names a story, article or correction the store does not have.
    #[error("no {what} with id {id}")]
    NotFound { what: &'static str, id: String },
    /// A correction that cannot be made as asked (a split of every article, an empty headline).
    #[error("cannot make this correction: {0}")]
    BadEdit(String),
    /// Stored data that does not parse (a bug or a hand-edited file).
    #[error("corrupt store data: {0}")]
    Corrupt(String),
    /// A failpoint fired (only with the `failpoints` feature, in tests).
    #[error("failpoint {0} fired")]
    Failpoint(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// How the story list is ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// The story whose last article was published most recently first (the ingest time stands in
    /// for an article without a date).
    #[default]
    Latest,
    /// Most articles first.
    Size,
}

impl Sort {
    /// `latest` (also its old name `updated`) or `size`.
    pub fn parse(s: &str) -> Option<Sort> {
        match s {
            "latest" | "updated" => Some(Sort::Latest),
            "size" => Some(Sort::Size),
            _ => None,
        }
    }
}

/// A page of the story list, with filters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryQuery {
    pub sort: Sort,
    pub offset: usize,
    pub limit: usize,
    /// Only stories with an article of this outlet (any spelling: `www.` and case are ignored).
    pub outlet: Option<String>,
    /// Only stories naming this person, place or organisation (case-insensitive).
    pub entity: Option<String>,
    /// Only stories with an article in this language (ISO 639-1).
    pub language: Option<String>,
    /// Only stories with an article published in `[from_ms, to_ms)`. Stories without any dated
    /// article are left out and counted in [`StoryPage::undated`].
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
    /// Only the stories without any dated article (the ones a date range leaves out).
    pub undated: bool,
}

impl Default for StoryQuery {
    fn default() -> Self {
        StoryQuery {
            sort: Sort::Latest,
            offset: 0,
            limit: DEFAULT_PAGE,
            outlet: None,
            entity: None,
            language: None,
            from_ms: None,
            to_ms: None,
            undated: false,
        }
    }
}

impl StoryQuery {
    /// Whether a date range is set.
    pub fn dated(&self) -> bool {
        self.from_ms.is_some() || self.to_ms.is_some()
    }
    /// The filter values as backends compare them: the outlet's key, lowercased names.
    pub fn keys(&self) -> (Option<String>, Option<String>, Option<String>) {
        (
            self.outlet.as_deref().and_then(outlet_key),
            self.entity.as_deref().map(|e| e.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()).filter(|e| !e.is_empty()),
            self.language.as_deref().map(|l| l.trim().to_lowercase()).filter(|l| !l.is_empty()),
        )
    }
}

/// One line of the story list.
///
/// Counts use one vocabulary everywhere: **articles** are all the stored articles of the story,
/// copies included; **outlets** are the publishers, one name each; **independent sources** are
/// the outlets once copies count as their original's outlet (an article without an outlet counts
/// as its own source).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StoryRow {
    pub id: String,
    pub headline: String,
    /// The first summary sentence, verbatim (empty when the brief has none).
    pub gist: String,
    /// Language of the headline (ISO 639-1), for `lang` attributes.
    pub language: Option<String>,
    /// Independent sources (copies count as their original's outlet).
    pub sources: u32,
    /// Articles, copies included.
    pub articles: u32,
    /// The outlets, one name each, the one with most articles first.
    pub outlets: Vec<String>,
    /// True when two independent sources state different values of one fact.
    pub conflict: bool,
    /// True when an editor corrected the story by hand.
    pub edited: bool,
    /// `YYYY-MM-DD`: when the event happened, as the articles date it (else the first
    /// publication day); null when nothing is dated.
    pub event: Option<String>,
    /// RFC 3339 (UTC): the first and the last publication time of its articles, null when none
    /// is dated.
    pub first_published: Option<String>,
    pub last_published: Option<String>,
    /// RFC 3339 (UTC): what `latest` sorts by, the last publication time (ingest time for an
    /// undated article).
    pub latest: String,
    /// RFC 3339 (UTC): when the story was created and last changed in the store.
    pub created: String,
    pub updated: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct StoryPage {
    pub stories: Vec<StoryRow>,
    pub total: u64,
    pub offset: usize,
    pub limit: usize,
    pub sort: Sort,
    /// With a date range: the stories matching the other filters that have no dated article,
    /// left out of `stories` (list them with `undated`). Null without a date range.
    pub undated: Option<u64>,
}

/// The filter values of the story list with how many stories each has, the most first.
#[derive(Debug, Clone, Serialize, Default, PartialEq)]
pub struct Facets {
    pub outlets: Vec<Facet>,
    pub people: Vec<Facet>,
    pub places: Vec<Facet>,
    pub organizations: Vec<Facet>,
    pub languages: Vec<Facet>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Facet {
    /// What a filter takes.
    pub value: String,
    /// What is shown.
    pub label: String,
    pub stories: u64,
}

impl Facets {
    /// Sorts backend rows `(kind, value, label, count)` into the kinds, at most [`FACET_VALUES`]
    /// of each, most stories first, then by label.
    pub fn from_rows(mut rows: Vec<(String, String, String, u64)>) -> Facets {
        rows.sort_by(|a, b| b.3.cmp(&a.3).then_with(|| a.2.to_lowercase().cmp(&b.2.to_lowercase())).then_with(|| a.1.cmp(&b.1)));
        let mut f = Facets::default();
        for (kind, value, label, stories) in rows {
            let list = match kind.as_str() {
                "outlet" => &mut f.outlets,
                "person" => &mut f.people,
                "place" => &mut f.places,
                "organization" => &mut f.organizations,
                "language" => &mut f.languages,
                _ => continue,
            };
            if list.len() < FACET_VALUES {
                list.push(Facet { value, label, stories });
            }
        }
        f
    }
}

/// A story with its brief as the digest's wire JSON (docs/digest-json.md).
#[derive(Debug, Clone)]
pub struct StoredStory {
    pub row: StoryRow,
    /// The `WireStory` JSON, exactly the fields of a story in `tidings digest --format json`.
    pub json: String,
}

/// What changed in a story in one batch.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// RFC 3339 (UTC).
    pub at: String,
    /// Milliseconds since the Unix epoch, for `since=` round trips.
    pub at_ms: i64,
    /// The story was created in this batch.
    pub created: bool,
    /// Articles that joined.
    pub articles: Vec<ChangedArticle>,
    /// Summary sentences that were not in the brief before.
    pub sentences: Vec<String>,
    /// Claims with `status: "conflict"` that were not there before (from the brief JSON, as is:
    /// kept as JSON text, which pages need only the `about` of; see [`claim_about`]).
    pub conflicts: Vec<Box<serde_json::value::RawValue>>,
    /// Set when an editor made this change by hand: what they did.
    pub edit: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, serde::Deserialize)]
pub struct ChangedArticle {
    pub id: String,
    pub title: String,
    pub outlet: Option<String>,
}

/// One stored article: the digest's article JSON (the same fields, flattened into one object)
/// and where it lives in the store.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleView {
    #[serde(flatten)]
    pub article: WireArticle,
    /// The story it belongs to (null for a superseded revision).
    pub story: Option<String>,
    /// Paragraph byte spans of `text`.
    pub paragraphs: Vec<[usize; 2]>,
    /// 1 for the first version seen of this URL, then 2, 3… for edits.
    pub revision: u32,
    /// The id of the newer revision, when this one was edited since.
    pub superseded_by: Option<String>,
    /// When it was stored, RFC 3339 (UTC).
    pub ingested: String,
}

impl std::ops::Deref for ArticleView {
    type Target = WireArticle;
    fn deref(&self) -> &WireArticle {
        &self.article
    }
}

use tidings_digest::wire::WireArticle;
/// A sentence of an article with its byte offsets: the digest's wire type.
pub use tidings_digest::wire::WireSpanText as SpanText;

/// A full-text search with filters.
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    /// Words, all of which must occur (any order); punctuation is ignored.
    pub q: String,
    pub outlet: Option<String>,
    /// A name that must occur in the article (a plain phrase match for now).
    pub entity: Option<String>,
    /// Publication time range (ms since the epoch). Articles without a date cannot be placed in
    /// it: they are listed apart, in [`SearchResults::undated`].
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
    pub limit: usize,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct SearchResults {
    /// Stories whose headline or summary matches, and the stories of the matching articles.
    pub stories: Vec<StoryHit>,
    pub articles: Vec<ArticleHit>,
    /// With a date range: matching articles without a publication date, which the range can
    /// neither keep nor drop.
    pub undated: Vec<ArticleHit>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StoryHit {
    pub id: String,
    pub headline: String,
    pub sources: u32,
    pub articles: u32,
    /// From the story's summary, or from its best matching article.
    pub snippet: Snippet,
}

#[derive(Debug, Clone, Serialize)]
pub struct ArticleHit {
    pub id: String,
    pub story: Option<String>,
    pub title: String,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub snippet: Snippet,
}

/// A piece of text around the matches, with the byte ranges of the matched words.
#[derive(Debug, Clone, Serialize, Default, PartialEq)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<[usize; 2]>,
}

/// What one batch did.
#[derive(Debug, Clone, Serialize, Default, PartialEq)]
pub struct IngestReport {
    /// New articles stored.
    pub added: usize,
    /// Of those, new revisions of an article already stored (same URL, new text).
    pub revised: usize,
    /// Documents already stored, skipped.
    pub unchanged: usize,
    pub stories_created: usize,
    /// Stories whose membership changed (their brief was recomputed).
    pub stories_updated: usize,
    /// Stories merged into others.
    pub stories_merged: usize,
    /// Problems with single documents (`subject: message`).
    pub warnings: Vec<String>,
}

impl IngestReport {
    pub fn absorb(&mut self, o: IngestReport) {
        self.added += o.added;
        self.revised += o.revised;
        self.unchanged += o.unchanged;
        self.stories_created += o.stories_created;
        self.stories_updated += o.stories_updated;
        self.stories_merged += o.stories_merged;
        self.warnings.extend(o.warnings);
    }
}

/// Counts for a status line.
#[derive(Debug, Clone, Serialize, Default, PartialEq)]
pub struct Stats {
    pub articles: u64,
    pub stories: u64,
    pub outlets: u64,
    /// RFC 3339 of the last batch that changed a story, or null for an empty store.
    pub updated: Option<String>,
    pub schema_version: u32,
}

/// The work queue of a backend that has one (PostgreSQL), for `/metrics`.
#[derive(Debug, Clone, Serialize, Default, PartialEq)]
pub struct QueueStats {
    pub queued: i64,
    pub leased: i64,
    pub done: i64,
    pub failed: i64,
    /// Seconds since the oldest live lease was taken.
    pub oldest_lease_secs: Option<f64>,
    /// Age of the oldest unfinished job, in seconds.
    pub queue_lag_secs: Option<f64>,
    /// Age of the oldest article waiting to be grouped, in seconds.
    pub grouping_lag_secs: Option<f64>,
}

/// The contract of a story store. Every method is safe to call from many threads; writes are
/// serialised by the store. A batch is all-or-nothing.
pub trait Store: Send + Sync {
    /// Adds a batch of documents at time `now_ms`: one transaction for the articles, the
    /// regrouped stories, their briefs and history rows.
    fn ingest_at(&self, docs: Vec<RawDoc>, now_ms: i64) -> Result<IngestReport>;
    /// [`Store::ingest_at`] now.
    fn ingest(&self, docs: Vec<RawDoc>) -> Result<IngestReport> {
        self.ingest_at(docs, now_ms())
    }
    fn stories(&self, q: &StoryQuery) -> Result<StoryPage>;
    /// The filter values of the stories `q` selects (its offset, limit and sort aside), with
    /// their counts.
    fn facets(&self, q: &StoryQuery) -> Result<Facets>;
    /// A story by id; the id of a story that was merged into another finds the other.
    fn story(&self, id: &str) -> Result<Option<StoredStory>>;
    /// [`Store::story`] without the brief: the list line only, which is all a page needs when
    /// it has the brief rendered already (the brief carries every article's text).
    fn story_row(&self, id: &str) -> Result<Option<StoryRow>>;
    /// History rows at or after `since_ms`, oldest first; `None` when the story is unknown.
    fn changes(&self, id: &str, since_ms: i64) -> Result<Option<Vec<Change>>>;
    fn article(&self, id: &str) -> Result<Option<ArticleView>>;
    fn search(&self, q: &SearchQuery) -> Result<SearchResults>;
    fn stats(&self) -> Result<Stats>;
    /// A number that changes with every batch that changed something: caches of pages and
    /// lists are valid while it stays the same.
    fn version(&self) -> Result<i64>;
    /// The work queue, for a backend that has one (the embedded store has none).
    fn queue(&self) -> Result<Option<QueueStats>> {
        Ok(None)
    }
    /// Makes a correction by hand at `now_ms`, in one transaction with the regrouping of the
    /// stories it touches (see [`corrections`]).
    fn correct_at(&self, c: &Correction, now_ms: i64) -> Result<Corrected>;
    fn correct(&self, c: &Correction) -> Result<Corrected> {
        self.correct_at(c, now_ms())
    }
    /// Undoes a correction by its number.
    fn undo_at(&self, correction: i64, now_ms: i64) -> Result<Corrected>;
    fn undo(&self, correction: i64) -> Result<Corrected> {
        self.undo_at(correction, now_ms())
    }
    /// The corrections made on a story or naming it, oldest first; `None` for an unknown story.
    fn corrections(&self, story: &str) -> Result<Option<Vec<CorrectionView>>>;
}

/// What a claim of a brief (as JSON text) is about, without building the whole claim.
pub fn claim_about(claim: &serde_json::value::RawValue) -> String {
    #[derive(serde::Deserialize)]
    struct About {
        about: Option<String>,
    }
    serde_json::from_str::<About>(claim.get()).ok().and_then(|a| a.about).unwrap_or_else(|| "a claim".into())
}

/// The words of a user's search: runs of letters and digits, lowercased. Nothing else of the
/// query reaches a backend's query syntax.
pub fn query_words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| w.to_lowercase()).collect()
}

/// Opens a match in a backend's snippet text: a control character article text never contains.
pub const MARK_OPEN: char = '\u{2}';
/// Closes a match.
pub const MARK_CLOSE: char = '\u{3}';

/// A [`Snippet`] from a backend's snippet text with matches between [`MARK_OPEN`] and
/// [`MARK_CLOSE`], on one line.
pub fn marked_snippet(raw: String) -> Snippet {
    let mut text = String::with_capacity(raw.len());
    let mut highlights = Vec::new();
    let mut open = None;
    for c in raw.chars() {
        match c {
            MARK_OPEN => open = Some(text.len()),
            MARK_CLOSE => {
                if let Some(s) = open.take() {
                    highlights.push([s, text.len()]);
                }
            }
            // One line, so that terminals and pages show a snippet as a run of text.
            '\n' | '\r' | '\t' => text.push(' '),
            _ => text.push(c),
        }
    }
    Snippet { text, highlights }
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// RFC 3339 (UTC, seconds) of a millisecond timestamp.
pub fn rfc3339_ms(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms).map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)).unwrap_or_default()
}

/// Parses a time given by a user: RFC 3339, a date (`YYYY-MM-DD`, UTC midnight) or milliseconds
/// since the epoch.
pub fn parse_time_ms(s: &str) -> Option<i64> {
    let s = s.trim();
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().ok();
    }
    tidings_ingest::parse_date(s).map(|d| d.timestamp_millis())
}

/// The data directory: the flag, else [`DATA_ENV`], else [`DEFAULT_DATA_DIR`].
pub fn data_dir(flag: Option<&std::path::Path>) -> std::path::PathBuf {
    if let Some(p) = flag {
        return p.to_path_buf();
    }
    match std::env::var_os(DATA_ENV) {
        Some(v) if !v.is_empty() => v.into(),
        _ => DEFAULT_DATA_DIR.into(),
    }
}

/// The migrations, for tests that build an older store.
#[doc(hidden)]
pub mod schema_for_tests {
    pub use crate::schema::{migrate_to, version, MIGRATIONS};
}
