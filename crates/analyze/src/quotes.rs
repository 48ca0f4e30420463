//! Quotes: quoted speech with its speaker ("X said", "said X", "according to X", "X told
//! reporters", "he was quoted as saying"), and the same quote worded differently by two outlets.

use crate::dates::overlap;
use crate::entities::{Entities, Ment};
use crate::lexicon::STOPWORDS;
use crate::token::Kind;
use crate::{Doc, EntityKind, Quote};
use tidings_model::{Article, Citation, Span};

/// Quotes shorter than this many words are scare quotes ("fully-fledged visit"), not speech.
pub const MIN_QUOTE_WORDS: usize = 3;
/// How far from the quotation marks the speaker and the speech verb may be, in tokens.
pub const SPEAKER_WINDOW: usize = 14;

const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "stated",
    "states",
    "warned",
    "warns",
    "cautioned",
    "noted",
    "announced",
    "declared",
    "insisted",
    "stressed",
    "explained",
    "asked",
    "replied",
    "wrote",
    "tweeted",
    "quoted",
    "according",
    "characterized",
    "characterised",
    "described",
    "reported",
    "urged",
    "argued",
    "claimed",
    "saying",
    "vowed",
    "promised",
    "admitted",
    "acknowledged",
    "posted",
    "commented",
];

/// Nouns that name who speaks when no name is given: "a survivor", "officials", "state media".
const ROLE_SPEAKERS: &[&str] = &[
    "survivor",
    "survivors",
    "witness",
    "witnesses",
    "resident",
    "residents",
    "neighbor",
    "neighbors",
    "neighbour",
    "neighbours",
    "official",
    "officials",
    "source",
    "sources",
    "analyst",
    "analysts",
    "expert",
    "experts",
    "police",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "agency",
    "media",
    "television",
    "newspaper",
    "statement",
    "relative",
    "relatives",
    "friend",
    "friends",
    "victim",
    "victims",
    "doctor",
    "doctors",
    "rescuer",
    "rescuers",
    "lawyer",
    "lawyers",
    "prosecutor",
    "prosecutors",
    "investigator",
    "investigators",
    "authorities",
    "diplomat",
    "diplomats",
    "economist",
    "economists",
    "protester",
    "protesters",
    "student",
    "students",
    "worker",
    "workers",
    "employee",
    "employees",
    "passenger",
    "passengers",
    "fan",
    "fans",
    "observer",
    "observers",
    "researcher",
    "researchers",
    "scientist",
    "scientists",
    "minister",
    "ministry",
    "governor",
    "mayor",
    "judge",
    "juror",
    "jurors",
    "officer",
    "officers",
    "commander",
    "executive",
    "executives",
    "president",
    "chief",
    "director",
    "leader",
    "leaders",
    "owner",
    "manager",
    "mother",
    "father",
    "sister",
    "brother",
    "son",
    "daughter",
    "wife",
    "husband",
    "cousin",
    "uncle",
    "aunt",
    "teacher",
    "coach",
    "player",
    "players",
    "nurse",
    "firefighter",
    "firefighters",
    "paramedic",
    "paramedics",
    "eyewitness",
    "eyewitnesses",
    "bystander",
    "bystanders",
    "shopkeeper",
    "pilot",
    "captain",
    "crew",
    "soldier",
    "soldiers",
    "villager",
    "villagers",
];

