//! Readers for labelled evaluation data: Miranda et al. 2018 JSON, a directory with `labels.tsv`
//! (the WikiRef220 layout), WCEP JSONL, and the JSONL our synthetic generator writes.
//!
//! Every reader returns the records it could read plus a [`Warning`] for each one it could not;
//! only a file that cannot be opened or parsed as a whole is an [`Error`].

use crate::Error;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use serde::Deserialize;
use serde_json::Value;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use tidings_model::Warning;

/// Name of the gold file in a labelled directory.
pub const LABELS_FILE: &str = "labels.tsv";

/// One article with its gold story label.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LabelledDoc {
    /// The dataset's id (Miranda `id`, the file name for a labelled directory).
    pub id: String,
    /// Gold cluster: Miranda `cluster`, the `labels.tsv` event, or the synthetic `story`.
    pub label: String,
    /// The gold topic, when the data has one: events of one topic are look-alikes (ECB+, GVC, and the
    /// synthetic stream's families).
    pub topic: Option<String>,
    /// `None` when the title is the first line of `text` (plain-text files).
    pub title: Option<String>,
    pub text: String,
    pub published: Option<DateTime<FixedOffset>>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    /// The file the text came from, when it came from its own file.
    pub path: Option<String>,
}

/// Opens a file, transparently gunzipping names that end in `.gz`.
pub fn open(path: &Path) -> Result<Box<dyn BufRead>, Error> {
    let f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    if path.extension().is_some_and(|e| e == "gz") {
        Ok(Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(f))))
    } else {
        Ok(Box::new(BufReader::new(f)))
    }
}

fn read_all(path: &Path) -> Result<Vec<u8>, Error> {
    let mut buf = Vec::new();
    open(path)?.read_to_end(&mut buf).map_err(|e| Error::io(path, e))?;
    Ok(buf)
}

/// Decodes text that is UTF-8 when it can be and Windows-1252 otherwise (WikiRef220 mixes both),
/// drops a byte-order mark and turns CRLF and lone CR into LF.
pub fn decode_lenient(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned(),
    };
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    }
}

/// Parses the date forms the benchmark files use: RFC 3339, `YYYY-MM-DD HH:MM:SS` (Miranda, WCEP;
/// read as UTC), the same with `T` or fractional seconds, and a bare `YYYY-MM-DD` (midnight UTC).
pub fn parse_date(s: &str) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d);
    }
    let utc = FixedOffset::east_opt(0)?;
    for fmt in ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"] {
        if let Ok(n) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(n.and_utc().with_timezone(&utc));
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().map(|d| d.and_hms_opt(0, 0, 0).unwrap().and_utc().with_timezone(&utc))
}

/// Sorts by publication date, oldest first, keeping file order among equal or missing dates
/// (undated documents go last), so a stream is replayed as it happened.
pub fn sort_by_date(docs: &mut [LabelledDoc]) {
    docs.sort_by_key(|d| (d.published.is_none(), d.published));
}

/// The columns of a `labels.tsv`, found by its header.
#[derive(Debug, Clone, Copy)]
struct Columns {
    file: usize,
    label: usize,
    topic: Option<usize>,
    published: Option<usize>,
}

impl Columns {
    /// Reads a header line: `file`, then `event` or `label`, optional `topic` and `published`, in any
    /// order. `None` when the line is not a header (it has no `file` column).
    fn from_header(line: &str) -> Option<Columns> {
        let names: Vec<String> = line.split('\t').map(|c| c.trim().to_ascii_lowercase()).collect();
        let at = |want: &[&str]| names.iter().position(|n| want.contains(&n.as_str()));
        let file = at(&["file"])?;
        let label = at(&["event", "label", "story", "cluster"])?;
        Some(Columns { file, label, topic: at(&["topic"]), published: at(&["published", "date"]) })
    }
}

