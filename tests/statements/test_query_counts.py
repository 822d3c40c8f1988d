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

# Facets, totals, the downloads and the directory's cards come from
# core.public_cache once warm.
EXPECTED = {
    "/statement/": 7,
    "/statement/signatories/": 5,
    "/statement/signatories/?country=CA&group=registrars": 5,
    "/statement/signatories/?from=R": 5,
    "/statement/signatories.csv": 4,
    "/statement/signatories.json": 4,
}
# A page from a signatory (?after=, ?before=, ?at=) looks that signatory up.
CURSOR_QUERIES = 6
URLS = list(EXPECTED)


def count_queries(client, url: str) -> int:
    # The first views create logo renditions and the site settings (which drops
    # the cached facets): measure the steady state.
    client.get(url)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


class ConstantQueryTests(TestCase):
    maxDiff = None

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

    def test_pages_from_a_signatory_cost_the_same(self):
        def cursor_counts() -> dict[str, int]:
            signatures = list(self.statement.public_signatures())
            middle = signatures[len(signatures) // 2]
            return {
                name: count_queries(
                    self.client, f"/statement/signatories/?{name}={middle.signatory_id}"
                )
                for name in ("after", "before", "at")
            }

        sign(self.statement, 60, with_logos=True, group=self.group)
        small = cursor_counts()
        sign(self.statement, 140, with_logos=True, group=self.group)
        large = cursor_counts()
        expected = dict.fromkeys(("after", "before", "at"), CURSOR_QUERIES)
        self.assertEqual(small, expected)
        self.assertEqual(large, expected)
