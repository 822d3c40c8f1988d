"""What the launch-content loader has already created."""

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _


class LaunchRecord(models.Model):
    """Launch content the loader already created once, whatever became of it since.

    Staff may rename, edit or delete launch content; the loader looks here, not at
    the content, so it never recreates what they changed or removed.
    """

    key = models.CharField(max_length=255, unique=True)
    model = models.CharField(max_length=100)
    object_pk = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("launch content record")
        # Created by core before this app existed; the table keeps its name so
        # sites that already loaded their content keep their records.
        db_table = "core_launchrecord"

    def __str__(self) -> str:
        return self.key

    def get_object(self):
        model = apps.get_model(self.model)
        return model._default_manager.filter(pk=self.object_pk).first()
