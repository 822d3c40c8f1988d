"""Request and response middleware: the site's security policies, and refusing
requests no page could answer before they reach a view or the database."""

from collections.abc import Callable

from django.conf import settings
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseBase,
)

from csp.constants import SELF
from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp, giving paths under ADMIN_CONTENT_SECURITY_POLICY's URL_PREFIXES
    that policy instead of CONTENT_SECURITY_POLICY.

    django-csp 4 has a single policy plus per-view decorators; the admin's views
    are Wagtail's, so the choice is made here, by path.
    """

    def get_policy_parts(
        self,
        request: HttpRequest,
        response: HttpResponseBase,
        report_only: bool = False,
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        # A view's own @csp decorator (parts.config) still wins.
        if report_only or parts.config is not None:
            return parts
        if getattr(request, "is_preview", False):
            # Wagtail renders a preview through a stand-in request for the public
            # URL and shows it in the admin's preview panel: keep the public
            # policy, so previews break where the site would, but allow the frame.
            parts.replace = {**(parts.replace or {}), "frame-ancestors": [SELF]}
            return parts
        admin = settings.ADMIN_CONTENT_SECURITY_POLICY
        if request.path_info.startswith(tuple(admin["URL_PREFIXES"])):
            parts.config = default_config(admin["DIRECTIVES"])
        return parts


class RejectNulBytesMiddleware:
    """Answer 400 to a NUL byte anywhere in the path or query string.

    No URL or parameter of the site contains one, and PostgreSQL refuses NUL in
    a query with an error that would otherwise surface as a 500.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "\x00" in query or "%00" in query:
            return HttpResponseBadRequest(
                "Bad request: the address contains a NUL character.",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
