"""Requests from organisations to sign a statement, from the public join form.

Strangers write these rows: they are stored before any email is attempted, never
shown publicly, and become a signatory only when Comms staff approve them.
"""

import datetime
import hashlib
import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from django_countries.fields import CountryField

from .library import Signatory, StakeholderGroup


def website_domain(url: str) -> str:
    """The host of a website address, lower case, without a leading 'www.'."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return host.removeprefix("www.")


def domains_match(email: str, domain: str) -> bool:
    """Whether an email address belongs to the website's domain (or a subdomain
    of it, or the website is a subdomain of the address's domain)."""
    email_domain = email.rpartition("@")[2].lower().rstrip(".")
    if not email_domain or not domain:
        return False
    return (
        email_domain == domain
        or email_domain.endswith("." + domain)
        or domain.endswith("." + email_domain)
    )


def signon_logo_storage():
    # Logos from strangers stay out of public media until staff approve them.
    return storages["signon"]


def logo_path(instance, filename: str) -> str:
    # Our own random name: nothing of the uploader's file name is kept.
    extension = filename.rpartition(".")[2].lower()
    return f"sign-on-logos/{secrets.token_hex(16)}.{extension}"


class SignOnRequestQuerySet(models.QuerySet):
    def expired(self) -> QuerySet:
        """Unverified requests whose confirmation link can no longer be used."""
        return self.filter(
            status=SignOnRequest.Status.UNVERIFIED,
            created_at__lt=SignOnRequest.expiry_cutoff(),
        )

    def with_status(self, status: str) -> QuerySet:
        """The filter staff use: an expired request is unverified but listed apart."""
        if status == "expired":
            return self.expired()
        if status == SignOnRequest.Status.UNVERIFIED:
            return self.filter(status=status).exclude(pk__in=self.expired())
        return self.filter(status=status)

    def annotate_duplicates(self) -> QuerySet:
        """Flag likely duplicates in the listing's own query: the same organisation
        name, or website domain, already in the library or in another open request."""
        others = SignOnRequest.objects.exclude(pk=OuterRef("pk")).filter(
            status__in=[SignOnRequest.Status.UNVERIFIED, SignOnRequest.Status.VERIFIED]
        )
        return self.annotate(
            _name_in_library=Exists(
                Signatory.objects.annotate(lower=Lower("name")).filter(
                    lower=Lower(OuterRef("organisation_name"))
                )
            ),
            _domain_in_library=Exists(
                Signatory.objects.filter(website__icontains=OuterRef("website_domain"))
            ),
            _name_pending=Exists(
                others.annotate(lower=Lower("organisation_name")).filter(
                    lower=Lower(OuterRef("organisation_name"))
                )
            ),
            _domain_pending=Exists(
                others.filter(website_domain=OuterRef("website_domain"))
            ),
        )


