"""Spreadsheet-safe cells for every CSV and XLSX the site writes."""

from typing import Any

from wagtail.admin.views.mixins import SpreadsheetExportMixin

# Spreadsheets run a cell starting with these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """The value, with a leading apostrophe if a spreadsheet would run it."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def make_admin_exports_safe() -> None:
    """Every admin export (snippet listings, Wagtail's reports, form submissions,
    redirects) goes through SpreadsheetExportMixin.preprocess_field_value; wrap it
    once so each cell comes out spreadsheet-safe, in CSV and XLSX alike.

    Wagtail offers no setting for this, and a per-view mixin misses its own
    report views (site history, ageing pages), so the one method is wrapped.
    """
    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "spreadsheet_safe", False):
        return

    def preprocess_field_value(self, field, value, export_format):
        return spreadsheet_safe(original(self, field, value, export_format))

    preprocess_field_value.spreadsheet_safe = True
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
