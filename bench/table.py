"""Renders the bench/README.md table from `tidings eval clustering --format json` results.

Usage: python3 bench/table.py CORES WIKIREF.json STAGES.json RUN.json... (called by bench/run.sh)
"""
import datetime
import json
import sys

# The goals issue 8 sets; the table says for each run whether it meets them.
GOAL_PER_CORE = 2000  # articles per CPU-second, end to end
GOAL_1M_SECONDS = 600  # 1M articles on 2 cores
GOAL_BYTES_PER_ARTICLE = 2048  # besides the article's text

cores = int(sys.argv[1])
wikiref = json.load(open(sys.argv[2]))
stages = json.load(open(sys.argv[3]))
runs = [json.load(open(p)) for p in sys.argv[4:]]


def f4(x):
    return f"{x:.4f}"


def kib(x):
    return f"{x / 1024:.2f}"


out = []
out.append(f"Measured {datetime.date.today().isoformat()} on this machine ({cores} cores, shared with other work), release build, "
           "`tidings eval clustering --mode full` (the whole digest: cleaning, grouping, briefs) on the seed-1 synthetic stream.\n")
out.append("| articles | wall s | articles/s | articles per CPU-s | peak RSS MiB | RSS growth KiB/article | of which not input text KiB/article | pairwise F1 | BCubed F1 | gold / predicted stories |")
out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
notes = []
for r in runs:
    n = r["articles"]
    if r.get("unfinished"):
        out.append(f"| {n:,} | > {r['timeout_seconds']} (stopped) | | | | | | | | |")
        notes.append(f"- {n:,} articles: did not finish within {r['timeout_seconds']} s.")
        continue
    wall = r["pipeline_seconds"]
    cpu = r.get("pipeline_cpu_seconds") or wall
    per_cpu = n / cpu
    peak = r.get("peak_rss_kb") or 0
    loaded = r.get("rss_after_read_kb") or 0
    growth = (peak - loaded) * 1024 / n
    besides_text = growth - r["text_bytes"] / n
    out.append(
        f"| {n:,} | {wall:.1f} | {n / wall:,.0f} | {per_cpu:,.0f} | {peak / 1024:,.0f} | {kib(growth)} | {kib(besides_text)} | "
        f"{f4(r['pairwise']['f1'])} | {f4(r['bcubed']['f1'])} | {r['gold_clusters']:,} / {r['predicted_clusters']:,} |"
    )
    notes.append(f"- {n:,} articles: {per_cpu:,.0f} articles per CPU-second "
                 f"({'meets' if per_cpu >= GOAL_PER_CORE else 'misses'} the {GOAL_PER_CORE:,}/s per core goal); "
                 f"whole-digest RSS growth {kib(besides_text)} KiB per article besides its input text"
                 + (f"; {wall:.0f} s for 1M ({'meets' if wall <= GOAL_1M_SECONDS else 'misses'} the 10-minute goal)" if n == 1_000_000 else "")
                 + ".")
st = stages["stages"]
sn = stages["articles"]
group_bytes = ((st["peak_during_group_kb"] or 0) - (st["rss_after_prepare_kb"] or 0)) * 1024 / sn
out.append("")
out.append(f"Grouping alone (`--mode stages`, {sn:,} articles): cleaning {st['prepare_seconds']:.1f} s "
           f"({sn / st['prepare_seconds']:,.0f} articles/s), grouping {st['group_seconds']:.1f} s "
           f"({sn / st['group_seconds']:,.0f} articles/s); the grouping raises resident memory by "
           f"**{group_bytes:,.0f} bytes per article** over the cleaned corpus "
           f"({'peak reset before grouping' if st['peak_was_reset'] else 'peak NOT reset: may include cleaning'}; "
           f"cleaned text is {st['cleaned_text_bytes'] / sn:,.0f} bytes per article and is not counted).")
notes.append(f"- Grouping memory: {group_bytes:,.0f} bytes per article besides its text "
             f"({'meets' if group_bytes <= GOAL_BYTES_PER_ARTICLE else 'misses'} the 2 KB goal; the grouping keeps every "
             f"article of the batch, so this is per article of the batch, not only of a time window).")
out.append("")
out.append("Grouping quality: WikiRef220 with `--mode group` (220 articles, 16 topic labels, no dates: a smoke test, not a "
           "benchmark), and the synthetic runs above:\n")
out.append("| data | articles | pairwise P | pairwise R | pairwise F1 | BCubed P | BCubed R | BCubed F1 | gold / predicted clusters |")
out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
w = wikiref
out.append(f"| WikiRef220 | {w['articles']} | {f4(w['pairwise']['precision'])} | {f4(w['pairwise']['recall'])} | {f4(w['pairwise']['f1'])} | "
           f"{f4(w['bcubed']['precision'])} | {f4(w['bcubed']['recall'])} | {f4(w['bcubed']['f1'])} | {w['gold_clusters']} / {w['predicted_clusters']} |")
for r in runs:
    if r.get("unfinished"):
        continue
    out.append(f"| synthetic seed 1 | {r['articles']:,} | {f4(r['pairwise']['precision'])} | {f4(r['pairwise']['recall'])} | {f4(r['pairwise']['f1'])} | "
               f"{f4(r['bcubed']['precision'])} | {f4(r['bcubed']['recall'])} | {f4(r['bcubed']['f1'])} | {r['gold_clusters']:,} / {r['predicted_clusters']:,} |")
out.append("")
out.append("Against the goals:\n")
out.extend(notes)
out.append("")
print("\n".join(out))
