"""Where the site search looks, each through the site's one privacy rule.

Pages and signatories go through Wagtail's search backend (modelsearch: SQLite
FTS5, or PostgreSQL full-text search); the candidates it may return are
limited to what core.privacy lets the public see, in the same query. UN
processes and key dates are a few dozen rows, matched in the database
directly: they need no index kept in step with their drafts.
"""

import re
from dataclasses import dataclass, field
from functools import cached_property, reduce
from operator import and_, or_

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from wagtail.blocks import StreamValue
from wagtail.models import Page, Site
from wagtail.search.backends import get_search_backend
from wagtail.search.query import PlainText

from core.privacy import publicly_visible
from news.models import KeyDate, KeyDateIndexPage, NewsIndexPage, NewsPage, UNProcess
from statements.models import Signatory, Signature, StatementPage

from .text import Query, excerpt, mark, words_in


@dataclass
class Hit:
    """One search result as the results page shows it (title and summary are
    escaped HTML, with the search words marked)."""

    kind: str
    title: SafeString
    url: str
    summary: SafeString
    meta: str = ""
    sections: list[dict] = field(default_factory=list)


class Source:
    """One kind of content: how many match, and a slice of them as hits."""

    key = ""
    label = ""

    def __init__(self, query: Query, pattern: re.Pattern | None, context: dict):
        self.query = query
        self.pattern = pattern
        self.context = context

    def count(self) -> int:
        raise NotImplementedError

    def hits(self, offset: int, limit: int) -> list[Hit]:
        raise NotImplementedError

    def title(self, text: str) -> tuple[SafeString, set[str]]:
        """The title with the search words marked, and the words it shows."""
        if self.pattern is None:
            return escape(text), set()
        return mark(text, self.pattern), words_in(text, self.pattern)


def matching_every_term(terms: list[str], fields: list[str]) -> Q:
    """Each term in at least one of `fields` (case-insensitive)."""
    per_term = [
        reduce(or_, (Q(**{f"{name}__icontains": term}) for name in fields))
        for term in terms
    ]
    return reduce(and_, per_term)


class SmallTableSource(Source):
    """A table small enough to match in full and count in Python."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._rows = None

    def rows(self) -> list:
        if self._rows is None:
            self._rows = list(self.matching()) if self.available() else []
        return self._rows

    def available(self) -> bool:
        return True

    def matching(self) -> QuerySet:
        raise NotImplementedError

    def count(self) -> int:
        return len(self.rows())

    def hits(self, offset: int, limit: int) -> list[Hit]:
        return [self.hit(row) for row in self.rows()[offset : offset + limit]]


class ProcessSource(SmallTableSource):
    key, label = "processes", _("UN processes")

    def available(self) -> bool:
        # A process's page lives under the news section.
        return self.context["news_index"] is not None

    def matching(self) -> QuerySet:
        return UNProcess.objects.public().filter(
            matching_every_term(self.query.terms, ["name", "acronym", "description"])
        )

    def hit(self, process: UNProcess) -> Hit:
        index_url = self.context["news_index"].url
        name = process.name
        if process.acronym and process.acronym != process.name:
            name = f"{process.name} ({process.acronym})"
        title, shown = self.title(name)
        summary, _found = excerpt([process.description], self.pattern, shown=shown)
        return Hit(
            kind=_("UN process"),
            title=title,
            url=index_url
            + NewsIndexPage.get_resolver().reverse("process", process.slug),
            summary=summary,
        )


class KeyDateSource(SmallTableSource):
    key, label = "key-dates", _("Key dates")

    def available(self) -> bool:
        return self.context["key_dates_page"] is not None

    def matching(self) -> QuerySet:
        fields = ["title", "location", "description", "outcome", "process__name"]
        return (
            KeyDate.objects.public()
            .filter(
                matching_every_term(self.query.terms, [*fields, "process__acronym"])
            )
            .select_related("process")
            .order_by("-start", "pk")
        )

    def hit(self, key_date: KeyDate) -> Hit:
        page = self.context["key_dates_page"]
        title, shown = self.title(f"{key_date.process.label}: {key_date.title}")
        summary, _found = excerpt(
            [key_date.description, key_date.outcome, key_date.location],
            self.pattern,
            shown=shown,
        )
        return Hit(
            kind=_("Key date"),
            title=title,
            url=f"{page.url}#{key_date.anchor}",
            summary=summary,
            meta=key_date.display_date,
        )


PAGE_KINDS = {NewsPage: _("News"), StatementPage: _("Statement")}


class PageSource(Source):
    key, label = "pages", _("Statement, news and pages")

    @cached_property
    def results(self):
        # The backend filters on indexed fields only; the privacy rule's
        # subqueries go in as a list of candidate ids, evaluated in the database.
        candidates = Page.objects.filter(pk__in=self.context["public_pages"]).specific()
        return get_search_backend().search(
            PlainText(self.query.search_text, operator="and"), candidates
        )

    def count(self) -> int:
        return self.results.count()

    def hits(self, offset: int, limit: int) -> list[Hit]:
        return [self.hit(page) for page in self.results[offset : offset + limit]]

    def hit(self, page: Page) -> Hit:
        sections = self.risk_sections(page)
        texts = [page.search_description]
        if hasattr(page, "get_summary"):
            texts.append(page.get_summary())
        # Matching risk sections are listed on their own, under the page.
        for name in ("body",) if sections else ("body", "risks"):
            value = getattr(page, name, None)
            if isinstance(value, StreamValue):
                field = page._meta.get_field(name)
                texts.extend(field.get_searchable_content(value))
        texts.append(getattr(page, "closing", ""))
        title, shown = self.title(page.title)
        summary, _found = excerpt(texts, self.pattern, shown=shown)
        meta = ""
        if isinstance(page, NewsPage) and page.display_date:
            meta = date_format(page.display_date, "j F Y")
        elif isinstance(page, StatementPage):
            meta = page.display_publication_date
        return Hit(
            kind=PAGE_KINDS.get(type(page), _("Page")),
            title=title,
            url=page.url,
            summary=summary,
            meta=meta,
            sections=sections,
        )

    def risk_sections(self, page: Page) -> list[dict]:
        """A statement's risk sections that mention the words, with their links."""
        if not isinstance(page, StatementPage):
            return []
        sections = []
        for block in page.risks:
            value = block.value
            title, shown = self.title(value["title"])
            summary, found = excerpt(
                [value["summary"], value["body"].source], self.pattern, shown=shown
            )
            if found or shown:
                sections.append(
                    {
                        "title": title,
                        "url": f"{page.url}#{value.anchor_id()}",
                        "summary": summary,
                    }
                )
        return sections


