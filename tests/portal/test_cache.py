"""The shared cache degrades: an unreachable or silent Redis is a miss, never an error."""

import logging
import socket
import threading
import time

import pytest
from django.core.cache import cache, caches

from csa_portal import cache as degrading

# A Redis that refuses connections: nothing listens on port 1 of the loopback address.
UNREACHABLE_CACHE = {
    "default": {
        "BACKEND": "csa_portal.cache.DegradingRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.05, "socket_timeout": 0.05},
    }
}
LOCAL_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture(autouse=True)
def _no_rest_carried_over():
    degrading._unreachable_until.clear()
    yield
    degrading._unreachable_until.clear()


@pytest.fixture
def unreachable_cache(settings):
    settings.CACHES = UNREACHABLE_CACHE
    return caches["default"]


@pytest.fixture
def silent_redis():
    """A server that accepts connections and never answers: a hung Redis."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(50)
    stop = threading.Event()
    accepted = []

    def hold():
        server.settimeout(0.05)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    server.close()


def test_an_unreachable_cache_reads_as_a_miss_and_drops_writes(unreachable_cache):
    assert cache.get("board", "fallback") == "fallback"
    cache.set("board", "page")
    assert cache.get("board") is None
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("board") is False
    assert cache.delete("board") is False


def test_an_unreachable_cache_lets_add_succeed_and_finds_no_key_to_count(unreachable_cache):
    # What a rate limit needs to fall open: a first hit is allowed, a count is not kept.
    assert cache.add("rate:apply-ip:x", 1, timeout=60) is True
    with pytest.raises(ValueError, match="not found"):
        cache.incr("rate:apply-ip:x")


def test_one_warning_then_redis_is_left_alone_for_a_while(unreachable_cache, caplog, monkeypatch):
    calls = []
    real_get_client = unreachable_cache._cache.get_client

    def counting_get_client(*args, **kwargs):
        calls.append(args)
        return real_get_client(*args, **kwargs)

    monkeypatch.setattr(unreachable_cache._cache, "get_client", counting_get_client)
    with caplog.at_level(logging.WARNING, logger="csa_portal.cache"):
        for _ in range(20):
            cache.get("board")
    assert len(calls) == 1
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "127.0.0.1:1" in warnings[0].getMessage()
    assert "did not answer get" in warnings[0].getMessage()

    monkeypatch.setattr(degrading, "_unreachable_until", {})  # the pause is over
    cache.get("board")
    assert len(calls) == 2


def test_a_redis_that_does_not_answer_costs_no_more_than_the_timeout(settings, silent_redis):
    settings.CACHES = {
        "default": {
            **UNREACHABLE_CACHE["default"],
            "LOCATION": f"redis://127.0.0.1:{silent_redis}/0",
        }
    }
    started = time.monotonic()
    assert cache.get("board") is None
    assert cache.add("rate:x", 1) is True
    assert time.monotonic() - started < 1.0


def test_reachable_asks_redis_even_while_resting(unreachable_cache):
    cache.get("board")
    assert unreachable_cache.resting()
    assert unreachable_cache.reachable() is False


def test_the_warning_never_shows_the_password(settings, caplog):
    settings.CACHES = {
        "default": {
            **UNREACHABLE_CACHE["default"],
            "LOCATION": "redis://:s3cret@127.0.0.1:1/0",
        }
    }
    with caplog.at_level(logging.WARNING, logger="csa_portal.cache"):
        cache.get("x")
    assert "s3cret" not in caplog.text
    assert "127.0.0.1:1/0" in caplog.text


def test_production_settings_give_the_cache_short_timeouts():
    from django.conf import settings

    if settings.CACHES["default"]["BACKEND"] != "csa_portal.cache.DegradingRedisCache":
        pytest.skip("CACHE_URL is not set: the cache is local to the process")
    options = settings.CACHES["default"]["OPTIONS"]
    assert options["socket_connect_timeout"] <= 0.5
    assert options["socket_timeout"] <= 0.5
