"""Facets and totals public pages show, worked out once per content change.

Grouping 10,000 news items by year, or 5,000 signatures by country, on every
request made those pages slower as content grew. The results are kept in the
default cache under the page cache's generation (core.page_cache), which every
change to anything a public page shows replaces (pages, their restrictions,
snippets, settings), so no signal of its own is needed; and never past the next
expiry of a page or snippet, since the privacy rule (core.privacy) depends on
the time. What is cached is computed with the privacy rule like any listing.
"""

from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache

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
