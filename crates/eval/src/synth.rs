//! A seeded, deterministic generator of labelled news streams, for tests and for benchmarks at scale.
//!
//! The stream is made of *stories* (one real-world event each, the gold label) grouped in *families*:
//! the events of one family share their kind, people, organisation and country, and differ in place,
//! date and numbers (two summits of the same leaders, two rate decisions of one bank). Those are the
//! confusable events a grouping engine must keep apart. Each story is covered by several outlets:
//! independent originals that pick different facts and wordings, paraphrased rewrites of an earlier
//! article (same facts, other templates and title), and exact copies (syndication: the same text under
//! another outlet and URL). Articles are emitted in publication order.
//!
//! Determinism: all randomness comes from [`Rng`] (splitmix64) keyed by the seed and the position of
//! the thing being drawn, with integer arithmetic only (no floating-point `ln`/`exp`, whose last bits
//! differ between libms), so one seed gives byte-identical output on every machine and platform.
//!
//! ```
//! use tidings_eval::synth::{generate, Config};
//! let mut n = 0;
//! generate(&Config { articles: 50, ..Config::default() }, |a| { assert!(!a.text.is_empty()); n += 1; });
//! assert_eq!(n, 50);
//! ```

use crate::data::SynthRecord;
use chrono::{DateTime, Datelike, Utc};

/// Seed used when none is given.
pub const DEFAULT_SEED: u64 = 1;
/// Articles generated when no count is given.
pub const DEFAULT_ARTICLES: usize = 10_000;
/// New stories per day: keeps the number of stories alive at once constant however long the stream.
pub const DEFAULT_STORIES_PER_DAY: u32 = 200;
/// First day of the stream (2024-01-01T00:00:00Z).
pub const DEFAULT_START_UNIX: i64 = 1_704_067_200;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Config {
    pub seed: u64,
    pub articles: usize,
    pub stories_per_day: u32,
    pub start_unix: i64,
    /// Percent of articles (after a story's first) that are exact copies of an earlier article.
    pub copy_percent: u32,
    /// Percent of articles (after a story's first) that are paraphrased rewrites of an earlier article.
    pub rewrite_percent: u32,
    /// Percent of families that have more than one event (the confusable ones).
    pub confusable_percent: u32,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            seed: DEFAULT_SEED,
            articles: DEFAULT_ARTICLES,
            stories_per_day: DEFAULT_STORIES_PER_DAY,
            start_unix: DEFAULT_START_UNIX,
            copy_percent: 12,
            rewrite_percent: 25,
            confusable_percent: 35,
        }
    }
}

/// splitmix64 (Steele, Lea & Flood 2014): tiny, fast, and fully specified, unlike `rand`'s streams.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    /// A generator for one keyed purpose: the same keys always give the same stream.
    pub fn keyed(seed: u64, keys: &[u64]) -> Rng {
        let mut r = Rng(seed ^ 0x5851_f42d_4c95_7f2d);
        for &k in keys {
            r.0 ^= k.wrapping_mul(0x9e37_79b9_7f4a_7c15);
            r.next_u64();
        }
        r
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (Lemire's multiply-shift; the tiny bias is irrelevant here). `n` must be > 0.
    pub fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }
    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent as u64
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    pub fn pick_str(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len() as u64) as usize]
    }
    pub fn range(&mut self, lo: u64, hi_inclusive: u64) -> u64 {
        lo + self.below(hi_inclusive - lo + 1)
    }
}

// ---- vocabulary -------------------------------------------------------------------------------

const FIRST: &[&str] = &[
    "Anna", "Boris", "Carla", "David", "Elena", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Keiko", "Luis", "Maria", "Nikolai", "Olga",
    "Pavel", "Quentin", "Rosa", "Samir", "Tomas", "Ulla", "Victor", "Wanda", "Xavier", "Yusuf", "Zofia", "Amara", "Bruno", "Chen", "Dalia",
    "Emil", "Fatima", "Goran", "Hana", "Ivan", "Julia", "Karim", "Lena", "Marco", "Nadia", "Omar", "Petra", "Rafael", "Sofia", "Tariq",
    "Vera", "Walter", "Yara", "Zoran", "Aisha",
];
const SUR_A: &[&str] = &[
    "Kar", "Lon", "Mar", "Ven", "Dra", "Sil", "Tor", "Bel", "Ras", "Quin", "Hal", "Mor", "Ed", "Fen", "Gri", "Jor", "Nal", "Ost", "Pel",
    "Ur", "Ash", "Bren", "Cas", "Del", "Esk", "Far",
];
const SUR_B: &[&str] =
    &["ov", "ani", "berg", "ski", "enko", "ez", "son", "ard", "elli", "ada", "strom", "oglu", "wick", "ton", "aro", "ic", "mann", "escu"];
