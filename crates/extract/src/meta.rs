//! Metadata: title, authors, publication date, site name and URL, read from JSON-LD first, then OpenGraph and other
//! meta tags, then the page itself (`<time>`, bylines, `<title>`, `<h1>`) and finally the URL.

use crate::html::Document;
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde_json::Value;
use std::collections::HashMap;

/// JSON-LD `@type`s that describe the article itself.
const ARTICLE_TYPES: &[&str] = &[
    "newsarticle",
    "article",
    "blogposting",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "liveblogposting",
    "scholarlyarticle",
    "techarticle",
    "socialmediaposting",
    "report",
    "posting",
    "creativework",
    "webpage",
    "itempage",
    "review",
    "recipe",
    "event",
    "medicalwebpage",
    "aboutpage",
    "discussionforumposting",
    "qapage",
    "question",
    "videoobject",
];

/// How much text around the first `<h1>` is searched for a written date.
const AROUND_H1_BYTES: usize = 1200;

/// How much of the page's visible text is kept for the last-resort date search.
const PAGE_TEXT_BYTES: usize = 64 * 1024;

/// The largest JSON-LD block that is parsed; bigger ones are skipped.
pub const MAX_JSON_LD_BYTES: usize = 1 << 20;

#[derive(Default, Debug)]
pub(crate) struct Meta {
    pub url: Option<String>,
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub published: Option<DateTime<FixedOffset>>,
    pub site_name: Option<String>,
    pub html_lang: Option<String>,
    /// JSON-LD `articleBody`, for pages whose HTML body holds less of the article than their metadata.
    pub ld_body: Option<String>,
    pub h1: Vec<String>,
}

#[derive(Default)]
struct LdArticle {
    rank: usize,
    headline: Option<String>,
    authors: Vec<String>,
    published: Option<String>,
    publisher: Option<String>,
    url: Option<String>,
    body: Option<String>,
}

