"""UN processes the coalition follows, and their key dates with a change log."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    PublishingPanel,
)
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
)

from core.blocks import SHORT_TEXT_FEATURES
from core.dates import period_start
from core.privacy import publicly_visible_snippets
from core.seo import SCHEMA_CONTEXT, plain_text

from ..dates import DAY, MONTH, YEAR, format_key_date, period_end
from ..forms import KeyDateForm, ScheduledSnippetForm
from ..panels import KeyDateChangesPanel


class UNProcessQuerySet(models.QuerySet):
    def public(self) -> models.QuerySet:
        """Processes readers may see: published and not expired."""
        return publicly_visible_snippets(self)


class UNProcess(
    DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, models.Model
):
    """A UN decision-making process, e.g. the WSIS+20 review or the IGF.

    A draft process has no page, no feed and no tag on news until published.
    """

    ONGOING, CONCLUDED = "ongoing", "concluded"

    name = models.CharField(
        _("name"),
        max_length=150,
        unique=True,
        help_text=_("Full name, e.g. 'Internet Governance Forum'."),
    )
    acronym = models.CharField(
        _("acronym"),
        max_length=30,
        blank=True,
        help_text=_("Short form used in labels, e.g. 'IGF'."),
    )
    slug = models.SlugField(
        _("short code"),
        max_length=60,
        unique=True,
        help_text=_(
            "Used in web addresses: /news/process/<short code>/. Lowercase, "
            "no spaces, e.g. 'igf'. Changing it breaks existing links."
        ),
    )
    description = models.TextField(
        _("description"),
        help_text=_("Two or three sentences explaining the process to a newcomer."),
    )
    official_link = models.URLField(
        _("official website"),
        blank=True,
        help_text=_("The process's own page at the UN or its secretariat."),
    )
    source_link = models.URLField(
        _("source"),
        blank=True,
        help_text=_(
            "Where the description's facts come from, if not the official site."
        ),
    )
    status = models.CharField(
        _("process status"),
        max_length=20,
        choices=[(ONGOING, _("Ongoing")), (CONCLUDED, _("Concluded"))],
        default=ONGOING,
        help_text=_("Concluded processes stay on the site, listed after ongoing ones."),
    )
    sort_order = models.PositiveSmallIntegerField(
        _("position"),
        default=0,
        editable=False,
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("acronym")]),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("official_link"), FieldPanel("source_link")]),
        FieldPanel("status"),
        PublishingPanel(),
    ]
    base_form_class = ScheduledSnippetForm

    objects = UNProcessQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("UN process")
        verbose_name_plural = _("UN processes")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.acronym or self.name

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        # The position is set by dragging in the list, not by editing: publishing
        # an older draft must not move the process back.
        obj.sort_order = self.sort_order
        return obj

    def get_preview_template(self, request, mode_name):
        return "previews/un_process.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        # The dates readers will see on the process page once it is published.
        dates = publicly_visible_snippets(KeyDate.objects.filter(process_id=self.pk))
        context["key_dates"] = (
            list(dates.upcoming().order_by("start")[:10]) if self.pk else []
        )
        return context


class KeyDateQuerySet(models.QuerySet):
    def public(self) -> models.QuerySet:
        """Key dates readers may see: published, and so is their process."""
        return publicly_visible_snippets(
            publicly_visible_snippets(self), through="process"
        )

    def upcoming(self) -> models.QuerySet:
        """Key dates whose period has not ended yet, today included."""
        return self.filter(ends_on__gte=timezone.localdate())


class KeyDate(
    DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, models.Model
):
    """A meeting, deadline or decision in a UN process, with its precision.

    Moving a published date logs the move, with the editor's reason, in a public
    change log when the new date is published (not when a draft is saved).
    """

    PROVISIONAL, CONFIRMED, CANCELLED, DONE = (
        "provisional",
        "confirmed",
        "cancelled",
        "done",
    )
    STATUS_CHOICES = [
        (PROVISIONAL, _("Provisional")),
        (CONFIRMED, _("Confirmed")),
        (CANCELLED, _("Cancelled")),
        (DONE, _("Done")),
    ]
    PRECISION_CHOICES = [
        (DAY, _("Exact day(s), e.g. 17 Dec 2025")),
        (MONTH, _("Month only, e.g. Dec 2025")),
        (YEAR, _("Year only, e.g. 2027")),
    ]
    DATE_FIELDS = ("start", "end", "precision")

    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("What happens, e.g. 'IGF 2026' or 'Zero draft published'."),
    )
    process = models.ForeignKey(
        UNProcess,
        verbose_name=_("process"),
        on_delete=models.PROTECT,
        related_name="key_dates",
        help_text=_("The UN process this date belongs to."),
    )
    start = models.DateField(
        _("date"),
        help_text=_(
            "The day it happens or starts. For a month or year only, any day "
            "in it (the first is usual)."
        ),
    )
    end = models.DateField(
        _("end date"),
        null=True,
        blank=True,
        help_text=_("Only for events over several days; leave empty otherwise."),
    )
    precision = models.CharField(
        _("how precise is the date"),
        max_length=10,
        choices=PRECISION_CHOICES,
        default=DAY,
        help_text=_(
            "Month or year only when the exact day is not known yet. Only "
            "exact days go into calendar subscriptions."
        ),
    )
    date_change_note = models.CharField(
        _("why the date changed"),
        max_length=255,
        blank=True,
        help_text=_(
            "Required when you move a date that is on the website: readers see "
            "this reason in the change log once you publish, e.g. 'Postponed by "
            "the General Assembly'. Leave empty otherwise."
        ),
    )
    status = models.CharField(
        _("date status"),
        max_length=20,
        choices=STATUS_CHOICES,
        default=CONFIRMED,
        help_text=_("Provisional until officially announced; Done once it happened."),
    )
    location = models.CharField(
        _("location"),
        max_length=200,
        blank=True,
        help_text=_("City and country, or 'Online'. Optional."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Why it matters, in a sentence or two."),
    )
    official_link = models.URLField(
        _("official link"),
        blank=True,
        help_text=_("The official page for this meeting or document."),
    )
    source_link = models.URLField(
        _("source"),
        blank=True,
        help_text=_("Where the date comes from, if not the official link."),
    )
    outcome = RichTextField(
        _("outcome"),
        blank=True,
        features=SHORT_TEXT_FEATURES,
        help_text=_("What was decided or happened. Fill in once known."),
    )
    ends_on = models.DateField(editable=False, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = KeyDateQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        # A handful of processes: a plain list beats a chooser pop-up.
        FieldPanel("process", widget=forms.Select),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("precision"),
                FieldPanel("date_change_note"),
            ],
            heading=_("When"),
        ),
        FieldPanel("status"),
        FieldPanel("location"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("official_link"), FieldPanel("source_link")]),
        FieldPanel("outcome"),
        KeyDateChangesPanel(heading=_("Earlier dates (public change log)")),
        PublishingPanel(),
    ]
    base_form_class = KeyDateForm

    class Meta:
        ordering = ["start", "title"]
        verbose_name = _("key date")
        verbose_name_plural = _("key dates")

    def __str__(self) -> str:
        return f"{self.title} ({self.display_date})"

    def save(self, *args, **kwargs):
        self.ends_on = period_end(self.start, self.end, self.precision)
        super().save(*args, **kwargs)

    def published_dates(self) -> tuple | None:
        """(start, end, precision) as readers see them now; None if they cannot."""
        if self.pk is None:
            return None
        return (
            publicly_visible_snippets(KeyDate.objects.filter(pk=self.pk))
            .values_list(*self.DATE_FIELDS)
            .first()
        )

    def pending_date_change(self) -> tuple[str, str] | None:
        """(what readers see, what they will see) if publishing this moves the date."""
        before = self.published_dates()
        after = tuple(getattr(self, name) for name in self.DATE_FIELDS)
        if before is None or before == after:
            return None
        return format_key_date(*before), self.display_date

    def publish(self, revision, *args, **kwargs):
        """Publish, and log a move of the date readers saw, with its reason."""
        before = self.published_dates()
        result = super().publish(revision, *args, **kwargs)
        after = (
            KeyDate.objects.filter(pk=self.pk, live_revision=revision)
            .values_list(*self.DATE_FIELDS)
            .first()
        )
        if after is None:
            # Scheduled: logged when publish_scheduled publishes it.
            return result
        if before is not None and before != after:
            KeyDateChange.objects.create(
                key_date_id=self.pk,
                previous=format_key_date(*before),
                current=format_key_date(*after),
                note=revision.content.get("date_change_note") or "",
            )
        # The reason belonged to this publication; the next move needs its own.
        KeyDate.objects.filter(pk=self.pk).exclude(date_change_note="").update(
            date_change_note=""
        )
        return result

    @property
    def display_date(self) -> str:
        return format_key_date(self.start, self.end, self.precision)

    @property
    def is_upcoming(self) -> bool:
        return self.ends_on >= timezone.localdate()

    @property
    def anchor(self) -> str:
        """Its fragment on the key dates page."""
        return f"key-date-{self.pk}"

    # A provisional date is still expected to happen on the day given.
    EVENT_STATUS = {CANCELLED: "EventCancelled"}

    def as_event(self, url: str) -> dict | None:
        """The date as a schema.org Event, if it is known to the day."""
        if self.precision != DAY:
            return None
        event = {
            "@context": SCHEMA_CONTEXT,
            "@type": "Event",
            "name": f"{self.process.label}: {self.title}",
            "startDate": self.start.isoformat(),
            "endDate": (self.end or self.start).isoformat(),
            "eventStatus": "https://schema.org/"
            + self.EVENT_STATUS.get(self.status, "EventScheduled"),
            "url": self.official_link or url,
        }
        if self.location:
            event["location"] = {"@type": "Place", "name": self.location}
        description = self.description or plain_text(self.outcome)
        if description:
            event["description"] = description
        return event

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The end date is before the start date.")
        today = timezone.localdate()
        if (
            self.status == self.DONE
            and self.start
            and period_start(self.start, self.precision) > today
        ):
            errors["status"] = _(
                "“Done” is for dates that have come: %(date)s is still in the "
                "future. Choose Confirmed or Provisional, or correct the date."
            ) % {"date": self.display_date}
        if errors:
            raise ValidationError(errors)

    def get_preview_template(self, request, mode_name):
        return "previews/key_date.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context["pending_change"] = self.pending_date_change()
        return context


class KeyDateChange(models.Model):
    """A change to a key date's timing, kept for readers who planned around it."""

    key_date = models.ForeignKey(
        KeyDate, on_delete=models.CASCADE, related_name="changes"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    previous = models.CharField(max_length=60)
    current = models.CharField(max_length=60)
    note = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.previous} → {self.current}"
