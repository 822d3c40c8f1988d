"""Key dates read as people write them, at the precision that is known."""

import datetime

from django.test import SimpleTestCase

from news.dates import DAY, MONTH, YEAR, format_key_date, period_end

D = datetime.date


class FormatKeyDateTests(SimpleTestCase):
    def test_day_precision(self):
        self.assertEqual(format_key_date(D(2025, 12, 17), None, DAY), "17 Dec 2025")
        self.assertEqual(
            format_key_date(D(2025, 12, 16), D(2025, 12, 17), DAY), "16–17 Dec 2025"
        )
        self.assertEqual(
            format_key_date(D(2026, 4, 28), D(2026, 5, 8), DAY), "28 Apr – 8 May 2026"
        )
        self.assertEqual(
            format_key_date(D(2025, 12, 30), D(2026, 1, 2), DAY),
            "30 Dec 2025 – 2 Jan 2026",
        )

    def test_month_and_year_precision(self):
        self.assertEqual(format_key_date(D(2025, 12, 1), None, MONTH), "Dec 2025")
        self.assertEqual(
            format_key_date(D(2026, 11, 1), D(2026, 12, 1), MONTH), "Nov – Dec 2026"
        )
        self.assertEqual(format_key_date(D(2027, 1, 1), None, YEAR), "2027")

    def test_period_end_covers_the_whole_month_or_year(self):
        self.assertEqual(
            period_end(D(2025, 12, 16), D(2025, 12, 17), DAY), D(2025, 12, 17)
        )
        self.assertEqual(period_end(D(2024, 2, 1), None, MONTH), D(2024, 2, 29))
        self.assertEqual(period_end(D(2027, 1, 1), None, YEAR), D(2027, 12, 31))
