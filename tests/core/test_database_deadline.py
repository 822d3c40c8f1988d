"""core.postgresql: a query gets no more than its deadline, even from a server
that never answers (here: one kept busy with its own statement timeout off)."""

import os
from pathlib import Path
from unittest import mock

from django.db import OperationalError
from django.test import SimpleTestCase

import pytest

from coalition.settings.env import database_from_env
from core.postgresql.base import DatabaseWrapper
from tests.services import require_server

PG_URL = os.environ.get("TEST_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")


@pytest.mark.postgres
class QueryDeadlineTests(SimpleTestCase):
    @pytest.fixture(autouse=True)
    def _own_connections(self, django_db_blocker):
        # These tests open their own connections, not the test database's.
        with django_db_blocker.unblock():
            yield

    def config(self) -> dict:
        with mock.patch.dict(os.environ, {"DATABASE_URL": PG_URL}):
            return database_from_env(Path("."))

    def connect(self, deadline: float) -> DatabaseWrapper:
        require_server(PG_URL, "PostgreSQL")
        config = self.config()
        config.update(QUERY_DEADLINE=deadline, TIME_ZONE=None, AUTOCOMMIT=True)
        config["OPTIONS"]["options"] = "-c statement_timeout=0"
        wrapper = DatabaseWrapper(config, alias="deadline-test")
        self.addCleanup(wrapper.close)
        return wrapper

    def test_settings_choose_this_backend_with_a_deadline(self):
        config = self.config()
        self.assertEqual(config["ENGINE"], "core.postgresql")
        self.assertEqual(config["QUERY_DEADLINE"], 6)
        self.assertEqual(config["OPTIONS"]["connect_timeout"], 3)
        self.assertIn("statement_timeout=5000", config["OPTIONS"]["options"])

    def test_a_query_past_its_deadline_fails_and_the_next_connection_works(self):
        db = self.connect(deadline=1)
        with self.assertRaises(OperationalError), db.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(30)")
        self.assertFalse(db.is_usable())
        db.close()
        with db.cursor() as cursor:
            cursor.execute("SELECT 1")
            self.assertEqual(cursor.fetchone(), (1,))

    def test_quick_queries_are_untouched(self):
        db = self.connect(deadline=1)
        for _ in range(20):
            with db.cursor() as cursor:
                cursor.execute("SELECT pg_sleep(0.01), 1")
                self.assertEqual(cursor.fetchone()[1], 1)
