"""Spreadsheet-safe cells for every CSV and XLSX the site writes."""

from typing import Any

# Spreadsheets run a cell starting with these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """The value, with a leading apostrophe if a spreadsheet would run it."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class SpreadsheetSafeExportMixin:
    """For admin index views: their CSV/XLSX export gets spreadsheet-safe cells.

    Applied after Wagtail's own preprocessing, which turns related objects into
    text, so a stakeholder group named "=..." is caught too.
    """

    def preprocess_field_value(self, field, value, export_format):
        return spreadsheet_safe(
            super().preprocess_field_value(field, value, export_format)
        )
