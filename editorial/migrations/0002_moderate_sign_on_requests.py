"""Comms staff moderate sign-on requests from the join form."""

from django.db import migrations

from editorial.roles import sync_roles_in_migration


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_roles"),
        ("statements", "0005_sign_on_requests"),
    ]

    operations = [
        migrations.RunPython(sync_roles_in_migration, migrations.RunPython.noop)
    ]
