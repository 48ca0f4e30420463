//! A Markdown file is read as the text it shows, with its front matter's title and date.

use tidings_ingest::{read_paths, Body};

#[test]
fn a_markdown_clipping_is_its_visible_text_with_title_and_date() {
    let dir = tempfile::tempdir().unwrap();
    let md = "---\ntitle: Kim arrives in Vladivostok\ndate: 2023-09-12\n---\n\n# Kim arrives in Vladivostok\n\n\
              ![train](https://example.com/train.jpg)\n\nNorth Korean leader **Kim Jong Un** arrived in\n[Vladivostok](https://example.com) on Tuesday.\n";
    std::fs::write(dir.path().join("clip.md"), md).unwrap();
    std::fs::write(dir.path().join("plain.txt"), "# not a heading in a text file").unwrap();
    let (docs, warnings) = read_paths(&[dir.path().to_path_buf()]);
    assert!(warnings.is_empty(), "{warnings:?}");
    let md = docs.iter().find(|d| d.path.as_deref().is_some_and(|p| p.ends_with("clip.md"))).unwrap();
    assert_eq!(md.title.as_deref(), Some("Kim arrives in Vladivostok"));
    assert_eq!(md.published.map(|p| p.date_naive().to_string()).as_deref(), Some("2023-09-12"));
    let Body::Text(text) = &md.body else { panic!("text body") };
    assert_eq!(text, "Kim arrives in Vladivostok\n\nNorth Korean leader Kim Jong Un arrived in Vladivostok on Tuesday.");
    let txt = docs.iter().find(|d| d.path.as_deref().is_some_and(|p| p.ends_with("plain.txt"))).unwrap();
    assert!(matches!(&txt.body, Body::Text(t) if t == "# not a heading in a text file"));
}
