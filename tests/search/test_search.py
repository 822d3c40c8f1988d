"""/search/?q=: what it finds, how it shows it, and what it never does."""

import datetime
import re
from http import HTTPStatus
from urllib.parse import quote

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from wagtail.search.backends import get_search_backend

from core.dates import MONTH
from news.models import KeyDate, KeyDateIndexPage
from tests.factories import (
    KeyDateFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    SignatoryFactory,
    StakeholderGroupFactory,
    StatementPageFactory,
    UNProcessFactory,
    make_site_root,
    sign,
)

URL = "/search/"


def result_titles(response) -> list[str]:
    """The titles of the results, as plain text, in order."""
    html = response.content.decode()
    titles = re.findall(r'<h2 class="search-result__title">(.*?)</h2>', html)
    return [re.sub(r"<[^>]+>", "", title) for title in titles]


class SearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = make_site_root()
        cls.statement = StatementPageFactory(
            parent=home,
            publication_date=datetime.date(2024, 12, 1),
            publication_date_precision=MONTH,
        )
        cls.index = NewsIndexPageFactory(parent=home)
        home.add_child(instance=KeyDateIndexPage(title="Key dates", slug="key-dates"))
        cls.igf = UNProcessFactory(
            name="Internet Governance Forum",
            acronym="IGF",
            slug="igf",
            description="The UN's forum for dialogue on Internet governance.",
        )
        cls.meeting = KeyDateFactory(
            process=cls.igf,
            title="IGF 2030",
            start=datetime.date(2030, 6, 1),
            location="Oslo, Norway",
        )
        cls.news = NewsPageFactory(
            parent=cls.index,
            title="Forum renewed",
            slug="forum-renewed",
            summary="The General Assembly renewed the forum.",
            body=[
                ("paragraph", "<p>Delegates in Lillehammer agreed by consensus.</p>")
            ],
            processes=[cls.igf],
        )
        group = StakeholderGroupFactory(name="ccTLD registry", slug="cctld-registry")
        sign(cls.statement, 1, name="InternetNZ", country="NZ", group=group)
        sign(cls.statement, 1, name="Nominet UK", country="GB", group=group)

    def search(self, query: str, **params):
        response = self.client.get(URL, {"q": query, **params})
        self.assertEqual(response.status_code, HTTPStatus.OK)
        return response

    def test_empty_query_shows_the_form_and_no_results(self):
        response = self.client.get(URL)
        self.assertEqual(response.status_code, HTTPStatus.OK)
        self.assertContains(response, '<input type="search" id="search-q" name="q"')
        self.assertContains(response, '<label for="search-q">')
        self.assertNotContains(response, "search-result")
        self.assertNotContains(response, 'role="status"')

    def test_finds_the_statement_and_links_its_matching_risk_section(self):
        response = self.search("igf mandate")
        self.assertEqual(
            result_titles(response),
            ["A technical community coalition for multistakeholderism"],
        )
        self.assertContains(response, "Statement · December 2024")
        self.assertContains(
            response,
            '<li><a href="/statement/#a-weakened-igf">A weakened <mark>IGF</mark></a>: '
            "The <mark>IGF</mark> <mark>mandate</mark> is not renewed.</li>",
            html=True,
        )
        # The other risk section does not mention the words.
        self.assertNotContains(response, "/statement/#left-out")

    def test_finds_news_by_its_text_and_marks_the_words(self):
        response = self.search("lillehammer")
        self.assertEqual(result_titles(response), ["Forum renewed"])
        self.assertContains(response, 'href="/news/forum-renewed/"')
        self.assertContains(response, "Delegates in <mark>Lillehammer</mark> agreed")
        self.assertContains(response, "News · 17 December 2025")

    def test_finds_processes_key_dates_and_pages_in_that_order(self):
        response = self.search("igf")
        titles = result_titles(response)
        self.assertEqual(titles[0], "Internet Governance Forum (IGF)")
        self.assertEqual(titles[1], "IGF: IGF 2030")
        self.assertIn("A technical community coalition for multistakeholderism", titles)
        self.assertContains(response, 'href="/news/process/igf/"')
        self.assertContains(response, f'href="/key-dates/#key-date-{self.meeting.pk}"')
        # The key date's anchor exists where the link points.
        self.assertContains(
            self.client.get("/key-dates/"), f'id="key-date-{self.meeting.pk}"'
        )

    def test_finds_signatories_by_the_start_of_their_name(self):
        response = self.search("interne")
        self.assertIn("InternetNZ", result_titles(response))
        signatory = SignatoryFactory._meta.model.objects.get(name="InternetNZ")
        link = (
            f"/statement/signatories/?country=NZ&amp;at={signatory.pk}"
            f"#signatory-{signatory.pk}"
        )
        self.assertContains(response, f'href="{link}"')
        self.assertContains(response, "Signatory · New Zealand · ccTLD registry")
        directory = self.client.get(link.split("#")[0].replace("&amp;", "&"))
        self.assertContains(directory, f'id="signatory-{signatory.pk}"')

    def test_a_signatory_link_lands_on_the_directory_page_that_lists_it(self):
        # The directory shows 24 a page: the 106th Canadian is far past the first.
        sign(self.statement, 105, country="CA")
        (zeta,) = sign(self.statement, 1, name="Zeta Networks", country="CA")
        response = self.search("zeta")
        link = f"/statement/signatories/?country=CA&at={zeta.pk}#signatory-{zeta.pk}"
        self.assertContains(response, f'href="{link.replace("&", "&amp;")}"')
        directory = self.client.get(link.split("#")[0])
        self.assertEqual(directory.status_code, HTTPStatus.OK)
        self.assertContains(directory, f'id="signatory-{zeta.pk}"')

    def test_no_results_says_so_and_suggests_what_to_try(self):
        response = self.search("quokka")
        self.assertContains(response, "0 results for “quokka”.")
        self.assertContains(response, "Nothing matches all of these words.")

    def test_every_word_must_match(self):
        self.assertEqual(result_titles(self.search("lillehammer quokka")), [])

    def test_query_without_letters_or_digits_explains_itself(self):
        response = self.search('"*-')
        self.assertContains(response, "punctuation and symbols on their own find")
        self.assertNotContains(response, "search-result")

    def test_a_kind_of_result_can_be_chosen(self):
        response = self.search("igf", type="key-dates")
        self.assertEqual(result_titles(response), ["IGF: IGF 2030"])
        self.assertContains(response, "1 result for “igf” in Key dates.")
        self.assertContains(
            response,
            '<a class="tag" href="?q=igf&amp;type=key-dates" aria-current="page">'
            "Key dates (1)</a>",
            html=True,
        )
        # An unknown kind is read as all of them.
        self.assertEqual(
            len(result_titles(self.search("igf", type="nonsense"))),
            len(result_titles(self.search("igf"))),
        )

    def test_results_are_paginated_and_bad_page_numbers_give_a_page(self):
        for number in range(25):
            NewsPageFactory(
                parent=self.index,
                title=f"Zebra crossing {number}",
                summary="Zebras crossed.",
                processes=[self.igf],
            )
        first = self.search("zebra")
        self.assertEqual(len(result_titles(first)), 20)
        self.assertContains(first, "25 results for “zebra”. Page 1 of 2.")
        self.assertContains(first, 'rel="next" href="?q=zebra&amp;page=2"')
        second = self.search("zebra", page="2")
        self.assertEqual(len(result_titles(second)), 5)
        self.assertContains(second, '<ol class="search-results" start="21">')
        self.assertEqual(
            set(result_titles(first)) & set(result_titles(second)), set(), "overlap"
        )
        for page in ["0", "-3", "999", "abc", "1e9", ""]:
            with self.subTest(page=page):
                response = self.search("zebra", page=page)
                self.assertIn(len(result_titles(response)), (5, 20))

    def test_hostile_input_never_breaks_the_page(self):
        for value in [
            '"',
            "foo\" OR 1 --'",
            "NEAR(a b)",
            "*",
            "a AND OR NOT",
            "x" * 10_000,
            "<script>alert(1)</script>",
            "日本 🙂 Bücher",
            "%s %d {0}",
            "igf " * 50,
            # Only stop words (PostgreSQL's English dictionary drops them all),
            # a bare number, an apostrophe and a prefix-search operator.
            "the of and",
            "2030",
            "UN's",
            "igf:*",
        ]:
            with self.subTest(value=value[:40]):
                response = self.client.get(URL, {"q": value, "page": "2", "type": "x"})
                self.assertEqual(response.status_code, HTTPStatus.OK)
                self.assertNotContains(response, "<script>alert(1)</script>")
        # A list of values, and raw percent-encodings, are no trouble either.
        for query in ["q=a&q=b", "q=%ff%fe", "q[]=1", "q=" + quote("' OR 1=1--")]:
            with self.subTest(query=query):
                response = self.client.get(f"{URL}?{query}")
                self.assertEqual(response.status_code, HTTPStatus.OK)

    def test_query_is_echoed_escaped(self):
        response = self.search('<b>"igf"</b>')
        self.assertContains(response, 'value="&lt;b&gt;&quot;igf&quot;&lt;/b&gt;"')
        self.assertNotContains(response, "<b>")

    def test_the_header_search_box_works_without_javascript(self):
        response = self.client.get("/statement/")
        self.assertContains(
            response,
            '<form class="site-search" method="get" action="/search/" role="search"',
        )
        self.assertContains(
            response,
            '<label class="visually-hidden" for="site-search-q">'
            "Search the site</label>",
        )
        self.assertContains(
            response, '<input type="search" id="site-search-q" name="q"'
        )

    def test_search_results_have_their_own_title_description_and_address(self):
        response = self.search("igf")
        self.assertContains(response, "<title>Search results for “igf” | TCCM</title>")
        self.assertContains(response, '<meta name="description" content="Search the')
        self.assertContains(
            response, '<link rel="canonical" href="http://testserver/search/?q=igf">'
        )

    def test_results_pages_of_arbitrary_text_are_kept_out_of_search_engines(self):
        # Any text typed in q becomes a page titled with it: without noindex,
        # anyone could have search engines index pages of their words on this
        # site. Text the search did not match, or did not search, is such text.
        noindex = '<meta name="robots" content="noindex">'
        for query in ["cheap pills", "igf ☎☎☎ $$$", "IGF, mandate!"]:
            with self.subTest(query=query):
                self.assertContains(self.search(query), noindex)
        # Words the site holds, every one found, may be indexed (Lighthouse
        # audits /search/?q=igf as crawlable), and so may the empty form.
        for query in ["igf", "IGF mandate", ""]:
            with self.subTest(query=query):
                self.assertNotContains(self.search(query), 'name="robots"')


