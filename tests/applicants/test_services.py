from datetime import timedelta

import pytest
from django.utils import timezone

from applicants import selectors, services
from applicants.models import ApplicationStatus, RejectionReason, StageChange
from csa_portal import outbox
from csa_portal.models import OutboundMessage
from tests.applicants.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def a_reason() -> RejectionReason:
    return RejectionReason.objects.filter(is_active=True).first()


def test_default_stages_are_created_once_in_order():
    application = ApplicationFactory()
    stages = services.ensure_stages(application.role)
    assert [s.name for s in stages] == [
        "Applied", "Screening", "Assessment", "Review", "Interview", "Offer", "Hired",
    ]  # fmt: skip
    assert services.ensure_stages(application.role) == stages


def test_moving_records_history_and_mails_only_where_the_stage_says(recruiter):
    application = ApplicationFactory()
    screening, assessment = services.ensure_stages(application.role)[1:3]
    services.move_application(application=application, to_stage=screening, by=recruiter)
    assert not OutboundMessage.objects.filter(template="applicants/stage_moved").exists()
    services.move_application(application=application, to_stage=assessment, by=recruiter)
    assert OutboundMessage.objects.filter(template="applicants/stage_moved").count() == 1
    history = list(StageChange.objects.filter(application=application).order_by("at", "pk"))
    assert [(h.from_stage.name, h.to_stage.name, h.by) for h in history] == [
        ("Applied", "Screening", recruiter),
        ("Screening", "Assessment", recruiter),
    ]


def test_moving_to_hired_closes_the_application(recruiter):
    application = ApplicationFactory()
    hired = services.ensure_stages(application.role)[-1]
    application = services.move_application(application=application, to_stage=hired, by=recruiter)
    assert application.status == ApplicationStatus.HIRED
    with pytest.raises(services.ApplicationClosed):
        services.move_application(
            application=application, to_stage=services.ensure_stages(application.role)[0],
            by=recruiter,
        )  # fmt: skip


def test_a_stage_of_another_role_is_refused(recruiter):
    application, other = ApplicationFactory(), ApplicationFactory()
    with pytest.raises(ValueError, match="another role"):
        services.move_application(
            application=application, to_stage=services.ensure_stages(other.role)[1], by=recruiter
        )


def test_rejection_mail_waits_for_the_delay(recruiter):
    application = ApplicationFactory()
    services.reject_application(
        application=application, reason=a_reason(), by=recruiter, delay_hours=24
    )
    mail = OutboundMessage.objects.get(template="applicants/rejection")
    assert mail.send_after > timezone.now() + timedelta(hours=23)


def test_export_does_not_reveal_a_rejection_before_its_mail(recruiter):
    application = ApplicationFactory()
    services.reject_application(
        application=application, reason=a_reason(), by=recruiter, delay_hours=24
    )
    data = selectors.export_candidate_data(application.candidate)
    exported = data["applications"][0]
    assert exported["status"] == "Received"
    assert all(entry["status"] != "rejected" for entry in exported["history"])
    assert "rejection" not in str(exported).lower()

    OutboundMessage.objects.update(send_after=timezone.now())
    outbox.sweep()
    assert (
        selectors.export_candidate_data(application.candidate)["applications"][0]["status"]
        == "Not progressing"
    )


def test_erasure_removes_personal_data_everywhere(recruiter, settings):
    application = ApplicationFactory()
    candidate = application.candidate
    services.add_note(application=application, author=recruiter, body="Strong candidate")
    services.request_magic_link(email=candidate.email)
    resume_path = application.resume.path
    services.erase_candidate(candidate=candidate)
    candidate.refresh_from_db()
    application.refresh_from_db()
    assert candidate.anonymised_at is not None
    assert candidate.email.endswith("@invalid.example")
    assert candidate.name == "Erased candidate"
    assert application.status == ApplicationStatus.WITHDRAWN
    assert not application.resume
    assert application.name == "Erased candidate"
    assert application.email == application.phone == application.location == ""
    assert application.resume_text == application.cover_letter == ""
    assert not application.notes.exists()
    import os

    assert not os.path.exists(resume_path)
    for message in OutboundMessage.objects.all():
        assert message.to_email.endswith("@invalid.example")
        assert message.context == {}


def test_bulk_actions_skip_closed_applications(recruiter):
    first = ApplicationFactory()
    second = ApplicationFactory(role=first.role)
    services.withdraw_application(application=second, candidate=second.candidate)
    screening = services.ensure_stages(first.role)[1]
    assert services.bulk_move(applications=[first, second], to_stage=screening, by=recruiter) == 1


def test_the_database_refuses_a_second_active_application_to_one_role():
    from django.db import IntegrityError, transaction

    first = ApplicationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicationFactory(candidate=first.candidate, role=first.role)
    services.withdraw_application(application=first, candidate=first.candidate)
    assert ApplicationFactory(candidate=first.candidate, role=first.role).pk


def test_a_candidate_corrects_their_details_and_applications_keep_what_they_said():
    application = ApplicationFactory(candidate__name="Jane Doe", candidate__phone="+1 555 010 0100")
    candidate = application.candidate

    updated = services.update_candidate_details(
        candidate=candidate, name="Jane Doe-Smith", phone="+1 555 010 0777", location="Dayton"
    )

    candidate.refresh_from_db()
    application.refresh_from_db()
    assert updated.pk == candidate.pk
    assert (candidate.name, candidate.phone, candidate.location) == (
        "Jane Doe-Smith",
        "+1 555 010 0777",
        "Dayton",
    )
    assert candidate.details_updated_at is not None
    assert (application.name, application.phone) == ("Jane Doe", "+1 555 010 0100")


def test_details_that_break_the_models_limits_are_refused():
    from django.core.exceptions import ValidationError

    candidate = ApplicationFactory().candidate
    with pytest.raises(ValidationError):
        services.update_candidate_details(
            candidate=candidate, name="x" * 201, phone="", location=""
        )
    candidate.refresh_from_db()
    assert candidate.details_updated_at is None


def test_the_export_holds_what_each_application_was_sent_with():
    application = ApplicationFactory(name="Jane Doe", phone="+1 555 010 0100", location="Tampa")
    candidate = services.update_candidate_details(
        candidate=application.candidate, name="Jane Roe", phone="", location=""
    )

    data = selectors.export_candidate_data(candidate)

    assert data["candidate"]["name"] == "Jane Roe"
    assert data["candidate"]["details_updated_at"]
    (exported,) = data["applications"]
    assert exported["submitted_details"] == {
        "name": "Jane Doe",
        "phone": "+1 555 010 0100",
        "location": "Tampa",
    }
    assert exported["privacy_notice_version"] == "2026-11"
    assert exported["consent_given_at"] == application.consent_given_at.isoformat()


def test_telling_a_repeat_applicant_needs_an_open_application():
    application = ApplicationFactory()
    services.withdraw_application(application=application, candidate=application.candidate)

    told = services.tell_already_applied(
        revision=application.revision, email=application.candidate.email.upper()
    )

    assert not told
    assert not OutboundMessage.objects.filter(template="applicants/already_applied").exists()


def test_a_repeat_applicant_is_told_once_an_hour_at_most():
    application = ApplicationFactory()
    email = application.candidate.email.upper()

    assert services.tell_already_applied(revision=application.revision, email=email)
    assert not services.tell_already_applied(revision=application.revision, email=email)
    OutboundMessage.objects.update(created_at=timezone.now() - timedelta(minutes=61))
    assert services.tell_already_applied(revision=application.revision, email=email)
