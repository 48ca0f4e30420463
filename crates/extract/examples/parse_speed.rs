//! Parser comparison used to choose the parser (docs/extraction.md): parse every `.gz` page in a directory with
//! html5ever (through scraper), tl and the extractor's own parser, and print the mean time per page.
//! `cargo run --release -p tidings-extract --features parser-comparison --example parse_speed -- DIR`.

use std::io::Read;

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: parse_speed DIR");
        std::process::exit(2);
    };
    let mut pages = Vec::new();
    for e in std::fs::read_dir(dir).expect("cannot list the directory").flatten() {
        let mut bytes = Vec::new();
        let file = std::fs::File::open(e.path()).expect("cannot open a page");
        flate2::read::GzDecoder::new(file).read_to_end(&mut bytes).expect("bad gzip");
        pages.push(String::from_utf8_lossy(&bytes).into_owned());
    }
    let n = pages.len().max(1) as f64;
    let t = std::time::Instant::now();
    let mut nodes = 0;
    for p in &pages {
        nodes += scraper::Html::parse_document(p).tree.nodes().count();
    }
    println!("html5ever (scraper): {:.3} ms/page, {nodes} nodes", t.elapsed().as_secs_f64() * 1000.0 / n);
    let t = std::time::Instant::now();
    let mut nodes = 0;
    for p in &pages {
        if let Ok(d) = tl::parse(p, tl::ParserOptions::default()) {
            nodes += d.nodes().len();
        }
    }
    println!("tl: {:.3} ms/page, {nodes} nodes", t.elapsed().as_secs_f64() * 1000.0 / n);
    let t = std::time::Instant::now();
    let mut nodes = 0;
    for p in &pages {
        nodes += tidings_extract::parse_node_count(p);
    }
    println!("tidings html.rs: {:.3} ms/page, {nodes} nodes", t.elapsed().as_secs_f64() * 1000.0 / n);
}
