"""The demo has months of history, seeded once; ``--reset`` puts it back as it was."""

import random
from datetime import UTC, datetime, timedelta
from statistics import median

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F, Max, Min
from django.utils import timezone

from applicants import demo as applicant_demo
from applicants.demo import HIRED, plan_journey
from applicants.models import (
    Application,
    ApplicationStatus,
    Candidate,
    SelfIdentification,
    StageChange,
    StageKind,
)

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


@pytest.fixture
def development(settings):
    settings.DEBUG = True


# --- journeys (no database) -----------------------------------------------------------------


@pytest.mark.parametrize("outcome", ["active", "rejected", "withdrawn", "hired"])
@pytest.mark.parametrize("posted_days_ago", [150, 40, 6])
def test_a_journey_runs_forward_between_the_posting_and_now(outcome, posted_days_ago):
    rng = random.Random(7)
    posted = NOW - timedelta(days=posted_days_ago)
    for reached in [HIRED] if outcome == "hired" else range(6):
        journey = plan_journey(rng, posted_at=posted, now=NOW, reached=reached, outcome=outcome)
        times = [journey.applied_at, *journey.moves] + (
            [journey.closed_at] if journey.closed_at else []
        )
        assert posted < journey.applied_at
        assert times == sorted(times)
        assert times[-1] <= NOW
        assert len(journey.moves) == reached
        assert (journey.closed_at is None) == (outcome == "active")
        if outcome == "hired":
            assert journey.closed_at == journey.moves[-1]


def test_a_hire_on_an_old_role_takes_weeks_not_minutes():
    rng = random.Random(3)
    days = [
        (j.closed_at - j.applied_at).days
        for j in (
            plan_journey(rng, posted_at=NOW - timedelta(days=150), now=NOW, reached=HIRED,
                         outcome="hired")
            for _ in range(50)
        )
    ]  # fmt: skip
    assert min(days) >= 14
    assert max(days) <= 60


def test_active_applications_at_applied_are_recent_so_new_this_week_means_something():
    rng = random.Random(5)
    waits = [
        (NOW - plan_journey(rng, posted_at=NOW - timedelta(days=100), now=NOW, reached=0,
                            outcome="active").applied_at).days
        for _ in range(100)
    ]  # fmt: skip
    assert 30 < sum(w < 7 for w in waits) < 70
    assert max(waits) <= 14


# --- the seeded demo ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_demo_history_spans_months_with_shapes_to_chart(development, settings):
    from assessments.models import Attempt, Decision, Result, Review
    from roles.models import RoleProfile, RoleRevision

    call_command("seed_demo", quiet=True)
    now = timezone.now()
    applications = Application.objects.all()
    assert applications.count() >= 300

    posted = sorted(RoleRevision.objects.values_list("published_at", flat=True))
    assert (now - posted[0]).days >= 140
    assert (now - posted[-1]).days >= 14
    months = {(a.year, a.month) for a in applications.values_list("created_at", flat=True)}
    assert len(months) >= 5
    span = applications.aggregate(first=Min("created_at"), last=Max("created_at"))
    assert (span["last"] - span["first"]).days >= 120
    # Nobody applied before the role was posted, or after now.
    assert not applications.filter(created_at__lt=F("role__published_at")).exists()
    assert not applications.filter(created_at__gt=now).exists()

    # New this week: some, not all.
    new = applications.filter(created_at__gte=now - timedelta(days=7)).count()
    assert 5 <= new <= applications.count() // 4
    # Days in stage vary on the board.
    waits = {a.days_in_stage for a in applications.filter(status=ApplicationStatus.ACTIVE)}
    assert len(waits) >= 8

    # The history runs forward and ends where the application stands.
    changes = StageChange.objects.select_related("application")
    assert not changes.filter(at__lt=F("application__created_at")).exists()
    assert not changes.filter(at__gt=now).exists()
    for application in applications.exclude(status=ApplicationStatus.ACTIVE):
        last = application.history.order_by("at", "pk").last()
        assert last.at == application.closed_at
        assert last.to_status == application.status
    for application in applications.filter(status=ApplicationStatus.ACTIVE)[:50]:
        entered = application.history.filter(to_stage=application.stage).order_by("at").first()
        assert abs(entered.at - application.stage_entered_at) < timedelta(seconds=1)

    # Hires with realistic time to hire, within each role's openings.
    hired = applications.filter(status=ApplicationStatus.HIRED)
    to_hire = [(a.closed_at - a.created_at).days for a in hired]
    assert len(to_hire) >= 8
    assert 14 <= median(to_hire) <= 60
    for role in RoleProfile.objects.all():
        assert hired.filter(role=role).count() <= role.openings
    statuses = dict(applications.values_list("status").annotate(n=Count("pk")))
    assert set(statuses) == {"active", "hired", "rejected", "withdrawn"}

    # Sources vary; self-identification for a share, with big and small groups.
    assert applications.values("source").distinct().count() >= 5
    answered = SelfIdentification.objects.count()
    assert 0.4 <= answered / applications.count() <= 0.8
    groups = dict(SelfIdentification.objects.values_list("ethnicity").annotate(n=Count("pk")))
    minimum = settings.REPORTS_MIN_GROUP_SIZE
    assert any(n >= minimum for n in groups.values())
    assert any(0 < n < minimum for n in groups.values())

    # Assessments follow the stage history: invited when the Assessment stage was entered.
    attempts = Attempt.objects.select_related("application")
    assert attempts.count() >= 60
    for attempt in attempts:
        entered = (
            StageChange.objects.filter(
                application=attempt.application, to_stage__kind=StageKind.ASSESSMENT
            )
            .order_by("at")
            .first()
        )
        assert abs(attempt.invited_at - entered.at) < timedelta(minutes=1)
        if attempt.submitted_at:
            assert attempt.invited_at < attempt.submitted_at <= now
    assert (now - Attempt.objects.aggregate(first=Min("invited_at"))["first"]).days >= 60
    assert not Result.objects.filter(computed_at__lt=F("attempt__invited_at")).exists()
    submitted_reviews = Review.objects.filter(submitted_at__isnull=False)
    assert not submitted_reviews.filter(
        submitted_at__lt=F("response__attempt__submitted_at")
    ).exists()
    assert Decision.objects.count() >= 10


