"""Nothing private ever shows: every restriction kind × every public surface.

For each way a page can be private, a news item and a statement are made
private that way and wired into every place an editor can point at them
(related news, home buttons, featured statement, footer privacy link, main
menu). Then every public surface is fetched and must not mention them.
"""

import datetime
import re
from http import HTTPStatus

from django.contrib.auth.models import Group
from django.test import TestCase
from django.utils import timezone
from django.utils.text import slugify

from wagtail.models import PageViewRestriction, Site

from core.models import SiteSettings
from home.models import HomePage
from news.models import KeyDateIndexPage, NewsIndexPage, RelatedNewsItem
from statements.models import StatementIndexPage
from tests.factories import (
    KeyDateFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    StatementPageFactory,
    UNProcessFactory,
    make_site_root,
    sign,
)

MARKER = "zqx"  # in every private title and slug; nothing public contains it


def restrict(page, kind: str) -> None:
    restriction = PageViewRestriction.objects.create(
        page=page,
        restriction_type={
            "password": PageViewRestriction.PASSWORD,
            "login": PageViewRestriction.LOGIN,
            "group": PageViewRestriction.GROUPS,
        }[kind],
        password="s3cret-pass",
    )
    if kind == "group":
        restriction.groups.set([Group.objects.get_or_create(name="Board")[0]])


def make_private(page, kind: str):
    """Make `page` private the way `kind` says; return the page readers must not
    see (for an alias, the alias itself)."""
    now = timezone.now()
    if kind in ("password", "login", "group"):
        restrict(page, kind)
    elif kind == "draft":
        page.unpublish()
    elif kind == "expired":
        # publish_scheduled has not run yet: the page is still marked live.
        page.expire_at = now - datetime.timedelta(hours=1)
        page.save()
    elif kind == "scheduled":
        page.live = False
        page.go_live_at = now + datetime.timedelta(days=1)
        page.save()
    elif kind == "alias of an expired page":
        alias = page.create_alias(update_slug=f"{page.slug}-alias")
        page.expire_at = now - datetime.timedelta(hours=1)
        page.save()
        return alias
    elif kind == "alias":
        # Restricted after the alias exists: Wagtail copies restrictions only
        # when it creates an alias, so the alias itself carries none.
        alias = page.create_alias(update_slug=f"{page.slug}-alias")
        restrict(page, "password")
        return alias
    return page


KINDS = [
    "password",
    "login",
    "group",
    "ancestor",
    "draft",
    "expired",
    "scheduled",
    "alias",
    "alias of an expired page",
]


# What a reader gets at the private page's own address.
EXPECTED_STATUS = {
    "password": HTTPStatus.OK,  # the password form, without the page
    "ancestor": HTTPStatus.OK,
    "alias": HTTPStatus.OK,
    "login": HTTPStatus.FOUND,  # to the login page
    "group": HTTPStatus.FOUND,
    "draft": HTTPStatus.NOT_FOUND,
    "expired": HTTPStatus.NOT_FOUND,
    "scheduled": HTTPStatus.NOT_FOUND,
    "alias of an expired page": HTTPStatus.NOT_FOUND,
}


class PrivacyTableTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_root()
        cls.statement = StatementPageFactory(
            parent=cls.home, title="Public statement", show_in_menus=True
        )
        sign(cls.statement, 2)
        cls.statements = cls.home.add_child(
            instance=StatementIndexPage(title="Statements", slug="statements")
        )
        StatementPageFactory(
            parent=cls.statements, slug="public-nested", title="Public nested"
        )
        cls.index = NewsIndexPageFactory(parent=cls.home, show_in_menus=True)
        cls.home.add_child(
            instance=KeyDateIndexPage(title="Key dates", slug="key-dates")
        )
        cls.igf = UNProcessFactory(slug="igf", acronym="IGF")
        KeyDateFactory(process=cls.igf, title="IGF 2027")
        cls.public_news = NewsPageFactory(
            parent=cls.index,
            title="Public update",
            slug="public-update",
            date=datetime.date(2025, 1, 1),
            processes=[cls.igf],
        )

    def build(self, kind: str) -> dict:
        """The private pages for `kind`, wired into every editor choice."""
        news_parent, statement_parent = self.index, self.home
        if kind == "ancestor":
            # A second news section and a statements section, both restricted.
            news_parent = self.home.add_child(
                instance=NewsIndexPage(title=f"{MARKER} news", slug=f"{MARKER}-news")
            )
            statement_parent = self.home.add_child(
                instance=StatementIndexPage(
                    title=f"{MARKER} statements",
                    slug=f"{MARKER}-statements",
                    show_in_menus=True,
                )
            )
            restrict(news_parent, "password")
            restrict(statement_parent, "password")
        news = NewsPageFactory(
            parent=news_parent,
            title=f"{MARKER} {kind} update",
            slug=f"{MARKER}-{slugify(kind)}-update",
            summary=f"{MARKER} summary",
            date=datetime.date(2026, 1, 1),
            processes=[self.igf],
        )
        statement = StatementPageFactory(
            parent=statement_parent,
            title=f"{MARKER} {kind} statement",
            slug=f"{MARKER}-{slugify(kind)}-statement",
            show_in_menus=True,
        )
        nested = StatementPageFactory(
            parent=statement_parent if kind == "ancestor" else self.statements,
            title=f"{MARKER} {kind} nested statement",
            slug=f"{MARKER}-{slugify(kind)}-nested",
        )
        private_signatory = sign(statement, 1, name=f"{MARKER} signatory")[0]
        if kind != "ancestor":
            news = make_private(news, kind)
            statement = make_private(statement, kind)
            nested = make_private(nested, kind)

        RelatedNewsItem.objects.create(page=self.public_news, news=news)
        # Links written into a public page's text, to both private pages.
        self.public_news.body = [
            ("paragraph", f'<p>See <a linktype="page" id="{news.pk}">this</a>.</p>'),
            (
                "callout",
                {
                    "heading": "Read more",
                    "text": "<p>More.</p>",
                    "link_page": statement,
                    "link_url": "",
                    "link_text": "Open",
                },
            ),
        ]
        self.public_news.save()
        HomePage.objects.filter(pk=self.home.pk).update(
            primary_cta_page=statement,
            secondary_cta_page=nested,
            statement=statement,
        )
        settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        settings.privacy_page = statement
        settings.save()
        return {
            "news": news,
            "statement": statement,
            "nested": nested,
            "signatory": private_signatory,
        }

    def surfaces(self, private: dict) -> list[tuple[str, str]]:
        statement_url = private["statement"].url_path.removeprefix(self.home.url_path)
        return [
            ("the news item itself", private["news"].url),
            ("the statement itself", private["statement"].url),
            ("home: buttons, featured statement, latest news, menu, footer", "/"),
            ("menu and footer on a 404 page", "/no-such-page/"),
            ("news listing", "/news/"),
            ("news listing, filtered by year", "/news/?year=2026"),
            ("process page", "/news/process/igf/"),
            (
                "related news, text and call-out links on a public item",
                self.public_news.url,
            ),
            ("RSS feed", "/news/feed/"),
            ("Atom feed", "/news/feed/atom/"),
            ("process RSS feed", "/news/process/igf/feed/"),
            ("process Atom feed", "/news/process/igf/feed/atom/"),
            ("sitemap", "/sitemap.xml"),
            ("statement index listing", "/statements/"),
            (
                "open data (JSON) of the private statement",
                f"/{statement_url}signatories.json",
            ),
            (
                "open data (CSV) of the private statement",
                f"/{statement_url}signatories.csv",
            ),
            ("public statement's open data", "/statement/signatories.json"),
            ("join form of the private statement", f"/{statement_url}join/"),
            (
                "join confirmation link of the private statement",
                f"/{statement_url}join/confirm/?t=not-a-token",
            ),
            ("public statement's join form", "/statement/join/"),
            ("key dates", "/key-dates/"),
            ("key dates calendar", "/key-dates.ics"),
            # Words of the private titles, summaries and signatory (never the
            # marker itself: the results page repeats the query).
            ("search for the news item", "/search/?q=update"),
            ("search for its summary", "/search/?q=summary"),
            ("search for the statements", "/search/?q=statement"),
            ("search for the statements' text", "/search/?q=threat"),
            ("search for the signatory", "/search/?q=signatory"),
            ("search, pages only", "/search/?q=update&type=pages"),
            (
                "badge of the private statement's signatory",
                f"/badges/{private['statement'].pk}/{private['signatory'].pk}.svg",
            ),
            (
                "member kit page of the private statement's signatory",
                f"/{statement_url}member-kit/{private['signatory'].pk}/",
            ),
            (
                "member kit of the private statement",
                f"/{statement_url}member-kit/?organisation=signatory",
            ),
            ("printable private statement", f"/{statement_url}print/"),
            (
                "public statement's member kit",
                "/statement/member-kit/?organisation=signatory",
            ),
            ("liveness probe", "/healthz/"),
            ("readiness probe", "/readyz/"),
        ]

    def check(self, kind: str) -> None:
        private = self.build(kind)
        for surface, url in self.surfaces(private):
            with self.subTest(kind=kind, surface=surface, url=url):
                response = self.client.get(url)
                self.assertLess(response.status_code, 500)
                # The password form may repeat the address the reader typed.
                body = response.content.decode().replace(url, "")
                # Random tokens in forms (CSRF, the join form's timer) may spell it.
                body = re.sub(r'<input type="hidden"[^>]*>', "", body).lower()
                self.assertNotIn(MARKER, body)
                if surface.startswith("the "):
                    self.assertEqual(response.status_code, EXPECTED_STATUS[kind])

        # The public side still shows: the table is not passing by showing nothing.
        home = self.client.get("/").content.decode()
        self.assertIn("Public statement", home)  # the menu
        self.assertIn("Public update", self.client.get("/news/").content.decode())
        self.assertIn("Public nested", self.client.get("/statements/").content.decode())
        found = self.client.get("/search/?q=update").content.decode()
        self.assertIn('href="/news/public-update/">Public <mark>update</mark>', found)
        found = self.client.get("/search/?q=statement").content.decode()
        self.assertIn('href="/statement/">Public <mark>statement</mark>', found)
        public_signatory = self.statement.signatures.first().signatory_id
        badge = self.client.get(f"/badges/{self.statement.pk}/{public_signatory}.svg")
        self.assertEqual(badge.status_code, HTTPStatus.OK)


