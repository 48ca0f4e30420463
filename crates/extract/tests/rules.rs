//! Data-driven tests for the date and text rules: each case is a small page written for this test, the URL given
//! (if any), and the date or text expected.

use tidings_extract::{extract, Options};

const PROSE: &str = "<p>The harbour committee met on Tuesday to discuss the new ferry timetable, which changes in spring.</p>\
<p>Residents asked for an earlier morning crossing, and the operator said it would look at the numbers again.</p>";

fn date_of(html: &str, url: Option<&str>) -> Option<String> {
    let e = extract(html.as_bytes(), &Options { url: url.map(str::to_string), ..Default::default() });
    e.published.map(|d| d.format("%Y-%m-%d").to_string())
}

#[test]
fn publication_dates() {
    let cases: &[(&str, &str, Option<&str>, Option<&str>)] = &[
        (
            "a date field far down the page, no metadata",
            "<html><body><h1>Ferry timetable</h1>{PROSE}<div class=x><span>Ort: Kiel</span> <span>Datum:</span> <span>25.01.2022</span></div></body></html>",
            None,
            Some("2022-01-25"),
        ),
        (
            "a footer's last-edited line is still a date of the page",
            "<html><body><h1>Ferry timetable</h1>{PROSE}<p id=pageinfo>(last edited 2019-11-10 13:28:18 by Ann)</p></body></html>",
            None,
            Some("2019-11-10"),
        ),
        (
            "a date in the description",
            "<html><head><meta name=description content=\"Ferry timetable (news of 14 January 2020)\"></head><body><h1>Ferry timetable</h1>{PROSE}</body></html>",
            None,
            Some("2020-01-14"),
        ),
        (
            "a two-digit year",
            "<html><body><h1>Ferry timetable</h1>{PROSE}<div class=node__submitted><span class=x> 28.01.22</span></div></body></html>",
            None,
            Some("2022-01-28"),
        ),
        (
            "a two-digit year in a meta tag is not year 22",
            "<html><head><meta name=date content=\"23.09.22\"></head><body><h1>Ferry timetable</h1>{PROSE}</body></html>",
            None,
            Some("2022-09-23"),
        ),
        (
            "a Russian month name",
            "<html><body><p class=rubric>Sport</p><p class=x>15 августа 2016, 13:43</p><h1>Ferry timetable</h1>{PROSE}</body></html>",
            None,
            Some("2016-08-15"),
        ),
        (
            "the URL's calendar date wins over a UTC timestamp a day later",
            "<html><head><meta property=article:published_time content=\"2020-02-25T01:30:00Z\"></head><body><h1>Ferry timetable</h1>{PROSE}</body></html>",
            Some("https://news.example/2020/02/24/ferry-timetable/"),
            Some("2020-02-24"),
        ),
        (
            "a URL date with one-digit month and day",
            "<html><body><h1>Ferry timetable</h1>{PROSE}</body></html>",
            Some("https://blog.example/home/2017/7/12/ferry"),
            Some("2017-07-12"),
        ),
        (
            "the page's meta tag wins over a JSON-LD date",
            "<html><head><meta property=article:published_time content=\"2022-01-06T08:29:34+01:00\">\
             <script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"Ferry timetable\",\"datePublished\":\"2022-01-04T07:29:00Z\"}</script>\
             </head><body><h1>Ferry timetable</h1>{PROSE}</body></html>",
            None,
            Some("2022-01-06"),
        ),
        (
            "an RDFa datePublished on a span",
            "<html><body><h1>Ferry timetable</h1><span property=\"schema:datePublished\" content=\"2022-01-28T12:45:46+00:00\"></span>{PROSE}</body></html>",
            None,
            Some("2022-01-28"),
        ),
        (
            "a page without any date has none",
            "<html><body><h1>Ferry timetable</h1>{PROSE}<p>Call 0800 123 4567, version 1.2.3, host 10.0.0.1.</p></body></html>",
            None,
            None,
        ),
    ];
    for (what, html, url, want) in cases {
        let html = html.replace("{PROSE}", PROSE);
        assert_eq!(date_of(&html, *url).as_deref(), *want, "{what}");
    }
}

#[test]
fn text_rules() {
    // (what, page, a sentence the text must hold)
    let cases: &[(&str, &str, &str)] = &[
        (
            "a page with neither </head> nor <body>: the first body element ends the head",
            "<!DOCTYPE html><html><head><title>Ferry timetable</title><meta charset=utf-8>\
             <div class=content><h1>Ferry timetable</h1>{PROSE}</div>",
            "Residents asked for an earlier morning crossing",
        ),
        (
            "text set in headings of paragraph length",
            "<html><body><div class=nav><a href=/>Home</a></div><article><h1>Ferry timetable</h1><blockquote>\
             <h3>The harbour committee met on Tuesday to discuss the new ferry timetable, which changes in spring.</h3>\
             <h4>Residents asked for an earlier morning crossing, and the operator said it would look at the numbers again.</h4>\
             </blockquote></article></body></html>",
            "Residents asked for an earlier morning crossing",
        ),
        (
            "without an <article>, what <main> holds before the body container is the lead",
            "<html><body><nav><a href=/>Home</a></nav><main><div class=intro><p class=lead>Kiel gets an earlier ferry.</p></div>\
             <div class=text>{PROSE}<p>The new timetable starts on the first of April, the operator confirmed on Friday.</p></div></main>\
             <footer>Imprint</footer></body></html>",
            "Kiel gets an earlier ferry.",
        ),
    ];
    for (what, html, want) in cases {
        let html = html.replace("{PROSE}", PROSE);
        let e = extract(html.as_bytes(), &Options::default());
        assert!(e.text.contains(want), "{what}: got {:?}", e.text);
        assert!(tidings_extract::check_properties(html.as_bytes(), &e).is_ok(), "{what}");
    }
}

#[test]
fn closing_headings_are_trimmed() {
    // (what, page, the text must end with)
    let cases: &[(&str, &str, &str)] = &[
        (
            "a further-reading heading whose links were removed",
            "<html><body><article><h1>Ferry timetable</h1>{PROSE}<h3>Mehr zum Thema:</h3><ul><li><a href=/a>Other story one</a></li><li><a href=/b>Other story two</a></li></ul></article></body></html>",
            "look at the numbers again.",
        ),
        (
            "the same words inside a sentence stay",
            "<html><body><article><h1>Ferry timetable</h1>{PROSE}<p>Read more about the plan in the council minutes, see also page four.</p></article></body></html>",
            "see also page four.",
        ),
    ];
    for (what, html, want) in cases {
        let html = html.replace("{PROSE}", PROSE);
        let e = extract(html.as_bytes(), &Options::default());
        assert!(e.text.ends_with(want), "{what}: got {:?}", e.text);
    }
}
