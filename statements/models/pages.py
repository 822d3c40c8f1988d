"""The statement pages: a statement with its risk sections, and their index."""

from django.conf import settings
from django.db import models
from django.db.models import Count, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.search import index

from core.blocks import SHORT_TEXT_FEATURES
from core.models import BasePage, IndexPage
from core.pagination import page_of
from core.privacy import publicly_visible

from ..blocks import RiskSectionStreamBlock, StatementStreamBlock
from ..directory import filtered_signatures, read_filters
from ..panels import SignatoriesPanel
from ..signon import views as signon_views
from .library import Signature, public_signature_q

LOGO_FILTER = "max-240x96"


class StatementIndexPage(IndexPage):
    """Lists the coalition's statements, newest first."""

    subpage_types = ["statements.StatementPage"]
    template = "pages/statement_index_page.html"

    class Meta:
        verbose_name = _("statement index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["statements"] = (
            publicly_visible(StatementPage.objects.child_of(self))
            .defer_streamfields()
            .order_by("-publication_date", "-first_published_at")
            .annotate(
                signatory_count=Count(
                    "signatures", filter=public_signature_q("signatures__")
                )
            )
        )
        return context


class StatementPage(RoutablePageMixin, BasePage):
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
    sign_on_open = models.BooleanField(
        _("accept requests to sign"),
        default=True,
        help_text=_(
            "When ticked, the statement invites organisations to join and the "
            "join form is open. Untick to close sign-on."
        ),
    )
    sign_on_intro = models.TextField(
        _("join form introduction"),
        blank=True,
        help_text=_(
            "Optional text above the join form, e.g. who may sign. Empty: a "
            "standard invitation."
        ),
    )
    closing = RichTextField(
        _("closing text"),
        features=[*SHORT_TEXT_FEATURES, "ol", "ul"],
        blank=True,
        help_text=_("The text after the risk sections, before the signatories."),
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("publication_date"),
        FieldPanel("standfirst"),
        FieldPanel("body"),
        FieldPanel("risks"),
        FieldPanel("closing"),
        SignatoriesPanel(heading=_("Signatories")),
        MultiFieldPanel(
            [FieldPanel("sign_on_open"), FieldPanel("sign_on_intro")],
            heading=_("Joining"),
            help_text=_(
                "Requests sent with the join form arrive under Sign-on requests "
                "for Comms staff to approve."
            ),
        ),
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

    @classmethod
    def can_create_at(cls, parent: Page) -> bool:
        """Once a statement index sits beside it, a new statement belongs in the
        index, which lists it: its parent stops offering "Statement"."""
        return (
            super().can_create_at(parent)
            and not parent.get_children().type(StatementIndexPage).exists()
        )

    # -- Signatories, as the public sees them ------------------------------------

    def public_signatures(self) -> QuerySet:
        """Public signatures in the coalition's alphabetical order, logos prefetched."""
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
    DIRECTORY_PAGE_SIZE = 100

    @path("")
    def statement(self, request: HttpRequest) -> HttpResponse:
        """The statement, its count and the first signatories in order."""
        totals = self.signatory_totals()
        signatures = list(self.public_signatures()[: self.SIGNATORIES_SHOWN_ON_PAGE])
        return self.render(
            request,
            context_overrides={
                "totals": totals,
                "signatures": signatures,
                "more_signatories": max(
                    0, totals["organisations"] - self.SIGNATORIES_SHOWN_ON_PAGE
                ),
            },
        )

    @path("signatories/")
    def signatories(self, request: HttpRequest) -> HttpResponse:
        """Every signatory, filtered by country and group, a hundred a page."""
        filters = read_filters(request, self)
        page = page_of(
            filtered_signatures(self, filters),
            self.DIRECTORY_PAGE_SIZE,
            filters.total,
            request.GET.get("page"),
        )
        filters.page = page.number
        # Empty, unknown or out-of-range parameters go to the clean address.
        wanted = filters.query_string()
        if (f"?{request.GET.urlencode()}" if request.GET else "") != wanted:
            return redirect(request.path + wanted)

        return self.render(
            request,
            template="pages/signatory_directory.html",
            context_overrides={
                "filters": filters,
                "signatures": list(page.object_list),
                "page_number": page.number,
                "last_page": page.paginator.num_pages,
                "previous_url": filters.query_string(page.number - 1)
                if page.has_previous()
                else None,
                "next_url": filters.query_string(page.number + 1)
                if page.has_next()
                else None,
                "first_index": page.start_index(),
            },
        )

    # -- Joining (statements/signon/) ----------------------------------------------

    @path("join/")
    def join(self, request: HttpRequest) -> HttpResponse:
        """The public form organisations use to ask to sign."""
        if not self.sign_on_open:
            return self.render_status(
                request, "pages/statement_join_closed.html", status=404
            )
        outcome = signon_views.handle_join(request, self)
        if outcome.done:
            return redirect(self.url + self.reverse_subpage("join_thanks"))
        if outcome.limited:
            return self.render_status(
                request, "pages/statement_join_limited.html", status=429
            )
        return self.render(
            request,
            template="pages/statement_join.html",
            context_overrides={"form": outcome.form, "notice": outcome.notice},
        )

    @path("join/thanks/")
    def join_thanks(self, request: HttpRequest) -> HttpResponse:
        return self.render(
            request,
            template="pages/statement_join_thanks.html",
            context_overrides={"link_days": settings.SIGNON_LINK_DAYS},
        )

    @path("join/confirm/")
    def join_confirm(self, request: HttpRequest) -> HttpResponse:
        """The link in the confirmation email (its token in ?t=: Wagtail's page
        URLs allow only letters, digits, - and _ in a path)."""
        confirmation = signon_views.confirm(request, self, request.GET.get("t", ""))
        response = self.render_status(
            request,
            "pages/statement_join_confirm.html",
            status=confirmation.status,
            confirmation=confirmation,
        )
        # Its address holds a secret token: no shared cache may keep it.
        add_never_cache_headers(response)
        return response

    def render_status(self, request, template: str, status: int, **context):
        response = self.render(request, template=template, context_overrides=context)
        response.status_code = status
        return response
