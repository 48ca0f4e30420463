//! Data-driven tests on small multi-outlet stories written for this crate.
//!
//! Each case is a story (outlet, publication date, text) and a list of expectations on the
//! rendered analysis: `+text` must be a substring of some line, `-text` of none. Lines look like
//!   `claim conflict: date Kim Jong Un departed = Sunday (1) | Monday (1)`
//!   `entity person: Kim Jong Un [Kim Jong-un, Mr. Kim] roles [leader]`
//!   `timeline 2023-09-10: on Sunday (2 sources)`
//!   `quote Joe Biden altered: We will stand with Ukraine`
//!   `omitted 7`

use chrono::DateTime;
use tidings_analyze::fixture::body_article;
use tidings_analyze::{analyze, Analysis, Options};
use tidings_model::Article;

fn render(a: &Analysis) -> Vec<String> {
    let mut out = Vec::new();
    for c in &a.claims {
        let values: Vec<String> = c.values.iter().map(|v| format!("{} ({})", v.value, v.outlets)).collect();
        out.push(format!("claim {}: {} = {}", c.status.as_str(), c.about, values.join(" | ")));
    }
    out.push(format!("omitted {}", a.claims_omitted));
    for e in &a.entities {
        out.push(format!("entity {}: {} [{}] roles [{}]", e.kind.as_str(), e.name, e.aliases.join(", "), e.roles.join(", ")));
    }
    for t in &a.timeline {
        let date = t.date.map(|d| d.to_string()).unwrap_or_else(|| "undated".into());
        out.push(format!("timeline {date}: {} ({} sources)", t.phrase, t.citations.len()));
    }
    for q in &a.quotes {
        out.push(format!("quote {}{}: {}", q.speaker, if q.altered { " altered" } else { "" }, q.text));
    }
    out
}

/// `(outlet, published RFC 3339 or "", text)`
fn story(items: &[(&str, &str, &str)]) -> Vec<Article> {
    items
        .iter()
        .enumerate()
        .map(|(i, (outlet, date, text))| {
            let mut a = body_article(&format!("a{i}"), "", text);
            if !outlet.is_empty() {
                a.outlet = Some(outlet.to_string());
            }
            if !date.is_empty() {
                a.published = Some(DateTime::parse_from_rfc3339(date).expect("test date"));
            }
            a
        })
        .collect()
}

fn check_with(corpus: &[Article], opts: &Options, expected: &[&str]) {
    let a = analyze(corpus, &(0..corpus.len()).collect::<Vec<_>>(), opts);
    let lines = render(&a);
    let mut failed = Vec::new();
    for e in expected {
        let (want, needle) = match e.split_at(1) {
            ("+", n) => (true, n),
            ("-", n) => (false, n),
            _ => panic!("expectations start with + or -: {e}"),
        };
        if lines.iter().any(|l| l.contains(needle)) != want {
            failed.push(*e);
        }
    }
    assert!(failed.is_empty(), "failed expectations {failed:#?}\nin\n{}", lines.join("\n"));
}

fn check(items: &[(&str, &str, &str)], expected: &[&str]) {
    check_with(&story(items), &Options::default(), expected);
}

#[test]
fn train_conflicts_and_compatible_units() {
    check(
        &[
            ("Daily A", "", "Mr. Kim's train is rumored to include at least 20 heavy bulletproof carriages. It can only travel at around 37mph (59 km/h). Mr. Kim left Pyongyang on Sunday."),
            ("Wire B", "", "This train reportedly consists of 90 wagons. The train of Kim Jong Un runs at about 60 km/h. Kim Jong-un commenced a train journey on Monday."),
            ("Paper C", "", "Kim Jong Un's train has 20 carriages, officials said."),
        ],
        &[
            "+claim conflict: train length (carriages) = at least 20 heavy bulletproof carriages (2) | 90 wagons (1)",
            "+claim conflict: date Kim Jong Un departed = Sunday (1) | Monday (1)",
            // 37 mph is 59.5 km/h: never a conflict with "about 60 km/h".
            "-claim conflict: speed",
            "+entity person: Kim Jong Un [Kim, Mr. Kim, Kim Jong-un]",
        ],
    );
}

