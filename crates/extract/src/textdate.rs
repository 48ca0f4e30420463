//! Dates written for people: "14. Juni 2013", "January 8, 2020", "19.05.2007", "5 de enero de 2020", "2020-01-08".
//! Only full dates (day, month and year) are accepted; anything less is no date.

use chrono::NaiveDate;

/// Month names and abbreviations in the languages most common in the corpus (en, de, fr, es, it, pt, nl, pl); the Russian
/// genitives are `tidings_text::lexicon::MONTHS_RU_GENITIVE`, shared with text mode.
const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("januar", 1),
    ("jänner", 1),
    ("janvier", 1),
    ("janv", 1),
    ("enero", 1),
    ("ene", 1),
    ("gennaio", 1),
    ("janeiro", 1),
    ("januari", 1),
    ("stycznia", 1),
    ("styczeń", 1),
    ("february", 2),
    ("feb", 2),
    ("februar", 2),
    ("février", 2),
    ("fevrier", 2),
    ("févr", 2),
    ("febrero", 2),
    ("febbraio", 2),
    ("fevereiro", 2),
    ("februari", 2),
    ("lutego", 2),
    ("luty", 2),
    ("march", 3),
    ("mar", 3),
    ("märz", 3),
    ("mär", 3),
    ("maerz", 3),
    ("mars", 3),
    ("marzo", 3),
    ("março", 3),
    ("maart", 3),
    ("marca", 3),
    ("marzec", 3),
    ("april", 4),
    ("apr", 4),
    ("avril", 4),
    ("abril", 4),
    ("aprile", 4),
    ("kwietnia", 4),
    ("kwiecień", 4),
    ("may", 5),
    ("mai", 5),
    ("mayo", 5),
    ("maggio", 5),
    ("maio", 5),
    ("mei", 5),
    ("maja", 5),
    ("maj", 5),
    ("june", 6),
    ("jun", 6),
    ("juni", 6),
    ("juin", 6),
    ("junio", 6),
    ("giugno", 6),
    ("junho", 6),
    ("czerwca", 6),
    ("czerwiec", 6),
    ("july", 7),
    ("jul", 7),
    ("juli", 7),
    ("juillet", 7),
    ("juil", 7),
    ("julio", 7),
    ("luglio", 7),
    ("julho", 7),
    ("lipca", 7),
    ("lipiec", 7),
    ("august", 8),
    ("aug", 8),
    ("août", 8),
    ("aout", 8),
    ("agosto", 8),
    ("augustus", 8),
    ("sierpnia", 8),
    ("sierpień", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("septembre", 9),
    ("septiembre", 9),
    ("settembre", 9),
    ("setembro", 9),
    ("września", 9),
    ("wrzesień", 9),
    ("october", 10),
    ("oct", 10),
    ("oktober", 10),
    ("okt", 10),
    ("octobre", 10),
    ("octubre", 10),
    ("ottobre", 10),
    ("outubro", 10),
    ("października", 10),
    ("październik", 10),
    ("november", 11),
    ("nov", 11),
    ("novembre", 11),
    ("noviembre", 11),
    ("novembro", 11),
    ("listopada", 11),
    ("listopad", 11),
    ("december", 12),
    ("dec", 12),
    ("dezember", 12),
    ("dez", 12),
    ("décembre", 12),
    ("decembre", 12),
    ("diciembre", 12),
    ("dic", 12),
    ("dicembre", 12),
    ("dezembro", 12),
    ("grudnia", 12),
    ("grudzień", 12),
];

/// Words allowed between the parts of a date ("5 de enero de 2020", "le 3 mars 2021").
const FILLERS: &[&str] = &["de", "del", "di", "of", "the", "th", "st", "nd", "rd"];

#[derive(Debug)]
enum Tok {
    Num(u32, usize),
    Month(u32),
    Other,
}

fn tokens(s: &str) -> Vec<(Tok, char)> {
    let mut out = Vec::new();
    let mut chars = s.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if c.is_ascii_digit() {
            let mut j = i;
            while let Some(&(k, d)) = chars.peek() {
                if d.is_ascii_digit() {
                    j = k + 1;
                    chars.next();
                } else {
                    break;
                }
            }
            let next = chars.peek().map_or(' ', |&(_, d)| d);
            let digits = &s[i..j];
            let v = if digits.len() <= 4 { digits.parse().unwrap_or(0) } else { 0 };
            out.push((Tok::Num(v, digits.len()), next));
        } else if c.is_alphabetic() {
            let mut j = i;
            while let Some(&(k, d)) = chars.peek() {
                if d.is_alphabetic() {
                    j = k + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            let next = chars.peek().map_or(' ', |&(_, d)| d);
            let w = s[i..j].to_lowercase();
            if FILLERS.contains(&w.as_str()) {
                continue;
            }
            match MONTHS.iter().chain(tidings_text::lexicon::MONTHS_RU_GENITIVE).find(|(m, _)| *m == w) {
                Some(&(_, m)) => out.push((Tok::Month(m), next)),
                None => out.push((Tok::Other, next)),
            }
        } else {
            chars.next();
        }
        if out.len() > 400 {
            break;
        }
    }
    out
}

fn ymd(y: u32, m: u32, d: u32) -> Option<NaiveDate> {
    if !(1990..=2100).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y as i32, m, d)
}

