"""Emails about sign-on requests, sent by a background task that retries.

The request is committed before any email is queued (transaction.on_commit), so a
mail server that fails can only delay an email, never lose a request or turn the
form into an error page. With the database task backend a failed send is queued
again with a growing delay; the request shows staff that an email is pending.
"""

import datetime
import logging
import re
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import Site

from django_tasks import default_task_backend, task

from ..models.signon import SignOnRequest

logger = logging.getLogger(__name__)

VERIFY_SALT = "statements.signon.verify"
CONFIRM, STAFF, APPROVED, REJECTED = "confirm", "staff", "approved", "rejected"


def confirmation_token(request: SignOnRequest) -> str:
    return signing.dumps(
        {"id": request.pk, "nonce": request.verification_nonce}, salt=VERIFY_SALT
    )


def read_confirmation_token(token: str) -> dict:
    """The request a link names; raises signing.SignatureExpired or BadSignature."""
    return signing.loads(
        token,
        salt=VERIFY_SALT,
        max_age=datetime.timedelta(days=settings.SIGNON_LINK_DAYS),
    )


def one_line(text: str, limit: int = 120) -> str:
    # A subject is a header: no line breaks from an organisation's name.
    text = re.sub(r"[\x00-\x1f\x7f]+", " ", str(text)).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def staff_addresses() -> list[str]:
    """Everyone who can moderate requests, plus SIGNON_NOTIFY_EMAILS."""
    codename = "change_signonrequest"
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .filter(
            Q(is_superuser=True)
            | Q(groups__permissions__codename=codename)
            | Q(user_permissions__codename=codename)
        )
        .values_list("email", flat=True)
        .distinct()
    )
    return sorted({*users, *settings.SIGNON_NOTIFY_EMAILS})


def site_root() -> str:
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else settings.WAGTAILADMIN_BASE_URL


def build_message(request: SignOnRequest, kind: str, reason: str = "") -> EmailMessage:
    statement = request.statement
    statement_url = statement.get_full_url() or site_root() + statement.url
    context = {
        "request": request,
        "statement": statement,
        "statement_url": statement_url,
        "link_days": settings.SIGNON_LINK_DAYS,
        "reason": reason,
    }
    if kind == CONFIRM:
        context["confirm_url"] = f"{statement_url.rstrip('/')}/join/confirm/?" + (
            urlencode({"t": confirmation_token(request)})
        )
        subject = _("Confirm your request to sign “%(title)s”")
        recipients = [request.contact_email]
    elif kind == STAFF:
        context["review_url"] = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + (
            request.admin_url()
        )
        subject = _("New sign-on request: %(organisation)s")
        recipients = staff_addresses()
    elif kind == APPROVED:
        subject = _("%(organisation)s now signs “%(title)s”")
        recipients = [request.contact_email]
    elif kind == REJECTED:
        subject = _("Your request to sign “%(title)s”")
        recipients = [request.contact_email]
    else:
        raise ValueError(kind)
    subject = one_line(
        subject % {"title": statement.title, "organisation": request.organisation_name}
    )
    body = render_to_string(f"emails/sign_on_{kind}.txt", context)
    return EmailMessage(subject=subject, body=body, to=recipients)


@task()
def send_sign_on_email(request_id: int, kind: str, reason: str = "", attempt: int = 1):
    request = (
        SignOnRequest.objects.select_related("statement").filter(pk=request_id).first()
    )
    if request is None:  # erased in the meantime
        return
    message = build_message(request, kind, reason)
    if not message.to:
        logger.warning(
            "sign-on %s email for request %s: nobody to send it to", kind, request_id
        )
        return
    try:
        message.send()
    except Exception as error:
        retry = (
            attempt < settings.SIGNON_EMAIL_ATTEMPTS
            and default_task_backend.supports_defer
        )
        logger.warning(
            "sign-on %s email for request %s failed (attempt %s): %s",
            kind,
            request_id,
            attempt,
            error,
        )
        problem = (
            _("The %(kind)s email could not be sent yet; it will be tried again.")
            if retry
            else _("The %(kind)s email could not be sent.")
        )
        SignOnRequest.objects.filter(pk=request_id).update(
            email_problem=one_line(problem % {"kind": kind}, 255)
        )
        if retry:
            delay = datetime.timedelta(minutes=min(60, 2**attempt))
            send_sign_on_email.using(run_after=timezone.now() + delay).enqueue(
                request_id, kind, reason, attempt + 1
            )
            return
        raise
    SignOnRequest.objects.filter(pk=request_id).exclude(email_problem="").update(
        email_problem=""
    )


def queue(request: SignOnRequest, kind: str, reason: str = "") -> None:
    """Send once the request's transaction has committed."""
    transaction.on_commit(lambda: send_sign_on_email.enqueue(request.pk, kind, reason))
