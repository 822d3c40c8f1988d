"""A news item's reader-facing date defaults to the day it was first published."""

from wagtail.signals import page_published

from .models import NewsPage


def default_date_to_first_publication(sender, instance, **kwargs):
    if instance.date is None and instance.first_published_at:
        instance.date = instance.first_published_at.date()
        # Update the row only: no new revision, the editor's draft keeps "empty".
        sender.objects.filter(pk=instance.pk).update(date=instance.date)


def connect() -> None:
    page_published.connect(default_date_to_first_publication, sender=NewsPage)
