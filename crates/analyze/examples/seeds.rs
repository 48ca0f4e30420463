//! Prints what the analysis yields on the demo corpus (`examples/seeds/`): entities, timeline,
//! claims and quotes. Run with `cargo run -p tidings-analyze --example seeds [DIR]`.

use std::time::Instant;
use tidings_analyze::fixture::article_from_text;
use tidings_analyze::{analyze, Options};

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| format!("{}/../../examples/seeds", env!("CARGO_MANIFEST_DIR")));
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {dir}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let corpus: Vec<_> =
        files.iter().map(|p| article_from_text(&p.file_name().unwrap().to_string_lossy(), &std::fs::read_to_string(p).unwrap())).collect();
    // SEEDS_REPEAT=40 makes a 200-article story (each copy its own outlet) to time large stories.
    let repeat: usize = std::env::var("SEEDS_REPEAT").ok().and_then(|s| s.parse().ok()).unwrap_or(1);
    let mut corpus = corpus;
    let base = corpus.clone();
    for r in 1..repeat {
        for a in &base {
            let mut a = a.clone();
            a.id = format!("{}#{r}", a.id);
            corpus.push(a);
        }
    }
    let story: Vec<usize> = (0..corpus.len()).collect();
    let t = Instant::now();
    // SEEDS_MAX_CLAIMS=50 shows the claims the default cap leaves out.
    let mut opts = Options::default();
    if let Some(n) = std::env::var("SEEDS_MAX_CLAIMS").ok().and_then(|s| s.parse().ok()) {
        opts.max_claims = n;
    }
    let a = analyze(&corpus, &story, &opts);
    let first = t.elapsed();
    // The first call builds the gazetteer; time the steady state too.
    let t = Instant::now();
    let runs: u32 = std::env::var("SEEDS_RUNS").ok().and_then(|s| s.parse().ok()).unwrap_or(20);
    for _ in 0..runs {
        std::hint::black_box(analyze(&corpus, &story, &opts));
    }
    let took = t.elapsed() / runs;
    let name = |i: usize| corpus[i].id.clone();
    println!("== claims ({} shown, {} omitted)", a.claims.len(), a.claims_omitted);
    for c in &a.claims {
        println!("[{}] {}", c.status.as_str(), c.about);
        for v in &c.values {
            let cites: Vec<String> = v.citations.iter().map(|x| format!("{}@{}", name(x.article), x.span.start)).collect();
            println!("    {:<45} {} outlet(s)  {}", v.value, v.outlets, cites.join(" "));
        }
    }
    println!("\n== timeline");
    for e in &a.timeline {
        let date = e.date.map(|d| format!("{d} ({})", e.precision.as_str())).unwrap_or_else(|| "undated".into());
        let cites: Vec<String> = e.citations.iter().map(|x| name(x.article)).collect();
        let mut text = e.text.clone();
        if text.len() > 110 {
            let mut cut = 110;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text.truncate(cut);
            text.push('…');
        }
        println!("{:<20} {:<22} [{}] {}", date, e.phrase, cites.join(","), text);
    }
    println!("\n== entities");
    for e in &a.entities {
        println!(
            "{:<24} {:<12} mentions {:>2} in {} article(s); aliases: {}; roles: {}",
            e.name,
            e.kind.as_str(),
            e.mentions,
            e.articles.len(),
            e.aliases.join(" | "),
            e.roles.join(" | ")
        );
    }
    println!("\n== quotes");
    for q in &a.quotes {
        let cites: Vec<String> = q.citations.iter().map(|x| name(x.article)).collect();
        println!("{}{}: “{}” [{}]", q.speaker, if q.altered { " (ALTERED between outlets)" } else { "" }, q.text, cites.join(","));
    }
    println!("\nanalysed {} articles in {:?} per run (first run, with the gazetteer load: {:?})", corpus.len(), took, first);
}
