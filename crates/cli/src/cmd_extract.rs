//! `tidings extract PATH...`: one record per HTML page (`.html`, `.htm`, or the `.gz` of either; directories are
//! searched recursively) with the article text and metadata, as JSON lines, one JSON array, or plain text.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Output formats of `tidings extract`.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Format {
    /// One JSON object per line
    Jsonl,
    /// One JSON array
    Json,
    /// Plain text: a header block per page, then its text
    Text,
}

#[derive(clap::Args)]
pub struct ExtractArgs {
    /// HTML files or directories (.html, .htm, and their .gz)
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value = "jsonl")]
    format: Format,
    /// Pages larger than this many bytes are cut, with a warning
    #[arg(long, default_value_t = tidings_extract::DEFAULT_MAX_BYTES)]
    max_bytes: usize,
}

/// Run the command. Returns the exit code: 0 when at least one page was read, 1 otherwise.
pub fn run(args: ExtractArgs) -> anyhow::Result<i32> {
    let (files, mut bad) = collect(&args.paths);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut read = 0usize;
    if matches!(args.format, Format::Json) {
        write!(out, "[")?;
    }
    for path in &files {
        let bytes = match tidings_extract::read_page_file(path, args.max_bytes) {
            Ok(b) => b,
            Err(e) => {
                bad.push(format!("{}: cannot read: {e}", tidings_ingest::display_path(path)));
                continue;
            }
        };
        let opts = tidings_extract::Options { max_bytes: args.max_bytes, url: None };
        let page = tidings_extract::extract(&bytes, &opts);
        for w in &page.warnings {
            crate::ops::warn(&format!("{}: {w}", tidings_ingest::display_path(path)));
        }
        match args.format {
            Format::Jsonl => writeln!(out, "{}", record(path, &page))?,
            Format::Json => {
                if read > 0 {
                    write!(out, ",")?;
                }
                write!(out, "\n{}", record(path, &page))?;
            }
            Format::Text => write_text(&mut out, path, &page)?,
        }
        read += 1;
    }
    if matches!(args.format, Format::Json) {
        writeln!(out, "{}]", if read > 0 { "\n" } else { "" })?;
    }
    out.flush()?;
    for b in &bad {
        crate::ops::warn(b);
    }
    Ok(if read > 0 { 0 } else { 1 })
}

fn record(path: &Path, p: &tidings_extract::Extracted) -> serde_json::Value {
    serde_json::json!({
        "path": path.display().to_string(),
        "url": p.url,
        "title": p.title,
        "byline": p.byline,
        "published": p.published.map(|d| d.to_rfc3339()),
        "language": p.language,
        "site_name": p.site_name,
        "text": p.text,
        "warnings": p.warnings,
    })
}

fn write_text(out: &mut impl Write, path: &Path, p: &tidings_extract::Extracted) -> std::io::Result<()> {
    let or_dash = |o: &Option<String>| o.clone().unwrap_or_else(|| "-".to_string());
    writeln!(out, "# {}", path.display())?;
    writeln!(out, "url: {}", or_dash(&p.url))?;
    writeln!(out, "title: {}", or_dash(&p.title))?;
    writeln!(out, "byline: {}", or_dash(&p.byline))?;
    writeln!(out, "published: {}", p.published.map_or("-".to_string(), |d| d.to_rfc3339()))?;
    writeln!(out, "language: {}", or_dash(&p.language))?;
    writeln!(out)?;
    writeln!(out, "{}", p.text)?;
    writeln!(out)
}

/// The page files under `paths`, in a stable order, and one message per path that could not be used.
/// Files named explicitly are read whatever their extension; directories contribute only page files.
fn collect(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<String>) {
    let mut files = Vec::new();
    let mut bad = Vec::new();
    for p in paths {
        if p.is_file() {
            files.push(p.clone());
            continue;
        }
        if !p.is_dir() {
            bad.push(format!("{}: no such file or directory", tidings_ingest::display_path(p)));
            continue;
        }
        // Iterative walk: deep directory trees cannot overflow the stack.
        let mut stack = vec![p.clone()];
        let mut found = Vec::new();
        while let Some(dir) = stack.pop() {
            let entries = match std::fs::read_dir(&dir) {
                Ok(e) => e,
                Err(e) => {
                    bad.push(format!("{}: cannot list: {e}", tidings_ingest::display_path(&dir)));
                    continue;
                }
            };
            for entry in entries.flatten() {
                let path = entry.path();
                match entry.file_type() {
                    Ok(t) if t.is_dir() => stack.push(path),
                    Ok(_) if tidings_extract::is_page_path(&path) => found.push(path),
                    _ => {}
                }
            }
        }
        found.sort();
        if found.is_empty() {
            bad.push(format!("{}: no .html, .htm or .gz pages found", p.display()));
        }
        files.extend(found);
    }
    (files, bad)
}
