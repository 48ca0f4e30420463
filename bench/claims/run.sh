#!/usr/bin/env bash
# Claims benchmark: scores the story analysis's claims against our hand labels on the demo corpus
# and ECB+ events (bench/claims/labels.tsv), then on held-out labels (bench/claims/heldout.tsv),
# and measures the time analysis adds to the digest. Writes bench/claims/RESULTS.md.
# Data: ../shared/data/clustering/ecbplus beside the repository (override with TIDINGS_ECBPLUS);
# read in place, never copied. Exit code: 0 when the goals hold on labels.tsv, 1 when not, 2 when data is missing.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DATA=${TIDINGS_ECBPLUS:-$ROOT/../shared/data/clustering/ecbplus}
if [ ! -f "$DATA/labels.tsv" ] || [ ! -d "$DATA/docs" ]; then
  echo "error: ECB+ missing at $DATA (expected ../shared/data/clustering/ecbplus beside the repository, or set TIDINGS_ECBPLUS)" >&2
  exit 2
fi
export TIDINGS_ECBPLUS="$DATA"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
echo "building the harness" >&2
cargo build --quiet --release -p tidings-digest --example claims_bench
BENCH="$CARGO_TARGET_DIR/release/examples/claims_bench"
cd "$ROOT"
OUT="$HERE/RESULTS.md"
status=0
{
  echo "# Claims benchmark results"
  echo
  echo "Written by \`bench/claims/run.sh\` on $(date -u +%Y-%m-%d). Labels: bench/claims/labels.tsv (the set the rules were"
  echo "tuned on) and bench/claims/heldout.tsv (labelled blind, see README.md)."
  echo
  echo "## Labelled set"
  echo
  echo '```'
  "$BENCH" score bench/claims/labels.tsv || status=$?
  echo '```'
  echo
  echo "## Held-out set"
  echo
  echo '```'
  "$BENCH" score bench/claims/heldout.tsv || true
  echo '```'
  echo
  echo "## Wider check"
  echo
  echo '```'
  "$BENCH" wide bench/claims/labels.tsv bench/claims/heldout.tsv
  echo '```'
  echo
  echo "## Time"
  echo
  "$BENCH" time "${CLAIMS_TIME_RUNS:-9}"
} | tee "$OUT"
exit $status
