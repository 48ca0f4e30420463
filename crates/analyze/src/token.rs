//! A small word tokeniser with byte offsets, written for this crate's needs.
//!
//! It keeps abbreviations such as "Mr." and "U.S." whole, splits a possessive "'s" off its
//! word (so "Kim's" yields "Kim" and a possessive mark), reads ordinals ("6th") as numbers,
//! and splits "37mph" into a number and a unit.

use tidings_text::tokens::char_at;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    /// Digits, possibly with internal `,` or `.` and an ordinal suffix.
    Num,
    /// The possessive "'s" (or a bare "'" after a plural).
    Poss,
    Punct,
}

#[derive(Debug, Clone, Copy)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
}

/// Abbreviations that keep their final period.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "prof", "gen", "sen", "rep", "gov", "lt", "col", "capt", "sgt", "jr", "sr", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "vs", "inc", "corp", "ltd", "co", "mt", "ft", "rev", "adm", "cmdr",
    "gens",
];

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Tokenises `text[start..end]`; offsets are absolute in `text`.
pub fn tokenize(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    let s = &text[start..end];
    let b = s.as_bytes();
    // `next` is where the scan goes on: after the character at `i`, or after the token found there.
    let mut next = 0;
    while let Some(c) = char_at(s, next) {
        let i = next;
        next = i + c.len_utf8();
        if c.is_whitespace() {
            continue;
        }
        if c.is_ascii_digit() {
            let mut j = i + 1;
            while j < b.len() {
                let d = b[j];
                if d.is_ascii_digit() {
                    j += 1;
                } else if (d == b',' || d == b'.') && j + 1 < b.len() && b[j + 1].is_ascii_digit() {
                    j += 2;
                } else {
                    break;
                }
            }
            // Ordinal suffix: 6th, 1st, 22nd, 3rd.
            let rest = &s[j..];
            let rb = rest.as_bytes();
            if rb.len() >= 2 {
                let suf = [rb[0].to_ascii_lowercase(), rb[1].to_ascii_lowercase()];
                if matches!(&suf, b"st" | b"nd" | b"rd" | b"th") && !rest[2..].chars().next().is_some_and(|c| c.is_alphabetic()) {
                    j += 2;
                }
            }
            out.push(Token { start: start + i, end: start + j, kind: Kind::Num });
            next = j;
            continue;
        }
        if c.is_alphabetic() {
            let mut j = i + c.len_utf8();
            loop {
                // A run of ASCII letters without decoding them.
                while j < b.len() && b[j].is_ascii_alphabetic() {
                    j += 1;
                }
                let Some(n) = char_at(s, j) else { break };
                if n.is_alphabetic() {
                    j += n.len_utf8();
                    continue;
                }
                // Letters followed by digits stay one word only after a hyphen (COVID-19, MiG-29).
                if n == '-' {
                    if let Some(m) = char_at(s, j + 1) {
                        if is_word_char(m) {
                            j += 1 + m.len_utf8();
                            while let Some(k) = char_at(s, j) {
                                if is_word_char(k) {
                                    j += k.len_utf8();
                                } else {
                                    break;
                                }
                            }
                            continue;
                        }
                    }
                }
                if is_apostrophe(n) {
                    let after = &s[j + n.len_utf8()..];
                    let mut it = after.chars();
                    let a = it.next();
                    let bnext = it.next();
                    if matches!(a, Some('s') | Some('S')) && !bnext.is_some_and(|c| c.is_alphabetic()) {
                        break; // possessive, handled below
                    }
                    // don't, O'Brien
                    if a.is_some_and(|c| c.is_alphabetic()) {
                        j += n.len_utf8();
                        continue;
                    }
                }
                break;
            }
            // Abbreviation period: "Mr.", "Sept.", "U.S."
            let word = &s[i..j];
            if s[j..].starts_with('.') {
                if ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word)) {
                    j += 1;
                } else if word.chars().count() == 1 && word.chars().all(|c| c.is_uppercase()) {
                    // U.S. / U.K. / D.C.
                    j += 1;
                    loop {
                        let r = &s[j..];
                        let mut it = r.chars();
                        match (it.next(), it.next()) {
                            (Some(x), Some('.')) if x.is_uppercase() => j += 1 + x.len_utf8(),
                            _ => break,
                        }
                    }
                }
            }
            out.push(Token { start: start + i, end: start + j, kind: Kind::Word });
            next = j;
            // Possessive.
            if let Some(a) = char_at(s, j) {
                if is_apostrophe(a) {
                    let al = a.len_utf8();
                    let mut it = s[j + al..].chars();
                    let n1 = it.next();
                    let n2 = it.next();
                    if matches!(n1, Some('s') | Some('S')) && !n2.is_some_and(|c| c.is_alphabetic()) {
                        out.push(Token { start: start + j, end: start + j + al + 1, kind: Kind::Poss });
                        next = j + al + 1;
                    }
                }
            }
            continue;
        }
        out.push(Token { start: start + i, end: start + i + c.len_utf8(), kind: Kind::Punct });
    }
}

/// Lowercases a token text for lexicon look-ups, folding curly apostrophes and dropping final periods.
pub fn norm(t: &str) -> String {
    let mut s = String::with_capacity(t.len());
    for c in t.chars() {
        match c {
            '’' => s.push('\''),
            c => s.extend(c.to_lowercase()),
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<String> {
        let mut v = Vec::new();
        tokenize(s, 0, s.len(), &mut v);
        v.iter().map(|t| s[t.start..t.end].to_string()).collect()
    }

    #[test]
    fn splits_words_numbers_and_possessives() {
        assert_eq!(toks("Mr. Kim’s train, 37mph."), ["Mr.", "Kim", "’s", "train", ",", "37", "mph", "."]);
        assert_eq!(toks("the U.S. said on September 6th"), ["the", "U.S.", "said", "on", "September", "6th"]);
        assert_eq!(toks("Kim Jong-un's 1,200.5 COVID-19"), ["Kim", "Jong-un", "'s", "1,200.5", "COVID-19"]);
        assert_eq!(toks("“don't”"), ["“", "don't", "”"]);
    }
}
