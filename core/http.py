"""Response helpers for machine-readable output: feeds, calendars, open data."""

from django.http import HttpResponse
from django.utils.cache import patch_cache_control

SHAREABLE_MAX_AGE = 300


def shareable(response: HttpResponse, *, any_origin: bool = False) -> HttpResponse:
    """Cacheable by browsers and a CDN for a few minutes; optionally readable by
    scripts on any site (open data)."""
    if any_origin:
        response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=SHAREABLE_MAX_AGE)
    return response
