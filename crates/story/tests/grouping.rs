//! Grouping on small real-shaped cases: one event's short reports, look-alike events, order,
//! partial copies, and the explanation a reader sees.

use tidings_model::Article;
use tidings_story::{group, GroupOptions, Why};

fn article(id: &str, title: &str, text: &str) -> Article {
    let mut a = Article::new(id, title, text);
    a.language = Some("en".into());
    a.sentences = tidings_text::split_sentences(text);
    a
}

/// The stories as sorted lists of article ids, sorted.
fn stories(corpus: &[Article]) -> Vec<Vec<String>> {
    let g = group(corpus, &GroupOptions::default());
    let mut out: Vec<Vec<String>> =
        g.stories.iter().map(|s| s.articles.iter().map(|&i| corpus[i].id.clone()).collect::<Vec<_>>()).collect();
    for s in &mut out {
        s.sort();
    }
    out.sort();
    out
}

/// The explanation of a corpus that makes one story.
fn why_of_one_story(corpus: &[Article]) -> Why {
    let mut g = group(corpus, &GroupOptions::default());
    assert_eq!(g.stories.len(), 1);
    g.stories.remove(0).why
}

fn quake_2005() -> Vec<Article> {
    vec![
        article(
            "q1",
            "Quake hits Iran's Qeshm island, kills 10",
            "A magnitude 5.9 earthquake struck Qeshm island in the Persian Gulf on Sunday, killing at least 10 people and flattening several villages, Iranian officials said.",
        ),
        article(
            "q2",
            "Earthquake on Qeshm leaves villages in ruins",
            "Rescuers searched the ruins of villages on Qeshm island after Sunday's earthquake, which killed 10 people. The Red Crescent sent tents to the island.",
        ),
        article(
            "q3",
            "Aftershocks jolt Qeshm",
            "Aftershocks shook Qeshm island on Monday, a day after the earthquake that killed 10 people in the villages of the island, the governor of Hormozgan province said.",
        ),
    ]
}

fn quake_2012() -> Vec<Article> {
    vec![
        article(
            "t1",
            "Twin earthquakes kill 250 in East Azerbaijan",
            "Two strong earthquakes struck near the cities of Ahar and Varzaqan in East Azerbaijan province on Saturday, killing 250 people, Iranian state television said.",
        ),
        article(
            "t2",
            "Iran buries dead after Ahar and Varzaqan quakes",
            "Mourners in Varzaqan buried victims of Saturday's twin earthquakes near Ahar, which killed 250 people in East Azerbaijan province in August 2012.",
        ),
        article(
            "t3",
            "Aid reaches East Azerbaijan quake villages",
            "Aid convoys reached villages around Ahar and Varzaqan in East Azerbaijan province, where the twin earthquakes of 2012 killed 250 people and left thousands homeless.",
        ),
    ]
}

#[test]
fn three_short_reports_of_one_event_are_one_story() {
    assert_eq!(stories(&quake_2005()), vec![vec!["q1", "q2", "q3"]]);
}

#[test]
fn look_alike_events_stay_apart_without_dates() {
    let mut corpus = quake_2005();
    corpus.extend(quake_2012());
    assert_eq!(stories(&corpus), vec![vec!["q1", "q2", "q3"], vec!["t1", "t2", "t3"]]);
}

#[test]
fn the_order_of_the_input_does_not_change_the_stories() {
    let mut corpus = quake_2005();
    corpus.extend(quake_2012());
    let want = stories(&corpus);
    for rotation in 1..corpus.len() {
        let mut turned = corpus.clone();
        turned.rotate_left(rotation);
        turned.swap(0, 3);
        assert_eq!(stories(&turned), want, "rotation {rotation}");
    }
}

