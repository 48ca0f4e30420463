//! Briefs: the headline, the cited multi-source summary and the per-article summaries of a story.
//!
//! Every summary sentence is a verbatim sentence of a source article, cited to its byte span.
//! The method follows what works for news (see FIELD-NOTES): sentences of different articles
//! that state the same thing (content words, numbers and names overlap) form a statement
//! group; statements are ranked by how many independent outlets support them, how central they
//! are to the story and how early they come; then the clearest sentence of each top statement is
//! chosen, skipping anything that repeats a chosen one. Copies support a statement once.
//!
//! ```
//! use tidings_model::Article;
//! let mut a = Article::new("a", "Storm", "A storm hit the coast on Friday. Ports were closed for two days.");
//! a.sentences = tidings_text::split_sentences(&a.text);
//! let s = tidings_brief::summarize(&[a], &[0], 1, &|_, _| Vec::new());
//! assert_eq!(s[0].text, "A storm hit the coast on Friday.");
//! ```

use rustc_hash::{FxHashMap, FxHashSet};
use tidings_model::{independent_sources, Article, ArticleIdx, Citation};
use tidings_text::lexicon::DANGLING_SET;
use tidings_text::{names, words, Analyzer};

/// Sentences in a story summary by default.
pub const DEFAULT_SUMMARY_SENTENCES: usize = 5;
/// Sentences in an article's "no time to read" summary.
pub const DEFAULT_ARTICLE_SENTENCES: usize = 3;
/// Weighted content-term Jaccard (with number and name bonus) from which two sentences state
/// the same thing. Calibrated on the demo corpus: true restatements score 0.22 to 0.45, sentences
/// that merely share the story's topic 0.12 to 0.2.
pub const SAME_STATEMENT: f32 = 0.22;
/// A candidate sentence this similar to an already chosen one is redundant.
pub const REDUNDANT: f32 = 0.22;
/// Plain (unweighted) Dice overlap of terms from which a candidate repeats a chosen sentence:
/// two rewordings of "Kim arrived in Russia by train" share mostly common story words, which the
/// weighted similarity discounts.
pub const REDUNDANT_DICE: f32 = 0.4;
/// Sentences with fewer content terms (headings, fragments) are never linked to others.
pub const MIN_LINK_TERMS: usize = 4;
/// Terms shared by more than this many sentences, or by more than a tenth of the story's
/// sentences, are too common to find statement pairs by: their weight is near zero anyway.
pub const COMMON_TERM_POSTINGS: usize = 400;
/// At most this many sentences of each article are read for the story summary (news puts what
/// matters first; the tail of a long article rarely makes a brief).
pub const MAX_ARTICLE_SENTENCES: usize = 40;
/// Candidate sentences have between these many words.
pub const MIN_WORDS: usize = 6;
pub const MAX_WORDS: usize = 60;
/// Past this many words a sentence pays a small readability cost in the ranking.
pub const IDEAL_MAX_WORDS: usize = 32;

/// One sentence of a story summary.
#[derive(Debug, Clone, PartialEq)]
pub struct SummarySentence {
    pub text: String,
    /// Independent outlets (copies count once) that state it.
    pub sources: usize,
    /// The sentence itself first, then one sentence per other article stating the same thing.
    pub citations: Vec<Citation>,
}

struct Sent {
    article: ArticleIdx,
    index: usize,
    terms: Vec<u32>,
    numbers: Vec<String>,
    names: Vec<String>,
    words: usize,
    eligible: bool,
    /// Ends like a sentence (headings such as "Summit Details:" do not).
    linkable: bool,
}

/// Whether a sentence can stand alone in a brief.
fn eligible(text: &str, word_count: usize) -> bool {
    if !(MIN_WORDS..=MAX_WORDS).contains(&word_count) {
        return false;
    }
    let t = text.trim();
    if !tidings_text::clean::ends_like_sentence(t) || t.trim_end_matches(['"', '”', '’', '\'', ')']).ends_with('?') {
        return false;
    }
    let first = t.chars().next().unwrap_or(' ');
    if first.is_lowercase() || matches!(first, '(' | '[' | '-' | '–' | '—' | '•' | '*') {
        return false;
    }
    let first_word = words(t).next().map(|(_, w)| w.to_lowercase()).unwrap_or_default();
    if DANGLING_SET.contains(first_word.as_str()) {
        return false;
    }
    // A sentence that is all quote with no attribution needs its context.
    let quoteish = matches!(first, '"' | '“' | '‘' | '\'') && !t.contains(" said") && !t.contains(" says") && !t.contains(" told");
    !quoteish
}

