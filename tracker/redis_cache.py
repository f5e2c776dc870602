"""Django's Redis cache, kept a cache: a Redis that is down or hangs is a miss, never an error.

While Redis cannot be reached, every read answers as a miss (its default), every write is dropped
and the site runs uncached; nothing raises. The first failure is logged at ERROR, then at most
once every ``LOG_SECONDS`` while it lasts, and the return at WARNING. After a failure the backend
does not try Redis again for ``RETRY_SECONDS`` (so a dead server costs a request nothing, and a
hung one at most the socket timeout once per back-off); then one call tries again, and if Redis
answers, the `reconnected` signal is sent before that call reads anything (the data version of
stored pages is renewed there: writes made during the outage could not renew it).

Django's `RedisCacheClient` makes a new ``redis.Redis`` object for every command, and redis-py
fills a table of response callbacks in each one: about 0.2 ms per cache read, more than the read
itself. A stored page is two reads, so this was most of its cost. A client is thread-safe and
holds nothing but its pool, so one per pool is kept and reused.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from django.core.cache.backends import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.dispatch import Signal
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Sent with ``cache=`` the backend when Redis answers again after an outage, by the thread that
# found it back, before its own call reads anything; the cache's calls made by receivers go through.
reconnected = Signal()

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
_MISSING = object()


class Outage:
    """Whether a Redis server answers, as this process sees it. Django makes a cache object per
    thread; they share one `Outage` per server (see `outages`), so a threaded server logs and
    retries once per process, not once per thread or request.

    Up: every call goes to Redis. Down: calls are skipped until ``retry_seconds`` after the last
    failure; then the first thread to ask probes Redis while the others keep skipping.
    """

    def __init__(
        self,
        name: str,
        *,
        retry_seconds: float,
        log_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.name = name
        self.retry_seconds = retry_seconds
        self.log_seconds = log_seconds
        self.clock = clock
        self._lock = threading.Lock()
        self._down_since: float | None = None
        self._retry_at = 0.0
        self._prober: int | None = None
        self._logged_at: float | None = None
        self._outage_logged = False
        self._skipped = 0

    def admit(self) -> str:
        """Whether to call Redis: "go", "probe" (it was down: this thread tries it again) or "skip"."""
        with self._lock:
            if self._down_since is None or self._prober == threading.get_ident():
                return "go"
            if self._prober is None and self.clock() >= self._retry_at:
                self._prober = threading.get_ident()
                return "probe"
            self._skipped += 1
            return "skip"

    def failed(self, error: Exception) -> None:
        with self._lock:
            now = self.clock()
            started = self._down_since is None
            if started:
                self._down_since, self._skipped, self._outage_logged = now, 0, False
            self._prober = None
            self._retry_at = now + self.retry_seconds
            # Across outages too: a Redis that flaps is logged at most once an interval.
            log = self._logged_at is None or now - self._logged_at >= self.log_seconds
            if log:
                self._logged_at, self._outage_logged = now, True
            down_for, skipped = now - self._down_since, self._skipped
        if not log:
            return
        if started:
            logger.error(
                "Redis cache at %s is unreachable (%s): serving everything uncached, without the "
                "API's anonymous rate limit, and trying again every %g s.",
                self.name,
                error,
                self.retry_seconds,
            )
        else:
            logger.error(
                "Redis cache at %s is still unreachable after %.0f s (%s); %d cache calls skipped.",
                self.name,
                down_for,
                error,
                skipped,
            )

    def abandon(self) -> None:
        with self._lock:
            if self._prober == threading.get_ident():
                self._prober = None

    def recovered(self) -> bool:
        """Ends the outage if this thread's probe still stands (no call failed since it began)."""
        with self._lock:
            if self._prober != threading.get_ident():
                return False
            down_for, logged = self.clock() - self._down_since, self._outage_logged
            self._down_since = self._prober = None
        if logged:
            logger.warning("Redis cache at %s answers again after %.0f s.", self.name, down_for)
        return True


# One per server list in this process, made by the first cache object for it.
outages: dict[str, Outage] = {}
_outages_lock = threading.Lock()


def _display(servers: list[str]) -> str:
    """The servers without any password in their URLs (the name goes to the logs)."""
    parts = [urlsplit(url) for url in servers]
    return ",".join(part._replace(netloc=part.netloc.rpartition("@")[2]).geturl() for part in parts)


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    """``OPTIONS`` may hold ``RETRY_SECONDS`` (default 5) and ``LOG_SECONDS`` (default 60); the
    rest go to redis-py's connection pool (``socket_connect_timeout``, ``socket_timeout``)."""

    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
        self._options = dict(self._options)
        retry_seconds = self._options.pop("RETRY_SECONDS", 5)
        log_seconds = self._options.pop("LOG_SECONDS", 60)
        location = ",".join(self._servers)
        with _outages_lock:
            if location not in outages:
                outages[location] = Outage(
                    _display(self._servers), retry_seconds=retry_seconds, log_seconds=log_seconds
                )
            self.outage = outages[location]

    def _run(self, fallback, method, *args):
        """``method(*args)`` if Redis answers, else ``fallback`` (and the outage is recorded)."""
        admission = self.outage.admit()
        if admission == "skip":
            return fallback
        if admission == "probe" and not self._reconnect():
            return fallback
        try:
            return method(*args)
        except UNREACHABLE as error:
            self.outage.failed(error)
            return fallback

    def _reconnect(self) -> bool:
        """Whether Redis answers again; if so `reconnected` has been sent and the outage is over."""
        try:
            self._cache.get_client(write=True).ping()
            reconnected.send(sender=type(self), cache=self)
        except UNREACHABLE as error:
            self.outage.failed(error)
            return False
        except BaseException:
            self.outage.abandon()  # a bug, not an outage: let another call probe again
            raise
        return self.outage.recovered()  # False if a receiver's call failed: still down

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._run(False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._run(default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._run(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._run(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._run(False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._run({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._run(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        value = self._run(_MISSING, super().incr, key, delta, version)
        if value is _MISSING:  # as for a key that is not there, which the caller must handle
            raise ValueError(f"Key '{key}' not found.")
        return value

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._run(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        self._run(None, super().delete_many, keys, version)

    def clear(self):
        return self._run(False, super().clear)