/// Reads a labelled directory: `labels.tsv` and the files it names, looked up next to it or under
/// `docs/`. `path` may be the directory or the `labels.tsv` itself. Documents keep the order of
/// `labels.tsv`.
///
/// The columns are found by the header: `file`, then `event` (or `label`), optional `topic` (two
/// events of one topic are look-alikes) and `published` (used as the article's date when present), as
/// in the ECB+ and GVC folders. A file without a header is read as `file<TAB>label[<TAB>…]`, the label
/// being the second column only (WikiRef220).
pub fn read_labelled_dir(path: &Path) -> Result<(Vec<LabelledDoc>, Vec<Warning>), Error> {
    let (dir, labels_path) = if path.is_dir() {
        (path.to_path_buf(), path.join(LABELS_FILE))
    } else {
        (path.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from(".")), path.to_path_buf())
    };
    if !labels_path.is_file() {
        return Err(Error::invalid(path, format!("no {LABELS_FILE} here: expected a header `file<TAB>event[<TAB>topic<TAB>published]`")));
    }
    let labels = decode_lenient(&read_all(&labels_path)?);
    let mut docs = Vec::new();
    let mut warnings = Vec::new();
    let mut columns = Columns { file: 0, label: 1, topic: None, published: None };
    for (lineno, line) in labels.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        if lineno == 0 {
            if let Some(c) = Columns::from_header(line) {
                columns = c;
                continue;
            }
        }
        let subject = format!("{}:{}", labels_path.display(), lineno + 1);
        let cells: Vec<&str> = line.split('\t').map(str::trim).collect();
        let cell = |i: usize| cells.get(i).copied().unwrap_or("");
        let (file, label) = (cell(columns.file), cell(columns.label));
        if cells.len() < 2 {
            warnings.push(Warning::new(subject, "line is not file<TAB>label"));
            continue;
        }
        if file.is_empty() || label.is_empty() {
            warnings.push(Warning::new(subject, "empty file name or label"));
            continue;
        }
        let published = match columns.published.map(cell).filter(|p| !p.is_empty()) {
            Some(p) => {
                let d = parse_date(p);
                if d.is_none() {
                    warnings.push(Warning::new(subject.clone(), format!("unreadable published date {p:?}; the article is undated")));
                }
                d
            }
            None => None,
        };
        let topic = columns.topic.map(cell).filter(|t| !t.is_empty()).map(String::from);
        let Some(doc_path) = [dir.join(file), dir.join("docs").join(file)].into_iter().find(|p| p.is_file()) else {
            warnings.push(Warning::new(subject, format!("file {file} not found next to {LABELS_FILE} or under docs/")));
            continue;
        };
        let bytes = std::fs::read(&doc_path).map_err(|e| Error::io(&doc_path, e))?;
        docs.push(LabelledDoc {
            id: file.to_string(),
            label: label.to_string(),
            topic,
            text: decode_lenient(&bytes),
            published,
            path: Some(doc_path.display().to_string()),
            ..LabelledDoc::default()
        });
    }
    if docs.is_empty() {
        return Err(Error::invalid(labels_path, "no labelled document could be read"));
    }
    Ok((docs, warnings))
}

/// Maps ISO 639-1 codes to the ISO 639-2 codes the Miranda data uses, so `--lang en` finds `eng`.
fn same_language(wanted: &str, actual: &str) -> bool {
    let norm = |l: &str| match l.to_ascii_lowercase().as_str() {
        "en" | "eng" => "eng".to_string(),
        "es" | "spa" => "spa".to_string(),
        "de" | "deu" | "ger" => "deu".to_string(),
        other => other.to_string(),
    };
    norm(wanted) == norm(actual)
}

fn value_to_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[derive(Deserialize)]
struct MirandaDoc {
    #[serde(default)]
    id: Value,
    #[serde(default)]
    cluster: Value,
    #[serde(default)]
    lang: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    text: Option<String>,
}

/// Reads Miranda et al. 2018 JSON (`dataset.test.json`: a list of documents with `id`, `cluster`,
/// `lang`, `date` as `YYYY-MM-DD HH:MM:SS`, `title`, `text`; other fields are ignored), keeps the
/// language `lang` when given (`en` matches `eng`), and returns the documents in date order.
pub fn read_miranda(path: &Path, lang: Option<&str>) -> Result<(Vec<LabelledDoc>, Vec<Warning>), Error> {
    let raw: Vec<MirandaDoc> = serde_json::from_reader(open(path)?).map_err(|source| Error::Json { path: path.to_path_buf(), source })?;
    let mut docs = Vec::new();
    let mut warnings = Vec::new();
    for (i, d) in raw.into_iter().enumerate() {
        if let (Some(want), Some(have)) = (lang, d.lang.as_deref()) {
            if !same_language(want, have) {
                continue;
            }
        }
        let id = value_to_string(&d.id).unwrap_or_else(|| format!("#{i}"));
        let subject = format!("{} document {id}", path.display());
        let Some(label) = value_to_string(&d.cluster) else {
            warnings.push(Warning::new(subject, "no cluster label"));
            continue;
        };
        let published = d.date.as_deref().and_then(parse_date);
        if published.is_none() {
            warnings.push(Warning::new(subject.clone(), "no readable date; it is processed after the dated documents"));
        }
        docs.push(LabelledDoc { id, label, title: d.title, text: d.text.unwrap_or_default(), published, ..LabelledDoc::default() });
    }
    if docs.is_empty() {
        let which = lang.map(|l| format!(" in language {l}")).unwrap_or_default();
        return Err(Error::invalid(path, format!("no labelled document{which}")));
    }
    sort_by_date(&mut docs);
    Ok((docs, warnings))
}

