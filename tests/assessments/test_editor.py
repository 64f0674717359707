"""Recruiters edit a template's tasks, call script, ticket, questions and rubric, then publish."""

import pytest

from assessments import services
from assessments.models import (
    AssessmentTemplate,
    CallTurn,
    Level,
    Option,
    ResponsePart,
    TemplateStatus,
)
from assessments.selectors import template_for_editing
from assessments.snapshot import build_snapshot
from tests.assessments.factories import installed_template

pytestmark = pytest.mark.django_db


def management(prefix: str, total: int, initial: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "40",
    }


def task_rows(template) -> dict:
    data = management("tasks", template.tasks.count(), template.tasks.count())
    for n, task in enumerate(template.tasks.all()):
        data |= {
            f"tasks-{n}-id": str(task.pk), f"tasks-{n}-template": str(template.pk),
            f"tasks-{n}-title": task.title, f"tasks-{n}-time_limit_minutes": "10",
            f"tasks-{n}-weight": "1", f"tasks-{n}-instructions": task.instructions,
            f"tasks-{n}-what_we_look_for": task.what_we_look_for,
            f"tasks-{n}-scenario": task.scenario, f"tasks-{n}-reviewer_notes": "",
            f"tasks-{n}-ORDER": str(n + 1),
        }  # fmt: skip
    return data


def template_post(template, **overrides) -> dict:
    data = {"name": template.name, "summary": template.summary, "pass_mark": "60",
            "reviewers_per_response": "2", **task_rows(template)}  # fmt: skip
    data.update(overrides)
    return data


def test_every_editor_page_opens(recruiter_client):
    template = installed_template()
    call = template.tasks.get(kind="mock_call")
    quiz = template.tasks.get(kind="situational_quiz")
    criterion = call.rubric.criteria.first()
    pages = [
        f"/staff/assessments/{template.pk}/edit/",
        f"/staff/assessments/{template.pk}/tasks/{call.pk}/",
        f"/staff/assessments/{template.pk}/tasks/{quiz.pk}/",
        f"/staff/assessments/{template.pk}/tasks/{template.tasks.get(kind='written_escalation').pk}/",
        f"/staff/assessments/{template.pk}/tasks/{call.pk}/rubric/",
        f"/staff/assessments/{template.pk}/questions/{quiz.questions.first().pk}/",
        f"/staff/assessments/{template.pk}/criteria/{criterion.pk}/",
    ]
    for url in pages:
        assert recruiter_client.get(url).status_code == 200, url


