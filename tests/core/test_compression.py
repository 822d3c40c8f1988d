"""Pages go out gzipped when the browser accepts it, stored pages too, with
their security headers; large public documents are compressed once."""

import gzip
from http import HTTPStatus

from django.test import TestCase, override_settings

from tests.factories import StatementPageFactory, make_site_root, sign

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}
CACHE_ON = override_settings(PAGE_CACHE_SECONDS=600)


class CompressionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = make_site_root()
        cls.statement = StatementPageFactory(parent=home)
        sign(cls.statement, 30)

    def assertGzipped(self, response) -> bytes:
        self.assertEqual(response.status_code, HTTPStatus.OK)
        self.assertEqual(response["Content-Encoding"], "gzip")
        self.assertIn("Accept-Encoding", response["Vary"])
        return gzip.decompress(response.content)

    def test_pages_are_gzipped_with_their_security_headers(self):
        response = self.client.get("/statement/", **GZIP)
        self.assertIn(b"See all 30 signatories", self.assertGzipped(response))
        self.assertIn("default-src", response["Content-Security-Policy"])
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        plain = self.client.get("/statement/")
        self.assertFalse(plain.has_header("Content-Encoding"))

    @CACHE_ON
    def test_stored_pages_are_gzipped_too(self):
        self.client.get("/statement/signatories/", **GZIP)
        self.client.get("/statement/signatories/", **GZIP)
        response = self.client.get("/statement/signatories/", **GZIP)
        self.assertEqual(response["X-Page-Cache"], "hit")
        self.assertIn(b"30 organisations", self.assertGzipped(response))
        self.assertIn("default-src", response["Content-Security-Policy"])
        # The same stored page, plain for a client that does not accept gzip.
        plain = self.client.get("/statement/signatories/")
        self.assertEqual(plain["X-Page-Cache"], "hit")
        self.assertIn(b"30 organisations", plain.content)

    def test_the_join_form_token_differs_on_every_response(self):
        # BREACH needs a secret repeated across responses; Django masks the
        # CSRF token afresh each time.
        first = self.assertGzipped(self.client.get("/statement/join/", **GZIP))
        second = self.assertGzipped(self.client.get("/statement/join/", **GZIP))

        def token(page: bytes) -> bytes:
            return page.split(b'name="csrfmiddlewaretoken" value="')[1][:64]

        self.assertNotEqual(token(first), token(second))

    def test_open_data_is_compressed_once_and_reads_the_same(self):
        for url in ("/statement/signatories.json", "/statement/signatories.csv"):
            with self.subTest(url=url):
                plain = self.client.get(url)
                packed = self.client.get(url, **GZIP)
                self.assertEqual(self.assertGzipped(packed), plain.content)
                self.assertEqual(packed["Access-Control-Allow-Origin"], "*")
                self.assertEqual(packed["Content-Type"], plain["Content-Type"])

    def test_the_sitemap_gzipped_and_plain(self):
        plain = self.client.get("/sitemap.xml")
        packed = self.client.get("/sitemap.xml", **GZIP)
        self.assertIn(b"/statement/signatories/", plain.content)
        self.assertEqual(self.assertGzipped(packed), plain.content)
        self.assertEqual(self.client.get("/sitemap.xml?p=99").status_code, 404)
        self.assertEqual(self.client.get("/sitemap.xml?p=x").status_code, 404)
