"""The directory pages from a position (keyset: ?after=, ?before=, ?at=, ?from=),
the statement page's founders and latest, and the cached facets' invalidation."""

import datetime
import time
from http import HTTPStatus
from unittest import mock

from django.test import TestCase
from django.utils import timezone

from wagtail.models import PageViewRestriction

from statements.models import Signatory, Signature, StatementPage
from tests.factories import (
    SignatoryFactory,
    StakeholderGroupFactory,
    StatementPageFactory,
    make_site_root,
    sign,
)

URL = "/statement/signatories/"
NAMES = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf"]


def names(response) -> list[str]:
    return [card.name for card in response.context["signatures"]]


class KeysetDirectoryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = make_site_root()
        cls.statement = StatementPageFactory(parent=home)
        group = StakeholderGroupFactory(slug="registry")
        # Created out of order: the directory sorts by name, not by id.
        cls.by_name = {}
        for name in reversed(NAMES):
            cls.by_name[name] = sign(cls.statement, 1, name=name, group=group)[0]

    def setUp(self):
        patcher = mock.patch.object(StatementPage, "DIRECTORY_PAGE_SIZE", 3)
        patcher.start()
        self.addCleanup(patcher.stop)

    def pk(self, name: str) -> int:
        return self.by_name[name].pk

    def test_pages_follow_each_other_forwards_and_back(self):
        first = self.client.get(URL)
        self.assertEqual(names(first), ["Alpha", "Bravo", "Charlie"])
        self.assertEqual(first.context["next_url"], f"?after={self.pk('Charlie')}")
        self.assertIsNone(first.context["previous_url"])
        second = self.client.get(URL, {"after": self.pk("Charlie")})
        self.assertEqual(names(second), ["Delta", "Echo", "Foxtrot"])
        last = self.client.get(URL, {"after": self.pk("Foxtrot")})
        self.assertEqual(names(last), ["Golf"])
        self.assertIsNone(last.context["next_url"])
        back = self.client.get(URL, {"before": self.pk("Golf")})
        self.assertEqual(names(back), ["Delta", "Echo", "Foxtrot"])
        self.assertEqual(back.context["previous_url"], f"?before={self.pk('Delta')}")

    def test_back_to_the_start_is_the_first_pages_address(self):
        response = self.client.get(URL, {"before": self.pk("Delta")})
        self.assertRedirects(response, URL)
        response = self.client.get(URL, {"before": self.pk("Bravo")})
        self.assertRedirects(response, URL)

    def test_at_starts_with_that_signatory_whose_anchor_is_there(self):
        response = self.client.get(URL, {"at": self.pk("Echo")})
        self.assertEqual(names(response), ["Echo", "Foxtrot", "Golf"])
        self.assertContains(response, f'id="signatory-{self.pk("Echo")}"')
        self.assertContains(response, 'rel="prev"')

    def test_after_the_last_signatory_is_an_empty_page_not_an_error(self):
        response = self.client.get(URL, {"after": self.pk("Golf")})
        self.assertEqual(response.status_code, HTTPStatus.OK)
        self.assertEqual(names(response), [])
        self.assertContains(response, "No more organisations in this list.")

    def test_letters_link_where_names_start(self):
        response = self.client.get(URL)
        self.assertContains(response, f'<a href="{URL}?from=E">E</a>', html=True)
        self.assertContains(response, "<span>Z</span>", html=True)
        response = self.client.get(URL, {"from": "e"})
        self.assertRedirects(response, URL + "?from=E")
        response = self.client.get(URL, {"from": "E"})
        self.assertEqual(names(response), ["Echo", "Foxtrot", "Golf"])
        self.assertContains(response, 'rel="prev"')
        # A letter with no name starts at the next name after it.
        response = self.client.get(URL, {"from": "Z"})
        self.assertEqual(names(response), [])
        response = self.client.get(URL, {"from": "A"})
        self.assertNotContains(response, 'rel="prev"')

    def test_cursors_keep_the_filters(self):
        other = SignatoryFactory(name="Alpha Two", country="PT")
        Signature.objects.create(signatory=other, statement=self.statement)
        response = self.client.get(URL, {"country": "PT", "after": self.pk("Alpha")})
        self.assertEqual(names(response), ["Alpha Two"])
        response = self.client.get(URL, {"country": "PT", "after": self.pk("Bravo")})
        self.assertEqual(names(response), [])
        response = self.client.get(URL, {"country": "CA", "after": self.pk("Alpha")})
        self.assertEqual(names(response), ["Bravo", "Charlie", "Delta"])

    def test_bad_positions_and_old_page_numbers_go_to_a_real_page(self):
        for query in [
            {"after": "abc"},
            {"after": "-1"},
            {"after": "99999999"},
            {"after": "9" * 40},
            {"before": ""},
            {"at": "1e3"},
            {"at": "<script>"},
            {"from": "AB"},
            {"from": "é"},
            {"from": "1"},
            {"page": "2"},
            {"page": "abc"},
            {"after": "1", "before": "2", "unexpected": "x"},
        ]:
            with self.subTest(query=query):
                response = self.client.get(URL, query, follow=True)
                self.assertEqual(response.status_code, HTTPStatus.OK)
                self.assertIn(response.redirect_chain[-1][0].split("?")[0], URL)

    def test_a_hidden_signatory_as_cursor_shows_nothing_of_it(self):
        hidden = SignatoryFactory(name="Delta Hidden", live=False)
        Signature.objects.create(signatory=hidden, statement=self.statement)
        response = self.client.get(URL, {"at": hidden.pk})
        self.assertRedirects(response, URL)
        response = self.client.get(URL, {"from": "D"})
        self.assertNotContains(response, "Delta Hidden")
        self.assertEqual(names(response), ["Delta", "Echo", "Foxtrot"])

    def test_the_item_list_names_the_pages_signatories(self):
        response = self.client.get(URL, {"after": self.pk("Charlie")})
        items = response.context["seo"]["structured_data"][0]["itemListElement"]
        self.assertEqual([i["item"]["name"] for i in items], names(response))
        self.assertEqual(items[0]["item"]["address"]["addressCountry"], "CA")


class StatementSignatoriesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = make_site_root()
        cls.statement = StatementPageFactory(parent=home)
        founders = sign(cls.statement, 30)
        Signature.objects.filter(signatory__in=founders).update(founding=True)
        later = sign(cls.statement, 12)
        for n, signatory in enumerate(later):
            Signature.objects.filter(signatory=signatory).update(
                signed_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=n)
            )
        cls.newest = later[-1]

    def test_founders_and_latest_only_with_the_total_and_a_link(self):
        response = self.client.get("/statement/")
        self.assertEqual(len(response.context["founders"]), 24)
        latest = response.context["latest"]
        self.assertEqual(len(latest), 8)
        self.assertEqual(latest[0].signatory, self.newest)
        self.assertContains(response, "42 organisations from 1 countries have signed.")
        self.assertContains(response, f'href="{URL}">See all 42 signatories</a>')
        # Every card's anchor is there to link to.
        self.assertContains(response, f'id="signatory-{self.newest.pk}"')


class FacetCacheInvalidationTests(TestCase):
    """Counts and filters come from core.public_cache: each change that alters
    what the public sees must show on the next request."""

    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_root()
        cls.statement = StatementPageFactory(parent=cls.home)
        cls.signatories = sign(cls.statement, 3, country="CA")
        sign(cls.statement, 1, country="PT")

    def counts(self) -> tuple:
        # Twice: the first request may create the site settings, a change.
        self.client.get(URL)
        response = self.client.get(URL)
        self.assertEqual(response.status_code, HTTPStatus.OK)
        return response.context["filters"].total, [
            (c["code"], c["count"]) for c in response.context["filters"].countries
        ]

    def test_unpublishing_a_signatory(self):
        self.assertEqual(self.counts(), (4, [("CA", 3), ("PT", 1)]))
        self.signatories[0].unpublish()
        self.assertEqual(self.counts(), (3, [("CA", 2), ("PT", 1)]))
        statement = self.client.get("/statement/")
        self.assertContains(statement, "3 organisations from 2 countries")

    def test_a_new_signature_and_a_moved_signatory(self):
        self.counts()
        sign(self.statement, 1, country="PT")
        self.assertEqual(self.counts(), (5, [("CA", 3), ("PT", 2)]))
        signatory = Signatory.objects.get(pk=self.signatories[0].pk)
        signatory.country = "PT"
        signatory.save()
        self.assertEqual(self.counts(), (5, [("CA", 2), ("PT", 3)]))

    def test_a_signatory_expiring_leaves_without_any_save(self):
        self.counts()
        soon = timezone.now() + datetime.timedelta(minutes=5)
        Signatory.objects.filter(pk=self.signatories[0].pk).update(expire_at=soon)
        # update() sends no signal: the cache keeps the old counts...
        Signatory.objects.get(pk=self.signatories[1].pk).save()  # any change
        self.assertEqual(self.counts()[0], 4)
        # ...only until the expiry: it is stored no longer than that.
        later = soon + datetime.timedelta(seconds=1)
        with (
            mock.patch("django.utils.timezone.now", return_value=later),
            mock.patch("time.time", return_value=time.time() + 301),
        ):
            self.assertEqual(self.counts()[0], 3)

    def test_restricting_and_unpublishing_the_statement(self):
        self.counts()
        restriction = PageViewRestriction.objects.create(
            page=self.statement, restriction_type=PageViewRestriction.LOGIN
        )
        self.assertNotEqual(self.client.get(URL).status_code, HTTPStatus.OK)
        self.assertEqual(self.client.get("/statement/signatories.csv").status_code, 404)
        restriction.delete()
        self.assertEqual(self.counts()[0], 4)
        self.statement.unpublish()
        self.assertEqual(self.client.get(URL).status_code, HTTPStatus.NOT_FOUND)
