"""Read configuration from environment variables, failing with a one-line message."""

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    if not value:
        return default
    return value.lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = env(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        fail(f"{name} must be a whole number, got {value!r}.")


def env_choice(name: str, choices, default: str) -> str:
    value = env(name, default)
    if value not in choices:
        fail(f"{name} must be one of {', '.join(choices)}, got {value!r}.")
    return value


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = env(name)
    if not value:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def require(name: str) -> str:
    """Return a mandatory variable, or stop the process naming the missing one."""
    value = env(name)
    if not value:
        fail(f"the {name} environment variable is required by the production settings.")
    return value


def fail(message: str) -> None:
    # A plain exit keeps the message on one line instead of a settings traceback.
    sys.stderr.write(f"ImproperlyConfigured: {message}\n")
    raise SystemExit(1)


def database_from_env(base_dir: Path) -> dict:
    url = env("DATABASE_URL", f"sqlite:///{base_dir / 'db.sqlite3'}")
    try:
        config = dj_database_url.parse(url, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))
    except ValueError as error:
        fail(f"DATABASE_URL is not a database URL Django understands ({error}).")
    # A database that stops answering must cost a request seconds, not a worker:
    # past these limits the request fails and the visitor gets the 503 page.
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Autosave and the dev server write concurrently: WAL lets readers proceed,
        # IMMEDIATE takes the write lock up front, the timeout waits instead of failing.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": env_int("DB_BUSY_TIMEOUT", 5),
        }
    else:
        config["CONN_HEALTH_CHECKS"] = True
    if config["ENGINE"] == "django.db.backends.postgresql":
        connect = env_int("DB_CONNECT_TIMEOUT", 3)
        statement = env_int("DB_STATEMENT_TIMEOUT", 5)
        # Ours adds a client-side deadline, for a server that went silent: one
        # second after the server should have cancelled the statement itself.
        config["ENGINE"] = "core.postgresql"
        config["QUERY_DEADLINE"] = statement + 1 if statement else 0
        config["OPTIONS"] = {
            **config.get("OPTIONS", {}),
            "connect_timeout": connect,
            "options": f"-c statement_timeout={statement * 1000}",
            # Drop a connection whose server's host vanished without closing it.
            "keepalives": 1,
            "keepalives_idle": 10,
            "keepalives_interval": 5,
            "keepalives_count": 2,
            "tcp_user_timeout": connect * 1000,
        }
    return config


def cache_from_env() -> dict:
    url = env("CACHE_URL")
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "tccm"),
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                # Redis down or silent: give up within a second and carry on
                # without the cache (DJANGO_REDIS_IGNORE_EXCEPTIONS in base.py).
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        }
    if url and not url.startswith("locmem://"):
        fail(f"CACHE_URL must be redis://… or locmem://, got {url!r}.")
    # Never the database cache: Wagtail writes renditions to the default cache.
    return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}


def frontend_cache_from_env() -> dict:
    """Wagtail's front-end cache purge, for whichever CDN or proxy is configured:
    a caching proxy that accepts PURGE (Varnish, nginx), Cloudflare or CloudFront."""
    backends = {}
    if url := env("FRONTEND_CACHE_PURGE_URL"):
        backends["proxy"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": url,
        }
    if zone := env("CLOUDFLARE_ZONE_ID"):
        backends["cloudflare"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "ZONEID": zone,
            "BEARER_TOKEN": require("CLOUDFLARE_BEARER_TOKEN"),
        }
    if distribution := env("CLOUDFRONT_DISTRIBUTION_ID"):
        # Credentials come from boto3's usual sources (AWS_ACCESS_KEY_ID, …).
        backends["cloudfront"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
            "DISTRIBUTION_ID": distribution,
        }
    return backends


def media_storage_from_env(media_url: str) -> dict:
    """Uploads in an S3-compatible bucket when AWS_STORAGE_BUCKET_NAME is set,
    otherwise on disk in MEDIA_ROOT. A MEDIA_URL on another domain is where the
    bucket is served from (its CDN or proxy adds the safe headers: docs/media.md)."""
    bucket = env("AWS_STORAGE_BUCKET_NAME")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    media = urlsplit(media_url)
    options = {
        "bucket_name": bucket,
        "endpoint_url": env("AWS_S3_ENDPOINT_URL") or None,
        "region_name": env("AWS_S3_REGION_NAME") or None,
        # Uploads keep their own names; a second file never replaces the first.
        "file_overwrite": False,
        # Public files, plain URLs: no signature that expires inside a cached page.
        "querystring_auth": False,
        "default_acl": None,
    }
    if media.netloc:
        options["custom_domain"] = (media.netloc + media.path).rstrip("/")
        options["url_protocol"] = f"{media.scheme or 'https'}:"
    return {"BACKEND": "core.storage.MediaStorage", "OPTIONS": options}
