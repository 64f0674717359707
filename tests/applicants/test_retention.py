"""Retention: exactly the right candidates are anonymised, and the reports still add up."""

import logging
import os
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count
from django.test import Client
from django.utils import timezone

from applicants import services
from applicants.models import (
    Application,
    ApplicationStatus,
    Candidate,
    RejectionReason,
    SelfIdentification,
    StageChange,
)
from applicants.services.retention import (
    _anonymise_if_due,
    candidates_due,
    months_before,
    retention_cutoff,
)
from applicants.tasks import anonymise_expired_candidates
from tests.applicants.documents import pdf_bytes
from tests.applicants.factories import ApplicationFactory, CandidateFactory
from tests.test_access_matrix import signed_in_candidate_client

NOW = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
TALENT_POOL = "/candidate/talent-pool/"


# --- the calendar (no database) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (datetime(2026, 12, 4, 9, 0), 12, datetime(2025, 12, 4, 9, 0)),
        (datetime(2026, 3, 31, 23, 59), 1, datetime(2026, 2, 28, 23, 59)),
        (datetime(2028, 3, 31), 1, datetime(2028, 2, 29)),
        (datetime(2026, 1, 15), 1, datetime(2025, 12, 15)),
        (datetime(2026, 5, 20), 29, datetime(2023, 12, 20)),
        (datetime(2026, 5, 20), 0, datetime(2026, 5, 20)),
    ],
)
def test_months_before_counts_calendar_months(moment, months, expected):
    assert months_before(moment, months) == expected


def test_the_cutoff_follows_the_setting(settings):
    settings.CANDIDATE_RETENTION_MONTHS = 6
    assert retention_cutoff(NOW) == datetime(2026, 6, 4, 9, 0, tzinfo=UTC)


# --- who is anonymised ----------------------------------------------------------------------


def a_reason() -> RejectionReason:
    return RejectionReason.objects.filter(is_active=True).first()


def person(**kwargs) -> Candidate:
    candidate = CandidateFactory(**kwargs)
    Candidate.objects.filter(pk=candidate.pk).update(created_at=NOW - timedelta(days=900))
    return candidate


def closed(candidate, *, at, status=ApplicationStatus.REJECTED, by=None) -> Application:
    """An application of the candidate closed the way the services close one, dated ``at``."""
    application = ApplicationFactory(candidate=candidate)
    if status == ApplicationStatus.REJECTED:
        services.reject_application(
            application=application, reason=a_reason(), by=by, note="Met Jane twice", delay_hours=0
        )
    elif status == ApplicationStatus.WITHDRAWN:
        services.withdraw_application(application=application, candidate=candidate)
    else:
        hired = services.ensure_stages(application.role)[-1]
        services.move_application(application=application, to_stage=hired, by=by)
    Application.objects.filter(pk=application.pk).update(closed_at=at)
    StageChange.objects.filter(application=application).update(at=at)
    return application


def still_open(candidate) -> Application:
    return ApplicationFactory(candidate=candidate)


@pytest.mark.django_db
def test_exactly_the_candidates_past_the_period_and_outside_the_pool_are_anonymised(recruiter):
    cutoff = retention_cutoff(NOW)
    second = timedelta(seconds=1)
    due = {
        "closed a second too long ago": closed(person(), at=cutoff - second).candidate,
        "withdrawn and hired, both long ago": person(),
    }
    closed(due["withdrawn and hired, both long ago"], at=cutoff - timedelta(days=300),
           status=ApplicationStatus.WITHDRAWN)  # fmt: skip
    closed(due["withdrawn and hired, both long ago"], at=cutoff - timedelta(days=40),
           status=ApplicationStatus.HIRED, by=recruiter)  # fmt: skip
    kept = {
        "closed exactly at the cutoff": closed(person(), at=cutoff).candidate,
        "closed a second inside the period": closed(person(), at=cutoff + second).candidate,
        "closed last week": closed(person(), at=NOW - timedelta(days=7)).candidate,
        "an open application from long ago": still_open(person()).candidate,
        "in the talent pool": closed(
            person(talent_pool_consent_at=NOW - timedelta(days=800)), at=cutoff - second * 99
        ).candidate,
        "one closed long ago and one open": person(),
        "one closed long ago and one closed recently": person(),
    }
    closed(kept["one closed long ago and one open"], at=cutoff - timedelta(days=200))
    still_open(kept["one closed long ago and one open"])
    closed(kept["one closed long ago and one closed recently"], at=cutoff - timedelta(days=200))
    closed(kept["one closed long ago and one closed recently"], at=NOW - timedelta(days=3),
           status=ApplicationStatus.WITHDRAWN)  # fmt: skip

    run = services.anonymise_expired_candidates(now=NOW)

    assert run.anonymised == len(due)
    assert run.failed == 0
    for why, candidate in due.items():
        candidate.refresh_from_db()
        assert candidate.anonymised_at is not None, why
        assert candidate.erasure_requested_at is None, why  # retention, not a request
    for why, candidate in kept.items():
        candidate.refresh_from_db()
        assert candidate.anonymised_at is None, why
        assert not candidate.email.endswith("@invalid.example"), why


