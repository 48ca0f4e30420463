//! Online grouping of articles into stories, with a time window and a merge step.
//!
//! Articles arrive in publication order (undated ones last, in reading order). Each is compared
//! with the recent stories that share one of its strongest terms (an inverted index keeps this
//! cheap at a million articles) on two sub-vectors, body terms and names, with a time decay. It
//! joins the best story above [`DEFAULT_JOIN`] or opens a new one. A merge step then joins
//! stories that turn out to be one event, which online assignment alone splits too often.

use rustc_hash::FxHashMap;
use tidings_model::{Article, ArticleIdx};

use crate::copies::{find_copies, is_rewrite_sets, original_order, sentence_sets};
use crate::features::{add_into, cosine, count, dot, prune, weigh, Counts, SparseVec, Vocab, ARTICLE_NAMES, ARTICLE_TERMS};

/// Combined similarity from which an article joins a story.
pub const DEFAULT_JOIN: f32 = 0.22;
/// Combined similarity from which two stories merge.
pub const DEFAULT_MERGE: f32 = 0.30;
/// Articles more than this far apart in time never share a story.
pub const DEFAULT_WINDOW_HOURS: i64 = 96;
/// A story never spans more than this: an article that comes later than this after the story's
/// first article starts a new story (a follow-up event), and stories whose union would span
/// more never merge. Without it a story that keeps receiving articles never leaves the window
/// and chains one event after another into itself.
pub const DEFAULT_MAX_SPAN_HOURS: i64 = 168;
/// Weight of the names sub-vector in the combined similarity (the body has the rest).
pub const DEFAULT_NAME_WEIGHT: f32 = 0.3;
/// Terms kept in a story's centroid.
pub const CENTROID_TERMS: usize = 96;
/// Names kept in a story's centroid.
pub const CENTROID_NAMES: usize = 48;
/// An article is looked up by this many of its strongest terms.
pub const QUERY_TERMS: usize = 12;
/// An article is indexed under this many of its strongest terms.
pub const INDEX_TERMS: usize = 8;
/// At most this many most recent stories are read from each posting list.
pub const POSTING_SCAN: usize = 128;
/// Reports of one event share its names (people, places, organisations). Below this cosine of
/// the name vectors an article joins a story, or two stories merge, only when their bodies are
/// nearly the same ([`NAME_GATE_BODY`]): two central banks raising rates in the same week share
/// every word of the template but not the country or the governor.
pub const NAME_GATE: f32 = 0.2;
/// Below this body cosine an article never joins a story, nor do two stories merge, whatever
/// names they share: many unrelated events happen in the same city in the same week.
pub const BODY_GATE: f32 = 0.15;
/// Body cosine above which the name gate does not apply.
pub const NAME_GATE_BODY: f32 = 0.6;

/// The most recently updated stories are always candidates, whatever terms they share: small
/// batches have no common high-weight terms to look stories up by.
pub const RECENT_SCAN: usize = 32;
/// Two articles of a story whose bodies are at least this similar are checked for a rewrite.
pub const REWRITE_CHECK_COSINE: f32 = 0.4;

/// Knobs of the grouping.
#[derive(Debug, Clone)]
pub struct GroupOptions {
    pub join: f32,
    pub merge: f32,
    pub window_hours: i64,
    pub max_span_hours: i64,
    pub name_weight: f32,
}

impl Default for GroupOptions {
    fn default() -> Self {
        GroupOptions {
            join: DEFAULT_JOIN,
            merge: DEFAULT_MERGE,
            window_hours: DEFAULT_WINDOW_HOURS,
            max_span_hours: DEFAULT_MAX_SPAN_HOURS,
            name_weight: DEFAULT_NAME_WEIGHT,
        }
    }
}

/// Why a story's articles were grouped.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Why {
    /// Terms shared by at least two of its articles, strongest first (stemmed forms).
    pub terms: Vec<String>,
    /// Name tokens shared by at least two of its articles.
    pub names: Vec<String>,
    /// Mean cosine of its original articles to the story centroid (1 for a single article).
    pub similarity: f32,
}

