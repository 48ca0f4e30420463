//! `tidings feeds add|list|remove`, `tidings watch`, and the network and archive sources of
//! `tidings ingest` (URLs, feeds, `--opml FILE`, `.warc` and `.warc.gz` files).
//!
//! Glue only: `tidings-fetch` does the work; this file parses flags and prints.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use tidings_fetch::sources::{self, Source};
use tidings_fetch::subs::{self, Subscriptions};
use tidings_fetch::{FetchOptions, IpNet};
use tidings_ingest::RawDoc;
use tidings_model::Warning;

/// Exit code of `feeds remove` when the feed is not subscribed.
const EXIT_NOT_FOUND: u8 = 1;

/// Network safety and politeness switches, shared by `ingest`, `feeds` and `watch`.
#[derive(clap::Args, Debug, Clone)]
pub struct NetArgs {
    /// Let a private address range through, e.g. 10.0.0.0/8 or 127.0.0.1/32 (repeatable).
    /// Loopback, RFC 1918, link-local, 100.64/10, ULA and the like are refused otherwise
    #[arg(long = "allow-net", value_name = "CIDR")]
    pub allow_net: Vec<IpNet>,
    /// Fetch article pages even where robots.txt disallows it
    #[arg(long)]
    pub ignore_robots: bool,
    /// Seconds allowed for one whole request, redirects and body included
    #[arg(long, value_name = "SECS", default_value_t = tidings_fetch::DEFAULT_TOTAL_TIMEOUT.as_secs())]
    pub timeout: u64,
    /// Largest response body, counted after decompression
    #[arg(long, value_name = "BYTES", default_value_t = tidings_fetch::DEFAULT_MAX_BYTES)]
    pub max_bytes: u64,
    /// Items kept per feed
    #[arg(long, value_name = "N", default_value_t = tidings_fetch::feed::DEFAULT_MAX_ITEMS)]
    pub max_items: usize,
    /// Keep feed snippets as they are instead of fetching the full article pages
    #[arg(long)]
    pub snippets_only: bool,
}

impl NetArgs {
    /// The flags a user gave, by name: the ones not at their defaults.
    pub fn given(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if !self.allow_net.is_empty() {
            out.push("--allow-net");
        }
        if self.ignore_robots {
            out.push("--ignore-robots");
        }
        if self.timeout != tidings_fetch::DEFAULT_TOTAL_TIMEOUT.as_secs() {
            out.push("--timeout");
        }
        if self.max_bytes != tidings_fetch::DEFAULT_MAX_BYTES {
            out.push("--max-bytes");
        }
        if self.max_items != tidings_fetch::feed::DEFAULT_MAX_ITEMS {
            out.push("--max-items");
        }
        if self.snippets_only {
            out.push("--snippets-only");
        }
        out
    }

    pub fn fetch_options(&self) -> FetchOptions {
        FetchOptions {
            allow_net: self.allow_net.clone(),
            respect_robots: !self.ignore_robots,
            total_timeout: Duration::from_secs(self.timeout.max(1)),
            max_bytes: self.max_bytes,
            ..FetchOptions::default()
        }
    }

    pub fn source_options(&self) -> sources::Options {
        sources::Options { max_items: self.max_items, full_articles: !self.snippets_only }
    }
}

/// The extra flags `tidings ingest` takes for network sources (flatten into `IngestArgs`).
#[derive(clap::Args, Debug, Clone)]
pub struct SourceArgs {
    /// Read every feed of an OPML subscription list (repeatable)
    #[arg(long, value_name = "FILE")]
    pub opml: Vec<PathBuf>,
    #[command(flatten)]
    pub net: NetArgs,
}

/// Splits `tidings ingest` arguments into network or archive sources (http(s) URLs, `.opml`,
/// `.warc`, `.warc.gz`) and local paths for `tidings_ingest::read_paths`, fetches the former and
/// returns `(local paths, documents, warnings)`. One bad source never stops the others.
pub fn fetch_sources(paths: &[PathBuf], args: &SourceArgs) -> (Vec<PathBuf>, Vec<RawDoc>, Vec<Warning>) {
    let mut local = Vec::new();
    let mut remote: Vec<Source> = args.opml.iter().cloned().map(Source::Opml).collect();
    for p in paths {
        match p.to_str().and_then(Source::classify) {
            Some(s) => remote.push(s),
            None => local.push(p.clone()),
        }
    }
    if remote.is_empty() {
        return (local, Vec::new(), Vec::new());
    }
    let (docs, warnings) = sources::collect_blocking(&args.net.fetch_options(), &args.net.source_options(), &remote);
    (local, docs, warnings)
}

/// Manage feed subscriptions (kept in <data>/feeds.json)
#[derive(clap::Args, Debug)]
pub struct FeedsArgs {
    #[command(subcommand)]
    pub cmd: FeedsCmd,
    /// Data directory [default: ./tidings-data, or $TIDINGS_DATA]
    #[arg(long, value_name = "DIR", global = true)]
    pub data: Option<PathBuf>,
}

