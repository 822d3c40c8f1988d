"""gunicorn settings (read from the working directory): `gunicorn coalition.wsgi`.

preload_app loads Django in the master before any worker starts, so a missing
SECRET_KEY or a bad DATABASE_URL stops gunicorn at once with the settings'
one-line message instead of workers failing and being restarted forever.
Every value can be overridden on the command line or with GUNICORN_CMD_ARGS.
"""

import multiprocessing
import os

wsgi_app = "coalition.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
preload_app = True
# A 1,000-row signatory import takes about a minute; a database that stops
# answering is cut off much sooner (DB_CONNECT_TIMEOUT, DB_STATEMENT_TIMEOUT).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
# Recycle workers now and then, staggered, so no slow leak grows unbounded.
max_requests = 2000
max_requests_jitter = 200
# The TLS proxy on this machine sets X-Forwarded-Proto and X-Forwarded-For.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Errors to stderr (journald); the proxy keeps the access log.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"


def on_starting(server):
    """Run Django's system checks once in the master: a broken configuration
    (errors, not warnings) stops the start instead of serving errors."""
    from django.core.management import call_command

    call_command("check", fail_level="ERROR")
