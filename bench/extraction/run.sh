#!/usr/bin/env bash
# Extraction benchmark: tidings and trafilatura on the same pages in the same run, one core each, scored by one
# scorer (score.py). Prints a markdown table and writes it to bench/extraction/RESULTS.md.
# Data: ../shared/data/extraction/ next to the repository (override with TIDINGS_EXTRACTION_DATA). Never copied here.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DATA=${TIDINGS_EXTRACTION_DATA:-$ROOT/../shared/data/extraction}
for f in scrapinghub-aeb/ground-truth.json scrapinghub-aeb/html trafilatura-eval/evaldata.json trafilatura-eval/html; do
  if [ ! -e "$DATA/$f" ]; then
    echo "error: benchmark data missing: $DATA/$f (expected ../shared/data/extraction/ beside the repository, or set TIDINGS_EXTRACTION_DATA)" >&2
    exit 2
  fi
done
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null || PY=python3
OUT="$ROOT/bench/out/extraction"
mkdir -p "$OUT"
# Pin both tools to one core when taskset exists.
PIN=()
command -v taskset >/dev/null && PIN=(taskset -c 0)
TIME=()
[ -x /usr/bin/time ] && TIME=(/usr/bin/time -v)

echo "building the harness" >&2
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
cargo build --quiet --release -p tidings-extract --example extract_bench
HARNESS="$CARGO_TARGET_DIR/release/examples/extract_bench"

VENV="$ROOT/bench/.venv"
if [ ! -x "$VENV/bin/python" ]; then
  echo "creating $VENV" >&2
  "$PY" -m venv "$VENV"
fi
"$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$HERE/requirements.txt"

peak() { # peak RSS in kB from a /usr/bin/time -v log, empty when unknown
  [ -f "$1" ] && sed -n 's/.*Maximum resident set size (kbytes): //p' "$1" || true
}

echo "running tidings" >&2
"${PIN[@]}" "${TIME[@]}" -o "$OUT/tidings.time" "$HARNESS" "$DATA" "$OUT/tidings" 2>&1 >/dev/null | grep -v '^$' >&2 || true
[ -f "$OUT/tidings/aeb.json" ] || { echo "error: the tidings harness produced no output" >&2; exit 1; }
echo "running trafilatura (about a minute)" >&2
"${PIN[@]}" "${TIME[@]}" -o "$OUT/trafilatura.time" "$VENV/bin/python" "$HERE/run_trafilatura.py" "$DATA" "$OUT/trafilatura" 2>&1 >/dev/null | grep -v '^warning' >&2 || true
[ -f "$OUT/trafilatura/aeb.json" ] || { echo "error: the trafilatura run produced no output" >&2; exit 1; }

TRAF_VERSION=$("$VENV/bin/python" -c 'import trafilatura; print(trafilatura.__version__)')
TABLE=$("$VENV/bin/python" "$HERE/score.py" "$DATA" \
  "tidings=$OUT/tidings:$(peak "$OUT/tidings.time")" \
  "trafilatura $TRAF_VERSION=$OUT/trafilatura:$(peak "$OUT/trafilatura.time")")
echo "$TABLE"
{
  echo "# Extraction benchmark results"
  echo
  echo "Produced by \`bench/extraction/run.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores, each tool pinned to one core."
  echo "AEB: 181 pages (4-gram shingle P/R averaged per page, F1 of the means, ± bootstrap sd)."
  echo "eval: trafilatura-eval, 990 pages (must-include/must-exclude snippets, micro-summed); title/author/date"
  echo "exact match over the non-empty labels, normalised alike for both tools (see score.py). ms/page is the mean"
  echo "thread CPU time (and wall time) of the extraction call over all 1171 pages, reading and gunzipping excluded;"
  echo "the machine is shared, so CPU time is the steadier figure. Peak RSS is the whole process's (/usr/bin/time -v)."
  echo
  echo "$TABLE"
} > "$HERE/RESULTS.md"
