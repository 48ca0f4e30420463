//! The brief benchmark (issue 14). Three commands, each printing JSON on stdout:
//!
//! - `quality`: key-fact coverage of tidings' summary on hand-labelled events (the demo corpus and
//!   ECB+), against LEAD and a centroid baseline computed in the same run on the same cleaned
//!   articles; disputed values shown without their dispute; byte identity of summary sentences.
//! - `hygiene`: captions, credits, file names, datelines and time stamps among summary sentences and
//!   "no time to read" bullets of whole-folder digests (demo corpus, ECB+, GVC).
//! - `latency`: the time to write the brief (analysis included) of stories of 10, 100 and 1,000 articles.
//!
//! `bench/briefs/run.sh` runs all three and writes bench/briefs/RESULTS.md. Data is read in place from
//! `../shared/data/`; nothing is copied into the repository.

mod baselines;
mod facts;
mod hygiene;

/// The allocator of the `tidings` binary, so that the latency measured is the product's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::{Path, PathBuf};
use std::time::Instant;

use serde_json::{json, Value};
use tidings_digest::{Digest, Options, Story};
use tidings_ingest::{Body, RawDoc};
use tidings_model::{Article, ArticleIdx};

fn usage() -> ! {
    eprintln!(
        "usage: briefs-bench quality [--shared DIR] [--seeds DIR] [--facts DIR] [--sentences N]\n       \
         briefs-bench hygiene [--shared DIR] [--seeds DIR]\n       \
         briefs-bench latency [--shared DIR] [--reps N] [--only TEXT]   (--only: the stories whose name contains TEXT)"
    );
    std::process::exit(2)
}

struct Args {
    shared: PathBuf,
    seeds: PathBuf,
    facts: PathBuf,
    sentences: usize,
    reps: usize,
    only: Option<String>,
}

fn parse_args(rest: &[String]) -> Args {
    let mut a = Args {
        shared: PathBuf::from("../shared"),
        seeds: PathBuf::from("examples/seeds"),
        facts: PathBuf::from("bench/briefs/facts"),
        sentences: tidings_brief::DEFAULT_SUMMARY_SENTENCES,
        reps: 15,
        only: None,
    };
    let mut it = rest.iter();
    while let Some(flag) = it.next() {
        let mut val = || it.next().cloned().unwrap_or_else(|| usage());
        match flag.as_str() {
            "--shared" => a.shared = PathBuf::from(val()),
            "--seeds" => a.seeds = PathBuf::from(val()),
            "--facts" => a.facts = PathBuf::from(val()),
            "--sentences" => a.sentences = val().parse().unwrap_or_else(|_| usage()),
            "--reps" => a.reps = val().parse().unwrap_or_else(|_| usage()),
            "--only" => a.only = Some(val()),
            _ => usage(),
        }
    }
    a
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(cmd) = args.first() else { usage() };
    let a = parse_args(&args[1..]);
    let out = match cmd.as_str() {
        "quality" => quality(&a),
        "hygiene" => hygiene_cmd(&a),
        "latency" => latency(&a),
        _ => usage(),
    };
    println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
}

fn die(msg: &str) -> ! {
    eprintln!("briefs-bench: {msg}");
    std::process::exit(3)
}

// ---------------------------------------------------------------------------------------------
// Data

/// ECB+ documents by event, in labels.tsv order, with their URL (the outlet) when known.
fn ecbplus(shared: &Path) -> (PathBuf, Vec<(String, String, Option<String>)>) {
    let dir = shared.join("data/clustering/ecbplus");
    let labels = std::fs::read_to_string(dir.join("labels.tsv")).unwrap_or_else(|_| {
        die(&format!(
            "ECB+ not found at {} (expected labels.tsv and docs/); it lives in the shared data folder next to the repository",
            dir.display()
        ))
    });
    let urls: rustc_hash::FxHashMap<String, String> = std::fs::read_to_string(dir.join("urls.tsv"))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .filter(|(_, u)| u.starts_with("http"))
        .map(|(f, u)| (f.to_string(), u.to_string()))
        .collect();
    let docs = labels
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut f = l.split('\t');
            let file = f.next()?.to_string();
            let event = f.next()?.to_string();
            let url = urls.get(&file).cloned();
            Some((file, event, url))
        })
        .collect();
    (dir, docs)
}

