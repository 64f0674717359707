"""Two pages, one of them recording: for the Permissions-Policy tests."""

from django.http import HttpResponse
from django.urls import path

from csa_portal.permissions_policy import allow_microphone


def page(request):
    return HttpResponse("a page")


urlpatterns = [
    path("record/", allow_microphone(page)),
    path("elsewhere/", page),
]
