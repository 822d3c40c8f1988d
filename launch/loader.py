"""What every launch loader shares: create once, count what was created."""

from wagtail.models import Page

from .models import LaunchRecord


class Report:
    """Counts what a loader created, for the command's summary line."""

    def __init__(self) -> None:
        self.created: dict[str, int] = {}

    def add(self, what: str, count: int = 1) -> None:
        if count:
            self.created[what] = self.created.get(what, 0) + count

    def __str__(self) -> str:
        if not self.created:
            return "nothing missing, nothing created"
        return ", ".join(f"{n} {what}" for what, n in self.created.items())


def publish_child(parent: Page, page: Page) -> Page:
    """Add `page` under `parent` and publish it, with a first revision."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def once(key: str, create, report=None, label: str = ""):
    """Create launch content the first time only; later runs return what exists.

    Returns the object (or None if staff deleted it since).
    """
    record = LaunchRecord.objects.filter(key=key).first()
    if record is not None:
        return record.get_object()
    obj = create()
    LaunchRecord.objects.create(key=key, model=obj._meta.label, object_pk=str(obj.pk))
    if report is not None and label:
        report.add(label)
    return obj
