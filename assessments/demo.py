"""Demo assessments for ``seed_demo``: every demo role takes a shipped assessment, and the demo
applications that have reached the Assessment stage have attempts in every state.

The answers come from the sample responses shipped with the content (strong to poor), so the
answers page, reviews and results have something real to show. Times follow each
application's own history: an invitation on the day it reached the Assessment stage, tasks a
day or two later.
"""

import random
from datetime import timedelta

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from applicants.models import Application, ApplicationStatus, StageChange, StageKind
from roles.models import RoleFamily, RoleProfile, RoleStatus

from . import services, timing
from .content import TEMPLATES
from .models import Attempt, AttemptStatus, RoleAssessment, TaskKind, TaskResponse

TECHNICAL = "technical-support-core"
GENERAL = "customer-service-core"
QUALITIES = ["strong", "good", "middling", "weak", "poor"]
# How often a candidate of each quality picks the best, an acceptable, or a poor option.
QUIZ_HABITS = {
    "strong": (0.8, 0.15),
    "good": (0.65, 0.25),
    "middling": (0.45, 0.3),
    "weak": (0.3, 0.3),
    "poor": (0.15, 0.3),
}


def seed_assessments(*, users: dict, stdout=None) -> None:
    """Install the shipped assessments, give every demo role one, and seed attempts once."""
    templates = {key: services.install_template(content=content)
                 for key, content in TEMPLATES.items()}  # fmt: skip
    roles = RoleProfile.objects.filter(status=RoleStatus.PUBLISHED)
    for role in roles:
        if not RoleAssessment.objects.filter(role=role).exists():
            key = TECHNICAL if role.family == RoleFamily.TECHNICAL_SUPPORT else GENERAL
            services.set_role_assessment(role=role, template=templates[key])
    if Attempt.objects.exists():
        if stdout:
            stdout.write("Demo assessments: already there.")
        return
    rng = random.Random(2611)  # noqa: S311 - demo data, not security
    counts = {"waiting": 0, "taken": 0}
    # Demo mail is recorded as sent without printing every invitation to the console.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        for application in _assessed_applications():
            with transaction.atomic():
                _seed_attempt(application, counts, rng)
    seeded = counts["waiting"] + counts["taken"]
    if stdout:
        stdout.write(f"Demo assessments: {seeded} attempts in every state.")


def _assessed_applications() -> list[Application]:
    """Applications that reached the Assessment stage, oldest first."""
    reached = StageChange.objects.filter(to_stage__kind=StageKind.ASSESSMENT).values(
        "application_id"
    )
    return list(
        Application.objects.filter(pk__in=reached)
        .select_related("candidate", "stage", "role")
        .order_by("created_at", "pk")
    )


def _seed_attempt(application: Application, counts: dict, rng: random.Random) -> None:
    reached = (
        StageChange.objects.filter(application=application, to_stage__kind=StageKind.ASSESSMENT)
        .order_by("at")
        .first()
    )
    invited_at = reached.at if reached else application.created_at
    waiting = (
        application.stage.kind == StageKind.ASSESSMENT
        and application.status == ApplicationStatus.ACTIVE
    )
    if waiting:
        # Invited the way a recruiter would, so the candidate has a real invitation mail.
        _waiting(services.invite(application=application, by=None), counts["waiting"], rng)
        counts["waiting"] += 1
        return
    # Already past the Assessment stage (or closed): they took it on the way.
    setting = RoleAssessment.objects.select_related("template").get(role=application.role)
    attempt = Attempt.objects.create(
        application=application,
        template=setting.template,
        revision=setting.template.current_revision,
        invited_at=invited_at,
        expires_at=invited_at + timedelta(days=setting.days_to_complete),
    )
    quality = QUALITIES[counts["taken"] % len(QUALITIES)]
    _take_all(attempt, quality, rng, start=invited_at + timedelta(hours=20 + rng.randint(0, 40)))
    counts["taken"] += 1


