"""Demo assessments for ``seed_demo``: every demo role takes a shipped assessment, and the demo
applications that have reached the Assessment stage have attempts in every state.

The answers come from the sample responses shipped with the content (strong to poor), so the
answers page, reviews and results have something real to show. Times follow each
application's own history: an invitation on the day it reached the Assessment stage, tasks a
day or two later.
"""

import random
from datetime import timedelta
from unittest import mock

from django.db import transaction
from django.db.models import Subquery
from django.test.utils import override_settings
from django.utils import timezone

from applicants.models import Application, ApplicationStatus, StageChange, StageKind
from roles.models import RoleFamily, RoleProfile, RoleStatus

from . import services, timing
from .content import TEMPLATES
from .models import Attempt, AttemptStatus, RoleAssessment, TaskKind, TaskResponse
from .services import reviews as reviews_service
from .services.reviews import is_calibrated

TECHNICAL = "technical-support-core"
GENERAL = "customer-service-core"
QUALITIES = ["strong", "good", "middling", "weak", "poor"]
# How often a candidate of each quality picks the best, an acceptable, or a poor option.
QUIZ_HABITS = {
    "strong": (0.8, 0.15),
    "good": (0.65, 0.25),
    "middling": (0.45, 0.3),
    "weak": (0.3, 0.3),
    "poor": (0.15, 0.3),
}


def seed_assessments(*, users: dict, stdout=None) -> None:
    """Install the shipped assessments, give every demo role one, and seed attempts once."""
    templates = {key: services.install_template(content=content)
                 for key, content in TEMPLATES.items()}  # fmt: skip
    roles = RoleProfile.objects.filter(status=RoleStatus.PUBLISHED)
    for role in roles:
        if not RoleAssessment.objects.filter(role=role).exists():
            key = TECHNICAL if role.family == RoleFamily.TECHNICAL_SUPPORT else GENERAL
            services.set_role_assessment(role=role, template=templates[key])
    from applicants.demo import demo_candidates

    if Attempt.objects.filter(application__candidate__in=demo_candidates()).exists():
        if stdout:
            stdout.write("Demo assessments: already there.")
        return
    rng = random.Random(2611)  # noqa: S311  # nosec B311 # demo data, not security
    panel = seed_panel(users)
    calibrate_panel(panel, templates)
    counts = {"waiting": 0, "taken": 0, "qualities": {}}
    # Demo mail is recorded as sent without printing every invitation to the console.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        for application in _assessed_applications():
            with transaction.atomic():
                _seed_attempt(application, counts, rng)
        reviewed = seed_reviews(users=users, rng=rng, qualities=counts["qualities"])
        decided = seed_decisions(users=users, rng=rng)
    seeded = counts["waiting"] + counts["taken"]
    if stdout:
        stdout.write(
            f"Demo assessments: {seeded} attempts in every state, {reviewed} reviews, "
            f"{decided} decisions."
        )


def _assessed_applications() -> list[Application]:
    """Applications that reached the Assessment stage, oldest first."""
    reached = StageChange.objects.filter(to_stage__kind=StageKind.ASSESSMENT).values(
        "application_id"
    )
    from applicants.demo import demo_candidates

    return list(
        Application.objects.filter(pk__in=reached, candidate__in=demo_candidates())
        .select_related("candidate", "stage", "role")
        .order_by("created_at", "pk")
    )


def _seed_attempt(application: Application, counts: dict, rng: random.Random) -> None:
    reached = (
        StageChange.objects.filter(application=application, to_stage__kind=StageKind.ASSESSMENT)
        .order_by("at")
        .first()
    )
    invited_at = reached.at if reached else application.created_at
    waiting = (
        application.stage.kind == StageKind.ASSESSMENT
        and application.status == ApplicationStatus.ACTIVE
    )
    if waiting:
        # Invited the way a recruiter would, so the candidate has a real invitation mail.
        attempt = services.invite(application=application, by=None)
        _waiting(attempt, counts["waiting"], rng)
        _entered_assessment_when_invited(attempt)
        counts["waiting"] += 1
        return
    # Already past the Assessment stage (or closed): they took it on the way.
    setting = RoleAssessment.objects.select_related("template").get(role=application.role)
    attempt = Attempt.objects.create(
        application=application,
        template=setting.template,
        revision=setting.template.current_revision,
        invited_at=invited_at,
        expires_at=invited_at + timedelta(days=setting.days_to_complete),
    )
    quality = QUALITIES[counts["taken"] % len(QUALITIES)]
    counts["qualities"][attempt.pk] = quality
    _take_all(attempt, quality, rng, start=invited_at + timedelta(hours=20 + rng.randint(0, 40)))
    counts["taken"] += 1


