"""Production: refuses to start without the secrets and hosts it needs."""

from .base import *  # noqa: F403
from .env import env, env_bool, env_choice, env_int, env_list, require

DEBUG = False
SECRET_KEY = require("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or [require("ALLOWED_HOSTS")]
# The site's one public address (core.addresses): every canonical link, og:url,
# sitemap entry, feed id and badge starts with it. The base default names this
# machine, which search engines would then be told is the site.
WAGTAILADMIN_BASE_URL = require("WAGTAILADMIN_BASE_URL")

# TLS terminates at the proxy, which says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The same proxy appends the visitor's address to X-Forwarded-For; login
# lockouts count that address, not the proxy's (core/login_protection.py).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 63072000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# On by default: the site is HTTPS-only for good. Turn off before the first
# deployment if the domain may ever need plain HTTP (preload lists are slow to leave).
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# Load balancers and systemd probe over plain HTTP on the loopback.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$", r"^readyz/$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True

# A worker (`manage.py db_worker`) sends queued emails and updates the search
# index; an email that fails is retried later instead of being lost.
TASKS = {
    "default": {
        "BACKEND": TASK_BACKENDS[  # noqa: F405
            env_choice("TASKS_BACKEND", TASK_BACKENDS, "database")  # noqa: F405
        ]
    }
}

# One JSON object a line on stdout unless LOG_FORMAT=text.
if env("LOG_FORMAT", "json") == "json":
    LOGGING["handlers"]["console"]["formatter"] = "json"  # noqa: F405

# Error reports to Sentry (or a compatible service) when SENTRY_DSN is set.
if SENTRY_DSN := env("SENTRY_DSN"):
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration()],
        environment=env("SENTRY_ENVIRONMENT", "production"),
        # Visitors' and editors' addresses, cookies and bodies stay here.
        send_default_pii=False,
        traces_sample_rate=float(env("SENTRY_TRACES_SAMPLE_RATE", "0") or 0),
    )
