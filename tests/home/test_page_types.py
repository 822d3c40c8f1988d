"""Page-type rules: "Add child page" offers only what fits, under every page."""

from http import HTTPStatus
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from wagtail.models import Page
from wagtail.test.utils import WagtailTestUtils

from home.models import ContentPage, HomePage
from news.models import KeyDateIndexPage, NewsIndexPage, NewsPage
from statements.models import StatementIndexPage, StatementPage


class AddChildPageChoicesTests(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_coalition_content", stdout=StringIO())
        cls.admin = get_user_model().objects.create_superuser("staff", "s@x.org", "pw")
        cls.home = HomePage.objects.get()
        cls.about = cls.home.add_child(
            instance=ContentPage(title="About", slug="about")
        )

    def setUp(self):
        self.client.force_login(self.admin)

    def offered(self, parent: Page) -> set[str]:
        """The page types the admin offers under `parent`, as an editor sees them."""
        response = self.client.get(
            reverse("wagtailadmin_pages:add_subpage", args=[parent.pk])
        )
        if response.status_code == HTTPStatus.OK:
            return {str(name) for name, *_ in response.context["page_types"]}
        if response.status_code == HTTPStatus.FOUND:
            # One type only: Wagtail goes straight to its form.
            for model in (ContentPage, NewsPage, StatementPage):
                meta = model._meta
                add = reverse(
                    "wagtailadmin_pages:add",
                    args=[meta.app_label, meta.model_name, parent.pk],
                )
                if response.url == add:
                    return {model.get_verbose_name()}
        # No type at all: Wagtail refuses and sends the editor back.
        return set()

    def test_what_add_child_page_offers_under_each_page(self):
        table = [
            # The one home page exists; nothing else belongs at the tree root.
            (Page.get_first_root_node(), set()),
            # News and key dates exist already (one of each).
            (self.home, {"General page", "Statement", "Statement index"}),
            (self.about, {"General page"}),
            (StatementPage.objects.get(), set()),
            (NewsIndexPage.objects.get(), {"News item"}),
            (NewsPage.objects.first(), set()),
            (KeyDateIndexPage.objects.get(), set()),
        ]
        for parent, expected in table:
            with self.subTest(parent=parent.title):
                self.assertEqual(self.offered(parent), expected)

    def test_once_there_is_a_statement_index_new_statements_go_in_it(self):
        index = self.home.add_child(
            instance=StatementIndexPage(title="Statements", slug="statements")
        )
        # New statements go in the index, which lists them, not beside it.
        self.assertEqual(self.offered(self.home), {"General page"})
        self.assertEqual(self.offered(index), {"Statement"})
        add_beside = reverse(
            "wagtailadmin_pages:add", args=["statements", "statementpage", self.home.pk]
        )
        self.assertNotEqual(self.client.get(add_beside).status_code, HTTPStatus.OK)

    def test_one_off_pages_are_limited_to_one(self):
        for model in (HomePage, NewsIndexPage, KeyDateIndexPage, StatementIndexPage):
            with self.subTest(model.__name__):
                self.assertEqual(model.max_count, 1)
