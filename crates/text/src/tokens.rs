//! Words, terms and names: the units every similarity in the pipeline is computed on.
//!
//! - [`words`] yields the alphanumeric runs of a text with their byte offsets.
//! - [`Analyzer::terms`] lowercases, drops stop words and stems (Snowball, by language),
//!   giving the terms used for TF-IDF and sentence similarity.
//! - [`names`] yields runs of capitalised words that are not sentence openers: a cheap
//!   stand-in for named entities, good enough to compare who and where two texts speak of.

use rust_stemmers::{Algorithm, Stemmer};

use crate::lexicon::{is_stop, is_weekday_or_month};

/// A letter without its diacritics, for matching names and slugs written with and without accents
/// ("Mbappé" = "Mbappe", "São" = "Sao"). Letters outside Latin-1 and Latin Extended-A, and those without a plain
/// base ("ß", "ø"), are returned as they are.
pub fn fold_diacritic(c: char) -> char {
    const FROM: &str = "àáâãäåāăąçćĉċčďđèéêëēĕėęěĝğġģĥìíîïĩīĭįıĵķĺļľłñńņňòóôõöōŏőŕŗřśŝşšţťŧùúûüũūŭůűųŵýÿŷźżžÀÁÂÃÄÅĀĂĄÇĆĈĊČĎĐÈÉÊËĒĔĖĘĚĜĞĠĢĤÌÍÎÏĨĪĬĮİĴĶĹĻĽŁÑŃŅŇÒÓÔÕÖŌŎŐŔŖŘŚŜŞŠŢŤŦÙÚÛÜŨŪŬŮŰŲŴÝŸŶŹŻŽ";
    const TO: &str = "aaaaaaaaacccccddeeeeeeeeegggghiiiiiiiiijkllllnnnnoooooooorrrsssstttuuuuuuuuuuwyyyzzzAAAAAAAAACCCCCDDEEEEEEEEEGGGGHIIIIIIIIIJKLLLLNNNNOOOOOOOORRRSSSSTTTUUUUUUUUUUWYYYZZZ";
    if c.is_ascii() {
        return c;
    }
    match FROM.chars().position(|f| f == c) {
        Some(k) => TO.chars().nth(k).unwrap_or(c),
        None => c,
    }
}

/// `s` with its letters' diacritics removed (see [`fold_diacritic`]).
pub fn fold_diacritics(s: &str) -> String {
    s.chars().map(fold_diacritic).collect()
}

/// `word` lowercased into `buf` (cleared first); ASCII words skip the Unicode tables.
pub fn lowercase_into(word: &str, buf: &mut String) {
    buf.clear();
    if word.is_ascii() {
        buf.push_str(word);
        buf.make_ascii_lowercase();
    } else {
        for c in word.chars() {
            buf.extend(c.to_lowercase());
        }
    }
}

/// The character at byte `i` of `s` (a character boundary), ASCII without decoding; `None` at the end.
#[inline]
pub fn char_at(s: &str, i: usize) -> Option<char> {
    match s.as_bytes().get(i) {
        None => None,
        Some(&x) if x < 0x80 => Some(char::from(x)),
        Some(_) => s[i..].chars().next(),
    }
}

/// `s.split_whitespace().count()`, with ASCII read byte by byte: sentence lengths are counted for
/// every sentence of a story.
pub fn count_spaced_words(s: &str) -> usize {
    let (mut n, mut in_word, mut i) = (0, false, 0);
    while let Some(c) = char_at(s, i) {
        let space = c.is_whitespace();
        if !space && !in_word {
            n += 1;
        }
        in_word = !space;
        i += c.len_utf8();
    }
    n
}

