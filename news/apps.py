from django.apps import AppConfig


class NewsConfig(AppConfig):
    """News on UN processes, the processes themselves and their key dates."""

    name = "news"
    verbose_name = "News and UN processes"

    def ready(self) -> None:
        from . import signals

        signals.connect()