fn read_doc(path: &Path, url: Option<String>) -> RawDoc {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| die(&format!("{}: {e}", path.display())));
    RawDoc { path: Some(path.display().to_string()), url, body: Body::Text(text), ..RawDoc::default() }
}

fn event_docs(shared: &Path, event: &str) -> Vec<RawDoc> {
    let (dir, docs) = ecbplus(shared);
    docs.into_iter().filter(|(_, e, _)| e == event).map(|(f, _, u)| read_doc(&dir.join("docs").join(f), u)).collect()
}

fn dir_docs(dir: &Path) -> Vec<RawDoc> {
    let (docs, warnings) = tidings_ingest::read_paths(&[dir.to_path_buf()]);
    if docs.is_empty() {
        die(&format!("no documents under {} ({} warnings)", dir.display(), warnings.len()));
    }
    docs
}

/// Prepares documents, links copies, and writes the brief of all of them as one story.
fn one_story(docs: Vec<RawDoc>, opts: &Options) -> Digest {
    let (mut corpus, warnings) = tidings_digest::prepare(docs);
    let copies = tidings_story::copies::find_copies(&corpus);
    for (a, c) in corpus.iter_mut().zip(copies) {
        a.copy_of = c;
    }
    let sg = tidings_story::StoryGroup { articles: (0..corpus.len()).collect(), why: Default::default() };
    let story = tidings_digest::brief_story(&corpus, &sg, None, opts);
    let article_summaries = corpus.iter().map(|a| tidings_brief::article_summary(a, opts.article_sentences)).collect();
    Digest { corpus, article_summaries, stories: vec![story], warnings }
}

// ---------------------------------------------------------------------------------------------
// Quality

/// What the scorer needs from one summary.
struct Summary {
    sentences: Vec<facts::ScoredSentence>,
    /// Summary sentences that touch a conflicting claim and carry no dispute (tidings only).
    undisputed_conflicts: usize,
    /// Summary sentences whose first citation does not slice to the sentence (tidings only).
    not_verbatim: usize,
}

fn plain(texts: Vec<String>) -> Summary {
    Summary {
        sentences: texts.into_iter().map(|text| facts::ScoredSentence { text, disputed: false }).collect(),
        undisputed_conflicts: 0,
        not_verbatim: 0,
    }
}

/// tidings' summary of `story` as the wire JSON gives it (disputes included).
fn tidings_summary(d: &Digest, story: &Story) -> Summary {
    let w = serde_json::to_value(tidings_digest::wire::story(d, story)).unwrap_or(Value::Null);
    let empty = Vec::new();
    let mut sentences = Vec::new();
    let mut not_verbatim = 0;
    for (x, s) in w["summary"].as_array().unwrap_or(&empty).iter().zip(&story.summary) {
        let disputed = x["claims"].as_array().unwrap_or(&empty).iter().any(|c| c["status"] == "conflict");
        let verbatim = s.citations.first().is_some_and(|c| d.corpus[c.article].span_text(c.span) == s.text);
        not_verbatim += usize::from(!verbatim);
        sentences.push(facts::ScoredSentence { text: s.text.clone(), disputed });
    }
    // Independently of how the summary marks them: a summary sentence whose own span states a value
    // of a conflicting claim must carry the dispute.
    let mut undisputed_conflicts = 0;
    if let Some(an) = &story.analysis {
        for (s, scored) in story.summary.iter().zip(&sentences) {
            let Some(own) = s.citations.first() else { continue };
            let touches = an.all_claims().iter().filter(|c| c.status == tidings_analyze::ClaimStatus::Conflict).any(|c| {
                c.values.iter().any(|v| {
                    v.citations.iter().any(|vc| vc.article == own.article && vc.span.start < own.span.end && own.span.start < vc.span.end)
                })
            });
            if touches && !scored.disputed {
                undisputed_conflicts += 1;
            }
        }
    }
    Summary { sentences, undisputed_conflicts, not_verbatim }
}

fn largest_story(d: &Digest) -> Option<&Story> {
    d.stories.iter().enumerate().max_by(|(i, a), (j, b)| a.articles.len().cmp(&b.articles.len()).then(j.cmp(i))).map(|(_, s)| s)
}

struct EventScore {
    per_fact: Vec<facts::FactScore>,
}

