#!/usr/bin/env python3
"""Builds the background word frequencies tidings' grouping weighs terms with.

Writes crates/story/data/background/<lang>.tsv.gz: one `word<TAB>frequency` line per word, most
frequent first, the frequency in occurrences per billion words (at least 1). The words and figures
come from the `wordfreq` package (Robyn Speer, https://github.com/rspeer/wordfreq), version pinned
below, whose data is licensed CC BY-SA 4.0: so are these tables (see README.md in this folder).

Run it from the repository root with a Python that has wordfreq installed, e.g.

    python3 -m venv bench/.venv && bench/.venv/bin/pip install wordfreq==3.1.1
    bench/.venv/bin/python crates/story/data/build_background.py

It is not run at build time: the tables are committed, and nothing is downloaded when tidings builds.
"""
import gzip
import os
import sys

import wordfreq

WORDFREQ_VERSION = "3.1.1"
# The languages tidings has a Snowball stemmer for (crates/text/src/tokens.rs), with the number of
# most frequent words kept: beyond that, words are rarer than about 1 in 2 million and the grouping
# treats them as rare anyway.
LANGUAGES = {
    "en": 60000, "de": 40000, "fr": 40000, "es": 40000, "it": 40000, "pt": 40000, "nl": 40000,
    "sv": 30000, "da": 30000, "nb": 30000, "fi": 30000, "ru": 40000, "ro": 30000, "hu": 30000,
    "tr": 30000, "ar": 30000, "el": 30000,
}
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "background")


def keep(word):
    # tidings' words are maximal runs of letters and digits; other tokens never match one.
    return word.isalnum() and not word.isdigit()


def main():
    from importlib.metadata import version
    have = version("wordfreq")
    if have != WORDFREQ_VERSION:
        sys.exit(f"wordfreq {have} found; these tables are built from {WORDFREQ_VERSION}")
    os.makedirs(OUT, exist_ok=True)
    for lang, n in LANGUAGES.items():
        rows = []
        for w in wordfreq.top_n_list(lang, n * 2, wordlist="best"):
            if not keep(w):
                continue
            f = wordfreq.word_frequency(w, lang, wordlist="best")
            rows.append((w, max(1, round(f * 1e9))))
            if len(rows) >= n:
                break
        # Fixed gzip header time and no file name, so a rebuild gives the same bytes.
        path = os.path.join(OUT, f"{lang}.tsv.gz")
        with open(path, "wb") as raw:
            with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as gz:
                gz.write("".join(f"{w}\t{f}\n" for w, f in rows).encode("utf-8"))
        print(f"{lang}: {len(rows)} words, {os.path.getsize(path)} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
