"""The library's CSV round trip: the export's columns are the import's, an
exported file re-imports without changing anything, a changed row updates its
organisation, and the import's limits are stated and enforced."""

import csv
import datetime
import io
from http import HTTPStatus
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from wagtail.models import ModelLogEntry, Revision

from openpyxl import load_workbook

from statements.models import Signatory, Signature
from tests.factories import (
    SignatoryFactory,
    StakeholderGroupFactory,
    StatementPageFactory,
    make_site_root,
)

LIST = reverse("wagtailsnippets_statements_signatory:list")
IMPORT = reverse("wagtailsnippets_statements_signatory:import")
TEMPLATE = reverse("wagtailsnippets_statements_signatory:import_template")

EXPORT_HEADINGS = [
    "Organisation name",
    "Short name or acronym",
    "Sort under",
    "Website",
    "Country",
    "Stakeholder group",
    "Published",
    "Contact name",
    "Contact e-mail",
    "Internal notes",
]
TEMPLATE_HEADINGS = [*EXPORT_HEADINGS, "Date signed", "Founding signatory"]


def rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def replace_cell(data: bytes, name: str, heading: str, value: str) -> bytes:
    """The file with one cell changed, as a spreadsheet would save it."""
    header, *body = rows(data)
    for row in body:
        if row[0] == name:
            row[header.index(heading)] = value
    out = io.StringIO()
    csv.writer(out).writerows([header, *body])
    return out.getvalue().encode()


class RoundTripTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_root()
        cls.statement = StatementPageFactory(parent=cls.home)
        cls.registry = StakeholderGroupFactory(
            name="ccTLD registry", slug="cctld-registry"
        )
        cls.odd_group = StakeholderGroupFactory(name="-2+3", slug="minus", sort_order=9)
        cls.admin = get_user_model().objects.create_superuser("staff", "s@x.org", "pw")
        signatories = [
            SignatoryFactory(
                name="Nominet UK",
                short_name="Nominet",
                country="GB",
                group=cls.registry,
                website="https://www.nominet.uk/",
                contact_name="Jane Doe",
                contact_email="jane@nominet.example",
                notes="Signed at IGF 2025.\nFollow up in March.",
            ),
            SignatoryFactory(name='"Tucows, Inc."', country="CA", sort_name="Tucows"),
            SignatoryFactory(name="Ålands Registry", country="AX", website=""),
            # Cells the export escapes so spreadsheets don't run them.
            SignatoryFactory(
                name="=HYPERLINK(1)", country="PT", contact_name="-Joe", group=None
            ),
            SignatoryFactory(name="Odd Group Org", country="JP", group=cls.odd_group),
            SignatoryFactory(name="Draft Registry", country="NZ", live=False),
        ]
        for signatory in signatories:
            revision = signatory.save_revision()
            if signatory.live:
                revision.publish()
            Signature.objects.create(
                signatory=signatory,
                statement=cls.statement,
                signed_on=datetime.date(2025, 1, 10),
            )

    def setUp(self):
        self.client.force_login(self.admin)

    def export(self) -> bytes:
        response = self.client.get(LIST, {"export": "csv"})
        self.assertEqual(response.status_code, HTTPStatus.OK)
        return b"".join(response.streaming_content)

    def import_file(self, data: bytes, statement=None, follow=True):
        return self.client.post(
            IMPORT,
            {
                "file": SimpleUploadedFile("signatories.csv", data, "text/csv"),
                "statement": statement.pk if statement else "",
            },
            follow=follow,
        )

    def message(self, response) -> str:
        return " ".join(str(m) for m in get_messages(response.wsgi_request))

    def snapshot(self) -> list[dict]:
        return list(
            Signatory.objects.order_by("pk").values(
                *[
                    f.attname
                    for f in Signatory._meta.concrete_fields
                    if f.name != "updated_at"
                ]
            )
        )