const CITY_A: &[&str] = &[
    "Val", "Nor", "Kes", "Bra", "Ald", "Mir", "Sar", "Tel", "Oru", "Lin", "Pra", "Dor", "Ema", "Cal", "Ves", "Hol", "Zan", "Rio", "Ter",
    "Gal", "Bar", "Lum",
];
const CITY_B: &[&str] =
    &["dora", "mark", "haven", "grad", "polis", "ford", "ana", "stad", "mont", "burg", "ville", "ora", "bridge", "port"];
const COUNTRY_A: &[&str] = &["Ar", "Bel", "Cor", "Dal", "Est", "Fer", "Gor", "Hel", "Ist", "Kal", "Lor", "Mes", "Nov", "Ost", "Pal", "Rum"];
const COUNTRY_B: &[&str] = &["avia", "onia", "land", "istan", "ador", "enia", "ova", "uria"];
const ORG_KIND: &[&str] = &["Holdings", "Energy", "Motors", "Airlines", "Bank", "Pharma", "Telecom", "Steel", "Foods", "Shipping"];
const TOPICS: &[&str] = &[
    "trade",
    "energy security",
    "border disputes",
    "climate finance",
    "arms control",
    "migration",
    "fishing rights",
    "grain exports",
    "cyber security",
    "water sharing",
];
const OUTLETS: &[(&str, &str)] = &[
    ("Daily Courier", "dailycourier.example"),
    ("The Morning Ledger", "morningledger.example"),
    ("Global Wire", "globalwire.example"),
    ("Capital Post", "capitalpost.example"),
    ("Evening Standard Times", "eveningtimes.example"),
    ("Northern Herald", "northernherald.example"),
    ("Metro Gazette", "metrogazette.example"),
    ("World Report", "worldreport.example"),
    ("The Observer Review", "observerreview.example"),
    ("Harbor News", "harbornews.example"),
    ("Valley Tribune", "valleytribune.example"),
    ("Coastal Chronicle", "coastalchronicle.example"),
    ("Business Daily", "businessdaily.example"),
    ("Press Agency International", "pai.example"),
    ("Continental Times", "continentaltimes.example"),
    ("The Citizen", "thecitizen.example"),
    ("Newsroom 24", "newsroom24.example"),
    ("Market Watchers", "marketwatchers.example"),
    ("Sunday Dispatch", "sundaydispatch.example"),
    ("Free Press Journal", "freepressjournal.example"),
    ("Aggregator Hub", "aggregatorhub.example"),
    ("Headline Feed", "headlinefeed.example"),
];
const FILLER: &[&str] = &[
    "The story is developing and will be updated.",
    "Officials did not immediately respond to requests for comment.",
    "Additional reporting was contributed by staff correspondents.",
    "Analysts said the coming weeks would be decisive.",
    "The announcement drew mixed reactions on social media.",
    "Local media broadcast images of the scene throughout the day.",
    "Observers said it was too early to draw conclusions.",
    "The government said it would publish more details later.",
];

/// Facts any event can have, about people and places of that event alone (a witness, a district):
/// real events carry many such specific names, and they are what tells two events of a family apart.
const EVENT_DETAILS: &[&[&str]] = &[
    &[
        "{W1}, who lives in the {DISTRICT} district of {CITY}, said the day would not be forgotten.",
        "\"Nobody here will forget this day,\" said {W1}, a resident of {DISTRICT} in {CITY}.",
    ],
    &[
        "Officials in {DISTRICT} said {N2} local services were affected.",
        "In the {DISTRICT} area, {N2} local services were disrupted, officials said.",
    ],
    &["Local councillor {W2} called for an inquiry into the events in {CITY}.", "{W2}, a councillor in {CITY}, demanded an inquiry."],
];

/// Background sentences about a family's cast: shared by all of its events, so confusable events
/// share more than names.
const BACKGROUND: &[&str] = &[
    "{P1L} has faced growing criticism over the past year.",
    "{P2} has long been seen as a rival of {P1L}.",
    "{COUNTRY} has a population of about {FAMN} million people.",
    "The {ORG} employs thousands of people across {COUNTRY}.",
    "Critics of {P1L} say the authorities have been slow to act.",
    "{COUNTRY}'s economy grew by {FAMDEC}% last year, according to official figures.",
    "{P1L} first came to prominence in {YEAR}.",
    "{P2L} did not comment on the matter when contacted.",
    "Relations between {P1L} and {P2L} have been strained since {YEAR}.",
    "The {ORG} has been at the centre of several disputes in {COUNTRY}.",
];
/// Generic sentence parts combined at random: common newsroom vocabulary that every story shares.
const NOISE_WHO: &[&str] = &[
    "Residents",
    "Business leaders",
    "Economists",
    "Opposition lawmakers",
    "Local officials",
    "Aid groups",
    "Union representatives",
    "Diplomats",
    "Shop owners",
    "Commuters",
    "Analysts",
    "Teachers",
];
const NOISE_VERB: &[&str] = &["said they were", "remained", "were reported to be", "described themselves as", "appeared", "were"];
const NOISE_WHAT: &[&str] = &[
    "concerned about the cost of living",
    "hopeful about the weeks ahead",
    "waiting for more information",
    "critical of the official response",
    "divided over the plans",
    "worried about further disruption",
    "cautious about making predictions",
    "keen to see a quick resolution",
    "frustrated by the lack of clarity",
    "surprised by the speed of events",
];
const NOISE_WHEN: &[&str] =
    &["on the day", "late in the evening", "earlier in the week", "in recent days", "by the afternoon", "overnight"];

