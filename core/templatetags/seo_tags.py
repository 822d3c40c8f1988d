"""The <head> tags search engines and social media read (see core.seo)."""

from django import template

from wagtail.models import Page

from core.addresses import absolute_url
from core.models import SiteSettings
from core.seo import default_image_meta, json_ld

register = template.Library()


@register.inclusion_tag("components/page_meta.html", takes_context=True)
def page_meta(context) -> dict:
    """Title, description, canonical address, Open Graph, Twitter card and
    JSON-LD for the page being served.

    A view may set any of them in a `seo` dict (title, description, canonical,
    type, image, structured_data, robots); a page answers the rest through
    BasePage's get_meta_description, get_social_image and get_structured_data.
    """
    request = context.get("request")
    seo = context.get("seo") or {}
    page = context.get("page")
    page = page if isinstance(page, Page) else None
    org = SiteSettings.for_request(request) if request is not None else None

    title = seo.get("title")
    if title is None and page is not None:
        title = page.get_meta_title() if hasattr(page, "get_meta_title") else page.title
    description = seo.get("description")
    if description is None and hasattr(page, "get_meta_description"):
        description = page.get_meta_description()
    if not description and org is not None:
        description = org.tagline or org.organisation_name

    canonical = seo.get("canonical")
    if canonical is None and page is not None and request is not None:
        canonical = request.path
    canonical = absolute_url(canonical) if canonical else None

    image = seo.get("image")
    if image is None and hasattr(page, "get_social_image"):
        image = page.get_social_image()
    if image is None:
        image = getattr(org, "sharing_image", None) or default_image_meta()

    meta = {
        "title": title,
        "description": description,
        "canonical": canonical,
        "type": seo.get("type") or getattr(page, "og_type", "website"),
        "image": image,
    }
    data = seo.get("structured_data")
    if data is None and hasattr(page, "get_structured_data"):
        data = page.get_structured_data(request, meta)
    return {
        **meta,
        "site_name": org.organisation_name if org is not None else "",
        "robots": seo.get("robots", ""),
        "structured_data": [json_ld(item) for item in data or []],
    }


@register.simple_tag(takes_context=True)
def fullroutablepageurl(context, page, name: str, *args) -> str:
    """routablepageurl on the site's one address, e.g. for printed links."""
    return absolute_url(
        page.get_url(context.get("request")) + page.reverse_subpage(name, args=args)
    )


@register.simple_tag
def site_url(path: str) -> str:
    """`path` on the site's one address (core.addresses)."""
    return absolute_url(path)
