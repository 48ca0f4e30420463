//! Hostile inputs a fair tester tried (issue 17): symlink loops, files reached twice, names
//! that are not UTF-8 or carry terminal escapes, UTF-16 text, bad dates, too many files.

use tidings_ingest::{read_paths, read_paths_capped, Body, DEFAULT_MAX_FILE_BYTES};

const ARTICLE: &str = "Bridge closes for repairs\nThe old bridge closed on Tuesday for two years of repairs, the council said.\n";

fn messages(w: &[tidings_model::Warning]) -> String {
    w.iter().map(|w| w.to_string()).collect::<Vec<_>>().join("\n")
}

/// Pins failure 3 of issue 17: two links to `.` made the walk multiply paths without end, and
/// `sub/up -> ..` read one file 32 times.
#[cfg(unix)]
#[test]
fn symlinked_directories_are_walked_once_and_loops_reported() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("a.txt"), ARTICLE).unwrap();
    std::fs::create_dir(root.join("sub")).unwrap();
    std::fs::write(root.join("sub/b.txt"), ARTICLE.replace("Tuesday", "Monday")).unwrap();
    symlink(".", root.join("l1")).unwrap();
    symlink(".", root.join("l2")).unwrap();
    symlink("..", root.join("sub/up")).unwrap();
    symlink(root.join("sub"), root.join("sub-again")).unwrap();
    symlink(root.join("a.txt"), root.join("z-link.txt")).unwrap();
    let (docs, warnings) = read_paths(&[root.to_path_buf()]);
    let paths: Vec<&str> = docs.iter().filter_map(|d| d.path.as_deref()).collect();
    assert_eq!(docs.len(), 2, "each file read once: {paths:?}\n{}", messages(&warnings));
    let all = messages(&warnings);
    assert_eq!(all.matches("symlink loop").count(), 3, "{all}");
    assert!(all.contains("sub-again: the same directory as"), "{all}");
    assert!(all.contains("z-link.txt: the same file as"), "{all}");
}

/// Pins failure 7 of issue 17: a name that is not UTF-8 was skipped inside a directory without
/// a word, and names with newlines or terminal escapes were printed raw.
#[cfg(unix)]
#[test]
fn odd_file_names_are_read_and_printed_escaped() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let latin1 = dir.path().join(std::ffi::OsStr::from_bytes(b"caf\xe9.txt"));
    std::fs::write(&latin1, ARTICLE).unwrap();
    let evil = dir.path().join("evil\n\x1b[31mred.txt");
    std::fs::write(&evil, "").unwrap();
    let (docs, warnings) = read_paths(&[dir.path().to_path_buf()]);
    assert_eq!(docs.len(), 1, "{}", messages(&warnings));
    let p = docs[0].path.as_deref().unwrap();
    assert!(p.ends_with("caf\\xe9.txt"), "{p}");
    let w = warnings.iter().find(|w| w.message.contains("empty file")).expect("the empty file is reported");
    assert!(w.subject.ends_with("evil\\n\\u{1b}[31mred.txt"), "{}", w.subject);
    for w in &warnings {
        assert!(!w.to_string().chars().any(|c| c.is_control()), "raw control character in {w:?}");
    }
}

/// Pins failure 7 of issue 17: other files inside a directory were skipped without a warning.
#[test]
fn files_that_are_not_articles_are_counted_in_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
    std::fs::write(dir.path().join("photo.jpg"), [0xff, 0xd8, 0xff]).unwrap();
    std::fs::write(dir.path().join(".hidden.txt"), ARTICLE).unwrap();
    let (docs, warnings) = read_paths(&[dir.path().to_path_buf()]);
    assert_eq!(docs.len(), 1);
    assert_eq!(warnings.len(), 1, "{}", messages(&warnings));
    assert!(warnings[0].message.starts_with("2 files in the given directories are not articles"), "{}", warnings[0]);
}

/// Pins failure 7 of issue 17: UTF-16 text with a byte-order mark was called binary.
#[test]
fn utf16_with_a_bom_is_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let mut le = vec![0xff, 0xfe];
    le.extend(ARTICLE.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(dir.path().join("le.txt"), le).unwrap();
    let mut be = vec![0xfe, 0xff];
    be.extend(ARTICLE.replace("Tuesday", "Friday").encode_utf16().flat_map(u16::to_be_bytes));
    std::fs::write(dir.path().join("be.txt"), be).unwrap();
    let (docs, warnings) = read_paths(&[dir.path().to_path_buf()]);
    assert!(warnings.is_empty(), "{}", messages(&warnings));
    let texts: Vec<&str> = docs.iter().map(|d| if let Body::Text(t) = &d.body { t.as_str() } else { "" }).collect();
    assert_eq!(texts, [ARTICLE.replace("Tuesday", "Friday"), ARTICLE.to_string()]);
}

/// Pins failure 7 of issue 17: an unreadable `published` date was dropped silently.
#[test]
fn a_bad_date_is_a_warning_and_the_article_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let line = serde_json::json!({ "title": "Storm", "text": "A storm hit the coast.", "published": "last Tuesday-ish" });
    std::fs::write(dir.path().join("a.jsonl"), format!("{line}\n")).unwrap();
    let (docs, warnings) = read_paths(&[dir.path().to_path_buf()]);
    assert_eq!(docs.len(), 1);
    assert!(docs[0].published.is_none());
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].subject.ends_with("a.jsonl:1"), "{}", warnings[0]);
    assert!(warnings[0].message.contains("\"last Tuesday-ish\" is not RFC 3339"), "{}", warnings[0]);
}

/// Pins failure 3 of issue 17: the number of files has a named limit, with a warning.
#[test]
fn the_number_of_files_is_capped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..5 {
        std::fs::write(dir.path().join(format!("{i}.txt")), ARTICLE.replace("two", &format!("{i} and two"))).unwrap();
    }
    let (docs, warnings) = read_paths_capped(&[dir.path().to_path_buf()], DEFAULT_MAX_FILE_BYTES, 3);
    assert_eq!(docs.len(), 3);
    assert_eq!(warnings.len(), 1, "{}", messages(&warnings));
    assert!(warnings[0].subject.ends_with("3.txt") && warnings[0].message.contains("more than 3 files"), "{}", warnings[0]);
    assert!(tidings_ingest::MAX_FILES >= 100_000);
}
