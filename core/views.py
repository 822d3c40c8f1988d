"""Small site-wide views that live outside the page tree."""

import logging
import sys
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.template import loader
from django.templatetags.static import static
from django.utils.cache import add_never_cache_headers
from django.views.static import serve

logger = logging.getLogger(__name__)

# What the 503 page asks clients (and crawlers) to wait before trying again.
RETRY_AFTER_SECONDS = 30

# Uploaded files are shown, never run: no scripts, no plugins, no requests, and
# a sandbox that gives even a hostile SVG or HTML file an opaque origin, so it
# cannot read the admin session. Inline styles only, so SVG drawings still look
# right when opened on their own. docs/media.md gives the same headers for nginx.
MEDIA_CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


def favicon(request: HttpRequest) -> HttpResponseRedirect:
    # Browsers ask for /favicon.ico regardless of <link rel="icon">; answer cheaply
    # instead of rendering a 404 page. Not permanent: the static URL carries a hash.
    return HttpResponseRedirect(static("images/favicon.svg"))


def media(request: HttpRequest, path: str) -> HttpResponse:
    """Uploaded files from MEDIA_ROOT, for development or SERVE_MEDIA=true only;
    production normally serves them from the proxy or a separate domain."""
    if not (settings.DEBUG or settings.SERVE_MEDIA):
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Content-Security-Policy"] = MEDIA_CONTENT_SECURITY_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    return response


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers. Touches neither the database nor the cache,
    so a load balancer does not restart healthy workers when a dependency fails."""
    return _no_store(JsonResponse({"status": "ok"}))


def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: 200 when the database and the cache both answer, else 503 with
    which one failed, so a load balancer sends traffic elsewhere meanwhile."""
    checks = {"database": _database_answers(), "cache": _cache_answers()}
    ready = all(checks.values())
    body = {
        "status": "ok" if ready else "unavailable",
        **{name: "ok" if ok else "unavailable" for name, ok in checks.items()},
    }
    return _no_store(JsonResponse(body, status=200 if ready else 503))


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.warning("readiness: the database does not answer", exc_info=True)
        return False


def _cache_answers() -> bool:
    # django-redis swallows a dead server's errors (the site runs on without the
    # cache), so only a value read back proves the cache works.
    key, value = "readyz:probe", uuid.uuid4().hex
    try:
        cache.set(key, value, 10)
        ok = cache.get(key) == value
    except Exception:  # any backend's own connection error
        ok = False
    if not ok:
        logger.warning("readiness: the cache does not answer")
    return ok


def _no_store(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    return response


# Errors that mean the database cannot be reached or did not answer in time,
# as opposed to a bug (IntegrityError, ProgrammingError).
UNAVAILABLE = (OperationalError, InterfaceError)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a database that is down or too slow gets a friendly 503 that
    invites a retry; anything else the usual 500 page. Neither touches the
    database, and the error itself is logged by Django, never shown."""
    error = sys.exc_info()[1]
    if isinstance(error, UNAVAILABLE) or isinstance(
        getattr(error, "__cause__", None), UNAVAILABLE
    ):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return _no_store(response)
    return _no_store(HttpResponseServerError(loader.get_template("500.html").render()))
