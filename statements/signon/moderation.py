"""What Comms staff do with a request: approve, reject, export or erase it."""

import datetime
import json
import logging

from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.images import get_image_model
from wagtail.models import Collection, Revision

from ..models.library import Signatory, Signature
from ..models.signon import SignOnRequest
from . import emails

logger = logging.getLogger(__name__)


def _locked(request: SignOnRequest) -> SignOnRequest:
    return SignOnRequest.objects.select_for_update().get(pk=request.pk)


def _logo_image(request: SignOnRequest):
    if not request.logo:
        return None
    try:
        return _save_logo(request)
    except Exception:  # approval must not fail on a logo: staff can add one later
        logger.exception("sign-on request %s: logo not imported", request.pk)
        return None


def _save_logo(request: SignOnRequest):
    with request.logo.open("rb") as handle:
        image = get_image_model()(
            title=_("Logo of %(name)s") % {"name": request.organisation_name},
            collection=Collection.get_first_root_node(),
            file=ImageFile(handle, name=request.logo.name.rpartition("/")[2]),
        )
        image.save()
    return image


def _new_signatory(request: SignOnRequest, user) -> Signatory:
    signatory = Signatory(
        name=request.organisation_name,
        website=request.website,
        country=request.country,
        group=request.group,
        logo=_logo_image(request),
        contact_name=request.contact_name,
        contact_email=request.contact_email,
        # The person's role stays in the request, which erasure removes.
        notes=_("Joined through the website form on %(date)s.")
        % {"date": datetime.date.today().isoformat()},
    )
    signatory.full_clean(exclude=["logo", "logo_dark", "group"])
    signatory.signatures.add(
        Signature(statement=request.statement, signed_on=datetime.date.today())
    )
    signatory.save()
    signatory.save_revision(user=user, log_action=True).publish(user=user)
    return signatory


def _add_signature(signatory: Signatory, request: SignOnRequest, user) -> None:
    """Record the signature in the organisation's history as well as its table, so
    publishing an older draft later does not drop it."""
    if signatory.signatures.filter(statement=request.statement).exists():
        return
    had_draft = signatory.has_unpublished_changes
    signature = Signature(statement=request.statement, signed_on=datetime.date.today())
    if not had_draft:
        signatory.signatures.add(signature)
        signatory.save()
        revision = signatory.save_revision(user=user, log_action=True)
        if signatory.live:
            revision.publish(user=user)
        return
    # Its draft keeps waiting for staff; the signature counts now.
    Signature.objects.create(
        signatory=signatory, statement=request.statement, signed_on=signature.signed_on
    )
    draft = signatory.get_latest_revision_as_object()
    if not draft.signatures.filter(statement=request.statement).exists():
        draft.signatures.add(signature)
    draft.save_revision(user=user, log_action=True)


def approve(
    request: SignOnRequest, user, signatory: Signatory | None = None
) -> Signatory:
    """Put the organisation on the statement: a new, published signatory, or a
    signature added to one already in the library."""
    with transaction.atomic():
        request = _locked(request)
        if request.status != SignOnRequest.Status.VERIFIED:
            raise ValidationError(
                _("Only a request whose email was confirmed can be approved.")
            )
        if signatory is None:
            signatory = _new_signatory(request, user)
        else:
            _add_signature(signatory, request, user)
        request.status = SignOnRequest.Status.APPROVED
        request.signatory = signatory
        request.decided_at = timezone.now()
        request.decided_by = user
        request.save()
        emails.queue(request, emails.APPROVED)
    return signatory


def reject(request: SignOnRequest, user, reason: str, notify: bool) -> None:
    with transaction.atomic():
        request = _locked(request)
        if not request.is_open:
            raise ValidationError(_("This request was already decided."))
        # Never write to an address nobody confirmed: it may not be the sender's.
        notify = notify and request.status == SignOnRequest.Status.VERIFIED
        request.status = SignOnRequest.Status.REJECTED
        request.rejection_reason = reason
        request.decided_at = timezone.now()
        request.decided_by = user
        request.save()
        if notify:
            emails.queue(request, emails.REJECTED, reason)


# -- A person's data (GDPR access and erasure) --------------------------------------

PERSONAL_FIELDS = [
    "organisation_name",
    "website",
    "country",
    "contact_name",
    "contact_email",
    "role",
    "message",
    "status",
    "created_at",
    "verified_at",
    "decided_at",
    "rejection_reason",
]


def requests_of(email: str):
    return SignOnRequest.objects.filter(contact_email__iexact=email)


def export_person(email: str) -> str:
    """Everything we hold about the person behind an email address, as JSON."""
    data = {
        "email": email,
        "exported_at": timezone.now(),
        "sign_on_requests": [
            {
                **{name: getattr(item, name) for name in PERSONAL_FIELDS},
                "country": str(item.country),
                "statement": item.statement.title,
                "logo_sent": bool(item.logo),
            }
            for item in requests_of(email).select_related("statement")
        ],
        "signatory_contacts": [
            {
                "organisation": signatory.name,
                "contact_name": signatory.contact_name,
                "contact_email": signatory.contact_email,
            }
            for signatory in Signatory.objects.filter(contact_email__iexact=email)
        ],
    }
    return json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)


def erase_person(email: str) -> int:
    """Delete the person's requests (and logos) and their contact details on
    library entries; the organisations' public listings stay."""
    with transaction.atomic():
        requests = list(requests_of(email))
        for item in requests:
            delete_with_logo(item)
        signatories = Signatory.objects.filter(contact_email__iexact=email)
        # Their history too: every revision keeps a copy of the contact fields.
        for signatory in signatories:
            for revision in Revision.objects.for_instance(signatory):
                content = revision.content
                content.update(contact_name="", contact_email="")
                revision.save(update_fields=["content"])
        signatories.update(contact_name="", contact_email="")
    return len(requests)


def delete_with_logo(request: SignOnRequest) -> None:
    logo = request.logo.name if request.logo else ""
    storage = request.logo.storage
    request.delete()
    if logo:
        transaction.on_commit(lambda: storage.delete(logo))


def purge(days: int) -> int:
    """Erase rejected requests decided, and unconfirmed ones received, more than
    `days` ago."""
    cutoff = timezone.now() - datetime.timedelta(days=days)
    old = SignOnRequest.objects.filter(
        status=SignOnRequest.Status.REJECTED, decided_at__lt=cutoff
    ) | SignOnRequest.objects.filter(
        status=SignOnRequest.Status.UNVERIFIED, created_at__lt=cutoff
    )
    count = 0
    with transaction.atomic():
        for item in old:
            delete_with_logo(item)
            count += 1
    return count
