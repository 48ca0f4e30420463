use super::*;

fn art(id: &str, outlet: &str, text: &str) -> Article {
    let mut a = Article::new(id, id, text);
    a.outlet = Some(outlet.into());
    a.sentences = tidings_text::split_sentences(text);
    a.paragraphs = vec![Span::new(0, text.len())];
    a
}

fn texts(s: &[SummarySentence]) -> Vec<&str> {
    s.iter().map(|x| x.text.as_str()).collect()
}

#[test]
fn corroborated_statement_comes_first_and_counts_outlets() {
    let corpus = vec![
        art("a", "A", "The weather was mild in the morning across the region. A dam burst near Lakeview on Monday, flooding 200 homes in the valley."),
        art("b", "B", "Officials said a dam burst near Lakeview on Monday and flooded about 200 homes. Schools in the area will stay closed this week."),
        art("c", "C", "Residents described water rising within minutes. The dam near Lakeview burst on Monday, flooding 200 homes, officials said."),
    ];
    let s = summarize(&corpus, &[0, 1, 2], 2, None);
    assert!(s[0].text.contains("dam") && s[0].text.contains("200"), "{:?}", s[0]);
    assert_eq!(s[0].sources, 3);
    assert_eq!(s[0].citations.len(), 3);
    for c in &s[0].citations {
        assert!(corpus[c.article].span_text(c.span).contains("200"));
    }
    // The second sentence says something else.
    assert!(!s[1].text.contains("200 homes"));
}

#[test]
fn dangling_and_fragment_sentences_are_avoided() {
    let a =
        art("a", "A", "He said it was over. Short one. The ministry confirmed on Tuesday that the border crossing had reopened to trucks.");
    let s = summarize(&[a], &[0], 1, None);
    assert_eq!(s[0].text, "The ministry confirmed on Tuesday that the border crossing had reopened to trucks.");
}

#[test]
fn restatements_add_nothing_so_the_summary_covers_other_facts() {
    // Three outlets restate the headline in three ways; the brief should say it once and then move
    // on to the toll, the cause and the reaction.
    let corpus = vec![
        art(
            "a",
            "A",
            "A fire destroyed the Riverside market in Dunmore on Sunday night. Three traders were injured in the blaze. \
             Firefighters said an electrical fault in a fish stall started the fire.",
        ),
        art(
            "b",
            "B",
            "Fire swept through the Riverside market in Dunmore late on Sunday. The blaze at the Riverside market destroyed 140 stalls. \
             The mayor promised to rebuild the market by spring.",
        ),
        art(
            "c",
            "C",
            "The Riverside market in Dunmore was destroyed by fire on Sunday night. Three traders were hurt and 140 stalls burned. \
             An electrical fault is the likely cause, fire officials said.",
        ),
    ];
    let s = summarize(&corpus, &[0, 1, 2], 4, None);
    let all = texts(&s).join(" ");
    assert!(s[0].text.contains("Riverside market") && s[0].text.contains("Sunday"), "{:?}", texts(&s));
    let restating = s.iter().filter(|x| x.text.contains("market in Dunmore")).count();
    assert_eq!(restating, 1, "{:?}", texts(&s));
    for fact in ["140", "electrical fault"] {
        assert!(all.contains(fact), "{fact} missing from {:?}", texts(&s));
    }
}

#[test]
fn support_needs_the_same_numbers_and_days() {
    // B says the same thing with another day: it is no support. C leaves the day out: no support either.
    let corpus = vec![
        art("a", "A", "The minister resigned on Tuesday after the budget vote failed in parliament."),
        art("b", "B", "The minister resigned on Wednesday after the budget vote failed in parliament."),
        art("c", "C", "The minister resigned after the budget vote failed in parliament, aides confirmed."),
        art("d", "D", "On Tuesday the minister resigned after the budget vote failed in parliament."),
    ];
    let s = summarize(&corpus, &[0, 1, 2, 3], 1, None);
    assert!(s[0].text.contains("Tuesday"), "{:?}", s[0]);
    let cited: Vec<ArticleIdx> = s[0].citations.iter().map(|c| c.article).collect();
    assert!(!cited.contains(&1) && !cited.contains(&2), "{cited:?}");
    assert!(cited.contains(&3), "{cited:?}");
    assert_eq!(s[0].sources, 2);
}

