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

__all__ = [
    "LOGO_FILTER",
    "Signatory",
    "SignatoryQuerySet",
    "Signature",
    "SignatureQuerySet",
    "StakeholderGroup",
    "StatementIndexPage",
    "StatementPage",
    "public_signature_q",
]