/// Iterates over the words of `text`: maximal runs of letters and digits. Apostrophes and
/// hyphens split words ("Russia’s" gives "Russia" and "s"; "Jong-un" gives "Jong" and "un").
pub fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let b = text.as_bytes();
    let mut pos = 0;
    std::iter::from_fn(move || {
        loop {
            let c = char_at(text, pos)?;
            if c.is_alphanumeric() {
                break;
            }
            pos += c.len_utf8();
        }
        let start = pos;
        let mut end = start;
        while pos < b.len() {
            if b[pos].is_ascii_alphanumeric() {
                pos += 1;
                end = pos;
                continue;
            }
            let Some(c) = char_at(text, pos) else { break };
            if c.is_alphanumeric() {
                pos += c.len_utf8();
                end = pos;
            } else if c == '.' || c == ',' {
                // Keep decimals and thousands separators inside numbers: "3.5", "1,200".
                let prev_digit = pos > 0 && b[pos - 1].is_ascii_digit();
                let next_digit = pos + 1 < b.len() && b[pos + 1].is_ascii_digit();
                if prev_digit && next_digit {
                    pos += 1;
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        Some((start, &text[start..end]))
    })
}

/// Maps a language code to its Snowball stemmer, when there is one.
fn algorithm(lang: &str) -> Option<Algorithm> {
    Some(match lang {
        "en" => Algorithm::English,
        "de" => Algorithm::German,
        "fr" => Algorithm::French,
        "es" => Algorithm::Spanish,
        "it" => Algorithm::Italian,
        "pt" => Algorithm::Portuguese,
        "nl" => Algorithm::Dutch,
        "sv" => Algorithm::Swedish,
        "da" => Algorithm::Danish,
        "no" | "nb" => Algorithm::Norwegian,
        "fi" => Algorithm::Finnish,
        "ru" => Algorithm::Russian,
        "ro" => Algorithm::Romanian,
        "hu" => Algorithm::Hungarian,
        "tr" => Algorithm::Turkish,
        "ar" => Algorithm::Arabic,
        "el" => Algorithm::Greek,
        _ => return None,
    })
}

/// Bytes of text the language detector looks at: enough for a reliable guess on news prose.
pub const LANGUAGE_SAMPLE_BYTES: usize = 600;

/// Detects the language of a text (ISO 639-1), looking at its first [`LANGUAGE_SAMPLE_BYTES`].
pub fn detect_language(text: &str) -> Option<&'static str> {
    let mut end = text.len().min(LANGUAGE_SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    if looks_english(sample) {
        return Some("en");
    }
    let info = whatlang::detect(sample)?;
    if !info.is_reliable() && info.confidence() < 0.5 {
        return None;
    }
    iso_639_1(info.lang().code())
}

/// A fast path for the most common case: English function words make up a large share of any
/// English text and almost none of other languages' (trigram detection costs ten times more).
fn looks_english(sample: &str) -> bool {
    const COMMON: &[&str] = &[
        "the", "and", "of", "to", "in", "is", "that", "for", "on", "was", "with", "said", "has", "have", "by", "are", "from", "it", "he",
        "his", "at", "its", "as", "be", "will",
    ];
    let (mut total, mut hits) = (0, 0);
    for (_, w) in words(sample) {
        total += 1;
        if w.len() <= 4 && COMMON.iter().any(|c| w.eq_ignore_ascii_case(c)) {
            hits += 1;
        }
    }
    total >= 12 && hits * 100 >= total * 22
}

/// whatlang speaks ISO 639-3; the rest of tidings speaks ISO 639-1.
fn iso_639_1(code3: &str) -> Option<&'static str> {
    Some(match code3 {
        "eng" => "en",
        "deu" => "de",
        "fra" => "fr",
        "spa" => "es",
        "ita" => "it",
        "por" => "pt",
        "nld" => "nl",
        "swe" => "sv",
        "dan" => "da",
        "nob" => "nb",
        "fin" => "fi",
        "rus" => "ru",
        "ukr" => "uk",
        "pol" => "pl",
        "ces" => "cs",
        "slk" => "sk",
        "slv" => "sl",
        "hrv" => "hr",
        "srp" => "sr",
        "bul" => "bg",
        "ron" => "ro",
        "hun" => "hu",
        "tur" => "tr",
        "ell" => "el",
        "ara" => "ar",
        "heb" => "he",
        "pes" => "fa",
        "hin" => "hi",
        "ben" => "bn",
        "urd" => "ur",
        "cmn" => "zh",
        "jpn" => "ja",
        "kor" => "ko",
        "vie" => "vi",
        "tha" => "th",
        "ind" => "id",
        "lit" => "lt",
        "lav" => "lv",
        "est" => "et",
        "cat" => "ca",
        "epo" => "eo",
        "afr" => "af",
        "tgl" => "tl",
        "bel" => "be",
        "mkd" => "mk",
        "aze" => "az",
        "kat" => "ka",
        "hye" => "hy",
        "tam" => "ta",
        "tel" => "te",
        "mar" => "mr",
        "guj" => "gu",
        "kan" => "kn",
        "mal" => "ml",
        "pan" => "pa",
        "nep" => "ne",
        "sin" => "si",
        "khm" => "km",
        "mya" => "my",
        "amh" => "am",
        "yid" => "yi",
        "zul" => "zu",
        "jav" => "jv",
        "uzb" => "uz",
        "ori" => "or",
        "sna" => "sn",
        "aka" => "ak",
        "lat" => "la",
        "tuk" => "tk",
        _ => return None,
    })
}

/// Stems cached per thread and language; cleared when it grows past this many entries.
pub const STEM_CACHE_SIZE: usize = 200_000;

thread_local! {
    /// Per language id, lowercase word to stem (two levels, so a lookup borrows the word).
    static STEM_CACHE: std::cell::RefCell<rustc_hash::FxHashMap<u8, rustc_hash::FxHashMap<String, String>>> = std::cell::RefCell::new(rustc_hash::FxHashMap::default());
}

/// Turns text into terms for one language.
pub struct Analyzer {
    stemmer: Stemmer,
    /// A small id of the algorithm, to key the stem cache.
    alg_id: u8,
}

impl Analyzer {
    /// An analyzer for `lang` (ISO 639-1); English when unknown.
    pub fn new(lang: Option<&str>) -> Analyzer {
        let alg = lang.and_then(algorithm).unwrap_or(Algorithm::English);
        let alg_id =
            lang.filter(|l| algorithm(l).is_some()).map_or(0, |l| l.bytes().fold(0u8, |h, b| h.wrapping_mul(31).wrapping_add(b)) | 1);
        Analyzer { stemmer: Stemmer::create(alg), alg_id }
    }

    /// The stemmed form of a lowercase word. Stemming is the costliest step of tokenising, and
    /// news reuses a small vocabulary, so stems are cached per thread.
    pub fn stem(&self, lower: &str) -> String {
        let mut out = String::new();
        self.stem_into(lower, &mut out);
        out
    }

    /// [`Analyzer::stem`] into a buffer the caller reuses: no allocation when the stem is cached.
    pub fn stem_into(&self, lower: &str, out: &mut String) {
        out.clear();
        STEM_CACHE.with(|c| {
            let mut cache = c.borrow_mut();
            let map = cache.entry(self.alg_id).or_default();
            if let Some(s) = map.get(lower) {
                out.push_str(s);
                return;
            }
            if map.len() >= STEM_CACHE_SIZE {
                map.clear();
            }
            let s = self.stemmer.stem(lower).into_owned();
            out.push_str(&s);
            map.insert(lower.to_string(), s);
        })
    }

    /// Content terms of `text`: lowercased, stop words and one-letter words dropped, stemmed.
    /// Numbers are kept as they are (they tell events apart).
    pub fn terms(&self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.for_each_term(text, |t| out.push(t));
        out
    }

    /// Like [`Analyzer::terms`] without collecting.
    pub fn for_each_term(&self, text: &str, mut f: impl FnMut(String)) {
        self.for_each_term_word(text, |t, _| f(t));
    }

    /// Like [`Analyzer::for_each_term`], with each term's lowercase word as written (to show a
    /// term to a reader: "earthquake" rather than the stem "earthquak").
    pub fn for_each_term_word(&self, text: &str, mut f: impl FnMut(String, &str)) {
        self.for_each_term_str(text, |t, w| f(t.to_string(), w));
    }

    /// Like [`Analyzer::for_each_term_word`], lending the term instead of giving it: the hot
    /// path of grouping, which needs only to look terms up.
    pub fn for_each_term_str(&self, text: &str, mut f: impl FnMut(&str, &str)) {
        let (mut buf, mut term) = (String::new(), String::new());
        for (_, w) in words(text) {
            lowercase_into(w, &mut buf);
            if buf.chars().count() < 2 || is_stop(&buf) {
                continue;
            }
            if buf.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
                term.clear();
                term.extend(buf.chars().filter(|&c| c != ','));
            } else {
                self.stem_into(&buf, &mut term);
            }
            f(&term, &buf);
        }
    }
}

