//! Named entities without a model: capitalised chunks, honorifics and role words, organisation
//! suffixes and the gazetteer, with aliases merged across the story.

use crate::lexicon::{
    month, weekday, GAZETTEER, HONORIFICS, KNOWN_ORGS, NAME_OPENERS_NOT_NAMES, ORG_SUFFIXES, PLACE_NOUNS, PLACE_PREPS, ROLE_HEADS,
    ROLE_MODIFIERS, STOPWORDS,
};
use crate::token::Kind;
use crate::{Doc, Entity, EntityKind};
use rustc_hash::{FxHashMap, FxHashSet};
use tidings_model::{Citation, Span};

/// A mention of an entity inside one sentence.
#[derive(Debug, Clone, Copy)]
pub struct Ment {
    /// Token range in `Doc::toks`.
    pub t0: usize,
    pub t1: usize,
    /// Index into `Entities::public`.
    pub ent: usize,
}

pub struct Entities {
    /// All entities, most widely reported first.
    pub public: Vec<Entity>,
    /// `mentions[doc][sentence position]`, in text order.
    pub mentions: Vec<Vec<Vec<Ment>>>,
    /// Gazetteer grain of place entities, when known.
    pub coarse: Vec<bool>,
}

impl Entities {
    pub fn kind(&self, e: usize) -> EntityKind {
        self.public[e].kind
    }
    pub fn name(&self, e: usize) -> &str {
        &self.public[e].name
    }
}

/// Evidence for one kind, strong or weak.
#[derive(Default, Clone, Copy)]
struct Votes {
    person: u32,
    place: u32,
    org: u32,
}

struct Raw {
    doc: usize,
    sent: usize,
    t0: usize,
    t1: usize,
    key: String,
    surface: String,
    honorific: Option<String>,
    role: Option<String>,
    votes: Votes,
    heading: bool,
    coarse: bool,
}

const STRONG: u32 = 3;

/// Last words of event names.
const EVENT_SUFFIXES: &[&str] = &[
    "cup",
    "league",
    "games",
    "olympics",
    "championship",
    "championships",
    "open",
    "grand",
    "prix",
    "festival",
    "awards",
    "prize",
    "war",
    "revolution",
    "pandemic",
    "day",
    "week",
    "act",
    "bill",
    "treaty",
    "accord",
    "agreement",
    "doctrine",
    "plan",
];

/// Acronyms that name no organisation.
const NOT_ORG_ACRONYMS: &[&str] = &[
    "GDP", "CEO", "CFO", "AI", "COVID", "DMZ", "UTC", "GMT", "TV", "PM", "AM", "ID", "DNA", "HIV", "AIDS", "CPI", "IPO", "ETF", "VAT",
    "EV", "SUV", "PC", "OK", "FAQ", "PDF", "USB", "GPS", "LNG", "GMO", "WMD", "ICBM", "MP", "MPS", "VIP", "CCTV", "SMS", "ATM", "NFT",
    "LGBT", "LGBTQ", "RIP", "UFO", "IQ", "PhD", "BA", "MBA", "FM", "AM", "OPINION", "UPDATE", "LIVE", "VIDEO", "WATCH", "READ", "MORE",
    "NEW", "BREAKING",
];
const WEAK: u32 = 1;

fn is_cap(d: &Doc, i: usize) -> bool {
    d.toks[i].kind == Kind::Word && d.tok(i).chars().next().is_some_and(|c| c.is_uppercase())
}

fn is_connector(w: &str) -> bool {
    matches!(w, "of" | "de" | "van" | "von" | "bin" | "al" | "del" | "da" | "la" | "le" | "du" | "der" | "ibn")
}

