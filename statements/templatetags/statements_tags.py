"""Statement widgets other pages compose, and open-data links."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from wagtail.images.models import Filter

from ..models import Signature
from ..models.pages import LOGO_FILTER

register = template.Library()


@register.simple_tag
def signatory_logo(signatory) -> SafeString | str:
    """The organisation's logo at list size, from its prefetched rendition when
    there is one. Wagtail's {% image %} also writes the rendition to the cache
    on every view: on a page of 24 logos that cost more than the list itself."""
    image = signatory.logo
    if image is None:
        return ""
    spec = image.clean_filter_for_svg(Filter(spec=LOGO_FILTER))
    try:
        rendition = image.find_existing_rendition(spec)
    except image.get_rendition_model().DoesNotExist:
        rendition = image.get_rendition(spec)
    return format_html(
        '<img alt="{}" height="{}" src="{}" width="{}" loading="lazy" '
        'decoding="async">',
        signatory.display_logo_alt,
        rendition.height,
        rendition.url,
        rendition.width,
    )


@register.inclusion_tag("components/signatory_count.html")
def signatory_count(statement) -> dict:
    """'N organisations from M countries have signed', public signatories only."""
    return {"totals": Signature.objects.public_totals(statement.pk)}


@register.simple_tag
def open_data_url(statement, extension: str) -> str:
    """Where a statement's signatories download as CSV or JSON."""
    path = statement.url.strip("/")
    return reverse(
        "signatories_open_data",
        kwargs={
            "path": f"{path}/signatories" if path else "signatories",
            "extension": extension,
        },
    )
