"""Page routing and privacy still behave as Wagtail's, with fewer queries."""

from http import HTTPStatus

from django.test import TestCase

from wagtail.models import PageViewRestriction

from statements.models import StatementIndexPage
from tests.factories import StatementPageFactory, make_site_root


class RoutingTests(TestCase):
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

    def test_unknown_and_unpublished_children_are_404(self):
        self.assertEqual(self.client.get("/statements/nope/").status_code, 404)
        self.nested.unpublish()
        self.assertEqual(self.client.get("/statements/follow-up/").status_code, 404)

    def test_password_restriction_on_an_ancestor_still_applies(self):
        PageViewRestriction.objects.create(
            page=self.index,
            restriction_type=PageViewRestriction.PASSWORD,
            password="s3cret",
        )
        response = self.client.get("/statements/follow-up/")
        self.assertContains(response, "password", status_code=HTTPStatus.OK)
        self.assertNotContains(response, "We are members of the Internet")
        self.assertEqual(
            self.client.get("/statements/follow-up/signatories.json").status_code, 404
        )
