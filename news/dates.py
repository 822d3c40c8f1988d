"""How key dates read: '17 Dec 2025', '16–17 Dec 2025', 'Dec 2025', '2027'."""

import calendar
import datetime

from django.utils.formats import date_format

from core.dates import DAY, MONTH, YEAR

__all__ = ["DAY", "MONTH", "YEAR", "format_key_date", "period_end"]


def period_end(start: datetime.date, end: datetime.date | None, precision: str):
    """The last day the key date covers, whatever its precision."""
    last = end or start
    if precision == YEAR:
        return datetime.date(last.year, 12, 31)
    if precision == MONTH:
        return last.replace(day=calendar.monthrange(last.year, last.month)[1])
    return last


def format_key_date(
    start: datetime.date, end: datetime.date | None, precision: str
) -> str:
    """Readers' form of a date or range at the given precision."""
    if precision == YEAR:
        if end and end.year != start.year:
            return f"{start.year}–{end.year}"
        return str(start.year)
    if precision == MONTH:
        first = date_format(start, "M Y")
        if end and (end.year, end.month) != (start.year, start.month):
            if end.year == start.year:
                return f"{date_format(start, 'M')} – {date_format(end, 'M Y')}"
            return f"{first} – {date_format(end, 'M Y')}"
        return first
    if not end or end == start:
        return date_format(start, "j M Y")
    if (end.year, end.month) == (start.year, start.month):
        return f"{start.day}–{date_format(end, 'j M Y')}"
    if end.year == start.year:
        return f"{date_format(start, 'j M')} – {date_format(end, 'j M Y')}"
    return f"{date_format(start, 'j M Y')} – {date_format(end, 'j M Y')}"