/// A role for a speaker without a name, from the words `[lo, last]`: the last role noun with its
/// determiner ("a survivor", "the governor", "state media", "officials"); `None` when there is none.
fn role_speaker(d: &Doc, lo: usize, last: usize) -> Option<(String, String)> {
    let k = (lo..=last).rev().find(|&k| d.toks[k].kind == Kind::Word && ROLE_SPEAKERS.contains(&d.low(k)))?;
    // Nothing but words of the same noun phrase may follow it ("the witness, who" is fine).
    if (k + 1..=last).any(|j| d.toks[j].kind == Kind::Word && !STOPWORDS.contains(d.low(j))) {
        return None;
    }
    let noun = d.low(k);
    let before = if k > lo { d.low(k - 1) } else { "" };
    let phrase = match before {
        "state" | "local" | "senior" | "police" | "government" | "military" | "hospital" | "fire" | "rescue" | "court" | "company" => {
            format!("{before} {noun}")
        }
        "the" | "a" | "an" | "one" => format!("{} {noun}", if before == "one" { "a" } else { before }),
        _ if noun.ends_with('s') || matches!(noun, "police" | "media" | "crew" | "authorities") => noun.to_string(),
        _ => format!("{} {noun}", if noun.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" }),
    };
    Some((phrase.clone(), phrase))
}

/// The words of a quote for comparing wordings: lowercase, without punctuation or possessive
/// marks, contractions spelled out ("don't" = "do not"), British and American "-ise"/"-ize" as one.
fn wording(d: &Doc, open: usize, close: usize) -> Vec<String> {
    let mut out = Vec::new();
    for k in open + 1..close {
        if matches!(d.toks[k].kind, Kind::Punct | Kind::Poss) {
            continue;
        }
        let w = d.low(k).trim_end_matches('\'');
        let expanded: &[&str] = match w {
            "can't" | "cannot" => &["can", "not"],
            "won't" => &["will", "not"],
            "shan't" => &["shall", "not"],
            "it's" => &["it", "is"],
            "that's" => &["that", "is"],
            "there's" => &["there", "is"],
            "what's" => &["what", "is"],
            "let's" => &["let", "us"],
            _ => &[],
        };
        if !expanded.is_empty() {
            out.extend(expanded.iter().map(|x| x.to_string()));
            continue;
        }
        let mut pushed = false;
        for (suffix, full) in [("n't", "not"), ("'re", "are"), ("'ve", "have"), ("'ll", "will"), ("'m", "am"), ("'d", "would")] {
            if let Some(stem) = w.strip_suffix(suffix) {
                if !stem.is_empty() {
                    out.push(stem.to_string());
                    out.push(full.to_string());
                    pushed = true;
                    break;
                }
            }
        }
        if pushed {
            continue;
        }
        // "realised" and "realized", "organisation" and "organization".
        let spelled = ["ised", "ises", "ising", "isation", "ise"]
            .iter()
            .find_map(|suf| w.strip_suffix(suf).filter(|s| s.len() >= 3).map(|s| format!("{s}{}", suf.replacen('s', "z", 1))));
        out.push(spelled.unwrap_or_else(|| w.to_string()));
    }
    out
}

fn is_open(t: &str) -> bool {
    matches!(t, "“" | "\"" | "«" | "„")
}
fn is_close(t: &str) -> bool {
    matches!(t, "”" | "\"" | "»" | "“")
}

struct Found {
    speaker: String,
    speaker_key: String,
    text: String,
    norm_words: Vec<String>,
    cite: Citation,
    source: String,
}

pub fn extract(corpus: &[Article], docs: &[Doc], ents: &Entities, max: usize) -> Vec<Quote> {
    let mut found: Vec<Found> = Vec::new();
    for (di, d) in docs.iter().enumerate() {
        // sentence position of each token, and the last person named before each sentence
        let mut sent_of = vec![0usize; d.toks.len()];
        let mut last_person_before = vec![None; d.sents.len()];
        let mut lp = None;
        for (si, s) in d.sents.iter().enumerate() {
            sent_of[s.t0..s.t1].fill(si);
            last_person_before[si] = lp;
            if let Some(m) = ents.mentions[di][si].iter().find(|m| ents.kind(m.ent) == EntityKind::Person) {
                lp = Some(m.ent);
            }
        }
        let all_ments: Vec<Ment> = ents.mentions[di].iter().flatten().copied().collect();
        let mut i = 0;
        while i < d.toks.len() {
            if d.toks[i].kind != Kind::Punct || !is_open(d.tok(i)) {
                i += 1;
                continue;
            }
            let open = i;
            let straight = d.tok(i) == "\"";
            let Some(close) = (open + 1..d.toks.len()).find(|&k| {
                d.toks[k].kind == Kind::Punct && if straight { d.tok(k) == "\"" } else { matches!(d.tok(k), "”" | "»" | "“") }
            }) else {
                break;
            };
            i = close + 1;
            // Overlapping sentence spans from upstream can put tokens out of order.
            if d.toks[close].start < d.toks[open].end {
                continue;
            }
            let inner = Span::new(d.toks[open].end, d.toks[close].start);
            let text = d.art.text[inner.start..inner.end].trim_end_matches([',', ' ']).to_string();
            if text.contains('\n') || d.tok(close) == "“" {
                i = close;
                continue;
            }
            let words = (open + 1..close).filter(|&k| d.toks[k].kind == Kind::Word).count();
            if words < MIN_QUOTE_WORDS {
                continue;
            }
            let so = sent_of[open];
            let sc = sent_of[close];
            let s_open = &d.sents[so];
            let s_close = &d.sents[sc];
            let speech = |k: usize| SPEECH_VERBS.contains(&d.low(k));
            let mut speaker: Option<(String, String)> = None;
            let name_at = |verb: usize, lo: usize, hi: usize, after_verb: bool| -> Option<(String, String)> {
                // The entity nearest to the verb (before it, or just after for "said X").
                let cand = all_ments
                    .iter()
                    .filter(|m| m.t0 >= lo && m.t1 <= hi && matches!(ents.kind(m.ent), EntityKind::Person | EntityKind::Organization))
                    .min_by_key(|m| if m.t1 <= verb { verb - m.t1 } else { m.t0 - verb + if after_verb { 0 } else { 3 } });
                if let Some(m) = cand {
                    let n = ents.name(m.ent).to_string();
                    return Some((n.clone(), n.to_lowercase()));
                }
                // "he said" / "she told"
                let pron = (lo..hi).find(|&k| matches!(d.low(k), "he" | "she"));
                if pron.is_some() {
                    if let Some(p) = last_person_before[sent_of[verb]]
                        .or_else(|| all_ments.iter().rfind(|m| m.t1 <= lo && ents.kind(m.ent) == EntityKind::Person).map(|m| m.ent))
                    {
                        let n = ents.name(p).to_string();
                        return Some((n.clone(), n.to_lowercase()));
                    }
                }
                // "according to state media", "analysts say", "a survivor said": a plain role,
                // never an adjective or a stray word ("shocked survivor" is "a survivor").
                if d.low(verb) == "according" {
                    let first = verb + 2;
                    let last =
                        (first..(first + 4).min(hi.max(first)).min(d.toks.len())).take_while(|&k| d.toks[k].kind == Kind::Word).last()?;
                    return role_speaker(d, first, last);
                }
                if verb > lo {
                    return role_speaker(d, lo, verb - 1);
                }
                // "said a witness"
                if after_verb && verb + 1 < hi {
                    let last = (verb + 1..hi.min(verb + 4)).take_while(|&k| d.toks[k].kind == Kind::Word).last()?;
                    return role_speaker(d, verb + 1, last);
                }
                None
            };
            // After the quote: ", X said." / ", said X." / "he was quoted as saying"
            let hi = (close + 1 + SPEAKER_WINDOW).min(s_close.t1);
            if let Some(v) = (close + 1..hi).find(|&k| speech(k)) {
                // A verb that opens another quote ("Ministry said, “...") belongs to that quote.
                let opens_next = (v + 1..(v + 3).min(d.toks.len())).any(|k| is_open(d.tok(k)));
                let hit_quote = (close + 1..v).any(|k| is_open(d.tok(k)));
                if !opens_next && !hit_quote {
                    speaker = name_at(v, close + 1, hi, true);
                }
            }
            // Before the quote: "X said: “...”", "according to X, “...”"
            if speaker.is_none() {
                let lo = open.saturating_sub(SPEAKER_WINDOW).max(s_open.t0);
                let lo = (lo..open).rev().find(|&k| is_close(d.tok(k)) && d.toks[k].kind == Kind::Punct).map(|k| k + 1).unwrap_or(lo);
                if let Some(v) = (lo..open).rev().find(|&k| speech(k)) {
                    let hi2 = if d.low(v) == "according" { open } else { v };
                    speaker = name_at(if d.low(v) == "according" { open } else { v }, lo, hi2.max(v + 1).min(open), false)
                        .or_else(|| name_at(v, lo, open, true));
                }
            }
            let Some((speaker, speaker_key)) = speaker else {
                continue;
            };
            let art = d.idx;
            let orig = corpus[art].copy_of.unwrap_or(art);
            let norm_words = wording(d, open, close);
            let _ = di;
            found.push(Found { speaker, speaker_key, text, norm_words, cite: d.cite(inner), source: corpus[orig].source_key() });
        }
    }
    // Merge identical wordings; flag the same quote worded differently by another outlet.
    let mut quotes: Vec<(Quote, Vec<String>, String, Vec<String>)> = Vec::new(); // quote, words, speaker key, sources
    for f in found {
        if let Some(q) = quotes.iter_mut().find(|q| q.2 == f.speaker_key && q.1 == f.norm_words) {
            q.0.citations.push(f.cite);
            if !q.3.contains(&f.source) {
                q.3.push(f.source);
            }
            continue;
        }
        quotes.push((
            Quote { speaker: f.speaker, text: f.text, citations: vec![f.cite], altered: false },
            f.norm_words,
            f.speaker_key,
            vec![f.source],
        ));
    }
    let n = quotes.len();
    for a in 0..n {
        for b in a + 1..n {
            if quotes[a].2 != quotes[b].2 || quotes[a].3.iter().all(|s| quotes[b].3.contains(s)) {
                continue;
            }
            let (wa, wb) = (&quotes[a].1, &quotes[b].1);
            // An excerpt of a longer quote is still verbatim.
            let (short, long) = if wa.len() <= wb.len() { (wa, wb) } else { (wb, wa) };
            if long.windows(short.len()).any(|w| w == short.as_slice()) {
                continue;
            }
            let mut sa = wa.clone();
            sa.sort();
            sa.dedup();
            let mut sb = wb.clone();
            sb.sort();
            sb.dedup();
            let (shared, ratio) = overlap(&sa, &sb);
            if shared >= 3 && ratio >= 0.5 {
                quotes[a].0.altered = true;
                quotes[b].0.altered = true;
            }
        }
    }
    let mut out: Vec<Quote> = quotes.into_iter().map(|q| q.0).collect();
    out.sort_by(|a, b| b.altered.cmp(&a.altered).then(b.citations.len().cmp(&a.citations.len())));
    out.truncate(max);
    out
}
