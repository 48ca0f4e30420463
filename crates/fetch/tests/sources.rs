//! Feeds, pages, OPML, WARC and polling, end to end against loopback servers.

mod common;

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use common::*;
use tidings_fetch::feed::{parse_feed, parse_opml, DEFAULT_MAX_ITEMS};
use tidings_fetch::sources::{collect_blocking, Options};
use tidings_fetch::subs::{poll_due_blocking, Subscriptions};
use tidings_fetch::warc::read_warc_file;
use tidings_fetch::Source;
use tidings_ingest::{Body, RawDoc};

const LONG: &str = "This paragraph is long enough to count as the full text of an article rather than a snippet. ";

fn rss(items: &[(&str, &str, &str)]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Loop News</title><link>http://x/</link>",
    );
    for (title, link, desc) in items {
        s.push_str(&format!(
            "<item><title>{title}</title><link>{link}</link><guid>{link}</guid><pubDate>Tue, 12 Sep 2023 08:30:00 GMT</pubDate><description>{desc}</description></item>"
        ));
    }
    s.push_str("</channel></rss>");
    s
}

fn html_of(d: &RawDoc) -> String {
    match &d.body {
        Body::Html(b) => String::from_utf8_lossy(b).into_owned(),
        Body::Text(t) => t.clone(),
    }
}

#[test]
fn a_feed_url_gives_its_items_and_fetches_full_pages_for_snippets() {
    let long = format!("&lt;p&gt;{}&lt;/p&gt;", LONG.repeat(10));
    let server = Arc::new(std::sync::OnceLock::<u16>::new());
    let s2 = server.clone();
    let srv = serve(move |req| {
        let port = *s2.get().unwrap();
        match req.path.as_str() {
            "/feed.xml" => ok(
                "application/rss+xml",
                rss(&[
                    ("Full item", &format!("http://127.0.0.1:{port}/full"), &long),
                    ("Snippet item", &format!("http://127.0.0.1:{port}/snippet"), "Short teaser."),
                ]),
            ),
            "/snippet" => ok("text/html", "<html><body><article><p>The whole article page.</p></article></body></html>"),
            "/robots.txt" => not_found(),
            _ => not_found(),
        }
    });
    server.set(srv.port).unwrap();
    let (docs, warnings) = collect_blocking(&loopback_opts(), &Options::default(), &[Source::Url(srv.url("/feed.xml"))]);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].title.as_deref(), Some("Full item"));
    assert!(html_of(&docs[0]).contains("long enough"));
    assert_eq!(docs[0].published.unwrap().to_rfc3339(), "2023-09-12T08:30:00+00:00");
    assert_eq!(docs[1].title.as_deref(), Some("Snippet item"));
    assert!(html_of(&docs[1]).contains("The whole article page."), "{}", html_of(&docs[1]));
    assert_eq!(docs[1].outlet.as_deref(), Some("127.0.0.1"));
    // The full item's page was not fetched.
    assert!(!srv.requests().iter().any(|r| r.path == "/full"));
}

#[test]
fn a_page_url_gives_one_html_document() {
    let srv = serve(|req| {
        if req.path == "/robots.txt" {
            not_found()
        } else {
            ok("text/html; charset=utf-8", "<!doctype html><html><title>T</title><p>Body</p></html>")
        }
    });
    let (docs, warnings) = collect_blocking(&loopback_opts(), &Options::default(), &[Source::Url(srv.url("/a/1"))]);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].url.as_deref(), Some(srv.url("/a/1").as_str()));
    assert!(matches!(docs[0].body, Body::Html(_)));
}

#[test]
fn a_page_charset_from_the_header_reaches_the_extractor_as_utf8() {
    let srv = serve(|req| match req.path.as_str() {
        "/robots.txt" => not_found(),
        _ => ok("text/html; charset=windows-1252", b"<html><head><meta charset=\"utf-8\"></head><p>Caf\xe9 \x96 ok</p></html>".to_vec()),
    });
    let (docs, warnings) = collect_blocking(&loopback_opts(), &Options::default(), &[Source::Url(srv.url("/p"))]);
    assert_eq!(docs.len(), 1);
    let Body::Html(bytes) = &docs[0].body else { panic!("html expected") };
    assert!(bytes.starts_with("\u{feff}".as_bytes()));
    assert!(String::from_utf8(bytes.clone()).unwrap().contains("Café – ok"));
    assert!(warnings.iter().any(|w| w.message.contains("conflict")), "{warnings:?}");
}