for _kind in KINDS:
    setattr(
        PrivacyTableTests,
        f"test_private_by_{_kind.replace(' ', '_')}_shows_nowhere",
        lambda self, kind=_kind: self.check(kind),
    )


# Key dates and UN processes are snippets with drafts: private until published,
# and again once past their expiry date. A key date of a private process is
# private too (its heading would name the process).
SNIPPET_KINDS = [
    "draft key date",
    "scheduled key date",
    "expired key date",
    "draft UN process",
    "scheduled UN process",
    "expired UN process",
]


def make_snippet_private(snippet, kind: str) -> None:
    now = timezone.now()
    if kind.startswith("draft"):
        snippet.unpublish()
    elif kind.startswith("scheduled"):
        snippet.live = False
        snippet.go_live_at = now + datetime.timedelta(days=1)
        snippet.save()
        snippet.save_revision(approved_go_live_at=snippet.go_live_at)
    elif kind.startswith("expired"):
        # publish_scheduled has not run yet: the snippet is still marked live.
        snippet.expire_at = now - datetime.timedelta(hours=1)
        snippet.save()


class SnippetPrivacyTableTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_root()
        cls.index = NewsIndexPageFactory(parent=cls.home, show_in_menus=True)
        cls.home.add_child(
            instance=KeyDateIndexPage(title="Key dates", slug="key-dates")
        )
        cls.igf = UNProcessFactory(slug="igf", acronym="IGF")
        KeyDateFactory(process=cls.igf, title="IGF 2027")

    def build(self, kind: str) -> str:
        """The private key date or process for `kind`; returns the process slug."""
        if kind.endswith("key date"):
            process = self.igf
            private = KeyDateFactory(process=process, title=f"{MARKER} {kind}")
        else:
            process = private = UNProcessFactory(
                name=f"{MARKER} {kind}", acronym=MARKER.upper(), slug=f"{MARKER}-p"
            )
            KeyDateFactory(process=process, title=f"{MARKER} date of a {kind}")
        # A public item on the public process and, where there is one, the
        # private process: it shows, without the private process's tag.
        NewsPageFactory(
            parent=self.index,
            title="Tagged update",
            slug="tagged-update",
            summary="Public summary",
            date=datetime.date(2026, 1, 1),
            processes=[self.igf, process],
        )
        make_snippet_private(private, kind)
        return process.slug

    def surfaces(self, slug: str) -> list[tuple[str, str]]:
        return [
            ("home: next key dates, latest news", "/"),
            ("news listing and its process filters", "/news/"),
            ("news listing, filtered by year", "/news/?year=2026"),
            ("public process page", "/news/process/igf/"),
            ("a news item tagged with the process", "/news/tagged-update/"),
            ("RSS feed", "/news/feed/"),
            ("Atom feed", "/news/feed/atom/"),
            ("public process RSS feed", "/news/process/igf/feed/"),
            ("sitemap", "/sitemap.xml"),
            ("key dates", "/key-dates/"),
            ("key dates calendar", "/key-dates.ics"),
            ("public process calendar", "/key-dates.ics?process=igf"),
            ("search for key dates", "/search/?q=date"),
            ("search for processes", "/search/?q=process"),
            ("search for what the process is about", "/search/?q=coalition"),
            ("search for the tagged news", "/search/?q=tagged"),
            # For a private process, its own addresses: not found.
            ("the process page", f"/news/process/{slug}/"),
            ("the process RSS feed", f"/news/process/{slug}/feed/"),
            ("the process Atom feed", f"/news/process/{slug}/feed/atom/"),
            ("the process calendar", f"/key-dates.ics?process={slug}"),
        ]

    def check(self, kind: str) -> None:
        slug = self.build(kind)
        for surface, url in self.surfaces(slug):
            with self.subTest(kind=kind, surface=surface, url=url):
                response = self.client.get(url)
                if surface.startswith("the ") and slug != "igf":
                    self.assertEqual(response.status_code, HTTPStatus.NOT_FOUND)
                else:
                    self.assertEqual(response.status_code, HTTPStatus.OK)
                self.assertNotIn(MARKER, response.content.decode().lower())

        # The public side still shows: the table is not passing by showing nothing.
        self.assertContains(self.client.get("/key-dates/"), "IGF 2027")
        self.assertContains(self.client.get("/news/"), "Tagged update")
        self.assertContains(
            self.client.get("/news/tagged-update/"), '<a href="/news/process/igf/">'
        )
        self.assertContains(self.client.get("/search/?q=2027"), "IGF <mark>2027</mark>")


