"""Uploaded files are served, when Django serves them, so that none can run."""

import json
import os
import subprocess
import sys
from http import HTTPStatus
from pathlib import Path

from django.test import SimpleTestCase, TestCase, override_settings

from tests.core.test_svg_uploads import HOSTILE_SVG
from tests.factories import make_site_root, svg_image

ROOT = Path(__file__).resolve().parents[2]
MEDIA_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


class MediaServingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_site_root()
        cls.image = svg_image("Logo", HOSTILE_SVG)

    def assert_served_safely(self, response) -> None:
        self.assertEqual(response.status_code, HTTPStatus.OK)
        self.assertEqual(response["Content-Type"], "image/svg+xml")
        self.assertEqual(response["Content-Security-Policy"], MEDIA_POLICY)
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")

    @override_settings(DEBUG=True)
    def test_development_server_sends_media_with_a_sandbox_policy(self):
        self.assert_served_safely(self.client.get(self.image.file.url))

    def test_serve_media_setting_serves_them_the_same_way(self):
        # Without DEBUG or SERVE_MEDIA the web server or media domain serves them.
        response = self.client.get(self.image.file.url)
        self.assertEqual(response.status_code, HTTPStatus.NOT_FOUND)
        with self.settings(SERVE_MEDIA=True):
            self.assert_served_safely(self.client.get(self.image.file.url))
            rendition = self.image.get_rendition("max-240x96")
            self.assert_served_safely(self.client.get(rendition.url))


class MediaDomainTests(SimpleTestCase):
    def test_a_separate_media_domain_is_allowed_to_show_images(self):
        env = dict(
            os.environ,
            DJANGO_SETTINGS_MODULE="coalition.settings.test",
            MEDIA_URL="https://media.tccm.example/",
        )
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                "import json, django; django.setup(); from django.conf import settings;"
                "print(json.dumps(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']"
                "['img-src']))",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        self.assertIn("https://media.tccm.example", json.loads(result.stdout))
