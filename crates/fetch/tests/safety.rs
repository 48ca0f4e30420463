//! The fetcher's safety checks, each against a loopback server. Only the first test runs with
//! the default policy (loopback refused); the others allow 127.0.0.0/8 explicitly.

mod common;

use std::io::Write;
use std::time::{Duration, Instant};

use common::*;
use tidings_fetch::{Conditional, Error, FetchOptions, Fetcher, Kind};

fn get(opts: FetchOptions, url: &str, kind: Kind) -> Result<tidings_fetch::Response, Error> {
    rt().block_on(async { Fetcher::new(opts).unwrap().get(url, kind, &Conditional::default()).await })
}

#[test]
fn loopback_is_refused_by_default_before_any_connection() {
    let server = serve(|_| ok("text/html", "<p>secret</p>"));
    let by_ip = get(FetchOptions::default(), &server.url("/"), Kind::Any);
    assert!(matches!(by_ip, Err(Error::PrivateAddress { .. })), "{by_ip:?}");
    // By name too: the check is on the resolved address, inside the connector's resolver.
    let by_name = get(FetchOptions::default(), &format!("http://localhost:{}/", server.port), Kind::Any);
    assert!(matches!(by_name, Err(Error::PrivateAddress { .. })), "{by_name:?}");
    let mapped = get(FetchOptions::default(), &format!("http://[::ffff:127.0.0.1]:{}/", server.port), Kind::Any);
    assert!(matches!(mapped, Err(Error::PrivateAddress { .. })), "{mapped:?}");
    assert_eq!(server.hits(), 0, "no connection may reach the server");
    // The message says what to do.
    assert!(by_ip.unwrap_err().to_string().contains("--allow-net"));
}

#[test]
fn allow_list_lets_loopback_through_and_sends_the_user_agent() {
    let server = serve(|_| ok("text/html", "<p>hello</p>"));
    let r = get(loopback_opts(), &server.url("/"), Kind::Any).unwrap();
    assert_eq!(r.body, b"<p>hello</p>");
    let ua = server.requests()[0].header("user-agent").unwrap().to_string();
    assert!(ua.starts_with("tidings/"), "{ua}");
}

#[test]
fn redirect_to_a_private_address_is_refused() {
    for target in ["http://10.0.0.1/admin", "http://169.254.169.254/latest/meta-data/", "http://[::ffff:192.168.0.1]/", "http://[fd00::1]/"]
    {
        let t = target.to_string();
        let server = serve(move |_| redirect(&t));
        // Only this exact loopback address is allowed, so the hop is judged on its own.
        let opts = FetchOptions { allow_net: vec!["127.0.0.1/32".parse().unwrap()], ..FetchOptions::default() };
        let r = get(opts, &server.url("/feed"), Kind::Feed);
        assert!(matches!(r, Err(Error::PrivateAddress { .. })), "{target}: {r:?}");
    }
}

#[test]
fn redirect_to_a_name_resolving_inwards_is_refused_at_connect_time() {
    // The server lives on 127.0.0.2, and only 127.0.0.2/32 is allowed. The hop goes to the name
    // `localhost`, which passes the literal check (it is a name) and resolves to 127.0.0.1 or ::1:
    // the resolver inside the connector must refuse it, and nothing may connect there.
    let inner = serve(|_| ok("text/html", "<p>internal</p>"));
    let port = inner.port;
    let outer = serve_on("127.0.0.2", move |_| redirect(&format!("http://localhost:{port}/admin")));
    let opts = FetchOptions { allow_net: vec!["127.0.0.2/32".parse().unwrap()], ..FetchOptions::default() };
    let r = get(opts, &format!("http://127.0.0.2:{}/feed", outer.port), Kind::Any);
    assert!(matches!(r, Err(Error::PrivateAddress { .. })), "{r:?}");
    assert_eq!(outer.hits(), 1);
    assert_eq!(inner.hits(), 0, "the refused hop must not connect");
}

#[test]
fn redirect_to_another_scheme_is_refused() {
    let server = serve(|_| redirect("file:///etc/passwd"));
    let r = get(loopback_opts(), &server.url("/"), Kind::Any);
    assert!(matches!(r, Err(Error::Scheme { .. })), "{r:?}");
}

#[test]
fn ten_redirects_are_followed_and_eleven_refused() {
    let server = serve(|req| {
        let n: usize = req.path.trim_start_matches("/r/").parse().unwrap_or(0);
        if n == 0 {
            ok("text/html", "end")
        } else {
            redirect(&format!("/r/{}", n - 1))
        }
    });
    let r = get(loopback_opts(), &server.url("/r/10"), Kind::Any).unwrap();
    assert_eq!(r.body, b"end");
    assert!(r.url.as_str().ends_with("/r/0"));
    let r = get(loopback_opts(), &server.url("/r/11"), Kind::Any);
    assert!(matches!(r, Err(Error::TooManyRedirects { max: 10, .. })), "{r:?}");
}