#[test]
fn one_bad_feed_never_stops_the_others() {
    let srv = serve(|req| match req.path.as_str() {
        "/good.xml" => ok("application/rss+xml", rss(&[("Good", "http://example.org/g", &"x".repeat(700))])),
        "/broken.xml" => ok("application/rss+xml", "<rss><channel><item><title>unclosed"),
        "/bin" => ok("image/png", "PNG"),
        _ => not_found(),
    });
    let sources = [
        Source::Url(srv.url("/missing.xml")),
        Source::Url(srv.url("/broken.xml")),
        Source::Url("http://10.0.0.1/feed".into()),
        Source::Url(srv.url("/bin")),
        Source::Url(srv.url("/good.xml")),
        Source::Warc("/nonexistent/file.warc".into()),
    ];
    let (docs, warnings) = collect_blocking(&loopback_opts(), &Options { full_articles: false, ..Options::default() }, &sources);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].title.as_deref(), Some("Good"));
    assert!(warnings.len() >= 5, "{warnings:?}");
    assert!(warnings.iter().any(|w| w.message.contains("404")));
    assert!(warnings.iter().any(|w| w.message.contains("private")));
}

#[test]
fn formats_rss_091_rss_10_atom_and_json_feed() {
    let cases: Vec<(&str, String)> = vec![
        ("rss 0.91", "<?xml version=\"1.0\"?><rss version=\"0.91\"><channel><title>C</title><item><title>Old style</title><link>http://example.org/a</link><description>d</description></item></channel></rss>".into()),
        ("rss 1.0", r#"<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel rdf:about="http://example.org/"><title>C</title></channel><item rdf:about="http://example.org/a"><title>Rdf style</title><link>http://example.org/a</link><description>d</description></item></rdf:RDF>"#.into()),
        ("atom", r#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>C</title><id>urn:x</id><updated>2023-09-12T08:30:00Z</updated><entry><title>Atom style</title><id>urn:a</id><link href="/a" rel="alternate"/><updated>2023-09-12T08:30:00Z</updated><summary>d</summary></entry></feed>"#.into()),
        ("json feed", r#"{"version":"https://jsonfeed.org/version/1.1","title":"C","items":[{"id":"1","url":"http://example.org/a","title":"Json style","content_text":"d","date_published":"2023-09-12T08:30:00Z"}]}"#.into()),
    ];
    for (name, body) in cases {
        let (feed, _) =
            parse_feed(body.as_bytes(), None, "http://example.org/feed", DEFAULT_MAX_ITEMS).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(feed.items.len(), 1, "{name}");
        let it = &feed.items[0];
        assert!(it.title.as_deref().unwrap().ends_with("style"), "{name}: {:?}", it.title);
        assert_eq!(it.url.as_deref(), Some("http://example.org/a"), "{name}");
    }
}

#[test]
fn billion_laughs_is_not_expanded() {
    let mut dtd = String::from("<!DOCTYPE rss [<!ENTITY lol \"lol\">");
    for i in 1..10 {
        let prev = if i == 1 { "lol".to_string() } else { format!("lol{}", i - 1) };
        dtd.push_str(&format!("<!ENTITY lol{i} \"{}\">", format!("&{prev};").repeat(10)));
    }
    dtd.push_str("<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>");
    let body = format!("<?xml version=\"1.0\"?>{dtd}<rss version=\"2.0\"><channel><title>&lol9;</title><item><title>Laughs &lol9; &xxe;</title><link>http://example.org/a</link><description>&lol9;</description></item></channel></rss>");
    let t = std::time::Instant::now();
    let result = parse_feed(body.as_bytes(), None, "http://example.org/feed", 10);
    assert!(t.elapsed() < std::time::Duration::from_secs(1));
    // Either refused or kept unexpanded: never a billion "lol"s, never the file's content.
    if let Ok((feed, _)) = result {
        for it in &feed.items {
            let all = format!("{:?}{:?}{:?}", it.title, it.summary, it.content);
            assert!(all.len() < 1000, "expanded: {} bytes", all.len());
            assert!(!all.contains("root:"), "external entity read");
        }
    }
    let opml = format!("<?xml version=\"1.0\"?>{dtd}<opml><body><outline text=\"&lol9;\" xmlUrl=\"http://example.org/f\"/></body></opml>");
    let (feeds, _) = parse_opml(opml.as_bytes(), "subs.opml");
    assert!(feeds.iter().all(|f| f.title.as_deref().map_or(0, str::len) < 1000));
}

#[test]
fn encoding_matrix_with_golden_titles() {
    fn feed(prolog: Option<&str>, title: &[u8]) -> Vec<u8> {
        let mut b = Vec::new();
        match prolog {
            Some(enc) => write!(b, "<?xml version=\"1.0\" encoding=\"{enc}\"?>").unwrap(),
            None => write!(b, "<?xml version=\"1.0\"?>").unwrap(),
        }
        b.extend_from_slice(b"<rss version=\"2.0\"><channel><title>C</title><item><title>");
        b.extend_from_slice(title);
        b.extend_from_slice(b"</title><link>http://example.org/a</link></item></channel></rss>");
        b
    }
    /// (case, content-type header, prolog label, title bytes, golden title, warning expected)
    type Case<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Vec<u8>, &'a str, Option<&'a str>);
    let cases: Vec<Case> = vec![
        ("utf-8 in prolog", None, Some("utf-8"), "Café – déjà vu".as_bytes().to_vec(), "Café – déjà vu", None),
        ("utf-8 by default", None, None, "Café – déjà vu".as_bytes().to_vec(), "Café – déjà vu", None),
        ("windows-1252 in prolog", None, Some("windows-1252"), b"Caf\xe9 \x96 d\xe9j\xe0 vu".to_vec(), "Café – déjà vu", None),
        (
            "iso-8859-1 in header",
            Some("application/rss+xml; charset=iso-8859-1"),
            None,
            b"Caf\xe9 d\xe9j\xe0 vu".to_vec(),
            "Café déjà vu",
            None,
        ),
        (
            "header beats prolog, conflict noted",
            Some("text/xml; charset=windows-1252"),
            Some("utf-8"),
            b"Caf\xe9 \x96 d\xe9j\xe0 vu".to_vec(),
            "Café – déjà vu",
            Some("conflict"),
        ),
        (
            "invalid utf-8 replaced, item kept",
            Some("text/xml; charset=utf-8"),
            None,
            b"Caf\xe9 ok".to_vec(),
            "Caf\u{fffd} ok",
            Some("replaced"),
        ),
    ];
    for (name, ct, prolog, title, golden, warn) in cases {
        let (feed, warnings) =
            parse_feed(&feed(prolog, &title), ct, "http://example.org/feed", 10).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(feed.items.len(), 1, "{name}");
        assert_eq!(feed.items[0].title.as_deref(), Some(golden), "{name}");
        match warn {
            Some(w) => assert!(warnings.iter().any(|x| x.message.contains(w)), "{name}: {warnings:?}"),
            None => assert!(warnings.is_empty(), "{name}: {warnings:?}"),
        }
    }
}

#[test]
fn a_million_item_feed_is_capped_with_a_warning() {
    let items: Vec<(String, String)> = (0..5000).map(|i| (format!("Item {i}"), format!("http://example.org/{i}"))).collect();
    let refs: Vec<(&str, &str, &str)> = items.iter().map(|(t, l)| (t.as_str(), l.as_str(), "d")).collect();
    let (feed, warnings) = parse_feed(rss(&refs).as_bytes(), None, "http://example.org/feed", 100).unwrap();
    assert_eq!(feed.items.len(), 100);
    assert!(warnings.iter().any(|w| w.message.contains("5000 items, only the first 100 kept")), "{warnings:?}");
}

#[test]
fn opml_lists_nested_feeds_and_skips_other_schemes() {
    let opml = br#"<?xml version="1.0"?><opml version="2.0"><head><title>subs</title></head><body>
      <outline text="News"><outline text="A" type="rss" xmlUrl="https://a.example/feed"/><outline text="B" xmlUrl="http://b.example/rss?x=1&amp;y=2"/></outline>
      <outline text="Local" xmlUrl="file:///etc/passwd"/></body></opml>"#;
    let (feeds, warnings) = parse_opml(opml, "subs.opml");
    let urls: Vec<&str> = feeds.iter().map(|f| f.url.as_str()).collect();
    assert_eq!(urls, ["https://a.example/feed", "http://b.example/rss?x=1&y=2"]);
    assert_eq!(feeds[0].title.as_deref(), Some("A"));
    assert_eq!(warnings.len(), 1, "{warnings:?}");
}

#[test]
fn an_opml_file_reads_every_feed_through_the_fetcher() {
    let srv = serve(|req| match req.path.as_str() {
        "/a.xml" => ok("application/rss+xml", rss(&[("From A", "http://example.org/a", &"x".repeat(700))])),
        "/b.xml" => ok("application/rss+xml", rss(&[("From B", "http://example.org/b", &"x".repeat(700))])),
        _ => not_found(),
    });
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("subs.opml");
    std::fs::write(
        &path,
        format!("<opml><body><outline xmlUrl=\"{}\"/><outline xmlUrl=\"{}\"/></body></opml>", srv.url("/a.xml"), srv.url("/b.xml")),
    )
    .unwrap();
    let (docs, warnings) = collect_blocking(&loopback_opts(), &Options::default(), &[Source::Opml(path)]);
    assert!(warnings.is_empty(), "{warnings:?}");
    let titles: Vec<_> = docs.iter().map(|d| d.title.clone().unwrap()).collect();
    assert_eq!(titles, ["From A", "From B"]);
}

#[test]
fn a_feed_that_changes_between_polls_gives_only_new_items() {
    let version = Arc::new(AtomicUsize::new(1));
    let v2 = version.clone();
    let srv = serve(move |req| {
        let v = v2.load(Ordering::SeqCst);
        let etag = format!("\"v{v}\"");
        if req.header("if-none-match") == Some(etag.as_str()) {
            return Reply::Full(304, vec![], Vec::new());
        }
        let mut items = vec![("First", "http://example.org/1", "x".repeat(700))];
        if v >= 2 {
            items.insert(0, ("Second", "http://example.org/2", "y".repeat(700)));
        }
        let refs: Vec<(&str, &str, &str)> = items.iter().map(|(t, l, d)| (*t, *l, d.as_str())).collect();
        Reply::Full(200, vec![("Content-Type".into(), "application/rss+xml".into()), ("ETag".into(), etag)], rss(&refs).into_bytes())
    });
    let mut subs = Subscriptions::default();
    assert!(subs.add(&srv.url("/feed.xml"), 60).unwrap());
    let opts = Options::default();
    let t0 = chrono::Utc::now();
    let (docs, w) = poll_due_blocking(&loopback_opts(), &opts, &mut subs, t0);
    assert!(w.is_empty(), "{w:?}");
    assert_eq!(docs.len(), 1);
    assert_eq!(subs.feeds[0].etag.as_deref(), Some("\"v1\""));
    assert_eq!(subs.feeds[0].title.as_deref(), Some("Loop News"));
    // Not due yet: nothing is fetched.
    let (docs, _) = poll_due_blocking(&loopback_opts(), &opts, &mut subs, t0 + chrono::Duration::seconds(10));
    assert!(docs.is_empty());
    assert_eq!(srv.hits(), 1);
    // Due, unchanged: a conditional GET answered 304.
    let t1 = t0 + chrono::Duration::seconds(61);
    let (docs, _) = poll_due_blocking(&loopback_opts(), &opts, &mut subs, t1);
    assert!(docs.is_empty());
    assert_eq!(srv.requests().last().unwrap().header("if-none-match"), Some("\"v1\""));
    assert!(subs.feeds[0].last_success.is_some());
    // Changed: only the new item comes back.
    version.store(2, Ordering::SeqCst);
    let (docs, _) = poll_due_blocking(&loopback_opts(), &opts, &mut subs, t1 + chrono::Duration::seconds(61));
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].title.as_deref(), Some("Second"));
}

