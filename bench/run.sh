#!/usr/bin/env bash
# One command for tidings' speed and grouping-quality figures; rewrites the table in bench/README.md.
#
#   bench/run.sh           10k, 100k and 1M synthetic articles, and WikiRef220
#   bench/run.sh --quick   10k synthetic articles and WikiRef220 (CI-sized, about a minute)
#
#   BENCH_SIZES="10000 100000" bench/run.sh   other stream sizes; RUN_TIMEOUT_SECS=N stops a slow run
#
# Needs ../shared/data/clustering/wikiref220 (or WIKIREF=DIR): it is read in place, never copied.
# Synthetic streams and raw results go to bench/out/ (git-ignored). Builds release once.
# Exit codes: 0 done; 2 usage; 3 WikiRef220 missing; other: a build or run failed.
set -euo pipefail
cd "$(dirname "$0")/.."

QUICK=0
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=1 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "bench: unknown argument $arg (use --quick or nothing)" >&2; exit 2 ;;
  esac
done

WIKIREF="${WIKIREF:-../shared/data/clustering/wikiref220}"
if [ ! -f "$WIKIREF/labels.tsv" ]; then
  echo "bench: WikiRef220 not found at $WIKIREF (expected a directory with labels.tsv and docs/)." >&2
  echo "bench: it lives in the shared data folder next to the repository; set WIKIREF=DIR to point elsewhere." >&2
  exit 3
fi

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tidings-target}"
SIZES=(10000 100000 1000000)
[ "$QUICK" = 1 ] && SIZES=(10000)
if [ -n "${BENCH_SIZES:-}" ]; then read -r -a SIZES <<<"$BENCH_SIZES"; fi
# A run that takes longer than this is stopped and reported as unfinished.
RUN_TIMEOUT_SECS="${RUN_TIMEOUT_SECS:-3600}"
OUT=bench/out
mkdir -p "$OUT"

echo "bench: building release" >&2
cargo build --release -q -p tidings-cli
BIN=("$CARGO_TARGET_DIR/release/tidings" eval)

results=()
for n in "${SIZES[@]}"; do
  stream="$OUT/synth-1-$n.jsonl"
  echo "bench: generating $n synthetic articles (seed 1)" >&2
  "${BIN[@]}" synth --seed 1 --articles "$n" --out "$stream"
  echo "bench: digest pipeline on $n articles" >&2
  if timeout "$RUN_TIMEOUT_SECS" "${BIN[@]}" clustering "$stream" --mode full --format json --errors 5 \
      >"$OUT/run-$n.json" 2>"$OUT/run-$n.log"; then
    results+=("$OUT/run-$n.json")
  else
    echo "{\"unfinished\": true, \"articles\": $n, \"timeout_seconds\": $RUN_TIMEOUT_SECS}" >"$OUT/run-$n.json"
    results+=("$OUT/run-$n.json")
    echo "bench: the $n-article run did not finish within $RUN_TIMEOUT_SECS s" >&2
  fi
done

# Grouping memory apart from cleaning and briefs, on the largest stream up to 100k.
MEM_N=10000
for n in "${SIZES[@]}"; do
  if [ "$n" -le 100000 ] && [ "$n" -gt "$MEM_N" ]; then MEM_N=$n; fi
done
[ -f "$OUT/synth-1-$MEM_N.jsonl" ] || "${BIN[@]}" synth --seed 1 --articles "$MEM_N" --out "$OUT/synth-1-$MEM_N.jsonl"
echo "bench: stages (prepare, then group) on $MEM_N articles" >&2
"${BIN[@]}" clustering "$OUT/synth-1-$MEM_N.jsonl" --mode stages --format json >"$OUT/stages-$MEM_N.json" 2>"$OUT/stages-$MEM_N.log"

echo "bench: WikiRef220" >&2
"${BIN[@]}" clustering "$WIKIREF" --mode group --format json --errors 5 >"$OUT/wikiref220.json" 2>"$OUT/wikiref220.log"

python3 bench/table.py "$(nproc)" "$OUT/wikiref220.json" "$OUT/stages-$MEM_N.json" "${results[@]}" >"$OUT/table.md"
python3 - "$OUT/table.md" <<'PY'
import sys, re
table = open(sys.argv[1], encoding="utf-8").read()
path = "bench/README.md"
text = open(path, encoding="utf-8").read()
start, end = "<!-- bench:table:start -->", "<!-- bench:table:end -->"
if start not in text or end not in text:
    sys.exit("bench: bench/README.md lost its table markers")
before, rest = text.split(start, 1)
_, after = rest.split(end, 1)
open(path, "w", encoding="utf-8").write(before + start + "\n" + table + end + after)
PY
cat "$OUT/table.md"
