"""Glue between django-axes and the site: whose address a request comes from,
the page a locked-out person sees, throttled page passwords, and the list of
current lockouts that Comms staff can undo."""

import ipaddress
import logging
from dataclasses import dataclass
from datetime import datetime
from http import HTTPStatus

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail import views as wagtail_views
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import PageViewRestriction

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_credentials
from axes.models import AccessAttempt
from axes.utils import reset

from .two_factor import remove_two_factor, users_with_two_factor

logger = logging.getLogger(__name__)

# Page passwords are counted by axes under this made-up account name; Django
# usernames cannot contain ":", so it never matches a real account.
PAGE_PASSWORD_PREFIX = "page-password:"  # noqa: S105 (a label, not a secret)


def lockout_minutes() -> int:
    return int(get_cool_off().total_seconds() // 60)


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """What a locked-out person sees (AXES_LOCKOUT_CALLABLE), in the look of
    the form they were using: a page's password form, the admin's sign-in page
    or the members' login page. Always 429 Too Many Requests."""
    username = (credentials or {}).get("username") or ""
    context = {"lockout_minutes": lockout_minutes()}
    if username.startswith(PAGE_PASSWORD_PREFIX):
        template = settings.WAGTAIL_PASSWORD_REQUIRED_TEMPLATE
        context["locked_out"] = True
    elif request.path_info.startswith(reverse("wagtailadmin_home")):
        template = "security/admin_locked_out.html"
    else:
        template = "registration/locked_out.html"
    # Rendered now: AxesMiddleware swaps it in after the view's response.
    return render(request, template, context, status=HTTPStatus.TOO_MANY_REQUESTS)


def authenticate_with_password(
    request: HttpRequest, page_view_restriction_id: int, page_id: int
) -> HttpResponse:
    """Wagtail's page-password form handler, throttled by axes per restriction
    (one password protects a page and everything below it) and per address.

    A locked-out visitor's password is not even checked. A wrong password is
    reported to axes as a failed login under the restriction's own name, so it
    counts like any other failure.
    """
    if request.method != "POST":
        return wagtail_views.authenticate_with_password(
            request, page_view_restriction_id, page_id
        )
    credentials = get_credentials(f"{PAGE_PASSWORD_PREFIX}{page_view_restriction_id}")
    if not AxesProxyHandler.is_allowed(request, credentials):
        return lockout_response(request, None, credentials)
    response = wagtail_views.authenticate_with_password(
        request, page_view_restriction_id, page_id
    )
    # Success redirects; the form shown again means the password was wrong.
    if response.status_code == HTTPStatus.OK:
        user_login_failed.send(
            sender=__name__, credentials=credentials, request=request
        )
    return response


@dataclass
class Lockout:
    """One account, page password or address that is locked out right now."""

    kind: str  # "account" or "address": what axes.utils.reset() is given
    key: str
    label: str
    failures: int
    last_failure: datetime
    unlocks_at: datetime


def current_lockouts() -> list[Lockout]:
    """Everything locked out now, newest first, in at most four queries."""
    cool_off = get_cool_off()
    limit = settings.AXES_FAILURE_LIMIT
    recent = AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - cool_off)
    totals = {"failures": Sum("failures_since_start"), "last": Max("attempt_time")}
    accounts = list(
        recent.exclude(username=None)
        .values("username")
        .annotate(**totals)
        .filter(failures__gte=limit)
    )
    addresses = list(
        recent.exclude(ip_address=None)
        .values("ip_address")
        .annotate(**totals)
        .filter(failures__gte=limit)
    )
    names = [row["username"] for row in accounts]
    existing = set(
        get_user_model()
        .objects.filter(username__in=names)
        .values_list("username", flat=True)
    )
    restriction_ids = [
        int(name.removeprefix(PAGE_PASSWORD_PREFIX))
        for name in names
        if name.startswith(PAGE_PASSWORD_PREFIX)
        and name.removeprefix(PAGE_PASSWORD_PREFIX).isdigit()
    ]
    restricted_pages = {
        restriction.pk: restriction.page.title
        for restriction in PageViewRestriction.objects.filter(
            pk__in=restriction_ids
        ).select_related("page")
    }

    def account_label(name: str) -> str:
        if name.startswith(PAGE_PASSWORD_PREFIX):
            number = name.removeprefix(PAGE_PASSWORD_PREFIX)
            title = restricted_pages.get(int(number)) if number.isdigit() else None
            if title is None:
                return _("Password of a page whose protection was removed")
            return _("Password of the page “%(title)s”") % {"title": title}
        if name in existing:
            return _("Account “%(name)s”") % {"name": name}
        return _("Account name “%(name)s” (no such account)") % {"name": name}

    lockouts = [
        Lockout(
            "account",
            row["username"],
            account_label(row["username"]),
            row["failures"],
            row["last"],
            row["last"] + cool_off,
        )
        for row in accounts
    ] + [
        Lockout(
            "address",
            row["ip_address"],
            _("Address %(ip)s") % {"ip": row["ip_address"]},
            row["failures"],
            row["last"],
            row["last"] + cool_off,
        )
        for row in addresses
    ]
    return sorted(lockouts, key=lambda lockout: lockout.last_failure, reverse=True)