class SharedColumnsTests(RoundTripTestCase):
    def test_export_headings_are_the_import_columns(self):
        self.assertEqual(rows(self.export())[0], EXPORT_HEADINGS)
        response = self.client.get(LIST, {"export": "xlsx"})
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        self.assertEqual(list(next(sheet.iter_rows(values_only=True))), EXPORT_HEADINGS)

    def test_export_writes_what_the_import_reads(self):
        by_name = {row[0]: row for row in rows(self.export())[1:]}
        nominet = dict(zip(EXPORT_HEADINGS, by_name["Nominet UK"], strict=True))
        self.assertEqual(nominet["Country"], "GB")
        self.assertEqual(nominet["Stakeholder group"], "ccTLD registry")
        self.assertEqual(nominet["Published"], "yes")
        self.assertEqual(by_name["Draft Registry"][6], "no")
        self.assertIn("'=HYPERLINK(1)", by_name)  # still spreadsheet-safe

    def test_template_has_every_column_and_one_example_row(self):
        response = self.client.get(TEMPLATE)
        self.assertEqual(response.status_code, HTTPStatus.OK)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn("attachment", response["Content-Disposition"])
        template = response.content
        header, example = rows(template)
        self.assertEqual(header, TEMPLATE_HEADINGS)
        example = dict(zip(header, example, strict=True))
        self.assertEqual(example["Country"], "NZ")
        self.assertEqual(example["Stakeholder group"], "ccTLD registry")

        # Forgotten, the example row is refused; overwritten, the file imports.
        response = self.import_file(template)
        self.assertContains(response, "this is the template&#x27;s example row")
        data = template.replace(b"Example Registry (delete this row)", b"InternetNZ")
        response = self.import_file(data, statement=self.statement)
        self.assertIn("1 organisation added", self.message(response))
        signature = Signature.objects.get(signatory__name="InternetNZ")
        self.assertEqual(signature.signed_on, datetime.date(2025, 12, 17))
        self.assertContains(self.client.get("/statement/"), "InternetNZ")

    def test_import_page_links_the_template_and_states_the_limits(self):
        response = self.client.get(IMPORT)
        self.assertContains(response, f'href="{TEMPLATE}"')
        self.assertContains(response, "Download a template")
        self.assertContains(response, "Up to 2 MB and 1,000 organisations a file.")
        for heading in TEMPLATE_HEADINGS:
            self.assertContains(response, heading)
        listing = self.client.get(LIST)
        self.assertContains(listing, TEMPLATE)

    def test_docs_describe_every_column(self):
        guide = (Path(settings.BASE_DIR) / "docs" / "signatory-csv.md").read_text()
        for heading in TEMPLATE_HEADINGS:
            self.assertIn(f"| {heading} ", guide)


class RoundTripTests(RoundTripTestCase):
    def test_an_exported_file_reimports_without_changes(self):
        data = self.export()
        before = self.snapshot()
        revisions = Revision.objects.count()
        log_entries = ModelLogEntry.objects.count()
        signatures = list(Signature.objects.values())

        for statement in (None, self.statement):
            with self.subTest(statement=statement):
                response = self.import_file(data, statement=statement)
                self.assertRedirects(response, LIST)
                self.assertEqual(
                    self.message(response),
                    "Nothing to change: the 6 organisations in the file are already "
                    "in the library exactly as the file gives them.",
                )
                self.assertEqual(self.snapshot(), before)
                self.assertEqual(Revision.objects.count(), revisions)
                self.assertEqual(ModelLogEntry.objects.count(), log_entries)
                self.assertEqual(list(Signature.objects.values()), signatures)

    def test_a_changed_row_updates_and_publishes_that_organisation(self):
        data = replace_cell(
            self.export(), "Nominet UK", "Website", "https://nominet.example/"
        )
        response = self.import_file(data)
        self.assertEqual(
            self.message(response),
            "Import done: 0 organisations added, 1 updated, 5 unchanged. "
            "Updated: Nominet UK.",
        )
        nominet = Signatory.objects.get(name="Nominet UK")
        self.assertEqual(nominet.website, "https://nominet.example/")
        self.assertEqual(nominet.live_revision_id, nominet.latest_revision_id)
        self.assertEqual(
            nominet.live_revision.content["website"], "https://nominet.example/"
        )
        self.assertEqual(nominet.notes, "Signed at IGF 2025.\nFollow up in March.")
        self.assertTrue(
            ModelLogEntry.objects.filter(
                object_id=str(nominet.pk), action="wagtail.publish", user=self.admin
            ).exists()
        )
        self.assertContains(self.client.get("/statement/"), "nominet.example")

    def test_columns_left_out_leave_the_library_as_it_is(self):
        response = self.import_file(
            b"Organisation name,Country,Short name or acronym\nnominet uk,GB,NOM\n"
        )
        self.assertIn("1 updated", self.message(response))
        nominet = Signatory.objects.get(short_name="NOM")
        self.assertEqual(nominet.name, "Nominet UK")  # the name only finds it
        self.assertEqual(nominet.contact_email, "jane@nominet.example")
        self.assertEqual(nominet.group, self.registry)
        self.assertEqual(Signatory.objects.count(), 6)

    def test_published_no_unpublishes_and_a_new_row_can_start_as_a_draft(self):
        response = self.import_file(
            b"Organisation name,Country,Published\n"
            b"Nominet UK,GB,no\n"
            b"New Draft Registry,FR,no\n"
        )
        self.assertIn("1 organisation added, 1 updated", self.message(response))
        self.assertFalse(Signatory.objects.get(name="Nominet UK").live)
        new = Signatory.objects.get(name="New Draft Registry")
        self.assertFalse(new.live)
        self.assertIsNotNone(new.latest_revision)
        self.assertNotContains(self.client.get("/statement/"), "Nominet UK")

    def test_choosing_a_statement_signs_it_for_organisations_already_listed(self):
        other = StatementPageFactory(parent=self.home, slug="follow-up")
        response = self.import_file(
            b"Organisation name,Country,Date signed\nNominet UK,GB,2026-02-01\n",
            statement=other,
        )
        self.assertIn("1 updated", self.message(response))
        signature = Signature.objects.get(statement=other)
        self.assertEqual(signature.signatory.name, "Nominet UK")
        self.assertEqual(signature.signed_on, datetime.date(2026, 2, 1))
        self.assertContains(self.client.get("/follow-up/"), "Nominet UK")

    def assert_refused(self, response, message: str) -> None:
        self.assertEqual(response.status_code, HTTPStatus.OK)
        self.assertContains(response, "Nothing was imported")
        self.assertContains(response, message)

    def test_changes_waiting_in_the_editor_are_never_overwritten(self):
        nominet = Signatory.objects.get(name="Nominet UK")
        draft = Signatory.objects.get(pk=nominet.pk)
        draft.notes = "A draft note nobody published yet."
        draft.save_revision(user=self.admin)
        before = self.snapshot()
        data = replace_cell(self.export(), "Nominet UK", "Short name or acronym", "N")
        self.assert_refused(
            self.import_file(data),
            "&#x27;Nominet UK&#x27; has unpublished changes in the editor",
        )
        self.assertEqual(self.snapshot(), before)

    def test_drafts_locked_and_scheduled_organisations_are_refused(self):
        other = get_user_model().objects.create_superuser("other", "o@x.org", "pw")
        Signatory.objects.filter(name="Nominet UK").update(
            locked=True, locked_by=other, locked_at=timezone.now()
        )
        tucows = Signatory.objects.get(name='"Tucows, Inc."')
        tucows.save_revision(
            approved_go_live_at=timezone.now() + datetime.timedelta(days=1)
        )
        data = self.export()
        for name in ("Nominet UK", '"Tucows, Inc."', "Draft Registry"):
            data = replace_cell(data, name, "Internal notes", "Changed by CSV")
        data = replace_cell(data, "Ålands Registry", "Published", "no")
        data = replace_cell(data, "Draft Registry", "Published", "yes")
        before = self.snapshot()
        response = self.import_file(data)
        self.assert_refused(response, "&#x27;Nominet UK&#x27; is locked or scheduled")
        # A scheduled publication is a revision waiting to go live.
        self.assertContains(
            response,
            "&#x27;&quot;Tucows, Inc.&quot;&#x27; has unpublished changes in the "
            "editor",
        )
        self.assertContains(response, "&#x27;Draft Registry&#x27; is not published")
        self.assertNotContains(response, "Ålands")  # unpublishing is allowed...
        self.assertEqual(self.snapshot(), before)  # ...but waits for the others
        self.assertTrue(Signatory.objects.get(name="Ålands Registry").live)