/// The key aliases are merged on: lowercase, without diacritics ("Mbappé" = "Mbappe"), hyphens as spaces, no periods.
pub fn key_of(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Words joined by single spaces, without leading or trailing space, in one pass.
    let mut space = false;
    let mut push = |out: &mut String, c: char| {
        if c.is_whitespace() {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    };
    for c in s.chars() {
        match c {
            '-' | '‐' | '–' => push(&mut out, ' '),
            '.' => {}
            '’' => push(&mut out, '\''),
            c if c.is_ascii() => push(&mut out, c.to_ascii_lowercase()),
            c => c.to_lowercase().map(tidings_text::tokens::fold_diacritic).for_each(|l| push(&mut out, l)),
        }
    }
    out
}

fn text_of(d: &Doc, t0: usize, t1: usize) -> String {
    span_of(d, t0, t1).to_string()
}

fn span_of<'a>(d: &'a Doc, t0: usize, t1: usize) -> &'a str {
    &d.art.text[d.toks[t0].start..d.toks[t1 - 1].end]
}

pub fn extract(docs: &[Doc]) -> Entities {
    // Words seen in lowercase anywhere in the story: a capitalised one at the start of a
    // sentence is then most likely a common word, not a name.
    let mut lower_vocab: FxHashSet<&str> = FxHashSet::default();
    // A story's distinct words are a small share of its tokens: size the set once.
    lower_vocab.reserve(docs.iter().map(|d| d.toks.len()).sum::<usize>() / 8);
    for d in docs {
        for i in 0..d.toks.len() {
            if d.toks[i].kind == Kind::Word && d.tok(i).chars().next().is_some_and(|c| c.is_lowercase()) {
                lower_vocab.insert(d.low(i));
            }
        }
    }
    let mut raws: Vec<Raw> = Vec::new();
    for (di, d) in docs.iter().enumerate() {
        for (si, s) in d.sents.iter().enumerate() {
            chunks(d, di, si, s.t0, s.t1, s.heading, &lower_vocab, &mut raws);
        }
    }
    merge(docs, raws)
}

#[allow(clippy::too_many_arguments)]
fn chunks(d: &Doc, di: usize, si: usize, t0: usize, t1: usize, heading: bool, lower: &FxHashSet<&str>, out: &mut Vec<Raw>) {
    let first_word = (t0..t1).find(|&i| d.toks[i].kind == Kind::Word);
    let mut i = t0;
    while i < t1 {
        if !is_cap(d, i) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1;
        loop {
            if end < t1 && is_cap(d, end) {
                end += 1;
            } else if end + 1 < t1 && is_connector(d.tok(end)) && is_cap(d, end + 1) {
                end += 2;
            } else if end + 2 < t1 && d.tok(end) == "of" && d.tok(end + 1) == "the" && is_cap(d, end + 2) {
                end += 3;
            } else {
                break;
            }
        }
        i = end;
        let mut s = start;
        // A capitalised common word opening a sentence is not part of a name, unless the name is an organisation's
        // of three words or more ("National Security Council spokesman John Kirby said").
        if Some(s) == first_word {
            let organisation = end - start >= 3 && ORG_SUFFIXES.contains(d.low(end - 1));
            while s < end {
                let w = d.low(s);
                let keep = HONORIFICS.contains(w)
                    || ROLE_HEADS.contains(w)
                    || organisation && !STOPWORDS.contains(w) && !NAME_OPENERS_NOT_NAMES.contains(&w);
                if !keep && (STOPWORDS.contains(w) || lower.contains(w)) && !GAZETTEER.places.contains_key(w) {
                    s += 1;
                } else {
                    break;
                }
            }
        }
        // Months and weekdays are dates, not names.
        while s < end && (weekday(d.tok(s)).is_some() || month(d.tok(s)).is_some() && end - s == 1) {
            s += 1;
        }
        let mut e = end;
        while e > s && (weekday(d.tok(e - 1)).is_some() || month(d.tok(e - 1)).is_some() && e - s == 1) {
            e -= 1;
        }
        while e > s && is_connector(d.tok(e - 1)) {
            e -= 1;
        }
        if s >= e {
            continue;
        }
        chunk(d, di, si, s, e, t0, t1, heading, lower, out);
    }
}