/// One line of the JSONL the synthetic generator writes (see [`crate::synth`]).
#[derive(Debug, Clone, PartialEq, serde::Serialize, Deserialize)]
pub struct SynthRecord {
    pub id: String,
    pub title: String,
    pub text: String,
    pub url: String,
    pub outlet: String,
    /// RFC 3339.
    pub published: String,
    /// Gold story: articles with the same value report the same real-world event.
    pub story: String,
    /// `original`, `rewrite` (a paraphrase of an earlier article of the story) or `copy` (its exact text).
    pub kind: String,
}

/// Reads the synthetic generator's JSONL (one [`SynthRecord`] per line), in date order.
pub fn read_synth_jsonl(path: &Path) -> Result<(Vec<LabelledDoc>, Vec<Warning>), Error> {
    let mut docs = Vec::new();
    let mut warnings = Vec::new();
    for (lineno, line) in open(path)?.lines().enumerate() {
        let line = line.map_err(|e| Error::io(path, e))?;
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<SynthRecord>(&line) {
            Ok(r) => docs.push(LabelledDoc {
                id: r.id,
                // The family (`kind.fN`) is the topic: its events are the confusable look-alikes.
                topic: r.story.rsplit_once('.').map(|(family, _)| family.to_string()),
                label: r.story,
                title: Some(r.title),
                text: r.text,
                published: parse_date(&r.published),
                url: Some(r.url),
                outlet: Some(r.outlet),
                path: None,
            }),
            Err(e) => warnings.push(Warning::new(format!("{}:{}", path.display(), lineno + 1), format!("skipped: {e}"))),
        }
    }
    if docs.is_empty() {
        return Err(Error::invalid(path, "no synthetic article could be read"));
    }
    sort_by_date(&mut docs);
    Ok((docs, warnings))
}

/// One article of a WCEP cluster.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct WcepArticle {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub text: String,
    /// `YYYY-MM-DD HH:MM:SS` in the WCEP files.
    #[serde(default)]
    pub time: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
}

/// One WCEP cluster: a reference summary (from the Wikipedia Current Events Portal) and its articles.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct WcepCluster {
    #[serde(default)]
    pub id: Value,
    pub summary: String,
    #[serde(default)]
    pub articles: Vec<WcepArticle>,
}

impl WcepCluster {
    pub fn id_string(&self, line: usize) -> String {
        value_to_string(&self.id).unwrap_or_else(|| format!("line {line}"))
    }
}

/// Reads WCEP JSONL (`.jsonl` or `.jsonl.gz`): one cluster per line with `summary` and
/// `articles: [{title, text, time}]`. Lines that do not parse, or have no article, become warnings.
pub fn read_wcep(path: &Path) -> Result<(Vec<WcepCluster>, Vec<Warning>), Error> {
    let mut clusters = Vec::new();
    let mut warnings = Vec::new();
    for (lineno, line) in open(path)?.lines().enumerate() {
        let line = line.map_err(|e| Error::io(path, e))?;
        if line.trim().is_empty() {
            continue;
        }
        let subject = format!("{}:{}", path.display(), lineno + 1);
        match serde_json::from_str::<WcepCluster>(&line) {
            Ok(c) if c.articles.iter().all(|a| a.text.trim().is_empty()) => {
                warnings.push(Warning::new(subject, "cluster has no article text; skipped"))
            }
            Ok(c) => clusters.push(c),
            Err(e) => warnings.push(Warning::new(subject, format!("skipped: {e}"))),
        }
    }
    if clusters.is_empty() {
        return Err(Error::invalid(path, "no WCEP cluster could be read: expected JSONL with summary and articles"));
    }
    Ok((clusters, warnings))
}
