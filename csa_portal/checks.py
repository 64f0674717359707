"""Deployment checks of our own, run by ``manage.py check --deploy`` next to Django's."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    """Rate limits and cached pages only work across web processes on a shared cache."""
    if settings.CACHES["default"]["BACKEND"] not in LOCAL_CACHES:
        return []
    return [
        Warning(
            "The cache is local to each web process (CACHE_URL is not set).",
            hint="Set CACHE_URL to a Redis database, e.g. redis://127.0.0.1:6379/1: the rate "
            "limits count per process otherwise, and each process caches the board alone.",
            id="portal.W001",
        )
    ]


@register(deploy=True)
def task_broker(app_configs, **kwargs):
    """Without a broker every task, mail included, runs inside the request that caused it."""
    if not getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        return []
    return [
        Warning(
            "Celery tasks run inside web requests (CELERY_BROKER_URL is not set).",
            hint="Set CELERY_BROKER_URL to a Redis database and run a worker and beat "
            "(docs/operations.md): sending mail and reading resumes then leave the request.",
            id="portal.W002",
        )
    ]


@register(Tags.caches, deploy=True)
def cache_apart_from_broker(app_configs, **kwargs):
    """The cache evicts what it must (allkeys-lru); the broker must never lose a message.

    Redis applies its eviction policy to the whole server, so the two need two servers.
    """
    cache_url = settings.CACHES["default"].get("LOCATION") or ""
    broker_url = "" if settings.CELERY_TASK_ALWAYS_EAGER else settings.CELERY_BROKER_URL
    if not cache_url or not broker_url or _server(cache_url) != _server(broker_url):
        return []
    return [
        Warning(
            "The cache and the Celery broker use the same Redis server.",
            hint="Give the cache its own Redis (maxmemory with allkeys-lru) and the broker "
            "another (noeviction), as docker-compose.yml does: an evicting server may drop "
            "task messages, and a full one that does not evict refuses the cache's writes.",
            id="portal.W003",
        )
    ]


def _server(url: str) -> tuple[str | None, int]:
    parts = urlsplit(url)
    return parts.hostname, parts.port or 6379


@register()
def outbox_claim_outlasts_the_send(app_configs, **kwargs):
    """A claim shorter than a send may take lets a second worker send a living send again."""
    from .tasks import send_mail_message

    if send_mail_message.time_limit < settings.OUTBOX_CLAIM_SECONDS:
        return []
    return [
        Error(
            f"OUTBOX_CLAIM_SECONDS ({settings.OUTBOX_CLAIM_SECONDS}) must be longer than the "
            f"send task's hard time limit ({send_mail_message.time_limit} s).",
            id="portal.E001",
        )
    ]
