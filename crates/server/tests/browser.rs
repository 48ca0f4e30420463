//! The reader in a real browser: headless Chromium driven through chromedriver (WebDriver).
//!
//! The test starts the server on a temporary store with the demo corpus, loads the front page,
//! opens the story, clicks a citation and sees the source sentence, follows it to the article,
//! and searches. Screenshots go to `<target dir>/browser-test/`. Without Chromium and
//! chromedriver the test says so loudly and passes, except when `CI` is set: then it fails.
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

    fn wait_url(&self, part: &str) {
        let deadline = Instant::now() + WAIT;
        while !self.url().contains(part) {
            assert!(Instant::now() < deadline, "url never contained {part:?}: {}", self.url());
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

/// Starts the server on its own runtime; returns its address.
fn start_server(store: Arc<SqliteStore>) -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap().to_string()).unwrap();
            axum::serve(listener, tidings_server::router(store)).await.unwrap();
        });
    });
    rx.recv().unwrap()
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
    let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/seeds");
    let (docs, _) = tidings_ingest::read_paths(&[seeds]);
    store.ingest(docs).unwrap();
    let evil = tidings_ingest::doc_from_json(&json!({
        "title": "<script>alert('owned')</script> Dam breaks upstream", "outlet": "Valley Times",
        "text": "The dam upstream broke on Sunday night and the valley flooded. Rescuers reached the villages at dawn."
    }))
    .unwrap();
    store.ingest(vec![evil]).unwrap();
    let base = format!("http://{}", start_server(store.clone()));

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

    // The front page: the story, its outlets and update time.
    driver.goto(&format!("{base}/"));
    let headlines = driver.find_all("a.headline");
    assert_eq!(headlines.len(), 2);
    let titles: Vec<String> = headlines.iter().map(|h| driver.text(h)).collect();
    // The script title is shown as text, and nothing ran.
    assert!(titles.iter().any(|t| t.starts_with("<script>alert('owned')</script>")), "{titles:?}");
    assert!(driver.call("GET", &format!("/session/{}/alert/text", driver.session), None).is_err(), "a script ran");
    let meta = driver.text(&driver.find(".story-item .meta"));
    assert!(meta.contains("updated"), "{meta}");
    driver.screenshot(&shots.join("front.png"));

    // Open the Kim story (the larger one).
    let kim = headlines.iter().zip(&titles).find(|(_, t)| t.contains("Kim")).map(|(h, _)| h.clone()).expect("the seed story is listed");
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
}
