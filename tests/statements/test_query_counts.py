"""Statement views run an exact, constant number of queries, however many
signatories: pinned exactly, so a regression of one query shows."""

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    StakeholderGroupFactory,
    StatementPageFactory,
    make_site_root,
    sign,
)

EXPECTED = {
    "/statement/": 7,
    "/statement/signatories/": 7,
    "/statement/signatories/?country=CA&group=registrars": 7,
    "/statement/signatories.csv": 5,
    "/statement/signatories.json": 5,
}
URLS = list(EXPECTED)


def count_queries(client, url: str) -> int:
    client.get(url)  # first view creates logo renditions; measure the steady state
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


class ConstantQueryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = make_site_root()
        cls.statement = StatementPageFactory(parent=home)
        cls.group = StakeholderGroupFactory(slug="registrars")

    def counts(self) -> dict[str, int]:
        return {url: count_queries(self.client, url) for url in URLS}

    def test_query_counts_do_not_grow_with_signatories(self):
        sign(self.statement, 10, with_logos=True, group=self.group)
        small = self.counts()
        sign(self.statement, 190, with_logos=True, group=self.group)
        large = self.counts()
        self.assertEqual(small, EXPECTED)
        self.assertEqual(large, EXPECTED)
