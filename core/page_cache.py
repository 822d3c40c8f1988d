"""HTTP caching of public pages: Cache-Control for a CDN, and a full-page cache.

A response is shareable when an anonymous visitor (no session cookie) asked for
it with GET or HEAD, it is a 200 HTML page, it sets no cookie, it did not use
the CSRF token (a form), it varies on nothing but the URL, and its view did not
set Cache-Control itself. Such a response gets a short public Cache-Control,
loses `Vary: Cookie` (an anonymous request has no session to vary on; logged-in
people carry a session cookie, which bypasses this cache and must bypass the
CDN's: docs/deployment.md), and is stored in the default cache for the next
anonymous request for the same URL. Every other HTML response is marked
private. Whatever the view: a non-GET request, a logged-in editor, a preview
(admin URLs), a view-restricted page (login redirect or password form) or a
page with a form is never stored.

Stored pages are dropped all at once when anything a public page can show
changes (pages, their restrictions, snippets, settings, images, documents):
stored keys carry a generation that every change replaces, and Wagtail's
front-end cache purge tells a CDN (WAGTAILFRONTENDCACHE) the same.
"""

import hashlib
import math
import threading
import uuid
from collections.abc import Callable
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Min
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.utils.cache import patch_cache_control

from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import (
    COMMENTS_RELATION_NAME,
    DraftStateMixin,
    Page,
    PageViewRestriction,
    Site,
)
from wagtail.signals import post_page_move

from .privacy import publicly_visible

GENERATION_KEY = "page-cache:generation"
FAR_FUTURE = timedelta(days=1)
# Never cached, whatever they answer: the admin, documents (Wagtail checks
# their collection's privacy per request) and the login and password forms.
EXCLUDED_PREFIXES = ("/admin/", "/documents/", "/_util/", "/accounts/")
# The apps whose models public pages show; any save or delete in them drops
# the stored pages, except for models listed in PAGE_CACHE_IGNORED_MODELS.
SHOWN_APPS = {"core", "home", "statements", "news"}
SHOWN_MODELS = (
    Page,
    Site,
    PageViewRestriction,
    BaseSiteSetting,
    BaseGenericSetting,
    AbstractImage,
    AbstractDocument,
)
# Saves that touch only these change nothing public: an image's size and hash
# are stored the first time it is shown, and saving a draft, autosave and
# locking update only the editor's bookkeeping on the page or snippet.
BOOKKEEPING_FIELDS = {
    "file_size",
    "file_hash",
    "latest_revision",
    "latest_revision_created_at",
    "draft_title",
    "has_unpublished_changes",
    "locked",
    "locked_at",
    "locked_by",
    COMMENTS_RELATION_NAME,
}


def _is_anonymous(request: HttpRequest) -> bool:
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def _applies(request: HttpRequest) -> bool:
    return request.method in ("GET", "HEAD") and not request.path.startswith(
        EXCLUDED_PREFIXES
    )


def _vary_headers(response: HttpResponseBase) -> set[str]:
    return {h.strip().lower() for h in response.get("Vary", "").split(",") if h.strip()}


def _set_vary(response: HttpResponseBase, headers: set[str]) -> None:
    if headers:
        response["Vary"] = ", ".join(sorted(headers))
    elif "Vary" in response:
        del response["Vary"]