#[allow(clippy::too_many_arguments)]
fn chunk(
    d: &Doc,
    di: usize,
    si: usize,
    mut s: usize,
    e: usize,
    t0: usize,
    t1: usize,
    heading: bool,
    lower: &FxHashSet<&str>,
    out: &mut Vec<Raw>,
) {
    let mut votes = Votes::default();
    let mut honorific = None;
    let mut role: Option<String> = None;
    let full_key = key_of(span_of(d, s, e));
    let last = d.low(e - 1);
    let org_like = ORG_SUFFIXES.contains(last) || KNOWN_ORGS.contains(full_key.as_str());
    // Honorific: "Mr. Kim".
    if HONORIFICS.contains(d.low(s)) {
        honorific = Some(d.tok(s).to_string());
        s += 1;
        votes.person += STRONG;
        if s >= e {
            return;
        }
    } else if !org_like {
        // Role inside the chunk: "Russian Deputy Foreign Minister Andrei Rudenko".
        if let Some(k) = (s..e).rev().find(|&k| is_role_head(d.low(k))) {
            if k + 1 < e {
                role = Some(text_of(d, s, k + 1));
                s = k + 1;
                votes.person += STRONG;
            } else {
                // A role alone ("the Russian Natural Resources Minister") names no one here.
                return;
            }
        }
    }
    let surface = text_of(d, s, e);
    let key = key_of(&surface);
    if key.is_empty() || is_noise(d, s, e, &key, lower) {
        return;
    }
    if GAZETTEER.demonyms.contains_key(&key) {
        return;
    }
    // Events ("World Cup", "Champions League", "Eastern Economic Forum" is kept as a forum) are
    // none of the three kinds.
    if e - s > 1 && EVENT_SUFFIXES.contains(&last) {
        return;
    }
    // A lone "Police" or "Parliament" opening a sentence is a common noun here.
    if e - s == 1 && ORG_SUFFIXES.contains(last) && !KNOWN_ORGS.contains(key.as_str()) {
        return;
    }
    let mut coarse = false;
    let mut key = key;
    if let Some((_, full)) = crate::lexicon::ORG_ALIASES.iter().find(|(short, _)| *short == key) {
        key = full.to_string();
        votes.org += STRONG;
    }
    if let Some((grain, canon)) = GAZETTEER.places.get(&key) {
        votes.place += STRONG;
        coarse = grain.is_coarse();
        key = key_of(canon);
    } else if ORG_SUFFIXES.contains(last) || KNOWN_ORGS.contains(key.as_str()) {
        votes.org += STRONG;
    } else if PLACE_NOUNS.contains(last) && e - s > 1 {
        votes.place += STRONG;
    } else if surface.len() >= 2
        && surface.len() <= 6
        && surface.chars().all(|c| c.is_ascii_uppercase())
        && !NOT_ORG_ACRONYMS.contains(&surface.as_str())
    {
        votes.org += STRONG;
    } else if e - s > 1 && GAZETTEER.demonyms.contains_key(d.low(s)) && role.is_none() {
        // "Russian Officials": a demonym and a common word.
        return;
    }
    // Context: a place noun after ("Khasan station"), a place preposition before.
    if e < t1 && d.toks[e].kind == Kind::Word {
        let mut j = e;
        // "the Khasan train station": allow one lowercase noun between.
        if j + 1 < t1 && !PLACE_NOUNS.contains(d.low(j)) && !STOPWORDS.contains(d.low(j)) {
            j += 1;
        }
        if j < t1 && PLACE_NOUNS.contains(d.low(j)) && !is_cap(d, j) {
            votes.place += STRONG;
        }
    }
    if s > t0 && honorific.is_none() && role.is_none() {
        let p = d.low(s - 1);
        let according = p == "to" && s >= t0 + 2 && d.low(s - 2) == "according";
        if PLACE_PREPS.contains(p) && !according || p == "of" && s >= t0 + 2 && PLACE_NOUNS.contains(d.low(s - 2)) {
            votes.place += WEAK;
        }
    }
    // Role just before: "Kremlin spokesman Dmitry Peskov", "North Korean leader Kim Jong-un".
    if role.is_none() && s > t0 && votes.place < STRONG && votes.org < STRONG {
        let h = d.low(s - 1);
        if d.toks[s - 1].kind == Kind::Word && !is_cap(d, s - 1) && ROLE_HEADS.contains(h) {
            let mut b = s - 1;
            let mut n = 0;
            while b > t0 && n < 6 {
                let w = d.low(b - 1);
                if d.toks[b - 1].kind == Kind::Word && (is_cap(d, b - 1) && !STOPWORDS.contains(w) || ROLE_MODIFIERS.contains(w)) {
                    b -= 1;
                    n += 1;
                } else {
                    break;
                }
            }
            role = Some(text_of(d, b, s));
            votes.person += STRONG;
        }
    }
    // Apposition: "Alexander Kozlov, Russia's minister for natural resources,".
    if role.is_none() && e + 2 < t1 && d.tok(e) == "," {
        let mut j = e + 1;
        if matches!(d.low(j), "the" | "a" | "an") {
            j += 1;
        }
        let rs = j;
        let mut found = false;
        let mut bad = false;
        while j < t1 && j < rs + 12 {
            let w = d.low(j);
            if matches!(w, "," | "." | ";" | ")" | "and" | "who" | "which") {
                break;
            }
            if matches!(w, "said" | "says" | "told" | "is" | "was" | "has" | "had" | "have" | "will" | "would" | "announced") {
                bad = true;
            }
            if ROLE_HEADS.contains(w) && d.toks[j].kind == Kind::Word {
                found = true;
            }
            j += 1;
        }
        let ends_well = j >= t1 || matches!(d.tok(j), "," | "." | ";" | ")" | "and");
        if found && !bad && ends_well && j > rs {
            role = Some(text_of(d, rs, j));
            votes.person += STRONG;
        }
    }
    // A name-like chunk of 2-4 words that are never written in lowercase in the story.
    if votes.person + votes.place + votes.org == 0 || votes.place == WEAK && votes.person == 0 {
        let words: Vec<&str> = (s..e).map(|k| d.low(k)).collect();
        let common = words.iter().any(|&w| STOPWORDS.contains(w) || lower.contains(w) || is_connector(w));
        if (2..=4).contains(&words.len()) && !common {
            votes.person += WEAK;
        }
    }
    out.push(Raw { doc: di, sent: si, t0: s, t1: e, key, surface, honorific, role, votes, heading, coarse });
}

