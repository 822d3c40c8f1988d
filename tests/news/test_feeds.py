"""RSS, Atom and iCalendar: valid, absolute, stable, subscribable."""

import datetime
import html

from django.test import TestCase, override_settings

import feedparser
from icalendar import Calendar

from tests.factories import (
    KeyDateFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    UNProcessFactory,
    make_site_root,
)

D = datetime.date


class NewsFeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = make_site_root()
        index = NewsIndexPageFactory(parent=home)
        cls.igf = UNProcessFactory(
            name="Internet Governance Forum", acronym="IGF", slug="igf"
        )
        cls.gdc = UNProcessFactory(
            name="Global Digital Compact", acronym="GDC", slug="gdc"
        )
        NewsPageFactory(
            parent=index,
            title="IGF made permanent",
            slug="igf-permanent",
            summary="The IGF is now a permanent UN forum.",
            date=D(2025, 12, 17),
            processes=[cls.igf],
        )
        NewsPageFactory(
            parent=index,
            title="GDC adopted",
            slug="gdc-adopted",
            date=D(2024, 9, 22),
            processes=[cls.gdc],
        )

    def parse(self, url: str):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        feed = feedparser.parse(response.content)
        self.assertFalse(feed.bozo, getattr(feed, "bozo_exception", None))
        return response, feed

    def test_rss_is_valid_with_absolute_links_summaries_and_dates(self):
        response, feed = self.parse("/news/feed/")
        self.assertTrue(response["Content-Type"].startswith("application/rss+xml"))
        self.assertEqual(feed.version, "rss20")
        self.assertEqual(feed.feed.link, "http://testserver/news/")
        first = feed.entries[0]
        self.assertEqual(first.title, "IGF made permanent")
        self.assertEqual(first.link, "http://testserver/news/igf-permanent/")
        self.assertEqual(first.summary, "The IGF is now a permanent UN forum.")
        self.assertEqual(first.published_parsed[:3], (2025, 12, 17))
        self.assertEqual([t.term for t in first.tags], ["IGF"])

    def test_atom_is_valid(self):
        response, feed = self.parse("/news/feed/atom/")
        self.assertTrue(response["Content-Type"].startswith("application/atom+xml"))
        self.assertEqual(feed.version, "atom10")
        self.assertEqual(len(feed.entries), 2)
        self.assertEqual(feed.entries[0].link, "http://testserver/news/igf-permanent/")

    def test_per_process_feeds_hold_only_that_process(self):
        for url in ["/news/process/gdc/feed/", "/news/process/gdc/feed/atom/"]:
            with self.subTest(url=url):
                _, feed = self.parse(url)
                self.assertEqual([e.title for e in feed.entries], ["GDC adopted"])
                self.assertIn("GDC", feed.feed.title)

    def test_unknown_process_feed_is_404(self):
        self.assertEqual(
            self.client.get("/news/process/nope/feed/atom/").status_code, 404
        )


