use std::io::Read;
fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let mut pages = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let mut s = String::new();
        flate2::read::GzDecoder::new(std::fs::File::open(&p).unwrap()).read_to_string(&mut s).unwrap();
        pages.push(s);
    }
    let t = std::time::Instant::now();
    let mut n = 0;
    for p in &pages { let d = scraper::Html::parse_document(p); n += d.tree.nodes().count(); }
    println!("scraper {:.3} ms/page nodes {n}", t.elapsed().as_secs_f64()*1000.0/pages.len() as f64);
    let t = std::time::Instant::now();
    let mut n = 0;
    for p in &pages { let d = tl::parse(p, tl::ParserOptions::default()).unwrap(); n += d.nodes().len(); }
    println!("tl {:.3} ms/page nodes {n}", t.elapsed().as_secs_f64()*1000.0/pages.len() as f64);
}
