"""The signatory directory's filters and facets, shared with the open data."""

import re
import string
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.http import HttpRequest, QueryDict
from django.template.loader import render_to_string

from django_countries import countries

from core.privacy import visible_snippet_q
from core.public_cache import cached, cached_many

from .models.library import Signatory, Signature

if TYPE_CHECKING:
    from .models.pages import StatementPage

# Open data refuses a filter no signatory could ever match: a typo should not
# pass for "no such signatories".
COUNTRY_CODE = re.compile(r"[A-Za-z]{2}")
GROUP_SLUG = re.compile(r"[-\w]{1,100}", re.ASCII)
CURSOR = re.compile(r"[0-9]{1,18}")
LETTERS = string.ascii_uppercase


@dataclass
class DirectoryFilters:
    """Signatory filters: read_filters reads them leniently for the directory
    (unknown values dropped), requested_filters strictly for open data."""

    country: str = ""
    group: str = ""
    countries: list[dict] = field(default_factory=list)
    groups: list[dict] = field(default_factory=list)
    total: int = 0
    # How many signatories of the filtered list start with each character.
    initials: dict[str, int] = field(default_factory=dict)

    @property
    def filter_query(self) -> str:
        """The filters alone, e.g. for download links and the first page."""
        return self.query_string()

    def query_string(self, **position: str) -> str:
        """The filters plus a position in the list (after=, before=, at=, from=)."""
        query = QueryDict(mutable=True)
        if self.country:
            query["country"] = self.country
        if self.group:
            query["group"] = self.group
        for name, value in position.items():
            query[name] = value
        encoded = query.urlencode()
        return f"?{encoded}" if encoded else ""

    def letters(self) -> list[dict]:
        """A to Z, each with its link when a signatory's name starts there."""
        return [
            {
                "letter": letter,
                "query": self.query_string(**{"from": letter})
                if self.initials.get(letter.lower())
                else "",
            }
            for letter in LETTERS
        ]

    def count_before(self, letter: str) -> int:
        """Signatories listed before names starting with `letter`."""
        return sum(n for ch, n in self.initials.items() if ch < letter.lower())


def facet_rows(statement_id: int) -> list[dict]:
    """Public signatures counted by country, group and initial, in one query;
    kept until the signatories, groups or pages change (core.public_cache)."""
    return cached(
        f"signatory-facets:{statement_id}",
        lambda: list(
            Signature.objects.public()
            .filter(statement_id=statement_id)
            .values(
                "signatory__country",
                "signatory__group__slug",
                "signatory__group__name",
                "signatory__group__sort_order",
            )
            .annotate(initial=Substr("signatory__sort_key", 1, 1), n=Count("id"))
            .order_by()
        ),
    )


def read_filters(request: HttpRequest, statement: "StatementPage") -> DirectoryFilters:
    """Facets (cached); the requested values are kept only if they exist."""
    rows = facet_rows(statement.pk)
    by_country: dict[str, int] = {}
    by_group: dict[str, dict] = {}
    for row in rows:
        code = row["signatory__country"]
        by_country[code] = by_country.get(code, 0) + row["n"]
        slug = row["signatory__group__slug"]
        if slug:
            entry = by_group.setdefault(
                slug,
                {
                    "slug": slug,
                    "name": row["signatory__group__name"],
                    "order": row["signatory__group__sort_order"],
                    "count": 0,
                },
            )
            entry["count"] += row["n"]

    filters = DirectoryFilters()
    country = request.GET.get("country", "").strip().upper()
    filters.country = country if country in by_country else ""
    group = request.GET.get("group", "").strip().lower()
    filters.group = group if group in by_group else ""
    filters.countries = sorted(
        (
            {"code": code, "name": countries.name(code), "count": n}
            for code, n in by_country.items()
        ),
        key=lambda c: c["name"],
    )
    filters.groups = sorted(by_group.values(), key=lambda g: (g["order"], g["name"]))
    for row in rows:
        if (not filters.country or row["signatory__country"] == filters.country) and (
            not filters.group or row["signatory__group__slug"] == filters.group
        ):
            filters.total += row["n"]
            initial = row["initial"]
            filters.initials[initial] = filters.initials.get(initial, 0) + row["n"]
    return filters


