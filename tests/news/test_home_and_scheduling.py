"""The home page's news and key dates; scheduled publishing of news."""

import datetime
from io import StringIO
from unittest import mock

from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from bs4 import BeautifulSoup

from news.models import NewsPage
from tests.factories import (
    KeyDateFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    UNProcessFactory,
    make_site_root,
)

D = datetime.date


def section_texts(response, heading_id: str, tag: str) -> list[str]:
    """The texts of `tag` elements in the home section titled by `heading_id`."""
    soup = BeautifulSoup(response.content, "html.parser")
    section = soup.find(attrs={"aria-labelledby": heading_id})
    return [" ".join(el.get_text().split()) for el in section.find_all(tag)]


class HomeNewsAndDatesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = make_site_root()
        index = NewsIndexPageFactory(parent=home)
        igf = UNProcessFactory(acronym="IGF", slug="igf")
        for n in range(5):
            NewsPageFactory(
                parent=index,
                title=f"Update {n}",
                date=D(2025, 1, 1 + n),
                processes=[igf],
            )
        today = timezone.localdate()
        for n, days in enumerate([-10, 5, 50, 20, 400]):
            KeyDateFactory(
                process=igf, title=f"Date {n}", start=today + datetime.timedelta(days)
            )
        KeyDateFactory(
            process=igf,
            title="Cancelled meeting",
            status="cancelled",
            start=today + datetime.timedelta(1),
        )

    def test_home_shows_the_three_latest_news(self):
        response = self.client.get("/")
        self.assertEqual(
            section_texts(response, "news-heading", "h3"),
            ["Update 4", "Update 3", "Update 2"],
        )
        self.assertContains(response, 'href="/news/">All news</a>')
        self.assertContains(response, 'type="application/rss+xml"')

    def test_home_shows_the_next_three_key_dates(self):
        response = self.client.get("/")
        self.assertEqual(
            section_texts(response, "dates-heading", "h3"),
            ["IGF: Date 1", "IGF: Date 3", "IGF: Date 2"],
        )
        self.assertContains(response, "IGF: Date 1")


class ScheduledPublishingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = make_site_root()
        cls.index = NewsIndexPageFactory(parent=home)
        cls.igf = UNProcessFactory(acronym="IGF", slug="igf")

    def test_news_goes_live_when_publish_scheduled_runs(self):
        item = NewsPageFactory(
            parent=self.index,
            title="Embargoed update",
            live=False,
            date=None,
            processes=[self.igf],
        )
        item.go_live_at = timezone.now() + datetime.timedelta(hours=1)
        item.save_revision().publish()  # schedules it; it stays offline
        item.refresh_from_db()
        self.assertFalse(item.live)
        self.assertNotContains(self.client.get("/news/"), "Embargoed update")

        # An hour later, the scheduler's run publishes it.
        later = timezone.now() + datetime.timedelta(hours=2)
        with mock.patch("django.utils.timezone.now", return_value=later):
            call_command("publish_scheduled", stdout=StringIO())
        item = NewsPage.objects.get(pk=item.pk)
        self.assertTrue(item.live)
        self.assertEqual(item.date, later.date())
        self.assertContains(self.client.get("/news/"), "Embargoed update")
        self.assertContains(self.client.get("/news/process/igf/"), "Embargoed update")
