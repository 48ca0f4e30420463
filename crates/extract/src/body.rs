//! The main text: drop boilerplate subtrees, score text blocks (readability-style, with link density), pick the
//! article container and its sibling parts, then render its blocks as paragraphs in document order.

use crate::dom::{is_block, is_heading, Dom};

/// A text block shorter than this (in non-space characters) gets no score of its own.
pub const MIN_SCORED_BLOCK_CHARS: usize = 25;
/// A page whose best container holds less non-link text than this has no article.
pub const MIN_ARTICLE_CHARS: usize = 50;

/// Class/id words that mark boilerplate even next to a positive word ("comment-body", "share-content").
const NEGATIVE_ALWAYS: &[&str] = &[
    "comment",
    "comments",
    "commentlist",
    "disqus",
    "share",
    "sharing",
    "social",
    "sharebar",
    "shariff",
    "related",
    "newsletter",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "advert",
    "advertisement",
    "ad",
    "ads",
    "adsense",
    "breadcrumb",
    "breadcrumbs",
    "caption",
    "credit",
    "credits",
    "outbrain",
    "taboola",
    "promo",
    "subscribe",
    "popup",
    "recommended",
    "recirculation",
    "sr-only",
    "visually-hidden",
    "screen-reader-text",
    "relatedposts",
    "jp-relatedposts",
    "yarpp",
    "wp-caption-text",
];

/// Class/id words that mark page furniture unless a positive word says otherwise ("sidebar", "byline").
const NEGATIVE_LAYOUT: &[&str] = &[
    "sponsor",
    "sponsored",
    "sidebar",
    "subscription",
    "modal",
    "banner",
    "signup",
    "newsletters",
    "recommendations",
    "most-read",
    "mostread",
    "popular",
    "trending",
    "widget",
    "widgets",
    "toolbar",
    "pagination",
    "pager",
    "skip",
    "visuallyhidden",
    "print-only",
    "tags",
    "tagcloud",
    "taglist",
    "keywords",
    "topics",
    "copyright",
    "disclaimer",
    "masthead",
    "rating",
    "reactions",
    "nav",
    "navbar",
    "navigation",
    "menu",
    "footer",
    "header",
    "image-credit",
    "photo-credit",
    "byline",
    "dateline",
    "author",
    "bio",
    "avatar",
    "timestamp",
    "meta",
    "postmeta",
    "entry-meta",
    "post-meta",
    "article-meta",
    "nextprev",
    "prevnext",
    "more-stories",
    "login",
    "signin",
];

/// Consent and ad vendors' class/id words: boilerplate even next to a positive word, but not strong on their own.
const NEGATIVE_VENDOR: &[&str] = &["cookieconsent", "cta", "onetrust", "inline-ad", "adslot", "adunit"];

/// Stems that mark boilerplate at the start of a class word, also in run-together names ("shareInfo",
/// "teaserContentWrap", "commentlist").
const NEGATIVE_STEMS: &[&str] = &[
    "share",
    "social",
    "comment",
    "related",
    "newsletter",
    "cookie",
    "promo",
    "advert",
    "sponsor",
    "outbrain",
    "taboola",
    "breadcrumb",
    "subscribe",
    "sidebar",
    "caption",
    "disqus",
    "recommend",
    "signup",
    "popup",
];

fn negative_stem(w: &str) -> bool {
    NEGATIVE_STEMS.iter().any(|s| w.starts_with(s)) && !w.starts_with("commentary") && !w.starts_with("shared")
}

/// Words in class/id that suggest the article body.
const POSITIVE: &[&str] = &[
    "article",
    "articlebody",
    "article-body",
    "body",
    "content",
    "entry",
    "entry-content",
    "main",
    "post",
    "post-content",
    "post-body",
    "story",
    "story-body",
    "text",
    "blog",
    "hentry",
    "page",
    "single",
    "prose",
    "articletext",
    "article-text",
    "story-content",
    "rich-text",
    "richtext",
    "content-body",
    "post-entry",
];

/// Tags that are never article text.
fn always_removed_tag(tag: &str) -> bool {
    matches!(tag, "nav" | "aside" | "figure" | "figcaption" | "menu" | "dialog")
}

