"""The statement editor's window onto its signatories in the library."""

from django.urls import reverse

from wagtail.admin.panels import Panel

from .models.library import Signature


class SignatoriesPanel(Panel):
    """How many organisations signed, with links to manage them in the library.

    Signatures live on each signatory (the library scales to thousands), so the
    statement editor links there instead of listing them inline.
    """

    class BoundPanel(Panel.BoundPanel):
        template_name = "statements/admin/signatories_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            pk = self.instance.pk
            signatures = Signature.objects.filter(statement_id=pk) if pk else None
            context["total"] = signatures.count() if pk else 0
            context["public"] = signatures.public().count() if pk else 0
            context["library_url"] = (
                reverse("wagtailsnippets_statements_signatory:list")
                + f"?statement={pk}"
                if pk
                else None
            )
            # Both forms open with this statement chosen.
            query = f"?statement={pk}" if pk else ""
            context["add_url"] = (
                reverse("wagtailsnippets_statements_signatory:add") + query
            )
            context["import_url"] = (
                reverse("wagtailsnippets_statements_signatory:import") + query
            )
            return context
