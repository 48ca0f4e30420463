//! Scores the story analysis's claims against hand labels (bench/claims/labels.tsv).
//!
//! `claims_bench dump SET...` prints every claim of each labelled set (for labelling);
//! `claims_bench score LABELS` scores. See bench/claims/README.md.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use tidings_analyze::{analyze, Analysis, Claim, ClaimStatus, Options};
use tidings_ingest::RawDoc;
use tidings_model::Article;

/// Where the data lives: the demo corpus and ECB+ (read in place, never copied).
struct Data {
    seeds: PathBuf,
    ecb: PathBuf,
}

fn read_tsv(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", path.display())));
    text.lines().map(|l| l.split('\t').map(String::from).collect()).collect()
}

fn fail(msg: &str) -> ! {
    eprintln!("error: {msg}");
    std::process::exit(2)
}

/// The documents of one set: "seeds" or an ECB+ event ("20_ecbplus"), each with its file name.
fn set_docs(data: &Data, set: &str) -> Vec<(String, RawDoc)> {
    if set == "seeds" {
        let (docs, _) = tidings_ingest::read_paths(std::slice::from_ref(&data.seeds));
        return docs
            .into_iter()
            .map(|d| (d.path.as_deref().unwrap_or("").rsplit('/').next().unwrap_or("").trim_end_matches(".txt").to_string(), d))
            .collect();
    }
    let labels = read_tsv(&data.ecb.join("labels.tsv"));
    let urls: BTreeMap<String, String> = read_tsv(&data.ecb.join("urls.tsv"))
        .into_iter()
        .filter(|r| r.len() >= 2 && !r[1].is_empty())
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    let files: Vec<&String> = labels.iter().filter(|r| r.len() >= 2 && r[1] == set).map(|r| &r[0]).collect();
    if files.is_empty() {
        fail(&format!("no documents of event {set} in {}", data.ecb.join("labels.tsv").display()));
    }
    let paths: Vec<PathBuf> = files.iter().map(|f| data.ecb.join("docs").join(f)).collect();
    let (docs, _) = tidings_ingest::read_paths(&paths);
    docs.into_iter()
        .map(|mut d| {
            let file = d.path.as_deref().unwrap_or("").rsplit('/').next().unwrap_or("").to_string();
            d.url = urls.get(&file).map(|u| if u.contains("://") { u.clone() } else { format!("http://{u}") });
            if let tidings_ingest::Body::Text(t) = &d.body {
                d.published = dateline(t);
            }
            (file.trim_end_matches(".txt").to_string(), d)
        })
        .collect()
}

