//! Properties every extraction keeps, checked by the fuzz target and by the regression tests that replay its finds.

use crate::Extracted;

/// Check the output of [`crate::extract`] on `input` against the properties that hold for any input:
///
/// - the text is never longer (in non-space characters) than the visible text of the page, that is the text
///   nodes outside `<script>`, `<style>` and other non-content elements, so nothing is invented or repeated;
/// - the text contains `<script` or `<style` only where the visible text does;
/// - paragraphs are separated by exactly one blank line, are trimmed, non-empty, and contain no newline.
///
/// Returns a description of the first property that fails.
#[doc(hidden)]
pub fn check_properties(input: &[u8], out: &Extracted) -> Result<(), String> {
    let visible = visible_text(input);
    let count = |s: &str| s.chars().filter(|c| !c.is_whitespace()).count();
    let (got, max) = (count(&out.text), count(&visible));
    if got > max {
        return Err(format!("text has {got} non-space characters, the visible text only {max}"));
    }
    let lower = out.text.to_lowercase();
    let visible_lower = visible.to_lowercase();
    for tag in ["<script", "<style"] {
        if lower.contains(tag) && !visible_lower.contains(tag) {
            return Err(format!("text contains {tag} that is not in the visible text"));
        }
    }
    if !out.text.is_empty() {
        for p in out.text.split("\n\n") {
            if p.is_empty() || p.contains('\n') || p.trim() != p {
                return Err(format!("badly formed paragraph {p:?}"));
            }
        }
    }
    Ok(())
}

/// All text nodes of the page outside non-content elements, decoded and parsed the way `extract` does.
fn visible_text(input: &[u8]) -> String {
    let mut warnings = Vec::new();
    let text = crate::decode::decode(input, &mut warnings);
    let text = crate::prestrip::strip(&text);
    let text = crate::limit_depth(&text, crate::MAX_DEPTH, &mut warnings);
    let doc = crate::html::parse(&text);
    let dom = crate::dom::Dom::build(&doc);
    let mut s = String::new();
    // JSON-LD articleBody may stand in for the page's text, so JSON-LD counts as visible here.
    for (i, n) in doc.nodes.iter().enumerate() {
        if n.el
            .as_ref()
            .is_some_and(|e| e.name() == "script" && e.attr("type").is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")))
        {
            s.push_str(&doc.text_of(i, usize::MAX));
        }
    }
    for n in &dom.nodes {
        if n.el.is_none() {
            s.push_str(n.text);
            s.push(' ');
        }
    }
    s
}