class SignatorySource(Source):
    key, label = "signatories", _("Signatories")

    @cached_property
    def results(self):
        signed = Signature.objects.public().filter(
            statement__in=self.context["public_statements"]
        )
        candidates = Signatory.objects.filter(
            pk__in=signed.values("signatory_id")
        ).select_related("group")
        # Prefix-matching the last word: "internet" finds InternetNZ.
        return get_search_backend().autocomplete(
            self.query.search_text, candidates, operator="and"
        )

    def count(self) -> int:
        return self.results.count()

    def hits(self, offset: int, limit: int) -> list[Hit]:
        signatories = list(self.results[offset : offset + limit])
        signatures = (
            Signature.objects.public()
            .filter(
                signatory__in=[s.pk for s in signatories],
                statement__in=self.context["public_statements"],
            )
            .select_related("statement")
            .order_by("statement__path")
        )
        by_signatory: dict[int, list[Signature]] = {}
        for signature in signatures:
            by_signatory.setdefault(signature.signatory_id, []).append(signature)
        return [
            self.hit(signatory, by_signatory.get(signatory.pk, []))
            for signatory in signatories
        ]

    def hit(self, signatory: Signatory, signatures: list[Signature]) -> Hit:
        meta = signatory.country.name
        if signatory.group:
            meta = f"{meta} · {signatory.group.name}"
        statements = "; ".join(f"“{s.statement.title}”" for s in signatures)
        summary = escape(_("Signed %(statements)s") % {"statements": statements})
        url = ""
        if signatures:
            statement = signatures[0].statement
            url = (
                statement.url
                + statement.reverse_subpage("signatories")
                # The directory page that starts with this organisation.
                + f"?country={signatory.country.code}&at={signatory.pk}"
                + f"#signatory-{signatory.pk}"
            )
        return Hit(
            kind=_("Signatory"),
            title=self.title(signatory.name)[0],
            url=url,
            summary=summary,
            meta=meta,
        )


SOURCES = [ProcessSource, KeyDateSource, PageSource, SignatorySource]


def section_pages(site: Site) -> dict:
    """The public news section and key dates page (processes and key dates
    link into them), found in one query: plain pages are enough for their URLs."""
    pages = publicly_visible(
        Page.objects.child_of(site.root_page).type(NewsIndexPage, KeyDateIndexPage)
    ).order_by("path")
    kinds = {
        ContentType.objects.get_for_model(NewsIndexPage).pk: "news_index",
        ContentType.objects.get_for_model(KeyDateIndexPage).pk: "key_dates_page",
    }
    found = {"news_index": None, "key_dates_page": None}
    for page in pages:
        key = kinds[page.content_type_id]
        found[key] = found[key] or page
    return found


def sources_for(query: Query, pattern, site: Site) -> list[Source]:
    # The privacy rule, built once per kind of candidate and applied by the
    # database: to the few section pages, to the statements signatories
    # signed, and to every page for the page search.
    root = site.root_page
    context = {
        "site": site,
        "public_pages": publicly_visible(
            Page.objects.descendant_of(root, inclusive=True)
        ).values("pk"),
        "public_statements": publicly_visible(
            Page.objects.descendant_of(root).type(StatementPage)
        ).values("pk"),
        **section_pages(site),
    }
    return [source(query, pattern, context) for source in SOURCES]


def kind_label(key: str) -> str:
    return capfirst(next((s.label for s in SOURCES if s.key == key), ""))
