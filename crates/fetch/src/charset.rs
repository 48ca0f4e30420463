//! Character sets: from the HTTP header, the XML prolog or an HTML meta tag, with conflicts
//! reported. Invalid bytes are replaced, never fatal.

use encoding_rs::Encoding;

/// How many leading bytes are searched for an XML prolog or a meta tag.
pub const SNIFF_BYTES: usize = 4096;

/// Where the chosen encoding came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharsetSource {
    Bom,
    Header,
    Prolog,
    Meta,
    Default,
}

/// Result of decoding a document.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static Encoding,
    pub source: CharsetSource,
    /// Lowercase notes about conflicts and replaced bytes, for warnings.
    pub notes: Vec<String>,
}

/// The `charset=` parameter of a Content-Type header.
pub fn header_charset(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim().eq_ignore_ascii_case("charset").then(|| v.trim().trim_matches(|c| c == '"' || c == '\''))
    })
}

/// The `encoding="..."` of an XML declaration at the start of `bytes`.
pub fn prolog_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let head = String::from_utf8_lossy(head);
    let start = head.trim_start_matches('\u{feff}').trim_start();
    if !start.starts_with("<?xml") {
        return None;
    }
    let decl = &start[..start.find("?>")?];
    attr_value(decl, "encoding")
}

/// The charset of a `<meta charset>` or `<meta http-equiv content="...charset=">` tag.
pub fn meta_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut rest = lower.as_str();
    while let Some(i) = rest.find("<meta") {
        let tag_end = rest[i..].find('>').map(|e| i + e).unwrap_or(rest.len());
        let tag = &rest[i..tag_end];
        if let Some(v) = attr_value(tag, "charset") {
            return Some(v);
        }
        if let Some(pos) = tag.find("charset=") {
            let v: String = tag[pos + 8..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect();
            if !v.is_empty() {
                return Some(v);
            }
        }
        rest = &rest[tag_end..];
    }
    None
}

fn attr_value(s: &str, name: &str) -> Option<String> {
    let mut from = 0;
    while let Some(p) = s[from..].find(name) {
        let p = from + p;
        let after = s[p + name.len()..].trim_start();
        let before_ok = p == 0 || !s.as_bytes()[p - 1].is_ascii_alphanumeric();
        if before_ok {
            if let Some(v) = after.strip_prefix('=') {
                let v = v.trim_start();
                let (q, body) = match v.chars().next() {
                    Some(c @ ('"' | '\'')) => (Some(c), &v[1..]),
                    _ => (None, v),
                };
                let end = match q {
                    Some(c) => body.find(c).unwrap_or(body.len()),
                    None => body.find(|c: char| c.is_whitespace() || matches!(c, '>' | '/' | '"' | '\'' | ';')).unwrap_or(body.len()),
                };
                let val = body[..end].trim();
                if !val.is_empty() {
                    return Some(val.to_string());
                }
            }
        }
        from = p + name.len();
    }
    None
}

/// Decodes `bytes`. Priority: a byte-order mark, then the HTTP header, then the XML prolog or
/// meta tag (in-document labels), then UTF-8. When the header and the document disagree, the
/// header wins, as browsers do, and a note says so.
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> Decoded {
    let mut notes = Vec::new();
    let header = content_type.and_then(header_charset).and_then(|l| {
        let e = Encoding::for_label(l.as_bytes());
        if e.is_none() {
            notes.push(format!("unknown charset `{l}` in the content-type header, ignored"));
        }
        e
    });
    let doc_label =
        prolog_charset(bytes).map(|l| (l, CharsetSource::Prolog)).or_else(|| meta_charset(bytes).map(|l| (l, CharsetSource::Meta)));
    let doc = doc_label.as_ref().and_then(|(l, src)| {
        let e = Encoding::for_label(l.as_bytes());
        if e.is_none() {
            notes.push(format!("unknown charset `{l}` in the document, ignored"));
        }
        e.map(|e| (e, *src))
    });
    let (encoding, source) = if let Some((e, _)) = Encoding::for_bom(bytes) {
        (e, CharsetSource::Bom)
    } else if let Some(h) = header {
        if let Some((d, _)) = doc {
            if d != h && !(h == encoding_rs::UTF_8 && d == encoding_rs::UTF_16LE) {
                notes.push(format!("charset conflict: header says {}, document says {}; using the header", h.name(), d.name()));
            }
        }
        (h, CharsetSource::Header)
    } else if let Some((d, src)) = doc {
        // A document cannot really be UTF-16 if its label was readable as ASCII.
        let d = if d == encoding_rs::UTF_16LE || d == encoding_rs::UTF_16BE { encoding_rs::UTF_8 } else { d };
        (d, src)
    } else {
        (encoding_rs::UTF_8, CharsetSource::Default)
    };
    let (text, _, lossy) = encoding.decode(bytes);
    if lossy {
        notes.push(format!("invalid bytes for {} replaced", encoding.name()));
    }
    Decoded { text: text.into_owned(), encoding, source, notes }
}

/// Replaces the encoding in an XML declaration by `utf-8`, for text that is already decoded,
/// so that an XML parser does not decode it a second time.
pub fn relabel_prolog_utf8(text: &str) -> String {
    let t = text.trim_start_matches('\u{feff}');
    let lead = t.len() - t.trim_start().len();
    let t2 = &t[lead..];
    if t2.starts_with("<?xml") {
        if let Some(end) = t2.find("?>") {
            return format!("<?xml version=\"1.0\" encoding=\"utf-8\"?>{}", &t2[end + 2..]);
        }
    }
    t.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_found() {
        assert_eq!(header_charset("text/xml; charset=\"ISO-8859-1\""), Some("ISO-8859-1"));
        assert_eq!(prolog_charset(b"<?xml version='1.0' encoding='windows-1252'?><rss/>").as_deref(), Some("windows-1252"));
        assert_eq!(meta_charset(b"<html><head><meta charset=\"koi8-r\">").as_deref(), Some("koi8-r"));
        assert_eq!(
            meta_charset(b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-2\">").as_deref(),
            Some("iso-8859-2")
        );
    }

    #[test]
    fn conflict_is_noted_and_header_wins() {
        let bytes = b"<?xml version=\"1.0\" encoding=\"utf-8\"?><t>caf\xe9</t>";
        let d = decode(bytes, Some("application/xml; charset=windows-1252"));
        assert!(d.text.contains("caf\u{e9}"));
        assert!(d.notes.iter().any(|n| n.contains("conflict")), "{:?}", d.notes);
    }

    #[test]
    fn invalid_bytes_are_replaced() {
        let d = decode(b"ok \xff\xfe bad", Some("text/plain; charset=utf-8"));
        assert!(d.text.contains('\u{fffd}'));
        assert!(d.notes.iter().any(|n| n.contains("replaced")));
    }
}
