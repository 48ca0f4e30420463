//! The reader in a real browser: headless Chromium driven through chromedriver (WebDriver).
//!
//! The test starts the server on a temporary store with the demo corpus (given outlets and
//! publication times) and three dated articles of another event, loads the front page at
//! desktop and at phone width (390 px) and checks its dates and outlets, opens the story, clicks
//! a citation and sees the source sentence, follows it to the article, and searches. Then an
//! editor logs in, splits the story and merges it back by hand, and each correction survives a
//! later ingest; the story's Atom feed is parsed with a feed parser. Screenshots go to
//! `<target dir>/browser-test/`. Without Chromium and chromedriver the test says so loudly and
//! passes, except when `CI` is set: then it fails.
//!
//! The WebDriver client is a few lines of HTTP/1.1 over a loopback socket: the protocol is JSON
//! over HTTP, and a full client crate would only add build time.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{json, Value};
use tidings_store::{SqliteStore, Store};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
/// How long to wait for chromedriver to come up and for an element to appear.
const WAIT: Duration = Duration::from_secs(20);

fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path).chain([PathBuf::from("/usr/bin"), PathBuf::from("/usr/lib/chromium")]) {
        for n in names {
            let p = dir.join(n);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// The target directory, from this test binary's path (target/debug/deps/browser-…).
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.ancestors().nth(3).map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("target"))
}