class RichTextInResultsTests(TestCase):
    """Rich text (the statement's closing, risk details, key date outcomes) is
    HTML in the database: its entities read as characters in results, once
    escaped, and its paragraphs stay apart."""

    @classmethod
    def setUpTestData(cls):
        home = make_site_root()
        StatementPageFactory(
            parent=home,
            closing="<p>Open &amp; interoperable.</p><p>Signed in Riyadh.</p>",
            risks=[
                (
                    "risk",
                    {
                        "title": "Fragmentation",
                        "anchor": "",
                        "summary": "Networks may split.",
                        "body": "<p>Rules &lt;by states&gt; &amp; blocs.</p>",
                    },
                )
            ],
        )
        home.add_child(instance=KeyDateIndexPage(title="Key dates", slug="key-dates"))
        KeyDateFactory(
            title="Summit",
            process=UNProcessFactory(slug="wsis"),
            outcome="<p>Adopted &amp; welcomed</p>",
        )

    def test_entities_are_not_escaped_twice(self):
        for query, shown in [
            ("interoperable", "Open &amp; <mark>interoperable</mark>. Signed"),
            ("blocs", "Rules &lt;by states&gt; &amp; <mark>blocs</mark>."),
            ("welcomed", "Adopted &amp; <mark>welcomed</mark>"),
        ]:
            with self.subTest(query=query):
                response = self.client.get(URL, {"q": query})
                self.assertContains(response, shown)
                self.assertNotContains(response, "&amp;amp;")
                self.assertNotContains(response, "&amp;lt;")


