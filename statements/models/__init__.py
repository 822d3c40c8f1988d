"""Statements and the organisations that sign them."""

from .library import (
    Signatory,
    SignatoryQuerySet,
    Signature,
    SignatureQuerySet,
    StakeholderGroup,
    public_signature_q,
)
from .pages import LOGO_FILTER, StatementIndexPage, StatementPage
from .signon import SignOnRequest, SubmissionCount

__all__ = [
    "LOGO_FILTER",
    "Signatory",
    "SignatoryQuerySet",
    "SignOnRequest",
    "Signature",
    "SignatureQuerySet",
    "StakeholderGroup",
    "StatementIndexPage",
    "StatementPage",
    "SubmissionCount",
    "public_signature_q",
]
