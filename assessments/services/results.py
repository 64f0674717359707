"""From a submitted attempt to its result: machine checks, reviewers, and the numbers.

``score_attempt`` runs once per submitted attempt (a Celery task; the minute job asks again
for any attempt left unscored): it records what the machine can find (the quiz's score, the
advisory checks of the written and spoken answers), assigns each answer people score to the
template's number of reviewers, and computes a first result. ``compute_result`` runs again
whenever a review is submitted or a disagreement settled; when the last one is in, the role's
hiring managers are mailed.
"""

import logging
import random
import statistics
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from applicants.models import Stage, StageKind
from applicants.services import absolute, move_application
from csa_portal.access import StaffGroup
from csa_portal.outbox import queue_mail

from .. import answers as answer_rules
from .. import scoring
from ..models import (
    RUBRIC_KINDS,
    Attempt,
    AttemptStatus,
    AutoScore,
    Result,
    ResultRecommendation,
    Review,
    RoleAssessment,
    TaskKind,
    TaskResponse,
)
from ..selectors import revision_snapshot

logger = logging.getLogger(__name__)

RESULT_READY_MAIL = "assessments/result_ready"
NOT_TAKEN = "not_taken"


# --- scoring a submitted attempt ------------------------------------------------------------


AUTO_SCORE_FIELDS = ["kind", "scorer_version", "score", "compliance_flag", "details", "created_at"]


@transaction.atomic
def score_attempt(*, attempt_id: int) -> bool:
    """Machine checks, reviewer assignments and a first result, once. False when there is
    nothing to do (not submitted, or scored already: a second run, or two at once, since the
    attempt's row is locked).

    Kept to a few queries (a quiz-only attempt takes nine), so one worker scores thousands a
    minute: the machine's results go in with one upsert, the reviewer panel is read only when
    an answer needs people, and the result is computed from what is already in hand.
    """
    attempt = (
        Attempt.objects.select_for_update(of=("self",))
        .select_related("revision", "application__role", "application__stage")
        .defer("revision__snapshot")  # read once per process: selectors.revision_snapshot
        .filter(pk=attempt_id)
        .first()
    )
    if attempt is None or attempt.status != AttemptStatus.SUBMITTED or attempt.scored_at:
        return False
    responses = {r.task_key: r for r in TaskResponse.objects.filter(attempt=attempt)}
    now = timezone.now()
    autos = [
        auto_score(attempt, task, responses[task["key"]], now)
        for task in revision_snapshot(attempt.revision)["tasks"]
        if task["key"] in responses
    ]
    AutoScore.objects.bulk_create(
        autos,
        update_conflicts=True,
        unique_fields=["attempt", "task_key"],
        update_fields=AUTO_SCORE_FIELDS,
    )
    reviewed = [r for r in responses.values() if r.kind in RUBRIC_KINDS]
    if reviewed:
        assign_reviews(attempt, reviewed)
    attempt.scored_at = now
    attempt.save(update_fields=["scored_at", "updated_at"])
    _to_review_stage(attempt)
    compute_result(attempt, autos=autos, responses=None if reviewed else responses)
    return True


def auto_score(attempt: Attempt, task: dict, response: TaskResponse, now) -> AutoScore:
    """The machine's part for one response (not saved: ``score_attempt`` upserts them all)."""
    answers = response.answers or {}
    score = None
    if task["kind"] == TaskKind.SITUATIONAL_QUIZ:
        key = {q["key"]: {o["key"]: o["credit"] for o in q["options"]} for q in task["questions"]}
        competencies = {q["key"]: q["competency"] for q in task["questions"]}
        checked = scoring.score_quiz(answers.get("choices", {}), key, competencies)
        score, version, flag = Decimal(str(checked.score)), checked.scorer_version, False
    elif task["kind"] == TaskKind.WRITTEN_ESCALATION:
        checked = scoring.check_written_escalation(
            answers.get("handoff", ""), answers.get("reply", "")
        )
        version, flag = checked.scorer_version, checked.compliance_flag
    else:
        path = answer_rules.call_path(task["call"], answers.get("choices", {}))
        texts = answers.get("turns", {})
        # A turn answered only by voice has no text to check: reported as not checked.
        turns = [texts.get(key) if texts.get(key) else None for key in path]
        checked = scoring.check_call_turns(turns)
        version, flag = checked.scorer_version, checked.compliance_flag
    return AutoScore(
        attempt=attempt,
        task_key=task["key"],
        kind=task["kind"],
        scorer_version=version,
        score=score,
        compliance_flag=flag,
        details=checked.as_dict(),
        created_at=now,
    )


