#!/usr/bin/env bash
# GVC with some of its publication dates taken away: dated and undated reports of one incident mixed, as a user's
# pile of feed items and pasted pages mixes them. Rules that compare undated articles with dated stories (the day a
# lead names, `other_day` in crates/story/src/group.rs) must not split real incidents there.
#
# Writes twelve masks of labels.tsv (every other article's date taken away, both ways; then a third, half or two
# thirds of them at random, seeds 2-11) into a temporary directory beside a link to GVC's docs, and prints
# `tidings eval clustering` on each: B3 F1, pairwise F1, stories, look-alike pairs sharing a story.
# Usage: bench/grouping/masked_dates.sh [TIDINGS_BINARY]   (data: ../shared/data/clustering/gvc, or CLUSTERING=DIR)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
GVC=${CLUSTERING:-$ROOT/../shared/data/clustering}/gvc
if [ ! -f "$GVC/labels.tsv" ] || [ ! -d "$GVC/docs" ]; then
  echo "error: GVC data missing: $GVC/labels.tsv and $GVC/docs (expected ../shared/data/clustering/gvc beside the repository, or set CLUSTERING)" >&2
  exit 3
fi
BIN=${1:-}
if [ -z "$BIN" ]; then
  export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
  cargo build --quiet --release -p tidings-cli
  BIN=$CARGO_TARGET_DIR/release/tidings
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
ln -s "$(cd "$GVC/docs" && pwd)" "$WORK/docs"
echo "| mask | undated | B3 F1 | pairwise F1 | stories | look-alike pairs sharing a story |"
echo "|---|---:|---:|---:|---:|---:|"
for mask in alt0 alt1 2 3 4 5 6 7 8 9 10 11; do
  undated=$(python3 - "$GVC/labels.tsv" "$WORK/labels.tsv" "$mask" <<'EOF'
import csv, random, sys
src, dst, mask = sys.argv[1], sys.argv[2], sys.argv[3]
rows = list(csv.reader(open(src, encoding="utf-8"), delimiter="\t"))
head = rows[0]
at = head.index("published")
if mask.startswith("alt"):
    drop = lambda k: (k + int(mask[3:])) % 2 == 0
else:
    rnd = random.Random(int(mask))
    share = [0.3, 0.5, 0.7][int(mask) % 3]
    drop = lambda k: rnd.random() < share
undated = 0
with open(dst, "w", encoding="utf-8") as out:
    out.write("\t".join(head) + "\n")
    for k, r in enumerate(rows[1:]):
        if drop(k):
            r = r[:]
            r[at] = ""
        undated += not r[at]
        out.write("\t".join(r) + "\n")
print(undated)
EOF
)
  "$BIN" eval clustering "$WORK" --format json 2>/dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin)
print("| %s | %s | %.4f | %.4f | %d / %d | %d |" % (sys.argv[1], sys.argv[2], d["bcubed"]["f1"], d["pairwise"]["f1"], d["predicted_clusters"], d["gold_clusters"], d["lookalikes"]["shared"]))' "$mask" "$undated"
done
