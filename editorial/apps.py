from django.apps import AppConfig


class EditorialConfig(AppConfig):
    """Who may do what in the admin, the review workflow, and the editor's desk."""

    name = "editorial"
    verbose_name = "Editorial team"
