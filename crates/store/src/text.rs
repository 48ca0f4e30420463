//! Plain-text views of stored stories, for the terminal (`tidings stories`, `story`, `search`).

use std::fmt::Write;

use crate::{Change, SearchResults, Snippet, StoryPage};

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The story list, one story per line.
pub fn story_list(page: &StoryPage) -> String {
    let mut out = String::new();
    let shown = page.stories.len() as u64;
    let _ = writeln!(out, "{} of {} (from {})\n", plural(shown, "story", "stories"), page.total, page.offset + 1);
    for s in &page.stories {
        let flag = if s.conflict { " · outlets disagree" } else { "" };
        let _ = writeln!(out, "{}  {}", s.id, s.headline);
        let _ = writeln!(
            out,
            "    {} · {} · {} · updated {}{flag}",
            plural(s.articles as u64, "article", "articles"),
            plural(s.sources as u64, "source", "sources"),
            if s.outlets.is_empty() { "no outlet".to_string() } else { s.outlets.join(", ") },
            s.updated
        );
    }
    out
}

/// One story from its wire JSON: summary with `[n]` markers, then the sources.
pub fn story(json: &str, changes: Option<&[Change]>) -> String {
    let v: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
    let mut out = String::new();
    let articles = v["articles"].as_array().cloned().unwrap_or_default();
    let marker = |id: &str| articles.iter().position(|a| a["id"] == id).map(|p| p + 1).unwrap_or(0);
    let _ = writeln!(out, "{}", v["headline"].as_str().unwrap_or(""));
    let _ = writeln!(
        out,
        "{} · {} · id {}\n",
        plural(articles.len() as u64, "article", "articles"),
        plural(v["sources"].as_u64().unwrap_or(0), "independent source", "independent sources"),
        v["id"].as_str().unwrap_or("")
    );
    if let Some(sum) = v["summary"].as_array().filter(|s| !s.is_empty()) {
        let _ = writeln!(out, "Summary");
        for s in sum {
            let mut m: Vec<usize> = s["citations"]
                .as_array()
                .map(|c| c.iter().map(|c| marker(c["article"].as_str().unwrap_or(""))).collect())
                .unwrap_or_default();
            m.dedup();
            let marks: String = m.iter().map(|n| format!("[{n}]")).collect();
            let _ = writeln!(
                out,
                "  * {} {} ({})",
                s["text"].as_str().unwrap_or(""),
                marks,
                plural(s["sources"].as_u64().unwrap_or(0), "source", "sources")
            );
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "Sources");
    for (n, a) in articles.iter().enumerate() {
        let copy = a["copy_of"].as_str().map(|o| format!(" · copy of [{}]", marker(o))).unwrap_or_default();
        let _ = writeln!(
            out,
            "  [{}] {} · {} · {} · {} min read{copy}",
            n + 1,
            a["outlet"].as_str().or(a["path"].as_str()).unwrap_or("unknown outlet"),
            a["title"].as_str().unwrap_or(""),
            a["published"].as_str().unwrap_or("undated"),
            a["read_minutes"].as_u64().unwrap_or(1)
        );
    }
    if let Some(changes) = changes {
        let _ = writeln!(out, "\nChanges");
        if changes.is_empty() {
            let _ = writeln!(out, "  none in that period");
        }
        for c in changes {
            let what = if c.created { "story created".to_string() } else { String::new() };
            let _ = writeln!(out, "  {} {}", c.at, what);
            for a in &c.articles {
                let _ = writeln!(out, "    + article: {} ({})", a.title, a.outlet.as_deref().unwrap_or("unknown outlet"));
            }
            for s in &c.sentences {
                let _ = writeln!(out, "    + summary: {s}");
            }
            for k in &c.conflicts {
                let _ = writeln!(out, "    + conflict: {k}");
            }
        }
    }
    out
}

fn snip(s: &Snippet) -> String {
    let mut out = String::new();
    let mut at = 0;
    for &[a, b] in &s.highlights {
        if a < at || b > s.text.len() {
            continue;
        }
        out.push_str(&s.text[at..a]);
        out.push('*');
        out.push_str(&s.text[a..b]);
        out.push('*');
        at = b;
    }
    out.push_str(&s.text[at..]);
    out
}

/// Search results: stories, then articles, matched words between `*`.
pub fn search(r: &SearchResults) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Stories ({})", r.stories.len());
    for s in &r.stories {
        let _ = writeln!(out, "  {}  {}\n      {}", s.id, s.headline, snip(&s.snippet));
    }
    let _ = writeln!(out, "\nArticles ({})", r.articles.len());
    for a in &r.articles {
        let _ = writeln!(
            out,
            "  {}  {} · {} · story {}\n      {}",
            a.id,
            a.title,
            a.outlet.as_deref().unwrap_or("unknown outlet"),
            a.story.as_deref().unwrap_or("none"),
            snip(&a.snippet)
        );
    }
    out
}
