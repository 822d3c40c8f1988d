"""The dashboard as the editor's desk, and the coalition's guide in the Help menu."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .dashboard import (
    MyDraftsPanel,
    QuickActionsPanel,
    RecentlySignedPanel,
    SignOnRequestsPanel,
    UpcomingKeyDatesPanel,
)
from .views import EditorGuideView, guide_image

# Wagtail's own panels that only speak about Wagtail releases.
HIDDEN_PANELS = {"whats_new_in_wagtail_version", "upgrade_notification"}
# Help menu links to wagtail.org: replaced by our guide.
HIDDEN_HELP_ITEMS = {"editor-guide"}


@hooks.register("construct_homepage_panels")
def editors_desk(request, panels):
    panels[:] = [p for p in panels if getattr(p, "name", "") not in HIDDEN_PANELS]
    panels.extend(
        [
            QuickActionsPanel(),
            SignOnRequestsPanel(),
            MyDraftsPanel(),
            UpcomingKeyDatesPanel(),
            RecentlySignedPanel(),
        ]
    )


@hooks.register("register_admin_urls")
def editor_guide_urls():
    return [
        path("editor-guide/", EditorGuideView.as_view(), name="editor_guide"),
        path("editor-guide/<str:name>", guide_image, name="editor_guide_image"),
    ]


@hooks.register("construct_help_menu")
def coalition_help(request, menu_items):
    menu_items[:] = [
        item
        for item in menu_items
        if item.name not in HIDDEN_HELP_ITEMS
        and not item.name.startswith("whats-new-in-wagtail")
    ]


@hooks.register("register_help_menu_item")
def editor_guide_menu_item():
    return MenuItem(
        _("Editor guide"),
        reverse("editor_guide"),
        icon_name="help",
        order=900,
        name="tccm-editor-guide",
    )
