"""Who a request comes from, for login lockouts and form rate limits."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The address a request came from, as our own proxies saw it.

    Each of the TRUSTED_PROXY_COUNT proxies appends the address it received the
    request from to X-Forwarded-For, so the visitor's address is that many
    entries from the right; anything further left was written by the visitor
    and could be anything.
    """
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    if not proxies:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < proxies:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-proxies]))
    except ValueError:
        return remote
