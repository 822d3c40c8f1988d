"""The signatory library in the admin: listing, search, filters, export, CSV import."""

import csv
import io
import os
from http import HTTPStatus

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse

from wagtail.images import get_image_model

from openpyxl import load_workbook
from PIL import Image

from statements.models import Signatory, Signature
from tests.factories import (
    SignatoryFactory,
    StakeholderGroupFactory,
    StatementPageFactory,
    make_site_root,
)

LIST = reverse("wagtailsnippets_statements_signatory:list")
IMPORT = reverse("wagtailsnippets_statements_signatory:import")


# The export columns whose cells a hostile signatory could fill with a formula.
EXPORTED_COLUMNS = [
    "Organisation name",
    "Stakeholder group",
    "Contact name",
    "Contact e-mail",
]


class AdminTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_root()
        cls.statement = StatementPageFactory(parent=cls.home)
        cls.registry = StakeholderGroupFactory(
            name="ccTLD registry", slug="cctld-registry"
        )
        cls.admin = get_user_model().objects.create_superuser("staff", "s@x.org", "pw")

    def setUp(self):
        self.client.force_login(self.admin)


class LibraryListingTests(AdminTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        SignatoryFactory(name="Nominet UK", country="GB", group=cls.registry)
        SignatoryFactory(name="Tucows, Inc.", country="CA", live=False)
        SignatoryFactory(name=".PT", country="PT", contact_email="pt@example.org")

    def test_listing_shows_useful_columns_in_coalition_order(self):
        response = self.client.get(LIST)
        self.assertEqual(response.status_code, HTTPStatus.OK)
        content = response.content.decode()
        self.assertLess(content.index("Nominet UK"), content.index(".PT"))
        self.assertLess(content.index(".PT"), content.index("Tucows, Inc."))
        self.assertContains(response, "United Kingdom")
        self.assertContains(response, "ccTLD registry")
        self.assertContains(response, "Import from CSV")

    def test_search_by_name(self):
        response = self.client.get(LIST, {"q": "nominet"})
        self.assertContains(response, "Nominet UK")
        self.assertNotContains(response, "Tucows, Inc.")

    def test_filters_by_country_group_and_status(self):
        response = self.client.get(LIST, {"country": "GB"})
        self.assertContains(response, "Nominet UK")
        self.assertNotContains(response, ".PT</a>")
        response = self.client.get(LIST, {"group": self.registry.pk})
        self.assertContains(response, "Nominet UK")
        self.assertNotContains(response, "Tucows, Inc.")
        response = self.client.get(LIST, {"status": "draft"})
        self.assertContains(response, "Tucows, Inc.")
        self.assertNotContains(response, "Nominet UK")

    def test_export_csv_and_xlsx(self):
        response = self.client.get(LIST, {"export": "csv"})
        self.assertEqual(response.status_code, HTTPStatus.OK)
        body = b"".join(response.streaming_content).decode()
        self.assertIn("Nominet UK", body)
        self.assertIn("pt@example.org", body)  # staff export includes contacts
        response = self.client.get(LIST, {"export": "xlsx"})
        self.assertEqual(response.status_code, HTTPStatus.OK)
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        names = [row[0] for row in workbook.active.iter_rows(values_only=True)]
        self.assertIn("Nominet UK", names)

    def test_export_cells_cannot_run_as_spreadsheet_formulas(self):
        SignatoryFactory(
            name='=HYPERLINK("http://evil.example","Click")',
            contact_email="@SUM(1+1)@example.org",
            contact_name="=1+2",
            group=StakeholderGroupFactory(name="-2+3", slug="minus"),
        )
        expected = [
            '\'=HYPERLINK("http://evil.example","Click")',
            "'-2+3",
            "'=1+2",
            "'@SUM(1+1)@example.org",
        ]
        response = self.client.get(LIST, {"export": "csv"})
        rows = list(
            csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
        )
        row = next(r for r in rows if "HYPERLINK" in r["Organisation name"])
        self.assertEqual([row[column] for column in EXPORTED_COLUMNS], expected)
        response = self.client.get(LIST, {"export": "xlsx"})
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        sheet = list(workbook.active.iter_rows(values_only=True))
        heading, *rows = sheet
        row = dict(
            zip(heading, next(r for r in rows if "HYPERLINK" in r[0]), strict=True)
        )
        self.assertEqual([row[column] for column in EXPORTED_COLUMNS], expected)

    def test_signatory_has_drafts_revisions_preview_and_locking(self):
        signatory = Signatory.objects.get(name="Nominet UK")
        edit = reverse("wagtailsnippets_statements_signatory:edit", args=[signatory.pk])
        response = self.client.get(edit)
        self.assertContains(response, "Save draft")
        self.assertContains(response, "Publish")
        self.assertContains(response, "Preview")
        self.assertContains(response, "Lock")
        self.assertContains(response, "Statements signed")
        self.assertContains(response, "Private: never shown on the website.")


class SignatoryEditingTests(AdminTestCase):
    def test_editor_adds_a_signatory_with_its_signature(self):
        response = self.client.post(
            reverse("wagtailsnippets_statements_signatory:add"),
            {
                "name": "InternetNZ",
                "short_name": "",
                "sort_name": "",
                "website": "https://internetnz.nz/",
                "country": "NZ",
                "group": self.registry.pk,
                "logo_alt_text": "",
                "contact_name": "",
                "contact_email": "",
                "notes": "",
                "signatures-TOTAL_FORMS": "1",
                "signatures-INITIAL_FORMS": "0",
                "signatures-MIN_NUM_FORMS": "0",
                "signatures-MAX_NUM_FORMS": "1000",
                "signatures-0-statement": self.statement.pk,
                "signatures-0-signed_on": "2025-12-17",
                "signatures-0-founding": "",
                "action-publish": "publish",
            },
        )
        self.assertEqual(
            response.status_code, HTTPStatus.FOUND, response.content[:3000]
        )
        signatory = Signatory.objects.get(name="InternetNZ")
        self.assertTrue(signatory.live)
        self.assertEqual(signatory.signatures.get().statement_id, self.statement.pk)
        page = self.client.get("/statement/")
        self.assertContains(page, "InternetNZ")
        self.assertContains(page, '<time datetime="2025-12-17">17 Dec 2025</time>')

    def test_duplicate_name_is_refused_with_a_clear_message(self):
        SignatoryFactory(name="DENIC eG")
        response = self.client.post(
            reverse("wagtailsnippets_statements_signatory:add"),
            {
                "name": "denic EG",
                "country": "DE",
                "signatures-TOTAL_FORMS": "0",
                "signatures-INITIAL_FORMS": "0",
                "signatures-MIN_NUM_FORMS": "0",
                "signatures-MAX_NUM_FORMS": "1000",
            },
        )
        self.assertEqual(response.status_code, HTTPStatus.OK)
        self.assertContains(response, "An organisation with this name already exists.")
        self.assertEqual(Signatory.objects.count(), 1)


def upload(content: bytes | str, name: str = "signatories.csv") -> SimpleUploadedFile:
    if isinstance(content, str):
        content = content.encode("utf-8")
    return SimpleUploadedFile(name, content, content_type="text/csv")


class CsvImportTests(AdminTestCase):
    def post(self, content, statement=None):
        return self.client.post(
            IMPORT,
            {"file": upload(content), "statement": statement.pk if statement else ""},
        )

    def test_valid_file_imports_every_row_and_signs_the_statement(self):
        # The column names before the human-readable headings: still accepted.
        response = self.post(
            "name,short_name,country,stakeholder_group,website,signed_on,founding,"
            "contact_email\n"
            '"Japan Registry Services Co., Ltd.",JPRS,JP,ccTLD registry,'
            "https://jprs.co.jp/en/,2025-01-10,no,contact@jprs.example\n"
            "Network Information Center Costa Rica,NIC Costa Rica,cr,cctld-registry,"
            ",,yes,\n",
            statement=self.statement,
        )
        self.assertRedirects(response, LIST, fetch_redirect_response=False)
        self.assertEqual(Signatory.objects.count(), 2)
        jprs = Signatory.objects.get(short_name="JPRS")
        self.assertEqual(jprs.group, self.registry)
        self.assertTrue(jprs.live)
        self.assertIsNotNone(jprs.live_revision)
        self.assertEqual(
            str(Signature.objects.get(signatory=jprs).signed_on), "2025-01-10"
        )
        self.assertTrue(Signature.objects.get(signatory__country="CR").founding)
        follow = self.client.get(LIST)
        self.assertContains(
            follow, "Import done: 2 organisations added, 0 updated, 0 unchanged."
        )

    def test_excel_utf8_bom_and_semicolon_free_quoting_work(self):
        response = self.post('\ufeffname,country\n"Tucows, Inc.",CA\n')
        self.assertRedirects(response, LIST)
        self.assertTrue(Signatory.objects.filter(name="Tucows, Inc.").exists())

    def assert_nothing_imported(self, response, *messages):
        self.assertEqual(response.status_code, HTTPStatus.OK)
        self.assertContains(response, "Nothing was imported")
        for message in messages:
            self.assertContains(response, message)
        self.assertEqual(Signatory.objects.count(), 0)
        self.assertEqual(Signature.objects.count(), 0)

    def test_one_bad_row_imports_nothing_and_names_each_problem(self):
        response = self.post(
            "name,country,stakeholder_group,website,public\n"
            "Good Registry,CA,,https://good.example/,yes\n"
            "Nowhere Registry,ZZ,,,\n"
            "Odd Group Registry,CA,Space agency,,\n"
            ",CA,,,\n"
            "Bad Link Registry,CA,,not a url,maybe\n",
            statement=self.statement,
        )
        self.assert_nothing_imported(
            response,
            "Line 3: unknown country &#x27;ZZ&#x27; (use a two-letter ISO code such as "
            "CA).</li>",
            "Line 4: unknown stakeholder group &#x27;Space agency&#x27;",
            "Line 5: Organisation name: This field is required.",
            "Line 6:",
            "&#x27;Published&#x27; must be yes or no",
        )

    def test_a_name_twice_in_the_file_imports_nothing(self):
        SignatoryFactory(name="DENIC eG")
        response = self.post("name,country\nGoDaddy,US\ngodaddy,US\ndenic eg,DE\n")
        self.assertContains(response, "Nothing was imported")
        self.assertContains(response, "Line 3: &#x27;godaddy&#x27; is also on line 2")
        self.assertNotContains(response, "Line 4")  # in the library: matched
        self.assertEqual(
            list(Signatory.objects.values_list("name", flat=True)), ["DENIC eG"]
        )

    def test_malformed_files_are_refused_with_a_clear_message(self):
        cases = {
            "empty": ("", "The submitted file is empty."),
            "blank header": ("\n\nX,CA\n", "The file is empty"),
            "no rows": ("name,country\n", "no rows"),
            "missing column": ("name\nX\n", "Missing column(s): Country"),
            "unknown column": (
                "name,country,colour\nX,CA,red\n",
                "Unknown column(s): colour",
            ),
            "ragged": ("name,country\nX,CA,extra\n", "Line 2: 3 values for 2 columns"),
            "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "not UTF-8"),
            "latin-1": ("name,country\nSão Paulo,BR\n".encode("latin-1"), "not UTF-8"),
            "bad quoting": ('name,country\n"Unclosed,CA\n', "not valid CSV"),
        }
        for label, (content, message) in cases.items():
            with self.subTest(label):
                response = self.post(content)
                if Signatory.objects.exists():
                    self.fail(f"{label}: something was imported")
                self.assertContains(response, message)

    def test_dates_need_a_statement(self):
        response = self.post("name,country,signed_on\nX Registry,CA,2025-01-01\n")
        self.assert_nothing_imported(response, "choose the statement they signed")

    def test_editors_without_add_permission_cannot_import(self):
        editor = get_user_model().objects.create_user("viewer", "v@x.org", "pw")
        from django.contrib.auth.models import Permission

        editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
        self.client.force_login(editor)
        response = self.client.post(
            IMPORT, {"file": upload("name,country\nX,CA\n")}, follow=True
        )
        self.assertContains(response, "Sorry, you do not have permission")
        self.assertEqual(Signatory.objects.count(), 0)


class LogoUploadTests(AdminTestCase):
    def test_a_non_image_logo_is_refused(self):
        response = self.client.post(
            reverse("wagtailimages:add"),
            {"title": "Logo", "file": SimpleUploadedFile("logo.png", b"not an image")},
        )
        self.assertEqual(response.status_code, HTTPStatus.OK)
        self.assertContains(response, "Upload a valid image.")
        self.assertEqual(get_image_model().objects.count(), 0)

    @override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=1024)
    def test_an_oversize_logo_is_refused(self):
        noise = Image.frombytes("RGB", (64, 64), os.urandom(64 * 64 * 3))
        buffer = io.BytesIO()
        noise.save(buffer, "PNG")
        data = buffer.getvalue()
        self.assertGreater(len(data), 1024)
        response = self.client.post(
            reverse("wagtailimages:add"),
            {"title": "Logo", "file": SimpleUploadedFile("logo.png", data)},
        )
        self.assertContains(response, "This file is too big")
        self.assertEqual(get_image_model().objects.count(), 0)


