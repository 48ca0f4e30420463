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
    let mut m: Vec<usize> = cites.iter().map(|c| marker(s, c.article)).collect();
    m.dedup();
    m.iter().map(|n| format!("[{n}]")).collect()
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
        let _ = writeln!(out, "   {} · {} · id {}", plural(s.articles.len(), "article", "articles"), plural(s.sources, "independent source", "independent sources"), s.id);
        let _ = writeln!(out, "{rule}\n");
        if !s.summary.is_empty() {
            let _ = writeln!(out, "Summary");
            for x in &s.summary {
                let _ = writeln!(out, "  * {} {} ({})", x.text, markers(s, &x.citations), plural(x.sources, "source", "sources"));
            }
            let _ = writeln!(out);
        }
        let _ = writeln!(out, "Sources");
        for (n, &i) in s.articles.iter().enumerate() {
            let a = &d.corpus[i];
            let copy = a.copy_of.map(|o| format!(" · copy of [{}]", marker(s, o))).unwrap_or_default();
            let words = a.word_count();
            let _ = writeln!(out, "  [{}] {} · {} · {} · {} min read{}", n + 1, source_name(d, i), a.title, date(d, i), tidings_text::read_minutes(words), copy);
            if a.copy_of.is_none() {
                let summary: Vec<&str> = d.article_summaries[i].iter().map(|&x| a.sentence_text(x)).collect();
                if !summary.is_empty() {
                    let _ = writeln!(out, "      No time to read: {}", summary.join(" "));
                }
            }
        }
        if s.articles.len() > 1 {
            let _ = writeln!(out, "\nWhy grouped: shared terms {}; names {}; similarity {:.2}", list(&s.why.terms), list(&s.why.names), s.why.similarity);
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
        let _ = writeln!(out, "*{} · {}*\n", plural(s.articles.len(), "article", "articles"), plural(s.sources, "independent source", "independent sources"));
        if !s.summary.is_empty() {
            let _ = writeln!(out, "### Summary\n");
            for x in &s.summary {
                let refs: String = {
                    let mut m: Vec<usize> = x.citations.iter().map(|c| marker(s, c.article)).collect();
                    m.dedup();
                    m.iter().map(|n| format!("<sup>{n}</sup>")).collect::<Vec<_>>().join(" ")
                };
                let _ = writeln!(out, "- {} {} ({})", md_escape(&x.text), refs, plural(x.sources, "source", "sources"));
            }
            let _ = writeln!(out);
        }
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
            let _ = writeln!(out, "{}. **{}**: {} · {} · {} min read{}", n + 1, name, linked, date(d, i), tidings_text::read_minutes(a.word_count()), copy);
            if a.copy_of.is_none() {
                let summary: Vec<&str> = d.article_summaries[i].iter().map(|&x| a.sentence_text(x)).collect();
                if !summary.is_empty() {
                    let _ = writeln!(out, "   - *No time to read:* {}", md_escape(&summary.join(" ")));
                }
            }
        }
        if s.articles.len() > 1 {
            let _ = writeln!(out, "\n*Why grouped:* shared terms {}; names {}; similarity {:.2}", md_escape(&list(&s.why.terms)), md_escape(&list(&s.why.names)), s.why.similarity);
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