def _shareable(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Whether the response is the same for every anonymous visitor of this URL."""
    if (
        not _is_anonymous(request)
        or response.status_code != 200
        or response.streaming
        or not response.get("Content-Type", "").startswith("text/html")
        or response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or response.has_header("Cache-Control")
    ):
        return False
    vary = _vary_headers(response) - {"cookie"}
    if len(settings.LANGUAGES) == 1:
        # LocaleMiddleware always adds it; with one language nothing varies.
        vary.discard("accept-language")
    return not vary


def generation() -> str:
    """The current generation: every change to what public pages show replaces it."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        generation = cache.get(GENERATION_KEY) or "none"
    return generation


def seconds_to_next_expiry(generation: str) -> int:
    """Seconds until the next live page or snippet expires, when a stored page
    listing it must go (expiry saves nothing, so no signal fires). Worked out
    once for each generation of stored pages."""
    key = f"page-cache:{generation}:next-expiry"
    at = cache.get(key)
    now = timezone.now()
    if at is None:
        upcoming = [
            model.objects.filter(live=True, expire_at__gt=now).aggregate(
                first=Min("expire_at")
            )["first"]
            for model in _expiring_models()
        ]
        at = min((t for t in upcoming if t), default=now + FAR_FUTURE)
        cache.set(key, at, int(FAR_FUTURE.total_seconds()))
    return max(1, math.ceil((at - now).total_seconds()))


def _expiring_models() -> list:
    snippets = [
        model
        for model in apps.get_models()
        if issubclass(model, DraftStateMixin)
        and not issubclass(model, Page)
        and model._meta.app_label in SHOWN_APPS
    ]
    return [Page, *snippets]


def _key(request: HttpRequest, generation: str) -> str:
    url = request.build_absolute_uri()
    digest = hashlib.sha256(url.encode("utf-8", "surrogateescape")).hexdigest()
    return f"page-cache:{generation}:{digest}"


class PageCacheMiddleware:
    """Serves and stores shareable pages; marks every other HTML answer private.

    Sits after the security-header middleware (so cached answers get fresh
    headers) and before the session middleware (so a hit touches neither the
    session nor the database).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not _applies(request):
            return self.get_response(request)
        seconds = settings.PAGE_CACHE_SECONDS
        key = None
        if seconds and _is_anonymous(request):
            current = generation()
            key = _key(request, current)
            stored = cache.get(key)
            if stored is not None:
                return self._rebuild(request, stored)
        response = self.get_response(request)
        if _shareable(request, response):
            self._make_public(response)
            if key is not None and request.method == "GET":
                timeout = min(seconds, seconds_to_next_expiry(current))
                cache.set(key, self._freeze(response), timeout)
                response["X-Page-Cache"] = "miss"
        elif response.get("Content-Type", "").startswith(
            "text/html"
        ) and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_cache=True)
        return response

    @staticmethod
    def _make_public(response: HttpResponseBase) -> None:
        vary = _vary_headers(response) - {"cookie", "accept-language"}
        _set_vary(response, vary)
        patch_cache_control(
            response,
            public=True,
            max_age=settings.CACHE_CONTROL_MAX_AGE,
            stale_while_revalidate=settings.CACHE_CONTROL_STALE_SECONDS,
        )

    @staticmethod
    def _freeze(response: HttpResponseBase) -> tuple:
        headers = [(k, v) for k, v in response.items() if k.lower() != "set-cookie"]
        return (response.status_code, headers, response.content)

    @staticmethod
    def _rebuild(request: HttpRequest, stored: tuple) -> HttpResponse:
        status, headers, content = stored
        response = HttpResponse(b"" if request.method == "HEAD" else content)
        response.status_code = status
        for name, value in headers:
            response[name] = value
        response["Content-Length"] = str(len(content))
        response["X-Page-Cache"] = "hit"
        return response


# Invalidation ---------------------------------------------------------------

_pending = threading.local()


def _is_shown(instance, update_fields) -> bool:
    if update_fields and set(update_fields) <= BOOKKEEPING_FIELDS:
        return False
    if isinstance(instance, SHOWN_MODELS):
        return True
    meta = instance._meta
    return (
        meta.app_label in SHOWN_APPS
        and meta.label not in settings.PAGE_CACHE_IGNORED_MODELS
    )


def forget_pages() -> None:
    """Drop every stored page (a new generation makes the old keys unreachable)."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def content_changed(sender, instance=None, update_fields=None, **kwargs) -> None:
    """Something public pages may show changed: drop the stored pages now and
    again once the transaction commits (a page rendered from the old data in
    between would otherwise be stored under the new generation), and purge the
    CDN when one is configured."""
    if instance is None or not _is_shown(instance, update_fields):
        return
    forget_pages()
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        _queue_purge(instance)
    transaction.on_commit(_after_commit)


def _queue_purge(instance) -> None:
    pages = getattr(_pending, "pages", None)
    if pages is None:
        pages = _pending.pages = set()
    if isinstance(instance, Page):
        pages.add(instance.pk)
    elif isinstance(instance, PageViewRestriction):
        pages.add(instance.page_id)
    _pending.purge = True


def _after_commit() -> None:
    # One callback per change; the first one of a transaction sends the purge.
    forget_pages()
    if getattr(_pending, "purge", False):
        changed, _pending.pages, _pending.purge = _pending.pages, set(), False
        purge_frontend_cache(changed)


def purge_frontend_cache(changed_page_ids=()) -> None:
    """Ask the CDN to drop what a change can alter: the home page and the pages
    just below it, with their routes (statement, directory, news index and its
    process pages), and any changed page with the pages below it (a restriction
    covers a branch). News items just published or unpublished are purged by
    Wagtail itself; their menus and footers follow within max-age."""
    batch = PurgeBatch()
    top = publicly_visible(Page.objects.filter(depth__lte=3, depth__gt=1))
    for page in top.specific():
        batch.add_page(page)
        batch.add_urls(_route_urls(page))
    for page in Page.objects.filter(pk__in=changed_page_ids):
        batch.add_pages(Page.objects.descendant_of(page, inclusive=True))
    batch.purge()


def _route_urls(page) -> list[str]:
    """Full URLs of a routable page's routes that take no argument."""
    if not hasattr(page, "get_subpage_urls"):
        return []
    base = page.get_full_url()
    if not base:
        return []
    urls = []
    for pattern in page.get_subpage_urls():
        if pattern.pattern.regex.groups or not pattern.name:
            continue
        path = page.reverse_subpage(pattern.name)
        if path:
            urls.append(base.rstrip("/") + "/" + path.lstrip("/"))
    return urls


def connect() -> None:
    post_save.connect(content_changed, dispatch_uid="page-cache-post-save")
    post_delete.connect(content_changed, dispatch_uid="page-cache-post-delete")
    post_page_move.connect(content_changed, dispatch_uid="page-cache-page-move")