@pytest.mark.django_db
def test_a_candidate_with_a_closing_time_unknown_is_kept():
    application = closed(person(), at=NOW - timedelta(days=900))
    Application.objects.filter(pk=application.pk).update(closed_at=None)
    assert services.anonymise_expired_candidates(now=NOW).anonymised == 0


@pytest.mark.django_db
def test_leaving_the_talent_pool_lets_the_next_run_anonymise(settings):
    candidate = person()
    closed(candidate, at=NOW - timedelta(days=500))
    services.set_talent_pool(candidate=candidate, join=True)
    assert services.anonymise_expired_candidates(now=NOW).anonymised == 0
    services.set_talent_pool(candidate=candidate, join=False)
    assert services.anonymise_expired_candidates(now=NOW).anonymised == 1


@pytest.mark.django_db
def test_anonymising_removes_what_points_to_the_person(recruiter):
    from assessments.models import Result, TaskResponse, TurnRecording
    from tests.assessments.reviewing import submitted_attempt

    candidate = person(name="Jane Doe", email="jane@example.com", phone="+1 555 010 0199")
    application = ApplicationFactory(candidate=candidate, cover_letter="I am Jane from Dayton")
    attempt = submitted_attempt(application)
    services.add_note(application=application, author=recruiter, body="Jane's sister works here")
    services.reject_application(
        application=application, reason=a_reason(), by=recruiter, note="Jane lives far away",
        delay_hours=0,
    )  # fmt: skip
    Application.objects.filter(pk=application.pk).update(closed_at=NOW - timedelta(days=400))
    services.request_magic_link(email=candidate.email)
    resume_path = application.resume.path

    assert services.anonymise_expired_candidates(now=NOW).anonymised == 1

    candidate.refresh_from_db()
    application.refresh_from_db()
    assert (candidate.name, candidate.phone, candidate.location) == ("Erased candidate", "", "")
    assert candidate.email == f"erased-{candidate.pk}@invalid.example"
    assert not candidate.magic_links.exists()
    assert (application.name, application.email, application.phone, application.location) == (
        "Erased candidate",
        "",
        "",
        "",
    )
    assert not application.resume
    assert not os.path.exists(resume_path)
    assert application.resume_text == application.cover_letter == application.rejection_note == ""
    assert application.screening_answers == []
    assert not application.notes.exists()
    assert not any("Jane" in change.reason for change in application.history.all())
    assert not TaskResponse.objects.filter(attempt=attempt).exclude(answers={}).exists()
    assert not TurnRecording.objects.filter(response__attempt=attempt).exists()
    # What the reports count stays: status, role, source, reason, the score.
    assert application.status == ApplicationStatus.REJECTED
    assert application.rejection_reason_id is not None
    assert Result.objects.filter(attempt=attempt).exists()


def report_numbers() -> dict:
    """What the aggregate reports read: every count they group by."""
    from assessments.models import Attempt, AutoScore, CriterionScore, Decision, Result, Review

    return {
        "applications": list(
            Application.objects.values("role", "status", "source", "stage")
            .annotate(n=Count("pk"))
            .order_by("role", "status", "source", "stage")
        ),
        "applied_dates": sorted(Application.objects.values_list("created_at", flat=True)),
        "closed_dates": sorted(
            str(d) for d in Application.objects.values_list("closed_at", flat=True)
        ),
        "stage_changes": list(
            StageChange.objects.values("to_stage", "to_status", "at")
            .annotate(n=Count("pk"))
            .order_by("to_stage", "to_status", "at")
        ),
        "self_identification": list(
            SelfIdentification.objects.values("gender", "ethnicity", "veteran", "disability")
            .annotate(n=Count("pk"))
            .order_by("gender", "ethnicity")
        ),
        "attempts": Attempt.objects.count(),
        "results": list(Result.objects.values_list("attempt_id", "total", "complete")),
        "reviews": Review.objects.count(),
        "criterion_scores": list(CriterionScore.objects.values_list("pk", "level").order_by("pk")),
        "decisions": Decision.objects.count(),
        "auto_scores": list(AutoScore.objects.values_list("pk", "score").order_by("pk")),
    }


