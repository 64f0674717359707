from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """Pages that gather the hiring apps: the staff dashboard and the demo data.

    It sits above roles, applicants and assessments and imports them; none of them, and
    nothing in ``csa_portal``, imports it.
    """

    name = "dashboard"
    verbose_name = "Staff dashboard"
