//! Lenient decoding of text bytes: BOMs, UTF-8, and a guessed legacy encoding otherwise.

use encoding_rs::Encoding;

/// Decodes bytes into text. Returns the text and whether any bytes had to be replaced.
///
/// Order: a byte-order mark wins; then valid UTF-8; otherwise the encoding is guessed with
/// chardetng (in practice Windows-1252 for most Western news archives). CRLF and lone CR line
/// endings become LF, so that every later stage sees one line convention.
pub fn decode_text(bytes: &[u8]) -> (String, bool) {
    let (text, lossy) = if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (t, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        (t.into_owned(), had_errors)
    } else if let Ok(s) = std::str::from_utf8(bytes) {
        (s.to_string(), false)
    } else {
        let mut det = chardetng::EncodingDetector::new();
        det.feed(bytes, true);
        let enc = det.guess(None, true);
        let (t, had_errors) = enc.decode_without_bom_handling(bytes);
        (t.into_owned(), had_errors)
    };
    let text = if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text };
    (text, lossy)
}

#[cfg(test)]
mod tests {
    use super::decode_text;

    #[test]
    fn decodes_common_encodings() {
        let check = |bytes: &[u8], want: &str| assert_eq!(decode_text(bytes).0, want);
        check("caf\u{e9}\r\nna\u{ef}ve".as_bytes(), "caf\u{e9}\nna\u{ef}ve");
        // Windows-1252: curly quotes and e-acute, with CRLF.
        check(b"\x93Quoted\x94 caf\xe9 \x96 done\r\nline two", "\u{201c}Quoted\u{201d} caf\u{e9} \u{2013} done\nline two");
        check(b"\xef\xbb\xbfwith bom", "with bom");
        check(b"\xff\xfeh\x00i\x00", "hi");
    }
}
