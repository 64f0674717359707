"""The bench's attempt generator: attempts the app itself would accept, topped up, not doubled."""

from datetime import timedelta

import pytest
from django.utils import timezone

from applicants.models import Application, ApplicationStatus, RejectionReason, StageKind
from applicants.services import ensure_stages
from assessments import answers as answer_rules
from assessments import services
from assessments.demo import GENERAL, TECHNICAL
from assessments.models import (
    Attempt,
    AttemptStatus,
    IntegrityEvent,
    RoleAssessment,
    TaskKind,
    TaskResponse,
)
from bench.generate import GENERATED_RESUME_PREFIX
from bench.generate_assessments import generate_attempts, generated_attempts
from tests.applicants.factories import ApplicationFactory
from tests.roles.factories import published_role

pytestmark = pytest.mark.django_db

# (stage, status, how many): most at the Assessment stage, so every kind of attempt appears.
APPLICATIONS = [
    (StageKind.ASSESSMENT, ApplicationStatus.ACTIVE, 24),
    (StageKind.ASSESSMENT, ApplicationStatus.REJECTED, 6),
    (StageKind.INTERVIEW, ApplicationStatus.ACTIVE, 6),
    (StageKind.HIRED, ApplicationStatus.HIRED, 4),
]


def quiet(message: str) -> None:
    pass


def generated_application(role, kind, status, days_old: int) -> Application:
    """An application as bench/generate.py makes them: a placeholder resume, an old date."""
    stage = next(stage for stage in ensure_stages(role) if stage.kind == kind)
    reason = RejectionReason.objects.first() if status == ApplicationStatus.REJECTED else None
    application = ApplicationFactory(role=role, stage=stage, status=status, rejection_reason=reason)
    created = timezone.now() - timedelta(days=days_old)
    Application.objects.filter(pk=application.pk).update(
        resume=f"{GENERATED_RESUME_PREFIX}{application.pk}.pdf",
        created_at=created,
        stage_entered_at=created + timedelta(days=days_old / 2),
    )
    return application


@pytest.fixture
def roles():
    return [published_role(), published_role(family="technical_support")]


@pytest.fixture
def applications(roles):
    made = []
    for n, (kind, status, count) in enumerate(APPLICATIONS):
        for m in range(count):
            role = roles[m % 2]
            made.append(generated_application(role, kind, status, days_old=3 + 7 * n + m))
    return made


def test_every_live_role_gets_the_assessment_its_family_takes(roles):
    generate_attempts(total=0, log=quiet)
    keys = dict(RoleAssessment.objects.values_list("role__family", "template__key"))
    assert keys == {"customer_service": GENERAL, "technical_support": TECHNICAL}


def test_attempts_are_generated_only_for_generated_applications_past_the_stage(roles, applications):
    at_applied = generated_application(
        roles[0], StageKind.APPLIED, ApplicationStatus.ACTIVE, days_old=20
    )
    too_new = generated_application(
        roles[0], StageKind.ASSESSMENT, ApplicationStatus.ACTIVE, days_old=1
    )
    real = ApplicationFactory(
        role=roles[0], stage=ensure_stages(roles[0])[2], status=ApplicationStatus.ACTIVE
    )
    outcome = generate_attempts(total=1000, log=quiet)
    assert outcome["created"] == len(applications)  # all that qualify, and no more
    assert not Attempt.objects.filter(application__in=[at_applied, too_new, real]).exists()
    assert Attempt.objects.values("application").distinct().count() == len(applications)


def test_a_second_run_tops_up_and_never_doubles(applications):
    first = generate_attempts(total=20, log=quiet)
    assert (first["before"], first["created"], first["after"]) == (0, 20, 20)
    again = generate_attempts(total=20, log=quiet)
    assert again["created"] == 0
    more = generate_attempts(total=25, log=quiet)
    assert (more["before"], more["created"], more["after"]) == (20, 5, 25)
    assert generated_attempts().count() == Attempt.objects.count() == 25


def test_most_attempts_are_submitted_some_under_way(applications):
    generate_attempts(total=len(applications), log=quiet)
    statuses = set(Attempt.objects.values_list("status", flat=True))
    assert {AttemptStatus.SUBMITTED, AttemptStatus.IN_PROGRESS} <= statuses
    submitted = Attempt.objects.filter(status=AttemptStatus.SUBMITTED).count()
    assert submitted > Attempt.objects.count() / 2
    assert TaskResponse.objects.exists()
    assert IntegrityEvent.objects.exists()


def test_generated_attempts_keep_the_apps_rules(applications):
    generate_attempts(total=len(applications), log=quiet)
    now = timezone.now()
    for attempt in Attempt.objects.select_related("revision").prefetch_related("responses"):
        responses = list(attempt.responses.all())
        tasks = attempt.revision.snapshot["tasks"]
        assert attempt.invited_at <= now
        assert attempt.expires_at > attempt.invited_at
        for response in responses:
            assert response.started_at < response.deadline
            assert response.started_at >= attempt.invited_at
            if response.submitted_at is not None:
                assert response.started_at < response.submitted_at <= response.deadline <= now
            assert _stored_as_the_app_would(attempt, attempt.revision.task(response.task_key),
                                            response)  # fmt: skip
        under_way = [r for r in responses if r.submitted_at is None]
        if attempt.status == AttemptStatus.SUBMITTED:
            assert len(responses) == len(tasks)
            assert not under_way
            assert attempt.submitted_at == max(r.submitted_at for r in responses)
            assert attempt.submitted_at <= now
        elif attempt.status == AttemptStatus.IN_PROGRESS:
            assert len(under_way) == 1
            assert under_way[0].deadline > now
            assert attempt.expires_at > now
        elif attempt.status == AttemptStatus.INVITED:
            assert not responses
            assert attempt.expires_at > now
        else:
            assert attempt.status == AttemptStatus.EXPIRED
            assert not responses
            assert attempt.expires_at < now


def _stored_as_the_app_would(attempt, task: dict, response: TaskResponse) -> bool:
    """The answers are what the app's own cleaning of a save would store."""
    if response.kind == TaskKind.WRITTEN_ESCALATION:
        return answer_rules.clean_written(task, {"parts": response.answers}) == response.answers
    if response.kind == TaskKind.MOCK_CALL:
        return answer_rules.clean_call(task, response.answers) == response.answers
    questions = {q["key"]: sorted(o["key"] for o in q["options"]) for q in task["questions"]}
    choices = response.answers["choices"]
    return (
        set(choices) == set(questions)
        and all(choices[key] in questions[key] for key in choices)
        and {key: sorted(order) for key, order in response.option_order.items()} == questions
        and set(response.answered_at) == set(questions)
    )


def test_the_app_saves_into_a_generated_task_under_way(applications):
    generate_attempts(total=len(applications), log=quiet)
    response = TaskResponse.objects.filter(
        submitted_at__isnull=True, kind=TaskKind.WRITTEN_ESCALATION
    ).first()
    assert response is not None
    written = {**response.answers, "handoff": "Carried on writing."}
    outcome = services.save_answers(
        response=response, payload={"parts": written}, tab="bench", seq=response.save_seq + 1
    )
    assert outcome.stored
    response.refresh_from_db()
    assert response.answers == written
