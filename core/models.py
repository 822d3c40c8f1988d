"""Site-wide settings editable in the admin, and what page models share."""

import math

from django.core.cache import cache
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel, TitleFieldPanel
from wagtail.admin.widgets import AdminAutoHeightTextInput
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model_string
from wagtail.models import Page, Site

from .addresses import site_root_url
from .blocks import SHORT_TEXT_FEATURES, SocialLinkBlock
from .forms import CoalitionCopyForm, CoalitionPageForm
from .panels import PublishingPanel
from .privacy import page_restrictions, publicly_visible
from .seo import image_meta, plain_text

# How long other processes may show a stale menu or footer when the cache is
# per-process (local memory); with Redis every process sees changes at once.
SITE_CHROME_CACHE_SECONDS = 300


def chrome_timeout(pages) -> int:
    """How long the menu or footer listing `pages` may be cached: no longer than
    until the first of them expires (expiry saves nothing, so no signal fires)."""
    now = timezone.now()
    upcoming = [p.expire_at for p in pages if p.expire_at and p.expire_at > now]
    if not upcoming:
        return SITE_CHROME_CACHE_SECONDS
    seconds = (min(upcoming) - now).total_seconds()
    return max(1, min(SITE_CHROME_CACHE_SECONDS, math.ceil(seconds)))


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
    social_image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("sharing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The picture social media show when someone shares a page that has no "
            "picture of its own. A JPEG or PNG of 1200 × 630 pixels works best "
            "(not SVG: social media do not show it). Empty: the coalition's name "
            "on dark blue."
        ),
    )

    CACHE_KEY = "site-settings:v3:{site}"

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
        FieldPanel("social_image", heading=_("Sharing image")),
    ]

    class Meta:
        verbose_name = _("site settings")

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.delete(self.CACHE_KEY.format(site=self.site_id))

    def find_public_privacy_page(self) -> Page | None:
        """The privacy page, if the public may see it: the footer links to no other."""
        if self.privacy_page_id is None:
            return None
        return publicly_visible(Page.objects.filter(pk=self.privacy_page_id)).first()

    @classmethod
    def for_request(cls, request):
        """Public pages read the footer from the cache: one query less per page.

        The admin edits through for_site(), which always reads the database; saving
        the settings or any page drops the cached copy (see core.navigation).
        """
        attr = cls.get_cache_attr_name()
        if hasattr(request, attr):
            return getattr(request, attr)
        site = Site.find_for_request(request)
        if site is None:
            return super().for_request(request)
        key = cls.CACHE_KEY.format(site=site.pk)
        instance = cache.get(key)
        if instance is None:
            instance = cls.for_site(site)
            page = instance.public_privacy_page = instance.find_public_privacy_page()
            # Renditions are made once, here: pages then read the URL for free.
            instance.sharing_image = image_meta(instance.social_image)
            cache.set(key, instance, chrome_timeout([page] if page else []))
        instance._request = request
        setattr(request, attr, instance)
        return instance


def ancestors_of(page: Page) -> list[Page]:
    """The page's ancestors below the tree root, nearest first.

    Routing caches each parent on its child, so for a served page this costs no
    query; otherwise it falls back to one.
    """
    chain, node = [], page
    while node.depth > 2:
        parent = getattr(node, "_cached_parent_obj", None)
        if parent is None:
            return list(page.get_ancestors().filter(depth__gt=1).reverse())
        chain.append(parent)
        node = parent
    return chain


class CoalitionPageMixin:
    """Wagtail's routing and serving, with the site's privacy rule and fewer queries.

    Wagtail fetches a child as a plain Page, then its specific row, and checks
    view restrictions by loading all ancestors. Joining the allowed child types'
    tables in the routing query, and deriving the restrictions from the tree
    path (core.privacy), saves two queries on every public request. Everything
    else (live check, password and login forms, before_serve_page hooks, aliases)
    is Wagtail's own: tests/core/test_routing.py holds it to that.
    """

    def get_view_restrictions(self):
        return page_restrictions(self, ancestors_of(self))

    def get_url_parts(self, request=None):
        """Full URLs start with the site's one address (core.addresses), not
        with whatever the Site record last recorded: the site has one root."""
        parts = super().get_url_parts(request)
        if parts is None or parts[1] is None:
            return parts
        return parts[0], site_root_url(), parts[2]

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        links = [
            model._meta.model_name
            for model in self.specific_class.allowed_subpage_models()
            if Page in model._meta.parents
        ]
        try:
            child = (
                self.get_children().select_related(*links).get(slug=path_components[0])
            )
        except Page.DoesNotExist as error:
            raise Http404 from error
        name = child.specific_class._meta.model_name if child.specific_class else ""
        specific = getattr(child, name) if name in links else child.specific
        specific._cached_parent_obj = self
        return specific.route(request, path_components[1:])


