"""Deployment checks for what the privacy rule and the review e-mails rely on."""

from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured

from .addresses import site_root_url


@register(Tags.caches, deploy=True)
def shared_cache_for_site_chrome(app_configs, **kwargs):
    """The cached menu and footer are cleared on every change, but only in the
    cache of the process that made it: several processes need a shared cache."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith("LocMemCache"):
        return [
            Warning(
                "The default cache is local to each process.",
                hint=(
                    "Set CACHE_URL to a Redis server: with several worker "
                    "processes, a page just restricted or unpublished can stay in "
                    "the other processes' cached menu for up to 5 minutes (and in "
                    "their stored pages, if PAGE_CACHE_SECONDS is set)."
                ),
                id="core.W001",
            )
        ]
    return []


# Addresses that only ever mean "this machine": fine on a laptop, dead links in
# an e-mail someone opens elsewhere.
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0", "testserver"}  # noqa: S104


def _is_local(host: str) -> bool:
    host = (host or "").lower()
    return not host or host in LOCAL_HOSTS or host.endswith(".localhost")


@register(Tags.security, deploy=True)
def review_emails_reach_people(app_configs, **kwargs):
    """Review e-mails (submitted, approved, changes requested) link to the admin
    at WAGTAILADMIN_BASE_URL and come from DEFAULT_FROM_EMAIL; their defaults
    point at this machine, so Comms staff would get links that open nothing."""
    problems = []
    if _is_local(urlsplit(settings.WAGTAILADMIN_BASE_URL or "").hostname):
        problems.append(
            Warning(
                f"WAGTAILADMIN_BASE_URL is {settings.WAGTAILADMIN_BASE_URL!r}.",
                hint=(
                    "Set it to the site's public address (e.g. "
                    "https://tccm.example.org): the links in review e-mails and "
                    "the site address the first content load records use it."
                ),
                id="core.W002",
            )
        )
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2]
    if _is_local(domain):
        problems.append(
            Warning(
                f"DEFAULT_FROM_EMAIL is {settings.DEFAULT_FROM_EMAIL!r}.",
                hint=(
                    "Set it to an address of the site's own domain, e.g. "
                    "'TCCM <no-reply@tccm.example.org>': mail servers refuse or "
                    "bin review e-mails from a local address."
                ),
                id="core.W003",
            )
        )
    return problems


@register()
def site_address_is_an_address(app_configs, **kwargs):
    """Every absolute link the site writes starts with WAGTAILADMIN_BASE_URL
    (core.addresses): refuse to start with one that is not a site's address."""
    try:
        site_root_url()
    except ImproperlyConfigured as error:
        return [Error(str(error), id="core.E001")]
    return []
