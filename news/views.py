"""The key dates calendar feed (outside the page tree: a page URL has no dot)."""

import datetime
from urllib.parse import urlparse

from django.conf import settings
from django.core.validators import slug_re
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.html import strip_tags

from icalendar import Calendar, Event

from core.http import shareable

from .dates import DAY
from .models import KeyDate, UNProcess


def key_dates_ics(request: HttpRequest) -> HttpResponse:
    """/key-dates.ics, or ?process=<slug>: RFC 5545, day-precision dates only."""
    dates = (
        KeyDate.objects.public()
        .filter(precision=DAY)
        .select_related("process")
        .annotate(date_changes=Count("changes"))
        .order_by("start", "pk")
    )
    name = "TCCM: key dates of UN Internet governance processes"
    if slug := request.GET.get("process"):
        if not slug_re.fullmatch(slug):
            return HttpResponseBadRequest(
                "process must be a UN process's short code, e.g. igf.",
                content_type="text/plain; charset=utf-8",
            )
        process = UNProcess.objects.public().filter(slug=slug).first()
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
        event.add("sequence", key_date.date_changes)
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
