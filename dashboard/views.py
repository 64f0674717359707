from django.views.generic import TemplateView

from csa_portal.access import GroupRequiredMixin

from .selectors import dashboard_for


class StaffDashboardView(GroupRequiredMixin, TemplateView):
    template_name = "staff/dashboard.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **dashboard_for(self.request.user)}