/// One kind of event: headline templates, then facts (each a list of paraphrases). The first fact is the lead.
struct Kind {
    /// Short name, the first part of the gold story label.
    name: &'static str,
    /// Relative frequency among families (the weights add up to 100).
    weight: u64,
    headlines: &'static [&'static str],
    facts: &'static [&'static [&'static str]],
}

// Slots: {P1} {P1L} {P2} {P2L} person full/last names, {ORG} {ORG2}, {CITY}, {COUNTRY}, {N1} {N2} {N3}
// numbers, {DEC} a decimal, {DAY} weekday, {DATE} "March 5, 2024", {TOPIC}, {STORM}.
const KINDS: &[Kind] = &[
    Kind {
        name: "quake",
        weight: 8,
        headlines: &[
            "Earthquake of magnitude {DEC} kills {N1} near {CITY}",
            "{N1} dead after strong quake hits {COUNTRY}'s {CITY} region",
            "Deadly earthquake strikes {CITY}, {COUNTRY}",
        ],
        facts: &[
            &[
                "A magnitude {DEC} earthquake struck near {CITY} in {COUNTRY} on {DAY}, killing at least {N1} people.",
                "At least {N1} people were killed when an earthquake of magnitude {DEC} hit the {CITY} area of {COUNTRY} on {DAY}.",
                "An earthquake measuring {DEC} shook {CITY}, {COUNTRY}, on {DAY}, leaving at least {N1} people dead.",
            ],
            &[
                "More than {N2} people were injured and hundreds of buildings collapsed.",
                "Rescuers said {N2} people had been hurt, many of them trapped under rubble.",
            ],
            &[
                "President {P1} declared three days of national mourning.",
                "{COUNTRY}'s president, {P1}, announced three days of mourning and visited {CITY}.",
            ],
            &[
                "The quake hit at a shallow depth of {N3} kilometres, the seismological institute said.",
                "Seismologists measured the depth of the quake at {N3} km.",
            ],
            &[
                "Interior minister {P2} said rescue teams were working through the night in {CITY}.",
                "Rescue teams worked through the night, interior minister {P2L} told reporters.",
            ],
            &[
                "The disaster happened on {DATE}, the deadliest in the region in years.",
                "It was the region's deadliest quake in years, officials said of the {DATE} disaster.",
            ],
        ],
    },
    Kind {
        name: "summit",
        weight: 14,
        headlines: &[
            "{P1L} and {P2L} meet in {CITY} for talks on {TOPIC}",
            "Leaders {P1L}, {P2L} hold summit in {CITY}",
            "{CITY} summit: {P1L} and {P2L} discuss {TOPIC}",
        ],
        facts: &[
            &[
                "{P1} and {P2} met in {CITY} on {DAY} for talks on {TOPIC}.",
                "Leaders {P1} and {P2} held a summit in {CITY} on {DAY}, focusing on {TOPIC}.",
                "In {CITY} on {DAY}, {P1} sat down with {P2} for a summit on {TOPIC}.",
            ],
            &["The two leaders signed {N1} agreements at the end of the meeting.", "{N1} agreements were signed as the talks ended."],
            &[
                "It was their first meeting since the summit was announced on {DATE}.",
                "The summit, held on {DATE}, had been planned for months.",
            ],
            &["{P1L} called the talks constructive and frank.", "\"The talks were constructive,\" {P1L} told reporters in {CITY}."],
            &[
                "{P2L} said a joint commission would meet again within {N2} days.",
                "A joint commission will reconvene in {N2} days, {P2L} said.",
            ],
            &["Protesters gathered outside the venue in {CITY}.", "Several hundred demonstrators protested near the summit venue."],
        ],
    },
    Kind {
        name: "rates",
        weight: 10,
        headlines: &[
            "{COUNTRY} central bank raises interest rate to {DEC}%",
            "Central bank of {COUNTRY} lifts rates to {DEC} per cent",
            "{COUNTRY} hikes rates, governor {P1L} warns on inflation",
        ],
        facts: &[
            &[
                "The central bank of {COUNTRY} raised its benchmark interest rate to {DEC}% on {DAY}.",
                "On {DAY} the central bank of {COUNTRY} lifted its main rate to {DEC} per cent.",
                "{COUNTRY}'s central bank increased its key rate to {DEC}% on {DAY}.",
            ],
            &["Governor {P1} said inflation of {N2}% was still too high.", "Inflation, at {N2}%, remains too high, governor {P1L} said."],
            &["The decision of {DATE} was backed by most of the board.", "Most board members voted for the move on {DATE}."],
            &["Finance minister {P2} welcomed the decision.", "{P2L}, the finance minister, said the government supported the bank."],
            &["Markets in {CITY} rose {N3}% after the announcement.", "The stock index in {CITY} gained {N3}% on the news."],
        ],
    },
    Kind {
        name: "election",
        weight: 10,
        headlines: &[
            "{P1L} wins {COUNTRY} election with {N1}% of vote",
            "{COUNTRY} election: {P1L} declared winner",
            "{P1L} defeats {P2L} in {COUNTRY} presidential vote",
        ],
        facts: &[
            &[
                "{P1} won the presidential election in {COUNTRY} on {DAY} with {N1}% of the vote.",
                "Voters in {COUNTRY} elected {P1} president on {DAY}, giving {P1L} {N1}% of the vote.",
                "{P1} was declared the winner of {COUNTRY}'s election held on {DAY}, taking {N1}% of ballots.",
            ],
            &["Rival {P2} received {N2}% and conceded defeat.", "{P2L}, the main challenger, conceded after taking {N2}%."],
            &["Turnout was {N3}%, the electoral commission said.", "The electoral commission put turnout at {N3}%."],
            &["{P1L} celebrated with supporters in {CITY}.", "Thousands of supporters gathered in {CITY} to celebrate."],
            &["The vote on {DATE} was monitored by international observers.", "International observers monitored the {DATE} vote."],
        ],
    },
    Kind {
        name: "takeover",
        weight: 14,
        headlines: &[
            "{ORG} to buy {ORG2} for ${N1} billion",
            "{ORG} agrees ${N1}bn takeover of {ORG2}",
            "{ORG2} accepts ${N1} billion offer from {ORG}",
        ],
        facts: &[
            &[
                "{ORG} agreed on {DAY} to buy {ORG2} for ${N1} billion.",
                "{ORG} said on {DAY} it would acquire {ORG2} in a deal worth ${N1} billion.",
                "In a ${N1} billion deal announced on {DAY}, {ORG} will take over {ORG2}.",
            ],
            &[
                "Chief executive {P1} said the deal would create the largest company of its kind in {COUNTRY}.",
                "{P1L}, the chief executive of {ORG}, called the deal transformative.",
            ],
            &["Shares of {ORG2} jumped {N2}% in trading in {CITY}.", "{ORG2} stock rose {N2}% on the {CITY} exchange."],
            &["Regulators led by {P2} must still approve the takeover.", "The takeover still needs approval from regulators, {P2L} said."],
            &["The companies expect to cut {N3} jobs.", "About {N3} jobs could be lost, the companies said."],
            &["The agreement was signed on {DATE}.", "Both boards approved the agreement on {DATE}."],
        ],
    },
    Kind {
        name: "strike",
        weight: 12,
        headlines: &["{N1} workers strike at {ORG} in {CITY}", "Strike halts {ORG} plant in {CITY}", "{ORG} workers walk out over pay"],
        facts: &[
            &[
                "About {N1} workers at {ORG} in {CITY} went on strike on {DAY} over pay.",
                "Some {N1} employees of {ORG} walked out in {CITY} on {DAY} demanding higher wages.",
                "A strike by {N1} {ORG} workers began in {CITY} on {DAY}.",
            ],
            &["Union leader {P1} demanded a {N2}% raise.", "The union, led by {P1L}, wants wages to rise {N2}%."],
            &["Management under {P2} offered {N3}%.", "{P2L}, for the company, said an offer of {N3}% was fair."],
            &["Production was halted at the plant.", "The plant stopped production for the day."],
            &[
                "The walkout that started on {DATE} is the first in a decade.",
                "It is the first strike at the site in ten years, starting {DATE}.",
            ],
        ],
    },
    Kind {
        name: "trial",
        weight: 12,
        headlines: &[
            "{P1L} sentenced to {N1} years in {CITY}",
            "Court in {CITY} jails {P1L} for {N1} years",
            "{P1L} found guilty, gets {N1}-year sentence",
        ],
        facts: &[
            &[
                "A court in {CITY} sentenced {P1} to {N1} years in prison on {DAY}.",
                "{P1} was jailed for {N1} years by a {CITY} court on {DAY}.",
                "On {DAY}, judges in {CITY} handed {P1} a {N1}-year prison term.",
            ],
            &["Prosecutor {P2} had asked for {N2} years.", "The prosecution, led by {P2L}, sought {N2} years."],
            &["{P1L} was convicted of fraud involving ${N3} million.", "The fraud cost investors ${N3} million, the court found."],
            &["Lawyers for {P1L} said they would appeal.", "The defence said it would appeal the verdict."],
            &["The verdict was read on {DATE}.", "Judges read the verdict on {DATE} in a packed courtroom."],
        ],
    },
    Kind {
        name: "storm",
        weight: 4,
        headlines: &[
            "Storm {STORM} floods {CITY}, {N1} evacuated",
            "{N1} forced from homes as Storm {STORM} hits {CITY}",
            "Floods in {CITY} after Storm {STORM}",
        ],
        facts: &[
            &[
                "Storm {STORM} flooded parts of {CITY} on {DAY}, forcing {N1} people from their homes.",
                "About {N1} residents of {CITY} were evacuated on {DAY} as Storm {STORM} brought floods.",
                "Floodwaters from Storm {STORM} swept through {CITY} on {DAY}; {N1} people were evacuated.",
            ],
            &["Mayor {P1} said {N2} millimetres of rain fell in a day.", "{N2} mm of rain fell in 24 hours, mayor {P1L} said."],
            &["{N3} people were reported missing.", "Emergency services said {N3} people were missing."],
            &[
                "Environment minister {P2} blamed climate change.",
                "{P2L}, the environment minister, said such storms were becoming more frequent.",
            ],
            &["Schools in {CITY} stayed closed on {DATE}.", "Authorities closed schools on {DATE}."],
        ],
    },
    Kind {
        name: "protest",
        weight: 8,
        headlines: &[
            "Thousands protest in {CITY} against {P1L}",
            "{N1} rally in {CITY} against government of {P1L}",
            "Protesters fill streets of {CITY}",
        ],
        facts: &[
            &[
                "Around {N1} people protested in {CITY} on {DAY} against the government of {P1}.",
                "Tens of thousands, {N1} by police estimates, marched in {CITY} on {DAY} against {P1}.",
                "On {DAY}, {N1} demonstrators filled the streets of {CITY} to protest against {P1}'s government.",
            ],
            &["Police detained {N2} people.", "{N2} protesters were arrested, police said."],
            &["Opposition leader {P2} addressed the crowd.", "{P2L}, who leads the opposition, spoke to the protesters."],
            &["The protest on {DATE} was the largest since {N3}.", "Organisers said it was the biggest rally since {N3}, held on {DATE}."],
            &["The protest was sparked by a new fuel tax.", "Anger over a fuel tax drove the demonstrations."],
        ],
    },
    Kind {
        name: "recall",
        weight: 8,
        headlines: &[
            "{ORG} recalls {N1} vehicles over brake fault",
            "Brake defect: {ORG} recalls {N1} cars",
            "{ORG} orders recall of {N1} vehicles",
        ],
        facts: &[
            &[
                "{ORG} said on {DAY} it would recall {N1} vehicles because of a brake defect.",
                "On {DAY}, {ORG} announced a recall of {N1} cars with faulty brakes.",
                "A brake fault has led {ORG} to recall {N1} vehicles, the company said on {DAY}.",
            ],
            &["The defect has been linked to {N2} accidents.", "{N2} crashes have been linked to the fault."],
            &["Chief executive {P1} apologised to customers.", "{P1L}, the company's chief, apologised."],
            &["Transport regulator {P2} opened an investigation.", "Regulators under {P2L} started an inquiry."],
            &[
                "Vehicles built in {CITY} between {N3} and the recall date of {DATE} are affected.",
                "Cars made at the {CITY} plant since {N3} are affected, the {DATE} notice said.",
            ],
        ],
    },
];

