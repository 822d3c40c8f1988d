"""Public views of a statement's signatories: the directory and the open data."""

import csv
import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, QuerySet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    QueryDict,
)
from django.template.response import TemplateResponse

from django_countries import countries

from core.http import shareable
from core.pagination import clamp_page, page_count
from core.privacy import is_expired
from core.spreadsheets import spreadsheet_safe

from .models import Signature

if TYPE_CHECKING:
    from .models import StatementPage

PAGE_SIZE = 100

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
    def last_page(self) -> int:
        return page_count(self.total, PAGE_SIZE)

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
    filters.page = clamp_page(request.GET.get("page"), filters.total, PAGE_SIZE)
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


def canonical_redirect(request: HttpRequest, filters: DirectoryFilters):
    """Send empty, unknown or out-of-range parameters to the clean address."""
    wanted = filters.query_string()
    current = f"?{request.GET.urlencode()}" if request.GET else ""
    if current != wanted:
        return HttpResponseRedirect(request.path + wanted)
    return None


def signatory_directory(request: HttpRequest, statement: "StatementPage"):
    filters = read_filters(request, statement)
    if redirect := canonical_redirect(request, filters):
        return redirect
    offset = (filters.page - 1) * PAGE_SIZE
    signatures = list(
        filtered_signatures(statement, filters)[offset : offset + PAGE_SIZE]
    )
    context = {
        "page": statement,
        "self": statement,
        "filters": filters,
        "signatures": signatures,
        "page_number": filters.page,
        "last_page": filters.last_page,
        "previous_url": filters.query_string(filters.page - 1)
        if filters.page > 1
        else None,
        "next_url": filters.query_string(filters.page + 1)
        if filters.page < filters.last_page
        else None,
        "first_index": offset + 1,
    }
    return TemplateResponse(request, "pages/signatory_directory.html", context)


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


def open_data_rows(
    request: HttpRequest, statement: "StatementPage", filters: DirectoryFilters
):
    """Public fields only, read as plain values: thousands of rows stay cheap."""
    rows = (
        filtered_signatures(statement, filters)
        .prefetch_related(None)
        .values_list(
            "signatory__name",
            "signatory__short_name",
            "signatory__country",
            "signatory__group__name",
            "signatory__website",
            "signed_on",
            "founding",
            "signatory__logo__file",
        )
    )
    media = request.build_absolute_uri(default_storage.url(""))
    names = dict(countries)
    for name, short, code, group, website, signed_on, founding, logo in rows:
        yield {
            "name": name,
            "short_name": short,
            "country": code,
            "country_name": str(names.get(code, code)),
            "stakeholder_group": group or "",
            "website": website,
            "signed_on": signed_on,
            "founding_signatory": founding,
            "logo": f"{media}{logo}" if logo else "",
        }


OPEN_DATA_FIELDS = [
    "name",
    "short_name",
    "country",
    "country_name",
    "stakeholder_group",
    "website",
    "signed_on",
    "founding_signatory",
    "logo",
]


def open_data(request: HttpRequest, path: str, extension: str) -> HttpResponse:
    """Serve <statement URL>signatories.csv|json.

    Wagtail's page URLs cannot contain a dot, so these live in the project's
    URLconf and find their statement through the page tree.
    """
    from wagtail.models import Site

    from .models import StatementPage

    components = [c for c in path.split("/") if c]
    site = Site.find_for_request(request)
    if not components or components[-1] != "signatories" or site is None:
        raise Http404
    page = site.root_page.specific.route(request, components[:-1]).page.specific
    if (
        not isinstance(page, StatementPage)
        or is_expired(page)
        or page.get_view_restrictions()
    ):
        raise Http404
    try:
        filters = requested_filters(request)
    except FilterError as error:
        response = HttpResponseBadRequest(
            str(error), content_type="text/plain; charset=utf-8"
        )
        # Scripts on other sites read the data, so they may read why it failed.
        response["Access-Control-Allow-Origin"] = "*"
        return response
    view = signatories_csv if extension == "csv" else signatories_json
    return view(request, page, filters)


def signatories_csv(
    request: HttpRequest, statement: "StatementPage", filters: DirectoryFilters
) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{statement.slug}-signatories.csv"'
    )
    writer = csv.DictWriter(response, fieldnames=OPEN_DATA_FIELDS)
    writer.writeheader()
    for row in open_data_rows(request, statement, filters):
        row["founding_signatory"] = "yes" if row["founding_signatory"] else "no"
        writer.writerow({key: spreadsheet_safe(value) for key, value in row.items()})
    return shareable(response, any_origin=True)


def signatories_json(
    request: HttpRequest, statement: "StatementPage", filters: DirectoryFilters
) -> HttpResponse:
    data = {
        "statement": {
            "title": statement.title,
            "url": request.build_absolute_uri(statement.url),
            "publication_date": statement.publication_date,
        },
        "filters": {"country": filters.country, "group": filters.group},
        "fields": OPEN_DATA_FIELDS,
        "signatories": list(open_data_rows(request, statement, filters)),
    }
    data["count"] = len(data["signatories"])
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
    )
    return shareable(response, any_origin=True)
