//! Labelled key facts and the automatic scorer: a fact is covered (1) when a summary states all of
//! its anchors, half-covered (0.5) when it states some, and scores 0 when a summary sentence states
//! one of its wrong values as plain fact.

use std::path::Path;

/// One accepted way of writing an anchor: lowercase words, optionally a prefix (`rehab*`).
#[derive(Debug, Clone)]
pub struct Alt {
    pub text: String,
    pub prefix: bool,
}

/// One anchor: any of its alternatives counts.
#[derive(Debug, Clone)]
pub struct Anchor {
    pub alts: Vec<Alt>,
}

#[derive(Debug, Clone)]
pub struct Fact {
    pub text: String,
    pub anchors: Vec<Anchor>,
    /// Values some outlets state wrongly.
    pub wrong: Vec<Alt>,
}

#[derive(Debug, Clone)]
pub struct Event {
    pub id: String,
    pub facts: Vec<Fact>,
}

fn parse_alts(s: &str) -> Vec<Alt> {
    s.split('|')
        .map(|a| a.trim())
        .filter(|a| !a.is_empty())
        .map(|a| {
            let prefix = a.ends_with('*');
            Alt { text: normalize(a.trim_end_matches('*')), prefix }
        })
        .collect()
}

/// Reads a facts file (format in bench/briefs/README.md).
pub fn read(path: &Path) -> Result<Vec<Event>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut events: Vec<Event> = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = |what: &str| format!("{}:{}: {what}", path.display(), n + 1);
        if let Some(id) = line.strip_prefix("event ") {
            events.push(Event { id: id.trim().to_string(), facts: Vec::new() });
        } else if let Some(f) = line.strip_prefix("fact ") {
            let ev = events.last_mut().ok_or_else(|| bad("fact before any event"))?;
            ev.facts.push(Fact { text: f.trim().to_string(), anchors: Vec::new(), wrong: Vec::new() });
        } else if let Some(a) = line.strip_prefix('=') {
            let fact = events.last_mut().and_then(|e| e.facts.last_mut()).ok_or_else(|| bad("anchor before any fact"))?;
            fact.anchors.push(Anchor { alts: parse_alts(a) });
        } else if let Some(w) = line.strip_prefix('!') {
            let fact = events.last_mut().and_then(|e| e.facts.last_mut()).ok_or_else(|| bad("wrong value before any fact"))?;
            fact.wrong.extend(parse_alts(w));
        } else {
            return Err(bad("expected `event`, `fact`, `=` or `!`"));
        }
    }
    for e in &events {
        for f in &e.facts {
            if f.anchors.is_empty() {
                return Err(format!("{}: event {} fact {:?} has no anchor", path.display(), e.id, f.text));
            }
        }
    }
    Ok(events)
}

/// Lowercase, typographic quotes and dashes folded, whitespace collapsed.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '`' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            '\u{2010}' | '\u{2011}' | '\u{2013}' | '\u{2014}' => '-',
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if c == ' ' {
            if !space && !out.is_empty() {
                out.push(' ');
            }
            space = true;
            continue;
        }
        space = false;
        out.extend(c.to_lowercase());
    }
    out.trim_end().to_string()
}

/// Whether `alt` occurs in normalised `text` at word boundaries.
pub fn contains(text: &str, alt: &Alt) -> bool {
    if alt.text.is_empty() {
        return false;
    }
    let mut from = 0;
    while let Some(pos) = text[from..].find(&alt.text) {
        let start = from + pos;
        let end = start + alt.text.len();
        let before_ok = text[..start].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let after_ok = alt.prefix || text[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        if before_ok && after_ok {
            return true;
        }
        from = start + text[start..].chars().next().map_or(1, char::len_utf8);
    }
    false
}

fn anchor_in(text: &str, a: &Anchor) -> bool {
    a.alts.iter().any(|alt| contains(text, alt))
}

/// One summary sentence as the scorer sees it.
#[derive(Debug, Clone)]
pub struct ScoredSentence {
    pub text: String,
    /// The sentence carries a dispute mark (a conflicting claim shown with it).
    pub disputed: bool,
}

/// The score of one fact.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FactScore {
    pub score: f64,
    /// A summary sentence stated one of the fact's wrong values without a dispute mark.
    pub wrong_shown: bool,
}

/// Scores one fact against a summary: anchors may be spread over the summary's sentences.
pub fn score_fact(fact: &Fact, summary: &[ScoredSentence]) -> FactScore {
    let norm: Vec<String> = summary.iter().map(|s| normalize(&s.text)).collect();
    let whole = norm.join(" \n ");
    let hit = fact.anchors.iter().filter(|a| anchor_in(&whole, a)).count();
    let mut score = if hit == fact.anchors.len() {
        1.0
    } else if hit > 0 {
        0.5
    } else {
        0.0
    };
    // A wrong value counts where the sentence is about this fact: it states another anchor too.
    let wrong_shown = !fact.wrong.is_empty()
        && norm
            .iter()
            .zip(summary)
            .any(|(t, s)| !s.disputed && fact.wrong.iter().any(|w| contains(t, w)) && fact.anchors.iter().any(|a| anchor_in(t, a)));
    if wrong_shown {
        score = 0.0;
    }
    FactScore { score, wrong_shown }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(anchors: &[&str], wrong: &str) -> Fact {
        Fact { text: String::new(), anchors: anchors.iter().map(|a| Anchor { alts: parse_alts(a) }).collect(), wrong: parse_alts(wrong) }
    }

    fn s(t: &str) -> ScoredSentence {
        ScoredSentence { text: t.into(), disputed: false }
    }

    #[test]
    fn anchors_need_word_boundaries_and_prefixes_work() {
        let f = fact(&["Reid", "rehab*"], "");
        assert_eq!(score_fact(&f, &[s("Tara Reid entered rehabilitation.")]).score, 1.0);
        assert_eq!(score_fact(&f, &[s("Reidy went home.")]).score, 0.0);
        assert_eq!(score_fact(&f, &[s("Tara Reid went home."), s("Nothing else.")]).score, 0.5);
    }

    #[test]
    fn wrong_value_next_to_the_fact_scores_zero_unless_disputed() {
        let f = fact(&["Pyongyang|left", "Sunday"], "Monday");
        let both = [s("He left Pyongyang on Monday."), s("The Kremlin spoke on Sunday.")];
        assert_eq!(score_fact(&f, &both), FactScore { score: 0.0, wrong_shown: true });
        let marked = [ScoredSentence { text: "He left Pyongyang on Monday.".into(), disputed: true }, s("On Sunday.")];
        assert_eq!(score_fact(&f, &marked), FactScore { score: 1.0, wrong_shown: false });
        // "Monday" in a sentence about something else is not this fact's wrong value.
        assert_eq!(score_fact(&f, &[s("He left Pyongyang on Sunday."), s("Talks start Monday.")]).score, 1.0);
    }

    #[test]
    fn typography_is_folded() {
        let f = fact(&["O'Brien"], "");
        assert_eq!(score_fact(&f, &[s("Jim O\u{2019}Brien was fired.")]).score, 1.0);
    }
}