def row_counts() -> dict:
    from assessments.models import Attempt, Decision, Result, Review
    from csa_portal.models import OutboundMessage
    from roles.models import RoleProfile, RoleRevision

    models = [
        RoleProfile, RoleRevision, Candidate, Application, StageChange, SelfIdentification,
        Attempt, Result, Review, Decision, OutboundMessage,
    ]  # fmt: skip
    return {model.__name__: model.objects.count() for model in models}


@pytest.mark.django_db
def test_seeding_again_adds_nothing_and_reset_restores_the_same_demo(development, monkeypatch):
    from roles.models import RoleProfile
    from tests.applicants.factories import ApplicationFactory
    from tests.roles.factories import published_role

    monkeypatch.setattr(applicant_demo, "HISTORY_COUNT", 40)  # the same code, less of it
    mine = ApplicationFactory(role=published_role(title="Night Shift Associate"))
    call_command("seed_demo", quiet=True)
    first = row_counts()
    call_command("seed_demo", quiet=True)
    assert row_counts() == first

    # Someone played with the demo: applied, moved, erased.
    demo_application = Application.objects.filter(candidate__email__endswith="demo.example.org")
    from applicants import services

    services.erase_candidate(candidate=demo_application.first().candidate)
    RoleProfile.objects.filter(slug="customer-service-associate").update(title="Renamed")

    call_command("seed_demo", quiet=True, reset=True)

    again = row_counts()
    # Reviewers are assigned by load and new ids shuffle differently: which answers the
    # uncalibrated demo reviewer holds changes, and with it which results complete and so
    # a few reviews, decisions and their mails. Those are there, once each.
    for varies in ("Review", "Decision", "OutboundMessage"):
        assert first.pop(varies) > 0
        assert again.pop(varies) > 0, varies
    assert again == first
    from assessments.models import Attempt, Decision

    assert not Attempt.objects.values("application").annotate(n=Count("pk")).filter(n__gt=1)
    assert not Decision.objects.values("application").annotate(n=Count("pk")).filter(n__gt=1)
    assert RoleProfile.objects.filter(title="Customer Service Associate").exists()
    assert not Candidate.objects.filter(name="Erased candidate").exists()
    emails = list(Candidate.objects.values_list("email", flat=True))
    assert len(emails) == len(set(emails))
    assert Application.objects.filter(pk=mine.pk).exists()  # not demo content: left alone


@pytest.mark.django_db
def test_reset_is_refused_outside_debug(settings, monkeypatch):
    settings.DEBUG = False
    monkeypatch.setenv("DEMO_PASSWORD", "Lantern-Orchard-Velvet-42")
    with pytest.raises(CommandError, match="only with DEBUG on"):
        call_command("seed_demo", quiet=True, reset=True, force_demo_accounts=True)
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.exists()