// ---- names ------------------------------------------------------------------------------------

fn person(r: &mut Rng) -> (String, String) {
    let last = format!("{}{}", r.pick(SUR_A), r.pick(SUR_B));
    (format!("{} {}", r.pick(FIRST), last), last)
}
fn city(r: &mut Rng) -> String {
    format!("{}{}", r.pick(CITY_A), r.pick(CITY_B))
}
fn country(r: &mut Rng) -> String {
    format!("{}{}", r.pick(COUNTRY_A), r.pick(COUNTRY_B))
}
fn org(r: &mut Rng) -> String {
    format!("{}{} {}", r.pick(SUR_A), r.pick(SUR_B), r.pick(ORG_KIND))
}

/// The fixed cast of a family: shared by all its events.
struct Family {
    kind: usize,
    p1: (String, String),
    p2: (String, String),
    org: String,
    org2: String,
    country: String,
    topic: &'static str,
    storm: String,
    /// Family-level numbers used by the background sentences.
    famn: String,
    famdec: String,
    year: String,
}

fn family(seed: u64, f: u64) -> Family {
    let mut r = Rng::keyed(seed, &[1, f]);
    Family {
        kind: {
            let mut x = r.below(KINDS.iter().map(|k| k.weight).sum());
            KINDS
                .iter()
                .position(|k| {
                    x < k.weight || {
                        x -= k.weight;
                        false
                    }
                })
                .expect("weights cover the draw")
        },
        p1: person(&mut r),
        p2: person(&mut r),
        org: org(&mut r),
        org2: org(&mut r),
        country: country(&mut r),
        topic: r.pick_str(TOPICS),
        // Storm names are made per family (a few hundred of them), so two storms alive at once rarely share one.
        storm: format!("{}{}", r.pick(CITY_A), r.pick(SUR_B)),
        famn: r.range(2, 90).to_string(),
        famdec: format!("{}.{}", r.below(6), r.below(10)),
        year: r.range(1985, 2020).to_string(),
    }
}

