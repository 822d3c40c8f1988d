"""The statement, its index, and the library of organisations that sign statements."""

from django.db import models
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model_string
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Page,
    PreviewableMixin,
    RevisionMixin,
)
from wagtail.search import index

from django_countries.fields import CountryField

from core.blocks import SHORT_TEXT_FEATURES
from core.models import CoalitionPageMixin

from .blocks import RiskSectionStreamBlock, StatementStreamBlock
from .panels import SignatoriesPanel
from .sorting import sort_key

LOGO_FILTER = "max-240x96"


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
    is_public = models.BooleanField(
        _("show on the website"),
        default=True,
        help_text=_("Untick to keep the organisation in the library but off the site."),
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
                FieldPanel("group"),
            ],
            heading=_("Organisation"),
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
        FieldPanel("is_public"),
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

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("short_name"),
        index.FilterField("country"),
        index.FilterField("is_public"),
    ]

    class Meta:
        ordering = ["sort_key", "name"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
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
    def display_logo_alt(self) -> str:
        return self.logo_alt_text or self.name

    def get_preview_template(self, request, mode_name):
        return "previews/signatory.html"


class SignatureQuerySet(models.QuerySet):
    def public(self) -> QuerySet:
        """Signatures of published organisations switched to public."""
        return self.filter(signatory__live=True, signatory__is_public=True)

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
        help_text=_("Leave empty if not known; shown next to the name."),
    )
    founding = models.BooleanField(
        _("founding signatory"),
        default=False,
        help_text=_("Tick for organisations that signed when the statement launched."),
    )

    panels = [FieldPanel("statement"), FieldPanel("signed_on"), FieldPanel("founding")]

    objects = SignatureQuerySet.as_manager()

    class Meta:
        verbose_name = _("signature")
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


class StatementIndexPage(CoalitionPageMixin, Page):
    """Lists the coalition's statements, newest first."""

    intro = RichTextField(
        _("introduction"),
        features=SHORT_TEXT_FEATURES,
        blank=True,
        help_text=_("A short text above the list of statements."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["statements.StatementPage"]
    max_count = 1
    template = "pages/statement_index_page.html"

    class Meta:
        verbose_name = _("statement index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["statements"] = (
            StatementPage.objects.child_of(self)
            .live()
            .public()
            .defer_streamfields()
            .order_by("-publication_date", "-first_published_at")
            .annotate(
                signatory_count=Count(
                    "signatures",
                    filter=Q(
                        signatures__signatory__live=True,
                        signatures__signatory__is_public=True,
                    ),
                )
            )
        )
        return context


class StatementPage(RoutablePageMixin, CoalitionPageMixin, Page):
    """A joint statement: its text, its risk sections and who signed it."""

    publication_date = models.DateField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_("The date the statement was first published, shown to readers."),
    )
    standfirst = models.TextField(
        _("standfirst"),
        blank=True,
        help_text=_("The opening paragraph, shown larger than the text."),
    )
    body = StreamField(
        StatementStreamBlock(),
        blank=True,
        verbose_name=_("statement text"),
        help_text=_("The statement up to its risk sections."),
    )
    risks = StreamField(
        RiskSectionStreamBlock(),
        blank=True,
        verbose_name=_("risk sections"),
        help_text=_(
            "Each risk gets its own section and an entry in the table of "
            "contents. Drag to reorder."
        ),
    )
    closing = RichTextField(
        _("closing text"),
        features=[*SHORT_TEXT_FEATURES, "ol", "ul"],
        blank=True,
        help_text=_("The text after the risk sections, before the signatories."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("publication_date"),
        FieldPanel("standfirst"),
        FieldPanel("body"),
        FieldPanel("risks"),
        FieldPanel("closing"),
        SignatoriesPanel(heading=_("Signatories")),
    ]
    parent_page_types = ["home.HomePage", "statements.StatementIndexPage"]
    subpage_types: list[str] = []
    search_fields = [
        *Page.search_fields,
        index.SearchField("standfirst"),
        index.SearchField("body"),
        index.SearchField("risks"),
    ]
    template = "pages/statement_page.html"

    class Meta:
        verbose_name = _("statement")

    # -- Signatories, as the public sees them ------------------------------------

    def public_signatures(self) -> QuerySet:
        """Public signatures in the coalition's alphabetical order, logos prefetched."""
        from wagtail.images import get_image_model

        renditions = (
            get_image_model()
            .get_rendition_model()
            .objects.filter(filter_spec=LOGO_FILTER)
        )
        return (
            Signature.objects.public()
            .filter(statement=self)
            .select_related(
                "signatory__group", "signatory__logo", "signatory__logo_dark"
            )
            .prefetch_related(
                Prefetch("signatory__logo__renditions", queryset=renditions)
            )
            .order_by("signatory__sort_key", "signatory__name")
        )

    def signatory_totals(self) -> dict:
        return Signature.objects.public_totals(self.pk)

    SIGNATORIES_SHOWN_ON_PAGE = 120

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        totals = self.signatory_totals()
        context["totals"] = totals
        context["signatures"] = list(
            self.public_signatures()[: self.SIGNATORIES_SHOWN_ON_PAGE]
        )
        context["more_signatories"] = max(
            0, totals["organisations"] - self.SIGNATORIES_SHOWN_ON_PAGE
        )
        return context

    @path("")
    def statement(self, request: HttpRequest) -> HttpResponse:
        return self.render(request)

    @path("signatories/")
    def signatories(self, request: HttpRequest) -> HttpResponse:
        from .views import signatory_directory

        return signatory_directory(request, self)
