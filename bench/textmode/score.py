"""Scores tidings on the rendered pages: title exact match, must-include kept and must-exclude left
(trafilatura-eval), and the AEB body metric, with the normalisations of bench/extraction/score.py.

Usage: score.py DATA_DIR RENDER_DIR NAME=DIGEST_JSON_PREFIX ...
Each NAME gives two digest outputs, PREFIX-aeb.json and PREFIX-eval.json (`tidings digest --format json`);
articles are matched to labels by their path (`<n>.txt` or `<set>.jsonl:<line>`) and RENDER_DIR/<set>.keys."""
import json
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "extraction"))
from score import aeb_scores, aeb_summary, bootstrap_f1, eval_body, exact, norm_text, ws  # noqa: E402


def articles(digest_json, keys):
    """{label key: {"title", "text"}} from one digest output."""
    with open(digest_json, encoding="utf-8") as f:
        d = json.load(f)
    out = {}
    for s in d["stories"]:
        for a in s["articles"]:
            path = a.get("path") or ""
            m = re.search(r"(\d+)\.txt$", path) or re.search(r"\.jsonl:(\d+)$", path)
            if not m:
                continue
            n = int(m.group(1)) - (1 if path.endswith(m.group(1)) and ".jsonl:" in path else 0)
            out[keys[n]] = {"title": a.get("title") or "", "text": a.get("text") or ""}
    return out


def main():
    data, render = sys.argv[1], sys.argv[2]
    with open(os.path.join(data, "scrapinghub-aeb", "ground-truth.json"), encoding="utf-8") as f:
        truth = json.load(f)
    with open(os.path.join(data, "trafilatura-eval", "evaldata.json"), encoding="utf-8") as f:
        evaldata = json.load(f)
    keys = {}
    for s in ("aeb", "eval"):
        with open(os.path.join(render, s + ".keys"), encoding="utf-8") as f:
            keys[s] = [line.rstrip("\n") for line in f]
    print("| input | eval title EM | eval must-include kept | eval must-exclude left | eval body F1 | AEB P | AEB R | AEB F1 | pages without a title | pages lost |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for arg in sys.argv[3:]:
        name, prefix = arg.split("=", 1)
        aeb = articles(prefix + "-aeb.json", keys["aeb"])
        ev = articles(prefix + "-eval.json", keys["eval"])
        tp = fn = fp = tn = 0
        for url, item in evaldata.items():
            text = ws(ev[url]["text"]) if url in ev else None
            for s in item.get("with", []):
                tp, fn = (tp + 1, fn) if text is not None and ws(s) in text else (tp, fn + 1)
            for s in item.get("without", []):
                fp, tn = (fp + 1, tn) if text is not None and ws(s) in text else (fp, tn + 1)
        _, _, bf = eval_body(evaldata, ev)
        te = exact(evaldata, ev, "title", norm_text)
        rows = aeb_scores(truth, aeb)
        p, r, f1 = aeb_summary(rows)
        sd = bootstrap_f1(rows)
        untitled = sum(1 for a in list(aeb.values()) + list(ev.values()) if not a["title"].strip())
        lost = len(truth) + len(evaldata) - len(aeb) - len(ev)
        print(
            f"| {name} | {te:.3f} | {tp / (tp + fn):.3f} | {fp / (fp + tn):.3f} | {bf:.3f} | {p:.3f} | {r:.3f} | {f1:.3f} ±{sd:.3f} "
            f"| {untitled} | {lost} |"
        )


if __name__ == "__main__":
    main()
