"""Erase old rejected and unconfirmed sign-on requests (run daily)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from statements.signon import limits, moderation


class Command(BaseCommand):
    help = (
        "Delete sign-on requests rejected, or received and never confirmed, more "
        "than SIGNON_PURGE_AFTER_DAYS days ago, with their logos; and expired "
        "rate-limit counters."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.SIGNON_PURGE_AFTER_DAYS,
            help="Age in days (default: SIGNON_PURGE_AFTER_DAYS, %(default)s).",
        )

    def handle(self, *args, days: int, **options):
        if days < 1:
            self.stderr.write("--days must be at least 1.")
            raise SystemExit(2)
        requests = moderation.purge(days)
        counters = limits.purge_expired()
        self.stdout.write(
            f"Erased {requests} sign-on request(s) older than {days} days "
            f"and {counters} expired rate-limit counter(s)."
        )