#[test]
fn hedges_and_rounding_agree() {
    check(
        &[
            ("A", "", "Police said at least 20 protesters were arrested in Paris."),
            ("B", "", "Police arrested 20 protesters in Paris, the prefecture said."),
            ("C", "", "Nearly 100 riot officers were deployed in Paris."),
            ("D", "", "About 95 riot officers were deployed in central Paris."),
            ("E", "", "Dozens of people were injured in Lyon, and the convoy had twenty-five trucks."),
            ("F", "", "In Lyon, 30 people were injured. The convoy had 25 trucks."),
        ],
        &[
            // Paris and Lyon are where this story happens: their counts need no place in the label.
            "+claim agree: people arrested = at least 20 protesters (2)",
            "+claim agree: number of officers = Nearly 100 riot officers (2)",
            "+claim agree: people injured = 30 people (2)",
            "+claim agree: convoy size (trucks) = twenty-five trucks (2)",
            "-claim conflict",
        ],
    );
}

#[test]
fn rising_toll_in_later_articles_is_an_evolution() {
    check(
        &[
            (
                "Reuters",
                "2024-03-03T08:00:00+00:00",
                "An earthquake struck eastern Turkey on Sunday. At least 12 people were killed, officials said.",
            ),
            ("AP", "2024-03-03T20:00:00+00:00", "The death toll rose as 30 people were killed in the quake, which struck on March 3."),
            ("BBC", "2024-03-04T09:00:00+00:00", "Rescuers said 45 people were killed by the earthquake that hit on Sunday."),
        ],
        &[
            "+claim evolving: people killed = At least 12 people (1) | 30 people (1) | 45 people (1)",
            "-claim conflict: people killed",
            // Sunday, published Sunday 3 March 2024, is March 3: the same day.
            "-claim conflict: date",
            "+timeline 2024-03-03",
        ],
    );
}

#[test]
fn relative_dates_resolve_against_publication() {
    // Tuesday 12 September 2023.
    check(
        &[(
            "Herald",
            "2023-09-12T10:00:00+09:00",
            "Kim left Pyongyang on Sunday. He will meet Vladimir Putin on Thursday. Officials spoke yesterday. \
             Four years ago, Kim visited Vladivostok. The Kremlin announced the trip last week. \
             The summit was confirmed on Sept. 12, 2023. A treaty was signed on 2023-09-13.",
        )],
        &[
            "+timeline 2019-01-01: Four years ago",
            "+timeline 2023-09-05: last week",
            "+timeline 2023-09-10: on Sunday",
            "+timeline 2023-09-11: yesterday",
            "+timeline 2023-09-12: Sept. 12, 2023",
            "+timeline 2023-09-13: 2023-09-13",
            "+timeline 2023-09-14: on Thursday",
        ],
    );
}

#[test]
fn weekday_and_date_of_the_same_day_do_not_conflict() {
    check(
        &[
            ("A", "2023-09-13T09:00:00+00:00", "Mr. Kim arrived in Khasan on Monday, officials said."),
            ("B", "2023-09-13T11:00:00+00:00", "Kim Jong Un arrived in Khasan on September 11."),
            ("C", "", "Kim Jong Un arrived in Khasan on Monday morning."),
        ],
        &[
            "-claim conflict: date Kim Jong Un arrived",
            "+claim agree: date Kim Jong Un arrived in Khasan = Monday (2023-09-11) (3)",
            "+claim agree: where Kim Jong Un arrived = Khasan (3)",
        ],
    );
}

