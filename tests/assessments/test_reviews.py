"""Reviewing: calibration first, blind scoring, one submission, amendments on record,
nothing of anyone else's before your own, and settling disagreements."""

import pytest
from django.test import Client

from assessments import services
from assessments.models import CalibrationRecord, CriterionScore, Review, RoleAssessment, Settlement
from tests.assessments.reviewing import calibrate, review_all, reviewers, submitted_attempt
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LEVELS = {"completeness": "4", "tone": "5"}


@pytest.fixture
def panel():
    return reviewers(3)


@pytest.fixture
def attempt(panel):
    return submitted_attempt()


def written_reviews(attempt):
    return list(
        Review.objects.filter(response__attempt=attempt, response__task_key="written_escalation")
        .select_related("reviewer")
        .order_by("pk")
    )


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def review_post(**overrides) -> dict:
    data = {
        "level_completeness": LEVELS["completeness"],
        "comment_completeness": "Named the customer and the dates.",
        "level_tone": LEVELS["tone"],
        "comment_tone": "",
        "recommendation": "yes",
        "justification": "The hand-off carries the reboot and the deadline.",
    }
    data.update(overrides)
    return data


def test_the_queue_asks_for_calibration_before_it_opens(attempt):
    reviewer = written_reviews(attempt)[0].reviewer
    client = client_for(reviewer)
    html = client.get("/staff/reviews/").content.decode()
    assert "Calibrate first" in html
    assert "Nothing is waiting for you once you have calibrated" in html
    review = written_reviews(attempt)[0]
    response = client.get(f"/staff/reviews/{review.pk}/")
    assert response.status_code == 302
    assert "/staff/reviews/calibration/" in response["Location"]


def test_calibration_shows_where_the_reviewer_differs_and_keeps_the_agreement(attempt):
    reviewer = written_reviews(attempt)[0].reviewer
    client = client_for(reviewer)
    url = f"/staff/reviews/calibration/{attempt.template_id}/written_escalation/"
    page = client.get(url)
    assert b"Full hand-off." in page.content
    empty = client.post(url, {})
    assert empty.status_code == 400
    done = client.post(url, {"cal-written-strong__completeness": "5",
                             "cal-written-strong__tone": "2"})  # fmt: skip
    assert done.status_code == 200
    html = done.content.decode()
    assert "you chose 2, the agreed level is 4" in html
    assert "Warm." in html  # the agreed level's reason
    record = CalibrationRecord.objects.get(reviewer=reviewer)
    assert record.exact_share == 0.5
    assert "Calibrate first" not in client.get("/staff/reviews/").content.decode()


def test_the_review_page_is_blind_and_shows_no_adjustment(attempt):
    from assessments.models import Attempt

    Attempt.objects.filter(pk=attempt.pk).update(
        time_factor="2.00", typed_call=True, accommodation_note="Extra time agreed"
    )
    review = written_reviews(attempt)[0]
    calibrate(review.reviewer, attempt)
    html = client_for(review.reviewer).get(f"/staff/reviews/{review.pk}/").content.decode()
    name = attempt.application.candidate.name
    assert name not in html
    assert attempt.application.candidate.email not in html
    assert f"Candidate {attempt.pk}" in html
    for secret in ("Extra time agreed", "Double time", "typed", "2.00"):
        assert secret not in html
    assert "Sam Okoro" in html  # the answer itself
    assert "3 · Completeness at level 3" in html  # each level with its anchor


def test_names_show_where_the_role_does_not_review_blind(attempt):
    RoleAssessment.objects.filter(role=attempt.application.role).update(blind_review=False)
    review = written_reviews(attempt)[0]
    calibrate(review.reviewer, attempt)
    html = client_for(review.reviewer).get(f"/staff/reviews/{review.pk}/").content.decode()
    assert attempt.application.candidate.name in html


def test_nothing_of_another_reviewers_scores_before_your_own_is_in(attempt):
    first, second = written_reviews(attempt)
    calibrate(first.reviewer, attempt)
    calibrate(second.reviewer, attempt)
    client_for(first.reviewer).post(
        f"/staff/reviews/{first.pk}/",
        review_post(comment_completeness="A very particular remark about dates."),
    )
    assert Review.objects.get(pk=first.pk).submitted_at
    theirs = client_for(second.reviewer)
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        html = theirs.get(f"/staff/reviews/{second.pk}/", **headers).content.decode()
        assert "A very particular remark" not in html
        assert "The other reviews" not in html
        assert first.reviewer.username not in html
    theirs.post(f"/staff/reviews/{second.pk}/", review_post())
    after = theirs.get(f"/staff/reviews/{second.pk}/").content.decode()
    assert "The other reviews" in after
    assert first.reviewer.get_full_name() in after or first.reviewer.username in after


