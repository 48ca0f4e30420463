//! Human-readable renderings of a digest: plain text for terminals, and Markdown.

use std::fmt::Write;

use tidings_model::ArticleIdx;

use crate::pipeline::{Digest, Story};

/// How an article is named in a list of sources: outlet, else file name, else id.
fn source_name(d: &Digest, i: ArticleIdx) -> String {
    let a = &d.corpus[i];
    if let Some(o) = &a.outlet {
        return o.clone();
    }
    if let Some(p) = &a.path {
        return p.rsplit('/').next().unwrap_or(p).to_string();
    }
    if let Some(u) = &a.url {
        return u.clone();
    }
    a.id.clone()
}

/// Numbers the articles of a story 1..n, for citation markers.
fn marker(s: &Story, article: ArticleIdx) -> usize {
    s.articles.iter().position(|&a| a == article).map(|p| p + 1).unwrap_or(0)
}

fn markers(s: &Story, cites: &[tidings_model::Citation]) -> String {
    format_markers(cites.iter().map(|c| marker(s, c.article)).collect())
}

/// Citation markers ("[2][1][3]") from the cited articles' numbers: the first citation's article
/// (the sentence's own source) first, then the others in order, each once.
pub fn format_markers(mut m: Vec<usize>) -> String {
    let first = m.first().copied();
    m.sort_unstable();
    m.dedup();
    if let Some(f) = first {
        m.retain(|&x| x != f);
        m.insert(0, f);
    }
    m.iter().map(|n| format!("[{n}]")).collect()
}

/// "2 sources", or "1 source, 1 against" when another outlet states another value.
fn support_note(x: &tidings_brief::SummarySentence) -> String {
    let mut note = plural(x.sources, "source", "sources");
    if x.against > 0 {
        note.push_str(&format!(", {} against", x.against));
    }
    note
}

/// The claims a summary sentence must be shown with: its disputes ("!"), then figures that changed
/// in later articles ("~"). A disputed value is never shown as plain fact.
fn sentence_marks(x: &tidings_brief::SummarySentence) -> Vec<(&'static str, &'static str, &tidings_brief::SentenceClaim)> {
    x.claims
        .iter()
        .filter_map(|c| match c.status {
            _ if c.others.is_empty() => None,
            tidings_analyze::ClaimStatus::Conflict => Some(("!", "disputed", c)),
            tidings_analyze::ClaimStatus::Evolving => Some(("~", "changed over time", c)),
            _ => None,
        })
        .collect()
}