/// Photo credits, captions and page widgets read as names ("AP Photo", "Getty Images", "IMAGE"), words glued by a
/// lost line break ("Camera IconFirefighters"), and compounds that name a style rather than a thing ("White House-style").
fn is_noise(d: &Doc, s: usize, e: usize, key: &str, lower: &FxHashSet<&str>) -> bool {
    if key.split(' ').any(|w| CREDIT_WORDS.contains(&w)) || tidings_text::lexicon::CREDIT_MARKERS.contains(&key) {
        return true;
    }
    // An acronym that is a word of the story written in capitals ("IMAGE", "WATCH", "UPDATE").
    if e - s == 1 && key.len() > 3 && d.tok(s).chars().all(|c| !c.is_lowercase()) && lower.contains(key) {
        return true;
    }
    (s..e).any(|k| {
        let t = d.tok(k);
        // A lowercase run of three letters or more then a capital: two words glued ("IconFirefighters"); "McDonald",
        // "DeSantis" and "iPhone" have shorter runs.
        let mut run = 0;
        let glued = t.chars().any(|c| {
            if c.is_lowercase() {
                run += 1;
                false
            } else {
                let g = c.is_uppercase() && run >= 3;
                run = 0;
                g
            }
        });
        // Plural acronyms ("PCs", "NGOs") are common nouns.
        let plural_acronym = t.len() >= 3 && t.ends_with('s') && t[..t.len() - 1].chars().all(|c| c.is_ascii_uppercase());
        glued || plural_acronym
    }) || {
        // "White House-style", "Kremlin-backed": an adjective made of a name.
        let last = d.low(e - 1);
        let next = if e + 1 < d.toks.len() && d.tok(e) == "-" { d.low(e + 1) } else { "" };
        COMPOUND_SUFFIXES.iter().any(|x| last.strip_suffix(x).is_some_and(|p| p.ends_with('-')) || next == *x)
    } || (s >= 2 && d.tok(s - 1) == "/" && CREDIT_WORDS.contains(&d.low(s - 2)))
}

