"""Run trafilatura over the AEB and trafilatura-eval pages; write predictions and timings in the same JSON shape as
the Rust harness (crates/extract/examples/extract_bench.rs). Usage: run_trafilatura.py DATA_DIR OUT_DIR"""
import gzip
import json
import os
import sys
import time

import trafilatura


def run(html, url):
    t, c = time.perf_counter(), time.thread_time()
    try:
        doc = trafilatura.bare_extraction(html, url=url, include_comments=False, include_tables=True,
                                          with_metadata=True)
    except Exception as e:  # a crash counts as an empty output
        print(f"warning: trafilatura failed on {url}: {e}", file=sys.stderr)
        doc = None
    ms, cpu_ms = (time.perf_counter() - t) * 1000.0, (time.thread_time() - c) * 1000.0
    doc = doc.as_dict() if doc is not None else {}
    return {"text": doc.get("text") or "", "title": doc.get("title"), "author": doc.get("author"),
            "date": doc.get("date"), "ms": ms, "cpu_ms": cpu_ms}


def main():
    data, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    aeb, ev, total, cpu, n = {}, {}, 0.0, 0.0, 0
    aeb_dir = os.path.join(data, "scrapinghub-aeb", "html")
    for name in sorted(os.listdir(aeb_dir)):
        with gzip.open(os.path.join(aeb_dir, name), "rb") as f:
            html = f.read()
        r = run(html, None)
        aeb[name[: -len(".html.gz")]] = r
        total += r["ms"]; cpu += r["cpu_ms"]; n += 1
    with open(os.path.join(data, "trafilatura-eval", "evaldata.json"), encoding="utf-8") as f:
        evaldata = json.load(f)
    for url, item in evaldata.items():
        p = os.path.join(data, "trafilatura-eval", "html", "cache", item["file"] + ".gz")
        if not os.path.exists(p):
            p = os.path.join(data, "trafilatura-eval", "html", "eval", item["file"] + ".gz")
        with gzip.open(p, "rb") as f:
            html = f.read()
        r = run(html, url)
        ev[url] = r
        total += r["ms"]; cpu += r["cpu_ms"]; n += 1
    with open(os.path.join(out, "aeb.json"), "w", encoding="utf-8") as f:
        json.dump(aeb, f)
    with open(os.path.join(out, "eval.json"), "w", encoding="utf-8") as f:
        json.dump(ev, f)
    print(f"trafilatura: {n} pages, {total / n:.3f} ms/page wall, {cpu / n:.3f} ms/page cpu", file=sys.stderr)


if __name__ == "__main__":
    main()