/// An article's "no time to read" sentences as shown: without a dateline.
fn bullets(d: &Digest, i: ArticleIdx) -> Vec<&str> {
    let a = &d.corpus[i];
    d.article_summaries[i].iter().filter(|&&x| x < a.sentences.len()).map(|&x| a.span_text(tidings_brief::shown_span(a, x))).collect()
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn date(d: &Digest, i: ArticleIdx) -> String {
    d.corpus[i].published.map(|p| p.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_else(|| "undated".into())
}

/// Plain text for a terminal.
pub fn text(d: &Digest) -> String {
    let mut out = String::new();
    let n_articles: usize = d.stories.iter().map(|s| s.articles.len()).sum();
    let _ = writeln!(out, "{} from {}\n", plural(d.stories.len(), "story", "stories"), plural(n_articles, "article", "articles"));
    for (k, s) in d.stories.iter().enumerate() {
        let rule = "=".repeat(72);
        let _ = writeln!(out, "{rule}");
        let _ = writeln!(out, "{}. {}", k + 1, s.headline);
        let _ = writeln!(
            out,
            "   {} · {} · id {}",
            plural(s.articles.len(), "article", "articles"),
            plural(s.sources, "independent source", "independent sources"),
            s.id
        );
        let _ = writeln!(out, "{rule}\n");
        claims_text(&mut out, d, s);
        if !s.summary.is_empty() {
            let _ = writeln!(out, "Summary");
            for x in &s.summary {
                let _ = writeln!(out, "  * {} {} ({})", x.text, markers(s, &x.citations), support_note(x));
                for (mark, label, c) in sentence_marks(x) {
                    let values: Vec<String> = c.others.iter().map(|o| format!("\"{}\" {}", o.value, markers(s, &o.citations))).collect();
                    let _ = writeln!(
                        out,
                        "      {mark} {label}: {} (this sentence: \"{}\"; others: {})",
                        c.about,
                        c.value,
                        values.join(" vs ")
                    );
                }
            }
            let _ = writeln!(out);
        }
        analysis_text(&mut out, s);
        let _ = writeln!(out, "Sources");
        for (n, &i) in s.articles.iter().enumerate() {
            let a = &d.corpus[i];
            let copy = a.copy_of.map(|o| format!(" · copy of [{}]", marker(s, o))).unwrap_or_default();
            let words = a.word_count();
            let _ = writeln!(
                out,
                "  [{}] {} · {} · {} · {} min read{}",
                n + 1,
                source_name(d, i),
                a.title,
                date(d, i),
                tidings_text::read_minutes(words),
                copy
            );
            if a.copy_of.is_none() {
                let summary = bullets(d, i);
                if !summary.is_empty() {
                    let _ = writeln!(out, "      No time to read: {}", summary.join(" "));
                }
            }
        }
        if s.articles.len() > 1 {
            let _ = writeln!(
                out,
                "\nWhy grouped: shared words {}; names {}; similarity {:.2}",
                list(&s.why.terms),
                list(&s.why.names),
                s.why.similarity
            );
        }
        let _ = writeln!(out);
    }
    if !d.warnings.is_empty() {
        let _ = writeln!(out, "{}", plural(d.warnings.len(), "warning", "warnings"));
        for w in &d.warnings {
            let _ = writeln!(out, "  {w}");
        }
    }
    out
}

/// The claim sections of a brief, in the order a reader needs them: conflicts on the first screen.
const CLAIM_SECTIONS: [(tidings_analyze::ClaimStatus, &str); 4] = [
    (tidings_analyze::ClaimStatus::Conflict, "Where the outlets disagree"),
    (tidings_analyze::ClaimStatus::Evolving, "Figures that changed over time"),
    (tidings_analyze::ClaimStatus::Agree, "Where several outlets agree"),
    (tidings_analyze::ClaimStatus::SingleSource, "Reported by one outlet only"),
];

/// The sources that state a claim value, each once, copies as their original, in story order.
pub(crate) fn value_sources(d: &Digest, cites: &[tidings_model::Citation]) -> Vec<String> {
    let mut arts: Vec<ArticleIdx> = cites.iter().map(|c| d.corpus[c.article].copy_of.unwrap_or(c.article)).collect();
    arts.sort_unstable();
    arts.dedup();
    let mut names: Vec<String> = Vec::new();
    for a in arts {
        let n = source_name(d, a);
        if !names.contains(&n) {
            names.push(n);
        }
    }
    names
}

/// One value of a claim with who says it and where: `"90 wagons" (Reuters [5])`; a step of an
/// evolving figure starts with its date.
fn value_line(d: &Digest, s: &Story, status: tidings_analyze::ClaimStatus, v: &tidings_analyze::ClaimValue, md: bool) -> String {
    let value = if md { md_escape(&v.value) } else { v.value.clone() };
    let who = if md { md_escape(&value_sources(d, &v.citations).join(", ")) } else { value_sources(d, &v.citations).join(", ") };
    let marks = if md { sup(s, &v.citations) } else { markers(s, &v.citations) };
    let when = match (status, v.first_published) {
        (tidings_analyze::ClaimStatus::Evolving, Some(p)) => format!("{}: ", p.format("%Y-%m-%d %H:%M")),
        _ => String::new(),
    };
    format!("{when}\"{value}\" ({who} {marks})")
}

/// Claims: conflicts first (they are what a reader must see on the first screen), then figures
/// that changed, agreements and what a single outlet says. Each value names the outlets that
/// state it and points at their sentences; the status is said in words.
fn claims_text(out: &mut String, d: &Digest, s: &Story) {
    use tidings_analyze::ClaimStatus;
    let Some(an) = &s.analysis else { return };
    for (status, title) in CLAIM_SECTIONS {
        let claims: Vec<&tidings_analyze::Claim> = an.claims.iter().filter(|c| c.status == status).collect();
        if claims.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{title}");
        for c in claims {
            if status.is_disputed() {
                let mark = if status == ClaimStatus::Conflict { "!" } else { "~" };
                let _ = writeln!(out, "  {mark} {} ({})", c.about, status.words());
                for v in &c.values {
                    let _ = writeln!(out, "      {}", value_line(d, s, status, v, false));
                }
            } else {
                let values: Vec<String> = c.values.iter().map(|v| value_line(d, s, status, v, false)).collect();
                let _ = writeln!(out, "  - {} ({}): {}", c.about, status.words(), values.join("; "));
            }
        }
        let _ = writeln!(out);
    }
    if an.claims_omitted > 0 {
        let _ = writeln!(out, "  ({} more claims not shown)\n", an.claims_omitted);
    }
}

/// The text and Markdown briefs list this many entities, most widely reported first; the JSON has them all.
pub const SHOWN_ENTITIES: usize = 25;

/// "(and 12 more …)" after an entity list capped at [`SHOWN_ENTITIES`], or nothing: the one wording the digest and
/// the store's story text share.
pub fn more_entities(total: usize) -> String {
    match total.saturating_sub(SHOWN_ENTITIES) {
        0 => String::new(),
        n => format!("  (and {n} more; all are in --format json)\n"),
    }
}

/// Timeline, entities and quotes.
fn analysis_text(out: &mut String, s: &Story) {
    let Some(an) = &s.analysis else { return };
    if !an.timeline.is_empty() {
        let _ = writeln!(out, "Timeline");
        for t in &an.timeline {
            let date = timeline_date(t);
            let _ = writeln!(out, "  {date:<10}  {} ({}) {}", t.text, t.phrase, markers(s, &t.citations));
        }
        let _ = writeln!(out);
    }
    if !an.entities.is_empty() {
        let _ = writeln!(out, "People, places and organisations");
        for e in an.entities.iter().take(SHOWN_ENTITIES) {
            let roles = if e.roles.is_empty() { String::new() } else { format!(", {}", e.roles.join("; ")) };
            let aliases = if e.aliases.is_empty() { String::new() } else { format!(" (also {})", e.aliases.join(", ")) };
            let _ = writeln!(
                out,
                "  {} [{}{}]{} · {} in {}",
                e.name,
                e.kind.as_str(),
                roles,
                aliases,
                plural(e.mentions, "mention", "mentions"),
                plural(e.articles.len(), "article", "articles")
            );
        }
        out.push_str(&more_entities(an.entities.len()));
        let _ = writeln!(out);
    }
    if !an.quotes.is_empty() {
        let _ = writeln!(out, "Quotes");
        for q in &an.quotes {
            let flag = if q.altered { " (worded differently by another outlet: not verbatim)" } else { "" };
            let _ = writeln!(out, "  {}: \u{201c}{}\u{201d} {}{}", q.speaker, q.text, markers(s, &q.citations), flag);
        }
        let _ = writeln!(out);
    }
}

/// A timeline date as precise as it is known: "2019", "2023-09", "week of 2023-09-11", "2023-09-12".
fn timeline_date(t: &tidings_analyze::TimelineEntry) -> String {
    match t.date {
        None => "undated".into(),
        Some(d) if t.precision == tidings_analyze::Precision::Week => format!("week of {}", d.format("%Y-%m-%d")),
        Some(d) => crate::wire::iso_date(d, t.precision),
    }
}

fn claims_markdown(out: &mut String, d: &Digest, s: &Story) {
    let Some(an) = &s.analysis else { return };
    for (status, title) in CLAIM_SECTIONS {
        let claims: Vec<&tidings_analyze::Claim> = an.claims.iter().filter(|c| c.status == status).collect();
        if claims.is_empty() {
            continue;
        }
        let _ = writeln!(out, "### {title}\n");
        for c in claims {
            if status.is_disputed() {
                let _ = writeln!(out, "- **{}** ({})", md_escape(&c.about), status.words());
                for v in &c.values {
                    let _ = writeln!(out, "  - {}", value_line(d, s, status, v, true));
                }
            } else {
                let values: Vec<String> = c.values.iter().map(|v| value_line(d, s, status, v, true)).collect();
                let _ = writeln!(out, "- **{}** ({}): {}", md_escape(&c.about), status.words(), values.join("; "));
            }
        }
        let _ = writeln!(out);
    }
    if an.claims_omitted > 0 {
        let _ = writeln!(out, "*{} more claims not shown.*\n", an.claims_omitted);
    }
}

fn analysis_markdown(out: &mut String, s: &Story) {
    let Some(an) = &s.analysis else { return };
    if !an.timeline.is_empty() {
        let _ = writeln!(out, "### Timeline\n");
        for t in &an.timeline {
            let date = timeline_date(t);
            let _ = writeln!(out, "- **{date}**: {} (*{}*) {}", md_escape(&t.text), md_escape(&t.phrase), sup(s, &t.citations));
        }
        let _ = writeln!(out);
    }
    if !an.entities.is_empty() {
        let _ = writeln!(out, "### People, places and organisations\n");
        for e in an.entities.iter().take(SHOWN_ENTITIES) {
            let roles = if e.roles.is_empty() { String::new() } else { format!(", {}", e.roles.join("; ")) };
            let aliases = if e.aliases.is_empty() { String::new() } else { format!(" (also {})", e.aliases.join(", ")) };
            let _ = writeln!(
                out,
                "- **{}** ({}{}){} · {} in {}",
                md_escape(&e.name),
                e.kind.as_str(),
                md_escape(&roles),
                md_escape(&aliases),
                plural(e.mentions, "mention", "mentions"),
                plural(e.articles.len(), "article", "articles")
            );
        }
        out.push_str(&more_entities(an.entities.len()));
        let _ = writeln!(out);
    }
    if !an.quotes.is_empty() {
        let _ = writeln!(out, "### Quotes\n");
        for q in &an.quotes {
            let flag = if q.altered { " *(worded differently by another outlet: not verbatim)*" } else { "" };
            let _ = writeln!(out, "- {}: \u{201c}{}\u{201d} {}{}", md_escape(&q.speaker), md_escape(&q.text), sup(s, &q.citations), flag);
        }
        let _ = writeln!(out);
    }
}

fn sup(s: &Story, cites: &[tidings_model::Citation]) -> String {
    let mut m: Vec<usize> = cites.iter().map(|c| marker(s, c.article)).collect();
    m.sort_unstable();
    m.dedup();
    m.iter().map(|n| format!("<sup>{n}</sup>")).collect::<Vec<_>>().join(" ")
}

fn list(v: &[String]) -> String {
    if v.is_empty() {
        "none".into()
    } else {
        v.join(", ")
    }
}

/// Escapes text for Markdown so that article content cannot inject markup or HTML.
pub fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '<' | '>' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// Markdown, one section per story.
pub fn markdown(d: &Digest) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Digest: {}\n", plural(d.stories.len(), "story", "stories"));
    for s in &d.stories {
        let _ = writeln!(out, "## {}\n", md_escape(&s.headline));
        let _ = writeln!(
            out,
            "*{} · {}*\n",
            plural(s.articles.len(), "article", "articles"),
            plural(s.sources, "independent source", "independent sources")
        );
        claims_markdown(&mut out, d, s);
        if !s.summary.is_empty() {
            let _ = writeln!(out, "### Summary\n");
            for x in &s.summary {
                let refs: String = {
                    let mut m: Vec<usize> = x.citations.iter().map(|c| marker(s, c.article)).collect();
                    m.dedup();
                    m.iter().map(|n| format!("<sup>{n}</sup>")).collect::<Vec<_>>().join(" ")
                };
                let _ = writeln!(out, "- {} {} ({})", md_escape(&x.text), refs, md_escape(&support_note(x)));
                for (_, label, c) in sentence_marks(x) {
                    let values: Vec<String> =
                        c.others.iter().map(|o| format!("\"{}\" {}", md_escape(&o.value), sup(s, &o.citations))).collect();
                    let _ = writeln!(
                        out,
                        "  - **{label}**: {} (this sentence: \"{}\"; others: {})",
                        md_escape(&c.about),
                        md_escape(&c.value),
                        values.join(" vs ")
                    );
                }
            }
            let _ = writeln!(out);
        }
        analysis_markdown(&mut out, s);
        let _ = writeln!(out, "### Sources\n");
        for (n, &i) in s.articles.iter().enumerate() {
            let a = &d.corpus[i];
            let name = md_escape(&source_name(d, i));
            let title = md_escape(&a.title);
            let linked = match &a.url {
                Some(u) if u.starts_with("http://") || u.starts_with("https://") => format!("[{title}](<{}>)", u.replace('>', "%3E")),
                _ => title,
            };
            let copy = a.copy_of.map(|o| format!(" · copy of {}", marker(s, o))).unwrap_or_default();
            let _ = writeln!(
                out,
                "{}. **{}**: {} · {} · {} min read{}",
                n + 1,
                name,
                linked,
                date(d, i),
                tidings_text::read_minutes(a.word_count()),
                copy
            );
            if a.copy_of.is_none() {
                let summary = bullets(d, i);
                if !summary.is_empty() {
                    let _ = writeln!(out, "   - *No time to read:* {}", md_escape(&summary.join(" ")));
                }
            }
        }
        if s.articles.len() > 1 {
            let _ = writeln!(
                out,
                "\n*Why grouped:* shared words {}; names {}; similarity {:.2}",
                md_escape(&list(&s.why.terms)),
                md_escape(&list(&s.why.names)),
                s.why.similarity
            );
        }
        let _ = writeln!(out);
    }
    if !d.warnings.is_empty() {
        let _ = writeln!(out, "## Warnings\n");
        for w in &d.warnings {
            let _ = writeln!(out, "- {}", md_escape(&w.to_string()));
        }
    }
    out
}
