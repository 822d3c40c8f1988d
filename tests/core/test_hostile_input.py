"""Hostile query strings and paths never make a public URL answer 5xx.

CI runs this on SQLite and on PostgreSQL, which refuses NUL bytes in queries.
"""

from http import HTTPStatus
from urllib.parse import quote

from django.test import TestCase

from news.models import KeyDateIndexPage
from tests.factories import (
    KeyDateFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    StakeholderGroupFactory,
    StatementPageFactory,
    UNProcessFactory,
    make_site_root,
    sign,
)

# Every public URL and the query parameters it reads (the sitemap's page is p).
# Each also gets one it does not read, which stands for all the others.
PUBLIC_URLS = {
    "/": [],
    "/statement/": [],
    "/statement/signatories/": ["country", "group", "page"],
    "/statement/signatories.csv": ["country", "group"],
    "/statement/signatories.json": ["country", "group"],
    "/news/": ["year", "page"],
    "/news/process/igf/": ["year", "page"],
    "/news/igf-permanent/": [],
    "/news/feed/": [],
    "/news/feed/atom/": [],
    "/news/process/igf/feed/": [],
    "/news/process/igf/feed/atom/": [],
    "/key-dates/": [],
    "/key-dates.ics": ["process"],
    "/sitemap.xml": ["p"],
    "/robots.txt": [],
    "/search/": ["q", "page", "type"],
    "/statement/member-kit/": ["organisation"],
    "/statement/print/": [],
}
UNREAD_PARAMETER = "utm_source"

# Values as they appear in the query string (already percent-encoded).
HOSTILE_VALUES = [
    "%00",
    "a%00b",
    "%2500",
    "x" * 10_240,
    quote("' OR 1=1--"),
    quote("Bücher 日本 🙂"),
    "%ff%fe",
    "-1",
    "0",
    "99999999999999999999",
    "1e9",
    quote("<script>alert(1)</script>"),
    "",
]


class HostileInputTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = make_site_root()
        statement = StatementPageFactory(parent=home)
        sign(statement, 3, group=StakeholderGroupFactory(slug="registrars"))
        index = NewsIndexPageFactory(parent=home)
        igf = UNProcessFactory(slug="igf")
        NewsPageFactory(parent=index, slug="igf-permanent", processes=[igf])
        home.add_child(instance=KeyDateIndexPage(title="Key dates", slug="key-dates"))
        KeyDateFactory(process=igf)

    def assert_no_server_error(self, url: str, **extra) -> None:
        with self.subTest(url=url, **extra):
            response = self.client.get(url, **extra)
            self.assertLess(response.status_code, HTTPStatus.INTERNAL_SERVER_ERROR)

    def test_hostile_query_values_never_cause_a_server_error(self):
        for url, parameters in PUBLIC_URLS.items():
            self.assertEqual(self.client.get(url).status_code, HTTPStatus.OK, url)
            for name in [*parameters, UNREAD_PARAMETER]:
                for value in HOSTILE_VALUES:
                    self.assert_no_server_error(f"{url}?{name}={value}")
                self.assert_no_server_error(f"{url}?{name}=1&{name}=2")
                self.assert_no_server_error(f"{url}?{name}[]=1&{name}[]=2")
                # A raw NUL byte, as a careless client or proxy may send it.
                self.assert_no_server_error(url, QUERY_STRING=f"{name}=\x00")

    def test_nul_in_a_path_is_a_bad_request(self):
        for url in ["/news/%00/", "/statement/%00/signatories.json", "/%00"]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, HTTPStatus.BAD_REQUEST)
                self.assertTrue(response["Content-Type"].startswith("text/plain"))

    def test_nul_in_a_query_is_a_bad_request(self):
        response = self.client.get("/key-dates.ics?process=%00")
        self.assertEqual(response.status_code, HTTPStatus.BAD_REQUEST)
        self.assertTrue(response["Content-Type"].startswith("text/plain"))

    def test_calendar_refuses_a_process_that_is_not_a_slug(self):
        response = self.client.get("/key-dates.ics?process=" + quote("' OR 1=1--"))
        self.assertEqual(response.status_code, HTTPStatus.BAD_REQUEST)
        self.assertContains(response, "process", status_code=HTTPStatus.BAD_REQUEST)
        self.assertEqual(
            self.client.get("/key-dates.ics?process=unknown").status_code,
            HTTPStatus.NOT_FOUND,
        )
