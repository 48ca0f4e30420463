//! Bytes to text: the charset from a BOM, `<meta charset>` or `http-equiv`, else sniffed, with a warning when the
//! declared charset disagrees with the bytes.

use encoding_rs::{Encoding, UTF_8};

/// How many bytes at the start of a page are searched for a `<meta charset>` (the HTML standard's prescan uses 1024;
/// real pages put long `<head>` material first, so look further).
pub const CHARSET_PRESCAN_BYTES: usize = 4096;

/// Decode `bytes` to a string, pushing warnings about the charset into `warnings`.
pub(crate) fn decode(bytes: &[u8], warnings: &mut Vec<String>) -> String {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return text.into_owned();
    }
    let declared = declared_charset(&bytes[..bytes.len().min(CHARSET_PRESCAN_BYTES)]);
    // A page cut at the size limit (or a truncated download) may end inside a UTF-8 sequence: drop that tail.
    let bytes = match std::str::from_utf8(bytes) {
        Err(e) if e.error_len().is_none() => &bytes[..e.valid_up_to()],
        _ => bytes,
    };
    let is_utf8 = std::str::from_utf8(bytes).is_ok();
    match declared {
        Some(enc) if enc == UTF_8 => {
            if is_utf8 {
                return String::from_utf8_lossy(bytes).into_owned();
            }
            let guess = sniff(bytes);
            if guess == UTF_8 {
                // Mostly UTF-8 with a few broken sequences: keep UTF-8 and replace the bad bytes.
                warnings.push("page contains invalid utf-8 bytes, replaced".to_string());
                return String::from_utf8_lossy(bytes).into_owned();
            }
            warnings.push(format!(
                "meta charset says utf-8 but the bytes are not valid utf-8; decoded as {}",
                guess.name().to_ascii_lowercase()
            ));
            guess.decode_without_bom_handling(bytes).0.into_owned()
        }
        Some(enc) => {
            // A page declared as a legacy charset whose bytes are valid, non-ASCII UTF-8 was almost surely re-encoded
            // (saved by a browser or a crawler) without fixing the meta tag.
            if is_utf8 && !bytes.is_ascii() {
                warnings
                    .push(format!("meta charset says {} but the bytes are valid utf-8; decoded as utf-8", enc.name().to_ascii_lowercase()));
                return String::from_utf8_lossy(bytes).into_owned();
            }
            enc.decode_without_bom_handling(bytes).0.into_owned()
        }
        None => {
            if is_utf8 {
                return String::from_utf8_lossy(bytes).into_owned();
            }
            sniff(bytes).decode_without_bom_handling(bytes).0.into_owned()
        }
    }
}

fn sniff(bytes: &[u8]) -> &'static Encoding {
    let mut det = chardetng::EncodingDetector::new();
    det.feed(bytes, true);
    det.guess(None, true)
}

/// Find `charset=NAME` inside a `<meta ...>` tag in the first bytes of the page.
fn declared_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let mut pos = 0;
    while let Some(off) = find(&lower[pos..], b"<meta") {
        let start = pos + off;
        let end = lower[start..].iter().position(|&b| b == b'>').map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = find(tag, b"charset") {
            let mut rest = &tag[c + 7..];
            while let [b' ' | b'\t' | b'\n' | b'\r', tail @ ..] = rest {
                rest = tail;
            }
            if let [b'=', tail @ ..] = rest {
                let mut v = tail;
                while let [b' ' | b'"' | b'\'', t @ ..] = v {
                    v = t;
                }
                let len = v
                    .iter()
                    .position(|&b| matches!(b, b'"' | b'\'' | b' ' | b';' | b'/' | b'>' | b'\t' | b'\n' | b'\r'))
                    .unwrap_or(v.len());
                if let Some(enc) = Encoding::for_label(&v[..len]) {
                    // The standard maps UTF-16 declared in meta to UTF-8 (the bytes were already ASCII-compatible).
                    if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
                        return Some(UTF_8);
                    }
                    return Some(enc);
                }
            }
        }
        pos = end.max(start + 5);
        if pos >= lower.len() {
            break;
        }
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}
