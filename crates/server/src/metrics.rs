//! `GET /metrics`: the Prometheus text format (OpenMetrics), written by `prometheus-client`.
//!
//! Counted as they happen: requests by method, route and status, their latency by route, and
//! errors of ingest and of feed polls by kind. Read from the store at each scrape: articles and
//! stories stored, and on PostgreSQL the queue (jobs by state, the oldest live lease, the age of
//! the oldest pending article). Read from the feed list at each scrape: how late the most
//! overdue feed is, and how many feeds are failing.

use std::sync::atomic::AtomicU64;
use std::sync::Mutex;
use std::time::Duration;

use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

/// The content type of the answer (OpenMetrics text, which Prometheus reads).
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

type Labels = Vec<(&'static str, String)>;
type FloatGauge = Gauge<f64, AtomicU64>;

/// The metrics of one process. Cheap to update from any thread.
pub struct Metrics {
    registry: Registry,
    requests: Family<Labels, Counter>,
    latency: Family<Labels, Histogram>,
    ingest_errors: Family<Labels, Counter>,
    poll_errors: Family<Labels, Counter>,
    articles: Gauge,
    stories: Gauge,
    // Families without labels: a series appears only where it means something (feeds when this
    // process polls them, the queue on PostgreSQL), not as a misleading zero.
    feeds: Family<Labels, Gauge>,
    feeds_failing: Family<Labels, Gauge>,
    feed_lag: Family<Labels, FloatGauge>,
    jobs: Family<Labels, Gauge>,
    oldest_lease: Family<Labels, FloatGauge>,
    queue_lag: Family<Labels, FloatGauge>,
    grouping_lag: Family<Labels, FloatGauge>,
    up: Gauge,
    /// Serialises scrapes: the gauges read from the store are set and encoded as one step.
    scrape: Mutex<()>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

fn latency_histogram() -> Histogram {
    // 1 ms to about 33 s.
    Histogram::new(exponential_buckets(0.001, 2.0, 16))
}

impl Default for Metrics {
    fn default() -> Self {
        let mut r = Registry::with_prefix("tidings");
        let requests = Family::<Labels, Counter>::default();
        r.register("http_requests", "HTTP requests answered, by method, route and status", requests.clone());
        let latency = Family::<Labels, Histogram>::new_with_constructor(latency_histogram as fn() -> Histogram);
        r.register("http_request_duration_seconds", "Time to answer an HTTP request, by route", latency.clone());
        let ingest_errors = Family::<Labels, Counter>::default();
        r.register(
            "ingest_errors",
            "Batches of articles that could not be stored, by kind (busy, disk_full, bad_request, store)",
            ingest_errors.clone(),
        );
        let poll_errors = Family::<Labels, Counter>::default();
        r.register("feed_poll_errors", "Feed polls that failed, by kind (timeout, status, feed, store, ...)", poll_errors.clone());
        let articles = Gauge::default();
        r.register("articles", "Articles stored (current revisions)", articles.clone());
        let stories = Gauge::default();
        r.register("stories", "Stories stored", stories.clone());
        let feeds = Family::<Labels, Gauge>::default();
        r.register("feeds", "Subscribed feeds polled by this process", feeds.clone());
        let feeds_failing = Family::<Labels, Gauge>::default();
        r.register("feeds_failing", "Subscribed feeds whose last poll failed", feeds_failing.clone());
        let feed_lag = Family::<Labels, FloatGauge>::default();
        r.register("feed_lag_seconds", "How long the most overdue feed has been due without a poll", feed_lag.clone());
        let jobs = Family::<Labels, Gauge>::default();
        r.register("queue_jobs", "Jobs in the PostgreSQL queue, by state", jobs.clone());
        let oldest_lease = Family::<Labels, FloatGauge>::default();
        r.register("queue_oldest_lease_seconds", "Age of the oldest live lease on a job (PostgreSQL)", oldest_lease.clone());
        let queue_lag = Family::<Labels, FloatGauge>::default();
        r.register("queue_lag_seconds", "Age of the oldest unfinished job (PostgreSQL)", queue_lag.clone());
        let grouping_lag = Family::<Labels, FloatGauge>::default();
        r.register("grouping_lag_seconds", "Age of the oldest article waiting to be grouped (PostgreSQL)", grouping_lag.clone());
        let up = Gauge::default();
        r.register("store_up", "1 when the store answered the last scrape, else 0", up.clone());
        Metrics {
            registry: r,
            requests,
            latency,
            ingest_errors,
            poll_errors,
            articles,
            stories,
            feeds,
            feeds_failing,
            feed_lag,
            jobs,
            oldest_lease,
            queue_lag,
            grouping_lag,
            up,
            scrape: Mutex::new(()),
        }
    }
}

impl Metrics {
    /// One answered request. `route` is the matched route pattern (`/api/stories/{id}`), never
    /// the raw path, so that the number of series stays bounded.
    pub fn request(&self, method: &str, route: &str, status: u16, took: Duration) {
        self.requests
            .get_or_create(&vec![("method", method.to_string()), ("route", route.to_string()), ("status", status.to_string())])
            .inc();
        self.latency.get_or_create(&vec![("route", route.to_string())]).observe(took.as_secs_f64());
    }

    /// A batch that was not stored, by kind.
    pub fn ingest_error(&self, kind: &str) {
        self.ingest_errors.get_or_create(&vec![("kind", kind.to_string())]).inc();
    }

    /// A feed poll that failed, by kind.
    pub fn poll_error(&self, kind: &str) {
        self.poll_errors.get_or_create(&vec![("kind", kind.to_string())]).inc();
    }

    /// Encodes everything after `fill` has set the gauges read at scrape time.
    pub(crate) fn encode(&self, fill: impl FnOnce(&Scrape<'_>)) -> String {
        let _one = self.scrape.lock().unwrap_or_else(|e| e.into_inner());
        fill(&Scrape { m: self });
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }
}

/// The gauges a scrape sets.
pub(crate) struct Scrape<'a> {
    m: &'a Metrics,
}

impl Scrape<'_> {
    pub(crate) fn store(&self, up: bool, articles: u64, stories: u64) {
        self.m.up.set(up as i64);
        if up {
            self.m.articles.set(articles as i64);
            self.m.stories.set(stories as i64);
        }
    }

    pub(crate) fn queue(&self, q: &tidings_store::QueueStats) {
        for (state, n) in [("queued", q.queued), ("leased", q.leased), ("done", q.done), ("failed", q.failed)] {
            self.m.jobs.get_or_create(&vec![("state", state.to_string())]).set(n);
        }
        self.m.oldest_lease.get_or_create(&vec![]).set(q.oldest_lease_secs.unwrap_or(0.0));
        self.m.queue_lag.get_or_create(&vec![]).set(q.queue_lag_secs.unwrap_or(0.0));
        self.m.grouping_lag.get_or_create(&vec![]).set(q.grouping_lag_secs.unwrap_or(0.0));
    }

    pub(crate) fn feeds(&self, feeds: &[crate::FeedStatus], now_secs: i64) {
        self.m.feeds.get_or_create(&vec![]).set(feeds.len() as i64);
        self.m.feeds_failing.get_or_create(&vec![]).set(feeds.iter().filter(|f| f.last_error.is_some()).count() as i64);
        let lag = feeds.iter().filter_map(|f| f.next_due_secs).map(|due| (now_secs - due).max(0)).max().unwrap_or(0);
        self.m.feed_lag.get_or_create(&vec![]).set(lag as f64);
    }
}
