#!/usr/bin/env bash
# One command for tidings' speed and grouping-quality figures; rewrites the table in bench/README.md.
#
#   bench/run.sh           10k, 100k and 1M synthetic articles; ECB+, GVC and WikiRef220
#   bench/run.sh --quick   10k synthetic articles; ECB+, GVC and WikiRef220 (a few minutes)
#
#   BENCH_SIZES="10000 100000" bench/run.sh   other stream sizes; RUN_TIMEOUT_SECS=N stops a slow run
#
# Needs ../shared/data/clustering/{ecbplus,gvc,wikiref220} (or CLUSTERING=DIR holding them): they are
# read in place, never copied. The plain TF-IDF peer runs in bench/.venv (scikit-learn, installed on
# first use from bench/grouping/requirements.txt). It also runs bench/briefs/run.sh and
# bench/textmode/run.sh (trafilatura-eval and AEB as text; needs w3m: apt-get install w3m), so one run
# reports every real data set. Synthetic streams and raw results go to bench/out/ (git-ignored).
# Builds release once.
# Exit codes: 0 done; 2 usage; 3 evaluation data missing; other: a build or run failed.
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

CLUSTERING="${CLUSTERING:-../shared/data/clustering}"
for set in ecbplus gvc wikiref220; do
  if [ ! -f "$CLUSTERING/$set/labels.tsv" ]; then
    echo "bench: $set not found at $CLUSTERING/$set (expected a directory with labels.tsv and docs/)." >&2
    echo "bench: it lives in the shared data folder next to the repository; set CLUSTERING=DIR to point elsewhere." >&2
    exit 3
  fi
done
WIKIREF="$CLUSTERING/wikiref220"
if ! command -v w3m >/dev/null; then
  echo "bench: w3m not found: the text-mode part renders pages with Debian's w3m (apt-get install w3m)." >&2
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
  # Short runs are noisy on a shared machine: up to 100k, three runs and the median CPU time is kept.
  repeats=1
  if [ "$n" -le 100000 ]; then repeats=3; fi
  echo "bench: digest pipeline on $n articles ($repeats run(s))" >&2
  ok=1
  for r in $(seq 1 "$repeats"); do
    if ! timeout "$RUN_TIMEOUT_SECS" "${BIN[@]}" clustering "$stream" --mode full --format json --errors 5 \
        >"$OUT/run-$n.$r.json" 2>"$OUT/run-$n.$r.log"; then
      ok=0
      break
    fi
  done
  if [ "$ok" = 1 ]; then
    median=$(for r in $(seq 1 "$repeats"); do
      python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["pipeline_cpu_seconds"], sys.argv[2])' "$OUT/run-$n.$r.json" "$r"
    done | sort -g | awk -v k=$(( (repeats + 1) / 2 )) 'NR == k { print $2 }')
    cp "$OUT/run-$n.$median.json" "$OUT/run-$n.json"
    cp "$OUT/run-$n.$median.log" "$OUT/run-$n.log"
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

# Grouping quality on real, labelled coverage. Each set: one batch (`--mode group`), its events
# digested one by one (`--mode piles`), a shuffled input, and the store fed in batches of 16.
real=()
run_real() { # name dir [flags...]
  local name=$1 dir=$2
  shift 2
  echo "bench: $name" >&2
  "${BIN[@]}" clustering "$dir" --mode group --format json --errors 5 "$@" >"$OUT/$name.json" 2>"$OUT/$name.log"
  "${BIN[@]}" clustering "$dir" --mode piles --format json "$@" >"$OUT/$name.piles.json" 2>>"$OUT/$name.log"
  "${BIN[@]}" clustering "$dir" --mode group --format json --shuffle 7 "$@" >"$OUT/$name.shuffled.json" 2>>"$OUT/$name.log"
  "${BIN[@]}" clustering "$dir" --mode store --format json "$@" >"$OUT/$name.store.json" 2>>"$OUT/$name.log"
  real+=("$name")
}
run_real ecbplus "$CLUSTERING/ecbplus"
run_real gvc "$CLUSTERING/gvc"
run_real gvc-undated "$CLUSTERING/gvc" --no-dates
run_real wikiref220 "$WIKIREF"

echo "bench: the plain TF-IDF agglomerative peer (bench/.venv)" >&2
VENV=bench/.venv
if [ ! -x "$VENV/bin/python" ]; then python3 -m venv "$VENV"; fi
if ! "$VENV/bin/python" -c "import sklearn, scipy, numpy" 2>/dev/null; then
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r bench/grouping/requirements.txt
fi
"$VENV/bin/python" bench/grouping/baseline.py "$CLUSTERING/ecbplus" "$CLUSTERING/gvc" "$WIKIREF" >"$OUT/baseline.jsonl"

# Briefs: key-fact coverage against LEAD and a centroid peer, and the latency of a brief
# (bench/briefs/RESULTS.md; the same data, read in place).
echo "bench: briefs (bench/briefs/run.sh)" >&2
bash bench/briefs/run.sh $([ "$QUICK" = 1 ] && echo --quick)

# Text mode: trafilatura-eval and AEB rendered to plain text by w3m, and every data set in ../shared
# (the demo corpus, ECB+, GVC, WikiRef220) read by `tidings digest` (bench/textmode/RESULTS.md).
echo "bench: text mode (bench/textmode/run.sh, needs w3m)" >&2
bash bench/textmode/run.sh >/dev/null

python3 bench/table.py "$(nproc)" "$OUT" "${real[*]}" "$OUT/stages-$MEM_N.json" "${results[@]}" >"$OUT/table.md"
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
