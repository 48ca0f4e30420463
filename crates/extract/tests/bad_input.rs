//! Bad input: nothing panics, nothing runs out of memory or stack, and each case says what went wrong.

use tidings_extract::{extract, Extracted, Options, DEFAULT_MAX_BYTES};

fn run(bytes: &[u8]) -> Extracted {
    extract(bytes, &Options::default())
}

fn has_warning(e: &Extracted, needle: &str) -> bool {
    e.warnings.iter().any(|w| w.contains(needle))
}

#[test]
fn warnings_are_lowercase_without_final_period() {
    let cases: Vec<Vec<u8>> = vec![
        b"".to_vec(),
        b"\x00\x01\x02binary".to_vec(),
        b"plain text".to_vec(),
        b"<html><body><nav><a href=/>Home</a></nav></body></html>".to_vec(),
    ];
    for c in cases {
        let e = run(&c);
        assert!(!e.warnings.is_empty());
        for w in &e.warnings {
            assert!(!w.ends_with('.') && w.chars().next().is_some_and(|c| !c.is_uppercase()), "{w:?}");
        }
        assert!(e.text.is_empty());
    }
}

#[test]
fn binary_data_gives_a_warning_and_no_text() {
    let bytes: Vec<u8> = (0..100_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let e = run(&bytes);
    assert!(e.text.is_empty());
    assert!(has_warning(&e, "binary"), "{:?}", e.warnings);
}

#[test]
fn a_200_mb_page_is_cut_at_the_limit() {
    let para = "<p>The quick brown fox jumps over the lazy dog, again and again, all day long.</p>\n";
    let mut page = String::from("<html><body><article>");
    while page.len() < 200 * 1024 * 1024 {
        page.push_str(para);
    }
    let e = run(page.as_bytes());
    assert!(has_warning(&e, "size limit"), "{:?}", e.warnings);
    assert!(e.text.len() <= DEFAULT_MAX_BYTES);
    assert!(e.text.starts_with("The quick brown fox"));
    // A smaller, configured limit applies too.
    let e = extract(page.as_bytes(), &Options { max_bytes: 10_000, ..Options::default() });
    assert!(has_warning(&e, "size limit") && e.text.len() < 10_000);
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    for tag in ["div", "b", "span", "table", "a", "blockquote"] {
        let depth = 100_000;
        let mut page = String::from("<html><body>");
        for _ in 0..depth {
            page.push_str(&format!("<{tag}>"));
        }
        page.push_str("<p>Deep inside the markup there is one sentence of real text that should survive.</p>");
        for _ in 0..depth {
            page.push_str(&format!("</{tag}>"));
        }
        // Run on a small stack, as a worker thread might have, to catch any recursion.
        let e = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || extract(page.as_bytes(), &Options::default()))
            .unwrap()
            .join()
            .expect("extract panicked or overflowed");
        assert!(has_warning(&e, "nests deeper"), "{tag}: {:?}", e.warnings);
    }
}

#[test]
fn unclosed_deep_nesting_is_bounded_too() {
    let page = "<div>".repeat(100_000) + "<p>Some text that is long enough to be an article paragraph, with commas, too.</p>";
    let e = run(page.as_bytes());
    assert!(has_warning(&e, "nests deeper"));
}

#[test]
fn meta_charset_that_disagrees_with_the_bytes() {
    // Declared windows-1252, but the bytes are UTF-8 ("é" is two bytes).
    let page = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"></head>\
                <body><p>Un café au lait coûte deux euros dans ce quartier, disent les habitants du centre-ville.</p>\
                <p>Les prix ont augmenté de dix pour cent en un an, selon une étude publiée ce matin.</p></body></html>";
    let e = run(page.as_bytes());
    assert!(has_warning(&e, "valid utf-8"), "{:?}", e.warnings);
    assert!(e.text.contains("café"), "{}", e.text);
}

#[test]
fn utf8_bom_and_utf16_bom_are_honoured() {
    let body = "<html><body><p>Zürich hat einen neuen Bahnhof, sagen die Behörden, und er ist sehr groß geworden.</p><p>Die Züge fahren ab Montag im Takt von zehn Minuten, teilte die Bahn mit.</p></body></html>";
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(body.as_bytes());
    assert!(run(&bytes).text.contains("Zürich"));
    let mut utf16 = vec![0xFF, 0xFE];
    for u in body.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let e = run(&utf16);
    assert!(e.text.contains("Zürich"), "{:?}", e);
}

#[test]
fn truncated_documents_keep_what_arrived() {
    let full = "<html><head><title>T</title></head><body><article><p>First paragraph of the story, complete and long enough to count as text.</p><p>Second paragraph, also long enough to count, with a comma, and a full stop.</p></article></body></html>";
    for cut in (0..full.len()).step_by(7) {
        let e = run(&full.as_bytes()[..cut]);
        // A lone "<" or "</" at the very end is text by the HTML standard; whole tags never are.
        for tag in ["<p>", "</p>", "<article>", "<body>", "<title>"] {
            assert!(!e.text.contains(tag), "markup leaked at cut {cut}: {}", e.text);
        }
    }
}

#[test]
fn no_script_or_style_content_in_text() {
    let page = "<html><body><script>var a = '<p>not text</p>';</script><style>p{color:red}</style>\
                <article><p>Real article text goes here, long enough to be a paragraph, with a comma.</p>\
                <p>Another real paragraph, also long enough to count for the extractor, and more.</p></article></body></html>";
    let e = run(page.as_bytes());
    assert!(!e.text.contains("not text") && !e.text.contains("color"), "{}", e.text);
    assert!(e.text.contains("Real article text"));
}
