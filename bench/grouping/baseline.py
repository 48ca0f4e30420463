#!/usr/bin/env python3
"""The peer for tidings' grouping: plain TF-IDF vectors clustered agglomeratively, with the
threshold tuned on the labels themselves (an upper bound for that method, which a real system
could not tune so).

    python3 bench/grouping/baseline.py DIR [DIR ...]

Each DIR holds labels.tsv (a header `file, event|label, topic, published`) and the files it names,
next to it or under docs/. For each, prints one JSON line: the best BCubed F1 over the thresholds
tried, with that threshold's pairwise F1, precision and recall, and how many look-alike pairs (two
events of one topic) share a cluster. Needs scikit-learn and scipy (bench/run.sh installs them
into bench/.venv).
"""
import collections
import itertools
import json
import os
import sys

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from sklearn.feature_extraction.text import TfidfVectorizer

THRESHOLDS = [round(0.05 * k, 2) for k in range(1, 19)]


def read(d):
    rows = [line.rstrip("\n").split("\t") for line in open(os.path.join(d, "labels.tsv"), encoding="utf-8", errors="replace")]
    head = [c.strip().lower() for c in rows[0]]
    if "file" in head:
        fi = head.index("file")
        li = next(head.index(c) for c in ("event", "label", "story", "cluster") if c in head)
        ti = head.index("topic") if "topic" in head else None
        rows = rows[1:]
    else:
        fi, li, ti = 0, 1, None
    docs = []
    for r in rows:
        if len(r) < 2:
            continue
        path = next((p for p in (os.path.join(d, r[fi]), os.path.join(d, "docs", r[fi])) if os.path.isfile(p)), None)
        if path is None:
            continue
        raw = open(path, "rb").read()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
        docs.append((text, r[li].strip(), r[ti].strip() if ti is not None and ti < len(r) and r[ti].strip() else None))
    return docs


def bcubed(gold, pred):
    cells = collections.Counter(zip(gold, pred))
    gs, ps = collections.Counter(gold), collections.Counter(pred)
    n = len(gold)
    p = sum(c * c / ps[q] for (g, q), c in cells.items()) / n
    r = sum(c * c / gs[g] for (g, q), c in cells.items()) / n
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def pairwise(gold, pred):
    c2 = lambda k: k * (k - 1) // 2
    cells = collections.Counter(zip(gold, pred))
    tp = sum(c2(c) for c in cells.values())
    tpfp = sum(c2(c) for c in collections.Counter(pred).values())
    tpfn = sum(c2(c) for c in collections.Counter(gold).values())
    p = tp / tpfp if tpfp else 0.0
    r = tp / tpfn if tpfn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def lookalikes(gold, topics, pred):
    events, stories = collections.defaultdict(set), collections.defaultdict(set)
    for g, t, p in zip(gold, topics, pred):
        if t is not None:
            events[t].add(g)
            stories[g].add(p)
    pairs = shared = 0
    for evs in events.values():
        for a, b in itertools.combinations(sorted(evs), 2):
            pairs += 1
            shared += bool(stories[a] & stories[b])
    return shared, pairs


def main():
    for d in sys.argv[1:]:
        docs = read(d)
        texts = [t for t, _, _ in docs]
        gold = [g for _, g, _ in docs]
        topics = [t for _, _, t in docs]
        x = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
        sim = (x @ x.T).toarray()
        dist = np.clip(1.0 - sim, 0.0, None)
        np.fill_diagonal(dist, 0.0)
        tree = linkage(squareform((dist + dist.T) / 2, checks=False), method="average")
        best = None
        for t in THRESHOLDS:
            pred = list(fcluster(tree, 1.0 - t, criterion="distance"))
            b = bcubed(gold, pred)
            if best is None or b[2] > best[1][2]:
                best = (t, b, pairwise(gold, pred), lookalikes(gold, topics, pred))
        t, b, pw, la = best
        print(json.dumps({
            "data": d, "articles": len(docs), "threshold": t,
            "bcubed": {"precision": b[0], "recall": b[1], "f1": b[2]},
            "pairwise": {"precision": pw[0], "recall": pw[1], "f1": pw[2]},
            "lookalikes": {"shared": la[0], "pairs": la[1]},
        }))


if __name__ == "__main__":
    main()
