//! Plain text as people paste it (issue 15) through `prepare` and the wire JSON: datelines become metadata, short
//! texts are articles, partial dates keep their precision.

use tidings_digest::{prepare, run, wire, Options};
use tidings_ingest::{Body, RawDoc};

fn text(path: &str, body: &str) -> RawDoc {
    RawDoc { path: Some(path.into()), body: Body::Text(body.into()), ..RawDoc::default() }
}

#[test]
fn a_dateline_is_metadata_and_gives_the_date() {
    let body = "Home\nWorld\nKim and Putin meet in Vladivostok\n\
                VLADIVOSTOK (Sputnik - 25th April, 2019) - North Korean leader Kim Jong Un met Russian President Vladimir Putin on Thursday. \
                The two leaders talked for two hours.\n\
                The summit was their first meeting, and the talks focused on the nuclear programme of North Korea.";
    let (corpus, warnings) = prepare(vec![text("a.txt", body)]);
    assert!(warnings.is_empty(), "{warnings:?}");
    let a = &corpus[0];
    assert_eq!(a.title, "Kim and Putin meet in Vladivostok");
    let d = a.dateline.as_ref().expect("dateline");
    assert_eq!((d.place.as_str(), d.source.as_deref()), ("VLADIVOSTOK", Some("Sputnik")));
    // The date is the article's date when nothing else gives one.
    assert_eq!(a.published.map(|p| p.date_naive().to_string()).as_deref(), Some("2019-04-25"));
    // The text keeps the dateline; the first sentence starts after it.
    assert!(a.text.starts_with("VLADIVOSTOK (Sputnik"));
    assert_eq!(a.sentence_text(0), "North Korean leader Kim Jong Un met Russian President Vladimir Putin on Thursday.");
}

#[test]
fn short_texts_are_articles_with_a_title() {
    // ECB+ style: a one-sentence text, and a text whose first line is the lead sentence.
    let one = "Lindsay Lohan has left the Betty Ford clinic for a rehab centre in Malibu, her spokesman said on Monday.";
    let lead = "A 6.1 magnitude earthquake struck off the coast of northern California on Sunday, the US Geological Survey said.";
    let second = "There were no immediate reports of damage or injuries.";
    let (corpus, warnings) = prepare(vec![text("one.txt", one), text("two.txt", &format!("{lead}\n\n{second}"))]);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!((corpus[0].title.as_str(), corpus[0].text.as_str()), (one, one));
    assert_eq!(corpus[0].sentences.len(), 1);
    assert_eq!(corpus[1].title, lead);
    assert_eq!(corpus[1].text, format!("{lead}\n\n{second}"));
    // Every article read is in a story.
    let d = run(vec![text("one.txt", one), text("two.txt", &format!("{lead}\n\n{second}"))], &Options::default());
    let mut members: Vec<usize> = d.stories.iter().flat_map(|s| s.articles.iter().copied()).collect();
    members.sort();
    assert_eq!(members, [0, 1]);
}

#[test]
fn partial_dates_keep_their_precision_in_the_json() {
    let body = "Germany invaded Poland in 1939, starting the war in Europe. The museum opened in April 2020, during the pandemic.\n\
                Historians met at the museum on 12 September 2023 to discuss the archive and its future.";
    let d = run(vec![text("a.txt", &format!("Museum marks anniversary of the invasion\n{body}"))], &Options::default());
    let s = wire::story(&d, &d.stories[0]);
    let dates: Vec<(Option<String>, String)> = s.timeline.iter().map(|t| (t.date.clone(), t.precision.clone())).collect();
    for want in [("1939", "year"), ("2020-04", "month"), ("2023-09-12", "day")] {
        assert!(dates.iter().any(|(d, p)| d.as_deref() == Some(want.0) && p == want.1), "{want:?} not in {dates:?}");
    }
}

/// The people, places and organisations named in the demo corpus, labelled by hand for issue 15 (the names in
/// the article texts; bylines and source lists are page chrome and are cleaned away).
const SEED_NAMES: &[&str] = &[
    // people
    "Kim Jong Un",
    "Vladimir Putin",
    "Andrei Rudenko",
    "Alexander Kozlov",
    "Oleg Kozhemyako",
    "Dmitry Peskov",
    "Jake Sullivan",
    "John Kirby",
    "Sergei Shoigu",
    "Ri Pyong Chol",
    "Zhang Guoqing",
    "Donald Trump",
    "Nicolas Rocca",
    "Lee Jong-sup",
    // places
    "Russia",
    "North Korea",
    "United States",
    "Pyongyang",
    "Vladivostok",
    "China",
    "Khasan",
    "South Korea",
    "Ukraine",
    "Far East",
    "Moscow",
    "Seoul",
    "Washington",
    "Khabarovsk",
    "Mongolia",
    "Rajin",
    "Vostochny Cosmodrome",
    "Northeast Asia",
    // organisations
    "Kremlin",
    "United Nations",
    "White House",
    "Eastern Economic Forum",
    "TASS",
    "Reuters",
    "Yonhap",
    "Unification Ministry",
    "Defense Ministry",
    "Department of the Munitions Industry",
    "National Assembly",
    // Opens a sentence: "National Security Council spokesman John Kirby said …".
    "National Security Council",
];

#[test]
fn every_name_in_the_demo_corpus_is_an_entity_and_nothing_else_is() {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/seeds");
    let (docs, _) = tidings_ingest::read_paths(&[dir]);
    let d = run(docs, &Options::default());
    let an = d.stories[0].analysis.as_ref().expect("analysis");
    let names: Vec<&str> =
        an.entities.iter().flat_map(|e| std::iter::once(e.name.as_str()).chain(e.aliases.iter().map(String::as_str))).collect();
    let missing: Vec<&&str> = SEED_NAMES.iter().filter(|n| !names.contains(n)).collect();
    assert!(missing.is_empty(), "missing {missing:?} from {names:?}");
    for noise in
        ["Breaking News", "Previous Article", "Next Article", "White House-style", "Soukaina Sghir", "Summit Details", "Russian Officials"]
    {
        assert!(!names.contains(&noise), "{noise} is not a name: {names:?}");
    }
}

#[test]
fn the_demo_corpus_hard_wrapped_reads_as_it_does_unwrapped() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/seeds");
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let docs = |width: Option<usize>| -> Vec<RawDoc> {
        files
            .iter()
            .map(|p| {
                let body = std::fs::read_to_string(p).unwrap();
                text(&p.display().to_string(), &width.map_or(body.clone(), |w| tidings_text::unwrap::wrap(&body, w)))
            })
            .collect()
    };
    let (plain, _) = prepare(docs(None));
    for width in [72, 80] {
        let (wrapped, _) = prepare(docs(Some(width)));
        for (a, b) in plain.iter().zip(&wrapped) {
            assert_eq!(a.title, b.title, "width {width}");
            // The same words; a paragraph whose last line filled the width may run on into the next.
            let words = |t: &str| t.split_whitespace().map(str::to_string).collect::<Vec<_>>();
            assert_eq!(words(&a.text), words(&b.text), "width {width}: {}", a.title);
        }
        let d = run(docs(Some(width)), &Options::default());
        assert_eq!(d.stories.len(), 1, "width {width}");
    }
}
