"""Small site-wide views that live outside the page tree."""

from django.http import HttpRequest, HttpResponseRedirect
from django.templatetags.static import static


def favicon(request: HttpRequest) -> HttpResponseRedirect:
    # Browsers ask for /favicon.ico regardless of <link rel="icon">; answer cheaply
    # instead of rendering a 404 page. Not permanent: the static URL carries a hash.
    return HttpResponseRedirect(static("images/favicon.svg"))
