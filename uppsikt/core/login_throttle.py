"""Login throttling (django-axes) with three limits, and the client's address read only from a
trusted proxy.

Failed password logins are counted per user name and address, per user name across every
address (someone trying one account from many addresses) and per address across every user
name (someone trying many accounts from one address); each count has its own limit
(``UPPSIKT_LOGIN_FAILURE_LIMIT``, ``UPPSIKT_LOGIN_ACCOUNT_FAILURE_LIMIT``,
``UPPSIKT_LOGIN_ADDRESS_FAILURE_LIMIT``) within the cool-off time. Axes compares one number
with one limit, so each count is put on the scale of the first limit: a count ``c`` against
its limit ``L`` weighs ``c * L0 // L``, which reaches ``L0`` exactly when ``c`` reaches ``L``.
"""

from __future__ import annotations

import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def _limits() -> list[int]:
    return [
        settings.AXES_FAILURE_LIMIT,
        settings.UPPSIKT_LOGIN_ACCOUNT_FAILURE_LIMIT,
        settings.UPPSIKT_LOGIN_ADDRESS_FAILURE_LIMIT,
    ]


class LoginThrottle(AxesDatabaseHandler):
    """``AXES_LOCKOUT_PARAMETERS`` lists the three counts in the order of ``_limits``."""

    def get_failures(self, request, credentials=None) -> int:
        base, *_ = limits = _limits()
        weighed = 0
        for attempts, limit in zip(
            self.get_user_attempts(request, credentials), limits, strict=True
        ):
            count = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            weighed = max(weighed, count * base // limit)
        return weighed

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A successful login forgives the failures of that user name from that address only;
        the counts across addresses and across user names stay until they expire (a valid
        login of one's own must not wipe the record of trying other accounts)."""
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(
            username=username, ip_address=request.axes_ip_address
        ).delete()
        return count


def _trusted(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def trusted_proxies():
    return [ipaddress.ip_network(p, strict=False) for p in settings.UPPSIKT_TRUSTED_PROXIES]


def client_ip(request) -> str | None:
    """The client's address: ``REMOTE_ADDR``, unless that is a trusted proxy
    (``UPPSIKT_TRUSTED_PROXIES``), in which case the nearest address in ``X-Forwarded-For`` that
    is not itself a trusted proxy. ``X-Forwarded-For`` from anyone else is ignored: a client
    can write whatever it likes there."""
    remote = request.META.get("REMOTE_ADDR")
    networks = trusted_proxies()
    if not remote or not networks or not _trusted(remote, networks):
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    for address in reversed(forwarded):  # the proxies append: the nearest is last
        if not _trusted(address, networks):
            try:
                return str(ipaddress.ip_address(address))
            except ValueError:
                return remote  # a malformed header: count the proxy, not a made-up address
    return remote
