"""Read configuration from environment variables, failing with a one-line message."""

import os
import sys
from pathlib import Path

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
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Autosave and the dev server write concurrently: WAL lets readers proceed,
        # IMMEDIATE takes the write lock up front, the timeout waits instead of failing.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    else:
        config["CONN_HEALTH_CHECKS"] = True
    return config


def cache_from_env() -> dict:
    url = env("CACHE_URL")
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "tccm"),
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    if url and not url.startswith("locmem://"):
        fail(f"CACHE_URL must be redis://… or locmem://, got {url!r}.")
    # Never the database cache: Wagtail writes renditions to the default cache.
    return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
