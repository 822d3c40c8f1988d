"""Header navigation (cached) and breadcrumbs (no query for routed pages)."""

from django import template

from wagtail.models import Page, Site

from core.models import ancestors_of
from core.navigation import menu_pages
from core.privacy import past_expiry

register = template.Library()


@register.inclusion_tag("navigation/primary_nav.html", takes_context=True)
def primary_navigation(context) -> dict:
    request = context["request"]
    site = Site.find_for_request(request)
    if site is None:
        return {"items": []}
    current_path = getattr(context.get("page"), "url_path", "")
    root_path = site.root_page.url_path
    items = []
    for item in menu_pages(site):
        if current_path == item["url_path"]:
            current = "page"
        elif current_path.startswith(item["url_path"]):
            current = "true"  # a descendant of this section is being viewed
        else:
            current = ""
        url = "/" + item["url_path"][len(root_path) :]
        items.append({"title": item["title"], "url": url, "current": current})
    return {"items": items}


@register.inclusion_tag("navigation/breadcrumbs.html", takes_context=True)
def breadcrumbs(context) -> dict:
    page = context.get("page")
    ancestors = ancestors_of(page)[::-1] if isinstance(page, Page) else []
    # Wagtail serves the children of an unpublished or expired section; the
    # trail skips such a section rather than name it.
    ancestors = [a for a in ancestors if a.live and not past_expiry(a)]
    return {"ancestors": ancestors, "page": page}