/// Read the metadata of `html`. `page_url` is the URL the caller gave, if any.
pub(crate) fn read(doc: &Document<'_>, page_url: Option<&str>, warnings: &mut Vec<String>) -> Meta {
    let mut metas: HashMap<String, String> = HashMap::new();
    let mut canonical = None;
    let mut ld: Option<LdArticle> = None;
    let mut doc_title = None;
    let mut h1 = Vec::new();
    let mut times: Vec<String> = Vec::new();
    let mut bylines: Vec<String> = Vec::new();
    let mut html_lang = None;
    let mut ld_site = None;
    // Texts of elements that look like they hold the publication date, in document order.
    let mut date_texts: Vec<String> = Vec::new();

    // Text around the first <h1>, where a page prints its date when it has no metadata for it.
    let mut before_h1 = String::new();
    let mut after_h1 = String::new();
    let mut seen_h1 = false;
    // The page's visible text, in document order, for the last-resort date search.
    let mut page_text = String::new();
    for (node, n) in doc.nodes.iter().enumerate() {
        if n.el.is_none() {
            let t: &str = &n.text;
            let parent_ok = doc
                .nodes
                .get(n.parent)
                .and_then(|p| p.el.as_ref())
                .is_some_and(|e| !matches!(e.name(), "script" | "style" | "noscript" | "template" | "title"));
            if parent_ok && !t.trim().is_empty() {
                if page_text.len() < PAGE_TEXT_BYTES {
                    page_text.push_str(t);
                    page_text.push(' ');
                }
                if seen_h1 {
                    if after_h1.len() < AROUND_H1_BYTES {
                        after_h1.push_str(t);
                        after_h1.push(' ');
                    }
                } else {
                    before_h1.push_str(t);
                    before_h1.push(' ');
                    if before_h1.len() > 4 * AROUND_H1_BYTES {
                        let cut = before_h1.len() - AROUND_H1_BYTES / 2;
                        let cut = (cut..before_h1.len()).find(|&i| before_h1.is_char_boundary(i)).unwrap_or(before_h1.len());
                        before_h1 = before_h1[cut..].to_string();
                    }
                }
            }
            continue;
        }
        let Some(el) = n.el.as_ref() else { continue };
        let ca = crate::dom::common_attrs(el);
        if el.name() == "h1" {
            seen_h1 = true;
        }
        match el.name() {
            "html" => html_lang = el.attr("lang").or_else(|| el.attr("xml:lang")).map(|s| s.to_string()),
            "meta" => {
                let key = el.attr("property").or_else(|| el.attr("name")).or_else(|| el.attr("itemprop"));
                if let (Some(k), Some(v)) = (key, el.attr("content")) {
                    let v = clean(v);
                    if !v.is_empty() {
                        metas.entry(k.trim().to_ascii_lowercase()).or_insert(v);
                    }
                }
            }
            "link" => {
                let rel = el.attr("rel").unwrap_or("").to_ascii_lowercase();
                if rel.split_whitespace().any(|r| r == "canonical") && canonical.is_none() {
                    canonical = el.attr("href").map(|s| s.trim().to_string());
                }
            }
            "title" if doc_title.is_none() => {
                let t = clean(&doc.text_of(node, usize::MAX));
                if !t.is_empty() {
                    doc_title = Some(t);
                }
            }
            "h1" => {
                let t = clean(&doc.text_of(node, usize::MAX));
                if !t.is_empty() && h1.len() < 8 {
                    h1.push(t);
                }
            }
            "script" if el.attr("type").is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) => {
                let raw = doc.text_of(node, usize::MAX);
                if raw.len() <= MAX_JSON_LD_BYTES {
                    read_json_ld(&raw, &mut ld, &mut ld_site);
                }
            }
            "time" if times.len() < 4 => {
                if let Some(d) = el.attr("datetime") {
                    times.push(d.to_string());
                }
            }
            _ => {}
        }
        if date_texts.len() < 12 {
            // Microdata (itemprop=datePublished) or RDFa (property="schema:datePublished") on any element.
            let is_pub = |p: &str| {
                let p = p.rsplit(':').next().unwrap_or(p);
                p.eq_ignore_ascii_case("datePublished") || p.eq_ignore_ascii_case("dateCreated")
            };
            let itemprop_date = ca.itemprop.is_some_and(is_pub) || (el.name() != "meta" && el.attr("property").is_some_and(is_pub));
            if itemprop_date {
                if let Some(c) = el.attr("content").or_else(|| el.attr("datetime")) {
                    date_texts.insert(0, c.to_string());
                }
            }
            let mut hint = itemprop_date || el.name() == "time";
            if !hint {
                for v in [ca.class, ca.id].into_iter().flatten() {
                    let v = v.to_ascii_lowercase();
                    if ["date", "time", "publish", "posted", "datum", "dateline", "byline", "meta", "submitted"]
                        .iter()
                        .any(|k| v.contains(k))
                        && !["update", "modified", "comment", "timeline", "runtime"].iter().any(|k| v.contains(k))
                    {
                        hint = true;
                    }
                }
            }
            if hint {
                let t = clean(&doc.text_of(node, 400));
                if !t.is_empty() && t.len() < 200 {
                    date_texts.push(t);
                }
            }
        }
        if bylines.len() < 4 {
            let rel_author = ca.rel.is_some_and(|r| r.eq_ignore_ascii_case("author"));
            let itemprop_author = ca.itemprop.is_some_and(|r| r.eq_ignore_ascii_case("author"));
            let class_author = ca.class.is_some_and(|c| {
                let c = c.to_ascii_lowercase();
                (c.contains("byline")
                    || c.split_whitespace().any(|w| w == "author" || w.ends_with("author-name") || w == "author-name" || w == "fn"))
                    && !c.contains("avatar")
                    && !c.contains("bio")
            });
            if rel_author || itemprop_author || class_author {
                // itemprop=author often wraps an itemprop=name (as content or as text).
                let inner = if itemprop_author {
                    (node + 1..n.end.min(doc.nodes.len()))
                        .find(|&d| doc.nodes[d].el.as_ref().is_some_and(|e| e.attr("itemprop") == Some("name")))
                        .map(|d| match doc.nodes[d].el.as_ref().and_then(|e| e.attr("content")) {
                            Some(c) => c.to_string(),
                            None => doc.text_of(d, 400),
                        })
                } else {
                    None
                };
                let t = clean(&inner.unwrap_or_else(|| doc.text_of(node, 400)));
                if !t.is_empty() && t.chars().count() < 80 {
                    bylines.push(t);
                }
            }
        }
    }

    let get = |keys: &[&str]| keys.iter().find_map(|k| metas.get(*k).cloned());
    let mut m = Meta { h1, html_lang, ..Meta::default() };
    let mut ld = ld.unwrap_or_default();
    m.ld_body = ld.body.take();

    // URL: canonical/og:url, else the one given.
    m.url = ld
        .url
        .clone()
        .filter(|u| u.starts_with("http"))
        .or_else(|| get(&["og:url"]).filter(|u| u.starts_with("http")))
        .or_else(|| canonical.clone().filter(|u| u.starts_with("http")))
        .or_else(|| page_url.map(|s| s.to_string()));

    // Title.
    let og_title = get(&["og:title", "twitter:title", "dc.title", "headline", "sailthru.title", "parsely-title"]);
    m.title =
        ld.headline.clone().or(og_title).or_else(|| doc_title.as_deref().map(|t| strip_site_suffix(t, m.h1.first().map(String::as_str))));
    if m.title.is_none() {
        m.title = m.h1.first().cloned();
    }
    if let Some(t) = &m.title {
        // A title that still carries " | Site" while an <h1> holds exactly its first part: use the <h1>.
        if let Some(h) = m.h1.iter().find(|h| t.starts_with(h.as_str()) && t.len() > h.len()) {
            let rest = t[h.len()..].trim_start();
            if rest.starts_with(['|', '-', '–', '—', '·', ':']) {
                m.title = Some(h.clone());
            }
        }
    }

    // Site name.
    m.site_name = get(&["og:site_name", "application-name", "publisher"]).or(ld.publisher).or(ld_site);

    // Authors.
    let mut authors = ld.authors;
    if authors.is_empty() {
        for k in
            ["author", "article:author", "dc.creator", "parsely-author", "sailthru.author", "byl", "dcterms.creator", "twitter:creator"]
        {
            if let Some(v) = metas.get(k) {
                if !v.starts_with("http") && !v.starts_with('@') {
                    authors.push(v.clone());
                    break;
                }
            }
        }
    }
    if authors.is_empty() {
        // The first byline in the page; later ones are mostly comment authors.
        authors.extend(bylines.into_iter().filter(|b| !split_authors(b).is_empty()).take(1));
    }
    let mut seen = Vec::new();
    for a in authors {
        for part in split_authors(&a) {
            let is_outlet = m.site_name.as_deref().is_some_and(|s| s.eq_ignore_ascii_case(&part));
            if !is_outlet && !seen.iter().any(|s: &String| s.eq_ignore_ascii_case(&part)) {
                seen.push(part);
            }
        }
    }
    m.authors = seen;

    // Date.
    let candidates = [
        get(&[
            "article:published_time",
            "og:article:published_time",
            "datepublished",
            "date",
            "pubdate",
            "publishdate",
            "publish-date",
            "dc.date",
            "dc.date.issued",
            "dcterms.date",
            "dcterms.created",
            "sailthru.date",
            "parsely-pub-date",
            "article.published",
            "published-date",
            "release_date",
            "og:published_time",
            "citation_publication_date",
            "originalpublicationdate",
            "dc.date.created",
            "publication_date",
            "publication-date",
            "date_published",
            "date.published",
            "article_date_original",
            "created",
            "date.created",
            "cxenseparse:recs:publishtime",
            "datecreated",
            "displaydate",
        ]),
        ld.published,
    ];
    let mut no_zone = false;
    for c in candidates.into_iter().flatten().chain(times) {
        if let Some((d, zoned)) = parse_date(&c) {
            m.published = Some(d);
            no_zone = !zoned;
            break;
        }
    }
    if m.published.is_none() {
        let month_first = m.html_lang.as_deref().is_some_and(|l| l.to_ascii_lowercase().starts_with("en"));
        for t in &date_texts {
            let found = parse_date(t).or_else(|| {
                crate::textdate::find_date(t, month_first)
                    .and_then(|d| d.and_hms_opt(0, 0, 0))
                    .map(|n| (Utc.from_utc_datetime(&n).fixed_offset(), false))
            });
            if let Some((d, zoned)) = found {
                m.published = Some(d);
                no_zone = !zoned;
                break;
            }
        }
    }
    if m.published.is_none() && seen_h1 {
        let month_first = m.html_lang.as_deref().is_some_and(|l| l.to_ascii_lowercase().starts_with("en"));
        let tail = match before_h1.len().checked_sub(AROUND_H1_BYTES / 2) {
            Some(c) => (c..before_h1.len()).find(|&i| before_h1.is_char_boundary(i)).map_or("", |c| &before_h1[c..]),
            None => before_h1.as_str(),
        };
        let head = match after_h1.char_indices().nth(AROUND_H1_BYTES) {
            Some((i, _)) => &after_h1[..i],
            None => after_h1.as_str(),
        };
        // After the headline first (bylines and datelines follow it), then just before it.
        if let Some(d) = crate::textdate::find_date(head, month_first).or_else(|| crate::textdate::find_date(tail, month_first)) {
            m.published = d.and_hms_opt(0, 0, 0).map(|n| Utc.from_utc_datetime(&n).fixed_offset());
            no_zone = true;
        }
    }
    if m.published.is_none() {
        if let Some(d) = m.title.as_deref().and_then(|t| crate::textdate::find_date(t, false)) {
            m.published = d.and_hms_opt(0, 0, 0).map(|n| Utc.from_utc_datetime(&n).fixed_offset());
            no_zone = true;
        }
    }
    // A full date in the URL path (/2019/05/31/) is the publisher's own calendar date of first publication: it wins
    // over metadata, which is often a UTC timestamp a day off or the date of a later republication.
    let u = m.url.clone().or_else(|| page_url.map(str::to_string));
    let from_url = u.as_deref().and_then(date_in_url).or_else(|| page_url.and_then(date_in_url));
    if let Some(d) = from_url {
        if m.published.map(|p| p.date_naive()) != Some(d.date_naive()) {
            m.published = Some(d);
            no_zone = true;
        }
    }
    // Last resorts: a date written in the page's description ("News of 14 January 2020"), then the first full date
    // written anywhere in the page's visible text (a dateline, a "Datum:" field, a footer's "last edited").
    if m.published.is_none() {
        let month_first = m.html_lang.as_deref().is_some_and(|l| l.to_ascii_lowercase().starts_with("en"));
        let desc = get(&["description", "og:description", "twitter:description", "dc.description"]);
        let found = desc
            .as_deref()
            .and_then(|d| crate::textdate::find_date(d, month_first))
            .or_else(|| crate::textdate::find_date_anywhere(&page_text, month_first));
        if let Some(d) = found {
            m.published = d.and_hms_opt(0, 0, 0).map(|n| Utc.from_utc_datetime(&n).fixed_offset());
            no_zone = true;
        }
    }
    if no_zone && m.published.is_some() {
        warnings.push("publication date has no time zone, utc assumed".to_string());
    }
    m
}

