//! What a story's line in the list shows, derived once from its brief when the story is written:
//! the gist (its first summary sentence), the outlets under one name each, when the event
//! happened and when its articles came out, whether the outlets really disagree, and the values
//! the front page filters on (outlets, people, places, organisations, languages).

use rustc_hash::{FxHashMap, FxHashSet};
use serde_json::Value;

use crate::outlets::{normalize_outlet, outlet_key};

/// People, places and organisations of one story kept as filter values: the most mentioned.
pub const MAX_ENTITY_FACETS: usize = 12;

/// The kinds of filter values, as stored in `story_facets.kind`.
pub const FACET_KINDS: &[&str] = &["outlet", "person", "place", "organization", "language"];

/// The derived fields of a story row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoryExtras {
    /// The first summary sentence (verbatim), or empty.
    pub gist: String,
    /// Language of the headline's article (ISO 639-1).
    pub language: Option<String>,
    /// `YYYY-MM-DD`: the day the articles say the event happened, else the first publication day.
    pub event_date: Option<String>,
    pub first_published_ms: Option<i64>,
    pub last_published_ms: Option<i64>,
    /// Display names, one per outlet, the outlet with most articles first.
    pub outlets: Vec<String>,
    /// A claim on which two independent sources each hold a value the other does not.
    pub real_conflict: bool,
    /// `(kind, value, label)`: value is the lowercased key a filter compares, label what is shown.
    pub facets: Vec<(String, String, String)>,
}

fn published_ms(a: &Value) -> Option<i64> {
    a["published"].as_str().and_then(|p| chrono::DateTime::parse_from_rfc3339(p).ok()).map(|d| d.timestamp_millis())
}

impl StoryExtras {
    /// Derives the fields from a story's wire JSON (the digest's story object).
    pub fn of(story: &Value) -> StoryExtras {
        let empty = Vec::new();
        let articles = story["articles"].as_array().unwrap_or(&empty);
        let headline = story["headline"].as_str().unwrap_or("");
        let head = articles.iter().find(|a| a["title"].as_str() == Some(headline)).or(articles.first());
        let language = head.and_then(|a| a["language"].as_str()).map(String::from);
        let gist = story["summary"][0]["text"].as_str().unwrap_or("").to_string();

        let times: Vec<i64> = articles.iter().filter_map(published_ms).collect();
        let (first, last) = (times.iter().min().copied(), times.iter().max().copied());

        // Outlets: one name per outlet, by number of articles, then by name.
        let mut counts: Vec<(String, String, usize)> = Vec::new();
        for a in articles {
            let Some(name) = a["outlet"].as_str().and_then(normalize_outlet) else { continue };
            let key = name.to_lowercase();
            match counts.iter_mut().find(|c| c.0 == key) {
                Some(c) => c.2 += 1,
                None => counts.push((key, name, 1)),
            }
        }
        counts.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
        let outlets: Vec<String> = counts.iter().map(|c| c.1.clone()).collect();

        let mut facets: Vec<(String, String, String)> = counts.iter().map(|c| ("outlet".into(), c.0.clone(), c.1.clone())).collect();
        let mut entities: Vec<&Value> = story["entities"].as_array().unwrap_or(&empty).iter().collect();
        entities.sort_by(|a, b| b["mentions"].as_u64().cmp(&a["mentions"].as_u64()));
        let mut seen = FxHashSet::default();
        for e in entities.into_iter().take(MAX_ENTITY_FACETS) {
            let (Some(name), Some(kind)) = (e["name"].as_str(), e["kind"].as_str()) else { continue };
            let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
            if name.is_empty() || !FACET_KINDS.contains(&kind) || !seen.insert((kind.to_string(), name.to_lowercase())) {
                continue;
            }
            facets.push((kind.to_string(), name.to_lowercase(), name));
        }
        let mut langs: Vec<String> = articles.iter().filter_map(|a| a["language"].as_str()).map(|l| l.to_lowercase()).collect();
        langs.sort();
        langs.dedup();
        facets.extend(langs.into_iter().map(|l| ("language".to_string(), l.clone(), l)));

        StoryExtras {
            gist,
            language,
            event_date: event_date(story, first, last),
            first_published_ms: first,
            last_published_ms: last,
            outlets,
            real_conflict: real_conflict(story),
            facets,
        }
    }
}

/// How many days before its first article a story's event may have happened: dates the
/// articles mention further back are history, not the event.
pub const EVENT_LOOKBACK_DAYS: u64 = 7;

/// The day the event happened: the earliest day-precise timeline date from
/// [`EVENT_LOOKBACK_DAYS`] before the first publication to the day after the last; without
/// publication dates, the timeline date most articles mention (the earliest on a tie); else the
/// first publication day.
fn event_date(story: &Value, first_published: Option<i64>, last_published: Option<i64>) -> Option<String> {
    let day = |ms: Option<i64>| ms.and_then(chrono::DateTime::from_timestamp_millis).map(|d| d.date_naive());
    let earliest = day(first_published).map(|d| d - chrono::Days::new(EVENT_LOOKBACK_DAYS));
    let latest = day(last_published).map(|d| d + chrono::Days::new(1));
    let mut support: FxHashMap<chrono::NaiveDate, FxHashSet<&str>> = FxHashMap::default();
    for t in story["timeline"].as_array().map(Vec::as_slice).unwrap_or(&[]) {
        let (Some(date), Some("day")) = (t["date"].as_str(), t["precision"].as_str()) else { continue };
        let Ok(d) = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d") else { continue };
        if latest.is_some_and(|l| d > l) || earliest.is_some_and(|e| d < e) {
            continue;
        }
        let who = support.entry(d).or_default();
        for c in t["citations"].as_array().map(Vec::as_slice).unwrap_or(&[]) {
            if let Some(a) = c["article"].as_str() {
                who.insert(a);
            }
        }
    }
    let best = if first_published.is_some() {
        support.into_keys().min()
    } else {
        support.into_iter().max_by(|a, b| a.1.len().cmp(&b.1.len()).then_with(|| b.0.cmp(&a.0))).map(|(d, _)| d)
    };
    best.or(day(first_published)).map(|d| d.format("%Y-%m-%d").to_string())
}