impl EventScore {
    fn mean(&self) -> f64 {
        if self.per_fact.is_empty() {
            return 0.0;
        }
        self.per_fact.iter().map(|f| f.score).sum::<f64>() / self.per_fact.len() as f64
    }
    fn wrong(&self) -> usize {
        self.per_fact.iter().filter(|f| f.wrong_shown).count()
    }
}

fn score(ev: &facts::Event, s: &Summary) -> EventScore {
    EventScore { per_fact: ev.facts.iter().map(|f| facts::score_fact(f, &s.sentences)).collect() }
}

const SYSTEMS: [&str; 4] = ["tidings", "tidings_pile", "lead", "centroid"];

fn quality(a: &Args) -> Value {
    let opts = Options { sentences: a.sentences, ..Options::default() };
    let seeds_facts = facts::read(&a.facts.join("seeds.txt")).unwrap_or_else(|e| die(&e));
    let ecb_facts = facts::read(&a.facts.join("ecbplus.txt")).unwrap_or_else(|e| die(&e));
    let mut rows = Vec::new();
    let mut totals: Vec<Vec<f64>> = vec![Vec::new(); SYSTEMS.len()];
    let mut ecb_totals: Vec<Vec<f64>> = vec![Vec::new(); SYSTEMS.len()];
    let (mut wrong, mut undisputed, mut not_verbatim) = ([0usize; 4], 0usize, 0usize);
    let events: Vec<(&facts::Event, bool)> = seeds_facts.iter().map(|e| (e, true)).chain(ecb_facts.iter().map(|e| (e, false))).collect();
    for (ev, is_seed) in events {
        let docs = || if is_seed { dir_docs(&a.seeds) } else { event_docs(&a.shared, &ev.id) };
        let n_docs = docs().len();
        if n_docs == 0 {
            die(&format!("event {} has no documents", ev.id));
        }
        // tidings with the event digested as one story (grouping errors cannot blur the figure)...
        let d = one_story(docs(), &opts);
        let story = &d.stories[0];
        let t = tidings_summary(&d, story);
        // ...and as a normal pile: the largest story the digest makes of the event's articles.
        let pile = tidings_digest::run(docs(), &opts);
        let tp = largest_story(&pile).map(|s| tidings_summary(&pile, s)).unwrap_or_else(|| plain(Vec::new()));
        let members: Vec<ArticleIdx> = (0..d.corpus.len()).collect();
        let lead = plain(baselines::lead(&d.corpus, &members, a.sentences));
        let cent = plain(baselines::centroid(&d.corpus, &members, a.sentences));
        let summaries = [&t, &tp, &lead, &cent];
        let scores: Vec<EventScore> = summaries.iter().map(|s| score(ev, s)).collect();
        undisputed += t.undisputed_conflicts + tp.undisputed_conflicts;
        not_verbatim += t.not_verbatim + tp.not_verbatim;
        for (k, s) in scores.iter().enumerate() {
            totals[k].push(s.mean());
            if !is_seed {
                ecb_totals[k].push(s.mean());
            }
            wrong[k] += s.wrong();
        }
        let texts = |s: &Summary| s.sentences.iter().map(|x| json!({ "text": x.text, "disputed": x.disputed })).collect::<Vec<_>>();
        rows.push(json!({
            "event": ev.id,
            "articles": n_docs,
            "pile_stories": pile.stories.len(),
            "pile_largest": largest_story(&pile).map_or(0, |s| s.articles.len()),
            "facts": ev.facts.len(),
            "coverage": SYSTEMS.iter().zip(&scores).map(|(n, s)| (n.to_string(), json!(round(s.mean())))).collect::<serde_json::Map<_, _>>(),
            "per_fact": ev.facts.iter().enumerate().map(|(i, f)| json!({
                "fact": f.text,
                "tidings": scores[0].per_fact[i].score, "tidings_pile": scores[1].per_fact[i].score,
                "lead": scores[2].per_fact[i].score, "centroid": scores[3].per_fact[i].score,
            })).collect::<Vec<_>>(),
            "summaries": {
                "tidings": texts(&t), "tidings_pile": texts(&tp), "lead": texts(&lead), "centroid": texts(&cent),
            },
        }));
    }
    let mean = |v: &Vec<f64>| if v.is_empty() { 0.0 } else { round(v.iter().sum::<f64>() / v.len() as f64) };
    json!({
        "sentences": a.sentences,
        "events": rows.len(),
        "ecbplus_events": ecb_totals[0].len(),
        "coverage_all": SYSTEMS.iter().zip(&totals).map(|(n, v)| (n.to_string(), json!(mean(v)))).collect::<serde_json::Map<_, _>>(),
        "coverage_ecbplus": SYSTEMS.iter().zip(&ecb_totals).map(|(n, v)| (n.to_string(), json!(mean(v)))).collect::<serde_json::Map<_, _>>(),
        "wrong_values_shown": SYSTEMS.iter().zip(wrong).map(|(n, w)| (n.to_string(), json!(w))).collect::<serde_json::Map<_, _>>(),
        "conflict_sentences_without_dispute": undisputed,
        "summary_sentences_not_verbatim": not_verbatim,
        "rows": rows,
    })
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

// ---------------------------------------------------------------------------------------------
// Hygiene

fn hygiene_of(name: &str, d: &Digest) -> Value {
    let mut flagged = Vec::new();
    let mut summary_sentences = 0;
    let mut bullets = 0;
    for s in &d.stories {
        for x in &s.summary {
            summary_sentences += 1;
            if let Some(why) = hygiene::flag(&x.text) {
                flagged.push(json!({ "where": "summary", "why": why, "text": x.text }));
            }
        }
    }
    for (i, picks) in d.article_summaries.iter().enumerate() {
        let a: &Article = &d.corpus[i];
        for &k in picks {
            bullets += 1;
            // What the reader sees: the sentence as shown (a dateline cut off).
            let text = a.span_text(tidings_brief::shown_span(a, k));
            if let Some(why) = hygiene::flag(text) {
                flagged.push(json!({ "where": "no time to read", "why": why, "text": text }));
            }
        }
    }
    json!({ "set": name, "articles": d.corpus.len(), "stories": d.stories.len(), "summary_sentences": summary_sentences,
            "bullets": bullets, "flagged": flagged.len(), "examples": flagged })
}

fn hygiene_cmd(a: &Args) -> Value {
    let opts = Options::default();
    let mut sets = vec![hygiene_of("demo corpus", &tidings_digest::run(dir_docs(&a.seeds), &opts))];
    let (dir, docs) = ecbplus(&a.shared);
    let ecb: Vec<RawDoc> = docs.into_iter().map(|(f, _, u)| read_doc(&dir.join("docs").join(f), u)).collect();
    sets.push(hygiene_of("ECB+ (all 462 documents as one pile)", &tidings_digest::run(ecb, &opts)));
    let gvc = a.shared.join("data/clustering/gvc");
    if !gvc.join("labels.tsv").is_file() {
        die(&format!("GVC not found at {} (expected labels.tsv and docs/)", gvc.display()));
    }
    sets.push(hygiene_of("GVC dev (78 documents as one pile)", &tidings_digest::run(dir_docs(&gvc.join("docs")), &opts)));
    json!({ "sets": sets })
}

// ---------------------------------------------------------------------------------------------
// Latency

fn median_ms(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    round(v[v.len() / 2])
}

/// Each latency figure is the median of `ROUNDS × reps` calls.
const ROUNDS: usize = 3;

/// CPU time of the calling thread, in seconds, to the nanosecond (`CLOCK_THREAD_CPUTIME_ID`; the
/// process times of /proc count 10 ms ticks).
fn thread_cpu_seconds() -> Option<f64> {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime only writes the timespec it is given.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) } == 0;
    ok.then(|| ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9)
}

