//! Hard-wrapped text joined back into paragraphs.
//!
//! An e-mail, a terminal browser's dump (`lynx -dump`, `w3m -dump` at 80 columns), a newsletter or a
//! PDF's copied text cuts each paragraph into lines of about one width. Read line by line, such a
//! paragraph is a run of short lines without final stops: a menu, for the text cleaner. Here the lines
//! are joined again before the cleaner reads them.
//!
//! The width is found from the text itself: the column that most of its long lines end just before,
//! with hardly any line beyond it, and most of the lines that end there end in the middle of a sentence
//! (a text of one-sentence paragraphs of about one length is not wrapped). A line then runs on into the next when the next line's first word
//! would not have fitted on it: the writer's tool broke it there. A line that ends short of the width
//! (a paragraph's last line, a heading, a menu item) ends its paragraph. Text that is not wrapped (a
//! browser's copy, one paragraph a line) comes back unchanged.

use std::borrow::Cow;

use crate::clean::ends_like_sentence;
use crate::lexicon::is_stop;

/// The narrowest width taken for a wrapping column: below it, lines are items, not wrapped prose.
pub const WRAP_MIN_WIDTH: usize = 40;
/// The widest: beyond it, a line is a whole paragraph more often than a wrapped piece of one.
pub const WRAP_MAX_WIDTH: usize = 132;
/// A wrapped line ends at most this many columns short of the width (a long word went to the next line).
pub const WRAP_SLACK: usize = 15;
/// At least this many lines end within the slack of the width for the text to count as wrapped.
pub const WRAP_MIN_LINES: usize = 5;
/// When fewer than half of the lines at least half the width long end near it (a wrapped article among a page's
/// menus, teasers and comments), at least this share of those near it must end where no title or sentence ends:
/// after a comma, a dash or a function word, or with the next line going on in lower case. A list of headlines of
/// about one length ends none of them so. With the bench's w3m renderings at 80 columns, 0.3 finds 963 of
/// trafilatura-eval's 990 pages and 177 of AEB's 181 wrapped (890 and 174 without this rule); 0.2 finds 7 more, and
/// one page of the wide rendering (a page w3m lays out as a table). In the wide renderings (5 of their 2,342 pages
/// found wrapped) and in the texts of ECB+, GVC and WikiRef220 (none) it finds nothing more.
pub const WRAP_CUT_SHARE: f64 = 0.3;

/// Columns a line takes, without trailing space.
fn columns(line: &str) -> usize {
    line.trim_end().chars().count()
}

/// Whether a line ends where a wrapping tool cut it and no title or sentence ends: after a comma, a semicolon or a
/// dash, after a function word ("the", "der", "et"), or with the next line going on in lower case.
fn ends_cut(line: &str, next: Option<&str>) -> bool {
    if line.ends_with([',', ';', '-', '–', '—']) {
        return true;
    }
    let last = line.rsplit(char::is_whitespace).next().unwrap_or("").trim_matches(|c: char| !c.is_alphanumeric());
    // Lower-cased only when it has a capital: most lines end in a lower-case word.
    let stop = if last.chars().any(|c| c.is_alphabetic() && !c.is_lowercase()) { is_stop(&last.to_lowercase()) } else { is_stop(last) };
    (!last.is_empty() && stop) || next.and_then(|n| n.trim_start().chars().next()).is_some_and(char::is_lowercase)
}

