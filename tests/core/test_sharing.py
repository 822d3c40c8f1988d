"""What search engines and social media read: titles, descriptions, canonical
addresses, Open Graph and Twitter cards, JSON-LD, the sitemap, and one site
address everywhere whatever Host a request used."""

import datetime
import json
import re
from http import HTTPStatus
from io import StringIO

from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from wagtail.models import Site

import feedparser
import wagtail_factories

from core.addresses import site_root_url
from core.dates import MONTH
from core.models import SiteSettings
from news.models import KeyDate, KeyDateIndexPage
from tests.factories import (
    KeyDateFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    StatementPageFactory,
    UNProcessFactory,
    make_site_root,
    sign,
    svg_image,
)


def head(response) -> str:
    html = response.content.decode()
    return html[: html.index("</head>")]


def meta(response, name: str) -> list[str]:
    """The content of every <meta> with this name or property."""
    return re.findall(
        rf'<meta (?:name|property)="{re.escape(name)}" content="([^"]*)">',
        head(response),
    )


def json_ld(response) -> list:
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    return [json.loads(block) for block in blocks]


class SharingTagsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_root()
        cls.statement = StatementPageFactory(
            parent=cls.home,
            publication_date=datetime.date(2024, 12, 1),
            publication_date_precision=MONTH,
        )
        cls.index = NewsIndexPageFactory(parent=cls.home)
        cls.home.add_child(
            instance=KeyDateIndexPage(title="Key dates", slug="key-dates")
        )
        cls.igf = UNProcessFactory(name="Internet Governance Forum", acronym="IGF")
        cls.news = NewsPageFactory(
            parent=cls.index,
            title="IGF made permanent",
            slug="igf-permanent",
            summary="The IGF is now a permanent UN forum.",
            date=datetime.date(2025, 12, 17),
            processes=[cls.igf],
        )

    def test_every_page_has_one_title_description_canonical_and_card(self):
        for url in [
            "/",
            "/statement/",
            "/statement/signatories/",
            "/statement/member-kit/",
            "/statement/print/",
            "/news/",
            "/news/igf-permanent/",
            "/key-dates/",
            "/search/?q=igf",
        ]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, HTTPStatus.OK)
                html = head(response)
                self.assertEqual(html.count("<title>"), 1)
                self.assertEqual(len(meta(response, "description")), 1)
                self.assertTrue(meta(response, "description")[0].strip())
                self.assertEqual(html.count('<link rel="canonical"'), 1)
                self.assertEqual(len(meta(response, "og:title")), 1)
                self.assertEqual(len(meta(response, "og:image")), 1)
                self.assertEqual(
                    meta(response, "twitter:card"), ["summary_large_image"]
                )
                for data in json_ld(response):
                    self.assertEqual(data["@context"], "https://schema.org")

    def test_description_falls_back_to_the_summary_and_editors_can_override_it(self):
        response = self.client.get("/news/igf-permanent/")
        self.assertEqual(
            meta(response, "description"), ["The IGF is now a permanent UN forum."]
        )
        self.assertEqual(meta(response, "og:type"), ["article"])
        self.news.search_description = "Written for search engines."
        self.news.seo_title = "IGF: permanent"
        self.news.save_revision().publish()
        response = self.client.get("/news/igf-permanent/")
        self.assertEqual(meta(response, "description"), ["Written for search engines."])
        self.assertEqual(meta(response, "og:title"), ["IGF: permanent"])
        self.assertContains(response, "<title>IGF: permanent | TCCM</title>")

    def test_rich_text_descriptions_read_as_text(self):
        # An introduction and an outcome are rich text, stored as HTML: an
        # ampersand is &amp; there, and must not reach readers as "&amp;".
        self.index.intro = "<p>News &amp; views.</p><p>Every week.</p>"
        self.index.save_revision().publish()
        response = self.client.get("/news/")
        self.assertEqual(
            meta(response, "description"), ["News &amp; views. Every week."]
        )
        KeyDateFactory(
            process=self.igf,
            title="IGF 2030",
            start=datetime.date(2030, 6, 1),
            outcome="<p>Adopted &amp; welcomed</p>",
        )
        (event,) = json_ld(self.client.get("/key-dates/"))
        self.assertEqual(event["description"], "Adopted & welcomed")

    def test_kit_pages_do_not_pass_for_the_statement_article(self):
        # The statement is the Article; its kit pages only help members share it.
        signatory = sign(self.statement, 1)[0]
        for url in [
            "/statement/member-kit/",
            f"/statement/member-kit/{signatory.pk}/",
        ]:
            with self.subTest(url=url):
                self.assertEqual(json_ld(self.client.get(url)), [])
        (article,) = json_ld(self.client.get("/statement/print/"))
        self.assertEqual(article["url"], "http://testserver/statement/")

    def test_home_describes_the_coalition_and_its_search(self):
        response = self.client.get("/")
        self.assertEqual(
            meta(response, "description"),
            ["We are members of the Internet’s technical community."],
        )
        self.assertEqual(
            meta(response, "og:title"),
            ["Defending multistakeholder Internet governance"],
        )
        (data,) = json_ld(response)
        organisation, website = data["@graph"]
        self.assertEqual(organisation["@type"], "Organization")
        self.assertEqual(
            organisation["name"],
            "Technical Community Coalition for Multistakeholderism",
        )
        self.assertEqual(organisation["url"], "http://testserver/")
        self.assertEqual(
            website["potentialAction"]["target"]["urlTemplate"],
            "http://testserver/search/?q={search_term_string}",
        )

    def test_news_item_is_a_news_article(self):
        (article,) = json_ld(self.client.get("/news/igf-permanent/"))
        self.assertEqual(article["@type"], "NewsArticle")
        self.assertEqual(article["headline"], "IGF made permanent")
        self.assertEqual(article["datePublished"], "2025-12-17")
        self.assertEqual(article["url"], "http://testserver/news/igf-permanent/")
        self.assertEqual(article["publisher"]["@type"], "Organization")
        self.assertEqual(
            article["image"], ["http://testserver/static/images/social-card.png"]
        )

    def test_statement_is_an_article_dated_to_its_precision(self):
        (article,) = json_ld(self.client.get("/statement/"))
        self.assertEqual(article["@type"], "Article")
        self.assertEqual(article["datePublished"], "2024-12")

    def test_news_image_is_shared_at_1200_by_630(self):
        image = wagtail_factories.ImageFactory(
            title="Plenary",
            description="The General Assembly hall",
            file__width=1600,
            file__height=1000,
        )
        self.news.hero_image = image
        self.news.save_revision().publish()
        response = self.client.get("/news/igf-permanent/")
        (url,) = meta(response, "og:image")
        self.assertRegex(url, r"^http://testserver/media/images/.*\.fill-1200x630")
        self.assertEqual(meta(response, "og:image:width"), ["1200"])
        self.assertEqual(meta(response, "og:image:height"), ["630"])
        self.assertEqual(meta(response, "og:image:alt"), ["The General Assembly hall"])
        self.assertEqual(meta(response, "twitter:image"), [url])
        self.assertEqual(json_ld(response)[0]["image"], [url])

    def test_an_svg_picture_is_not_shared_the_site_image_is(self):
        self.news.hero_image = svg_image()
        self.news.save_revision().publish()
        response = self.client.get("/news/igf-permanent/")
        self.assertEqual(
            meta(response, "og:image"),
            ["http://testserver/static/images/social-card.png"],
        )

    def test_site_settings_choose_the_default_sharing_image(self):
        settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        settings.social_image = wagtail_factories.ImageFactory(title="Card")
        settings.save()
        for url in ["/", "/statement/", "/news/igf-permanent/", "/search/"]:
            with self.subTest(url=url):
                (image,) = meta(self.client.get(url), "og:image")
                self.assertRegex(image, r"^http://testserver/media/images/.*1200x630")
        self.assertEqual(meta(self.client.get("/"), "og:image:alt"), ["Card"])

    def test_news_pages_and_years_are_their_own_canonical_address(self):
        for day in range(1, 21):
            NewsPageFactory(parent=self.index, date=datetime.date(2024, 3, day))
        index = f"http://testserver{self.index.url}"
        for query, canonical in [
            ("", index),
            ("?page=2", f"{index}?page=2"),
            ("?year=2024", f"{index}?year=2024"),
            ("?year=2024&page=1", f"{index}?year=2024"),
        ]:
            with self.subTest(query=query):
                response = self.client.get(self.index.url + query, follow=True)
                self.assertContains(
                    response, f'<link rel="canonical" href="{canonical}">'
                )

    def test_directory_has_its_own_address_and_an_item_list(self):
        sign(self.statement, 29, country="CA")
        first = self.client.get("/statement/signatories/")
        after = first.context["signatures"][-1].signatory_id
        response = self.client.get(f"/statement/signatories/?after={after}")
        self.assertContains(
            response,
            '<link rel="canonical" href="http://testserver/statement/signatories/'
            f'?after={after}">',
        )
        self.assertEqual(
            meta(response, "og:title"),
            ["Signatories: A technical community coalition for multistakeholderism"],
        )
        (item_list,) = json_ld(response)
        self.assertEqual(item_list["@type"], "ItemList")
        elements = item_list["itemListElement"]
        self.assertEqual(len(elements), 5)
        # Positions on this page of the list (pages start from a signatory).
        self.assertEqual([e["position"] for e in elements], [1, 2, 3, 4, 5])
        self.assertEqual(elements[0]["item"]["@type"], "Organization")
        self.assertEqual(elements[0]["item"]["address"]["addressCountry"], "CA")
        self.assertEqual(elements[0]["item"]["url"], "https://registry.example/")

    def test_a_name_cannot_close_the_json_ld_script(self):
        sign(self.statement, 1, name='</script><script>alert("x")</script> & Co')
        response = self.client.get("/statement/signatories/")
        self.assertNotContains(response, '<script>alert("x")')
        names = [e["item"]["name"] for e in json_ld(response)[0]["itemListElement"]]
        self.assertIn('</script><script>alert("x")</script> & Co', names)

    def test_key_dates_known_to_the_day_are_events(self):
        KeyDateFactory(
            process=self.igf,
            title="IGF 2030",
            start=datetime.date(2030, 6, 1),
            end=datetime.date(2030, 6, 5),
            location="Oslo, Norway",
            description="The 25th IGF.",
        )
        KeyDateFactory(
            process=self.igf,
            title="Cancelled session",
            start=datetime.date(2030, 9, 1),
            status=KeyDate.CANCELLED,
        )
        KeyDateFactory(
            process=self.igf,
            title="Some time in 2031",
            start=datetime.date(2031, 1, 1),
            precision="year",
            status=KeyDate.PROVISIONAL,
        )
        events = {e["name"]: e for e in json_ld(self.client.get("/key-dates/"))}
        self.assertEqual(set(events), {"IGF: IGF 2030", "IGF: Cancelled session"})
        event = events["IGF: IGF 2030"]
        self.assertEqual(event["@type"], "Event")
        self.assertEqual(
            (event["startDate"], event["endDate"]), ("2030-06-01", "2030-06-05")
        )
        self.assertEqual(event["location"], {"@type": "Place", "name": "Oslo, Norway"})
        self.assertEqual(event["eventStatus"], "https://schema.org/EventScheduled")
        self.assertRegex(event["url"], r"^http://testserver/key-dates/#key-date-\d+$")
        self.assertEqual(
            events["IGF: Cancelled session"]["eventStatus"],
            "https://schema.org/EventCancelled",
        )

    def test_sitemap_lists_the_directory_member_kit_and_process_pages(self):
        response = self.client.get("/sitemap.xml")
        for location in [
            "http://testserver/statement/",
            "http://testserver/statement/signatories/",
            "http://testserver/statement/member-kit/",
            f"http://testserver/news/process/{self.igf.slug}/",
        ]:
            self.assertContains(response, f"<loc>{location}</loc>")
        # Search results and per-organisation pages are not content to index.
        self.assertNotContains(response, "/search/")
        self.assertNotContains(response, "/print/")

    def test_sharing_image_costs_no_query_per_page(self):
        def queries() -> int:
            self.client.get("/statement/")  # caches the settings and rendition
            self.client.get("/statement/")  # and the facets creating them dropped
            with CaptureQueriesContext(connection) as captured:
                self.client.get("/statement/")
            return len(captured)

        without = queries()
        settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        settings.social_image = wagtail_factories.ImageFactory(
            title="Card", file__width=1200, file__height=630
        )
        settings.save()
        self.assertEqual(queries(), without)
        self.assertRegex(
            meta(self.client.get("/statement/"), "og:image")[0], r"/media/images/"
        )


