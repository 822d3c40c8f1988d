"""The primary navigation, cached: it is the same on every page of a site.

Any page saved, deleted or moved drops the cached menus and footer settings, so
an editor's change shows on the next request served by the same cache. With the
default per-process local-memory cache, other processes catch up within
SITE_CHROME_CACHE_SECONDS; with Redis (production) all of them do at once.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import post_page_move

from .models import SiteSettings, chrome_timeout
from .privacy import publicly_visible

KEY = "primary-nav:v1:{site}"


def menu_pages(site: Site) -> list[dict]:
    """Public children of the site root marked 'show in menus': title and URL path."""
    key = KEY.format(site=site.pk)
    items = cache.get(key)
    if items is None:
        pages = list(
            publicly_visible(site.root_page.get_children().in_menu()).specific()
        )
        items = [
            {
                "title": getattr(page, "menu_title", "") or page.title,
                "url_path": page.url_path,
            }
            for page in pages
        ]
        cache.set(key, items, chrome_timeout(pages))
    return items


# What the menu and footer show: pages, the sites, the restrictions that hide
# pages, and the settings themselves (which clear their own key on save).
CHROME_MODELS = (Page, Site, PageViewRestriction, SiteSettings)


def forget_site_chrome(**kwargs) -> None:
    instance = kwargs.get("instance")
    if instance is not None and not isinstance(instance, CHROME_MODELS):
        return
    keys = []
    for pk in Site.objects.values_list("pk", flat=True):
        keys += [KEY.format(site=pk), SiteSettings.CACHE_KEY.format(site=pk)]
    cache.delete_many(keys)


def connect() -> None:
    post_save.connect(forget_site_chrome, dispatch_uid="site-chrome-post-save")
    post_delete.connect(forget_site_chrome, dispatch_uid="site-chrome-post-delete")
    post_page_move.connect(forget_site_chrome, dispatch_uid="site-chrome-page-move")