def test_editing_the_template_and_reordering_tasks_then_publishing(recruiter_client):
    template = installed_template()
    data = template_post(template, name="Renamed assessment", **{
        "tasks-0-ORDER": "3", "tasks-2-ORDER": "1", "tasks-1-time_limit_minutes": "12",
    })  # fmt: skip
    response = recruiter_client.post(f"/staff/assessments/{template.pk}/edit/", data)
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.name == "Renamed assessment"
    assert [t.kind for t in template.tasks.order_by("position")] == [
        "situational_quiz", "written_escalation", "mock_call",
    ]  # fmt: skip
    revision = services.publish_template(template=template, by=None)
    assert revision.number == 2
    assert revision.snapshot["tasks"][1]["time_limit_minutes"] == 12
    assert template.revisions.get(number=1).snapshot["tasks"][0]["kind"] == "mock_call"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "This field is required"),
        ({"pass_mark": "101"}, "less than or equal to 100"),
        ({"reviewers_per_response": "0"}, "greater than or equal to 1"),
        ({"tasks-0-time_limit_minutes": "0"}, "greater than or equal to 1"),
        ({"tasks-0-title": "x" * 151}, "at most 150 characters"),
    ],
)
def test_bad_template_edits_are_refused_and_nothing_changes(recruiter_client, overrides, message):
    template = installed_template()
    response = recruiter_client.post(
        f"/staff/assessments/{template.pk}/edit/", template_post(template, **overrides)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert AssessmentTemplate.objects.get(pk=template.pk).name == template.name


def test_adding_a_task_needs_a_kind_and_gets_its_own_key(recruiter_client):
    template = installed_template()
    data = template_post(template)
    count = template.tasks.count()
    data |= management("tasks", count + 1, count)
    data |= {f"tasks-{count}-title": "A second quiz", f"tasks-{count}-time_limit_minutes": "5",
             f"tasks-{count}-weight": "5", f"tasks-{count}-instructions": "x",
             f"tasks-{count}-scenario": "y", f"tasks-{count}-kind": "situational_quiz"}  # fmt: skip
    assert recruiter_client.post(f"/staff/assessments/{template.pk}/edit/", data).status_code == 302
    assert template.tasks.get(title="A second quiz").key == "situational_quiz-2"


def call_post(task, **overrides) -> dict:
    turns = list(task.turns.all())
    data = {"customer_name": task.customer_name,
            "facts": "\n".join(f"{f['label']}: {f['value']}" for f in task.facts),
            **management("turns", len(turns), len(turns)),
            **management("branches", CallTurn.objects.filter(task=task, branches__isnull=False)
                         .count(), 0)}  # fmt: skip
    for n, turn in enumerate(turns):
        data |= {f"turns-{n}-id": str(turn.pk), f"turns-{n}-task": str(task.pk),
                 f"turns-{n}-key": turn.key, f"turns-{n}-stage": turn.stage,
                 f"turns-{n}-text": turn.text, f"turns-{n}-next_key": turn.next_key,
                 f"turns-{n}-ORDER": str(n + 1)}  # fmt: skip
        if turn.contains_card_number:
            data[f"turns-{n}-contains_card_number"] = "on"
    branches = [b for t in turns for b in t.branches.all()]
    data |= management("branches", len(branches), len(branches))
    for n, branch in enumerate(branches):
        data |= {
            f"branches-{n}-id": str(branch.pk),
            f"branches-{n}-turn": str(branch.turn_id),
            f"branches-{n}-label": branch.label,
            f"branches-{n}-next_key": branch.next_key,
        }
    data.update(overrides)
    return data


def test_editing_the_call_script_and_its_facts(recruiter_client):
    template = installed_template()
    task = template.tasks.get(kind="mock_call")
    url = f"/staff/assessments/{template.pk}/tasks/{task.pk}/"
    data = call_post(task, **{"turns-0-text": "Hello? Anyone there?",
                              "facts": "Order number: A-1\nZIP code on file: 43215"})  # fmt: skip
    assert recruiter_client.post(url, data).status_code == 302
    task.refresh_from_db()
    assert task.turns.first().text == "Hello? Anyone there?"
    assert task.facts == [{"label": "Order number", "value": "A-1"},
                          {"label": "ZIP code on file", "value": "43215"}]  # fmt: skip
    bad = recruiter_client.post(url, call_post(task, facts="just words without a colon"))
    assert bad.status_code == 400
    assert "needs a label, a colon and a value" in bad.content.decode()
    broken = recruiter_client.post(url, call_post(task, **{"turns-0-stage": "singing"}))
    assert broken.status_code == 400
    assert task.turns.first().text == "Hello? Anyone there?"


def test_editing_a_question_and_its_options(recruiter_client):
    template = installed_template()
    question = template.tasks.get(kind="situational_quiz").questions.first()
    url = f"/staff/assessments/{template.pk}/questions/{question.pk}/"
    options = list(question.options.all())
    data = {"key": question.key, "competency": question.competency,
            "scenario": "A new situation.", "prompt": question.prompt,
            **management("options", len(options), len(options))}  # fmt: skip
    for n, option in enumerate(options):
        data |= {
            f"options-{n}-id": str(option.pk),
            f"options-{n}-question": str(question.pk),
            f"options-{n}-key": option.key,
            f"options-{n}-text": option.text,
            f"options-{n}-credit": str(option.credit),
            f"options-{n}-rationale": option.rationale,
            f"options-{n}-ORDER": str(n + 1),
        }
    bad = recruiter_client.post(url, {**data, "options-0-credit": "3"})
    assert bad.status_code == 400
    assert Option.objects.get(pk=options[0].pk).credit == options[0].credit
    assert recruiter_client.post(url, {**data, "options-0-credit": "2"}).status_code == 302
    problems = services.publication_problems(build_snapshot(template_for_editing(template.pk)))
    assert any("exactly one best option" in problem for problem in problems)


def test_editing_a_criterions_five_levels(recruiter_client):
    template = installed_template()
    criterion = template.tasks.get(kind="written_escalation").rubric.criteria.first()
    url = f"/staff/assessments/{template.pk}/criteria/{criterion.pk}/"
    data = {"name": criterion.name, "looks_for": criterion.looks_for, "weight": "3"}
    for score in range(1, 6):
        data |= {f"level-{score}-anchor": f"New anchor {score}",
                 f"level-{score}-feedback": f"New feedback {score}"}  # fmt: skip
    bad = recruiter_client.post(url, {**data, "level-3-anchor": ""})
    assert bad.status_code == 400
    assert recruiter_client.post(url, data).status_code == 302
    assert Level.objects.get(criterion=criterion, score=3).anchor == "New anchor 3"


def test_duplicating_makes_a_draft_with_everything(recruiter_client):
    template = installed_template()
    response = recruiter_client.post(f"/staff/assessments/{template.pk}/duplicate/")
    assert response.status_code == 302
    copy = AssessmentTemplate.objects.exclude(pk=template.pk).get()
    assert copy.status == TemplateStatus.DRAFT
    assert copy.key == "small-core-copy"
    assert CallTurn.objects.filter(task__template=copy).count() == 9
    assert ResponsePart.objects.filter(task__template=copy).count() == 2
    assert Level.objects.filter(criterion__rubric__task__template=copy).count() == 20
    services.publish_template(template=copy, by=None)


def test_a_task_of_another_template_is_a_404(recruiter_client):
    one, two = installed_template("one"), installed_template("two")
    task = two.tasks.first()
    assert recruiter_client.get(f"/staff/assessments/{one.pk}/tasks/{task.pk}/").status_code == 404
