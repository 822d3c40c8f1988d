"""Rate limits for the join form, shared by every server process.

Counts live in Redis when the default cache is Redis (atomic INCR), otherwise in
the database (an atomic UPDATE ... SET count = count + 1); never in a process's
own memory, where each of several workers would allow the full limit. Keys are
keyed hashes: no client address or email is stored in clear.
"""

import datetime
import hashlib
import hmac
import ipaddress
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ..models.signon import SubmissionCount

logger = logging.getLogger(__name__)

HOUR = 3600
DAY = 24 * HOUR


@dataclass(frozen=True)
class Limit:
    scope: str
    allowed: int
    period: int  # seconds


def per_address() -> Limit:
    return Limit("address", settings.SIGNON_LIMIT_PER_ADDRESS, HOUR)


def per_email() -> Limit:
    return Limit("email", settings.SIGNON_LIMIT_PER_EMAIL, DAY)


def normalise(scope: str, value: str) -> str:
    """One key per person: an email without its +tag, an IPv6 address by its /64
    (one household or server), an IPv4 address as it is."""
    value = value.strip().casefold()
    if scope == "email":
        local, _, domain = value.rpartition("@")
        return f"{local.split('+', 1)[0]}@{domain}"
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return value
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _key(limit: Limit, value: str, now: float) -> tuple[str, int]:
    window = int(now // limit.period)
    digest = hmac.new(
        settings.SECRET_KEY.encode(),
        f"{limit.scope}\n{normalise(limit.scope, value)}\n{window}".encode(),
        hashlib.sha256,
    ).hexdigest()
    expires = (window + 1) * limit.period
    return digest, expires


def _uses_redis() -> bool:
    return settings.CACHES["default"]["BACKEND"].startswith("django_redis")


def _count_in_redis(key: str, expires: int) -> int:
    name = f"signon-limit:{key}"
    cache.add(name, 0, timeout=max(1, int(expires - time.time())))
    return cache.incr(name)


def _count_in_database(key: str, expires: int) -> int:
    expires_at = datetime.datetime.fromtimestamp(expires, tz=datetime.UTC)
    with transaction.atomic():
        updated = SubmissionCount.objects.filter(key=key).update(count=F("count") + 1)
        if not updated:
            try:
                with transaction.atomic():
                    SubmissionCount.objects.create(
                        key=key, count=1, expires_at=expires_at
                    )
            except IntegrityError:
                # Another process created it between our UPDATE and INSERT.
                SubmissionCount.objects.filter(key=key).update(count=F("count") + 1)
        return SubmissionCount.objects.values_list("count", flat=True).get(key=key)


def hit(limit: Limit, value: str) -> bool:
    """Count one submission for `value` (an address or email); False once over
    the limit for the current window."""
    if not value:
        return True
    key, expires = _key(limit, value, time.time())
    count = None
    if _uses_redis():
        try:
            count = _count_in_redis(key, expires)
        except Exception:  # Redis down: the database still holds the line.
            logger.warning("sign-on rate limit: Redis unavailable, using the database")
    if count is None:
        count = _count_in_database(key, expires)
    return count <= limit.allowed


def purge_expired() -> int:
    deleted, _ = SubmissionCount.objects.filter(expires_at__lt=timezone.now()).delete()
    return deleted
