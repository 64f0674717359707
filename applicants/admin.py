"""Candidates and applications for operators.

Applications and their history are read-only: every move, rejection and withdrawal goes
through the pipeline services, which keep the audit trail and the candidate's mail. An
erasure request that reaches an operator by mail is carried out with the same service as
the candidate's own button. Rejection reasons are data that recruiters and operators keep
up to date. Self-identification answers are never registered: they are read only in
aggregate, by the reports.
"""

from django.contrib import admin, messages

from csa_portal.admin import ReadOnlyAdmin

from . import services
from .models import Application, Candidate, RejectionReason, StageChange


@admin.register(Candidate)
class CandidateAdmin(ReadOnlyAdmin):
    list_display = ("name", "email", "created_at", "anonymised_at")
    list_filter = ("anonymised_at",)
    search_fields = ("name", "email")
    actions = ["erase"]

    @admin.action(description="Erase personal data (as the candidate's own request does)")
    def erase(self, request, queryset):
        erased = 0
        for candidate in queryset.filter(anonymised_at__isnull=True):
            services.erase_candidate(candidate=candidate)
            erased += 1
        self.message_user(request, f"{erased} candidate(s) erased.", messages.SUCCESS)


class StageChangeInline(admin.TabularInline):
    model = StageChange
    fields = ("at", "from_stage", "to_stage", "to_status", "by", "reason")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ("name", "role", "stage", "status", "source", "created_at")
    list_filter = ("status", "source", "knocked_out")
    search_fields = ("name", "candidate__email", "role__title")
    list_select_related = ("role", "stage")
    exclude = ("resume_text", "screening_answers")
    inlines = [StageChangeInline]


@admin.register(RejectionReason)
class RejectionReasonAdmin(admin.ModelAdmin):
    list_display = ("label", "is_active", "position")
    list_editable = ("is_active", "position")
    search_fields = ("label",)

    def has_delete_permission(self, request, obj=None) -> bool:
        # Rejected applications point at their reason; retire a reason with "is active".
        return False
