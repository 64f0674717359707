"""Scoring a submitted attempt: machine checks, reviewers assigned, the result's arithmetic."""

import pytest
from django.core import mail

from applicants.services import ensure_stages
from assessments import selectors, services
from assessments.models import (
    Attempt,
    AttemptStatus,
    AutoScore,
    Result,
    Review,
)
from tests.assessments.factories import invited_attempt
from tests.assessments.reviewing import review_all, reviewers, submitted_attempt
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def panel():
    return reviewers(3)


def test_scoring_records_the_quiz_score_and_advisory_checks():
    attempt = submitted_attempt(quiz={"q01": "b", "q02": "c", "q03": "a"})
    quiz = AutoScore.objects.get(attempt=attempt, task_key="situational_quiz")
    assert quiz.score == pytest.approx(50.0)  # 2 + 1 + 0 of 6
    assert quiz.details["per_competency"]["privacy"]["percent"] == 100.0
    written = AutoScore.objects.get(attempt=attempt, task_key="written_escalation")
    assert written.score is None
    assert not written.compliance_flag
    assert written.scorer_version.startswith("written-escalation-")
    call = AutoScore.objects.get(attempt=attempt, task_key="mock_call")
    assert "identity_check" in call.details["behaviours_seen"]


def test_a_card_number_in_the_handoff_flags_compliance_and_sends_the_result_to_review():
    attempt = submitted_attempt(handoff="Card 4111 1111 1111 1111 was charged twice.")
    assert AutoScore.objects.get(attempt=attempt, task_key="written_escalation").compliance_flag
    review_all(attempt, {"opening_identity": 5, "empathy": 5, "completeness": 5, "tone": 5})
    result = Result.objects.get(attempt=attempt)
    assert result.complete
    assert result.total > 60
    assert result.recommendation == "review"
    assert result.flags[0].startswith("Compliance")


def test_each_answer_people_score_goes_to_the_templates_number_of_reviewers(panel):
    attempt = submitted_attempt()
    for task_key in ("mock_call", "written_escalation"):
        assigned = Review.objects.filter(response__attempt=attempt, response__task_key=task_key)
        assert assigned.count() == 2
        assert len({review.reviewer_id for review in assigned}) == 2
    assert not Review.objects.filter(response__task_key="situational_quiz").exists()


def test_reviews_are_spread_over_the_panel():
    for _ in range(3):
        submitted_attempt()
    load = Review.objects.values_list("reviewer__username", flat=True)
    counts = {name: list(load).count(name) for name in set(load)}
    assert max(counts.values()) - min(counts.values()) <= 1


def test_a_roles_chosen_reviewers_are_the_only_ones_asked(panel):
    from tests.applicants.factories import ApplicationFactory
    from tests.assessments.factories import role_assessment_for

    application = ApplicationFactory()
    setting = role_assessment_for(application.role)
    chosen = [UserFactory(username=f"chosen-{n}", groups=["reviewer"]) for n in range(2)]
    setting.reviewers.set(chosen)
    attempt = submitted_attempt(application)
    assigned = set(
        Review.objects.filter(response__attempt=attempt).values_list("reviewer", flat=True)
    )
    assert assigned == {user.pk for user in chosen}


def test_scoring_twice_gives_one_set_of_scores_reviews_and_one_result():
    attempt = submitted_attempt()
    assert not services.score_attempt(attempt_id=attempt.pk)
    Attempt.objects.filter(pk=attempt.pk).update(scored_at=None)
    assert services.score_attempt(attempt_id=attempt.pk)
    assert AutoScore.objects.filter(attempt=attempt).count() == 3
    assert Review.objects.filter(response__attempt=attempt).count() == 4
    assert Result.objects.filter(attempt=attempt).count() == 1


def test_an_attempt_not_submitted_is_not_scored():
    attempt = invited_attempt()
    assert not services.score_attempt(attempt_id=attempt.pk)
    assert not services.score_attempt(attempt_id=999_999)
    assert not AutoScore.objects.exists()


