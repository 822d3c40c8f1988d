"""Done-when of the news issue: an editor posts an IGF update; it shows everywhere."""

from http import HTTPStatus
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

import feedparser
import wagtail_factories

from news.models import NewsIndexPage, NewsPage, UNProcess


class EditorPostsIgfNewsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_coalition_content", stdout=StringIO())
        cls.admin = get_user_model().objects.create_superuser("editor", "e@x.org", "pw")
        cls.image = wagtail_factories.ImageFactory(
            title="IGF plenary", description="The IGF plenary hall"
        )

    def test_published_igf_update_appears_on_every_channel(self):
        self.client.force_login(self.admin)
        index = NewsIndexPage.objects.get()
        igf = UNProcess.objects.get(slug="igf")
        data = nested_form_data(
            {
                "title": "IGF 2026 programme announced",
                "slug": "igf-2026-programme",
                "date": "",
                "summary": "The IGF Secretariat published the programme.",
                "hero_image": self.image.pk,
                "hero_caption": "The plenary. Photo: IGF",
                "body": streamfield(
                    [
                        ("paragraph", rich_text("<p>Details and <b>source</b>.</p>")),
                        (
                            "image",
                            {
                                "image": {
                                    "image": self.image.pk,
                                    "decorative": False,
                                    "alt_text": "Delegates in the plenary",
                                },
                                "caption": "Day one",
                                "credit": "IGF Secretariat",
                            },
                        ),
                        (
                            "callout",
                            {
                                "heading": "Join us",
                                "text": rich_text("<p>Sign.</p>"),
                                "link_page": "",
                                "link_url": "",
                                "link_text": "",
                            },
                        ),
                    ]
                ),
                "tags": "programme",
                "related_news_items": inline_formset([]),
                "action-publish": "publish",
            }
        )
        data["processes"] = [igf.pk]
        response = self.client.post(
            reverse("wagtailadmin_pages:add", args=["news", "newspage", index.pk]), data
        )
        self.assertEqual(
            response.status_code, HTTPStatus.FOUND, response.content[:2000]
        )
        news = NewsPage.objects.get(slug="igf-2026-programme")
        self.assertTrue(news.live)
        self.client.logout()

        title = "IGF 2026 programme announced"
        for url in ["/news/", "/news/process/igf/", "/"]:
            with self.subTest(url=url):
                self.assertContains(self.client.get(url), title)
        for url in ["/news/feed/", "/news/feed/atom/", "/news/process/igf/feed/"]:
            with self.subTest(url=url):
                feed = feedparser.parse(self.client.get(url).content)
                self.assertEqual(feed.entries[0].title, title)

        page = self.client.get("/news/igf-2026-programme/")
        self.assertContains(page, "<picture>")
        self.assertContains(page, 'alt="Delegates in the plenary"')
        self.assertContains(page, 'alt="The IGF plenary hall"')
        self.assertContains(page, "IGF Secretariat")
        self.assertContains(page, "The plenary. Photo: IGF")