/// The dateline of an ECB+ article: a date (and time, and zone) on one of its first six lines,
/// which a feed or a page's metadata would give as its publication time. ECB+ lost that metadata
/// in its conversion to text; the `ecb` half has no dateline at all.
fn dateline(text: &str) -> Option<DateTime<FixedOffset>> {
    const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()).take(6) {
        if line.len() > 90 {
            continue;
        }
        let low = line.to_lowercase();
        let words: Vec<&str> =
            low.split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '/' | ':' | '.'))).filter(|w| !w.is_empty()).collect();
        let (mut year, mut month, mut day): (Option<i32>, Option<u32>, Option<u32>) = (None, None, None);
        let (mut hour, mut minute): (Option<u32>, u32) = (None, 0);
        let mut offset_min: i32 = 0;
        for (k, w) in words.iter().enumerate() {
            let w = w.trim_end_matches('.');
            if let Some(m) = MONTHS.iter().position(|m| {
                w.starts_with(m)
                    && (w.len() == 3
                        || w.len() >= 4
                            && "january february march april may june july august september october november december sept".contains(w))
            }) {
                if month.is_none() {
                    month = Some(m as u32 + 1);
                    // "May 2", "2 May"
                    let num =
                        |x: &str| x.trim_end_matches(|c: char| c.is_alphabetic()).parse::<u32>().ok().filter(|d| (1..=31).contains(d));
                    day = words.get(k + 1).and_then(|x| num(x)).or_else(|| k.checked_sub(1).and_then(|j| num(words[j])));
                }
                continue;
            }
            if w.len() == 4 && w.chars().all(|c| c.is_ascii_digit()) {
                let y: i32 = w.parse().unwrap_or(0);
                if (1950..=2030).contains(&y) && year.is_none() {
                    year = Some(y);
                }
                continue;
            }
            let parts: Vec<&str> = w.split(['/', '.']).collect();
            if parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())) && year.is_none() {
                let n: Vec<u32> = parts.iter().map(|p| p.parse().unwrap_or(0)).collect();
                let y = if parts[2].len() == 2 { 2000 + n[2] as i32 } else { n[2] as i32 };
                // "27/09/2013" and "08.07.2012" are day first; "11/28/05" is month first.
                let (m, d) = if n[0] > 12 || w.contains('.') { (n[1], n[0]) } else { (n[0], n[1]) };
                if (1..=12).contains(&m) && (1..=31).contains(&d) && (1950..=2030).contains(&y) {
                    (year, month, day) = (Some(y), Some(m), Some(d));
                }
                continue;
            }
            if let Some((h, m)) = w.split_once(':') {
                if let (Ok(h), Ok(m)) = (h.parse::<u32>(), m.get(..2).unwrap_or(m).parse::<u32>()) {
                    if h < 24 && m < 60 && hour.is_none() {
                        let rest = &w[w.find(':').unwrap_or(0) + 3.min(w.len() - w.find(':').unwrap_or(0))..];
                        let pm = rest.starts_with("pm")
                            || rest.starts_with("p")
                            || words.get(k + 1).is_some_and(|x| x.starts_with("pm") || *x == "p.m");
                        let am = rest.starts_with("am") || words.get(k + 1).is_some_and(|x| x.starts_with("am") || *x == "a.m");
                        hour = Some(if pm && h < 12 {
                            h + 12
                        } else if am && h == 12 {
                            0
                        } else {
                            h
                        });
                        minute = m;
                    }
                }
                continue;
            }
            offset_min = match w {
                "et" | "edt" => -240,
                "est" => -300,
                "ct" | "cdt" => -300,
                "cst" => -360,
                "pt" | "pdt" => -420,
                "pst" => -480,
                "bst" | "uk" => 60,
                "ist" => 330,
                "hkt" => 480,
                "aest" => 600,
                _ => offset_min,
            };
        }
        if let (Some(y), Some(m)) = (year, month) {
            let date = chrono::NaiveDate::from_ymd_opt(y, m, day.unwrap_or(1))?;
            let time = date.and_hms_opt(hour.unwrap_or(0), minute, 0)?;
            let tz = FixedOffset::east_opt(offset_min * 60)?;
            return time.and_local_timezone(tz).single();
        }
    }
    None
}

/// One set digested as one story: cleaning, splitting and copies as in the pipeline, then the analysis.
fn digest_set(data: &Data, set: &str, opts: &Options) -> (Vec<Article>, Vec<String>, Analysis) {
    let named = set_docs(data, set);
    let names: Vec<String> = named.iter().map(|(n, _)| n.clone()).collect();
    let (mut corpus, _) = tidings_digest::prepare(named.into_iter().map(|(_, d)| d).collect());
    let copies = tidings_story::copies::find_copies(&corpus);
    for (a, c) in corpus.iter_mut().zip(copies) {
        a.copy_of = c;
    }
    let all: Vec<usize> = (0..corpus.len()).collect();
    let an = analyze(&corpus, &all, opts);
    (corpus, names, an)
}

