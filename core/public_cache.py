"""Facets and totals public pages show, worked out once per content change.

Grouping 10,000 news items by year, or 5,000 signatures by country, on every
request made those pages slower as content grew. The results are kept in the
default cache under the page cache's generation (core.page_cache), which every
change to anything a public page shows replaces (pages, their restrictions,
snippets, settings), so no signal of its own is needed; and never past the next
expiry of a page or snippet, since the privacy rule (core.privacy) depends on
the time. What is cached is computed with the privacy rule like any listing.
"""

import re
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

from . import page_cache

T = TypeVar("T")


def cached(name: str, compute: Callable[[], T]) -> T:
    """`compute()`, or its result from the cache while nothing has changed."""
    generation = page_cache.generation()
    key = f"public-cache:{generation}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        timeout = min(
            settings.PUBLIC_CACHE_SECONDS,
            page_cache.seconds_to_next_expiry(generation),
        )
        cache.set(key, value, timeout)
    return value


def cached_many(prefix: str, ids: list, compute: Callable[[list], dict]) -> dict:
    """`compute(missing ids)` -> {id: value}, for the ids not already cached,
    with the rest read in one round trip (e.g. a page of signatory cards)."""
    generation = page_cache.generation()
    keys = {f"public-cache:{generation}:{prefix}:{i}": i for i in ids}
    values = {keys[key]: value for key, value in cache.get_many(keys).items()}
    missing = [i for i in ids if i not in values]
    if missing:
        computed = compute(missing)
        timeout = min(
            settings.PUBLIC_CACHE_SECONDS,
            page_cache.seconds_to_next_expiry(generation),
        )
        cache.set_many(
            {f"public-cache:{generation}:{prefix}:{i}": v for i, v in computed.items()},
            timeout,
        )
        values.update(computed)
    return values


ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def cached_response(
    request: HttpRequest, name: str, build: Callable[[], HttpResponse]
) -> HttpResponse:
    """The response `build()` gives, kept like `cached` values, with its gzip
    form beside it: a megabyte of open data or sitemap is compressed once per
    content change, not on every request (GZipMiddleware leaves a response
    that is already encoded alone). Only for public documents with no secret
    in them, so compressing without BREACH's random padding is safe."""

    def freeze() -> tuple:
        response = build()
        if hasattr(response, "render"):
            response.render()
        body = response.content
        headers = [(k, v) for k, v in response.items()]
        return response.status_code, headers, body, compress_string(body)

    status, headers, body, packed = cached(name, freeze)
    response = HttpResponse(status=status)
    for header, value in headers:
        response[header] = value
    patch_vary_headers(response, ("Accept-Encoding",))
    if ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
        response.content = packed
        response["Content-Encoding"] = "gzip"
    else:
        response.content = body
    response["Content-Length"] = str(len(response.content))
    return response
