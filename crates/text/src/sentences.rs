//! Sentence splitting tuned for news text.
//!
//! A boundary is a `.`, `!`, `?` or `…` (possibly repeated, possibly followed by closing quotes
//! or brackets), then whitespace, then something that can start a sentence. A period is not a
//! boundary after titles ("Mr.", "Sen."), initials ("J. R. R."), or dotted abbreviations
//! ("U.S.", "a.m.") unless the next word is one that usually starts a sentence. Decimals never
//! break because no whitespace follows their point. Sentences that end inside quotes end after
//! the closing quote. The spans returned are byte offsets into the input and never include the
//! surrounding whitespace.

use tidings_model::Span;

use crate::lexicon::{is_weekday_or_month, FINAL_ABBR_SET, STARTER_SET, TITLE_ABBR_SET};

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']')
}

fn is_opener(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '‘' | '«' | '(' | '[' | '¿' | '¡')
}

/// Splits a paragraph (or any text without paragraph breaks) into sentence spans, relative to `text`.
pub fn split_sentences(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut start = skip_ws(text, 0);
    let mut i = start;
    while i < text.len() {
        let c = text[i..].chars().next().unwrap_or(' ');
        let clen = c.len_utf8();
        if c == '\n' && text[i + 1..].starts_with('\n') {
            // A blank line always ends a sentence (paragraph break).
            push(&mut spans, text, start, i);
            start = skip_ws(text, i);
            i = start;
            continue;
        }
        if !matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？') {
            i += clen;
            continue;
        }
        // Extend over repeated terminators and closing quotes/brackets: `?!`, `...`, `.”`, `.)`.
        let mut end = i + clen;
        while let Some(n) = text[end..].chars().next() {
            if matches!(n, '.' | '!' | '?' | '…') || is_closer(n) {
                end += n.len_utf8();
            } else {
                break;
            }
        }
        let after = skip_ws(text, end);
        if after == end && end < text.len() {
            // No whitespace after: "3.5", "U.S.-led", "example.com".
            i = end;
            continue;
        }
        if after >= text.len() {
            break;
        }
        if is_boundary(text, start, i, c, end, after) {
            push(&mut spans, text, start, end);
            start = after;
        }
        i = after;
    }
    push(&mut spans, text, start, text.len());
    spans
}

fn skip_ws(text: &str, mut i: usize) -> usize {
    while let Some(c) = text[i..].chars().next() {
        if c.is_whitespace() {
            i += c.len_utf8();
        } else {
            break;
        }
    }
    i
}

fn push(spans: &mut Vec<Span>, text: &str, start: usize, end: usize) {
    let s = &text[start..end];
    let trimmed_end = start + s.trim_end().len();
    let trimmed_start = start + (s.len() - s.trim_start().len());
    if trimmed_start < trimmed_end {
        spans.push(Span::new(trimmed_start, trimmed_end));
    }
}

/// The word after position `at`, with leading openers skipped.
fn next_word(text: &str, at: usize) -> &str {
    let rest = text[at..].trim_start_matches(is_opener);
    let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’')).unwrap_or(rest.len());
    &rest[..end]
}

/// The token before the terminator at `term` (back to the previous whitespace), without openers.
fn prev_token(text: &str, sentence_start: usize, term: usize) -> &str {
    let before = &text[sentence_start..term];
    // The whitespace may be wider than one byte (a no-break space).
    let start = before.char_indices().rev().find(|(_, c)| c.is_whitespace()).map(|(p, c)| p + c.len_utf8()).unwrap_or(0);
    before[start..].trim_start_matches(is_opener)
}

fn is_boundary(text: &str, sentence_start: usize, term: usize, c: char, end: usize, after: usize) -> bool {
    let next_char = text[after..].chars().next().unwrap_or(' ');
    let word = next_word(text, after);
    let first = word.chars().next().unwrap_or(next_char);
    // A lowercase continuation is never a new sentence: `"Why?" he asked`, `e.g. this`.
    if first.is_lowercase() {
        return false;
    }
    // Closing quote directly before the terminator and lowercase after is handled above; a
    // quote that closes after `?`/`!` followed by an uppercase word is a boundary.
    if c != '.' || end > term + 1 && text[term..end].contains("..") {
        return true;
    }
    // A period closed by a quote or bracket ends the sentence: `He said "no." She left.`
    if text[term + 1..end].chars().any(is_closer) {
        return true;
    }
    let tok = prev_token(text, sentence_start, term);
    let lower = tok.trim_end_matches('.').to_lowercase();
    let starter = STARTER_SET.contains(word.to_lowercase().as_str());
    let next_is_digit = first.is_ascii_digit();
    // Initials: a single letter ("J. Smith"), or letters with inner dots ("U.S.", "a.m.").
    let letters_only: String = tok.chars().filter(|c| c.is_alphabetic()).collect();
    let dotted = tok.trim_end_matches('.').contains('.') && tok.chars().all(|c| c.is_alphabetic() || c == '.');
    if letters_only.chars().count() == 1 && tok.chars().all(char::is_alphabetic) && tok.chars().all(char::is_uppercase) {
        // An initial ("George W. Bush"), unless a plain sentence opener follows ("Plan B. The").
        return is_common_starter(word);
    }
    if dotted {
        let is_time = matches!(lower.as_str(), "a.m" | "p.m");
        if is_time {
            let w = word.to_lowercase();
            return first.is_uppercase() && !is_weekday_or_month(&w) && !next_is_digit;
        }
        return starter;
    }
    if TITLE_ABBR_SET.contains(lower.as_str()) && tok.chars().next().is_some_and(char::is_alphabetic) {
        if FINAL_ABBR_SET.contains(lower.as_str()) {
            return starter && !next_is_digit;
        }
        return false;
    }
    true
}