def _waiting(attempt: Attempt, n: int, rng: random.Random) -> None:
    """Someone still at the Assessment stage: invited, part way through, or lapsed."""
    now = timezone.now()
    state = n % 3
    if state == 0:  # invited today, nothing started
        Attempt.objects.filter(pk=attempt.pk).update(
            invited_at=now - timedelta(hours=3),
            expires_at=now + timedelta(days=7) - timedelta(hours=3),
        )
    elif state == 1:  # started yesterday, one task done, more to do
        Attempt.objects.filter(pk=attempt.pk).update(
            invited_at=now - timedelta(days=2), expires_at=now + timedelta(days=5)
        )
        attempt.refresh_from_db()
        _take(attempt, "situational_quiz", "good", rng, start=now - timedelta(days=1))
        Attempt.objects.filter(pk=attempt.pk).update(
            status=AttemptStatus.IN_PROGRESS, started_at=now - timedelta(days=1)
        )
    else:  # invited long ago and never started: the minute job closes it
        Attempt.objects.filter(pk=attempt.pk).update(
            invited_at=now - timedelta(days=9), expires_at=now - timedelta(days=2)
        )
        attempt.refresh_from_db()
        services.settle(attempt)


def _entered_assessment_when_invited(attempt: Attempt) -> None:
    """The waiting states set the invitation's time; the stage history follows it."""
    attempt.refresh_from_db(fields=["invited_at"])
    application = attempt.application
    StageChange.objects.filter(
        application=application, to_stage__kind=StageKind.ASSESSMENT, to_status="active"
    ).update(at=attempt.invited_at)
    Application.objects.filter(pk=application.pk).update(stage_entered_at=attempt.invited_at)
    Attempt.objects.filter(pk=attempt.pk, started_at__lt=attempt.invited_at).update(
        started_at=attempt.invited_at
    )


def _take_all(attempt: Attempt, quality: str, rng: random.Random, *, start) -> None:
    moment = start
    for task in attempt.revision.snapshot["tasks"]:
        _take(attempt, task["key"], quality, rng, start=moment)
        moment += timedelta(minutes=task["time_limit_minutes"] + rng.randint(2, 30))
    Attempt.objects.filter(pk=attempt.pk).update(
        status=AttemptStatus.SUBMITTED,
        started_at=start,
        submitted_at=moment,
        scoring_requested_at=moment,
    )
    # Scored here and now, not by the task after commit: the demo must be whole when it ends.
    services.score_attempt(attempt_id=attempt.pk)
    # ...and dated when it would have been: on submission, the reviews assigned then.
    from .models import AutoScore, Result, Review

    AutoScore.objects.filter(attempt=attempt).update(created_at=moment)
    Result.objects.filter(attempt=attempt).update(computed_at=moment)
    Review.objects.filter(response__attempt=attempt).update(assigned_at=moment)


def _take(attempt: Attempt, task_key: str, quality: str, rng: random.Random, *, start) -> None:
    task = attempt.revision.task(task_key)
    used = rng.uniform(0.55, 0.95) * task["time_limit_minutes"] * 60
    response = TaskResponse(
        attempt=attempt,
        task_key=task_key,
        kind=task["kind"],
        started_at=start,
        deadline=timing.deadline(start, task["time_limit_minutes"], attempt.time_factor),
        submitted_at=start + timedelta(seconds=used),
        autosaved_at=start + timedelta(seconds=used - 5),
    )
    if task["kind"] == TaskKind.SITUATIONAL_QUIZ:
        response.option_order = {
            q["key"]: timing.shuffled(
                [o["key"] for o in q["options"]], seed=f"demo:{attempt.pk}:{q['key']}"
            )
            for q in task["questions"]
        }
        response.answers = {"choices": _quiz_choices(task, quality, rng)}
    else:
        sample = _sample(attempt, task["kind"], quality)
        if task["kind"] == TaskKind.MOCK_CALL:
            response.answers = {
                "turns": sample["turns"],
                "choices": sample.get("branch_choices", {}),
            }
        else:
            response.answers = {part["key"]: sample.get(part["key"], "") for part in task["parts"]}
    response.save()


def _sample(attempt: Attempt, kind: str, quality: str) -> dict:
    content = TEMPLATES[attempt.template.key]
    return next(
        sample["response"]
        for sample in content["sample_responses"]
        if sample["task"] == kind and sample["quality"] == quality
    )


