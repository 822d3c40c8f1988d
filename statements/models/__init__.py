"""Statements and the organisations that sign them."""

from .library import Signatory, Signature, SignatureQuerySet, StakeholderGroup
from .pages import LOGO_FILTER, StatementIndexPage, StatementPage

__all__ = [
    "LOGO_FILTER",
    "Signatory",
    "Signature",
    "SignatureQuerySet",
    "StakeholderGroup",
    "StatementIndexPage",
    "StatementPage",
]