#[test]
fn a_partial_syndicated_copy_is_a_copy() {
    let wire = "The central bank raised its main interest rate by a quarter of a percentage point on Thursday, the fifth \
        increase in a row, as inflation stayed above its target for a second year. Policymakers voted seven to two for the \
        move, with two members preferring to hold rates steady. The bank said further increases might be needed if price \
        pressures persisted into the spring. Markets had expected the decision, and the currency barely moved.";
    // A feed excerpt of the first two sentences, with its own chrome around them.
    let excerpt = "The central bank raised its main interest rate by a quarter of a percentage point on Thursday, the fifth \
        increase in a row, as inflation stayed above its target for a second year. Policymakers voted seven to two for the \
        move, with two members preferring to hold rates steady. Read the full story on our website.";
    let corpus = vec![article("wire", "Central bank raises rates again", wire), article("feed", "Rates up again", excerpt)];
    let g = group(&corpus, &GroupOptions::default());
    assert_eq!(g.stories.len(), 1);
    assert_eq!(g.copy_of, vec![None, Some(0)], "the excerpt is a copy of the full text");
}

#[test]
fn why_shows_words_as_written() {
    let g = group(&quake_2005(), &GroupOptions::default());
    let why = &g.stories[0].why;
    assert!(why.terms.iter().any(|t| t == "earthquake" || t == "villages" || t == "killed"), "{why:?}");
    assert!(why.terms.iter().all(|t| t != "earthquak" && t != "villag"), "stems are not shown: {why:?}");
    assert!(why.names.iter().any(|n| n == "Qeshm"), "{why:?}");
    assert!(why.terms.iter().all(|t| t != "qeshm"), "names are not words of what happened: {why:?}");
}

#[test]
fn running_counts_from_outside_the_batch_weigh_terms() {
    // Two reports share little but "Qeshm" and "earthquake": rare words, so they are one story. A
    // store whose running counts say those words are in most of its articles weighs them down.
    let corpus = vec![quake_2005()[0].clone(), quake_2005()[2].clone()];
    assert_eq!(stories(&corpus).len(), 1);
    let mut prior = tidings_story::DocFreqs { docs: 1_000_000, ..Default::default() };
    let first = tidings_story::doc_terms(&corpus[0]);
    for t in tidings_story::doc_terms(&corpus[1]).into_iter().filter(|t| first.contains(t)) {
        prior.df.insert(t, 900_000);
    }
    let g = tidings_story::group_with(&corpus, &GroupOptions::default(), Some(&prior));
    assert_eq!(g.stories.len(), 2, "the words they share are in most articles: nothing ties them");
}

#[test]
fn one_sentence_items_do_not_tie_in_the_canonical_order() {
    // Regression: a one-sentence text is its own title, and the order key hashed title ^ text,
    // which is 0 for every such item: they tied, and input order decided.
    let item = |id: &str, s: &str| article(id, s, s);
    let corpus = vec![
        item("a", "Staunton police on Friday arrested a 60-year-old woman in the 1967 ice cream shop slayings."),
        item("b", "A co-worker has been charged in the 1967 slayings of two women at a Staunton ice cream shop."),
        item("c", "The Staunton Police Department announced Friday an arrest in the 41-year-old double murder."),
    ];
    let order = tidings_story::copies::canonical_order(&corpus);
    let mut turned = corpus.clone();
    turned.reverse();
    let order_turned: Vec<usize> = tidings_story::copies::canonical_order(&turned).into_iter().map(|i| 2 - i).collect();
    assert_eq!(order, order_turned);
}

