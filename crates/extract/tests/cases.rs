//! Golden-file tests: every folder in `tests/cases/` holds an `input.html` (and optionally a `url` file) and an
//! `expected.txt` with the metadata lines, a `---` line and the text. Run with `UPDATE_EXPECT=1` to rewrite the
//! expected files after a deliberate change, then review the diff.

use std::path::Path;

fn render(e: &tidings_extract::Extracted) -> String {
    let opt = |o: &Option<String>| o.clone().unwrap_or_else(|| "-".to_string());
    format!(
        "url: {}\ntitle: {}\nbyline: {}\npublished: {}\nlanguage: {}\nsite: {}\nwarnings: {}\n---\n{}\n",
        opt(&e.url),
        opt(&e.title),
        opt(&e.byline),
        e.published.map_or("-".to_string(), |d| d.to_rfc3339()),
        opt(&e.language),
        opt(&e.site_name),
        e.warnings.join("; "),
        e.text
    )
}

#[test]
fn golden_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut names: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
    names.sort();
    assert!(names.len() >= 10, "the golden cases are missing");
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    for case in names {
        let input = std::fs::read(case.join("input.html")).unwrap();
        let url = std::fs::read_to_string(case.join("url")).ok().map(|s| s.trim().to_string());
        let got = render(&tidings_extract::extract(&input, &tidings_extract::Options { url, ..Default::default() }));
        let expected_path = case.join("expected.txt");
        if update {
            std::fs::write(&expected_path, &got).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if got != expected {
            failures.push(format!("== {}\n-- expected\n{expected}\n-- got\n{got}", case.display()));
        }
        // Every case also keeps the text contract the digest relies on.
        let e = tidings_extract::extract(&input, &Default::default());
        assert!(!e.text.contains("\n\n\n") && !e.text.starts_with('\n') && !e.text.ends_with('\n'));
        for p in e.text.split("\n\n") {
            assert!(!p.contains('\n'), "a paragraph contains a newline in {}", case.display());
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
