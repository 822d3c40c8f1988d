"""Reach the PostgreSQL and Redis servers tests may need, or skip cleanly without them.

On a laptop without them the tests skip; CI sets REQUIRE_SERVICES=1 so that a
missing server fails the run instead of silently skipping.
"""

import os
import socket
from urllib.parse import urlparse

import pytest


def require_server(url: str, what: str) -> None:
    parts = urlparse(url)
    try:
        with socket.create_connection((parts.hostname, parts.port), timeout=1):
            return
    except OSError as error:
        message = f"{what} not reachable at {parts.hostname}:{parts.port} ({error})"
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(message + " and REQUIRE_SERVICES=1")
        pytest.skip(message)


def redis_url() -> str:
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    require_server(url, "Redis")
    return url
