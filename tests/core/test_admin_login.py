"""ensure_admin: a working admin login, never a hard-coded password."""

import os
import re
from io import StringIO
from unittest import mock

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import TestCase


def ensure_admin(**env: str) -> str:
    out = StringIO()
    with mock.patch.dict(os.environ, env, clear=False):
        for name in ("ADMIN_USERNAME", "ADMIN_PASSWORD"):
            if name not in env:
                os.environ.pop(name, None)
        call_command("ensure_admin", stdout=out)
    return out.getvalue()


class EnsureAdminTests(TestCase):
    def test_generates_and_prints_a_password_that_logs_in(self):
        output = ensure_admin()
        match = re.search(r"Admin login created: admin / (\S+)", output)
        self.assertIsNotNone(match, output)
        password = match.group(1)
        self.assertGreaterEqual(len(password), 12)
        self.assertTrue(self.client.login(username="admin", password=password))
        response = self.client.get("/admin/")
        self.assertEqual(response.status_code, 200)

    def test_each_generated_password_is_different(self):
        first = re.search(r"admin / (\S+)", ensure_admin()).group(1)
        get_user_model().objects.all().delete()
        second = re.search(r"admin / (\S+)", ensure_admin()).group(1)
        self.assertNotEqual(first, second)

    def test_uses_the_credentials_from_the_environment(self):
        output = ensure_admin(
            ADMIN_USERNAME="comms", ADMIN_PASSWORD="a-long-pass-phrase"
        )
        self.assertNotIn("a-long-pass-phrase", output)
        self.assertTrue(
            self.client.login(username="comms", password="a-long-pass-phrase")
        )
        self.assertTrue(get_user_model().objects.get(username="comms").is_superuser)

    def test_second_run_keeps_the_existing_password(self):
        password = re.search(r"admin / (\S+)", ensure_admin()).group(1)
        output = ensure_admin()
        self.assertIn("password unchanged", output)
        self.assertTrue(self.client.login(username="admin", password=password))
        self.assertEqual(get_user_model().objects.count(), 1)

    def test_refuses_a_weak_password_and_creates_nothing(self):
        for env in [
            {"ADMIN_PASSWORD": "1"},
            {"ADMIN_PASSWORD": "password123"},
            # Long, uncommon, not numeric: weak only because it is the username.
            {"ADMIN_USERNAME": "comms-team", "ADMIN_PASSWORD": "comms-team"},
        ]:
            with self.subTest(**env):
                with self.assertRaises(CommandError) as refused:
                    ensure_admin(**env)
                message = str(refused.exception)
                self.assertIn("ADMIN_PASSWORD", message)
                self.assertNotIn("\n", message)
                self.assertFalse(get_user_model().objects.exists())

    def test_refuses_a_weak_password_for_an_existing_admin(self):
        password = re.search(r"admin / (\S+)", ensure_admin()).group(1)
        with self.assertRaises(CommandError):
            ensure_admin(ADMIN_PASSWORD="1")
        self.assertTrue(self.client.login(username="admin", password=password))
