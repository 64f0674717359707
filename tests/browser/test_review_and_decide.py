"""A reviewer calibrates and scores an answer; a hiring manager reads the scorecard and decides."""

import re

import pytest
from playwright.sync_api import expect

from applicants.services import ensure_stages, move_application
from assessments.models import Decision, Review
from tests.applicants.factories import ApplicationFactory
from tests.assessments.reviewing import review_all, reviewers, submitted_attempt
from tests.factories import TEST_PASSWORD, UserFactory


def sign_in(page, username: str):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")


@pytest.fixture
def scored_application(transactional_db):
    panel = reviewers(2)
    manager = UserFactory(username="hana.manager", groups=["hiring manager"])
    recruiter = UserFactory(username="rob.recruiter", groups=["recruiter"])
    application = ApplicationFactory()
    application.role.hiring_managers.add(manager)
    stages = {s.kind: s for s in ensure_stages(application.role)}
    move_application(application=application, to_stage=stages["assessment"], by=recruiter)
    attempt = submitted_attempt(application)
    return attempt, panel


def test_a_reviewer_calibrates_then_scores_and_a_manager_decides(page, a11y, scored_application):
    attempt, panel = scored_application
    # The contradiction warning answers 400 on purpose.
    page.expected_errors.append("status of 400")
    review = Review.objects.filter(
        response__attempt=attempt, response__task_key="written_escalation"
    ).first()
    reviewer = review.reviewer

    sign_in(page, reviewer.username)
    page.get_by_role("link", name="Your reviews").first.click()
    expect(page.get_by_role("heading", name="Calibrate first")).to_be_visible()
    a11y()
    page.get_by_role("link", name=re.compile("Calibrate.*Written escalation")).click()
    expect(page.get_by_text("Full hand-off.")).to_be_visible()
    a11y()
    page.get_by_label(re.compile(r"5 · Completeness at")).check()
    page.get_by_label(re.compile(r"4 · Tone at")).check()
    page.get_by_role("button", name="Submit and see the agreed levels").click()
    expect(page.get_by_text("You matched every agreed level.")).to_be_visible()
    page.get_by_role("link", name="Go to your reviews").click()

    page.get_by_role("link", name=re.compile("^Review")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Candidate {attempt.pk}")
    expect(page.get_by_text(attempt.application.candidate.name)).to_have_count(0)
    a11y()
    page.get_by_label(re.compile(r"4 · Completeness at")).check()
    page.get_by_label(re.compile(r"5 · Tone at")).check()
    page.get_by_label("Strong no").check()
    page.get_by_label(re.compile("Why\\? Cite")).fill(
        "Named the customer, the reboot and the deadline."
    )
    page.get_by_role("button", name="Submit review").click()
    expect(page.get_by_role("alert")).to_contain_text("does not match the levels you gave")
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Submit review").click()
    expect(page.get_by_text("Review submitted. Thank you.")).to_be_visible()
    expect(page.get_by_role("heading", name="The other reviews")).to_be_visible()
    a11y()

    review_all(attempt, {"opening_identity": 4, "empathy": 4, "completeness": 4, "tone": 4})
    page.context.clear_cookies()
    sign_in(page, "hana.manager")
    expect(
        page.get_by_role("heading", name=re.compile("Waiting for your decision"))
    ).to_be_visible()
    page.get_by_role("link", name=attempt.application.candidate.name).first.click()
    expect(page.get_by_role("heading", name="Scorecard")).to_be_visible()
    expect(page.get_by_text("Suggests: Advance")).to_be_visible()
    a11y()
    page.get_by_label("Advance").check()
    page.get_by_label(re.compile("Reason \\(kept")).fill("Consistent scores; invite to interview.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Recorded: advance.")).to_be_visible()
    expect(page.get_by_text("Decision (advance): Consistent scores")).to_be_visible()
    a11y()
    decision = Decision.objects.get()
    assert decision.reason == "Consistent scores; invite to interview."
    attempt.application.refresh_from_db()
    assert attempt.application.stage.kind == "interview"
    assert len(panel) == 2
