//! Subscriptions: the feed list in `<data>/feeds.json`, with each feed's interval, validators
//! (ETag, Last-Modified), last error, last success and backoff; [`poll_due`] fetches the feeds
//! that are due with a conditional GET and returns the items not seen before.
//!
//! The file is a small JSON document written atomically (temporary file, fsync, rename), so a
//! crash mid-write leaves the old list. This is an on-disk format owned by this crate, hence the
//! serde derives here and not in the core.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use tidings_ingest::RawDoc;
use tidings_model::Warning;

use crate::fetcher::{Conditional, FetchOptions, Fetcher, Kind};
use crate::sources::{self, Options};
use crate::{feed, Error};

/// The subscription file's name inside the data directory.
pub const FEEDS_FILE: &str = "feeds.json";
/// A feed's polling interval unless given.
pub const DEFAULT_INTERVAL_SECS: u64 = 30 * 60;
/// No feed is polled more often than this, whatever its interval says.
pub const MIN_INTERVAL_SECS: u64 = 60;
/// Backoff after errors doubles the interval per consecutive failure, up to this.
pub const MAX_BACKOFF_SECS: u64 = 24 * 60 * 60;
/// Item ids remembered per feed to recognise new items.
pub const SEEN_CAP: usize = 2_000;
/// How long `watch` sleeps at most between two looks at the list.
pub const WATCH_TICK: Duration = Duration::from_secs(30);

/// One subscribed feed and its polling state.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Subscription {
    pub url: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default = "default_interval")]
    pub interval_secs: u64,
    #[serde(default)]
    pub etag: Option<String>,
    #[serde(default)]
    pub last_modified: Option<String>,
    /// RFC 3339 time of the last successful poll (200 or 304).
    #[serde(default)]
    pub last_success: Option<String>,
    /// The last error message, cleared by a success.
    #[serde(default)]
    pub last_error: Option<String>,
    #[serde(default)]
    pub last_error_at: Option<String>,
    /// What kind of error the last one was (`timeout`, `status`, `store`, ... see
    /// [`Error::kind`](crate::Error::kind)), for metrics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error_kind: Option<String>,
    /// Consecutive failures; drives the backoff.
    #[serde(default)]
    pub failures: u32,
    /// Unix seconds when the feed is next due; 0 means now.
    #[serde(default)]
    pub next_due: i64,
    /// Ids of items already returned, newest last.
    #[serde(default)]
    pub seen: Vec<String>,
}

fn default_interval() -> u64 {
    DEFAULT_INTERVAL_SECS
}

impl Subscription {
    pub fn new(url: impl Into<String>, interval_secs: u64) -> Subscription {
        Subscription {
            url: url.into(),
            title: None,
            interval_secs: interval_secs.max(MIN_INTERVAL_SECS),
            etag: None,
            last_modified: None,
            last_success: None,
            last_error: None,
            last_error_at: None,
            last_error_kind: None,
            failures: 0,
            next_due: 0,
            seen: Vec::new(),
        }
    }

    /// When the feed is next polled, as RFC 3339, or `now` when it is due already.
    pub fn next_due_display(&self) -> String {
        match DateTime::from_timestamp(self.next_due, 0) {
            Some(d) if self.next_due > Utc::now().timestamp() => d.to_rfc3339(),
            _ => "now".to_string(),
        }
    }

    pub fn is_due(&self, now: DateTime<Utc>) -> bool {
        self.next_due <= now.timestamp()
    }

    /// Seconds until the next poll after `failures` consecutive errors: the interval doubled per
    /// failure, capped at [`MAX_BACKOFF_SECS`].
    pub fn backoff_secs(&self) -> u64 {
        let base = self.interval_secs.max(MIN_INTERVAL_SECS);
        let factor = 1u64 << self.failures.min(16);
        base.saturating_mul(factor).min(MAX_BACKOFF_SECS.max(base))
    }
}

/// The subscription list.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Subscriptions {
    #[serde(default)]
    pub feeds: Vec<Subscription>,
}

impl Subscriptions {
    /// `<data_dir>/feeds.json`.
    pub fn path_in(data_dir: &Path) -> PathBuf {
        data_dir.join(FEEDS_FILE)
    }

