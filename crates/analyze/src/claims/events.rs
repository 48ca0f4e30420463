//! Events: a verb class with its subject, and the date, place or participant the sentence gives
//! ("Mr. Kim departed from Pyongyang on Sunday", "held discussions with Alexander Kozlov").

use super::{Fact, Nature, Val};
use crate::dates::{content_words, DateExpr, Precision};
use crate::entities::{Entities, Ment};
use crate::token::Kind;
use crate::{Doc, EntityKind};
use tidings_model::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ev {
    Depart,
    Arrive,
    Meet,
    Announce,
    Head,
    Sign,
    Visit,
    Attack,
    Die,
    Resign,
    Launch,
}

impl Ev {
    fn past(self) -> &'static str {
        match self {
            Ev::Depart => "departed",
            Ev::Arrive => "arrived",
            Ev::Meet => "met",
            Ev::Announce => "announced",
            Ev::Head => "headed",
            Ev::Sign => "signed",
            Ev::Visit => "visited",
            Ev::Attack => "attacked",
            Ev::Die => "died",
            Ev::Resign => "resigned",
            Ev::Launch => "launched",
        }
    }
    fn base(self) -> &'static str {
        match self {
            Ev::Depart => "depart",
            Ev::Arrive => "arrive",
            Ev::Meet => "meet",
            Ev::Announce => "announce",
            Ev::Head => "head",
            Ev::Sign => "sign",
            Ev::Visit => "visit",
            Ev::Attack => "attack",
            Ev::Die => "die",
            Ev::Resign => "resign",
            Ev::Launch => "launch",
        }
    }
}

/// Every word the match of [`event_at`] names: one hash look-up turns away the other words before
/// the match compares them arm by arm. Keep the two in step.
static EVENT_WORDS: std::sync::LazyLock<rustc_hash::FxHashSet<&'static str>> = std::sync::LazyLock::new(|| {
    [
        "announce",
        "announced",
        "announcement",
        "announces",
        "arrival",
        "arrive",
        "arrived",
        "arrives",
        "arriving",
        "attacked",
        "began",
        "begun",
        "bombed",
        "bound",
        "commenced",
        "crossed",
        "declared",
        "depart",
        "departed",
        "departing",
        "departs",
        "departure",
        "destination",
        "died",
        "dies",
        "disembarked",
        "embarked",
        "greeted",
        "headed",
        "heading",
        "heads",
        "held",
        "hold",
        "holding",
        "holds",
        "hosted",
        "landed",
        "launched",
        "leave",
        "leaves",
        "leaving",
        "left",
        "meet",
        "meeting",
        "meets",
        "met",
        "moving",
        "quit",
        "reached",
        "resigned",
        "resigns",
        "route",
        "set",
        "shelled",
        "sign",
        "signed",
        "signing",
        "signs",
        "started",
        "starts",
        "struck",
        "summit",
        "travel",
        "traveled",
        "traveling",
        "travelled",
        "travelling",
        "travels",
        "unveiled",
        "visited",
        "visiting",
        "visits",
    ]
    .into_iter()
    .collect()
});

fn event_at(d: &Doc, k: usize, s1: usize) -> Option<Ev> {
    let w = d.low(k);
    if !EVENT_WORDS.contains(w) {
        return None;
    }
    let next_is = |words: &[&str], within: usize| (k + 1..(k + 1 + within).min(s1)).any(|j| words.contains(&d.low(j)));
    Some(match w {
        "departed" | "depart" | "departs" | "departing" | "departure" | "set" if w != "set" || next_is(&["off", "out"], 1) => Ev::Depart,
        "left" | "leaves" | "leave" | "leaving" => {
            let next = if k + 1 < s1 { d.tok(k + 1) } else { "" };
            if next.chars().next().is_some_and(|c| c.is_uppercase()) || matches!(next, "for" | "from" | "aboard" | "on" | "the" | "home") {
                Ev::Depart
            } else {
                return None;
            }
        }
        "commenced" | "began" | "started" | "embarked" | "begun" | "starts"
            if next_is(&["journey", "trip", "travel", "voyage", "tour"], 4) =>
        {
            Ev::Depart
        }
        "arrived" | "arrive" | "arrives" | "arriving" | "arrival" | "disembarked" | "landed" | "crossed" => Ev::Arrive,
        // "reached Vladivostok", not "reached 129 mph"
        "reached" if k + 1 < s1 && d.tok(k + 1).chars().next().is_some_and(|c| c.is_uppercase()) => Ev::Arrive,
        "met" | "meet" | "meets" | "meeting" | "summit" | "greeted" | "hosted" => Ev::Meet,
        "held" | "hold" | "holds" | "holding" if next_is(&["talks", "discussions", "meeting", "summit", "meetings"], 3) => Ev::Meet,
        "announced" | "announces" | "announce" | "announcement" | "unveiled" | "declared" => Ev::Announce,
        "headed" | "heading" | "heads" | "bound" | "destination" | "route" => Ev::Head,
        // "moving towards the border" is a trip; "moving to San Francisco" is a new home.
        "moving" if next_is(&["toward", "towards"], 2) => Ev::Head,
        "travelling" | "traveling" | "travel" | "travels" | "travelled" | "traveled" if next_is(&["toward", "towards", "to"], 2) => {
            Ev::Head
        }
        "signed" | "sign" | "signs" | "signing" => Ev::Sign,
        "visited" | "visits" | "visiting" => Ev::Visit,
        "attacked" | "struck" | "bombed" | "shelled" => Ev::Attack,
        "died" | "dies" => Ev::Die,
        "resigned" | "resigns" | "quit" => Ev::Resign,
        // Not "fired": people are fired from their jobs as often as missiles are.
        "launched" => Ev::Launch,
        _ => return None,
    })
}

