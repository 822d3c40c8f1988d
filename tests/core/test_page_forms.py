"""Page editing forms that fit the task: no fields that do nothing, long titles
shown whole, no misleading hints, drafts that save while the editor writes."""

import json
from http import HTTPStatus
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils.text import slugify

from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

import feedparser
from bs4 import BeautifulSoup

from core.blocks import CalloutBlock, ParagraphBlock
from home.models import ContentPage, HomePage
from news.models import NewsIndexPage, NewsPage, UNProcess
from statements.models import StatementIndexPage, StatementPage

# 200 characters: the longest news titles the coalition has drafted run to ~180.
LONG_TITLE = (
    "The Internet Governance Forum mandate renewal debate at the United Nations "
    "General Assembly: what the technical community asked for, what governments "
    "agreed, and what happens next in 2026 at the CSTD."
)


def news_form(title: str, *, processes: list[int], action: str = "") -> dict:
    data = nested_form_data(
        {
            "title": title,
            "slug": slugify(title),  # as the editor's script fills it in
            "date": "",
            "summary": "The General Assembly debated the IGF mandate.",
            "hero_caption": "",
            "body": streamfield(
                [("paragraph", rich_text("<p>What was said, with sources.</p>"))]
            ),
            "tags": "",
            "related_news_items": inline_formset([]),
        }
    )
    data["processes"] = processes
    if action:
        data[f"action-{action}"] = action
    return data


