//! Background document frequencies: how common a term is in general text of a language, so that a
//! small pile of articles is weighed as a large one would be.
//!
//! With IDF taken from the batch alone, the words every article of a five-article pile shares weigh
//! nothing, and the articles of one event look unrelated. The tables under `data/background/` give,
//! per language, the frequency of the most common words in a large mixed corpus (the `wordfreq`
//! package's data, CC BY-SA 4.0; how they are built is in `data/build_background.py`). They are
//! embedded in the binary, read lazily once per language, and stemmed with the same analyzer the
//! grouping uses, so a stem's frequency is the sum of its words'.
//!
//! A word's frequency per token becomes the share of documents that contain it under a Poisson
//! model of a document of [`DOC_TOKENS`] tokens: `1 - exp(-DOC_TOKENS * f)`. Words not in the
//! table are rarer than its last entry and get [`RARE_DOC_PROB`].

use rustc_hash::FxHashMap;
use std::io::Read;
use std::sync::OnceLock;
use tidings_text::lexicon::is_stop;
use tidings_text::Analyzer;

/// Tokens in a typical news article, for turning word frequencies into document frequencies.
pub const DOC_TOKENS: f64 = 500.0;
/// Document frequency of a word missing from a language's table (rarer than its rarest entry).
pub const RARE_DOC_PROB: f32 = 0.0002;
/// Document frequencies of numbers, which the tables leave out: day numbers and small counts are
/// everywhere, years are common, other numbers are specific.
pub const SMALL_NUMBER_DOC_PROB: f32 = 0.3;
pub const YEAR_DOC_PROB: f32 = 0.05;
pub const OTHER_NUMBER_DOC_PROB: f32 = 0.005;

macro_rules! tables {
    ($($lang:literal),* $(,)?) => {
        /// Languages with a table, and its gzipped bytes.
        const TABLES: &[(&str, &[u8])] = &[$(($lang, include_bytes!(concat!("../data/background/", $lang, ".tsv.gz")))),*];
    };
}
tables!("en", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "nb", "fi", "ru", "ro", "hu", "tr", "ar", "el");

/// One language's background: document probability per stemmed term.
#[derive(Debug, Default)]
pub struct Background {
    probs: FxHashMap<String, f32>,
}

impl Background {
    /// The share of documents of this language that contain `term` (a stem, or a number as the
    /// analyzer writes it).
    pub fn doc_prob(&self, term: &str) -> f32 {
        if let Some(&p) = self.probs.get(term) {
            return p;
        }
        if !term.is_empty() && term.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
            return number_doc_prob(term);
        }
        RARE_DOC_PROB
    }

    /// Stems in the table (for tests and diagnostics).
    pub fn len(&self) -> usize {
        self.probs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.probs.is_empty()
    }

    fn build(lang: &str, gz: &[u8]) -> Background {
        let mut text = String::new();
        // The tables are ours and tested; a corrupt one would leave the language without a
        // background (batch frequencies only), never a failure.
        if flate2::read::GzDecoder::new(gz).read_to_string(&mut text).is_err() {
            return Background::default();
        }
        let analyzer = Analyzer::new(Some(lang));
        let mut per_token: FxHashMap<String, f64> = FxHashMap::default();
        for line in text.lines() {
            let Some((word, freq)) = line.split_once('\t') else { continue };
            let Ok(freq) = freq.parse::<f64>() else { continue };
            if word.chars().count() < 2 || is_stop(word) {
                continue;
            }
            *per_token.entry(analyzer.stem(word)).or_default() += freq * 1e-9;
        }
        let probs = per_token.into_iter().map(|(stem, f)| (stem, (1.0 - (-DOC_TOKENS * f).exp()) as f32)).collect();
        Background { probs }
    }
}

fn number_doc_prob(term: &str) -> f32 {
    match term.parse::<u32>() {
        Ok(n) if n <= 31 => SMALL_NUMBER_DOC_PROB,
        Ok(n) if (1900..=2099).contains(&n) => YEAR_DOC_PROB,
        _ => OTHER_NUMBER_DOC_PROB,
    }
}

/// The background of a language (ISO 639-1; `no` reads the Norwegian Bokmål table), or `None` when
/// there is no table for it. Built on first use, then shared.
pub fn for_language(lang: &str) -> Option<&'static Background> {
    static CACHE: OnceLock<Vec<OnceLock<Background>>> = OnceLock::new();
    let lang = if lang == "no" { "nb" } else { lang };
    let slot = TABLES.iter().position(|(l, _)| *l == lang)?;
    let cells = CACHE.get_or_init(|| TABLES.iter().map(|_| OnceLock::new()).collect());
    Some(cells[slot].get_or_init(|| Background::build(TABLES[slot].0, TABLES[slot].1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_reads_and_orders_words_sensibly() {
        for (lang, _) in TABLES {
            let bg = for_language(lang).unwrap();
            assert!(bg.len() > 10_000, "{lang}: {} stems", bg.len());
        }
        let en = for_language("en").unwrap();
        let a = Analyzer::new(Some("en"));
        let p = |w: &str| en.doc_prob(&a.stem(w));
        // Common news words are in many documents, event specifics in few.
        assert!(p("government") > 0.1, "{}", p("government"));
        assert!(p("earthquake") < 0.05 && p("earthquake") > p("magnitude") / 10.0);
        assert!(p("rehab") < p("police"));
        assert_eq!(en.doc_prob("qeshm"), RARE_DOC_PROB);
        assert_eq!(en.doc_prob("2013"), YEAR_DOC_PROB);
        assert!(for_language("xx").is_none());
        assert!(for_language("no").is_some());
    }
}