/// Split class and id values into lowercase words; "post-meta__date" gives "post", "meta", "date" and the whole
/// tokens "post-meta__date".
fn words(s: &str, out: &mut Vec<String>) {
    for tok in s.split_ascii_whitespace() {
        let tok = tok.to_ascii_lowercase();
        // "has-sidebar", "with-comments" describe the layout around the element, not the element.
        if tok.starts_with("has-")
            || tok.starts_with("with-")
            || tok.starts_with("no-")
            || tok.starts_with("non-")
            || tok.starts_with("show-")
        {
            continue;
        }
        for w in tok.split(|c: char| !c.is_ascii_alphanumeric()) {
            if !w.is_empty() {
                out.push(w.to_string());
            }
        }
        out.push(tok);
    }
}

struct Attrs {
    strong_negative: bool,
    very_strong_negative: bool,
    positive: bool,
    hidden: bool,
    body_hint: bool,
}

fn attrs(el: &crate::html::Element<'_>, buf: &mut Vec<String>) -> Attrs {
    buf.clear();
    let ca = crate::dom::common_attrs(el);
    if let Some(c) = ca.class {
        words(c, buf);
    }
    if let Some(i) = ca.id {
        words(i, buf);
    }
    let role = ca.role.unwrap_or("");
    let itemprop = ca.itemprop.unwrap_or("");
    let strong_negative = buf.iter().any(|w| negative_stem(w))
        || buf.iter().any(|w| NEGATIVE_ALWAYS.contains(&w.as_str()) || NEGATIVE_LAYOUT.contains(&w.as_str()))
        || matches!(role, "navigation" | "complementary" | "banner" | "contentinfo" | "menu" | "dialog" | "alert");
    let very_strong_negative =
        buf.iter().any(|w| NEGATIVE_ALWAYS.contains(&w.as_str()) || NEGATIVE_VENDOR.contains(&w.as_str()) || negative_stem(w));
    let positive = buf.iter().any(|w| POSITIVE.contains(&w.as_str()));
    let style = ca.style.unwrap_or("");
    let hidden = ca.hidden
        || ca.aria_hidden.is_some_and(|v| v.eq_ignore_ascii_case("true"))
        || (style.contains("display") && style.replace(' ', "").to_ascii_lowercase().contains("display:none"))
        || (style.contains("visibility") && style.replace(' ', "").to_ascii_lowercase().contains("visibility:hidden"));
    let body_hint = itemprop.eq_ignore_ascii_case("articleBody")
        || buf.iter().any(|w| {
            matches!(
                w.as_str(),
                "articlebody"
                    | "article-body"
                    | "article__body"
                    | "story-body"
                    | "entry-content"
                    | "post-content"
                    | "article-content"
                    | "articletext"
                    | "article-text"
                    | "post-body"
                    | "story-content"
                    | "content-body"
                    | "body-text"
                    | "article__content"
                    | "article-body-text"
            )
        });
    Attrs { strong_negative, very_strong_negative, positive, hidden, body_hint }
}

fn count_text(t: &str) -> (u32, u32) {
    let mut chars = 0u32;
    let mut commas = 0u32;
    for c in t.chars() {
        if !c.is_whitespace() {
            chars += 1;
            if matches!(c, ',' | '，' | '、' | '،') {
                commas += 1;
            }
        }
    }
    (chars, commas)
}

/// The extracted paragraphs, plus whether an article was found.
pub(crate) struct Body {
    pub paragraphs: Vec<String>,
    pub found: bool,
}

pub(crate) fn extract(dom: &Dom<'_>, title: Option<&str>) -> Body {
    let whole_env = std::env::var_os("TIDINGS_EXTRACT_WHOLE").is_some();
    let strict = extract_with(dom, title, false, whole_env);
    // Class names mislead sometimes (a wrapper called "widget" or "has-comments"): when the strict pass finds little,
    // retry trusting only tags and the strongest class words, and keep the longer result.
    let size = |b: &Body| b.paragraphs.iter().map(|p| p.len()).sum::<usize>();
    let strict_len = size(&strict);
    if whole_env || strict.found && strict_len >= RETRY_BELOW_CHARS {
        return strict;
    }
    let relaxed = extract_with(dom, title, true, false);
    let best = if relaxed.found && size(&relaxed) > strict_len * 2 { relaxed } else { strict };
    // A small page whose text is spread over many small containers: the best container holds a fraction of it.
    // Then the whole body, still without its boilerplate, is the better answer.
    let whole = extract_with(dom, title, false, true);
    if whole.found && size(&whole) > WHOLE_PAGE_RATIO * size(&best) {
        whole
    } else {
        best
    }
}