/// What differs between the events of one family.
struct Event {
    city: String,
    district: String,
    w1: String,
    w2: String,
    n1: String,
    n2: String,
    n3: String,
    dec: String,
    day: String,
    date: String,
}

fn event(seed: u64, f: u64, e: u64, start: DateTime<Utc>) -> Event {
    let mut r = Rng::keyed(seed, &[2, f, e]);
    const DAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    const MONTHS: [&str; 12] =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    Event {
        city: city(&mut r),
        district: format!("{}{}", r.pick(COUNTRY_A), r.pick(CITY_B)),
        w1: person(&mut r).0,
        w2: person(&mut r).0,
        n1: r.range(3, 950).to_string(),
        n2: r.range(2, 90).to_string(),
        n3: r.range(10, 2020).to_string(),
        dec: format!("{}.{}", r.range(2, 8), r.below(10)),
        day: DAYS[start.weekday().num_days_from_monday() as usize].to_string(),
        date: format!("{} {}, {}", MONTHS[start.month0() as usize], start.day(), start.year()),
    }
}

/// Replaces `{SLOT}`s in `template`, appending to `out`.
fn fill(out: &mut String, template: &str, fam: &Family, ev: &Event) {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = open + rest[open..].find('}').expect("templates close their slots");
        let value: &str = match &rest[open + 1..close] {
            "P1" => &fam.p1.0,
            "P1L" => &fam.p1.1,
            "P2" => &fam.p2.0,
            "P2L" => &fam.p2.1,
            "ORG" => &fam.org,
            "ORG2" => &fam.org2,
            "COUNTRY" => &fam.country,
            "TOPIC" => fam.topic,
            "STORM" => &fam.storm,
            "FAMN" => &fam.famn,
            "FAMDEC" => &fam.famdec,
            "YEAR" => &fam.year,
            "CITY" => &ev.city,
            "DISTRICT" => &ev.district,
            "W1" => &ev.w1,
            "W2" => &ev.w2,
            "N1" => &ev.n1,
            "N2" => &ev.n2,
            "N3" => &ev.n3,
            "DEC" => &ev.dec,
            "DAY" => &ev.day,
            "DATE" => &ev.date,
            other => panic!("unknown slot {other}"),
        };
        out.push_str(value);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
}

