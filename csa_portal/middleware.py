"""Site-wide rules that sit around every view: how much a request may send, where the client
really is behind our proxy, and which answers no cache may keep or pass on in a Referer."""

import contextlib
import ipaddress

from django.conf import settings
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from .logging import secret_path_pattern

# A URL that carries a sign-in token: the page may tell others which site sent a visitor,
# never the address itself. Not "no-referrer": with it, browsers send "Origin: null" on the
# page's own form post, and Django's CSRF check (rightly) refuses that.
ORIGIN_ONLY_REFERRER_POLICY = "strict-origin"


class RequestBodyLimitMiddleware:
    """Refuse a request whose declared body is over ``MAX_REQUEST_BODY_BYTES``, unread.

    Django only refuses an oversized upload after its upload handlers have spooled it to
    disk; this answers 413 from the Content-Length header alone. (A body without one is not
    read by Django at all, and nginx caps bodies in front of us anyway.)
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.headers.get("content-length") or 0)
        except ValueError:
            declared = 0  # Django reads nothing from a body whose length it cannot read
        limit = settings.MAX_REQUEST_BODY_BYTES
        if declared > limit:
            context = {
                "limit_mb": limit // 1_048_576,
                "resume_mb": settings.RESUME_MAX_BYTES // 1_048_576,
            }
            # No "Connection: close": WSGI servers refuse hop-by-hop headers from the app.
            # gunicorn's sync workers close every connection anyway, and nginx in front has
            # already refused (or fully buffered) the body.
            return render(request, "errors/413.html", context, status=413)
        return self.get_response(request)


class ClientAddressMiddleware:
    """Behind our reverse proxy, the client's address is the one the proxy saw.

    Only with ``CLIENT_IP_HEADER`` set (docker-compose sets ``X-Real-IP``, which nginx
    overwrites on every request), and only when the proxy is the one way in: anyone who can
    reach the app directly could put any address in that header. Rate limits and sign-in
    lockouts read ``REMOTE_ADDR``, so this runs before them.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        header = settings.CLIENT_IP_HEADER
        self.meta_key = f"HTTP_{header.upper().replace('-', '_')}" if header else ""

    def __call__(self, request):
        if self.meta_key:
            forwarded = request.META.get(self.meta_key, "").strip()
            with contextlib.suppress(ValueError):  # absent or not an address: keep the peer's
                request.META["REMOTE_ADDR"] = str(ipaddress.ip_address(forwarded))
        return self.get_response(request)


class PrivatePagesMiddleware:
    """No browser or proxy keeps a page with personal data, and no token leaves in a Referer.

    Staff, admin and candidate pages (``PRIVATE_PATH_PREFIXES``) are sent ``no-store``, as
    the candidate views already were one by one, so a page added later is covered too.
    A page whose path carries a secret (``SECRET_PATH_PREFIXES``) tells the pages and files
    it loads only which site it is on.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.private = tuple(settings.PRIVATE_PATH_PREFIXES)
        self.secret = secret_path_pattern(settings.SECRET_PATH_PREFIXES)

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.private):
            add_never_cache_headers(response)
        if self.secret.search(request.path):
            response["Referrer-Policy"] = ORIGIN_ONLY_REFERRER_POLICY
        return response
