"""Renders the benchmark pages to plain text with w3m, as a reader who copies a page's visible text would get it.

Usage: render.py DATA_DIR OUT_DIR [COLUMNS]
Writes OUT_DIR/{aeb,eval}/<n>.txt (the page as text), OUT_DIR/{aeb,eval}.jsonl (the same texts with the page URL, one
article object a line, for the run that knows the URL) and OUT_DIR/{aeb,eval}.keys (line n: the label key of <n>.txt).
w3m (Debian package w3m) is the renderer: a text browser that is not ours. `-dump` with a very wide line keeps one block
of text a line, as a browser's "select all, copy" does; lists keep w3m's bullets. With COLUMNS (80 is the default of
`w3m -dump` and `lynx -dump`) the paragraphs are hard-wrapped at that width, as a terminal browser's dump, an e-mail or a
newsletter gives them."""
import gzip
import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

# Wide enough that no paragraph is wrapped: a paragraph stays one line.
COLUMNS = "10000"


def render(html_bytes, columns=COLUMNS):
    with tempfile.NamedTemporaryFile(suffix=".html") as f:
        f.write(html_bytes)
        f.flush()
        try:
            out = subprocess.run(
                ["w3m", "-dump", "-T", "text/html", "-cols", columns, "-O", "UTF-8", "-o", "display_link_number=0", f.name],
                capture_output=True,
                timeout=60,
                check=False,
            ).stdout
        except subprocess.TimeoutExpired:
            return ""
    return out.decode("utf-8", "replace")


def pages(data):
    aeb = os.path.join(data, "scrapinghub-aeb")
    with open(os.path.join(aeb, "ground-truth.json"), encoding="utf-8") as f:
        truth = json.load(f)
    for key, item in truth.items():
        yield "aeb", key, item.get("url"), os.path.join(aeb, "html", key + ".html.gz")
    ev = os.path.join(data, "trafilatura-eval")
    with open(os.path.join(ev, "evaldata.json"), encoding="utf-8") as f:
        evaldata = json.load(f)
    for url, item in evaldata.items():
        path = os.path.join(ev, "html", "cache", item["file"] + ".gz")
        if not os.path.exists(path):
            path = os.path.join(ev, "html", "eval", item["file"] + ".gz")
        yield "eval", url, url, path


def render_all(data, out, render_page, name):
    """Renders every page of `pages(data)` with `render_page` (HTML bytes -> text) into `out`: <set>/<n>.txt, <set>.jsonl
    and <set>.keys, as the module docstring says. `name` is the renderer, for the closing message."""
    todo = list(pages(data))
    for s in ("aeb", "eval"):
        os.makedirs(os.path.join(out, s), exist_ok=True)

    def job(p):
        with gzip.open(p[3], "rb") as f:
            return render_page(f.read())

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as ex:
        texts = list(ex.map(job, todo))
    for s in ("aeb", "eval"):
        rows = [(key, url, text) for (set_, key, url, _), text in zip(todo, texts) if set_ == s]
        with open(os.path.join(out, s + ".keys"), "w", encoding="utf-8") as keys, open(
            os.path.join(out, s + ".jsonl"), "w", encoding="utf-8"
        ) as jl:
            for n, (key, url, text) in enumerate(rows):
                with open(os.path.join(out, s, f"{n:04d}.txt"), "w", encoding="utf-8") as f:
                    f.write(text)
                keys.write(key + "\n")
                jl.write(json.dumps({"text": text, "url": url}, ensure_ascii=False) + "\n")
    print(f"rendered {len(todo)} pages with {name}", file=sys.stderr)


def main():
    if len(sys.argv) > 3:
        cols = sys.argv[3]
        render_all(sys.argv[1], sys.argv[2], lambda page: render(page, cols), f"w3m at {cols} columns")
    else:
        render_all(sys.argv[1], sys.argv[2], render, "w3m")


if __name__ == "__main__":
    main()