#[test]
fn a_lone_follow_up_weeks_later_joins_its_event() {
    // Three reports of the quake and, six weeks on, one report of what became of it: it names the island and
    // the province but tells a new stage, so it is too far in time and too different in words for a join
    // beyond the window; alone after merging, its clearly best story takes it.
    let day = |d: i64| chrono::DateTime::parse_from_rfc3339("2005-11-27T09:00:00+00:00").expect("a date") + chrono::Duration::days(d);
    let mut corpus = quake_2005();
    for (a, d) in corpus.iter_mut().zip([0, 0, 1]) {
        a.published = Some(day(d));
    }
    let mut later = article(
        "q4",
        "Rebuilding begins on Qeshm",
        "Builders laid the foundations of 400 new homes on Qeshm island this week, paid for by a state fund set up after the November disaster, Hormozgan officials said. The new houses have steel frames and will be finished by June. Contractors from Bandar Abbas won most of the work, and local masons complain that they were left out.",
    );
    later.published = Some(day(45));
    corpus.push(later);
    assert_eq!(stories(&corpus), vec![vec!["q1", "q2", "q3", "q4"]]);
}

/// Four reports of the day after an office-party shooting, naming the accused and the victim.
fn charged_reports() -> Vec<Article> {
    vec![
        article(
            "l1",
            "Man charged with murder in party shooting",
            "Walter James Grieve, 61, has been charged with first-degree murder in the death of Samuel Peter Okafor, 40, at a Christmas party at Cedar Lane Naturals in Vancouver. Grieve appeared in provincial court on Saturday and was remanded in custody. Staff said he walked into the party on Friday and opened fire while a dozen colleagues fled.",
        ),
        article(
            "l2",
            "Grieve charged with first-degree murder",
            "Crown prosecutors approved a first-degree murder charge against Walter James Grieve on Saturday, Constable Ray Dolan said. Samuel Peter Okafor, a father of two, died at the staff Christmas party. Staff at the east Vancouver company were offered counselling after the party.",
        ),
        article(
            "l3",
            "Victim of Cedar Lane shooting named",
            "Samuel Peter Okafor was named on Saturday as the man killed at Cedar Lane Naturals. Walter James Grieve, who was charged with first-degree murder, had been fired from the Vancouver company a week before the party, court documents show. Police negotiators talked him into giving himself up after two hours.",
        ),
        article(
            "l4",
            "Accused in Cedar Lane killing remanded",
            "Friends of Samuel Peter Okafor gathered outside Cedar Lane Naturals in east Vancouver on Saturday to lay flowers for a kind colleague, a day after the staff Christmas party where he was shot. Walter James Grieve is in custody.",
        ),
    ]
}

#[test]
fn first_reports_and_later_reports_with_names_are_one_story() {
    // The first reports of a shooting quote a police spokesman and name no one; the reports of the
    // next day name the accused and the victim. Each half is closer to itself than to the other and
    // the halves do not merge; the early story joins the later one, which it clearly resembles
    // most, as the two do not both have names the other lacks.
    let mut corpus = vec![
        article(
            "e1",
            "Gunman kills man at Vancouver office party",
            "A former employee walked into a staff Christmas party at Cedar Lane Naturals, an east Vancouver health products company, on Friday and shot a man dead, police said. Constable Ray Dolan said negotiators talked the gunman into giving himself up after two hours.",
        ),
        article(
            "e2",
            "Fired worker opens fire at Christmas party",
            "A worker who had just lost his job burst into the Christmas party at Cedar Lane Naturals in east Vancouver on Friday evening and shot one man dead while a dozen staff fled, Constable Ray Dolan told reporters.",
        ),
        article(
            "e3",
            "One dead after shooting at Vancouver party",
            "Police negotiators spent two hours on the phone with a gunman who killed a man at a Christmas party in east Vancouver on Friday before he walked out and surrendered, Constable Ray Dolan said.",
        ),
    ];
    corpus.extend(charged_reports());
    assert_eq!(stories(&corpus), vec![vec!["e1", "e2", "e3", "l1", "l2", "l3", "l4"]]);
}

