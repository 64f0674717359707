"""What assessments add to the applicants' pages (registered in ``apps.py``)."""

from applicants.extensions import CardBadge, Panel
from applicants.models import ApplicationStatus
from csa_portal.access import DECIDING, in_any_group, is_recruiting

from .. import selectors
from ..forms import DecisionForm
from ..models import Attempt, AttemptStatus, Decision, RoleAssessment, TaskResponse
from ..services.decisions import decided_at_current_stage


def application_panel(request, application) -> Panel:
    """The application page's assessment section: attempts, and inviting."""
    recruiting = is_recruiting(request.user)
    setting = (
        RoleAssessment.objects.select_related("template").filter(role=application.role).first()
    )
    attempts = selectors.attempts_for_application(application)
    scored = selectors.latest_scored_attempt(application)
    deciding = in_any_group(request.user, DECIDING)
    active = application.status == ApplicationStatus.ACTIVE
    return Panel(
        "assessments/staff/_application_panel.html",
        {
            "application": application,
            "attempts": attempts,
            "setting": setting,
            "scorecard": selectors.scorecard(scored) if scored else None,
            "decisions": list(
                Decision.objects.filter(application=application)
                .select_related("by", "stage")
                .order_by("at", "pk")
            ),
            "can_settle": deciding,
            "decision_form": (
                DecisionForm()
                if deciding and active and decided_at_current_stage(application) is None
                else None
            ),
            # Adjustments are the recruiters' business only: managers and reviewers never
            # learn that a candidate had one.
            "show_adjustments": recruiting,
            "can_invite": recruiting
            and application.status == ApplicationStatus.ACTIVE
            and setting is not None
            and not any(attempt.is_open for attempt in attempts),
        },
    )


def portal_panel(request, candidate) -> Panel | None:
    overviews = selectors.portal_attempts(candidate)
    if not overviews:
        return None
    return Panel("assessments/candidate/_portal_panel.html", {"overviews": overviews})


CARD_LABELS = {
    AttemptStatus.INVITED: ("Invited", "text-bg-info"),
    AttemptStatus.IN_PROGRESS: ("Taking the tasks", "text-bg-primary"),
    AttemptStatus.SUBMITTED: ("Tasks submitted", "text-bg-success"),
    AttemptStatus.EXPIRED: ("Invitation expired", "text-bg-warning"),
    AttemptStatus.CANCELLED: ("Assessment cancelled", "text-bg-secondary"),
}


def board_cards(cards) -> None:
    """Each card's newest attempt as a badge, with the score once there is one, in one query
    for the whole board."""
    latest = selectors.attempt_states_for_cards([card.pk for card in cards])
    for card in cards:
        attempt = latest.get(card.pk)
        card.attempt = attempt
        if attempt is None:
            continue
        label, css = CARD_LABELS[attempt.status]
        if attempt.status == AttemptStatus.SUBMITTED and attempt.scored_at:
            label = "Scored"
        card.badges.append(CardBadge(label, css, f"Assessment: {label.lower()}"))
        result = getattr(attempt, "result", None)
        if result is not None:
            total = f"{result.total:.0f}"
            final = "final" if result.complete else "reviews pending"
            card.badges.append(
                CardBadge(
                    f"Score {total}", "text-bg-light border", f"Score {total} of 100, {final}"
                )
            )


def export_section(candidate) -> tuple[str, list]:
    """The candidate's own answers and when they gave them; never scores or reviewers' notes."""
    attempts = (
        Attempt.objects.filter(application__candidate=candidate)
        .select_related("application__revision")
        .prefetch_related("responses__recordings")
        .order_by("invited_at", "pk")
    )
    return (
        "assessments",
        [
            {
                "role": attempt.application.revision.title,
                "invited_at": attempt.invited_at.isoformat(),
                "status": attempt.get_status_display(),
                "submitted_at": attempt.submitted_at.isoformat() if attempt.submitted_at else None,
                "tasks": [_exported_response(response) for response in attempt.responses.all()],
            }
            for attempt in attempts
        ],
    )


def _exported_response(response: TaskResponse) -> dict:
    return {
        "task": response.task_key,
        "started_at": response.started_at.isoformat(),
        "submitted_at": response.submitted_at.isoformat() if response.submitted_at else None,
        "answers": response.answers,
        "recorded_turns": sorted(r.turn_key for r in response.recordings.all()),
    }
