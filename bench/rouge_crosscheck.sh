#!/usr/bin/env bash
# Cross-checks tidings' ROUGE implementation against the Python rouge-score package, once.
#
# 1. makes a venv in bench/.venv (git-ignored) and installs rouge-score (which brings nltk);
# 2. scores the pairs in crates/eval/tests/fixtures/rouge_crosscheck.json with Python and compares
#    with the expected numbers stored there, to 1e-6 (pass --write to regenerate them);
# 3. runs the Rust test that asserts the same numbers (tidings-eval `matches_python_rouge_score`)
#    and the Porter stems in crates/eval/tests/fixtures/porter_nltk.tsv (3,000 words), also re-checked here.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=bench/.venv
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/python" -c 'import rouge_score' 2>/dev/null || "$VENV/bin/pip" install -q rouge-score
"$VENV/bin/python" bench/rouge_crosscheck.py crates/eval/tests/fixtures/rouge_crosscheck.json "$@"
# The stems the Rust test expects (crates/eval/tests/fixtures/porter_nltk.tsv), recomputed with NLTK.
"$VENV/bin/python" - <<'PY'
from nltk.stem.porter import PorterStemmer
st = PorterStemmer()
rows = [l.rstrip("\n").split("\t") for l in open("crates/eval/tests/fixtures/porter_nltk.tsv", encoding="utf-8") if not l.startswith("#")]
bad = [(w, s, st.stem(w)) for w, s in rows if st.stem(w) != s]
for w, s, got in bad[:20]:
    print(f"MISMATCH stem({w}): fixture says {s}, nltk gives {got}")
print(f"stems: {len(rows) - len(bad)} passed, {len(bad)} failed")
raise SystemExit(1 if bad else 0)
PY
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tidings-target}"
cargo test -q -p tidings-eval --lib -- rouge porter