#[test]
fn first_reports_from_one_wire_story_join_the_later_reports_despite_a_bystander_named() {
    // The first report of a shooting and a paper's rewrite of it name a bystander (a neighbour's film company and its
    // producer) that the later reports, which name the accused and the victim, never give. That is one report's
    // detail, not an event of its own: the early pair joins the later story.
    let mut corpus = vec![
        article(
            "w1",
            "Gunman kills man at Vancouver office party",
            "A former employee walked into a staff Christmas party at Cedar Lane Naturals, an east Vancouver health products business, on Friday and shot a man dead, police said. Constable Ray Dolan said negotiators talked the gunman into giving himself up after two hours. Nina Castell, a producer at Harbour Films down the street, said her staff were about to start their own party when they heard the shots. Castell said police kept everyone inside for hours.",
        ),
        article(
            "w2",
            "Fired worker shoots man dead at Christmas party",
            "Police said a former employee shot a man dead on Friday after walking into the staff Christmas party of Cedar Lane Naturals, a health products business in east Vancouver. Negotiators talked the gunman into giving himself up after two hours, according to Constable Ray Dolan. Her staff were about to begin their own party when they heard shots, said Nina Castell, a producer at Harbour Films further down the street. Police kept everyone inside for hours, Castell said.",
        ),
    ];
    corpus.extend(charged_reports());
    assert_eq!(stories(&corpus), vec![vec!["l1", "l2", "l3", "l4", "w1", "w2"]]);
}

#[test]
fn a_short_item_made_mostly_of_names_joins_its_event() {
    // A three-line item under a photo says little beyond the names of the place and the building, and the words it
    // has besides are few: its names and its words together tie it to the fire's story.
    let corpus = vec![
        article(
            "f1",
            "Blaze destroys historic Mat Maid dairy in Palmer",
            "A blaze overnight destroyed the historic Mat Maid dairy plant in Palmer, Alaska. Crews from the Matanuska-Susitna Borough fought the flames for hours, but the roof collapsed before dawn. Nobody was hurt, and arson is suspected.",
        ),
        article(
            "f2",
            "Arson suspected as Mat Maid dairy burns",
            "Investigators suspect arson in the blaze that burned down the old Mat Maid dairy plant in Palmer overnight. The empty plant had been up for sale since the dairy closed. Borough crews said the flames were too strong to enter.",
        ),
        article(
            "f3",
            "Matanuska Maid dairy plant burns down",
            "The former Matanuska Maid dairy plant in Palmer burned to the ground overnight. Crews from across the Matanuska-Susitna Borough were called before dawn. Officials said the plant was uninsured and that arson is suspected.",
        ),
        article(
            "f4",
            "Overnight blaze destroys historic dairy",
            "Flames engulfed the historic Mat Maid dairy plant in downtown Palmer overnight. The blaze could be seen for miles, residents said, and crews let the plant burn once the roof fell in. Arson is suspected.",
        ),
        article(
"m1",
            "Mat Maid mop up",
            "Mat Maid mop up. Remains of the Mat Maid warehouse smolder Tuesday morning in Palmer. The fire was reported at 3:33 a.m. and is under investigation by the Palmer Police and the State Fire Marshal.",
        ),
    ];
    assert_eq!(stories(&corpus), vec![vec!["f1", "f2", "f3", "f4", "m1"]]);
}

