"""Whole responses for anonymous readers, kept until the tracker's data changes.

The public pages and the API's JSON reads are stored in the default cache (Redis in production,
shared by every worker) under the current *data version*. Any write to a record of this app,
through admin, the API, the seed or the shell, sets a new version (at once, and again when its
transaction commits), so a stored response is never served after a change and nothing needs
purging: old versions simply expire. Signed-in users, other methods, errors and streamed
exports always go to the view. ``PAGE_CACHE_SECONDS=0`` turns it off (the test suite does, to
measure the views themselves).

While the cache is unreachable (tracker/redis_cache.py reads that as a miss) every request goes to
the view and nothing is stored; a write then cannot set a new version, so when the cache answers
again a new version is set before anything is read (`cache_reconnected`).

Bulk writers that bypass model signals (``generate_demo``) call `data_changed()` themselves.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.http import HttpRequest, HttpResponse

from tracker.redis_cache import reconnected

VERSION_KEY = "relations:data-version"


def enabled() -> bool:
    return settings.PAGE_CACHE_SECONDS > 0


def data_version() -> str | None:
    """The current data version; None while the cache cannot be reached (store nothing then)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def _new_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def data_changed(**kwargs) -> None:
    """A record changed: stop serving stored responses. Connected to every model signal of the
    app. The version changes at once (this request's next read sees the change) and once more
    when the transaction commits (no reader can have stored the old data under the new version
    in between)."""
    if not enabled():
        return
    _new_version()
    connection = transaction.get_connection()
    # Once per transaction, however many rows it writes (a rolled-back one drops its callbacks).
    if not any(callback is _new_version for _, callback, _ in connection.run_on_commit):
        transaction.on_commit(_new_version)


def cache_reconnected(**kwargs) -> None:
    """The cache answers again after an outage, in which writes could not set a new version: no
    response stored before it may be served. Sent before the reconnecting call reads anything."""
    if enabled():
        _new_version()


reconnected.connect(cache_reconnected, dispatch_uid="relations:cache-reconnected")


def data_migrated(**kwargs) -> None:
    """Migrations may rewrite data without model signals."""
    try:
        data_changed()
    except DatabaseError:
        pass  # the cache table is not made yet (`createcachetable` follows): nothing is stored


def response_key(request: HttpRequest, variant: str = "") -> str:
    """The store's key for this answer: a digest of the variant and the absolute URL (a cache key
    must stay short and free of spaces, whatever the query string). The value holds the data
    version it was made under, so the key and the current version are read in one round trip."""
    digest = hashlib.blake2b(f"{variant}\n{request.build_absolute_uri()}".encode(), digest_size=16)
    return f"relations:response:{digest.hexdigest()}"


def servable(request: HttpRequest) -> bool:
    """Whether a read by this user may be stored (the API's viewsets ask after authentication)."""
    return enabled() and request.method in ("GET", "HEAD") and not request.user.is_authenticated


def storable(request: HttpRequest) -> None:
    """Marks the request's answer as one `StoredResponseMiddleware` may keep (if it is a 200)."""
    request.storable = True


def cached_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Marks a public page whose anonymous reads `StoredResponseMiddleware` may store and serve."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        storable(request)
        return view(request, *args, **kwargs)

    return wrapper


def _throttled(request: HttpRequest) -> bool:
    """The API's anonymous limit, checked for a read answered before DRF runs. An allowed read
    is counted here, as DRF counts it; a refused one goes on to DRF, which refuses it too (429)."""
    from django.contrib.auth.models import AnonymousUser
    from rest_framework.settings import api_settings

    request.user = AnonymousUser()
    throttles = api_settings.DEFAULT_THROTTLE_CLASSES
    return not all(throttle().allow_request(request, None) for throttle in throttles)


class StoredResponseMiddleware:
    """Serves a stored public page or API read before sessions, CSRF, authentication and DRF
    run, and stores the answers marked `storable` after every inner middleware has added its
    headers.

    Only anonymous requests are answered from the store: no session cookie and no
    ``Authorization`` header. An API read is keyed by its ``Accept`` header as well as its URL
    (the viewsets mark JSON reads only), and still counts against the anonymous throttle.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        api = request.path.startswith("/api/")
        if not (
            enabled()
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "HTTP_AUTHORIZATION" not in request.META
            and not request.path.startswith(("/admin/", settings.STATIC_URL))
        ):
            return self.get_response(request)
        key = response_key(request, f"api {request.META.get('HTTP_ACCEPT', '')}" if api else "page")
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY) or data_version()
        if version is None:  # the cache is unreachable: answer uncached
            return self.get_response(request)
        stored = found.get(key)
        # Read before the view runs: an answer made while a write commits is stored under the
        # version it started from, which that write has already replaced.
        if stored is not None and stored[0] == version and not (api and _throttled(request)):
            _, content, headers = stored
            response = HttpResponse(content, headers=headers)
            response["X-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if (
            getattr(request, "storable", False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
        ):
            stored = (version, response.content, dict(response.headers))
            cache.set(key, stored, settings.PAGE_CACHE_SECONDS)
            response["X-Cache"] = "miss"
        return response