class IndexFollowsPublishingTests(TestCase):
    """The search index is kept up to date by tasks (run at once in tests and
    while no worker is deployed); the privacy rule decides what shows."""

    @classmethod
    def setUpTestData(cls):
        home = make_site_root()
        cls.index = NewsIndexPageFactory(parent=home)
        home.add_child(instance=KeyDateIndexPage(title="Key dates", slug="key-dates"))
        cls.igf = UNProcessFactory(slug="igf")

    def titles(self, query: str) -> list[str]:
        return result_titles(self.client.get(URL, {"q": query}))

    def test_publishing_editing_and_unpublishing_a_news_item(self):
        item = NewsPageFactory(
            parent=self.index,
            title="Quasar draft",
            summary="Not yet.",
            live=False,
            processes=[self.igf],
        )
        self.assertEqual(self.titles("quasar"), [])
        item.save_revision().publish()
        self.assertEqual(self.titles("quasar"), ["Quasar draft"])

        item.title = "Quasar announced"
        item.save_revision().publish()
        self.assertEqual(self.titles("announced"), ["Quasar announced"])
        self.assertEqual(self.titles("draft"), [])

        # A draft of a live page changes nothing readers find.
        item.title = "Quasar secret plans"
        item.save_revision()
        self.assertEqual(self.titles("secret"), [])
        self.assertEqual(self.titles("quasar"), ["Quasar announced"])

        item.refresh_from_db()
        item.unpublish()
        self.assertEqual(self.titles("quasar"), [])

    def test_unpublished_key_dates_processes_and_signatories_are_not_found(self):
        process = UNProcessFactory(name="Quasar process", slug="quasar", live=False)
        KeyDateFactory(process=self.igf, title="Quasar meeting", live=False)
        statement = StatementPageFactory(parent=self.index.get_parent())
        sign(statement, 1, name="Quasar Registry", live=False)
        self.assertEqual(self.titles("quasar"), [])
        process.save_revision().publish()
        KeyDate.objects.get(title="Quasar meeting").save_revision().publish()
        signatory = SignatoryFactory._meta.model.objects.get(name="Quasar Registry")
        signatory.save_revision().publish()
        titles = self.titles("quasar")
        self.assertEqual(len(titles), 3, titles)
        self.assertTrue(titles[0].startswith("Quasar process"))
        self.assertTrue(titles[1].endswith(": Quasar meeting"))
        self.assertEqual(titles[2], "Quasar Registry")


