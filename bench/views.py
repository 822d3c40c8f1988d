"""Benchmark every public page: SQL queries and median server time, with the
launch content and again at scale, against the goals of issue 10 item 6.

Usage (make bench does all of this in a throwaway database under bench/.data/):
    python bench/views.py --signatories 5000 --news 10000

Each page is measured in two SQLite databases: one with `load_coalition_content`
alone, and a copy of it with `seed_scale --signatories N --news N` added, both
with the page cache off, so the figures are the server's real work. The two are
measured in alternating rounds (switching databases and clearing the cache
between rounds, then one untimed request), so that load from other programs on
the machine weighs on both sides alike. Timings are Django handling the request
in-process (middleware, view, template, gzip), with the test client; the
network is not included. Query counts come from Django's own capture. Exits 1
when a goal is missed.
"""

import argparse
import gzip
import os
import re
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coalition.settings.dev")

import django  # noqa: E402

django.setup()

from django.contrib.staticfiles import finders  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from news.models import NewsPage  # noqa: E402

MAX_RATIO = 1.5  # median at scale / median with the launch content
MAX_HTML_KB = 40  # an HTML page as transferred (gzip) at scale
MAX_ASSETS_KB = 30  # CSS plus JavaScript, gzip
MAX_QUERIES = 10


def pages() -> list[tuple[str, str, str]]:
    """(label, URL with the launch content, URL at scale). A deep news page
    exists only at scale; with the launch content its first page stands in."""
    item = (
        NewsPage.objects.live()
        .exclude(slug__startswith="synthetic-")
        .order_by("pk")
        .first()
    )
    rows = [
        ("home", "/"),
        ("statement", "/statement/"),
        ("directory", "/statement/signatories/"),
        ("directory, a country", "/statement/signatories/?country=CA"),
        ("directory, a letter", "/statement/signatories/?from=S"),
        ("open data csv", "/statement/signatories.csv"),
        ("open data json", "/statement/signatories.json"),
        ("news index", "/news/"),
        ("news, a year", "/news/?year=2025"),
        ("news item", item.url if item else "/news/"),
        ("process page", "/news/process/igf/"),
        ("key dates", "/key-dates/"),
        ("key dates .ics", "/key-dates.ics"),
        ("news feed rss", "/news/feed/"),
        ("news feed atom", "/news/feed/atom/"),
        ("process feed", "/news/process/igf/feed/"),
        ("search results", "/search/?q=internet+governance"),
        ("sitemap", "/sitemap.xml"),
    ]
    table = [(label, url, url) for label, url in rows]
    table.insert(8, ("news, deep page", "/news/", "/news/?page=25"))
    return table


def use_database(path: Path) -> None:
    connection.close()
    connection.settings_dict["NAME"] = str(path)
    cache.clear()  # facets and menus of the other database


def first_look(client: Client, url: str) -> dict:
    for _ in range(3):
        client.get(url)  # warm-up: renditions, caches
    reset_queries()  # each request clears the log CaptureQueriesContext indexes into
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    count = len(queries)  # read now: later requests clear the log again
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}")
    body = response.content
    gzipped = response.get("Content-Encoding") == "gzip"
    raw = gzip.decompress(body) if gzipped else body
    return {
        "queries": count,
        "raw": len(raw),
        # What crosses the network: the body as sent (compressed or not).
        "sent": len(body),
        "html": response.get("Content-Type", "").startswith("text/html"),
        "page": raw,
        "timings": [],
    }


def measure(client, row, databases: list[Path], rounds: int, per_round: int):
    """Both databases' figures for one page, timed in alternating rounds."""
    results = []
    for column, path in enumerate(databases, start=1):
        use_database(path)
        results.append(first_look(client, row[column]))
    for _ in range(rounds):
        for column, path in enumerate(databases, start=1):
            use_database(path)
            client.get(row[column])  # after the switch: connection, caches
            for _ in range(per_round):
                start = time.perf_counter()
                client.get(row[column])
                results[column - 1]["timings"].append(
                    (time.perf_counter() - start) * 1000
                )
    for result in results:
        result["ms"] = statistics.median(result["timings"])
    return results