#[test]
fn a_server_that_never_answers_times_out() {
    let server = serve(|_| Reply::Hang(Duration::from_secs(30)));
    let opts = FetchOptions { read_timeout: Duration::from_millis(500), total_timeout: Duration::from_secs(3), ..loopback_opts() };
    let t = Instant::now();
    let r = get(opts, &server.url("/"), Kind::Any);
    assert!(matches!(r, Err(Error::Timeout { .. })), "{r:?}");
    assert!(t.elapsed() < Duration::from_secs(3), "took {:?}", t.elapsed());
}

#[test]
fn a_one_byte_per_second_drip_hits_the_total_timeout() {
    let server = serve(|_| Reply::Drip(vec![b'x'; 100], Duration::from_secs(1)));
    // Each read succeeds within the read timeout; only the total timeout can stop this.
    let opts = FetchOptions { read_timeout: Duration::from_secs(5), total_timeout: Duration::from_secs(2), ..loopback_opts() };
    let t = Instant::now();
    let r = get(opts, &server.url("/"), Kind::Any);
    assert!(matches!(r, Err(Error::Timeout { .. })), "{r:?}");
    assert!(t.elapsed() < Duration::from_secs(4), "took {:?}", t.elapsed());
}

/// gzip of `n` zero bytes, built in a streaming way.
fn gzip_zeros(n: usize) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let chunk = vec![0u8; 1 << 20];
    for _ in 0..n / chunk.len() {
        enc.write_all(&chunk).unwrap();
    }
    enc.finish().unwrap()
}

#[test]
fn a_gzip_bomb_stops_at_the_decompressed_cap() {
    // 1 GiB of zeros is about 1 MiB of gzip: the example exactly.
    let bomb = gzip_zeros(1 << 30);
    assert!(bomb.len() < 2 << 20, "bomb is {} bytes", bomb.len());
    let server = serve(move |_| {
        Reply::Full(200, vec![("Content-Type".into(), "text/html".into()), ("Content-Encoding".into(), "gzip".into())], bomb.clone())
    });
    let opts = FetchOptions { max_bytes: 4 << 20, ..loopback_opts() };
    let t = Instant::now();
    let r = get(opts, &server.url("/"), Kind::Any);
    match r {
        Err(Error::TooLarge { max, .. }) => assert_eq!(max, 4 << 20),
        other => panic!("expected TooLarge, got {other:?}"),
    }
    // Stopping at the cap means reading a few MiB, not inflating a GiB.
    assert!(t.elapsed() < Duration::from_secs(5), "took {:?}", t.elapsed());
    let msg = get(FetchOptions { max_bytes: 1024, ..loopback_opts() }, &server.url("/"), Kind::Any).unwrap_err().to_string();
    assert!(msg.contains("larger than the 1024 byte limit"), "{msg}");
}

#[test]
fn a_plain_body_over_the_cap_is_refused() {
    let server = serve(|_| ok("text/html", vec![b'a'; 10_000]));
    let r = get(FetchOptions { max_bytes: 1000, ..loopback_opts() }, &server.url("/"), Kind::Any);
    assert!(matches!(r, Err(Error::TooLarge { .. })), "{r:?}");
}

#[test]
fn binary_content_types_are_refused() {
    let server = serve(|_| ok("image/png", vec![0x89, b'P', b'N', b'G']));
    let r = get(loopback_opts(), &server.url("/x.png"), Kind::Any);
    assert!(matches!(r, Err(Error::ContentType { .. })), "{r:?}");
    let r = get(loopback_opts(), &server.url("/x.png"), Kind::Feed);
    assert!(matches!(r, Err(Error::ContentType { .. })), "{r:?}");
}

#[test]
fn robots_txt_is_respected_for_article_pages_and_can_be_switched_off() {
    let server = serve(|req| match req.path.as_str() {
        "/robots.txt" => ok("text/plain", "User-agent: *\nDisallow: /private/\n"),
        _ => ok("text/html", "<p>page</p>"),
    });
    let r = get(loopback_opts(), &server.url("/private/a"), Kind::Article);
    assert!(matches!(r, Err(Error::RobotsDisallowed { .. })), "{r:?}");
    assert!(get(loopback_opts(), &server.url("/public/a"), Kind::Article).is_ok());
    let off = FetchOptions { respect_robots: false, ..loopback_opts() };
    assert!(get(off, &server.url("/private/a"), Kind::Article).is_ok());
}

#[test]
fn conditional_get_sends_validators_and_accepts_304() {
    let server = serve(|req| {
        if req.header("if-none-match") == Some("\"v1\"") {
            Reply::Full(304, vec![("ETag".into(), "\"v1\"".into())], Vec::new())
        } else {
            Reply::Full(
                200,
                vec![("Content-Type".into(), "application/rss+xml".into()), ("ETag".into(), "\"v1\"".into())],
                b"<rss/>".to_vec(),
            )
        }
    });
    let first = get(loopback_opts(), &server.url("/feed"), Kind::Feed).unwrap();
    assert_eq!(first.etag.as_deref(), Some("\"v1\""));
    let second = rt().block_on(async {
        let c = Conditional { etag: first.etag.clone(), last_modified: None };
        Fetcher::new(loopback_opts()).unwrap().get(&server.url("/feed"), Kind::Feed, &c).await
    });
    assert!(second.unwrap().not_modified());
}