struct Driver {
    port: u16,
    child: Child,
    session: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.call("DELETE", &format!("/session/{}", self.session), None);
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Driver {
    /// One WebDriver command; returns `value` of the answer, or `Err(value)` for a WebDriver error.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, Value> {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).map_err(|e| json!({ "error": e.to_string() }))?;
        s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
        let req = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.port,
            body.len()
        );
        s.write_all(req.as_bytes()).map_err(|e| json!({ "error": e.to_string() }))?;
        // chromedriver keeps the socket open despite `Connection: close`: read by Content-Length.
        let mut raw = Vec::new();
        let mut buf = [0u8; 65536];
        let (split, head) = loop {
            let n = s.read(&mut buf).map_err(|e| json!({ "error": e.to_string() }))?;
            if n == 0 {
                return Err(json!({ "error": "chromedriver closed the connection" }));
            }
            raw.extend_from_slice(&buf[..n]);
            if let Some(p) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
                break (p, String::from_utf8_lossy(&raw[..p]).to_lowercase());
            }
        };
        let length = head.lines().find_map(|l| l.strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap_or(0)));
        match length {
            Some(len) => {
                while raw.len() < split + 4 + len {
                    let n = s.read(&mut buf).map_err(|e| json!({ "error": e.to_string() }))?;
                    if n == 0 {
                        break;
                    }
                    raw.extend_from_slice(&buf[..n]);
                }
            }
            None => {
                let _ = s.read_to_end(&mut raw);
            }
        }
        let mut payload = raw[split + 4..].to_vec();
        if head.contains("transfer-encoding: chunked") {
            payload = dechunk(&payload);
        }
        let v: Value = serde_json::from_slice(&payload).map_err(|e| json!({ "error": format!("bad json from chromedriver: {e}") }))?;
        let ok = head.starts_with("http/1.1 2");
        let value = v.get("value").cloned().unwrap_or(Value::Null);
        if ok {
            Ok(value)
        } else {
            Err(value)
        }
    }

    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let full = format!("/session/{}{path}", self.session);
        self.call(method, &full, body).unwrap_or_else(|e| panic!("webdriver {method} {path} failed: {e}"))
    }

    fn goto(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({ "url": url })));
    }

    fn title_text(&self) -> String {
        self.cmd("GET", "/title", None).as_str().unwrap_or("").to_string()
    }

    fn url(&self) -> String {
        self.cmd("GET", "/url", None).as_str().unwrap_or("").to_string()
    }

    /// Waits for the first element matching a CSS selector.
    fn find(&self, css: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let r =
                self.call("POST", &format!("/session/{}/element", self.session), Some(json!({ "using": "css selector", "value": css })));
            if let Ok(v) = r {
                return v[ELEMENT].as_str().unwrap().to_string();
            }
            assert!(Instant::now() < deadline, "no element {css:?} on {}", self.url());
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn find_all(&self, css: &str) -> Vec<String> {
        self.cmd("POST", "/elements", Some(json!({ "using": "css selector", "value": css })))
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e[ELEMENT].as_str().unwrap().to_string())
            .collect()
    }

    fn text(&self, el: &str) -> String {
        self.cmd("GET", &format!("/element/{el}/text"), None).as_str().unwrap_or("").to_string()
    }

    fn displayed(&self, el: &str) -> bool {
        self.cmd("GET", &format!("/element/{el}/displayed"), None).as_bool().unwrap_or(false)
    }

    fn click(&self, el: &str) {
        self.cmd("POST", &format!("/element/{el}/click"), Some(json!({})));
    }

    fn attr(&self, el: &str, name: &str) -> Option<String> {
        self.cmd("GET", &format!("/element/{el}/attribute/{name}"), None).as_str().map(String::from)
    }

    fn type_text(&self, el: &str, text: &str) {
        self.cmd("POST", &format!("/element/{el}/clear"), Some(json!({})));
        self.cmd("POST", &format!("/element/{el}/value"), Some(json!({ "text": text })));
    }

    /// `(x, y, width, height)` of an element in CSS pixels.
    fn rect(&self, el: &str) -> (f64, f64, f64, f64) {
        let r = self.cmd("GET", &format!("/element/{el}/rect"), None);
        let f = |k: &str| r[k].as_f64().unwrap_or(0.0);
        (f("x"), f("y"), f("width"), f("height"))
    }

    fn window(&self, width: u32, height: u32) {
        self.cmd("POST", "/window/rect", Some(json!({ "width": width, "height": height })));
    }

    fn wait_url(&self, part: &str) {
        let deadline = Instant::now() + WAIT;
        while !self.url().contains(part) {
            if Instant::now() >= deadline {
                let page = self.call(
                    "POST",
                    &format!("/session/{}/element", self.session),
                    Some(json!({ "using": "css selector", "value": "main" })),
                );
                let text = page.ok().and_then(|v| v[ELEMENT].as_str().map(|e| self.text(e))).unwrap_or_default();
                panic!("url never contained {part:?}: {}\n{text}", self.url());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn screenshot(&self, path: &Path) {
        let b64 = self.cmd("GET", "/screenshot", None);
        let png = base64::engine::general_purpose::STANDARD.decode(b64.as_str().unwrap()).unwrap();
        std::fs::write(path, png).unwrap();
        eprintln!("screenshot: {}", path.display());
    }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(nl) = b.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&b[..nl]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&b[nl + 2..nl + 2 + size]);
        b = &b[nl + 2 + size + 2..];
    }
    out
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The editor token of the test server.
const TOKEN: &str = "browser-test-token-7c1e";

/// Starts the server on its own runtime, taking writes with [`TOKEN`]; returns its address.
fn start_server(store: Arc<SqliteStore>) -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap().to_string()).unwrap();
            let config = tidings_server::Config { token: Some(TOKEN.into()), ..Default::default() };
            axum::serve(listener, tidings_server::router_with(store, config)).await.unwrap();
        });
    });
    rx.recv().unwrap()
}

/// GET over a plain socket (the feeds are fetched as a feed reader would, not through the browser).
fn http_get(addr: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = if head.to_ascii_lowercase().contains("transfer-encoding: chunked") {
        String::from_utf8_lossy(&dechunk(body.as_bytes())).into_owned()
    } else {
        body.to_string()
    };
    (status, body)
}

