from django.urls import path

from . import views

# Included into the "staff" namespace by csa_portal/urls.py: the page is staff:dashboard.
urlpatterns = [
    path("", views.StaffDashboardView.as_view(), name="dashboard"),
]
