"""Fill the bench database with assessment attempts: 100,000 by default, in a few seconds.

``generate_attempts`` installs the shipped assessments (``assessments.content.TEMPLATES``)
through the real code (``install_template``), gives every live role without one a
``RoleAssessment`` (technical support roles the technical template, every other role the
customer service one, as the demo does), then adds attempts to generated applications that
have reached the Assessment stage or gone past it, until ``total`` exist. The rows go in with
``bulk_create`` in batches, each batch in one transaction, so an interrupted run leaves whole
attempts and the next run tops up what is missing.

What an attempt looks like depends on where its application is:

- still at the Assessment stage: invited (30 %), under way (30 %: one or two tasks
  submitted and the next one started minutes ago) or submitted (40 %);
- closed at the Assessment stage: expired untouched (half, when the invitation is more than
  a week old) or submitted;
- further on (Review, Interview, Offer, Hired, or closed there): submitted.

A submitted attempt has its three tasks in the template's order, each started after the one
before and submitted within its time (5 % submitted by the server at the deadline), with the
answers of one of the shipped sample responses (strong to poor) for the call and the written
task, and quiz choices drawn to match that quality, in a shuffled option order with the time
each question was answered. One attempt in ten has an integrity event or three. Attempts
submitted more than a day ago are scored (``scored_at``); newer ones wait for scoring, as
they would in production. 3 % have extra time agreed (1.25 or 1.5 × the time).

Generated attempts are the ones ``invited_by`` the bench recruiter; the autosave load test
adds its own attempts (``bench/autosave_load.py``) and deletes them afterwards. Works on
PostgreSQL and SQLite (the tests use a small total there). Needs Django set up.
"""

import json
import random
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import JSONField, Q
from django.utils import timezone

from applicants.models import Application, ApplicationStatus, StageKind
from assessments.content import TEMPLATES
from assessments.demo import GENERAL, TECHNICAL
from assessments.models import (
    AssessmentTemplate,
    Attempt,
    AttemptStatus,
    IntegrityEvent,
    IntegrityEventKind,
    RoleAssessment,
    TaskKind,
    TaskResponse,
    TimeFactor,
)
from assessments.services import install_template
from bench.generate import GENERATED_RESUME_PREFIX, bench_recruiter
from roles.models import RoleFamily, RoleProfile
from roles.selectors import live_revisions

BATCH = 5000  # attempts per transaction, with their responses and events
QUIZ_VARIANTS = 64  # quiz answers per template and quality, drawn from for each attempt
# Stages an application has reached once it was invited to the assessment.
ASSESSED_STAGES = (
    StageKind.ASSESSMENT,
    StageKind.REVIEW,
    StageKind.INTERVIEW,
    StageKind.OFFER,
    StageKind.HIRED,
)
QUALITIES = ("strong", "good", "middling", "weak", "poor")
QUALITY_WEIGHTS = (15, 30, 30, 15, 10)
# How often a candidate of each quality picks the best and an acceptable quiz option.
QUIZ_HABITS = {
    "strong": (0.8, 0.15),
    "good": (0.65, 0.25),
    "middling": (0.45, 0.3),
    "weak": (0.3, 0.3),
    "poor": (0.15, 0.3),
}
# (time factor, note, weight): extra time agreed for a few candidates.
TIME_FACTORS = (
    (TimeFactor.STANDARD, "", 97),
    (TimeFactor.QUARTER_MORE, "Extra time agreed for dyslexia (evidence on file).", 1),
    (TimeFactor.HALF_MORE, "Extra time agreed for a visual impairment; uses a screen reader.", 2),
)
EXPIRED_REASON = "The invitation closed before any task was started."
SCORING_DELAY = timedelta(minutes=3)
# Applications this young are left out: an attempt taken since would end after "now".
MIN_APPLICATION_AGE = timedelta(days=2)


@dataclass
class Template:
    """What the generator needs of one installed template: its revision and answer pools."""

    template_id: int
    revision_id: int
    tasks: list[dict]  # the revision's tasks in order
    samples: dict  # (kind, quality): answers as the app stores them
    quizzes: dict  # quality: [(choices, option order, when answered, as a share of the time)]


def install_assessments(*, by=None) -> dict[str, AssessmentTemplate]:
    """The shipped templates, installed and published (an installed one is left as it is)."""
    return {key: install_template(content=content, by=by) for key, content in TEMPLATES.items()}


