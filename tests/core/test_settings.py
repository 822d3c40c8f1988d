"""Environment-driven settings: production refuses to start half-configured."""

import os
import shutil
import subprocess
import sys
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core import checks
from django.core.cache import CacheHandler
from django.test import SimpleTestCase, TestCase, override_settings

from coalition.settings.env import cache_from_env, database_from_env
from tests.services import redis_url

ROOT = Path(__file__).resolve().parents[2]


def boot(settings_module: str, **env: str) -> subprocess.CompletedProcess:
    """Start Django in a fresh interpreter with only the given variables set."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DATABASE_URL",
            "CACHE_URL",
            "WAGTAILADMIN_BASE_URL",
        }
    }
    clean.update(env, DJANGO_SETTINGS_MODULE=settings_module)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('ok')"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


class ProductionSettingsTests(SimpleTestCase):
    def test_missing_secret_key_fails_with_one_clear_line(self):
        result = boot("coalition.settings.production", ALLOWED_HOSTS="example.org")
        self.assertNotEqual(result.returncode, 0)
        self.assertNotIn("Traceback", result.stderr)
        lines = result.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, result.stderr)
        self.assertIn("SECRET_KEY", lines[0])

    def test_missing_allowed_hosts_fails_naming_the_variable(self):
        result = boot("coalition.settings.production", SECRET_KEY="x" * 50)
        self.assertNotEqual(result.returncode, 0)
        self.assertNotIn("Traceback", result.stderr)
        self.assertIn("ALLOWED_HOSTS", result.stderr)

    def test_missing_site_address_fails_naming_the_variable(self):
        # Without it every canonical link, og:url, sitemap entry, feed id and
        # badge would name http://127.0.0.1:8000, and search engines follow them.
        result = boot(
            "coalition.settings.production",
            SECRET_KEY="x" * 50,
            ALLOWED_HOSTS="tccm.example.org",
        )
        self.assertNotEqual(result.returncode, 0)
        self.assertNotIn("Traceback", result.stderr)
        self.assertIn("WAGTAILADMIN_BASE_URL", result.stderr)

    def test_starts_when_all_three_are_set(self):
        result = boot(
            "coalition.settings.production",
            SECRET_KEY="x" * 50,
            ALLOWED_HOSTS="tccm.example.org",
            WAGTAILADMIN_BASE_URL="https://tccm.example.org",
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.strip(), "ok")

    def test_garbage_database_url_is_a_clear_error(self):
        result = boot("coalition.settings.dev", DATABASE_URL="nonsense")
        self.assertNotEqual(result.returncode, 0)
        self.assertNotIn("Traceback", result.stderr)
        self.assertIn("DATABASE_URL", result.stderr)


class DatabaseAndCacheConfigTests(SimpleTestCase):
    def test_sqlite_is_configured_for_concurrent_writers(self):
        with mock.patch.dict(os.environ, {"DATABASE_URL": "sqlite:///site.db"}):
            config = database_from_env(ROOT)
        self.assertEqual(config["ENGINE"], "django.db.backends.sqlite3")
        self.assertEqual(config["OPTIONS"]["transaction_mode"], "IMMEDIATE")
        self.assertIn("journal_mode=WAL", config["OPTIONS"]["init_command"])
        self.assertGreaterEqual(config["OPTIONS"]["timeout"], 5)

    def test_default_cache_is_never_the_database_cache(self):
        self.assertNotIn("DatabaseCache", settings.CACHES["default"]["BACKEND"])
        self.assertIn("LocMemCache", cache_from_env()["BACKEND"])

    def test_admin_makes_no_third_party_requests(self):
        self.assertFalse(settings.WAGTAIL_ENABLE_UPDATE_CHECK)
        self.assertIsNone(settings.WAGTAIL_GRAVATAR_PROVIDER_URL)


class RedisCacheTests(SimpleTestCase):
    def test_cache_url_selects_a_working_redis_cache(self):
        url = redis_url()
        with mock.patch.dict(os.environ, {"CACHE_URL": url}):
            config = cache_from_env()
        self.assertEqual(config["BACKEND"], "django_redis.cache.RedisCache")
        cache = CacheHandler({"default": config})["default"]
        cache.set("tccm-test-key", "value", 5)
        self.assertEqual(cache.get("tccm-test-key"), "value")
        cache.delete("tccm-test-key")


class EnvExampleTests(SimpleTestCase):
    def test_a_host_configured_from_the_example_runs_with_debug_off(self):
        lines = (ROOT / ".env.example").read_text().splitlines()
        example = dict(
            line.split("=", 1) for line in lines if line and not line.startswith("#")
        )
        env = {**os.environ, **{k: v for k, v in example.items() if v}}
        env["SECRET_KEY"] = "x" * 50  # left empty in the example, to be filled in
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                "from django.conf import settings; print(settings.DEBUG)",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        self.assertEqual(result.stdout.strip(), "False", result.stderr)


class SharedCacheCheckTests(TestCase):
    def test_deploy_check_warns_about_a_per_process_cache(self):
        ids = {m.id for m in checks.run_checks(include_deployment_checks=True)}
        self.assertIn("core.W001", ids)
        redis = {"default": {"BACKEND": "django_redis.cache.RedisCache"}}
        with override_settings(CACHES=redis):
            ids = {m.id for m in checks.run_checks(include_deployment_checks=True)}
        self.assertNotIn("core.W001", ids)


class ReviewEmailCheckTests(SimpleTestCase):
    def deploy_check_ids(self) -> set[str]:
        return {m.id for m in checks.run_checks(include_deployment_checks=True)}

    @override_settings(
        WAGTAILADMIN_BASE_URL="http://127.0.0.1:8000",
        DEFAULT_FROM_EMAIL="webmaster@localhost",
    )
    def test_deploy_check_warns_about_links_and_sender_on_this_machine(self):
        ids = self.deploy_check_ids()
        self.assertIn("core.W002", ids)
        self.assertIn("core.W003", ids)

    def test_a_site_address_that_is_not_one_stops_the_site(self):
        for value in ["tccm.example.org", "https://tccm.example.org/site/"]:
            with (
                self.subTest(value=value),
                override_settings(WAGTAILADMIN_BASE_URL=value),
            ):
                ids = {m.id for m in checks.run_checks()}
                self.assertIn("core.E001", ids)
        with override_settings(WAGTAILADMIN_BASE_URL="http://127.0.0.1:8201/"):
            self.assertNotIn("core.E001", {m.id for m in checks.run_checks()})

    @override_settings(
        WAGTAILADMIN_BASE_URL="https://tccm.example.org",
        DEFAULT_FROM_EMAIL="TCCM <no-reply@tccm.example.org>",
    )
    def test_public_address_and_sender_pass(self):
        ids = self.deploy_check_ids()
        self.assertNotIn("core.W002", ids)
        self.assertNotIn("core.W003", ids)


class MakeRunAddressTests(SimpleTestCase):
    """`make run PORT=...` serves on that port; the links it writes (admin
    e-mails, the site address the first content load records) must use it."""

    def base_url(self, *args: str, **env: str) -> str:
        clean = {k: v for k, v in os.environ.items() if k != "WAGTAILADMIN_BASE_URL"}
        # The test's own arguments, nothing from outside.
        result = subprocess.run(  # noqa: S603
            [
                shutil.which("make") or "make",
                "-s",
                "--no-print-directory",
                "--eval",
                "show-base-url: ; @echo $$WAGTAILADMIN_BASE_URL",
                "show-base-url",
                *args,
            ],
            cwd=ROOT,
            env={**clean, **env},
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout.strip()

    def test_links_follow_the_port_and_host_served(self):
        self.assertEqual(self.base_url("PORT=8350"), "http://127.0.0.1:8350")
        self.assertEqual(
            self.base_url("HOST=localhost", "PORT=9000"), "http://localhost:9000"
        )

    def test_an_address_set_in_the_environment_wins(self):
        self.assertEqual(
            self.base_url("PORT=8350", WAGTAILADMIN_BASE_URL="https://tccm.example"),
            "https://tccm.example",
        )
