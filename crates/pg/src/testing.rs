//! A PostgreSQL for tests, one fresh database per test.
//!
//! The server is, in order: the one named by [`TEST_PG_ENV`] (a URL whose user may create
//! databases, as `.ci/run` sets it), else a throwaway server this process starts from the
//! PostgreSQL binaries on the machine (`initdb` and `postgres` from `$PATH`, `pg_config
//! --bindir` or `/usr/lib/postgresql/*/bin`), in a temporary directory, on loopback, without
//! durability (`fsync=off`), stopped and deleted when the test process ends. As root, the server
//! runs as the `postgres` user (PostgreSQL refuses root).
//!
//! Without either, [`test_db`] prints a loud warning and returns `None` so the test can skip,
//! unless `CI` is set (to anything but `false` or `0`): then it panics, and the test fails.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Environment variable naming a PostgreSQL server for the tests.
pub const TEST_PG_ENV: &str = "TIDINGS_TEST_PG";

/// A fresh, empty database for one test.
pub struct TestDb {
    /// Connection string of the database.
    pub url: String,
    admin: String,
    name: String,
}

impl Drop for TestDb {
    fn drop(&mut self) {
        // Best effort: a throwaway server goes away anyway; a shared one should not fill up.
        if let Ok(mut c) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name));
        }
    }
}

fn under_ci() -> bool {
    std::env::var("CI").map(|v| !v.is_empty() && v != "false" && v != "0").unwrap_or(false)
}

/// A fresh database, or `None` (after a loud message) when no PostgreSQL can be had and CI is
/// not set. Panics under CI when there is none.
pub fn test_db(test: &str) -> Option<TestDb> {
    static SERVER: OnceLock<Result<String, String>> = OnceLock::new();
    static N: AtomicUsize = AtomicUsize::new(0);
    let admin = match SERVER.get_or_init(server) {
        Ok(a) => a.clone(),
        Err(why) => {
            if under_ci() {
                panic!("PostgreSQL is required under CI and there is none: {why}");
            }
            eprintln!("\n!!! SKIPPED {test}: no PostgreSQL ({why}).\n!!! Install it (Debian: apt install postgresql) or set {TEST_PG_ENV}=postgres://user@host/db\n");
            return None;
        }
    };
    let clean: String = test.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).take(30).collect();
    let name = format!("t{}_{}_{clean}", std::process::id(), N.fetch_add(1, Ordering::Relaxed));
    let mut c = postgres::Client::connect(&admin, postgres::NoTls).unwrap_or_else(|e| panic!("cannot connect to the test server: {e}"));
    c.batch_execute(&format!("CREATE DATABASE \"{name}\"")).unwrap_or_else(|e| panic!("cannot create a test database: {e}"));
    let url = with_db(&admin, &name);
    Some(TestDb { url, admin, name })
}

/// The URL with its database part replaced.
fn with_db(url: &str, db: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let after_scheme = base.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match base[after_scheme..].find('/') {
        Some(i) => &base[..after_scheme + i],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{db}?{q}"),
        None => format!("{base}/{db}"),
    }
}

fn server() -> Result<String, String> {
    if let Ok(url) = std::env::var(TEST_PG_ENV) {
        if !url.trim().is_empty() {
            postgres::Client::connect(&url, postgres::NoTls).map_err(|e| format!("{TEST_PG_ENV}={url}: cannot connect: {e}"))?;
            return Ok(url);
        }
    }
    start_server()
}

/// The directory holding `initdb` and `postgres`.
fn bin_dir() -> Option<PathBuf> {
    let has = |d: &Path| d.join("initdb").is_file() && d.join("postgres").is_file();
    if let Some(path) = std::env::var_os("PATH") {
        for d in std::env::split_paths(&path) {
            if has(&d) {
                return Some(d);
            }
        }
    }
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output() {
        let d = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if has(&d) {
            return Some(d);
        }
    }
    let mut versions: Vec<PathBuf> =
        std::fs::read_dir("/usr/lib/postgresql").ok()?.flatten().map(|e| e.path().join("bin")).filter(|d| has(d)).collect();
    versions
        .sort_by_key(|d| d.parent().and_then(|v| v.file_name()).and_then(|v| v.to_str()).and_then(|v| v.parse::<u32>().ok()).unwrap_or(0));
    versions.pop()
}

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("Uid:")).and_then(|l| l.split_whitespace().nth(1)).map(|u| u == "0"))
        .unwrap_or(false)
}

fn start_server() -> Result<String, String> {
    let bin = bin_dir().ok_or("no initdb/postgres binaries in PATH, pg_config --bindir or /usr/lib/postgresql/*/bin")?;
    let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    let dir = std::env::temp_dir().join(format!("tidings-pg-{}-{stamp}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let data = dir.join("data");
    // PostgreSQL refuses to run as root: run it as the `postgres` user then.
    let runas: Vec<String> = if is_root() {
        let ok = Command::new("chown").args(["-R", "postgres:postgres"]).arg(&dir).status().map(|s| s.success()).unwrap_or(false);
        if !ok {
            return Err("running as root and cannot hand a directory to the postgres user".into());
        }
        vec!["runuser".into(), "-u".into(), "postgres".into(), "--".into()]
    } else {
        Vec::new()
    };
    let run = |args: Vec<String>| -> Command {
        let all: Vec<String> = runas.iter().cloned().chain(args).collect();
        let mut c = Command::new(&all[0]);
        c.args(&all[1..]);
        c
    };
    let initdb = run(vec![
        bin.join("initdb").display().to_string(),
        "-D".into(),
        data.display().to_string(),
        "-U".into(),
        "tidings".into(),
        "--auth=trust".into(),
        "-E".into(),
        "UTF8".into(),
        "--no-sync".into(),
    ])
    .stdout(Stdio::null())
    .output()
    .map_err(|e| format!("cannot run initdb: {e}"))?;
    if !initdb.status.success() {
        return Err(format!("initdb failed: {}", String::from_utf8_lossy(&initdb.stderr).trim()));
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| format!("no free port: {e}"))?.port();
    // The server lives as long as this test process: a shell watches our pid and stops it.
    let script = format!(
        "{pg} -D {data} -k {dir} -h 127.0.0.1 -p {port} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 >{dir}/log 2>&1 &
         pg=$!; while [ -d /proc/{me} ]; do sleep 0.5; done; kill -INT $pg; wait $pg; rm -rf {dir}",
        pg = bin.join("postgres").display(),
        data = data.display(),
        dir = dir.display(),
        me = std::process::id(),
    );
    run(vec!["sh".into(), "-c".into(), script])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start postgres: {e}"))?;
    let url = format!("postgres://tidings@127.0.0.1:{port}/postgres");
    let start = Instant::now();
    loop {
        match postgres::Client::connect(&url, postgres::NoTls) {
            Ok(_) => return Ok(url),
            Err(e) if start.elapsed() > Duration::from_secs(30) => {
                let log = std::fs::read_to_string(dir.join("log")).unwrap_or_default();
                return Err(format!("postgres did not start within 30 s: {e}; log: {}", log.trim()));
            }
            Err(_) => std::thread::sleep(Duration::from_millis(100)),
        }
    }
}
