//! Issue 17 end to end, with the real binary: feed items are seen only once stored, many
//! writers share one store, `serve` refuses to expose writes, and `serve` and `watch` stop
//! gracefully on SIGTERM; `--log-format json`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tidings_store::{SearchQuery, SqliteStore, Store};

/// A cap on how long a test waits for a process: not a timing assertion.
const WAIT: Duration = Duration::from_secs(120);
const TOKEN: &str = "ops-test-token-8c1d2e9f";

fn tidings() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tidings"));
    c.env_remove("TIDINGS_DATA").env_remove("TIDINGS_DB").env_remove("TIDINGS_TOKEN").env_remove("TIDINGS_FAILPOINTS");
    c
}

fn run(c: &mut Command) -> std::process::Output {
    c.output().unwrap()
}

/// A loopback feed: `/feed.xml` lists `/a/1` and `/a/2` with snippets; the pages are articles.
fn serve_feed() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let b = base.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            let _ = reader.read_line(&mut request);
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).map(|n| n == 0).unwrap_or(true) || h == "\r\n" {
                    break;
                }
            }
            let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
            let (ctype, body) = if path == "/feed.xml" {
                let items: String = (1..=2)
                    .map(|n| format!("<item><title>Bridge {n} closes for repairs</title><link>{b}/a/{n}</link><pubDate>Tue, 12 Sep 2023 08:0{n}:00 GMT</pubDate><description>Short teaser {n}.</description></item>"))
                    .collect();
                ("application/rss+xml", format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Local News</title><link>{b}/</link>{items}</channel></rss>"))
            } else if path == "/robots.txt" {
                ("text/plain", String::new())
            } else {
                let n = path.rsplit('/').next().unwrap_or("0");
                ("text/html; charset=utf-8", format!("<html><head><title>Bridge {n} closes for repairs</title></head><body><article><h1>Bridge {n} closes for repairs</h1><p>The old bridge number {n} over the river closed on Tuesday for two years of repairs, the city council said in a statement.</p><p>Engineers found cracks in three of its supporting columns during an inspection last month, and traffic will be diverted to the ring road.</p></article></body></html>"))
            };
            let mut s = stream;
            let _ =
                write!(s, "HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len());
        }
    });
    base
}

