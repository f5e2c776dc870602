"""Who a request comes from, and what a locked-out sign-in is told.

One rule for the client's address everywhere: the address the last `TRUSTED_PROXIES` proxies
vouch for (DRF's ``NUM_PROXIES``, which the API throttle reads), so the login lockout and the
API limit cannot be dodged by sending a made-up ``X-Forwarded-For``.
"""

from __future__ import annotations

import datetime as dt

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_username, get_cool_off
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


def client_address(request: HttpRequest) -> str:
    """The client's address: ``REMOTE_ADDR`` with no trusted proxy, else the address the
    outermost trusted proxy appended to ``X-Forwarded-For`` (the same as the API throttle)."""
    from rest_framework.throttling import BaseThrottle

    return BaseThrottle().get_ident(request)


class LockoutBackend(AxesStandaloneBackend):
    """Refuses sign-ins for a locked-out account and address (django-axes).

    A check with no request (the test client's ``login()``, a shell) has no address to lock and
    none to count: it goes straight to the password backend. Every sign-in over HTTP (the admin's
    login form) has a request and is checked.
    """

    def authenticate(self, request: HttpRequest | None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """The page for a locked-out sign-in (429): when to try again, and that an administrator can
    lift the lock sooner."""
    cool_off = get_cool_off(request)
    retry_at = None
    if cool_off:
        # This refused try starts the cool-off again; shown to the minute, rounded up.
        retry_at = (timezone.now() + cool_off).replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
    context = {"username": get_client_username(request, credentials) or "", "retry_at": retry_at}
    return render(request, "admin/locked_out.html", context, status=429)
