"""The launch statement's date: set by the loader and, on sites loaded before
it had one, by a data migration; never over a date staff chose."""

import datetime
import importlib
from io import StringIO

from django.apps import apps
from django.core.management import call_command
from django.test import TestCase

from wagtail.models import Revision

from launch.models import LaunchRecord
from statements.models import StatementPage

LAUNCH_DATE = datetime.date(2024, 12, 1)
migration = importlib.import_module("launch.migrations.0002_date_the_launch_statement")


def load() -> None:
    call_command("load_coalition_content", stdout=StringIO())


class LaunchStatementDateTests(TestCase):
    def statement(self) -> StatementPage:
        return StatementPage.objects.get()

    def test_a_fresh_site_shows_december_2024(self):
        load()
        statement = self.statement()
        self.assertEqual(
            (statement.publication_date, statement.publication_date_precision),
            (LAUNCH_DATE, "month"),
        )
        # In the revision too: the next edit in the admin keeps it.
        latest = statement.get_latest_revision_as_object()
        self.assertEqual(latest.publication_date, LAUNCH_DATE)
        response = self.client.get("/statement/")
        self.assertContains(response, '<time datetime="2024-12">December 2024</time>')

    def test_staff_dates_survive_the_loader(self):
        load()
        statement = self.statement()
        statement.publication_date = datetime.date(2024, 12, 17)
        statement.publication_date_precision = "day"
        statement.save_revision().publish()
        load()
        statement = self.statement()
        self.assertEqual(statement.publication_date, datetime.date(2024, 12, 17))
        self.assertEqual(statement.publication_date_precision, "day")

    def undate(self) -> StatementPage:
        """The statement as sites loaded before this release have it: no date."""
        load()
        statement = self.statement()
        StatementPage.objects.filter(pk=statement.pk).update(publication_date=None)
        for revision in Revision.objects.filter(object_id=str(statement.pk)):
            revision.content["publication_date"] = None
            revision.save(update_fields=["content"])
        return statement

    def test_the_migration_dates_an_undated_launch_statement(self):
        statement = self.undate()
        migration.date_the_statement(apps, None)
        statement.refresh_from_db()
        self.assertEqual(statement.publication_date, LAUNCH_DATE)
        self.assertEqual(statement.publication_date_precision, "month")
        latest = statement.get_latest_revision_as_object()
        self.assertEqual(latest.publication_date, LAUNCH_DATE)
        self.assertEqual(latest.publication_date_precision, "month")
        self.assertContains(self.client.get("/statement/"), "December 2024")

    def test_the_migration_keeps_a_date_staff_set(self):
        load()
        StatementPage.objects.update(publication_date=datetime.date(2025, 1, 8))
        migration.date_the_statement(apps, None)
        self.assertEqual(self.statement().publication_date, datetime.date(2025, 1, 8))

    def test_the_migration_leaves_other_statements_alone(self):
        statement = self.undate()
        LaunchRecord.objects.filter(key="statement:tccm").delete()
        migration.date_the_statement(apps, None)
        statement.refresh_from_db()
        self.assertIsNone(statement.publication_date)
