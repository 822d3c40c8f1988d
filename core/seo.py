"""What a page tells search engines and social media: title, description,
canonical address, sharing image and schema.org data (JSON-LD).

Hand-written rather than wagtail-metadata-mixin: the site needs ItemList and
Event data the package does not make, routable views (the signatory directory)
with their own canonical address, and a sharing image cached with the site
settings; a dozen tags in one template cover the rest.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from wagtail.rich_text import get_text_for_indexing

from .addresses import absolute_url

# Open Graph and Twitter both crop to about 1.91:1; 1200×630 is the size they ask for.
SHARING_FILTER = "fill-1200x630"
# The image shown when neither the page nor the site settings have one.
DEFAULT_SHARING_IMAGE = "images/social-card.png"
DESCRIPTION_LENGTH = 200

SCHEMA_CONTEXT = "https://schema.org"

_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def plain_text(html: str, length: int = DESCRIPTION_LENGTH) -> str:
    """Rich text as one line of plain text, cut at a word boundary: entities
    decoded (templates and JSON escape once) and paragraphs kept apart."""
    text = " ".join(get_text_for_indexing(html or "").split())
    return Truncator(text).chars(length)


def image_meta(image) -> dict | None:
    """An image as sharing cards need it (absolute URL, size, description), or
    None for a missing image or an SVG, which social networks do not show."""
    if image is None or image.is_svg():
        return None
    rendition = image.get_rendition(SHARING_FILTER)
    return {
        "url": absolute_url(rendition.url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": image.description or image.title,
    }


def default_image_meta() -> dict:
    return {
        "url": absolute_url(static(DEFAULT_SHARING_IMAGE)),
        "width": 1200,
        "height": 630,
        "alt": _(
            "TCCM: Technical Community Coalition for Multistakeholderism. "
            "Defending multistakeholder Internet governance."
        ),
    }


def json_ld(data) -> SafeString:
    """JSON for a <script type="application/ld+json"> block: <, > and & are
    escaped so no value (an organisation's name) can close the script."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(text.translate(_JSON_SCRIPT_ESCAPES))  # noqa: S308


def organisation(settings) -> dict:
    """The coalition as schema.org's Organization, from the site settings."""
    return {
        "@type": "Organization",
        "name": settings.organisation_name,
        "alternateName": settings.short_name,
        "url": absolute_url("/"),
        "logo": absolute_url(static("images/favicon.svg")),
    }
