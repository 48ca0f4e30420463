//! The demo corpus (`examples/seeds/`, five articles about Kim Jong Un's 2023 train trip to
//! Russia) read as one story: the conflicts and agreements issue 4 names must come out.

use tidings_analyze::fixture::article_from_text;
use tidings_analyze::{analyze, Analysis, ClaimStatus, EntityKind, Options};

fn seeds() -> Analysis {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/seeds");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("the seeds must be at {dir}: {e}"))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 5, "expected the five seed articles");
    let corpus: Vec<_> =
        files.iter().map(|p| article_from_text(&p.file_name().unwrap().to_string_lossy(), &std::fs::read_to_string(p).unwrap())).collect();
    analyze(&corpus, &(0..corpus.len()).collect::<Vec<_>>(), &Options::default())
}

fn has_claim(a: &Analysis, status: ClaimStatus, values: &[&str]) -> bool {
    a.claims
        .iter()
        .any(|c| c.status == status && values.iter().all(|v| c.values.iter().any(|x| x.value.contains(v) && !x.citations.is_empty())))
}

#[test]
fn train_size_conflict() {
    let a = seeds();
    assert!(has_claim(&a, ClaimStatus::Conflict, &["at least 20", "90 wagons"]), "{:#?}", a.claims);
}

#[test]
fn departure_day_conflict() {
    let a = seeds();
    assert!(has_claim(&a, ClaimStatus::Conflict, &["Sunday", "Monday"]), "{:#?}", a.claims);
}

#[test]
fn kozlov_meets_kim_at_khasan_in_two_outlets() {
    let a = seeds();
    let two = |value: &str| {
        a.claims.iter().any(|c| {
            c.status == ClaimStatus::Agree && c.about.contains("Kim Jong Un") && c.values.iter().any(|v| v.value == value && v.outlets >= 2)
        })
    };
    assert!(two("Alexander Kozlov"), "{:#?}", a.claims);
    assert!(two("Khasan"), "{:#?}", a.claims);
}

#[test]
fn conflicts_come_first() {
    let a = seeds();
    let first_other = a.claims.iter().position(|c| c.status != ClaimStatus::Conflict).unwrap_or(a.claims.len());
    assert!(a.claims[first_other..].iter().all(|c| c.status != ClaimStatus::Conflict));
    assert!(first_other >= 2);
}

#[test]
fn kim_and_putin_are_one_person_each() {
    let a = seeds();
    let kim = a.entities.iter().find(|e| e.name == "Kim Jong Un").expect("Kim Jong Un");
    assert_eq!(kim.kind, EntityKind::Person);
    for alias in ["Kim Jong-un", "Mr. Kim", "Kim"] {
        assert!(kim.aliases.iter().any(|x| x == alias), "{alias} in {:?}", kim.aliases);
    }
    let putin = a.entities.iter().find(|e| e.name == "Vladimir Putin").expect("Vladimir Putin");
    assert!(putin.aliases.iter().any(|x| x == "Putin"));
    assert!(putin.roles.iter().any(|r| r == "President"));
    assert!(!a.entities.iter().any(|e| e.name == "Kim" || e.name == "Putin"));
    let kozlov = a.entities.iter().find(|e| e.name == "Alexander Kozlov").expect("Kozlov");
    assert!(kozlov.roles.iter().any(|r| r.contains("Natural Resources Minister")), "{:?}", kozlov.roles);
}

#[test]
fn undated_weekdays_keep_their_phrase_in_reading_order() {
    let a = seeds();
    let pos = |p: &str| a.timeline.iter().position(|e| e.phrase == p).unwrap_or_else(|| panic!("{p} in timeline"));
    assert!(a.timeline.iter().filter(|e| e.phrase.contains("Sunday")).all(|e| e.date.is_none()));
    assert!(pos("in 2019") < pos("on Sunday"));
    assert!(pos("on Sunday") < pos("on Tuesday morning"));
}

#[test]
fn meeting_place_conflict() {
    // Issue 4: "the meeting place is reported as Vladivostok, the Vostochny Cosmodrome or Khabarovsk".
    let a = seeds();
    assert!(has_claim(&a, ClaimStatus::Conflict, &["Vladivostok", "Vostochny Cosmodrome", "Khabarovsk"]), "{:#?}", a.claims);
}

#[test]
fn quotes_have_speakers() {
    let a = seeds();
    let speaker = |text: &str| a.quotes.iter().find(|q| q.text.contains(text)).map(|q| q.speaker.as_str());
    assert_eq!(speaker("When I get there"), Some("Vladimir Putin"));
    assert_eq!(speaker("The interests of our two countries"), Some("Dmitry Peskov"));
    assert_eq!(speaker("pay a price"), Some("Jake Sullivan"));
}

#[test]
fn claims_at_finds_the_disputed_claim_of_a_sentence() {
    // The surface the brief reads (docs/analysis.md, "The claims API"): every cited sentence of a
    // conflict leads back to that conflict and to the value it states.
    let a = seeds();
    assert_eq!(a.claims.len() + a.claims_omitted, a.all_claims().len());
    let (ci, conflict) = a.all_claims().iter().enumerate().find(|(_, c)| c.status == ClaimStatus::Conflict).expect("a conflict");
    assert!(conflict.status.is_disputed());
    assert_eq!(conflict.status.words(), "disagree");
    for (vi, v) in conflict.values.iter().enumerate() {
        assert_eq!(v.citations.len(), v.sentences.len());
        for &(art, sent) in &v.sentences {
            let refs = a.claims_at(art, sent);
            assert!(refs.iter().any(|r| r.claim == ci && r.value == vi), "{art}/{sent}: {refs:?}");
            let (c, value) = a.claim_value(refs[0]);
            assert!(c.values.iter().any(|x| x.value == value.value));
        }
    }
    assert!(a.claims_at(0, 10_000).is_empty());
}