for _kind in SNIPPET_KINDS:
    setattr(
        SnippetPrivacyTableTests,
        f"test_private_by_{_kind.replace(' ', '_').lower()}_shows_nowhere",
        lambda self, kind=_kind: self.check(kind),
    )


# Signatories are snippets with drafts too: off the website until published,
# and again once past their expiry date. Their badges and member-kit pages are
# surfaces of their own.
SIGNATORY_KINDS = [
    "draft signatory",
    "scheduled signatory",
    "expired signatory",
    "unpublished signatory",
]


class SignatoryPrivacyTableTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_root()
        cls.statement = StatementPageFactory(parent=cls.home, title="Public statement")
        cls.public = sign(cls.statement, 1, name="Public Registry")[0]

    def build(self, kind: str):
        signatory = sign(self.statement, 1, name=f"{MARKER} {kind} registry")[0]
        now = timezone.now()
        if kind == "draft signatory":
            signatory.live = False
            signatory.save()
        elif kind == "scheduled signatory":
            signatory.live = False
            signatory.go_live_at = now + datetime.timedelta(days=1)
            signatory.save()
            signatory.save_revision(approved_go_live_at=signatory.go_live_at)
        elif kind == "expired signatory":
            # publish_scheduled has not run yet: the signatory is still live.
            signatory.expire_at = now - datetime.timedelta(hours=1)
            signatory.save()
        elif kind == "unpublished signatory":
            signatory.save_revision().publish()
            signatory.unpublish()
        return signatory

    def surfaces(self, signatory) -> list[tuple[str, str]]:
        return [
            ("the statement", "/statement/"),
            ("the directory", "/statement/signatories/"),
            ("the directory from its letter", "/statement/signatories/?from=Z"),
            (
                "the directory from its own position",
                f"/statement/signatories/?at={signatory.pk}",
            ),
            ("open data", "/statement/signatories.json"),
            ("open data (CSV)", "/statement/signatories.csv"),
            ("search", "/search/?q=registry"),
            ("search, signatories only", "/search/?q=registry&type=signatories"),
            ("member kit search", "/statement/member-kit/?organisation=registry"),
            ("the badge", f"/badges/{self.statement.pk}/{signatory.pk}.svg"),
            ("the member kit page", f"/statement/member-kit/{signatory.pk}/"),
        ]

    def check(self, kind: str) -> None:
        signatory = self.build(kind)
        for surface, url in self.surfaces(signatory):
            with self.subTest(kind=kind, surface=surface, url=url):
                response = self.client.get(url)
                if surface.startswith("the "):
                    expected = {
                        "the statement": HTTPStatus.OK,
                        "the directory": HTTPStatus.OK,
                        "the directory from its letter": HTTPStatus.OK,
                        # A position no public signatory holds: the first page.
                        "the directory from its own position": HTTPStatus.FOUND,
                    }.get(surface, HTTPStatus.NOT_FOUND)
                    self.assertEqual(response.status_code, expected)
                else:
                    self.assertEqual(response.status_code, HTTPStatus.OK)
                self.assertNotIn(MARKER, response.content.decode().lower())

        # The public side still shows: the table is not passing by showing nothing.
        self.assertContains(
            self.client.get("/search/?q=registry"), "Public <mark>Registry</mark>"
        )
        self.assertContains(
            self.client.get("/statement/member-kit/?organisation=registry"),
            "Badge for Public Registry",
        )
        badge = self.client.get(f"/badges/{self.statement.pk}/{self.public.pk}.svg")
        self.assertContains(badge, "Public Registry")


for _kind in SIGNATORY_KINDS:
    setattr(
        SignatoryPrivacyTableTests,
        f"test_private_by_{_kind.replace(' ', '_').lower()}_shows_nowhere",
        lambda self, kind=_kind: self.check(kind),
    )