def test_a_review_not_assigned_to_you_is_a_404(attempt, panel):
    review = written_reviews(attempt)[0]
    assigned = set(
        Review.objects.filter(response=review.response).values_list("reviewer", flat=True)
    )
    stranger = next(user for user in panel if user.pk not in assigned)
    calibrate(stranger, attempt)
    client = client_for(stranger)
    assert client.get(f"/staff/reviews/{review.pk}/").status_code == 404
    assert client.post(f"/staff/reviews/{review.pk}/", review_post()).status_code == 404
    assert client.get(f"/staff/reviews/{review.pk}/amend/").status_code == 404


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"level_completeness": "6"}, "Choose one of the five levels"),
        ({"level_completeness": "0"}, "Choose one of the five levels"),
        ({"level_completeness": ""}, "Choose a level for Completeness"),
        ({"recommendation": "maybe"}, "Select a valid choice"),
        ({"recommendation": ""}, "Choose an overall recommendation"),
        ({"justification": ""}, "Say briefly why"),
        ({"justification": "x" * 2001}, "2000 characters"),
        ({"comment_tone": "x" * 1001}, "1000 characters"),
    ],
)
def test_bad_reviews_are_refused_with_a_message_and_nothing_stored(attempt, overrides, message):
    review = written_reviews(attempt)[0]
    calibrate(review.reviewer, attempt)
    response = client_for(review.reviewer).post(f"/staff/reviews/{review.pk}/",
                                                review_post(**overrides))  # fmt: skip
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CriterionScore.objects.exists()
    assert Review.objects.get(pk=review.pk).submitted_at is None


def test_a_criterion_of_another_rubric_is_refused_by_the_service(attempt):
    review = written_reviews(attempt)[0]
    calibrate(review.reviewer, attempt)
    with pytest.raises(services.ReviewRejected, match="does not have"):
        services.submit_review(
            review=review, reviewer=review.reviewer,
            scores={"completeness": services.ScoreInput(3), "tone": services.ScoreInput(3),
                    "opening_identity": services.ScoreInput(3)},
            recommendation="yes", justification="x",
        )  # fmt: skip
    with pytest.raises(services.ReviewRejected, match="1 to 5"):
        services.submit_review(
            review=review, reviewer=review.reviewer,
            scores={"completeness": services.ScoreInput(9), "tone": services.ScoreInput(3)},
            recommendation="yes", justification="x",
        )  # fmt: skip


def test_a_contradicting_recommendation_is_flagged_before_it_is_submitted(attempt):
    review = written_reviews(attempt)[0]
    calibrate(review.reviewer, attempt)
    client = client_for(review.reviewer)
    data = review_post(level_completeness="1", level_tone="2", recommendation="strong_yes")
    first = client.post(f"/staff/reviews/{review.pk}/", data)
    assert first.status_code == 400
    assert b"does not match the levels you gave" in first.content
    assert Review.objects.get(pk=review.pk).submitted_at is None
    confirmed = client.post(
        f"/staff/reviews/{review.pk}/", {**data, "confirm_needed": "1", "confirm": "on"}
    )
    assert confirmed.status_code == 302
    assert Review.objects.get(pk=review.pk).recommendation == "strong_yes"


def test_submitting_twice_keeps_one_review_and_an_amendment_is_a_new_entry(attempt):
    review = written_reviews(attempt)[0]
    calibrate(review.reviewer, attempt)
    client = client_for(review.reviewer)
    client.post(f"/staff/reviews/{review.pk}/", review_post())
    again = client.post(f"/staff/reviews/{review.pk}/", review_post(level_tone="1"))
    assert again.status_code == 200  # the submitted review, unchanged
    assert CriterionScore.objects.get(review=review, criterion_key="tone").level == 5
    with pytest.raises(services.ReviewRefused, match="already submitted"):
        services.submit_review(
            review=review, reviewer=review.reviewer,
            scores={"completeness": services.ScoreInput(1), "tone": services.ScoreInput(1)},
            recommendation="no", justification="x",
        )  # fmt: skip
    amended = client.post(f"/staff/reviews/{review.pk}/amend/", review_post(level_tone="3"))
    assert amended.status_code == 302
    old = Review.objects.get(pk=review.pk)
    new = Review.objects.get(amends=old)
    assert old.superseded_at is not None
    assert CriterionScore.objects.get(review=old, criterion_key="tone").level == 5
    assert CriterionScore.objects.get(review=new, criterion_key="tone").level == 3
    assert client.post(f"/staff/reviews/{old.pk}/amend/", review_post()).status_code == 302
    assert Review.objects.filter(amends=old).count() == 1


