"""The bench's report data: scores, reviews and results the app itself would have written."""

import pytest

from applicants.models import ApplicationStatus, SelfIdentification, StageKind
from assessments import scoring
from assessments.models import Attempt, AutoScore, CriterionScore, Result, Review, TaskKind
from assessments.services.results import auto_score
from bench.generate_assessments import generate_attempts
from bench.generate_reports import REVIEWERS, generate_report_data
from tests import services
from tests.bench.test_generate_assessments import generated_application, quiet
from tests.roles.factories import published_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored():
    services.require_postgresql()  # the generator is PostgreSQL SQL, as the bench is
    roles = [published_role(), published_role(family="technical_support")]
    for n in range(30):
        kind = StageKind.INTERVIEW if n % 3 else StageKind.REVIEW
        generated_application(roles[n % 2], kind, ApplicationStatus.ACTIVE, days_old=5 + n)
    generate_attempts(total=30, log=quiet)
    generate_report_data(log=quiet)
    return Attempt.objects.filter(scored_at__isnull=False).select_related("revision")


def test_quiz_credits_are_the_keys_credits(scored):
    assert scored.exists()
    for attempt in scored:
        task = next(
            t for t in attempt.revision.snapshot["tasks"] if t["kind"] == "situational_quiz"
        )
        response = attempt.responses.get(kind=TaskKind.SITUATIONAL_QUIZ)
        expected = auto_score(attempt, task, response, None)
        stored = AutoScore.objects.get(attempt=attempt, kind=TaskKind.SITUATIONAL_QUIZ)
        assert stored.details["per_question"] == expected.details["per_question"]
        assert float(stored.score) == pytest.approx(float(expected.score), abs=0.06)


def test_every_answer_people_score_has_two_reviews_with_every_criterion(scored):
    for attempt in scored:
        for response in attempt.responses.exclude(kind=TaskKind.SITUATIONAL_QUIZ):
            reviews = list(Review.objects.filter(response=response, submitted_at__isnull=False))
            assert len({r.reviewer_id for r in reviews}) == 2
            rubric = attempt.revision.task(response.task_key)["rubric"]["criteria"]
            for review in reviews:
                levels = dict(review.scores.values_list("criterion_key", "level"))
                assert set(levels) == {c["key"] for c in rubric}
                assert all(1 <= level <= 5 for level in levels.values())


def test_results_follow_the_scoring_formulas(scored):
    assert Result.objects.filter(complete=True).count() == scored.count()
    for result in Result.objects.select_related("attempt__revision"):
        tasks = result.tasks
        total = scoring.weighted_total({k: (t["score"], t["weight"]) for k, t in tasks.items()})
        assert float(result.total) == pytest.approx(total, abs=0.01)
        assert result.pass_mark == result.attempt.revision.snapshot["pass_mark"]


def test_a_second_run_adds_nothing_and_answers_are_voluntary(scored):
    counts = [m.objects.count() for m in (AutoScore, Review, CriterionScore, Result)]
    answered = SelfIdentification.objects.count()
    generate_report_data(log=quiet)
    assert [m.objects.count() for m in (AutoScore, Review, CriterionScore, Result)] == counts
    assert SelfIdentification.objects.count() == answered
    assert 0 < answered < 30
    assert Review.objects.values("reviewer").distinct().count() <= REVIEWERS