/// Which facts an article tells, in which order, and which filler it adds: drawn once per original,
/// so a rewrite can tell the same facts in other words.
struct Plan {
    facts: Vec<usize>,
    fillers: Vec<usize>,
    background: Vec<usize>,
    /// Generic sentences: (who, verb, what, when) indices.
    noise: Vec<[usize; 4]>,
}

fn plan(seed: u64, story: u64, source: u64, kind: &Kind) -> Plan {
    let mut r = Rng::keyed(seed, &[3, story, source]);
    let n = kind.facts.len() + EVENT_DETAILS.len();
    let mut rest: Vec<usize> = (1..n).collect();
    // Fisher-Yates with our own generator.
    for i in (1..rest.len()).rev() {
        rest.swap(i, r.below(i as u64 + 1) as usize);
    }
    let keep = r.range(2.min(rest.len() as u64), rest.len() as u64) as usize;
    let mut facts = vec![0];
    facts.extend_from_slice(&rest[..keep]);
    let fillers = (0..r.range(1, 2)).map(|_| r.below(FILLER.len() as u64) as usize).collect();
    let background = (0..r.range(1, 4)).map(|_| r.below(BACKGROUND.len() as u64) as usize).collect();
    let noise = (0..r.range(3, 10))
        .map(|_| [NOISE_WHO.len(), NOISE_VERB.len(), NOISE_WHAT.len(), NOISE_WHEN.len()].map(|n| r.below(n as u64) as usize))
        .collect();
    Plan { facts, fillers, background, noise }
}

fn render(kind: &Kind, plan: &Plan, fam: &Family, ev: &Event, wording: &mut Rng, text: &mut String, title: &mut String) {
    fill(title, wording.pick_str(kind.headlines), fam, ev);
    for (i, &f) in plan.facts.iter().enumerate() {
        if i > 0 {
            // Two or three sentences a paragraph.
            text.push_str(if i % 2 == 0 { "\n\n" } else { " " });
        }
        let paraphrases = if f < kind.facts.len() { kind.facts[f] } else { EVENT_DETAILS[f - kind.facts.len()] };
        fill(text, wording.pick_str(paraphrases), fam, ev);
    }
    for (i, &b) in plan.background.iter().enumerate() {
        text.push_str(if i == 0 { "\n\n" } else { " " });
        fill(text, BACKGROUND[b], fam, ev);
    }
    for (i, &[who, verb, what, when]) in plan.noise.iter().enumerate() {
        text.push_str(if i % 3 == 0 { "\n\n" } else { " " });
        for (j, part) in [NOISE_WHO[who], NOISE_VERB[verb], NOISE_WHAT[what], NOISE_WHEN[when]].into_iter().enumerate() {
            if j > 0 {
                text.push(' ');
            }
            text.push_str(part);
        }
        text.push('.');
    }
    for &f in &plan.fillers {
        text.push_str("\n\n");
        text.push_str(FILLER[f]);
    }
}