    /// Loads the list; a missing file is an empty list.
    pub fn load(path: &Path) -> Result<Subscriptions, Error> {
        let name = path.display().to_string();
        match std::fs::read(path) {
            Ok(b) => serde_json::from_slice(&b).map_err(|e| Error::Io {
                path: name,
                source: std::io::Error::new(std::io::ErrorKind::InvalidData, format!("invalid subscription file: {e}")),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Subscriptions::default()),
            Err(e) => Err(Error::Io { path: name, source: e }),
        }
    }

    /// Writes the list atomically: a temporary file in the same directory, fsync, rename.
    pub fn save(&self, path: &Path) -> Result<(), Error> {
        use std::io::Write;
        let io = |e| Error::Io { path: path.display().to_string(), source: e };
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(io)?;
        let tmp = dir.join(format!(".{}.tmp-{}", FEEDS_FILE, std::process::id()));
        let json = serde_json::to_vec_pretty(self).expect("subscriptions always serialise");
        let mut f = std::fs::File::create(&tmp).map_err(io)?;
        f.write_all(&json).and_then(|_| f.write_all(b"\n")).and_then(|_| f.sync_all()).map_err(io)?;
        drop(f);
        std::fs::rename(&tmp, path).map_err(io)?;
        // Make the rename itself durable where the platform allows opening directories.
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }

    /// Adds a feed; false when it is already subscribed (same normalised URL).
    pub fn add(&mut self, url: &str, interval_secs: u64) -> Result<bool, Error> {
        let norm =
            crate::normalize_url(url).ok_or_else(|| Error::InvalidUrl { url: url.to_string(), reason: "not an http(s) url".into() })?;
        if self.feeds.iter().any(|f| crate::normalize_url(&f.url).as_deref() == Some(norm.as_str())) {
            return Ok(false);
        }
        self.feeds.push(Subscription::new(norm, interval_secs));
        Ok(true)
    }

    /// Removes a feed by URL or by its 1-based position in `feeds list`; false when absent.
    pub fn remove(&mut self, key: &str) -> bool {
        let before = self.feeds.len();
        if let Ok(i) = key.parse::<usize>() {
            if i >= 1 && i <= self.feeds.len() {
                self.feeds.remove(i - 1);
            }
        } else {
            let norm = crate::normalize_url(key);
            self.feeds.retain(|f| f.url != key && crate::normalize_url(&f.url) != norm);
        }
        self.feeds.len() != before
    }

    /// Takes over the polling state of feeds also in `polled` (matched by URL), keeping this
    /// list's membership: a feed added or removed while polling stays added or removed.
    pub fn merge_state(&mut self, polled: &Subscriptions) {
        for f in &mut self.feeds {
            if let Some(p) = polled.feeds.iter().find(|p| p.url == f.url) {
                let interval = f.interval_secs;
                *f = p.clone();
                f.interval_secs = interval;
            }
        }
    }
}

/// Polls every due feed with a conditional GET and returns the new items as documents. Each
/// feed's state (validators, last success or error, backoff, seen ids) is updated in `subs`;
/// the caller saves it. One failing feed never stops the others.
pub async fn poll_due(fetcher: &Fetcher, opts: &Options, subs: &mut Subscriptions, now: DateTime<Utc>) -> (Vec<RawDoc>, Vec<Warning>) {
    let mut docs = Vec::new();
    let mut warnings = Vec::new();
    let due: Vec<usize> = (0..subs.feeds.len()).filter(|&i| subs.feeds[i].is_due(now)).collect();
    let results: Vec<_> = futures_util::stream::iter(due.iter().map(|&i| {
        let sub = subs.feeds[i].clone();
        async move { (i, poll_one(fetcher, opts, sub, now).await) }
    }))
    .buffered(sources::PARALLEL_SOURCES)
    .collect()
    .await;
    for (i, (sub, d, w)) in results {
        subs.feeds[i] = sub;
        docs.extend(d);
        warnings.extend(w);
    }
    (docs, warnings)
}

async fn poll_one(
    fetcher: &Fetcher,
    opts: &Options,
    mut sub: Subscription,
    now: DateTime<Utc>,
) -> (Subscription, Vec<RawDoc>, Vec<Warning>) {
    let cond = Conditional { etag: sub.etag.clone(), last_modified: sub.last_modified.clone() };
    let outcome = match fetcher.get(&sub.url, Kind::Feed, &cond).await {
        Ok(resp) if resp.not_modified() => Ok((resp, None)),
        Ok(resp) => match feed::parse_feed(&resp.body, resp.content_type.as_deref(), resp.url.as_str(), opts.max_items) {
            Ok(parsed) => Ok((resp, Some(parsed))),
            Err(e) => Err(e),
        },
        Err(e) => Err(e),
    };
    match outcome {
        Ok((resp, parsed)) => {
            sub.failures = 0;
            sub.last_error = None;
            sub.last_error_at = None;
            sub.last_error_kind = None;
            sub.last_success = Some(now.to_rfc3339());
            sub.next_due = now.timestamp() + sub.interval_secs.max(MIN_INTERVAL_SECS) as i64;
            // Keep old validators on a 304 that omits them.
            if resp.etag.is_some() || !resp.not_modified() {
                sub.etag = resp.etag.clone();
            }
            if resp.last_modified.is_some() || !resp.not_modified() {
                sub.last_modified = resp.last_modified.clone();
            }
            let Some((parsed, mut warnings)) = parsed else { return (sub, Vec::new(), Vec::new()) };
            if sub.title.is_none() {
                sub.title = parsed.title.clone();
            }
            let new: Vec<feed::FeedItem> = parsed.items.into_iter().filter(|it| !sub.seen.contains(&it.id)).collect();
            let (docs, w) = sources::items_to_docs(fetcher, opts, &new).await;
            warnings.extend(w);
            sub.seen.extend(new.into_iter().map(|it| it.id));
            if sub.seen.len() > SEEN_CAP {
                let cut = sub.seen.len() - SEEN_CAP;
                sub.seen.drain(..cut);
            }
            (sub, docs, warnings)
        }
        Err(e) => {
            sub.failures = sub.failures.saturating_add(1);
            let w = e.to_warning(&sub.url);
            sub.last_error = Some(w.message.clone());
            sub.last_error_at = Some(now.to_rfc3339());
            sub.last_error_kind = Some(e.kind().to_string());
            sub.next_due = now.timestamp() + sub.backoff_secs() as i64;
            (sub, Vec::new(), vec![w])
        }
    }
}

/// What one poll of the subscriptions gave: the new documents, the warnings, and the feeds
/// that failed with the kind of their error.
#[derive(Debug, Default)]
pub struct Poll {
    pub docs: Vec<RawDoc>,
    pub warnings: Vec<Warning>,
    /// `(feed url, error kind)` of each feed whose poll failed.
    pub failed: Vec<(String, String)>,
}

/// After the store refused a poll's documents: each feed that gave new items goes back to its
/// state before the poll (its items unseen, its old validators, so that the next poll fetches
/// them again), with the store's error as its last error and the backoff of one more failure.
pub fn store_failed(subs: &mut Subscriptions, before: &Subscriptions, error: &str, now: DateTime<Utc>) {
    for f in &mut subs.feeds {
        let Some(b) = before.feeds.iter().find(|b| b.url == f.url) else { continue };
        if f.seen == b.seen {
            continue;
        }
        let mut restored = b.clone();
        restored.title = f.title.clone().or(restored.title);
        restored.failures = b.failures.saturating_add(1);
        restored.last_error = Some(format!("the new articles were not stored, they come back next poll: {error}"));
        restored.last_error_at = Some(now.to_rfc3339());
        restored.last_error_kind = Some("store".into());
        restored.next_due = now.timestamp() + restored.backoff_secs() as i64;
        *f = restored;
    }
}

/// One round: loads the list, polls the due feeds, hands what they gave to `store`, and saves
/// the state. A feed's items are marked seen (and its validators kept) only when `store`
/// returned `Ok`: the items of a poll whose store write failed come back the next time. Returns
/// the saved list and the store's error, if any.
fn round(
    path: &Path,
    rt: &tokio::runtime::Runtime,
    fetcher: &Fetcher,
    opts: &Options,
    store: &mut dyn FnMut(Poll) -> Result<(), String>,
) -> Result<(Subscriptions, Option<String>), Error> {
    let before = Subscriptions::load(path)?;
    let mut subs = before.clone();
    let now = Utc::now();
    let (docs, warnings) = rt.block_on(poll_due(fetcher, opts, &mut subs, now));
    let failed: Vec<(String, String)> = subs
        .feeds
        .iter()
        .filter(|f| before.feeds.iter().find(|b| b.url == f.url).is_none_or(|b| f.failures > b.failures))
        .filter_map(|f| f.last_error_kind.clone().map(|k| (f.url.clone(), k)))
        .collect();
    let stored = if docs.is_empty() && warnings.is_empty() { Ok(()) } else { store(Poll { docs, warnings, failed }) };
    if let Err(e) = &stored {
        store_failed(&mut subs, &before, e, now);
    }
    // Merged into a fresh read, so that `feeds add` and `feeds remove` while polling stay.
    let mut fresh = Subscriptions::load(path)?;
    fresh.merge_state(&subs);
    fresh.save(path)?;
    Ok((fresh, stored.err()))
}

fn runtime() -> Result<tokio::runtime::Runtime, Error> {
    tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| Error::Io { path: "async runtime".into(), source: e })
}