/// The demo corpus with outlets (one spelled two ways) and publication times in the last hours,
/// and three dated articles of another event.
fn corpus(now: chrono::DateTime<chrono::Utc>) -> Vec<tidings_ingest::RawDoc> {
    let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/seeds");
    let (mut docs, _) = tidings_ingest::read_paths(&[seeds]);
    let outlets = ["www.korea-wire.example", "korea-wire.example", "Moscow Ledger", "Pacific Times", "Seoul Evening"];
    for (i, d) in docs.iter_mut().enumerate() {
        d.outlet = Some(outlets[i % outlets.len()].to_string());
        d.published = Some((now - chrono::Duration::hours(10 - i as i64)).fixed_offset());
    }
    let quake = |url: &str, outlet: &str, title: &str, text: &str, published: &str| {
        tidings_ingest::doc_from_json(&json!({ "url": url, "outlet": outlet, "title": title, "text": text, "published": published }))
            .unwrap()
    };
    docs.push(quake(
        "https://alpha.example/quake",
        "Alpha News",
        "Earthquake shakes the northern coast",
        "A strong earthquake shook the northern coast of Atlantis on Monday, damaging the harbour of Port Vela. Rescuers searched collapsed buildings through the night.",
        "2024-03-04T09:00:00Z",
    ));
    docs.push(quake(
        "https://beta.example/quake",
        "Beta Times",
        "Port Vela counts the damage",
        "Officials in Port Vela said on Tuesday that three cranes and a ferry terminal were lost to the earthquake. Schools across Atlantis stayed closed.",
        "2024-03-05T15:00:00Z",
    ));
    docs
}

/// A rewrite of one seed article under a new path: the grouping puts it with its original.
fn follow_up(n: usize) -> tidings_ingest::RawDoc {
    let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/seeds");
    let (mut docs, _) = tidings_ingest::read_paths(&[seeds]);
    let mut d = docs.remove(n);
    d.path = Some(format!("follow-up-{n}.txt"));
    d.outlet = Some("Late Wire".into());
    if let tidings_ingest::Body::Text(t) = &mut d.body {
        t.push_str("\n\nThe visit was followed closely by observers in Seoul and Tokyo.");
    }
    d
}

/// The stories as sets of article ids.
fn partition(store: &SqliteStore) -> Vec<Vec<String>> {
    let page = store.stories(&tidings_store::StoryQuery { limit: 500, ..Default::default() }).unwrap();
    let mut out: Vec<Vec<String>> = page
        .stories
        .iter()
        .map(|s| {
            let v: Value = serde_json::from_str(&store.story(&s.id).unwrap().unwrap().json).unwrap();
            let mut ids: Vec<String> = v["articles"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap().to_string()).collect();
            ids.sort();
            ids
        })
        .collect();
    out.sort();
    out
}

