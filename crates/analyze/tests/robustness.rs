//! Messy input never panics, and every citation points at real bytes of its article.

use tidings_analyze::fixture::article_from_text;
use tidings_analyze::{analyze, Analysis, Options};
use tidings_model::{Article, Span};

/// A small deterministic generator (xorshift), so failures replay.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn citations_are_valid(corpus: &[Article], a: &Analysis) {
    let mut all = Vec::new();
    for e in &a.entities {
        all.extend(e.citations.iter().copied());
    }
    for t in &a.timeline {
        all.extend(t.citations.iter().copied());
    }
    for c in &a.claims {
        for v in &c.values {
            all.extend(v.citations.iter().copied());
        }
    }
    for q in &a.quotes {
        all.extend(q.citations.iter().copied());
    }
    for c in all {
        let text = &corpus[c.article].text;
        assert!(c.span.start <= c.span.end && c.span.end <= text.len(), "{c:?}");
        assert!(text.is_char_boundary(c.span.start) && text.is_char_boundary(c.span.end), "{c:?}");
    }
}

#[test]
fn random_spans_and_mangled_text_never_panic() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/seeds");
    let mut texts: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap()).collect();
    texts.sort();
    texts.push("“unclosed quote said Mr. ‘ $ 5 billion at least at least 3 … Monday or".into());
    texts.push("1 2 3 4 5 6 7 8 9 10 % $ € £ km/h mph 2023 2024 Sept. 31st, 2023 February 30 0th".into());
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for round in 0..200 {
        let mut corpus = Vec::new();
        for k in 0..4 {
            let base = &texts[rng.below(texts.len())];
            // cut at a random char boundary, sometimes keep whole
            let mut cut = if rng.below(3) == 0 { base.len() } else { rng.below(base.len()) };
            while !base.is_char_boundary(cut) {
                cut -= 1;
            }
            let mut a = article_from_text(&format!("r{round}-{k}"), &base[..cut]);
            // random, possibly overlapping or invalid, sentence spans
            if rng.below(2) == 0 {
                let n = a.text.len();
                a.sentences = (0..rng.below(20))
                    .map(|_| {
                        let s = rng.below(n + 2);
                        Span { start: s, end: s + rng.below(200) }
                    })
                    .collect();
            }
            if rng.below(4) == 0 {
                a.outlet = Some("Same".into());
            }
            corpus.push(a);
        }
        let story: Vec<usize> = (0..corpus.len()).chain([99]).collect();
        let a = analyze(&corpus, &story, &Options::default());
        citations_are_valid(&corpus, &a);
    }
}

#[test]
fn random_characters_never_panic() {
    const ALPHABET: &[&str] = &[
        "a", "Z", "é", "Ж", "中", "🙂", " ", " ", "\n", ".", ",", "“", "”", "\"", "’", "'", "-", "$", "%", "0", "7", "1,5", "Mr.", "Kim",
        "said", "at least", "Monday", "Sept.", "2023", "km/h", "killed", "people", "in", "met", "with",
    ];
    let mut rng = Rng(42);
    for round in 0..300 {
        let corpus: Vec<Article> = (0..3)
            .map(|k| {
                let text: String = (0..rng.below(300)).map(|_| ALPHABET[rng.below(ALPHABET.len())]).collect();
                article_from_text(&format!("c{round}-{k}"), &format!("title\n{text}"))
            })
            .collect();
        let a = analyze(&corpus, &[0, 1, 2], &Options::default());
        citations_are_valid(&corpus, &a);
    }
}
