//! End-to-end tests of the digest on the demo corpus and on small stories written for the tests.

use std::path::PathBuf;

use tidings_digest::{run, Options};
use tidings_ingest::{parse_date, Body, RawDoc};

fn seeds() -> Vec<RawDoc> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/seeds");
    let (docs, warnings) = tidings_ingest::read_paths(&[dir]);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(docs.len(), 5);
    docs
}

fn doc(outlet: &str, date: &str, title: &str, text: &str) -> RawDoc {
    RawDoc {
        outlet: Some(outlet.into()),
        url: Some(format!("https://{outlet}/{}", title.to_lowercase().replace(' ', "-"))),
        title: Some(title.into()),
        published: parse_date(date),
        body: Body::Text(text.into()),
        ..RawDoc::default()
    }
}

#[test]
fn seeds_make_one_story_with_all_five_articles() {
    let d = run(seeds(), &Options::default());
    assert_eq!(d.stories.len(), 1, "stories: {:?}", d.stories.iter().map(|s| &s.headline).collect::<Vec<_>>());
    assert_eq!(d.stories[0].articles.len(), 5);
    assert_eq!(d.stories[0].sources, 5);
}

#[test]
fn seeds_lose_their_page_chrome() {
    let d = run(seeds(), &Options::default());
    let chrome = [
        "No time to read",
        "Get a summary",
        "Previous Article",
        "Next Article",
        "Security developments in Timbuktu",
        "Russia and Laos Strengthen",
        "Share this Article",
        "Leave a comment",
        "You May Also Like",
        "Estimated read time",
        "3 Min Read",
        "A | a-+=",
        "Breaking News",
        "Soukaina Sghir",
        "(Source:",
    ];
    for a in &d.corpus {
        for c in chrome {
            assert!(!a.text.contains(c), "{c:?} left in {:?}", a.path);
        }
        // The headline is not repeated in the body.
        assert!(!a.text.starts_with(&a.title), "headline repeated in {:?}", a.path);
    }
    let titles: Vec<&str> = d.corpus.iter().map(|a| a.title.as_str()).collect();
    assert!(titles.contains(&"Kim Jong Un’s Armored Train Arrives in Russia for Putin Meeting"), "{titles:?}");
    // What a reader needs stays: quotes and short paragraphs.
    let all: String = d.corpus.iter().map(|a| a.text.as_str()).collect();
    assert!(all.contains("“When I get there, you will know”."));
    assert!(all.contains("Summit Details:"));
}

#[test]
fn every_summary_sentence_is_verbatim_and_cited() {
    let d = run(seeds(), &Options::default());
    for s in &d.stories {
        assert_eq!(s.summary.len(), 5);
        for x in &s.summary {
            let first = x.citations[0];
            assert_eq!(d.corpus[first.article].span_text(first.span), x.text);
            for c in &x.citations {
                let a = &d.corpus[c.article];
                assert!(a.sentences.contains(&c.span), "citation is not a sentence of its article");
                assert!(s.articles.contains(&c.article));
            }
            assert!(x.sources >= 1 && x.sources <= x.citations.len());
        }
        // No two summary sentences are the same.
        for (i, a) in s.summary.iter().enumerate() {
            for b in &s.summary[i + 1..] {
                assert_ne!(a.text, b.text);
            }
        }
    }
    for (i, picks) in d.article_summaries.iter().enumerate() {
        assert!(picks.len() <= 3 && !picks.is_empty(), "article {i}");
    }
}

const SUMMIT_2019: [(&str, &str, &str); 3] = [
    ("wire.example", "Kim and Putin hold first summit in Vladivostok", "North Korean leader Kim Jong Un and Russian President Vladimir Putin held their first summit on Thursday at a university campus on Russky Island in Vladivostok. The talks lasted about three hours and focused on the stalled nuclear negotiations with the United States after the failed Hanoi summit in February. Putin said Kim needed international security guarantees to give up his nuclear weapons."),
    ("daily.example", "Putin backs security guarantees for Kim after Vladivostok talks", "Vladimir Putin said after meeting Kim Jong Un in Vladivostok on Thursday that North Korea would need security guarantees to abandon its nuclear programme. The two leaders met for about three hours on Russky Island, two months after Kim's summit with Donald Trump in Hanoi collapsed. Kim arrived in the city on Wednesday aboard his armoured train."),
    ("herald.example", "Kim, Putin meet on Russky Island", "Kim Jong Un met Vladimir Putin on Russky Island off Vladivostok on Thursday in their first ever summit. Kim told Putin he hoped the talks would help resolve the situation on the Korean peninsula after the collapse of the Hanoi summit with the United States. The meeting lasted about three hours."),
];

