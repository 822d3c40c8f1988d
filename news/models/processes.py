"""UN processes the coalition follows, and their key dates with a change log."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField

from core.blocks import SHORT_TEXT_FEATURES

from ..dates import DAY, MONTH, YEAR, format_key_date, period_end
from ..forms import KeyDateForm
from ..panels import KeyDateChangesPanel


class UNProcess(models.Model):
    """A UN decision-making process, e.g. the WSIS+20 review or the IGF."""

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
        _("status"),
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
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("UN process")
        verbose_name_plural = _("UN processes")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.acronym or self.name


class KeyDateQuerySet(models.QuerySet):
    def upcoming(self) -> models.QuerySet:
        """Key dates whose period has not ended yet, today included."""
        return self.filter(ends_on__gte=timezone.localdate())


class KeyDate(models.Model):
    """A meeting, deadline or decision in a UN process, with its precision."""

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
    status = models.CharField(
        _("status"),
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
        FieldPanel("process"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("precision"),
                FieldPanel("change_note"),
            ],
            heading=_("When"),
        ),
        FieldPanel("status"),
        FieldPanel("location"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("official_link"), FieldPanel("source_link")]),
        FieldPanel("outcome"),
        KeyDateChangesPanel(heading=_("Earlier dates (public change log)")),
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
        stored = getattr(self, "_stored_dates", None)
        changed = (
            stored is not None
            and len(stored) == len(self.DATE_FIELDS)
            and any(stored[name] != getattr(self, name) for name in self.DATE_FIELDS)
        )
        super().save(*args, **kwargs)
        if changed:
            KeyDateChange.objects.create(
                key_date=self,
                previous=format_key_date(
                    stored["start"], stored["end"], stored["precision"]
                ),
                current=self.display_date,
                note=getattr(self, "change_note", "") or "",
            )
        self._stored_dates = {name: getattr(self, name) for name in self.DATE_FIELDS}

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # Remember the stored date so a change can be logged on save.
        instance._stored_dates = {
            name: getattr(instance, name)
            for name in cls.DATE_FIELDS
            if name in field_names
        }
        return instance

    @property
    def display_date(self) -> str:
        return format_key_date(self.start, self.end, self.precision)

    @property
    def is_upcoming(self) -> bool:
        return self.ends_on >= timezone.localdate()

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end date is before the start date.")})


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