fn dump(data: &Data, sets: &[String]) {
    let opts = Options { max_claims: 200, ..Options::default() };
    for set in sets {
        let (corpus, names, an) = digest_set(data, set, &opts);
        println!("=== {set} ({} articles)", corpus.len());
        if std::env::var_os("HEADS").is_some() {
            for (k, a) in corpus.iter().enumerate() {
                let first: Vec<&str> = (0..a.sentences.len().min(2)).map(|i| a.sentence_text(i)).collect();
                let date = a.published.map(|p| p.to_rfc3339()).unwrap_or_else(|| "undated".into());
                println!("  {} | {date} | {} | {}", names[k], a.title, first.join(" | "));
            }
        }
        for c in &an.claims {
            println!("[{}] {}", c.status.as_str(), c.about);
            for v in &c.values {
                let cites: Vec<String> = v.citations.iter().map(|x| names[x.article].clone()).collect();
                println!("    {:<40} {}  {}", v.value, v.outlets, cites.join(" "));
                if std::env::var_os("SHOW").is_some() {
                    for x in &v.citations {
                        println!("        {}: {}", names[x.article], corpus[x.article].span_text(x.span));
                    }
                }
            }
        }
        if let Some(want) = std::env::var_os("SENTS") {
            for (k, a) in corpus.iter().enumerate().filter(|(k, _)| std::ffi::OsStr::new(&names[*k]) == want) {
                for i in 0..a.sentences.len() {
                    println!("S {} s{i}: {}", names[k], a.sentence_text(i));
                }
            }
        }
        if std::env::var_os("FACTS").is_some() {
            let all: Vec<usize> = (0..corpus.len()).collect();
            for line in tidings_analyze::debug_claim_facts(&corpus, &all, &opts) {
                let id = line.split(' ').next().unwrap_or("");
                let name = corpus.iter().position(|a| a.id == id).map(|k| names[k].as_str()).unwrap_or(id);
                println!("F {name} {}", line.split_once(' ').map(|x| x.1).unwrap_or(""));
            }
        }
        if std::env::var_os("QUOTES").is_some() {
            for q in &an.quotes {
                let cites: Vec<String> = q.citations.iter().map(|x| names[x.article].clone()).collect();
                println!("Q {}{}: {} [{}]", q.speaker, if q.altered { " (altered)" } else { "" }, q.text, cites.join(" "));
            }
        }
    }
}

/// One labelled pair: two statements (article and a cue word of the value, in our own words) and
/// how they relate.
#[derive(Debug, Clone)]
struct Pair {
    set: String,
    relation: String,
    about: String,
    a: (String, String),
    b: (String, String),
    line: usize,
}

/// The relations a label can have. `conflict` must be flagged; the others are traps that must not be.
const RELATIONS: &[&str] = &["conflict", "agree", "compatible", "different", "evolving"];

fn parse_side(s: &str, line: usize) -> (String, String) {
    match s.split_once(':') {
        Some((a, cue)) if !a.is_empty() && !cue.is_empty() => (a.to_string(), cue.to_string()),
        _ => fail(&format!("labels line {line}: a side is ARTICLE:CUE, got {s:?}")),
    }
}

fn read_labels(path: &Path) -> Vec<Pair> {
    let mut out = Vec::new();
    for (n, row) in read_tsv(path).into_iter().enumerate() {
        let line = n + 1;
        if row.is_empty() || row[0].starts_with('#') || row[0].trim().is_empty() || row[0] == "set" {
            continue;
        }
        if row.len() < 5 {
            fail(&format!("{}: line {line} needs set, relation, about, side a, side b", path.display()));
        }
        if !RELATIONS.contains(&row[1].as_str()) {
            fail(&format!("{}: line {line}: relation {:?} is not one of {RELATIONS:?}", path.display(), row[1]));
        }
        out.push(Pair {
            set: row[0].clone(),
            relation: row[1].clone(),
            about: row[2].clone(),
            a: parse_side(&row[3], line),
            b: parse_side(&row[4], line),
            line,
        });
    }
    out
}

/// The cue is in the text, with thousands separators or without ("120,000", "8,135" for "135").
fn holds(text: &str, cue: &str) -> bool {
    let low = text.to_lowercase().replace(['\u{2019}', '\''], "");
    has_word(&norm(text), cue) || has_word(&low, cue) || has_word(&low.replace(',', " "), cue)
}

fn norm(s: &str) -> String {
    s.to_lowercase().replace([',', '\u{2019}'], "").replace('\'', "")
}

/// True when `cue` stands in `text` as a word of its own ("10" is not in "100", "ten" not in
/// "often"); a number may touch its unit ("193km/h").
fn has_word(text: &str, cue: &str) -> bool {
    let numeric = cue.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ':'));
    let joins = |c: Option<char>| c.is_some_and(|c| if numeric { c.is_ascii_digit() } else { c.is_alphanumeric() });
    text.match_indices(cue).any(|(i, _)| !joins(text[..i].chars().next_back()) && !joins(text[i + cue.len()..].chars().next()))
}