#[test]
fn errors_back_off_exponentially_and_are_kept() {
    let srv = serve(|_| Reply::Full(500, vec![], Vec::new()));
    let mut subs = Subscriptions::default();
    subs.add(&srv.url("/feed.xml"), 60).unwrap();
    let mut now = chrono::Utc::now();
    let mut gaps = Vec::new();
    for _ in 0..3 {
        let (_, w) = poll_due_blocking(&loopback_opts(), &Options::default(), &mut subs, now);
        assert_eq!(w.len(), 1);
        let next = subs.feeds[0].next_due;
        gaps.push(next - now.timestamp());
        now = chrono::DateTime::from_timestamp(next, 0).unwrap();
    }
    assert_eq!(gaps, [120, 240, 480]);
    assert!(subs.feeds[0].last_error.as_deref().unwrap().contains("500"));
    assert_eq!(subs.feeds[0].failures, 3);
}

#[test]
fn the_subscription_file_round_trips_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let path = Subscriptions::path_in(dir.path());
    let mut subs = Subscriptions::load(&path).unwrap();
    assert!(subs.feeds.is_empty());
    assert!(subs.add("HTTPS://Example.org/feed#x", 600).unwrap());
    assert!(!subs.add("https://example.org/feed", 600).unwrap(), "duplicate after normalisation");
    subs.save(&path).unwrap();
    let back = Subscriptions::load(&path).unwrap();
    assert_eq!(back, subs);
    assert_eq!(back.feeds[0].url, "https://example.org/feed");
    // No temporary file is left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    let mut back = back;
    assert!(back.remove("1"));
    assert!(back.feeds.is_empty());
}

