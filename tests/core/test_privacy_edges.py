"""Edges of the privacy rule found by an outside review: time-driven expiry in the
cached menu, unpublished sections in breadcrumbs, slugs by copy and move, Wagtail's
own report exports, and the members' login form."""

import csv
import datetime
import io
from unittest import mock

from django.contrib.auth.models import User
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from wagtail.test.utils import WagtailTestUtils

from news.models import NewsPage
from statements.models import StatementIndexPage
from tests.factories import (
    NewsIndexPageFactory,
    NewsPageFactory,
    StatementPageFactory,
    make_site_root,
)


class ExpiryInCachedMenuTests(TestCase):
    def test_a_page_leaves_the_cached_menu_when_it_expires(self):
        home = make_site_root()
        now = timezone.now()
        StatementPageFactory(
            parent=home,
            title="Closing soon",
            show_in_menus=True,
            expire_at=now + datetime.timedelta(seconds=60),
        )
        self.assertContains(self.client.get("/"), "Closing soon")  # now cached
        later = now + datetime.timedelta(seconds=61)
        # Both clocks move on: the one the rule reads, the one the cache reads.
        with (
            mock.patch("django.utils.timezone.now", return_value=later),
            mock.patch(
                "django.core.cache.backends.locmem.time.time",
                return_value=later.timestamp(),
            ),
        ):
            self.assertNotContains(self.client.get("/"), "Closing soon")


class BreadcrumbTests(TestCase):
    def test_an_unpublished_section_is_not_named_in_its_childrens_trail(self):
        home = make_site_root()
        section = home.add_child(
            instance=StatementIndexPage(title="Draft section", slug="section")
        )
        StatementPageFactory(parent=section, slug="child", title="Public child")
        response = self.client.get("/section/child/")
        self.assertContains(response, "Draft section")
        section.unpublish()
        response = self.client.get("/section/child/")
        self.assertContains(response, "Public child")
        self.assertNotContains(response, "Draft section")


class ReservedSlugByCopyAndMoveTests(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_root()
        cls.index = NewsIndexPageFactory(parent=cls.home)
        cls.item = NewsPageFactory(parent=cls.index, slug="update", title="Update")

    def setUp(self):
        self.login()

    def test_copy_refuses_a_route_word_as_the_new_slug(self):
        response = self.client.post(
            reverse("wagtailadmin_pages:copy", args=[self.item.pk]),
            {
                "new_title": "Copy",
                "new_slug": "feed",
                "new_parent_page": self.index.pk,
                "publish_copies": "on",
            },
        )
        self.assertContains(response, "“feed” is used by the site")
        self.assertFalse(NewsPage.objects.filter(slug="feed").exists())
        response = self.client.post(
            reverse("wagtailadmin_pages:copy", args=[self.item.pk]),
            {"new_title": "Copy", "new_slug": "copy", "new_parent_page": self.index.pk},
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(NewsPage.objects.filter(slug="copy").exists())

    def test_move_refuses_a_page_whose_slug_is_a_route_word_there(self):
        page = StatementPageFactory(parent=self.home, slug="admin", title="Oops")
        index = self.home.add_child(
            instance=StatementIndexPage(title="Statements", slug="statements")
        )
        # Fine under the index; refused at the top level, where /admin/ is taken.
        StatementPageFactory(parent=index, slug="documents", title="Docs")
        moving = index.get_children().get(slug="documents")
        response = self.client.post(
            reverse("wagtailadmin_pages:move_confirm", args=[moving.pk, self.home.pk]),
            follow=True,
        )
        self.assertContains(response, "“documents” is used by the site")
        moving.refresh_from_db()
        self.assertEqual(moving.get_parent().pk, index.pk)
        self.assertEqual(page.slug, "admin")


class ReportExportTests(WagtailTestUtils, TestCase):
    def test_wagtails_own_reports_export_formula_safe_csv(self):
        home = make_site_root()
        StatementPageFactory(
            parent=home,
            title='=HYPERLINK("http://evil.example")',
            last_published_at=timezone.now() - datetime.timedelta(days=400),
        )
        self.login()
        response = self.client.get(
            reverse("wagtailadmin_reports:aging_pages"), {"export": "csv"}
        )
        rows = list(
            csv.reader(io.StringIO(b"".join(response.streaming_content).decode()))
        )
        titles = [row[0] for row in rows[1:]]
        self.assertIn('\'=HYPERLINK("http://evil.example")', titles)
        self.assertNotIn('=HYPERLINK("http://evil.example")', titles)


class MembersLoginTests(TestCase):
    def test_errors_are_shown_and_tied_to_the_fields(self):
        make_site_root()
        User.objects.create_user("member", password="correct-horse-battery")
        response = self.client.post(
            "/accounts/login/", {"username": "   ", "password": "x"}
        )
        self.assertContains(response, "This field is required")
        self.assertContains(response, 'aria-invalid="true"')
        response = self.client.post(
            "/accounts/login/", {"username": "member", "password": "wrong"}
        )
        self.assertContains(response, 'role="alert"')
        self.assertContains(response, 'aria-describedby="login-error"')
        response = self.client.post(
            "/accounts/login/",
            {"username": "member", "password": "correct-horse-battery", "next": "/"},
        )
        self.assertRedirects(response, "/", fetch_redirect_response=False)