/// The first full date written in `s`. `month_first` reads "03/04/2020" as March 4 (US usage).
pub(crate) fn find_date(s: &str, month_first: bool) -> Option<NaiveDate> {
    let t = tokens(s);
    for i in 0..t.len() {
        let get = |k: usize| t.get(i + k);
        match (get(0), get(1), get(2)) {
            // 2020-01-08, 2020/01/08, 2020.01.08
            (Some((Tok::Num(y, 4), s1)), Some((Tok::Num(m, 1..=2), s2)), Some((Tok::Num(d, 1..=2), _)))
                if matches!(s1, '-' | '/' | '.') && s1 == s2 =>
            {
                if let Some(x) = ymd(*y, *m, *d) {
                    return Some(x);
                }
            }
            // 19.05.2007, 19/05/2007, 05/19/2007
            (Some((Tok::Num(a, 1..=2), s1)), Some((Tok::Num(b, 1..=2), s2)), Some((Tok::Num(y, 4), _)))
                if matches!(s1, '.' | '/' | '-') && s1 == s2 =>
            {
                let (d, m) = if *s1 == '/' && month_first && *a <= 12 || *a <= 12 && *b > 12 { (*b, *a) } else { (*a, *b) };
                if let Some(x) = ymd(*y, m, d) {
                    return Some(x);
                }
            }
            // 28.01.22: day, month and a two-digit year, all of two digits and dotted (not a version "1.2.3" or an
            // address "10.0.0.1")
            (Some((Tok::Num(d, 2), '.')), Some((Tok::Num(m, 2), '.')), Some((Tok::Num(y, 2), after)))
                if *after != '.' && !(i > 0 && matches!(t[i - 1], (Tok::Num(..), '.'))) =>
            {
                if let Some(x) = ymd(if *y < 70 { 2000 + *y } else { 1900 + *y }, *m, *d) {
                    return Some(x);
                }
            }
            // 14. Juni 2013, 5 de enero de 2020, 8 January 2020
            (Some((Tok::Num(d, 1..=2), _)), Some((Tok::Month(m), _)), Some((Tok::Num(y, 4), _))) => {
                if let Some(x) = ymd(*y, *m, *d) {
                    return Some(x);
                }
            }
            // January 8, 2020; Jan. 8th 2020
            (Some((Tok::Month(m), _)), Some((Tok::Num(d, 1..=2), _)), Some((Tok::Num(y, 4), _))) => {
                if let Some(x) = ymd(*y, *m, *d) {
                    return Some(x);
                }
            }
            _ => {}
        }
    }
    None
}

/// The first full date in a long text: `find_date` over overlapping windows, so that the token limit of one call
/// does not hide the dates further down.
pub(crate) fn find_date_anywhere(s: &str, month_first: bool) -> Option<NaiveDate> {
    const WINDOW: usize = 1500;
    const OVERLAP: usize = 60;
    let mut start = 0;
    while start < s.len() {
        // Windows end at a space, so no date is cut in two.
        let mut end = (start + WINDOW).min(s.len());
        while end < s.len() && !(s.is_char_boundary(end) && s[end..].starts_with(char::is_whitespace)) {
            end += 1;
        }
        if let Some(d) = find_date(&s[start..end], month_first) {
            return Some(d);
        }
        if end == s.len() {
            break;
        }
        start = end - OVERLAP;
        while !s.is_char_boundary(start) {
            start += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::find_date;

    #[test]
    fn written_dates() {
        let cases = [
            ("14. Juni 2013 at 20:51", "2013-06-14"),
            ("Posted on January 8, 2020 by Ann", "2020-01-08"),
            ("Aktualisiert am 19.05.2007, 10:00", "2007-05-19"),
            ("5 de enero de 2020", "2020-01-05"),
            ("le 3 mars 2021", "2021-03-03"),
            ("2020-01-08T10:00", "2020-01-08"),
            ("Sept. 21st, 2019", "2019-09-21"),
            ("12 października 2021", "2021-10-12"),
        ];
        for (s, want) in cases {
            assert_eq!(find_date(s, false).map(|d| d.to_string()).as_deref(), Some(want), "{s}");
        }
        assert_eq!(find_date("03/04/2020", true).unwrap().to_string(), "2020-03-04");
        assert_eq!(find_date("Von: Ann Lee | 31.10.23", false).unwrap().to_string(), "2023-10-31");
        assert_eq!(find_date("15 августа 2016, 13:43", false).unwrap().to_string(), "2016-08-15");
        for s in ["no date here", "Juni 2013", "32.13.2020", "call 0800 123 4567", "host 10.10.10.10", "v 1.12.22.4"] {
            assert_eq!(find_date(s, false), None, "{s}");
        }
    }

    #[test]
    fn dates_far_down_a_long_text() {
        let filler = "word ".repeat(3000);
        let s = format!("{filler} Datum: 25.01.2022 {filler}");
        assert_eq!(super::find_date_anywhere(&s, false).unwrap().to_string(), "2022-01-25");
        // A window never ends inside a date: "2020-01-15" is not read as "2020-01-01".
        for pad in 1490..1510 {
            let s = format!("{} 2020-01-15 and more", "x".repeat(pad));
            assert_eq!(super::find_date_anywhere(&s, false).unwrap().to_string(), "2020-01-15", "{pad}");
        }
        assert_eq!(super::find_date_anywhere(&filler, false), None);
    }
}