def filtered_signatures(
    statement: "StatementPage", filters: DirectoryFilters
) -> QuerySet:
    signatures = statement.public_signatures(walk_names=True)
    if filters.country:
        signatures = signatures.filter(signatory__country=filters.country)
    if filters.group:
        signatures = signatures.filter(signatory__group__slug=filters.group)
    return signatures


ORDER = ("signatory__sort_key", "signatory__name", "signatory_id")


def cursor_signatory(value: str | None) -> Signatory | None:
    """The public signatory a cursor names (?after=, ?before=, ?at=: its id);
    a private one is no position at all."""
    if not value or not CURSOR.fullmatch(value):
        return None
    return (
        Signatory.objects.filter(visible_snippet_q(), pk=int(value))
        .only("sort_key", "name")
        .first()
    )


def _beyond(cursor: Signatory, inclusive: bool = False) -> Q:
    """Signatures listed after `cursor` in the directory's order (keyset)."""
    key, name, pk = cursor.sort_key, cursor.name, cursor.pk
    last = Q(signatory_id__gte=pk) if inclusive else Q(signatory_id__gt=pk)
    # The first condition alone is an index range; the rest trims its start.
    return Q(signatory__sort_key__gte=key) & ~(
        Q(signatory__sort_key=key)
        & (Q(signatory__name__lt=name) | (Q(signatory__name=name) & ~last))
    )


def after(signatures: QuerySet, cursor: Signatory, inclusive: bool = False):
    return signatures.filter(_beyond(cursor, inclusive)).order_by(*ORDER)


def before(signatures: QuerySet, cursor: Signatory):
    """Signatures listed before `cursor`, nearest first."""
    key, name, pk = cursor.sort_key, cursor.name, cursor.pk
    earlier = Q(signatory__sort_key__lte=key) & ~(
        Q(signatory__sort_key=key)
        & (
            Q(signatory__name__gt=name)
            | (Q(signatory__name=name) & Q(signatory_id__gte=pk))
        )
    )
    return signatures.filter(earlier).order_by(*(f"-{column}" for column in ORDER))


def starting_at(signatures: QuerySet, letter: str):
    return signatures.filter(signatory__sort_key__gte=letter.lower()).order_by(*ORDER)


@dataclass
class DirectoryCard:
    """A signature as a directory page needs it: its signatory's id (the page's
    cursors and the card's anchor), what the ItemList names, and the card's
    HTML, kept in core.public_cache so a page renders no logo or date itself."""

    pk: int
    signatory_id: int
    name: str
    website: str
    country: str  # the country code
    html: str = ""


CARD_FIELDS = (
    "pk",
    "signatory_id",
    "signatory__name",
    "signatory__website",
    "signatory__country",
)


def cards(
    statement: "StatementPage", signatures: QuerySet, limit: int
) -> list[DirectoryCard]:
    """The first `limit` of `signatures` as cards: plain values from one query,
    and the cards' HTML from the cache, rendered only for those not in it."""
    rows = signatures.prefetch_related(None).values_list(*CARD_FIELDS)[:limit]
    page = [DirectoryCard(*row) for row in rows]

    def render(ids: list[int]) -> dict[int, str]:
        full = statement.public_signatures().filter(pk__in=ids)
        return {
            signature.pk: render_to_string(
                "components/signatory_card.html", {"signature": signature}
            )
            for signature in full
        }

    html = cached_many("signatory-card", [card.pk for card in page], render)
    for card in page:
        card.html = html.get(card.pk, "")
    return page


class FilterError(ValueError):
    """A malformed open-data filter; the message is shown to the client."""


def requested_filters(request: HttpRequest) -> DirectoryFilters:
    """Open data's filters, applied exactly as asked.

    Unlike the directory, which drops unknown values and redirects, a value that
    matches nothing gives an empty list, never every signatory.
    """
    country = request.GET.get("country", "").strip()
    group = request.GET.get("group", "").strip()
    if country and not COUNTRY_CODE.fullmatch(country):
        raise FilterError("country must be a two-letter country code, e.g. PT.")
    if group and not GROUP_SLUG.fullmatch(group):
        raise FilterError(
            "group must be a stakeholder group's short code, e.g. cctld-registry."
        )
    return DirectoryFilters(country=country.upper(), group=group.lower())