# A title grows to as many lines as it needs instead of scrolling out of sight
# in a one-line box (as wagtail/wagtail#10444 proposes). It is still one line:
# Enter does nothing, and CoalitionPageForm turns pasted line breaks into spaces.
TITLE_PANEL = TitleFieldPanel(
    "title",
    widget=AdminAutoHeightTextInput(
        attrs={
            "data-controller": "w-autosize w-action",
            "data-action": "keydown.enter->w-action#noop:prevent",
        }
    ),
)


def search_engines_panel(*, with_slug: bool = True) -> MultiFieldPanel:
    """The web address and what search engines show, explained for editors."""
    fields = [
        FieldPanel(
            "seo_title",
            help_text=_(
                "The headline search engines and browser tabs show. Leave empty to "
                "use the page title."
            ),
        ),
        FieldPanel(
            "search_description",
            help_text=_(
                "One or two sentences search engines and social media show under "
                "the headline. Optional."
            ),
        ),
    ]
    if with_slug:
        slug = FieldPanel(
            "slug",
            help_text=_(
                "The end of the page's web address, made from the title: "
                "lowercase letters, numbers and hyphens. Change it after publishing "
                "and the old address forwards to the new one."
            ),
        )
        fields.insert(0, slug)
    return MultiFieldPanel(fields, heading=_("For search engines"))


# The main menu lists the site root's children (core.navigation): page types
# that never sit there leave this panel out of their promote_panels.
MAIN_MENU_PANEL = MultiFieldPanel(
    [
        FieldPanel(
            "show_in_menus",
            heading=_("Show in the main menu"),
            help_text=_(
                "Adds a link to this page to the menu at the top of every page. "
                "Only pages directly under Home can be in the menu."
            ),
        ),
        FieldPanel("menu_title"),
    ],
    heading=_("For the main menu"),
)


class BasePage(CoalitionPageMixin, Page):
    """What every page of the site has: a short label for the main menu."""

    menu_title = models.CharField(
        _("menu label"),
        max_length=40,
        blank=True,
        help_text=_(
            "A shorter name for the main menu, e.g. 'Statement'. Leave empty to use "
            "the page title."
        ),
    )

    content_panels = [TITLE_PANEL]
    promote_panels = [search_engines_panel(), MAIN_MENU_PANEL]
    settings_panels = [PublishingPanel(), *Page.settings_panels[1:]]
    base_form_class = CoalitionPageForm
    copy_form_class = CoalitionCopyForm
    og_type = "website"

    class Meta:
        abstract = True

    # -- What search engines and social media show (core.seo) -----------------

    def get_summary(self) -> str:
        """A sentence or two about the page, in plain text, for search results
        and sharing cards when the editor wrote no search description."""
        return ""

    def get_meta_title(self) -> str:
        return self.seo_title or self.title

    def get_meta_description(self) -> str:
        return self.search_description or self.get_summary()

    def get_social_image(self) -> dict | None:
        """The page's own sharing image (core.seo.image_meta); None: the site's."""
        return None

    def get_structured_data(self, request, meta: dict) -> list[dict]:
        """schema.org objects describing the page; `meta` holds its title,
        description, canonical URL and sharing image."""
        return []


class IndexPage(BasePage):
    """A one-off section of the site: a short introduction above a listing."""

    intro = RichTextField(
        _("introduction"),
        features=SHORT_TEXT_FEATURES,
        blank=True,
        help_text=_("A short text shown above the list."),
    )

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    max_count = 1

    class Meta:
        abstract = True

    def get_summary(self) -> str:
        return plain_text(self.intro)
