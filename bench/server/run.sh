#!/usr/bin/env bash
# Story pages per second from `tidings serve` on loopback, measured with wrk.
#
#   bash bench/server/run.sh [SECONDS]     (default 15 per run; writes bench/server/RESULTS.md)
#
# The store holds the ECB+ articles of ../shared/data/clustering/ecbplus/docs (462 real news
# articles, 40 events); the page asked for is the story with the most articles. Two paths:
# - a returning reader (a `seen_` visit cookie): the page is built from the store on every
#   request (the story row, its history, what changed since the visit); only the rendering of the
#   brief below the headline is reused while the story does not change. This is the uncached page.
# - a first visit: the whole page comes from the cache kept until the next batch.
# wrk runs on the same machine (2 threads). The machine may be shared: the table records the
# load average before and after each run, and the server's CPU time per request, which does not
# depend on how busy the other processes keep the cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECS="${1:-15}"
DOCS=../shared/data/clustering/ecbplus/docs
if [ ! -d "$DOCS" ]; then
    echo "error: $DOCS is missing: this benchmark serves the ECB+ articles from ../shared" >&2
    exit 2
fi
if ! command -v wrk >/dev/null; then
    echo "error: wrk is not installed (Debian: apt install wrk)" >&2
    exit 2
fi
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tidings-target}"
cargo build --release --quiet -p tidings-cli
T="$CARGO_TARGET_DIR/release/tidings"

WORK="$(mktemp -d /tmp/tidings-bench-server.XXXXXX)"
PID=""
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$WORK"' EXIT
"$T" ingest "$DOCS" --data "$WORK/data" >/dev/null 2>"$WORK/ingest.log"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$T" serve --data "$WORK/data" --addr "127.0.0.1:$PORT" --no-watch 2>"$WORK/serve.log" &
PID=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
ID=$("$T" stories --data "$WORK/data" --sort size -n 1 --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["stories"][0]["id"])')
ARTICLES=$("$T" stories --data "$WORK/data" --sort size -n 1 --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["stories"][0]["articles"])')
URL="http://127.0.0.1:$PORT/stories/$ID"
BYTES=$(curl -s "$URL" | wc -c)
TICK=$(getconf CLK_TCK)

cpu() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
run() { # name connections [wrk args]
    local name=$1 c=$2
    shift 2
    curl -s -o /dev/null "$@" "$URL"
    local load0 t0 t1 out
    load0=$(cut -d' ' -f1 /proc/loadavg)
    t0=$(cpu)
    out=$(wrk -t2 -c"$c" -d"${SECS}s" --latency "$@" "$URL")
    t1=$(cpu)
    python3 - "$name" "$c" "$load0" "$(cut -d' ' -f1 /proc/loadavg)" "$t0" "$t1" "$TICK" "$out" <<'PY'
import re, sys
name, c, l0, l1, t0, t1, tick, out = sys.argv[1:]
req = int(re.search(r"(\d+) requests in", out).group(1))
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
def lat(p):
    v, unit = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out).groups()
    return float(v) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
cpu_us = (float(t1) - float(t0)) / int(tick) * 1e6 / req
print(f"| {name} | {c} | {rps:,.0f} | {lat(50):.2f} | {lat(99):.2f} | {cpu_us:.0f} | {l0} → {l1} | {errors.group(1) if errors else 0} |")
PY
}

{
    echo "# Story page throughput"
    echo
    echo "\`bash bench/server/run.sh $SECS\` on $(date -u +%Y-%m-%d), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)),"
    echo "wrk 2 threads on the same machine, ${SECS} s per run. The page: the largest story of the ECB+ articles"
    echo "($ARTICLES articles, $BYTES bytes of HTML). Load average: the machine's, before → after the run (other"
    echo "processes included). CPU µs: the server's user + system time per request."
    echo
    echo "| path | connections | requests/s | p50 ms | p99 ms | server CPU µs/request | load average | errors |"
    echo "|---|---|---|---|---|---|---|---|"
    for c in 8 32; do
        run "uncached: returning reader (page built per request)" "$c" -H "Cookie: seen_$ID=0"
    done
    for c in 8 32; do
        run "first visit (whole page cached until the next batch)" "$c"
    done
} | tee bench/server/RESULTS.md