fn analyse(corpus: &[Article], members: &[ArticleIdx], vocab: &mut FxHashMap<String, u32>) -> Vec<Sent> {
    let mut out = Vec::new();
    for &a in members {
        let art = &corpus[a];
        // A copy says what its original says: it adds no independent support and no new sentence.
        if art.copy_of.is_some() && members.contains(&art.copy_of.unwrap_or(a)) {
            continue;
        }
        let analyzer = Analyzer::new(art.language.as_deref());
        for (index, span) in art.sentences.iter().enumerate().take(MAX_ARTICLE_SENTENCES) {
            let text = art.span_text(*span);
            let mut terms = Vec::new();
            let mut numbers = Vec::new();
            analyzer.for_each_term(text, |t| {
                if t.chars().next().is_some_and(|c| c.is_ascii_digit()) {
                    numbers.push(t.clone());
                }
                let n = vocab.len() as u32;
                terms.push(*vocab.entry(t).or_insert(n));
            });
            terms.sort_unstable();
            terms.dedup();
            let word_count = text.split_whitespace().count();
            let linkable = tidings_text::clean::ends_like_sentence(text);
            out.push(Sent {
                article: a,
                index,
                terms,
                numbers,
                names: names(text),
                words: word_count,
                eligible: eligible(text, word_count),
                linkable,
            });
        }
    }
    out
}

/// Weighted Jaccard of two sentences' terms, with a bonus for a shared number and a shared name.
/// Term weights come from the story (see [`term_weights`]): what every article says anyway
/// ("Kim", "Russia") barely links two sentences; specifics ("Sunday", "Khasan") do.
fn similarity(a: &Sent, b: &Sent, w: &[f32]) -> f32 {
    let (mut i, mut j) = (0, 0);
    let (mut shared, mut union) = (0.0f32, 0.0f32);
    while i < a.terms.len() || j < b.terms.len() {
        if j >= b.terms.len() || (i < a.terms.len() && a.terms[i] < b.terms[j]) {
            union += w[a.terms[i] as usize];
            i += 1;
        } else if i >= a.terms.len() || b.terms[j] < a.terms[i] {
            union += w[b.terms[j] as usize];
            j += 1;
        } else {
            shared += w[a.terms[i] as usize];
            union += w[a.terms[i] as usize];
            i += 1;
            j += 1;
        }
    }
    if union == 0.0 {
        return 0.0;
    }
    let mut s = shared / union;
    if a.numbers.iter().any(|n| b.numbers.contains(n)) {
        s += 0.1;
    }
    if a.names.iter().any(|n| b.names.contains(n)) {
        s += 0.05;
    }
    s
}

/// Term weights within a story: `ln((N + 1) / (df + 0.5))` over its original articles, at least 0.05.
fn term_weights(sents: &[Sent], originals: &FxHashSet<ArticleIdx>, vocab_len: usize) -> Vec<f32> {
    let mut df = vec![0u32; vocab_len];
    let mut seen: FxHashSet<(ArticleIdx, u32)> = FxHashSet::default();
    for s in sents {
        if originals.contains(&s.article) {
            for &t in &s.terms {
                if seen.insert((s.article, t)) {
                    df[t as usize] += 1;
                }
            }
        }
    }
    let n = originals.len().max(1) as f32;
    df.into_iter().map(|d| ((n + 1.0) / (d as f32 + 0.5)).ln().max(0.05)).collect()
}

