"""Create the Comms staff and News editors groups and the Comms review workflow."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

from wagtail.snippets.models import create_extra_permissions

from editorial.roles import sync_roles


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations ran; the roles need
    # them now, on a fresh database too.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, apps=apps)
    create_extra_permissions(global_apps.get_app_config("wagtailsnippets"), apps=apps)
    sync_roles(apps, strict=False)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("axes", "0010_accessattemptexpiration"),
        ("otp_totp", "0003_add_timestamps"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("core", "0003_move_launchrecord_to_launch"),
        ("statements", "0004_remove_signatory_is_public"),
        ("news", "0004_publish_existing_processes_and_key_dates"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