/// Collapse whitespace, decode the few entities that survive in attribute text, and trim.
pub(crate) fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    if out.contains('&') {
        out = out.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'").replace("&#039;", "'");
    }
    out
}

/// "Headline | Site" → "Headline" when the site part is recognisable (a separator and a short tail).
fn strip_site_suffix(t: &str, h1: Option<&str>) -> String {
    if let Some(h) = h1 {
        if t.contains(h) {
            return h.to_string();
        }
    }
    for sep in [" | ", " - ", " – ", " — ", " · ", " :: ", " » "] {
        if let Some(i) = t.rfind(sep) {
            let (head, tail) = (&t[..i], &t[i + sep.len()..]);
            if tail.split_whitespace().count() <= 4 && head.split_whitespace().count() >= 2 {
                return head.trim().to_string();
            }
        }
    }
    t.to_string()
}

/// Words that introduce a byline rather than belong to the name.
const BYLINE_PREFIXES: &[&str] = &[
    "posted by",
    "written by",
    "geschrieben von",
    "veröffentlicht von",
    "publié par",
    "escrito por",
    "scritto da",
    "autorin:",
    "autor:",
    "author:",
    "auteur:",
    "text:",
    "interview:",
    "von:",
    "by:",
    "autorin",
    "autor",
    "author",
    "auteur",
    "by",
    "von",
    "vom",
    "par",
    "por",
    "de",
    "text",
    "redaktion:",
];

