"""Admin forms for news snippets."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm


class KeyDateForm(WagtailAdminModelForm):
    """Adds a 'why the date changed' note that goes into the public change log."""

    change_note = forms.CharField(
        label=_("Why the date changed"),
        required=False,
        max_length=255,
        help_text=_(
            "Only when you change the date: shown to readers in the change log, "
            "e.g. 'Postponed by the General Assembly'."
        ),
    )

    def save(self, commit=True):
        self.instance.change_note = self.cleaned_data.get("change_note", "")
        return super().save(commit=commit)