/// The values of `claim` that state a side: a citation in that article whose sentence holds the cue.
fn side_values(c: &Claim, side: &(String, String), corpus: &[Article], names: &[String]) -> Vec<usize> {
    let cue = norm(&side.1);
    c.values
        .iter()
        .enumerate()
        .filter(|(_, v)| {
            // The cue must be in the value as written, not elsewhere in its sentence.
            v.phrases.iter().any(|x| names[x.article] == side.0 && holds(corpus[x.article].span_text(x.span), &cue))
        })
        .map(|(k, _)| k)
        .collect()
}

/// The two sides of a pair are two different values of the claim.
fn split(c: &Claim, p: &Pair, corpus: &[Article], names: &[String]) -> bool {
    let a = side_values(c, &p.a, corpus, names);
    let b = side_values(c, &p.b, corpus, names);
    a.iter().any(|x| b.iter().any(|y| x != y))
}

/// The two sides are one value of the claim.
fn together(c: &Claim, p: &Pair, corpus: &[Article], names: &[String]) -> bool {
    let a = side_values(c, &p.a, corpus, names);
    let b = side_values(c, &p.b, corpus, names);
    a.iter().any(|x| b.contains(x))
}

fn describe(c: &Claim, names: &[String]) -> String {
    let values: Vec<String> = c
        .values
        .iter()
        .map(|v| {
            let mut arts: Vec<&str> = v.citations.iter().map(|x| names[x.article].as_str()).collect();
            arts.dedup();
            format!("\"{}\" [{}]", v.value, arts.join(" "))
        })
        .collect();
    format!("{}: {}", c.about, values.join(" vs "))
}