/// Split "A, B and C" into names, dropping "By ", trailing dates and things that are not names.
fn split_authors(s: &str) -> Vec<String> {
    let s = clean(s);
    let mut rest: &str = &s;
    // Strip introducers, repeatedly ("Posted by Author ...").
    loop {
        let lower = rest.to_lowercase();
        if lower.len() != rest.len() {
            break; // case folding changed byte offsets; leave such rare names alone
        }
        let Some(p) = BYLINE_PREFIXES.iter().find(|p| {
            lower.starts_with(**p)
                && lower[p.len()..].chars().next().is_none_or(|c| {
                    !c.is_alphanumeric()
                        || p.ends_with(':')
                        || ((**p == "author" || **p == "autor") && rest[p.len()..].starts_with(char::is_uppercase))
                })
        }) else {
            break;
        };
        rest = rest[p.len()..].trim_start_matches(|c: char| c.is_whitespace() || c == ':');
        if rest.is_empty() {
            break;
        }
    }
    // Cut at the first digit (a date or time follows the name) or at a separator that starts other information.
    let mut end = rest.len();
    if let Some(i) = rest.find(|c: char| c.is_ascii_digit()) {
        end = end.min(i);
    }
    for sep in
        [" am ", " at ", " on ", " le ", " el ", " | ", " • ", " · ", " – ", " — ", " - ", "|", "•", " in ", " im ", " for ", " für "]
    {
        if let Some(i) = rest.find(sep) {
            end = end.min(i);
        }
    }
    let rest = rest[..end].trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '|' | '-' | '(' | '/'));
    let parts = if let Some(sep) = [" and ", " und ", " & ", " et ", " y ", " e "].iter().find(|sep| rest.contains(**sep)) {
        split_list(&rest.replace(sep, ", "))
    } else {
        split_list(rest)
    };
    parts.into_iter().filter(|p| looks_like_name(p)).collect()
}

