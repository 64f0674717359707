"""How many failed staff sign-ins lock a user name out (django-axes' ``AXES_FAILURE_LIMIT``).

Two counts, both over the cool-off window (``AXES_COOLOFF_TIME``):

* per user name and address: ``STAFF_LOCKOUT_PER_ADDRESS`` failures lock that name from that
  address, as before;
* per user name alone: ``STAFF_LOCKOUT_PER_ACCOUNT`` failures from any number of addresses
  lock the name, so guessing from many addresses is stopped too, except at an address the
  user has signed in from before (django-axes logs every successful sign-in): an attacker
  spread over many addresses cannot lock the real user out of their usual desk.

A lockout ends when the cool-off has passed since the last failure that counted; failures
during a lockout do not count (``AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False``),
so nobody can keep a name locked by hammering it, only by guessing again after each lock.
"""

import sys

from axes.attempts import get_cool_off_threshold
from axes.helpers import get_client_username
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.db.models import Sum


def failure_limit(request, credentials) -> int:
    """The limit django-axes compares with its largest count, the user name's over all
    addresses (it counts ``["username", "ip_address"]`` and ``"username"``, and keeps the
    larger). Returning a limit that count has already reached locks; a larger one does not.
    """
    per_address = settings.STAFF_LOCKOUT_PER_ADDRESS
    username = get_client_username(request, credentials)
    address = getattr(request, "axes_ip_address", None)
    recent = AccessAttempt.objects.filter(
        username=username, ip_address=address, attempt_time__gte=get_cool_off_threshold(request)
    )
    from_here = recent.aggregate(total=Sum("failures_since_start"))["total"] or 0
    if from_here >= per_address:
        return per_address
    if AccessLog.objects.filter(username=username, ip_address=address).exists():
        return sys.maxsize  # a familiar address: only its own count can lock it
    return settings.STAFF_LOCKOUT_PER_ACCOUNT
