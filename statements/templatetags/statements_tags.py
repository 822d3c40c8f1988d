"""Statement widgets other pages compose, and open-data links."""

from django import template
from django.urls import reverse

from ..models import Signature

register = template.Library()


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