fn boundary(w: &str) -> bool {
    matches!(w, "," | ";" | "that" | ":" | "—" | "–" | "(" | ")" | "while" | "but" | "which" | "whereas")
}

/// True when no clause boundary lies between token `a` and token `b`.
fn same_clause(d: &Doc, a: usize, b: usize) -> bool {
    let (x, y) = if a < b { (a, b) } else { (b, a) };
    !(x + 1..y).any(|k| boundary(d.tok(k)))
}

const FUTURE: &[&str] = &[
    "will",
    "'ll",
    "expected",
    "expects",
    "scheduled",
    "due",
    "plans",
    "planned",
    "planning",
    "could",
    "may",
    "might",
    "anticipate",
    "anticipated",
    "upcoming",
    "forthcoming",
    "likely",
    "possible",
    "potential",
    "would",
    "suggested",
    "estimates",
    "estimated",
    "seems",
    "rumored",
    "rumoured",
];

fn speculative(d: &Doc, s0: usize, s1: usize, k: usize) -> bool {
    let mut a = k;
    while a > s0 && !boundary(d.tok(a - 1)) {
        a -= 1;
    }
    let mut b = k;
    while b < s1 && !boundary(d.tok(b)) {
        b += 1;
    }
    (a..b).any(|i| FUTURE.contains(&d.low(i)))
}

