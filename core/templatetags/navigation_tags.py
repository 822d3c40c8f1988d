"""Header navigation (one query) and breadcrumbs (none for routed pages)."""

from django import template

from wagtail.models import Page, Site

from core.models import ancestors_of

register = template.Library()


@register.inclusion_tag("navigation/primary_nav.html", takes_context=True)
def primary_navigation(context) -> dict:
    request = context["request"]
    site = Site.find_for_request(request)
    if site is None:
        return {"items": []}
    current_path = getattr(context.get("page"), "url_path", "")
    items = []
    for page in site.root_page.get_children().live().in_menu():
        if current_path == page.url_path:
            current = "page"
        elif current_path.startswith(page.url_path):
            current = "true"  # a descendant of this section is being viewed
        else:
            current = ""
        items.append(
            {"title": page.title, "url": page.get_url(request), "current": current}
        )
    return {"items": items}


@register.inclusion_tag("navigation/breadcrumbs.html", takes_context=True)
def breadcrumbs(context) -> dict:
    page = context.get("page")
    ancestors = ancestors_of(page)[::-1] if isinstance(page, Page) else []
    return {"ancestors": ancestors, "page": page}
