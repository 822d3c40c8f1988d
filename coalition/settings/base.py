"""Settings shared by every environment; environment-specific values come from env."""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.utils.translation import gettext_lazy as _

from csp.constants import NONE, SELF, UNSAFE_INLINE

from .env import (
    cache_from_env,
    database_from_env,
    env,
    env_bool,
    env_choice,
    env_int,
    env_list,
    frontend_cache_from_env,
    media_storage_from_env,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env("SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "core",
    "home",
    "statements",
    "news",
    "editorial",
    "search",
    "launch",
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_countries",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "core.middleware.ContentSecurityPolicyMiddleware",
    # Before anything reads the request; after the header middleware, so the
    # refusal still carries the security headers.
    "core.middleware.RejectNulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses pages, stored ones too, so it sits outside the page cache.
    # BREACH: Django masks the CSRF token afresh in every response and pads
    # compressed responses with random bytes; see docs/performance.md.
    "django.middleware.gzip.GZipMiddleware",
    # After the header middleware (a stored page gets fresh security headers),
    # before the session (a hit reads neither the session nor the database).
    "core.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.two_factor.AdminTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: it turns a lockout into our lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "coalition.urls"
WSGI_APPLICATION = "coalition.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {"default": database_from_env(BASE_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": cache_from_env()}
# Redis down: every cache call gives up (within its 1 s socket timeout), is
# logged, and the site carries on from the database.
DJANGO_REDIS_IGNORE_EXCEPTIONS = True
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

# HTTP caching of public pages (core/page_cache.py). Anonymous visitors' pages
# say `public, max-age, stale-while-revalidate` to browsers and a CDN, and are
# kept in the default cache for PAGE_CACHE_SECONDS (0: off); any content,
# snippet or settings change drops them at once. On by default with Redis only:
# a change drops stored pages in the cache it is made in, which with a
# per-process cache would leave the other workers' copies until they expire.
CACHE_CONTROL_MAX_AGE = env_int("CACHE_CONTROL_MAX_AGE", 60)
CACHE_CONTROL_STALE_SECONDS = env_int("CACHE_CONTROL_STALE_SECONDS", 300)
PAGE_CACHE_SECONDS = env_int(
    "PAGE_CACHE_SECONDS", 600 if "redis" in CACHES["default"]["BACKEND"] else 0
)
# Models of the apps public pages show whose saves need not drop stored pages
# (app_label.ModelName): sign-on requests and their rate-limit counts change on
# every public submission and show nowhere until staff approve (which saves a
# signatory, and that drops them).
PAGE_CACHE_IGNORED_MODELS = ["statements.SignOnRequest", "statements.SubmissionCount"]
# Facets and totals (news years, signatory countries; core/public_cache.py) are
# kept until content changes, at most this long. A per-process cache only hears
# of its own process's changes, so the other workers catch up within a minute.
PUBLIC_CACHE_SECONDS = env_int(
    "PUBLIC_CACHE_SECONDS", 3600 if "redis" in CACHES["default"]["BACKEND"] else 60
)
# A CDN or caching proxy in front, purged when content changes (Wagtail's
# frontend cache). See docs/deployment.md.
WAGTAILFRONTENDCACHE = frontend_cache_from_env()

# django-axes refuses logins while an account or address is locked out; it
# checks before the password is, so a locked account cannot be guessed at.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

# Translation into the UN languages is on the roadmap; English is the source.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads are best served from a separate, cookieless domain: set MEDIA_URL to it
# (e.g. https://media.example.org/). See docs/media.md.
MEDIA_URL = env("MEDIA_URL") or "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
_media = urlsplit(MEDIA_URL)
MEDIA_ORIGINS = [f"{_media.scheme}://{_media.netloc}"] if _media.netloc else []
# Django serves MEDIA_URL itself (with safe headers) only with DEBUG or this on;
# otherwise the web server or the media domain does.
SERVE_MEDIA = env_bool("SERVE_MEDIA")
# Files strangers upload (logos sent with sign-on requests) stay out of MEDIA_ROOT:
# only staff see them, through the admin, until approved.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))
STORAGES = {
    # S3-compatible object storage when AWS_STORAGE_BUCKET_NAME is set, else disk.
    "default": media_storage_from_env(MEDIA_URL),
    "signon": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Wagtail 8 queues search-index and reference-index updates as tasks, and the
# sign-on form queues its emails. Inline by default; TASKS_BACKEND=database
# stores them for `manage.py db_worker`, which retries emails when mail is down.
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS = {
    "default": {
        "BACKEND": TASK_BACKENDS[
            env_choice("TASKS_BACKEND", TASK_BACKENDS, "immediate")
        ]
    }
}

# Joining a statement (statements/signon/).
# Days a confirmation link works; unconfirmed requests then show as expired.
SIGNON_LINK_DAYS = env_int("SIGNON_LINK_DAYS", 7)
# Days after which rejected and expired requests are erased (purge_sign_on_requests).
SIGNON_PURGE_AFTER_DAYS = env_int("SIGNON_PURGE_AFTER_DAYS", 90)
# A person takes longer than this to fill in the form; scripts do not.
SIGNON_MIN_FILL_SECONDS = env_int("SIGNON_MIN_FILL_SECONDS", 3)
# Requests accepted per client address per hour, and per contact email per day.
SIGNON_LIMIT_PER_ADDRESS = env_int("SIGNON_LIMIT_PER_ADDRESS", 10)
SIGNON_LIMIT_PER_EMAIL = env_int("SIGNON_LIMIT_PER_EMAIL", 3)
# Who hears of a confirmed request, besides the Comms staff group's members.
SIGNON_NOTIFY_EMAILS = env_list("SIGNON_NOTIFY_EMAILS")
# Attempts at sending one email (database task backend), an hour apart at most.
SIGNON_EMAIL_ATTEMPTS = env_int("SIGNON_EMAIL_ATTEMPTS", 6)

WAGTAIL_SITE_NAME = "TCCM"
# Pages restricted to logged-in users or groups send readers here.
LOGIN_URL = WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
WAGTAIL_PASSWORD_REQUIRED_TEMPLATE = "password_required.html"  # noqa: S105
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# The database backend picks SQLite's FTS5 or PostgreSQL's full-text search from
# DATABASE_URL; on PostgreSQL, English stemming ("mandates" finds "mandate").
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "english",
    }
}
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Staff privacy: the admin makes no third-party requests.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Draftail, minus the "type '/' to insert a block" hint in inline-only fields.
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {"WIDGET": "core.widgets.InlineAwareDraftailRichTextArea"}
}
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "svg"]
# Strips scripts and outside links from uploaded SVGs (see core/uploads.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "core.uploads.SafeImageForm"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Documents always go through Wagtail's view, which checks their collection's
# privacy, never a redirect to the storage's public URL.
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# Security headers for public pages. The site loads nothing from elsewhere:
# no inline scripts or styles, no CDN, no trackers. Embedded videos are the
# only third-party frames.
EMBED_FRAME_SOURCES = [
    "https://www.youtube-nocookie.com",
    "https://www.youtube.com",
    "https://player.vimeo.com",
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *MEDIA_ORIGINS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "frame-src": EMBED_FRAME_SOURCES,
        "form-action": [SELF],
        "base-uri": [NONE],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
    },
}
# The admin's own policy (core.middleware). Wagtail 8's admin still writes inline
# <script> blocks (date pickers, inline and multiple-chooser panels) and style
# attributes, so both need 'unsafe-inline'; everything must still come from this
# site, so nothing injected can load code or send data elsewhere. Page previews
# render in a same-origin frame and may show embedded videos.
ADMIN_CONTENT_SECURITY_POLICY = {
    "URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:", *MEDIA_ORIGINS],
        "connect-src": [SELF],
        "frame-src": [SELF, *EMBED_FRAME_SOURCES],
        "form-action": [SELF],
        "base-uri": [NONE],
        "object-src": [NONE],
        "frame-ancestors": [SELF],
    },
}
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "browsing-topics",
    )
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Login protection (core/login_protection.py). Failed admin and member logins
# and wrong page passwords count against the account (or the page's password)
# and, separately, against the address they came from: the account lock stops a
# password being guessed from many addresses, the address lock stops one
# address trying many accounts. Either reaching the limit locks.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address"]]
# Attempts during a lockout do not restart the clock: otherwise anyone could
# keep a colleague locked out for good with one try every quarter hour.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Not reset on success: with per-address counting, logging in to one's own
# account would wipe the count against the account being guessed.
AXES_RESET_ON_SUCCESS = False
# No record of successful logins: nothing reads it and it would keep every
# staff member's address indefinitely.
AXES_DISABLE_ACCESS_LOG = True
AXES_CLIENT_IP_CALLABLE = "core.client.client_ip"
AXES_LOCKOUT_CALLABLE = "core.login_protection.lockout_response"
# How many reverse proxies in front of the site append to X-Forwarded-For; 0
# trusts only the connection's own address (production sets 1).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Two-factor sign-in for the admin (core/two_factor.py): optional per person
# unless this is on, in which case staff must set it up at their next sign-in.
ADMIN_REQUIRE_2FA = env_bool("ADMIN_REQUIRE_2FA")
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME

# LOG_FORMAT=json (production's default) writes one JSON object a line.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "core.log_format.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            **({"formatter": "json"} if env("LOG_FORMAT") == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # Task and page-action logs say "task RUNNING/SUCCESSFUL" for every save.
    "loggers": {
        "django_tasks": {"level": "WARNING"},
        # Failures and lockouts are warnings; "AXES: BEGIN" on every command is not.
        "axes": {"level": "WARNING"},
        "wagtail": {"level": env("WAGTAIL_LOG_LEVEL", "WARNING")},
    },
}
