"""Open data: /statement/signatories.csv and .json carry public fields only."""

import csv
import datetime
import io
import json
from http import HTTPStatus

from django.test import TestCase
from django.utils import timezone

from core.dates import DAY, MONTH
from statements.models import Signature
from tests.factories import SignatoryFactory, StatementPageFactory, make_site_root

PUBLIC_FIELDS = [
    "name",
    "short_name",
    "country",
    "country_name",
    "stakeholder_group",
    "website",
    "signed_on",
    "founding_signatory",
    "logo",
]


class OpenDataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = make_site_root()
        cls.statement = StatementPageFactory(parent=home)
        for name, country in [("Tucows, Inc.", "CA"), (".PT", "PT"), ("APNIC", "AU")]:
            Signature.objects.create(
                signatory=SignatoryFactory(
                    name=name,
                    country=country,
                    contact_name="Private Person",
                    contact_email="private@example.org",
                    notes="internal remark",
                ),
                statement=cls.statement,
                founding=True,
            )
        # Unpublished, and published but past its expiry time (publish_scheduled
        # has not run yet): neither is public.
        for hidden in (
            SignatoryFactory(name="Hidden Org", live=False),
            SignatoryFactory(
                name="Expired Org",
                expire_at=timezone.now() - datetime.timedelta(minutes=1),
            ),
        ):
            Signature.objects.create(signatory=hidden, statement=cls.statement)

    def test_csv_lists_public_signatories_in_order_with_public_fields_only(self):
        response = self.client.get("/statement/signatories.csv")
        self.assertEqual(response.status_code, HTTPStatus.OK)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        rows = list(csv.DictReader(io.StringIO(response.content.decode())))
        self.assertEqual(list(rows[0].keys()), PUBLIC_FIELDS)
        self.assertEqual([r["name"] for r in rows], ["APNIC", ".PT", "Tucows, Inc."])
        self.assertEqual(rows[1]["country_name"], "Portugal")
        body = response.content.decode()
        for private in (
            "Private Person",
            "private@example.org",
            "internal remark",
            "Hidden Org",
        ):
            self.assertNotIn(private, body)

    def test_json_lists_the_same_with_the_statement(self):
        response = self.client.get("/statement/signatories.json")
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        data = json.loads(response.content)
        self.assertEqual(data["count"], 3)
        self.assertEqual(data["statement"]["url"], "http://testserver/statement/")
        self.assertEqual(sorted(data["signatories"][0]), sorted(PUBLIC_FIELDS))
        self.assertTrue(data["signatories"][0]["founding_signatory"])
        self.assertNotIn("private@example.org", response.content.decode())

    def test_json_dates_the_statement_no_more_precisely_than_the_page(self):
        # The page says "December 2024"; "2024-12-01" would claim a sourced day.
        self.statement.publication_date = datetime.date(2024, 12, 1)
        self.statement.publication_date_precision = MONTH
        self.statement.save()
        statement = self.client.get("/statement/signatories.json").json()["statement"]
        self.assertEqual(statement["publication_date"], "2024-12")
        self.assertEqual(statement["publication_date_precision"], "month")
        self.statement.publication_date_precision = DAY
        self.statement.save()
        statement = self.client.get("/statement/signatories.json").json()["statement"]
        self.assertEqual(statement["publication_date"], "2024-12-01")
        self.assertEqual(statement["publication_date_precision"], "day")

    def test_open_data_honours_the_directory_filters(self):
        data = json.loads(
            self.client.get("/statement/signatories.json?country=PT").content
        )
        self.assertEqual([s["name"] for s in data["signatories"]], [".PT"])

    def test_a_filter_that_matches_nothing_answers_an_empty_list(self):
        for query in [
            "country=BR",
            "group=nonexistent",
            "country=pt&group=nonexistent",
        ]:
            with self.subTest(query=query):
                response = self.client.get(f"/statement/signatories.json?{query}")
                self.assertEqual(response.status_code, HTTPStatus.OK)
                data = json.loads(response.content)
                self.assertEqual(data["signatories"], [])
                self.assertEqual(data["count"], 0)
                response = self.client.get(f"/statement/signatories.csv?{query}")
                self.assertEqual(response.status_code, HTTPStatus.OK)
                self.assertEqual(
                    response.content.decode().splitlines(), [",".join(PUBLIC_FIELDS)]
                )

    def test_json_says_which_filters_it_applied(self):
        data = json.loads(
            self.client.get("/statement/signatories.json?country=br").content
        )
        self.assertEqual(data["filters"], {"country": "BR", "group": ""})
        data = json.loads(self.client.get("/statement/signatories.json").content)
        self.assertEqual(data["filters"], {"country": "", "group": ""})

    def test_malformed_filters_are_refused_with_a_message(self):
        for query, message in [
            ("country=Brazil", "country"),
            ("country=B1", "country"),
            ("group=not a group", "group"),
            ("group=%3Cscript%3E", "group"),
        ]:
            for extension in ["csv", "json"]:
                with self.subTest(query=query, extension=extension):
                    response = self.client.get(
                        f"/statement/signatories.{extension}?{query}"
                    )
                    self.assertEqual(response.status_code, HTTPStatus.BAD_REQUEST)
                    self.assertTrue(response["Content-Type"].startswith("text/plain"))
                    self.assertIn(message, response.content.decode())

    def test_only_statements_have_open_data(self):
        for url in [
            "/nothing/signatories.csv",
            "/signatories.json",
            "/statement/other.csv",
        ]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, HTTPStatus.NOT_FOUND)

    def test_unpublished_statement_has_no_open_data(self):
        self.statement.unpublish()
        response = self.client.get("/statement/signatories.csv")
        self.assertEqual(response.status_code, HTTPStatus.NOT_FOUND)


class OpenDataSafetyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = make_site_root()
        statement = StatementPageFactory(parent=home)
        Signature.objects.create(
            signatory=SignatoryFactory(name='=HYPERLINK("http://evil.example")'),
            statement=statement,
        )

    def test_csv_cells_cannot_run_as_spreadsheet_formulas(self):
        body = self.client.get("/statement/signatories.csv").content.decode()
        self.assertIn("'=HYPERLINK", body)
        self.assertNotIn('\n"=HYPERLINK', body)

    def test_open_data_is_shareable_and_cacheable(self):
        for url in ["/statement/signatories.csv", "/statement/signatories.json"]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response["Access-Control-Allow-Origin"], "*")
                self.assertIn("max-age=300", response["Cache-Control"])
