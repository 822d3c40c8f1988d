"""News listings (index and process pages) and the key dates calendar feed."""

import datetime
from urllib.parse import urlencode, urlparse

from django.conf import settings
from django.core.validators import slug_re
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
)
from django.template.response import TemplateResponse
from django.utils.html import strip_tags

from icalendar import Calendar, Event

from core.http import shareable
from core.pagination import clamp_page, page_count

from .dates import DAY
from .models import KeyDate, NewsIndexPage, UNProcess
from .models.pages import news_listing

PAGE_SIZE = 20


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def news_list(request: HttpRequest, index: NewsIndexPage, process_slug: str = ""):
    """The news list, optionally for one process; ?year= and ?page= are validated."""
    processes = list(UNProcess.objects.all())
    process = None
    if process_slug:
        process = next((p for p in processes if p.slug == process_slug), None)
        if process is None:
            raise Http404("Unknown process")

    news = news_listing().child_of(index)
    if process is not None:
        news = news.filter(processes=process)
    years = dict(
        news.annotate(year=ExtractYear("date"))
        .order_by()
        .values_list("year")
        .annotate(n=Count("pk"))
    )

    year = _int(request.GET.get("year"))
    if year is not None and year not in years:
        year = None
    total = years[year] if year else sum(years.values())
    last_page = page_count(total, PAGE_SIZE)
    page = clamp_page(request.GET.get("page"), total, PAGE_SIZE)

    canonical = {
        k: v for k, v in (("year", year), ("page", page if page > 1 else None)) if v
    }
    if request.GET.dict() != {k: str(v) for k, v in canonical.items()}:
        query = urlencode(canonical)
        return HttpResponseRedirect(request.path + (f"?{query}" if query else ""))

    if year:
        news = news.filter(date__year=year)
    offset = (page - 1) * PAGE_SIZE
    items = list(news[offset : offset + PAGE_SIZE])

    def page_url(number: int) -> str:
        query = urlencode(
            {k: v for k, v in (("year", year), ("page", number)) if v and v != 1}
        )
        return "?" + query if query else request.path

    context = {
        "page": index,
        "self": index,
        "request": request,
        "news_items": items,
        "process": process,
        "processes": processes,
        "years": sorted((y for y in years if y), reverse=True),
        "year": year,
        "total": total,
        "page_number": page,
        "last_page": last_page,
        "previous_url": page_url(page - 1) if page > 1 else None,
        "next_url": page_url(page + 1) if page < last_page else None,
    }
    if process is not None:
        context["key_dates"] = list(
            KeyDate.objects.upcoming().filter(process=process).order_by("start")[:10]
        )
    return TemplateResponse(request, "pages/news_index_page.html", context)


def key_dates_ics(request: HttpRequest) -> HttpResponse:
    """/key-dates.ics, or ?process=<slug>: RFC 5545, day-precision dates only."""
    dates = (
        KeyDate.objects.filter(precision=DAY)
        .select_related("process")
        .annotate(revisions=Count("changes"))
        .order_by("start", "pk")
    )
    name = "TCCM: key dates of UN Internet governance processes"
    if slug := request.GET.get("process"):
        if not slug_re.fullmatch(slug):
            return HttpResponseBadRequest(
                "process must be a UN process's short code, e.g. igf.",
                content_type="text/plain; charset=utf-8",
            )
        process = UNProcess.objects.filter(slug=slug).first()
        if process is None:
            raise Http404("Unknown process")
        dates = dates.filter(process=process)
        name = f"TCCM: {process.label} key dates"

    domain = urlparse(settings.WAGTAILADMIN_BASE_URL).hostname or "tccm"
    calendar = Calendar()
    calendar.add("prodid", "-//TCCM//Key dates//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    status = {
        KeyDate.PROVISIONAL: "TENTATIVE",
        KeyDate.CANCELLED: "CANCELLED",
    }
    for key_date in dates:
        event = Event()
        # Stable across edits and deployments: the key date's id and our domain.
        event.add("uid", f"key-date-{key_date.pk}@{domain}")
        event.add("dtstamp", key_date.updated_at)
        event.add("last-modified", key_date.updated_at)
        event.add("sequence", key_date.revisions)
        event.add("dtstart", key_date.start)
        # All-day events: DTEND is the day after the last day (exclusive).
        event.add(
            "dtend", (key_date.end or key_date.start) + datetime.timedelta(days=1)
        )
        event.add("summary", f"{key_date.process.label}: {key_date.title}")
        event.add("status", status.get(key_date.status, "CONFIRMED"))
        event.add("categories", [key_date.process.label])
        if key_date.location:
            event.add("location", key_date.location)
        description = [key_date.description, strip_tags(key_date.outcome)]
        link = key_date.official_link or key_date.source_link
        if link:
            event.add("url", link)
            description.append(link)
        event.add("description", "\n\n".join(part for part in description if part))
        calendar.add_component(event)

    response = HttpResponse(
        calendar.to_ical(), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="tccm-key-dates.ics"'
    return shareable(response)