fn overlap(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// For each sentence, the sentences of other articles that state the same thing, with their similarity.
fn statement_links(sents: &[Sent], w: &[f32]) -> Vec<Vec<(usize, f32)>> {
    let mut postings: FxHashMap<u32, Vec<usize>> = FxHashMap::default();
    for (i, s) in sents.iter().enumerate() {
        for &t in &s.terms {
            postings.entry(t).or_default().push(i);
        }
    }
    let mut links = vec![Vec::new(); sents.len()];
    let mut counts: FxHashMap<usize, usize> = FxHashMap::default();
    let common = COMMON_TERM_POSTINGS.min((sents.len() / 10).max(64));
    for (i, s) in sents.iter().enumerate() {
        counts.clear();
        if s.terms.len() < MIN_LINK_TERMS || !s.linkable {
            continue;
        }
        for t in &s.terms {
            let list = &postings[t];
            if list.len() > common {
                continue;
            }
            for &j in list {
                if j > i && sents[j].article != s.article && sents[j].terms.len() >= MIN_LINK_TERMS && sents[j].linkable {
                    *counts.entry(j).or_default() += 1;
                }
            }
        }
        for (&j, &c) in counts.iter() {
            if c >= 2 {
                let sim = similarity(s, &sents[j], w);
                if sim >= SAME_STATEMENT {
                    links[i].push((j, sim));
                    links[j].push((i, sim));
                }
            }
        }
    }
    links
}

/// Summarises a story in `n` verbatim sentences, most important first.
///
/// `extra_support(article, sentence)` names other articles that state the same claim in
/// different words (from claim alignment); they count towards `sources` too.
pub fn summarize(
    corpus: &[Article],
    members: &[ArticleIdx],
    n: usize,
    extra_support: &dyn Fn(ArticleIdx, usize) -> Vec<Citation>,
) -> Vec<SummarySentence> {
    let mut vocab = FxHashMap::default();
    let sents = analyse(corpus, members, &mut vocab);
    if sents.is_empty() || n == 0 {
        return Vec::new();
    }
    let originals: FxHashSet<ArticleIdx> = members.iter().copied().filter(|&m| corpus[m].copy_of.is_none()).collect();
    let weights = term_weights(&sents, &originals, vocab.len());
    let links = statement_links(&sents, &weights);
    if std::env::var_os("TIDINGS_DEBUG_LINKS").is_some() {
        for (i, s) in sents.iter().enumerate() {
            for j in (i + 1)..sents.len() {
                let t = &sents[j];
                let sim = similarity(s, t, &weights);
                if t.article != s.article && sim >= 0.12 {
                    eprintln!("{sim:.2} | {} | {}", corpus[s.article].sentence_text(s.index), corpus[t.article].sentence_text(t.index));
                }
            }
        }
    }
    let total_sources = independent_sources(corpus, members.iter().copied()).max(1);

    // Story centroid: in how many original articles each term occurs.
    let mut df: FxHashMap<u32, f32> = FxHashMap::default();
    let mut seen_in: FxHashSet<(ArticleIdx, u32)> = FxHashSet::default();
    for s in &sents {
        if originals.contains(&s.article) {
            for &t in &s.terms {
                if seen_in.insert((s.article, t)) {
                    *df.entry(t).or_default() += 1.0;
                }
            }
        }
    }

    // Support: the citations of each sentence, one per article, and the sources they make.
    let support: Vec<Vec<Citation>> = sents
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut best: FxHashMap<ArticleIdx, (f32, usize)> = FxHashMap::default();
            for &(j, sim) in &links[i] {
                let e = best.entry(sents[j].article).or_insert((sim, j));
                if sim > e.0 {
                    *e = (sim, j);
                }
            }
            let mut cites: Vec<(f32, Citation)> = best
                .into_values()
                .map(|(sim, j)| (sim, Citation { article: sents[j].article, span: corpus[sents[j].article].sentences[sents[j].index] }))
                .collect();
            for c in extra_support(s.article, s.index) {
                if c.article != s.article && !cites.iter().any(|(_, x)| x.article == c.article) {
                    cites.push((0.0, c));
                }
            }
            cites.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.article.cmp(&b.1.article)));
            let mut out = vec![Citation { article: s.article, span: corpus[s.article].sentences[s.index] }];
            out.extend(cites.into_iter().map(|(_, c)| c));
            out
        })
        .collect();
    let sources: Vec<usize> = support.iter().map(|c| independent_sources(corpus, c.iter().map(|x| x.article))).collect();

    let scores: Vec<f32> = sents
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let centrality = if s.terms.is_empty() {
                0.0
            } else {
                let n_orig = originals.len().max(1) as f32;
                s.terms.iter().map(|t| df.get(t).copied().unwrap_or(0.0) / n_orig).sum::<f32>() / (s.terms.len() as f32).sqrt() / 3.0
            };
            let lead = 1.0 / (1.0 + s.index as f32 / 3.0);
            let info = if s.names.is_empty() { 0.0 } else { 0.5 } + if s.numbers.is_empty() { 0.0 } else { 0.5 };
            let copy_penalty = if originals.contains(&s.article) { 0.0 } else { 0.05 };
            // Long sentences are harder to read in a brief: a small cost past the ideal length.
            let length_penalty = s.words.saturating_sub(IDEAL_MAX_WORDS) as f32 * 0.004;
            0.45 * (sources[i] as f32 / total_sources as f32) + 0.3 * centrality.min(1.0) + 0.15 * lead + 0.1 * info
                - copy_penalty
                - length_penalty
        })
        .collect();

    let mut order: Vec<usize> = (0..sents.len()).filter(|&i| sents[i].eligible).collect();
    if order.is_empty() {
        // Nothing stands alone (all headings or fragments): fall back to anything with words.
        order = (0..sents.len()).filter(|&i| sents[i].words >= 3).collect();
    }
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    let mut chosen: Vec<usize> = Vec::new();
    for i in order {
        if chosen.len() >= n {
            break;
        }
        let redundant = chosen.iter().any(|&c| {
            let o = overlap(&sents[i].terms, &sents[c].terms) as f32;
            let jaccard = o / (sents[i].terms.len() + sents[c].terms.len()).max(1) as f32 * 2.0;
            similarity(&sents[i], &sents[c], &weights) >= REDUNDANT || jaccard >= REDUNDANT_DICE || links[c].iter().any(|&(j, _)| j == i)
        });
        if !redundant {
            chosen.push(i);
        }
    }
    chosen
        .into_iter()
        .map(|i| {
            let s = &sents[i];
            SummarySentence {
                text: corpus[s.article].sentence_text(s.index).to_string(),
                sources: sources[i],
                citations: support[i].clone(),
            }
        })
        .collect()
}

