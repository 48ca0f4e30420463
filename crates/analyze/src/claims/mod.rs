//! Claims: checkable statements extracted as (subject, attribute, value) facts, aligned across
//! the story's articles, and labelled agree, conflict, evolving or single-source.
//!
//! Three kinds of facts are read:
//! - quantities with what they count or measure ("at least 20 heavy bulletproof carriages",
//!   "37mph (59 km/h)", "three out of nine trips", "killed 12 people");
//! - events with a verb class, a subject entity and a date, a place or a participant
//!   ("Mr. Kim departed from Pyongyang on Sunday");
//! - who met whom.
//!
//! Two facts are about the same thing when their keys match (counted noun up to synonyms,
//! measure, or event class and subject) and, for quantities, their holders or contexts match.
//! Values are compared after units, conversions and hedges; a conflict needs incompatible values
//! from different outlets, and anything uncertain stays single-source.

mod events;
mod quantity;

use crate::dates::{overlap, stem, Dated, Precision};
use crate::entities::Entities;
use crate::{AlignedValue, Claim, ClaimStatus, ClaimValue, Doc, EntityKind, Options};
use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use tidings_model::{independent_sources, Article, ArticleIdx, Citation, Span};

pub use quantity::{ABOUT_SHARE, AT_LEAST_SHARE, CONVERSION_TOLERANCE, MAX_ROUNDING_SHARE, NEARLY_SHARE, UP_TO_SHARE};

/// At most this many facts of one key are aligned per story.
pub const MAX_FACTS_PER_KEY: usize = 120;
/// At most this many distinct values are listed for one claim.
pub const MAX_VALUES_PER_CLAIM: usize = 6;

#[derive(Debug, Clone)]
enum Val {
    /// The range a reader understands, in the dimension's base unit (hedges and rounding included).
    Num {
        lo: f64,
        hi: f64,
    },
    When {
        date: Option<NaiveDate>,
        weekdays: u8,
        month_day: Option<(u32, u32)>,
    },
    Place {
        ent: usize,
    },
    Person {
        ent: usize,
    },
}

/// What kind of statement a fact is, which decides how its values may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Nature {
    /// A date, a place, a participant.
    Event,
    /// A count of things that does not grow on its own ("carriages", "villages").
    Count,
    /// A count that is tallied as news comes in (people killed, arrests, aftershocks): a lower
    /// figure hedged "at least", or a higher one that "rose to", is an update, not a dispute.
    Tally,
    /// A measure with a dimension (magnitude, distance, money, age).
    Measure,
}

#[derive(Debug, Clone)]
struct Fact {
    key: String,
    about: String,
    exclusive: bool,
    nature: Nature,
    val: Val,
    display: String,
    doc: usize,
    sent: usize,
    holder: Option<String>,
    words: Vec<u64>,
    /// Places named in the sentence.
    places: Vec<usize>,
    /// The day the sentence names, if any: counts on different days are different counts.
    day: Option<Val>,
    /// Where a departure left from, when the sentence says.
    origin: Option<usize>,
    /// Hedged as a lower bound ("at least 3", "more than 26,000", "dozens").
    lower_bound: bool,
    /// Said to be an update ("death toll rose to 10", "now stands at", "so far").
    rise: bool,
    /// The past month or year the figure belongs to ("in February", "in 2003"), when named.
    era: Option<String>,
    /// A word range ("dozens", "tens of thousands"): it can agree, never be a side of a conflict.
    vague: bool,
    /// Words that narrow a counted noun ("other", "female", "worst-hit").
    mods: Vec<String>,
    /// A market move ("plunged 5.4 per cent"): it changes during the day, so it never conflicts.
    moving: bool,
    /// Bytes of the value as written ("at least 20 heavy bulletproof carriages", "on Sunday");
    /// empty when unknown.
    span: Span,
}

impl Fact {
    fn new(key: String, about: String, val: Val, display: String, doc: usize, sent: usize, words: Vec<u64>) -> Fact {
        Fact {
            key,
            about,
            exclusive: true,
            nature: Nature::Event,
            val,
            display,
            doc,
            sent,
            holder: None,
            words,
            places: Vec::new(),
            day: None,
            origin: None,
            lower_bound: false,
            rise: false,
            era: None,
            vague: false,
            mods: Vec::new(),
            moving: false,
            span: Span::new(0, 0),
        }
    }

    fn is_quantity(&self) -> bool {
        matches!(self.val, Val::Num { .. })
    }
}