fn warc_record(kind: &str, uri: &str, date: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut r = Vec::new();
    write!(r, "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: {date}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n", block.len()).unwrap();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn mixed_warc() -> Vec<Vec<u8>> {
    let http = |status: &str, ct: &str, body: &str| format!("HTTP/1.1 {status}\r\nContent-Type: {ct}\r\n\r\n{body}").into_bytes();
    vec![
        warc_record("warcinfo", "", "2023-09-12T08:00:00Z", "application/warc-fields", b"software: test\r\n"),
        warc_record(
            "request",
            "https://news.example/a",
            "2023-09-12T08:30:00Z",
            "application/http; msgtype=request",
            b"GET /a HTTP/1.1\r\nHost: news.example\r\n\r\n",
        ),
        warc_record(
            "response",
            "https://news.example/a",
            "2023-09-12T08:30:00Z",
            "application/http; msgtype=response",
            &http("200 OK", "text/html; charset=utf-8", "<html><p>Article A</p></html>"),
        ),
        warc_record(
            "response",
            "https://news.example/logo.png",
            "2023-09-12T08:30:01Z",
            "application/http; msgtype=response",
            &http("200 OK", "image/png", "\u{1}PNG"),
        ),
        warc_record(
            "response",
            "https://news.example/gone",
            "2023-09-12T08:30:02Z",
            "application/http; msgtype=response",
            &http("404 Not Found", "text/html", "<p>gone</p>"),
        ),
        warc_record("metadata", "https://news.example/a", "2023-09-12T08:30:00Z", "application/warc-fields", b"fetchTimeMs: 12\r\n"),
        warc_record(
            "response",
            "<https://www.other.example/b>",
            "2023-09-13T10:00:00Z",
            "application/http;msgtype=response",
            &http("200 OK", "application/xhtml+xml", "<html><p>Article B</p></html>"),
        ),
    ]
}

#[test]
fn a_warc_with_mixed_records_keeps_the_html_responses() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("news.warc");
    std::fs::write(&plain, mixed_warc().concat()).unwrap();
    // WARC.gz: one gzip member per record, as crawlers write them.
    let gz = dir.path().join("news.warc.gz");
    let mut out = Vec::new();
    for rec in mixed_warc() {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(&rec).unwrap();
        out.extend(e.finish().unwrap());
    }
    std::fs::write(&gz, out).unwrap();
    for path in [plain, gz] {
        let (docs, warnings) = read_warc_file(&path);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(docs.len(), 2, "{}", path.display());
        assert_eq!(docs[0].url.as_deref(), Some("https://news.example/a"));
        assert_eq!(docs[0].published.unwrap().to_rfc3339(), "2023-09-12T08:30:00+00:00");
        assert_eq!(html_of(&docs[0]), "<html><p>Article A</p></html>");
        assert_eq!(docs[1].url.as_deref(), Some("https://www.other.example/b"));
        assert_eq!(docs[1].outlet.as_deref(), Some("other.example"));
    }
    // A truncated archive keeps the records before the cut.
    let all = mixed_warc().concat();
    let (docs, warnings) = tidings_fetch::warc::read_warc(&all[..all.len() - 20], "cut.warc");
    assert_eq!(docs.len(), 1);
    assert!(warnings.iter().any(|w| w.message.contains("ends inside")), "{warnings:?}");
}

