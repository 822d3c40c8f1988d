"""Existing UN processes and key dates stay live, with a first revision each, so
their history and compare views have a starting point."""

from django.db import migrations
from django.utils import timezone

from modelcluster.models import get_serializable_data_for_fields

# A pure formatter: a key date's name in the admin is its title and its date.
from news.dates import format_key_date


def object_str(model_name: str, obj) -> str:
    if model_name == "keydate":
        return f"{obj.title} ({format_key_date(obj.start, obj.end, obj.precision)})"
    return obj.acronym or obj.name


def publish_existing(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    now = timezone.now()
    for model_name in ("unprocess", "keydate"):
        model = apps.get_model("news", model_name)
        content_type, _ = ContentType.objects.get_or_create(
            app_label="news", model=model_name
        )
        for obj in model.objects.filter(latest_revision__isnull=True):
            published_at = getattr(obj, "updated_at", None) or now
            revision = Revision.objects.create(
                content_type=content_type,
                base_content_type=content_type,
                object_id=str(obj.pk),
                created_at=published_at,
                object_str=object_str(model_name, obj),
                content=get_serializable_data_for_fields(obj),
            )
            model.objects.filter(pk=obj.pk).update(
                live=True,
                has_unpublished_changes=False,
                latest_revision=revision,
                live_revision=revision,
                first_published_at=published_at,
                last_published_at=published_at,
            )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("news", "0003_drafts_and_revisions"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(publish_existing, migrations.RunPython.noop),
    ]
