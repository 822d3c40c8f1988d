from django.apps import AppConfig


class LaunchConfig(AppConfig):
    """The coalition's launch content and scale seeding: drives every feature app.

    Listed after the feature apps and imported by none of them, so the apps
    themselves depend only on core.
    """

    name = "launch"
    verbose_name = "Launch content"
