"""Optional two-factor sign-in for the admin with django-otp (TOTP): setting it
up from one's account, the code asked for after the password, and the
middleware that asks for it on every admin page until it is given."""

from base64 import b32encode
from collections.abc import Callable
from xml.etree import ElementTree

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.utils import get_valid_next_url_from_request

import django_otp
import qrcode
import qrcode.image.svg
from django_otp import devices_for_user, user_has_device
from django_otp.forms import OTPAuthenticationFormMixin, OTPTokenForm
from django_otp.plugins.otp_totp.models import TOTPDevice

# Reachable while signed in but not yet through the second step.
EXEMPT_URL_NAMES = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "two_factor_verify",
    "two_factor_enrol",
}

TOKEN_LABEL = gettext_lazy("Code from your authenticator app")
TOKEN_HELP = gettext_lazy(
    "The 6-digit code your phone's authenticator app shows for TCCM. "
    "It changes every 30 seconds."
)


def _token_field() -> forms.CharField:
    return forms.CharField(
        label=TOKEN_LABEL,
        help_text=TOKEN_HELP,
        max_length=16,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
            }
        ),
    )


class TokenForm(OTPTokenForm):
    """django-otp's token form for a person with one authenticator app: the
    device is a hidden field (django-otp 1.7.1+ requires it), the code the only
    thing they type."""

    otp_error_messages = {
        **OTPAuthenticationFormMixin.otp_error_messages,
        "token_required": gettext_lazy("Enter the code from your authenticator app."),
        "invalid_token": gettext_lazy(
            "That code is not right. Check you are reading the TCCM entry and "
            "type the code it shows now."
        ),
        "n_failed_attempts": gettext_lazy(
            "Too many wrong codes: wait a minute, then try the code your app "
            "shows at that moment."
        ),
    }

    def __init__(self, user: AbstractBaseUser, request: HttpRequest, *args, **kwargs):
        super().__init__(user, request, *args, **kwargs)
        self.fields["otp_token"] = _token_field()
        self.fields["otp_device"].widget = forms.HiddenInput()
        device = next(iter(devices_for_user(user)), None)
        if device is not None:
            self.fields["otp_device"].initial = device.persistent_id


class EnrolForm(forms.Form):
    """The code that proves the phone has the new secret."""

    token = _token_field()

    def __init__(self, device: TOTPDevice, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self) -> str:
        token = "".join(self.cleaned_data["token"].split())
        if not self.device.verify_token(token):
            raise forms.ValidationError(
                _(
                    "That code is not right. Scan the square again, or type the "
                    "key by hand, and enter the code your app shows now."
                )
            )
        return token


def qr_svg(data: str) -> SafeString:
    """An inline SVG QR code, drawn here: the admin loads nothing from elsewhere."""
    svg = qrcode.make(
        data, image_factory=qrcode.image.svg.SvgPathImage, border=4
    ).get_image()
    # Scaled by the page, on white so dark mode still scans.
    svg.attrib.update(width="220", height="220", style="background:#fff", role="img")
    svg.set("aria-label", _("QR code for your authenticator app"))
    # Only path data from the encoder and the attributes above: nothing typed.
    return mark_safe(ElementTree.tostring(svg, encoding="unicode"))  # noqa: S308


def readable_key(device: TOTPDevice) -> str:
    """The secret in the form authenticator apps accept typed in, in groups of 4."""
    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def remove_two_factor(user: AbstractBaseUser) -> int:
    """Delete all of a person's devices; they sign in with their password alone
    (or set it up again, if ADMIN_REQUIRE_2FA) next time."""
    count = 0
    for device in devices_for_user(user, confirmed=None):
        device.delete()
        count += 1
    return count


def users_with_two_factor() -> list[TOTPDevice]:
    return list(
        TOTPDevice.objects.filter(confirmed=True)
        .select_related("user")
        .order_by("user__username")
    )


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


class AdminTwoFactorMiddleware:
    """Sends a signed-in admin user who has two-factor on, and has not given a
    code in this session, to the code page before any admin page; with
    ADMIN_REQUIRE_2FA, sends those without it to set it up."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path_info.startswith(reverse("wagtailadmin_home")):
            return None
        match = request.resolver_match
        if match is None or match.url_name in EXEMPT_URL_NAMES:
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        # Members without admin access are refused by Wagtail anyway.
        if not user.has_perm("wagtailadmin.access_admin"):
            return None
        if user_has_device(user):
            return redirect(_with_next("two_factor_verify", request.get_full_path()))
        if settings.ADMIN_REQUIRE_2FA:
            return redirect(_with_next("two_factor_enrol", request.get_full_path()))
        return None


def verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: the code from the person's app."""
    user = request.user
    next_url = get_valid_next_url_from_request(request) or reverse("wagtailadmin_home")
    if user.is_verified():
        return redirect(next_url)
    if not user_has_device(user):
        return redirect(_with_next("two_factor_enrol", next_url))
    form = TokenForm(user, request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        django_otp.login(request, user.otp_device)
        return redirect(next_url)
    return TemplateResponse(
        request, "security/two_factor_verify.html", {"form": form, "next": next_url}
    )


def enrol(request: HttpRequest) -> HttpResponse:
    """Turn two-factor sign-in on, move it to a new phone, or turn it off."""
    user = request.user
    next_url = get_valid_next_url_from_request(request) or ""
    has_device = user_has_device(user)
    if has_device and not user.is_verified():
        # Replacing the phone must not be a way round giving a code.
        return redirect(_with_next("two_factor_verify", request.get_full_path()))
    if request.method == "POST" and request.POST.get("action") == "turn-off":
        if settings.ADMIN_REQUIRE_2FA:
            messages.error(
                request, _("Two-factor sign-in is required on this site for staff.")
            )
        else:
            remove_two_factor(user)
            messages.success(
                request,
                _("Two-factor sign-in is off: you sign in with your password alone."),
            )
            return redirect("wagtailadmin_account")
        return redirect("two_factor_enrol")

    device = (
        TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    )
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=_("Authenticator app"), confirmed=False
        )
    form = EnrolForm(device, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            # One app per person: the new phone replaces the old.
            for old in devices_for_user(user, confirmed=None):
                if old.pk != device.pk or not isinstance(old, TOTPDevice):
                    old.delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
        django_otp.login(request, device)
        messages.success(
            request,
            _(
                "Two-factor sign-in is on. From now on you will be asked for a "
                "code from your app after your password."
            ),
        )
        return redirect(next_url or "two_factor_enrol")
    return TemplateResponse(
        request,
        "security/two_factor_enrol.html",
        {
            "form": form,
            "next": next_url,
            "has_device": has_device,
            "required": settings.ADMIN_REQUIRE_2FA,
            "qr_code": qr_svg(device.config_url),
            "key": readable_key(device),
            "account_url": reverse("wagtailadmin_account"),
        },
    )