/// A person's or a desk's name: a few words, no URL, e-mail or domain.
fn looks_like_name(p: &str) -> bool {
    let lower = p.to_ascii_lowercase();
    let words = p.split_whitespace().count();
    (1..=5).contains(&words)
        && !p.contains('@')
        && !lower.contains("http")
        && !lower.contains("www.")
        && ![".de", ".com", ".at", ".ch", ".fr", ".net", ".org", ".uk", ".eu", ".pl", ".es", ".it"].iter().any(|d| lower.ends_with(d))
        && p.chars().any(char::is_alphabetic)
}

fn split_list(s: &str) -> Vec<String> {
    s.split([',', ';', '/']).map(|p| p.trim().to_string()).filter(|p| !p.is_empty() && p.chars().count() <= 60).collect()
}

fn read_json_ld(raw: &str, best: &mut Option<LdArticle>, site: &mut Option<String>) {
    let raw = raw.trim().trim_start_matches("<!--").trim_end_matches("-->").trim().trim_end_matches(';');
    let Ok(v) = serde_json::from_str::<Value>(raw) else { return };
    // Iterative walk over nested objects, arrays and @graph.
    let mut stack = vec![&v];
    while let Some(v) = stack.pop() {
        match v {
            Value::Array(a) => stack.extend(a.iter().rev()),
            Value::Object(o) => {
                let types: Vec<String> = match o.get("@type") {
                    Some(Value::String(s)) => vec![s.to_ascii_lowercase()],
                    Some(Value::Array(a)) => a.iter().filter_map(|t| t.as_str()).map(|t| t.to_ascii_lowercase()).collect(),
                    _ => vec![],
                };
                if site.is_none() && types.iter().any(|t| t == "website" || t == "organization" || t == "newsmediaorganization") {
                    *site = o.get("name").and_then(Value::as_str).map(clean);
                }
                if let Some(rank) = types.iter().filter_map(|t| ARTICLE_TYPES.iter().position(|a| a == t)).min() {
                    // A lower rank is a more specific article type; WebPage and friends only fill gaps.
                    let a = ld_article(o, rank);
                    match best {
                        Some(b) if b.rank <= rank => {
                            if b.headline.is_none() {
                                b.headline = a.headline;
                            }
                            if b.authors.is_empty() {
                                b.authors = a.authors;
                            }
                            if b.published.is_none() {
                                b.published = a.published;
                            }
                            if b.publisher.is_none() {
                                b.publisher = a.publisher;
                            }
                            if b.body.is_none() {
                                b.body = a.body;
                            }
                        }
                        _ => {
                            let old = best.take();
                            let mut a = a;
                            if let Some(b) = old {
                                if a.headline.is_none() {
                                    a.headline = b.headline;
                                }
                                if a.authors.is_empty() {
                                    a.authors = b.authors;
                                }
                                if a.published.is_none() {
                                    a.published = b.published;
                                }
                                if a.publisher.is_none() {
                                    a.publisher = b.publisher;
                                }
                                if a.body.is_none() {
                                    a.body = b.body;
                                }
                            }
                            *best = Some(a);
                        }
                    }
                }
                if let Some(g) = o.get("@graph") {
                    stack.push(g);
                }
                if let Some(g) = o.get("mainEntity") {
                    stack.push(g);
                }
            }
            _ => {}
        }
    }
}

