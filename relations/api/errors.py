"""The site's error responses (``handler400`` … ``handler500`` in tracker/urls.py).

A request under ``/api/`` gets JSON in the shape DRF gives its own errors, ``{"detail": "…"}``,
whatever failed: an address that matches no route, a body too large to read, an unexpected
error. Any other address gets the pages' HTML (templates/400.html, 404.html, 500.html).

An error because the database cannot be reached (PostgreSQL down or restarting, SQLite's write
lock still held after its busy timeout) is ``503 Service Unavailable`` with ``Retry-After``: the
request changed nothing (its transaction rolled back) and may simply be sent again. It is still
logged with its traceback, as every unexpected error is.

A body larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (Django's 2.5 MB default) is refused when
it is first read, DRF's JSON parser included: Django raises ``RequestDataTooBig``, which it
hands to ``handler400``; it is answered ``413 Payload Too Large`` here, before any parsing.
"""

from __future__ import annotations

import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.views import defaults


def is_api(request: HttpRequest) -> bool:
    """Whether ``request`` is for an address of the API."""
    return request.path.startswith(reverse("api:api-root"))


def too_large_message() -> str:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return f"The request body is larger than the {limit:,} bytes a request may send."


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):
        if is_api(request):
            return JsonResponse({"detail": too_large_message()}, status=413)
        return render(request, "400.html", {"message": too_large_message()}, status=413)
    if is_api(request):
        return JsonResponse({"detail": "The request could not be read."}, status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api(request):
        return JsonResponse({"detail": "You do not have permission to perform this action."}, status=403)
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


#: Seconds a client is asked to wait before sending a request again while the database is away.
RETRY_AFTER_SECONDS = 30


def database_unavailable(request: HttpRequest) -> HttpResponse:
    if is_api(request):
        response = JsonResponse(
            {"detail": "The database cannot be reached just now; nothing was changed. Try again shortly."},
            status=503,
        )
    else:
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    # Called inside Django's handler of the uncaught exception, so it is still the one raised.
    if isinstance(sys.exc_info()[1], OperationalError):
        return database_unavailable(request)
    # Nothing that could fail again (no request context, no queries): the error is already logged.
    if is_api(request):
        return JsonResponse({"detail": "A server error occurred. It has been logged."}, status=500)
    return defaults.server_error(request)