const TRIP_2023: [(&str, &str, &str); 3] = [
    ("wire.example", "Kim meets Putin at Vostochny cosmodrome amid arms deal fears", "Kim Jong Un met Vladimir Putin at the Vostochny Cosmodrome in Russia's Amur region on Wednesday, as Washington warned against an arms deal. Putin said Russia would help North Korea build satellites. The two leaders toured the launch site before talks that lasted more than four hours."),
    ("daily.example", "Putin hints at satellite help after Kim summit at cosmodrome", "Vladimir Putin hinted that Russia could help North Korea build satellites after he hosted Kim Jong Un at the Vostochny Cosmodrome on Wednesday. The United States has warned Pyongyang against supplying artillery shells to Russia for the war in Ukraine. The summit lasted more than four hours."),
    ("herald.example", "Kim and Putin tour launch site, discuss military cooperation", "Kim Jong Un and Vladimir Putin toured the Vostochny Cosmodrome launch site on Wednesday and discussed military cooperation, according to Russian state media. Western officials fear that North Korea will sell artillery shells to Russia for use in Ukraine. Kim arrived in Russia by armoured train on Tuesday."),
];

#[test]
fn confusable_events_are_kept_apart_and_each_is_kept_together() {
    let mut docs = Vec::new();
    for (k, (o, t, x)) in SUMMIT_2019.iter().enumerate() {
        docs.push(doc(o, &format!("2019-04-25T1{k}:00:00+00:00"), t, x));
    }
    for (k, (o, t, x)) in TRIP_2023.iter().enumerate() {
        docs.push(doc(o, &format!("2023-09-13T1{k}:00:00+00:00"), t, x));
    }
    let d = run(docs, &Options::default());
    let mut groups: Vec<Vec<usize>> = d.stories.iter().map(|s| s.articles.clone()).collect();
    groups.iter_mut().for_each(|g| g.sort());
    groups.sort();
    assert_eq!(groups, vec![vec![0, 1, 2], vec![3, 4, 5]]);
}

#[test]
fn copies_are_linked_and_count_once() {
    let (o, t, x) = TRIP_2023[0];
    let docs = vec![
        doc(o, "2023-09-13T10:00:00+00:00", t, x),
        doc("aggregator.example", "2023-09-13T11:00:00+00:00", t, x),
        doc(TRIP_2023[1].0, "2023-09-13T12:00:00+00:00", TRIP_2023[1].1, TRIP_2023[1].2),
    ];
    let d = run(docs, &Options::default());
    assert_eq!(d.stories.len(), 1);
    assert_eq!(d.corpus[1].copy_of, Some(0));
    assert_eq!(d.corpus[0].copy_of, None);
    assert_eq!(d.stories[0].sources, 2);
    for x in &d.stories[0].summary {
        assert!(x.sources <= 2);
    }
}

#[test]
fn empty_and_odd_documents_do_not_break_the_batch() {
    let docs = vec![
        RawDoc { body: Body::Text(String::new()), path: Some("empty.txt".into()), ..RawDoc::default() },
        RawDoc { body: Body::Text("\u{0}\u{1}garbage".into()), path: Some("bin.txt".into()), ..RawDoc::default() },
        RawDoc {
            body: Body::Html(b"<html><body><nav>Home | News</nav></body></html>".to_vec()),
            path: Some("nav.html".into()),
            ..RawDoc::default()
        },
        doc(TRIP_2023[0].0, "2023-09-13T10:00:00+00:00", TRIP_2023[0].1, TRIP_2023[0].2),
    ];
    let d = run(docs, &Options::default());
    assert_eq!(d.corpus.len(), 4);
    assert!(d.stories.iter().any(|s| s.articles.contains(&3)));
    assert!(d.warnings.iter().any(|w| w.subject == "empty.txt"));
}

