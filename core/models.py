"""Site-wide settings editable in the admin."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from .blocks import SocialLinkBlock


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Who publishes the site and how to reach them; shown in the footer."""

    organisation_name = models.CharField(
        _("organisation name"),
        max_length=200,
        default="Technical Community Coalition for Multistakeholderism",
        help_text=_("Full name, shown in the footer and in page titles."),
    )
    short_name = models.CharField(
        _("short name"),
        max_length=40,
        default="TCCM",
        help_text=_("Acronym shown in the header, e.g. 'TCCM'."),
    )
    tagline = models.CharField(
        _("tagline"),
        max_length=200,
        blank=True,
        help_text=_("One line under the name in the footer. Optional."),
    )
    contact_email = models.EmailField(
        _("contact e-mail"),
        blank=True,
        help_text=_("Public address for enquiries, shown in the footer. Optional."),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The page that explains how the site handles personal data."),
    )
    social_links = StreamField(
        [("link", SocialLinkBlock())],
        blank=True,
        verbose_name=_("social media links"),
        help_text=_("The coalition's accounts, in the order they should appear."),
    )

    select_related = ["privacy_page"]

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldPanel("short_name"),
                FieldPanel("tagline"),
            ],
            heading=_("Organisation"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_email"),
                FieldPanel("privacy_page"),
                FieldPanel("social_links"),
            ],
            heading=_("Footer"),
        ),
    ]

    class Meta:
        verbose_name = _("site settings")
