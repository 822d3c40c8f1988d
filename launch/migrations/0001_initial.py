# LaunchRecord moved here from core: the table core_launchrecord already exists
# (core.0002 creates it), so this only takes over the model's state.

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("core", "0003_move_launchrecord_to_launch"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="LaunchRecord",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("key", models.CharField(max_length=255, unique=True)),
                        ("model", models.CharField(max_length=100)),
                        ("object_pk", models.CharField(max_length=64)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                    ],
                    options={
                        "verbose_name": "launch content record",
                        "db_table": "core_launchrecord",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
