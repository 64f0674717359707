from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import broker_state, newest_heartbeat


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers, 503 when it does not; the broker is reported, not required.

    A broker that is down delays mail and scoring but loses nothing (the outbox and attempt
    rows are in the database), so it must not take the web tier out of a load balancer.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except Exception:
        database = "unavailable"
    heartbeat = newest_heartbeat() if database == "ok" else None
    body = {
        "status": "ok" if database == "ok" else "unavailable",
        "database": {"state": database, "vendor": connection.vendor},
        "broker": {"state": broker_state()},
        "worker": {
            "last_seen_seconds_ago": (
                round((timezone.now() - heartbeat.seen_at).total_seconds()) if heartbeat else None
            ),
        },
        "debug": settings.DEBUG,
    }
    return JsonResponse(body, status=200 if database == "ok" else 503)
