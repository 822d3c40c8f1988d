"""/statement/signatories/: filters, clean addresses, pagination, no JavaScript."""

from http import HTTPStatus
from unittest import mock

from django.test import TestCase

from statements.models import StatementPage
from tests.factories import (
    StakeholderGroupFactory,
    StatementPageFactory,
    make_site_root,
    sign,
)

URL = "/statement/signatories/"


class DirectoryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = make_site_root()
        cls.statement = StatementPageFactory(parent=home)
        cls.registry = StakeholderGroupFactory(
            name="ccTLD registry", slug="cctld-registry"
        )
        cls.registrar = StakeholderGroupFactory(name="Registrar", slug="registrar")
        sign(cls.statement, 3, country="CA", group=cls.registry)
        sign(cls.statement, 2, country="AU", group=cls.registrar)
        sign(cls.statement, 1, country="AU", group=cls.registry, name="Aussie Registry")

    def test_lists_every_public_signatory_with_filter_form(self):
        response = self.client.get(URL)
        self.assertEqual(response.status_code, HTTPStatus.OK)
        self.assertContains(response, "6 organisations")
        self.assertContains(response, '<form class="filters" method="get"')
        self.assertContains(
            response, '<option value="AU">Australia (3)</option>', html=True
        )
        self.assertContains(
            response, '<option value="registrar">Registrar (2)</option>', html=True
        )

    def test_filters_by_country_and_group(self):
        response = self.client.get(URL, {"country": "AU", "group": "cctld-registry"})
        self.assertEqual(response.status_code, HTTPStatus.OK)
        self.assertContains(response, "1 organisation")
        self.assertContains(response, "Aussie Registry")
        self.assertEqual(len(response.context["signatures"]), 1)

    def test_empty_filters_redirect_to_the_clean_address(self):
        response = self.client.get(URL, {"country": "", "group": "registrar"})
        self.assertRedirects(response, URL + "?group=registrar")

    def test_lowercase_country_is_normalised(self):
        response = self.client.get(URL, {"country": "au"})
        self.assertRedirects(response, URL + "?country=AU")

    def test_garbage_filters_give_a_normal_page(self):
        for query in [
            {"country": "ZZ"},
            {"group": "<script>"},
            {"page": "abc"},
            {"page": "-1"},
            {"page": "99999"},
            {"country": "x" * 500, "unexpected": "1"},
        ]:
            with self.subTest(query=query):
                response = self.client.get(URL, query, follow=True)
                self.assertEqual(response.status_code, HTTPStatus.OK)
                self.assertEqual(response.redirect_chain[-1][0], URL)

    def test_pagination_keeps_the_filters(self):
        with mock.patch.object(StatementPage, "DIRECTORY_PAGE_SIZE", 2):
            response = self.client.get(URL, {"country": "CA"})
            first = response.context["signatures"]
            self.assertEqual(len(first), 2)
            self.assertNotContains(response, 'rel="prev"')
            after = first[-1].signatory_id
            self.assertContains(
                response,
                f'href="/statement/signatories/?country=CA&amp;after={after}"',
            )
            response = self.client.get(URL, {"country": "CA", "after": after})
            self.assertEqual(len(response.context["signatures"]), 1)
            self.assertNotContains(response, 'rel="next"')
            self.assertContains(response, 'rel="prev"')
            # Back from the second page: fewer than a page before it, so the
            # first page's own address.
            before = response.context["signatures"][0].signatory_id
            response = self.client.get(URL, {"country": "CA", "before": before})
            self.assertRedirects(response, URL + "?country=CA")