/// When the whole page (boilerplate removed) has this many times the text of the best container on a small page,
/// the page is taken whole.
const WHOLE_PAGE_RATIO: usize = 3;

/// The share of extra good text (relative to the candidate's) that makes the parent the better container.
const EXPAND_SHARE: f32 = 0.1;

/// A candidate holding less than this share of the page's good text moves up to a parent that adds few links.
const COVER_SHARE: f32 = 0.6;

/// A container of at least six text blocks averaging fewer than this many characters, with more than
/// `TEASER_LINK_DENSITY` of its text in links, is a list of teasers (headline, section, author), not article text.
const TEASER_BLOCK_CHARS: u32 = 50;
const TEASER_LINK_DENSITY: f32 = 0.3;

/// A strict pass that finds less text than this (bytes) is retried with relaxed class rules.
const RETRY_BELOW_CHARS: usize = 1500;

fn extract_with(dom: &Dom<'_>, title: Option<&str>, relaxed: bool, whole: bool) -> Body {
    let nodes = &dom.nodes;
    let n = nodes.len();
    if n == 0 {
        return Body { paragraphs: Vec::new(), found: false };
    }
    // Pass 1, bottom-up: raw text length per subtree (before removing anything).
    let mut raw_len = vec![0u32; n];
    let mut commas_own = vec![0u32; n];
    // Whether the subtree holds an <article> or an itemprop=articleBody: such a subtree is never removed for its tag.
    let mut holds_article = vec![false; n];
    for i in (0..n).rev() {
        let node = &nodes[i];
        match node.el {
            None => {
                let (c, k) = count_text(node.text);
                raw_len[i] = c;
                commas_own[i] = k;
            }
            Some(el) => {
                if el.name() == "article" || el.attr("itemprop").is_some_and(|p| p.eq_ignore_ascii_case("articleBody")) {
                    holds_article[i] = true;
                }
            }
        }
        if node.parent != usize::MAX {
            raw_len[node.parent] += raw_len[i];
            holds_article[node.parent] |= holds_article[i];
        }
    }
    let total = raw_len.iter().enumerate().filter(|(i, _)| nodes[*i].parent == usize::MAX).map(|(_, l)| *l).sum::<u32>().max(1);

    // Pass 2, top-down: boilerplate removal, link context, nearest block, class weights.
    let mut removed = vec![false; n];
    let mut in_link = vec![false; n];
    let mut block = vec![usize::MAX; n];
    let mut weight = vec![0f32; n];
    let mut body_hint = vec![false; n];
    let mut in_article = vec![false; n];
    let mut in_header = vec![false; n];
    let mut buf = Vec::new();
    for i in 0..n {
        let node = &nodes[i];
        let p = node.parent;
        let (p_removed, p_link, p_block) = if p == usize::MAX { (false, false, usize::MAX) } else { (removed[p], in_link[p], block[p]) };
        if p_removed {
            removed[i] = true;
            continue;
        }
        let Some(el) = node.el else {
            in_link[i] = p_link;
            block[i] = p_block;
            continue;
        };
        let tag = el.name();
        let a = attrs(el, &mut buf);
        in_article[i] = tag == "article" || (p != usize::MAX && in_article[p]);
        in_header[i] = tag == "header" || (p != usize::MAX && in_header[p]);
        let share = raw_len[i] as f32 / total as f32;
        let structural = matches!(tag, "html" | "body" | "main" | "article");
        let mut rm = a.hidden && !structural;
        if always_removed_tag(tag) && share < 0.5 && !holds_article[i] {
            rm = true;
        }
        // A page header goes; an article's own header keeps its standfirst (the headline is dropped later).
        if (tag == "footer" || tag == "header" && !in_article[p.min(n - 1)]) && share < 0.3 {
            rm = true;
        }
        if !structural && !a.body_hint {
            if relaxed {
                if a.very_strong_negative && share < 0.2 {
                    rm = true;
                }
            } else if (a.very_strong_negative || (a.strong_negative && !a.positive && !holds_article[i])) && share < 0.5 {
                rm = true;
            }
        }
        removed[i] = rm;
        if rm && share > 0.05 && std::env::var_os("TIDINGS_EXTRACT_DEBUG").is_some() {
            eprintln!("removed <{tag} class={:?} id={:?}> share {share:.2}", el.attr("class"), el.attr("id"));
        }
        in_link[i] = p_link || tag == "a";
        block[i] = if is_block(tag) { i } else { p_block };
        body_hint[i] = a.body_hint;
        weight[i] = if a.body_hint {
            40.0
        } else if a.positive && !a.strong_negative {
            25.0
        } else if a.strong_negative {
            -25.0
        } else {
            0.0
        } + match tag {
            "article" => 10.0,
            "main" => 5.0,
            "div" | "section" => 5.0,
            "pre" | "td" | "blockquote" => 3.0,
            "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
            _ => 0.0,
        };
    }

    // Pass 3, bottom-up: text and link-text length of what is kept, own text of each block.
    let mut len = vec![0u32; n];
    let mut link_len = vec![0u32; n];
    let mut own = vec![0u32; n];
    let mut own_link = vec![0u32; n];
    let mut own_commas = vec![0u32; n];
    for i in (0..n).rev() {
        if removed[i] {
            continue;
        }
        let node = &nodes[i];
        if node.el.is_none() {
            len[i] = raw_len[i];
            if in_link[i] {
                link_len[i] = raw_len[i];
            }
            let b = block[i];
            if b != usize::MAX {
                own[b] += raw_len[i];
                own_commas[b] += commas_own[i];
                if in_link[i] {
                    own_link[b] += raw_len[i];
                }
            }
        }
        let p = node.parent;
        if p != usize::MAX {
            len[p] += len[i];
            link_len[p] += link_len[i];
        }
    }
    let density = |i: usize| if len[i] == 0 { 0.0 } else { link_len[i] as f32 / len[i] as f32 };
    if let Some(needle) = std::env::var_os("TIDINGS_EXTRACT_TRACE") {
        let needle = needle.to_string_lossy();
        for (i, node) in nodes.iter().enumerate().filter(|(_, x)| x.el.is_none() && x.text.contains(needle.as_ref())) {
            let mut a = node.parent;
            eprintln!("trace text node {i}");
            while a != usize::MAX {
                let el = nodes[a].el;
                eprintln!(
                    "  <{} class={:?} id={:?}> removed {} len {} link {}",
                    nodes[a].tag(),
                    el.and_then(|e| e.attr("class")),
                    el.and_then(|e| e.attr("id")),
                    removed[a],
                    len[a],
                    link_len[a]
                );
                a = nodes[a].parent;
            }
        }
    }
    // Text blocks and links per subtree, to recognise lists of teasers (many short blocks, many links) and link
    // clusters hidden inside a sentence (a hover card of related articles).
    let mut blocks = vec![0u32; n];
    let mut links = vec![0u32; n];
    for i in (0..n).rev() {
        if removed[i] {
            continue;
        }
        if nodes[i].el.is_some() && own[i] > 0 {
            blocks[i] += 1;
        }
        if nodes[i].tag() == "a" {
            links[i] += 1;
        }
        let p = nodes[i].parent;
        if p != usize::MAX {
            blocks[p] += blocks[i];
            links[p] += links[i];
        }
    }

    // Pass 4: score blocks and hand the score to their ancestors.
    let mut score = vec![0f32; n];
    let mut scored = vec![false; n];
    for b in 0..n {
        if removed[b] || nodes[b].el.is_none() || own[b] < MIN_SCORED_BLOCK_CHARS as u32 {
            continue;
        }
        let tag = nodes[b].tag();
        // Headings and short list or table cells are not prose; a heading of paragraph length is (some pages set
        // their whole text in <h3>/<h4>).
        if is_heading(tag) && (tag == "h1" || own[b] < 80) || matches!(tag, "li" | "td" | "th" | "dt" | "dd") && own[b] < 80 {
            continue;
        }
        if own_link[b] as f32 > 0.5 * own[b] as f32 {
            continue;
        }
        let s = 1.0 + own_commas[b] as f32 + (own[b] as f32 / 100.0).min(3.0);
        let mut a = nodes[b].parent;
        // The block's own container counts as level 0 when the block is itself a text-holding div.
        let mut level = 0;
        if matches!(tag, "div" | "section" | "article" | "main" | "td" | "blockquote") {
            a = b;
        }
        while a != usize::MAX && level < 5 {
            if !scored[a] {
                scored[a] = true;
                score[a] = weight[a];
            }
            score[a] += match level {
                0 => s,
                1 => s / 2.0,
                l => s / (l as f32 * 3.0),
            };
            level += 1;
            a = nodes[a].parent;
        }
    }
    // Good text: non-link text of blocks that were scored, summed per subtree.
    let mut good = vec![0u32; n];
    for i in (0..n).rev() {
        if removed[i] {
            continue;
        }
        if nodes[i].el.is_some() && own[i] >= MIN_SCORED_BLOCK_CHARS as u32 && own_link[i] as f32 <= 0.5 * own[i] as f32 {
            good[i] += own[i] - own_link[i];
        }
        let p = nodes[i].parent;
        if p != usize::MAX {
            good[p] += good[i];
        }
    }
    let good_total: u32 = (0..n).filter(|&i| nodes[i].parent == usize::MAX).map(|i| good[i]).sum();
    let mut top = usize::MAX;
    let mut top_score = f32::MIN;
    for i in 0..n {
        if scored[i] && !removed[i] {
            if matches!(nodes[i].tag(), "html") {
                continue;
            }
            let s = score[i] * (1.0 - density(i));
            score[i] = s;
            if s > top_score {
                top_score = s;
                top = i;
            }
        }
    }
    if top == usize::MAX {
        return Body { paragraphs: Vec::new(), found: false };
    }

    // Several strong candidates under one ancestor: the article is split; take the common ancestor.
    let strong: Vec<usize> = (0..n)
        .filter(|&i| {
            i != top
                && scored[i]
                && !removed[i]
                && score[i] >= 0.75 * top_score
                && !is_ancestor(nodes, i, top)
                && !is_ancestor(nodes, top, i)
        })
        .take(8)
        .collect();
    if strong.len() >= 2 {
        let mut a = nodes[top].parent;
        while a != usize::MAX && nodes[a].tag() != "body" {
            let contained = strong.iter().filter(|&&s| s >= a && s < nodes[a].end).count();
            if contained >= 2 {
                top = a;
                break;
            }
            a = nodes[a].parent;
        }
    }
    // Walk up while the parent clearly scores more (the text continues in the parent).
    {
        let mut last = score[top];
        let threshold = last / 3.0;
        let mut p = nodes[top].parent;
        while p != usize::MAX && !matches!(nodes[p].tag(), "body" | "html") {
            if !scored[p] {
                p = nodes[p].parent;
                continue;
            }
            if score[p] < threshold {
                break;
            }
            if score[p] > last {
                top = p;
                break;
            }
            last = score[p];
            p = nodes[p].parent;
        }
        // The article continues outside the candidate (split into sections): move up while the parent adds a good
        // share of well-formed paragraphs and few links.
        loop {
            let p = nodes[top].parent;
            if p == usize::MAX || matches!(nodes[p].tag(), "body" | "html") || removed[p] {
                break;
            }
            let extra_good = good[p] - good[top];
            let extra_len = (len[p] - len[top]).max(1);
            let extra_links = link_len[p] - link_len[top];
            let total_good = good_total as f32;
            if (good[top] as f32) < COVER_SHARE * total_good && (extra_links as f32) < 0.5 * extra_len as f32 {
                top = p;
                continue;
            }
            if extra_good as f32 >= EXPAND_SHARE * good[top] as f32
                && (extra_links as f32) < 0.3 * extra_len as f32
                && extra_good as f32 >= 0.3 * (extra_len - extra_links) as f32
            {
                top = p;
            } else {
                break;
            }
        }
        // An only child says nothing: use the parent.
        loop {
            let p = nodes[top].parent;
            if p == usize::MAX || matches!(nodes[p].tag(), "body" | "html") || removed[p] {
                break;
            }
            if len[p] == len[top] {
                top = p;
            } else {
                break;
            }
        }
    }

    // Inside an <article>, what precedes the body container (standfirst, subtitle, the first paragraph set apart)
    // belongs to the article; what follows it is mostly related links, newsletter boxes and comments.
    let mut prefix: Option<usize> = {
        // The nearest <article>; without one, the page's <main> (same reasoning: what it holds before the body
        // container is the article's lead).
        let find = |want: &str| {
            let mut a = nodes[top].parent;
            while a != usize::MAX && nodes[a].tag() != want {
                a = nodes[a].parent;
            }
            (a != usize::MAX && !removed[a]).then_some(a)
        };
        find("article").or_else(|| find("main"))
    };

    // Siblings that belong to the article.
    let mut roots = Vec::new();
    let parent = nodes[top].parent;
    let top_score = score[top];
    if parent == usize::MAX {
        roots.push(top);
    } else {
        let threshold = (top_score * 0.2).max(10.0);
        let top_class = nodes[top].el.and_then(|e| e.attr("class"));
        let mut c = parent + 1;
        while c < nodes[parent].end {
            let sib = c;
            c = nodes[sib].end;
            if sib == top {
                roots.push(sib);
                continue;
            }
            if removed[sib] {
                continue;
            }
            let mut bonus = 0.0;
            if top_class.is_some() && nodes[sib].el.and_then(|e| e.attr("class")) == top_class {
                bonus = top_score * 0.2;
            }
            let keep = (scored[sib] && score[sib] + bonus >= threshold)
                || (nodes[sib].tag() == "p" && {
                    let l = len[sib];
                    let d = density(sib);
                    (l > 80 && d < 0.25) || (l > 0 && d == 0.0 && ends_sentence(dom, sib))
                });
            if keep {
                roots.push(sib);
            }
        }
    }

    if whole {
        roots = vec![(0..n).find(|&i| nodes[i].tag() == "body").unwrap_or(0)];
        prefix = None;
    }
    if std::env::var_os("TIDINGS_EXTRACT_DEBUG").is_some() {
        for &r in &roots {
            let el = nodes[r].el;
            eprintln!(
                "root {} <{} class={:?} id={:?}> score {:.1} len {} link {}",
                r,
                nodes[r].tag(),
                el.and_then(|e| e.attr("class")),
                el.and_then(|e| e.attr("id")),
                score[r],
                len[r],
                link_len[r]
            );
        }
    }
    // Render.
    let title_norm = title.map(norm);
    let mut paragraphs = Vec::new();
    let mut cur = String::new();
    // Whether `cur` holds text from an article's <header>, where only the standfirst is wanted.
    let mut cur_header = false;
    // End indices of the blocks we are inside: leaving one ends a paragraph.
    let mut open: Vec<usize> = Vec::new();
    // Ranges of node indices to render, in document order.
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    if let Some(a) = prefix {
        let first = roots.first().copied().unwrap_or(top);
        if a < first {
            ranges.push((a, first));
        }
    }
    ranges.extend(roots.iter().map(|&r| (r, nodes[r].end)));
    for &(start, end) in &ranges {
        let r = start;
        let mut i = start;
        while i < end {
            while open.last().is_some_and(|&e| e <= i) {
                open.pop();
                flush(&mut cur, &mut cur_header, &mut paragraphs);
            }
            let node = &nodes[i];
            if removed[i] {
                i = node.end;
                continue;
            }
            let Some(el) = node.el else {
                push_text(&mut cur, node.text);
                cur_header |= node.parent != usize::MAX && in_header[node.parent];
                i += 1;
                continue;
            };
            let tag = el.name();
            let l = len[i];
            let d = density(i);
            let skip = if tag == "h1" {
                true
            } else if tag == "time" {
                // A date on its own line is page furniture; a date inside a sentence is text.
                let b = block[node.parent.min(n - 1)];
                !(b != usize::MAX && matches!(nodes[b].tag(), "p" | "li" | "td" | "dd" | "blockquote"))
            } else if is_heading(tag) {
                title_norm.as_deref().is_some_and(|t| norm_text(dom, i) == t) || d > 0.5
            } else if i != r && matches!(tag, "ul" | "ol" | "dl" | "div" | "section" | "table" | "p" | "li") {
                (d > 0.6 && l < 300) || d > 0.8 || (d > TEASER_LINK_DENSITY && blocks[i] >= 6 && l < TEASER_BLOCK_CHARS * blocks[i])
            } else if i != r && tag == "span" {
                links[i] >= 2 && d > 0.75
            } else {
                false
            };
            if skip {
                if is_block(tag) {
                    flush(&mut cur, &mut cur_header, &mut paragraphs);
                }
                i = node.end;
                continue;
            }
            if is_block(tag) {
                flush(&mut cur, &mut cur_header, &mut paragraphs);
                open.push(node.end);
            }
            i += 1;
        }
        open.clear();
        flush(&mut cur, &mut cur_header, &mut paragraphs);
    }
    // The article's text ends before a closing "more on this" heading whose links were removed above it.
    while paragraphs.last().is_some_and(|p| tidings_text::lexicon::is_closing_heading(p)) {
        paragraphs.pop();
    }
    let non_link: u32 = roots.iter().map(|&r| len[r] - link_len[r]).sum();
    let found = non_link as usize >= MIN_ARTICLE_CHARS && !paragraphs.is_empty();
    if !found {
        paragraphs.clear();
    }
    Body { paragraphs, found }
}

