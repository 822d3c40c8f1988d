"""The signatory directory's filters and facets, shared with the open data."""

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, QuerySet
from django.http import HttpRequest, QueryDict

from django_countries import countries

from .models.library import Signature

if TYPE_CHECKING:
    from .models.pages import StatementPage

# Open data refuses a filter no signatory could ever match: a typo should not
# pass for "no such signatories".
COUNTRY_CODE = re.compile(r"[A-Za-z]{2}")
GROUP_SLUG = re.compile(r"[-\w]{1,100}", re.ASCII)


@dataclass
class DirectoryFilters:
    """Signatory filters: read_filters reads them leniently for the directory
    (unknown values dropped), requested_filters strictly for open data."""

    country: str = ""
    group: str = ""
    page: int = 1
    countries: list[dict] = field(default_factory=list)
    groups: list[dict] = field(default_factory=list)
    total: int = 0

    @property
    def filter_query(self) -> str:
        """The filters without the page number, e.g. for download links."""
        return self.query_string(page=1)

    def query_string(self, page: int | None = None) -> str:
        query = QueryDict(mutable=True)
        if self.country:
            query["country"] = self.country
        if self.group:
            query["group"] = self.group
        page = self.page if page is None else page
        if page > 1:
            query["page"] = str(page)
        encoded = query.urlencode()
        return f"?{encoded}" if encoded else ""


def read_filters(request: HttpRequest, statement: "StatementPage") -> DirectoryFilters:
    """Facets from one query; the requested values are kept only if they exist."""
    rows = list(
        Signature.objects.public()
        .filter(statement=statement)
        .values(
            "signatory__country",
            "signatory__group__slug",
            "signatory__group__name",
            "signatory__group__sort_order",
        )
        .annotate(n=Count("id"))
        .order_by()
    )
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
    filters.total = sum(
        row["n"]
        for row in rows
        if (not filters.country or row["signatory__country"] == filters.country)
        and (not filters.group or row["signatory__group__slug"] == filters.group)
    )
    return filters


def filtered_signatures(
    statement: "StatementPage", filters: DirectoryFilters
) -> QuerySet:
    signatures = statement.public_signatures()
    if filters.country:
        signatures = signatures.filter(signatory__country=filters.country)
    if filters.group:
        signatures = signatures.filter(signatory__group__slug=filters.group)
    return signatures


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