@override_settings(
    WAGTAILADMIN_BASE_URL="http://127.0.0.1:8201",
    ALLOWED_HOSTS=["127.0.0.1", "localhost", "testserver"],
)
class OneSiteAddressTests(TestCase):
    """Canonical, og:url, sitemap, feeds, open data, robots.txt, badges and
    JSON-LD all name the configured address, whatever Host was asked for and
    whatever address the Site record holds."""

    ADDRESS = "http://127.0.0.1:8201"

    @classmethod
    def setUpTestData(cls):
        home = make_site_root()  # the Site says localhost:80
        cls.statement = StatementPageFactory(parent=home)
        cls.signatory = sign(cls.statement, 1)[0]
        index = NewsIndexPageFactory(parent=home)
        igf = UNProcessFactory(slug="igf")
        NewsPageFactory(parent=index, slug="igf-permanent", processes=[igf])

    def get(self, url: str):
        response = self.client.get(url, HTTP_HOST="localhost:8000")
        self.assertEqual(response.status_code, HTTPStatus.OK, url)
        body = response.content.decode()
        self.assertNotIn("localhost", body, url)
        self.assertNotIn("testserver", body, url)
        return response

    def test_pages_name_the_configured_address(self):
        for url in [
            "/",
            "/statement/",
            "/news/igf-permanent/",
            "/statement/signatories/",
        ]:
            with self.subTest(url=url):
                response = self.get(url)
                (canonical,) = re.findall(
                    r'<link rel="canonical" href="([^"]+)">', head(response)
                )
                self.assertEqual(canonical, self.ADDRESS + url)
                self.assertEqual(meta(response, "og:url"), [self.ADDRESS + url])
                self.assertTrue(meta(response, "og:image")[0].startswith(self.ADDRESS))

    def test_sitemap_robots_feeds_and_open_data_agree(self):
        sitemap = self.get("/sitemap.xml").content.decode()
        locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
        self.assertTrue(locations)
        for location in locations:
            self.assertTrue(location.startswith(self.ADDRESS + "/"), location)
        self.assertContains(
            self.get("/robots.txt"), f"Sitemap: {self.ADDRESS}/sitemap.xml"
        )
        feed = feedparser.parse(self.get("/news/feed/atom/").content)
        self.assertEqual(feed.feed.link, f"{self.ADDRESS}/news/")
        self.assertEqual(feed.entries[0].id, f"{self.ADDRESS}/news/igf-permanent/")
        self.assertEqual(feed.entries[0].link, f"{self.ADDRESS}/news/igf-permanent/")
        rss = feedparser.parse(self.get("/news/feed/").content)
        self.assertEqual(rss.entries[0].id, f"{self.ADDRESS}/news/igf-permanent/")
        data = self.get("/statement/signatories.json").json()
        self.assertEqual(data["statement"]["url"], f"{self.ADDRESS}/statement/")

    def test_member_kit_embeds_the_configured_address(self):
        response = self.get(f"/statement/member-kit/{self.signatory.pk}/")
        self.assertContains(
            response,
            f"&lt;a href=&quot;{self.ADDRESS}/statement/&quot;&gt;&lt;img src=&quot;"
            f"{self.ADDRESS}/badges/{self.statement.pk}/{self.signatory.pk}.svg",
        )
        self.assertContains(self.get("/statement/print/"), f"{self.ADDRESS}/statement/")