#[test]
fn a_small_look_alike_story_with_names_of_its_own_stays_apart() {
    // Two shootings of one kind, undated: four reports of one in Milwaukee and two of one in Knoxville.
    // Their words are alike, but each story names a place and people the other never does, and the
    // Milwaukee reports are far closer to each other than the Knoxville ones are to them.
    let corpus = vec![
        article(
            "m1",
            "Man shot dead outside Milwaukee bar",
            "A man was shot and killed outside a bar on North Avenue in Milwaukee early Sunday, police said. Police Chief Dana Kowalski said officers found Darnell Hayes, 27, with a gunshot wound. No arrest has been made.",
        ),
        article(
            "m2",
            "Police identify man killed on North Avenue",
            "Milwaukee police identified the man shot dead outside a North Avenue bar as Darnell Hayes, 27. Chief Dana Kowalski asked witnesses to come forward. No one has been arrested in the shooting.",
        ),
        article(
            "m3",
            "Family mourns Darnell Hayes",
            "The family of Darnell Hayes, who was shot and killed outside a Milwaukee bar on Sunday, held a vigil on North Avenue. Police Chief Dana Kowalski said detectives are following leads.",
        ),
        article(
            "m4",
            "Milwaukee bar shooting: police seek witnesses",
            "Police in Milwaukee are still looking for the gunman who shot Darnell Hayes outside a bar on North Avenue. Chief Dana Kowalski said a reward is offered for information leading to an arrest.",
        ),
        article(
            "k1",
            "Man shot dead outside Knoxville bar",
            "A man was shot and killed outside a bar on Magnolia Avenue in Knoxville early Saturday, police said. Sheriff Glen Tarrant said officers found Wade Pruitt, 31, with a gunshot wound. No arrest has been made.",
        ),
        article(
            "k2",
            "Knoxville police identify shooting victim",
            "Knoxville police identified the man shot dead outside a Magnolia Avenue bar as Wade Pruitt, 31. Chief Lena Harrow asked witnesses to come forward. No one has been arrested in the shooting.",
        ),
    ];
    assert_eq!(stories(&corpus), vec![vec!["k1", "k2"], vec!["m1", "m2", "m3", "m4"]]);
}

#[test]
fn the_next_event_of_its_kind_months_later_is_a_story_of_its_own() {
    // One central bank cuts its rate in March and again in June: the same bank, governor and words, three months
    // apart. The two June reports are a small story, but not a later stage of the March cut.
    let day = |d: i64| chrono::DateTime::parse_from_rfc3339("2024-03-20T09:00:00+00:00").expect("a date") + chrono::Duration::days(d);
    let march = [
        ("r1", "Varland central bank cuts rate to 4.5%", "The Varland central bank cut its key interest rate by a quarter point to 4.5% on Wednesday, governor Ilse Brandt said, citing slowing inflation."),
        ("r2", "Brandt: inflation slowing enough for a cut", "Governor Ilse Brandt said inflation in Varland was slowing enough for the central bank to lower its key rate to 4.5%, the first cut in two years."),
        ("r3", "Varland rate cut lifts shares", "Shares in Varland rose after the central bank lowered its key interest rate to 4.5%. Governor Ilse Brandt did not rule out further cuts."),
        ("r4", "Varland's first rate cut in two years", "The central bank of Varland cut rates for the first time in two years, to 4.5%, as governor Ilse Brandt pointed to slowing inflation and weak growth."),
    ];
    let june = [
        ("j1", "Varland trims borrowing costs again", "Ilse Brandt's central bank trimmed borrowing costs again on Wednesday, taking Varland's benchmark to 4.25% as price growth cooled further and mortgage demand stayed weak."),
        ("j2", "Second reduction this year in Varland", "Varland lowered its benchmark to 4.25%, a second reduction this year; Ilse Brandt told reporters that price growth was cooling as forecast and that banks should pass it on."),
    ];
    let mut corpus = Vec::new();
    for (k, (id, title, text)) in march.iter().enumerate() {
        let mut a = article(id, title, text);
        a.published = Some(day(k as i64 / 2));
        corpus.push(a);
    }
    for (k, (id, title, text)) in june.iter().enumerate() {
        let mut a = article(id, title, text);
        a.published = Some(day(91 + k as i64));
        corpus.push(a);
    }
    assert_eq!(stories(&corpus), vec![vec!["j1", "j2"], vec!["r1", "r2", "r3", "r4"]]);
}

