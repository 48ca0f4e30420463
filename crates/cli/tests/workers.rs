//! Many `tidings worker` processes on one PostgreSQL: they give the same stories as one worker,
//! and workers killed with SIGKILL at random points lose and duplicate nothing.
//!
//! The database comes from `tidings_pg::testing` (a throwaway server, or `$TIDINGS_TEST_PG`):
//! without PostgreSQL these tests skip loudly, under CI they fail.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_tidings"))
}

/// A synthetic stream with a known story for each article.
fn stream(dir: &Path, n: usize) -> PathBuf {
    let out = dir.join("stream.jsonl");
    let o = Command::new(bin()).args(["eval", "synth", "--seed", "7", "--articles", &n.to_string(), "--out"]).arg(&out).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    out
}

fn tidings(db: &str, args: &[&str]) -> Command {
    let mut c = Command::new(bin());
    c.args(args).arg("--db").arg(db).env_remove("TIDINGS_DATA").env_remove("TIDINGS_DB");
    c
}

fn enqueue(db: &str, file: &Path) {
    let o = tidings(db, &["enqueue", file.to_str().unwrap()]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// Flags that make a worker busy with small steps: short leases, small claims, frequent grouping.
const BUSY: &[&str] = &["--batch", "1", "--lease", "2", "--poll-ms", "50", "--group-every-ms", "50"];

fn spawn_worker(db: &str, id: &str, exit_when_idle: bool) -> Child {
    let mut args = vec!["worker", "--id", id];
    args.extend_from_slice(BUSY);
    if exit_when_idle {
        args.push("--exit-when-idle");
    }
    tidings(db, &args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap()
}

fn wait_all(children: Vec<Child>, limit: Duration) {
    let start = Instant::now();
    for mut c in children {
        loop {
            if let Some(status) = c.try_wait().unwrap() {
                assert!(status.success(), "a worker failed: {status}");
                break;
            }
            if start.elapsed() > limit {
                let _ = c.kill();
                panic!("workers did not finish within {limit:?}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// Runs `n` workers to the end of the queue.
fn run_workers(db: &str, n: usize) {
    let children: Vec<Child> = (0..n).map(|i| spawn_worker(db, &format!("w{i}"), true)).collect();
    wait_all(children, Duration::from_secs(300));
}

fn client(db: &str) -> postgres::Client {
    postgres::Client::connect(db, postgres::NoTls).unwrap()
}

/// The stories as sets of article URLs, in a canonical order: comparable across databases,
/// whatever ids the stories got.
fn partition(db: &str) -> Vec<Vec<String>> {
    let mut c = client(db);
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in c.query("SELECT story_id, url FROM articles WHERE superseded_by IS NULL", &[]).unwrap() {
        let story: Option<String> = r.get(0);
        let story = story.expect("every article is in a story");
        groups.entry(story).or_default().push(r.get(1));
    }
    let mut out: Vec<Vec<String>> = groups.into_values().map(|mut g| (g.sort(), g).1).collect();
    out.sort();
    out
}

/// Nothing lost, nothing counted twice: every job done once, one article per document, every
/// article in exactly one story, and each story's brief lists exactly its articles.
fn check_books(db: &str, n: usize) {
    let mut c = client(db);
    let jobs: Vec<(String, i64)> =
        c.query("SELECT state, count(*) FROM jobs GROUP BY state", &[]).unwrap().iter().map(|r| (r.get(0), r.get(1))).collect();
    let want = n.div_ceil(tidings_pg::queue::DOCS_PER_JOB) as i64;
    assert_eq!(jobs, vec![("done".to_string(), want)], "every job done, none failed or left over");
    let r = c
        .query_one(
            "SELECT count(*), count(DISTINCT key), count(*) FILTER (WHERE pending), count(*) FILTER (WHERE story_id IS NULL) FROM articles",
            &[],
        )
        .unwrap();
    let (all, keys, pending, orphans): (i64, i64, i64, i64) = (r.get(0), r.get(1), r.get(2), r.get(3));
    assert_eq!((all, keys, pending, orphans), (n as i64, n as i64, 0, 0), "(articles, distinct URLs, pending, without a story)");
    let sum: i64 = c.query_one("SELECT COALESCE(SUM(n_articles), 0)::bigint FROM stories", &[]).unwrap().get(0);
    assert_eq!(sum, n as i64, "stories count each article once");
    for r in c.query("SELECT id, wire FROM stories", &[]).unwrap() {
        let id: String = r.get(0);
        let wire: serde_json::Value = serde_json::from_str(r.get(1)).unwrap();
        let mut in_brief: Vec<String> =
            wire["articles"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap().to_string()).collect();
        let mut stored: Vec<String> =
            c.query("SELECT id FROM articles WHERE story_id = $1", &[&id]).unwrap().iter().map(|r| r.get(0)).collect();
        in_brief.sort();
        stored.sort();
        assert_eq!(in_brief, stored, "story {id}: its brief lists exactly its articles");
    }
}

/// Pairwise F1 of a partition against the synthetic labels, for the log.
fn f1_against_truth(file: &Path, parts: &[Vec<String>]) -> f64 {
    let mut truth = std::collections::HashMap::new();
    for line in std::fs::read_to_string(file).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        truth.insert(v["url"].as_str().unwrap().to_string(), v["story"].as_str().unwrap().to_string());
    }
    let mut label = std::collections::HashMap::new();
    for (i, g) in parts.iter().enumerate() {
        for u in g {
            label.insert(u.clone(), i);
        }
    }
    let urls: Vec<&String> = truth.keys().collect();
    let (mut tp, mut fp, mut fn_) = (0f64, 0f64, 0f64);
    for i in 0..urls.len() {
        for j in i + 1..urls.len() {
            let same_t = truth[urls[i]] == truth[urls[j]];
            let same_p = label.get(urls[i]) == label.get(urls[j]);
            match (same_t, same_p) {
                (true, true) => tp += 1.0,
                (false, true) => fp += 1.0,
                (true, false) => fn_ += 1.0,
                _ => {}
            }
        }
    }
    2.0 * tp / (2.0 * tp + fp + fn_).max(1.0)
}

#[test]
fn four_workers_make_the_same_stories_as_one() {
    let (Some(one), Some(four)) = (tidings_pg::testing::test_db("one_worker"), tidings_pg::testing::test_db("four_workers")) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = stream(dir.path(), 400);
    enqueue(&one.url, &file);
    run_workers(&one.url, 1);
    enqueue(&four.url, &file);
    run_workers(&four.url, 4);
    check_books(&one.url, 400);
    check_books(&four.url, 400);
    let (a, b) = (partition(&one.url), partition(&four.url));
    eprintln!("{} stories; pairwise F1 against the labels: {:.3}", a.len(), f1_against_truth(&file, &a));
    assert!(a.len() > 5, "the stream has many stories: {}", a.len());
    assert_eq!(a, b, "four workers grouped the stream differently from one");
    // Several workers did real work, and grouping ran more than once.
    let mut c = client(&four.url);
    let busy: i64 = c.query_one("SELECT count(*) FROM workers WHERE jobs_done > 0", &[]).unwrap().get(0);
    assert!(busy >= 2, "only {busy} of 4 workers did jobs");
    // The reading commands work on the database the workers filled.
    let o = tidings(&four.url, &["status", "--format", "json"]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let status: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!((status["done"].as_i64(), status["pending"].as_i64(), status["queued"].as_i64()), (Some(25), Some(0), Some(0)));
    assert_eq!(status["workers"].as_array().unwrap().len(), 4);
    let o = tidings(&four.url, &["stories", "--format", "json", "-n", "500"]).output().unwrap();
    let page: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(page["total"].as_u64(), Some(a.len() as u64));
    let first = page["stories"][0]["id"].as_str().unwrap().to_string();
    let o = tidings(&four.url, &["story", &first, "--format", "json"]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let word = page["stories"][0]["headline"].as_str().unwrap().split_whitespace().find(|w| w.len() > 4).unwrap().to_string();
    let o = tidings(&four.url, &["search", &word, "--format", "json"]).output().unwrap();
    let hits: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(!hits["articles"].as_array().unwrap().is_empty(), "no hit for {word:?}");
}

/// A tiny xorshift generator: the seed is printed, so a failing run can be replayed.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[test]
fn workers_killed_with_sigkill_lose_and_duplicate_nothing() {
    let (Some(reference), Some(db)) = (tidings_pg::testing::test_db("kill_reference"), tidings_pg::testing::test_db("kill_9")) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let n = 600;
    let file = stream(dir.path(), n);
    enqueue(&reference.url, &file);
    run_workers(&reference.url, 1);

    enqueue(&db.url, &file);
    let seed = std::env::var("TIDINGS_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1);
    eprintln!("kill test seed {seed} (replay with TIDINGS_KILL_SEED={seed})");
    let mut rng = Rng(seed);
    let mut workers: Vec<Child> = (0..3).map(|i| spawn_worker(&db.url, &format!("k{i}"), false)).collect();
    let mut kills = 0;
    for round in 0..12 {
        std::thread::sleep(Duration::from_millis(30 + rng.below(250)));
        let victim = rng.below(workers.len() as u64) as usize;
        workers[victim].kill().unwrap(); // SIGKILL
        workers[victim].wait().unwrap();
        kills += 1;
        workers[victim] = spawn_worker(&db.url, &format!("k{victim}-{round}"), false);
    }
    for mut w in workers {
        w.kill().unwrap();
        w.wait().unwrap();
        kills += 1;
    }
    let (done_before, open_before): (i64, i64) = {
        let mut c = client(&db.url);
        let r =
            c.query_one("SELECT count(*) FILTER (WHERE state = 'done'), count(*) FILTER (WHERE state <> 'done') FROM jobs", &[]).unwrap();
        (r.get(0), r.get(1))
    };
    eprintln!("{kills} workers killed; {done_before} jobs done and {open_before} open when the last one died");
    // Survivors finish the queue: expired leases are claimed again.
    run_workers(&db.url, 2);
    check_books(&db.url, n);
    assert_eq!(partition(&reference.url), partition(&db.url), "the killed run grouped the stream differently");
}

/// Issue 17: SIGTERM during an ingest on PostgreSQL leaves no lease held and no batch half
/// written. The workers claim several jobs at a time with long leases; told to stop, each
/// finishes the job in progress, gives the others back, marks itself stopped and exits 0. A lease
/// left behind would hold its jobs for the whole lease; the workers that finish the queue
/// afterwards would wait for it.
#[test]
fn sigterm_during_an_ingest_leaves_no_lease_and_no_half_batch() {
    let Some(db) = tidings_pg::testing::test_db("sigterm") else { return };
    let dir = tempfile::tempdir().unwrap();
    let n = 400;
    let file = stream(dir.path(), n);
    enqueue(&db.url, &file);
    let args = ["--batch", "4", "--lease", "600", "--poll-ms", "50", "--group-every-ms", "200"];
    let spawn = |id: &str| {
        let mut a = vec!["worker", "--id", id];
        a.extend_from_slice(&args);
        tidings(&db.url, &a).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap()
    };
    let workers: Vec<Child> = ["t0", "t1"].iter().map(|id| spawn(id)).collect();
    // Wait until some jobs are done: the workers are in the middle of the queue.
    let start = Instant::now();
    loop {
        let done: i64 = client(&db.url).query_one("SELECT count(*) FROM jobs WHERE state = 'done'", &[]).unwrap().get(0);
        if done >= 3 {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(120), "the workers did no job");
        std::thread::sleep(Duration::from_millis(20));
    }
    for w in &workers {
        // SAFETY: kill(2) with a pid of our own child and a valid signal number has no memory effects.
        assert_eq!(unsafe { libc::kill(w.id() as libc::pid_t, libc::SIGTERM) }, 0, "cannot send SIGTERM");
    }
    for mut w in workers {
        let status = w.wait().unwrap();
        assert_eq!(status.code(), Some(0), "a worker told to stop exits 0");
    }
    let mut c = client(&db.url);
    let r = c
        .query_one(
            "SELECT count(*) FILTER (WHERE state = 'leased'), count(*) FILTER (WHERE state = 'failed'),
                    COALESCE(sum(json_array_length(meta::json)) FILTER (WHERE state = 'done'), 0)::bigint,
                    COALESCE(max(attempts) FILTER (WHERE state = 'queued'), 0)
             FROM jobs",
            &[],
        )
        .unwrap();
    let (leased, failed, docs_done, queued_attempts): (i64, i64, i64, i32) = (r.get(0), r.get(1), r.get(2), r.get(3));
    assert_eq!((leased, failed), (0, 0), "no lease held, no job failed");
    assert_eq!(queued_attempts, 0, "jobs given back do not count as attempts");
    let articles: i64 = c.query_one("SELECT count(*) FROM articles", &[]).unwrap().get(0);
    assert_eq!(articles, docs_done, "exactly the documents of the jobs done are stored: no half batch");
    let states: Vec<String> = c.query("SELECT state FROM workers ORDER BY id", &[]).unwrap().iter().map(|r| r.get(0)).collect();
    assert_eq!(states, ["stopped", "stopped"]);
    // Workers started afterwards finish the queue (within run_workers' cap, shorter than the
    // 600 s lease a job left leased would wait for).
    run_workers(&db.url, 1);
    check_books(&db.url, n);
}