#[derive(clap::Subcommand, Debug)]
pub enum FeedsCmd {
    /// Subscribe to feeds by URL, or to every feed of an OPML list
    Add {
        /// Feed URLs (http or https)
        urls: Vec<String>,
        /// Also subscribe to the feeds of this OPML file
        #[arg(long, value_name = "FILE")]
        opml: Option<PathBuf>,
        /// Minutes between two polls of these feeds
        #[arg(long, value_name = "MINUTES", default_value_t = subs::DEFAULT_INTERVAL_SECS / 60)]
        every: u64,
    },
    /// List subscriptions with their last success, last error and next poll
    List {
        /// Output format
        #[arg(long, short, value_parser = ["text", "json"], default_value = "text")]
        format: String,
    },
    /// Unsubscribe, by URL or by the number shown in `feeds list`
    Remove {
        /// Feed URL or number
        feed: String,
    },
}

/// Poll the subscribed feeds and add new articles as they appear
#[derive(clap::Args, Debug)]
pub struct WatchArgs {
    /// Data directory [default: ./tidings-data, or $TIDINGS_DATA]
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Poll the due feeds once and exit (for cron)
    #[arg(long)]
    pub once: bool,
    #[command(flatten)]
    pub net: NetArgs,
}

fn data_dir(flag: Option<&Path>) -> PathBuf {
    tidings_store::data_dir(flag)
}

pub fn feeds(args: FeedsArgs) -> anyhow::Result<u8> {
    let path = Subscriptions::path_in(&data_dir(args.data.as_deref()));
    let mut list = Subscriptions::load(&path).context("cannot read the subscription list")?;
    match args.cmd {
        FeedsCmd::Add { urls, opml, every } => {
            let mut urls = urls;
            if let Some(o) = opml {
                let (found, warnings) = sources::read_opml_file(&o);
                print_warnings(&warnings);
                urls.extend(found.into_iter().map(|f| f.url));
            }
            if urls.is_empty() {
                anyhow::bail!("nothing to add: give feed urls or --opml FILE");
            }
            let mut added = 0;
            for u in &urls {
                match list.add(u, every.saturating_mul(60)) {
                    Ok(true) => added += 1,
                    Ok(false) => eprintln!("already subscribed: {u}"),
                    Err(e) => crate::ops::warn(&e.to_string()),
                }
            }
            list.save(&path).context("cannot save the subscription list")?;
            println!("{added} feed{} added, {} subscribed", if added == 1 { "" } else { "s" }, list.feeds.len());
            Ok(0)
        }
        FeedsCmd::List { format } => {
            if format == "json" {
                println!("{}", serde_json::to_string_pretty(&list).context("cannot encode json")?);
                return Ok(0);
            }
            if list.feeds.is_empty() {
                println!("no subscriptions: add one with `tidings feeds add URL`");
            }
            for (i, f) in list.feeds.iter().enumerate() {
                println!("{:>3}  {}{}", i + 1, f.url, f.title.as_deref().map(|t| format!("  ({t})")).unwrap_or_default());
                println!(
                    "     every {} min · last success {} · next poll {}",
                    f.interval_secs / 60,
                    f.last_success.as_deref().unwrap_or("never"),
                    f.next_due_display()
                );
                if let Some(e) = &f.last_error {
                    println!("     last error ({}, {} in a row): {e}", f.last_error_at.as_deref().unwrap_or("?"), f.failures);
                }
            }
            Ok(0)
        }
        FeedsCmd::Remove { feed } => {
            if list.remove(&feed) {
                list.save(&path).context("cannot save the subscription list")?;
                println!("removed {feed}");
                Ok(0)
            } else {
                eprintln!("error: not subscribed: {feed} (see `tidings feeds list`)");
                Ok(EXIT_NOT_FOUND)
            }
        }
    }
}

/// Runs `tidings watch`. `store` receives each poll's new documents and warnings (the caller
/// connects it to the store's ingest). When it fails, the poll's items are not marked seen: the
/// feeds keep the error as their last error and the items come back next poll. `--once` then
/// exits non-zero; the loop goes on. SIGTERM or Ctrl-C stops the loop after the current round.
pub fn watch(args: WatchArgs, mut store: impl FnMut(subs::Poll) -> anyhow::Result<()>) -> anyhow::Result<u8> {
    let dir = data_dir(args.data.as_deref());
    let path = Subscriptions::path_in(&dir);
    let fetch = args.net.fetch_options();
    let opts = args.net.source_options();
    let mut to_store = |poll: subs::Poll| store(poll).map_err(|e| format!("{e:#}"));
    if args.once {
        let failed =
            subs::poll_once(&dir, &fetch, &opts, &mut to_store).with_context(|| format!("cannot poll the feeds in {}", path.display()))?;
        return match failed {
            Some(e) => anyhow::bail!("the new feed articles were not stored, they come back next poll: {e}"),
            None => Ok(0),
        };
    }
    let stop = crate::ops::stop_flag();
    subs::watch(&dir, &fetch, &opts, subs::WATCH_TICK, &stop, |poll| {
        let r = to_store(poll);
        if let Err(e) = &r {
            crate::ops::warn(&format!("the new feed articles were not stored, they come back next poll: {e}"));
        }
        r
    })
    .context("watching the feeds failed")?;
    Ok(0)
}

/// Prints warnings the way the other commands do.
pub fn print_warnings(warnings: &[Warning]) {
    for w in warnings {
        crate::ops::warning(w);
    }
}
