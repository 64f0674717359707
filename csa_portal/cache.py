"""Django's Redis cache, made to degrade rather than fail while Redis does not answer.

Nothing in the cache is a record: every value can be rebuilt from the database, and a rate
limit that cannot count lets the request through. So when Redis refuses a connection or
times out, ``DegradingRedisCache`` answers as Django's ``DummyCache`` would (every read a
miss, every write dropped, ``add`` succeeds, ``incr`` finds no key), logs one WARNING, and
leaves Redis alone for ``RETRY_AFTER_SECONDS``, so that an outage costs a request nothing
instead of a timeout on every cache call. The connect and read timeouts are the OPTIONS of
``settings.CACHES``.

What callers see during an outage: pages are built from the database, rate limits fall open,
and a board change made meanwhile may show a little late once Redis is back (cached entries
expire within ``roles.board_cache.BOARD_CACHE_SECONDS``).
"""

import logging
import time
from urllib.parse import urlsplit

from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# How long a process leaves an unreachable Redis alone before trying it again.
RETRY_AFTER_SECONDS = 5.0
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)

# Per process and per cache location, shared by the threads of a process (Django gives each
# thread its own cache object).
_unreachable_until: dict[str, float] = {}


def _degrading(name: str):
    def method(self, *args, **kwargs):
        if self.resting():
            return getattr(self._stand_in, name)(*args, **kwargs)
        try:
            return getattr(super(DegradingRedisCache, self), name)(*args, **kwargs)
        except UNREACHABLE as error:
            self._rest(name, error)
            return getattr(self._stand_in, name)(*args, **kwargs)

    method.__name__ = name
    method.__doc__ = f"RedisCache.{name}, or DummyCache.{name} while Redis does not answer."
    return method


class DegradingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._stand_in = DummyCache(server, params)
        self._where = _host_and_port(self._servers[0])

    add = _degrading("add")
    get = _degrading("get")
    set = _degrading("set")
    touch = _degrading("touch")
    delete = _degrading("delete")
    get_many = _degrading("get_many")
    has_key = _degrading("has_key")
    incr = _degrading("incr")
    set_many = _degrading("set_many")
    delete_many = _degrading("delete_many")
    clear = _degrading("clear")

    def resting(self) -> bool:
        """True while this process leaves Redis alone after a failure."""
        return time.monotonic() < _unreachable_until.get(self._where, 0.0)

    def reachable(self) -> bool:
        """Ask Redis directly (for ``/healthz``): the pause after a failure does not apply."""
        try:
            self._cache.get_client(write=True).ping()
        except UNREACHABLE:
            return False
        _unreachable_until.pop(self._where, None)
        return True

    def _rest(self, operation: str, error: Exception) -> None:
        _unreachable_until[self._where] = time.monotonic() + RETRY_AFTER_SECONDS
        logger.warning(
            "Cache at %s did not answer %s (%s): pages come from the database and rate "
            "limits let requests through; trying again in %.0f s",
            self._where,
            operation,
            error,
            RETRY_AFTER_SECONDS,
        )


def _host_and_port(url: str) -> str:
    """Where the cache is, without the password a URL may carry."""
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port or 6379}{parts.path}"