#[test]
fn two_events_on_one_date_stay_apart_and_same_event_merges() {
    check(
        &[
            ("A", "2024-05-08T12:00:00+00:00", "On Tuesday, Chancellor Olaf Scholz met President Joe Biden in Berlin for talks on Ukraine aid. A fire destroyed a warehouse in Hamburg on Tuesday."),
            ("B", "2024-05-08T15:00:00+00:00", "President Joe Biden and Olaf Scholz held talks in Berlin on Tuesday about Ukraine aid."),
        ],
        &[
            "+timeline 2024-05-07: On Tuesday (2 sources)",
            "+timeline 2024-05-07: on Tuesday (1 sources)",
            "+entity person: Joe Biden [] roles [President]",
            "+entity person: Olaf Scholz [] roles [Chancellor]",
            "+entity place: Hamburg",
        ],
    );
}

#[test]
fn meeting_place_conflict_but_city_and_country_agree() {
    check(
        &[
            ("A", "", "President Joe Biden will meet Olaf Scholz in Munich next week."),
            ("B", "", "Mr. Biden is expected to meet Scholz in Berlin."),
            ("C", "", "Biden will meet Scholz in Germany, the White House said."),
        ],
        &["+claim conflict: expected destination or meeting place of Joe Biden = Munich (1) | Berlin (1)", "-Germany (1) | "],
    );
}

#[test]
fn one_outlet_or_a_copy_is_a_single_source() {
    let mut corpus = story(&[
        ("Same Paper", "", "The ship carried 300 passengers, the captain said."),
        ("Same Paper", "", "The ship carried 350 passengers, officials said."),
        ("Other", "", "The ship carried 300 passengers, the coast guard said."),
    ]);
    let mut copy = corpus[2].clone();
    copy.id = "copy".into();
    copy.outlet = Some("Aggregator".into());
    copy.copy_of = Some(2);
    corpus.push(copy);
    check_with(
        &corpus,
        &Options::default(),
        &[
            // Other and its copy count once; Same Paper counts once.
            "+claim conflict: ship size (passengers) = 300 passengers (2) | 350 passengers (1)",
        ],
    );
    check(
        &[
            ("Same Paper", "", "The ship carried 300 passengers, the captain said."),
            ("Same Paper", "", "The ship carried 350 passengers, officials said."),
        ],
        &["+claim single_source: ship size (passengers)", "-claim conflict"],
    );
}

#[test]
fn altered_quotes_are_flagged_and_identical_ones_merged() {
    check(
        &[
            ("A", "", "“We will stand with Ukraine for as long as it takes,” President Joe Biden said on Monday. Kremlin spokesman Dmitry Peskov said: “Relations are at their lowest point.”"),
            ("B", "", "Mr. Biden told reporters: “We will stand by Ukraine as long as it takes.” According to Dmitry Peskov, “Relations are at their lowest point.”"),
            ("C", "", "According to state media, “The visit will strengthen our friendship.” \"Nothing is decided yet,\" a senior official told reporters."),
        ],
        &[
            "+quote Joe Biden altered: We will stand with Ukraine for as long as it takes",
            "+quote Joe Biden altered: We will stand by Ukraine as long as it takes",
            "+quote Dmitry Peskov: Relations are at their lowest point",
            "-quote Dmitry Peskov altered",
            "+quote state media: The visit will strengthen our friendship",
            "+quote senior official: Nothing is decided yet",
            "+entity person: Dmitry Peskov [] roles [Kremlin spokesman]",
        ],
    );
}

#[test]
fn roles_and_organisations() {
    check(
        &[(
            "A",
            "",
            "Russian Deputy Foreign Minister Andrei Rudenko spoke in Moscow. National Security Council spokesman John Kirby disagreed. \
             Alexander Kozlov, Russia's minister for natural resources, met officials of Gazprom Neft Group. Rudenko left.",
        )],
        &[
            "+entity person: Andrei Rudenko [Rudenko] roles [Russian Deputy Foreign Minister]",
            "+entity person: John Kirby [] roles [National Security Council spokesman]",
            "+entity person: Alexander Kozlov [] roles [Russia's minister for natural resources]",
            "+entity organization: National Security Council",
            "+entity organization: Gazprom Neft Group",
            "+entity place: Moscow",
            "-entity person: Russian",
        ],
    );
}