/// The width the text is wrapped at, if it is: the width with the most lines ending within
/// [`WRAP_SLACK`] of it, when those are at least [`WRAP_MIN_LINES`], at most one in ten of them is longer than the
/// width, two thirds of those near the width end in the middle of a sentence, and either they are most of the lines
/// at least half that long or [`WRAP_CUT_SHARE`] of them end cut ([`ends_cut`]).
pub fn wrap_width(text: &str) -> Option<usize> {
    let mut counts = [0usize; WRAP_MAX_WIDTH + 2];
    let mut open = [0usize; WRAP_MAX_WIDTH + 2];
    let mut cut = [0usize; WRAP_MAX_WIDTH + 2];
    let mut longer = 0usize;
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        // A char takes at most 4 bytes: a line that long is beyond the widest width without counting its chars.
        let n = if line.len() > 4 * WRAP_MAX_WIDTH { WRAP_MAX_WIDTH + 1 } else { columns(line) };
        if n == 0 {
            continue;
        }
        if n > WRAP_MAX_WIDTH {
            longer += 1;
        } else {
            counts[n] += 1;
            let t = line.trim_end();
            if !ends_like_sentence(t) && !t.ends_with(':') {
                open[n] += 1;
                if n + WRAP_SLACK >= WRAP_MIN_WIDTH && ends_cut(t, lines.peek().copied()) {
                    cut[n] += 1;
                }
            }
        }
    }
    // Most texts have too few lines of a wrapping length to be wrapped at all.
    if counts[WRAP_MIN_WIDTH - WRAP_SLACK..].iter().sum::<usize>() < WRAP_MIN_LINES {
        return None;
    }
    // Lines longer than w: those above the table and those counted in it.
    let above = |w: usize| longer + counts[w + 1..].iter().sum::<usize>();
    let mut best: Option<(usize, usize)> = None;
    for w in WRAP_MIN_WIDTH..=WRAP_MAX_WIDTH {
        let full: usize = counts[w - WRAP_SLACK..=w].iter().sum();
        if full < WRAP_MIN_LINES || counts[w] == 0 {
            continue;
        }
        let half: usize = counts[w / 2..=w].iter().sum();
        let open: usize = open[w - WRAP_SLACK..=w].iter().sum();
        let cut: usize = cut[w - WRAP_SLACK..=w].iter().sum();
        if (full * 2 < half && (cut as f64) < WRAP_CUT_SHARE * full as f64) || above(w) * 10 > full || open * 3 < full * 2 {
            continue;
        }
        if best.is_none_or(|(_, f)| full > f) {
            best = Some((w, full));
        }
    }
    best.map(|(w, _)| w)
}

