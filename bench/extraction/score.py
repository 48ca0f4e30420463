"""One scorer for every tool: the AEB metric and the trafilatura-eval metric as the data READMEs describe them,
plus exact-match of title, author and date under one normalisation.

Usage: score.py DATA_DIR NAME=OUT_DIR[:PEAK_KB] ... [--table FILE] [--worst NAME]
Each OUT_DIR holds aeb.json and eval.json: {key: {"text", "title", "author", "date", "ms"}}."""
import json
import os
import random
import re
import sys
import unicodedata
from collections import Counter

WORD = re.compile(r"\w+", re.UNICODE)


# ---- AEB: 4-gram shingles, per-page P and R averaged, F1 from the means -------------------------------------------
def shingles(text, n=4):
    toks = WORD.findall(text or "")
    if len(toks) < n:
        return Counter([tuple(toks)]) if toks else Counter()
    return Counter(tuple(toks[i:i + n]) for i in range(len(toks) - n + 1))


def aeb_page(truth, pred):
    t, p = shingles(truth), shingles(pred)
    tp = sum(min(t[k], p[k]) for k in t.keys() | p.keys())
    fp = sum(max(0, p[k] - t[k]) for k in p)
    fn = sum(max(0, t[k] - p[k]) for k in t)
    s = tp + fp + fn
    if s == 0:
        return 1.0, 1.0, True
    tp, fp, fn = tp / s, fp / s, fn / s
    prec = 1.0 if fp == 0 and fn == 0 else (tp / (tp + fp) if tp + fp > 0 else None)
    rec = 1.0 if fp == 0 and fn == 0 else (tp / (tp + fn) if tp + fn > 0 else 0.0)
    return prec, rec, WORD.findall(truth or "") == WORD.findall(pred or "")


def aeb_scores(truth, preds):
    rows = []
    for key, gt in truth.items():
        pred = preds.get(key, {}).get("text") or ""
        rows.append(aeb_page(gt["articleBody"], pred))
    return rows


def aeb_summary(rows):
    ps = [p for p, _, _ in rows if p is not None]
    rs = [r for _, r, _ in rows]
    p, r = sum(ps) / len(ps), sum(rs) / len(rs)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f1


def bootstrap_f1(rows, n=1000, seed=0):
    rnd = random.Random(seed)
    vals = []
    for _ in range(n):
        sample = [rows[rnd.randrange(len(rows))] for _ in rows]
        vals.append(aeb_summary(sample)[2])
    m = sum(vals) / n
    return (sum((v - m) ** 2 for v in vals) / n) ** 0.5


# ---- trafilatura-eval: must-include / must-exclude snippets, micro-summed ------------------------------------------
def ws(s):
    return re.sub(r"\s+", " ", s or "").strip()


def eval_body(evaldata, preds):
    tp = fn = fp = tn = 0
    for url, item in evaldata.items():
        out = preds.get(url)
        text = ws(out.get("text")) if out and out.get("text") is not None else None
        for s in item.get("with", []):
            if text is not None and ws(s) in text:
                tp += 1
            else:
                fn += 1
        for s in item.get("without", []):
            if text is not None and ws(s) in text:
                fp += 1
            else:
                tn += 1
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return p, r, f1


# ---- metadata exact match ----------------------------------------------------------------------------------------
# One normalisation for both tools: Unicode NFKC, case-folded, whitespace collapsed, typographic quotes and dashes
# made plain. Authors are compared as sets of names (split on , ; & "and" "und"), dates as YYYY-MM-DD.
def norm_text(s):
    s = unicodedata.normalize("NFKC", s or "").casefold()
    s = s.translate(str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "–": "-", "—": "-"}))
    return ws(s)


def norm_author(s):
    if isinstance(s, list):  # a few labels list the authors
        return frozenset(norm_text(x) for x in s if norm_text(x))
    s = norm_text(s)
    parts = re.split(r"\s*(?:,|;|&|\band\b|\bund\b)\s*", s)
    return frozenset(p.strip() for p in parts if p.strip())


def norm_date(s):
    m = re.match(r"(\d{4}-\d{2}-\d{2})", (s or "").strip())
    return m.group(1) if m else ""


def exact(evaldata, preds, field, fn):
    hit = total = 0
    for url, item in evaldata.items():
        label = item.get(field) or ""
        if isinstance(label, list):
            label = label if label else ""
        if not label or (isinstance(label, str) and not label.strip()):
            continue
        total += 1
        out = (preds.get(url) or {}).get(field) or ""
        if out and fn(out) == fn(label):
            hit += 1
    return hit / total if total else 0.0


def main():
    args = sys.argv[1:]
    data = args.pop(0)
    table_file = None
    worst = None
    tools = []
    while args:
        a = args.pop(0)
        if a == "--table":
            table_file = args.pop(0)
        elif a == "--worst":
            worst = args.pop(0)
        else:
            name, rest = a.split("=", 1)
            path, _, peak = rest.partition(":")
            tools.append((name, path, peak))
    with open(os.path.join(data, "scrapinghub-aeb", "ground-truth.json"), encoding="utf-8") as f:
        truth = json.load(f)
    with open(os.path.join(data, "trafilatura-eval", "evaldata.json"), encoding="utf-8") as f:
        evaldata = json.load(f)

    lines = [
        "| tool | AEB P | AEB R | AEB F1 | eval body P | eval body R | eval body F1 | title EM | author EM | date EM | ms/page (cpu) | ms/page (wall) | peak RSS |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, path, peak in tools:
        with open(os.path.join(path, "aeb.json"), encoding="utf-8") as f:
            aeb = json.load(f)
        with open(os.path.join(path, "eval.json"), encoding="utf-8") as f:
            ev = json.load(f)
        rows = aeb_scores(truth, aeb)
        p, r, f1 = aeb_summary(rows)
        sd = bootstrap_f1(rows)
        bp, br, bf = eval_body(evaldata, ev)
        te = exact(evaldata, ev, "title", norm_text)
        ae = exact(evaldata, ev, "author", norm_author)
        de = exact(evaldata, ev, "date", norm_date)
        recs = list(aeb.values()) + list(ev.values())
        ms = [v["ms"] for v in recs]
        cpu = [v.get("cpu_ms", v["ms"]) for v in recs]
        mem = f"{int(peak) / 1024:.0f} MB" if peak else "n/a"
        lines.append(
            f"| {name} | {p:.3f} | {r:.3f} | {f1:.3f} ±{sd:.3f} | {bp:.3f} | {br:.3f} | {bf:.3f} | {te:.3f} | {ae:.3f} "
            f"| {de:.3f} | {sum(cpu) / len(cpu):.2f} | {sum(ms) / len(ms):.2f} | {mem} |"
        )
        if worst == name:
            keyed = sorted(zip(truth.keys(), rows), key=lambda kr: 2 * (kr[1][0] or 0) * kr[1][1] / (((kr[1][0] or 0) + kr[1][1]) or 1))
            for k, (pp, rr, _) in keyed[:25]:
                print(f"worst {k} P={pp if pp is None else round(pp, 3)} R={rr:.3f}", file=sys.stderr)
    table = "\n".join(lines)
    print(table)
    if table_file:
        with open(table_file, "w", encoding="utf-8") as f:
            f.write(table + "\n")


if __name__ == "__main__":
    main()
