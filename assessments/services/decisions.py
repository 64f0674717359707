"""A hiring manager's decision on an application: advance, hold or reject, always with a
reason, recorded in the stage history; the candidate is told, and where the role allows it,
receives feedback drawn from the rubric."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from applicants.models import (
    Application,
    ApplicationStatus,
    RejectionReason,
    Stage,
    application_outbox_key,
)
from applicants.services import (
    mail_context,
    move_application,
    record_in_history,
    reject_application,
)
from applicants.services.stages import DEFAULT_REJECTION_BODY
from csa_portal.outbox import queue_mail

from .. import feedback
from ..models import (
    RUBRIC_KINDS,
    Attempt,
    AttemptStatus,
    AutoScore,
    Decision,
    DecisionOutcome,
    Result,
    RoleAssessment,
    TaskKind,
    TaskResponse,
)
from .results import criterion_levels

HOLD_MAIL = "assessments/decision_hold"
FEEDBACK_MAIL = "assessments/feedback"
DECISION_REASON_LABEL = "Not selected after the assessment and review"
FINAL = (DecisionOutcome.ADVANCE, DecisionOutcome.REJECT)


class DecisionRefused(Exception):
    """The application cannot be decided on now (closed, decided at this stage, last stage)."""


class DecisionRejected(ValueError):
    """The decision as sent is incomplete; the message says what is missing."""


def decision_reason() -> RejectionReason:
    reason, _ = RejectionReason.objects.get_or_create(
        label=DECISION_REASON_LABEL,
        defaults={
            "email_subject": "Your application for {{ role_title }}",
            "email_body": DEFAULT_REJECTION_BODY,
            "position": 90,
        },
    )
    return reason


def decided_at_current_stage(application: Application) -> Decision | None:
    return (
        Decision.objects.filter(
            application=application, stage_id=application.stage_id, outcome__in=FINAL
        )
        .order_by("-at")
        .first()
    )


@transaction.atomic
def decide(
    *,
    application: Application,
    by,
    outcome: str,
    reason: str,
    rejection_reason: RejectionReason | None = None,
) -> Decision:
    reason = (reason or "").strip()
    if outcome not in DecisionOutcome.values:
        raise DecisionRejected("Choose advance, hold or reject.")
    if not reason:
        raise DecisionRejected("Give the reason for your decision; it goes on the record.")
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("stage", "role", "candidate", "revision")
        .get(pk=application.pk)
    )
    if application.status != ApplicationStatus.ACTIVE:
        raise DecisionRefused(
            f"This application is {application.get_status_display().lower()}, so there is "
            "nothing to decide."
        )
    if decided_at_current_stage(application) is not None:
        raise DecisionRefused("A decision has already been made at this stage.")
    next_stage = None
    if outcome == DecisionOutcome.ADVANCE:
        next_stage = (
            Stage.objects.filter(
                role_id=application.role_id, position__gt=application.stage.position
            )
            .order_by("position")
            .first()
        )
        if next_stage is None:
            raise DecisionRefused("This application is at the last stage already.")
    attempt = (
        Attempt.objects.filter(application=application, status=AttemptStatus.SUBMITTED)
        .order_by("-submitted_at")
        .first()
    )
    decision = Decision.objects.create(
        application=application,
        stage=application.stage,
        attempt=attempt,
        outcome=outcome,
        reason=reason,
        by=by,
    )
    record = f"Decision ({decision.get_outcome_display().lower()}): {reason}"
    delay = timedelta(0)
    if outcome == DecisionOutcome.ADVANCE:
        move_application(application=application, to_stage=next_stage, by=by, reason=record)
    elif outcome == DecisionOutcome.REJECT:
        reject_application(
            application=application,
            reason=rejection_reason or decision_reason(),
            by=by,
            note=reason,
        )
        delay = timedelta(hours=application.role.rejection_notice_delay_hours)
    else:
        record_in_history(application=application, by=by, reason=record)
        queue_mail(
            to=application.candidate.email,
            template=HOLD_MAIL,
            context=mail_context(application),
            related_key=application_outbox_key(application.pk),
        )
    if outcome in FINAL and attempt is not None and _shares_feedback(application):
        decision.feedback_sent = _send_feedback(application, attempt, delay)
        decision.save(update_fields=["feedback_sent"])
    return decision


def _shares_feedback(application: Application) -> bool:
    return RoleAssessment.objects.filter(role_id=application.role_id, share_feedback=True).exists()


def feedback_for(attempt: Attempt) -> list[dict]:
    """Per task: its title, strengths and areas to develop (never reviewers or comments)."""
    responses = {
        r.task_key: r
        for r in TaskResponse.objects.filter(attempt=attempt).prefetch_related(
            "reviews__scores", "settlements"
        )
    }
    autos = {a.task_key: a for a in AutoScore.objects.filter(attempt=attempt)}
    sections = []
    for task in attempt.revision.snapshot["tasks"]:
        response = responses.get(task["key"])
        if response is None:
            continue
        if task["kind"] in RUBRIC_KINDS:
            levels = {k: v["level"] for k, v in criterion_levels(response).items()}
            found = feedback.rubric_feedback(task["rubric"], levels)
        elif task["kind"] == TaskKind.SITUATIONAL_QUIZ and task["key"] in autos:
            found = feedback.quiz_feedback(autos[task["key"]].details.get("per_competency", {}))
        else:
            continue
        if found["strengths"] or found["develop"]:
            sections.append({"title": task["title"], **found})
    return sections


def _send_feedback(application: Application, attempt: Attempt, delay: timedelta) -> bool:
    result = Result.objects.filter(attempt=attempt, complete=True).first()
    if result is None:
        return False
    sections = feedback_for(attempt)
    if not sections:
        return False
    queue_mail(
        to=application.candidate.email,
        template=FEEDBACK_MAIL,
        context=mail_context(application, sections=sections),
        related_key=application_outbox_key(application.pk),
        # Never before the decision itself reaches the candidate.
        send_after=timezone.now() + delay,
    )
    return True
