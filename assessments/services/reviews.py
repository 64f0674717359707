"""Reviewing: calibration first, then blind scoring against anchored levels, amendments, and
how a manager settles reviewers who disagree."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import scoring, statistics
from ..models import (
    AssessmentTemplate,
    CalibrationRecord,
    CriterionScore,
    Recommendation,
    Review,
    Settlement,
    TaskResponse,
)
from .results import compute_result, reviewer_pool

MAX_COMMENT = 1000
MAX_JUSTIFICATION = 2000


class ReviewRefused(Exception):
    """The review cannot be changed now (submitted, superseded, not yours)."""


class ReviewRejected(ValueError):
    """What was sent does not fit the rubric; the message says what."""


class CalibrationNeeded(Exception):
    """The reviewer has not scored this rubric's calibration set yet."""


class ContradictionWarning(Exception):
    """The overall recommendation contradicts the reviewer's own levels; confirm to submit."""


@dataclass(frozen=True)
class ScoreInput:
    level: int
    comment: str = ""


def rubric_of(review: Review) -> dict:
    task = review.response.attempt.revision.task(review.response.task_key)
    return task["rubric"]


def is_calibrated(reviewer, template_id: int, task_key: str) -> bool:
    return CalibrationRecord.objects.filter(
        reviewer=reviewer, template_id=template_id, task_key=task_key
    ).exists()


def clean_scores(rubric: dict, scores: dict) -> dict[str, ScoreInput]:
    """Exactly one level (1-5) per criterion of this rubric, comments within bounds."""
    keys = [criterion["key"] for criterion in rubric["criteria"]]
    unknown = set(scores) - set(keys)
    if unknown:
        raise ReviewRejected("A level was given for a criterion this rubric does not have.")
    missing = [c["name"] for c in rubric["criteria"] if c["key"] not in scores]
    if missing:
        raise ReviewRejected(f"Give a level for every criterion: {', '.join(missing)}.")
    cleaned = {}
    for key in keys:
        entry = scores[key]
        if not isinstance(entry.level, int) or not 1 <= entry.level <= 5:
            raise ReviewRejected("Each level is a whole number from 1 to 5.")
        comment = (entry.comment or "").strip()
        if len(comment) > MAX_COMMENT:
            raise ReviewRejected(f"Keep each comment under {MAX_COMMENT:,} characters.")
        cleaned[key] = ScoreInput(entry.level, comment)
    return cleaned


def _check_overall(recommendation: str, justification: str, levels, confirmed: bool) -> str:
    if recommendation not in Recommendation.values:
        raise ReviewRejected("Choose an overall recommendation: strong no, no, yes or strong yes.")
    justification = (justification or "").strip()
    if not justification:
        raise ReviewRejected("Say briefly why, citing what you saw or heard in the answer.")
    if len(justification) > MAX_JUSTIFICATION:
        raise ReviewRejected(f"Keep the justification under {MAX_JUSTIFICATION:,} characters.")
    if not confirmed and scoring.recommendation_contradicts_levels(recommendation, levels):
        raise ContradictionWarning(
            "Your overall recommendation does not match the levels you gave. Check both, or "
            "confirm that you mean it."
        )
    return justification


@transaction.atomic
def submit_review(
    *,
    review: Review,
    reviewer,
    scores: dict[str, ScoreInput],
    recommendation: str,
    justification: str,
    confirmed: bool = False,
) -> Review:
    """Submit an assigned review, once."""
    review = (
        Review.objects.select_for_update(of=("self",))
        .select_related("response__attempt__revision")
        .get(pk=review.pk)
    )
    if review.reviewer_id != reviewer.pk:
        raise ReviewRefused("This review is assigned to someone else.")
    if review.submitted_at is not None or review.superseded_at is not None:
        raise ReviewRefused(
            "This review is already submitted. To change it, amend it: the original stays on "
            "record."
        )
    attempt = review.response.attempt
    if not is_calibrated(reviewer, attempt.template_id, review.response.task_key):
        raise CalibrationNeeded("Score the calibration set for this rubric first.")
    cleaned = clean_scores(rubric_of(review), scores)
    levels = [entry.level for entry in cleaned.values()]
    review.justification = _check_overall(recommendation, justification, levels, confirmed)
    review.recommendation = recommendation
    review.submitted_at = timezone.now()
    review.save(update_fields=["justification", "recommendation", "submitted_at"])
    CriterionScore.objects.bulk_create(
        CriterionScore(review=review, criterion_key=key, level=e.level, comment=e.comment)
        for key, e in cleaned.items()
    )
    compute_result(attempt)
    return review


