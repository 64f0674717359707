"""The project's URLs plus ``/bench/bare``, the reference the pages are measured against."""

from django.http import HttpResponse
from django.urls import path

from csa_portal.urls import (  # noqa: F401 - the error handlers must be importable from here
    handler400,
    handler403,
    handler404,
    handler500,
)
from csa_portal.urls import urlpatterns as project_urlpatterns


def bare(request):
    """A constant answer through the same middleware: the ceiling for any page."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare", bare, name="bench-bare"), *project_urlpatterns]
