"""News views run an exact, constant number of queries, however much news.

The counts are pinned exactly (as Wagtail's own suite does with
assertNumQueries), so a regression of even one query shows.
"""

import datetime

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from home.models import HomePage
from news.models import KeyDateIndexPage, NewsPage
from tests.factories import (
    KeyDateFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    StatementPageFactory,
    UNProcessFactory,
    make_site_root,
    sign,
)

EXPECTED = {
    "/": 8,
    # The year facet and total come from core.public_cache once warm.
    "/news/": 7,
    "/news/?year=2025": 7,
    "/news/process/igf/": 8,
    "/news/process/igf/?year=2025": 8,
    # Feeds are kept whole in core.public_cache: routing is all that is left.
    "/news/feed/": 4,
    "/news/feed/atom/": 4,
    "/news/process/igf/feed/": 4,
    "/news/process/igf/feed/atom/": 4,
    "/key-dates/": 6,
    "/key-dates.ics": 1,
    "/key-dates.ics?process=igf": 2,
}
URLS = list(EXPECTED)
NEWS_ITEM_QUERIES = 10


class ConstantQueryTests(TestCase):
    maxDiff = None

    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_root()
        statement = StatementPageFactory(parent=cls.home)
        HomePage.objects.filter(pk=cls.home.pk).update(
            statement=statement, primary_cta_page=statement
        )
        sign(statement, 3)
        cls.index = NewsIndexPageFactory(parent=cls.home)
        cls.home.add_child(
            instance=KeyDateIndexPage(title="Key dates", slug="key-dates")
        )
        cls.processes = [
            UNProcessFactory(slug="igf", acronym="IGF"),
            UNProcessFactory(slug="gdc", acronym="GDC"),
        ]
        for process in cls.processes:
            for n in range(4):
                KeyDateFactory(process=process, start=datetime.date(2030, 1, 1 + n))

    def add_news(self, count: int) -> None:
        existing = NewsPage.objects.count()
        for n in range(existing, existing + count):
            NewsPageFactory(
                parent=self.index,
                date=datetime.date(2024 + n % 3, 1 + n % 12, 1 + n % 28),
                processes=self.processes[: 1 + n % 2],
            )

    def count(self, url: str) -> int:
        self.client.get(url)  # warm the menu and settings caches
        self.client.get(url)  # and the facets (creating the settings dropped them)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return len(queries)

    def test_query_counts_do_not_grow_with_news(self):
        self.add_news(10)
        small = {url: self.count(url) for url in URLS}
        self.add_news(190)
        large = {url: self.count(url) for url in URLS}
        self.assertEqual(small, EXPECTED)
        self.assertEqual(large, EXPECTED)
        # Deep pages cost what the first page costs.
        self.assertEqual(self.count("/news/?page=9"), EXPECTED["/news/"])

    def test_news_item_query_count(self):
        self.add_news(3)
        item = NewsPage.objects.order_by("pk").last()
        self.assertEqual(self.count(item.url), NEWS_ITEM_QUERIES)
