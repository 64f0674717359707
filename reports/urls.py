from django.urls import path

from . import views
from .catalogue import REPORTS

app_name = "reports"

# Under /staff/reports/ in the "staff" namespace. One named route per report and per CSV
# (staff:reports:funnel, staff:reports:funnel_csv...), so the access matrix lists each.
urlpatterns = [path("", views.report, {"slug": views.DEFAULT_REPORT}, name="index")]
for slug, _report in REPORTS.items():
    urlpatterns += [
        path(f"{slug}/", views.report, {"slug": slug}, name=slug),
        path(f"{slug}/download.csv", views.download, {"slug": slug}, name=f"{slug}_csv"),
    ]