def assign_role_assessments(templates: dict[str, AssessmentTemplate]) -> int:
    """Give every live role without an assessment the one its family takes; returns how many."""
    live = live_revisions().values("role_id")
    roles = (
        RoleProfile.objects.filter(pk__in=live, assessment__isnull=True)
        .order_by("pk")
        .values_list("pk", "family")
    )
    rows = [
        RoleAssessment(
            role_id=role_id,
            template=templates[TECHNICAL if family == RoleFamily.TECHNICAL_SUPPORT else GENERAL],
        )
        for role_id, family in roles
    ]
    RoleAssessment.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def generated_attempts():
    return Attempt.objects.filter(invited_by=bench_recruiter())


def generate_attempts(total: int = 100_000, *, seed: int = 2026, log=print) -> dict:
    """Make sure ``total`` generated attempts exist; returns what was done."""
    started = time.monotonic()
    recruiter = bench_recruiter()
    templates = install_assessments(by=recruiter)
    assigned = assign_role_assessments(templates)
    if assigned:
        log(f"generate: {assigned:,} roles given an assessment")
    existing = generated_attempts().count()
    if existing >= total:
        log(f"generate: {existing:,} generated attempts already, none added")
        return {"before": existing, "created": 0, "seconds": round(time.monotonic() - started, 2)}

    rng = random.Random(seed + existing)
    now = timezone.now()
    by_template = {template.pk: _template(template) for template in templates.values()}
    applications = _eligible_applications(total - existing, now=now, rng=rng)
    if len(applications) < total - existing:
        log(
            f"generate: only {len(applications):,} applications can take an attempt "
            f"({total - existing:,} wanted)"
        )
    counts = {"attempts": 0, "responses": 0, "events": 0}
    statuses: dict[str, int] = {}
    for start in range(0, len(applications), BATCH):
        batch = applications[start : start + BATCH]
        made = _insert_batch(batch, by_template, recruiter, rng, now)
        for key in counts:
            counts[key] += made[key]
        for status, n in made["statuses"].items():
            statuses[status] = statuses.get(status, 0) + n
        log(
            f"generate: {counts['attempts']:,}/{len(applications):,} attempts inserted "
            f"({time.monotonic() - started:.1f} s)"
        )
    insert_seconds = time.monotonic() - started
    if connection.vendor == "postgresql":
        # VACUUM cannot run in a transaction (a test's); ANALYZE alone can.
        vacuum = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            cursor.execute(
                f"{vacuum} assessments_attempt, assessments_taskresponse, "
                "assessments_integrityevent, assessments_roleassessment"
            )
    seconds = time.monotonic() - started
    after = generated_attempts().count()
    log(
        f"generate: {counts['attempts']:,} attempts, {counts['responses']:,} responses, "
        f"{counts['events']:,} integrity events in {seconds:.1f} s (inserts "
        f"{insert_seconds:.1f} s); {after:,} generated attempts in all {statuses}"
    )
    return {
        "before": existing,
        "created": counts["attempts"],
        "after": after,
        "responses": counts["responses"],
        "events": counts["events"],
        "statuses": statuses,
        "roles_assigned": assigned,
        "insert_seconds": round(insert_seconds, 2),
        "seconds": round(seconds, 2),
    }


def _template(template: AssessmentTemplate) -> Template:
    revision = template.current_revision
    content = TEMPLATES[template.key]
    tasks = revision.snapshot["tasks"]
    samples = {}
    for sample in content["sample_responses"]:
        answers = sample["response"]
        if sample["task"] == TaskKind.MOCK_CALL:
            answers = {"turns": answers["turns"], "choices": answers.get("branch_choices", {})}
        else:
            written = next(task for task in tasks if task["kind"] == sample["task"])
            answers = {part["key"]: answers.get(part["key"], "") for part in written["parts"]}
        samples[(sample["task"], sample["quality"])] = answers
    quiz = next(task for task in tasks if task["kind"] == TaskKind.SITUATIONAL_QUIZ)
    rng = random.Random(template.pk)
    quizzes = {
        quality: [_quiz(quiz, quality, rng) for _ in range(QUIZ_VARIANTS)] for quality in QUALITIES
    }
    return Template(template.pk, revision.pk, tasks, samples, quizzes)


