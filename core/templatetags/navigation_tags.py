"""Header navigation and breadcrumbs, each fetched in one query."""

from django import template

from wagtail.models import Page, Site

register = template.Library()


@register.inclusion_tag("navigation/primary_nav.html", takes_context=True)
def primary_navigation(context) -> dict:
    request = context["request"]
    site = Site.find_for_request(request)
    if site is None:
        return {"items": []}
    current_path = getattr(context.get("page"), "url_path", "")
    items = []
    for page in site.root_page.get_children().live().public().in_menu():
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
    ancestors: list[Page] = []
    if isinstance(page, Page) and page.depth > 2:
        ancestors = list(
            page.get_ancestors()
            .filter(depth__gt=1)
            .only("id", "title", "url_path", "path", "depth", "draft_title")
        )
    return {"request": context["request"], "ancestors": ancestors, "page": page}
