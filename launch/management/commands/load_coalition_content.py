"""Create the coalition's launch content; running it again only adds what is missing."""

from django.apps import apps
from django.core.management.base import BaseCommand

from editorial.roles import sync_roles
from launch.home import ensure_home
from launch.loader import Report
from launch.news import ensure_news, ensure_processes_and_dates
from launch.statement import ensure_statement


class Command(BaseCommand):
    help = (
        "Create the coalition's launch content (home page, statement, signatories, "
        "UN processes, key dates, news) and the editorial roles. Idempotent: "
        "existing content and staff edits are kept; only what is missing is "
        "created, and the roles are reset to their definition."
    )

    def handle(self, *args, **options) -> None:
        report = Report()
        home = ensure_home(report)
        ensure_statement(report, home)
        processes = ensure_processes_and_dates(report)
        ensure_news(report, home, processes)
        # After the News section exists: its editors and review workflow hang on it.
        sync_roles(apps, strict=False)
        self.stdout.write(f"Launch content: {report}.")
