# LaunchRecord now belongs to the launch app (core imports no feature app); the
# table stays where it is and launch.0001 takes the model over.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0002_launchrecord"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="LaunchRecord")],
            database_operations=[],
        ),
    ]