#[test]
fn watch_polls_saves_state_and_stops_when_told() {
    let srv = serve(|_| ok("application/rss+xml", rss(&[("Watched", "http://example.org/w", &"x".repeat(700))])));
    let dir = tempfile::tempdir().unwrap();
    let path = Subscriptions::path_in(dir.path());
    let mut subs = Subscriptions::default();
    subs.add(&srv.url("/feed.xml"), 60).unwrap();
    subs.save(&path).unwrap();
    let stop = std::sync::atomic::AtomicBool::new(false);
    let mut batches = Vec::new();
    tidings_fetch::subs::watch(dir.path(), &loopback_opts(), &Options::default(), std::time::Duration::from_secs(1), &stop, |poll| {
        batches.push(poll.docs.len());
        stop.store(true, Ordering::SeqCst);
        Ok(())
    })
    .unwrap();
    assert_eq!(batches, [1]);
    let saved = Subscriptions::load(&path).unwrap();
    assert!(saved.feeds[0].last_success.is_some());
    assert_eq!(saved.feeds[0].seen.len(), 1);
}

#[test]
fn ingest_arguments_are_classified() {
    let check = |arg: &str, want: Option<Source>| assert_eq!(Source::classify(arg), want, "{arg}");
    check("https://news.example/feed.xml", Some(Source::Url("https://news.example/feed.xml".into())));
    check("HTTP://news.example/a", Some(Source::Url("HTTP://news.example/a".into())));
    check("crawl/CC-NEWS-1.warc.gz", Some(Source::Warc("crawl/CC-NEWS-1.warc.gz".into())));
    check("x.WARC", Some(Source::Warc("x.WARC".into())));
    check("subs.opml", Some(Source::Opml("subs.opml".into())));
    check("articles/", None);
    check("a.json.gz", None);
    check("ftp://x/y", None);
}

