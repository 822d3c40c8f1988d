"""Admin panels for key dates and UN processes."""

from wagtail.admin.panels import Panel


class KeyDateChangesPanel(Panel):
    """Shows editors the public change log of the key date they are editing,
    and the move that publishing their version would add to it."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "news/admin/key_date_changes_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            pk = getattr(self.instance, "pk", None)
            context["changes"] = list(self.instance.changes.all()) if pk else []
            context["pending_change"] = self.instance.pending_date_change()
            return context
