"""An organisation the public may not see shows on no public surface: every way
an organisation can be off the website × every surface that lists or counts
signatories. The statement pages themselves are covered by tests/core/test_privacy.py.
"""

import datetime

from django.test import TestCase
from django.utils import timezone

from home.models import HomePage
from statements.models import Signature, StatementIndexPage
from tests.factories import (
    SignatoryFactory,
    StakeholderGroupFactory,
    StatementPageFactory,
    make_site_root,
)

MARKER = "zqx"  # in every hidden organisation's name and group


def hidden_kinds() -> dict:
    """Ways an organisation is off the website, as factory arguments."""
    now = timezone.now()
    return {
        "unpublished": {"live": False, "has_unpublished_changes": True},
        "never published": {"live": False},
        # publish_scheduled has not run yet: still marked live.
        "expired": {"live": True, "expire_at": now - datetime.timedelta(minutes=1)},
        "scheduled": {"live": False, "go_live_at": now + datetime.timedelta(days=1)},
    }


SURFACES = {
    "statement page (list and count)": "/statements/statement/",
    "directory (list and facets)": "/statements/statement/signatories/",
    "directory filtered by the hidden country": (
        "/statements/statement/signatories/?country=AX"
    ),
    "open data CSV": "/statements/statement/signatories.csv",
    "open data JSON": "/statements/statement/signatories.json",
    "statement index (count)": "/statements/",
    "home (featured count)": "/",
}


class HiddenSignatoryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = make_site_root()
        index = StatementIndexPage(title="Statements", slug="statements")
        home.add_child(instance=index)
        cls.statement = StatementPageFactory(parent=index)
        HomePage.objects.filter(pk=home.pk).update(statement=cls.statement)
        group = StakeholderGroupFactory(name="Registrar", slug="registrar")
        for name in ("Nominet UK", "Tucows, Inc."):
            Signature.objects.create(
                signatory=SignatoryFactory(name=name, country="GB", group=group),
                statement=cls.statement,
            )
        hidden_group = StakeholderGroupFactory(name=f"{MARKER} group", slug=MARKER)
        for kind, fields in hidden_kinds().items():
            Signature.objects.create(
                # Åland: a country no public signatory is from, so a facet or
                # count that includes a hidden organisation shows.
                signatory=SignatoryFactory(
                    name=f"{MARKER} {kind}", country="AX", group=hidden_group, **fields
                ),
                statement=cls.statement,
            )

    def test_hidden_organisations_show_on_no_public_surface(self):
        for surface, url in SURFACES.items():
            with self.subTest(surface=surface):
                response = self.client.get(url, follow=True)
                self.assertEqual(response.status_code, 200)
                body = response.content.decode()
                self.assertNotIn(MARKER, body.lower())
                self.assertNotIn("Åland", body)

    def test_counts_include_only_public_organisations(self):
        self.assertContains(
            self.client.get("/statements/statement/"),
            "2 organisations from 1 countries have signed.",
        )
        self.assertContains(self.client.get("/statements/"), "2 signatories")
        self.assertContains(
            self.client.get("/"), "2 organisations from 1 countries have signed."
        )
        data = self.client.get("/statements/statement/signatories.json").json()
        self.assertEqual(data["count"], 2)
