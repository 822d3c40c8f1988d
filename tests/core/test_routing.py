"""Our query-saving routing (core.CoalitionPageMixin) keeps Wagtail's behaviours.

The privacy table (test_privacy.py) covers every restriction kind; these tests
cover what Wagtail's own routing and serving do besides: the password form and
its success path, the login redirect, group membership, aliases and
before_serve_page hooks, plus query-saving itself. (Previews do not route; each
page type's test asserts assertPageIsPreviewable.)
"""

from http import HTTPStatus

from django.contrib.auth.models import Group, User
from django.db import connection
from django.http import HttpResponse
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from wagtail import hooks
from wagtail.models import PageViewRestriction
from wagtail.test.utils import WagtailPageTestCase

from statements.models import StatementIndexPage, StatementPage
from tests.factories import StatementPageFactory, make_site_root


class RoutingTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_root()
        cls.index = cls.home.add_child(
            instance=StatementIndexPage(title="Statements", slug="statements")
        )
        cls.nested = StatementPageFactory(
            parent=cls.index, slug="follow-up", title="Follow-up"
        )

    def test_nested_pages_route_with_breadcrumbs(self):
        response = self.client.get("/statements/follow-up/")
        self.assertEqual(response.status_code, HTTPStatus.OK)
        self.assertContains(
            response, '<a href="/statements/">Statements</a>', html=True
        )

    def test_routing_serves_the_specific_page_in_one_query_per_level(self):
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get("/statements/follow-up/")
        self.assertIsInstance(response.context["page"], StatementPage)
        sql = [q["sql"] for q in queries]
        # One query per level, joined to the allowed child types' tables...
        by_slug = [q for q in sql if '"wagtailcore_page"."slug" = ' in q]
        self.assertEqual(len(by_slug), 2, by_slug)
        self.assertIn('JOIN "statements_statementpage"', by_slug[-1])
        # ...so no separate fetch of the specific page by its id.
        by_id = [q for q in sql if '"wagtailcore_page"."id" = ' in q.split("WHERE")[-1]]
        self.assertEqual(by_id, [])

    def test_unknown_and_unpublished_children_are_404(self):
        self.assertEqual(self.client.get("/statements/nope/").status_code, 404)
        self.nested.unpublish()
        self.assertEqual(self.client.get("/statements/follow-up/").status_code, 404)

    def test_password_form_then_the_page_once_the_password_is_given(self):
        restriction = PageViewRestriction.objects.create(
            page=self.index,
            restriction_type=PageViewRestriction.PASSWORD,
            password="s3cret-pass",
        )
        response = self.client.get("/statements/follow-up/")
        self.assertContains(response, 'name="password"')
        self.assertNotContains(response, "Follow-up")
        self.assertEqual(
            self.client.get("/statements/follow-up/signatories.json").status_code, 404
        )
        action = f"/_util/authenticate_with_password/{restriction.pk}/{self.nested.pk}/"
        self.assertContains(response, f'action="{action}"')

        wrong = self.client.post(
            action, {"password": "nope", "return_url": "/statements/follow-up/"}
        )
        self.assertContains(wrong, 'aria-invalid="true"')
        right = self.client.post(
            action, {"password": "s3cret-pass", "return_url": "/statements/follow-up/"}
        )
        self.assertRedirects(
            right, "/statements/follow-up/", fetch_redirect_response=False
        )
        self.assertContains(self.client.get("/statements/follow-up/"), "Follow-up")

    def test_login_restriction_redirects_to_the_login_page_then_serves(self):
        PageViewRestriction.objects.create(
            page=self.nested, restriction_type=PageViewRestriction.LOGIN
        )
        response = self.client.get("/statements/follow-up/")
        self.assertRedirects(
            response,
            "/accounts/login/?next=/statements/follow-up/",
            fetch_redirect_response=False,
        )
        self.assertEqual(self.client.get(response["Location"]).status_code, 200)
        self.client.force_login(User.objects.create_user("member"))
        self.assertContains(self.client.get("/statements/follow-up/"), "Follow-up")

    def test_group_restriction_admits_members_only(self):
        board = Group.objects.create(name="Board")
        restriction = PageViewRestriction.objects.create(
            page=self.nested, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.set([board])
        user = User.objects.create_user("outsider")
        self.client.force_login(user)
        self.assertEqual(
            self.client.get("/statements/follow-up/").status_code, HTTPStatus.FOUND
        )
        user.groups.add(board)
        self.assertContains(self.client.get("/statements/follow-up/"), "Follow-up")

    def test_an_alias_serves_its_source_and_follows_its_restrictions(self):
        alias = self.nested.create_alias(update_slug="follow-up-copy")
        response = self.client.get(alias.url)
        self.assertContains(response, "Follow-up")
        PageViewRestriction.objects.create(
            page=self.index,
            restriction_type=PageViewRestriction.PASSWORD,
            password="s3cret-pass",
        )
        response = self.client.get(alias.url)
        self.assertContains(response, 'name="password"')
        self.assertNotContains(response, "Follow-up")

    def test_before_serve_page_hooks_run(self):
        def intercept(page, request, serve_args, serve_kwargs):
            return HttpResponse(f"hooked {page.specific_class.__name__}")

        with hooks.register_temporarily("before_serve_page", intercept):
            response = self.client.get("/statements/follow-up/")
        self.assertEqual(response.content, b"hooked StatementPage")


class UnroutablePathTests(TestCase):
    def test_site_without_pages_answers_404(self):
        make_site_root()
        self.assertEqual(self.client.get("/anything/").status_code, 404)
