"""Migration 0003: organisations hidden with the old "show on the website" box
become unpublished, so nothing hidden before the box went becomes public."""

import datetime

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase
from django.utils import timezone

from wagtail.models import ModelLogEntry
from wagtail.models import Revision as CurrentRevision

from statements.models import Signatory as CurrentSignatory

BEFORE = ("statements", "0002_statementindexpage_menu_title_and_more")


class UnpublishHiddenSignatoriesTests(TransactionTestCase):
    # The schema is migrated back and forth: restore the migrations' own data
    # (root page, site, content types) for the tests that run after this one.
    serialized_rollback = True

    def migrate(self, targets) -> None:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)

    def tearDown(self):
        self.migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
        super().tearDown()

    def test_hidden_organisations_are_unpublished_keeping_data_and_history(self):
        self.migrate([BEFORE])
        apps = MigrationExecutor(connection).loader.project_state([BEFORE]).apps
        Signatory = apps.get_model("statements", "Signatory")
        Revision = apps.get_model("wagtailcore", "Revision")
        ContentType = apps.get_model("contenttypes", "ContentType")
        content_type, _ = ContentType.objects.get_or_create(
            app_label="statements", model="signatory"
        )

        def make(name: str, *, live: bool, is_public: bool, scheduled: bool = False):
            signatory = Signatory.objects.create(
                name=name,
                sort_key=name.lower(),
                country="CA",
                live=live,
                is_public=is_public,
                notes=f"{name} notes",
            )
            revision = Revision.objects.create(
                content_type=content_type,
                base_content_type=content_type,
                object_id=str(signatory.pk),
                object_str=name,
                content={"name": name, "country": "CA"},
                created_at=timezone.now(),
                approved_go_live_at=(
                    timezone.now() + datetime.timedelta(days=1) if scheduled else None
                ),
            )
            signatory.latest_revision_id = revision.pk
            signatory.live_revision_id = revision.pk if live else None
            signatory.save()
            return signatory.pk, revision.pk

        public, _ = make("Public Registry", live=True, is_public=True)
        hidden, hidden_revision = make("Hidden Registry", live=True, is_public=False)
        hidden_draft, scheduled_revision = make(
            "Hidden Draft Registry", live=False, is_public=False, scheduled=True
        )
        public_draft, public_schedule = make(
            "Scheduled Registry", live=False, is_public=True, scheduled=True
        )

        self.migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

        self.assertNotIn(
            "is_public", [f.name for f in CurrentSignatory._meta.get_fields()]
        )
        signatories = CurrentSignatory.objects.in_bulk()
        self.assertTrue(signatories[public].live)
        hidden_now = signatories[hidden]
        self.assertFalse(hidden_now.live)
        self.assertTrue(hidden_now.has_unpublished_changes)
        self.assertIsNone(hidden_now.live_revision_id)
        self.assertEqual(hidden_now.latest_revision_id, hidden_revision)
        self.assertEqual(hidden_now.notes, "Hidden Registry notes")
        self.assertEqual(hidden_now.status_string, "draft")
        entry = ModelLogEntry.objects.get(object_id=str(hidden))
        self.assertEqual(entry.action, "wagtail.unpublish")
        self.assertIn("Show on the website", entry.data["note"])

        # A hidden organisation's scheduled publication is cancelled; anyone
        # else's stays.
        self.assertFalse(signatories[hidden_draft].live)
        self.assertIsNone(
            CurrentRevision.objects.get(pk=scheduled_revision).approved_go_live_at
        )
        self.assertIsNotNone(
            CurrentRevision.objects.get(pk=public_schedule).approved_go_live_at
        )
        self.assertFalse(ModelLogEntry.objects.filter(object_id=str(public)).exists())
        self.assertEqual(signatories[public_draft].status_string, "scheduled")
