"""Sign-on requests in the admin: the list Comms staff moderate from, and the
review page where they approve, reject, export or erase."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views import View

from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.views.generic.models import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

import django_filters

from ..models.library import Signatory
from ..models.pages import StatementPage
from ..models.signon import SignOnRequest
from . import moderation

STATUS_FILTER_CHOICES = [
    ("verified", _("Confirmed: to review")),
    ("unverified", _("Waiting for email confirmation")),
    ("expired", _("Expired: email never confirmed")),
    ("approved", _("Approved")),
    ("rejected", _("Rejected")),
]


class SignOnRequestFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATUS_FILTER_CHOICES, method="filter_status"
    )
    statement = django_filters.ModelChoiceFilter(
        label=_("Statement"), queryset=StatementPage.objects.all()
    )

    class Meta:
        model = SignOnRequest
        fields = ["status", "statement"]

    def filter_status(self, queryset, name, value):
        return queryset.with_status(value)


class FlagsColumn(Column):
    """What staff should look at twice: possible duplicates, a contact email from
    another domain, an email that could not be sent."""

    cell_template_name = "statements/signon/flags_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["flags"] = flags_of(instance)
        return context


def flags_of(request: SignOnRequest) -> list[str]:
    flags = [str(reason).capitalize() for reason in request.duplicate_reasons()]
    if not request.email_matches_website:
        flags.append(str(_("Email domain differs from the website")))
    if request.email_problem:
        flags.append(request.email_problem)
    return flags


class SignOnRequestIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("group", "statement")
            .annotate_duplicates()
        )

    def get_edit_url(self, instance):
        # The title opens the review page: requests are decided, not edited.
        return reverse(self.inspect_url_name, args=(instance.pk,))


class ApproveForm(forms.Form):
    signatory = forms.ModelChoiceField(
        label=_("Put it on the statement as"),
        queryset=Signatory.objects.none(),
        required=False,
        blank=True,
        empty_label=_("A new organisation in the library (published now)"),
        widget=forms.RadioSelect,
        help_text=_(
            "Choose an organisation already in the library if this request is from "
            "one of them: its signature is added, no duplicate is created."
        ),
    )

    def __init__(self, *args, request_obj: SignOnRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signatory"].queryset = Signatory.objects.filter(
            pk__in=[s.pk for s in request_obj.matching_signatories()]
        )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_(
            "Kept with the request for the team. If you email the requester, the "
            "email includes it."
        ),
    )
    notify = forms.BooleanField(
        label=_("Email the requester"),
        required=False,
        help_text=_(
            "Send the reason to the contact who sent the request (only once they "
            "have confirmed their email address)."
        ),
    )


class SignOnRequestReviewView(InspectView):
    """Everything the requester sent, the flags, and the decision."""

    template_name = "statements/signon/review.html"
    any_permission_required = ["view", "change"]

    def get_page_title(self):
        return _("Review sign-on request")

    def get_fields(self):
        return [
            "statement",
            "organisation_name",
            "website",
            "country",
            "group",
            "contact_name",
            "contact_email",
            "role",
            "message",
            "created_at",
            "verified_at",
        ]

    def get_website_display_value(self):
        return format_html(
            '<a href="{0}" rel="noopener noreferrer nofollow" target="_blank">{0}</a>',
            self.object.website,
        )

    def get_verified_at_display_value(self):
        if self.object.verified_at is None:
            return _("Not yet")
        return self.object.verified_at

    def get_message_display_value(self):
        return self.object.message or "–"

    @cached_property
    def header_more_buttons(self):
        buttons = []
        user = self.request.user
        if self.permission_policy.user_has_permission(user, "view"):
            buttons.append(
                Button(
                    _("Export this person's data"),
                    url=reverse("sign_on_requests:export", args=(self.object.pk,)),
                    icon_name="download",
                    priority=10,
                )
            )
        if self.permission_policy.user_has_permission(user, "delete"):
            buttons.append(
                Button(
                    _("Erase this person's data"),
                    url=reverse("sign_on_requests:erase", args=(self.object.pk,)),
                    icon_name="bin",
                    priority=20,
                )
            )
        return buttons

    def can_decide(self) -> bool:
        return self.permission_policy.user_has_permission(self.request.user, "change")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request_obj = self.object
        can_decide = self.can_decide()
        context.update(
            request_obj=request_obj,
            flags=flags_of(request_obj),
            can_decide=can_decide,
            logo_url=reverse("sign_on_requests:logo", args=(request_obj.pk,))
            if request_obj.logo
            else "",
        )
        if can_decide and request_obj.status == SignOnRequest.Status.VERIFIED:
            context.setdefault(
                "approve_form", ApproveForm(request_obj=request_obj, prefix="approve")
            )
        if can_decide and request_obj.is_open:
            context.setdefault("reject_form", RejectForm(prefix="reject"))
        return context

    def post(self, request, *args, **kwargs):
        if not self.can_decide():
            raise PermissionDenied
        request_obj = self.object
        action = request.POST.get("action")
        try:
            if action == "approve":
                form = ApproveForm(
                    request.POST, request_obj=request_obj, prefix="approve"
                )
                if not form.is_valid():
                    return self.render_to_response(
                        self.get_context_data(approve_form=form)
                    )
                signatory = moderation.approve(
                    request_obj, request.user, form.cleaned_data["signatory"]
                )
                messages.success(
                    request,
                    _("%(name)s now signs the statement and is on the website.")
                    % {"name": signatory.name},
                )
            elif action == "reject":
                form = RejectForm(request.POST, prefix="reject")
                if not form.is_valid():
                    return self.render_to_response(
                        self.get_context_data(reject_form=form)
                    )
                moderation.reject(
                    request_obj,
                    request.user,
                    form.cleaned_data["reason"],
                    form.cleaned_data["notify"],
                )
                messages.success(request, _("The request was rejected."))
            else:
                return redirect(request.path)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(request.path)
        return redirect(self.index_url_name)


class RequestStaffView(View):
    """A view of one request, for staff holding any of `permissions`."""

    permission_policy = None
    permissions = ("view", "change")

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_any_permission(
            request.user, self.permissions
        ):
            raise PermissionDenied
        self.request_obj = get_object_or_404(SignOnRequest, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)


class LogoView(RequestStaffView):
    """The logo a requester sent, to staff only, never as active content."""

    def get(self, request, pk):
        request_obj = self.request_obj
        if not request_obj.logo:
            raise Http404
        extension = request_obj.logo.name.rpartition(".")[2]
        content_type = {
            "png": "image/png",
            "jpg": "image/jpeg",
            "webp": "image/webp",
            "gif": "image/gif",
        }.get(extension)
        if content_type is None:
            raise Http404
        response = FileResponse(request_obj.logo.open("rb"), content_type=content_type)
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class ExportView(RequestStaffView):
    """A person's data, as a JSON download (GDPR access request)."""

    def get(self, request, pk):
        request_obj = self.request_obj
        response = HttpResponse(
            moderation.export_person(request_obj.contact_email),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="sign-on-data-{request_obj.pk}.json"'
        )
        return response