fn score(data: &Data, labels: &Path) -> bool {
    let pairs = read_labels(labels);
    let mut sets: Vec<String> = pairs.iter().map(|p| p.set.clone()).collect();
    sets.sort();
    sets.dedup();
    let opts = Options::default();
    let (mut tp, mut fp, mut gold, mut found) = (0, 0, 0, 0);
    let (mut traps, mut flagged, mut agree_pairs, mut aligned, mut evolving_pairs, mut evolving_shown) = (0, 0, 0, 0, 0, 0);
    let mut problems: Vec<String> = Vec::new();
    let mut unreachable: Vec<String> = Vec::new();
    let mut rows: Vec<String> = Vec::new();
    for set in &sets {
        let (corpus, names, an) = digest_set(data, set, &opts);
        let mine: Vec<&Pair> = pairs.iter().filter(|p| &p.set == set).collect();
        for p in &mine {
            for side in [&p.a, &p.b] {
                if !names.contains(&side.0) {
                    fail(&format!("labels line {}: no article {} in set {set}", p.line, side.0));
                }
            }
        }
        // A side the analysis cannot see: its cue is not in the article's text (only in its title,
        // which the cleaner took from the first line). Such pairs are listed and left out.
        let reachable = |side: &(String, String)| {
            let k = names.iter().position(|n| n == &side.0).unwrap_or(0);
            holds(&corpus[k].text, &norm(&side.1))
        };
        let (mine, out): (Vec<&Pair>, Vec<&Pair>) = mine.into_iter().partition(|p| reachable(&p.a) && reachable(&p.b));
        for p in out {
            unreachable.push(format!("{set}: {} ({} vs {}), line {}", p.about, p.a.0, p.b.0, p.line));
        }
        let conflicts: Vec<&Claim> = an.claims.iter().filter(|c| c.status == ClaimStatus::Conflict).collect();
        let (mut s_tp, mut s_fp, mut s_gold, mut s_found, mut s_flagged) = (0, 0, 0, 0, 0);
        for c in &conflicts {
            if mine.iter().any(|p| p.relation == "conflict" && split(c, p, &corpus, &names)) {
                s_tp += 1;
            } else {
                s_fp += 1;
                problems.push(format!("false conflict   {set}: {}", describe(c, &names)));
            }
        }
        for p in &mine {
            let shown = |status: ClaimStatus| an.claims.iter().filter(|c| c.status == status).any(|c| split(c, p, &corpus, &names));
            match p.relation.as_str() {
                "conflict" => {
                    s_gold += 1;
                    if shown(ClaimStatus::Conflict) {
                        s_found += 1;
                    } else {
                        problems.push(format!("missed conflict  {set}: {} ({} vs {}), line {}", p.about, p.a.0, p.b.0, p.line));
                    }
                }
                _ => {
                    traps += usize::from(p.relation != "agree");
                    if shown(ClaimStatus::Conflict) {
                        s_flagged += 1;
                        problems.push(format!("flagged {:<9} {set}: {} ({} vs {}), line {}", p.relation, p.about, p.a.0, p.b.0, p.line));
                    }
                    if p.relation == "evolving" {
                        evolving_pairs += 1;
                        evolving_shown += usize::from(shown(ClaimStatus::Evolving));
                    } else if p.relation != "different" {
                        agree_pairs += 1;
                        aligned += usize::from(an.claims.iter().chain(an.all_claims()).any(|c| together(c, p, &corpus, &names)));
                    }
                }
            }
        }
        rows.push(format!(
            "| {set} | {} | {} | {s_gold} | {s_found} | {s_tp} | {s_fp} | {} | {s_flagged} |",
            corpus.len(),
            mine.len(),
            mine.iter().filter(|p| p.relation != "conflict" && p.relation != "agree").count()
        ));
        tp += s_tp;
        fp += s_fp;
        gold += s_gold;
        found += s_found;
        flagged += s_flagged;
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    println!(
        "Claims benchmark: {} labelled pairs in {} sets, from {}; scored: {} ({} conflicts, {traps} traps); out of reach: {}",
        pairs.len(),
        sets.len(),
        labels.display(),
        pairs.len() - unreachable.len(),
        gold,
        unreachable.len()
    );
    println!("Each set's articles are digested together as one story (cleaning, splitting and copies as in the pipeline,");
    println!("no grouping), so grouping errors do not blur these figures. Default analysis options.\n");
    println!("| set | articles | pairs | conflicts | found | flagged right | flagged wrong | traps | traps flagged |");
    println!("|---|---|---|---|---|---|---|---|---|");
    for r in &rows {
        println!("{r}");
    }
    println!();
    println!("conflict precision   {:.2}  ({tp} of {} flagged conflicts match a labelled one)", ratio(tp, tp + fp), tp + fp);
    println!("conflict recall      {:.2}  ({found} of {gold} labelled conflicts flagged)", ratio(found, gold));
    println!("traps flagged        {flagged} of {traps}");
    println!("agreements aligned   {aligned} of {agree_pairs} agree/compatible pairs shown as one value");
    println!("evolving shown       {evolving_shown} of {evolving_pairs} evolving pairs shown as a changed figure");
    if !unreachable.is_empty() {
        println!("\nOut of reach (a side is only in an article's title, which the analysis does not read; not scored):");
        for u in &unreachable {
            println!("  {u}");
        }
    }
    if !problems.is_empty() {
        println!("\nRemaining errors:");
        for p in &problems {
            println!("  {p}");
        }
    }
    let ok = ratio(tp, tp + fp) >= 0.9 && ratio(found, gold) >= 0.8 && flagged == 0;
    println!("\ngoals (precision >= 0.9, recall >= 0.8, no trap flagged): {}", if ok { "met" } else { "NOT met" });
    ok
}

/// Every conflict flagged in an ECB+ event that no label file covers: a wider check of precision,
/// judged by hand in README.md.
fn wide(data: &Data, label_files: &[PathBuf]) {
    let mut labelled: Vec<String> = label_files.iter().flat_map(|p| read_labels(p)).map(|p| p.set).collect();
    labelled.sort();
    labelled.dedup();
    let mut events: Vec<String> =
        read_tsv(&data.ecb.join("labels.tsv")).into_iter().skip(1).filter(|r| r.len() >= 2).map(|r| r[1].clone()).collect();
    events.sort();
    events.dedup();
    let opts = Options::default();
    let mut n = 0;
    println!("Conflicts flagged in the {} ECB+ events without labels:", events.iter().filter(|e| !labelled.contains(e)).count());
    for e in events.iter().filter(|e| !labelled.contains(e)) {
        let (_, names, an) = digest_set(data, e, &opts);
        for c in an.claims.iter().filter(|c| c.status == ClaimStatus::Conflict) {
            n += 1;
            println!("  {e}: {}", describe(c, &names));
        }
    }
    println!("{n} in all");
}

/// CPU seconds this process has used (user + system), from /proc on Linux; 0 elsewhere.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else { return 0.0 };
    // Fields after the command name (which may hold spaces) start after the last ')'.
    let rest = stat.rsplit_once(')').map(|x| x.1).unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
    (ticks(11) + ticks(12)) / 100.0
}