fn time_brief(docs: Vec<RawDoc>, reps: usize) -> Value {
    let opts = Options::default();
    let (mut corpus, _) = tidings_digest::prepare(docs);
    let copies = tidings_story::copies::find_copies(&corpus);
    for (a, c) in corpus.iter_mut().zip(copies) {
        a.copy_of = c;
    }
    let sg = tidings_story::StoryGroup { articles: (0..corpus.len()).collect(), why: Default::default() };
    let sentences: usize = corpus.iter().map(|a| a.sentences.len()).sum();
    let reps = reps.max(1);
    let mut check = 0;
    // Each part timed apart, call by call: the median wall time and the median CPU time of this
    // thread (on a shared virtual machine a stretch of calls now and then runs half again as slow
    // whatever the code; the median is the steadier figure, and CPU time leaves out waiting for a core).
    let mut time = |f: &mut dyn FnMut() -> usize| -> (f64, Option<f64>) {
        let calls = reps * ROUNDS;
        let mut wall = Vec::with_capacity(calls);
        let mut cpu = Vec::with_capacity(calls);
        for _ in 0..calls {
            let (t0, c0) = (Instant::now(), thread_cpu_seconds());
            check += f();
            wall.push(t0.elapsed().as_secs_f64() * 1000.0);
            if let (Some(a), Some(b)) = (c0, thread_cpu_seconds()) {
                cpu.push((b - a) * 1000.0);
            }
        }
        let cpu = (cpu.len() == calls).then(|| median_ms(cpu));
        (median_ms(wall), cpu)
    };
    let (total, total_cpu) = time(&mut || tidings_digest::brief_story(&corpus, &sg, None, &opts).summary.len());
    let an = tidings_analyze::analyze(&corpus, &sg.articles, &opts.analyze);
    let (analysis, analysis_cpu) = time(&mut || tidings_analyze::analyze(&corpus, &sg.articles, &opts.analyze).claims.len());
    let (summary, summary_cpu) = time(&mut || tidings_brief::brief(&corpus, &sg.articles, opts.sentences, Some(&an)).summary.len());
    json!({ "articles": corpus.len(), "sentences": sentences, "reps": reps, "rounds": ROUNDS,
            "brief_ms": total, "brief_cpu_ms": total_cpu,
            "analysis_ms": analysis, "analysis_cpu_ms": analysis_cpu,
            "summary_ms": summary, "summary_cpu_ms": summary_cpu, "check": check })
}

