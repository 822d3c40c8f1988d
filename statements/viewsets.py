"""Admin for the signatory library: listing, filters, export and CSV import."""

import csv

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import FormView, View

from wagtail.admin.auth import permission_denied
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, LiveStatusTagColumn, UpdatedAtColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button
from wagtail.snippets.permissions import get_permission_name
from wagtail.snippets.views.snippets import (
    CreateView,
    IndexView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

import django_filters
from django_countries import countries

from core.spreadsheets import spreadsheet_safe
from core.viewsets import StaffSnippetChooserViewSet

from .importing import (
    COLUMNS,
    EXPORTED,
    MAX_BYTES,
    MAX_ROWS,
    ImportResult,
    import_signatories,
)
from .models import Signatory, StakeholderGroup, StatementPage


def statement_from_url(request: HttpRequest) -> StatementPage | None:
    """The statement named by ?statement=<id>, if there is one."""
    value = request.GET.get("statement", "")
    if not value.isdigit():
        return None
    return StatementPage.objects.filter(pk=value).first()


class SignatoryFilterSet(WagtailFilterSet):
    """Narrow the library by country, group, status or statement signed."""

    STATUS_CHOICES = [
        ("live", _("Live: on the website")),
        ("changes", _("Live, with unpublished changes")),
        ("scheduled", _("Scheduled to be published")),
        ("draft", _("Draft: not on the website")),
    ]

    country = django_filters.ChoiceFilter(label=_("Country"), choices=list(countries))
    group = django_filters.ModelChoiceFilter(
        label=_("Stakeholder group"), queryset=StakeholderGroup.objects.all()
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATUS_CHOICES, method="filter_status"
    )
    statement = django_filters.ModelChoiceFilter(
        label=_("Signed"),
        field_name="signatures__statement",
        queryset=StatementPage.objects.all(),
    )

    class Meta:
        model = Signatory
        fields = ["country", "group", "status", "statement"]

    def filter_status(self, queryset, name, value):
        # The same states as the Status column (DraftStateMixin.status_string).
        if value == "live":
            return queryset.filter(live=True)
        if value == "changes":
            return queryset.filter(live=True, has_unpublished_changes=True)
        if value == "scheduled":
            return queryset.scheduled()
        if value == "draft":
            return queryset.filter(live=False).not_scheduled()
        return queryset


def yes_no(value) -> str:
    return "yes" if value else "no"


class SignatoryIndexView(IndexView):
    """The library listing, with the CSV import and its template for editors who
    can add."""

    # Cells as the import reads them (the viewset passes list_export and headings).
    custom_field_preprocess = {
        "live": {"csv": yes_no, "xlsx": yes_no},
        "country": {"csv": str, "xlsx": str},
    }

    def get_base_queryset(self):
        # The group column and the status tag read these without a query a row.
        return (
            super()
            .get_base_queryset()
            .select_related("group")
            .annotate_approved_schedule()
        )

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.permission_policy.user_has_permission(self.request.user, "add"):
            buttons += [
                Button(
                    _("Import from CSV"),
                    url=reverse(SignatoryViewSet.import_url_name),
                    icon_name="upload",
                    priority=50,
                ),
                Button(
                    _("Download a CSV template"),
                    url=reverse(SignatoryViewSet.template_url_name),
                    icon_name="download",
                    priority=51,
                ),
            ]
        return buttons


class SignatoryCreateView(CreateView):
    """Opened from a statement (?statement=<id>), the form starts with a signature
    of that statement, dated today."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        statement = statement_from_url(self.request)
        if statement is not None and not form.is_bound:
            # Only on the blank form: a submitted form carries its own rows.
            signatures = form.formsets["signatures"]
            signatures.extra = 1
            signatures.initial_extra = [{"statement": statement.pk}]
        return form


class SignatoryImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=format_lazy(
            _(
                "A CSV file (comma-separated, UTF-8) with the column names on its "
                "first line: start from the template or from an export of this "
                "library. Up to {size} MB and {rows} organisations a file."
            ),
            size=MAX_BYTES // 2**20,
            rows=f"{MAX_ROWS:,}",
        ),
    )
    statement = forms.ModelChoiceField(
        label=_("Statement they signed"),
        queryset=StatementPage.objects.order_by("title"),
        required=False,
        empty_label=_("None: only add or update organisations in the library"),
        help_text=_(
            "Every organisation in the file is recorded as a signatory of this "
            "statement (with the Date signed and Founding signatory columns). "
            "Leave it on 'None' to change only the library."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(max)s MB; split it into smaller files.")
                % {"max": MAX_BYTES // 2**20}
            )
        return upload


def result_message(result: ImportResult) -> str:
    """What the import did, in one sentence or two."""
    if not result.created and not result.updated:
        return ngettext(
            "Nothing to change: the organisation in the file is already in the "
            "library exactly as the file gives it.",
            "Nothing to change: the %(count)s organisations in the file are already "
            "in the library exactly as the file gives them.",
            len(result.unchanged),
        ) % {"count": len(result.unchanged)}
    parts = [
        ngettext(
            "%(count)s organisation added",
            "%(count)s organisations added",
            len(result.created),
        )
        % {"count": len(result.created)},
        ngettext("%(count)s updated", "%(count)s updated", len(result.updated))
        % {"count": len(result.updated)},
        ngettext("%(count)s unchanged", "%(count)s unchanged", len(result.unchanged))
        % {"count": len(result.unchanged)},
    ]
    message = _("Import done: %(parts)s.") % {"parts": ", ".join(parts)}
    if result.updated:
        names = [s.name for s in result.updated[:10]]
        if len(result.updated) > 10:
            names.append(_("and %(n)s more") % {"n": len(result.updated) - 10})
        message += " " + _("Updated: %(names)s.") % {"names": "; ".join(names)}
    return message


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
        # Preselected only when opened from a statement: choosing one records a
        # signature for every organisation in the file.
        return {"statement": statement_from_url(self.request)}

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
        context["columns"] = COLUMNS
        context["template_url"] = reverse(SignatoryViewSet.template_url_name)
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
        messages.success(self.request, result_message(result))
        return redirect(SignatoryViewSet.index_url_name)


class SignatoryTemplateView(View):
    """A CSV with the import's header row and one example row to overwrite."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(get_permission_name("add", Signatory)):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            'attachment; filename="signatories-template.csv"'
        )
        group = StakeholderGroup.objects.first()
        example = {column.key: column.example for column in COLUMNS}
        example["group"] = group.name if group else ""
        writer = csv.writer(response)
        writer.writerow([column.heading for column in COLUMNS])
        writer.writerow([spreadsheet_safe(example[c.key]) for c in COLUMNS])
        return response


