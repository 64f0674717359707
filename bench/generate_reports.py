"""Fill the bench database with what the reports read: scores, reviews, results, answers.

Runs after ``generate_applications`` and ``generate_attempts``. In bulk SQL, in one
transaction, each step only for generated attempts that do not have it yet (a second run
adds nothing):

- the quiz's ``AutoScore`` of every scored attempt: the credit of each chosen option from
  the revision's key, per question (``details.per_question``) and as a 0-100 score;
- two ``Review``s of every call and written answer of a scored attempt, by two of twelve
  bench reviewers (one lenient, one severe, the others level), submitted hours after the
  scoring, with one ``CriterionScore`` per rubric criterion: a level drawn around the
  candidate's quiz score, so the rubric, the quiz and the reviewers roughly agree;
- the ``Result`` of every scored attempt, complete, from those levels and the quiz score
  with the task weights and pass mark of the revision (the formulas of ``scoring.py``);
- voluntary ``SelfIdentification`` answers for 70 % of generated applications, some
  answered "prefer not to say", in proportions like a US applicant pool.

Stage history is what ``generate_applications`` made (every application's first change;
the big role's full history), so time in stage is measured on that role's moves.

Needs Django set up on PostgreSQL (``bench/reports.py`` does it).
"""

import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction

from applicants.models import SelfIdentification
from assessments.models import AssessmentTemplate, TaskKind
from bench.generate import GENERATED_RESUME_PREFIX, bench_recruiter

REVIEWERS = 12
# Reviewer number -> how far their levels sit from the panel's (lenient +, severe -).
REVIEWER_BIAS = {0: 0.7, 1: -0.7}
SELF_ID_SHARE = 0.7


def bench_reviewers() -> list[int]:
    User = get_user_model()
    group, _ = Group.objects.get_or_create(name="reviewer")
    ids = []
    for n in range(REVIEWERS):
        user, created = User.objects.get_or_create(
            username=f"bench-reviewer-{n:02d}",
            defaults={"first_name": "Bench", "last_name": f"Reviewer {n:02d}"},
        )
        if created:
            user.set_unusable_password()
            user.save()
            user.groups.add(group)
        ids.append(user.pk)
    return ids


def _key_rows() -> tuple[list, list, list, list]:
    """From each shipped template's current revision: quiz credits, rubric criteria, task
    weights and titles, pass marks."""
    credits, criteria, tasks, marks = [], [], [], []
    for template in AssessmentTemplate.objects.select_related("current_revision"):
        snapshot = template.current_revision.snapshot if template.current_revision else None
        if not snapshot:
            continue
        marks.append((template.pk, snapshot["pass_mark"]))
        for task in snapshot["tasks"]:
            tasks.append((template.pk, task["key"], task["kind"], task["weight"], task["title"]))
            for question in task.get("questions", []):
                for option in question["options"]:
                    credits.append((template.pk, question["key"], option["key"], option["credit"]))
            for criterion in (task.get("rubric") or {}).get("criteria", []):
                criteria.append((template.pk, task["key"], criterion["key"], criterion["weight"]))
    return credits, criteria, tasks, marks


def generate_report_data(*, log=print) -> dict:
    started = time.monotonic()
    recruiter = bench_recruiter()
    reviewers = bench_reviewers()
    credits, criteria, tasks, marks = _key_rows()
    params = {
        "recruiter": recruiter.pk,
        "reviewers": reviewers,
        "reviewer_count": len(reviewers),
        "biases": [REVIEWER_BIAS.get(n, 0.0) for n in range(len(reviewers))],
        "quiz": TaskKind.SITUATIONAL_QUIZ.value,
        "prefix": GENERATED_RESUME_PREFIX,
        "self_id_share": SELF_ID_SHARE,
    }
    steps = {}
    with transaction.atomic(), connection.cursor() as cursor:
        # A repeatable draw in [0, 1) from a row id and a stream number.
        cursor.execute(
            "CREATE OR REPLACE FUNCTION pg_temp.ru(bigint, int) RETURNS float8 AS "
            "$$ SELECT (hashint8extended($1, $2) & 2147483647)::float8 / 2147483648 $$ "
            "LANGUAGE sql IMMUTABLE"
        )
        _load(
            cursor,
            "bench_credit",
            "template_id int, question text, option text, credit int",
            credits,
        )
        _load(
            cursor,
            "bench_criterion",
            "template_id int, task_key text, key text, weight int",
            criteria,
        )
        _load(
            cursor,
            "bench_task",
            "template_id int, key text, kind text, weight int, title text",
            tasks,
        )
        _load(cursor, "bench_mark", "template_id int, pass_mark int", marks)

        def step(name: str, sql: str) -> None:
            begun = time.monotonic()
            cursor.execute(sql, params)
            steps[name] = cursor.rowcount
            log(f"generate: {name} ({time.monotonic() - begun:.1f} s, {cursor.rowcount:,} rows)")

        step("quiz scores", _AUTOSCORES_SQL)
        step("reviews", _REVIEWS_SQL)
        step("criterion scores", _CRITERION_SCORES_SQL)
        step("results", _RESULTS_SQL)
        step("self-identification", _SELF_ID_SQL)
    with connection.cursor() as cursor:
        cursor.execute(
            "ANALYZE assessments_autoscore, assessments_review, assessments_criterionscore, "
            "assessments_result, applicants_selfidentification"
        )
    seconds = round(time.monotonic() - started, 1)
    log(f"generate: report data in {seconds} s")
    return {"steps": steps, "seconds": seconds}


