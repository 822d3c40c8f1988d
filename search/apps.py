from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Site search: the statement, news, UN processes, key dates and signatories."""

    name = "search"
    label = "site_search"
    verbose_name = "Site search"
