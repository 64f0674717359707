from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from applicants import services as applicant_services
from applicants.models import ApplicationStatus, RejectionReason
from assessments import services
from assessments.models import (
    AccommodationRequest,
    Attempt,
    AttemptStatus,
    InvitationLink,
    TaskResponse,
)
from csa_portal.models import OutboundMessage
from tests.applicants.factories import ApplicationFactory
from tests.applicants.mail import invitation_link
from tests.assessments.factories import invited_attempt, role_assessment_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(mailbox, django_capture_on_commit_callbacks):
    """Run the on-commit sends of the outbox inside the test."""
    return django_capture_on_commit_callbacks


def path_of(link: str) -> str:
    return urlsplit(link).path


def test_inviting_creates_an_attempt_on_the_current_revision_and_mails_a_link(
    mailbox, sent, recruiter
):
    with sent(execute=True):
        attempt = invited_attempt(by=recruiter)
    assert attempt.status == AttemptStatus.INVITED
    assert attempt.revision == attempt.template.current_revision
    assert attempt.expires_at - attempt.invited_at == timedelta(days=7)
    email = attempt.application.candidate.email
    [message] = [m for m in mailbox if m.to == [email]]
    assert "Practice call: 10 minutes" in message.body
    assert "/candidate/assessment/" in invitation_link(email)
    # Only the token's hash is stored, never in the outbox row.
    row = OutboundMessage.objects.get(template="assessments/invitation")
    assert "/candidate/assessment/" not in str(row.context)
    assert InvitationLink.objects.get().token_hash not in message.body


def test_the_link_signs_the_candidate_in_once_and_lands_on_the_attempt(client, sent):
    with sent(execute=True):
        attempt = invited_attempt()
    link = path_of(invitation_link(attempt.application.candidate.email))
    page = client.get(link)
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "strict-origin"
    assert not InvitationLink.objects.get().used_at  # a scanner's GET spends nothing
    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == f"/candidate/assessments/{attempt.pk}/"
    assert client.get(response["Location"]).status_code == 200
    again = client.post(link)
    assert again.status_code == 410
    assert b"Invitation links work once" in again.content


def test_a_newer_mail_revokes_the_earlier_link(client, sent):
    with sent(execute=True):
        attempt = invited_attempt()
    email = attempt.application.candidate.email
    first = path_of(invitation_link(email))
    with sent(execute=True):
        services.invitations.queue_mail(
            to=email,
            template="assessments/reminder",
            context=services.invitations._mail_context(attempt, attempt.application),
        )
    second = path_of(invitation_link(email))
    assert first != second
    assert client.post(first).status_code == 410
    assert client.post(second).status_code == 302
    assert InvitationLink.objects.filter(used_at__isnull=True, revoked_at__isnull=True).count() == 0


@pytest.mark.parametrize("token", ["x" * 101, "not-a-token", "a" * 43])
def test_a_wrong_or_hostile_token_gets_the_link_failed_page(client, token):
    response = client.post(f"/candidate/assessment/{token}/")
    assert response.status_code in {400, 410}
    assert b"This link no longer works" in response.content


def test_an_expired_invitation_link_no_longer_signs_in(client, sent):
    with sent(execute=True):
        attempt = invited_attempt()
    link = path_of(invitation_link(attempt.application.candidate.email))
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert client.post(link).status_code == 410


def test_a_closed_application_cannot_be_invited(recruiter):
    application = ApplicationFactory(status=ApplicationStatus.WITHDRAWN)
    role_assessment_for(application.role)
    with pytest.raises(services.InvitationRefused, match="withdrawn"):
        services.invite(application=application, by=recruiter)
    assert not Attempt.objects.exists()


def test_a_role_without_an_assessment_cannot_invite(recruiter):
    with pytest.raises(services.InvitationRefused, match="no assessment yet"):
        services.invite(application=ApplicationFactory(), by=recruiter)


def test_one_open_invitation_per_application_and_template(recruiter):
    attempt = invited_attempt(by=recruiter)
    with pytest.raises(services.InvitationRefused, match="already has an open invitation"):
        services.invite(application=attempt.application, by=recruiter)
    assert Attempt.objects.count() == 1


def test_the_database_refuses_a_second_open_attempt_even_past_the_service():
    from django.db import IntegrityError, transaction

    attempt = invited_attempt()
    with pytest.raises(IntegrityError), transaction.atomic():
        Attempt.objects.create(
            application=attempt.application,
            template=attempt.template,
            revision=attempt.revision,
            expires_at=attempt.expires_at,
        )


def test_reaching_the_assessment_stage_invites_automatically(recruiter, mailbox, sent):
    application = ApplicationFactory()
    role_assessment_for(application.role)
    stage = next(
        s for s in applicant_services.ensure_stages(application.role) if s.kind == "assessment"
    )
    with sent(execute=True):
        applicant_services.move_application(application=application, to_stage=stage, by=recruiter)
    attempt = Attempt.objects.get(application=application)
    assert attempt.invited_by == recruiter
    assert invitation_link(application.candidate.email)