fn is_ancestor(nodes: &[crate::dom::Node<'_>], a: usize, b: usize) -> bool {
    a < b && b < nodes[a].end
}

fn ends_sentence(dom: &Dom<'_>, i: usize) -> bool {
    let t = norm_text(dom, i);
    t.ends_with(['.', '!', '?', '"', '”', '。'])
}

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

fn norm_text(dom: &Dom<'_>, i: usize) -> String {
    let mut s = String::new();
    for n in &dom.nodes[i..dom.nodes[i].end] {
        if n.el.is_none() {
            s.push_str(n.text);
            s.push(' ');
        }
    }
    norm(&s)
}

fn push_text(cur: &mut String, t: &str) {
    if t.starts_with(char::is_whitespace) && !cur.is_empty() && !cur.ends_with(' ') {
        cur.push(' ');
    }
    let mut words = t.split_whitespace();
    if let Some(w) = words.next() {
        cur.push_str(w);
        for w in words {
            cur.push(' ');
            cur.push_str(w);
        }
        if t.ends_with(char::is_whitespace) {
            cur.push(' ');
        }
    }
}

/// End the current paragraph. Datelines ("Posted: Fri 6:45 PM, Feb 16, 2018", "Updated 20 November 2019") and
/// bylines ("By Ann Lee") are page furniture and are dropped; sentences that mention a date are kept.
/// In an article's `<header>`, lines shorter than [`SHORT_LINE_CHARS`] (kickers, datelines, reading times) are dropped
/// too: the standfirst is the long one.
fn flush(cur: &mut String, in_header: &mut bool, out: &mut Vec<String>) {
    let t = cur.trim();
    let header_furniture = *in_header && t.chars().count() < SHORT_LINE_CHARS;
    if !t.is_empty() && !header_furniture && !is_furniture_line(t) {
        out.push(t.to_string());
    }
    cur.clear();
    *in_header = false;
}

/// Words that open a dateline or a byline.
const LINE_INTRODUCERS: &[&str] = &[
    "by",
    "posted",
    "published",
    "updated",
    "last",
    "on",
    "von",
    "am",
    "veröffentlicht",
    "aktualisiert",
    "stand",
    "publié",
    "mis",
    "le",
    "publicado",
    "actualizado",
    "text:",
    "texto:",
    "foto:",
    "photo:",
    "written",
    "author:",
];

fn is_furniture_line(t: &str) -> bool {
    let chars = t.chars().count();
    if chars >= SHORT_LINE_CHARS {
        return false;
    }
    let first = t.split_whitespace().next().unwrap_or("").trim_end_matches(':').to_lowercase();
    let introduced = LINE_INTRODUCERS.iter().any(|w| w.trim_end_matches(':') == first);
    let sentence = t.ends_with(['.', '!', '?', '"', '”', '»']) && !introduced;
    if !sentence && crate::textdate::find_date(t, false).is_some() {
        return true;
    }
    // "By Ann Lee", "Von Jo Meier und Kim Roth": short, introduced, no sentence end.
    (first == "by" || first == "von" || first == "par" || first == "por") && chars < 60 && !t.ends_with(['.', '!', '?'])
}

/// Lines shorter than this (characters) may be datelines or bylines.
const SHORT_LINE_CHARS: usize = 100;
