"""What the staff dashboard shows each person: the roles and applications that are theirs."""

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from applicants.models import Application, ApplicationStatus
from assessments.selectors import awaiting_decision, open_reviews
from csa_portal.access import DECIDING, REPORTING, REVIEWING, in_any_group, is_recruiting
from roles.models import RoleStatus
from roles.selectors import roles_visible_to

RECENT = 8


def dashboard_for(user) -> dict:
    roles = roles_visible_to(user)
    week_ago = timezone.now() - timedelta(days=7)
    role_rows = list(
        roles.filter(status=RoleStatus.PUBLISHED)
        .annotate(
            active=Count("applications", filter=Q(applications__status=ApplicationStatus.ACTIVE)),
            new=Count("applications", filter=Q(applications__created_at__gte=week_ago)),
        )
        .order_by("valid_through", "title")
        .values("pk", "title", "slug", "valid_through", "active", "new")
    )
    recent = (
        Application.objects.filter(role__in=roles)
        .select_related("stage", "revision")
        .only(
            "pk", "created_at", "status", "knocked_out", "name", "stage__name", "revision__title",
        )
        .order_by("-created_at", "-pk")[:RECENT]
    )  # fmt: skip
    return {
        "live_roles": role_rows,
        "draft_count": roles.filter(status=RoleStatus.DRAFT).count(),
        "active_total": sum(row["active"] for row in role_rows),
        "new_total": sum(row["new"] for row in role_rows),
        "recent_applications": list(recent),
        "may_report": in_any_group(user, REPORTING),
        "is_recruiting": is_recruiting(user),
        **_work_waiting(user),
    }


def _work_waiting(user) -> dict:
    """What waits for this person: answers to score, or applications to decide on."""
    waiting = {}
    if in_any_group(user, REVIEWING):
        waiting["reviews_waiting"] = open_reviews(user).count()
    if in_any_group(user, DECIDING):
        decisions = (
            awaiting_decision(user)
            .select_related("stage", "revision")
            .only("pk", "stage_entered_at", "name", "stage__name", "revision__title")
            .order_by("stage_entered_at", "pk")
        )
        waiting["decisions_waiting"] = list(decisions[:RECENT])
        waiting["decisions_count"] = decisions.count()
    return waiting
