//! The body of the parsed document as a flat, pre-order array that every later pass walks without recursion.
//!
//! The parser (`html.rs`) already produces nodes in document order; this module keeps the parts the extractor
//! reads, leaving out the subtrees that are never article text. A node's subtree is the index range `i..end`, so
//! "bottom-up" is a reverse loop and "top-down" a forward loop: no pass can overflow the stack, however deep the
//! markup nests.

use crate::html::{Document, Element};

/// Elements whose content is never article text, dropped while copying.
const DROPPED_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas", "select", "option", "button", "input",
    "textarea", "head", "title", "video", "audio", "map", "dialog", "link", "meta",
    // Ruby annotations (readings printed above CJK text) would otherwise split every annotated word.
    "rt", "rp",
];

/// One node of the flat document.
pub(crate) struct Node<'a> {
    /// The element, or `None` for a text node.
    pub el: Option<&'a Element<'a>>,
    /// The text of a text node (empty for elements).
    pub text: &'a str,
    /// Index of the parent element, `usize::MAX` for the top.
    pub parent: usize,
    /// One past the last node of this node's subtree.
    pub end: usize,
}

impl<'a> Node<'a> {
    pub fn tag(&self) -> &'a str {
        self.el.map_or("", |e| e.name())
    }
}

/// The document in pre-order.
pub(crate) struct Dom<'a> {
    pub nodes: Vec<Node<'a>>,
}

impl<'a> Dom<'a> {
    /// Copy `doc` without the dropped subtrees.
    pub fn build(doc: &'a Document<'a>) -> Dom<'a> {
        let src = &doc.nodes;
        let mut nodes: Vec<Node<'a>> = Vec::with_capacity(src.len());
        // Open copied elements: (end in `src`, index in `nodes`).
        let mut open: Vec<(usize, usize)> = Vec::new();
        let mut i = 0;
        while i < src.len() {
            while let Some(&(e, k)) = open.last() {
                if e > i {
                    break;
                }
                nodes[k].end = nodes.len();
                open.pop();
            }
            let n = &src[i];
            let parent = open.last().map_or(usize::MAX, |&(_, k)| k);
            match &n.el {
                Some(el) if DROPPED_TAGS.contains(&el.name()) => {
                    i = n.end.max(i + 1);
                    continue;
                }
                Some(el) => {
                    open.push((n.end, nodes.len()));
                    nodes.push(Node { el: Some(el), text: "", parent, end: 0 });
                }
                None => {
                    let k = nodes.len();
                    nodes.push(Node { el: None, text: &n.text, parent, end: k + 1 });
                }
            }
            i += 1;
        }
        while let Some((_, k)) = open.pop() {
            nodes[k].end = nodes.len();
        }
        Dom { nodes }
    }
}

/// Block-level elements: they start a new paragraph in the output.
pub(crate) fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "blockquote"
            | "pre"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "tbody"
            | "thead"
            | "tfoot"
            | "caption"
            | "figure"
            | "figcaption"
            | "header"
            | "footer"
            | "nav"
            | "aside"
            | "form"
            | "fieldset"
            | "address"
            | "hr"
            | "br"
            | "center"
            | "details"
            | "summary"
            | "body"
            | "html"
            | "hgroup"
            | "legend"
            | "menu"
    )
}

/// Headings.
pub(crate) fn is_heading(tag: &str) -> bool {
    matches!(tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// The attributes the extractor looks at on most elements, read in one pass (each `Element::attr` call is a
/// search of its own).
#[derive(Default, Clone, Copy)]
pub(crate) struct CommonAttrs<'a> {
    pub class: Option<&'a str>,
    pub id: Option<&'a str>,
    pub itemprop: Option<&'a str>,
    pub rel: Option<&'a str>,
    pub role: Option<&'a str>,
    pub style: Option<&'a str>,
    pub hidden: bool,
    pub aria_hidden: Option<&'a str>,
}

pub(crate) fn common_attrs<'e>(el: &'e Element<'_>) -> CommonAttrs<'e> {
    let mut a = CommonAttrs::default();
    for (k, v) in el.attrs() {
        match k {
            "class" => a.class = Some(v),
            "id" => a.id = Some(v),
            "itemprop" => a.itemprop = Some(v),
            "rel" => a.rel = Some(v),
            "role" => a.role = Some(v),
            "style" => a.style = Some(v),
            "hidden" => a.hidden = true,
            "aria-hidden" => a.aria_hidden = Some(v),
            _ => {}
        }
    }
    a
}
