"""The editor's desk: the dashboard panels comms staff and news editors work from."""

import datetime

from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.components import Component
from wagtail.models import Page
from wagtail.snippets.permissions import get_permission_name

from news.models import KeyDate, NewsIndexPage, UNProcess
from statements.models import Signatory, Signature, SignOnRequest, StatementPage

UPCOMING_DAYS = 60
LIST_LENGTH = 6


class QuickActionsPanel(Component):
    """'Post news', 'Add signatory', 'Add key date': one click to the right form."""

    name = "quick_actions"
    template_name = "editorial/dashboard/quick_actions.html"
    order = 50

    def get_context_data(self, parent_context):
        user = parent_context["request"].user
        actions = []
        news_index = NewsIndexPage.objects.order_by("path").first()
        if news_index and news_index.permissions_for_user(user).can_add_subpage():
            actions.append(
                (
                    _("Post news"),
                    reverse(
                        "wagtailadmin_pages:add",
                        args=("news", "newspage", news_index.pk),
                    ),
                    "doc-full-inverse",
                )
            )
        for model, label, icon in (
            (Signatory, _("Add signatory"), "group"),
            (KeyDate, _("Add key date"), "date"),
        ):
            if user.has_perm(get_permission_name("add", model)):
                url = reverse(model.snippet_viewset.get_url_name("add"))
                actions.append((label, url + self.prefill(model), icon))
        return {"actions": actions}

    @staticmethod
    def prefill(model) -> str:
        # With one statement, a new signatory starts as a signature of it.
        if model is Signatory:
            statements = list(StatementPage.objects.values_list("pk", flat=True)[:2])
            if len(statements) == 1:
                return f"?statement={statements[0]}"
        return ""


class MyDraftsPanel(Component):
    """What I started and have not published yet: pages and library items."""

    name = "my_drafts"
    template_name = "editorial/dashboard/my_drafts.html"
    order = 230

    def get_context_data(self, parent_context):
        user = parent_context["request"].user
        drafts = [
            (
                page.get_admin_display_title(),
                page.latest_revision_created_at,
                reverse("wagtailadmin_pages:edit", args=(page.pk,)),
                page.specific_class._meta.verbose_name if page.specific_class else "",
                page.live,
            )
            for page in Page.objects.filter(
                has_unpublished_changes=True, latest_revision__user=user
            )
            .select_related("content_type")
            .order_by("-latest_revision_created_at")[:LIST_LENGTH]
        ]
        for model in (Signatory, KeyDate, UNProcess):
            for obj in model.objects.filter(
                has_unpublished_changes=True, latest_revision__user=user
            ).select_related("latest_revision")[:LIST_LENGTH]:
                drafts.append(
                    (
                        str(obj),
                        obj.latest_revision.created_at,
                        reverse(
                            model.snippet_viewset.get_url_name("edit"), args=(obj.pk,)
                        ),
                        model._meta.verbose_name,
                        obj.live,
                    )
                )
        drafts.sort(key=lambda row: row[1], reverse=True)
        return {"drafts": drafts[:LIST_LENGTH]}


class UpcomingKeyDatesPanel(Component):
    """Key dates in the next 60 days, so nothing on the calendar surprises the team."""

    name = "upcoming_key_dates"
    template_name = "editorial/dashboard/upcoming_key_dates.html"
    order = 240

    def get_context_data(self, parent_context):
        user = parent_context["request"].user
        today = timezone.localdate()
        key_dates = (
            KeyDate.objects.filter(
                ends_on__gte=today,
                start__lte=today + datetime.timedelta(days=UPCOMING_DAYS),
            )
            .select_related("process")
            .order_by("start", "title")
        )
        # Those who may not open the key dates (news editors) see only what
        # the public sees: no draft date, no date of an unannounced process.
        if not user.has_perm(get_permission_name("view", KeyDate)):
            key_dates = key_dates.public()
        can_edit = user.has_perm(get_permission_name("change", KeyDate))
        return {
            "key_dates": key_dates,
            "days": UPCOMING_DAYS,
            "edit_url_name": KeyDate.snippet_viewset.get_url_name("edit")
            if can_edit
            else None,
        }


class RecentlySignedPanel(Component):
    """The latest organisations to sign, newest signature first."""

    name = "recently_signed"
    template_name = "editorial/dashboard/recently_signed.html"
    order = 250

    def get_context_data(self, parent_context):
        user = parent_context["request"].user
        signatures = Signature.objects.select_related(
            "signatory", "statement"
        ).order_by(F("signed_on").desc(nulls_last=True), "-pk")
        # An organisation not yet published may not have agreed to be named:
        # only those who may open the library see it before the public does.
        if not user.has_perm(get_permission_name("view", Signatory)):
            signatures = signatures.public()
        can_edit = user.has_perm(get_permission_name("change", Signatory))
        return {
            "signatures": signatures[:LIST_LENGTH],
            "edit_url_name": Signatory.snippet_viewset.get_url_name("edit")
            if can_edit
            else None,
        }


class SignOnRequestsPanel(Component):
    """Confirmed requests to join a statement, waiting for a decision: 'Review'
    opens the request, whose 'Approve and publish' is the second click."""

    name = "sign_on_requests"
    template_name = "editorial/dashboard/sign_on_requests.html"
    order = 60

    def is_shown(self, user) -> bool:
        return user.has_perm("statements.change_signonrequest")

    def get_context_data(self, parent_context):
        waiting = (
            SignOnRequest.objects.filter(status=SignOnRequest.Status.VERIFIED)
            .select_related("statement")
            .annotate_duplicates()
            .order_by("verified_at")
        )
        return {
            "requests": waiting[:LIST_LENGTH],
            "total": waiting.count(),
            "index_url": reverse("sign_on_requests:index") + "?status=verified",
        }

    def render_html(self, parent_context=None):
        if not self.is_shown(parent_context["request"].user):
            return ""
        return super().render_html(parent_context)
