"""Admin panels shared by every page type."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import PublishingPanel as WagtailPublishingPanel

SCHEDULE_HELP = {
    "go_live_at": _(
        "The page stays hidden until this moment, then publishes itself. Leave "
        "empty to publish when you press Publish."
    ),
    "expire_at": _(
        "From this moment the page disappears from the site: its address, the "
        "menus, lists, feeds and the sitemap. Leave empty to keep it online."
    ),
}


class PublishingPanel(WagtailPublishingPanel):
    """Wagtail's scheduling fields, explained for editors."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for child in self.children:
            field = getattr(child, "field_name", None)
            if field in SCHEDULE_HELP and not child.help_text:
                child.help_text = SCHEDULE_HELP[field]