# --- reviewers ------------------------------------------------------------------------------


def reviewer_pool(role_id: int):
    """The role's chosen reviewers, or everyone active in the reviewer group."""
    User = get_user_model()
    setting = RoleAssessment.objects.filter(role_id=role_id).first()
    chosen = setting.reviewers.filter(is_active=True) if setting else User.objects.none()
    if chosen.exists():
        return chosen
    return User.objects.filter(groups__name=StaffGroup.REVIEWER, is_active=True)


def assign_reviews(attempt: Attempt, responses: list[TaskResponse]) -> None:
    """Give each response to the template's number of reviewers, least loaded first.

    A response already assigned is left alone, so a second run assigns nobody twice.
    """
    wanted = revision_snapshot(attempt.revision).get("reviewers_per_response", 2)
    pool = list(
        reviewer_pool(attempt.application.role_id)
        .annotate(
            open_reviews=Count(
                "reviews",
                filter=Q(reviews__submitted_at__isnull=True, reviews__superseded_at__isnull=True),
            )
        )
        .order_by("open_reviews", "pk")
    )
    for response in responses:
        if Review.objects.filter(response=response).exists():
            continue
        rng = random.Random(response.pk)  # noqa: S311  # nosec B311 # spreading work, not a secret
        candidates = sorted(pool, key=lambda user: (user.open_reviews, rng.random()))
        chosen = candidates[:wanted]
        Review.objects.bulk_create(Review(response=response, reviewer=user) for user in chosen)
        for user in chosen:
            user.open_reviews += 1
        if len(chosen) < wanted:
            logger.warning(
                "Response %s has %s of %s reviewers: add reviewers to the role",
                response.pk,
                len(chosen),
                wanted,
            )


def _to_review_stage(attempt: Attempt) -> None:
    """Tasks in: the application moves from Assessment to Review, if it is still there."""
    application = attempt.application
    if application.status != "active" or application.stage.kind != StageKind.ASSESSMENT:
        return
    review = Stage.objects.filter(role_id=application.role_id, kind=StageKind.REVIEW).first()
    if review is not None:
        move_application(
            application=application, to_stage=review, by=None, reason="Assessment submitted"
        )


# --- the result -----------------------------------------------------------------------------


def criterion_levels(response: TaskResponse) -> dict[str, dict]:
    """Per criterion: every current reviewer's level, the settlement if any, and the level
    the result uses (agreed > median of three or more > mean)."""
    reviews = [
        r for r in response.reviews.all() if r.submitted_at is not None and r.superseded_at is None
    ]
    settled = {s.criterion_key: s for s in response.settlements.all()}
    by_criterion: dict[str, dict] = {}
    for review in reviews:
        for score in review.scores.all():
            entry = by_criterion.setdefault(score.criterion_key, {"levels": []})
            entry["levels"].append(score.level)
    for key, entry in by_criterion.items():
        levels = entry["levels"]
        settlement = settled.get(key)
        entry["disagree"] = scoring.needs_calibration(levels)
        entry["settlement"] = settlement
        if settlement is not None and settlement.level is not None:
            entry["level"] = float(settlement.level)
        elif len(levels) >= 3:
            entry["level"] = float(statistics.median(levels))
        else:
            entry["level"] = statistics.fmean(levels)
        tiebreak_pending = settlement is not None and settlement.level is None and len(levels) < 3
        entry["unsettled"] = entry["disagree"] and (settlement is None or tiebreak_pending)
    return by_criterion