/// One generated article, with its gold story.
pub type SynthArticle = SynthRecord;

/// Story sizes: mostly small, a few large (mean about 11), without floating point.
fn story_size(r: &mut Rng) -> u64 {
    match r.below(100) {
        0..=49 => r.range(1, 4),
        50..=84 => r.range(4, 15),
        85..=97 => r.range(12, 50),
        _ => r.range(40, 200),
    }
}

/// Publication offset of one article from its event's start, in seconds: most within hours, some days later.
fn offset_secs(r: &mut Rng) -> i64 {
    let hours = match r.below(100) {
        0..=49 => r.below(6),
        50..=79 => r.below(24),
        _ => r.below(96),
    };
    (hours * 3600 + r.below(3600)) as i64
}

/// How article `k` of story `s` is written: its kind, whose fact plan and whose wording it uses, and
/// its generator for the remaining draws. A copy of article `j` takes both keys of `j` (so it
/// reproduces `j` exactly, whatever `j` itself was); a rewrite takes `j`'s plan and its own wording.
fn resolve(cfg: &Config, s: u64, k: u64) -> (&'static str, u64, u64, Rng) {
    let mut r = Rng::keyed(cfg.seed, &[5, s, k]);
    if k == 0 {
        return ("original", 0, 0, r);
    }
    if r.chance(cfg.copy_percent) {
        let (_, plan_key, wording_key, _) = resolve(cfg, s, r.below(k));
        ("copy", plan_key, wording_key, r)
    } else if r.chance(cfg.rewrite_percent * 100 / (100 - cfg.copy_percent).max(1)) {
        let (_, plan_key, _, _) = resolve(cfg, s, r.below(k));
        ("rewrite", plan_key, k, r)
    } else {
        ("original", k, k, r)
    }
}

struct StoryPlan {
    family: u64,
    event: u64,
    start: i64,
}

/// Generates the stream and hands each article to `sink`, oldest first.
pub fn generate(cfg: &Config, mut sink: impl FnMut(SynthArticle)) {
    let seed = cfg.seed;
    let mut r = Rng::keyed(seed, &[0]);
    // 1. Stories, grouped in families, with sizes adding up to exactly `cfg.articles`.
    let mut sizes: Vec<u64> = Vec::new();
    let mut total = 0u64;
    while total < cfg.articles as u64 {
        let s = story_size(&mut r).min(cfg.articles as u64 - total);
        sizes.push(s);
        total += s;
    }
    let span_secs = (sizes.len() as i64 * 86_400 / cfg.stories_per_day.max(1) as i64).max(3600);
    let mut stories: Vec<StoryPlan> = Vec::with_capacity(sizes.len());
    let mut f = 0u64;
    while stories.len() < sizes.len() {
        let start = cfg.start_unix + r.below(span_secs as u64) as i64;
        let events = if r.chance(cfg.confusable_percent) { r.range(2, 3) } else { 1 };
        let mut t = start;
        for e in 0..events {
            if stories.len() == sizes.len() {
                break;
            }
            stories.push(StoryPlan { family: f, event: e, start: t });
            // The next event of the family: a third of them days later (hard), the rest weeks later.
            t += if r.chance(33) { r.range(1, 4) as i64 * 86_400 } else { r.range(7, 90) as i64 * 86_400 };
            t += r.below(86_400) as i64;
        }
        f += 1;
    }
    // 2. Every article's time; articles of a story in time order, so the first one is the original.
    let mut order: Vec<(i64, u32, u32)> = Vec::with_capacity(cfg.articles);
    let mut offsets: Vec<i64> = Vec::new();
    for (s, (st, &size)) in stories.iter().zip(&sizes).enumerate() {
        let mut r = Rng::keyed(seed, &[4, s as u64]);
        offsets.clear();
        offsets.extend((0..size).map(|_| offset_secs(&mut r)));
        offsets.sort_unstable();
        for (k, &o) in offsets.iter().enumerate() {
            order.push((st.start + o, s as u32, k as u32));
        }
    }
    order.sort_unstable();
    // 3. Render in publication order.
    let mut cache: Option<(u32, Family, Event)> = None;
    for (n, &(ts, s, k)) in order.iter().enumerate() {
        let st = &stories[s as usize];
        if cache.as_ref().is_none_or(|c| c.0 != s) {
            let start = DateTime::from_timestamp(st.start, 0).unwrap_or_default();
            cache = Some((s, family(seed, st.family), event(seed, st.family, st.event, start)));
        }
        let (_, fam, ev) = cache.as_ref().unwrap();
        let kind = &KINDS[fam.kind];
        let (kind_name, plan_key, wording_key, mut r) = resolve(cfg, s as u64, k as u64);
        let p = plan(seed, s as u64, plan_key, kind);
        let mut wording = Rng::keyed(seed, &[6, s as u64, wording_key]);
        let mut title = String::with_capacity(80);
        let mut text = String::with_capacity(1200);
        render(kind, &p, fam, ev, &mut wording, &mut text, &mut title);
        let (outlet, domain) = OUTLETS[r.below(OUTLETS.len() as u64) as usize];
        let published = DateTime::from_timestamp(ts, 0).unwrap_or_default();
        let id = format!("a{n}");
        let url = format!("https://{domain}/{}/{:02}/{}-{id}", published.year(), published.month(), slug(&title));
        sink(SynthRecord {
            id,
            title,
            text,
            url,
            outlet: outlet.to_string(),
            published: published.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            story: format!("{}.f{}.e{}", kind.name, st.family, st.event),
            kind: kind_name.to_string(),
        });
    }
}

