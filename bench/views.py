"""Benchmark public views at scale: SQL queries and median server time.

Usage (make bench does all of this in a throwaway database under bench/.data/):
    python bench/views.py --signatories 5000 --news 10000

The timings are of Django handling the request in-process (middleware, view,
template), measured with the test client after warm-up; the network is not
included. Query counts come from Django's own capture.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coalition.settings.dev")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

STATEMENT_URLS = [
    "/statement/",
    "/statement/signatories/",
    "/statement/signatories/?country=CA",
    "/statement/signatories.csv",
    "/statement/signatories.json",
]


def measure(client: Client, url: str, runs: int) -> tuple[int, float, int]:
    for _ in range(2):
        client.get(url)  # warm-up: renditions, caches
    reset_queries()  # each request clears the log CaptureQueriesContext indexes into
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    count = len(queries)  # read now: later requests clear the log again
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}")
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    return count, statistics.median(timings), len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--signatories", type=int, default=5000)
    parser.add_argument("--news", type=int, default=0)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    call_command("load_coalition_content", verbosity=0)
    seed = {"signatories": args.signatories}
    if args.news:
        seed["news"] = args.news
    call_command("seed_scale", **seed)

    urls = list(STATEMENT_URLS)
    if args.news:
        from bench.news_urls import NEWS_URLS

        urls += NEWS_URLS

    client = Client(HTTP_HOST="127.0.0.1")
    print(f"{'URL':45} {'queries':>7} {'median ms':>10} {'KB':>8}")
    with override_settings(DEBUG=False):
        for url in urls:
            queries, median, size = measure(client, url, args.runs)
            print(f"{url:45} {queries:7d} {median:10.1f} {size / 1024:8.0f}")


if __name__ == "__main__":
    main()