def _quiz_choices(task: dict, quality: str, rng: random.Random) -> dict[str, str]:
    best, acceptable = QUIZ_HABITS[quality]
    choices = {}
    for question in task["questions"]:
        by_credit = {credit: [o["key"] for o in question["options"] if o["credit"] == credit]
                     for credit in (0, 1, 2)}  # fmt: skip
        roll = rng.random()
        credit = 2 if roll < best else 1 if roll < best + acceptable else 0
        pool = by_credit[credit] or by_credit[2]
        choices[question["key"]] = rng.choice(pool)
    return choices


# --- reviews, results and decisions ---------------------------------------------------------

PANEL = [("tomas.reyes", "Tomás", "Reyes"), ("mei.chen", "Mei", "Chen")]
# The level a reviewer gives a sample of each quality, before a little disagreement.
QUALITY_LEVEL = {"strong": 5, "good": 4, "middling": 3, "weak": 2, "poor": 1}
OPEN_FOR_DEMO_REVIEWER = 3  # the newest answers assigned to the demo reviewer stay open


def seed_panel(users: dict) -> list:
    """Two more reviewers beside the demo one, so every answer gets its two reviews. They
    cannot sign in (no usable password): they exist to have scored."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from csa_portal.access import StaffGroup

    group = Group.objects.get(name=StaffGroup.REVIEWER)
    panel = [users[StaffGroup.REVIEWER]]
    for username, first, last in PANEL:
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last}
        )
        if created:
            user.set_unusable_password()
            user.save()
        user.groups.add(group)
        panel.append(user)
    return panel


def calibrate_panel(panel: list, templates: dict) -> None:
    """Everyone calibrated on the customer service rubrics; the demo reviewer not yet on the
    technical support ones, so the calibration step can be seen."""
    from .models import CalibrationRecord

    demo_reviewer = panel[0]
    for key, template in templates.items():
        revision = template.current_revision
        for task in revision.snapshot["tasks"]:
            if not task.get("calibration"):
                continue
            for user in panel:
                if key == TECHNICAL and user == demo_reviewer:
                    continue
                levels = {s["key"]: s["agreed_levels"] for s in task["calibration"]}
                CalibrationRecord.objects.get_or_create(
                    reviewer=user, template=template, task_key=task["key"],
                    defaults={"revision": revision, "levels": levels,
                              "agreement": 0.9 if user != demo_reviewer else 0.82,
                              "exact_share": 0.78},
                )  # fmt: skip


def seed_reviews(*, users: dict, rng: random.Random, qualities: dict[int, str]) -> int:
    """Submit the demo's reviews (a few stay open for the demo reviewer), with believable
    times and the odd disagreement; then the manager's decisions on the later stages."""
    from csa_portal.access import StaffGroup

    from .models import Result, Review

    demo_reviewer = users[StaffGroup.REVIEWER]
    open_reviews = list(
        Review.objects.filter(
            submitted_at__isnull=True,
            response__attempt__application__candidate__email__endswith="@demo.example.org",
        )
        .select_related("response__attempt__revision", "reviewer")
        .order_by("-response__attempt__submitted_at", "pk")
    )
    # The demo reviewer's newest few stay open, so their queue has work in it.
    theirs = [r.pk for r in open_reviews if r.reviewer_id == demo_reviewer.pk]
    kept_open = set(theirs[:OPEN_FOR_DEMO_REVIEWER])
    touched: set[int] = set()
    # Each submit_review recomputes its attempt's result; the demo computes each once, after
    # its last review (the same numbers: compute_result is a function of what is stored).
    with mock.patch.object(reviews_service, "compute_result", lambda a: touched.add(a.pk)):
        submitted = _submit_reviews(open_reviews, kept_open, qualities, rng)
    for attempt in Attempt.objects.filter(pk__in=touched).order_by("pk"):
        services.compute_result(attempt)
        last_review = (
            Review.objects.filter(response__attempt=attempt, submitted_at__isnull=False)
            .order_by("-submitted_at")
            .values("submitted_at")[:1]
        )
        Result.objects.filter(attempt=attempt).update(computed_at=Subquery(last_review))
    return submitted