class SiteRecordFollowsTheAddressTests(TestCase):
    """`make run PORT=8201` after a first run on 8000: the loader moves the
    default Site, so Wagtail's own links (the admin's "view live") agree."""

    def load(self) -> str:
        out = StringIO()
        call_command("load_coalition_content", stdout=out)
        return out.getvalue()

    def test_the_loader_keeps_the_site_record_on_the_configured_address(self):
        with override_settings(WAGTAILADMIN_BASE_URL="http://127.0.0.1:8000"):
            self.load()
        site = Site.objects.get(is_default_site=True)
        self.assertEqual((site.hostname, site.port), ("127.0.0.1", 8000))
        with override_settings(WAGTAILADMIN_BASE_URL="http://127.0.0.1:8201"):
            self.assertIn("site address updated", self.load())
            site.refresh_from_db()
            self.assertEqual((site.hostname, site.port), ("127.0.0.1", 8201))
            self.assertEqual(site.root_page.specific.full_url, "http://127.0.0.1:8201/")
            self.assertIn("nothing missing", self.load())
        with override_settings(WAGTAILADMIN_BASE_URL="https://tccm.example.org/"):
            self.load()
            site.refresh_from_db()
            self.assertEqual((site.hostname, site.port), ("tccm.example.org", 443))
        self.assertEqual(Site.objects.count(), 1)

    def test_a_malformed_address_is_refused_with_its_name(self):
        for value in ["tccm.example.org", "ftp://x.org", "https://x.org/site", ""]:
            with (
                self.subTest(value=value),
                override_settings(WAGTAILADMIN_BASE_URL=value),
                self.assertRaisesMessage(ImproperlyConfigured, "WAGTAILADMIN_BASE_URL"),
            ):
                site_root_url()
