"""The staff side: inviting, adjustments only recruiters see, answers, recordings, the live
call, a role's assessment and publishing templates."""

import json

import pytest
from django.core.files.base import ContentFile

from assessments import services
from assessments.models import (
    AccommodationRequest,
    Attempt,
    AttemptStatus,
    Option,
    RoleAssessment,
    TaskResponse,
    TurnRecording,
)
from tests.applicants.factories import ApplicationFactory
from tests.assessments.factories import installed_template, invited_attempt, role_assessment_for

pytestmark = pytest.mark.django_db


def application_page(client, application) -> str:
    return client.get(f"/staff/applications/{application.pk}/").content.decode()


def test_a_recruiter_invites_from_the_application_page(recruiter_client, mailbox):
    application = ApplicationFactory()
    role_assessment_for(application.role)
    html = application_page(recruiter_client, application)
    assert "Invite to Small assessment" in html
    response = recruiter_client.post(f"/staff/applications/{application.pk}/invite/")
    assert response.status_code == 302
    attempt = Attempt.objects.get(application=application)
    assert attempt.invited_by.username == "rita.recruiter"
    assert "Invite to" not in application_page(recruiter_client, application)


def test_inviting_twice_is_a_409_with_the_reason(recruiter_client):
    attempt = invited_attempt()
    response = recruiter_client.post(f"/staff/applications/{attempt.application_id}/invite/")
    assert response.status_code == 409
    assert b"already has an open invitation" in response.content
    assert Attempt.objects.count() == 1


def test_a_role_without_an_assessment_points_the_recruiter_to_choose_one(recruiter_client):
    application = ApplicationFactory()
    html = application_page(recruiter_client, application)
    assert f"/staff/roles/{application.role_id}/assessment/" in html
    response = recruiter_client.post(f"/staff/applications/{application.pk}/invite/")
    assert response.status_code == 409


def test_adjustments_and_requests_are_shown_to_recruiters_only(
    recruiter_client, manager_client, hiring_manager
):
    attempt = invited_attempt()
    attempt.application.role.hiring_managers.add(hiring_manager)
    Attempt.objects.filter(pk=attempt.pk).update(
        time_factor="1.50", typed_call=True, accommodation_note="Dyslexia, agreed by phone"
    )
    AccommodationRequest.objects.create(attempt=attempt, message="Could I type my answers?")
    services.start_task(attempt=attempt, task_key="written_escalation")
    recruiter_html = application_page(recruiter_client, attempt.application)
    assert "1.5 × the time" in recruiter_html
    assert "Dyslexia, agreed by phone" in recruiter_html
    assert "Could I type my answers?" in recruiter_html
    for html in (
        application_page(manager_client, attempt.application),
        manager_client.get(f"/staff/attempts/{attempt.pk}/").content.decode(),
    ):
        assert "Dyslexia" not in html
        assert "× the time" not in html
        assert "Could I type" not in html
        assert "typed call" not in html


def test_setting_adjustments_refuses_a_made_up_factor(recruiter_client):
    attempt = invited_attempt()
    bad = recruiter_client.post(
        f"/staff/attempts/{attempt.pk}/adjustments/", {"time_factor": "5.00"}
    )
    assert bad.status_code == 400
    assert b"Choose one of the time options" in bad.content
    ok = recruiter_client.post(
        f"/staff/attempts/{attempt.pk}/adjustments/",
        {"time_factor": "2.00", "typed_call": "on", "note": "x"},
    )
    assert ok.status_code == 302
    attempt.refresh_from_db()
    assert str(attempt.time_factor) == "2.00"
    assert attempt.typed_call


def test_the_answers_page_shows_what_was_said_chosen_and_recorded(recruiter_client):
    attempt = invited_attempt()
    call = services.start_task(attempt=attempt, task_key="mock_call")
    services.save_answers(response=call, payload={"turns": {"t1": "Hello <b>there</b>"}},
                          tab="a", seq=1)  # fmt: skip
    quiz = services.start_task(attempt=attempt, task_key="situational_quiz")
    TaskResponse.objects.filter(pk=quiz.pk).update(answers={"choices": {"q01": "c"}})
    recording = TurnRecording(response=call, turn_key="t1", content_type="audio/wav", size=3,
                              duration_ms=2400)  # fmt: skip
    recording.audio.save("x.wav", ContentFile(b"abc"), save=True)
    html = recruiter_client.get(f"/staff/attempts/{attempt.pk}/").content.decode()
    assert "Hello &lt;b&gt;there&lt;/b&gt;" in html
    assert "Chose: Fair answer 1 (credit 1 of 2)" in html
    assert "Best: Best answer 1" in html
    assert f"/staff/attempts/{attempt.pk}/recordings/{recording.pk}/" in html
    assert "2 s" in html


