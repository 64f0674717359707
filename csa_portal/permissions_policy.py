"""The Permissions-Policy header: browser features no page of ours uses are switched off.

Every response says which powerful features (camera, microphone, location, payment, USB...)
the page and anything it embeds may ask for: none, by default (``PERMISSIONS_POLICY``). A
view that needs one says so with a decorator: the mock-call pages record the candidate's
answers, so they are decorated with ``allow_microphone`` and may use the microphone on our
own origin, nowhere else.
"""

from functools import wraps

from django.conf import settings

HEADER = "Permissions-Policy"


def policy_header(**allowed: tuple[str, ...]) -> str:
    """The header for ``PERMISSIONS_POLICY`` with some features opened, e.g.
    ``policy_header(microphone=("self",))`` gives ``... microphone=(self) ...``."""
    features = dict(settings.PERMISSIONS_POLICY)
    features.update({name.replace("_", "-"): origins for name, origins in allowed.items()})
    return ", ".join(f"{name}=({' '.join(origins)})" for name, origins in features.items())


def allow_microphone(view):
    """For pages that record the candidate: the microphone, on our own origin only."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response[HEADER] = policy_header(microphone=("self",))
        return response

    return wrapped


class PermissionsPolicyMiddleware:
    """Sends the default policy with every response a view has not given its own."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.default = policy_header()

    def __call__(self, request):
        response = self.get_response(request)
        if HEADER not in response:
            response[HEADER] = self.default
        return response
