#!/usr/bin/env python3
"""Writes a deterministic synthetic news stream as JSON Lines, for the store benchmark.

Each story has its own made-up topic words, names and place; its articles (from different
outlets) reuse them in varied sentences with common filler, so the grouping can find the stories.
Articles come in publication order, stories overlap in time.

usage: synth.py STORIES ARTICLES_PER_STORY > stream.jsonl
"""
import json
import random
import sys
from datetime import datetime, timedelta, timezone

SYL = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi", "be", "do", "fa", "gu", "ha", "ji", "ko", "la", "ma", "no", "pi", "sa",
       "te", "ul", "ve", "wa", "yo", "qua", "dre", "sto", "pla", "gri"]
FILLER = ["officials said", "according to local reports", "witnesses told reporters", "the ministry confirmed",
          "residents described", "analysts expect", "the agency reported", "a spokesperson added"]
VERBS = ["affected", "delayed", "announced", "questioned", "supported", "reviewed", "expanded", "halted"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def main():
    stories = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    per = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    rnd = random.Random(42)
    used = set()

    def word(n=3, unique=False):
        # Topic words are unique to their story (30^4 = 810,000 candidates); names and places
        # may repeat across stories, as they do in the news.
        while True:
            w = "".join(rnd.choice(SYL) for _ in range(n))
            if not unique or w not in used:
                used.add(w)
                return w

    base = datetime(2024, 1, 1, tzinfo=timezone.utc)
    items = []
    for s in range(stories):
        topic = [word(4, unique=True) for _ in range(8)]
        names = [word().capitalize() + " " + word().capitalize() for _ in range(2)]
        place = word(2).capitalize() + word(2)
        start = base + timedelta(seconds=s * 3000)
        for a in range(per):
            t = start + timedelta(seconds=a * 1200 + rnd.randint(0, 600))
            sents = []
            for _ in range(rnd.randint(6, 10)):
                w1, w2, w3 = rnd.sample(topic, 3)
                sents.append(f"{rnd.choice(FILLER).capitalize()} that the {w1} {w2} in {place} {rnd.choice(VERBS)} the {w3} "
                              f"of {rnd.choice(names)} on {rnd.choice(DAYS)}.")
            title = f"{names[0]} and the {topic[0]} {topic[1]} in {place}"
            items.append((t, {"title": title, "text": " ".join(sents), "outlet": f"Outlet {rnd.randint(1, 40)}",
                              "url": f"https://synth.example/{s}/{a}", "published": t.isoformat()}))
    items.sort(key=lambda x: x[0])
    out = sys.stdout
    for _, obj in items:
        out.write(json.dumps(obj) + "\n")


if __name__ == "__main__":
    main()