def _waiting(attempt: Attempt, n: int, rng: random.Random) -> None:
    """Someone still at the Assessment stage: invited, part way through, or lapsed."""
    now = timezone.now()
    state = n % 3
    if state == 0:  # invited today, nothing started
        Attempt.objects.filter(pk=attempt.pk).update(
            invited_at=now - timedelta(hours=3),
            expires_at=now + timedelta(days=7) - timedelta(hours=3),
        )
    elif state == 1:  # started yesterday, one task done, more to do
        Attempt.objects.filter(pk=attempt.pk).update(
            invited_at=now - timedelta(days=2), expires_at=now + timedelta(days=5)
        )
        attempt.refresh_from_db()
        _take(attempt, "situational_quiz", "good", rng, start=now - timedelta(days=1))
        Attempt.objects.filter(pk=attempt.pk).update(
            status=AttemptStatus.IN_PROGRESS, started_at=now - timedelta(days=1)
        )
    else:  # invited long ago and never started: the minute job closes it
        Attempt.objects.filter(pk=attempt.pk).update(
            invited_at=now - timedelta(days=9), expires_at=now - timedelta(days=2)
        )
        attempt.refresh_from_db()
        services.settle(attempt)


def _take_all(attempt: Attempt, quality: str, rng: random.Random, *, start) -> None:
    moment = start
    for task in attempt.revision.snapshot["tasks"]:
        _take(attempt, task["key"], quality, rng, start=moment)
        moment += timedelta(minutes=task["time_limit_minutes"] + rng.randint(2, 30))
    Attempt.objects.filter(pk=attempt.pk).update(
        status=AttemptStatus.SUBMITTED,
        started_at=start,
        submitted_at=moment,
        scoring_requested_at=moment,
    )
    transaction.on_commit(lambda: _score(attempt.pk))


def _score(attempt_id: int) -> None:
    from .tasks import score_attempt

    score_attempt.delay(attempt_id)


def _take(attempt: Attempt, task_key: str, quality: str, rng: random.Random, *, start) -> None:
    task = attempt.revision.task(task_key)
    used = rng.uniform(0.55, 0.95) * task["time_limit_minutes"] * 60
    response = TaskResponse(
        attempt=attempt,
        task_key=task_key,
        kind=task["kind"],
        started_at=start,
        deadline=timing.deadline(start, task["time_limit_minutes"], attempt.time_factor),
        submitted_at=start + timedelta(seconds=used),
        autosaved_at=start + timedelta(seconds=used - 5),
    )
    if task["kind"] == TaskKind.SITUATIONAL_QUIZ:
        response.option_order = {
            q["key"]: timing.shuffled(
                [o["key"] for o in q["options"]], seed=f"demo:{attempt.pk}:{q['key']}"
            )
            for q in task["questions"]
        }
        response.answers = {"choices": _quiz_choices(task, quality, rng)}
    else:
        sample = _sample(attempt, task["kind"], quality)
        if task["kind"] == TaskKind.MOCK_CALL:
            response.answers = {
                "turns": sample["turns"],
                "choices": sample.get("branch_choices", {}),
            }
        else:
            response.answers = {part["key"]: sample.get(part["key"], "") for part in task["parts"]}
    response.save()


def _sample(attempt: Attempt, kind: str, quality: str) -> dict:
    content = TEMPLATES[attempt.template.key]
    return next(
        sample["response"]
        for sample in content["sample_responses"]
        if sample["task"] == kind and sample["quality"] == quality
    )


def _quiz_choices(task: dict, quality: str, rng: random.Random) -> dict[str, str]:
    best, acceptable = QUIZ_HABITS[quality]
    choices = {}
    for question in task["questions"]:
        by_credit = {credit: [o["key"] for o in question["options"] if o["credit"] == credit]
                     for credit in (0, 1, 2)}  # fmt: skip
        roll = rng.random()
        credit = 2 if roll < best else 1 if roll < best + acceptable else 0
        pool = by_credit[credit] or by_credit[2]
        choices[question["key"]] = rng.choice(pool)
    return choices