def test_no_automatic_invitation_when_the_role_says_so(recruiter):
    application = ApplicationFactory()
    role_assessment_for(application.role, invite_automatically=False)
    stage = next(
        s for s in applicant_services.ensure_stages(application.role) if s.kind == "assessment"
    )
    applicant_services.move_application(application=application, to_stage=stage, by=recruiter)
    assert not Attempt.objects.exists()


def test_a_role_without_assessment_still_moves_to_the_assessment_stage(recruiter):
    application = ApplicationFactory()
    stage = next(
        s for s in applicant_services.ensure_stages(application.role) if s.kind == "assessment"
    )
    moved = applicant_services.move_application(
        application=application, to_stage=stage, by=recruiter
    )
    assert moved.stage == stage
    assert not Attempt.objects.exists()


def test_withdrawing_or_rejecting_closes_open_attempts_and_their_links(recruiter, sent):
    with sent(execute=True):
        attempt = invited_attempt()
    applicant_services.withdraw_application(
        application=attempt.application, candidate=attempt.application.candidate
    )
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.CANCELLED
    assert "withdrawn" in attempt.closed_reason
    assert InvitationLink.objects.get().revoked_at is not None

    other = invited_attempt(by=recruiter)
    reason = RejectionReason.objects.create(label="x", email_subject="s", email_body="b")
    applicant_services.reject_application(
        application=other.application, reason=reason, by=recruiter
    )
    other.refresh_from_db()
    assert other.status == AttemptStatus.CANCELLED


def test_a_day_before_closing_the_candidate_is_reminded_once_with_a_fresh_link(mailbox, sent):
    with sent(execute=True):
        attempt = invited_attempt()
    mailbox.clear()
    with time_machine.travel(attempt.expires_at - timedelta(hours=30)):
        assert services.send_reminders() == 0
    with time_machine.travel(attempt.expires_at - timedelta(hours=20)), sent(execute=True):
        assert services.send_reminders() == 1
        assert services.send_reminders() == 0
    [reminder] = mailbox
    assert "A day left" in reminder.subject
    assert "/candidate/assessment/" in reminder.body


def test_a_candidate_asks_for_an_adjustment_and_the_recruiter_is_told(mailbox, sent, recruiter):
    application = ApplicationFactory()
    application.role.owner = recruiter
    application.role.save()
    attempt = invited_attempt(application)
    with sent(execute=True):
        services.request_accommodation(attempt=attempt, message="I need more time to read.")
    assert [m.to for m in mailbox if "adjustment" in m.subject] == [[recruiter.email]]
    assert "more time" not in mailbox[-1].body  # the message stays on the page


def test_setting_an_adjustment_lengthens_a_task_under_way_but_never_shortens_it(recruiter):
    attempt = invited_attempt()
    response = services.start_task(attempt=attempt, task_key="mock_call")
    first_deadline = response.deadline
    services.set_accommodation(
        attempt=attempt, time_factor="1.50", typed_call=True, note="Agreed by phone", by=recruiter
    )
    response.refresh_from_db()
    assert response.deadline - response.started_at == timedelta(minutes=15)
    services.set_accommodation(
        attempt=attempt, time_factor="1.00", typed_call=False, note="", by=recruiter
    )
    response.refresh_from_db()
    assert response.deadline - response.started_at == timedelta(minutes=15)
    assert response.deadline > first_deadline


def test_an_unknown_time_factor_is_refused(recruiter):
    attempt = invited_attempt()
    with pytest.raises(ValueError, match="offered time factors"):
        services.set_accommodation(
            attempt=attempt, time_factor="3.00", typed_call=False, note="", by=recruiter
        )


def test_erasure_removes_answers_recordings_and_links_but_keeps_the_attempt(sent):
    with sent(execute=True):
        attempt = invited_attempt()
    response = services.start_task(attempt=attempt, task_key="written_escalation")
    services.save_answers(
        response=response, payload={"parts": {"handoff": "Secret words"}}, tab="t", seq=1
    )
    AccommodationRequest.objects.create(attempt=attempt, message="Personal detail")
    applicant_services.erase_candidate(candidate=attempt.application.candidate)
    assert TaskResponse.objects.get(pk=response.pk).answers == {}
    assert AccommodationRequest.objects.get().message == ""
    assert not InvitationLink.objects.exists()
    assert Attempt.objects.get(pk=attempt.pk).status == AttemptStatus.CANCELLED
    assert len(mail.outbox) >= 1


def test_a_resend_of_the_same_invitation_carries_the_same_link(client, mailbox, sent):
    from csa_portal import outbox

    with sent(execute=True):
        attempt = invited_attempt()
    message = OutboundMessage.objects.get(template="assessments/invitation")
    first = path_of(invitation_link(attempt.application.candidate.email))
    # The worker died after the mail left: the sweep sends the same row again.
    OutboundMessage.objects.filter(pk=message.pk).update(status="queued")
    outbox.send_message(message.pk)
    second = path_of(invitation_link(attempt.application.candidate.email))
    assert first == second
    assert InvitationLink.objects.count() == 1
    assert client.post(first).status_code == 302
    assert client.post(second).status_code == 410