#[test]
fn a_table_of_numbers_does_not_flood() {
    // 300 rows, each counting a different made-up thing: nothing to align, everything to rank.
    let noun = |i: usize| format!("zorb{}{}s", (b'a' + (i / 26) as u8) as char, (b'a' + (i % 26) as u8) as char);
    let mut rows = String::from("Inventory of the day.\n");
    for i in 0..300 {
        rows.push_str(&format!("The depot holds {} {}.\n", i % 7 + 2, noun(i)));
    }
    let corpus = story(&[("Market", "", &rows), ("Other", "", "The depot holds 5 zorbaas.")]);
    let opts = Options { max_claims: 5, ..Options::default() };
    let a = analyze(&corpus, &[0, 1], &opts);
    assert!(a.claims.len() <= 5);
    assert!(a.claims_omitted > 0, "the omitted count must say what was left out");
    assert!(a.claims.iter().all(|c| c.values.len() <= 6));
    let t = std::time::Instant::now();
    let _ = analyze(&corpus, &[0, 1], &Options::default());
    assert!(t.elapsed().as_millis() < 2_000);
}

#[test]
fn traps_that_must_not_conflict() {
    check_with(
        &story(
        &[
            // The trip out and the trip back: two departures, not one disputed day.
            ("A", "", "Kim Jong Un left Pyongyang on Sunday. Officials said 100 people attended the farewell. Samsung shares rose 5 percent."),
            ("B", "", "Kim Jong Un left Vladivostok on Wednesday. About 5,000 people marched in Seoul against the visit. Hyundai shares rose 3 percent."),
            // Two meetings of one traveller.
            ("E", "", "Joe Biden met Olaf Scholz in Berlin on Tuesday."),
            ("F", "", "Joe Biden met Emmanuel Macron in Paris on Wednesday. Fans watched the World Cup."),
            // Casualties in two places are two counts.
            ("C", "", "Three people died in France. The GDP figure was revised."),
            ("D", "", "Twelve people died in Spain, officials said."),
        ]),
        &Options { max_claims: 50, ..Options::default() },
        &[
            "-claim conflict",
            "+claim single_source: people killed in France = Three people (1)",
            "-entity organization: GDP",
            "-World Cup",
            "+claim single_source: where Joe Biden met Olaf Scholz = Berlin (1)",
        ],
    );
}

#[test]
fn no_names_no_dates_no_numbers_is_empty_not_an_error() {
    check(&[("A", "", "it rained. nobody knows why."), ("B", "", "")], &["+omitted 0", "-claim ", "-entity ", "-timeline "]);
}

#[test]
fn corroboration_through_claims() {
    let corpus = story(&[
        ("A", "", "Kim Jong Un met Alexander Kozlov at the border. The weather was fine."),
        ("B", "", "There, Mr. Kim held talks with Alexander Kozlov, Russia's natural resources minister."),
    ]);
    let a = analyze(&corpus, &[0, 1], &Options::default());
    let keys = a.sentence_claim_keys(0, 0);
    assert!(!keys.is_empty());
    assert_eq!(a.corroborating_sentences(0, 0), vec![(0, 0), (1, 0)]);
    assert!(a.sentence_claim_keys(0, 1).is_empty());
}

// Issue 13: one small case per rule. Claims compare like with like, read near-misses as a reader
// would, keep changes over time apart from disputes, and quote wordings that differ only in
// punctuation, case or contractions are one wording.

