#!/usr/bin/env bash
# The brief benchmark (issue 14): key-fact coverage against LEAD and a centroid baseline, disputed
# values, captions and datelines, and brief latency. Rewrites bench/briefs/RESULTS.md.
#
#   bash bench/briefs/run.sh           everything (about half a minute after the build)
#   bash bench/briefs/run.sh --quick   fewer latency repetitions
#
# Reads ../shared/data/clustering/{ecbplus,gvc} in place (SHARED=DIR to point elsewhere) and the
# labelled key facts in bench/briefs/facts/. Raw results go to bench/out/briefs-*.json (git-ignored).
# Exit codes: 0 done; 2 usage; 3 data missing; other: a build or run failed.
set -euo pipefail
cd "$(dirname "$0")/../.."

REPS=15
for arg in "$@"; do
  case "$arg" in
    --quick) REPS=5 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "briefs bench: unknown argument $arg (use --quick or nothing)" >&2; exit 2 ;;
  esac
done

SHARED="${SHARED:-../shared}"
for d in ecbplus gvc; do
  if [ ! -f "$SHARED/data/clustering/$d/labels.tsv" ]; then
    echo "briefs bench: $SHARED/data/clustering/$d not found (expected labels.tsv and docs/)." >&2
    echo "briefs bench: it lives in the shared data folder next to the repository; set SHARED=DIR to point elsewhere." >&2
    exit 3
  fi
done

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tidings-target}"
echo "briefs bench: building release" >&2
cargo build --release -q -p tidings-bench-briefs
BIN="$CARGO_TARGET_DIR/release/briefs-bench"
OUT=bench/out
mkdir -p "$OUT"

echo "briefs bench: key facts (demo corpus and ECB+)" >&2
"$BIN" quality --shared "$SHARED" >"$OUT/briefs-quality.json"
echo "briefs bench: captions, credits and datelines (demo corpus, ECB+, GVC)" >&2
"$BIN" hygiene --shared "$SHARED" >"$OUT/briefs-hygiene.json"
echo "briefs bench: latency (one core)" >&2
"$BIN" latency --shared "$SHARED" --reps "$REPS" >"$OUT/briefs-latency.json"

python3 bench/briefs/table.py "$OUT/briefs-quality.json" "$OUT/briefs-hygiene.json" "$OUT/briefs-latency.json" >bench/briefs/RESULTS.md
cat bench/briefs/RESULTS.md
