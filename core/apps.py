from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What the apps share: site settings, blocks, navigation and the content loader."""

    name = "core"
    verbose_name = "Site"

    def ready(self) -> None:
        from . import navigation

        navigation.connect()
