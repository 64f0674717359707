"""The hiring manager's decision, the scorecard it is made from, and comparing candidates."""

import pytest
from django.test import Client

from applicants.models import ApplicationStatus, StageChange
from applicants.services import ensure_stages, move_application, withdraw_application
from assessments.models import Decision, RoleAssessment
from csa_portal.models import OutboundMessage
from tests.applicants.factories import ApplicationFactory
from tests.assessments.reviewing import review_all, reviewers, submitted_attempt
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def panel():
    return reviewers(2)


@pytest.fixture
def scored(hiring_manager, recruiter):
    application = ApplicationFactory()
    stages = {s.kind: s for s in ensure_stages(application.role)}
    move_application(application=application, to_stage=stages["assessment"], by=recruiter)
    attempt = submitted_attempt(application)  # submitting moves it on to Review
    attempt.application.role.hiring_managers.add(hiring_manager)
    review_all(attempt, {"opening_identity": 5, "empathy": 4, "completeness": 2, "tone": 4})
    attempt.application.refresh_from_db()
    return attempt


def manager(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def decide(client, application, **data):
    return client.post(f"/staff/applications/{application.pk}/decide/", data)


def test_the_scorecard_shows_levels_anchors_comments_evidence_and_flags(scored, hiring_manager):
    html = manager(hiring_manager).get(f"/staff/applications/{scored.application_id}/")
    html = html.content.decode()
    assert "Scorecard" in html
    assert "Completeness at level 2: what a reviewer sees." in html  # the anchor of the level
    assert "Cited the ticket facts." in html  # the reviewers' justification
    assert "What the machine noticed" in html
    assert "Record the decision" in html
    assert "integrity signal" not in html or "prove nothing" in html


def test_advancing_moves_to_the_next_stage_and_records_why(scored, hiring_manager):
    application = scored.application
    stages = ensure_stages(application.role)
    assert application.stage.kind == "review"
    response = decide(manager(hiring_manager), application, outcome="advance",
                      reason="Strong call, hand-off needs coaching.")  # fmt: skip
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == next(s for s in stages if s.kind == "interview")
    change = StageChange.objects.filter(application=application).latest("at", "pk")
    assert "Decision (advance): Strong call" in change.reason
    assert Decision.objects.get().by == hiring_manager


def test_rejecting_closes_the_application_and_the_candidate_is_told_later(scored, hiring_manager):
    application = scored.application
    decide(manager(hiring_manager), application, outcome="reject", reason="Not this time.")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    rejection = OutboundMessage.objects.get(template="applicants/rejection")
    assert rejection.send_after > rejection.created_at
    assert "Not this time." not in str(rejection.context)


def test_holding_keeps_the_stage_and_tells_the_candidate(
    scored, hiring_manager, django_capture_on_commit_callbacks, mailbox
):
    application = scored.application
    stage = application.stage
    with django_capture_on_commit_callbacks(execute=True):
        decide(manager(hiring_manager), application, outcome="hold", reason="Waiting on budget.")
    application.refresh_from_db()
    assert application.stage == stage
    assert [m.subject for m in mailbox if m.to == [application.candidate.email]][-1].startswith(
        "An update on your application"
    )
    assert "Waiting on budget" not in mailbox[-1].body
    # A hold is not final: the manager can still decide at this stage.
    assert decide(manager(hiring_manager), application, outcome="advance",
                  reason="Budget approved.").status_code == 302  # fmt: skip


def test_feedback_goes_to_the_candidate_where_the_role_allows_it(
    scored, hiring_manager, django_capture_on_commit_callbacks, mailbox
):
    RoleAssessment.objects.filter(role=scored.application.role).update(share_feedback=True)
    with django_capture_on_commit_callbacks(execute=True):
        decide(manager(hiring_manager), scored.application, outcome="advance", reason="Good.")
    feedback = next(m for m in mailbox if m.subject.startswith("Feedback on your assessment"))
    assert "About opening identity at level 5, said to you." in feedback.body  # a strength
    assert "About completeness at level 2, said to you." in feedback.body  # to develop
    assert "What went well" in feedback.body
    for reviewer in ("reviewer-0", "reviewer-1", "Cited the ticket facts"):
        assert reviewer not in feedback.body
    assert Decision.objects.get().feedback_sent


def test_no_feedback_unless_the_role_shares_it(scored, hiring_manager):
    decide(manager(hiring_manager), scored.application, outcome="advance", reason="Good.")
    assert not OutboundMessage.objects.filter(template="assessments/feedback").exists()


def test_a_reason_is_required(scored, hiring_manager):
    for reason in ("", "   "):
        response = decide(manager(hiring_manager), scored.application, outcome="advance",
                          reason=reason)  # fmt: skip
        assert response.status_code == 400
        assert b"Give the reason for your decision" in response.content
    bad = decide(manager(hiring_manager), scored.application, outcome="promote", reason="x")
    assert bad.status_code == 400
    assert not Decision.objects.exists()


def test_deciding_twice_at_one_stage_is_a_409(scored, hiring_manager):
    client = manager(hiring_manager)
    decide(client, scored.application, outcome="reject", reason="No.")
    again = decide(client, scored.application, outcome="advance", reason="Actually yes.")
    assert again.status_code == 409
    assert Decision.objects.count() == 1


def test_a_decision_on_a_withdrawn_application_is_a_409(scored, hiring_manager):
    withdraw_application(application=scored.application, candidate=scored.application.candidate)
    response = decide(manager(hiring_manager), scored.application, outcome="advance", reason="x")
    assert response.status_code == 409
    assert b"withdrawn" in response.content


def test_a_manager_cannot_decide_on_a_role_they_do_not_manage(scored):
    other = UserFactory(username="not-their-role", groups=["hiring manager"])
    response = decide(manager(other), scored.application, outcome="advance", reason="x")
    assert response.status_code == 404
    assert not Decision.objects.exists()


def test_recruiters_and_reviewers_do_not_decide(scored, recruiter_client, reviewer_client):
    for client in (recruiter_client, reviewer_client):
        assert decide(client, scored.application, outcome="advance", reason="x").status_code == 403


def test_managers_decide_without_an_assessment_too(hiring_manager, recruiter):
    application = ApplicationFactory()
    application.role.hiring_managers.add(hiring_manager)
    stages = {s.kind: s for s in ensure_stages(application.role)}
    move_application(application=application, to_stage=stages["interview"], by=recruiter)
    client = manager(hiring_manager)
    dashboard = client.get("/staff/").content.decode()
    assert "Waiting for your decision" in dashboard
    assert application.candidate.name in dashboard
    decide(client, application, outcome="advance", reason="Great interview.")
    application.refresh_from_db()
    assert application.stage == stages["offer"]
    assert "Waiting for your decision" not in client.get("/staff/").content.decode()


def test_comparing_candidates_side_by_side(panel, hiring_manager):
    first = submitted_attempt()
    role = first.application.role
    role.hiring_managers.add(hiring_manager)
    second = submitted_attempt(ApplicationFactory(role=role))
    for attempt, level in ((first, 5), (second, 2)):
        review_all(attempt, {"completeness": level, "tone": level})
    client = manager(hiring_manager)
    listing = client.get(f"/staff/roles/{role.pk}/results/").content.decode()
    assert first.application.candidate.name in listing
    url = f"/staff/roles/{role.pk}/compare/"
    page = client.get(url, {"applications": [first.application_id, second.application_id]})
    html = page.content.decode()
    assert page.status_code == 200
    assert first.application.candidate.name in html
    assert second.application.candidate.name in html
    assert "Completeness" in html
    too_few = client.get(url, {"applications": [first.application_id]})
    assert too_few.status_code == 302
    hostile = client.get(url, {"applications": ["1 OR 1=1", "<script>", "-3"]})
    assert hostile.status_code == 302


def test_the_compare_page_shows_nothing_of_a_role_the_manager_does_not_manage(panel):
    attempt = submitted_attempt()
    outsider = UserFactory(username="outsider-manager", groups=["hiring manager"])
    url = f"/staff/roles/{attempt.application.role_id}/compare/"
    assert manager(outsider).get(url, {"applications": [attempt.application_id]}).status_code == 404
    assert (
        manager(outsider).get(f"/staff/roles/{attempt.application.role_id}/results/").status_code
        == 404
    )


def test_the_decision_mail_is_one_row_per_decision(scored, hiring_manager):
    decide(manager(hiring_manager), scored.application, outcome="hold", reason="x")
    assert OutboundMessage.objects.filter(template="assessments/decision_hold").count() == 1
