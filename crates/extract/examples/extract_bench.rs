//! Benchmark harness: runs the extractor over the AEB and trafilatura-eval pages and writes predictions and timings
//! as JSON for `bench/extraction/score.py`. Usage: `extract_bench DATA_DIR OUT_DIR`.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn gunzip(p: &Path) -> std::io::Result<Vec<u8>> {
    let mut v = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(p)?).read_to_end(&mut v)?;
    Ok(v)
}

/// CPU time of this thread, in milliseconds: on a shared machine it is steadier than wall time.
fn thread_cpu_ms() -> f64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime writes one timespec through a valid pointer.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 * 1000.0 + ts.tv_nsec as f64 / 1e6
}

fn record(e: &tidings_extract::Extracted, ms: f64, cpu_ms: f64) -> serde_json::Value {
    serde_json::json!({
        "text": e.text,
        "title": e.title,
        "author": e.byline,
        "date": e.published.map(|d| d.format("%Y-%m-%d").to_string()),
        "ms": ms,
        "cpu_ms": cpu_ms,
    })
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: extract_bench DATA_DIR OUT_DIR");
        std::process::exit(2);
    }
    let data = PathBuf::from(&args[1]);
    let out = PathBuf::from(&args[2]);
    std::fs::create_dir_all(&out).expect("cannot create the output directory");

    // AEB.
    let aeb_dir = data.join("scrapinghub-aeb/html");
    let mut pages = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(&aeb_dir).expect("missing AEB html").flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        let id = p.file_name().unwrap().to_string_lossy().trim_end_matches(".html.gz").to_string();
        pages.push(("aeb", id, p, None::<String>));
    }
    // trafilatura-eval.
    let eval: serde_json::Value =
        serde_json::from_slice(&std::fs::read(data.join("trafilatura-eval/evaldata.json")).expect("missing evaldata.json"))
            .expect("bad evaldata.json");
    for (url, item) in eval.as_object().expect("evaldata is an object") {
        let file = item["file"].as_str().unwrap_or_default();
        let cache = data.join("trafilatura-eval/html/cache").join(format!("{file}.gz"));
        let path = if cache.exists() { cache } else { data.join("trafilatura-eval/html/eval").join(format!("{file}.gz")) };
        pages.push(("eval", url.clone(), path, Some(url.clone())));
    }

    let mut aeb = serde_json::Map::new();
    let mut ev = serde_json::Map::new();
    let mut total_ms = 0.0;
    let mut total_cpu = 0.0;
    // Pages are read one at a time, so the peak memory is the extractor's, not the corpus's.
    for (set, key, path, url) in &pages {
        let bytes = gunzip(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let opts = tidings_extract::Options { url: url.clone(), ..Default::default() };
        let (t, c) = (Instant::now(), thread_cpu_ms());
        let e = tidings_extract::extract(&bytes, &opts);
        let (ms, cpu_ms) = (t.elapsed().as_secs_f64() * 1000.0, thread_cpu_ms() - c);
        total_ms += ms;
        total_cpu += cpu_ms;
        let r = record(&e, ms, cpu_ms);
        if *set == "aeb" {
            aeb.insert(key.clone(), r)
        } else {
            ev.insert(key.clone(), r)
        };
    }
    std::fs::write(out.join("aeb.json"), serde_json::to_vec(&aeb).unwrap()).unwrap();
    std::fs::write(out.join("eval.json"), serde_json::to_vec(&ev).unwrap()).unwrap();
    let n = pages.len() as f64;
    eprintln!("tidings: {} pages, {:.3} ms/page wall, {:.3} ms/page cpu", pages.len(), total_ms / n, total_cpu / n);
}
