"""Cross-checks tidings' ROUGE against Google's rouge-score package (used by bench/rouge_crosscheck.sh).

Reads crates/eval/tests/fixtures/rouge_crosscheck.json, scores every pair with
RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True) as WCEP's evaluate.py does, and
compares with the "expected" numbers that the Rust test asserts, to 1e-6. With --write it fills them in.
"""
import json
import sys

from rouge_score import rouge_scorer

path = sys.argv[1]
write = "--write" in sys.argv
cases = json.load(open(path, encoding="utf-8"))
scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
bad = 0
for case in cases:
    s = scorer.score(case["target"], case["prediction"])
    got = [x for k in ("rouge1", "rouge2", "rougeL") for x in (s[k].precision, s[k].recall, s[k].fmeasure)]
    if write:
        case["expected"] = got
    elif len(case["expected"]) != 9 or any(abs(a - b) > 1e-6 for a, b in zip(got, case["expected"])):
        bad += 1
        print("MISMATCH", case["target"], "|", case["prediction"], got, case["expected"])
if write:
    with open(path, "w", encoding="utf-8") as f:
        json.dump(cases, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"wrote expected scores for {len(cases)} pairs")
else:
    print(f"{len(cases) - bad} passed, {bad} failed")
    sys.exit(1 if bad else 0)
