//! A flat, pre-order copy of the parsed document that every later pass walks without recursion.
//!
//! html5ever (through scraper) builds the tree; this module copies the parts the extractor needs into a `Vec` in
//! document order. A node's subtree is then the index range `i..end`, so "bottom-up" is a reverse loop and
//! "top-down" a forward loop: no pass can overflow the stack, however deep the markup nests.

use scraper::node::Element;
use scraper::{Html, Node as RawNode};

/// Elements whose content is never article text, dropped while copying.
const DROPPED_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas", "select",
    "option", "button", "input", "textarea", "head", "title", "video", "audio", "map", "dialog", "link", "meta",
];

/// One node of the flat document.
pub(crate) struct Node<'a> {
    /// The element, or `None` for a text node.
    pub el: Option<&'a Element>,
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
    /// Copy the `<body>` (or the whole document when there is none) of `html`.
    pub fn build(html: &'a Html) -> Dom<'a> {
        let mut nodes: Vec<Node<'a>> = Vec::new();
        // Stack of open node indices; `skip_depth` counts how deep we are inside a dropped element.
        let mut stack: Vec<usize> = Vec::new();
        let mut skip_depth = 0usize;
        for edge in html.tree.root().traverse() {
            match edge {
                ego_tree::iter::Edge::Open(node) => {
                    if skip_depth > 0 {
                        if node.value().is_element() {
                            skip_depth += 1;
                        }
                        continue;
                    }
                    match node.value() {
                        RawNode::Element(el) => {
                            if DROPPED_TAGS.contains(&el.name()) {
                                skip_depth = 1;
                                continue;
                            }
                            let parent = stack.last().copied().unwrap_or(usize::MAX);
                            stack.push(nodes.len());
                            nodes.push(Node { el: Some(el), text: "", parent, end: 0 });
                        }
                        RawNode::Text(t) => {
                            let parent = stack.last().copied().unwrap_or(usize::MAX);
                            let i = nodes.len();
                            nodes.push(Node { el: None, text: t, parent, end: i + 1 });
                        }
                        _ => {}
                    }
                }
                ego_tree::iter::Edge::Close(node) => {
                    if let RawNode::Element(_) = node.value() {
                        if skip_depth > 0 {
                            skip_depth -= 1;
                            continue;
                        }
                        if let Some(i) = stack.pop() {
                            nodes[i].end = nodes.len();
                        }
                    }
                }
            }
        }
        while let Some(i) = stack.pop() {
            nodes[i].end = nodes.len();
        }
        Dom { nodes }
    }
}

/// Block-level elements: they start a new paragraph in the output.
pub(crate) fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "div" | "section" | "article" | "main" | "li" | "ul" | "ol" | "dl" | "dt" | "dd" | "h1" | "h2" | "h3"
            | "h4" | "h5" | "h6" | "blockquote" | "pre" | "table" | "tr" | "td" | "th" | "tbody" | "thead" | "tfoot"
            | "caption" | "figure" | "figcaption" | "header" | "footer" | "nav" | "aside" | "form" | "fieldset"
            | "address" | "hr" | "br" | "center" | "details" | "summary" | "body" | "html" | "hgroup" | "legend"
            | "menu" | "picture" | "img"
    )
}

/// Headings.
pub(crate) fn is_heading(tag: &str) -> bool {
    matches!(tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}
