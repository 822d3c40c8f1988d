"""Small site-wide views that live outside the page tree."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.templatetags.static import static
from django.views.static import serve

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