@transaction.atomic
def compute_result(attempt: Attempt, *, autos=None, responses=None) -> Result:
    """The attempt's numbers from what is in so far; idempotent (same inputs, same result).

    ``autos`` and ``responses`` may be passed when the caller has them (responses only when
    none of them is reviewed by people, since their reviews are read with them).
    """
    if responses is None or autos is None:
        attempt = (
            Attempt.objects.select_related("revision", "application__role")
            .defer("revision__snapshot")
            .get(pk=attempt.pk)
        )
    snapshot = revision_snapshot(attempt.revision)
    if responses is None:
        responses = {
            r.task_key: r
            for r in TaskResponse.objects.filter(attempt=attempt).prefetch_related(
                "reviews__scores", "settlements"
            )
        }
    if autos is None:
        autos = AutoScore.objects.filter(attempt=attempt)
    autos = {a.task_key: a for a in autos}
    tasks, flags, complete = {}, [], True
    for task in snapshot["tasks"]:
        entry = _task_result(task, responses.get(task["key"]), autos.get(task["key"]), flags)
        complete = complete and entry.pop("complete")
        tasks[task["key"]] = entry
    compliance = any(auto.compliance_flag for auto in autos.values())
    if compliance:
        flags.insert(0, "Compliance: a card number was written in an answer.")
    scored = {k: (t["score"], t["weight"]) for k, t in tasks.items() if t["score"] is not None}
    total = scoring.weighted_total(scored) if scored else 0.0
    recommendation = scoring.recommend(total, snapshot["pass_mark"], compliance_flag=compliance)
    if not complete:
        recommendation = ResultRecommendation.REVIEW
    was_complete = Result.objects.filter(attempt=attempt, complete=True).exists()
    result = Result(
        attempt=attempt,
        tasks=tasks,
        total=Decimal(str(total)),
        pass_mark=snapshot["pass_mark"],
        recommendation=recommendation,
        compliance_flag=compliance,
        flags=flags,
        scorer_versions={a.task_key: a.scorer_version for a in autos.values()},
        complete=complete,
        computed_at=timezone.now(),
    )
    Result.objects.bulk_create(
        [result],
        update_conflicts=True,
        unique_fields=["attempt"],
        update_fields=RESULT_FIELDS,
    )
    if complete and not was_complete:
        _tell_managers(attempt, result)
    return result


RESULT_FIELDS = [
    "tasks", "total", "pass_mark", "recommendation", "compliance_flag", "flags",
    "scorer_versions", "complete", "computed_at",
]  # fmt: skip


def _task_result(task: dict, response, auto, flags: list[str]) -> dict:
    entry = {"title": task["title"], "weight": task["weight"], "score": None, "complete": True}
    if response is None:
        return {**entry, "score": 0.0, "source": NOT_TAKEN}
    if task["kind"] == TaskKind.SITUATIONAL_QUIZ:
        return {**entry, "score": float(auto.score) if auto else 0.0, "source": "key"}
    expected = len([r for r in response.reviews.all() if r.superseded_at is None])
    levels = criterion_levels(response)
    submitted = {
        r.reviewer_id
        for r in response.reviews.all()
        if r.submitted_at is not None and r.superseded_at is None
    }
    criteria = task["rubric"]["criteria"]
    if expected == 0:
        flags.append(f"{task['title']}: no reviewer is assigned yet.")
    waiting = expected - len(submitted)
    if waiting > 0 or expected == 0:
        return {**entry, "source": "reviews", "complete": False, "waiting": waiting}
    for criterion in criteria:
        found = levels.get(criterion["key"])
        if found and found["unsettled"]:
            flags.append(f"{task['title']}: reviewers disagree on {criterion['name']}.")
    unsettled = any(found["unsettled"] for found in levels.values())
    score = scoring.task_score_from_levels(
        {c["key"]: levels[c["key"]]["level"] for c in criteria},
        {c["key"]: c["weight"] for c in criteria},
    )
    return {**entry, "score": score, "source": "reviews", "complete": not unsettled}


def _tell_managers(attempt: Attempt, result: Result) -> None:
    application = attempt.application
    managers = application.role.hiring_managers.exclude(email="")
    for manager in managers:
        queue_mail(
            to=manager.email,
            template=RESULT_READY_MAIL,
            context={
                "manager_name": manager.get_short_name() or manager.username,
                "role_title": application.role.title,
                "total": str(result.total),
                "recommendation": result.get_recommendation_display(),
                "application_url": absolute(
                    reverse("staff:applicants:application", kwargs={"pk": application.pk})
                ),
            },
            # No application key: this mail is to staff, and it holds nothing personal, so
            # neither the candidate's mail list nor an erasure should touch it.
        )
