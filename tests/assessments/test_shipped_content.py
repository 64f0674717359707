"""The assessments shipped with the portal install, publish and can be taken end to end."""

import pytest
from django.core.management import call_command

from assessments.content import TEMPLATES
from assessments.models import AssessmentTemplate, TemplateStatus
from assessments.services import publication_problems

pytestmark = pytest.mark.django_db


def test_every_shipped_assessment_installs_and_publishes_without_problems(capsys):
    call_command("install_assessments")
    call_command("install_assessments")  # a second run changes nothing
    templates = AssessmentTemplate.objects.order_by("key")
    assert [t.key for t in templates] == sorted(TEMPLATES)
    for template in templates:
        assert template.status == TemplateStatus.PUBLISHED
        assert template.revisions.count() == 1
        snapshot = template.current_revision.snapshot
        assert publication_problems(snapshot) == []
        assert len(snapshot["tasks"]) == 3
        quiz = next(t for t in snapshot["tasks"] if t["kind"] == "situational_quiz")
        assert len(quiz["questions"]) == 20
        call = next(t for t in snapshot["tasks"] if t["kind"] == "mock_call")
        assert len(call["call"]["turns"]) >= 8
        assert any(turn["branches"] for turn in call["call"]["turns"])
    assert "revision 1" in capsys.readouterr().out
