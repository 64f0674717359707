from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views
from .forms import AdminLoginForm, StaffLoginForm

admin.site.login_form = AdminLoginForm

staff_patterns = (
    [
        path("", include("dashboard.urls")),
        path("roles/", include("roles.staff_urls")),
        path("", include("applicants.staff_urls")),
        path("", include("assessments.staff_urls")),
        path("reports/", include("reports.urls")),
    ],
    "staff",
)

urlpatterns = [
    path("", include("roles.urls")),
    path("", include("applicants.urls")),
    path("", include("assessments.urls")),
    path("healthz", views.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            authentication_form=StaffLoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("staff/", include(staff_patterns)),
    path("admin/", admin.site.urls),
]

handler400 = "csa_portal.errors.bad_request"
handler403 = "csa_portal.errors.permission_denied"
handler404 = "csa_portal.errors.page_not_found"
handler500 = "csa_portal.errors.server_error"