/// Starter words that are also common as capitalised sentence openers after an initial-like letter ("Plan B. The").
fn is_common_starter(word: &str) -> bool {
    matches!(word, "The" | "A" | "An" | "He" | "She" | "It" | "They" | "We" | "I" | "In" | "But" | "This" | "That")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Splits `input` and compares with the expected sentences.
    fn check(input: &str, want: &[&str]) {
        let got: Vec<&str> = split_sentences(input).iter().map(|s| &input[s.start..s.end]).collect();
        assert_eq!(got, want, "input: {input}");
    }

    #[test]
    fn plain_sentences() {
        check("One. Two! Three? Four", &["One.", "Two!", "Three?", "Four"]);
        check("  Leading space. Trailing space.  ", &["Leading space.", "Trailing space."]);
        check("", &[]);
    }

    #[test]
    fn titles_never_end_a_sentence() {
        check(
            "Mr. Kim met Dr. Lee and Sen. Warren. Gov. Newsom was absent.",
            &["Mr. Kim met Dr. Lee and Sen. Warren.", "Gov. Newsom was absent."],
        );
        check("Lt. Col. Ann Smith and Prof. R. Jones spoke. They left.", &["Lt. Col. Ann Smith and Prof. R. Jones spoke.", "They left."]);
    }

    #[test]
    fn dotted_abbreviations() {
        check("The U.S. State Department said so. The U.N. agreed.", &["The U.S. State Department said so.", "The U.N. agreed."]);
        check("Troops left the U.S. The move was criticised.", &["Troops left the U.S.", "The move was criticised."]);
        check(
            "It starts at 9 a.m. Tuesday and ends at 5 p.m. Officials expect crowds.",
            &["It starts at 9 a.m. Tuesday and ends at 5 p.m.", "Officials expect crowds."],
        );
        check("Use e.g. bread or i.e. toast.", &["Use e.g. bread or i.e. toast."]);
    }

    #[test]
    fn companies_months_and_numbers() {
        check(
            "Shares of Apple Inc. rose. Apple Inc. The company declined to comment.",
            &["Shares of Apple Inc. rose.", "Apple Inc.", "The company declined to comment."],
        );
        check("On Sept. 12, 2023, he left. He returned on Jan. 5.", &["On Sept. 12, 2023, he left.", "He returned on Jan. 5."]);
        check("Inflation was 3.5 per cent. It fell to 2.9.", &["Inflation was 3.5 per cent.", "It fell to 2.9."]);
        check("He was No. 2 in the party. No. He was third.", &["He was No. 2 in the party.", "No.", "He was third."]);
    }

    #[test]
    fn initials() {
        check("J. R. R. Tolkien wrote it. George W. Bush read it.", &["J. R. R. Tolkien wrote it.", "George W. Bush read it."]);
    }

    #[test]
    fn quotes() {
        check(
            "\u{201c}We will win,\u{201d} he said. \u{201c}Why?\u{201d} she asked. \u{201c}Because.\u{201d} Then silence.",
            &["\u{201c}We will win,\u{201d} he said.", "\u{201c}Why?\u{201d} she asked.", "\u{201c}Because.\u{201d}", "Then silence."],
        );
        check(
            "Putin said: \u{201c}When I get there, you will know\u{201d}. North Korea may seek help.",
            &["Putin said: \u{201c}When I get there, you will know\u{201d}.", "North Korea may seek help."],
        );
        check("He said \"no.\" She said \"yes.\"", &["He said \"no.\"", "She said \"yes.\""]);
        check("(He left early.) The rest stayed.", &["(He left early.)", "The rest stayed."]);
    }

    #[test]
    fn ellipses_and_urls() {
        check("Wait... What happened? Visit example.com today.", &["Wait...", "What happened?", "Visit example.com today."]);
        check("The U.S.-led coalition struck. Nobody died.", &["The U.S.-led coalition struck.", "Nobody died."]);
    }

    #[test]
    fn no_break_spaces_are_whitespace() {
        // Regression: a no-break space before an abbreviation's period used to slice inside the space and panic.
        check("Aufl.,\u{a0}§ 19a UrhG Rdn. 5. Weiter geht es.", &["Aufl.,\u{a0}§ 19a UrhG Rdn.", "5.", "Weiter geht es."]);
        check("Die Zeit.\u{a0}In eine andere Zeit.", &["Die Zeit.", "In eine andere Zeit."]);
    }

    #[test]
    fn paragraph_breaks_end_sentences() {
        check("Heading without stop\n\nBody text here.", &["Heading without stop", "Body text here."]);
    }
}