def _load(cursor, table: str, columns: str, rows: list[tuple]) -> None:
    # Dropped first: inside a test's transaction ON COMMIT DROP never comes.
    cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{table}")
    cursor.execute(f"CREATE TEMP TABLE {table} ({columns}) ON COMMIT DROP")
    if rows:
        names = ", ".join(c.split()[0] for c in columns.split(", "))
        with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


# Credit per question from the revision's key; unanswered questions earn 0.
_AUTOSCORES_SQL = """
INSERT INTO assessments_autoscore
    (attempt_id, task_key, kind, scorer_version, score, compliance_flag, details, created_at)
SELECT a.id, r.task_key, r.kind, 'bench-1',
       round(100.0 * sum(coalesce(k.credit, 0)) / (2 * count(*)), 2), false,
       jsonb_build_object('per_question', jsonb_object_agg(q.key, coalesce(k.credit, 0)),
                          'earned', sum(coalesce(k.credit, 0)), 'possible', 2 * count(*)),
       a.scored_at
FROM assessments_attempt a
JOIN assessments_taskresponse r ON r.attempt_id = a.id AND r.kind = %(quiz)s
CROSS JOIN LATERAL (SELECT DISTINCT question AS key FROM bench_credit
                    WHERE template_id = a.template_id) q
LEFT JOIN bench_credit k ON k.template_id = a.template_id AND k.question = q.key
     AND k.option = r.answers -> 'choices' ->> q.key
WHERE a.invited_by_id = %(recruiter)s AND a.scored_at IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM assessments_autoscore s
                  WHERE s.attempt_id = a.id AND s.task_key = r.task_key)
GROUP BY a.id, r.task_key, r.kind
"""

# Two reviewers per answer people score, drawn from the twelve by the response id.
_REVIEWS_SQL = """
INSERT INTO assessments_review
    (response_id, reviewer_id, assigned_at, is_tiebreak, recommendation, justification,
     submitted_at, amends_id, superseded_at)
SELECT r.id,
       (%(reviewers)s::bigint[])[1 + (r.id + pick.n * (1 + r.id %% 11)) %% %(reviewer_count)s],
       a.scored_at, false,
       CASE WHEN s.score >= 70 THEN 'strong_yes' WHEN s.score >= 55 THEN 'yes'
            WHEN s.score >= 40 THEN 'no' ELSE 'strong_no' END,
       'Scored against the anchors.',
       a.scored_at + make_interval(hours => 2 + (r.id %% 40)::int + pick.n * 3), NULL, NULL
FROM assessments_attempt a
JOIN assessments_taskresponse r ON r.attempt_id = a.id AND r.kind <> %(quiz)s
JOIN assessments_autoscore s ON s.attempt_id = a.id AND s.kind = %(quiz)s
CROSS JOIN (VALUES (0), (1)) AS pick(n)
WHERE a.invited_by_id = %(recruiter)s AND a.scored_at IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM assessments_review v WHERE v.response_id = r.id)
"""

# A level around the candidate's ability (the quiz score), plus the reviewer's lean, plus
# noise; clamped to 1-5.
_CRITERION_SCORES_SQL = """
INSERT INTO assessments_criterionscore (review_id, criterion_key, level, comment)
SELECT v.id, c.key,
       greatest(1, least(5, round(1 + s.score / 25.0
           + (%(biases)s::float8[])[array_position(%(reviewers)s::bigint[], v.reviewer_id)]
           + (pg_temp.ru(v.id, hashtext(c.key)) - 0.5) * 1.6)))::int,
       ''
FROM assessments_review v
JOIN assessments_taskresponse r ON r.id = v.response_id
JOIN assessments_attempt a ON a.id = r.attempt_id
JOIN assessments_autoscore s ON s.attempt_id = a.id AND s.kind = %(quiz)s
JOIN bench_criterion c ON c.template_id = a.template_id AND c.task_key = r.task_key
WHERE a.invited_by_id = %(recruiter)s
  AND NOT EXISTS (SELECT 1 FROM assessments_criterionscore x WHERE x.review_id = v.id)
"""

