"""The pipeline pages' undo, reopen and bulk panel, the cards' details, and the staff 403."""

import re
from decimal import Decimal

import pytest
from django.utils import timezone

from applicants.models import Application, ApplicationStatus, StageChange, StageKind
from applicants.services import ensure_stages, reject_application
from csa_portal import outbox
from csa_portal.models import OutboundMessage
from tests.applicants.factories import ApplicationFactory, CandidateFactory
from tests.applicants.test_pipeline import active_reason
from tests.assessments.factories import invited_attempt, role_assessment_for
from tests.roles.factories import published_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def role(hiring_manager):
    role = published_role(title="Chat Associate")
    role.hiring_managers.add(hiring_manager)
    return role


def board_url(role) -> str:
    return f"/staff/pipeline/{role.slug}/"


def page_url(application) -> str:
    return f"/staff/applications/{application.pk}/"


def stage(role, kind: str):
    return next(s for s in ensure_stages(role) if s.kind == kind)


def reject_on_page(client, application, delay: str = "24"):
    return client.post(
        f"{page_url(application)}reject/",
        {"reject-reason": active_reason().pk, "reject-delay_hours": delay},
        follow=True,
    )


def send_rejection(application):
    mail = OutboundMessage.objects.get(template="applicants/rejection")
    OutboundMessage.objects.filter(pk=mail.pk).update(send_after=timezone.now())
    assert outbox.send_message(mail.pk)


# --- undo and reopen on the application page ------------------------------------------------


def test_the_page_offers_undo_until_the_mail_goes_then_reopen(recruiter_client, role, mailbox):
    application = ApplicationFactory(role=role)
    page = reject_on_page(recruiter_client, application).content.decode()
    assert "Until then you can undo it." in page
    assert "Undo the rejection" in page
    assert "Reopen the application" not in page

    send_rejection(application)
    page = recruiter_client.get(page_url(application)).content.decode()
    assert "Undo the rejection" not in page
    assert "Reopen the application" in page


def test_undo_on_the_page(recruiter_client, role, mailbox):
    application = ApplicationFactory(role=role)
    reject_on_page(recruiter_client, application)
    change = StageChange.objects.get(application=application, to_status="rejected")
    response = recruiter_client.post(f"{page_url(application)}undo/", {"change": change.pk})
    assert response.status_code == 302
    page = recruiter_client.get(response["Location"]).content.decode()
    assert "is active again and will not be emailed about it" in page
    assert re.search(r"Undone \d+ \w+ \d\d:\d\d", page)  # the history marks the change
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACTIVE


def test_undo_after_the_mail_went_is_a_409_that_says_so(recruiter_client, role, mailbox):
    application = ApplicationFactory(role=role)
    reject_on_page(recruiter_client, application)
    change = StageChange.objects.get(application=application, to_status="rejected")
    send_rejection(application)
    response = recruiter_client.post(f"{page_url(application)}undo/", {"change": change.pk})
    assert response.status_code == 409
    page = response.content.decode()
    assert "already been told" in page
    assert "Reopen the application" in page


@pytest.mark.parametrize("data", [{}, {"change": "x"}, {"change": "-1"}])
def test_undo_with_a_bad_change_is_a_400(recruiter_client, role, data):
    application = ApplicationFactory(role=role)
    response = recruiter_client.post(f"{page_url(application)}undo/", data)
    assert response.status_code == 400
    assert "Nothing was undone" in response.content.decode()


def test_undo_of_another_applications_change_is_a_404(recruiter_client, role):
    mine, other = ApplicationFactory.create_batch(2, role=role)
    reject_application(application=other, reason=active_reason(), by=None)
    change = StageChange.objects.get(application=other, to_status="rejected")
    response = recruiter_client.post(f"{page_url(mine)}undo/", {"change": change.pk})
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == ApplicationStatus.REJECTED


def test_reopen_on_the_page(recruiter_client, recruiter, role, mailbox):
    application = ApplicationFactory(role=role)
    reject_on_page(recruiter_client, application)
    send_rejection(application)
    url = f"{page_url(application)}reopen/"

    response = recruiter_client.post(url, {"reopen-reason": "   "})
    assert response.status_code == 400
    assert "Say why the application is reopened" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED

    response = recruiter_client.post(url, {"reopen-reason": "x" * 401})
    assert response.status_code == 400
    assert "under 400 characters" in response.content.decode()

    response = recruiter_client.post(url, {"reopen-reason": "The hiring manager asked"})
    assert response.status_code == 302
    page = recruiter_client.get(response["Location"]).content.decode()
    assert "Reopened: The hiring manager asked" in page
    assert "They have not been emailed" in page


def test_reopening_an_active_application_is_a_409(recruiter_client, role):
    application = ApplicationFactory(role=role)
    response = recruiter_client.post(f"{page_url(application)}reopen/", {"reopen-reason": "Hm"})
    assert response.status_code == 409
    assert "only one that is not progressing" in response.content.decode()


