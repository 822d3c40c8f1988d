"""Admin forms for news items and the news snippets."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.snippets.permissions import get_permission_name

from core.forms import CoalitionPageForm

from .dates import format_key_date

SCHEDULE_HELP = {
    "go_live_at": _(
        "It stays off the website until this moment, then publishes itself. "
        "Leave empty to publish when you press Publish."
    ),
    "expire_at": _(
        "From this moment it disappears from the website: lists, the calendar "
        "and feeds. Leave empty to keep it online."
    ),
}


class ScheduledSnippetForm(WagtailAdminModelForm):
    """Wagtail's scheduling fields, explained for editors of a snippet."""

    class Meta(WagtailAdminModelForm.Meta):
        help_texts = SCHEDULE_HELP


def draft_label(label, process) -> str:
    if not process.live:
        return _("%(process)s – draft, not on the website yet") % {"process": label}
    return label


class NewsPageForm(CoalitionPageForm):
    """UN processes as ticks. A draft process is not announced yet: Comms staff
    see it marked as a draft; those who may not open the process library (news
    editors at member organisations) are not shown it, as on their dashboard,
    unless Comms staff already ticked it on this item (so their save keeps it)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if (field := self.fields.get("processes")) is None:
            return
        field.label_from_instance = lambda process: draft_label(str(process), process)
        model = field.queryset.model
        user = self.for_user
        if user is None or not user.has_perm(get_permission_name("view", model)):
            ticked = [process.pk for process in self.instance.processes.all()]
            field.queryset = field.queryset.filter(
                Q(pk__in=model.objects.public().values("pk")) | Q(pk__in=ticked)
            )


def process_choice(process) -> str:
    """A process as the key date form lists it: full name, acronym, and whether
    readers can see it yet."""
    label = process.name
    if process.acronym and process.acronym != process.name:
        label = f"{label} ({process.acronym})"
    return draft_label(label, process)


class KeyDateForm(ScheduledSnippetForm):
    """The process as a plain list (there are a handful), and the reason for a
    moved date checked against the date readers see."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if process := self.fields.get("process"):
            process.empty_label = _("Choose a process")
            process.label_from_instance = process_choice

    def clean(self):
        cleaned_data = super().clean()
        published = self.instance.published_dates()
        dates = tuple(cleaned_data.get(name) for name in self.instance.DATE_FIELDS)
        if not cleaned_data.get("date_change_note"):
            # Readers planned around the old date: publishing a move needs its
            # reason. A draft (and autosave) may wait for it.
            start, _end, precision = dates
            moved = published is not None and start and precision
            if moved and published != dates and not self.is_deferred_validation:
                self.add_error(
                    "date_change_note",
                    _(
                        "You moved a date readers can see, from %(before)s to "
                        "%(after)s: say why in a few words. Readers see it in the "
                        "change log, e.g. 'Postponed by the General Assembly'."
                    )
                    % {
                        "before": format_key_date(*published),
                        "after": format_key_date(*dates),
                    },
                )
            return cleaned_data
        if published is None:
            self.add_error(
                "date_change_note",
                _(
                    "This key date is not on the website yet, so readers have "
                    "seen no other date: leave this box empty."
                ),
            )
        elif published == dates:
            self.add_error(
                "date_change_note",
                _(
                    "The date is the same as the one on the website: change the "
                    "date, or leave this box empty."
                ),
            )
        return cleaned_data
