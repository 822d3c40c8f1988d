"""News index and news items: tree rules, creation, listing, filters, bad input."""

import datetime
import json
import re
from http import HTTPStatus

from django.test import TestCase

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from home.models import HomePage
from news.models import KeyDateIndexPage, NewsIndexPage, NewsPage
from news.models.pages import NEWS_PAGE_SIZE
from tests.factories import (
    KeyDateFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    UNProcessFactory,
    make_site_root,
    svg_image,
)

D = datetime.date


def news_form_data(processes, **overrides) -> dict:
    data = {
        "title": "IGF mandate renewed",
        "slug": "igf-mandate-renewed",
        "date": "",
        "summary": "The General Assembly made the IGF permanent.",
        "hero_caption": "",
        "body": streamfield(
            [
                ("paragraph", rich_text("<p>Source: the UN.</p>")),
                ("quote", {"quote": "A milestone.", "attribution": "TCCM"}),
            ]
        ),
        "tags": "igf, mandate",
        "related_news_items": inline_formset([]),
    }
    data.update(overrides)
    data = nested_form_data(data)
    data["processes"] = [p.pk for p in processes]  # a multi-value field, not nested
    return data


class NewsTreeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_root()
        cls.index = NewsIndexPageFactory(parent=cls.home)
        cls.igf = UNProcessFactory(
            name="Internet Governance Forum", acronym="IGF", slug="igf"
        )
        cls.item = NewsPageFactory(parent=cls.index, processes=[cls.igf])

    def test_news_items_live_only_under_the_news_index(self):
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsPage, {})
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(KeyDateIndexPage, {HomePage})
        self.assertCanNotCreateAt(HomePage, NewsPage)
        self.assertFalse(NewsIndexPage.can_create_at(self.home))  # only one

    def test_news_item_is_routable_renderable_previewable_editable(self):
        self.assertPageIsRoutable(self.item)
        self.assertPageIsRenderable(self.item)
        self.login()
        data = news_form_data([self.igf], slug=self.item.slug)
        self.assertPageIsPreviewable(self.item, post_data=data)
        self.assertPageIsEditable(self.item, post_data=data)

    def test_editor_posts_a_news_item_tied_to_the_igf(self):
        self.login()
        self.assertCanCreate(self.index, NewsPage, news_form_data([self.igf]))
        news = NewsPage.objects.get(slug="igf-mandate-renewed")
        self.assertEqual(list(news.processes.all()), [self.igf])
        self.assertEqual(sorted(t.name for t in news.tags.all()), ["igf", "mandate"])

    def test_route_words_cannot_be_news_slugs(self):
        self.login()
        add = f"/admin/pages/add/news/newspage/{self.index.pk}/"
        for slug in ["feed", "process"]:
            with self.subTest(slug=slug):
                response = self.client.post(add, news_form_data([self.igf], slug=slug))
                self.assertEqual(response.status_code, HTTPStatus.OK)
                self.assertEqual(
                    response.context["form"].errors["slug"],
                    [
                        f"“{slug}” is used by the site for feeds and other pages: "
                        "choose another slug."
                    ],
                )
                self.assertFalse(Page.objects.filter(slug=slug).exists())
        # A word that merely starts like a route is fine.
        self.assertCanCreate(
            self.index, NewsPage, news_form_data([self.igf], slug="feedback")
        )

    def test_an_existing_item_cannot_be_renamed_to_a_route_word(self):
        self.login()
        response = self.client.post(
            f"/admin/pages/{self.item.pk}/edit/",
            news_form_data([self.igf], slug="feed"),
        )
        self.assertEqual(response.status_code, HTTPStatus.OK)
        self.assertIn("slug", response.context["form"].errors)
        self.item.refresh_from_db()
        self.assertNotEqual(self.item.slug, "feed")

    def test_a_news_item_needs_a_process_to_be_published(self):
        # A draft may wait for one (tests/core/test_page_forms.py: autosave).
        self.login()
        response = self.client.post(
            f"/admin/pages/add/news/newspage/{self.index.pk}/",
            news_form_data([], **{"action-publish": "publish"}),
        )
        self.assertEqual(response.status_code, HTTPStatus.OK)
        self.assertFalse(NewsPage.objects.filter(slug="igf-mandate-renewed").exists())

    def test_reader_date_defaults_to_first_publication(self):
        item = NewsPageFactory(
            parent=self.index, date=None, live=False, processes=[self.igf]
        )
        item.save_revision().publish()
        item.refresh_from_db()
        self.assertEqual(item.date, item.first_published_at.date())
        kept = NewsPageFactory(parent=self.index, date=D(2024, 1, 2), live=False)
        kept.save_revision().publish()
        kept.refresh_from_db()
        self.assertEqual(kept.date, D(2024, 1, 2))


class NewsListingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = make_site_root()
        cls.index = NewsIndexPageFactory(parent=home)
        cls.igf = UNProcessFactory(
            name="Internet Governance Forum", acronym="IGF", slug="igf"
        )
        cls.gdc = UNProcessFactory(
            name="Global Digital Compact", acronym="GDC", slug="gdc"
        )
        cls.old = NewsPageFactory(
            parent=cls.index,
            title="Old IGF item",
            date=D(2024, 12, 19),
            processes=[cls.igf],
        )
        cls.new = NewsPageFactory(
            parent=cls.index,
            title="New GDC item",
            date=D(2025, 9, 22),
            processes=[cls.gdc],
        )
        cls.both = NewsPageFactory(
            parent=cls.index,
            title="Both item",
            date=D(2025, 12, 17),
            processes=[cls.igf, cls.gdc],
        )
        NewsPageFactory(
            parent=cls.index, title="Draft item", live=False, processes=[cls.igf]
        )
        KeyDateFactory(process=cls.igf, title="IGF 2030", start=D(2030, 6, 1))
        KeyDateFactory(process=cls.igf, title="IGF 2020", start=D(2020, 6, 1))

    def titles(self, response) -> list[str]:
        return [item.title for item in response.context["news_items"]]

    def test_index_lists_live_news_newest_first(self):
        response = self.client.get("/news/")
        self.assertEqual(
            self.titles(response), ["Both item", "New GDC item", "Old IGF item"]
        )
        self.assertContains(response, "3 updates")

    def test_year_filter(self):
        response = self.client.get("/news/", {"year": "2025"})
        self.assertEqual(self.titles(response), ["Both item", "New GDC item"])
        self.assertContains(response, 'href="/news/?year=2024"')

    def test_process_page_shows_description_key_dates_and_news(self):
        response = self.client.get("/news/process/igf/")
        self.assertEqual(response.status_code, HTTPStatus.OK)
        self.assertContains(
            response, "<h1>Internet Governance Forum (IGF)</h1>", html=True
        )
        self.assertContains(response, "A UN process the coalition follows.")
        self.assertContains(response, "IGF 2030")
        self.assertNotContains(response, "IGF 2020")  # past dates are not "upcoming"
        self.assertEqual(self.titles(response), ["Both item", "Old IGF item"])
        self.assertContains(response, 'href="/key-dates.ics?process=igf"')

    def test_process_page_with_year(self):
        response = self.client.get("/news/process/igf/", {"year": "2024"})
        self.assertEqual(self.titles(response), ["Old IGF item"])

    def test_twenty_per_page(self):
        for n in range(25):
            NewsPageFactory(
                parent=self.index,
                date=D(2023, 1, 1) + datetime.timedelta(n),
                processes=[self.igf],
            )
        response = self.client.get("/news/")
        self.assertEqual(len(response.context["news_items"]), NEWS_PAGE_SIZE)
        self.assertContains(response, 'href="/news/?page=2"')
        response = self.client.get("/news/", {"page": "2"})
        self.assertEqual(len(response.context["news_items"]), 28 - NEWS_PAGE_SIZE)

    def test_bad_input_gives_404_or_the_nearest_valid_page(self):
        cases = {
            "/news/?page=0": "/news/",
            "/news/?page=-1": "/news/",
            "/news/?page=abc": "/news/",
            "/news/?page=99999": "/news/",
            "/news/?year=abc": "/news/",
            "/news/?year=1999": "/news/",
            "/news/process/igf/?page=99999&year=x": "/news/process/igf/",
        }
        for url, target in cases.items():
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertRedirects(response, target)
        self.assertEqual(self.client.get("/news/process/nope/").status_code, 404)
        self.assertEqual(self.client.get("/news/process/nope/feed/").status_code, 404)

    def test_news_item_shows_processes_and_related_news(self):
        response = self.client.get(self.old.url)
        self.assertContains(response, '<a href="/news/process/igf/">IGF</a>', html=True)
        # No hand-picked related news: the latest on the same processes.
        self.assertEqual(
            [n.title for n in response.context["page"].related_news()], ["Both item"]
        )

    def test_hand_picked_related_news_win(self):
        from news.models import RelatedNewsItem

        RelatedNewsItem.objects.create(page=self.old, news=self.new)
        self.assertEqual([n.title for n in self.old.related_news()], ["New GDC item"])

    def test_feeds_are_advertised(self):
        response = self.client.get("/news/process/igf/")
        self.assertContains(
            response, '<link rel="alternate" type="application/rss+xml"', count=2
        )
        self.assertContains(response, 'href="/news/process/igf/feed/atom/"')


class EmptyTreeTests(TestCase):
    def test_index_with_no_news(self):
        home = make_site_root()
        NewsIndexPageFactory(parent=home)
        response = self.client.get("/news/")
        self.assertContains(response, "No news yet.")
        self.assertIsInstance(Page.objects.get(slug="news").specific, NewsIndexPage)


class SvgImageTests(TestCase):
    """SVGs cannot be converted to AVIF, WebP or JPEG; they are shown as SVG."""

    @classmethod
    def setUpTestData(cls):
        index = NewsIndexPageFactory(parent=make_site_root())
        cls.logo = svg_image("Coalition logo")
        cls.item = NewsPageFactory(
            parent=index,
            slug="svg-item",
            hero_image=cls.logo,
            body=json.dumps(
                [
                    {
                        "type": "image",
                        "value": {
                            "image": {
                                "image": cls.logo.pk,
                                "decorative": False,
                                "alt_text": "Coalition logo in the text",
                            },
                            "caption": "Our logo",
                            "credit": "",
                        },
                    }
                ]
            ),
        )

    def test_news_item_with_svg_images_renders_them_as_svg(self):
        response = self.client.get(self.item.url)
        self.assertEqual(response.status_code, HTTPStatus.OK)
        images = re.findall(r"<img [^>]*>", response.content.decode())
        self.assertEqual(len(images), 2, images)
        for tag in images:
            self.assertRegex(tag, r'src="/media/images/[^"]+\.svg"')
        self.assertIn('alt="Coalition logo in the text"', images[1])