/// Pins failure 1 of issue 17: the poll's state (items seen, validators) was saved before the
/// articles were stored, so when the store write failed the items were never fetched again and
/// the feed showed no error.
#[test]
fn a_failed_store_write_loses_no_feed_item() {
    // The feed answers 304 to its own ETag, as real servers do: the old validators must come back
    // with the unseen items, or the next poll gets nothing.
    let srv = serve(|req| {
        if req.header("if-none-match") == Some("\"v1\"") {
            return Reply::Full(304, vec![], Vec::new());
        }
        let body = rss(&[("Kept", "http://example.org/kept", &"x".repeat(700))]);
        Reply::Full(200, vec![("Content-Type".into(), "application/rss+xml".into()), ("ETag".into(), "\"v1\"".into())], body.into_bytes())
    });
    let dir = tempfile::tempdir().unwrap();
    let path = Subscriptions::path_in(dir.path());
    let mut subs = Subscriptions::default();
    subs.add(&srv.url("/feed.xml"), 60).unwrap();
    subs.save(&path).unwrap();

    let failed = tidings_fetch::subs::poll_once(dir.path(), &loopback_opts(), &Options::default(), |poll| {
        assert_eq!(poll.docs.len(), 1);
        Err("store tidings.sqlite3 is busy".to_string())
    })
    .unwrap();
    assert_eq!(failed.as_deref(), Some("store tidings.sqlite3 is busy"));
    let saved = Subscriptions::load(&path).unwrap();
    let f = &saved.feeds[0];
    assert!(f.seen.is_empty() && f.etag.is_none(), "the unstored item must not be marked seen: {f:?}");
    assert!(f.last_error.as_deref().unwrap().contains("not stored"), "{f:?}");
    assert_eq!((f.last_error_kind.as_deref(), f.failures, f.title.as_deref()), (Some("store"), 1, Some("Loop News")));

    // Due again: the same item comes back, and once stored it is seen.
    let mut again = saved.clone();
    again.feeds[0].next_due = 0;
    again.save(&path).unwrap();
    let mut got = Vec::new();
    let failed = tidings_fetch::subs::poll_once(dir.path(), &loopback_opts(), &Options::default(), |poll| {
        got.extend(poll.docs.into_iter().map(|d| d.title.unwrap_or_default()));
        Ok(())
    })
    .unwrap();
    assert_eq!((failed, got), (None, vec!["Kept".to_string()]));
    let f = &Subscriptions::load(&path).unwrap().feeds[0];
    assert_eq!((f.seen.len(), f.etag.as_deref(), f.last_error.as_deref(), f.failures), (1, Some("\"v1\""), None, 0));
}
