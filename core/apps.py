from django.apps import AppConfig
from django.db.models.signals import pre_save


class CoreConfig(AppConfig):
    """What the apps share: site settings, blocks, navigation and the content loader."""

    name = "core"
    verbose_name = "Site"

    def ready(self) -> None:
        from wagtail.images import get_image_model
        from wagtail.models import UploadedFile

        from . import checks, navigation, page_cache, spreadsheets, uploads  # noqa: F401

        navigation.connect()
        page_cache.connect()
        spreadsheets.make_admin_exports_safe()
        pre_save.connect(
            uploads.sanitise_image_on_save,
            sender=get_image_model(),
            dispatch_uid="sanitise-svg-image",
        )
        pre_save.connect(
            uploads.sanitise_upload_on_save,
            sender=UploadedFile,
            dispatch_uid="sanitise-svg-upload",
        )
