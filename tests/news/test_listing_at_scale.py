"""What keeps the news pages flat as news grows: the sort date every listing
reads by index, page numbers that stop (older news by year), related news by
index, and the year facet's cache following every change."""

import datetime
from datetime import date as D
from http import HTTPStatus
from unittest import mock

from django.test import TestCase

from wagtail.models import PageViewRestriction

from news.models import NewsPage
from tests.factories import (
    NewsIndexPageFactory,
    NewsPageFactory,
    UNProcessFactory,
    make_site_root,
)


class NewsAtScaleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = make_site_root()
        cls.index = NewsIndexPageFactory(parent=home)
        cls.igf = UNProcessFactory(slug="igf")
        cls.gdc = UNProcessFactory(slug="gdc")
        cls.items = [
            NewsPageFactory(
                parent=cls.index,
                title=f"Item {year}-{n}",
                date=D(year, 3, 1 + n),
                processes=[cls.igf if n % 2 else cls.gdc],
            )
            for year in (2022, 2023, 2024)
            for n in range(3)
        ]

    def years(self, url: str = "/news/") -> list[int]:
        self.client.get(url)  # may create the site settings (a change)
        response = self.client.get(url)
        self.assertEqual(response.status_code, HTTPStatus.OK)
        return response.context["years"]

    def test_the_sort_date_is_the_date_shown_and_kept_on_save(self):
        item = NewsPageFactory(
            parent=self.index, date=None, live=False, processes=[self.igf]
        )
        item.save_revision().publish()
        item.refresh_from_db()
        self.assertEqual(item.sort_date, item.first_published_at.date())
        item.date = D(2020, 5, 4)
        item.save_revision().publish()
        item.refresh_from_db()
        self.assertEqual(item.sort_date, D(2020, 5, 4))
        # A draft leaves the live listing's date alone.
        item.date = D(2030, 1, 1)
        item.save_revision()
        self.assertEqual(NewsPage.objects.get(pk=item.pk).sort_date, D(2020, 5, 4))

    def test_page_numbers_stop_and_older_news_is_by_year(self):
        with (
            mock.patch("news.models.pages.NEWS_PAGE_SIZE", 2),
            mock.patch("news.models.pages.NEWS_MAX_PAGES", 2),
        ):
            response = self.client.get("/news/", {"page": "2"})
            self.assertEqual(response.context["last_page"], 2)
            self.assertContains(response, "Page numbers stop here.")
            self.assertContains(response, 'href="/news/?year=2022"')
            self.assertNotContains(response, 'rel="next"')
            self.assertRedirects(self.client.get("/news/?page=3"), "/news/?page=2")
            first = self.client.get("/news/")
            self.assertNotContains(first, "Page numbers stop here.")
            # A year's own pages go all the way.
            response = self.client.get("/news/", {"year": "2024", "page": "2"})
            self.assertEqual(response.status_code, HTTPStatus.OK)
            self.assertEqual(
                [i.title for i in response.context["news_items"]], ["Item 2024-0"]
            )
            self.assertNotContains(response, "Page numbers stop here.")

    def test_related_news_newest_first_on_the_same_processes_public_only(self):
        item = self.items[1]  # igf
        related = item.related_news()
        self.assertEqual([n.title for n in related], ["Item 2024-1", "Item 2023-1"])
        self.items[7].unpublish()
        self.assertEqual([n.title for n in item.related_news()], ["Item 2023-1"])
        self.assertEqual(len(self.items[0].related_news(limit=2)), 2)

    def test_the_year_facet_follows_publishing_unpublishing_and_restrictions(self):
        self.assertEqual(self.years(), [2024, 2023, 2022])
        new = NewsPageFactory(
            parent=self.index, date=D(2025, 1, 1), live=False, processes=[self.igf]
        )
        self.assertEqual(self.years(), [2024, 2023, 2022])
        new.save_revision().publish()
        self.assertEqual(self.years(), [2025, 2024, 2023, 2022])
        self.assertEqual(self.years("/news/process/igf/"), [2025, 2024, 2023, 2022])
        new.refresh_from_db()
        new.unpublish()
        self.assertEqual(self.years(), [2024, 2023, 2022])
        for item in self.items[:3]:  # every 2022 item
            PageViewRestriction.objects.create(
                page=item, restriction_type=PageViewRestriction.LOGIN
            )
        self.assertEqual(self.years(), [2024, 2023])
        response = self.client.get("/news/")
        self.assertContains(response, "6 updates")

    def test_hostile_pages_and_years_never_fail(self):
        for query in [
            {"page": "9" * 30},
            {"page": "1e9"},
            {"year": "9" * 30},
            {"year": "-2024"},
            {"year": "2024", "page": "<script>"},
        ]:
            with self.subTest(query=query):
                response = self.client.get("/news/", query, follow=True)
                self.assertEqual(response.status_code, HTTPStatus.OK)

    def test_item_pages_keep_their_date_order_past_a_day(self):
        later = NewsPageFactory(
            parent=self.index,
            title="Same day, later",
            date=D(2024, 3, 3),
            processes=[self.igf],
        )
        titles = [i.title for i in self.client.get("/news/").context["news_items"]]
        self.assertEqual(titles[:2], ["Same day, later", "Item 2024-2"])
        self.assertEqual(later.sort_date, D(2024, 3, 3))
        self.assertIsInstance(later.sort_date, datetime.date)
