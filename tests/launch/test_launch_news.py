"""Launch content for news: processes and key dates from the seed, sourced news."""

import json
from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from launch.news import NEWS, SEED
from news.models import KeyDate, NewsPage, UNProcess
from statements.models import Signatory


def load() -> None:
    call_command("load_coalition_content", stdout=StringIO())


class LaunchNewsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load()
        cls.seed = json.loads(SEED.read_text(encoding="utf-8"))

    def test_processes_and_key_dates_come_from_the_seed(self):
        self.assertEqual(
            list(UNProcess.objects.values_list("slug", flat=True)),
            [p["slug"] for p in self.seed["processes"]],
        )
        self.assertEqual(KeyDate.objects.count(), len(self.seed["key_dates"]))
        outcome = KeyDate.objects.get(
            title__startswith="UN General Assembly high-level"
        )
        self.assertIn("A/RES/80/173", outcome.outcome)
        self.assertEqual(outcome.display_date, "16–17 Dec 2025")
        self.assertEqual(
            outcome.source_link,
            "https://www.itu.int/net4/wsis/ungis/Articles/View/1213",
        )
        year_only = KeyDate.objects.get(precision="year")
        self.assertEqual(year_only.display_date, "2027")

    def test_every_news_item_cites_its_source(self):
        for item in NEWS:
            with self.subTest(item["slug"]):
                page = NewsPage.objects.get(slug=item["slug"])
                response = self.client.get(page.url)
                self.assertContains(response, f'href="{item["source"]}"')

    def test_news_sources_are_sources_of_the_seed(self):
        sources = {
            row["source"] for row in self.seed["processes"] + self.seed["key_dates"]
        }
        for item in NEWS:
            self.assertIn(item["source"], sources, item["slug"])

    def test_site_sections_are_in_the_menu(self):
        response = self.client.get("/")
        for label, url in [("News", "/news/"), ("Key dates", "/key-dates/")]:
            self.assertContains(response, f'<a href="{url}">{label}</a>', html=True)

    def test_igf_news_appears_on_the_process_page_and_feeds(self):
        self.assertContains(
            self.client.get("/news/process/igf/"), "IGF 2025 in Lillestrøm"
        )
        self.assertContains(
            self.client.get("/news/process/igf/feed/"), "IGF 2025 in Lillestrøm"
        )

    def test_staff_renames_and_deletions_are_not_undone(self):
        Signatory.objects.filter(name="Nominet UK").update(name="Nominet")
        NewsPage.objects.get(slug="itu-pp26-doha").delete()
        KeyDate.objects.filter(title="IGF 2024").update(title="IGF 2024 (Riyadh)")
        load()
        self.assertFalse(Signatory.objects.filter(name="Nominet UK").exists())
        self.assertEqual(Signatory.objects.count(), 14)
        self.assertFalse(NewsPage.objects.filter(slug="itu-pp26-doha").exists())
        self.assertFalse(KeyDate.objects.filter(title="IGF 2024").exists())
