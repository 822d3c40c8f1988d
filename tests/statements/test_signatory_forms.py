"""The signatory form fits the task: a signature defaults to today and, when
started from a statement, to that statement; short lists are radio buttons."""

import datetime
import re
from http import HTTPStatus

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from statements.models import Signatory
from tests.factories import (
    SignatoryFactory,
    StakeholderGroupFactory,
    StatementPageFactory,
    make_site_root,
)

ADD = reverse("wagtailsnippets_statements_signatory:add")


def management(prefix: str, total: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


class SignatoryFormTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_root()
        cls.statement = StatementPageFactory(parent=cls.home, title="Joint statement")
        cls.other = StatementPageFactory(
            parent=cls.home, title="Follow-up statement", slug="follow-up"
        )
        cls.registry = StakeholderGroupFactory(name="ccTLD registry")
        cls.registrar = StakeholderGroupFactory(name="Registrar")
        cls.admin = get_user_model().objects.create_superuser("staff", "s@x.org", "pw")

    def setUp(self):
        self.client.force_login(self.admin)

    def signatures(self, response):
        return response.context["form"].formsets["signatures"]

    def test_statement_editor_links_to_a_form_with_the_statement_chosen(self):
        edit = self.client.get(
            reverse("wagtailadmin_pages:edit", args=[self.statement.pk])
        )
        url = f"{ADD}?statement={self.statement.pk}"
        self.assertContains(edit, f'href="{url}"')
        self.assertContains(edit, "Add an organisation")

        response = self.client.get(url)
        self.assertEqual(response.status_code, HTTPStatus.OK)
        signatures = self.signatures(response)
        self.assertEqual(len(signatures.forms), 1)
        signature = signatures.forms[0]
        self.assertEqual(signature["statement"].value(), self.statement.pk)
        self.assertEqual(signature["signed_on"].value(), datetime.date.today())
        self.assertContains(response, 'name="signatures-TOTAL_FORMS" value="1"')
        checked = re.search(
            r'<input type="radio" name="signatures-0-statement" value="(\d+)"'
            r"[^>]*checked",
            response.content.decode(),
        )
        self.assertEqual(checked.group(1), str(self.statement.pk))

    def test_the_prefilled_signature_is_saved_as_shown(self):
        today = datetime.date.today()
        response = self.client.post(
            f"{ADD}?statement={self.statement.pk}",
            {
                "name": "InternetNZ",
                "country": "NZ",
                "group": self.registry.pk,
                **management("signatures", 1),
                "signatures-0-statement": self.statement.pk,
                "signatures-0-signed_on": today.isoformat(),
                # The hidden copy of the default Django sends for a callable one.
                "initial-signatures-0-signed_on": today.isoformat(),
                "action-publish": "publish",
            },
        )
        self.assertEqual(response.status_code, HTTPStatus.FOUND)
        signature = Signatory.objects.get(name="InternetNZ").signatures.get()
        self.assertEqual(signature.statement_id, self.statement.pk)
        self.assertEqual(signature.signed_on, today)
        self.assertContains(self.client.get("/statement/"), "InternetNZ")

    def test_a_signature_added_by_hand_starts_dated_today(self):
        response = self.client.get(ADD)
        signatures = self.signatures(response)
        self.assertEqual(len(signatures.forms), 0)
        self.assertEqual(
            signatures.empty_form["signed_on"].value(), datetime.date.today()
        )

    def test_a_bad_statement_in_the_address_is_ignored(self):
        for value in ("abc", "999999", ""):
            with self.subTest(value=value):
                response = self.client.get(ADD, {"statement": value})
                self.assertEqual(response.status_code, HTTPStatus.OK)
                self.assertEqual(len(self.signatures(response).forms), 0)

    def test_statement_and_group_are_radio_buttons_not_choosers(self):
        signatory = SignatoryFactory(name="Nominet UK", group=self.registry)
        response = self.client.get(
            reverse("wagtailsnippets_statements_signatory:edit", args=[signatory.pk])
        )
        html = response.content.decode()
        for group in (self.registry, self.registrar):
            self.assertIn(f'type="radio" name="group" value="{group.pk}"', html)
        self.assertRegex(html, r'type="radio" name="group" value=""[^>]*>\s*Not set')
        self.assertNotIn("Choose stakeholder group", html)
        empty = self.signatures(response).empty_form
        options = [str(label) for _value, label in empty.fields["statement"].choices]
        self.assertEqual(options, ["Joint statement", "Follow-up statement"])
        self.assertIn('type="radio" name="signatures-__prefix__-statement"', html)
        self.assertNotIn("Choose a page", html)
