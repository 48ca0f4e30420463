//! Plain-text views of stored stories, for the terminal (`tidings stories`, `story`, `search`).

use std::fmt::Write;

use serde_json::Value;

use crate::{Change, SearchResults, Snippet, StoryPage};

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The story list, two lines per story: the headline, then its articles, outlets and
/// independent sources, when it happened and when its last article came out, and its gist.
pub fn story_list(page: &StoryPage) -> String {
    let mut out = String::new();
    let shown = page.stories.len() as u64;
    let _ = writeln!(out, "{} of {} (from {})\n", plural(shown, "story", "stories"), page.total, page.offset + 1);
    for s in &page.stories {
        let mut flags = String::new();
        if s.conflict {
            flags.push_str(" · outlets disagree");
        }
        if s.edited {
            flags.push_str(" · edited by hand");
        }
        let _ = writeln!(out, "{}  {}", s.id, s.headline);
        let _ = writeln!(
            out,
            "    {} · {} · {} · event {} · last article {}{flags}",
            plural(s.articles as u64, "article", "articles"),
            outlets_line(&s.outlets, OUTLETS_SHOWN),
            plural(s.sources as u64, "independent source", "independent sources"),
            s.event.as_deref().unwrap_or("undated"),
            s.last_published.as_deref().unwrap_or("undated"),
        );
        if !s.gist.is_empty() {
            let _ = writeln!(out, "    {}", s.gist);
        }
    }
    if let Some(n) = page.undated.filter(|&n| n > 0) {
        let _ =
            writeln!(out, "\n{} without a publication date not in this range (list them with --undated)", plural(n, "story", "stories"));
    }
    out
}

/// Outlets named in a story's line; the rest are counted.
pub const OUTLETS_SHOWN: usize = 3;

/// "3 outlets: a, b, c and 2 more".
pub fn outlets_line(outlets: &[String], shown: usize) -> String {
    if outlets.is_empty() {
        return "no outlet known".into();
    }
    let names = outlets.iter().take(shown).cloned().collect::<Vec<_>>().join(", ");
    let more = outlets.len().saturating_sub(shown);
    let more = if more > 0 { format!(" and {more} more") } else { String::new() };
    format!("{}: {names}{more}", plural(outlets.len() as u64, "outlet", "outlets"))
}

/// Markers `[n]` of the articles cited, the first citation's article first, as the digest prints
/// them.
fn markers(articles: &[Value], cites: &Value) -> String {
    let marker = |id: &str| articles.iter().position(|a| a["id"] == id).map(|p| p + 1).unwrap_or(0);
    tidings_digest::render::format_markers(
        cites.as_array().map(|c| c.iter().map(|c| marker(c["article"].as_str().unwrap_or(""))).collect()).unwrap_or_default(),
    )
}

/// The claim sections, in the digest's order: conflicts first.
const CLAIM_SECTIONS: [(&str, &str); 4] = [
    ("conflict", "Where the outlets disagree"),
    ("evolving", "Figures that changed over time"),
    ("agree", "Where several outlets agree"),
    ("single_source", "Reported by one outlet only"),
];

fn list_or_none(v: &Value) -> String {
    let items: Vec<&str> = v.as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
    if items.is_empty() {
        "none".into()
    } else {
        items.join(", ")
    }
}

/// A timeline date as precise as it is known, as the digest prints it.
fn timeline_date(t: &Value) -> String {
    let Some(date) = t["date"].as_str() else { return "undated".into() };
    match t["precision"].as_str() {
        Some("year") => date.get(..4).unwrap_or(date).to_string(),
        Some("month") => date.get(..7).unwrap_or(date).to_string(),
        Some("week") => format!("week of {date}"),
        _ => date.to_string(),
    }
}

