"""Launch content for news: processes, key dates and a few news items.

Processes and key dates come from news/data/un-processes.json, where every fact
carries its public source. The news items report those same facts, each citing
its source; nothing here goes beyond them.
"""

import datetime
import json
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from home.models import HomePage
from news.dates import DAY, period_end
from news.models import KeyDate, KeyDateIndexPage, NewsIndexPage, NewsPage, UNProcess

from .loader import once, publish_child

SEED = Path(__file__).resolve().parent / "data" / "un-processes.json"

NEWS = [
    {
        "slug": "tccm-launched-at-igf-2024",
        "title": "Technical community coalition launched at IGF 2024 in Riyadh",
        "date": "2024-12-19",
        "processes": ["igf"],
        "summary": (
            "The Technical Community Coalition for Multistakeholderism was formally "
            "launched at the 2024 Internet Governance Forum in Riyadh, Saudi Arabia "
            "(15–19 December 2024), at Launch/Award Event #128."
        ),
        "source": "https://intgovforum.org/en/content/igf-2024-launch-award-event-128-a-technical-community-coalition-for-multistakeholderism",
        "source_label": "IGF 2024 Launch/Award Event #128",
    },
    {
        "slug": "igf-2025-lillestrom-participation",
        "title": "IGF 2025 in Lillestrøm: 8,833 registrations",
        "date": "2025-06-27",
        "processes": ["igf"],
        "summary": (
            "The 20th Internet Governance Forum met in Lillestrøm, Norway, from 23 to "
            "27 June 2025. The IGF reports 8,833 registrations, 3,435 of them onsite."
        ),
        "source": "https://media.intgovforum.org/en/content/igf-2025-participation-and-programme-statistics",
        "source_label": "IGF 2025 participation and programme statistics",
    },
    {
        "slug": "wsis20-outcome-adopted-igf-permanent",
        "title": "WSIS+20: General Assembly adopts outcome; the IGF becomes permanent",
        "date": "2025-12-17",
        "processes": ["wsis20", "igf"],
        "summary": (
            "At its high-level meeting on 16–17 December 2025, the UN General Assembly "
            "adopted the outcome of the WSIS+20 review by consensus as A/RES/80/173. "
            "The Internet Governance Forum becomes a permanent UN forum."
        ),
        "extra": (
            "The same source reports that an ITU-led task force is to report on the "
            "financing of the IGF to the 30th session of the CSTD."
        ),
        "source": "https://www.itu.int/net4/wsis/ungis/Articles/View/1213",
        "source_label": "UNGIS: WSIS+20 outcome",
    },
    {
        "slug": "itu-pp26-doha",
        "title": "ITU Plenipotentiary Conference PP-26 to meet in Doha",
        "date": "2025-11-13",
        "processes": ["itu"],
        "summary": (
            "The ITU announced that its Plenipotentiary Conference, which sets the "
            "Union's mandate, will meet in Doha, Qatar, from 9 to 27 November 2026."
        ),
        "source": "https://www.itu.int:443/en/mediacentre/Pages/PR-2025-11-13-PP26-announcement.aspx",
        "source_label": "ITU press release, 13 November 2025",
    },
]


def _date(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


@transaction.atomic
def ensure_processes_and_dates(report) -> dict[str, UNProcess]:
    seed = json.loads(SEED.read_text(encoding="utf-8"))
    processes = {}
    for order, row in enumerate(seed["processes"]):
        process = once(
            f"process:{row['slug']}",
            lambda row=row, order=order: _published(
                UNProcess(
                    slug=row["slug"],
                    name=row["name"],
                    acronym=row["acronym"],
                    description=row["description"],
                    official_link=row["official_link"],
                    source_link=row["source"],
                    status=row["status"],
                    sort_order=order,
                )
            ),
            report,
            "UN processes",
        )
        if process is not None:
            processes[row["slug"]] = process

    for row in seed["key_dates"]:
        if row["process"] in processes:
            once(
                f"key-date:{row['process']}:{row['start']}:{row['title']}",
                lambda row=row: _create_key_date(row, processes[row["process"]]),
                report,
                "key dates",
            )
    return processes


def _create_key_date(row: dict, process: UNProcess) -> KeyDate:
    start = _date(row["start"])
    end = _date(row["end"]) if row.get("end") else None
    precision = row.get("date_precision", DAY)
    if period_end(start, end, precision) < timezone.localdate():
        status = KeyDate.DONE
    else:
        status = KeyDate.CONFIRMED if precision == DAY else KeyDate.PROVISIONAL
    return _published(
        KeyDate(
            process=process,
            title=row["title"],
            start=start,
            end=end,
            precision=precision,
            status=status,
            location=row.get("location", ""),
            source_link=row["source"],
            outcome=f"<p>{row['outcome']}</p>" if row.get("outcome") else "",
        )
    )


def _published(snippet):
    """Save a process or key date and publish it with a first revision, so its
    history starts at launch."""
    snippet.save()
    snippet.save_revision().publish()
    return snippet


@transaction.atomic
def ensure_news(report, home: HomePage, processes: dict[str, UNProcess]):
    index = once(
        "page:news",
        lambda: publish_child(
            home,
            NewsIndexPage(
                title="News",
                slug="news",
                show_in_menus=True,
                intro="<p>Updates on the UN processes that shape Internet "
                "governance.</p>",
            ),
        ),
        report,
        "news index",
    )
    once(
        "page:key-dates",
        lambda: publish_child(
            home,
            KeyDateIndexPage(
                title="Key dates",
                slug="key-dates",
                show_in_menus=True,
                intro="<p>Meetings, deadlines and decisions in the UN processes we "
                "follow.</p>",
            ),
        ),
        report,
        "key dates page",
    )
    if index is None:
        return None
    once("home:news-link", lambda: _link_home(home, index))
    for item in NEWS:
        if all(slug in processes for slug in item["processes"]):
            once(
                f"news:{item['slug']}",
                lambda item=item: _create_news(index, item, processes),
                report,
                "news items",
            )
    return index


def _link_home(home: HomePage, index: NewsIndexPage) -> HomePage:
    if home.secondary_cta_page_id is None:
        home.secondary_cta_page = index
        home.secondary_cta_label = "Follow the UN processes"
        home.save_revision().publish()
    return home


def _create_news(index: NewsIndexPage, item: dict, processes) -> NewsPage:
    body = [("paragraph", f"<p>{item['summary']}</p>")]
    if item.get("extra"):
        body.append(("paragraph", f"<p>{item['extra']}</p>"))
    source = f'<p>Source: <a href="{item["source"]}">{item["source_label"]}</a>.</p>'
    body.append(("paragraph", source))
    news = NewsPage(
        title=item["title"],
        slug=item["slug"],
        date=_date(item["date"]),
        summary=item["summary"],
        body=body,
    )
    index.add_child(instance=news)
    news.processes.set([processes[slug] for slug in item["processes"]])
    news.save_revision().publish()
    return news
