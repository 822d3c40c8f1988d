"""Suite-wide hooks."""

from django.conf import settings
from django.core.cache import cache

import pytest


def pytest_report_header(config):
    db = settings.DATABASES["default"]
    return f"database: {db['ENGINE'].rsplit('.', 1)[-1]} {db.get('NAME')}"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (menus, renditions)."""
    cache.clear()
