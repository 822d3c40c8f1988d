from django.db import migrations, models
from django.utils import timezone


def fill_sort_date(apps, schema_editor):
    """The date listings sort by: the date shown, else the first publication day."""
    NewsPage = apps.get_model("news", "NewsPage")
    pages = list(NewsPage.objects.only("date", "first_published_at"))
    for page in pages:
        published = page.first_published_at
        page.sort_date = page.date or (
            timezone.localdate(published) if published else timezone.localdate()
        )
    NewsPage.objects.bulk_update(pages, ["sort_date"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0006_key_date_change_reason_required"),
    ]

    operations = [
        migrations.AddField(
            model_name="newspage",
            name="sort_date",
            field=models.DateField(editable=False, null=True),
        ),
        migrations.RunPython(fill_sort_date, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="newspage",
            name="sort_date",
            field=models.DateField(editable=False),
        ),
        migrations.AddIndex(
            model_name="newspage",
            index=models.Index(
                fields=["sort_date", "page_ptr"], name="news_sort_date_idx"
            ),
        ),
    ]