/// The article whose body best represents the story: the original closest to the others.
pub fn representative(corpus: &[Article], members: &[ArticleIdx]) -> Option<ArticleIdx> {
    let originals: Vec<ArticleIdx> =
        members.iter().copied().filter(|&m| corpus[m].copy_of.is_none() && !corpus[m].title.trim().is_empty()).collect();
    let pool = if originals.is_empty() { members.to_vec() } else { originals };
    if pool.len() <= 2 {
        return pool.first().copied();
    }
    let term_sets: Vec<FxHashSet<String>> = pool
        .iter()
        .map(|&a| {
            let an = Analyzer::new(corpus[a].language.as_deref());
            let mut t: FxHashSet<String> = an.terms(&corpus[a].text).into_iter().collect();
            t.extend(an.terms(&corpus[a].title));
            t
        })
        .collect();
    let mut df: FxHashMap<&str, f32> = FxHashMap::default();
    for s in &term_sets {
        for t in s {
            *df.entry(t.as_str()).or_default() += 1.0;
        }
    }
    let score = |k: usize| -> f32 {
        let s = &term_sets[k];
        if s.is_empty() {
            return 0.0;
        }
        let shared: f32 = s.iter().map(|t| df[t.as_str()] - 1.0).sum();
        let title_words = corpus[pool[k]].title.split_whitespace().count();
        let title_ok = if (4..=20).contains(&title_words) { 1.0 } else { 0.7 };
        shared / (s.len() as f32).sqrt() * title_ok
    };
    (0..pool.len()).max_by(|&a, &b| score(a).total_cmp(&score(b)).then(b.cmp(&a))).map(|k| pool[k])
}

