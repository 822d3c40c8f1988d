"""The signatory editor's form."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm


class SignatoryForm(WagtailAdminModelForm):
    """Names the empty stakeholder-group choice in words, not dashes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "group" in self.fields:
            self.fields["group"].empty_label = _("Not set")