fn ld_article(o: &serde_json::Map<String, Value>, rank: usize) -> LdArticle {
    let s = |k: &str| o.get(k).and_then(Value::as_str).map(clean).filter(|s| !s.is_empty());
    let headline = if rank < ARTICLE_TYPES.iter().position(|t| *t == "creativework").unwrap_or(0) {
        s("headline").or_else(|| s("name"))
    } else {
        s("headline")
    };
    let mut authors = Vec::new();
    let mut stack: Vec<&Value> = o.get("author").or_else(|| o.get("creator")).into_iter().collect();
    while let Some(a) = stack.pop() {
        match a {
            Value::String(s) => authors.push(clean(s)),
            Value::Array(v) => stack.extend(v.iter().rev()),
            Value::Object(m) => {
                if let Some(n) = m.get("name") {
                    match n {
                        Value::String(s) => authors.push(clean(s)),
                        other => stack.push(other),
                    }
                }
            }
            _ => {}
        }
    }
    authors.retain(|a| !a.is_empty() && !a.starts_with("http"));
    let publisher = o.get("publisher").and_then(|p| match p {
        Value::Object(m) => m.get("name").and_then(Value::as_str).map(clean),
        Value::String(s) => Some(clean(s)),
        _ => None,
    });
    let url = match o.get("mainEntityOfPage") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Object(m)) => m.get("@id").and_then(Value::as_str).map(str::to_string),
        _ => None,
    }
    .or_else(|| s("url"));
    let body = o.get("articleBody").and_then(Value::as_str).map(str::to_string);
    LdArticle { rank, headline, authors, published: s("datePublished").or_else(|| s("dateCreated")), publisher, url, body }
}

/// Parse a date as found in metadata. Returns the date and whether it carried a time zone
/// (dates without one are read as UTC).
pub(crate) fn parse_date(s: &str) -> Option<(DateTime<FixedOffset>, bool)> {
    let s = s.trim();
    if s.len() < 8 || s.len() > 64 {
        return None;
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some((d, true));
    }
    for f in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%dT%H:%M%z", "%Y-%m-%d %H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S %z", "%Y-%m-%dT%H:%M:%S%.f %z"] {
        if let Ok(d) = DateTime::parse_from_str(s, f) {
            return Some((d, true));
        }
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some((d, true));
    }
    let utc = |n: NaiveDateTime| Utc.from_utc_datetime(&n).fixed_offset();
    let head = s.trim_end_matches('Z');
    for f in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"] {
        if let Ok(n) = NaiveDateTime::parse_from_str(head, f) {
            return Some((utc(n), s.ends_with('Z')));
        }
    }
    let date_part = s.get(..10).unwrap_or(s);
    for f in ["%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y", "%Y%m%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(date_part, f) {
            // "23.09.22": a two-digit year is this century's (before 70) or the last one's, never year 22.
            let d = match d.year() {
                y @ 0..=69 => d.with_year(2000 + y)?,
                y @ 70..=99 => d.with_year(1900 + y)?,
                _ => d,
            };
            return Some((utc(d.and_hms_opt(0, 0, 0)?), false));
        }
    }
    None
}

/// A `/2019/05/31/` or `/2019-05-31` date in the URL path.
pub(crate) fn date_in_url(url: &str) -> Option<DateTime<FixedOffset>> {
    let b = url.as_bytes();
    let digits = |i: usize, n: usize| {
        b.get(i..i + n)
            .filter(|s| s.iter().all(u8::is_ascii_digit))
            .map(|s| std::str::from_utf8(s).unwrap_or("0").parse::<u32>().unwrap_or(0))
    };
    for i in 0..b.len() {
        if b[i] != b'/' {
            continue;
        }
        let (Some(y), Some(sep1)) = (digits(i + 1, 4), b.get(i + 5)) else { continue };
        if !matches!(sep1, b'/' | b'-' | b'_') || !(1995..=2100).contains(&y) {
            continue;
        }
        // Month and day of one or two digits: /2019/05/31/, /2017/7/12/.
        let num = |at: usize| match (digits(at, 2), digits(at, 1)) {
            (Some(v), _) => Some((v, at + 2)),
            (None, Some(v)) => Some((v, at + 1)),
            _ => None,
        };
        let Some((mo, j)) = num(i + 6) else { continue };
        if b.get(j) != Some(sep1) {
            continue;
        }
        let Some((d, k)) = num(j + 1) else { continue };
        if b.get(k).is_some_and(u8::is_ascii_digit) {
            continue;
        }
        if let Some(nd) = NaiveDate::from_ymd_opt(y as i32, mo, d) {
            return Some(Utc.from_utc_datetime(&nd.and_hms_opt(0, 0, 0)?).fixed_offset());
        }
    }
    None
}
