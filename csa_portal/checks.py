"""Deployment checks of our own, run by ``manage.py check --deploy`` next to Django's."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

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
