//! Markdown files (`.md`, `.markdown`) read as the text a reader sees: one block a paragraph, headings without
//! their `#`, links as their words, no images, no raw HTML; a YAML front matter's `title` and `date` are the
//! article's. Parsing is pulldown-cmark's (CommonMark, with tables, strikethrough and front matter).

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// What a Markdown file gives: its visible text, blocks separated by a blank line, and the title and date of its
/// front matter, if any.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Markdown {
    pub text: String,
    pub title: Option<String>,
    pub date: Option<String>,
}

/// Renders Markdown to plain text (see the module documentation).
pub fn to_text(md: &str) -> Markdown {
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut out = Markdown::default();
    let mut line = String::new();
    // Inside an image (its alt text is not shown) or a front matter block.
    let mut image = 0usize;
    let mut metadata = false;
    let mut code = false;
    let flush = |line: &mut String, text: &mut String| {
        let t = line.trim();
        if !t.is_empty() {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(t);
        }
        line.clear();
    };
    for event in Parser::new_ext(md, opts) {
        match event {
            Event::Start(Tag::Image { .. }) => image += 1,
            Event::End(TagEnd::Image) => image = image.saturating_sub(1),
            Event::Start(Tag::MetadataBlock(_)) => metadata = true,
            Event::End(TagEnd::MetadataBlock(_)) => metadata = false,
            Event::Start(Tag::CodeBlock(_)) => {
                flush(&mut line, &mut out.text);
                code = true;
            }
            Event::End(TagEnd::CodeBlock) => {
                flush(&mut line, &mut out.text);
                code = false;
            }
            Event::Text(t) if metadata => front_matter(&t, &mut out),
            Event::Text(t) if code => {
                // A code block keeps its lines.
                for (i, l) in t.split('\n').enumerate() {
                    if i > 0 {
                        flush(&mut line, &mut out.text);
                    }
                    line.push_str(l);
                }
            }
            Event::Text(t) | Event::Code(t) if image == 0 => line.push_str(&t),
            Event::SoftBreak if image == 0 => line.push(' '),
            Event::HardBreak => flush(&mut line, &mut out.text),
            Event::End(TagEnd::TableCell) => line.push_str(" | "),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableRow | TagEnd::TableHead) | Event::Rule => {
                flush(&mut line, &mut out.text)
            }
            Event::Start(Tag::Item) => flush(&mut line, &mut out.text),
            _ => {}
        }
    }
    flush(&mut line, &mut out.text);
    out
}

/// `title:` and `date:` of a YAML front matter (flat keys; quotes taken off).
fn front_matter(yaml: &str, out: &mut Markdown) {
    for l in yaml.lines() {
        let Some((key, value)) = l.split_once(':') else { continue };
        let value = value.trim().trim_matches(|c| c == '"' || c == '\'').trim();
        if value.is_empty() {
            continue;
        }
        match key.trim().to_ascii_lowercase().as_str() {
            "title" if out.title.is_none() => out.title = Some(value.to_string()),
            "date" | "published" if out.date.is_none() => out.date = Some(value.to_string()),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_links_lists_and_breaks_read_as_text() {
        let md = "# Kim arrives in Vladivostok\n\n![The train](train.jpg)\n\nNorth Korean leader **Kim Jong Un** arrived\nin [Vladivostok](https://example.com/v) on Tuesday, \
                  the `KCNA` agency said.\n\n- First point\n- Second point\n\n<div class=\"ad\">Advert</div>\n\n---\n\n> A quote.\n";
        let m = to_text(md);
        assert_eq!(
            m.text,
            "Kim arrives in Vladivostok\n\nNorth Korean leader Kim Jong Un arrived in Vladivostok on Tuesday, the KCNA agency said.\n\n\
             First point\n\nSecond point\n\nA quote."
        );
        assert_eq!((m.title, m.date), (None, None));
    }

    #[test]
    fn front_matter_gives_title_and_date() {
        let md = "---\ntitle: \"Kim arrives in Vladivostok\"\ndate: 2023-09-12\ntags: [korea]\n---\n\nThe train arrived on Tuesday.\n";
        let m = to_text(md);
        assert_eq!(m.text, "The train arrived on Tuesday.");
        assert_eq!(m.title.as_deref(), Some("Kim arrives in Vladivostok"));
        assert_eq!(m.date.as_deref(), Some("2023-09-12"));
    }

    #[test]
    fn code_blocks_keep_their_lines_and_plain_text_is_unchanged() {
        let m = to_text("Run this:\n\n```\nmake\nmake install\n```\n");
        assert_eq!(m.text, "Run this:\n\nmake\n\nmake install");
        let plain = "Kim arrives in Vladivostok\n\nThe train arrived on Tuesday, officials said.";
        assert_eq!(to_text(plain).text, plain);
    }
}