@transaction.atomic
def amend_review(
    *,
    review: Review,
    reviewer,
    scores: dict[str, ScoreInput],
    recommendation: str,
    justification: str,
    confirmed: bool = False,
) -> Review:
    """Replace a submitted review with a new one; the first stays on record, superseded."""
    review = (
        Review.objects.select_for_update(of=("self",))
        .select_related("response__attempt__revision")
        .get(pk=review.pk)
    )
    if review.reviewer_id != reviewer.pk:
        raise ReviewRefused("Only the reviewer who wrote a review can amend it.")
    if review.submitted_at is None or review.superseded_at is not None:
        raise ReviewRefused("Only the current, submitted review can be amended.")
    cleaned = clean_scores(rubric_of(review), scores)
    levels = [entry.level for entry in cleaned.values()]
    justification = _check_overall(recommendation, justification, levels, confirmed)
    now = timezone.now()
    review.superseded_at = now
    review.save(update_fields=["superseded_at"])
    amendment = Review.objects.create(
        response=review.response,
        reviewer=reviewer,
        assigned_at=review.assigned_at,
        is_tiebreak=review.is_tiebreak,
        recommendation=recommendation,
        justification=justification,
        submitted_at=now,
        amends=review,
    )
    CriterionScore.objects.bulk_create(
        CriterionScore(review=amendment, criterion_key=key, level=e.level, comment=e.comment)
        for key, e in cleaned.items()
    )
    compute_result(review.response.attempt)
    return amendment


# --- settling a disagreement ----------------------------------------------------------------


def _settling(response: TaskResponse, criterion_key: str, reason: str) -> str:
    task = response.attempt.revision.task(response.task_key)
    if criterion_key not in {c["key"] for c in task["rubric"]["criteria"]}:
        raise ReviewRejected("That criterion is not in this answer's rubric.")
    reason = (reason or "").strip()
    if not reason:
        raise ReviewRejected("Give the reason for the record.")
    return reason[:500]


@transaction.atomic
def settle_with_level(
    *, response: TaskResponse, criterion_key: str, level: int, reason: str, by
) -> Settlement:
    """The manager sets the level the reviewers should have agreed on, with why."""
    reason = _settling(response, criterion_key, reason)
    if not isinstance(level, int) or not 1 <= level <= 5:
        raise ReviewRejected("The agreed level is a whole number from 1 to 5.")
    settlement = Settlement.objects.create(
        response=response,
        criterion_key=criterion_key,
        method=Settlement.Method.AGREED_LEVEL,
        level=level,
        reason=reason,
        by=by,
    )
    compute_result(response.attempt)
    return settlement


@transaction.atomic
def request_third_review(*, response: TaskResponse, criterion_key: str, reason: str, by) -> Review:
    """Ask one more reviewer, not yet on this answer; the result uses the median of three."""
    reason = _settling(response, criterion_key, reason)
    already = Review.objects.filter(response=response).values_list("reviewer_id", flat=True)
    pool = reviewer_pool(response.attempt.application.role_id).exclude(pk__in=list(already))
    reviewer = pool.order_by("pk").first()
    if reviewer is None:
        raise ReviewRefused("There is no other reviewer to ask. Set an agreed level instead.")
    Settlement.objects.create(
        response=response,
        criterion_key=criterion_key,
        method=Settlement.Method.THIRD_REVIEW,
        reason=reason,
        by=by,
    )
    try:
        with transaction.atomic():
            review = Review.objects.create(response=response, reviewer=reviewer, is_tiebreak=True)
    except IntegrityError as clash:
        raise ReviewRefused("A third review is already on its way.") from clash
    compute_result(response.attempt)
    return review


# --- calibration ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CalibrationOutcome:
    record: CalibrationRecord
    differences: list[dict]  # sample, criterion, yours, agreed, why


@transaction.atomic
def record_calibration(
    *, reviewer, template: AssessmentTemplate, task_key: str, levels: dict[str, dict[str, int]]
) -> CalibrationOutcome:
    """Score the calibration set of one rubric: where the reviewer differs, and by how much.

    Agreement is the quadratic-weighted kappa of the reviewer's levels against the agreed
    ones over every criterion of every sample; the record is kept for managers to read.
    """
    revision = template.current_revision
    task = revision.task(task_key) if revision else None
    if task is None or not task.get("rubric") or not task.get("calibration"):
        raise ReviewRejected("This rubric has no calibration set.")
    names = {c["key"]: c["name"] for c in task["rubric"]["criteria"]}
    mine, agreed, differences = [], [], []
    for sample in task["calibration"]:
        given = levels.get(sample["key"]) or {}
        cleaned = clean_scores(
            task["rubric"], {k: ScoreInput(v) for k, v in given.items() if isinstance(v, int)}
        )
        for key, level in sample["agreed_levels"].items():
            yours = cleaned[key].level
            mine.append(yours)
            agreed.append(int(level))
            if yours != int(level):
                differences.append(
                    {
                        "sample": sample["label"],
                        "criterion": names.get(key, key),
                        "yours": yours,
                        "agreed": int(level),
                        "why": sample.get("rationale", {}).get(key, ""),
                    }
                )
    kappa = statistics.cohens_kappa(mine, agreed, weights="quadratic")
    record = CalibrationRecord.objects.create(
        reviewer=reviewer,
        template=template,
        task_key=task_key,
        revision=revision,
        levels=levels,
        agreement=None if kappa != kappa else round(kappa, 3),  # nan: nothing to compare
        exact_share=round(sum(a == b for a, b in zip(mine, agreed, strict=True)) / len(mine), 3),
    )
    return CalibrationOutcome(record, differences)
