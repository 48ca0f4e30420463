//! The store subcommands (`ingest`, `stories`, `story`, `search`) run as the real `tidings` binary.

use std::path::PathBuf;
use std::process::{Command, Output};

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_tidings"))
}

fn run(data: &std::path::Path, args: &[&str]) -> Output {
    Command::new(bin()).args(args).arg("--data").arg(data).env_remove("TIDINGS_DATA").output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn ingest_list_show_search() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store");
    let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/seeds");
    let seeds = seeds.to_str().unwrap();

    // Reading a store that does not exist is an error with advice.
    let missing = run(&data, &["stories"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("tidings ingest"));

    let first = run(&data, &["ingest", seeds]);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    assert!(stdout(&first).starts_with("5 new articles"), "{}", stdout(&first));
    // Not a terminal: no progress bar on stderr.
    assert!(first.stderr.is_empty(), "{}", String::from_utf8_lossy(&first.stderr));
    let again = run(&data, &["ingest", seeds, "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!((report["added"].as_u64(), report["unchanged"].as_u64()), (Some(0), Some(5)));

    let list: serde_json::Value = serde_json::from_slice(&run(&data, &["stories", "--format", "json"]).stdout).unwrap();
    assert_eq!(list["total"], 1);
    let id = list["stories"][0]["id"].as_str().unwrap();
    assert!(stdout(&run(&data, &["stories"])).contains(id));

    let story = run(&data, &["story", id]);
    assert!(stdout(&story).contains("Summary") && stdout(&story).contains("Sources"));
    let json: serde_json::Value = serde_json::from_slice(&run(&data, &["story", id, "--format", "json"]).stdout).unwrap();
    assert_eq!(json["id"], id);
    assert_eq!(json["articles"].as_array().unwrap().len(), 5);
    let since = run(&data, &["story", id, "--since", "2000-01-01"]);
    assert!(stdout(&since).contains("story created"));
    let unknown = run(&data, &["story", "s000"]);
    assert_eq!(unknown.status.code(), Some(1));

    let hits = run(&data, &["search", "vladivostok", "--format", "json"]);
    assert!(hits.status.success());
    let hits: serde_json::Value = serde_json::from_slice(&hits.stdout).unwrap();
    assert!(!hits["articles"].as_array().unwrap().is_empty());
    assert_eq!(run(&data, &["search", "zzzqqq"]).status.code(), Some(1));
    let bad = run(&data, &["search", "kim", "--from", "yesterday"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not a date"));
}

/// `tidings story ID` prints the whole brief as `digest` does, and `tidings correct` splits,
/// lists and undoes; the list and the story say what was done by hand.
#[test]
fn the_whole_brief_and_corrections_from_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store");
    let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/seeds");
    assert!(run(&data, &["ingest", seeds.to_str().unwrap()]).status.success());
    let list: serde_json::Value = serde_json::from_slice(&run(&data, &["stories", "--format", "json"]).stdout).unwrap();
    let id = list["stories"][0]["id"].as_str().unwrap().to_string();
    let digest = Command::new(bin()).args(["digest", seeds.to_str().unwrap()]).output().unwrap();
    let story = stdout(&run(&data, &["story", &id]));
    for section in ["Where the outlets disagree", "Summary", "Timeline", "People, places and organisations", "Sources", "No time to read"] {
        assert!(stdout(&digest).contains(section), "the digest prints {section}");
        assert!(story.contains(section), "`tidings story` prints {section}: {story}");
    }
    let text = stdout(&run(&data, &["stories"]));
    assert!(text.contains("5 articles") && text.contains("independent source"), "{text}");

    let json: serde_json::Value = serde_json::from_slice(&run(&data, &["story", &id, "--format", "json"]).stdout).unwrap();
    let a = json["articles"][4]["id"].as_str().unwrap();
    let split = run(&data, &["correct", "split", &id, a, "--format", "json"]);
    assert!(split.status.success(), "{}", String::from_utf8_lossy(&split.stderr));
    let done: serde_json::Value = serde_json::from_slice(&split.stdout).unwrap();
    let n = done["correction"].as_i64().unwrap().to_string();
    assert_eq!(done["stories_created"], 1);
    let text = stdout(&run(&data, &["stories"]));
    assert!(text.matches("edited by hand").count() == 2, "{text}");
    let story = stdout(&run(&data, &["story", &id]));
    assert!(story.contains("Corrections by hand") && story.contains(&format!("#{n}")), "{story}");
    let log = stdout(&run(&data, &["correct", "list", &id]));
    assert!(log.contains("split 1 article"), "{log}");
    // Refusals say why and exit 1.
    let refused = run(&data, &["correct", "merge", &id, &id]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("same story"));
    assert_eq!(run(&data, &["correct", "undo", "99"]).status.code(), Some(1));
    let undo = run(&data, &["correct", "undo", &n]);
    assert!(undo.status.success(), "{}", String::from_utf8_lossy(&undo.stderr));
    let list: serde_json::Value = serde_json::from_slice(&run(&data, &["stories", "--format", "json"]).stdout).unwrap();
    assert_eq!(list["total"], 1);
    // Filters: the seeds have no dates, so a date range lists none and counts them apart.
    let ranged = stdout(&run(&data, &["stories", "--from", "2023-01-01"]));
    assert!(ranged.contains("0 stories of 0") && ranged.contains("1 story without a publication date"), "{ranged}");
    let undated: serde_json::Value = serde_json::from_slice(&run(&data, &["stories", "--undated", "--format", "json"]).stdout).unwrap();
    assert_eq!(undated["total"], 1);
    let hits = stdout(&run(&data, &["search", "vladivostok", "--from", "2023-01-01"]));
    assert!(hits.contains("Undated articles"), "{hits}");
}

/// Flags that cannot work with a backend are refused, not ignored (issue 16: docs that match the
/// binary).
#[test]
fn flags_that_cannot_work_are_not_offered() {
    let out = Command::new(bin()).args(["worker", "--data", "x"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "worker takes no --data");
    let out = Command::new(bin()).args(["enqueue", "x", "--data", "x"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "enqueue takes no --data");
    let out = Command::new(bin()).args(["serve", "--db", "postgres://nobody@127.0.0.1:1/x", "--no-watch"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--no-watch"), "{}", String::from_utf8_lossy(&out.stderr));
}