/// Capitalised words that are not names besides days and months: abbreviations and a few words
/// that news capitalises.
const NOT_NAMES: &[&str] = &[
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "mr",
    "mrs",
    "ms",
    "dr",
    "am",
    "pm",
    "gmt",
    "utc",
    "today",
    "yesterday",
    "tomorrow",
    "breaking",
    "update",
    "updated",
    "live",
    "exclusive",
    "photo",
    "video",
];

fn is_not_name(lower: &str) -> bool {
    // "May" is a month but also a name ("Theresa May"), so it stays a name.
    (is_weekday_or_month(lower) && lower != "may") || NOT_NAMES.contains(&lower)
}

/// Runs of capitalised words in a sentence that are not simply its first word, lowercased and
/// joined by spaces ("Kim Jong Un", "vladivostok"). Hyphenated parts join the run.
pub fn names(sentence: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut run: Vec<String> = Vec::new();
    let mut first = true;
    let mut run_at_start = false;
    let mut last_end = 0;
    for (start, w) in words(sentence) {
        let gap = &sentence[last_end..start];
        let breaks = gap.chars().any(|c| matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '(' | ')' | '"' | '“' | '”'));
        if breaks || (!gap.is_empty() && gap.chars().any(|c| c == '\u{2019}' || c == '\'') && w == "s") {
            flush(&mut run, &mut out, &mut run_at_start);
        }
        last_end = start + w.len();
        let cap = w.chars().next().is_some_and(char::is_uppercase);
        let is_first = first;
        first = false;
        // Only a capitalised word can join a run: the others are not lowercased at all.
        let lower = if cap { w.to_lowercase() } else { String::new() };
        if cap && !is_not_name(&lower) && !(is_first && is_stop(&lower)) && !(run.is_empty() && is_stop(&lower)) {
            if run.is_empty() {
                run_at_start = is_first;
            }
            run.push(lower);
        } else {
            flush(&mut run, &mut out, &mut run_at_start);
        }
    }
    flush(&mut run, &mut out, &mut run_at_start);
    out
}