/// The time analysis adds: the whole digest of every ECB+ document and the demo corpus, with
/// and without analysis, `runs` times each, interleaved; medians of wall and CPU time.
fn time(data: &Data, runs: usize) {
    let labels = read_tsv(&data.ecb.join("labels.tsv"));
    let paths: Vec<PathBuf> =
        labels.iter().skip(1).filter(|r| !r.is_empty() && !r[0].is_empty()).map(|r| data.ecb.join("docs").join(&r[0])).collect();
    let (mut docs, _) = tidings_ingest::read_paths(&paths);
    let (seeds, _) = tidings_ingest::read_paths(std::slice::from_ref(&data.seeds));
    docs.extend(seeds);
    let n = docs.len();
    let mut wall = [Vec::new(), Vec::new()];
    let mut cpu = [Vec::new(), Vec::new()];
    let mut stories = 0;
    for _ in 0..runs {
        for (k, analysis) in [false, true].into_iter().enumerate() {
            let opts = tidings_digest::Options { analysis, ..tidings_digest::Options::default() };
            let (t, c) = (std::time::Instant::now(), cpu_seconds());
            let d = tidings_digest::run(docs.clone(), &opts);
            wall[k].push(t.elapsed().as_secs_f64());
            cpu[k].push(cpu_seconds() - c);
            stories = d.stories.len();
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (w0, w1) = (median(&mut wall[0]), median(&mut wall[1]));
    let (c0, c1) = (median(&mut cpu[0]), median(&mut cpu[1]));
    println!("Analysis time share: {n} documents (ECB+ topics 1-22 and the demo corpus), {stories} stories, median of {runs} runs each");
    println!("| | wall s | CPU s |");
    println!("|---|---|---|");
    println!("| digest without analysis | {w0:.3} | {c0:.3} |");
    println!("| digest with analysis | {w1:.3} | {c1:.3} |");
    println!(
        "| analysis adds | {:.3} ({:.0} % of the rest) | {:.3} ({:.0} % of the rest) |",
        w1 - w0,
        100.0 * (w1 - w0) / w0,
        c1 - c0,
        100.0 * (c1 - c0) / c0.max(1e-9)
    );
    println!("\ngoal (analysis adds at most as much time as the rest of the pipeline): {}", if c1 - c0 <= c0 { "met" } else { "NOT met" });
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let data = Data {
        seeds: std::env::var_os("TIDINGS_SEEDS").map(PathBuf::from).unwrap_or_else(|| root.join("examples/seeds")),
        ecb: std::env::var_os("TIDINGS_ECBPLUS").map(PathBuf::from).unwrap_or_else(|| root.join("../shared/data/clustering/ecbplus")),
    };
    match args.first().map(String::as_str) {
        Some("dump") => dump(&data, &args[1..]),
        Some("time") => time(&data, args.get(1).and_then(|x| x.parse().ok()).unwrap_or(5)),
        Some("wide") => {
            let files: Vec<PathBuf> = if args.len() > 1 {
                args[1..].iter().map(PathBuf::from).collect()
            } else {
                vec![root.join("bench/claims/labels.tsv"), root.join("bench/claims/heldout.tsv")]
            };
            wide(&data, &files)
        }
        Some("score") => {
            let labels = args.get(1).map(PathBuf::from).unwrap_or_else(|| root.join("bench/claims/labels.tsv"));
            for (what, p) in [("demo corpus", &data.seeds), ("ECB+", &data.ecb)] {
                if !p.exists() {
                    fail(&format!("{what} missing at {} (ECB+ is read from ../shared/data/clustering/ecbplus beside the repository; set TIDINGS_ECBPLUS to move it)", p.display()));
                }
            }
            let ok = score(&data, &labels);
            std::process::exit(if ok { 0 } else { 1 });
        }
        _ => fail("usage: claims_bench score [LABELS] | wide [LABELS...] | time [RUNS] | dump SET..."),
    }
}