def _eligible_applications(count: int, *, now: datetime, rng: random.Random) -> list[dict]:
    """``count`` generated applications past the Assessment stage without an attempt, drawn
    evenly (repeatably) from all of them."""
    rows = list(
        Application.objects.filter(
            resume__startswith=GENERATED_RESUME_PREFIX,
            stage__kind__in=ASSESSED_STAGES,
            created_at__lt=now - MIN_APPLICATION_AGE,
            role__assessment__isnull=False,
        )
        .filter(~Q(pk__in=Attempt.objects.values("application_id")))
        .order_by("pk")
        .values(
            "pk",
            "created_at",
            "stage_entered_at",
            "status",
            "stage__kind",
            "role__assessment__template",
            "role__assessment__days_to_complete",
        )
    )
    chosen = rng.sample(rows, min(count, len(rows)))
    # Ids grow with the time of invitation, as they would in production.
    return sorted(chosen, key=lambda row: (row["created_at"], row["pk"]))


def _insert_batch(batch, by_template, recruiter, rng, now) -> dict:
    plans = [_plan(row, by_template[row["role__assessment__template"]], rng, now) for row in batch]
    plans.sort(key=lambda plan: plan[0].invited_at)
    for attempt, _ in plans:
        attempt.invited_by = recruiter
    attempts = [attempt for attempt, _ in plans]
    with transaction.atomic():
        _insert(Attempt, attempts)
        responses = []
        for attempt, (_, planned) in zip(attempts, plans, strict=True):
            for response in planned:
                response.attempt = attempt
                responses.append(response)
        _insert(TaskResponse, responses)
        events = [event for response in responses for event in _events(response, rng)]
        _insert(IntegrityEvent, events)
    statuses: dict[str, int] = {}
    for attempt in attempts:
        statuses[attempt.status] = statuses.get(attempt.status, 0) + 1
    return {
        "attempts": len(attempts),
        "responses": len(responses),
        "events": len(events),
        "statuses": statuses,
    }


def _insert(model, objects: list) -> None:
    """Insert ``objects``, setting their ids: with COPY on PostgreSQL (several times faster
    than ``bulk_create``, whose arrays psycopg escapes in Python), ``bulk_create`` elsewhere."""
    if not objects:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects, batch_size=1000)
        return
    fields = model._meta.concrete_fields
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    json_fields = {field.attname for field in fields if isinstance(field, JSONField)}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, len(objects)],
        )
        for instance, (pk,) in zip(objects, cursor.fetchall(), strict=True):
            instance.pk = pk
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for instance in objects:
                # pre_save fills auto_now fields and foreign keys' ids, as a save would.
                copy.write_row(
                    [
                        json.dumps(value) if field.attname in json_fields else value
                        for field in fields
                        for value in (field.pre_save(instance, True),)
                    ]
                )


def _plan(row: dict, template: Template, rng: random.Random, now: datetime) -> tuple:
    """One attempt (unsaved) and its responses, timed by where the application is."""
    factor, note = _time_factor(rng)
    quality = rng.choices(QUALITIES, QUALITY_WEIGHTS)[0]
    days = timedelta(days=row["role__assessment__days_to_complete"])
    at_assessment = row["stage__kind"] == StageKind.ASSESSMENT
    created, entered = row["created_at"], row["stage_entered_at"]
    # When the application reached the Assessment stage: now if it is there, or on its way on.
    reached = entered if at_assessment else created + (entered - created) * rng.uniform(0.3, 0.7)
    roll = rng.random()
    if at_assessment and row["status"] == ApplicationStatus.ACTIVE and roll < 0.6:
        status = AttemptStatus.INVITED if roll < 0.3 else AttemptStatus.IN_PROGRESS
    elif at_assessment and roll < 0.5 and reached < now - days - timedelta(days=1):
        status = AttemptStatus.EXPIRED
    else:
        status = AttemptStatus.SUBMITTED
    attempt = Attempt(
        application_id=row["pk"],
        template_id=template.template_id,
        revision_id=template.revision_id,
        status=status,
        time_factor=factor,
        accommodation_note=note,
    )
    responses = []
    if status == AttemptStatus.INVITED:
        attempt.invited_at = now - timedelta(seconds=rng.uniform(600, (days.days - 1) * 86400))
    elif status == AttemptStatus.IN_PROGRESS:
        attempt.started_at = now - timedelta(minutes=rng.uniform(180, 240))
        attempt.invited_at = attempt.started_at - timedelta(seconds=rng.uniform(600, 3 * 86400))
        done = rng.randint(1, len(template.tasks) - 1)
        responses = _taken(template, quality, rng, attempt.started_at, factor, done)
        current = template.tasks[done]
        limit = timedelta(minutes=current["time_limit_minutes"] * float(factor))
        begun = now - limit * rng.uniform(0.05, 0.9)
        responses.append(_response(template, current, quality, rng, begun, limit, now=now))
    elif status == AttemptStatus.EXPIRED:
        attempt.invited_at = max(reached, created)
        attempt.closed_reason = EXPIRED_REASON
    else:
        invited = max(min(reached, now - timedelta(days=1)), created)
        room = min(timedelta(days=2), max(now - timedelta(hours=12) - invited, timedelta(0)))
        attempt.invited_at = invited
        attempt.started_at = invited + room * rng.random()
        responses = _taken(template, quality, rng, attempt.started_at, factor, len(template.tasks))
        attempt.submitted_at = attempt.scoring_requested_at = max(
            response.submitted_at for response in responses
        )
        if attempt.submitted_at < now - timedelta(days=1):
            attempt.scored_at = attempt.submitted_at + SCORING_DELAY
    attempt.expires_at = attempt.invited_at + days
    return attempt, responses


