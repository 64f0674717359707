"""Error pages in the portal's own layout, so a 4xx never looks like a crash."""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import NoReverseMatch, reverse

from .access import ALL_STAFF_GROUPS, in_any_group


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def permission_denied(request, exception=None):
    """Inside the staff area, staff are led back to it rather than out to the job board."""
    try:
        staff_home = reverse("staff:dashboard")
    except NoReverseMatch:
        staff_home = ""
    in_staff_area = bool(staff_home) and request.path.startswith(staff_home)
    context = {
        "staff_home": staff_home
        if in_staff_area
        and in_any_group(getattr(request, "user", AnonymousUser()), ALL_STAFF_GROUPS)
        else ""
    }
    return render(request, "errors/403.html", context, status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    # No context processors: whatever failed may be what they need.
    return HttpResponseServerError(loader.get_template("errors/500.html").render())