/// Second halves of adjectives made from a name ("White House-style", "Kremlin-backed").
const COMPOUND_SUFFIXES: &[&str] = &["style", "led", "backed", "based", "owned", "made", "linked", "funded", "born", "era", "type", "like"];

/// A role word, also inside a hyphenated title ("Director-General", "Secretary-General").
fn is_role_head(w: &str) -> bool {
    ROLE_HEADS.contains(w) || (w.contains('-') && w.split('-').any(|p| ROLE_HEADS.contains(p)))
}

/// The initials of a multiword key, without connectors: "federal open market committee" → "fomc".
fn initials(key: &str) -> String {
    let words: Vec<&str> =
        key.split(' ').filter(|w| !matches!(*w, "of" | "the" | "and" | "for" | "&" | "de" | "du" | "des" | "der")).collect();
    if words.len() < 2 {
        return String::new();
    }
    words.iter().filter_map(|w| w.chars().next()).collect()
}

fn is_subsequence(short: &[&str], long: &[&str]) -> bool {
    let mut it = long.iter();
    short.iter().all(|w| it.any(|l| l == w))
}

/// Words that make a chunk a credit or a widget label, never a name.
const CREDIT_WORDS: &[&str] = &["photo", "photos", "images", "image", "getty", "icon", "shutterstock", "istock", "caption", "credit"];

struct Group {
    keys: Vec<String>,
    raws: Vec<usize>,
    votes: Votes,
    kind: Option<EntityKind>,
}

fn kind_of(v: Votes) -> Option<EntityKind> {
    let m = v.person.max(v.place).max(v.org);
    if m == 0 {
        None
    } else if v.org == m {
        Some(EntityKind::Organization)
    } else if v.place == m {
        Some(EntityKind::Place)
    } else {
        Some(EntityKind::Person)
    }
}

