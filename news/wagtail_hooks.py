"""Admin for UN processes and key dates, grouped under one menu item."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column, LiveStatusTagColumn, UpdatedAtColumn
from wagtail.models import Revision
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    IndexView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from core.viewsets import StaffSnippetChooserViewSet

from .models import KeyDate, UNProcess


class DraftStateIndexView(IndexView):
    """The listing's status column asks each row for its scheduled revision:
    read them for the whole page in one query instead of one per row."""

    def get_table(self, object_list):
        rows = list(object_list)
        scheduled = {
            revision.object_id: revision
            for revision in Revision.objects.filter(
                base_content_type=self.model.get_base_content_type(),
                object_id__in=[str(row.pk) for row in rows],
                approved_go_live_at__isnull=False,
            )
        }
        for row in rows:
            row.scheduled_revision = scheduled.get(str(row.pk))
        return super().get_table(rows)


class UNProcessViewSet(SnippetViewSet):
    """The UN processes news and key dates are filed under; drag to reorder.

    Drafts, revisions, preview, locking and scheduling come from the model.
    """

    model = UNProcess
    index_view_class = DraftStateIndexView
    chooser_viewset_class = StaffSnippetChooserViewSet
    icon = "globe"
    menu_label = _("UN processes")
    list_display = [
        "name",
        "acronym",
        "slug",
        Column("status", label=_("Process status"), accessor="get_status_display"),
        LiveStatusTagColumn(),
    ]
    list_filter = ["status"]
    search_fields = ["name", "acronym", "description"]
    search_backend_name = None
    sort_order_field = "sort_order"
    copy_view_enabled = False


class KeyDateViewSet(SnippetViewSet):
    """Meetings, deadlines and decisions; a changed date is logged for readers."""

    model = KeyDate
    index_view_class = DraftStateIndexView
    chooser_viewset_class = StaffSnippetChooserViewSet
    icon = "date"
    menu_label = _("Key dates")
    list_display = [
        "title",
        Column("process", label=_("Process")),
        Column("display_date", label=_("Date")),
        Column("status", label=_("Date status"), accessor="get_status_display"),
        "location",
        LiveStatusTagColumn(),
        UpdatedAtColumn(),
    ]
    list_filter = ["process", "status", "precision"]
    search_fields = ["title", "location", "description"]
    search_backend_name = None
    ordering = ["-start"]
    list_export = [
        "title",
        "process",
        "start",
        "end",
        "precision",
        "status",
        "location",
        "official_link",
        "source_link",
    ]
    export_filename = "key-dates"

    def get_queryset(self, request):
        return KeyDate.objects.select_related("process")


class NewsViewSetGroup(SnippetViewSetGroup):
    """'UN processes' menu: processes and their key dates."""

    items = (KeyDateViewSet, UNProcessViewSet)
    menu_icon = "globe"
    menu_label = _("UN processes")
    menu_name = "un-processes"
    menu_order = 210


register_snippet(NewsViewSetGroup)