def _time_factor(rng: random.Random) -> tuple[Decimal, str]:
    factor, note, _ = rng.choices(TIME_FACTORS, [weight for *_, weight in TIME_FACTORS])[0]
    return factor.value, note


def _taken(template, quality, rng, start, factor, count) -> list[TaskResponse]:
    """The first ``count`` tasks, each taken and submitted after the one before."""
    responses = []
    moment = start
    for task in template.tasks[:count]:
        limit = timedelta(minutes=task["time_limit_minutes"] * float(factor))
        auto = rng.random() < 0.05
        used = limit if auto else limit * rng.uniform(0.55, 0.95)
        response = _response(template, task, quality, rng, moment, limit, submitted=moment + used)
        response.auto_submitted = auto
        responses.append(response)
        moment = response.submitted_at + timedelta(minutes=rng.uniform(2, 30))
    return responses


def _response(template, task, quality, rng, start, limit, *, submitted=None, now=None):
    """One task's response: submitted at ``submitted``, or under way and saved just before
    ``now``; either way last saved a few seconds before."""
    saved = (submitted or now) - timedelta(seconds=rng.uniform(1, 9))
    response = TaskResponse(
        task_key=task["key"],
        kind=task["kind"],
        started_at=start,
        deadline=start + limit,
        submitted_at=submitted,
        autosaved_at=max(saved, start + timedelta(seconds=1)),
        save_tab=f"{rng.getrandbits(64):016x}",
        save_seq=rng.randint(5, 120),
    )
    if task["kind"] == TaskKind.SITUATIONAL_QUIZ:
        choices, order, shares = rng.choice(template.quizzes[quality])
        span = response.autosaved_at - start
        response.answers = {"choices": choices}
        response.option_order = order
        response.answered_at = {key: (start + span * share).isoformat() for key, share in shares}
    else:
        response.answers = template.samples[(task["kind"], quality)]
    return response


def _quiz(task: dict, quality: str, rng: random.Random) -> tuple[dict, dict, list]:
    """Choices matching the quality, a shuffled option order, and when each question was
    answered, as a share of the time from the start to the last save."""
    best, acceptable = QUIZ_HABITS[quality]
    choices, order, answered = {}, {}, []
    for n, question in enumerate(task["questions"], 1):
        keys = [option["key"] for option in question["options"]]
        rng.shuffle(keys)
        order[question["key"]] = keys
        roll = rng.random()
        credit = 2 if roll < best else 1 if roll < best + acceptable else 0
        pool = [o["key"] for o in question["options"] if o["credit"] == credit] or keys
        choices[question["key"]] = rng.choice(pool)
        answered.append((question["key"], n / len(task["questions"]) * rng.uniform(0.8, 1)))
    return choices, order, answered


def _events(response: TaskResponse, rng: random.Random) -> list[IntegrityEvent]:
    """Advisory signals for one response in ten: the page lost focus, text was pasted."""
    if response.kind == TaskKind.SITUATIONAL_QUIZ or rng.random() >= 0.1:
        return []
    end = response.submitted_at or response.autosaved_at
    span = max((end - response.started_at).total_seconds(), 1)
    return [
        IntegrityEvent(
            response=response,
            kind=kind,
            at=response.started_at + timedelta(seconds=span * rng.random()),
            detail="" if kind == IntegrityEventKind.FOCUS_LOST else f"{rng.randint(20, 400)} chars",
        )
        for kind in rng.choices(
            (IntegrityEventKind.FOCUS_LOST, IntegrityEventKind.PASTE), (3, 1), k=rng.randint(1, 3)
        )
    ]
