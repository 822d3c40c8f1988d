"""The member kit: a "We signed" badge per public signatory, the HTML to embed
it, and the statement on one printed page."""

import datetime
from http import HTTPStatus
from xml.etree import ElementTree

from django.test import TestCase
from django.utils import timezone

from core.dates import MONTH
from statements.badges import HEIGHT, MARGIN, WIDTH, badge_svg, text_width
from tests.factories import (
    SignatoryFactory,
    StatementPageFactory,
    make_site_root,
    sign,
)

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: bytes | str) -> ElementTree.Element:
    # Our own badge, in a test: no untrusted XML.
    return ElementTree.fromstring(svg)  # noqa: S314


def texts(svg: bytes | str) -> list[str]:
    """The lines of text a badge shows (it must parse as XML to get here)."""
    return [element.text or "" for element in parse(svg).iter(f"{SVG}text")]


class BadgeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = make_site_root()
        cls.statement = StatementPageFactory(parent=home, title="Joint statement")
        cls.other = StatementPageFactory(parent=home, slug="other", title="Other")
        cls.signatory = sign(cls.statement, 1, name="Nominet UK")[0]

    def url(self, signatory=None, statement=None) -> str:
        statement = statement or self.statement
        return f"/badges/{statement.pk}/{(signatory or self.signatory).pk}.svg"

    def test_badge_is_an_svg_anyone_may_embed(self):
        response = self.client.get(self.url())
        self.assertEqual(response.status_code, HTTPStatus.OK)
        self.assertEqual(response["Content-Type"], "image/svg+xml; charset=utf-8")
        self.assertEqual(response["Cross-Origin-Resource-Policy"], "cross-origin")
        self.assertEqual(
            response["Content-Security-Policy"],
            "default-src 'none'; frame-ancestors 'none'",
        )
        self.assertIn("public", response["Cache-Control"])
        root = parse(response.content)
        self.assertEqual(root.get("width"), str(WIDTH))
        self.assertEqual(root.get("height"), str(HEIGHT))
        self.assertEqual(root.get("role"), "img")
        self.assertEqual(
            root.find(f"{SVG}title").text, "Nominet UK signed “Joint statement”"
        )
        self.assertEqual(
            texts(response.content),
            ["WE SIGNED · TCCM", "Nominet UK", "Joint statement"],
        )
        # Nothing that could run or load anything.
        for tag in ("script", "foreignObject", "image", "a", "style"):
            self.assertIsNone(root.find(f".//{SVG}{tag}"), tag)

    def test_names_are_text_never_markup(self):
        hostile = sign(
            self.statement,
            1,
            name="<script>alert(1)</script> & \"Quotes\" 'Ltd'\x07 ]]>",
        )[0]
        response = self.client.get(self.url(hostile))
        self.assertEqual(response.status_code, HTTPStatus.OK)
        self.assertNotIn(b"<script", response.content)
        self.assertEqual(
            texts(response.content)[1],
            "<script>alert(1)</script> & \"Quotes\" 'Ltd' ]]>",
        )
        # The statement's title is escaped the same way; characters XML cannot
        # hold at all (NUL, control characters) are dropped.
        svg = badge_svg('A "title" <b>&\x00', "Org\x0b\ufffe", "TCCM")
        self.assertEqual(texts(svg.encode())[1:], ["Org", 'A "title" <b>&'])

    def test_long_names_are_cut_and_fitted(self):
        name = "International " * 8 + "Registry"
        root = parse(badge_svg("Statement", name, "TCCM"))
        line = list(root.iter(f"{SVG}text"))[1]
        self.assertTrue(line.text.endswith("…"))
        self.assertLessEqual(len(line.text), 46)
        self.assertEqual(line.get("lengthAdjust"), "spacingAndGlyphs")
        self.assertLessEqual(int(line.get("textLength")), WIDTH)
        short = list(parse(badge_svg("Statement", "APNIC", "TCCM")).iter(f"{SVG}text"))[
            1
        ]
        self.assertIsNone(short.get("textLength"))

    def test_wide_scripts_are_cut_before_they_are_squeezed_unreadable(self):
        # 46 Japanese characters are twice as wide as 46 Latin ones: squeezed
        # into the badge they would shrink to under half their size.
        name = "一般社団法人日本ネットワークインフォメーションセンター" * 2
        line = list(parse(badge_svg("Statement", name, "TCCM")).iter(f"{SVG}text"))[1]
        self.assertTrue(line.text.endswith("…"))
        available = WIDTH - MARGIN - 12
        self.assertLessEqual(text_width(line.text, 16, bold=True) * 0.75, available)
        # A Latin name is cut at 46 characters, as before.
        latin = list(
            parse(badge_svg("Statement", "Internet " * 10, "TCCM")).iter(f"{SVG}text")
        )[1]
        self.assertEqual(latin.text, "Internet Internet Internet Internet Internet…")

    def test_right_to_left_names_keep_their_own_direction(self):
        # In the badge's left-to-right line, "(ISOC)" would jump to the start
        # of an Arabic name; isolated, the name reads right to left throughout.
        lines = texts(badge_svg("بيان", "جمعية الإنترنت (ISOC)", "TCCM"))
        self.assertEqual(lines[1], "\u2068جمعية الإنترنت (ISOC)\u2069")
        self.assertEqual(lines[2], "\u2068بيان\u2069")
        self.assertEqual(texts(badge_svg("Statement", "APNIC", "TCCM"))[1], "APNIC")

    def test_only_public_signatories_of_that_statement_have_a_badge(self):
        stranger = SignatoryFactory(name="Did not sign")
        expired = sign(
            self.statement,
            1,
            expire_at=timezone.now() - datetime.timedelta(minutes=1),
        )[0]
        draft = sign(self.statement, 1, live=False)[0]
        for url in [
            self.url(stranger),
            self.url(expired),
            self.url(draft),
            self.url(statement=self.other),
            "/badges/999999/1.svg",
            "/badges/0/0.svg",
            # Longer than any id: refused before the database sees it.
            f"/badges/{'9' * 30}/{self.signatory.pk}.svg",
            f"/badges/{self.statement.pk}/{'9' * 30}.svg",
            f"/badges/{self.statement.pk}/-1.svg",
            f"/badges/{self.statement.pk}/{self.signatory.pk}.png",
        ]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_badge_address_is_stable_when_the_statement_moves(self):
        url = self.url()
        self.statement.slug = "renamed"
        self.statement.save_revision().publish()
        self.assertEqual(self.client.get(url).status_code, HTTPStatus.OK)
        self.signatory.name = "Nominet"
        self.signatory.save_revision().publish()
        self.assertIn("Nominet", texts(self.client.get(url).content))


class MemberKitPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = make_site_root()
        cls.statement = StatementPageFactory(
            parent=home,
            title="Joint statement",
            publication_date=datetime.date(2024, 12, 1),
            publication_date_precision=MONTH,
        )
        cls.nominet = sign(cls.statement, 1, name="Nominet UK", country="GB")[0]
        cls.quotes = sign(cls.statement, 1, name='O"Brien & <Sons>', country="IE")[0]
        sign(cls.statement, 1, name="Tucows, Inc.", country="CA")

    def test_statement_links_to_the_kit_and_the_printable_page(self):
        response = self.client.get("/statement/")
        self.assertContains(response, 'href="/statement/member-kit/"')
        self.assertContains(response, 'href="/statement/print/"')

    def test_kit_finds_an_organisation_by_part_of_its_name(self):
        response = self.client.get("/statement/member-kit/", {"organisation": "nomi"})
        self.assertEqual(response.status_code, HTTPStatus.OK)
        self.assertContains(
            response,
            f'<a href="/statement/member-kit/{self.nominet.pk}/">'
            "Badge for Nominet UK</a>",
            html=True,
        )
        self.assertNotContains(response, "Tucows")
        response = self.client.get("/statement/member-kit/", {"organisation": "zzz"})
        self.assertContains(response, "No organisation on the list matches “zzz”.")

    def test_kit_search_takes_any_input(self):
        for value in ["", " ", "%", "_", "' OR 1=1--", "x" * 5000, "<b>", "🙂"]:
            with self.subTest(value=value[:20]):
                response = self.client.get(
                    "/statement/member-kit/", {"organisation": value}
                )
                self.assertEqual(response.status_code, HTTPStatus.OK)
                self.assertNotContains(response, "<b>")

    def test_badge_page_gives_the_html_to_copy(self):
        response = self.client.get(f"/statement/member-kit/{self.quotes.pk}/")
        self.assertEqual(response.status_code, HTTPStatus.OK)
        badge = f"http://testserver/badges/{self.statement.pk}/{self.quotes.pk}.svg"
        snippet = response.context["snippet"]
        self.assertEqual(
            snippet,
            f'<a href="http://testserver/statement/"><img src="{badge}" width="360" '
            'height="104" alt="We signed “Joint statement”"></a>',
        )
        # Shown as text to copy: escaped once more inside the text box.
        self.assertContains(response, '<label for="badge-snippet">')
        self.assertContains(response, "&lt;a href=&quot;http://testserver/statement/")
        self.assertContains(response, "<h1>Badge for O&quot;Brien &amp; &lt;Sons&gt;")
        self.assertContains(response, '<meta name="robots" content="noindex">')
        self.assertEqual(self.client.get(badge).status_code, HTTPStatus.OK)

    def test_text_link_snippet(self):
        response = self.client.get("/statement/member-kit/")
        self.assertEqual(
            response.context["link_snippet"],
            '<a href="http://testserver/statement/">We signed “Joint statement”</a>',
        )

    def test_printable_statement_has_todays_count_and_its_address(self):
        response = self.client.get("/statement/print/")
        self.assertEqual(response.status_code, HTTPStatus.OK)
        today = timezone.localdate().strftime("%-d %B %Y")
        self.assertContains(
            response, f"On {today}, 3 organisations from 3 countries had signed."
        )
        self.assertContains(response, '<time datetime="2024-12">December 2024</time>')
        self.assertContains(response, "<strong>A weakened IGF.</strong>")
        self.assertContains(
            response,
            '<a href="http://testserver/statement/">http://testserver/statement/',
        )
        self.assertContains(response, 'class="qr-code" role="img"')
        # The same text as the statement: search engines should keep that one.
        self.assertContains(
            response, '<link rel="canonical" href="http://testserver/statement/">'
        )

    def test_counts_on_the_printable_page_are_public_only(self):
        sign(self.statement, 2, live=False, country="FR")
        response = self.client.get("/statement/print/")
        self.assertContains(response, "3 organisations from 3 countries had signed.")