#[test]
fn why_shows_no_pieces_of_contractions() {
    let corpus = vec![
        article(
            "c1",
            "Sixers fire coach after one season",
            "The Philadelphia 76ers fired coach Jim O'Brien on Tuesday. The team wasn't winning and didn't reach the second round, and the owner wasn't patient.",
        ),
        article(
            "c2",
            "O'Brien out as 76ers coach",
            "Jim O'Brien was fired by the 76ers after one season. The team didn't win enough and wasn't close to the second round, the general manager said.",
        ),
        article(
            "c3",
            "76ers let O'Brien go",
            "The 76ers fired Jim O'Brien, whose team wasn't good enough and didn't get past the first round in his only season.",
        ),
    ];
    let why = &why_of_one_story(&corpus);
    assert!(why.terms.iter().all(|t| t != "wasn" && t != "didn"), "{why:?}");
    assert!(why.terms.iter().any(|t| t == "fired" || t == "season" || t == "round"), "{why:?}");
}

#[test]
fn why_shows_names_as_the_articles_write_them() {
    let corpus = vec![
        article(
            "n1",
            "Sixers fire O'Brien",
            "The NBA club fired coach Jim O'Brien on Tuesday after one season in Philadelphia. The NBA playoffs ended early for the team.",
        ),
        article(
            "n2",
            "O'Brien out in Philadelphia",
            "Jim O'Brien was fired by the Philadelphia club after a single NBA season. The league office said the NBA had been told.",
        ),
        article(
            "n3",
            "Philadelphia lets O'Brien go",
            "Philadelphia fired Jim O'Brien, whose team lost in the first round of the NBA playoffs in his only season.",
        ),
    ];
    let why = &why_of_one_story(&corpus);
    assert!(why.names.iter().any(|n| n == "NBA"), "{why:?}");
    assert!(why.names.iter().any(|n| n == "O'Brien"), "{why:?}");
    assert!(why.names.iter().all(|n| n != "Nba" && n != "Brien"), "{why:?}");
}

#[test]
fn why_shows_a_name_written_as_two_words_as_one() {
    let corpus = vec![
        article(
            "r1",
            "Red Sox offer Teixeira eight years",
            "The Boston Red Sox have offered first baseman Mark Teixeira an eight-year contract, the Red Sox said on Monday.",
        ),
        article(
            "r2",
            "Teixeira weighs Red Sox offer",
            "Mark Teixeira is weighing an eight-year offer from the Red Sox, his agent said. The Red Sox want an answer this week.",
        ),
        article(
            "r3",
            "Red Sox make biggest offer to Teixeira",
            "The Red Sox made Mark Teixeira the biggest offer in club history, eight years for the first baseman.",
        ),
    ];
    let why = &why_of_one_story(&corpus);
    assert!(why.names.iter().any(|n| n == "Red Sox"), "{why:?}");
    assert!(why.names.iter().all(|n| n != "Red" && n != "Sox"), "{why:?}");
}

#[test]
fn a_word_written_once_in_a_name_is_still_a_word_of_what_happened() {
    // "Palmer Fire Department" once among four fires: "fire" stays a word of what happened, so the two reports
    // of the fire share one and are one story.
    let corpus = vec![
        article(
            "a",
            "Dairy warehouse lost to fire",
            "A fire gutted the old dairy warehouse in Palmer before dawn. The fire spread through the warehouse in minutes, \
             said a spokesman for the Palmer Fire Department. Nobody was hurt in the fire at the Mat Maid Dairy Warehouse.",
        ),
        article(
            "b",
            "Blaze in Palmer",
            "Crews fought a blaze at a dairy warehouse in Palmer overnight, and the fire left only the walls of the warehouse standing.",
        ),
    ];
    assert_eq!(stories(&corpus), vec![vec!["a".to_string(), "b".to_string()]]);
}