fn flush(run: &mut Vec<String>, out: &mut Vec<String>, at_start: &mut bool) {
    // A lone capitalised word that opens the sentence is just capitalised ("Analysts said");
    // a run that opens it is a name ("Vladimir Putin said").
    if run.len() > 1 || (!run.is_empty() && !*at_start) {
        out.push(run.join(" "));
    }
    run.clear();
    *at_start = false;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diacritics_fold() {
        assert_eq!(fold_diacritics("Mbappé São Paulo Łódź Ghebreyesus"), "Mbappe Sao Paulo Lodz Ghebreyesus");
    }

    #[test]
    fn words_keep_numbers_whole() {
        let got: Vec<&str> = words("Kim Jong-un’s 1,200 km trip at 3.5 km/h.").map(|(_, w)| w).collect();
        assert_eq!(got, ["Kim", "Jong", "un", "s", "1,200", "km", "trip", "at", "3.5", "km", "h"]);
    }

    #[test]
    fn spaced_words_count_as_split_whitespace_does() {
        for s in ["", " ", "one", " two  words ", "a\tb\nc\u{0b}d", "non\u{a0}breaking\u{2003}em space", "é à\u{3000}日本"] {
            assert_eq!(count_spaced_words(s), s.split_whitespace().count(), "{s:?}");
        }
    }

    #[test]
    fn words_read_letters_beyond_ascii_with_their_offsets() {
        let text = "«Mbappé» à São Paulo—٣ dés 2.";
        let got: Vec<(usize, &str)> = words(text).collect();
        let want = ["Mbappé", "à", "São", "Paulo", "٣", "dés", "2"];
        assert_eq!(got.iter().map(|(_, w)| *w).collect::<Vec<_>>(), want);
        for (start, w) in got {
            assert_eq!(&text[start..start + w.len()], w);
        }
        // A separator only counts between two digits, and a text may end on one.
        assert_eq!(words("1,.2 3,").map(|(_, w)| w).collect::<Vec<_>>(), ["1", "2", "3"]);
    }

    #[test]
    fn terms_are_stemmed_without_stop_words() {
        let a = Analyzer::new(Some("en"));
        assert_eq!(
            a.terms("The trains were travelling to Russia’s border, 1,200 km."),
            ["train", "travel", "russia", "border", "1200", "km"]
        );
    }

    #[test]
    fn names_are_capitalised_runs() {
        assert_eq!(
            names("The Kremlin said Kim Jong Un met Vladimir Putin in Vladivostok."),
            ["kremlin", "kim jong un", "vladimir putin", "vladivostok"]
        );
        // A lone capitalised word that opens a sentence is not taken for a name.
        assert_eq!(names("Russia’s Defence Minister, Sergei Shoigu, spoke."), ["defence minister", "sergei shoigu"]);
        assert_eq!(names("On Monday the Central Bank of Istova met in September."), ["central bank", "istova"]);
        assert_eq!(names("Analysts said Putin would go."), ["putin"]);
        assert_eq!(names("Vladimir Putin went to Vladivostok."), ["vladimir putin", "vladivostok"]);
    }

    #[test]
    fn languages_are_detected() {
        assert_eq!(detect_language("The government said on Monday that the train had crossed the border into Russia."), Some("en"));
        assert_eq!(detect_language("Die Regierung sagte am Montag, dass der Zug die Grenze nach Russland überquert habe."), Some("de"));
        assert_eq!(
            detect_language("Le gouvernement a déclaré lundi que le train avait franchi la frontière avec la Russie, selon les médias."),
            Some("fr")
        );
        assert_eq!(
            detect_language("El gobierno dijo el lunes que el tren había cruzado la frontera con Rusia, según los medios estatales."),
            Some("es")
        );
    }
}
