"""Candidate sessions: a magic link puts a candidate id in the session; nothing else does.

Every candidate page is decorated with ``candidate_view`` and filters its queries by the
candidate it is given, so one candidate can never reach another's data.
"""

import time
from functools import wraps

from django.conf import settings
from django.shortcuts import redirect

from .models import Candidate

SESSION_KEY = "candidate_id"
SEEN_KEY = "candidate_seen"
_CACHE_ATTR = "_current_candidate"
SEEN_RESOLUTION_SECONDS = 60


def sign_in_candidate(request, candidate: Candidate) -> None:
    # A fresh session: a session id planted before the link was followed is worthless after.
    request.session.flush()
    request.session[SESSION_KEY] = candidate.pk
    request.session[SEEN_KEY] = int(time.time())
    setattr(request, _CACHE_ATTR, candidate)


def sign_out_candidate(request) -> None:
    request.session.flush()
    setattr(request, _CACHE_ATTR, None)


def current_candidate(request) -> Candidate | None:
    """The signed-in candidate, or None; ends the session after inactivity."""
    if hasattr(request, _CACHE_ATTR):
        return getattr(request, _CACHE_ATTR)
    candidate = None
    candidate_id = request.session.get(SESSION_KEY)
    if candidate_id is not None:
        idle = time.time() - request.session.get(SEEN_KEY, 0)
        if idle <= settings.CANDIDATE_IDLE_MINUTES * 60:
            candidate = Candidate.objects.filter(
                pk=candidate_id, anonymised_at__isnull=True
            ).first()
        if candidate is None:
            request.session.flush()
        elif time.time() - request.session.get(SEEN_KEY, 0) > SEEN_RESOLUTION_SECONDS:
            # Recording activity costs a session write; once a minute is precise enough.
            request.session[SEEN_KEY] = int(time.time())
    setattr(request, _CACHE_ATTR, candidate)
    return candidate


def candidate_view(view):
    """Only for a signed-in candidate, who is passed to the view as ``candidate``."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        candidate = current_candidate(request)
        if candidate is None:
            return redirect("applicants:login")
        return view(request, *args, candidate=candidate, **kwargs)

    return wrapped
