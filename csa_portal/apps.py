from django.apps import AppConfig


class PortalConfig(AppConfig):
    """Site-wide concerns that belong to no hiring domain: staff groups, health, demo data."""

    name = "csa_portal"
    label = "portal"
    verbose_name = "Portal"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deployment checks)
