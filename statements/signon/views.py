"""The public side of joining: the form's submission and the confirmation link.

The statement page's routes call these and render what they return; nothing
here writes a response body of its own.
"""

import logging
import secrets
from dataclasses import dataclass, field

from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from core.client import client_ip

from ..models.signon import SignOnRequest
from . import emails, limits
from .forms import JoinForm

logger = logging.getLogger(__name__)


@dataclass
class JoinOutcome:
    """What the join route shows next: the form (again), the thank-you page, or
    the 'too many requests' page."""

    form: JoinForm | None = None
    done: bool = False
    limited: bool = False
    notice: str = ""
    errors: list = field(default_factory=list)


def handle_join(request: HttpRequest, statement) -> JoinOutcome:
    if request.method != "POST":
        return JoinOutcome(form=JoinForm())
    form = JoinForm(request.POST, request.FILES)
    address = client_ip(request) or ""
    if form.is_trapped:
        # Answer as if it worked: a script learns nothing from the difference.
        logger.info("sign-on form: honeypot filled, nothing stored")
        limits.hit(limits.per_address(), address)
        return JoinOutcome(done=True)
    # A person correcting mistakes is not counted: only what could be stored.
    if not form.is_valid():
        return JoinOutcome(form=form)
    if not limits.hit(limits.per_address(), address):
        return JoinOutcome(limited=True)
    problem = form.fill_time_problem()
    if problem:
        form.restart_timer()
        return JoinOutcome(form=form, notice=problem)
    if not limits.hit(limits.per_email(), form.cleaned_data["contact_email"]):
        return JoinOutcome(limited=True)
    store(form, statement)
    return JoinOutcome(done=True)


def store(form: JoinForm, statement) -> SignOnRequest:
    """Save the request, then queue its confirmation email. A second identical
    submission while the first is unconfirmed is the same request."""
    request = form.save(commit=False)
    request.statement = statement
    request.verification_nonce = secrets.token_hex(16)
    request.fingerprint = request.compute_fingerprint()
    try:
        with transaction.atomic():
            request.save()
            emails.queue(request, emails.CONFIRM)
    except IntegrityError:
        existing = SignOnRequest.objects.get(
            fingerprint=request.fingerprint, status=SignOnRequest.Status.UNVERIFIED
        )
        logger.info("sign-on form: duplicate of request %s", existing.pk)
        if request.logo:
            request.logo.storage.delete(request.logo.name)
        if existing.email_problem or existing.is_expired:
            # The first link never arrived or no longer works: a fresh one, and
            # the request counts as received now.
            SignOnRequest.objects.filter(pk=existing.pk).update(
                verification_nonce=secrets.token_hex(16),
                created_at=timezone.now(),
                email_problem="",
            )
            existing.refresh_from_db()
            emails.queue(existing, emails.CONFIRM)
        return existing
    return request


@dataclass
class Confirmation:
    """The state a confirmation link is in, for the page that answers it."""

    state: str  # "ask", "confirmed", "already", "decided", "expired", "invalid"
    request: SignOnRequest | None = None
    status: int = 200


def confirm(http_request: HttpRequest, statement, token: str) -> Confirmation:
    """GET shows a button, POST confirms: mail scanners that follow links must not
    confirm on a person's behalf."""
    try:
        payload = emails.read_confirmation_token(token)
    except signing.SignatureExpired:
        return Confirmation("expired", status=410)
    except signing.BadSignature:
        return Confirmation("invalid", status=400)
    request = SignOnRequest.objects.filter(
        pk=payload.get("id"), statement=statement
    ).first()
    if request is None:
        return Confirmation("invalid", status=400)
    if request.status in (SignOnRequest.Status.APPROVED, SignOnRequest.Status.REJECTED):
        return Confirmation("decided", request)
    if request.status != SignOnRequest.Status.UNVERIFIED or not secrets.compare_digest(
        request.verification_nonce or "-", str(payload.get("nonce", ""))
    ):
        # Used before, or replaced by a newer link: say so and change nothing.
        return Confirmation("already", request)
    if http_request.method != "POST":
        return Confirmation("ask", request)
    with transaction.atomic():
        updated = SignOnRequest.objects.filter(
            pk=request.pk,
            status=SignOnRequest.Status.UNVERIFIED,
            verification_nonce=request.verification_nonce,
        ).update(
            status=SignOnRequest.Status.VERIFIED,
            verified_at=timezone.now(),
            verification_nonce="",
        )
        if updated:
            emails.queue(request, emails.STAFF)
    return Confirmation("confirmed" if updated else "already", request)