def test_the_result_waits_for_every_review_then_tells_the_managers(mailbox, hiring_manager):
    attempt = submitted_attempt()
    attempt.application.role.hiring_managers.add(hiring_manager)
    result = Result.objects.get(attempt=attempt)
    assert not result.complete
    assert result.recommendation == "review"
    assert result.tasks["written_escalation"]["waiting"] == 2
    review_all(attempt, {"opening_identity": 4, "empathy": 4, "completeness": 4, "tone": 4})
    result.refresh_from_db()
    assert result.complete
    # Levels 4 everywhere: (4-1)/4 = 75 for each rubric task; the quiz 5/6 = 83.33.
    assert result.tasks["mock_call"]["score"] == pytest.approx(75.0)
    assert result.tasks["situational_quiz"]["score"] == pytest.approx(83.3)  # 5 of 6
    expected = (75.0 * 40 + 75.0 * 35 + 83.3 * 25) / 100
    assert float(result.total) == pytest.approx(expected, abs=0.02)
    assert result.recommendation == "advance"


def test_managers_are_mailed_once_when_the_last_review_lands(
    hiring_manager, django_capture_on_commit_callbacks, mailbox
):
    attempt = submitted_attempt()
    attempt.application.role.hiring_managers.add(hiring_manager)
    with django_capture_on_commit_callbacks(execute=True):
        review_all(attempt, {"opening_identity": 2})
        services.compute_result(attempt)
    ready = [m for m in mailbox if "Scores are in" in m.subject]
    assert [m.to for m in ready] == [[hiring_manager.email]]
    assert attempt.application.candidate.name not in ready[0].body


def test_low_levels_recommend_rejection_and_a_middle_total_a_closer_look():
    low = submitted_attempt(quiz={"q01": "a", "q02": "a", "q03": "a"})
    review_all(low, {}, recommendation="no")  # level 3 everywhere = 50 per rubric task
    result = Result.objects.get(attempt=low)
    assert float(result.total) == pytest.approx((50 * 40 + 50 * 35 + 0 * 25) / 100)
    assert result.recommendation == "reject"  # 37.5, more than 10 below the pass mark
    middle = submitted_attempt(quiz={"q01": "c", "q02": "c", "q03": "c"})
    review_all(middle, {"opening_identity": 4, "empathy": 3, "completeness": 3, "tone": 4})
    assert 50 <= Result.objects.get(attempt=middle).total < 60
    assert Result.objects.get(attempt=middle).recommendation == "review"


def test_reviewers_two_levels_apart_leave_the_result_unsettled():
    attempt = submitted_attempt()
    reviews = list(Review.objects.filter(response__task_key="written_escalation"))
    from tests.assessments.reviewing import calibrate

    for review, level in zip(reviews, (1, 4), strict=True):
        calibrate(review.reviewer, attempt)
        services.submit_review(
            review=review, reviewer=review.reviewer,
            scores={"completeness": services.ScoreInput(level), "tone": services.ScoreInput(3)},
            recommendation="no" if level == 1 else "yes", justification="x", confirmed=True,
        )  # fmt: skip
    review_all(attempt, {})
    result = Result.objects.get(attempt=attempt)
    assert not result.complete
    assert "reviewers disagree on Completeness" in " ".join(result.flags)


def test_submission_moves_the_application_from_assessment_to_review(recruiter):
    from applicants.services import move_application

    attempt = invited_attempt()
    stages = {s.kind: s for s in ensure_stages(attempt.application.role)}
    move_application(application=attempt.application, to_stage=stages["assessment"], by=recruiter)
    response = services.start_task(attempt=attempt, task_key="written_escalation")
    services.submit_task(response=response)
    services.submit_attempt(attempt=attempt)
    services.score_attempt(attempt_id=attempt.pk)
    attempt.application.refresh_from_db()
    assert attempt.application.stage == stages["review"]
    assert Attempt.objects.get(pk=attempt.pk).status == AttemptStatus.SUBMITTED
    assert not mail.outbox or all("Review" not in m.subject for m in mail.outbox)


def test_scoring_a_quiz_only_attempt_takes_a_handful_of_queries(django_assert_max_num_queries):
    from assessments.models import Attempt as AttemptModel

    attempt = invited_attempt()
    quiz = services.start_task(attempt=attempt, task_key="situational_quiz")
    services.submit_task(response=quiz)
    services.submit_attempt(attempt=attempt)
    AttemptModel.objects.filter(pk=attempt.pk).update(scored_at=None)
    # The revision's snapshot is read once per process (a worker scores thousands of attempts
    # of a few revisions): warm, as it is in a worker after its first attempt.
    selectors.revision_snapshot(attempt.revision)
    # Lock the attempt, its responses, one upsert of the machine's scores, the scored time,
    # the result (was it complete, upsert), the managers to mail, and savepoints around them.
    with django_assert_max_num_queries(11):
        assert services.score_attempt(attempt_id=attempt.pk)
