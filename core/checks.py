"""Deployment checks for what the privacy rule relies on."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


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
                    "the other processes' cached menu for up to 5 minutes."
                ),
                id="core.W001",
            )
        ]
    return []
