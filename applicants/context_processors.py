from django.utils.functional import SimpleLazyObject

from .access import SESSION_KEY, current_candidate


def candidate(request) -> dict:
    """The signed-in candidate, for the page header (registered in ``PAGE_CONTEXT``).

    Looked up only when the session holds a candidate: anonymous visitors cost nothing (no
    session key, no query), so the public pages' query counts and page cache are unchanged.
    """

    def lookup():
        session = getattr(request, "session", None)
        if session is None or session.get(SESSION_KEY) is None:
            return None
        return current_candidate(request)

    return {"signed_in_candidate": SimpleLazyObject(lookup)}
