"""Helpers that take an attempt through submission, scoring and review in tests."""

from django.contrib.auth.models import Group

from assessments import services
from assessments.models import CalibrationRecord, Review, TaskResponse
from csa_portal.access import StaffGroup
from tests.assessments.factories import invited_attempt
from tests.factories import UserFactory

GOOD_HANDOFF = (
    "Customer Sam Okoro, account C-4410, says the line drops every evening since Monday. "
    "Lee rebooted the router remotely on 3 November with no change. He works from home, so "
    "this is urgent. Please check the line for a fault and call him back by Friday."
)
GOOD_REPLY = (
    "I am sorry the connection keeps dropping. I have passed your case to our network team "
    "and I will make sure they call you within 24 hours."
)


def reviewers(count: int = 2) -> list:
    Group.objects.get_or_create(name=StaffGroup.REVIEWER)
    return [
        UserFactory(username=f"reviewer-{n}", groups=[StaffGroup.REVIEWER]) for n in range(count)
    ]


def calibrate(user, attempt) -> None:
    """Record a calibration for every rubric of the attempt's template (tests skip the form)."""
    for task in attempt.revision.snapshot["tasks"]:
        done = CalibrationRecord.objects.filter(
            reviewer=user, template=attempt.template, task_key=task["key"]
        ).exists()
        if task.get("rubric") and not done:
            CalibrationRecord.objects.create(
                reviewer=user,
                template=attempt.template,
                task_key=task["key"],
                revision=attempt.revision,
                levels={},
                agreement=1.0,
                exact_share=1.0,
            )


def submitted_attempt(
    application=None, *, handoff: str = GOOD_HANDOFF, reply: str = GOOD_REPLY, quiz=None
):
    """An attempt with all three tasks answered, submitted and scored."""
    from assessments.timing import public_option_id

    attempt = invited_attempt(application)
    call = services.start_task(attempt=attempt, task_key="mock_call")
    services.save_answers(
        response=call,
        payload={"turns": {"t1": "Thank you for calling, can I take your name and ZIP code?"}},
        tab="t",
        seq=1,
    )
    written = services.start_task(attempt=attempt, task_key="written_escalation")
    services.save_answers(
        response=written, payload={"parts": {"handoff": handoff, "reply": reply}}, tab="t", seq=1
    )
    quiz_response = services.start_task(attempt=attempt, task_key="situational_quiz")
    secret = services.option_secret(attempt)
    choices = quiz or {"q01": "b", "q02": "b", "q03": "c"}
    services.save_answers(
        response=quiz_response,
        payload={"choices": {q: public_option_id(secret, q, o) for q, o in choices.items()}},
        tab="t",
        seq=1,
    )
    for response in TaskResponse.objects.filter(attempt=attempt):
        services.submit_task(response=response)
    # The scoring task runs after commit; tests run inside a transaction, so run it here.
    services.score_attempt(attempt_id=attempt.pk)
    attempt.refresh_from_db()
    return attempt


def review_all(attempt, levels: dict[str, int], recommendation: str = "yes") -> None:
    """Every open review of the attempt submitted with the same level per criterion key."""
    for review in Review.objects.filter(
        response__attempt=attempt, submitted_at__isnull=True
    ).select_related("reviewer", "response"):
        task = attempt.revision.task(review.response.task_key)
        calibrated = CalibrationRecord.objects.filter(
            reviewer=review.reviewer, template=attempt.template, task_key=task["key"]
        )
        if not calibrated.exists():
            calibrate(review.reviewer, attempt)
        services.submit_review(
            review=review,
            reviewer=review.reviewer,
            scores={
                c["key"]: services.ScoreInput(levels.get(c["key"], 3))
                for c in task["rubric"]["criteria"]
            },
            recommendation=recommendation,
            justification="Cited the ticket facts.",
            confirmed=True,
        )
