"""Open data (a statement's signatories as CSV and JSON) and signatory badges.

Wagtail's page URLs cannot contain a dot, so these live in the project's URLconf
and find their statement through the page tree, or by its id.
"""

import csv
import json

from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest

from wagtail.models import Site

from django_countries import countries

from core.addresses import absolute_url
from core.http import shareable
from core.models import SiteSettings
from core.privacy import is_expired, publicly_visible
from core.public_cache import cached_response
from core.spreadsheets import spreadsheet_safe

from .badges import badge_svg
from .directory import (
    DirectoryFilters,
    FilterError,
    facet_rows,
    filtered_signatures,
    requested_filters,
)
from .models import Signature, StatementPage


def open_data_rows(
    request: HttpRequest, statement: StatementPage, filters: DirectoryFilters
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
    media = absolute_url(default_storage.url(""))
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
    """Serve <statement URL>signatories.csv|json, if the statement is public."""
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

    def build() -> HttpResponse:
        content_type, body = view(request, page, filters)
        response = HttpResponse(body, content_type=content_type)
        if extension == "csv":
            response["Content-Disposition"] = (
                f'attachment; filename="{page.slug}-signatories.csv"'
            )
        return shareable(response, any_origin=True)

    if not matches_something(page, filters):
        # Made-up filters (empty lists) are built each time: they cannot fill
        # the cache.
        return build()
    key = f"open-data:{page.pk}:{extension}:{filters.country}:{filters.group}"
    return cached_response(request, key, build)


def matches_something(statement: StatementPage, filters: DirectoryFilters) -> bool:
    rows = facet_rows(statement.pk)
    return (
        not filters.country
        or any(row["signatory__country"] == filters.country for row in rows)
    ) and (
        not filters.group
        or any(row["signatory__group__slug"] == filters.group for row in rows)
    )


def signatories_csv(
    request: HttpRequest, statement: StatementPage, filters: DirectoryFilters
) -> tuple[str, bytes]:
    response = HttpResponse()
    writer = csv.DictWriter(response, fieldnames=OPEN_DATA_FIELDS)
    writer.writeheader()
    for row in open_data_rows(request, statement, filters):
        row["founding_signatory"] = "yes" if row["founding_signatory"] else "no"
        writer.writerow({key: spreadsheet_safe(value) for key, value in row.items()})
    return "text/csv; charset=utf-8", response.content


def signatories_json(
    request: HttpRequest, statement: StatementPage, filters: DirectoryFilters
) -> tuple[str, bytes]:
    data = {
        "statement": {
            "title": statement.title,
            "url": statement.get_full_url(request),
            # To its precision, as the page shows it: "2024-12" for December 2024.
            "publication_date": statement.iso_publication_date or None,
            "publication_date_precision": statement.publication_date_precision
            if statement.publication_date
            else None,
        },
        "filters": {"country": filters.country, "group": filters.group},
        "fields": OPEN_DATA_FIELDS,
        "signatories": list(open_data_rows(request, statement, filters)),
    }
    data["count"] = len(data["signatories"])
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
    return "application/json; charset=utf-8", body.encode()


# The badge is only drawn: no scripts, styles or anything it could load. Other
# sites embed it, so it may be loaded from any origin.
BADGE_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'"


def badge(request: HttpRequest, statement_id: str, signatory_id: str) -> HttpResponse:
    """/badges/<statement>/<signatory>.svg: "We signed", while the organisation
    is a public signatory of a public statement; 404 otherwise, so a badge
    disappears from members' sites when its organisation leaves the list."""
    statement_id, signatory_id = int(statement_id), int(signatory_id)
    statement = (
        publicly_visible(StatementPage.objects.filter(pk=statement_id))
        .only("title")
        .first()
    )
    signature = (
        Signature.objects.public()
        .filter(statement_id=statement_id, signatory_id=signatory_id)
        .select_related("signatory")
        .first()
    )
    if statement is None or signature is None:
        raise Http404("No such public signatory")
    short_name = SiteSettings.for_request(request).short_name
    response = HttpResponse(
        badge_svg(statement.title, signature.signatory.name, short_name),
        content_type="image/svg+xml; charset=utf-8",
    )
    response["Content-Security-Policy"] = BADGE_CONTENT_SECURITY_POLICY
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return shareable(response)
