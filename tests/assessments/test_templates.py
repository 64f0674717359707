import pytest

from assessments import services
from assessments.models import (
    AssessmentTemplate,
    Attempt,
    CallBranch,
    Level,
    Option,
    TemplateRevision,
    TemplateStatus,
)
from assessments.selectors import template_for_editing
from assessments.snapshot import build_snapshot
from tests.assessments.factories import installed_template, invited_attempt, small_template_content

pytestmark = pytest.mark.django_db


def test_installing_content_creates_the_rows_and_publishes_revision_one():
    template = installed_template()
    assert template.status == TemplateStatus.PUBLISHED
    revision = template.current_revision
    assert revision.number == 1
    kinds = [task["kind"] for task in revision.snapshot["tasks"]]
    assert kinds == ["mock_call", "written_escalation", "situational_quiz"]
    call = revision.task("mock_call")["call"]
    assert len(call["turns"]) == 9
    assert [b["next"] for b in call["turns"][5]["branches"]] == ["t7a", "t7b"]
    quiz = revision.task("situational_quiz")
    assert [o["credit"] for o in quiz["questions"][0]["options"]] == [0, 2, 1, 0]
    rubric = revision.task("written_escalation")["rubric"]
    assert sorted(rubric["criteria"][0]["levels"]) == ["1", "2", "3", "4", "5"]
    assert revision.task("written_escalation")["calibration"][0]["agreed_levels"] == {
        "completeness": 5,
        "tone": 4,
    }


def test_installing_again_leaves_a_template_and_its_edits_alone():
    template = installed_template()
    AssessmentTemplate.objects.filter(pk=template.pk).update(name="Renamed by a recruiter")
    again = installed_template()
    assert again.pk == template.pk
    assert AssessmentTemplate.objects.get(pk=template.pk).name == "Renamed by a recruiter"
    assert TemplateRevision.objects.count() == 1


def test_publishing_without_a_change_says_so_and_takes_no_revision():
    template = installed_template()
    with pytest.raises(services.TemplateUnchanged):
        services.publish_template(template=template, by=None)
    assert template.revisions.count() == 1


def test_an_edit_published_later_never_changes_what_an_earlier_candidate_was_given():
    attempt = invited_attempt()
    template = attempt.template
    Option.objects.filter(question__task__template=template, key="b", question__key="q01").update(
        text="A reworded best answer"
    )
    revision = services.publish_template(template=template, by=None)
    assert revision.number == 2
    attempt = Attempt.objects.get(pk=attempt.pk)
    old_text = attempt.revision.task("situational_quiz")["questions"][0]["options"][1]["text"]
    assert old_text == "Best answer 1"
    assert revision.task("situational_quiz")["questions"][0]["options"][1]["text"] == (
        "A reworded best answer"
    )


def test_revisions_can_be_neither_changed_nor_deleted():
    revision = installed_template().current_revision
    with pytest.raises(ValueError, match="never changes"):
        revision.save()
    with pytest.raises(ValueError, match="never deleted"):
        revision.delete()


def broken(change) -> list[str]:
    template = installed_template()
    change(template)
    snapshot = build_snapshot(template_for_editing(template.pk))
    return services.publication_problems(snapshot)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (
            lambda t: Option.objects.filter(question__task__template=t, key="b").update(credit=1),
            "needs exactly one best option",
        ),
        (
            lambda t: Level.objects.filter(criterion__rubric__task__template=t, score=3).update(
                anchor=""
            ),
            "needs an anchor and feedback for each of its five levels",
        ),
        (
            lambda t: CallBranch.objects.filter(turn__task__template=t).update(next_key="t99"),
            "leads to t99, which is not a turn",
        ),
        (
            lambda t: (
                t.tasks.get(kind="mock_call").turns.filter(key__in=["t7a", "t7b", "t8"]).delete()
            ),
            "at least 8 customer turns",
        ),
    ],
)
def test_an_incomplete_template_cannot_be_published(change, problem):
    problems = broken(change)
    assert any(problem in text for text in problems), problems


def test_publish_refuses_an_incomplete_template_and_keeps_the_current_revision():
    template = installed_template()
    Option.objects.filter(question__task__template=template, credit=2).update(credit=0)
    with pytest.raises(services.TemplateNotPublishable) as refused:
        services.publish_template(template=template, by=None)
    assert len(refused.value.problems) == 3
    assert template.revisions.count() == 1


def test_a_role_can_only_use_a_published_template():
    from tests.roles.factories import published_role

    draft = AssessmentTemplate.objects.create(key="draft", name="Draft", summary="x")
    with pytest.raises(services.TemplateNotPublishable):
        services.set_role_assessment(role=published_role(), template=draft)


def test_the_content_factory_matches_the_shipped_shape():
    content = small_template_content()
    assert {task["kind"] for task in content["tasks"]} == {
        "mock_call",
        "written_escalation",
        "situational_quiz",
    }
