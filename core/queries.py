"""Query helpers shared by listings."""

from django.db.models import Exists, F, OuterRef, QuerySet
from django.db.models.functions import Length, Substr

from wagtail.models import PageViewRestriction


def exclude_private(pages: QuerySet) -> QuerySet:
    """Pages not under a view restriction, checked inside the listing's own query.

    Wagtail's .public() first loads every restriction in a separate query.
    """
    restricted = PageViewRestriction.objects.annotate(
        prefix=Substr(OuterRef("path"), 1, Length("page__path"))
    ).filter(prefix=F("page__path"))
    return pages.exclude(Exists(restricted))
