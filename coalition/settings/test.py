"""Fast, isolated settings for the test suite."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

SECRET_KEY = "test-only-secret-key"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Uploaded images and renditions go to a throwaway folder, never ./media.
MEDIA_ROOT = tempfile.mkdtemp(prefix="tccm-test-media-")
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="tccm-test-private-"))
STORAGES["signon"]["OPTIONS"]["location"] = PRIVATE_MEDIA_ROOT  # noqa: F405
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Serve static files straight from the source folders; no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The test client's login() calls authenticate() without a request, which
# django-axes refuses; logins through the login pages still go through axes.
AUTHENTICATION_BACKENDS = [
    "tests.auth_backends.AxesBackendAllowingTestClientLogin",
    "django.contrib.auth.backends.ModelBackend",
]
if DATABASES["default"]["ENGINE"] == "core.postgresql":  # noqa: F405
    # Creating, migrating and dropping test databases on a busy CI machine may
    # take longer than a visitor's request should; the deadline has its own
    # tests (tests/core/test_database_deadline.py).
    DATABASES["default"]["QUERY_DEADLINE"] = 0  # noqa: F405
    DATABASES["default"]["OPTIONS"]["options"] = "-c statement_timeout=0"  # noqa: F405
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A file, not Django's shared in-memory database: browser tests' live
    # server answers autosave from several threads, which an in-memory
    # database serialises with "table is locked" errors; a file gets WAL.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.mkdtemp(prefix="tccm-test-db-")) / "test.sqlite3")
    }
# The page cache would change the exact query counts the suite pins; its own
# tests (tests/core/test_page_cache.py) turn it on.
PAGE_CACHE_SECONDS = 0
