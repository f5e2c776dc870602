"""The article reader's speed: CPU time to extract each labelled article in ``tests/articles``.

    .venv/bin/python bench/extraction.py [--repeat 5]

Builds an in-memory SQLite database, migrates it and loads the seed story (the records the
extractor matches names against), then extracts every labelled article: once in a fresh
process (the first extraction also loads the gazetteers and the cities table), and then
``--repeat`` times more. Prints the first extraction's CPU time, each article's best time, the
slowest and the median, and the time for the five first articles run together (about 600
words and more). An editor waits for one extraction per pasted article: the figures should
stay well under a second.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    os.environ.update(
        DJANGO_SETTINGS_MODULE="tracker.settings",
        TESTING="1",
        SECRET_KEY="bench",
        DATABASE_URL="sqlite://:memory:",
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from relations.extract import extract
    from relations.seed import seed_load
    from tests.extract_eval import articles

    seed_load()
    found = articles()
    began = time.process_time()
    extract(found[0].text, dt.date.fromisoformat(found[0].published_on))
    first = time.process_time() - began
    best = {}
    for article in found:
        day = dt.date.fromisoformat(article.published_on)
        for _ in range(options.repeat):
            began = time.process_time()
            extract(article.text, day)
            spent = time.process_time() - began
            best[article.name] = min(spent, best.get(article.name, spent))
    text = "\n".join(article.text for article in found[:5])
    began = time.process_time()
    extract(text, dt.date(2025, 9, 9))
    joined = time.process_time() - began
    print(f"first extraction in a fresh process: {1000 * first:.0f} ms of CPU")
    for name, spent in best.items():
        print(f"  {name:50} {1000 * spent:6.1f} ms")
    print(
        f"slowest {1000 * max(best.values()):.1f} ms, median {1000 * statistics.median(best.values()):.1f} ms"
    )
    print(f"five articles at once ({len(text.split())} words): {1000 * joined:.0f} ms")


if __name__ == "__main__":
    main()
