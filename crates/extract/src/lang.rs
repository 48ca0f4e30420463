//! Language of the text: whatlang's guess as an ISO 639-1 code, with the page's `<html lang>` as a fallback when
//! the guess is unreliable.

use whatlang::Lang;

/// Text shorter than this is not given to the detector; the `<html lang>` attribute decides alone.
pub const MIN_DETECT_CHARS: usize = 40;

/// How much of the text is given to the detector.
pub const DETECT_SAMPLE_CHARS: usize = 600;

/// Detect the language of `text`, falling back on the page's declared `html_lang`.
pub(crate) fn detect(text: &str, html_lang: Option<&str>) -> Option<String> {
    let declared = html_lang.and_then(declared_code);
    if text.chars().count() < MIN_DETECT_CHARS {
        return declared;
    }
    // The detector is linear in its input; a few hundred characters decide about as well as the whole text.
    let sample = match text.char_indices().nth(DETECT_SAMPLE_CHARS) {
        Some((i, _)) => &text[..i],
        None => text,
    };
    match whatlang::detect(sample) {
        Some(info) => {
            let code = iso639_1(info.lang()).map(str::to_string);
            if info.is_reliable() || declared.is_none() {
                code.or(declared)
            } else if declared.as_deref() == code.as_deref() {
                code
            } else {
                declared
            }
        }
        None => declared,
    }
}

/// "en-US" → "en"; only two-letter primary tags are accepted.
fn declared_code(s: &str) -> Option<String> {
    let primary = s.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    (primary.len() == 2 && primary.bytes().all(|b| b.is_ascii_lowercase())).then_some(primary)
}

fn iso639_1(l: Lang) -> Option<&'static str> {
    use Lang::*;
    Some(match l {
        Epo => "eo",
        Eng => "en",
        Rus => "ru",
        Cmn => "zh",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Ben => "bn",
        Fra => "fr",
        Deu => "de",
        Ukr => "uk",
        Kat => "ka",
        Ara => "ar",
        Hin => "hi",
        Jpn => "ja",
        Heb => "he",
        Yid => "yi",
        Pol => "pl",
        Amh => "am",
        Jav => "jv",
        Kor => "ko",
        Nob => "nb",
        Dan => "da",
        Swe => "sv",
        Fin => "fi",
        Tur => "tr",
        Nld => "nl",
        Hun => "hu",
        Ces => "cs",
        Ell => "el",
        Bul => "bg",
        Bel => "be",
        Mar => "mr",
        Kan => "kn",
        Ron => "ro",
        Slv => "sl",
        Hrv => "hr",
        Srp => "sr",
        Mkd => "mk",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Tam => "ta",
        Vie => "vi",
        Urd => "ur",
        Tha => "th",
        Guj => "gu",
        Uzb => "uz",
        Pan => "pa",
        Aze => "az",
        Ind => "id",
        Tel => "te",
        Pes => "fa",
        Mal => "ml",
        Ori => "or",
        Mya => "my",
        Nep => "ne",
        Sin => "si",
        Khm => "km",
        Tuk => "tk",
        Aka => "ak",
        Zul => "zu",
        Sna => "sn",
        Afr => "af",
        Lat => "la",
        Slk => "sk",
        Cat => "ca",
        Tgl => "tl",
        Hye => "hy",
        #[allow(unreachable_patterns)]
        _ => return None,
    })
}
