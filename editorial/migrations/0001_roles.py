"""Create the Comms staff and News editors groups and the Comms review workflow."""

from django.db import migrations

from editorial.roles import sync_roles_in_migration as create_roles


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
