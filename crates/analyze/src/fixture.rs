//! A plain-text article reader for tests, examples and benchmarks: the first line is the title,
//! lines are paragraphs, and sentences end at `.`, `!` or `?` before a capital letter or a quote.
//! The pipeline has its own splitter; this one only needs to be good enough for fixtures.

use tidings_model::{Article, Span};

const NO_BREAK_AFTER: &[&str] = &["Mr.", "Mrs.", "Ms.", "Dr.", "St.", "Sept.", "Gen.", "Sen.", "Rep.", "Gov.", "Prof.", "No.", "vs."];

/// Builds an article from `title\nbody`.
pub fn article_from_text(id: &str, file: &str) -> Article {
    let (title, body) = file.split_once('\n').unwrap_or((file, ""));
    body_article(id, title.trim(), body.trim())
}

/// Builds an article with the given title and body, splitting paragraphs and sentences.
pub fn body_article(id: &str, title: &str, body: &str) -> Article {
    let mut a = Article::new(id, title, body);
    let text = &a.text;
    let mut pos = 0;
    for line in text.split('\n') {
        let start = pos;
        pos += line.len() + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        let p = Span::new(start + lead, start + lead + trimmed.len());
        a.paragraphs.push(p);
        let bytes = trimmed.as_bytes();
        let mut s = 0;
        let mut i = 0;
        while i < bytes.len() {
            let c = bytes[i];
            if matches!(c, b'.' | b'!' | b'?') {
                let mut j = i + 1;
                // closing quotes after the period
                while j < bytes.len() && (bytes[j] == b'"' || trimmed[j..].starts_with('”') || trimmed[j..].starts_with('’')) {
                    j += if bytes[j] == b'"' { 1 } else { 3 };
                }
                if j < bytes.len() && bytes[j] == b' ' {
                    let next = trimmed[j + 1..].chars().next().unwrap_or(' ');
                    let word_start = trimmed[..i + 1].rfind(' ').map(|k| k + 1).unwrap_or(0);
                    let word = &trimmed[word_start..i + 1];
                    let abbrev = NO_BREAK_AFTER.contains(&word) || (word.len() <= 4 && word.matches('.').count() >= 2);
                    if (next.is_uppercase() || next == '"' || next == '“') && !abbrev {
                        a.sentences.push(Span::new(p.start + s, p.start + j));
                        s = j + 1;
                    }
                }
                i = j.max(i + 1);
                continue;
            }
            i += 1;
        }
        if s < trimmed.len() {
            a.sentences.push(Span::new(p.start + s, p.end));
        }
    }
    a
}

#[cfg(test)]
mod tests {
    #[test]
    fn splits_sentences_but_not_after_abbreviations() {
        let a = super::body_article("x", "t", "Mr. Kim left. The U.S. said “no.” He went.\nNew paragraph");
        let s: Vec<&str> = (0..a.sentences.len()).map(|i| a.sentence_text(i)).collect();
        assert_eq!(s, ["Mr. Kim left.", "The U.S. said “no.”", "He went.", "New paragraph"]);
        assert_eq!(a.paragraphs.len(), 2);
    }
}
