"""The home page: the site's root and its front door."""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.addresses import absolute_url
from core.blocks import BodyStreamBlock, ContentStreamBlock
from core.models import BasePage, SiteSettings, search_engines_panel
from core.privacy import publicly_visible
from core.seo import SCHEMA_CONTEXT, organisation
from news.models import KeyDateIndexPage, NewsIndexPage
from statements.models import StatementPage


class HomePage(BasePage):
    """The site root: hero with two calls to action, then why this matters."""

    hero_heading = models.CharField(
        _("headline"),
        max_length=160,
        help_text=_("The big line at the top of the home page."),
    )
    hero_intro = models.TextField(
        _("introduction"),
        max_length=600,
        blank=True,
        help_text=_("One or two sentences under the headline."),
    )
    primary_cta_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("main button links to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The page the main button opens, e.g. the statement."),
    )
    primary_cta_label = models.CharField(
        _("main button text"),
        max_length=60,
        blank=True,
        help_text=_("E.g. 'Read the statement'. Empty: the page's title."),
    )
    secondary_cta_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("second button links to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A second page, e.g. how to join. Optional."),
    )
    secondary_cta_label = models.CharField(
        _("second button text"),
        max_length=60,
        blank=True,
        help_text=_("E.g. 'See who signed'. Empty: the page's title."),
    )
    statement = models.ForeignKey(
        "statements.StatementPage",
        verbose_name=_("statement to count signatories of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The hero shows how many organisations have signed this statement, "
            "with a link to it."
        ),
    )
    body = StreamField(
        BodyStreamBlock(),
        blank=True,
        verbose_name=_("why this matters"),
        help_text=_(
            "The text under the hero: why multistakeholder governance matters."
        ),
    )

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_intro"),
                FieldPanel("primary_cta_page"),
                FieldPanel("primary_cta_label"),
                FieldPanel("secondary_cta_page"),
                FieldPanel("secondary_cta_label"),
                # The coalition has one statement, or a few: a list, not a search.
                FieldPanel("statement", widget=forms.Select),
            ],
            heading=_("Hero"),
        ),
        FieldPanel("body"),
    ]
    # The site root: its slug is in no address, and the main menu lists its
    # children, never the home page itself.
    promote_panels = [search_engines_panel(with_slug=False)]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.ContentPage",
        "statements.StatementPage",
        "statements.StatementIndexPage",
        "news.NewsIndexPage",
        "news.KeyDateIndexPage",
    ]
    max_count = 1
    template = "pages/home_page.html"

    class Meta:
        verbose_name = _("home page")

    def get_meta_title(self) -> str:
        return self.seo_title or self.hero_heading

    def get_summary(self) -> str:
        return self.hero_intro

    def get_structured_data(self, request, meta: dict) -> list[dict]:
        """The coalition (Organization), and the site with its search box."""
        settings = SiteSettings.for_request(request)
        org = organisation(settings)
        org["description"] = meta["description"]
        if settings.contact_email:
            org["email"] = settings.contact_email
        same_as = [link.value["url"] for link in settings.social_links]
        if same_as:
            org["sameAs"] = same_as
        search = absolute_url(reverse("search")) + "?q={search_term_string}"
        website = {
            "@type": "WebSite",
            "name": settings.organisation_name,
            "url": absolute_url("/"),
            "potentialAction": {
                "@type": "SearchAction",
                "target": {"@type": "EntryPoint", "urlTemplate": search},
                "query-input": "required name=search_term_string",
            },
        }
        return [{"@context": SCHEMA_CONTEXT, "@graph": [org, website]}]

    def get_context(self, request, *args, **kwargs):
        """The pages the home links to, found in one query; the news, key dates
        and signatory count widgets are the apps' own template tags."""
        context = super().get_context(request, *args, **kwargs)
        sections = ContentType.objects.get_for_models(NewsIndexPage, KeyDateIndexPage)
        linked = {
            page.pk: page
            for page in publicly_visible(Page.objects.all())
            # Whether the featured statement invites organisations to join.
            .annotate(
                sign_on_open=Subquery(
                    StatementPage.objects.filter(pk=OuterRef("pk")).values(
                        "sign_on_open"
                    )
                )
            )
            .filter(
                Q(
                    pk__in=[
                        self.primary_cta_page_id,
                        self.secondary_cta_page_id,
                        self.statement_id,
                    ]
                )
                | Q(
                    content_type__in=sections.values(),
                    path__startswith=self.path,
                    depth=self.depth + 1,
                )
            )
        }
        by_type = {page.content_type_id: page for page in linked.values()}
        context["calls_to_action"] = [
            {"url": page.get_url(request), "label": label or page.title}
            for page, label in (
                (linked.get(self.primary_cta_page_id), self.primary_cta_label),
                (linked.get(self.secondary_cta_page_id), self.secondary_cta_label),
            )
            if page is not None
        ]
        featured = context["featured_statement"] = linked.get(self.statement_id)
        context["join_url"] = (
            featured.get_url(request) + StatementPage.get_resolver().reverse("join")
            if featured is not None and featured.sign_on_open
            else None
        )
        news_index = by_type.get(sections[NewsIndexPage].pk)
        context["news_index"] = news_index.specific_deferred if news_index else None
        context["key_dates_page"] = by_type.get(sections[KeyDateIndexPage].pk)
        return context


class ContentPage(BasePage):
    """A general page of the site: About, Join us, Privacy, Contact."""

    intro = models.TextField(
        _("introduction"),
        max_length=600,
        blank=True,
        help_text=_(
            "One or two sentences under the title, shown larger than the text. "
            "Optional."
        ),
    )
    body = StreamField(
        ContentStreamBlock(),
        blank=True,
        verbose_name=_("text"),
        help_text=_(
            "The page itself: paragraphs, headings, quotes, boxes, pictures, "
            "files and videos."
        ),
    )

    content_panels = [*BasePage.content_panels, FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = ["home.ContentPage"]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    template = "pages/content_page.html"

    class Meta:
        verbose_name = _("general page")
        verbose_name_plural = _("general pages")

    def get_summary(self) -> str:
        return self.intro