/// Four dated reports of a rule's reversal, announced on a Tuesday, and three undated reports of the rule itself,
/// announced on a Thursday: one agency, one law, the same names and words.
fn rule_and_reversal() -> Vec<Article> {
    let day = |d: &str| chrono::DateTime::parse_from_rfc3339(d).expect("a date");
    let reversal = [
        ("v1", "2009-03-03T20:00:00+00:00", "Obama overturns endangered species rule", "President Obama on Tuesday overturned a regulation of the Interior Department that let federal agencies skip consultations with wildlife scientists under the Endangered Species Act. Environmental groups and Interior Secretary Dirk Kempthorne's critics had fought the rule."),
        ("v2", "2009-03-04T08:00:00+00:00", "Species act consultations restored", "The Interior Department must again consult wildlife scientists on projects under the Endangered Species Act after President Obama on Tuesday reversed the rule. Environmental groups welcomed the order."),
        ("v3", "2009-03-04T10:00:00+00:00", "Endangered species rule reversed", "Federal agencies will again have to consult wildlife scientists before projects that may harm species under the Endangered Species Act, the White House said, after President Obama signed a memorandum on Tuesday reversing the Interior Department rule."),
        ("v4", "2009-03-04T12:00:00+00:00", "Scientists back in species reviews", "Wildlife scientists will again review federal projects under the Endangered Species Act after President Obama on Tuesday ordered the Interior Department to restore the consultations. Environmental groups praised the memorandum."),
    ];
    let rule = [
        ("u1", "Interior loosens endangered species consultations", "The Interior Department on Thursday changed the Endangered Species Act rules so that federal agencies may skip consultations with wildlife scientists on projects, Interior Secretary Dirk Kempthorne said. Environmental groups said they would sue, and President-elect Obama could reverse it."),
        ("u2", "Kempthorne finalizes species rule", "Interior Secretary Dirk Kempthorne on Thursday finalized a rule letting federal agencies decide without wildlife scientists whether projects harm species protected by the Endangered Species Act. Environmental groups condemned it."),
        ("u3", "Species act rule change draws fire", "Environmental groups attacked a rule the Interior Department issued on Thursday under the Endangered Species Act, which lets federal agencies skip consultations with wildlife scientists. Obama aides said they would review it."),
    ];
    let mut corpus: Vec<Article> = reversal
        .iter()
        .map(|(id, d, title, text)| {
            let mut a = article(id, title, text);
            a.published = Some(day(d));
            a
        })
        .collect();
    corpus.extend(rule.iter().map(|(id, title, text)| article(id, title, text)));
    corpus
}

#[test]
fn undated_reports_of_another_day_stay_apart_from_dated_reports() {
    assert_eq!(stories(&rule_and_reversal()), vec![vec!["u1", "u2", "u3"], vec!["v1", "v2", "v3", "v4"]]);
}

#[test]
fn an_undated_first_report_of_the_day_before_joins_the_dated_reports() {
    // The dated reports name the charge on Tuesday; an undated report names the shooting on Monday night.
    let day = |d: &str| chrono::DateTime::parse_from_rfc3339(d).expect("a date");
    let mut corpus: Vec<Article> = [
        ("c1", "2016-08-03T09:00:00+00:00", "Allentown man charged in friend's death", "Pittsburgh police on Tuesday charged Kenneth Murphy, 18, of Allentown with homicide in the death of his friend Christopher Rodriguez, 20, on Arlington Avenue."),
        ("c2", "2016-08-03T12:00:00+00:00", "Suspect in Allentown shooting was victim's friend", "Kenneth Murphy was charged late Tuesday with the shooting death of Christopher Rodriguez, 20, at a home on Arlington Avenue in Pittsburgh's Allentown neighborhood, police said."),
    ]
    .iter()
    .map(|(id, d, title, text)| {
        let mut a = article(id, title, text);
        a.published = Some(day(d));
        a
    })
    .collect();
    corpus.push(article(
        "m1",
        "Man shot dead on Allentown porch",
        "Christopher Rodriguez, 20, was shot dead on Monday night on a porch on Arlington Avenue in Pittsburgh's Allentown neighborhood, and police were questioning his friend Kenneth Murphy, 18.",
    ));
    assert_eq!(stories(&corpus), vec![vec!["c1", "c2", "m1"]]);
}
