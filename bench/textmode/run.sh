#!/usr/bin/env bash
# Text-mode benchmark: the AEB and trafilatura-eval pages rendered to plain text by renderers that are not ours,
# w3m (a text browser; once more at its default 80 columns, which hard-wraps paragraphs) and lxml (render_lxml.py: the visible text a browser copies, in bench/.venv), read by `tidings digest` as a user's pasted text (.txt files) and as JSON Lines with each page's URL, and
# scored by score.py: title exact match, must-include kept, must-exclude left, AEB body F1 from text. Then every data
# set in ../shared is read by `tidings digest` and its articles without a title and lost articles are counted.
# Prints markdown tables and writes them to bench/textmode/RESULTS.md.
# Data: ../shared/data/ next to the repository (override with TIDINGS_SHARED_DATA). Rendered text goes to
# bench/out/textmode/ (ignored by git), never into the repository.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DATA=${TIDINGS_SHARED_DATA:-$ROOT/../shared/data}
for f in extraction/scrapinghub-aeb/ground-truth.json extraction/scrapinghub-aeb/html extraction/trafilatura-eval/evaldata.json \
  extraction/trafilatura-eval/html clustering/ecbplus/docs clustering/gvc/docs clustering/wikiref220/docs; do
  if [ ! -e "$DATA/$f" ]; then
    echo "error: benchmark data missing: $DATA/$f (expected ../shared/data/ beside the repository, or set TIDINGS_SHARED_DATA)" >&2
    exit 2
  fi
done
if ! command -v w3m >/dev/null; then
  echo "error: w3m not found: the renderer is Debian's w3m (apt-get install w3m)" >&2
  exit 2
fi
PY=${PYTHON:-python3}
OUT="$ROOT/bench/out/textmode"
mkdir -p "$OUT"

echo "building tidings" >&2
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
cargo build --quiet --release -p tidings-cli
BIN="$CARGO_TARGET_DIR/release/tidings"

# The second renderer, lxml's visible text as a browser copies it (render_lxml.py), runs in the bench's venv.
VENV="$ROOT/bench/.venv"
if [ ! -x "$VENV/bin/python" ]; then
  echo "creating $VENV" >&2
  "$PY" -m venv "$VENV"
fi
"$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$HERE/requirements.txt"

echo "rendering the pages with $(w3m -version | head -n 1) and with lxml" >&2
"$PY" "$HERE/render.py" "$DATA/extraction" "$OUT/w3m"
# The same at w3m's and lynx's default width, 80 columns: paragraphs hard-wrapped, as a terminal dump or an e-mail has them.
"$PY" "$HERE/render.py" "$DATA/extraction" "$OUT/w3m80" 80
"$VENV/bin/python" "$HERE/render_lxml.py" "$DATA/extraction" "$OUT/lxml"

echo "running tidings on the text" >&2
for r in w3m lxml w3m80; do
  # The w3m outputs keep their old names (text-*, url-*), which earlier runs and docs refer to.
  p=$([ "$r" = w3m ] && echo "" || echo "$r-")
  for s in aeb eval; do
    "$BIN" digest "$OUT/$r/$s" --format json --no-analysis >"$OUT/${p}text-$s.json" 2>"$OUT/${p}text-$s.log" || true
    "$BIN" digest "$OUT/$r/$s.jsonl" --format json --no-analysis >"$OUT/${p}url-$s.json" 2>"$OUT/${p}url-$s.log" || true
  done
done
PAGES=$(
  "$PY" "$HERE/score.py" "$DATA/extraction" "$OUT/w3m" "w3m, text files=$OUT/text" "w3m, JSON Lines with the URL=$OUT/url"
  "$PY" "$HERE/score.py" "$DATA/extraction" "$OUT/lxml" "lxml, text files=$OUT/lxml-text" "lxml, JSON Lines with the URL=$OUT/lxml-url" | tail -n +3
  "$PY" "$HERE/score.py" "$DATA/extraction" "$OUT/w3m80" "w3m at 80 columns (hard-wrapped), text files=$OUT/w3m80-text" | tail -n +3
)

echo "reading every data set" >&2
SETS=$(
  echo "| data set | files | articles in stories | articles without a title | files lost |"
  echo "|---|---|---|---|---|"
  for d in "examples/seeds=$ROOT/examples/seeds" "ECB+=$DATA/clustering/ecbplus/docs" "GVC=$DATA/clustering/gvc/docs" \
    "WikiRef220=$DATA/clustering/wikiref220/docs" "AEB as text (w3m)=$OUT/w3m/aeb" "trafilatura-eval as text (w3m)=$OUT/w3m/eval" \
    "AEB as text (lxml)=$OUT/lxml/aeb" "trafilatura-eval as text (lxml)=$OUT/lxml/eval" \
    "AEB as text (w3m, 80 columns)=$OUT/w3m80/aeb" "trafilatura-eval as text (w3m, 80 columns)=$OUT/w3m80/eval"; do
    name=${d%%=*}
    dir=${d#*=}
    "$BIN" digest "$dir" --format json --no-analysis >"$OUT/set.json" 2>/dev/null || true
    "$PY" - "$name" "$dir" "$OUT/set.json" <<'PYEOF'
import json, os, sys
name, d, out = sys.argv[1:]
files = sum(len(fs) for _, _, fs in os.walk(d))
with open(out, encoding="utf-8") as f:
    arts = [a for s in json.load(f)["stories"] for a in s["articles"]]
untitled = sum(1 for a in arts if not (a.get("title") or "").strip())
print(f"| {name} | {files} | {len(arts)} | {untitled} | {files - len(arts)} |")
PYEOF
  done
)
echo "$PAGES"
echo
echo "$SETS"
{
  echo "# Text-mode benchmark results"
  echo
  echo "Produced by \`bench/textmode/run.sh\` on $(date -u +%Y-%m-%d). The 181 AEB and 990 trafilatura-eval pages are"
  echo "rendered to plain text by renderers that are not ours: $(w3m -version | head -n 1 | cut -d, -f1) (\`-dump\`, one block a line,"
  echo "with its list bullets, alt texts, rules and field boxes) and lxml $("$VENV/bin/python" -c 'import lxml; print(lxml.__version__)')"
  echo "(render_lxml.py: the visible text a browser copies, one block a line, no bullets, alt texts or rules); and w3m at its"
  echo "default width of 80 columns, which hard-wraps every paragraph as a terminal dump or an e-mail does. Each is read"
  echo "by \`tidings digest\` as .txt files (what a user pastes: no URL, no metadata) and as JSON Lines objects with the page's URL."
  echo "eval: title exact match over the 845 non-empty labels (normalised as bench/extraction/score.py does), must-include"
  echo "snippets kept and must-exclude snippets left in the article text (micro-summed). AEB: 4-gram shingle P/R per page,"
  echo "averaged, F1 of the means, ± bootstrap sd. Pages lost: pages with no article in any story."
  echo
  echo "$PAGES"
  echo
  echo "Every data set read by \`tidings digest\` (text files; \`files lost\` counts files with no article in any story):"
  echo
  echo "$SETS"
} >"$HERE/RESULTS.md"
