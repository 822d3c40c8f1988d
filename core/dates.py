"""Dates known to the day, the month or the year, as readers and machines see them."""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

DAY, MONTH, YEAR = "day", "month", "year"

# For a single date (a statement's publication); key dates have their own labels
# because they may span several days.
PRECISION_CHOICES = [
    (DAY, _("Exact day, e.g. 17 December 2025")),
    (MONTH, _("Month only, e.g. December 2024")),
    (YEAR, _("Year only, e.g. 2024")),
]


def period_start(day: datetime.date, precision: str) -> datetime.date:
    """The first day a date of this precision may mean."""
    if precision == YEAR:
        return datetime.date(day.year, 1, 1)
    if precision == MONTH:
        return day.replace(day=1)
    return day


def format_date(day: datetime.date, precision: str) -> str:
    """'17 December 2025', 'December 2024' or '2024'."""
    if precision == YEAR:
        return str(day.year)
    if precision == MONTH:
        return date_format(day, "F Y")
    return date_format(day, "j F Y")


def iso_date(day: datetime.date, precision: str) -> str:
    """The same date for <time datetime> and schema.org: 2025-12-17, 2024-12, 2024."""
    if precision == YEAR:
        return f"{day.year:04d}"
    if precision == MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()