fn merge(docs: &[Doc], raws: Vec<Raw>) -> Entities {
    let mut by_key: FxHashMap<&str, usize> = FxHashMap::default();
    let mut groups: Vec<Group> = Vec::new();
    for (ri, r) in raws.iter().enumerate() {
        let g = *by_key.entry(r.key.as_str()).or_insert_with(|| {
            groups.push(Group { keys: vec![r.key.clone()], raws: vec![], votes: Votes::default(), kind: None });
            groups.len() - 1
        });
        groups[g].raws.push(ri);
        let v = &mut groups[g].votes;
        v.person += r.votes.person;
        v.place += r.votes.place;
        v.org += r.votes.org;
    }
    for g in &mut groups {
        g.kind = kind_of(g.votes);
    }
    // The words of each group's key, split once: the loops below look every group up by them.
    let key_words: Vec<Vec<&str>> = groups.iter().map(|g| g.keys[0].split(' ').collect()).collect();
    let is_person = |gj: usize| groups[gj].kind == Some(EntityKind::Person);
    // Alias merging: a one-word person-like key joins the most mentioned person whose full name
    // begins or ends with it ("Kim" → "Kim Jong Un", "Putin" → "Vladimir Putin"); ties go to the first.
    let mut by_end_word: FxHashMap<&str, (usize, usize)> = FxHashMap::default();
    for gj in (0..groups.len()).filter(|&gj| is_person(gj) && key_words[gj].len() > 1) {
        let n = groups[gj].raws.len();
        let ends = [key_words[gj][0], key_words[gj][key_words[gj].len() - 1]];
        for (k, w) in ends.iter().enumerate() {
            if k == 1 && ends[0] == ends[1] {
                break;
            }
            let e = by_end_word.entry(w).or_insert((gj, n));
            if n > e.1 {
                *e = (gj, n);
            }
        }
    }
    let mut target: Vec<usize> = (0..groups.len()).collect();
    for gi in 0..groups.len() {
        let key = groups[gi].keys[0].as_str();
        if key.contains(' ')
            || matches!(groups[gi].kind, Some(EntityKind::Place) | Some(EntityKind::Organization)) && groups[gi].votes.person == 0
        {
            continue;
        }
        if let Some(&(gj, _)) = by_end_word.get(key) {
            target[gi] = gj;
        }
    }
    // Initialisms: "SVB" joins "Silicon Valley Bank", "FOMC" joins "Federal Open Market Committee"
    // (the most mentioned, ties to the first).
    let mut by_initials: FxHashMap<String, usize> = FxHashMap::default();
    for gj in (0..groups.len()).filter(|&gj| !is_person(gj)) {
        let ini = initials(&groups[gj].keys[0]);
        if ini.is_empty() {
            continue;
        }
        let e = by_initials.entry(ini).or_insert(gj);
        if groups[gj].raws.len() > groups[*e].raws.len() {
            *e = gj;
        }
    }
    for gi in 0..groups.len() {
        let key = &groups[gi].keys[0];
        let surface = &raws[groups[gi].raws[0]].surface;
        if target[gi] != gi || !(2..=6).contains(&key.len()) || key.contains(' ') || !surface.chars().all(|c| c.is_ascii_uppercase()) {
            continue;
        }
        // A one-word key has no initials, so it never finds itself.
        if let Some(&gj) = by_initials.get(key.as_str()) {
            target[gi] = gj;
        }
    }
    // Short forms of a person's name: "Tedros Ghebreyesus" joins "Tedros Adhanom Ghebreyesus" (same first and last
    // word, the rest a subsequence).
    let mut by_first_last: FxHashMap<(&str, &str), Vec<usize>> = FxHashMap::default();
    for gj in (0..groups.len()).filter(|&gj| is_person(gj)) {
        let w = &key_words[gj];
        by_first_last.entry((w[0], w[w.len() - 1])).or_default().push(gj);
    }
    for gi in 0..groups.len() {
        if target[gi] != gi || !is_person(gi) || !groups[gi].keys[0].contains(' ') {
            continue;
        }
        let short = &key_words[gi];
        let best = by_first_last
            .get(&(short[0], short[short.len() - 1]))
            .into_iter()
            .flatten()
            .copied()
            .filter(|&gj| gj != gi && key_words[gj].len() > short.len() && is_subsequence(short, &key_words[gj]))
            .max_by_key(|&gj| (groups[gj].raws.len(), std::cmp::Reverse(gj)));
        if let Some(gj) = best {
            target[gi] = gj;
        }
    }
    // Follow chains ("Ghebreyesus" → "Tedros Ghebreyesus" → "Tedros Adhanom Ghebreyesus") to their end.
    for gi in 0..target.len() {
        let mut t = target[gi];
        let mut steps = 0;
        while target[t] != t && steps < target.len() {
            t = target[t];
            steps += 1;
        }
        target[gi] = if target[t] == t { t } else { gi };
    }
    let mut merged: Vec<Option<Group>> = groups.into_iter().map(Some).collect();
    for gi in 0..merged.len() {
        if target[gi] != gi {
            let g = merged[gi].take().unwrap();
            let t = merged[target[gi]].as_mut().unwrap();
            t.keys.extend(g.keys);
            t.raws.extend(g.raws);
        }
    }
    // Build entities.
    struct Built {
        ent: Entity,
        raws: Vec<usize>,
        coarse: bool,
    }
    let mut built: Vec<Built> = Vec::new();
    for g in merged.into_iter().flatten() {
        let Some(kind) = g.kind else { continue };
        // Names only seen in headings are too uncertain.
        if g.raws.iter().all(|&r| raws[r].heading) {
            continue;
        }
        // A single word with only weak evidence, seen once, is noise; a name of two to four
        // words never written in lowercase ("Olaf Scholz") is kept even when seen once.
        let strong = g.votes.person.max(g.votes.place).max(g.votes.org) >= STRONG;
        let multiword_person = kind == EntityKind::Person && raws[g.raws[0]].t1 - raws[g.raws[0]].t0 >= 2;
        if !strong && g.raws.len() < 2 && !multiword_person {
            continue;
        }
        // Canonical name: the most frequent of the longest forms.
        let mut forms: FxHashMap<&str, (usize, usize, usize)> = FxHashMap::default();
        for &r in &g.raws {
            let raw = &raws[r];
            let words = raw.key.split(' ').count();
            let ent = forms.entry(raw.surface.as_str()).or_insert((words, 0, r));
            ent.1 += 1;
        }
        let mut fv: Vec<(&str, (usize, usize, usize))> = forms.into_iter().collect();
        fv.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(b.1 .1.cmp(&a.1 .1)).then(a.1 .2.cmp(&b.1 .2)));
        let mut name = fv[0].0.to_string();
        if kind == EntityKind::Place {
            if let Some((_, canon)) = GAZETTEER.places.get(&key_of(&name)) {
                name = canon.clone();
            }
        }
        let mut aliases: Vec<String> = Vec::new();
        let push_alias = |a: &str, aliases: &mut Vec<String>| {
            if a != name && !aliases.iter().any(|x| x == a) {
                aliases.push(a.to_string());
            }
        };
        let mut order: Vec<usize> = g.raws.clone();
        order.sort_by_key(|&r| (raws[r].doc, raws[r].t0));
        for &r in &order {
            push_alias(&raws[r].surface, &mut aliases);
            if let Some(h) = &raws[r].honorific {
                push_alias(&format!("{h} {}", raws[r].surface), &mut aliases);
            }
        }
        let mut roles: Vec<String> = Vec::new();
        let mut roles_low: Vec<String> = Vec::new();
        for &r in &order {
            if roles.len() >= 4 {
                break;
            }
            if let Some(role) = &raws[r].role {
                let rl = role.to_lowercase();
                if !roles_low.contains(&rl) {
                    roles.push(role.clone());
                    roles_low.push(rl);
                }
            }
        }
        let mut articles: Vec<usize> = Vec::new();
        let mut citations: Vec<Citation> = Vec::new();
        for &r in &order {
            let raw = &raws[r];
            let d = &docs[raw.doc];
            if articles.last() != Some(&d.idx) && !articles.contains(&d.idx) {
                articles.push(d.idx);
                citations.push(d.cite(Span::new(d.toks[raw.t0].start, d.toks[raw.t1 - 1].end)));
            }
        }
        let coarse = g.raws.iter().any(|&r| raws[r].coarse);
        built.push(Built { ent: Entity { name, kind, aliases, roles, mentions: g.raws.len(), articles, citations }, raws: order, coarse });
    }
    built.sort_by(|a, b| {
        b.ent.articles.len().cmp(&a.ent.articles.len()).then(b.ent.mentions.cmp(&a.ent.mentions)).then(a.ent.name.cmp(&b.ent.name))
    });
    let mut mentions: Vec<Vec<Vec<Ment>>> = docs.iter().map(|d| vec![Vec::new(); d.sents.len()]).collect();
    let mut coarse = Vec::with_capacity(built.len());
    let mut public = Vec::with_capacity(built.len());
    for (ei, b) in built.into_iter().enumerate() {
        for &r in &b.raws {
            let raw = &raws[r];
            mentions[raw.doc][raw.sent].push(Ment { t0: raw.t0, t1: raw.t1, ent: ei });
        }
        coarse.push(b.coarse);
        public.push(b.ent);
    }
    for per_doc in &mut mentions {
        for per_sent in per_doc {
            per_sent.sort_by_key(|m| m.t0);
        }
    }
    Entities { public, mentions, coarse }
}
