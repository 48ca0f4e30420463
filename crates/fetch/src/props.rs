//! Properties the fuzz targets in `fuzz-fetch/` assert, kept here so that `cargo test` replays
//! the saved crash inputs (`fuzz-fetch/regressions/`) through exactly the same checks.
//! Each function panics when its property does not hold.

use tidings_ingest::Body;

/// Feed parsing: never panics, keeps at most the item cap, and every item URL is an absolute
/// http(s) URL that parses; every document built from the items has such a URL or none.
pub fn feed_parsing(data: &[u8]) {
    const CAP: usize = 50;
    if let Ok((feed, _)) = crate::feed::parse_feed(data, None, "http://example.org/feed", CAP) {
        assert!(feed.items.len() <= CAP, "item cap exceeded");
        for it in &feed.items {
            let doc = it.to_raw_doc(None);
            if let Some(u) = &doc.url {
                let parsed = url::Url::parse(u).expect("item url parses");
                assert!(matches!(parsed.scheme(), "http" | "https"), "non-http url {u}");
            }
        }
    }
    let (feeds, _) = crate::feed::parse_opml(data, "fuzz.opml");
    for f in feeds {
        assert!(url::Url::parse(&f.url).is_ok_and(|u| matches!(u.scheme(), "http" | "https")), "opml url {}", f.url);
    }
}

/// WARC reading: never panics, and never returns more body bytes than the input holds; every
/// document is HTML and its URL, when present, parses.
pub fn warc_reading(data: &[u8]) {
    let (docs, _) = crate::warc::read_warc(data, "fuzz.warc");
    let mut total = 0usize;
    for d in &docs {
        match &d.body {
            Body::Html(b) => total += b.len(),
            Body::Text(_) => panic!("warc gave a text body"),
        }
        if let Some(u) = &d.url {
            assert!(url::Url::parse(u).is_ok(), "warc url {u}");
        }
    }
    assert!(total <= data.len(), "{total} body bytes from {} input bytes", data.len());
}

/// URL normalisation: idempotent, and what it returns is an http(s) URL that passes the same
/// scheme rule the fetcher uses.
pub fn url_normalisation(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else { return };
    if let Some(n) = crate::net::normalize_url(s) {
        assert_eq!(crate::net::normalize_url(&n).as_deref(), Some(n.as_str()), "not idempotent for {s:?}");
        let u = url::Url::parse(&n).expect("normalised url parses");
        assert!(matches!(u.scheme(), "http" | "https"));
        assert!(u.fragment().is_none());
    }
}
