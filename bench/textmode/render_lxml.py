"""Renders the benchmark pages to plain text as a browser's "select all, copy" gives them, with lxml: a second renderer
beside w3m (render.py), so that text mode is not measured on one renderer's conventions only.

Usage: render_lxml.py DATA_DIR OUT_DIR
Writes the same files as render.py (OUT_DIR/{aeb,eval}/<n>.txt, .jsonl, .keys).

What a browser copies is the visible text (its innerText): no title or metadata, scripts, styles, templates or hidden elements;
each block element (paragraph, heading, list item, table row, div, ...) on lines of its own; inline elements run
together on one line; no picture alt texts, no bullets or list numbers, no form field boxes; table cells of a row
separated by a tab. This is not w3m's layout, which adds bullets ("•"), alt texts ("[image]") and field boxes.
lxml is installed in bench/.venv by run.sh."""
import os
import re
import sys

import lxml.html
from lxml import etree

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from render import render_all  # noqa: E402

SKIP = {"title", "meta", "link", "base", "script", "style", "template", "svg", "math", "iframe", "object", "embed", "canvas",
        "select", "option", "datalist", "textarea", "input", "button", "img", "picture", "video", "audio", "map"}
BLOCK = {"address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "dir", "div", "dl",
         "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
         "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table",
         "tbody", "thead", "tfoot", "tr", "ul", "caption"}
CELL = {"td", "th"}
NOSCRIPT_TAG = re.compile(r"</?noscript\b[^>]*>", re.I)
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def hidden(el):
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style = el.get("style")
    return bool(style and HIDDEN_STYLE.search(style))


META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w.:]+)""", re.I)


def decode(html_bytes):
    """The page's text: UTF-8 when it decodes as such (pages that declare another charset and are UTF-8 are common
    in the data), else the charset its <meta> names, else Windows-1252 (what browsers fall back to)."""
    m = META_CHARSET.search(html_bytes[:4096])
    names = ["utf-8"] + ([m.group(1).decode("ascii", "replace")] if m else [])
    for name in names:
        try:
            return html_bytes.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    return html_bytes.decode("cp1252", "replace")


def render(html_bytes):
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", decode(html_bytes))
    # What <noscript> holds is shown where scripts would have drawn it (a post body a script fills in): keep it as
    # ordinary content, as w3m does, without the tag, which libxml2 may leave open around the rest of the page.
    text = NOSCRIPT_TAG.sub("", text)
    try:
        doc = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return ""
    lines, cur = [], []

    def flush():
        line = re.sub(r"[ \t\r\n\f\v\u00a0]+", " ", "".join(cur)).strip()
        if line:
            lines.append(line)
        cur.clear()

    def walk(el):
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower().split("}")[-1]
        if not tag or tag in SKIP or hidden(el):
            if el.tail:
                cur.append(el.tail)
            return
        if tag == "br":
            flush()
        elif tag in BLOCK:
            flush()
        elif tag in CELL and cur:
            cur.append("\t")
        if el.text:
            cur.append(el.text)
        for child in el:
            walk(child)
        if tag in BLOCK:
            flush()
        elif tag in CELL:
            cur.append(" ")
        if el.tail:
            cur.append(el.tail)

    walk(doc)
    flush()
    return "\n".join(lines) + "\n"


def main():
    render_all(sys.argv[1], sys.argv[2], render, f"lxml {etree.__version__}")


if __name__ == "__main__":
    main()
