"""The site's one public address, for every absolute link it writes.

Canonical links, og:url, the sitemap, feed ids, open data, badges and the
calendar all start with WAGTAILADMIN_BASE_URL, never with the Host header a
request happened to use: a page reached as http://localhost:8000 or through a
proxy's internal name still names the site by its public address. `make run`
sets the variable to the host and port it serves; production sets it to the
public https address. The content loader copies it into the default Site, so
Wagtail's own "view live" links agree too.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def site_root_url() -> str:
    """'https://tccm.example.org' or 'http://127.0.0.1:8201', without a slash."""
    url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path:
        raise ImproperlyConfigured(
            "WAGTAILADMIN_BASE_URL must be the site's address, like "
            f"https://tccm.example.org (got {settings.WAGTAILADMIN_BASE_URL!r})."
        )
    return url


def absolute_url(url: str) -> str:
    """`url` on the site's address, unless it already names a host (e.g. media
    served from their own domain)."""
    if urlsplit(url).netloc:
        return url
    return site_root_url() + "/" + url.lstrip("/")


def site_host_and_port() -> tuple[str, int]:
    """The hostname and port a Wagtail Site record needs for this address."""
    parts = urlsplit(site_root_url())
    return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)
