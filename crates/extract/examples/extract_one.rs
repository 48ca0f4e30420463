//! Print what the extractor makes of one page (plain or .gz): `extract_one PATH [URL]`. A debugging aid.
use std::io::Read;
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: extract_one PATH [URL]");
        std::process::exit(2);
    };
    let mut bytes = std::fs::read(path).expect("cannot read the page");
    if path.ends_with(".gz") {
        let mut v = Vec::new();
        flate2::read::GzDecoder::new(&bytes[..]).read_to_end(&mut v).expect("bad gzip");
        bytes = v;
    }
    let opts = tidings_extract::Options { url: args.get(2).cloned(), ..Default::default() };
    let e = tidings_extract::extract(&bytes, &opts);
    println!(
        "url: {:?}\ntitle: {:?}\nbyline: {:?}\npublished: {:?}\nlanguage: {:?}\nsite: {:?}\nwarnings: {:?}\n---\n{}",
        e.url, e.title, e.byline, e.published, e.language, e.site_name, e.warnings, e.text
    );
}
