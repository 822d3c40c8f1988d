"""Organisations hidden with the old "show on the website" box become unpublished.

Draft state is now the one way to keep an organisation off the website, so the
box goes (next migration). Each hidden organisation is unpublished the way
Wagtail's "Unpublish" does it, keeping its data and revisions, with an entry in
its history (Wagtail shows "Unpublished"; the reason is in the entry's data).
A publication scheduled for a hidden organisation is cancelled too, or it would
go public at its go-live time. Nothing hidden today becomes public.
"""

from django.db import migrations
from django.utils import timezone

NOTE = "Unpublished: 'Show on the website' was unticked; that box is gone."


def unpublish_hidden(apps, schema_editor):
    Signatory = apps.get_model("statements", "Signatory")
    ContentType = apps.get_model("contenttypes", "ContentType")
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    Revision = apps.get_model("wagtailcore", "Revision")

    hidden = Signatory.objects.filter(is_public=False)
    hidden_ids = [str(pk) for pk in hidden.values_list("pk", flat=True)]
    if not hidden_ids:
        return
    live = list(hidden.filter(live=True).values_list("pk", "name"))
    hidden.filter(live=True).update(
        live=False, has_unpublished_changes=True, live_revision=None
    )
    content_type, _ = ContentType.objects.get_or_create(
        app_label="statements", model="signatory"
    )
    Revision.objects.filter(
        base_content_type=content_type,
        object_id__in=hidden_ids,
        approved_go_live_at__isnull=False,
    ).update(approved_go_live_at=None)
    now = timezone.now()
    ModelLogEntry.objects.bulk_create(
        ModelLogEntry(
            content_type=content_type,
            object_id=str(pk),
            label=name,
            action="wagtail.unpublish",
            data={"note": NOTE},
            timestamp=now,
        )
        for pk, name in live
    )


class Migration(migrations.Migration):
    dependencies = [
        ("statements", "0002_statementindexpage_menu_title_and_more"),
    ]

    # Reversing keeps them unpublished: safe, if not a perfect undo.
    operations = [
        migrations.RunPython(unpublish_hidden, migrations.RunPython.noop),
    ]
