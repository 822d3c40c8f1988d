"""The signatory library: organisations, their stakeholder groups, their signatures."""

import datetime

from django import forms
from django.db import models
from django.db.models import CharField, Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.images import get_image_model_string
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    Revision,
    RevisionMixin,
)
from wagtail.search import index

from django_countries.fields import CountryField

from core.privacy import visible_snippet_q

from ..forms import SignatoryForm
from ..sorting import sort_key


class StakeholderGroup(models.Model):
    """A kind of technical community organisation, e.g. ccTLD registry."""

    name = models.CharField(
        _("name"),
        max_length=100,
        unique=True,
        help_text=_("As the public sees it, e.g. 'ccTLD registry'."),
    )
    slug = models.SlugField(
        _("short code"),
        max_length=100,
        unique=True,
        help_text=_("Used in web addresses, e.g. 'cctld-registry'."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Optional: who belongs in this group."),
    )
    sort_order = models.PositiveSmallIntegerField(
        _("position"),
        default=0,
        help_text=_("Groups are listed from the lowest number up."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("stakeholder group")
        verbose_name_plural = _("stakeholder groups")

    def __str__(self) -> str:
        return self.name


class SignatoryQuerySet(models.QuerySet):
    """Signatories by publication state, for the library's status tag and filter."""

    def _has_schedule(self) -> Exists:
        """A revision approved to go live later (Wagtail's 'scheduled')."""
        return Exists(
            Revision.objects.filter(
                base_content_type__app_label=self.model._meta.app_label,
                base_content_type__model=self.model._meta.model_name,
                object_id=Cast(OuterRef("pk"), output_field=CharField()),
                approved_go_live_at__isnull=False,
            )
        )

    def annotate_approved_schedule(self) -> QuerySet:
        """Whether each organisation has a publication scheduled, in the listing's
        own query: Signatory.approved_schedule reads it (as Wagtail does for pages)
        instead of querying revisions once per row."""
        return self.annotate(_approved_schedule=self._has_schedule())

    def scheduled(self) -> QuerySet:
        return self.filter(self._has_schedule())

    def not_scheduled(self) -> QuerySet:
        return self.exclude(self._has_schedule())


class Signatory(
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    ClusterableModel,
):
    """An organisation in the signatory library; it signs one or more statements."""

    name = models.CharField(
        _("organisation name"),
        max_length=255,
        help_text=_("Full name exactly as the organisation writes it."),
    )
    short_name = models.CharField(
        _("short name or acronym"),
        max_length=60,
        blank=True,
        help_text=_("Optional, e.g. 'CIRA'."),
    )
    sort_name = models.CharField(
        _("sort under"),
        max_length=255,
        blank=True,
        help_text=_(
            "Optional. Only if the name should be alphabetised differently, "
            "e.g. 'Internet New Zealand' for 'InternetNZ'."
        ),
    )
    sort_key = models.CharField(max_length=255, editable=False, db_index=True)
    website = models.URLField(
        _("website"), blank=True, help_text=_("Full address starting with https://")
    )
    country = CountryField(
        _("country"), help_text=_("Where the organisation is based.")
    )
    group = models.ForeignKey(
        StakeholderGroup,
        verbose_name=_("stakeholder group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="signatories",
        help_text=_(
            "The kind of organisation. Manage the list under Stakeholder groups."
        ),
    )
    logo = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("For light backgrounds. PNG or SVG, ideally wider than tall."),
    )
    logo_dark = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("logo for dark backgrounds"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional light-coloured version of the logo."),
    )
    logo_alt_text = models.CharField(
        _("logo description"),
        max_length=255,
        blank=True,
        help_text=_(
            "What screen readers say for the logo. Empty: the organisation's name."
        ),
    )
    contact_name = models.CharField(
        _("contact name"),
        max_length=200,
        blank=True,
        help_text=_("Private: never shown on the website."),
    )
    contact_email = models.EmailField(
        _("contact e-mail"),
        blank=True,
        help_text=_("Private: never shown on the website."),
    )
    notes = models.TextField(
        _("internal notes"), blank=True, help_text=_("Private notes for the team.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("short_name"),
                FieldPanel("sort_name"),
                FieldPanel("website"),
                FieldPanel("country"),
                FieldPanel("group", widget=forms.RadioSelect),
            ],
            heading=_("Organisation"),
            help_text=_(
                "Publishing puts the organisation on the website; until then it is a "
                "draft only staff see. To take it off the website, unpublish it: it "
                "stays in the library with its history."
            ),
        ),
        MultiFieldPanel(
            [FieldPanel("logo"), FieldPanel("logo_dark"), FieldPanel("logo_alt_text")],
            heading=_("Logo"),
        ),
        InlinePanel(
            "signatures",
            heading=_("Statements signed"),
            label=_("Signature"),
            help_text=_("Each statement this organisation signed, and when."),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldPanel("contact_email"),
                FieldPanel("notes"),
            ],
            heading=_("Private"),
            help_text=_("Only staff see these fields."),
        ),
    ]

    base_form_class = SignatoryForm

    objects = SignatoryQuerySet.as_manager()

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("short_name"),
        index.FilterField("country"),
        index.FilterField("live"),
        # The site search narrows candidates to public signatories by id.
        index.FilterField("id"),
    ]

    class Meta:
        ordering = ["sort_key", "name"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        # The directory's order: pages start from a position in it (keyset).
        indexes = [
            models.Index(fields=["sort_key", "name", "id"], name="signatory_order_idx")
        ]
        constraints = [
            models.UniqueConstraint(
                models.functions.Lower("name"),
                name="unique_signatory_name_ci",
                violation_error_message=_(
                    "An organisation with this name already exists."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.sort_key = sort_key(self.sort_name or self.name)
        super().save(*args, **kwargs)

    @property
    def approved_schedule(self) -> bool:
        if hasattr(self, "_approved_schedule"):
            return self._approved_schedule
        return super().approved_schedule

    @property
    def display_logo_alt(self) -> str:
        return self.logo_alt_text or self.name

    def get_preview_template(self, request, mode_name):
        return "previews/signatory.html"


def public_signature_q(prefix: str = "") -> Q:
    """Which signatures the public sees: the organisation passes the privacy
    rule for snippets. `prefix` is the path from the queried model to
    Signature, e.g. "signatures__"."""
    return visible_snippet_q(f"{prefix}signatory")


class SignatureQuerySet(models.QuerySet):
    def public(self) -> QuerySet:
        """Signatures the public may see (public_signature_q)."""
        return self.filter(public_signature_q())

    def public_totals(self, statement_id: int) -> dict:
        """How many public organisations signed, and from how many countries."""
        return (
            self.public()
            .filter(statement_id=statement_id)
            .aggregate(
                organisations=Count("signatory", distinct=True),
                countries=Count("signatory__country", distinct=True),
            )
        )


class Signature(models.Model):
    """That a signatory signed a statement, and on which date."""

    signatory = ParentalKey(
        Signatory, on_delete=models.CASCADE, related_name="signatures"
    )
    statement = models.ForeignKey(
        "statements.StatementPage",
        verbose_name=_("statement"),
        on_delete=models.CASCADE,
        related_name="signatures",
        help_text=_("The statement the organisation signed."),
    )
    signed_on = models.DateField(
        _("date signed"),
        null=True,
        blank=True,
        default=datetime.date.today,
        help_text=_(
            "Today unless you change it. Empty it if the date is not known; "
            "it is shown next to the name."
        ),
    )
    founding = models.BooleanField(
        _("founding signatory"),
        default=False,
        help_text=_("Tick for organisations that signed when the statement launched."),
    )

    # A handful of statements: one click on a radio button beats a page chooser.
    panels = [
        FieldPanel("statement", widget=forms.RadioSelect),
        FieldPanel("signed_on"),
        FieldPanel("founding"),
    ]

    objects = SignatureQuerySet.as_manager()

    class Meta:
        verbose_name = _("signature")
        # The statement page's founding signatories and latest signatures.
        indexes = [
            models.Index(
                fields=["statement", "founding"], name="signature_founding_idx"
            ),
            models.Index(
                fields=["statement", "signed_on", "signatory"],
                name="signature_latest_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["signatory", "statement"],
                name="one_signature_per_statement",
                violation_error_message=_(
                    "This organisation already signed that statement."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.signatory} – {self.statement}"