def _submit_reviews(open_reviews, kept_open, qualities, rng) -> int:
    from .models import Review

    submitted = 0
    for review in reversed(open_reviews):
        attempt = review.response.attempt
        calibrated = is_calibrated(review.reviewer, attempt.template_id, review.response.task_key)
        if review.pk in kept_open or not calibrated:
            continue
        quality = qualities.get(attempt.pk, "middling")
        task = attempt.revision.task(review.response.task_key)
        base = QUALITY_LEVEL[quality]
        scores = {
            c["key"]: services.ScoreInput(
                max(1, min(5, base + rng.choice((-1, 0, 0, 0, 1)))),
                rng.choice(["", "", "Clear, and close to the anchor.", "Missed a detail."]),
            )
            for c in task["rubric"]["criteria"]
        }
        recommendation = {5: "strong_yes", 4: "yes", 3: "yes", 2: "no", 1: "strong_no"}[base]
        with transaction.atomic():
            services.submit_review(
                review=review, reviewer=review.reviewer, scores=scores,
                recommendation=recommendation, confirmed=True,
                justification=_justification(quality, task["kind"]),
            )  # fmt: skip
            moment = min(timezone.now(), attempt.submitted_at + timedelta(hours=rng.randint(6, 60)))
            Review.objects.filter(pk=review.pk).update(submitted_at=moment)
        submitted += 1
    return submitted


def _justification(quality: str, kind: str) -> str:
    what = "the hand-off and the reply" if kind == TaskKind.WRITTEN_ESCALATION else "the call"
    return {
        "strong": f"In {what} every anchor of the top levels is met, with the facts exact.",
        "good": f"{what.capitalize()} covers nearly everything; one detail left out.",
        "middling": f"{what.capitalize()} gets the basics right but misses key facts.",
        "weak": f"{what.capitalize()} leaves out most of what the anchors ask for.",
        "poor": f"{what.capitalize()} shows little of what the role needs.",
    }[quality]


def seed_decisions(*, users: dict, rng: random.Random) -> int:
    """The manager's decisions on applications that went past Review, dated after the scores."""
    from applicants.models import StageChange
    from csa_portal.access import StaffGroup

    from .models import Decision, Result

    manager = users[StaffGroup.HIRING_MANAGER]
    made = 0
    demo = Result.objects.filter(
        complete=True, attempt__application__candidate__email__endswith="@demo.example.org"
    )
    for result in demo.select_related("attempt__application"):
        application = result.attempt.application
        if application.stage.kind not in (StageKind.INTERVIEW, StageKind.OFFER, StageKind.HIRED):
            continue
        review_stage = application.role.stages.filter(kind=StageKind.REVIEW).first()
        if review_stage is None or Decision.objects.filter(application=application).exists():
            continue
        moved_on = (
            StageChange.objects.filter(application=application, from_stage=review_stage)
            .order_by("at")
            .first()
        )
        at = moved_on.at if moved_on else result.computed_at
        Decision.objects.create(
            application=application, stage=review_stage, attempt=result.attempt,
            outcome="advance", by=manager, at=at,
            reason=rng.choice([
                "Calm, accurate call and a complete hand-off. Interview.",
                "Strong on policy and ownership; worth meeting.",
                "Scores above the pass mark and the reviewers agree.",
            ]),
        )  # fmt: skip
        made += 1
    return made


def reset_assessments(*, role_slugs: list[str], stdout=None) -> None:
    """Delete the attempts, reviews and decisions on the demo roles and demo candidates
    (``seed_demo --reset``); installed templates, calibrations and the panel stay."""
    from django.urls import reverse

    from applicants.demo import demo_candidates
    from applicants.services import absolute
    from csa_portal.models import OutboundMessage

    from .models import Decision, Review, TurnRecording
    from .services.results import RESULT_READY_MAIL

    applications = Application.objects.filter(
        role__slug__in=role_slugs
    ) | Application.objects.filter(candidate__in=demo_candidates())
    attempts = Attempt.objects.filter(application__in=applications)
    # The managers' "result ready" mails name the application only in their link.
    urls = [
        absolute(reverse("staff:applicants:application", kwargs={"pk": pk}))
        for pk in applications.values_list("pk", flat=True)
    ]
    OutboundMessage.objects.filter(
        template=RESULT_READY_MAIL, context__application_url__in=urls
    ).delete()
    Decision.objects.filter(application__in=applications).delete()
    reviews = Review.objects.filter(response__attempt__in=attempts)
    reviews.exclude(amends=None).delete()  # amendments first: they protect what they amend
    for recording in TurnRecording.objects.filter(response__attempt__in=attempts):
        recording.audio.delete(save=False)
    deleted = attempts.delete()[1].get("assessments.Attempt", 0)
    if stdout:
        stdout.write(f"Demo assessments: {deleted} attempts removed.")