/// The inverse of [`unwrap`]: each line of `text` (a paragraph) cut into lines of at most `width` columns at its
/// spaces, as a terminal browser or a mail client does; for tests and benchmarks.
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    for para in text.lines() {
        let mut line = String::new();
        for w in para.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + w.chars().count() > width {
                out.push_str(&line);
                out.push('\n');
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(w);
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// Whether a line opens an item rather than continuing a paragraph: a bullet or a list number.
fn opens_item(line: &str) -> bool {
    let t = line.trim_start();
    let mut chars = t.chars();
    match chars.next() {
        Some('•' | '*' | '-' | '–' | '—' | '·' | '>' | '|') => chars.next().is_some_and(char::is_whitespace),
        Some(c) if c.is_ascii_digit() => {
            let rest = t.trim_start_matches(|c: char| c.is_ascii_digit());
            rest.starts_with(". ") || rest.starts_with(") ")
        }
        _ => false,
    }
}

/// The text with its hard-wrapped paragraphs joined, one paragraph a line; unchanged when it is not wrapped.
pub fn unwrap(text: &str) -> Cow<'_, str> {
    let Some(width) = wrap_width(text) else { return Cow::Borrowed(text) };
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len());
    let mut continued = false;
    for (i, &full) in lines.iter().enumerate() {
        // A line the previous one runs on into loses its indent (a centred or justified heading's second line).
        let line = if continued { full.trim_start() } else { full };
        let next = lines.get(i + 1).map(|l| l.trim()).filter(|l| !l.is_empty() && !opens_item(l));
        let runs_on = next.is_some_and(|n| {
            let first = n.split_whitespace().next().map_or(0, |w| w.chars().count());
            !full.trim().is_empty() && columns(full) + 1 + first > width && columns(full) + WRAP_SLACK >= width
        });
        continued = runs_on;
        if runs_on {
            let t = line.trim_end();
            out.push_str(t);
            // A word cut at its hyphen ("well-\nknown") keeps the hyphen and joins the next without a space.
            if !t.ends_with('-') || t[..t.len() - 1].ends_with(char::is_whitespace) {
                out.push(' ');
            }
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Bridge to close for two years\nHome\nNews\nThe city council voted on Thursday to close the old bridge for repairs that will take two years, the mayor said after a long meeting.\nEngineers said cracks had been found in three of the bridge's supporting columns last month. Traffic will be sent over the new ring road, which opened in May and has room for more cars than the old bridge ever carried.\nShops on both sides of the river fear for their trade. \"Half of our customers come over the bridge on foot,\" said the owner of a bakery on its northern end, who has asked the council to run a ferry while the works last.\n- First item of a list that is long enough to wrap over the width of the text\n- Second item\nShare this article";

    #[test]
    fn wrapped_paragraphs_are_joined_and_short_lines_stay() {
        for width in [60, 72, 80] {
            let wrapped = wrap(TEXT, width);
            assert_eq!(wrap_width(&wrapped).map(|w| w <= width && w + WRAP_SLACK > width), Some(true), "{wrapped}");
            assert_eq!(unwrap(&wrapped).trim_end(), TEXT, "width {width}:\n{wrapped}");
        }
    }

    #[test]
    fn text_that_is_not_wrapped_is_unchanged() {
        assert!(matches!(unwrap(TEXT), Cow::Borrowed(_)));
        let menu =
            "Home\nWorld news and more\nBusiness and finance\nSport results of today\nCulture and arts today\nWeather for the week\n";
        assert!(matches!(unwrap(menu), Cow::Borrowed(_)));
        // One sentence a paragraph, each about as long as the others: lines of one length that end their sentences.
        let short = "The city council voted on Thursday to close the old bridge for repairs that will take two years.\nEngineers said cracks had been found in three of the bridge's supporting columns last month.\nThe council said the work would start in May and that a ferry would run every half hour until then.\nThe ferry will not carry enough people at rush hour, and the council knows it, the mayor admitted.\nShops on both sides of the river fear for their trade, their owners told the council on Thursday.\nA new library wing opened on Saturday with a reading room for children and a café on the roof.\n";
        assert_eq!(wrap_width(short), None);
    }

    #[test]
    fn a_wrapped_article_among_a_page_of_menus_is_joined_and_a_list_of_headlines_is_not() {
        // Under a page's teasers (most of its lines of some length, none near the width), an article wrapped at 80
        // columns.
        let teasers = "Die Stadt baut im Sommer eine neue Brücke über den Fluss.\n\
                       Der Bürgermeister lädt am Montag zur Sitzung des Rates ein.\n\
                       Im Museum ist eine neue Ausstellung über die Stadt zu sehen.\n\
                       Die Polizei sucht Zeugen für einen Unfall an der Kreuzung.\n\
                       Am Wochenende wird auf dem Markt wieder gefeiert.\n\
                       Die Schule bekommt neue Computer für alle Klassen.\n";
        let article = wrap(&TEXT.lines().skip(3).take(3).collect::<Vec<_>>().join("\n"), 80);
        let page = format!("{teasers}{teasers}\n{article}");
        assert_eq!(wrap_width(&page), Some(80), "{page}");
        assert!(unwrap(&page).contains("close the old bridge for repairs that will take two years, the mayor said"), "{}", unwrap(&page));
        // Headlines of about one length under a menu, as a list of teasers gives them: none ends cut, and they stay one
        // a line.
        let headlines = "Nahrungsergänzungsmittel - Das dubiose Geschäft mit der Hoffnung\n\
                         Landwirtschaft ohne Chemie? Bauern suchen neue Wege auf dem Acker\n\
                         Aufgefahren und abgezockt: Die Tricks der Unfallbetrüger im Verkehr\n\
                         Die letzte Entscheidung - Wie sich die Bestattungskultur wandelt\n\
                         Hat das Landleben Zukunft? Wie Dörfer ums Überleben kämpfen im Osten\n\
                         Frisch auf den Tisch - Die Wahrheit über Restaurants in der Stadt\n";
        let menu = "Alle Nachrichten aus der Region im Überblick\n\
                    Politik und Wirtschaft aus dem Landkreis\n\
                    Sport am Wochenende mit allen Ergebnissen\n\
                    Kultur und Veranstaltungen in der Stadt\n\
                    Das Wetter für heute und die nächsten Tage\n\
                    Leserbriefe und Kommentare zur Lage\n";
        let many = format!("{menu}{menu}{menu}{headlines}{headlines}");
        assert_eq!(wrap_width(&many), None, "{many}");
    }

    #[test]
    fn a_word_cut_at_its_hyphen_is_joined_whole() {
        let wrapped = "The council said on Thursday that the bridge over the river, a well-\nknown landmark, will close for two years of repairs after engineers had\nfound cracks in three of its columns last month. Traffic will go over\nthe ring road that opened in May this year, the mayor of the city told\nreporters after a long meeting with the engineers and the police chief\non Thursday night.\n";
        assert_eq!(wrap_width(wrapped), Some(71));
        let joined = unwrap(wrapped);
        assert_eq!(joined.lines().count(), 1, "{joined}");
        assert!(joined.contains("a well-known landmark, will close") && joined.contains("over the ring road"), "{joined}");
        // The second line of a centred heading loses its indent.
        let centred = wrapped.replace("\nfound cracks", "\n     found cracks");
        assert!(unwrap(&centred).contains("engineers had found cracks"), "{}", unwrap(&centred));
    }
}