/// Whether a brief holds a real disagreement: a claim marked `conflict` on which at least two
/// values are each stated by an independent source that states no other value. One outlet that
/// gives two figures, or copies of one article, are not a disagreement between outlets.
pub fn real_conflict(story: &Value) -> bool {
    let empty = Vec::new();
    let articles = story["articles"].as_array().unwrap_or(&empty);
    // The independent source of an article: its original's outlet, else the original itself.
    let source = |id: &str| -> String {
        let mut a = articles.iter().find(|a| a["id"] == id);
        if let Some(orig) = a.and_then(|x| x["copy_of"].as_str()) {
            a = articles.iter().find(|x| x["id"] == orig).or(a);
        }
        match a.and_then(|a| a["outlet"].as_str()).and_then(outlet_key) {
            Some(k) => format!("outlet:{k}"),
            None => format!("article:{}", a.and_then(|a| a["id"].as_str()).unwrap_or(id)),
        }
    };
    story["claims"].as_array().unwrap_or(&empty).iter().filter(|c| c["status"] == "conflict").any(|c| {
        let sides: Vec<FxHashSet<String>> = c["values"]
            .as_array()
            .unwrap_or(&empty)
            .iter()
            .map(|v| v["citations"].as_array().unwrap_or(&empty).iter().filter_map(|x| x["article"].as_str()).map(source).collect())
            .collect();
        let exclusive = (0..sides.len())
            .filter(|&i| sides[i].iter().any(|s| sides.iter().enumerate().all(|(j, other)| j == i || !other.contains(s))))
            .count();
        exclusive >= 2
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn story(claims: Value) -> Value {
        json!({
            "headline": "Train leaves", "summary": [{ "text": "The train left on Sunday." }],
            "articles": [
                { "id": "a", "outlet": "www.Alpha.com", "title": "Train leaves", "language": "en", "published": "2023-09-11T08:00:00Z" },
                { "id": "b", "outlet": "alpha.com", "title": "x", "language": "en", "published": "2023-09-12T08:00:00Z" },
                { "id": "c", "outlet": "Beta", "title": "y", "language": "en", "published": null },
                { "id": "d", "outlet": "Gamma", "copy_of": "c", "title": "z", "language": "en" }
            ],
            "timeline": [
                { "date": "2023-09-10", "precision": "day", "citations": [{ "article": "a" }, { "article": "c" }] },
                { "date": "2023-09-11", "precision": "day", "citations": [{ "article": "a" }] },
                { "date": "2023-10-01", "precision": "day", "citations": [{ "article": "a" }, { "article": "b" }, { "article": "c" }] }
            ],
            "entities": [{ "name": "Kim  Jong Un", "kind": "person", "mentions": 4 }],
            "claims": claims
        })
    }

    #[test]
    fn row_fields_from_a_brief() {
        let x = StoryExtras::of(&story(json!([])));
        assert_eq!(x.gist, "The train left on Sunday.");
        assert_eq!(x.outlets, ["alpha.com", "Beta", "Gamma"]);
        assert_eq!(x.language.as_deref(), Some("en"));
        // The earliest date the articles give; 2023-10-01 is after the last article.
        assert_eq!(x.event_date.as_deref(), Some("2023-09-10"));
        let mut old = story(json!([]));
        old["timeline"][0]["date"] = json!("2019-05-01");
        assert_eq!(StoryExtras::of(&old).event_date.as_deref(), Some("2023-09-11"), "history is not the event");
        assert_eq!(x.first_published_ms, Some(1_694_419_200_000));
        assert!(x.facets.contains(&("person".into(), "kim jong un".into(), "Kim Jong Un".into())));
        assert!(x.facets.contains(&("outlet".into(), "alpha.com".into(), "alpha.com".into())));
        assert!(!x.real_conflict);
    }

    #[test]
    fn only_two_sources_on_two_sides_are_a_disagreement() {
        let claim = |a: &[&str], b: &[&str]| {
            let cites = |ids: &[&str]| ids.iter().map(|i| json!({ "article": i })).collect::<Vec<_>>();
            json!([{ "status": "conflict", "values": [{ "citations": cites(a) }, { "citations": cites(b) }] }])
        };
        assert!(StoryExtras::of(&story(claim(&["a"], &["c"]))).real_conflict);
        // One outlet under two spellings gives both figures.
        assert!(!StoryExtras::of(&story(claim(&["a"], &["b"]))).real_conflict);
        // A copy counts as its original: Gamma's copy of Beta is Beta.
        assert!(!StoryExtras::of(&story(claim(&["c"], &["d"]))).real_conflict);
        // Alpha says both; Beta only one: nobody holds the other side alone.
        assert!(!StoryExtras::of(&story(claim(&["a", "c"], &["b"]))).real_conflict);
    }
}
