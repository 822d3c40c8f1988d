"""The home page: the site's root and its front door."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from core.blocks import BodyStreamBlock


class HomePage(Page):
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
    body = StreamField(
        BodyStreamBlock(),
        blank=True,
        verbose_name=_("why this matters"),
        help_text=_(
            "The text under the hero: why multistakeholder governance matters."
        ),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_intro"),
                FieldPanel("primary_cta_page"),
                FieldPanel("primary_cta_label"),
                FieldPanel("secondary_cta_page"),
                FieldPanel("secondary_cta_label"),
            ],
            heading=_("Hero"),
        ),
        FieldPanel("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    template = "pages/home_page.html"

    class Meta:
        verbose_name = _("home page")

    def calls_to_action(self) -> list[dict]:
        """The hero's buttons that point at a live page, main one first."""
        ctas = []
        for page, label in (
            (self.primary_cta_page, self.primary_cta_label),
            (self.secondary_cta_page, self.secondary_cta_label),
        ):
            if page is not None and page.live:
                ctas.append({"url": page.url, "label": label or page.title})
        return ctas