#[test]
fn a_magnitude_is_never_a_count() {
    check(
        &[
            ("A", "", "The magnitude 7.8 earthquake killed 7 people in the north."),
            ("B", "", "The 7.6-magnitude quake killed 7 people in the north, officials said."),
        ],
        &[
            "+claim conflict: magnitude of the earthquake = 7.8 earthquake (1) | 7.6-magnitude (1)",
            "+claim agree: people killed = 7 people (2)",
            "-number of quakes",
            "-number of earthquakes",
            "-claim conflict: people killed",
        ],
    );
}

#[test]
fn a_height_in_feet_is_never_a_distance_in_kilometres() {
    check(
        &[
            ("A", "", "The Liberty tower is 394 feet high. The tower stands 12 km from Dover."),
            ("B", "", "The Liberty tower is 120 metres high. The tower stands about 12 km from Dover."),
        ],
        &[
            // 394 feet is 120 metres: the same height in two units.
            "+claim agree: height of the tower (km) = 394 feet high (2)",
            "+claim agree: distance from Dover (km) = 12 km from Dover (2)",
            "-claim conflict",
            "-distance of",
        ],
    );
}

#[test]
fn a_rising_toll_is_a_change_over_time_even_without_dates() {
    check(
        &[
            ("A", "", "At least 25 people were killed when the ferry capsized."),
            ("B", "", "The death toll from the ferry disaster rose to 50, officials said."),
            ("C", "", "The toll from the ferry disaster has climbed to 100 people killed, the coast guard said."),
        ],
        &["+claim evolving: people killed = At least 25 people (1) | 50 (1) | 100 people (1)", "-claim conflict"],
    );
}

#[test]
fn on_board_and_passengers_and_crew_are_one_count() {
    check(
        &[
            ("A", "", "The plane had 212 on board when it vanished over the ocean."),
            ("B", "", "The plane carried 211 passengers and crew when it vanished over the ocean."),
            ("C", "", "The plane had 212 people on board, the airline said."),
        ],
        &["+claim conflict: people on board the plane = 212 on board (2) | 211 passengers and crew (1)"],
    );
}

#[test]
fn rounding_hedges_and_units_agree_but_other_amounts_do_not() {
    check(
        &[
            ("A", "", "The tanker spilled 3,100 tonnes of oil. The bank plans to raise $3 billion in new capital."),
            ("B", "", "The tanker spilled 3,140 tons of oil. The bank will seek $2.5 billion in new capital."),
            ("C", "", "About 1,500 homes lost power. The storm damaged more than 100,000 trees."),
            ("D", "", "Some 1,480 homes lost power. The storm damaged 120,000 trees."),
        ],
        &[
            "+claim agree: weight of the oil (t) = 3,100 tonnes (2)",
            "+claim conflict: capital (USD) = $3 billion (1) | $2.5 billion (1)",
            "+claim agree: number of homes = About 1,500 homes (2)",
            "+claim agree: number of trees",
            "-claim conflict: number",
        ],
    );
}

#[test]
fn a_contraction_punctuation_or_case_is_no_alteration() {
    check(
        &[
            ("A", "", "\"We don't know how many are missing,\" Mayor Anna Berg said."),
            ("B", "", "\"We do not know how many are missing!\" Mayor Anna Berg said."),
            ("C", "", "\"we DON'T know how many are missing\", Mayor Anna Berg said."),
            ("E", "", "\"It was like a war zone,\" a shocked survivor said."),
        ],
        &[
            "+quote Anna Berg: We don't know how many are missing",
            "-altered",
            "+quote a survivor: It was like a war zone",
            "-shocked survivor",
        ],
    );
    // Other words are another wording: both are flagged.
    check(
        &[
            ("A", "", "\"We don't know how many are missing,\" Mayor Anna Berg said."),
            ("D", "", "\"We have no idea how many people are still missing,\" Mayor Anna Berg said."),
        ],
        &["+quote Anna Berg altered: We don't know", "+quote Anna Berg altered: We have no idea"],
    );
}
