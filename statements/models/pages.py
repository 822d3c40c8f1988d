"""The statement pages: a statement with its risk sections, and their index."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Prefetch, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.search import index

from core.blocks import SHORT_TEXT_FEATURES
from core.dates import DAY, PRECISION_CHOICES, format_date, iso_date, period_start
from core.models import BasePage, IndexPage, SiteSettings
from core.privacy import publicly_visible
from core.seo import SCHEMA_CONTEXT, organisation

from .. import directory
from ..blocks import RiskSectionStreamBlock, StatementStreamBlock
from ..directory import facet_rows, filtered_signatures, read_filters
from ..member_kit import MemberKitMixin
from ..panels import SignatoriesPanel
from ..signon import views as signon_views
from .library import Signature, public_signature_q

LOGO_FILTER = "max-240x96"


def logo_renditions() -> Prefetch:
    """The logos' renditions at the size lists show, for prefetching."""
    renditions = (
        get_image_model().get_rendition_model().objects.filter(filter_spec=LOGO_FILTER)
    )
    return Prefetch("signatory__logo__renditions", queryset=renditions)


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


class StatementPage(RoutablePageMixin, MemberKitMixin, BasePage):
    """A joint statement: its text, its risk sections and who signed it."""

    publication_date = models.DateField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_(
            "When the statement was first published or launched, shown to readers. "
            "For a month or year only, any day in it (the first is usual)."
        ),
    )
    publication_date_precision = models.CharField(
        _("how precise is the date"),
        max_length=10,
        choices=PRECISION_CHOICES,
        default=DAY,
        help_text=_(
            "Month or year only when no source gives the exact day: readers then "
            "see e.g. 'December 2024'."
        ),
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
        FieldRowPanel(
            [FieldPanel("publication_date"), FieldPanel("publication_date_precision")]
        ),
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
        index.SearchField("closing"),
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

    def clean(self):
        super().clean()
        # A typo such as 2042 would tell readers the statement is not out yet;
        # a statement scheduled to go live on its date is allowed.
        if self.publication_date:
            latest = timezone.localdate()
            if self.go_live_at:
                latest = max(latest, timezone.localdate(self.go_live_at))
            if (
                period_start(self.publication_date, self.publication_date_precision)
                > latest
            ):
                raise ValidationError(
                    {
                        "publication_date": _(
                            "%(date)s is in the future: correct the date, or "
                            "schedule publishing for that day (Go-live date)."
                        )
                        % {
                            "date": format_date(
                                self.publication_date, self.publication_date_precision
                            )
                        }
                    }
                )

    # -- Dates and what search engines and social media show ----------------------

    @property
    def display_publication_date(self) -> str:
        """'December 2024', or '17 December 2025' when the day is known."""
        if self.publication_date is None:
            return ""
        return format_date(self.publication_date, self.publication_date_precision)

    @property
    def iso_publication_date(self) -> str:
        if self.publication_date is None:
            return ""
        return iso_date(self.publication_date, self.publication_date_precision)

    @property
    def updated_since_published(self) -> bool:
        """Edited after its first publication (loading content publishes once)."""
        first, last = self.first_published_at, self.last_published_at
        return bool(first and last and last.date() != first.date())

    def get_summary(self) -> str:
        return self.standfirst

    def get_structured_data(self, request, meta: dict) -> list[dict]:
        article = {
            "@context": SCHEMA_CONTEXT,
            "@type": "Article",
            "headline": self.title[:110],
            "description": meta["description"],
            "url": meta["canonical"],
            "image": [meta["image"]["url"]],
            "author": organisation(SiteSettings.for_request(request)),
        }
        if self.publication_date:
            article["datePublished"] = self.iso_publication_date
        return [article]

    def get_sitemap_urls(self, request=None):
        """The statement, then its signatory directory and member kit."""
        urls = super().get_sitemap_urls(request)
        if not urls:
            return urls
        base = self.get_full_url(request)
        for name in ("signatories", "member_kit"):
            urls.append(
                {
                    "location": base + self.reverse_subpage(name),
                    "lastmod": urls[0].get("lastmod"),
                }
            )
        return urls

    # -- Signatories, as the public sees them ------------------------------------

    def public_signatures(self, logos: bool = True, walk_names: bool = False):
        """Public signatures in the coalition's alphabetical order, with their
        logo renditions prefetched unless `logos` is False.

        `walk_names` is for reading a page of the list: the database then walks
        the signatories' name index (signatory_order_idx) and stops at the
        LIMIT, instead of sorting every signature of the statement. SQLite's
        planner takes that path only when the statement test cannot use an
        index and the name has a range, hence the `+ 0` and the `>= ""`.
        """
        if walk_names:
            signatures = (
                Signature.objects.public()
                .alias(statement_key=F("statement_id") + 0)
                .filter(statement_key=self.pk, signatory__sort_key__gte="")
            )
        else:
            signatures = Signature.objects.public().filter(statement=self)
        signatures = signatures.select_related(
            "signatory__group", "signatory__logo", "signatory__logo_dark"
        ).order_by(*directory.ORDER)
        if logos:
            signatures = signatures.prefetch_related(logo_renditions())
        return signatures

    def signatory_totals(self) -> dict:
        """How many public organisations signed, and from how many countries:
        from the directory's cached facets (one signature per organisation)."""
        rows = facet_rows(self.pk)
        return {
            "organisations": sum(row["n"] for row in rows),
            "countries": len({row["signatory__country"] for row in rows}),
        }

    FOUNDERS_SHOWN = 24
    LATEST_SHOWN = 8
    DIRECTORY_PAGE_SIZE = 24

    @path("")
    def statement(self, request: HttpRequest) -> HttpResponse:
        """The statement, its count, the founding signatories and the latest to
        sign: a page that stays the same size however many sign."""
        founders = list(
            self.public_signatures(logos=False).filter(founding=True)[
                : self.FOUNDERS_SHOWN
            ]
        )
        latest = list(
            self.public_signatures(logos=False)
            .filter(founding=False, signed_on__isnull=False)
            .order_by("-signed_on", "-signatory_id")[: self.LATEST_SHOWN]
        )
        prefetch_related_objects(founders + latest, logo_renditions())
        return self.render(
            request,
            context_overrides={
                "totals": self.signatory_totals(),
                "founders": founders,
                "latest": latest,
            },
        )

    @path("signatories/")
    def signatories(self, request: HttpRequest) -> HttpResponse:
        """Every signatory, filtered by country and group, 24 a page from a
        position in the alphabetical list (keyset pagination: ?after=, ?before=,
        ?at= a signatory's id, or ?from= a letter), so a page deep in the list
        costs what the first one does."""
        filters = read_filters(request, self)
        listing = self.directory_page(request, filters)
        wanted = filters.query_string(**listing["position"])
        # Empty, unknown or out-of-range parameters (and the old ?page=) go to
        # the clean address.
        if listing["restart"] or (
            (f"?{request.GET.urlencode()}" if request.GET else "") != wanted
        ):
            return redirect(
                request.path
                + (filters.query_string() if listing["restart"] else wanted)
            )

        signatures = listing["signatures"]
        return self.render(
            request,
            template="pages/signatory_directory.html",
            context_overrides={
                "seo": self.directory_seo(request, signatures, 1),
                "filters": filters,
                "signatures": signatures,
                "letters": filters.letters(),
                "letter": listing["position"].get("from", ""),
                "first_page_url": filters.query_string()
                if listing["position"]
                else None,
                "previous_url": filters.query_string(
                    before=str(signatures[0].signatory_id)
                )
                if listing["has_previous"] and signatures
                else None,
                "next_url": filters.query_string(after=str(signatures[-1].signatory_id))
                if listing["has_next"]
                else None,
            },
        )

    def directory_page(self, request: HttpRequest, filters) -> dict:
        """One page of the directory from the position the query string asks
        for; a position that names no signatory counts as none."""
        size = self.DIRECTORY_PAGE_SIZE
        signatures = filtered_signatures(self, filters)
        listing = {"position": {}, "has_previous": False, "restart": False}
        for name in ("after", "before", "at"):
            if name not in request.GET:
                continue
            cursor = directory.cursor_signatory(request.GET[name])
            if cursor is None:
                break
            listing["position"] = {name: str(cursor.pk)}
            listing["has_previous"] = True
            if name == "before":
                rows = directory.cards(
                    self, directory.before(signatures, cursor), size + 1
                )
                # Fewer than a page before it: that is the first page.
                listing["restart"] = len(rows) <= size
                listing["signatures"] = rows[:size][::-1]
                listing["has_next"] = True
                return listing
            signatures = directory.after(signatures, cursor, inclusive=name == "at")
            break
        else:
            letter = request.GET.get("from", "").strip().upper()
            if len(letter) == 1 and letter in directory.LETTERS:
                listing["position"] = {"from": letter}
                listing["has_previous"] = filters.count_before(letter) > 0
                signatures = directory.starting_at(signatures, letter)
        rows = directory.cards(self, signatures, size + 1)
        listing["signatures"] = rows[:size]
        listing["has_next"] = len(rows) > size
        return listing

    def directory_seo(self, request: HttpRequest, signatures: list, first: int) -> dict:
        """The directory page's own title, address and schema.org ItemList."""
        title = _("Signatories: %(title)s") % {"title": self.title}
        items = []
        for position, card in enumerate(signatures, start=first):
            item = {"@type": "Organization", "name": card.name}
            if card.website:
                item["url"] = card.website
            if card.country:
                item["address"] = {
                    "@type": "PostalAddress",
                    "addressCountry": card.country,
                }
            items.append({"@type": "ListItem", "position": position, "item": item})
        return {
            "title": title,
            "description": _(
                "The organisations that signed “%(title)s”, by country and "
                "stakeholder group."
            )
            % {"title": self.title},
            # The view redirected every other query string to this clean one.
            "canonical": request.get_full_path(),
            "structured_data": [
                {
                    "@context": SCHEMA_CONTEXT,
                    "@type": "ItemList",
                    "name": title,
                    "itemListOrder": "https://schema.org/ItemListOrderAscending",
                    "itemListElement": items,
                }
            ],
        }

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