@override_settings(WAGTAILADMIN_BASE_URL="https://tccm.example.org")
class CalendarTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_site_root()
        cls.igf = UNProcessFactory(
            name="Internet Governance Forum", acronym="IGF", slug="igf"
        )
        cls.itu = UNProcessFactory(name="ITU", acronym="ITU", slug="itu")
        cls.meeting = KeyDateFactory(
            process=cls.igf,
            title="IGF 2030",
            start=D(2030, 6, 1),
            end=D(2030, 6, 5),
            location="Oslo",
        )
        cls.one_day = KeyDateFactory(
            process=cls.itu,
            title="ITU Council vote",
            start=D(2030, 5, 1),
            status="provisional",
        )
        KeyDateFactory(
            process=cls.igf, title="Month only", start=D(2030, 9, 1), precision="month"
        )
        KeyDateFactory(
            process=cls.igf, title="Year only", start=D(2031, 1, 1), precision="year"
        )

    def events(self, url: str) -> dict:
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Type"].startswith("text/calendar"))
        calendar = Calendar.from_ical(response.content)
        self.assertEqual(str(calendar["version"]), "2.0")
        self.assertTrue(str(calendar["prodid"]))
        return {str(e["summary"]): e for e in calendar.walk("VEVENT")}

    def test_day_precision_dates_are_all_day_events(self):
        events = self.events("/key-dates.ics")
        self.assertEqual(set(events), {"IGF: IGF 2030", "ITU: ITU Council vote"})
        igf = events["IGF: IGF 2030"]
        self.assertEqual(igf["dtstart"].dt, D(2030, 6, 1))  # a date: all-day
        self.assertEqual(igf["dtend"].dt, D(2030, 6, 6))  # exclusive end
        self.assertEqual(str(igf["location"]), "Oslo")
        self.assertEqual(str(events["ITU: ITU Council vote"]["status"]), "TENTATIVE")

    def test_uids_are_stable_across_requests_and_edits(self):
        first = self.events("/key-dates.ics")["IGF: IGF 2030"]
        self.assertEqual(
            str(first["uid"]), f"key-date-{self.meeting.pk}@tccm.example.org"
        )
        self.meeting.refresh_from_db()
        self.meeting.start = D(2030, 6, 2)
        self.meeting.save_revision().publish()
        again = self.events("/key-dates.ics")["IGF: IGF 2030"]
        self.assertEqual(str(again["uid"]), str(first["uid"]))
        self.assertEqual(again["sequence"], first["sequence"] + 1)

    def test_per_process_calendar(self):
        events = self.events("/key-dates.ics?process=itu")
        self.assertEqual(set(events), {"ITU: ITU Council vote"})
        self.assertEqual(
            self.client.get("/key-dates.ics?process=nope").status_code, 404
        )


class FeedCachingAndSitemapTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = make_site_root()
        NewsIndexPageFactory(parent=home)
        UNProcessFactory(slug="igf")

    def test_feeds_and_calendar_may_be_cached_briefly(self):
        for url in [
            "/news/feed/",
            "/news/feed/atom/",
            "/news/process/igf/feed/",
            "/key-dates.ics",
        ]:
            with self.subTest(url=url):
                self.assertIn("max-age=300", self.client.get(url)["Cache-Control"])

    def test_process_pages_are_in_the_sitemap(self):
        response = self.client.get("/sitemap.xml")
        self.assertContains(response, "<loc>http://testserver/news/process/igf/</loc>")


class FeedTextEscapingTests(TestCase):
    """Summaries, titles and categories are plain text: readers must show them as
    typed, never as markup."""

    TEXT = "Registries & <ccTLD> operators <img src=x onerror=alert(1)>"

    @classmethod
    def setUpTestData(cls):
        home = make_site_root()
        index = NewsIndexPageFactory(parent=home)
        process = UNProcessFactory(
            name="WSIS <b>+20</b>", acronym="", slug="wsis", description=cls.TEXT
        )
        NewsPageFactory(
            parent=index,
            title="Registries & <ccTLD> operators",
            slug="cctld",
            summary=cls.TEXT,
            processes=[process],
        )

    def as_read(self, detail) -> str:
        """What a reader shows: HTML content must carry no markup, only text."""
        if detail.type == "text/html":
            self.assertNotIn("<", detail.value)
            return html.unescape(detail.value)
        return detail.value

    def test_summary_title_and_category_reach_readers_as_text(self):
        for url in ["/news/feed/", "/news/feed/atom/"]:
            with self.subTest(url=url):
                feed = feedparser.parse(self.client.get(url).content)
                self.assertFalse(feed.bozo, getattr(feed, "bozo_exception", None))
                entry = feed.entries[0]
                self.assertEqual(entry.summary_detail.type, "text/html")
                self.assertEqual(self.as_read(entry.summary_detail), self.TEXT)
                self.assertEqual(
                    self.as_read(entry.title_detail), "Registries & <ccTLD> operators"
                )
                self.assertEqual(entry.tags[0].term, "WSIS <b>+20</b>")

    def test_process_description_reaches_readers_as_text(self):
        for url in ["/news/process/wsis/feed/", "/news/process/wsis/feed/atom/"]:
            with self.subTest(url=url):
                feed = feedparser.parse(self.client.get(url).content)
                self.assertFalse(feed.bozo, getattr(feed, "bozo_exception", None))
                self.assertEqual(self.as_read(feed.feed.subtitle_detail), self.TEXT)