/// One story: its articles (originals and copies) in publication order.
#[derive(Debug, Clone, Default)]
pub struct StoryGroup {
    pub articles: Vec<ArticleIdx>,
    pub why: Why,
}

/// The result of grouping a batch.
#[derive(Debug, Clone, Default)]
pub struct Grouping {
    pub stories: Vec<StoryGroup>,
    /// `copy_of` for every article of the batch (always pointing at an original).
    pub copy_of: Vec<Option<ArticleIdx>>,
}

struct Cluster {
    body: SparseVec,
    names: SparseVec,
    /// Euclidean norms of `body` and `names`, kept with them so comparisons need only a dot product.
    body_norm: f32,
    names_norm: f32,
    members: Vec<ArticleIdx>,
    newest: Option<i64>,
    oldest: Option<i64>,
    alive: bool,
}

impl Cluster {
    fn time_gap(&self, t: Option<i64>) -> Option<i64> {
        let t = t?;
        let (o, n) = (self.oldest?, self.newest?);
        Some(if t < o {
            o - t
        } else if t > n {
            t - n
        } else {
            0
        })
    }
}

fn top_ids(v: &SparseVec, k: usize) -> Vec<u32> {
    let mut s = v.clone();
    s.sort_unstable_by(|a, b| b.1.total_cmp(&a.1));
    s.into_iter().take(k).map(|p| p.0).collect()
}

/// `TIDINGS_DEBUG_GROUP` set: print every comparison to stderr (for tuning).
fn debug_enabled() -> bool {
    std::env::var_os("TIDINGS_DEBUG_GROUP").is_some()
}

/// Whether the union of two time ranges (either may be unknown) spans more than `max_hours`.
fn too_long(a_old: Option<i64>, a_new: Option<i64>, b_old: Option<i64>, b_new: Option<i64>, max_hours: i64) -> bool {
    match (a_old, a_new, b_old, b_new) {
        (Some(ao), Some(an), Some(bo), Some(bn)) => an.max(bn) - ao.min(bo) > max_hours * 3600,
        _ => false,
    }
}

/// Whether the name gate keeps two texts apart (see [`NAME_GATE`]).
fn gated(body: f32, names: f32, both_have_names: bool) -> bool {
    body < BODY_GATE || (both_have_names && names < NAME_GATE && body < NAME_GATE_BODY)
}

fn norm(v: &[(u32, f32)]) -> f32 {
    v.iter().map(|p| p.1 * p.1).sum::<f32>().sqrt()
}

/// Cosine of a unit-length article vector with a centroid of known norm.
fn norm_dot(unit: &[(u32, f32)], centroid: &[(u32, f32)], centroid_norm: f32) -> f32 {
    if centroid_norm == 0.0 || unit.is_empty() {
        0.0
    } else {
        dot(unit, centroid) / centroid_norm
    }
}

fn decay(gap_secs: Option<i64>, window_hours: i64) -> Option<f32> {
    let Some(gap) = gap_secs else { return Some(1.0) };
    let window = window_hours * 3600;
    if gap > window {
        return None;
    }
    let day = 24 * 3600;
    if gap <= day || window <= day {
        return Some(1.0);
    }
    Some(1.0 - 0.3 * ((gap - day) as f32 / (window - day) as f32))
}

