import hmac

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .access import group_names
from .health import (
    beat_state,
    broker_state,
    cache_state,
    database_state,
    heartbeat_age_seconds,
    newest_heartbeat,
)

HEALTH_TOKEN_HEADER = "X-Health-Token"  # noqa: S105  # nosec B105 # a header's name, not a secret


@never_cache
@require_GET
def healthz(request):
    """503 when the database does not answer; else 200, "ok" or "degraded" naming what is down.

    A broker, cache or beat that is down delays mail and scoring or slows pages but loses
    nothing (the outbox and attempt rows are in the database), so it must not take the web
    tier out of a load balancer: it makes the status "degraded" and is named. Anonymous
    callers get the status and one word per part; signed-in staff, or a caller sending
    ``settings.HEALTHZ_TOKEN`` in the X-Health-Token header, also the details (database
    vendor, heartbeat ages, debug flag), which would help an attacker more than a monitor.
    """
    database = database_state()
    broker = broker_state()
    cache = cache_state()
    age = heartbeat_age_seconds(newest_heartbeat()) if database == "ok" else None
    beat = beat_state(age, broker) if database == "ok" else "unknown"
    parts = {"database": database, "broker": broker, "cache": cache, "beat": beat}
    degraded = [
        name
        for name, state in (("broker", broker), ("cache", cache), ("beat", beat))
        if state in {"unavailable", "stale"}
    ]
    status = "ok" if not degraded else "degraded"
    if database != "ok":
        status = "unavailable"
    body = {"status": status, **parts}
    if degraded:
        body["degraded"] = degraded
    if _may_see_details(request, database_answers=database == "ok"):
        body["details"] = {
            "database_vendor": connection.vendor,
            "beat_last_seen_seconds_ago": age,
            "debug": settings.DEBUG,
        }
    return JsonResponse(body, status=200 if database == "ok" else 503)


def _may_see_details(request, *, database_answers: bool) -> bool:
    token = settings.HEALTHZ_TOKEN
    offered = request.headers.get(HEALTH_TOKEN_HEADER, "")
    if token and offered and hmac.compare_digest(offered.encode(), token.encode()):
        return True
    # Who is signed in is read from the database: without it, only the token counts.
    return database_answers and bool(group_names(request.user))
