"""What ``/healthz`` checks: the database, the broker, the cache and the beat heartbeat."""

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.utils import timezone

from .celery import app
from .models import Heartbeat

# Beat stamps a heartbeat every minute through a worker; older than this, one of them is down.
HEARTBEAT_STALE_SECONDS = 180


def database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any driver error: the database does not answer
        return "unavailable"
    return "ok"


def broker_state() -> str:
    """``eager`` with no broker configured, else ``ok`` or ``unavailable`` after a short probe."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=1)
    except Exception:
        return "unavailable"
    return "ok"


def cache_state() -> str:
    """``local`` for a per-process cache, else ``ok`` or ``unavailable`` (asked directly)."""
    reachable = getattr(caches["default"], "reachable", None)
    if reachable is None:
        return "local"
    return "ok" if reachable() else "unavailable"


def newest_heartbeat() -> Heartbeat | None:
    try:
        return Heartbeat.objects.order_by("-seen_at").first()
    except DatabaseError:
        return None


def heartbeat_age_seconds(heartbeat: Heartbeat | None) -> int | None:
    if heartbeat is None:
        return None
    return round((timezone.now() - heartbeat.seen_at).total_seconds())


def beat_state(age_seconds: int | None, broker: str) -> str:
    """``ok``, ``stale`` (old or never seen), or ``eager`` when no beat runs by design."""
    if broker == "eager":
        return "eager"
    if age_seconds is None or age_seconds > HEARTBEAT_STALE_SECONDS:
        return "stale"
    return "ok"
