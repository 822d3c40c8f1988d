"""The signatory library shows and filters each organisation's status: live,
live with unpublished changes, scheduled, draft. Publishing is the one way an
organisation reaches the website."""

import datetime
import re
from http import HTTPStatus

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from statements.models import Signatory, Signature
from tests.factories import (
    SignatoryFactory,
    StakeholderGroupFactory,
    StatementPageFactory,
    make_site_root,
)

LIST = reverse("wagtailsnippets_statements_signatory:list")


def statuses(response) -> dict[str, str]:
    """Each listed organisation's status tag, by name."""
    found = {}
    for row in re.findall(r"<tr.*?</tr>", response.content.decode(), re.S):
        name = re.search(r'id="snippet_\d+_title">(.*?)</span>', row)
        status = re.search(r'class="w-status[^"]*">\s*(.*?)\s*</span>', row, re.S)
        if name and status:
            found[name.group(1)] = status.group(1)
    return found


def edit(signatory: Signatory, **changes) -> None:
    """Save a draft revision the way the editor does: the row keeps the live
    version."""
    draft = Signatory.objects.get(pk=signatory.pk)
    for field, value in changes.items():
        setattr(draft, field, value)
    draft.save_revision()


class StatusTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_root()
        cls.statement = StatementPageFactory(parent=cls.home)
        cls.admin = get_user_model().objects.create_superuser("staff", "s@x.org", "pw")
        future = timezone.now() + datetime.timedelta(days=3)
        cls.live = SignatoryFactory(name="Live Registry")
        cls.live.save_revision().publish()
        cls.changed = SignatoryFactory(name="Changed Registry")
        cls.changed.save_revision().publish()
        edit(cls.changed, short_name="CR")
        cls.draft = SignatoryFactory(name="Draft Registry", live=False)
        cls.draft.save_revision()
        cls.scheduled = SignatoryFactory(name="Scheduled Registry", live=False)
        cls.scheduled.save_revision(approved_go_live_at=future)
        for signatory in Signatory.objects.all():
            Signature.objects.create(signatory=signatory, statement=cls.statement)

    def setUp(self):
        self.client.force_login(self.admin)

    def test_listing_shows_each_status(self):
        response = self.client.get(LIST)
        self.assertEqual(response.status_code, HTTPStatus.OK)
        self.assertEqual(
            statuses(response),
            {
                "Changed Registry": "live + draft",
                "Draft Registry": "draft",
                "Live Registry": "live",
                "Scheduled Registry": "scheduled",
            },
        )
        self.assertNotContains(response, "On the website")  # the old checkbox column

    def test_filter_by_status(self):
        cases = {
            "live": {"Live Registry", "Changed Registry"},
            "changes": {"Changed Registry"},
            "scheduled": {"Scheduled Registry"},
            "draft": {"Draft Registry"},
            "": {
                "Live Registry",
                "Changed Registry",
                "Scheduled Registry",
                "Draft Registry",
            },
        }
        for status, names in cases.items():
            with self.subTest(status=status):
                response = self.client.get(LIST, {"status": status})
                self.assertEqual(set(statuses(response)), names)

    def test_status_filter_is_offered_in_words(self):
        response = self.client.get(LIST)
        for label in (
            "Live: on the website",
            "Live, with unpublished changes",
            "Scheduled to be published",
            "Draft: not on the website",
        ):
            self.assertContains(response, label)

    def test_only_published_organisations_are_public(self):
        """The one way to hide an organisation: it is not published."""
        page = self.client.get("/statement/").content.decode()
        self.assertIn("Live Registry", page)
        self.assertIn("Changed Registry", page)
        self.assertNotIn("Draft Registry", page)
        self.assertNotIn("Scheduled Registry", page)

        unpublish = reverse(
            "wagtailsnippets_statements_signatory:unpublish", args=[self.live.pk]
        )
        self.client.post(unpublish)
        self.assertNotContains(self.client.get("/statement/"), "Live Registry")
        self.assertEqual(statuses(self.client.get(LIST))["Live Registry"], "draft")

    def test_editor_has_no_second_visibility_switch(self):
        response = self.client.get(
            reverse("wagtailsnippets_statements_signatory:edit", args=[self.live.pk])
        )
        self.assertNotContains(response, "is_public")
        self.assertNotContains(response, "Show on the website")
        self.assertContains(response, "To take it off the website, unpublish it")


class ListingQueryTests(TestCase):
    """The status tag and group column cost no query per row."""

    @classmethod
    def setUpTestData(cls):
        make_site_root()
        cls.admin = get_user_model().objects.create_superuser("staff", "s@x.org", "pw")
        cls.group = StakeholderGroupFactory()

    def add(self, count: int) -> None:
        future = timezone.now() + datetime.timedelta(days=3)
        for n in range(count):
            signatory = SignatoryFactory(group=self.group, live=n % 2 == 0)
            signatory.save_revision(approved_go_live_at=future if n % 3 else None)

    def queries(self) -> int:
        self.client.get(LIST)
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(LIST)
        self.assertEqual(response.status_code, HTTPStatus.OK)
        return len(captured)

    def test_query_count_does_not_grow_with_rows(self):
        self.client.force_login(self.admin)
        self.add(3)
        few = self.queries()
        self.add(27)
        self.assertEqual(self.queries(), few)