/// One stored story, the whole brief as `tidings digest` prints a story: disagreements and other
/// claims, summary, timeline, people, places and organisations, quotes, sources with their "no
/// time to read" summaries and why the articles were grouped; then, when asked, what changed.
pub fn story(json: &str, changes: Option<&[Change]>) -> String {
    let v: Value = serde_json::from_str(json).unwrap_or_default();
    let mut out = String::new();
    let articles = v["articles"].as_array().cloned().unwrap_or_default();
    let rule = "=".repeat(72);
    let _ = writeln!(out, "{rule}");
    let _ = writeln!(out, "{}", v["headline"].as_str().unwrap_or(""));
    let _ = writeln!(
        out,
        "   {} · {} · id {}",
        plural(articles.len() as u64, "article", "articles"),
        plural(v["sources"].as_u64().unwrap_or(0), "independent source", "independent sources"),
        v["id"].as_str().unwrap_or("")
    );
    let _ = writeln!(out, "{rule}\n");
    let claims = v["claims"].as_array().cloned().unwrap_or_default();
    // One value with who says it and where, as the digest prints it: `"90 wagons" (Reuters [5])`;
    // a step of a figure that changed starts with its date.
    let value_line = |status: &str, x: &Value| -> String {
        let who: Vec<&str> = x["sources"].as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
        let when = match (status, x["as_of"].as_str().and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())) {
            ("evolving", Some(t)) => format!("{}: ", t.format("%Y-%m-%d %H:%M")),
            _ => String::new(),
        };
        format!("{when}\"{}\" ({} {})", x["value"].as_str().unwrap_or(""), who.join(", "), markers(&articles, &x["citations"]))
    };
    for (status, title) in CLAIM_SECTIONS {
        let these: Vec<&Value> = claims.iter().filter(|c| c["status"] == status).collect();
        if these.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{title}");
        for c in these {
            let words = c["status_text"].as_str().unwrap_or(status);
            let values: Vec<String> =
                c["values"].as_array().map(|vs| vs.iter().map(|x| value_line(status, x)).collect()).unwrap_or_default();
            let about = c["about"].as_str().unwrap_or("");
            // A disputed claim (a conflict, or a figure that changed) gives each side its own line.
            if status == "conflict" || status == "evolving" {
                let _ = writeln!(out, "  {} {about} ({words})", if status == "conflict" { "!" } else { "~" });
                for line in values {
                    let _ = writeln!(out, "      {line}");
                }
            } else {
                let _ = writeln!(out, "  - {about} ({words}): {}", values.join("; "));
            }
        }
        let _ = writeln!(out);
    }
    if let Some(n) = v["claims_omitted"].as_u64().filter(|&n| n > 0) {
        let _ = writeln!(out, "  ({n} more claims not shown)\n");
    }
    if let Some(sum) = v["summary"].as_array().filter(|s| !s.is_empty()) {
        let _ = writeln!(out, "Summary");
        for s in sum {
            // As the digest prints it (tidings_digest::render): "1 source, 1 against", then each
            // dispute or change under the sentence. Briefs stored before issue 14 have neither field.
            let mut note = plural(s["sources"].as_u64().unwrap_or(0), "source", "sources");
            let against = s["against"].as_u64().unwrap_or(0);
            if against > 0 {
                note.push_str(&format!(", {against} against"));
            }
            let _ = writeln!(out, "  * {} {} ({})", s["text"].as_str().unwrap_or(""), markers(&articles, &s["citations"]), note);
            for c in s["claims"].as_array().into_iter().flatten() {
                let others = c["others"].as_array().filter(|o| !o.is_empty());
                let (mark, label) = match c["status"].as_str() {
                    Some("conflict") => ("!", "disputed"),
                    Some("evolving") => ("~", "changed over time"),
                    _ => continue,
                };
                let Some(others) = others else { continue };
                let values: Vec<String> = others
                    .iter()
                    .map(|o| format!("\"{}\" {}", o["value"].as_str().unwrap_or(""), markers(&articles, &o["citations"])))
                    .collect();
                let _ = writeln!(
                    out,
                    "      {mark} {label}: {} (this sentence: \"{}\"; others: {})",
                    c["about"].as_str().unwrap_or(""),
                    c["value"].as_str().unwrap_or(""),
                    values.join(" vs ")
                );
            }
        }
        let _ = writeln!(out);
    }
    if let Some(tl) = v["timeline"].as_array().filter(|t| !t.is_empty()) {
        let _ = writeln!(out, "Timeline");
        for t in tl {
            let date = timeline_date(t);
            let _ = writeln!(
                out,
                "  {date:<10}  {} ({}) {}",
                t["text"].as_str().unwrap_or(""),
                t["phrase"].as_str().unwrap_or(""),
                markers(&articles, &t["citations"])
            );
        }
        let _ = writeln!(out);
    }
    if let Some(es) = v["entities"].as_array().filter(|e| !e.is_empty()) {
        let _ = writeln!(out, "People, places and organisations");
        let strs = |x: &Value| -> Vec<String> {
            x.as_array().map(|a| a.iter().filter_map(|s| s.as_str().map(String::from)).collect()).unwrap_or_default()
        };
        for e in es.iter().take(tidings_digest::render::SHOWN_ENTITIES) {
            let roles = strs(&e["roles"]);
            let aliases = strs(&e["aliases"]);
            let roles = if roles.is_empty() { String::new() } else { format!(", {}", roles.join("; ")) };
            let aliases = if aliases.is_empty() { String::new() } else { format!(" (also {})", aliases.join(", ")) };
            let _ = writeln!(
                out,
                "  {} [{}{}]{} · {} in {}",
                e["name"].as_str().unwrap_or(""),
                e["kind"].as_str().unwrap_or(""),
                roles,
                aliases,
                plural(e["mentions"].as_u64().unwrap_or(0), "mention", "mentions"),
                plural(e["articles"].as_array().map(|a| a.len()).unwrap_or(0) as u64, "article", "articles")
            );
        }
        out.push_str(&tidings_digest::render::more_entities(es.len()));
        let _ = writeln!(out);
    }
    if let Some(qs) = v["quotes"].as_array().filter(|q| !q.is_empty()) {
        let _ = writeln!(out, "Quotes");
        for q in qs {
            let flag = if q["altered"] == true { " (worded differently by another outlet: not verbatim)" } else { "" };
            let _ = writeln!(
                out,
                "  {}: \u{201c}{}\u{201d} {}{}",
                q["speaker"].as_str().unwrap_or(""),
                q["text"].as_str().unwrap_or(""),
                markers(&articles, &q["citations"]),
                flag
            );
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "Sources");
    let marker = |id: &str| articles.iter().position(|a| a["id"] == id).map(|p| p + 1).unwrap_or(0);
    for (n, a) in articles.iter().enumerate() {
        let copy = a["copy_of"].as_str().map(|o| format!(" · copy of [{}]", marker(o))).unwrap_or_default();
        let name = a["outlet"]
            .as_str()
            .map(String::from)
            .or_else(|| a["path"].as_str().map(|p| p.rsplit('/').next().unwrap_or(p).to_string()))
            .or_else(|| a["url"].as_str().map(String::from))
            .unwrap_or_else(|| a["id"].as_str().unwrap_or("").to_string());
        let date = a["published"]
            .as_str()
            .and_then(|p| chrono::DateTime::parse_from_rfc3339(p).ok())
            .map(|d| d.format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_else(|| "undated".into());
        let _ = writeln!(
            out,
            "  [{}] {} · {} · {} · {} min read{copy}",
            n + 1,
            name,
            a["title"].as_str().unwrap_or(""),
            date,
            a["read_minutes"].as_u64().unwrap_or(1)
        );
        if a["copy_of"].is_null() {
            let summary: Vec<&str> =
                a["summary"].as_array().map(|s| s.iter().filter_map(|x| x["text"].as_str()).collect()).unwrap_or_default();
            if !summary.is_empty() {
                let _ = writeln!(out, "      No time to read: {}", summary.join(" "));
            }
        }
    }
    if articles.len() > 1 {
        let _ = writeln!(
            out,
            "\nWhy grouped: shared words {}; names {}; similarity {:.2}",
            list_or_none(&v["why"]["terms"]),
            list_or_none(&v["why"]["names"]),
            v["why"]["similarity"].as_f64().unwrap_or(0.0)
        );
    }
    if let Some(changes) = changes {
        let _ = writeln!(out, "\nChanges");
        if changes.is_empty() {
            let _ = writeln!(out, "  none in that period");
        }
        for c in changes {
            let what = match (&c.edit, c.created) {
                (Some(e), _) => format!("edited by hand: {e}"),
                (None, true) => "story created".to_string(),
                (None, false) => String::new(),
            };
            let _ = writeln!(out, "  {} {}", c.at, what);
            for a in &c.articles {
                let _ = writeln!(out, "    + article: {} ({})", a.title, a.outlet.as_deref().unwrap_or("unknown outlet"));
            }
            for s in &c.sentences {
                let _ = writeln!(out, "    + summary: {s}");
            }
            for k in &c.conflicts {
                let _ = writeln!(out, "    + disagreement: {}", crate::claim_about(k));
            }
        }
    }
    out
}

/// The corrections made by hand on a story, one per line.
pub fn corrections(list: &[crate::CorrectionView]) -> String {
    let mut out = String::new();
    if list.is_empty() {
        let _ = writeln!(out, "no corrections by hand");
    }
    for c in list {
        let state = c.undone.as_deref().map(|u| format!(" (undone {u})")).unwrap_or_default();
        let _ = writeln!(out, "  #{}  {}  {}{state}", c.id, c.at, c.note);
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
    article_hits(&mut out, &r.articles);
    if !r.undated.is_empty() {
        let _ = writeln!(out, "\nUndated articles ({}): no publication date, so the date range cannot place them", r.undated.len());
        article_hits(&mut out, &r.undated);
    }
    out
}

fn article_hits(out: &mut String, hits: &[crate::ArticleHit]) {
    for a in hits {
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
}