/// Polls the subscriptions in `data_dir` until `stop` is set: each round loads the list (so
/// `feeds add` takes effect while watching), polls the due feeds, hands the new documents to
/// `store` and saves the state (see [`poll_once`] for what a failed `store` does). Sleeps until
/// the next feed is due, at most `tick`; `stop` is seen within a tenth of a second while
/// sleeping, and a round in progress is finished first.
pub fn watch(
    data_dir: &Path,
    fetch: &FetchOptions,
    opts: &Options,
    tick: Duration,
    stop: &AtomicBool,
    mut store: impl FnMut(Poll) -> Result<(), String>,
) -> Result<(), Error> {
    let path = Subscriptions::path_in(data_dir);
    let rt = runtime()?;
    let fetcher = Fetcher::new(fetch.clone())?;
    while !stop.load(Ordering::Relaxed) {
        let (fresh, _) = round(&path, &rt, &fetcher, opts, &mut store)?;
        let next = fresh.feeds.iter().map(|f| f.next_due).min().unwrap_or(i64::MAX);
        let wait = Duration::from_secs((next - Utc::now().timestamp()).clamp(1, tick.as_secs().max(1) as i64) as u64);
        // Sleep in small steps so that `stop` is seen quickly.
        let until = std::time::Instant::now() + wait;
        while !stop.load(Ordering::Relaxed) && std::time::Instant::now() < until {
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    Ok(())
}

/// Polls the due feeds of `<data_dir>/feeds.json` once, hands what they gave to `store`, and
/// saves their state: `tidings watch --once`. When `store` fails, nothing of the poll is marked
/// seen: the feeds that gave items keep their old state, with the store's error as their last
/// error, and the error is returned (`Ok(Some(error))`).
pub fn poll_once(
    data_dir: &Path,
    fetch: &FetchOptions,
    opts: &Options,
    mut store: impl FnMut(Poll) -> Result<(), String>,
) -> Result<Option<String>, Error> {
    let rt = runtime()?;
    let fetcher = Fetcher::new(fetch.clone())?;
    round(&Subscriptions::path_in(data_dir), &rt, &fetcher, opts, &mut store).map(|(_, e)| e)
}

/// [`poll_due`] with its own runtime, for callers that are not async.
pub fn poll_due_blocking(
    fetch: &FetchOptions,
    opts: &Options,
    subs: &mut Subscriptions,
    now: DateTime<Utc>,
) -> (Vec<RawDoc>, Vec<Warning>) {
    let rt = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => return (Vec::new(), vec![Warning::new("fetch", format!("cannot start the async runtime: {e}"))]),
    };
    match Fetcher::new(fetch.clone()) {
        Ok(f) => rt.block_on(poll_due(&f, opts, subs, now)),
        Err(e) => (Vec::new(), vec![e.to_warning("fetch")]),
    }
}