/// An article's "no time to read" summary: up to `n` sentence indices, in article order.
pub fn article_summary(article: &Article, n: usize) -> Vec<usize> {
    let analyzer = Analyzer::new(article.language.as_deref());
    let sets: Vec<FxHashSet<String>> =
        article.sentences.iter().map(|s| analyzer.terms(article.span_text(*s)).into_iter().collect()).collect();
    let mut df: FxHashMap<&str, f32> = FxHashMap::default();
    for s in &sets {
        for t in s {
            *df.entry(t.as_str()).or_default() += 1.0;
        }
    }
    let title_terms: FxHashSet<String> = analyzer.terms(&article.title).into_iter().collect();
    let scores: Vec<f32> = (0..sets.len())
        .map(|i| {
            let s = &sets[i];
            if s.is_empty() {
                return 0.0;
            }
            let centrality = s.iter().map(|t| df[t.as_str()] - 1.0).sum::<f32>() / (s.len() as f32).sqrt();
            let title = s.iter().filter(|t| title_terms.contains(*t)).count() as f32;
            let lead = 2.0 / (1.0 + i as f32 / 2.0);
            centrality * 0.3 + title * 0.4 + lead
        })
        .collect();
    let text = |i: usize| article.sentence_text(i);
    let mut order: Vec<usize> = (0..sets.len()).filter(|&i| eligible(text(i), text(i).split_whitespace().count())).collect();
    if order.is_empty() {
        order = (0..sets.len()).collect();
    }
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    let mut chosen: Vec<usize> = Vec::new();
    for i in order {
        if chosen.len() >= n {
            break;
        }
        let redundant = chosen.iter().any(|&c| {
            let inter = sets[i].intersection(&sets[c]).count();
            let union = sets[i].len() + sets[c].len() - inter;
            union > 0 && inter as f32 / union as f32 >= 0.5
        });
        if !redundant {
            chosen.push(i);
        }
    }
    chosen.sort_unstable();
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    fn art(id: &str, outlet: &str, text: &str) -> Article {
        let mut a = Article::new(id, id, text);
        a.outlet = Some(outlet.into());
        a.sentences = tidings_text::split_sentences(text);
        a
    }

    #[test]
    fn corroborated_statement_comes_first_and_counts_outlets() {
        let corpus = vec![
            art("a", "A", "The weather was mild in the morning across the region. A dam burst near Lakeview on Monday, flooding 200 homes in the valley."),
            art("b", "B", "Officials said a dam burst near Lakeview on Monday and flooded about 200 homes. Schools in the area will stay closed this week."),
            art("c", "C", "Residents described water rising within minutes. The dam near Lakeview burst on Monday, flooding 200 homes, officials said."),
        ];
        let s = summarize(&corpus, &[0, 1, 2], 2, &|_, _| Vec::new());
        assert!(s[0].text.contains("dam") && s[0].text.contains("200"), "{:?}", s[0]);
        assert_eq!(s[0].sources, 3);
        assert_eq!(s[0].citations.len(), 3);
        for c in &s[0].citations {
            assert!(corpus[c.article].span_text(c.span).contains("200"));
        }
        // The second sentence says something else.
        assert!(!s[1].text.contains("200 homes"));
    }

    #[test]
    fn dangling_and_fragment_sentences_are_avoided() {
        let a = art(
            "a",
            "A",
            "He said it was over. Short one. The ministry confirmed on Tuesday that the border crossing had reopened to trucks.",
        );
        let s = summarize(&[a], &[0], 1, &|_, _| Vec::new());
        assert_eq!(s[0].text, "The ministry confirmed on Tuesday that the border crossing had reopened to trucks.");
    }

    #[test]
    fn article_summary_is_in_order_and_bounded() {
        let a = art(
            "a",
            "A",
            "The council approved the budget on Monday after a long debate. Taxes will rise by two percent next year. \
            The mayor defended the increase as necessary for repairs. Opposition members walked out in protest. \
            The budget takes effect in January.",
        );
        let picks = article_summary(&a, 3);
        assert_eq!(picks.len(), 3);
        assert!(picks.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(picks[0], 0);
    }
}
