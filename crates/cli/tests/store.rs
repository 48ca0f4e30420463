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