def test_managers_see_neither_undo_nor_reopen_and_may_not_post_them(
    recruiter_client, manager_client, role
):
    application = ApplicationFactory(role=role)
    reject_on_page(recruiter_client, application)
    page = manager_client.get(page_url(application)).content.decode()
    assert "Undo the rejection" not in page
    change = StageChange.objects.get(application=application, to_status="rejected")
    assert (
        manager_client.post(f"{page_url(application)}undo/", {"change": change.pk}).status_code
        == 403
    )
    assert (
        manager_client.post(f"{page_url(application)}reopen/", {"reopen-reason": "x"}).status_code
        == 403
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED


# --- the bulk panel and its undo ------------------------------------------------------------


def bulk(client, role, **data):
    return client.post(f"{board_url(role)}bulk/", data, follow=True)


def test_a_bulk_rejection_can_be_undone_from_the_board(recruiter_client, role):
    applications = ApplicationFactory.create_batch(2, role=role)
    page = bulk(
        recruiter_client,
        role,
        action="reject",
        reason=active_reason().pk,
        applications=[a.pk for a in applications],
    ).content.decode()
    assert "Undo that action" in page
    batch = re.search(r'name="batch" value="([0-9a-f-]+)"', page).group(1)

    response = recruiter_client.post(f"{board_url(role)}bulk/undo/", {"batch": batch}, follow=True)
    page = response.content.decode()
    assert "Undone for 2 applications." in page
    assert "Undo that action" not in page
    assert set(Application.objects.values_list("status", flat=True)) == {"active"}


@pytest.mark.parametrize("batch", ["", "not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_bulk_undo_of_nothing_changes_nothing(recruiter_client, role, batch):
    application = ApplicationFactory(role=role)
    reject_application(application=application, reason=active_reason(), by=None)
    response = recruiter_client.post(f"{board_url(role)}bulk/undo/", {"batch": batch}, follow=True)
    assert "Nothing was undone" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED


def test_the_bulk_panel_marks_each_field_with_its_action(recruiter_client, role):
    ApplicationFactory(role=role)
    html = recruiter_client.get(board_url(role)).content.decode()
    assert re.search(r'data-bulk-fields="move"[^>]*>.*?name="to_stage"', html, re.S)
    assert re.search(r'data-bulk-fields="reject"[^>]*>.*?name="reason"', html, re.S)
    assert 'data-bulk-fields="move reject"' in html
    assert "data-selection-count" in html
    assert 'value="invite"' in html  # offered by the assessments app through the hooks


def test_bulk_invite_invites_each_and_names_the_ones_refused(recruiter_client, role):
    role_assessment_for(role)
    fresh = ApplicationFactory(role=role, candidate=CandidateFactory(name="Fresh Face"))
    invited = ApplicationFactory(role=role, candidate=CandidateFactory(name="Already Asked"))
    invited_attempt(invited)
    page = bulk(
        recruiter_client, role, action="invite", applications=[fresh.pk, invited.pk]
    ).content.decode()
    assert "1 application invited to the assessment." in page
    assert "Already Asked: This candidate already has an open invitation to it." in page
    assert fresh.attempts.count() == 1
    assert invited.attempts.count() == 1
    assert "Undo that action" not in page


def test_bulk_invite_without_an_assessment_invites_nobody(recruiter_client, role):
    application = ApplicationFactory(role=role)
    page = bulk(
        recruiter_client, role, action="invite", applications=[application.pk]
    ).content.decode()
    assert "has no assessment yet" in page
    assert application.attempts.count() == 0


def test_bulk_move_ignores_the_fields_of_other_actions(recruiter_client, role):
    """With the script, hidden fields are not sent; without it, they are sent and ignored."""
    application = ApplicationFactory(role=role)
    screening = stage(role, StageKind.SCREENING)
    response = bulk(
        recruiter_client,
        role,
        action="move",
        to_stage=screening.pk,
        reason="",
        delay_hours="",
        applications=[application.pk],
    )
    assert "Moved 1 application to Screening." in response.content.decode()


# --- the cards ------------------------------------------------------------------------------


def test_cards_show_source_and_the_assessment_state_and_score(recruiter_client, role):
    referred = ApplicationFactory(role=role, source="referral")
    scored = ApplicationFactory(role=role)
    attempt = invited_attempt(scored)
    attempt.status = "submitted"
    attempt.submitted_at = attempt.scored_at = timezone.now()
    attempt.save()
    from assessments.models import Result

    Result.objects.create(
        attempt=attempt,
        tasks={},
        total=Decimal("72.40"),
        pass_mark=60,
        recommendation="advance",
        complete=True,
    )
    html = recruiter_client.get(board_url(role)).content.decode()
    card = re.search(rf'id="application-{referred.pk}".*?</li>', html, re.S).group(0)
    assert "referral" in card
    card = re.search(rf'id="application-{scored.pk}".*?</li>', html, re.S).group(0)
    assert ">Scored<" in card
    assert ">Score 72<" in card
    assert 'title="Score 72 of 100, final"' in card


def test_cards_carry_a_keyboard_handle_and_the_board_its_stage_order(recruiter_client, role):
    application = ApplicationFactory(role=role)
    html = recruiter_client.get(board_url(role)).content.decode()
    order = ",".join(str(s.pk) for s in ensure_stages(role))
    assert f'data-stage-order="{order}"' in html
    assert f'aria-label="{application.name}: move with the arrow keys"' in html
    assert "board-keys-help" in html
    assert "Scroll sideways to see all 7 stages" in html


def test_managers_get_no_handles(manager_client, role):
    ApplicationFactory(role=role)
    html = manager_client.get(board_url(role)).content.decode()
    assert "data-move-handle" not in html


# --- the 403 page ---------------------------------------------------------------------------


def test_a_403_in_the_staff_area_leads_staff_back_to_it(reviewer_client, role):
    response = reviewer_client.get(board_url(role))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Back to the staff area" in html
    assert 'href="/staff/"' in html


def test_a_403_outside_the_staff_groups_leads_to_the_job_board(outsider_client, role):
    response = outsider_client.get(board_url(role))
    assert response.status_code == 403
    assert "See open roles" in response.content.decode()
    assert "Back to the staff area" not in response.content.decode()