class EraseView(RequestStaffView):
    """Erase a person's data everywhere we hold it (GDPR erasure), after a
    confirmation page that says exactly what goes."""

    permissions = ("delete",)

    def get(self, request, pk):
        email = self.request_obj.contact_email
        return TemplateResponse(
            request,
            "statements/signon/erase.html",
            {
                "request_obj": self.request_obj,
                "email": email,
                "request_count": moderation.requests_of(email).count(),
                "signatories": Signatory.objects.filter(contact_email__iexact=email),
                "cancel_url": reverse("sign_on_requests:inspect", args=(pk,)),
            },
        )

    def post(self, request, pk):
        count = moderation.erase_person(self.request_obj.contact_email)
        messages.success(
            request,
            _("Erased: %(count)s request(s) and the person's contact details.")
            % {"count": count},
        )
        return redirect("sign_on_requests:index")


class SignOnRequestViewSet(ModelViewSet):
    model = SignOnRequest
    name = "sign_on_requests"
    url_prefix = "sign-on-requests"
    icon = "mail"
    menu_label = _("Sign-on requests")
    menu_order = 210
    add_to_admin_menu = True
    index_view_class = SignOnRequestIndexView
    inspect_view_enabled = True
    inspect_view_class = SignOnRequestReviewView
    copy_view_enabled = False
    filterset_class = SignOnRequestFilterSet
    search_fields = ["organisation_name", "contact_name", "contact_email", "website"]
    list_per_page = 50
    # Requests come only from the public form; staff decide, never write them.
    form_fields = ["rejection_reason"]
    list_display = [
        "organisation_name",
        "country",
        "group",
        StatusTagColumn(
            "status_label", label=_("Status"), primary=lambda r: r.status == "verified"
        ),
        FlagsColumn("flags", label=_("Check")),
        DateColumn("created_at", label=_("Received")),
    ]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(add_url_name=None, **kwargs)

    def get_common_view_kwargs(self, **kwargs):
        # Only the list and the review page exist: no links to add, edit, copy
        # or delete views.
        return super().get_common_view_kwargs(
            **{
                "add_url_name": None,
                "edit_url_name": None,
                "delete_url_name": None,
                "history_url_name": None,
                "usage_url_name": None,
                **kwargs,
            }
        )

    @cached_property
    def url_finder_class(self):
        # "Edit" links elsewhere in the admin open the review page.
        return type(
            "SignOnRequestURLFinder",
            (ModelAdminURLFinder,),
            {
                "edit_url_name": self.get_url_name("inspect"),
                "permission_policy": self.permission_policy,
            },
        )

    def get_urlpatterns(self):
        policy = {"permission_policy": self.permission_policy}
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", self.inspect_view, name="inspect"),
            path("<int:pk>/logo/", LogoView.as_view(**policy), name="logo"),
            path("<int:pk>/export/", ExportView.as_view(**policy), name="export"),
            path("<int:pk>/erase/", EraseView.as_view(**policy), name="erase"),
        ]