@pytest.mark.django_db
def test_the_reports_numbers_are_the_same_after_retention(recruiter):
    from tests.assessments.reviewing import review_all, reviewers, submitted_attempt

    panel = reviewers(2)
    assert panel
    for n in range(6):
        candidate = person()
        application = ApplicationFactory(
            candidate=candidate, source=["job board", "referral"][n % 2]
        )
        SelfIdentification.objects.create(
            application=application, gender=["woman", "man"][n % 2], ethnicity="asian"
        )
        if n < 2:
            attempt = submitted_attempt(application)
            review_all(attempt, {"completeness": 4, "tone": 3})
        if n % 3 == 0:
            services.withdraw_application(application=application, candidate=candidate)
        else:
            services.reject_application(
                application=application, reason=a_reason(), by=recruiter, delay_hours=0
            )
        # Half closed long ago (due), half recently (kept).
        when = NOW - timedelta(days=500 if n % 2 else 5)
        Application.objects.filter(pk=application.pk).update(closed_at=when)
    before = report_numbers()

    assert services.anonymise_expired_candidates(now=NOW).anonymised == 3

    assert report_numbers() == before
    assert Candidate.objects.count() == 6  # rows stay, so counts per person stay true


@pytest.mark.django_db
def test_a_second_run_changes_nothing_and_is_cheap(django_assert_max_num_queries):
    for _ in range(3):
        closed(person(), at=NOW - timedelta(days=500))
    first = services.anonymise_expired_candidates(now=NOW)
    stamps = dict(Candidate.objects.values_list("pk", "anonymised_at"))
    with django_assert_max_num_queries(1):
        again = services.anonymise_expired_candidates(now=NOW)
    assert (first.anonymised, again.anonymised) == (3, 0)
    assert dict(Candidate.objects.values_list("pk", "anonymised_at")) == stamps


@pytest.mark.django_db
def test_runs_go_in_batches_up_to_a_limit_and_log_their_counts(caplog):
    for _ in range(5):
        closed(person(), at=NOW - timedelta(days=500))
    with caplog.at_level(logging.INFO, logger="applicants.services.retention"):
        first = services.anonymise_expired_candidates(now=NOW, batch_size=2, limit=3)
    assert (first.anonymised, first.batches) == (3, 2)
    assert "3 candidates anonymised, 0 failed, in 2 batches" in caplog.text
    second = services.anonymise_expired_candidates(now=NOW, batch_size=2)
    assert (second.anonymised, second.batches) == (2, 1)
    assert not candidates_due(cutoff=retention_cutoff(NOW)).exists()


@pytest.mark.django_db
def test_one_failure_does_not_stop_the_run(monkeypatch, caplog):
    from applicants.services import retention

    first, _second = (closed(person(), at=NOW - timedelta(days=500)).candidate for _ in range(2))
    real = retention.remove_personal_data

    def flaky(candidate, *, requested):
        if candidate.pk == first.pk:
            raise RuntimeError("disk full")
        return real(candidate, requested=requested)

    monkeypatch.setattr(retention, "remove_personal_data", flaky)
    run = services.anonymise_expired_candidates(now=NOW)
    assert (run.anonymised, run.failed) == (1, 1)
    first.refresh_from_db()
    assert first.anonymised_at is None
    assert first.name != "Erased candidate"
    assert f"could not anonymise candidate {first.pk}" in caplog.text


@pytest.mark.django_db
def test_a_candidate_who_applied_again_meanwhile_is_left_alone():
    candidate = person()
    closed(candidate, at=NOW - timedelta(days=500))
    still_open(candidate)  # between the run's list and its lock
    assert _anonymise_if_due(candidate.pk, cutoff=retention_cutoff(NOW)) is False
    candidate.refresh_from_db()
    assert candidate.anonymised_at is None


@pytest.mark.django_db
def test_the_beat_job_is_scheduled_daily_and_runs_the_service():
    entry = settings.CELERY_BEAT_SCHEDULE["anonymise-expired-candidates"]
    assert entry["task"] == "applicants.tasks.anonymise_expired_candidates"
    assert entry["schedule"].hour == {2}
    closed(person(), at=timezone.now() - timedelta(days=500))
    assert anonymise_expired_candidates.delay().get() == 1