def test_a_recording_streams_privately_inline(recruiter_client):
    attempt = invited_attempt()
    call = services.start_task(attempt=attempt, task_key="mock_call")
    recording = TurnRecording(response=call, turn_key="t1", content_type="audio/webm", size=3)
    recording.audio.save("x.webm", ContentFile(b"abc"), save=True)
    response = recruiter_client.get(f"/staff/attempts/{attempt.pk}/recordings/{recording.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/webm"
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"abc"


def test_a_recording_of_another_attempt_is_a_404(recruiter_client):
    mine, other = invited_attempt(), invited_attempt()
    call = services.start_task(attempt=other, task_key="mock_call")
    recording = TurnRecording(response=call, turn_key="t1", content_type="audio/webm", size=3)
    recording.audio.save("x.webm", ContentFile(b"abc"), save=True)
    url = f"/staff/attempts/{mine.pk}/recordings/{recording.pk}/"
    assert recruiter_client.get(url).status_code == 404


def test_a_missing_recording_file_is_a_404_not_a_500(recruiter_client):
    attempt = invited_attempt()
    call = services.start_task(attempt=attempt, task_key="mock_call")
    recording = TurnRecording(response=call, turn_key="t1", content_type="audio/webm", size=3)
    recording.audio.save("x.webm", ContentFile(b"abc"), save=True)
    recording.audio.storage.delete(recording.audio.name)
    url = f"/staff/attempts/{attempt.pk}/recordings/{recording.pk}/"
    assert recruiter_client.get(url).status_code == 404


def test_an_interviewer_runs_the_call_live_on_the_same_clock(recruiter_client, recruiter):
    attempt = invited_attempt()
    page = recruiter_client.get(f"/staff/attempts/{attempt.pk}/live-call/")
    assert b"Start the clock" in page.content
    recruiter_client.post(f"/staff/attempts/{attempt.pk}/live-call/")
    response = TaskResponse.objects.get(attempt=attempt, task_key="mock_call")
    assert response.conducted_by == recruiter
    assert (response.deadline - response.started_at).total_seconds() == 600
    html = recruiter_client.get(f"/staff/attempts/{attempt.pk}/live-call/").content.decode()
    assert "Is that everything, then?" in html  # the interviewer sees the whole script
    saved = recruiter_client.post(
        f"/staff/attempts/{attempt.pk}/live-call/save/",
        data=json.dumps({"answers": {"turns": {"t1": "Said hello"}}, "seq": 1, "tab": "i"}),
        content_type="application/json",
    )
    assert saved.status_code == 200
    bad = recruiter_client.post(
        f"/staff/attempts/{attempt.pk}/live-call/save/", data="nope", content_type="text/plain"
    )
    assert bad.status_code == 400
    recruiter_client.post(f"/staff/attempts/{attempt.pk}/live-call/submit/")
    response.refresh_from_db()
    assert response.submitted_at is not None
    assert response.answers["turns"] == {"t1": "Said hello"}


def test_choosing_a_roles_assessment(recruiter_client):
    application = ApplicationFactory()
    template = installed_template()
    url = f"/staff/roles/{application.role_id}/assessment/"
    bad = recruiter_client.post(url, {"template": "999999", "days_to_complete": "90"})
    assert bad.status_code == 400
    assert b"Choose one of the published assessments" in bad.content
    assert not RoleAssessment.objects.exists()
    ok = recruiter_client.post(
        url,
        {"template": template.pk, "days_to_complete": "5", "invite_automatically": "on",
         "blind_review": "on"},
    )  # fmt: skip
    assert ok.status_code == 302
    setting = RoleAssessment.objects.get()
    assert (setting.days_to_complete, setting.blind_review, setting.share_feedback) == (
        5, True, False
    )  # fmt: skip


def test_publishing_a_template_from_its_page(recruiter_client):
    template = installed_template()
    page = recruiter_client.get(f"/staff/assessments/{template.pk}/").content.decode()
    assert "Publish changes" in page
    unchanged = recruiter_client.post(f"/staff/assessments/{template.pk}/publish/", follow=True)
    assert b"Nothing has changed" in unchanged.content
    Option.objects.filter(question__task__template=template, key="a").update(text="Edited")
    done = recruiter_client.post(f"/staff/assessments/{template.pk}/publish/", follow=True)
    assert b"Published revision 2" in done.content
    Option.objects.filter(question__task__template=template, credit=2).update(credit=0)
    refused = recruiter_client.post(f"/staff/assessments/{template.pk}/publish/", follow=True)
    assert b"needs exactly one best option" in refused.content
    assert template.revisions.count() == 2


@pytest.mark.parametrize("earlier_attempts", [0, 3])
def test_the_application_page_runs_the_same_queries_however_many_attempts(
    recruiter_client, django_assert_num_queries, earlier_attempts
):
    application = ApplicationFactory()
    for _ in range(earlier_attempts):
        attempt = invited_attempt(application)
        services.start_task(attempt=attempt, task_key="written_escalation")
        attempt.status = AttemptStatus.CANCELLED
        attempt.save()
    latest = invited_attempt(application)
    for key in ("mock_call", "written_escalation", "situational_quiz"):
        services.start_task(attempt=latest, task_key=key)
    with django_assert_num_queries(15):
        assert recruiter_client.get(f"/staff/applications/{application.pk}/").status_code == 200
