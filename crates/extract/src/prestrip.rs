//! A fast pre-pass that empties `<script>`, `<style>`, `<noscript>` and `<svg>` elements and removes comments before
//! the real parse. These hold about half the bytes of a typical news page and none of the article; emptying them
//! first keeps markup-like text inside them (`"<div>"` in a script) from counting in the depth limit and from
//! reaching the parser at all. JSON-LD scripts are kept (metadata lives there), and
//! `<title>`/`<textarea>`/`<xmp>` contents are stepped over untouched so that markup-like text in them is not
//! mistaken for tags. The tree the parser builds from the result is the same, minus the emptied contents.

use std::borrow::Cow;

use crate::html::find_close;

/// Strip the contents described above. Cuts happen only at ASCII `<` and `>`, so the result stays valid UTF-8.
pub(crate) fn strip(text: &str) -> Cow<'_, str> {
    let b = text.as_bytes();
    let mut out: Option<String> = None;
    let mut last = 0; // start of the pending, not yet copied, input
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &b[i..]) {
        let j = i + off;
        let rest = &b[j..];
        if rest.starts_with(b"<!--") {
            let end = find(b, j + 4, b"-->").map_or(b.len(), |e| e + 3);
            out.get_or_insert_with(|| String::with_capacity(text.len() / 2)).push_str(&text[last..j]);
            last = end;
            i = end;
            continue;
        }
        if !rest.get(1).is_some_and(u8::is_ascii_alphabetic) {
            i = j + 1;
            continue;
        }
        let name_end = (j + 1..b.len()).find(|&k| !b[k].is_ascii_alphanumeric()).unwrap_or(b.len());
        let name = &b[j + 1..name_end];
        let tag_end = tag_end(b, name_end);
        let is = |n: &[u8]| name.eq_ignore_ascii_case(n);
        if is(b"script") || is(b"style") || is(b"noscript") || is(b"svg") {
            let close_name: &[u8] = if is(b"script") {
                b"script"
            } else if is(b"style") {
                b"style"
            } else if is(b"noscript") {
                b"noscript"
            } else {
                b"svg"
            };
            let self_closing = tag_end >= 2 && b[tag_end - 2] == b'/' && is(b"svg");
            let close = if self_closing { tag_end } else { find_close(b, tag_end, close_name).unwrap_or(b.len()) };
            let keep = is(b"script") && contains_ci(&b[j..tag_end], b"ld+json");
            if !keep && close > tag_end {
                out.get_or_insert_with(|| String::with_capacity(text.len() / 2)).push_str(&text[last..tag_end]);
                last = close;
            }
            i = close.max(j + 1);
            continue;
        }
        if is(b"title") || is(b"textarea") || is(b"xmp") {
            let close_name: &[u8] = if is(b"title") {
                b"title"
            } else if is(b"textarea") {
                b"textarea"
            } else {
                b"xmp"
            };
            i = find_close(b, tag_end, close_name).unwrap_or(b.len()).max(j + 1);
            continue;
        }
        if is(b"plaintext") {
            break;
        }
        i = tag_end.max(j + 1);
    }
    match out {
        None => Cow::Borrowed(text),
        Some(mut s) => {
            s.push_str(&text[last..]);
            Cow::Owned(s)
        }
    }
}

/// Index just past the `>` that ends the tag whose name ends at `from`; quoted attribute values may hold `>`.
fn tag_end(b: &[u8], from: usize) -> usize {
    let mut k = from;
    let mut prev = b' ';
    while k < b.len() {
        let c = b[k];
        match c {
            b'>' => return k + 1,
            b'"' | b'\'' if prev == b'=' => {
                match memchr::memchr(c, &b[k + 1..]) {
                    Some(e) => k += e + 1,
                    None => return b.len(),
                }
                prev = c;
            }
            _ => {
                if !c.is_ascii_whitespace() {
                    prev = c;
                }
            }
        }
        k += 1;
    }
    b.len()
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(&b[from.min(b.len())..], needle).map(|p| p + from)
}

fn contains_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::strip;

    #[test]
    fn strips_raw_text_and_comments_only() {
        let cases = [
            ("<p>a</p><script>var x = '<p>no</p>';</script><p>b</p>", "<p>a</p><script></script><p>b</p>"),
            ("<style>p{}</style><!-- <p>c</p> --><p>d</p>", "<style></style><p>d</p>"),
            ("<SCRIPT type=x>1</Script >x", "<SCRIPT type=x></Script >x"),
            (
                "<script type=\"application/ld+json\">{\"a\":\"<b>\"}</script>",
                "<script type=\"application/ld+json\">{\"a\":\"<b>\"}</script>",
            ),
            ("<title>a <script> tag</title><p>e</p>", "<title>a <script> tag</title><p>e</p>"),
            ("<div title=\"x > <script>\">f</div>", "<div title=\"x > <script>\">f</div>"),
            ("<p>1 < 2 and <!-- unterminated", "<p>1 < 2 and "),
            ("<script>never closed <p>", "<script>"),
            ("<svg><path d='M0'/></svg>ok<svg/>k", "<svg></svg>ok<svg/>k"),
            ("no markup at all", "no markup at all"),
        ];
        for (input, want) in cases {
            assert_eq!(strip(input), want, "{input}");
        }
    }
}