class SignOnRequest(models.Model):
    """An organisation asking to sign a statement, as it filled in the join form."""

    class Status(models.TextChoices):
        UNVERIFIED = "unverified", _("Waiting for email confirmation")
        VERIFIED = "verified", _("Confirmed: to review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    statement = models.ForeignKey(
        "statements.StatementPage",
        verbose_name=_("statement"),
        on_delete=models.PROTECT,
        related_name="sign_on_requests",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.UNVERIFIED,
        db_index=True,
    )
    organisation_name = models.CharField(_("organisation name"), max_length=200)
    website = models.URLField(_("website"), max_length=200)
    website_domain = models.CharField(max_length=200, editable=False, db_index=True)
    country = CountryField(_("country"))
    group = models.ForeignKey(
        StakeholderGroup,
        verbose_name=_("stakeholder group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_name = models.CharField(_("contact name"), max_length=200)
    contact_email = models.EmailField(_("contact email"), max_length=254)
    role = models.CharField(_("role in the organisation"), max_length=200)
    logo = models.FileField(
        _("logo"),
        upload_to=logo_path,
        storage=signon_logo_storage,
        blank=True,
        max_length=200,
    )
    message = models.TextField(_("message"), max_length=2000, blank=True)
    consent_to_listing = models.BooleanField(_("consents to being listed"))
    email_matches_website = models.BooleanField(editable=False, default=True)
    # Identical submissions share it; only one unverified request may hold it.
    fingerprint = models.CharField(max_length=64, editable=False)
    verification_nonce = models.CharField(max_length=32, editable=False, blank=True)

    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    verified_at = models.DateTimeField(_("email confirmed"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rejection_reason = models.TextField(_("reason for rejecting"), blank=True)
    signatory = models.ForeignKey(
        Signatory,
        verbose_name=_("signatory"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sign_on_requests",
    )
    email_problem = models.CharField(
        _("email problem"),
        max_length=255,
        blank=True,
        help_text=_("Set when an email about this request could not be sent."),
    )

    objects = SignOnRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("sign-on request")
        verbose_name_plural = _("sign-on requests")
        constraints = [
            models.UniqueConstraint(
                fields=["fingerprint"],
                condition=Q(status="unverified"),
                name="one_open_identical_sign_on_request",
            )
        ]

    def __str__(self) -> str:
        return self.organisation_name

    def save(self, *args, **kwargs):
        self.website_domain = website_domain(self.website)
        self.email_matches_website = domains_match(
            self.contact_email, self.website_domain
        )
        if not self.fingerprint:
            self.fingerprint = self.compute_fingerprint()
        super().save(*args, **kwargs)

    def compute_fingerprint(self) -> str:
        """Identical submissions share it: everything the form sends but the logo."""
        parts = [
            str(self.statement_id),
            self.organisation_name.strip().casefold(),
            self.website.strip().casefold(),
            str(self.country),
            str(self.group_id or ""),
            self.contact_name.strip().casefold(),
            self.contact_email.strip().casefold(),
            self.role.strip().casefold(),
            self.message.strip(),
        ]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()

    @staticmethod
    def expiry_cutoff() -> datetime.datetime:
        return timezone.now() - datetime.timedelta(days=settings.SIGNON_LINK_DAYS)

    @property
    def is_expired(self) -> bool:
        return (
            self.status == self.Status.UNVERIFIED
            and self.created_at < self.expiry_cutoff()
        )

    @property
    def status_label(self) -> str:
        if self.is_expired:
            return _("Expired: email never confirmed")
        return self.get_status_display()

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.UNVERIFIED, self.Status.VERIFIED)

    def admin_url(self) -> str:
        return reverse("sign_on_requests:inspect", args=(self.pk,))

    def duplicate_reasons(self) -> list[str]:
        """Why this looks like an organisation we already have or are reviewing."""
        if not hasattr(self, "_name_in_library"):
            annotated = type(self).objects.annotate_duplicates().get(pk=self.pk)
            for name in (
                "_name_in_library",
                "_domain_in_library",
                "_name_pending",
                "_domain_pending",
            ):
                setattr(self, name, getattr(annotated, name))
        reasons = []
        if self._name_in_library:
            reasons.append(_("an organisation with this name is in the library"))
        if self._domain_in_library:
            reasons.append(_("a signatory already has this website's domain"))
        if self._name_pending:
            reasons.append(_("another open request has this name"))
        if self._domain_pending:
            reasons.append(_("another open request has this website's domain"))
        return reasons

    def matching_signatories(self) -> QuerySet:
        """Library organisations this request may be about, for 'link to existing'."""
        query = Q(name__iexact=self.organisation_name)
        if self.website_domain:
            query |= Q(website__icontains=self.website_domain)
        return Signatory.objects.filter(query).order_by("sort_key")[:10]


class SubmissionCount(models.Model):
    """Form submissions per client address or email in a time window, shared by
    every server process (the rate limit without Redis)."""

    key = models.CharField(max_length=64, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("submission count")

    def __str__(self) -> str:
        return f"{self.count} until {self.expires_at:%Y-%m-%d %H:%M}"