#[test]
fn a_disputed_value_carries_its_dispute() {
    let mut corpus = vec![
        art("a", "A", "Kim Jong Un departed from Pyongyang on his private train on Sunday, state media said."),
        art("b", "B", "Kim Jong Un departed from Pyongyang on his armoured train on Monday, officials in Seoul said."),
        art("c", "C", "Kim Jong Un left Pyongyang aboard a special train heading toward Russia."),
    ];
    for a in &mut corpus {
        a.published = None;
    }
    let members = [0, 1, 2];
    let an = tidings_analyze::analyze(&corpus, &members, &tidings_analyze::Options::default());
    let conflict = an.claims.iter().find(|c| c.status == ClaimStatus::Conflict).expect("the analysis finds the conflicting day");
    assert!(conflict.values.iter().any(|v| v.value.contains("Sunday")));
    let s = summarize(&corpus, &members, 1, Some(&an));
    let x = &s[0];
    assert!(x.disputed(), "{x:?}");
    let c = x.claims.iter().find(|c| c.disputed()).unwrap();
    let mine = if x.text.contains("Sunday") { "Sunday" } else { "Monday" };
    let theirs = if mine == "Sunday" { "Monday" } else { "Sunday" };
    assert!(c.value.contains(mine), "{c:?}");
    assert!(c.others.iter().any(|o| o.value.contains(theirs) && !o.citations.is_empty()), "{c:?}");
    assert_eq!(x.against, 1);
    // The outlet with the other day is not counted as support, nor is the one that gives no day.
    assert_eq!(x.sources, 1, "{x:?}");
}

#[test]
fn captions_credits_and_stamps_are_never_chosen_and_datelines_are_cut() {
    let text = "AZMARIN, Syria \u{2014} Rescuers pulled a boy alive from a collapsed building on Tuesday, a day after the earthquake.\n\
                FILE - People search for survivors at a collapsed building in Azmarin, Syria, Feb. 7, 2022.\n\
                Reporting by Jane Doe; Editing by John Roe and others.\n\
                Updated 4:08 p.m. ET Tuesday, February 7, 2023\n\
                The boy had spent thirty hours under the rubble, doctors at the hospital said.";
    let a = art("a", "A", text);
    let s = summarize(std::slice::from_ref(&a), &[0], 5, None);
    assert_eq!(texts(&s).len(), 2, "{:?}", texts(&s));
    assert_eq!(s[0].text, "Rescuers pulled a boy alive from a collapsed building on Tuesday, a day after the earthquake.");
    assert_eq!(a.span_text(s[0].citations[0].span), s[0].text, "verbatim span");
    let picks = article_summary(&a, 3);
    let shown: Vec<&str> = picks.iter().map(|&i| a.span_text(shown_span(&a, i))).collect();
    assert_eq!(shown.len(), 2, "{shown:?}");
    assert!(shown[0].starts_with("Rescuers"), "{shown:?}");
    let d = article_dateline(&a).unwrap();
    assert_eq!(d.place, "AZMARIN, Syria");
}

#[test]
fn every_summary_sentence_is_its_span() {
    let corpus = vec![
        art(
            "a",
            "A",
            "WASHINGTON (Reuters) - The Federal Reserve held rates at 5.25 percent on Wednesday. Markets rose after the decision.",
        ),
        art("b", "B", "The Fed kept its benchmark rate at 5.25 percent on Wednesday, as expected. Chair Powell said inflation was easing."),
    ];
    for x in summarize(&corpus, &[0, 1], 3, None) {
        let own = x.citations[0];
        assert_eq!(corpus[own.article].span_text(own.span), x.text);
        assert!(!x.text.starts_with("WASHINGTON"));
    }
}