def test_a_manager_settles_with_an_agreed_level_or_a_third_review(attempt, hiring_manager):
    attempt.application.role.hiring_managers.add(hiring_manager)
    first, second = written_reviews(attempt)
    for review, level in ((first, 1), (second, 4)):
        calibrate(review.reviewer, attempt)
        services.submit_review(
            review=review, reviewer=review.reviewer,
            scores={"completeness": services.ScoreInput(level), "tone": services.ScoreInput(3)},
            recommendation="no" if level == 1 else "yes", justification="x", confirmed=True,
        )  # fmt: skip
    review_all(attempt, {})
    manager = client_for(hiring_manager)
    page = manager.get(f"/staff/applications/{attempt.application_id}/").content.decode()
    assert "reviewers disagree" in page
    url = f"/staff/responses/{first.response_id}/settle/"
    no_reason = manager.post(url, {"method": "agreed_level", "criterion": "completeness",
                                   "level": "3", "reason": ""})  # fmt: skip
    assert no_reason.status_code == 400
    wrong = manager.post(url, {"method": "agreed_level", "criterion": "empathy", "level": "3",
                               "reason": "x"})  # fmt: skip
    assert wrong.status_code == 400
    third = manager.post(url, {"method": "third_review", "criterion": "completeness",
                               "reason": "They read the hand-off differently."})  # fmt: skip
    assert third.status_code == 302
    tiebreak = Review.objects.get(response_id=first.response_id, is_tiebreak=True)
    assert tiebreak.reviewer_id not in {first.reviewer_id, second.reviewer_id}
    from assessments.models import Result

    assert not Result.objects.get(attempt=attempt).complete
    calibrate(tiebreak.reviewer, attempt)
    services.submit_review(
        review=tiebreak, reviewer=tiebreak.reviewer,
        scores={"completeness": services.ScoreInput(3), "tone": services.ScoreInput(3)},
        recommendation="yes", justification="x", confirmed=True,
    )  # fmt: skip
    result = Result.objects.get(attempt=attempt)
    assert result.complete  # the median of 1, 4 and 3
    assert Settlement.objects.get().method == "third_review"


def test_someone_elses_manager_cannot_settle(attempt):
    other = UserFactory(username="other-manager", groups=["hiring manager"])
    response = written_reviews(attempt)[0].response
    url = f"/staff/responses/{response.pk}/settle/"
    data = {"method": "agreed_level", "criterion": "completeness", "level": "3", "reason": "x"}
    assert client_for(other).post(url, data).status_code == 404


def test_the_agreement_page_and_command_report_icc_kappa_and_leniency(
    panel, recruiter_client, capsys
):
    from django.core.management import call_command

    for n in range(6):
        attempt = submitted_attempt()
        review_all(attempt, {"completeness": 2 + n % 3, "tone": 3})
    html = recruiter_client.get("/staff/reviews/agreement/").content.decode()
    assert "Completeness" in html
    assert "95% interval" in html
    call_command("rater_agreement")
    out = capsys.readouterr().out
    assert "Completeness" in out
    assert "ICC" in out


@pytest.mark.parametrize("answered_turns", [1, 8])
def test_the_review_page_runs_the_same_queries_however_long_the_call(
    panel, django_assert_num_queries, answered_turns
):
    from assessments.models import TaskResponse, TurnRecording

    attempt = submitted_attempt()
    call = TaskResponse.objects.get(attempt=attempt, task_key="mock_call")
    keys = ["t1", "t2", "t3", "t4", "t5", "t6", "t7a", "t8"][:answered_turns]
    call.answers = {"turns": {key: f"Answer to {key}" for key in keys},
                    "choices": {"t6": "t7a"} if "t6" in keys else {}}  # fmt: skip
    call.save()
    for key in keys:
        TurnRecording.objects.create(response=call, turn_key=key, audio=f"recordings/{key}.webm",
                                     content_type="audio/webm", size=10)  # fmt: skip
    review = Review.objects.filter(response=call).select_related("reviewer").first()
    calibrate(review.reviewer, attempt)
    client = client_for(review.reviewer)
    client.get(f"/staff/reviews/{review.pk}/")  # warm the session
    with django_assert_num_queries(9):
        assert client.get(f"/staff/reviews/{review.pk}/").status_code == 200


@pytest.mark.parametrize("reviews_in", [1, 2])
def test_the_scorecard_runs_the_same_queries_however_many_reviews(
    panel, hiring_manager, django_assert_num_queries, reviews_in
):
    attempt = submitted_attempt()
    attempt.application.role.hiring_managers.add(hiring_manager)
    for review in Review.objects.filter(response__attempt=attempt)[: reviews_in * 2]:
        calibrate(review.reviewer, attempt)
        task = attempt.revision.task(review.response.task_key)
        services.submit_review(
            review=review, reviewer=review.reviewer,
            scores={c["key"]: services.ScoreInput(4) for c in task["rubric"]["criteria"]},
            recommendation="yes", justification="x",
        )  # fmt: skip
    client = client_for(hiring_manager)
    url = f"/staff/applications/{attempt.application_id}/"
    with django_assert_num_queries(22):
        assert client.get(url).status_code == 200