class SignatoryViewSet(SnippetViewSet):
    """The signatory library: organisations that signed the coalition's statements."""

    model = Signatory
    chooser_viewset_class = StaffSnippetChooserViewSet
    icon = "group"
    menu_label = _("Signatories")
    menu_order = 100
    index_view_class = SignatoryIndexView
    add_view_class = SignatoryCreateView
    list_display = [
        "name",
        "short_name",
        Column("country", label=_("Country"), accessor="country.name"),
        Column("group", label=_("Stakeholder group")),
        # Draft, live, live + draft or scheduled (read from the annotated queryset).
        LiveStatusTagColumn(),
        UpdatedAtColumn(),
    ]
    list_per_page = 50
    search_fields = ["name", "short_name", "sort_name"]
    search_backend_name = None
    filterset_class = SignatoryFilterSet
    ordering = ["sort_key", "name"]
    # The import's columns and headings, so an export re-imports unchanged.
    list_export = [column.key for column in EXPORTED]
    export_headings = {column.key: column.heading for column in EXPORTED}
    export_filename = "signatories"
    copy_view_enabled = False
    import_url_name = "wagtailsnippets_statements_signatory:import"
    template_url_name = "wagtailsnippets_statements_signatory:import_template"
    index_url_name = "wagtailsnippets_statements_signatory:list"

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("import/", SignatoryImportView.as_view(), name="import"),
            path(
                "import/template.csv",
                SignatoryTemplateView.as_view(),
                name="import_template",
            ),
        ]


class StakeholderGroupViewSet(SnippetViewSet):
    """The editable list of stakeholder groups signatories belong to."""

    model = StakeholderGroup
    chooser_viewset_class = StaffSnippetChooserViewSet
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