#[test]
fn seeds_show_their_conflicts_and_agreements() {
    use tidings_analyze::ClaimStatus;
    let d = run(seeds(), &Options::default());
    let an = d.stories[0].analysis.as_ref().expect("analysis is on by default");
    let values = |c: &tidings_analyze::Claim| c.values.iter().map(|v| v.value.to_lowercase()).collect::<Vec<_>>().join(" | ");
    let conflicts: Vec<String> = an.claims.iter().filter(|c| c.status == ClaimStatus::Conflict).map(values).collect();
    assert!(conflicts.iter().any(|v| v.contains("20") && v.contains("90")), "train size: {conflicts:?}");
    assert!(conflicts.iter().any(|v| v.contains("sunday") && v.contains("monday")), "departure day: {conflicts:?}");
    // Conflicts come first.
    let first_other = an.claims.iter().position(|c| c.status != ClaimStatus::Conflict).unwrap_or(an.claims.len());
    assert!(an.claims[..first_other].iter().all(|c| c.status == ClaimStatus::Conflict));
    // Kozlov meeting Kim at Khasan, reported by two outlets.
    let agreed: Vec<String> = an.claims.iter().filter(|c| c.status == ClaimStatus::Agree && c.values[0].outlets >= 2).map(values).collect();
    assert!(agreed.iter().any(|v| v.contains("kozlov")), "{agreed:?}");
    assert!(agreed.iter().any(|v| v.contains("khasan")), "{agreed:?}");
    // Every side of every claim is cited to real text.
    for c in &an.claims {
        for v in &c.values {
            assert!(!v.citations.is_empty());
            for cit in &v.citations {
                assert!(d.corpus[cit.article].text.get(cit.span.start..cit.span.end).is_some());
            }
        }
    }
    let kim = an.entities.iter().find(|e| e.name.contains("Kim Jong")).expect("Kim is an entity");
    assert!(kim.aliases.iter().any(|a| a == "Mr. Kim" || a == "Kim"), "{:?}", kim.aliases);
}

#[test]
fn every_claim_value_names_its_sources_and_cites_them_in_every_format() {
    // Issue 13: the web page, the text and the Markdown brief show for each value the outlets that
    // state it and its citations, and the status in words.
    let d = run(seeds(), &Options::default());
    let text = tidings_digest::render::text(&d);
    // Marker numbers follow the story's article order, which publication dates decide.
    let mark = |file: &str| {
        let s = &d.stories[0];
        s.articles.iter().position(|&a| d.corpus[a].path.as_deref().is_some_and(|p| p.ends_with(file))).map(|k| k + 1).unwrap()
    };
    assert!(text.contains("train length (carriages) (disagree)"), "{text}");
    assert!(text.contains(&format!("\"90 wagons\" (004.txt [{}])", mark("004.txt"))), "{text}");
    let (a, b) = (mark("000.txt").min(mark("001.txt")), mark("000.txt").max(mark("001.txt")));
    assert!(text.contains(&format!("(agree): \"Pyongyang\" (000.txt, 001.txt [{a}][{b}])")), "{text}");
    let md = tidings_digest::render::markdown(&d);
    assert!(md.contains("- **train length (carriages)** (disagree)"), "{md}");
    assert!(md.contains(&format!("  - \"90 wagons\" (004.txt <sup>{}</sup>)", mark("004.txt"))), "{md}");
    let v: serde_json::Value = serde_json::from_str(&tidings_digest::wire::to_json(&d)).unwrap();
    let story = &v["stories"][0];
    for c in story["claims"].as_array().unwrap() {
        assert!(["disagree", "changed over time", "agree", "one outlet only"].contains(&c["status_text"].as_str().unwrap()));
        for val in c["values"].as_array().unwrap() {
            let cites = val["citations"].as_array().unwrap();
            assert!(!val["sources"].as_array().unwrap().is_empty());
            assert_eq!(cites.len(), val["phrases"].as_array().unwrap().len());
            // The value as written lies inside its sentence.
            for (c, p) in cites.iter().zip(val["phrases"].as_array().unwrap()) {
                assert_eq!(c["article"], p["article"]);
                assert!(c["start"].as_u64() <= p["start"].as_u64() && p["end"].as_u64() <= c["end"].as_u64());
            }
        }
    }
}
