"""Date the launch statement on sites that loaded it before it had a date.

The loader now creates it dated December 2024 (launched at IGF 2024 in
Riyadh, 15–19 December 2024; no source gives the day). Sites loaded earlier
show only the day the content was loaded: give them the same date, unless
staff already set one. The page's latest and live revisions get it too, or
the next edit in the admin would publish the empty date again.
"""

from django.db import migrations

LAUNCH_KEY = "statement:tccm"
DATE, PRECISION = "2024-12-01", "month"


def date_the_statement(apps, schema_editor):
    LaunchRecord = apps.get_model("launch", "LaunchRecord")
    StatementPage = apps.get_model("statements", "StatementPage")
    Revision = apps.get_model("wagtailcore", "Revision")
    record = LaunchRecord.objects.filter(key=LAUNCH_KEY).first()
    if record is None:
        return
    page = StatementPage.objects.filter(
        pk=record.object_pk, publication_date__isnull=True
    ).first()
    if page is None:
        return
    StatementPage.objects.filter(pk=page.pk).update(
        publication_date=DATE, publication_date_precision=PRECISION
    )
    revision_ids = {page.latest_revision_id, page.live_revision_id} - {None}
    for revision in Revision.objects.filter(pk__in=revision_ids):
        if not revision.content.get("publication_date"):
            revision.content["publication_date"] = DATE
            revision.content["publication_date_precision"] = PRECISION
            revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("launch", "0001_initial"),
        ("statements", "0006_statement_publication_date_precision"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(date_the_statement, migrations.RunPython.noop),
    ]
