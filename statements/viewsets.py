"""Admin for the signatory library: listing, filters, export and CSV import."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from wagtail.admin.auth import permission_denied
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column, UpdatedAtColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button
from wagtail.snippets.permissions import get_permission_name
from wagtail.snippets.views.snippets import (
    IndexView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

import django_filters
from django_countries import countries

from .importing import MAX_BYTES, OPTIONAL_COLUMNS, REQUIRED_COLUMNS, import_signatories
from .models import Signatory, StakeholderGroup, StatementPage


class SignatoryFilterSet(WagtailFilterSet):
    """Narrow the library by country, group, visibility or statement signed."""

    country = django_filters.ChoiceFilter(label=_("Country"), choices=list(countries))
    group = django_filters.ModelChoiceFilter(
        label=_("Stakeholder group"), queryset=StakeholderGroup.objects.all()
    )
    is_public = django_filters.BooleanFilter(label=_("Shown on the website"))
    statement = django_filters.ModelChoiceFilter(
        label=_("Signed"),
        field_name="signatures__statement",
        queryset=StatementPage.objects.all(),
    )

    class Meta:
        model = Signatory
        fields = ["country", "group", "is_public", "statement"]


class SignatoryIndexView(IndexView):
    """The library listing, with an 'Import from CSV' action for editors who can add."""

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.permission_policy.user_has_permission(self.request.user, "add"):
            buttons.append(
                Button(
                    _("Import from CSV"),
                    url=reverse(SignatoryViewSet.import_url_name),
                    icon_name="upload",
                    priority=50,
                )
            )
        return buttons


class SignatoryImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Comma-separated, UTF-8, first line the column names. Required columns: "
            "%(required)s. Optional: %(optional)s."
        )
        % {
            "required": ", ".join(REQUIRED_COLUMNS),
            "optional": ", ".join(OPTIONAL_COLUMNS),
        },
    )
    statement = forms.ModelChoiceField(
        label=_("Statement they signed"),
        queryset=StatementPage.objects.order_by("title"),
        required=False,
        help_text=_(
            "Every imported organisation is recorded as a signatory of this statement "
            "(with the signed_on and founding columns). Leave empty to only add them "
            "to the library."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(max)s MB.") % {"max": MAX_BYTES // 2**20}
            )
        return upload


class SignatoryImportView(WagtailAdminTemplateMixin, FormView):
    """Upload a CSV; every row is checked and nothing is saved unless all are valid."""

    form_class = SignatoryImportForm
    template_name = "statements/admin/import_signatories.html"
    page_title = _("Import signatories")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(get_permission_name("add", Signatory)):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        statements = list(StatementPage.objects.all()[:2])
        return {"statement": statements[0] if len(statements) == 1 else None}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse(SignatoryViewSet.index_url_name),
                "label": _("Signatories"),
            },
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs_items"] = self.get_breadcrumbs_items()
        context["required_columns"] = REQUIRED_COLUMNS
        context["optional_columns"] = OPTIONAL_COLUMNS
        return context

    def form_valid(self, form):
        data = form.cleaned_data["file"].read()
        result = import_signatories(
            data, form.cleaned_data["statement"], self.request.user
        )
        if not result.ok:
            return self.render_to_response(
                self.get_context_data(form=form, import_errors=result.errors)
            )
        messages.success(
            self.request,
            _("%(count)s organisations imported.") % {"count": len(result.created)},
        )
        return redirect(SignatoryViewSet.index_url_name)


class SignatoryViewSet(SnippetViewSet):
    """The signatory library: organisations that signed the coalition's statements."""

    model = Signatory
    icon = "group"
    menu_label = _("Signatories")
    menu_order = 100
    index_view_class = SignatoryIndexView
    list_display = [
        "name",
        "short_name",
        Column("country", label=_("Country"), accessor="country.name"),
        Column("group", label=_("Stakeholder group")),
        BooleanColumn("is_public", label=_("On the website")),
        UpdatedAtColumn(),
    ]
    list_per_page = 50
    search_fields = ["name", "short_name", "sort_name"]
    search_backend_name = None
    filterset_class = SignatoryFilterSet
    ordering = ["sort_key", "name"]
    list_export = [
        "name",
        "short_name",
        "sort_name",
        "website",
        "country",
        "group",
        "is_public",
        "live",
        "contact_name",
        "contact_email",
        "notes",
    ]
    export_headings = {"group": _("Stakeholder group"), "is_public": _("Public")}
    export_filename = "signatories"
    copy_view_enabled = False
    import_url_name = "wagtailsnippets_statements_signatory:import"
    index_url_name = "wagtailsnippets_statements_signatory:list"

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("import/", SignatoryImportView.as_view(), name="import"),
        ]


class StakeholderGroupViewSet(SnippetViewSet):
    """The editable list of stakeholder groups signatories belong to."""

    model = StakeholderGroup
    icon = "tag"
    menu_label = _("Stakeholder groups")
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    search_backend_name = None
    ordering = ["sort_order", "name"]


class CoalitionViewSetGroup(SnippetViewSetGroup):
    """Groups the signatory library's admin under one menu item."""

    items = (SignatoryViewSet, StakeholderGroupViewSet)
    menu_icon = "group"
    menu_label = _("Signatories")
    menu_name = "signatories"
    menu_order = 200