def asset_sizes(html: bytes) -> list[tuple[str, int]]:
    """Every stylesheet and script the home page loads, gzipped."""
    text = html.decode()
    refs = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', text)
    refs += re.findall(r'<script[^>]+src="([^"]+)"', text)
    sizes = []
    for ref in refs:
        name = ref.split("/static/", 1)[-1].split("?")[0]
        found = finders.find(name)
        if found is None:
            raise SystemExit(f"asset not found: {ref}")
        sizes.append((name, len(gzip.compress(Path(found).read_bytes(), 9))))
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--signatories", type=int, default=5000)
    parser.add_argument("--news", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--per-round", type=int, default=3)
    args = parser.parse_args()
    if connection.vendor != "sqlite":
        raise SystemExit("bench/views.py needs SQLite: it copies the database file.")

    launch_db = Path(connection.settings_dict["NAME"])
    scale_db = launch_db.with_name("scale.sqlite3")
    call_command("migrate", verbosity=0)
    call_command("load_coalition_content", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    shutil.copyfile(launch_db, scale_db)
    use_database(scale_db)
    print(
        f"Seeding a copy: {args.signatories} signatories, {args.news} news items...",
        flush=True,
    )
    call_command(
        "seed_scale", signatories=args.signatories, news=args.news, verbosity=0
    )

    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_ENCODING="gzip")
    launch, scale = {}, {}
    with override_settings(DEBUG=False, PAGE_CACHE_SECONDS=0):
        use_database(launch_db)
        table = pages()
        for row in table:
            launch[row[0]], scale[row[0]] = measure(
                client, row, [launch_db, scale_db], args.rounds, args.per_round
            )
            print(
                f"  {row[0]:24} {launch[row[0]]['ms']:7.1f} → "
                f"{scale[row[0]]['ms']:7.1f} ms",
                flush=True,
            )

    failures = []
    print()
    print(
        f"{'page':24} {'queries':>7} {'launch ms':>9} {'scale ms':>8} "
        f"{'ratio':>5} {'KB':>6} {'KB sent':>7}"
    )
    for label, *_ in table:
        before, after = launch[label], scale[label]
        ratio = after["ms"] / before["ms"]
        marks = []
        if ratio > MAX_RATIO:
            marks.append(f"ratio > {MAX_RATIO}")
        if after["html"] and after["sent"] > MAX_HTML_KB * 1024:
            marks.append(f"HTML > {MAX_HTML_KB} KB")
        if max(before["queries"], after["queries"]) > MAX_QUERIES:
            marks.append(f"queries > {MAX_QUERIES}")
        failures += [f"{label}: {m}" for m in marks]
        queries = (
            str(after["queries"])
            if before["queries"] == after["queries"]
            else f"{before['queries']}→{after['queries']}"
        )
        print(
            f"{label:24} {queries:>7} {before['ms']:9.1f} {after['ms']:8.1f} "
            f"{ratio:5.2f} {after['raw'] / 1024:6.0f} {after['sent'] / 1024:7.1f}"
            + (f"  ✗ {', '.join(marks)}" if marks else "")
        )

    assets = asset_sizes(scale["home"]["page"])
    total = sum(size for _, size in assets)
    listed = ", ".join(f"{name} {size / 1024:.1f}" for name, size in assets)
    print(f"\nCSS + JavaScript, gzip: {total / 1024:.1f} KB ({listed})")
    if total > MAX_ASSETS_KB * 1024:
        failures.append(f"CSS + JavaScript > {MAX_ASSETS_KB} KB")

    print(
        "\nqueries a→b: the launch signatories have no logos, so their lists need no"
        "\nrenditions query; tests/*/test_query_counts.py pin each count at 10 and 200."
    )
    print(
        f"\nGoals: ratio ≤ {MAX_RATIO}, HTML ≤ {MAX_HTML_KB} KB sent, "
        f"CSS + JS ≤ {MAX_ASSETS_KB} KB gzip, ≤ {MAX_QUERIES} queries."
    )
    if failures:
        print(f"{len(failures)} missed:\n  " + "\n  ".join(failures))
        sys.exit(1)
    print("All met.")


if __name__ == "__main__":
    main()
