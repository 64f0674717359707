from django.conf import settings
from django.db import DatabaseError

from .celery import app
from .models import Heartbeat


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


def newest_heartbeat() -> Heartbeat | None:
    try:
        return Heartbeat.objects.order_by("-seen_at").first()
    except DatabaseError:
        return None