#[allow(clippy::too_many_arguments)]
pub(super) fn events(
    d: &Doc,
    di: usize,
    si: usize,
    ments: &[Ment],
    ents: &Entities,
    dates: &[DateExpr],
    last_person: Option<usize>,
    protagonist: Option<usize>,
    prev_place: Option<usize>,
    out: &mut Vec<Fact>,
) {
    let s = &d.sents[si];
    let (s0, s1) = (s.t0, s.t1);
    let words_cell = std::cell::OnceCell::new();
    let words = || words_cell.get_or_init(|| content_words(d, s0, s1)).clone();
    let mut seen: Vec<Ev> = Vec::new();
    for k in s0..s1 {
        if d.toks[k].kind != Kind::Word {
            continue;
        }
        if ments.iter().any(|m| m.t0 <= k && k < m.t1) {
            continue;
        }
        let Some(ev) = event_at(d, k, s1) else {
            continue;
        };
        if seen.contains(&ev) {
            continue;
        }
        seen.push(ev);
        // Subject: the nearest person or organisation before the verb (a person for meetings), or
        // "he"/"she" for the last person. The scan stops at "that": in "Peskov indicated that the
        // meeting would take place", Peskov reports the meeting but is not its subject.
        let mut subject = None;
        let mut b = k;
        while b > s0 {
            b -= 1;
            if matches!(d.low(b), "that" | "whether") {
                break;
            }
            if let Some(m) = ments.iter().find(|m| m.t0 <= b && b < m.t1) {
                let kind = ents.kind(m.ent);
                if kind == EntityKind::Person || kind == EntityKind::Organization && ev != Ev::Meet {
                    subject = Some(m.ent);
                    break;
                }
                b = m.t0;
                continue;
            }
            if matches!(d.low(b), "he" | "she" | "his" | "her") {
                subject = last_person;
                break;
            }
        }
        // "the destination is Vladivostok", "the meeting could occur on Tuesday": a trip without a
        // named traveller is the story's protagonist's (its most reported person).
        if subject.is_none() && matches!(ev, Ev::Head | Ev::Meet) {
            subject = protagonist.or(last_person);
        }
        let Some(subj) = subject else { continue };
        let spec = speculative(d, s0, s1, k);
        let sname = ents.name(subj).to_string();
        let tag = if spec { " (expected)" } else { "" };
        // Date: the nearest date expression in the same clause, with a day in it.
        let date = dates
            .iter()
            .filter(|x| same_clause(d, k, if x.t0 > k { x.t0 } else { x.t1 - 1 }))
            .filter(|x| x.weekdays != 0 || x.month_day.is_some() || x.date.is_some() && x.precision == Precision::Day)
            .min_by_key(|x| (x.t0 as i64 - k as i64).abs());
        let mut when_idx = None;
        if let Some(x) = date {
            // An arrival or a visit happens once per place, a meeting once per partner, but
            // announcements come every day: their dates can agree but never conflict.
            let qualifier = match ev {
                Ev::Arrive | Ev::Visit | Ev::Attack => ments
                    .iter()
                    .find(|m| m.t0 > k && ents.kind(m.ent) == EntityKind::Place && !ents.coarse[m.ent] && same_clause(d, k, m.t0))
                    .map(|m| format!(" in {}", ents.name(m.ent))),
                Ev::Meet => ments
                    .iter()
                    .find(|m| m.ent != subj && ents.kind(m.ent) == EntityKind::Person && same_clause(d, k, m.t0))
                    .map(|m| format!(" with {}", ents.name(m.ent)))
                    .or_else(|| {
                        ments
                            .iter()
                            .find(|m| m.t0 > k && ents.kind(m.ent) == EntityKind::Place && !ents.coarse[m.ent] && same_clause(d, k, m.t0))
                            .map(|m| format!(" in {}", ents.name(m.ent)))
                    }),
                _ => None,
            }
            .unwrap_or_default();
            if !matches!(ev, Ev::Head) {
                when_idx = Some(out.len());
                let phrase = x.phrase.trim_start_matches("on ").trim_start_matches("On ");
                // A resolved weekday says which day it is: "Sunday (2023-09-10)".
                let display = match x.date {
                    Some(dt) if x.precision == Precision::Day && x.month_day.is_none() => {
                        format!("{phrase} ({dt})")
                    }
                    _ => phrase.to_string(),
                };
                let about = if spec {
                    format!("expected date {} {}s{qualifier}", sname, ev.base())
                } else {
                    format!("date {} {}{qualifier}", sname, ev.past())
                };
                let mut f = Fact::new(
                    format!("when:{}:{subj}{tag}{qualifier}", ev.base()),
                    about,
                    Val::When { date: x.date.filter(|_| x.precision == Precision::Day), weekdays: x.weekdays, month_day: x.month_day },
                    display,
                    di,
                    si,
                    words(),
                );
                f.span = Span::new(d.toks[x.t0].start, d.toks[x.t1 - 1].end);
                f.exclusive = ev != Ev::Announce;
                f.nature = Nature::Event;
                out.push(f);
            }
        }
        // Place: a place after the verb in the same clause, introduced by a preposition that fits the event.
        let mut places: Vec<(usize, bool)> = Vec::new(); // (entity, is_origin)
        for m in ments.iter().filter(|m| m.t0 > k && ents.kind(m.ent) == EntityKind::Place) {
            // Same clause, or right after one comma ("headed, reportedly, to X" is rare; "bound, for X" is not).
            let after_comma = m.t0 == k + 2 && d.tok(m.t0 - 1) == ",";
            if m.t0 > k + 14 || !(same_clause(d, k, m.t0) || after_comma) {
                break;
            }
            let prev: Vec<&str> = (m.t0.saturating_sub(4).max(k + 1)..m.t0).map(|j| d.low(j)).collect();
            let negated = prev.iter().any(|x| matches!(*x, "away" | "rather" | "instead" | "not" | "than"));
            if negated {
                continue;
            }
            // "the border station of Khasan", "the Khasan train station"
            let prep = prev
                .iter()
                .rev()
                .find(|x| matches!(**x, "in" | "at" | "to" | "toward" | "towards" | "into" | "from" | "for" | "is" | "of" | "near"));
            let direct = m.t0 == k + 1 && matches!(ev, Ev::Depart | Ev::Visit | Ev::Attack);
            let Some(prep) = prep.copied().or(direct.then_some("")) else {
                continue;
            };
            let is_origin = prep == "from" || prep.is_empty() && ev == Ev::Depart;
            places.push((m.ent, is_origin));
        }
        // "The Vostochny Cosmodrome ... has been suggested as the possible meeting place": a place that
        // opens the sentence is the place of a meeting (or destination, venue) named later in it.
        // "There, he was greeted by Alexander Kozlov": the place of the sentence before.
        if places.is_empty() && ev == Ev::Meet && d.low(s0) == "there" && s0 + 1 < s1 && d.tok(s0 + 1) == "," {
            if let Some(p) = prev_place {
                places.push((p, false));
            }
        }
        if places.is_empty() && matches!(ev, Ev::Meet | Ev::Head) {
            let noun_place = k + 1 < s1 && matches!(d.low(k + 1), "place" | "venue" | "location") || d.low(k) == "destination";
            if let Some(m) = ments.iter().find(|m| m.t0 <= s0 + 1 && m.t0 < k && ents.kind(m.ent) == EntityKind::Place) {
                if noun_place {
                    places.push((m.ent, false));
                }
            }
        }
        // Prefer a fine place: "at the Khasan station in Russia's far east" is about Khasan.
        let pick = |origin: bool| -> Option<usize> {
            let c: Vec<usize> = places.iter().filter(|p| p.1 == origin).map(|p| p.0).collect();
            c.iter().copied().find(|&e| !ents.coarse[e]).or(c.first().copied())
        };
        if let (Some(i), Ev::Depart) = (when_idx, ev) {
            out[i].origin = pick(true);
        }
        let mut place_facts: Vec<(Ev, bool, usize)> = Vec::new();
        match ev {
            Ev::Depart => {
                if let Some(p) = pick(true) {
                    place_facts.push((Ev::Depart, true, p));
                }
                if let Some(p) = pick(false) {
                    place_facts.push((Ev::Head, false, p));
                }
            }
            Ev::Arrive | Ev::Meet | Ev::Head | Ev::Visit | Ev::Attack | Ev::Sign | Ev::Die => {
                if let Some(p) = pick(false) {
                    place_facts.push((ev, false, p));
                }
            }
            _ => {}
        }
        for (pev, origin, p) in place_facts {
            if p == subj {
                continue;
            }
            let (key, about, exclusive) = match (pev, origin) {
                (Ev::Depart, true) => (format!("from:{subj}"), format!("where {sname} departed from"), true),
                (Ev::Head, _) => (format!("to:{subj}"), format!("expected destination or meeting place of {sname}"), true),
                // Where a trip is expected to lead and where its meeting is expected are one question.
                (Ev::Meet, _) if spec => (format!("to:{subj}"), format!("expected destination or meeting place of {sname}"), true),
                // "met Scholz in Berlin" and "met Macron in Paris" are two meetings.
                (Ev::Meet, _) => {
                    let partner = ments
                        .iter()
                        .find(|m| m.t0 > k && m.ent != subj && ents.kind(m.ent) == EntityKind::Person && same_clause(d, k, m.t0))
                        .map(|m| m.ent);
                    match partner {
                        Some(pe) => (format!("where:meet:{subj}:{pe}"), format!("where {sname} met {}", ents.name(pe)), true),
                        None => (format!("where:meet:{subj}"), format!("where {sname} met"), true),
                    }
                }
                // Arrivals, visits and attacks can have several true places.
                (e, _) => (
                    format!("where:{}:{subj}{tag}", e.base()),
                    if spec { format!("where {sname} is expected to {}", e.base()) } else { format!("where {sname} {}", e.past()) },
                    false,
                ),
            };
            // A trip of another year ("boarded a Greyhound bound for Manhattan in 1950") is another trip.
            let era = super::quantity::era_of(d, dates, k, k + 1);
            let key = match &era {
                Some(e) => format!("{key}@{e}"),
                None => key,
            };
            let mut f = Fact::new(key, about, Val::Place { ent: p }, ents.name(p).to_string(), di, si, words());
            if let Some(m) = ments.iter().find(|m| m.ent == p && m.t0 > k).or_else(|| ments.iter().find(|m| m.ent == p)) {
                f.span = Span::new(d.toks[m.t0].start, d.toks[m.t1 - 1].end);
            }
            f.exclusive = exclusive;
            f.nature = Nature::Event;
            out.push(f);
        }
        // Participant: "held discussions with Alexander Kozlov", "greeted by Alexander Kozlov", "met Putin".
        if ev == Ev::Meet {
            let partner = ments.iter().find(|m| {
                m.t0 > k
                    && m.t0 <= k + 6
                    && m.ent != subj
                    && ents.kind(m.ent) == EntityKind::Person
                    && same_clause(d, k, m.t0)
                    && (m.t0 == k + 1 || (k + 1..m.t0).any(|j| matches!(d.low(j), "with" | "by")))
            });
            if let Some(m) = partner {
                let (a, b) = if subj < m.ent { (subj, m.ent) } else { (m.ent, subj) };
                let about = if spec { format!("{} expected to meet", ents.name(a)) } else { format!("{} met", ents.name(a)) };
                let mut f =
                    Fact::new(format!("met:{a}:{b}{tag}"), about, Val::Person { ent: b }, ents.name(b).to_string(), di, si, words());
                f.span = Span::new(d.toks[m.t0].start, d.toks[m.t1 - 1].end);
                f.exclusive = false;
                f.nature = Nature::Event;
                out.push(f);
            }
        }
    }
}