fn slug(title: &str) -> String {
    let mut s = String::with_capacity(title.len());
    for w in title.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).take(8) {
        if !s.is_empty() {
            s.push('-');
        }
        s.push_str(&w.to_ascii_lowercase());
    }
    s
}

/// Writes the stream as JSONL (one [`SynthRecord`] per line) and returns the number of articles.
pub fn write_jsonl(cfg: &Config, out: &mut dyn std::io::Write) -> std::io::Result<usize> {
    let mut n = 0;
    let mut err = None;
    let mut line = Vec::with_capacity(2048);
    generate(cfg, |a| {
        if err.is_some() {
            return;
        }
        line.clear();
        serde_json::to_writer(&mut line, &a).expect("serialising plain strings cannot fail");
        line.push(b'\n');
        match out.write_all(&line) {
            Ok(()) => n += 1,
            Err(e) => err = Some(e),
        }
    });
    match err {
        Some(e) => Err(e),
        None => Ok(n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustc_hash::{FxHashMap, FxHashSet};

    fn collect(cfg: &Config) -> Vec<SynthArticle> {
        let mut v = Vec::new();
        generate(cfg, |a| v.push(a));
        v
    }

    #[test]
    fn same_seed_same_stream_other_seed_other_stream() {
        let cfg = Config { articles: 500, ..Config::default() };
        let a = collect(&cfg);
        assert_eq!(a, collect(&cfg));
        let b = collect(&Config { seed: 2, ..cfg });
        assert_ne!(a[0].text, b[0].text);
    }

    /// Pins the exact output for seed 1, so a change to the stream (which changes every published
    /// benchmark figure) is a deliberate one. Update the hash when changing the generator on purpose.
    #[test]
    fn stream_is_pinned() {
        let mut buf = Vec::new();
        write_jsonl(&Config { articles: 300, ..Config::default() }, &mut buf).unwrap();
        // FNV-1a: a fixed, dependency-free hash.
        let h = buf.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3));
        assert_eq!(format!("{h:016x}"), PINNED_HASH, "the seed-1 stream changed");
    }
    const PINNED_HASH: &str = "d7358e74e0593773";

    #[test]
    fn stream_has_what_it_promises() {
        let articles = collect(&Config { articles: 3000, ..Config::default() });
        assert_eq!(articles.len(), 3000);
        // Publication order.
        assert!(articles.windows(2).all(|w| w[0].published <= w[1].published));
        let mut by_kind: FxHashMap<&str, usize> = FxHashMap::default();
        for a in &articles {
            *by_kind.entry(a.kind.as_str()).or_default() += 1;
        }
        assert!(by_kind["copy"] > 100 && by_kind["rewrite"] > 300 && by_kind["original"] > 1000, "{by_kind:?}");
        // Copies repeat an earlier article of their story word for word, under another id.
        for (i, a) in articles.iter().enumerate().filter(|(_, a)| a.kind == "copy").take(50) {
            assert!(articles[..i].iter().any(|b| b.story == a.story && b.text == a.text && b.title == a.title), "{}", a.id);
        }
        // Several outlets per story.
        let mut outlets: FxHashMap<&str, FxHashSet<&str>> = FxHashMap::default();
        for a in &articles {
            outlets.entry(&a.story).or_default().insert(&a.outlet);
        }
        assert!(outlets.values().filter(|o| o.len() >= 3).count() > 50);
        // Confusable events: families with more than one event, sharing names.
        let families: FxHashSet<&str> =
            articles.iter().filter(|a| !a.story.ends_with(".e0")).map(|a| a.story.rsplit_once('.').unwrap().0).collect();
        assert!(families.len() > 20, "{}", families.len());
        let f = families.iter().next().unwrap();
        let e0 = articles.iter().find(|a| a.story == format!("{f}.e0") && a.kind == "original");
        let e1 = articles.iter().find(|a| a.story == format!("{f}.e1") && a.kind == "original");
        if let (Some(e0), Some(e1)) = (e0, e1) {
            assert_ne!(e0.text, e1.text);
        }
        assert!(articles.iter().all(|a| !a.text.contains('{') && a.url.starts_with("https://")));
    }

    #[test]
    fn generator_primitives_are_fixed() {
        // splitmix64's published first output for seed 0.
        assert_eq!(Rng::new(0).next_u64(), 0xe220_a839_7b1d_cdaf);
        let mut r = Rng::new(7);
        assert!((0..1000).all(|_| r.below(10) < 10));
    }
}