/// Groups a batch of articles into stories.
pub fn group(corpus: &[Article], opts: &GroupOptions) -> Grouping {
    let mut copy_of = find_copies(corpus);
    let mut vocab = Vocab::default();
    let counts: Vec<Option<Counts>> =
        corpus.iter().enumerate().map(|(i, a)| if copy_of[i].is_none() { Some(count(a, &mut vocab)) } else { None }).collect();
    for c in counts.iter().flatten() {
        vocab.add_doc(c.terms.iter().chain(&c.names).map(|p| p.0));
    }
    let body: Vec<SparseVec> =
        counts.iter().map(|c| c.as_ref().map(|c| weigh(&c.terms, &vocab, ARTICLE_TERMS)).unwrap_or_default()).collect();
    let names: Vec<SparseVec> =
        counts.iter().map(|c| c.as_ref().map(|c| weigh(&c.names, &vocab, ARTICLE_NAMES)).unwrap_or_default()).collect();
    drop(counts);

    let time = |i: ArticleIdx| corpus[i].published.map(|d| d.timestamp());
    let nw = opts.name_weight;
    // Read once: the comparisons below are the hot path of a million-article run.
    let debug = debug_enabled();
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut postings: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
    let mut assigned: Vec<Option<usize>> = vec![None; corpus.len()];
    let mut recent: std::collections::VecDeque<u32> = std::collections::VecDeque::new();

    for i in original_order(corpus) {
        if copy_of[i].is_some() {
            continue;
        }
        let t = time(i);
        let mut best: Option<(f32, usize)> = None;
        let mut candidates: Vec<u32> = recent.iter().rev().copied().collect();
        for term in top_ids(&body[i], QUERY_TERMS) {
            if let Some(list) = postings.get(&term) {
                candidates.extend(list.iter().rev().take(POSTING_SCAN));
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        {
            for &c in &candidates {
                let cl = &clusters[c as usize];
                if !cl.alive {
                    continue;
                }
                if too_long(cl.oldest, cl.newest, t, t, opts.max_span_hours) {
                    continue;
                }
                let Some(d) = decay(cl.time_gap(t), opts.window_hours) else { continue };
                let (b, n) = (norm_dot(&body[i], &cl.body, cl.body_norm), norm_dot(&names[i], &cl.names, cl.names_norm));
                if gated(b, n, !names[i].is_empty() && !cl.names.is_empty()) {
                    continue;
                }
                let s = d * ((1.0 - nw) * b + nw * n);
                if debug {
                    eprintln!("article {i} vs story {c}: body {b:.3} names {n:.3} -> {s:.3}");
                }
                if best.is_none_or(|(bs, _)| s > bs) {
                    best = Some((s, c as usize));
                }
            }
        }
        let c = match best {
            Some((s, c)) if s >= opts.join => c,
            _ => {
                clusters.push(Cluster {
                    body: Vec::new(),
                    names: Vec::new(),
                    body_norm: 0.0,
                    names_norm: 0.0,
                    members: Vec::new(),
                    newest: None,
                    oldest: None,
                    alive: true,
                });
                clusters.len() - 1
            }
        };
        let cl = &mut clusters[c];
        add_into(&mut cl.body, &body[i], 1.0);
        prune(&mut cl.body, CENTROID_TERMS);
        add_into(&mut cl.names, &names[i], 1.0);
        prune(&mut cl.names, CENTROID_NAMES);
        cl.body_norm = norm(&cl.body);
        cl.names_norm = norm(&cl.names);
        cl.members.push(i);
        if let Some(t) = t {
            cl.newest = Some(cl.newest.map_or(t, |n| n.max(t)));
            cl.oldest = Some(cl.oldest.map_or(t, |o| o.min(t)));
        }
        assigned[i] = Some(c);
        if let Some(p) = recent.iter().position(|&r| r == c as u32) {
            recent.remove(p);
        }
        recent.push_back(c as u32);
        if recent.len() > RECENT_SCAN {
            recent.pop_front();
        }
        for term in top_ids(&body[i], INDEX_TERMS) {
            let list = postings.entry(term).or_default();
            if list.last() != Some(&(c as u32)) {
                list.push(c as u32);
            }
        }
    }

    merge(&mut clusters, &postings, opts);

    // Copies join their original's story; then close rewrites are found inside each story.
    let mut stories: Vec<StoryGroup> = Vec::new();
    let mut story_of: Vec<Option<usize>> = vec![None; corpus.len()];
    for cl in clusters.iter().filter(|c| c.alive) {
        for &m in &cl.members {
            story_of[m] = Some(stories.len());
        }
        stories.push(StoryGroup { articles: cl.members.clone(), why: Why::default() });
    }
    // Originals in no cluster (no usable text, say) still appear, each as its own story; then
    // every copy joins its original's story, so no article is ever left out.
    for i in 0..corpus.len() {
        if copy_of[i].is_none() && story_of[i].is_none() {
            story_of[i] = Some(stories.len());
            stories.push(StoryGroup { articles: vec![i], why: Why::default() });
        }
    }
    for i in 0..corpus.len() {
        if let Some(o) = copy_of[i] {
            match story_of[o] {
                Some(s) => stories[s].articles.push(i),
                None => stories.push(StoryGroup { articles: vec![i], why: Why::default() }),
            }
        }
    }
    let rev = vocab.reverse();
    for st in &mut stories {
        st.articles.sort_by_key(|&i| (time(i).unwrap_or(i64::MAX), i));
        find_rewrites(corpus, &st.articles, &body, &mut copy_of);
        st.why = explain(corpus, &st.articles, &copy_of, &body, &names, &rev);
    }
    // Largest stories first, then the most recent.
    stories.sort_by_key(|s| {
        (std::cmp::Reverse(s.articles.len()), std::cmp::Reverse(s.articles.iter().filter_map(|&i| time(i)).max()), s.articles[0])
    });
    Grouping { stories, copy_of }
}

fn merge(clusters: &mut [Cluster], postings: &FxHashMap<u32, Vec<u32>>, opts: &GroupOptions) {
    let nw = opts.name_weight;
    let debug = debug_enabled();
    for _pass in 0..3 {
        let mut merged_any = false;
        for a in 0..clusters.len() {
            if !clusters[a].alive {
                continue;
            }
            let mut best: Option<(f32, usize)> = None;
            let mut candidates: Vec<u32> =
                (a.saturating_sub(RECENT_SCAN)..(a + RECENT_SCAN).min(clusters.len())).map(|x| x as u32).collect();
            for term in top_ids(&clusters[a].body, QUERY_TERMS) {
                if let Some(list) = postings.get(&term) {
                    candidates.extend(list.iter().rev().take(POSTING_SCAN));
                }
            }
            candidates.sort_unstable();
            candidates.dedup();
            {
                for &b in &candidates {
                    let b = b as usize;
                    if b == a || !clusters[b].alive {
                        continue;
                    }
                    let (ca, cb) = (&clusters[a], &clusters[b]);
                    let gap = match (ca.oldest, ca.newest, cb.oldest, cb.newest) {
                        (Some(ao), Some(an), Some(bo), Some(bn)) => Some(if an < bo {
                            bo - an
                        } else if bn < ao {
                            ao - bn
                        } else {
                            0
                        }),
                        _ => None,
                    };
                    if too_long(ca.oldest, ca.newest, cb.oldest, cb.newest, opts.max_span_hours) {
                        continue;
                    }
                    let Some(d) = decay(gap, opts.window_hours) else { continue };
                    let (bs, ns) = (cosine(&ca.body, &cb.body), cosine(&ca.names, &cb.names));
                    if gated(bs, ns, !ca.names.is_empty() && !cb.names.is_empty()) {
                        continue;
                    }
                    let s = d * ((1.0 - nw) * bs + nw * ns);
                    if debug {
                        eprintln!("merge story {a} vs {b}: {s:.3}");
                    }
                    if s >= opts.merge && best.is_none_or(|(bs, _)| s > bs) {
                        best = Some((s, b));
                    }
                }
            }
            if let Some((_, b)) = best {
                let (keep, gone) = if clusters[a].members.len() >= clusters[b].members.len() { (a, b) } else { (b, a) };
                let taken = std::mem::replace(
                    &mut clusters[gone],
                    Cluster {
                        body: vec![],
                        names: vec![],
                        body_norm: 0.0,
                        names_norm: 0.0,
                        members: vec![],
                        newest: None,
                        oldest: None,
                        alive: false,
                    },
                );
                let k = &mut clusters[keep];
                add_into(&mut k.body, &taken.body, 1.0);
                prune(&mut k.body, CENTROID_TERMS);
                add_into(&mut k.names, &taken.names, 1.0);
                prune(&mut k.names, CENTROID_NAMES);
                k.members.extend(taken.members);
                k.oldest = match (k.oldest, taken.oldest) {
                    (Some(x), Some(y)) => Some(x.min(y)),
                    (x, y) => x.or(y),
                };
                k.newest = match (k.newest, taken.newest) {
                    (Some(x), Some(y)) => Some(x.max(y)),
                    (x, y) => x.or(y),
                };
                merged_any = true;
            }
        }
        if !merged_any {
            break;
        }
    }
}

/// Each original is checked against at most this many earlier originals of its story (the most
/// similar ones): rewrites follow their source closely, and big stories must not go quadratic.
pub const REWRITE_MAX_PAIRS: usize = 16;

fn find_rewrites(corpus: &[Article], members: &[ArticleIdx], body: &[SparseVec], copy_of: &mut [Option<ArticleIdx>]) {
    let originals: Vec<ArticleIdx> = members.iter().copied().filter(|&i| copy_of[i].is_none()).collect();
    // Sentence sets are computed at most once per article, and only for articles in a close pair.
    let mut sets: FxHashMap<ArticleIdx, Vec<Vec<u64>>> = FxHashMap::default();
    for (y, &b) in originals.iter().enumerate() {
        let mut earlier: Vec<(f32, ArticleIdx)> = originals[..y]
            .iter()
            .filter(|&&a| copy_of[a].is_none())
            .map(|&a| (dot(&body[a], &body[b]), a))
            .filter(|&(d, _)| d >= REWRITE_CHECK_COSINE)
            .collect();
        earlier.sort_by(|x, z| z.0.total_cmp(&x.0).then(x.1.cmp(&z.1)));
        earlier.truncate(REWRITE_MAX_PAIRS);
        for (_, a) in earlier {
            sets.entry(a).or_insert_with(|| sentence_sets(&corpus[a]));
            sets.entry(b).or_insert_with(|| sentence_sets(&corpus[b]));
            if is_rewrite_sets(&sets[&a], &sets[&b]) {
                copy_of[b] = Some(a);
                break;
            }
        }
    }
    // `copy_of` always names an original: copies of an article found to be a rewrite follow it.
    for &m in members {
        let mut root = copy_of[m];
        let mut hops = 0;
        while let Some(r) = root {
            match copy_of[r] {
                Some(next) if hops < members.len() => {
                    root = Some(next);
                    hops += 1;
                }
                _ => break,
            }
        }
        copy_of[m] = root;
    }
}

fn explain(
    corpus: &[Article],
    members: &[ArticleIdx],
    copy_of: &[Option<ArticleIdx>],
    body: &[SparseVec],
    names: &[SparseVec],
    rev: &[&str],
) -> Why {
    let originals: Vec<ArticleIdx> = members.iter().copied().filter(|&i| copy_of[i].is_none() && !corpus[i].text.is_empty()).collect();
    if originals.len() < 2 {
        return Why { terms: vec![], names: vec![], similarity: 1.0 };
    }
    let shared = |vecs: &[SparseVec]| -> (Vec<String>, SparseVec) {
        let mut sum: SparseVec = Vec::new();
        let mut df: FxHashMap<u32, usize> = FxHashMap::default();
        for &i in &originals {
            add_into(&mut sum, &vecs[i], 1.0);
            for p in &vecs[i] {
                *df.entry(p.0).or_default() += 1;
            }
        }
        let mut ranked: Vec<(u32, f32)> = sum.iter().copied().filter(|p| df[&p.0] >= 2).collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        let out = ranked.iter().take(8).map(|p| rev[p.0 as usize].trim_start_matches('~').to_string()).collect();
        (out, sum)
    };
    let (terms, centroid) = shared(body);
    let (name_list, _) = shared(names);
    let similarity = originals.iter().map(|&i| cosine(&body[i], &centroid)).sum::<f32>() / originals.len() as f32;
    Why { terms, names: name_list, similarity }
}
