//! Reading a page from disk: plain or gzip-compressed, never more than the size limit (plus one byte, so that
//! [`crate::extract`] can tell the page was cut).

use std::io::Read;
use std::path::Path;

/// Whether `path` names a page the extractor reads: `.html`, `.htm`, or the `.gz` of either (case-insensitive).
pub fn is_page_path(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    name.ends_with(".html") || name.ends_with(".htm")
}

/// Read the page at `path`, decompressing `.gz`, and stop after `max_bytes + 1` bytes so that a huge page costs no
/// more memory than the limit.
pub fn read_page_file(path: &Path, max_bytes: usize) -> std::io::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    let limit = max_bytes.saturating_add(1) as u64;
    let mut out = Vec::new();
    let gz = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    if gz {
        flate2::read::GzDecoder::new(file).take(limit).read_to_end(&mut out)?;
    } else {
        file.take(limit).read_to_end(&mut out)?;
    }
    Ok(out)
}
