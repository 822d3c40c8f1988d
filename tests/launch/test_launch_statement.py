"""The launch content: the TCCM statement and its 14 founding signatories."""

import json
from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from home.models import HomePage
from launch import statement as launch_statement
from launch.loader import Report
from launch.statement import SEED, ensure_groups, parse_statement
from statements.importing import validate_signatory_csv
from statements.models import Signatory, StatementPage

FOUNDERS = [
    ("Asia Pacific Network Information Centre, APNIC", "AU"),
    ("au Domain Administration Ltd (auDA)", "AU"),
    ("Blacknight", "IE"),
    ("Canadian Internet Registration Authority (CIRA)", "CA"),
    ("DENIC eG", "DE"),
    ("GoDaddy", "US"),
    ("Identity Digital", "US"),
    ("IE Domain Registry CLG trading as .ie", "IE"),
    ("InternetNZ", "NZ"),
    ("Japan Registry Services Co., Ltd.", "JP"),
    ("Network Information Center Costa Rica", "CR"),
    ("Nominet UK", "GB"),
    (".PT", "PT"),
    ("Tucows, Inc.", "CA"),
]


class LaunchStatementTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_coalition_content", stdout=StringIO())

    def test_seed_paragraphs_are_reflowed(self):
        seed = parse_statement(SEED.read_text(encoding="utf-8"))
        for paragraph in [seed["standfirst"], *seed["body"], *seed["closing"]]:
            self.assertNotIn("\n", paragraph)
            self.assertNotIn("  ", paragraph)
        self.assertEqual(len(seed["risks"]), 3)
        self.assertTrue(seed["closing"][-1].endswith("available to all."))

    def test_statement_is_published_at_slash_statement(self):
        response = self.client.get("/statement/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response,
            "<h1>A technical community coalition for multistakeholderism (TCCM)</h1>",
        )
        # A sentence that the PDF wrapped across two lines reads as one.
        self.assertContains(
            response,
            "decisions about the Internet’s operations would increasingly be made in "
            "intergovernmental or multilateral settings.",
        )
        statement = StatementPage.objects.get(slug="statement")
        self.assertEqual(len(statement.risks), 3)
        self.assertIn("Internet Governance Forum", statement.risks[2].value["summary"])

    def test_fourteen_founders_spelled_as_the_seed_in_its_order(self):
        data = json.loads(self.client.get("/statement/signatories.json").content)
        self.assertEqual(
            [(s["name"], s["country"]) for s in data["signatories"]], FOUNDERS
        )
        self.assertTrue(
            all(s["website"].startswith("https://") for s in data["signatories"])
        )
        self.assertTrue(all(s["founding_signatory"] for s in data["signatories"]))

    def test_headline_count_on_statement_and_home(self):
        for url in ["/statement/", "/"]:
            with self.subTest(url=url):
                self.assertContains(
                    self.client.get(url),
                    "14 organisations from 10 countries have signed.",
                )

    def test_home_calls_to_action_point_at_the_statement(self):
        home = HomePage.objects.get()
        self.assertEqual(home.primary_cta_page.specific, StatementPage.objects.get())
        self.assertContains(
            self.client.get("/"), 'href="/statement/">Read the statement</a>'
        )

    def test_statement_is_in_the_main_menu_under_its_short_label(self):
        self.assertContains(
            self.client.get("/"), '<a href="/statement/">Statement</a>', html=True
        )

    def test_second_run_keeps_a_corrected_signatory(self):
        Signatory.objects.filter(name="Blacknight").update(
            website="https://corrected.example/"
        )
        call_command("load_coalition_content", stdout=StringIO())
        self.assertEqual(Signatory.objects.count(), 14)
        self.assertEqual(
            Signatory.objects.get(name="Blacknight").website,
            "https://corrected.example/",
        )


class FoundersFileTests(TestCase):
    def test_founders_file_is_a_valid_signatory_import(self):
        ensure_groups(Report())
        result, valid = validate_signatory_csv(
            launch_statement.FOUNDERS.read_bytes(), statement=None
        )
        self.assertEqual(result.errors, [])
        self.assertEqual(len(valid), 14)