class LimitTests(RoundTripTestCase):
    def test_a_file_over_the_size_limit_is_refused(self):
        big = b"Organisation name,Country\n" + b"x" * (2 * 1024 * 1024)
        response = self.import_file(big)
        self.assertContains(response, "The file is larger than 2 MB")
        self.assertEqual(Signatory.objects.count(), 6)

    @mock.patch("statements.importing.MAX_ROWS", 2)
    def test_a_file_over_the_row_limit_is_refused(self):
        response = self.import_file(
            b"Organisation name,Country\nA Registry,CA\nB Registry,CA\nC Registry,CA\n"
        )
        self.assertContains(response, "more than 2 organisations; split it")
        self.assertEqual(Signatory.objects.count(), 6)

    def test_old_and_new_column_names_mix(self):
        response = self.import_file(
            b"name,Country,stakeholder_group,PUBLISHED\nA Registry,CA,minus,yes\n"
        )
        self.assertIn("1 organisation added", self.message(response))
        self.assertEqual(Signatory.objects.get(name="A Registry").group, self.odd_group)


class PermissionTests(RoundTripTestCase):
    """Publishing by CSV needs the same permission as the Publish button."""

    def setUp(self):
        editor = get_user_model().objects.create_user("editor", "e@x.org", "pw")
        editor.user_permissions.set(
            Permission.objects.filter(
                codename__in=["access_admin", "add_signatory", "change_signatory"]
            )
        )
        self.client.force_login(editor)

    def test_without_publish_permission_only_drafts_can_be_added(self):
        response = self.import_file(b"Organisation name,Country\nNew Registry,FR\n")
        self.assertContains(response, "you may add organisations but not publish them")
        data = replace_cell(
            self.export(), "Nominet UK", "Website", "https://x.example/"
        )
        response = self.import_file(data)
        self.assertContains(
            response, "you may not change or publish &#x27;Nominet UK&#x27;"
        )
        self.assertEqual(Signatory.objects.count(), 6)

        response = self.import_file(
            b"Organisation name,Country,Published\nNew Registry,FR,no\n"
        )
        self.assertIn("1 organisation added", self.message(response))
        self.assertFalse(Signatory.objects.get(name="New Registry").live)