#[test]
fn a_sentence_cut_from_inside_a_quotation_is_not_chosen() {
    let a = art(
        "a",
        "A",
        "\"Tara Reid has checked herself into Promises Treatment Center. We appreciate your respect to her privacy at this time,\" \
         the actress's rep Jack Ketsoyan tells the magazine. Reid entered the Promises clinic in Malibu on Tuesday, her representative said.",
    );
    let s = summarize(std::slice::from_ref(&a), &[0], 3, None);
    assert!(s.iter().all(|x| !x.text.starts_with("We appreciate")), "{:?}", texts(&s));
    for bad in [
        "I'd like to thank the Academy and my wife, there goes the orchestra \u{201c}, the comedian said on Twitter.",
        "Sixers coach Jim O'Brien was fired today and taking over will be former Portland coach...",
    ] {
        let b = art("b", "B", &format!("{bad} The academy confirmed the choice of host on Friday morning."));
        assert!(summarize(std::slice::from_ref(&b), &[0], 2, None).iter().all(|x| x.text != bad), "{bad}");
    }
}

#[test]
fn article_summary_is_in_order_and_bounded() {
    let a = art(
        "a",
        "A",
        "The council approved the budget on Monday after a long debate. Taxes will rise by two percent next year. \
        The mayor defended the increase as necessary for repairs. Opposition members walked out in protest. \
        The budget takes effect in January.",
    );
    let picks = article_summary(&a, 3);
    assert_eq!(picks.len(), 3);
    assert!(picks.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(picks[0], 0);
}

#[test]
fn empty_and_odd_input_never_panics() {
    let empty = art("e", "E", "");
    assert!(summarize(std::slice::from_ref(&empty), &[0], 5, None).is_empty());
    assert!(article_summary(&empty, 3).is_empty());
    let odd = art("o", "O", "— — —\n\u{a9} 2023\nFILE -\n...");
    let _ = summarize(std::slice::from_ref(&odd), &[0], 5, None);
    let _ = article_summary(&odd, 3);
}

/// Odd text never panics, and what is shown is always a verbatim span on char boundaries.
#[test]
fn random_text_keeps_spans_verbatim() {
    const POOL: &[&str] = &[
        "Kim",
        "WASHINGTON",
        "(AP)",
        "—",
        "–",
        "-",
        "--",
        ":",
        "\"",
        "“",
        "”",
        "’",
        "FILE",
        "Photo:",
        "said",
        "on",
        "Monday",
        "Feb.",
        "7,",
        "2023",
        "été",
        "Москва",
        "日本",
        ".",
        "...",
        "…",
        "?",
        "img_12.jpg",
        "UPDATE:",
        "2:16pm:",
        "the",
        "boy",
        "was",
        "pulled",
        "from",
        "rubble",
        "\n",
        "  ",
        "By",
        "©",
        "3",
        "people",
        "died",
        "in",
        "Athens",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    for round in 0..300 {
        let words = 5 + (next() % 60) as usize;
        let text: String = (0..words).map(|_| POOL[(next() % POOL.len() as u64) as usize]).collect::<Vec<_>>().join(" ");
        let a = art("r", "R", &text);
        let _ = hygiene::not_prose(&text);
        for i in 0..a.sentences.len() {
            let span = shown_span(&a, i);
            assert!(
                a.text.is_char_boundary(span.start) && a.text.is_char_boundary(span.end) && span.start <= span.end,
                "{round}: {text:?}"
            );
        }
        for x in summarize(std::slice::from_ref(&a), &[0], 3, None) {
            let c = x.citations[0];
            assert_eq!(a.span_text(c.span), x.text, "{round}: {text:?}");
        }
        let _ = article_summary(&a, 3);
        let _ = article_dateline(&a);
    }
}