fn add_feed(data: &Path, base: &str) {
    let o = run(tidings().args(["feeds", "add", &format!("{base}/feed.xml"), "--every", "1", "--data"]).arg(data));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// Makes every subscription due now (as if its backoff had passed).
fn make_due(data: &Path) {
    let path = data.join("feeds.json");
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    for f in v["feeds"].as_array_mut().unwrap() {
        f["next_due"] = 0.into();
    }
    std::fs::write(&path, v.to_string()).unwrap();
}

fn count_hits(store: &SqliteStore, q: &str) -> usize {
    store.search(&SearchQuery { q: q.into(), ..Default::default() }).unwrap().articles.len()
}

/// Pins failure 1 of issue 17: `watch` saved `feeds.json` (items marked seen) before the articles
/// were stored, so a failed store write lost the items for good and `/feeds` showed no error.
#[test]
fn a_failed_store_write_loses_no_feed_item() {
    let base = serve_feed();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    add_feed(&data, &base);
    // The store write fails in the middle of the batch (a failpoint, as a full disk or a lock would).
    let o = run(tidings()
        .args(["watch", "--once", "--allow-net", "127.0.0.1/32", "--data"])
        .arg(&data)
        .env("TIDINGS_FAILPOINTS", "articles_written=error"));
    assert!(!o.status.success(), "a poll whose articles were not stored must fail");
    assert!(String::from_utf8_lossy(&o.stderr).contains("not stored"), "{}", String::from_utf8_lossy(&o.stderr));
    let list = run(tidings().args(["feeds", "list", "--format", "json", "--data"]).arg(&data));
    let v: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let feed = &v["feeds"][0];
    assert!(feed["last_error"].as_str().unwrap().contains("not stored"), "{feed}");
    assert_eq!(feed["seen"].as_array().unwrap().len(), 0, "{feed}");
    // The next poll brings the same items, and this time they are stored.
    make_due(&data);
    let o = run(tidings().args(["watch", "--once", "--allow-net", "127.0.0.1/32", "--data"]).arg(&data));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let store = SqliteStore::open_dir(&data).unwrap();
    assert_eq!(store.stats().unwrap().articles, 2);
    assert_eq!(count_hits(&store, "cracks"), 2);
    let v: serde_json::Value =
        serde_json::from_slice(&run(tidings().args(["feeds", "list", "--format", "json", "--data"]).arg(&data)).stdout).unwrap();
    assert!(v["feeds"][0]["last_error"].is_null() && v["feeds"][0]["seen"].as_array().unwrap().len() == 2, "{v}");
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// One HTTP request on a fresh connection; (status, headers and body).
fn http(port: u16, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).unwrap();
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    let status = out.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    (status, out)
}

/// Starts `tidings serve` and waits until it answers.
fn start_server(data: &Path, port: u16, token: Option<&Path>) -> Child {
    let mut c = tidings();
    c.args(["serve", "--no-watch", "--addr", &format!("127.0.0.1:{port}"), "--data"]).arg(data);
    if let Some(t) = token {
        c.arg("--token-file").arg(t);
    }
    let mut child = c.stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() || http(port, "GET", "/healthz", &[], "").0 != 200 {
        assert!(start.elapsed() < WAIT, "the server did not come up");
        if let Some(s) = child.try_wait().unwrap() {
            panic!("the server exited: {s}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child
}

fn article(kind: &str, n: usize) -> serde_json::Value {
    serde_json::json!({
        "url": format!("https://many.example/{kind}/{n}"),
        "outlet": format!("{kind} desk"),
        "title": format!("Harbour {kind} report {n}"),
        "text": format!("The harbour authority released {kind} report {n} with marker m{kind}{n}x on Monday. Dock workers called the {kind} findings fair."),
    })
}

fn jsonl(path: &Path, kind: &str, n: usize) {
    let lines: Vec<String> = (0..n).map(|i| article(kind, i).to_string()).collect();
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
}

/// Pins failure 2 of issue 17: 14 of 16 POSTs during an ingest got 500 "database is locked"
/// within 4 ms, a POST that got in made the running ingest abort, and a second ingest failed at
/// once. Now two ingests, a `watch` and 50 POSTs at once end with every article stored once.
#[test]
fn two_ingests_a_watch_and_50_posts_store_every_article_once() {
    let base = serve_feed();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // Create the store and the subscription first, as an operator would.
    add_feed(&data, &base);
    let (a, b) = (dir.path().join("a.jsonl"), dir.path().join("b.jsonl"));
    let per_file = 60;
    jsonl(&a, "alpha", per_file);
    jsonl(&b, "beta", per_file);
    let token = dir.path().join("token");
    std::fs::write(&token, format!("{TOKEN}\n")).unwrap();
    let port = free_port();
    let mut server = start_server(&data, port, Some(&token));

    let ingest = |file: &PathBuf| {
        tidings()
            .args(["ingest", "--batch", "8", "--data"])
            .arg(&data)
            .arg(file)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let ing_a = ingest(&a);
    let ing_b = ingest(&b);
    let watch = tidings()
        .args(["watch", "--once", "--allow-net", "127.0.0.1/32", "--data"])
        .arg(&data)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let posts = 50;
    let auth = format!("Bearer {TOKEN}");
    let clients: Vec<_> = (0..posts)
        .map(|i| {
            let auth = auth.clone();
            std::thread::spawn(move || {
                let body = article("post", i).to_string();
                // A client that honours 503 and Retry-After, as the API asks.
                for _ in 0..60 {
                    let (status, out) =
                        http(port, "POST", "/api/articles", &[("Content-Type", "application/json"), ("Authorization", &auth)], &body);
                    match status {
                        201 | 200 => return Ok(status),
                        503 => {
                            assert!(out.to_ascii_lowercase().contains("retry-after:"), "{out}");
                            std::thread::sleep(Duration::from_millis(300));
                        }
                        _ => return Err(out),
                    }
                }
                Err("still busy after 60 tries".into())
            })
        })
        .collect();
    for c in clients {
        assert_eq!(c.join().unwrap(), Ok(201));
    }
    for (name, child) in [("ingest a", ing_a), ("ingest b", ing_b), ("watch", watch)] {
        let o = child.wait_with_output().unwrap();
        assert!(o.status.success(), "{name} failed: {}", String::from_utf8_lossy(&o.stderr));
    }
    sigterm(&server);
    let _ = server.wait();

    let store = SqliteStore::open_dir(&data).unwrap();
    let total = 2 * per_file + 2 + posts;
    assert_eq!(store.stats().unwrap().articles, total as u64);
    for (kind, n) in [("alpha", per_file), ("beta", per_file), ("post", posts)] {
        for i in 0..n {
            assert_eq!(count_hits(&store, &format!("m{kind}{i}x")), 1, "{kind} {i}");
        }
    }
    assert_eq!(count_hits(&store, "cracks"), 2);
    assert_eq!(store.integrity_check().unwrap(), "ok");
    let page = store.stories(&tidings_store::StoryQuery { limit: 500, ..Default::default() }).unwrap();
    assert_eq!(page.stories.iter().map(|s| s.articles as usize).sum::<usize>(), total, "every article in exactly one story");
}

/// Pins failure 5 of issue 17: binding a public address printed no warning and left writes open.
#[test]
fn serve_refuses_a_public_address_without_a_token() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(tidings().args(["serve", "--no-watch", "--addr", "0.0.0.0:0", "--data"]).arg(dir.path()));
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("refusing to serve on 0.0.0.0") && err.contains("--token-file"), "{err}");
    // A token that is too short is refused too.
    let o = run(tidings().args(["serve", "--no-watch", "--addr", "127.0.0.1:0", "--data"]).arg(dir.path()).env("TIDINGS_TOKEN", "short"));
    assert!(String::from_utf8_lossy(&o.stderr).contains("at least 16"), "{}", String::from_utf8_lossy(&o.stderr));
}

fn sigterm(child: &Child) {
    // SAFETY: kill(2) with a pid of our own child and a valid signal number has no memory effects.
    let r = unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
    assert_eq!(r, 0, "cannot send SIGTERM");
}

fn sigterm_and_wait(mut child: Child) -> std::process::ExitStatus {
    sigterm(&child);
    let start = Instant::now();
    loop {
        if let Some(s) = child.try_wait().unwrap() {
            return s;
        }
        if start.elapsed() > WAIT {
            let _ = child.kill();
            panic!("the process did not stop after SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn serve_and_watch_stop_gracefully_on_sigterm() {
    let base = serve_feed();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    add_feed(&data, &base);
    let port = free_port();
    let server = start_server(&data, port, None);
    assert_eq!(sigterm_and_wait(server).code(), Some(0), "serve exits 0 on SIGTERM");

    // `watch` stops after the round in progress and exits 0; its poll was stored.
    let mut watch = tidings()
        .args(["watch", "--allow-net", "127.0.0.1/32", "--data"])
        .arg(&data)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(watch.stderr.take().unwrap()).lines();
    let start = Instant::now();
    loop {
        let line = lines.next().expect("watch ended before its first poll").unwrap();
        if line.contains("new articles") {
            break;
        }
        assert!(start.elapsed() < WAIT, "no poll");
    }
    std::thread::spawn(move || lines.for_each(drop));
    assert_eq!(sigterm_and_wait(watch).code(), Some(0), "watch exits 0 on SIGTERM");
    assert_eq!(SqliteStore::open_dir(&data).unwrap().stats().unwrap().articles, 2);
}

#[test]
fn log_lines_can_be_json() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "Bridge closes\nThe old bridge closed on Tuesday for repairs, the council said.\n").unwrap();
    std::fs::write(dir.path().join("empty.txt"), "").unwrap();
    let o = run(tidings().args(["--log-format", "json", "digest"]).arg(dir.path()));
    assert!(o.status.success());
    let lines: Vec<serde_json::Value> =
        String::from_utf8_lossy(&o.stderr).lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect();
    let w = lines.iter().find(|l| l["subject"].as_str().is_some_and(|s| s.ends_with("empty.txt"))).expect("the empty file is reported");
    assert_eq!((w["level"].as_str(), w["msg"].as_str()), (Some("warn"), Some("empty file, skipped")));
    assert!(w["ts"].as_str().unwrap().ends_with('Z'));
}

/// Pins failure 6 of issue 17: with a low file limit, idle connections took every descriptor and
/// real requests starved. Now idle connections are closed after the header read timeout, and
/// running out of descriptors pauses accepting instead of ending the server.
#[cfg(target_os = "linux")]
#[test]
fn idle_connections_under_a_low_file_limit_do_not_starve_requests() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    SqliteStore::open_dir(&data).unwrap();
    let port = free_port();
    // 64 descriptors for the whole process: the store, the runtime and a few dozen sockets.
    let mut server = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -n 64 && exec \"$0\" serve --no-watch --addr 127.0.0.1:{port} --data \"$1\""))
        .arg(env!("CARGO_BIN_EXE_tidings"))
        .arg(&data)
        .env_remove("TIDINGS_TOKEN")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() || http(port, "GET", "/healthz", &[], "").0 != 200 {
        assert!(start.elapsed() < WAIT, "the server did not come up");
        if let Some(s) = server.try_wait().unwrap() {
            panic!("the server exited: {s}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    // More idle connections than the process has descriptors.
    let idle: Vec<TcpStream> = (0..100).map(|_| TcpStream::connect(("127.0.0.1", port)).unwrap()).collect();
    std::thread::sleep(Duration::from_millis(200));
    let (status, out) = http(port, "GET", "/api/stories", &[], "");
    assert_eq!(status, 200, "{out}");
    assert!(server.try_wait().unwrap().is_none(), "the server must survive running out of descriptors");
    drop(idle);
    sigterm(&server);
    assert_eq!(server.wait().unwrap().code(), Some(0));
}
