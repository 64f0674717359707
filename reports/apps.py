from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """The hiring reports: funnel, time, volume, assessments, items, raters, adverse impact.

    Beside the dashboard, above the domain apps it reads; nothing imports it.
    """

    name = "reports"
    verbose_name = "Reports"
