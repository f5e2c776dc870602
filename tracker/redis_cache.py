"""Django's Redis cache, with one redis-py client per connection pool.

Django's `RedisCacheClient` makes a new ``redis.Redis`` object for every command, and redis-py
fills a table of response callbacks in each one: about 0.2 ms per cache read, more than the read
itself. A stored page is two reads, so this was most of its cost. A client is thread-safe and
holds nothing but its pool, so one per pool is kept and reused.
"""

from __future__ import annotations

from django.core.cache.backends import redis


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
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