def unlock(kind: str, key: str) -> int:
    """Forget the failed attempts behind one lockout; returns how many records
    went (0 when there was nothing to unlock)."""
    if kind == "account" and key:
        return reset(username=key)
    if kind == "address":
        try:
            address = str(ipaddress.ip_address(key))
        except ValueError:  # PostgreSQL would refuse it as an inet value
            return 0
        return reset(ip=address)
    return 0


UNLOCK_PERMISSION = "axes.delete_accessattempt"
REMOVE_TWO_FACTOR_PERMISSION = "otp_totp.delete_totpdevice"


class LoginSecurityView(WagtailAdminTemplateMixin, TemplateView):
    """Settings › Login security: current lockouts with an Unlock button each,
    and who has two-factor sign-in, with a button to remove it for someone who
    lost their phone."""

    page_title = gettext_lazy("Login security")
    header_icon = "lock"
    template_name = "security/login_security.html"

    def dispatch(self, request, *args, **kwargs):
        self.can_unlock = request.user.has_perm(UNLOCK_PERMISSION)
        self.can_remove_two_factor = request.user.has_perm(REMOVE_TWO_FACTOR_PERMISSION)
        if not (self.can_unlock or self.can_remove_two_factor):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_unlock=self.can_unlock,
            can_remove_two_factor=self.can_remove_two_factor,
            lockouts=current_lockouts() if self.can_unlock else [],
            two_factor_devices=(
                users_with_two_factor() if self.can_remove_two_factor else []
            ),
            failure_limit=settings.AXES_FAILURE_LIMIT,
            lockout_minutes=lockout_minutes(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action == "unlock" and self.can_unlock:
            self.unlock_one(request)
        elif action == "remove-two-factor" and self.can_remove_two_factor:
            self.remove_two_factor_of(request)
        else:
            return permission_denied(request)
        return redirect("login_security")

    def unlock_one(self, request):
        kind, key = request.POST.get("kind", ""), request.POST.get("key", "")
        if unlock(kind, key):
            logger.info("%s unlocked %s %s", request.user, kind, key)
            messages.success(
                request, _("Unlocked: %(key)s can try again now.") % {"key": key}
            )
        else:
            messages.warning(
                request,
                _("%(key)s was not locked out (any more): nothing to unlock.")
                % {"key": key or _("That")},
            )

    def remove_two_factor_of(self, request):
        person = (
            get_user_model().objects.filter(pk=request.POST.get("user", "")).first()
            if request.POST.get("user", "").isdigit()
            else None
        )
        if person is None:
            messages.error(request, _("That person no longer exists: nothing changed."))
        elif person.is_superuser and not request.user.is_superuser:
            messages.error(
                request,
                _(
                    "Only an administrator (superuser) can remove an "
                    "administrator's two-factor sign-in."
                ),
            )
        elif remove_two_factor(person):
            logger.info("%s removed two-factor sign-in of %s", request.user, person)
            messages.success(
                request,
                _(
                    "Two-factor sign-in removed for %(name)s: they sign in with "
                    "their password and can set it up again from their account."
                )
                % {"name": person.get_username()},
            )
        else:
            messages.warning(
                request,
                _("%(name)s had no two-factor sign-in: nothing changed.")
                % {"name": person.get_username()},
            )