# Task scores: the quiz's from its key; a reviewed task's from the weighted mean of the
# reviewers' mean level per criterion, 1 -> 0 and 5 -> 100. The total weighs the tasks.
_RESULTS_SQL = """
INSERT INTO assessments_result
    (attempt_id, tasks, total, pass_mark, recommendation, compliance_flag, flags,
     scorer_versions, complete, computed_at)
WITH levels AS (
    SELECT r.attempt_id, r.task_key, x.criterion_key, avg(x.level) AS level
    FROM assessments_criterionscore x
    JOIN assessments_review v ON v.id = x.review_id
    JOIN assessments_taskresponse r ON r.id = v.response_id
    JOIN assessments_attempt a ON a.id = r.attempt_id
    WHERE a.invited_by_id = %(recruiter)s AND a.scored_at IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM assessments_result e WHERE e.attempt_id = a.id)
    GROUP BY r.attempt_id, r.task_key, x.criterion_key
), reviewed AS (
    SELECT l.attempt_id, l.task_key,
           round((sum(c.weight * l.level) / sum(c.weight) - 1) * 25, 2) AS score
    FROM levels l
    JOIN assessments_attempt a ON a.id = l.attempt_id
    JOIN bench_criterion c ON c.template_id = a.template_id AND c.task_key = l.task_key
         AND c.key = l.criterion_key
    GROUP BY l.attempt_id, l.task_key
), scores AS (
    SELECT attempt_id, task_key, score, 'reviews' AS source FROM reviewed
    UNION ALL
    SELECT s.attempt_id, s.task_key, s.score::float8, 'key' FROM assessments_autoscore s
    JOIN assessments_attempt a ON a.id = s.attempt_id
    WHERE a.invited_by_id = %(recruiter)s AND s.kind = %(quiz)s
      AND NOT EXISTS (SELECT 1 FROM assessments_result e WHERE e.attempt_id = a.id)
), per_attempt AS (
    SELECT sc.attempt_id,
           jsonb_object_agg(t.key, jsonb_build_object('title', t.title, 'weight', t.weight,
                            'score', sc.score, 'source', sc.source)) AS tasks,
           round((sum(t.weight * sc.score) / sum(t.weight))::numeric, 2) AS total,
           count(*) AS n
    FROM scores sc
    JOIN assessments_attempt a ON a.id = sc.attempt_id
    JOIN bench_task t ON t.template_id = a.template_id AND t.key = sc.task_key
    GROUP BY sc.attempt_id
)
SELECT p.attempt_id, p.tasks, p.total, m.pass_mark,
       CASE WHEN p.total >= m.pass_mark + 10 THEN 'advance'
            WHEN p.total >= m.pass_mark THEN 'review' ELSE 'reject' END,
       false, '[]'::jsonb, '{}'::jsonb, true, a.scored_at + interval '2 days'
FROM per_attempt p
JOIN assessments_attempt a ON a.id = p.attempt_id
JOIN bench_mark m ON m.template_id = a.template_id
WHERE p.n = (SELECT count(*) FROM bench_task t WHERE t.template_id = a.template_id)
"""

# Answers drawn independently of how far the application went: the bench has no bias to
# find, so the four-fifths rule should flag little beyond chance in small groups.
_SELF_ID_SQL = """
INSERT INTO applicants_selfidentification
    (application_id, gender, ethnicity, veteran, disability, created_at)
SELECT a.id,
       CASE WHEN g < 0.47 THEN 'woman' WHEN g < 0.90 THEN 'man' WHEN g < 0.93 THEN 'non_binary'
            WHEN g < 0.94 THEN 'self_describe' WHEN g < 0.97 THEN 'decline' ELSE '' END,
       CASE WHEN e < 0.18 THEN 'hispanic' WHEN e < 0.55 THEN 'white' WHEN e < 0.72 THEN 'black'
            WHEN e < 0.80 THEN 'asian' WHEN e < 0.81 THEN 'native' WHEN e < 0.815 THEN 'pacific'
            WHEN e < 0.87 THEN 'multiple' ELSE 'decline' END,
       CASE WHEN v < 0.07 THEN 'yes' WHEN v < 0.92 THEN 'no' ELSE 'decline' END,
       CASE WHEN d < 0.09 THEN 'yes' WHEN d < 0.88 THEN 'no' ELSE 'decline' END,
       a.created_at
FROM applicants_application a
CROSS JOIN LATERAL (SELECT pg_temp.ru(a.id, 1) AS g, pg_temp.ru(a.id, 2) AS e,
                           pg_temp.ru(a.id, 3) AS v, pg_temp.ru(a.id, 4) AS d,
                           pg_temp.ru(a.id, 5) AS answered) u
WHERE a.resume LIKE %(prefix)s || '%%' AND u.answered < %(self_id_share)s
  AND NOT EXISTS (SELECT 1 FROM applicants_selfidentification s WHERE s.application_id = a.id)
"""


def self_identified() -> int:
    return SelfIdentification.objects.count()
