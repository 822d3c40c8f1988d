"""A news item opens with an empty paragraph; left empty, it is dropped, not an
error the editor has to hunt for."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils.html import strip_tags

from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from news.models import NewsIndexPage, NewsPage, UNProcess


class NewsBodyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_coalition_content", stdout=StringIO())
        cls.admin = get_user_model().objects.create_superuser("ed", "e@x.org", "pw")

    def setUp(self):
        self.client.force_login(self.admin)
        self.index = NewsIndexPage.objects.get()
        self.add_url = reverse(
            "wagtailadmin_pages:add", args=["news", "newspage", self.index.pk]
        )

    def post(self, slug: str, paragraphs: list[str]):
        data = nested_form_data(
            {
                "title": f"Item {slug}",
                "slug": slug,
                "date": "",
                "summary": "A summary.",
                "body": streamfield([("paragraph", rich_text(p)) for p in paragraphs]),
                "tags": "",
                "related_news_items": inline_formset([]),
                "comments": inline_formset([]),
                "action-publish": "publish",
            }
        )
        data["processes"] = [UNProcess.objects.get(slug="igf").pk]
        return self.client.post(self.add_url, data)

    def test_a_new_item_opens_with_one_empty_paragraph(self):
        response = self.client.get(self.add_url)
        self.assertContains(response, "paragraph")
        self.assertEqual([block.block_type for block in NewsPage().body], ["paragraph"])

    def test_an_empty_paragraph_beside_text_is_dropped_on_publish(self):
        response = self.post("with-empty", ["", "<p>The IGF met.</p>", "<p> </p>"])
        self.assertEqual(response.status_code, 302)
        page = NewsPage.objects.get(slug="with-empty")
        self.assertTrue(page.live)
        texts = [strip_tags(block.value.source) for block in page.body]
        self.assertEqual(texts, ["The IGF met."])

    def test_a_body_of_only_empty_paragraphs_is_refused_and_nothing_saved(self):
        response = self.post("all-empty", [""])
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "This field is required")
        self.assertFalse(NewsPage.objects.filter(slug="all-empty").exists())