class StatementEditorTests(AdminTestCase):
    def test_statement_editor_counts_signatories_and_links_to_the_library(self):
        from tests.factories import sign

        sign(self.statement, 3)
        sign(self.statement, 1, live=False)
        response = self.client.get(
            reverse("wagtailadmin_pages:edit", args=[self.statement.pk])
        )
        self.assertContains(response, "4 organisations have signed this statement")
        self.assertContains(response, "(3 shown on the website)")
        library = f"{LIST}?statement={self.statement.pk}"
        self.assertContains(response, f'href="{library}"')
        listing = self.client.get(library)
        self.assertEqual(len(listing.context["object_list"]), 4)

    def test_signatory_preview_shows_how_it_appears(self):
        signatory = SignatoryFactory(name="Preview Registry", country="JP", live=False)
        url = reverse(
            "wagtailsnippets_statements_signatory:preview_on_edit", args=[signatory.pk]
        )
        data = {
            "name": "Preview Registry (renamed)",
            "country": "JP",
            "signatures-TOTAL_FORMS": "0",
            "signatures-INITIAL_FORMS": "0",
            "signatures-MIN_NUM_FORMS": "0",
            "signatures-MAX_NUM_FORMS": "1000",
        }
        self.assertEqual(
            self.client.post(url, data).json(), {"is_valid": True, "is_available": True}
        )
        response = self.client.get(url)
        self.assertContains(response, "Preview Registry (renamed)")
        self.assertContains(response, "Japan")
        self.assertContains(
            response,
            "Not on the website: this organisation is a draft until you publish it.",
        )