@pytest.mark.django_db
def test_erasure_also_takes_the_person_out_of_the_talent_pool():
    candidate = ApplicationFactory(candidate__talent_pool_consent_at=NOW).candidate
    services.erase_candidate(candidate=candidate)
    candidate.refresh_from_db()
    assert candidate.talent_pool_consent_at is None
    assert candidate.erasure_requested_at is not None


# --- the consent: on the apply form and in the portal ---------------------------------------


def apply(client, role, **overrides):
    from tests.applicants.test_apply import payload

    data = payload(role, **overrides)
    data["resume"] = SimpleUploadedFile("resume.pdf", pdf_bytes(), content_type="application/pdf")
    return client.post(f"/jobs/{role.slug}/apply/", data)


@pytest.fixture
def role(db):
    from tests.roles.factories import published_role

    return published_role(title="Customer Service Associate")


@pytest.mark.django_db
def test_the_apply_form_asks_with_an_unticked_optional_box(client, role):
    html = client.get(f"/jobs/{role.slug}/apply/").content.decode()
    box = html[html.index('name="talent_pool"') - 200 : html.index('name="talent_pool"') + 200]
    assert 'type="checkbox"' in box
    assert "checked" not in box
    assert "required" not in box
    assert "Keep my details for other roles (optional)" in html
    assert f"{settings.CANDIDATE_RETENTION_MONTHS} months after your applications close" in html


@pytest.mark.django_db
def test_ticking_the_box_puts_a_new_candidate_in_the_pool_and_leaving_it_does_not(client, role):
    assert apply(client, role, talent_pool="on").status_code == 302
    assert apply(client, role, email="other@example.com").status_code == 302
    kept = Candidate.objects.get(email="jane.doe@example.com")
    assert kept.talent_pool_consent_at is not None
    assert Candidate.objects.get(email="other@example.com").talent_pool_consent_at is None


@pytest.mark.django_db
def test_the_public_form_never_changes_a_known_persons_pool_choice(client, role):
    known = CandidateFactory(email="jane.doe@example.com")
    assert apply(client, role, talent_pool="on").status_code == 302
    known.refresh_from_db()
    assert known.talent_pool_consent_at is None  # whoever typed the address proved nothing


@pytest.mark.django_db
def test_a_candidate_joins_and_leaves_the_pool_in_the_portal():
    candidate = ApplicationFactory().candidate
    client = signed_in_candidate_client(candidate)
    portal = client.get("/candidate/").content.decode()
    assert "You are not in our talent pool" in portal
    page = client.get(TALENT_POOL)
    assert page.status_code == 200
    assert client.post(TALENT_POOL, {"choice": "join"})["Location"] == "/candidate/"
    candidate.refresh_from_db()
    joined = candidate.talent_pool_consent_at
    assert joined is not None
    assert "You are in our talent pool" in client.get("/candidate/").content.decode()
    client.post(TALENT_POOL, {"choice": "join"})  # again: the first time stands
    candidate.refresh_from_db()
    assert candidate.talent_pool_consent_at == joined
    client.post(TALENT_POOL, {"choice": "leave"})
    candidate.refresh_from_db()
    assert candidate.talent_pool_consent_at is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose whether we may keep your details for other roles."),
        ({"choice": ""}, "Choose whether we may keep your details for other roles."),
        ({"choice": "maybe"}, "Choose one of the two answers below."),
        ({"choice": "join" * 5000}, "Choose one of the two answers below."),
        ({"choice": "<script>alert(1)</script>"}, "Choose one of the two answers below."),
    ],
)
def test_bad_answers_on_the_pool_form_are_refused_and_change_nothing(data, message):
    candidate = ApplicationFactory(candidate__talent_pool_consent_at=NOW).candidate
    client = signed_in_candidate_client(candidate)
    response = client.post(TALENT_POOL, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "<script>alert(1)</script>" not in html
    candidate.refresh_from_db()
    assert candidate.talent_pool_consent_at == NOW


@pytest.mark.django_db
def test_the_pool_form_needs_a_signed_in_candidate():
    response = Client().post(TALENT_POOL, {"choice": "join"})
    assert response["Location"] == "/candidate/login/"


@pytest.mark.django_db
def test_the_data_download_says_whether_they_are_in_the_pool():
    from applicants.selectors import export_candidate_data

    candidate = ApplicationFactory(candidate__talent_pool_consent_at=NOW).candidate
    assert export_candidate_data(candidate)["candidate"]["talent_pool_consent_at"] == (
        NOW.isoformat()
    )


def test_the_privacy_notice_explains_the_pool(client):
    html = client.get("/privacy/").content.decode()
    assert "talent pool" in html
    assert "never ticked for you" in html