/// The load average over the last minute, when the system says (Linux).
fn load_average() -> Option<f64> {
    std::fs::read_to_string("/proc/loadavg").ok()?.split_whitespace().next()?.parse().ok()
}

fn synth_docs(n: usize) -> Vec<RawDoc> {
    let mut docs = Vec::with_capacity(n);
    let cfg = tidings_eval::synth::Config { articles: n, ..tidings_eval::synth::Config::default() };
    tidings_eval::synth::generate(&cfg, |r| {
        docs.push(RawDoc {
            url: Some(r.url),
            outlet: Some(r.outlet),
            title: Some(r.title),
            published: tidings_ingest::parse_date(&r.published),
            body: Body::Text(r.text),
            ..RawDoc::default()
        })
    });
    docs
}

fn latency(a: &Args) -> Value {
    // One core: the brief of one story never runs on more, and the digest's other threads would
    // only add noise.
    std::env::set_var("TIDINGS_THREADS", "1");
    let (dir, docs) = ecbplus(&a.shared);
    let read = |take: &mut dyn Iterator<Item = (String, String, Option<String>)>| -> Vec<RawDoc> {
        take.map(|(f, _, u)| read_doc(&dir.join("docs").join(f), u)).collect()
    };
    // `--only TEXT`: the stories whose name contains TEXT (to profile one of them).
    let wanted = |name: &str| a.only.as_deref().is_none_or(|o| name.contains(o));
    let mut real = Vec::new();
    let name = "ECB+ event 2_ecb";
    if wanted(name) {
        real.push(json!({ "story": name, "timing": time_brief(read(&mut docs.iter().filter(|d| d.1 == "2_ecb").cloned()), a.reps) }));
    }
    let name = "first 100 ECB+ documents";
    if wanted(name) {
        real.push(json!({ "story": name, "timing": time_brief(read(&mut docs.iter().take(100).cloned()), a.reps) }));
    }
    let name = "all 462 ECB+ documents";
    if wanted(name) {
        real.push(json!({ "story": name, "timing": time_brief(read(&mut docs.iter().cloned()), (a.reps / 3).max(3)) }));
    }
    let mut synth = Vec::new();
    for n in [10usize, 100, 1000] {
        let reps = if n >= 1000 { (a.reps / 3).max(3) } else { a.reps };
        let name = format!("{n} synthetic articles (seed 1)");
        if wanted(&name) {
            synth.push(json!({ "story": name, "timing": time_brief(synth_docs(n), reps) }));
        }
    }
    json!({ "threads": 1, "load_average": load_average(), "cores": std::thread::available_parallelism().map_or(0, |n| n.get()),
            "real": real, "synthetic": synth })
}