class SearchBackendTests(TestCase):
    def test_database_backend_matches_the_database(self):
        backend = type(get_search_backend()).__name__
        expected = {
            "postgresql": "PostgresSearchBackend",
            "sqlite": "SQLiteSearchBackend",
        }[connection.vendor]
        self.assertEqual(backend, expected)


class SearchQueryCountTests(TestCase):
    """A results page costs a fixed number of queries for each kind of result
    it shows, however many match: pinned exactly, so one more query shows."""

    # The site, the section pages, processes, key dates, and how many pages
    # and signatories match: 6 whatever is shown.
    BASE = 6
    # Pages: the search, then one query per page type shown (statement, news).
    # Signatories: the name search and the statements they signed.
    EXTRA = {"processes": 0, "key-dates": 0, "pages": 1, "signatories": 2}

    @classmethod
    def setUpTestData(cls):
        home = make_site_root()
        cls.statement = StatementPageFactory(parent=home)
        cls.index = NewsIndexPageFactory(parent=home)
        home.add_child(instance=KeyDateIndexPage(title="Key dates", slug="key-dates"))
        cls.igf = UNProcessFactory(slug="igf", name="Internet Governance Forum")

    def add(self, count: int) -> None:
        for number in range(count):
            NewsPageFactory(
                parent=self.index, summary="IGF news.", processes=[self.igf]
            )
            KeyDateFactory(process=self.igf, title="IGF meeting")
            sign(self.statement, 1, name=f"IGF Registry {count}-{number}")

    def expected(self, response) -> int:
        """What the page should cost, from the kinds of result it shows."""
        hits = response.context["hits"]
        kinds = {hit.kind for hit in hits}
        shown = {
            "processes": "UN process" in kinds,
            "key-dates": "Key date" in kinds,
            "pages": bool(kinds & {"Statement", "News", "Page"}),
            "signatories": "Signatory" in kinds,
        }
        page_types = len(kinds & {"Statement", "News", "Page"})
        return (
            self.BASE
            + sum(self.EXTRA[kind] for kind, on_page in shown.items() if on_page)
            + page_types
        )

    def check(self, params: str) -> int:
        url = f"{URL}?q=igf&{params}"
        self.client.get(url)  # warm the menu and settings caches
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, HTTPStatus.OK)
        self.assertEqual(len(queries), self.expected(response), url)
        return len(queries)

    def test_query_counts_do_not_grow_with_matches(self):
        self.add(3)
        # Everything fits on one page: every kind, two page types.
        self.assertEqual(self.check(""), 11)
        self.add(40)
        for params in [
            "",
            "type=processes",
            "type=key-dates",
            "type=pages",
            "type=pages&page=3",
            "type=signatories",
            "type=signatories&page=3",
        ]:
            with self.subTest(params=params):
                self.assertLessEqual(self.check(params), 11)