fn compatible(a: &Val, b: &Val, ents: &Entities) -> bool {
    match (a, b) {
        // Ranges that only touch ("four" is 3.5-4.5, "five" 4.5-5.5) are different values.
        (Val::Num { lo: l1, hi: h1 }, Val::Num { lo: l2, hi: h2 }) => l1 < h2 && l2 < h1 || l1 == l2 && h1 == h2,
        (Val::When { date: d1, weekdays: w1, month_day: m1 }, Val::When { date: d2, weekdays: w2, month_day: m2 }) => {
            if let (Some(x), Some(y)) = (d1, d2) {
                return x == y;
            }
            if let (Some(x), Some(y)) = (m1, m2) {
                return x == y;
            }
            if *w1 != 0 && *w2 != 0 {
                return w1 & w2 != 0;
            }
            // One side has no comparable day: not enough to call a conflict.
            true
        }
        (Val::Place { ent: x }, Val::Place { ent: y }) => x == y || ents.coarse[*x] || ents.coarse[*y],
        (Val::Person { ent: x }, Val::Person { ent: y }) => x == y,
        _ => true,
    }
}

fn same_value(a: &Val, b: &Val, ents: &Entities) -> bool {
    match (a, b) {
        (Val::Place { ent: x }, Val::Place { ent: y }) | (Val::Person { ent: x }, Val::Person { ent: y }) => x == y,
        (Val::When { .. }, Val::When { .. }) => {
            compatible(a, b, ents)
                && !matches!(
                    (a, b),
                    (Val::When { weekdays: 0, month_day: None, .. }, _) | (_, Val::When { weekdays: 0, month_day: None, .. })
                )
        }
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------------
// Alignment

struct Uf(Vec<usize>);
impl Uf {
    fn find(&mut self, x: usize) -> usize {
        let mut r = x;
        while self.0[r] != r {
            r = self.0[r];
        }
        let mut y = x;
        while self.0[y] != r {
            let n = self.0[y];
            self.0[y] = r;
            y = n;
        }
        r
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.0[ra.max(rb)] = ra.min(rb);
        }
    }
}

/// Whether two facts with the same key are about the same thing.
fn same_subject(a: &Fact, b: &Fact, ents: &Entities) -> bool {
    if !a.is_quantity() {
        // Departures from different places are different departures (the trip out, the trip back).
        if let (Some(x), Some(y)) = (a.origin, b.origin) {
            return x == y;
        }
        // Where-claims on different days are different trips; for when-claims the day is the value.
        if !a.key.starts_with("when:") {
            if let (Some(x), Some(y)) = (&a.day, &b.day) {
                return compatible(x, y, ents);
            }
        }
        return true;
    }
    // Counts on different days are different counts ("1.2 million homes without power on
    // Thursday", "800,000 on Friday"), unless they are a tally: then they are its steps, if they
    // are about the same place ("a dozen killed by a quake in China on Saturday" is another quake).
    if let (Some(x), Some(y)) = (&a.day, &b.day) {
        if !compatible(x, y, ents) {
            let disjoint = !a.places.is_empty() && !b.places.is_empty() && !a.places.iter().any(|p| b.places.contains(p));
            if a.nature != Nature::Tally || disjoint {
                return false;
            }
        }
    }
    let (shared, ratio) = overlap(&a.words, &b.words);
    let weak = WEAK_COUNT_NOUNS.iter().any(|n| a.key.strip_prefix("count:") == Some(n));
    let measure = a.nature == Nature::Measure;
    // Ages, populations, distances from a place and magnitudes name their subject in the key.
    if quantity::subject_in_key(&a.key) {
        return true;
    }
    match (&a.holder, &b.holder) {
        (Some(x), Some(y)) if x != y => return false,
        // Same holder: "Mr. Kim's train has 20 carriages" / "This train consists of 90 wagons".
        // A measure needs more: "shares rose 5%" and "shares rose 3%" may be two companies.
        (Some(_), Some(_)) => return !measure && !weak || shared >= 1,
        (Some(h), None) | (None, Some(h)) => {
            let other = if a.holder.is_some() { b } else { a };
            return other.words.contains(&stem(h)) && shared >= 1 && (!weak || shared >= 2);
        }
        (None, None) => {}
    }
    // A specific counted noun ("firefighters", "carriages") is one set in one story; when one article
    // counts two sets, the group is dropped as ambiguous. Generic ones ("people") need context.
    if matches!(a.nature, Nature::Count | Nature::Tally) && !weak {
        return true;
    }
    shared >= 3 && ratio >= 0.3
}

/// Whether two aligned facts are close enough to be the two sides of a conflict: alignment may
/// join a figure to a claim on little evidence (the same counted noun), but a dispute needs the two
/// statements to be about the same thing beyond the noun.
fn comparable(a: &Fact, b: &Fact, ents: &Entities) -> bool {
    if !same_subject(a, b, ents) {
        return false;
    }
    if !a.is_quantity() {
        return true;
    }
    // "three other rifles" are not the "seven rifles" counted before; "two female co-workers" are
    // not "three former co-workers".
    let other = |f: &Fact| {
        f.mods.iter().any(|m| matches!(m.as_str(), "other" | "another" | "additional" | "more" | "further" | "remaining" | "extra"))
    };
    // "a combined 157 games", "his first 11 seasons", "four seasons as director": a part or a sum.
    let scope = |f: &Fact| {
        f.mods
            .iter()
            .filter(|m| matches!(m.as_str(), "total" | "first" | "last" | "past" | "next" | "final" | "previous" | "as"))
            .cloned()
            .collect::<Vec<_>>()
    };
    if other(a) != other(b) || scope(a) != scope(b) {
        return false;
    }
    if !a.mods.is_empty() && !b.mods.is_empty() && !a.mods.iter().any(|m| b.mods.contains(m)) {
        return false;
    }
    // "11 Yemeni pirates" are a part of the "23 pirates".
    let demonym = |f: &Fact| f.mods.iter().find(|m| crate::lexicon::GAZETTEER.demonyms.contains_key(m.as_str())).cloned();
    if demonym(a) != demonym(b) {
        return false;
    }
    let (shared, ratio) = overlap(&a.words, &b.words);
    // A place both sentences name ("355 damaged shops in Athens", "in Athens, 565 shops") is one
    // more thing in common.
    let shared = shared + usize::from(a.nature == Nature::Count && a.places.iter().any(|p| !ents.coarse[*p] && b.places.contains(p)));
    // So is the holder one side names and the other mentions: "Mr. Kim's train has 20 carriages",
    // "the train of Kim Jong Un consists of 90 wagons".
    let held = |x: &Fact, y: &Fact| x.holder.as_deref().is_some_and(|h| y.words.contains(&stem(h)));
    let shared = shared + usize::from(held(a, b) || held(b, a));
    // Two things at a distance from one place: "the building" and "a motorist".
    if a.key.starts_with("length:distance:") {
        if let (Some(x), Some(y)) = (&a.holder, &b.holder) {
            if x != y {
                return false;
            }
        }
    }
    if quantity::subject_in_key(&a.key) || a.key.contains(":in:") {
        return true;
    }
    // The same holder names the subject: "Mr. Kim's train" and "this train".
    if a.holder.is_some() && a.holder == b.holder && a.nature == Nature::Count && a.key != "count:people on board" {
        return true;
    }
    // "people" alone is weak; "people who marched" names what they did.
    let people = a.key == "count:people" || WEAK_COUNT_NOUNS.iter().any(|n| a.key.strip_prefix("count:") == Some(n));
    let role = a.key.starts_with("count:people ");
    match a.nature {
        Nature::Tally => {
            // A figure for one day of a protest is not its running total: "86 arrests on Saturday",
            // "more than 200 arrested"; nor is a day's duration ("12 hours of deliberation on Nov. 7").
            let daily = a.key.contains("arrested") || a.key.contains("marching") || a.key.starts_with("duration:");
            if daily && a.day.is_some() != b.day.is_some() {
                return false;
            }
            // A specific tally ("aftershocks") is one set; people need one more word in common.
            !(people || role) || shared >= 1
        }
        Nature::Measure => shared >= 1,
        Nature::Count if role => shared >= 1,
        Nature::Count if people => shared >= 3 && ratio >= 0.3,
        Nature::Count => {
            // Counts an order of magnitude apart ("23 pirates", "an estimated 1,500 pirates") are two sets.
            let (x, y) = (mid(&a.val), mid(&b.val));
            shared >= 2 && x.max(y) < 5.0 * x.min(y)
        }
        Nature::Event => true,
    }
}

/// The range every precise member of a cluster agrees on (its members overlap pairwise, so on a
/// line they share a common part); the cluster's first value when it has no numbers.
fn cluster_val(facts: &[Fact], c: &[usize]) -> Val {
    let mut lo = f64::NEG_INFINITY;
    let mut hi = f64::INFINITY;
    let mut any = false;
    for &i in c {
        if let (Val::Num { lo: l, hi: h }, false) = (&facts[i].val, facts[i].vague) {
            lo = lo.max(*l);
            hi = hi.min(*h);
            any = true;
        }
    }
    if any && lo <= hi {
        Val::Num { lo, hi }
    } else {
        facts[c[0]].val.clone()
    }
}

fn mid(v: &Val) -> f64 {
    match v {
        Val::Num { lo, hi } => (lo + hi) / 2.0,
        _ => 0.0,
    }
}

/// Two value clusters set on different days: "a 5.6 quake on Sunday" and, in an article that also
/// gives Sunday's figure, "a 5.4 quake" (Monday's) are two quakes, not a dispute.
fn set_apart(facts: &[Fact], members: &[usize], a: &[usize], b: &[usize], ents: &Entities) -> bool {
    let days = |c: &[usize]| c.iter().filter_map(|&i| facts[i].day.clone()).collect::<Vec<Val>>();
    // Days a fact is not about: in its own article, another value of its key is given for that day.
    let not_days = |c: &[usize]| {
        let mut out = Vec::new();
        for &i in c {
            if facts[i].day.is_some() {
                continue;
            }
            for &j in members {
                let g = &facts[j];
                if j != i && g.doc == facts[i].doc && g.key == facts[i].key && !compatible(&g.val, &facts[i].val, ents) {
                    if let Some(d) = &g.day {
                        out.push(d.clone());
                    }
                }
            }
        }
        out
    };
    let (da, db) = (days(a), days(b));
    let clash = |x: &[Val], y: &[Val]| {
        x.iter().any(|p| y.iter().any(|q| compatible(p, q, ents) && !matches!(p, Val::When { weekdays: 0, month_day: None, .. })))
    };
    if !da.is_empty() && !db.is_empty() && !clash(&da, &db) {
        return true;
    }
    clash(&da, &not_days(b)) || clash(&db, &not_days(a))
}

/// Counted nouns too generic to align on their own: "100 people attended", "5,000 people marched".
const WEAK_COUNT_NOUNS: &[&str] = &[
    "people",
    "man",
    "woman",
    "youth",
    "protester",
    "teenager",
    "adult",
    "person",
    "official",
    "member",
    "resident",
    "citizen",
    "user",
    "customer",
    "employee",
    "worker",
    "student",
    "child",
    "case",
    "vote",
    "seat",
    "point",
    "unit",
    "item",
    "time",
    "day",
    "hour",
    "other",
    "company",
    "country",
    "vehicle",
    "building",
];

/// One line per fact read from the story, for debugging the rules (`claims_bench dump` with FACTS=1).
pub fn debug_facts(docs: &[Doc], ents: &Entities, dated: &Dated, opts: &Options) -> Vec<String> {
    read_facts(docs, ents, dated, opts)
        .iter()
        .map(|f| {
            let val = match &f.val {
                Val::Num { lo, hi } => format!("[{lo:.3}, {hi:.3}]"),
                v => format!("{v:?}"),
            };
            format!(
                "{} s{} {} = {} {val} {:?} day={:?} era={:?} holder={:?} mods={:?} lb={} rise={} vague={} words={} places={:?}",
                docs[f.doc].art.id,
                f.sent,
                f.key,
                f.display,
                f.nature,
                f.day.as_ref().map(|d| format!("{d:?}")),
                f.era,
                f.holder,
                f.mods,
                f.lower_bound,
                f.rise,
                f.vague,
                f.words.len(),
                f.places.iter().map(|&p| ents.name(p)).collect::<Vec<_>>()
            )
        })
        .collect()
}

fn read_facts(docs: &[Doc], ents: &Entities, dated: &Dated, opts: &Options) -> Vec<Fact> {
    let mut facts: Vec<Fact> = Vec::new();
    // Where the story happens: places named by at least a third of its articles (and two), or else
    // its most named place.
    let need = (docs.len() / 3).max(2).min(docs.len().max(1));
    let mut home: Vec<bool> =
        (0..ents.public.len()).map(|e| ents.kind(e) == EntityKind::Place && ents.public[e].articles.len() >= need).collect();
    if !home.iter().any(|&h| h) {
        if let Some(e) = (0..ents.public.len()).find(|&e| ents.kind(e) == EntityKind::Place) {
            home[e] = true;
        }
    }
    // Entities are sorted by reach, so the first person is the story's protagonist.
    let protagonist = (0..ents.public.len()).find(|&e| ents.kind(e) == EntityKind::Person);
    for (di, d) in docs.iter().enumerate() {
        let mut prev_place: Option<usize> = None;
        let mut prev_era: Option<String> = None;
        let mut last_person: Option<usize> = None;
        let mut qty: Vec<Fact> = Vec::new();
        for (si, s) in d.sents.iter().enumerate() {
            let ments = &ents.mentions[di][si];
            if !s.heading {
                let (f0, q0) = (facts.len(), qty.len());
                events::events(d, di, si, ments, ents, &dated[di][si], last_person, protagonist, prev_place, &mut facts);
                let ctx = quantity::SentCtx {
                    d,
                    di,
                    si,
                    ments,
                    ents,
                    dates: &dated[di][si],
                    prev_era: prev_era.take(),
                    last_person,
                    home: &home,
                };
                quantity::quantities(&ctx, &mut qty);
                prev_era = qty[q0..].iter().rev().find_map(|f| f.era.clone());
                let mut places: Vec<usize> = ments.iter().filter(|m| ents.kind(m.ent) == EntityKind::Place).map(|m| m.ent).collect();
                places.sort_unstable();
                places.dedup();
                let day = dated[di][si].iter().find(|x| x.weekdays != 0 || x.month_day.is_some()).map(|x| Val::When {
                    date: x.date.filter(|_| x.precision == Precision::Day),
                    weekdays: x.weekdays,
                    month_day: x.month_day,
                });
                for f in facts[f0..].iter_mut().chain(qty[q0..].iter_mut()) {
                    f.places = places.clone();
                    f.day = day.clone();
                }
            }
            if let Some(m) = ments.iter().find(|m| ents.kind(m.ent) == EntityKind::Person) {
                last_person = Some(m.ent);
            }
            // The finest place of this sentence, for a "There, ..." in the next one.
            prev_place = ments.iter().find(|m| ents.kind(m.ent) == EntityKind::Place && !ents.coarse[m.ent]).map(|m| m.ent);
        }
        // An article full of numbers (a table, a results page) gives its first facts only.
        qty.truncate(opts.max_facts_per_article);
        facts.extend(qty);
    }
    // A figure of a past event ("612 killed in February") is only compared with figures of that time.
    for f in &mut facts {
        if let Some(era) = &f.era {
            f.key = format!("{}@{era}", f.key);
            f.about = format!("{} ({era})", f.about);
        }
    }
    // Within one sentence, one fact per key: "37mph (59 km/h)" is one speed.
    let mut seen: FxHashMap<(usize, usize, String), ()> = FxHashMap::default();
    facts.retain(|f| seen.insert((f.doc, f.sent, f.key.clone()), ()).is_none());
    facts
}

/// Every claim of the story, ranked (conflicts first), and the aligned values for corroboration.
pub fn extract(corpus: &[Article], docs: &[Doc], ents: &Entities, dated: &Dated, opts: &Options) -> (Vec<Claim>, Vec<AlignedValue>) {
    let mut facts = read_facts(docs, ents, dated, opts);

    // A key stated hundreds of times (a long story, a key too generic) keeps its first facts only,
    // which bounds the pairwise alignment below.
    let mut per_key: FxHashMap<String, usize> = FxHashMap::default();
    facts.retain(|f| {
        let n = per_key.entry(f.key.clone()).or_insert(0);
        *n += 1;
        *n <= MAX_FACTS_PER_KEY
    });
    // Group by key, then link facts about the same thing.
    let mut by_key: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (i, f) in facts.iter().enumerate() {
        by_key.entry(f.key.as_str()).or_default().push(i);
    }
    let mut uf = Uf((0..facts.len()).collect());
    for idxs in by_key.values() {
        for (x, &a) in idxs.iter().enumerate() {
            for &b in &idxs[x + 1..] {
                let fa = &facts[a];
                let fb = &facts[b];
                let link = if fa.exclusive { same_subject(fa, fb, ents) } else { same_value(&fa.val, &fb.val, ents) };
                if link {
                    uf.union(a, b);
                }
            }
        }
    }
    let mut comps: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    for i in 0..facts.len() {
        let r = uf.find(i);
        comps.entry(r).or_default().push(i);
    }
    let mut comp_list: Vec<Vec<usize>> = comps.into_values().collect();
    comp_list.sort_by_key(|c| c[0]);

    struct Ranked {
        claim: Claim,
        sources: usize,
        first: usize,
        clusters: Vec<(String, Vec<(ArticleIdx, usize)>)>,
    }
    let mut ranked: Vec<Ranked> = Vec::new();
    let art_of = |f: &Fact| docs[f.doc].idx;
    // A component whose values cannot all be true, but which is no dispute either (the sides are
    // not directly about the same thing), is split into one claim per value.
    let mut queue: Vec<(Vec<usize>, bool)> = comp_list.into_iter().rev().map(|c| (c, false)).collect();
    while let Some((comp, split)) = queue.pop() {
        // Exclusive places: a coarse place ("Russia") adds nothing next to fine ones.
        let mut members = comp.clone();
        if members.iter().any(|&i| matches!(facts[i].val, Val::Place { ent } if !ents.coarse[ent])) {
            members.retain(|&i| !matches!(facts[i].val, Val::Place { ent } if ents.coarse[ent]));
        }
        // Cluster compatible values.
        // Places and people are one value only when they are the same entity; numbers and dates
        // when they are compatible with every member of the cluster. Precise values come first, so
        // a vague one ("dozens") joins them rather than gathering incompatible ones around it.
        members.sort_by_key(|&i| (facts[i].vague, i));
        let mut clusters: Vec<Vec<usize>> = Vec::new();
        for &i in &members {
            let fits = |c: &Vec<usize>| {
                c.iter().all(|&j| match (&facts[i].val, &facts[j].val) {
                    (Val::Place { .. }, _) | (Val::Person { .. }, _) => same_value(&facts[i].val, &facts[j].val, ents),
                    (a, b) => compatible(a, b, ents),
                })
            };
            match clusters.iter_mut().find(|c| fits(c)) {
                Some(c) => c.push(i),
                None => clusters.push(vec![i]),
            }
        }
        members.sort_unstable();
        // Each cluster leads with its first precise value: it is shown and compared.
        for c in &mut clusters {
            c.sort_by_key(|&i| (facts[i].vague, i));
        }
        clusters.sort_by_key(|c| c.iter().min().copied());
        // One article giving two incompatible values for the key means the key covers several
        // things (a table, two trains): the alignment is unsure, so it is not reported at all.
        // When the key names its subject (the magnitude of the quake, the age of a person), an
        // article that gives two values reports a dispute itself (two agencies), and stays.
        let subject_in_key = facts[members[0]].is_quantity() && quantity::subject_in_key(&facts[members[0]].key);
        // A figure for one day and a running total (or another day's figure) can stand in one article.
        let same_time = |i: usize, j: usize| {
            !facts[i].is_quantity()
                || match (&facts[i].day, &facts[j].day) {
                    (None, None) => true,
                    (Some(x), Some(y)) => compatible(x, y, ents),
                    _ => false,
                }
        };
        let ambiguous = clusters.iter().enumerate().any(|(a, ca)| {
            clusters[a + 1..].iter().any(|cb| {
                !compatible(&facts[ca[0]].val, &facts[cb[0]].val, ents)
                    && ca
                        .iter()
                        .any(|&i| !facts[i].vague && cb.iter().any(|&j| !facts[j].vague && facts[i].doc == facts[j].doc && same_time(i, j)))
            })
        });
        if ambiguous && facts[members[0]].exclusive && !subject_in_key {
            continue;
        }
        // A value set on another day than every other value is another event ("a 3.8 aftershock on
        // Monday" next to Sunday's quake): it is left out of this claim.
        if clusters.len() >= 2 && facts[members[0]].is_quantity() && facts[members[0]].nature != Nature::Tally {
            let keep: Vec<bool> = (0..clusters.len())
                .map(|a| (0..clusters.len()).any(|b| b != a && !set_apart(&facts, &members, &clusters[a], &clusters[b], ents)))
                .collect();
            if keep.iter().any(|&k| k) {
                let mut k = keep.into_iter();
                clusters.retain(|_| k.next().unwrap_or(true));
                members = clusters.iter().flatten().copied().collect();
                members.sort_unstable();
            }
        }
        clusters.truncate(MAX_VALUES_PER_CLAIM);
        let srcs = |c: &[usize]| independent_sources(corpus, c.iter().map(|&i| art_of(&facts[i])));
        let all_sources = srcs(&members);
        let status = if clusters.len() >= 2 {
            // Sides must come from different outlets: one outlet's two numbers are more likely our misreading.
            let keys: Vec<Vec<String>> = clusters
                .iter()
                .map(|c| {
                    let mut k: Vec<String> =
                        c.iter().map(|&i| corpus[corpus[art_of(&facts[i])].copy_of.unwrap_or(art_of(&facts[i]))].source_key()).collect();
                    k.sort();
                    k.dedup();
                    k
                })
                .collect();
            // A conflict needs two clusters with incompatible values and different outlets behind them.
            // The two sides must be directly about the same thing, not only through a third fact.
            let mut disputed = false;
            for a in 0..clusters.len() {
                for b in a + 1..clusters.len() {
                    let vague = clusters[a].iter().all(|&i| facts[i].vague) || clusters[b].iter().all(|&i| facts[i].vague);
                    let incompatible = !vague && !compatible(&cluster_val(&facts, &clusters[a]), &cluster_val(&facts, &clusters[b]), ents);
                    let differ = keys[a].iter().any(|x| !keys[b].contains(x)) || keys[b].iter().any(|x| !keys[a].contains(x));
                    let direct = clusters[a]
                        .iter()
                        .any(|&i| clusters[b].iter().any(|&j| facts[i].doc != facts[j].doc && comparable(&facts[i], &facts[j], ents)));
                    let apart = facts[clusters[a][0]].is_quantity() && set_apart(&facts, &members, &clusters[a], &clusters[b], ents);
                    disputed |= incompatible && differ && direct && !apart;
                }
            }
            if all_sources >= 2 && disputed {
                // A value that is not directly about the same thing as any other value is another
                // figure (a verdict's 12 hours next to a sentence's 30 and 40): it leaves the claim.
                let linked: Vec<bool> = (0..clusters.len())
                    .map(|a| {
                        (0..clusters.len()).any(|b| {
                            b != a
                                && (compatible(&cluster_val(&facts, &clusters[a]), &cluster_val(&facts, &clusters[b]), ents)
                                    || clusters[a].iter().any(|&i| clusters[b].iter().any(|&j| comparable(&facts[i], &facts[j], ents))))
                        })
                    })
                    .collect();
                let mut k = linked.into_iter();
                clusters.retain(|_| k.next().unwrap_or(true));
                if changed_over_time(corpus, &facts, &clusters, docs, ents) {
                    ClaimStatus::Evolving
                } else {
                    ClaimStatus::Conflict
                }
            } else if clusters.iter().any(|c| srcs(c) >= 2) {
                ClaimStatus::Agree
            } else {
                ClaimStatus::SingleSource
            }
        } else if all_sources >= 2 {
            ClaimStatus::Agree
        } else {
            ClaimStatus::SingleSource
        };
        let torn = clusters
            .iter()
            .enumerate()
            .any(|(a, ca)| clusters[a + 1..].iter().any(|cb| !compatible(&cluster_val(&facts, ca), &cluster_val(&facts, cb), ents)));
        if !split && torn && !status.is_disputed() && facts[members[0]].is_quantity() && facts[members[0]].exclusive {
            for c in clusters.into_iter().rev() {
                queue.push((c, true));
            }
            continue;
        }
        if status == ClaimStatus::Evolving {
            // Oldest first when the articles are dated, else in the order a tally grows.
            let low = |c: &Vec<usize>| match facts[c[0]].val {
                Val::Num { lo, .. } => lo,
                _ => 0.0,
            };
            clusters.sort_by(|a, b| low(a).total_cmp(&low(b)));
            clusters.sort_by_key(|c| c.iter().filter_map(|&i| corpus[art_of(&facts[i])].published).min());
        } else {
            clusters.sort_by(|a, b| srcs(b).cmp(&srcs(a)).then(a[0].cmp(&b[0])));
        }
        let about = members
            .iter()
            .map(|&i| &facts[i].about)
            .max_by_key(|a| (a.contains(" size ("), std::cmp::Reverse(members.iter().position(|&i| &facts[i].about == *a))))
            .cloned()
            .unwrap_or_default();
        let values: Vec<ClaimValue> = clusters
            .iter()
            .map(|c| {
                let mut citations: Vec<Citation> = Vec::new();
                let mut sentences = Vec::new();
                let mut phrases = Vec::new();
                let mut order = c.clone();
                order.sort_unstable();
                for &i in &order {
                    let d = &docs[facts[i].doc];
                    let cite = d.cite(d.sents[facts[i].sent].span);
                    if !citations.contains(&cite) {
                        citations.push(cite);
                        sentences.push((d.idx, d.sents[facts[i].sent].index));
                        let sp = facts[i].span;
                        phrases.push(if sp.is_empty() { cite } else { d.cite(sp) });
                    }
                }
                let first_published = c.iter().filter_map(|&i| corpus[art_of(&facts[i])].published).min();
                ClaimValue { value: facts[c[0]].display.clone(), outlets: srcs(c), citations, sentences, phrases, first_published }
            })
            .collect();
        let cl: Vec<(String, Vec<(ArticleIdx, usize)>)> = clusters
            .iter()
            .zip(&values)
            .map(|(c, v)| {
                let mut s: Vec<(ArticleIdx, usize)> =
                    c.iter().map(|&i| (docs[facts[i].doc].idx, docs[facts[i].doc].sents[facts[i].sent].index)).collect();
                s.sort_unstable();
                s.dedup();
                (v.value.clone(), s)
            })
            .collect();
        ranked.push(Ranked { claim: Claim { about, status, values }, sources: all_sources, first: members[0], clusters: cl });
    }
    // Rank: conflicts, then evolving, agreed and single-source claims; more outlets first;
    // events and counted nouns before bare measures.
    let weight = |r: &Ranked| -> u8 {
        let k = &facts[r.first].key;
        if facts[r.first].nature == Nature::Measure && !k.starts_with("magnitude:") && !k.starts_with("age:") {
            1
        } else {
            0
        }
    };
    ranked.sort_by(|a, b| {
        a.claim.status.cmp(&b.claim.status).then(b.sources.cmp(&a.sources)).then(weight(a).cmp(&weight(b))).then(a.first.cmp(&b.first))
    });
    let mut aligned = Vec::new();
    for r in &ranked {
        for (value, sentences) in &r.clusters {
            aligned.push(AlignedValue { about: r.claim.about.clone(), value: value.clone(), sentences: sentences.clone() });
        }
    }
    (ranked.into_iter().map(|r| r.claim).collect(), aligned)
}

/// True when the disputed values of a count are steps of one figure rather than a dispute:
/// given for different days in the text, rising (or falling) with the publication time of the
/// articles, or, for a tally, each lower figure hedged as a lower bound ("at least 3") or each
/// higher one said to be an update ("the death toll rose to 10").
fn changed_over_time(corpus: &[Article], facts: &[Fact], clusters: &[Vec<usize>], docs: &[Doc], ents: &Entities) -> bool {
    let nature = facts[clusters[0][0]].nature;
    if clusters.iter().flatten().all(|&i| facts[i].moving) {
        return true;
    }
    // An age grows with time too: "27" in 2005 and "29" in 2007 are one person's ages.
    if facts[clusters[0][0]].key.starts_with("age:") {
        return evolves(corpus, facts, clusters, docs);
    }
    if !matches!(nature, Nature::Count | Nature::Tally) {
        return false;
    }
    let dated_apart = clusters.iter().enumerate().any(|(a, ca)| {
        clusters[a + 1..].iter().any(|cb| {
            ca.iter().any(|&i| {
                cb.iter().any(|&j| match (&facts[i].day, &facts[j].day) {
                    (Some(x), Some(y)) => !compatible(x, y, ents),
                    _ => false,
                })
            })
        })
    });
    if dated_apart || evolves(corpus, facts, clusters, docs) {
        return true;
    }
    if nature != Nature::Tally {
        return false;
    }
    let low = |c: &Vec<usize>| match cluster_val(facts, c) {
        Val::Num { lo, .. } => lo,
        _ => 0.0,
    };
    // Every pair of incompatible values must be explained.
    for (a, ca) in clusters.iter().enumerate() {
        for cb in &clusters[a + 1..] {
            if compatible(&cluster_val(facts, ca), &cluster_val(facts, cb), ents) {
                continue;
            }
            let (lower, higher) = if low(ca) <= low(cb) { (ca, cb) } else { (cb, ca) };
            let bound = lower.iter().all(|&i| facts[i].lower_bound);
            let update = higher.iter().any(|&i| facts[i].rise);
            if !(bound || update) {
                return false;
            }
        }
    }
    true
}

/// True when each value cluster comes from articles published strictly after the previous one's
/// and the values rise (or fall) with time: a count being updated, not a dispute.
fn evolves(corpus: &[Article], facts: &[Fact], clusters: &[Vec<usize>], docs: &[Doc]) -> bool {
    let mut spans: Vec<(i64, i64, f64)> = Vec::new();
    // A publication time of exactly midnight is most likely a date without a time: it orders
    // articles of different days only.
    let date_only =
        clusters.iter().flatten().any(|&i| corpus[docs[facts[i].doc].idx].published.is_some_and(|p| p.time() == chrono::NaiveTime::MIN));
    for c in clusters {
        // Undated articles say nothing about the order; each value needs one dated article.
        let times: Vec<i64> = c
            .iter()
            .filter_map(|&i| corpus[docs[facts[i].doc].idx].published)
            .map(|p| if date_only { p.date_naive().and_time(chrono::NaiveTime::MIN).and_utc().timestamp() } else { p.timestamp() })
            .collect();
        if times.is_empty() {
            return false;
        }
        let mid = match facts[c[0]].val {
            Val::Num { lo, hi } => (lo + hi) / 2.0,
            _ => return false,
        };
        spans.push((*times.iter().min().unwrap(), *times.iter().max().unwrap(), mid));
    }
    spans.sort_by_key(|s| s.0);
    let rising = spans.windows(2).all(|w| w[0].1 < w[1].0 && w[0].2 < w[1].2);
    let falling = spans.windows(2).all(|w| w[0].1 < w[1].0 && w[0].2 > w[1].2);
    rising || falling
}