#[test]
fn read_a_story_in_chromium() {
    let (Some(driver_bin), Some(chromium)) =
        (find_program(&["chromedriver"]), find_program(&["chromium", "chromium-browser", "google-chrome"]))
    else {
        let msg = "\n\n!!!!!!!! BROWSER TEST SKIPPED: chromium and chromedriver are not installed !!!!!!!!\n!!!!!!!! install them with: apt-get install -y chromium chromium-driver       !!!!!!!!\n";
        if std::env::var_os("CI").is_some() {
            panic!("{msg}CI is set, so a missing browser is a failure");
        }
        eprintln!("{msg}");
        return;
    };

    let data = tempfile::tempdir().unwrap();
    let store = Arc::new(SqliteStore::open_dir(data.path()).unwrap());
    store.ingest(corpus(chrono::Utc::now())).unwrap();
    let evil = tidings_ingest::doc_from_json(&json!({
        "title": "<script>alert('owned')</script> Dam breaks upstream", "outlet": "Valley Times",
        "text": "The dam upstream broke on Sunday night and the valley flooded. Rescuers reached the villages at dawn."
    }))
    .unwrap();
    store.ingest(vec![evil]).unwrap();
    let addr = start_server(store.clone());
    let base = format!("http://{addr}");

    let port = free_port();
    let child = Command::new(&driver_bin)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let mut driver = Driver { port, child, session: String::new() };
    let deadline = Instant::now() + WAIT;
    while driver.call("GET", "/status", None).map(|v| v["ready"] != true).unwrap_or(true) {
        assert!(Instant::now() < deadline, "chromedriver did not come up");
        std::thread::sleep(Duration::from_millis(100));
    }
    let profile = tempfile::tempdir().unwrap();
    let caps = json!({ "capabilities": { "alwaysMatch": { "browserName": "chrome", "goog:chromeOptions": {
        "binary": chromium.to_string_lossy(),
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1100,1400",
                 format!("--user-data-dir={}", profile.path().display())]
    }}}});
    let session = driver.call("POST", "/session", Some(caps)).unwrap_or_else(|e| panic!("cannot start chromium: {e}"));
    driver.session = session["sessionId"].as_str().unwrap().to_string();

    let shots = target_dir().join("browser-test");
    std::fs::create_dir_all(&shots).unwrap();

    // The front page at desktop width: headlines, gists, outlets by name, dates.
    driver.goto(&format!("{base}/"));
    let headlines = driver.find_all("a.headline");
    assert_eq!(headlines.len(), 3);
    let titles: Vec<String> = headlines.iter().map(|h| driver.text(h)).collect();
    // The script title is shown as text, and nothing ran.
    assert!(titles.iter().any(|t| t.starts_with("<script>alert('owned')</script>")), "{titles:?}");
    assert!(driver.call("GET", &format!("/session/{}/alert/text", driver.session), None).is_err(), "a script ran");
    // Latest first: the undated dam story by its ingest time (now), the Kim story (its last
    // article hours ago), the quake (2024).
    assert!(titles[0].contains("Dam breaks") && (titles[2].contains("Earthquake") || titles[2].contains("Port Vela")), "{titles:?}");
    assert_eq!(driver.title_text(), "Latest stories · tidings");
    let items = driver.find_all(".story-item");
    let first = driver.text(&items[1]);
    // One name per outlet: www.korea-wire.example and korea-wire.example are one.
    assert!(first.contains("korea-wire.example") && !first.contains("www.korea-wire"), "{first}");
    assert!(first.contains("5 articles from") && first.contains("independent source"), "{first}");
    let last = driver.find(".story-item time.last");
    assert!(driver.text(&last).ends_with("h ago"), "{}", driver.text(&last));
    assert!(driver.attr(&last, "datetime").is_some_and(|d| d.ends_with('Z')), "a machine-readable time");
    let quake =
        items.iter().map(|i| driver.text(i)).find(|t| t.contains("Port Vela") || t.contains("Earthquake")).expect("the quake story");
    assert!(quake.contains("event 4 Mar 2024") && quake.contains("Alpha News") && quake.contains("Beta Times"), "{quake}");
    let head = driver.find("a.headline");
    assert_eq!(driver.attr(&head, "lang").as_deref(), Some("en"));
    assert_eq!(driver.attr(&head, "dir").as_deref(), Some("auto"));
    assert!(driver.find_all(".story-item .gist").len() >= 2, "each story says what happened");
    driver.screenshot(&shots.join("front-desktop.png"));

    // The same page at phone width: the header wraps, nothing is cut off.
    driver.window(390, 844);
    driver.goto(&format!("{base}/"));
    let width = driver.rect(&driver.find("html")).2;
    assert!(width <= 390.0, "the page is {width} px wide at a 390 px window");
    for css in ["form.search button", "header .nav a[href='/feeds']", "a.headline", ".story-item .meta", "details.filter-box summary"] {
        let (x, _, w, _) = driver.rect(&driver.find(css));
        assert!(x >= 0.0 && x + w <= width + 0.5, "{css} is cut off at phone width: x {x} + {w} > {width}");
    }
    driver.screenshot(&shots.join("front-phone.png"));
    driver.window(1100, 1400);

    // Filters: an outlet under its other spelling, with its count.
    driver.goto(&format!("{base}/?outlet=ALPHA+news"));
    let only = driver.find_all("a.headline");
    assert_eq!(only.len(), 1, "the outlet filter finds the quake story");
    assert!(driver.text(&driver.find("p.active")).contains("ALPHA news"), "the active filter is named");
    let outlets: Vec<String> = driver.find_all("select[name=outlet] option").iter().map(|o| driver.text(o)).collect();
    assert!(outlets.iter().any(|o| o == "Alpha News (1)"), "{outlets:?}");

    // Open the Kim story (the largest one).
    driver.goto(&format!("{base}/?sort=size"));
    let kim = driver.find("a.headline");
    driver.click(&kim);
    driver.wait_url("/stories/");
    let h1 = driver.text(&driver.find("h1"));
    assert!(h1.contains("Kim"), "{h1}");

    // Click the first citation: the source sentence appears in context, with its outlet.
    let sentence = driver.text(&driver.find(".summary-sentence .sentence"));
    let mark = driver.find(".summary-sentence details.cite summary");
    let cited = driver.find(".summary-sentence details.cite mark.cited");
    assert!(!driver.displayed(&cited), "the context is folded before the click");
    driver.click(&mark);
    assert!(driver.displayed(&cited), "clicking the citation shows the source sentence");
    assert_eq!(driver.text(&cited), sentence, "the cited sentence is the summary sentence, verbatim");
    let source = driver.text(&driver.find(".summary-sentence details.cite[open] .source"));
    assert!(!source.is_empty());
    driver.screenshot(&shots.join("story-citation.png"));

    // Follow it to the article: the sentence is highlighted in the full text.
    driver.click(&driver.find(".summary-sentence details.cite[open] a.open"));
    driver.wait_url("/articles/");
    let hl = driver.find("mark#hl");
    assert_eq!(driver.text(&hl), sentence);
    assert!(driver.text(&driver.find(".article .meta")).contains("min read"));
    driver.screenshot(&shots.join("article.png"));

    // Search from the box in the header.
    let q = driver.find("input#q");
    driver.cmd("POST", &format!("/element/{q}/value"), Some(json!({ "text": "Vladivostok" })));
    driver.click(&driver.find("form.search button"));
    driver.wait_url("/search?q=Vladivostok");
    let hits = driver.find_all(".article-hits > li");
    assert!(!hits.is_empty(), "search finds the articles");
    let marks: Vec<String> = driver.find_all(".article-hits mark").iter().map(|m| driver.text(m)).collect();
    assert!(marks.iter().any(|m| m.eq_ignore_ascii_case("vladivostok")), "{marks:?}");
    driver.screenshot(&shots.join("search.png"));

    // An editor logs in on the story page with the token.
    let kim_id =
        store.stories(&tidings_store::StoryQuery { sort: tidings_store::Sort::Size, ..Default::default() }).unwrap().stories[0].id.clone();
    driver.goto(&format!("{base}/stories/{kim_id}"));
    assert!(driver.find_all("form[action$='/split']").is_empty(), "a reader sees no correction forms");
    driver.click(&driver.find("details.login summary"));
    driver.type_text(&driver.find("details.login input[name=token]"), TOKEN);
    driver.click(&driver.find("details.login button"));
    driver.wait_url("#corrections");
    driver.find("form[action$='/split']");

    // Split the last two articles off by hand.
    let boxes = driver.find_all("form[action$='/split'] input[name=article]");
    assert_eq!(boxes.len(), 5);
    let leaving: Vec<String> = boxes[3..].iter().map(|b| driver.attr(b, "value").unwrap()).collect();
    for b in &boxes[3..] {
        driver.click(b);
    }
    driver.click(&driver.find("form[action$='/split'] button"));
    driver.wait_url("#corrections");
    let note = driver.text(&driver.find(".correction-list li"));
    assert!(note.contains("split 2 articles"), "{note}");
    let new_id = note.split("into a new story ").nth(1).unwrap().split_whitespace().next().unwrap().to_string();
    assert!(driver.text(&driver.find("h1 + .meta")).contains("3 articles"));
    assert!(!driver.find_all(".badge.edited").is_empty());
    driver.screenshot(&shots.join("story-split-corrections.png"));
    driver.goto(&format!("{base}/stories/{kim_id}"));
    assert!(driver.text(&driver.find("h1 + .meta")).contains("edited by hand"));
    driver.screenshot(&shots.join("story-split.png"));
    // The editor's forms fit the page (a long article title in a select once pushed it wider).
    let page = driver.rect(&driver.find("main"));
    for css in [".editor select", ".editor fieldset", "form[action$='/merge'] button"] {
        let (x, _, w, _) = driver.rect(&driver.find(css));
        assert!(x + w <= page.0 + page.2 + 0.5, "{css} sticks out of the page: {x} + {w} > {} + {}", page.0, page.2);
    }
    let split = partition(&store);
    assert!(
        split.iter().any(|p| {
            let mut l = leaving.clone();
            l.sort();
            *p == l
        }),
        "{split:?}"
    );

    // A later ingest regroups: the split stays.
    store.ingest(vec![follow_up(0), follow_up(4)]).unwrap();
    let after = partition(&store);
    for part in &split {
        assert!(after.iter().any(|a| part.iter().all(|x| a.contains(x))), "the split survives an ingest: {after:?}");
    }
    assert_eq!(after.len(), split.len(), "{after:?}");
    driver.goto(&format!("{base}/stories/{new_id}"));
    let h = driver.text(&driver.find(".history-list"));
    assert!(h.contains("edited by hand"), "{h}");

    // The story's Atom feed, as a feed reader reads it: an entry per new brief, the split among them.
    let (status, atom) = http_get(&addr, &format!("/stories/{kim_id}/feed.atom"));
    assert_eq!(status, 200, "{atom}");
    let feed = feed_rs::parser::parse(atom.as_bytes()).unwrap_or_else(|e| panic!("the Atom feed does not parse: {e}\n{atom}"));
    assert!(feed.title.as_ref().is_some_and(|t| t.content.starts_with("tidings: ")));
    let titles: Vec<String> = feed.entries.iter().filter_map(|e| e.title.as_ref().map(|t| t.content.clone())).collect();
    assert!(titles.iter().any(|t| t.starts_with("Edited by hand: split")), "{titles:?}");
    assert!(titles.iter().any(|t| t.starts_with("New story")), "{titles:?}");
    assert!(feed.entries.iter().all(|e| e.links.iter().any(|l| l.href.starts_with(&base))));
    assert!(driver.find_all("link[rel=alternate][type='application/atom+xml']").len() == 1);

    // Merge the new story back by hand, from its page.
    driver.type_text(&driver.find("form[action$='/merge'] input[name=into]"), &kim_id);
    driver.click(&driver.find("form[action$='/merge'] button"));
    driver.wait_url(&format!("/stories/{kim_id}#corrections"));
    let merged = partition(&store);
    assert_eq!(merged.len(), after.len() - 1, "{merged:?}");
    assert!(driver.text(&driver.find(".correction-list")).contains("merged story"));
    driver.screenshot(&shots.join("story-merged.png"));
    // And it survives the next ingest.
    store.ingest(vec![follow_up(2)]).unwrap();
    let later = partition(&store);
    assert_eq!(later.len(), merged.len(), "the merge survives an ingest: {later:?}");
    assert!(later.iter().any(|p| merged.iter().any(|m| m.len() >= 7 && m.iter().all(|x| p.contains(x)))), "{later:?}");
}
