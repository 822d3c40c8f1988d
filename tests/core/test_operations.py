"""Running in production: dependencies failing, probes, logs, error reports,
the server's start, deploy checks and media storage."""

import gzip
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from unittest import mock

from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client, SimpleTestCase, TestCase, override_settings

from coalition.settings.env import frontend_cache_from_env, media_storage_from_env
from core.storage import MediaStorage
from tests.factories import StatementPageFactory, make_site_root

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "coalition.settings.production",
    "SECRET_KEY": "test-only-9f3Kq2Lx7Vb1Zr8Pw4Nc6Hd0Ty5Ug2Ej7Mo3Sa1Qi",
    "ALLOWED_HOSTS": "testserver",
    "WAGTAILADMIN_BASE_URL": "https://tccm.example.org",
    "DEFAULT_FROM_EMAIL": "TCCM <no-reply@tccm.example.org>",
}
# Names the test environments may set that must not leak into a clean start.
LEAKY = {
    "DATABASE_URL",
    "CACHE_URL",
    "SENTRY_DSN",
    "LOG_FORMAT",
    "PAGE_CACHE_SECONDS",
    # Set by the browser tests' Playwright fixtures; refused by check --deploy.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def closed_port() -> int:
    """A loopback port nothing listens on (connections are refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def dead_redis() -> dict:
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        }
    }


# Production serves collectstatic's hashed files; these scripts use the sources.
SOURCE_STATIC = """
from django.conf import settings
from django.test.utils import override_settings
storages = {**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
override_settings(STORAGES=storages).enable()
"""


def run_production(script: str, **env: str) -> subprocess.CompletedProcess:
    """Run `script` after django.setup() with the production settings."""
    clean = {k: v for k, v in os.environ.items() if k not in LEAKY}
    clean.update(PRODUCTION_ENV, **env)
    return subprocess.run(  # noqa: S603 (the test's own script)
        [
            sys.executable,
            "-c",
            "import django; django.setup()\n" + SOURCE_STATIC + script,
        ],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


class SiteTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_root()
        StatementPageFactory(parent=cls.home)


@override_settings(CACHES=dead_redis(), PAGE_CACHE_SECONDS=600)
class RedisDownTests(SiteTestCase):
    def test_pages_are_served_from_the_database_and_the_failure_is_logged(self):
        with self.assertLogs("django_redis", "ERROR") as logs:
            for url in ("/", "/statement/", "/statement/signatories/", "/admin/login/"):
                for _ in range(2):
                    with self.subTest(url=url):
                        response = self.client.get(url)
                        self.assertEqual(response.status_code, HTTPStatus.OK)
                        self.assertNotEqual(response.get("X-Page-Cache"), "hit")
        self.assertIn("Connection", "\n".join(logs.output))

    def test_readiness_reports_the_cache(self):
        response = self.client.get("/readyz/")
        self.assertEqual(response.status_code, HTTPStatus.SERVICE_UNAVAILABLE)
        self.assertEqual(
            response.json(),
            {"status": "unavailable", "database": "ok", "cache": "unavailable"},
        )


def refuse(*args, **kwargs):
    raise OperationalError("connection to server failed: Connection refused")


class DatabaseDownTests(SiteTestCase):
    def setUp(self):
        self.client = Client(raise_request_exception=False)

    def test_a_friendly_503_then_recovery(self):
        with (
            mock.patch.object(CursorWrapper, "execute", refuse),
            self.assertLogs("django.request", "ERROR"),
        ):
            response = self.client.get("/statement/")
        self.assertEqual(response.status_code, HTTPStatus.SERVICE_UNAVAILABLE)
        self.assertContains(
            response, "cannot reach its database", status_code=503, html=False
        )
        self.assertEqual(response["Retry-After"], "30")
        self.assertIn("no-store", response["Cache-Control"])
        self.assertNotContains(response, "Connection refused", status_code=503)
        self.assertNotContains(response, "Traceback", status_code=503)
        # The database is back: so is the site, with nothing restarted.
        self.assertEqual(self.client.get("/statement/").status_code, HTTPStatus.OK)

    def test_other_errors_are_still_a_500(self):
        with (
            mock.patch.object(CursorWrapper, "execute", side_effect=ValueError("bug")),
            self.assertLogs("django.request", "ERROR"),
        ):
            response = self.client.get("/statement/")
        self.assertEqual(response.status_code, HTTPStatus.INTERNAL_SERVER_ERROR)
        self.assertContains(response, "Something went wrong", status_code=500)

    def test_readiness_reports_the_database(self):
        with (
            mock.patch.object(CursorWrapper, "execute", refuse),
            self.assertLogs("core.views", "WARNING"),
        ):
            response = self.client.get("/readyz/")
        self.assertEqual(response.status_code, HTTPStatus.SERVICE_UNAVAILABLE)
        self.assertEqual(response.json()["database"], "unavailable")


class ProbeTests(SiteTestCase):
    def test_liveness_touches_no_dependency(self):
        with self.assertNumQueries(0):
            response = self.client.get("/healthz/")
        self.assertEqual(response.status_code, HTTPStatus.OK)
        self.assertEqual(response.json(), {"status": "ok"})
        self.assertIn("no-store", response["Cache-Control"])

    def test_readiness_when_all_is_well(self):
        response = self.client.get("/readyz/")
        self.assertEqual(response.status_code, HTTPStatus.OK)
        self.assertEqual(
            response.json(), {"status": "ok", "database": "ok", "cache": "ok"}
        )


class SilentServer:
    """A TCP server that accepts connections and never says a word."""

    def __enter__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.held = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()
        return self

    def _accept(self):
        while True:
            try:
                self.held.append(self.sock.accept()[0])
            except OSError:
                return

    def __exit__(self, *exc):
        self.sock.close()
        for conn in self.held:
            conn.close()


PROBE_PAGES = """
import json
from django.test import Client
client = Client(raise_request_exception=False)
answers = {}
for url in ("/", "/healthz/", "/readyz/"):
    response = client.get(url)
    answers[url] = [response.status_code, response.get("Retry-After")]
print(json.dumps(answers))
"""


class DatabaseUnreachableInProductionTests(SimpleTestCase):
    """A real PostgreSQL connection to a server that is gone or silent ends in
    the 503 page after the connect timeout, not in a stuck worker."""

    def probe(self, port: int) -> dict:
        result = run_production(
            PROBE_PAGES,
            DATABASE_URL=f"postgres://tccm@127.0.0.1:{port}/tccm",
            DB_CONNECT_TIMEOUT="1",
            SECURE_SSL_REDIRECT="false",
        )
        self.assertEqual(result.returncode, 0, result.stderr[-2000:])
        return json.loads(result.stdout.strip().splitlines()[-1])

    def test_a_silent_server(self):
        with SilentServer() as server:
            answers = self.probe(server.port)
        self.assertEqual(answers["/"], [503, "30"])
        self.assertEqual(answers["/healthz/"], [200, None])
        self.assertEqual(answers["/readyz/"][0], 503)

    def test_a_server_that_refuses(self):
        answers = self.probe(closed_port())
        self.assertEqual(answers["/"], [503, "30"])


class ProductionProcessTests(SimpleTestCase):
    def test_probes_are_answered_over_plain_http_behind_the_proxy(self):
        result = run_production(
            "from django.test import Client\n"
            "c = Client()\n"
            "print(c.get('/healthz/').status_code, c.get('/').status_code)",
            DATABASE_URL="sqlite:///:memory:",
        )
        self.assertEqual(result.stdout.split(), ["200", "301"], result.stderr[-2000:])

    def test_logs_are_one_json_object_a_line_on_stdout(self):
        script = "import logging; logging.getLogger('tccm').warning('hi %s', 'there')"
        result = run_production(script)
        entry = json.loads(result.stdout.strip().splitlines()[-1])
        self.assertEqual(entry["message"], "hi there")
        self.assertEqual(entry["level"], "WARNING")
        self.assertEqual(entry["logger"], "tccm")
        text = run_production(script, LOG_FORMAT="text")
        self.assertEqual(text.stdout.strip(), "hi there")

    def test_deploy_check_has_no_warnings(self):
        result = subprocess.run(
            [
                sys.executable,
                "manage.py",
                "check",
                "--deploy",
                "--fail-level",
                "WARNING",
            ],
            cwd=ROOT,
            env={
                **{k: v for k, v in os.environ.items() if k not in LEAKY},
                **PRODUCTION_ENV,
                "CACHE_URL": "redis://127.0.0.1:6379/0",
            },
            capture_output=True,
            text=True,
            timeout=120,
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("no issues", result.stdout)

    def test_hsts_preload_is_on_by_default_and_can_be_turned_off(self):
        script = "from django.conf import settings; print(settings.SECURE_HSTS_PRELOAD)"
        self.assertEqual(run_production(script).stdout.strip(), "True")
        off = run_production(script, SECURE_HSTS_PRELOAD="false")
        self.assertEqual(off.stdout.strip(), "False")

    def test_gunicorn_stops_at_once_on_bad_settings(self):
        """With preload, the master loads the settings: it exits with their
        one-line message instead of restarting failing workers forever."""
        env = {k: v for k, v in os.environ.items() if k not in LEAKY | {"SECRET_KEY"}}
        env.update(DJANGO_SETTINGS_MODULE="coalition.settings.production")
        env.update(ALLOWED_HOSTS="tccm.example.org")
        gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
        result = subprocess.run(  # noqa: S603
            [gunicorn, "--bind", f"127.0.0.1:{closed_port()}", "--workers", "2"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        self.assertNotEqual(result.returncode, 0)
        self.assertEqual(
            result.stderr.strip().splitlines()[-1],
            "ImproperlyConfigured: the SECRET_KEY environment variable is required "
            "by the production settings.",
        )
        self.assertNotIn("Booting worker", result.stderr)


class _SentryInbox(BaseHTTPRequestHandler):
    received: list[tuple[str, bytes]] = []

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length)
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        type(self).received.append((self.path, body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


class SentryTests(SimpleTestCase):
    def test_errors_reach_the_dsn_when_one_is_set(self):
        inbox = ThreadingHTTPServer(("127.0.0.1", 0), _SentryInbox)
        threading.Thread(target=inbox.serve_forever, daemon=True).start()
        try:
            result = run_production(
                "import sentry_sdk\n"
                "print(sentry_sdk.get_client().is_active())\n"
                "sentry_sdk.capture_message('probe-from-the-test')\n"
                "sentry_sdk.flush(10)",
                SENTRY_DSN=f"http://publickey@127.0.0.1:{inbox.server_port}/1",
            )
        finally:
            inbox.shutdown()
            inbox.server_close()
        self.assertEqual(result.stdout.strip(), "True", result.stderr[-2000:])
        self.assertEqual(_SentryInbox.received[0][0], "/api/1/envelope/")
        self.assertIn(b"probe-from-the-test", _SentryInbox.received[0][1])

    def test_nothing_is_sent_without_a_dsn(self):
        result = run_production(
            "import sentry_sdk; print(sentry_sdk.get_client().is_active())"
        )
        self.assertEqual(result.stdout.strip(), "False")


class MediaStorageTests(SimpleTestCase):
    def test_local_disk_unless_a_bucket_is_named(self):
        with mock.patch.dict(os.environ, {"AWS_STORAGE_BUCKET_NAME": ""}):
            config = media_storage_from_env("/media/")
        self.assertEqual(
            config["BACKEND"], "django.core.files.storage.FileSystemStorage"
        )

    def test_a_bucket_served_from_the_media_domain(self):
        env = {
            "AWS_STORAGE_BUCKET_NAME": "tccm-media",
            "AWS_S3_ENDPOINT_URL": "https://s3.example.net",
        }
        with mock.patch.dict(os.environ, env):
            config = media_storage_from_env("https://tccm-media.example/")
        self.assertEqual(config["BACKEND"], "core.storage.MediaStorage")
        storage = MediaStorage(**config["OPTIONS"])
        self.assertEqual(
            storage.url("original_images/logo.png"),
            "https://tccm-media.example/original_images/logo.png",
        )
        self.assertFalse(storage.file_overwrite)

    def test_files_that_could_run_code_download_instead_of_opening(self):
        storage = MediaStorage(bucket_name="tccm-media")
        svg = storage.get_object_parameters("original_images/logo.svg")
        self.assertEqual(svg["ContentDisposition"], "attachment")
        png = storage.get_object_parameters("images/logo.width-400.png")
        self.assertNotIn("ContentDisposition", png)
        self.assertEqual(png["CacheControl"], "public, max-age=604800")


class FrontendCacheConfigTests(SimpleTestCase):
    def test_nothing_configured_purges_nothing(self):
        names = (
            "FRONTEND_CACHE_PURGE_URL",
            "CLOUDFLARE_ZONE_ID",
            "CLOUDFRONT_DISTRIBUTION_ID",
        )
        with mock.patch.dict(os.environ, dict.fromkeys(names, "")):
            self.assertEqual(frontend_cache_from_env(), {})

    def test_each_cdn_from_its_variables(self):
        env = {
            "FRONTEND_CACHE_PURGE_URL": "http://127.0.0.1:6081",
            "CLOUDFLARE_ZONE_ID": "zone",
            "CLOUDFLARE_BEARER_TOKEN": "token",
            "CLOUDFRONT_DISTRIBUTION_ID": "E123",
        }
        with mock.patch.dict(os.environ, env):
            config = frontend_cache_from_env()
        self.assertEqual(config["proxy"]["LOCATION"], "http://127.0.0.1:6081")
        self.assertEqual(config["cloudflare"]["ZONEID"], "zone")
        self.assertEqual(config["cloudfront"]["DISTRIBUTION_ID"], "E123")
