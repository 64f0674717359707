"""Hand-built hiring histories whose report figures can be worked out on paper.

Every helper writes rows directly (dates and states set as they would be after months of
use), so a test can say exactly which numbers each report must show.
"""

from datetime import timedelta

from django.utils import timezone

from applicants.models import (
    Application,
    RejectionReason,
    SelfIdentification,
    Stage,
    StageChange,
)
from applicants.services import ensure_stages
from assessments.models import (
    AutoScore,
    CriterionScore,
    Result,
    Review,
    TaskResponse,
)
from tests.applicants.factories import ApplicationFactory
from tests.assessments.factories import invited_attempt
from tests.roles.factories import published_role

DAY = timedelta(days=1)


def reason() -> RejectionReason:
    return RejectionReason.objects.get_or_create(
        label="Not this time",
        defaults={"email_subject": "About your application", "email_body": "x"},
    )[0]


def stage_of(role, kind: str) -> Stage:
    ensure_stages(role)
    return Stage.objects.get(role=role, kind=kind)


def application_at(
    role,
    kind: str,
    *,
    status: str = "active",
    source: str = "job board",
    created=None,
    closed=None,
    **self_identified,
) -> Application:
    """An application of ``role`` now at stage ``kind`` with ``status``, made at ``created``
    (and closed at ``closed``), with self-identification answers if any are given."""
    application = ApplicationFactory(
        role=role,
        stage=stage_of(role, kind),
        status=status,
        source=source,
        rejection_reason=reason() if status == "rejected" else None,
    )
    changes = {}
    if created is not None:
        changes["created_at"] = created
    if closed is not None or status != "active":
        changes["closed_at"] = closed or timezone.now()
    if changes:
        Application.objects.filter(pk=application.pk).update(**changes)
        application.refresh_from_db()
    if self_identified:
        SelfIdentification.objects.create(application=application, **self_identified)
    return application


def moves(application, steps: list[tuple[str, object]]) -> None:
    """The stage history: ``[(kind, at), ...]`` from the first stage on."""
    role = application.role
    previous = None
    for kind, at in steps:
        stage = stage_of(role, kind)
        StageChange.objects.create(
            application=application,
            from_stage=previous,
            to_stage=stage,
            from_status="active" if previous else "",
            to_status="active",
            at=at,
        )
        previous = stage


def scored_attempt(
    application,
    *,
    total: float,
    tasks: dict[str, float],
    quiz: dict[str, int] | None = None,
    complete: bool = True,
):
    """An attempt with its complete ``Result`` (task key -> score) and, if given, the quiz's
    per-question credits as the machine scored them."""
    attempt = invited_attempt(application)
    Result.objects.create(
        attempt=attempt,
        tasks={
            key: {"title": key, "weight": 1, "score": s, "source": "key"}
            for key, s in tasks.items()
        },
        total=total,
        pass_mark=60,
        recommendation="advance" if total >= 60 else "reject",
        complete=complete,
    )
    if quiz is not None:
        AutoScore.objects.create(
            attempt=attempt,
            task_key="situational_quiz",
            kind="situational_quiz",
            scorer_version="test",
            score=tasks.get("situational_quiz", 0),
            details={"per_question": quiz},
        )
    return attempt


def reviewed(attempt, task_key: str, levels: dict) -> TaskResponse:
    """A submitted answer to ``task_key`` with one current, submitted review per reviewer:
    ``levels`` maps a reviewer to ``{criterion key: level}``."""
    now = timezone.now()
    response = TaskResponse.objects.create(
        attempt=attempt,
        task_key=task_key,
        kind=task_key,
        started_at=now - DAY,
        deadline=now,
        submitted_at=now - DAY / 2,
    )
    for reviewer, criteria in levels.items():
        review = Review.objects.create(
            response=response,
            reviewer=reviewer,
            recommendation="yes",
            justification="Fits the anchors.",
            submitted_at=now,
        )
        for key, level in criteria.items():
            CriterionScore.objects.create(review=review, criterion_key=key, level=level)
    return response


def another_role(title: str = "Technical Support Specialist"):
    return published_role(title=title)