def field_names(response) -> set[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return {tag["name"] for tag in soup.select("form [name]")}


class PageFormTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_coalition_content", stdout=StringIO())
        cls.admin = get_user_model().objects.create_superuser("staff", "s@x.org", "pw")
        cls.home = HomePage.objects.get()
        cls.news = NewsIndexPage.objects.get()
        cls.igf = UNProcess.objects.get(slug="igf")

    def setUp(self):
        self.client.force_login(self.admin)

    def add_url(self, model, parent) -> str:
        meta = model._meta
        return reverse(
            "wagtailadmin_pages:add", args=[meta.app_label, meta.model_name, parent.pk]
        )

    # -- Fields that do nothing on a type are not shown --------------------------

    def test_menu_fields_only_on_types_that_can_be_in_the_main_menu(self):
        menu = {"show_in_menus", "menu_title"}
        for model, parent, shown in [
            (NewsPage, self.news, False),
            (ContentPage, self.home, True),
            (StatementIndexPage, self.home, True),
        ]:
            with self.subTest(model.__name__):
                names = field_names(self.client.get(self.add_url(model, parent)))
                self.assertIn("seo_title", names)
                self.assertEqual(menu <= names, shown)
        home_form = field_names(
            self.client.get(reverse("wagtailadmin_pages:edit", args=[self.home.pk]))
        )
        self.assertFalse(menu & home_form)
        self.assertNotIn("slug", home_form)

    def test_the_home_page_still_saves_without_a_slug_field(self):
        response = self.client.get(
            reverse("wagtailadmin_pages:edit", args=[self.home.pk])
        )
        form = response.context["form"]
        data = {
            **{k: v for k, v in form.initial.items() if v is not None},
            **nested_form_data(
                {
                    "title": "Home",
                    "hero_heading": "Defending multistakeholder governance",
                    "hero_intro": "",
                    "primary_cta_page": "",
                    "primary_cta_label": "",
                    "secondary_cta_page": "",
                    "secondary_cta_label": "",
                    "statement": StatementPage.objects.get().pk,
                    "body": streamfield([]),
                    "seo_title": "",
                    "search_description": "",
                    "action-publish": "publish",
                }
            ),
        }
        response = self.client.post(
            reverse("wagtailadmin_pages:edit", args=[self.home.pk]), data
        )
        self.assertEqual(response.status_code, HTTPStatus.FOUND)
        self.home.refresh_from_db()
        self.assertEqual(self.home.slug, "home")
        self.assertEqual(
            self.home.hero_heading, "Defending multistakeholder governance"
        )

    def test_the_featured_statement_is_picked_from_a_list(self):
        response = self.client.get(
            reverse("wagtailadmin_pages:edit", args=[self.home.pk])
        )
        statement = StatementPage.objects.get()
        soup = BeautifulSoup(response.content, "html.parser")
        select = soup.select_one("select[name=statement]")
        self.assertIsNotNone(select)
        self.assertEqual(
            [o.get_text() for o in select.select("option[selected]")],
            [statement.title],
        )

    # -- Long titles are not cut -------------------------------------------------

    def test_a_200_character_title_is_kept_whole_everywhere(self):
        self.assertEqual(len(LONG_TITLE), 200)
        response = self.client.post(
            self.add_url(NewsPage, self.news),
            news_form(LONG_TITLE, processes=[self.igf.pk], action="publish"),
        )
        self.assertEqual(response.status_code, HTTPStatus.FOUND)
        page = NewsPage.objects.get(title=LONG_TITLE)

        # The editor: a box that grows with the text, not a one-line input.
        edit = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        title = BeautifulSoup(edit.content, "html.parser").select_one("#id_title")
        self.assertEqual(title.name, "textarea")
        self.assertIn("w-autosize", title["data-controller"])
        self.assertIn("keydown.enter->w-action#noop:prevent", title["data-action"])
        self.assertEqual(title.get_text().strip(), LONG_TITLE)
        # The explorer listing.
        self.assertContains(
            self.client.get(reverse("wagtailadmin_explore", args=[self.news.pk])),
            LONG_TITLE,
        )
        # The public page: <title>, h1 and breadcrumb.
        public = self.client.get(page.url)
        self.assertContains(public, f"<title>{LONG_TITLE} | TCCM</title>")
        self.assertContains(public, f"<h1>{LONG_TITLE}</h1>", html=True)
        self.assertContains(public, f'<span aria-current="page">{LONG_TITLE}</span>')
        # The feeds.
        for feed in ("feed/", "feed/atom/"):
            entries = feedparser.parse(self.client.get(self.news.url + feed).content)
            self.assertIn(LONG_TITLE, [e.title for e in entries.entries])

    def test_a_line_break_typed_in_the_title_becomes_a_space(self):
        response = self.client.post(
            self.add_url(NewsPage, self.news),
            news_form(
                "IGF mandate:\r\nwhat comes next", processes=[self.igf.pk], action=""
            ),
        )
        self.assertEqual(response.status_code, HTTPStatus.FOUND)
        self.assertTrue(NewsPage.objects.filter(title="IGF mandate: what comes next"))

    # -- No "type '/' to insert a block" where there is no block ----------------

    def test_inline_only_rich_text_has_no_block_insertion_hint(self):
        response = self.client.get(self.add_url(StatementIndexPage, self.home))
        intro = BeautifulSoup(response.content, "html.parser").select_one("#id_intro")
        options = json.loads(intro["data-w-init-detail-value"])
        self.assertEqual(options["placeholder"], "")
        self.assertEqual(
            CalloutBlock().child_blocks["text"].field.widget.options["placeholder"], ""
        )
        # Where lists can be inserted, Draftail's own hint stays.
        self.assertNotIn("placeholder", ParagraphBlock().field.widget.options)

    # -- Autosave works on a news item while it is being written ----------------

    def autosave(self, data: dict):
        """What Wagtail's autosave sends: a draft save, answered in JSON."""
        return self.client.post(
            self.add_url(NewsPage, self.news),
            data,
            headers={"Accept": "application/json"},
        )

    def test_a_draft_saves_before_any_process_is_ticked(self):
        response = self.autosave(news_form("IGF mandate renewed", processes=[]))
        self.assertEqual(response.status_code, HTTPStatus.OK, response.content)
        self.assertTrue(response.json()["success"])
        draft = NewsPage.objects.get(title="IGF mandate renewed")
        self.assertFalse(draft.live)
        # Publishing still needs one: tests/news/test_news_pages.py.
