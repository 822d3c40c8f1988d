"""Project URLs: admin, documents, feeds outside the page tree, then Wagtail pages."""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.views.generic import TemplateView

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from core import login_protection
from core import views as core_views
from core.sitemaps import cached_sitemap
from news import views as news_views
from search import views as search_views
from statements import views as statement_views

handler500 = "core.views.server_error"

urlpatterns = [
    # Probes for a load balancer or systemd: process alive, dependencies ready.
    path("healthz/", core_views.healthz, name="healthz"),
    path("readyz/", core_views.readyz, name="readyz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Members log in here to read pages restricted to logged-in users or groups.
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("sitemap.xml", cached_sitemap, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
    ),
    path("favicon.ico", core_views.favicon),
    path("key-dates.ics", news_views.key_dates_ics, name="key_dates_ics"),
    re_path(
        r"^(?P<path>(?:[\w\-]+/)*signatories)\.(?P<extension>csv|json)$",
        statement_views.open_data,
        name="signatories_open_data",
    ),
    # Stable ids, not the statement's address: members embed these for years.
    re_path(
        r"^badges/(?P<statement_id>[0-9]{1,18})/(?P<signatory_id>[0-9]{1,18})\.svg$",
        statement_views.badge,
        name="signatory_badge",
    ),
    path("search/", search_views.search, name="search"),
]

if not urlsplit(settings.MEDIA_URL).netloc:
    # Media on this domain: the view serves them only with DEBUG or SERVE_MEDIA.
    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.+)$",
            core_views.media,
        )
    ]

urlpatterns += [
    # Same address and name as Wagtail's own page-password handler, which it
    # wraps to throttle guessing; listed first, so it is the one that answers.
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        login_protection.authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    path("", include(wagtail_urls)),
]
