"""The candidate's pages: who reaches them, what they show, and every way a save can go wrong."""

import io
import json
import wave
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone

from assessments import services
from assessments.models import AttemptStatus, TaskResponse, TurnRecording
from assessments.timing import public_option_id
from tests.applicants.factories import CandidateFactory
from tests.assessments.factories import invited_attempt
from tests.test_access_matrix import signed_in_candidate_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def attempt():
    return invited_attempt()


@pytest.fixture
def client_of(attempt):
    return signed_in_candidate_client(attempt.application.candidate)


def url(attempt, *parts) -> str:
    return "/".join([f"/candidate/assessments/{attempt.pk}", *parts]) + "/"


def save(client, attempt, task_key, answers, *, seq=1, tab="tab-1", events=()):
    return client.post(
        url(attempt, task_key, "save"),
        data=json.dumps({"answers": answers, "seq": seq, "tab": tab, "events": list(events)}),
        content_type="application/json",
    )


def wav_bytes(seconds: float = 1.0, rate: int = 8000) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"\x00\x01" * int(rate * seconds))
    return buffer.getvalue()


def test_the_overview_lists_the_tasks_with_their_state(client_of, attempt):
    html = client_of.get(url(attempt)).content.decode()
    for title in ("Practice call", "Written escalation", "Situations"):
        assert title in html
    assert "Not started" in html
    assert "Ask for an adjustment" in html


def test_the_intro_says_how_long_with_the_adjusted_time_and_starts_nothing(client_of, attempt):
    attempt.time_factor = "1.50"
    attempt.save()
    html = client_of.get(url(attempt, "written_escalation")).content.decode()
    assert "Start: 22 minutes" in html  # 15 x 1.5, rounded for the button
    assert "What we look for" in html
    assert not TaskResponse.objects.exists()


def test_starting_shows_the_task_with_time_left_from_the_server(client_of, attempt):
    response = client_of.post(url(attempt, "written_escalation", "start"))
    assert response.status_code == 302
    html = client_of.get(url(attempt, "written_escalation")).content.decode()
    assert 'data-seconds-left="899"' in html or 'data-seconds-left="900"' in html
    assert "15 minutes left" in html
    assert "Ticket T-881" in html
    assert "Rebooted remotely; no change." in html


def test_the_quiz_page_never_carries_credits_or_option_keys(client_of, attempt):
    client_of.post(url(attempt, "situational_quiz", "start"))
    html = client_of.get(url(attempt, "situational_quiz")).content.decode()
    assert "Best answer 1" in html
    for secret in ('value="b"', "credit", "rationale", "poor"):
        assert secret not in html
    secret = services.option_secret(attempt)
    assert f'value="{public_option_id(secret, "q01", "b")}"' in html


def test_a_json_save_answers_with_time_left_and_stores_the_answer(client_of, attempt):
    client_of.post(url(attempt, "written_escalation", "start"))
    response = save(client_of, attempt, "written_escalation", {"parts": {"handoff": "Hello"}})
    assert response.status_code == 200
    body = response.json()
    assert body["stored"] is True
    assert 0 < body["seconds_left"] <= 900
    assert TaskResponse.objects.get().answers["handoff"] == "Hello"


def test_a_plain_form_save_and_submit_work_without_a_script(client_of, attempt):
    client_of.post(url(attempt, "written_escalation", "start"))
    response = client_of.post(
        url(attempt, "written_escalation", "save"),
        {"part-handoff": "From the form", "part-reply": "Thanks", "submit": "1"},
    )
    assert response.status_code == 302
    stored = TaskResponse.objects.get()
    assert stored.answers == {"handoff": "From the form", "reply": "Thanks"}
    assert stored.submitted_at is not None


def test_a_save_after_the_deadline_is_a_409_with_a_clear_message(client_of, attempt):
    client_of.post(url(attempt, "written_escalation", "start"))
    save(client_of, attempt, "written_escalation", {"parts": {"handoff": "In time"}})
    deadline = TaskResponse.objects.get().deadline
    with time_machine.travel(deadline + timedelta(seconds=5)):
        late = save(client_of, attempt, "written_escalation", {"parts": {"handoff": "Late"}}, seq=2)
    assert late.status_code == 409
    assert "Time is up" in late.json()["error"]
    assert TaskResponse.objects.get().answers["handoff"] == "In time"


def test_the_page_after_the_deadline_shows_the_task_submitted(client_of, attempt):
    client_of.post(url(attempt, "written_escalation", "start"))
    deadline = TaskResponse.objects.get().deadline
    with time_machine.travel(deadline + timedelta(minutes=1)):
        html = client_of.get(url(attempt, "written_escalation")).content.decode()
    assert "Time ran out" in html


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ("{not json", 400),
        (json.dumps({"answers": "x"}), 400),
        (json.dumps([1, 2]), 400),
        (json.dumps({"answers": {"parts": {"handoff": "x" * 20_000}}}), 400),
        (json.dumps({"answers": {"parts": {"nope": "x"}}}), 400),
        ("x" * 300_000, 400),
    ],
)
def test_wrong_empty_huge_and_hostile_saves_are_refused_with_a_message(
    client_of, attempt, body, status
):
    client_of.post(url(attempt, "written_escalation", "start"))
    save(client_of, attempt, "written_escalation", {"parts": {"handoff": "Kept"}})
    response = client_of.post(
        url(attempt, "written_escalation", "save"), data=body, content_type="application/json"
    )
    assert response.status_code == status
    assert response.json()["error"]
    assert TaskResponse.objects.get().answers["handoff"] == "Kept"


def test_forged_times_in_a_save_change_nothing(client_of, attempt):
    client_of.post(url(attempt, "written_escalation", "start"))
    before = TaskResponse.objects.get()
    response = client_of.post(
        url(attempt, "written_escalation", "save"),
        data=json.dumps({
            "answers": {"parts": {"handoff": "x"}}, "seq": 1, "tab": "t",
            "deadline": "2099-01-01T00:00:00Z", "saved_at": "2000-01-01T00:00:00Z",
            "events": [{"kind": "paste", "at": "2000-01-01T00:00:00Z"}],
        }),
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 200
    after = TaskResponse.objects.get()
    assert after.deadline == before.deadline
    assert after.autosaved_at > before.started_at


def test_a_save_for_a_task_not_started_is_a_404(client_of, attempt):
    response = save(client_of, attempt, "written_escalation", {"parts": {"handoff": "x"}})
    assert response.status_code == 404


def test_a_save_without_the_session_goes_to_sign_in(client, attempt):
    services.start_task(attempt=attempt, task_key="written_escalation")
    response = save(client, attempt, "written_escalation", {"parts": {"handoff": "x"}})
    assert response.status_code == 302
    assert response["Location"] == "/candidate/login/"
    assert TaskResponse.objects.get().answers == {}


def test_someone_elses_attempt_is_a_404_on_every_page(attempt):
    services.start_task(attempt=attempt, task_key="written_escalation")
    stranger = signed_in_candidate_client(CandidateFactory())
    for path in (url(attempt), url(attempt, "written_escalation"), url(attempt, "adjustments")):
        assert stranger.get(path).status_code == 404
    assert save(stranger, attempt, "written_escalation", {"parts": {}}).status_code == 404
    for action in ("start", "submit"):
        assert stranger.post(url(attempt, "written_escalation", action)).status_code == 404
    assert stranger.post(url(attempt, "submit")).status_code == 404


def test_an_unknown_task_is_a_404(client_of, attempt):
    assert client_of.get(url(attempt, "no-such-task")).status_code == 404
    assert client_of.post(url(attempt, "no-such-task", "start")).status_code == 404


def test_a_submitted_task_refuses_saves_with_a_409(client_of, attempt):
    client_of.post(url(attempt, "written_escalation", "start"))
    client_of.post(url(attempt, "written_escalation", "submit"))
    again = client_of.post(url(attempt, "written_escalation", "submit"))
    assert again.status_code == 302  # a double submit is harmless
    late = save(client_of, attempt, "written_escalation", {"parts": {"handoff": "x"}}, seq=5)
    assert late.status_code == 409


def test_a_closed_attempt_refuses_saves(client_of, attempt):
    client_of.post(url(attempt, "written_escalation", "start"))
    attempt.status = AttemptStatus.CANCELLED
    attempt.save()
    response = save(client_of, attempt, "written_escalation", {"parts": {"handoff": "x"}})
    assert response.status_code == 409


def test_only_the_call_page_may_use_the_microphone_and_only_here(client_of, attempt):
    for key in ("mock_call", "written_escalation"):
        client_of.post(url(attempt, key, "start"))
    call = client_of.get(url(attempt, "mock_call"))["Permissions-Policy"]
    written = client_of.get(url(attempt, "written_escalation"))["Permissions-Policy"]
    assert "microphone=(self)" in call
    assert "camera=()" in call
    assert "microphone=()" in written
    attempt.typed_call = True
    attempt.save()
    assert "microphone=()" in client_of.get(url(attempt, "mock_call"))["Permissions-Policy"]


def test_the_call_reveals_the_next_turn_only_once_the_current_one_is_answered(client_of, attempt):
    client_of.post(url(attempt, "mock_call", "start"))
    html = client_of.get(url(attempt, "mock_call")).content.decode()
    assert "I have been on hold for ages" in html
    assert "My name is Dana Reyes" not in html
    body = save(client_of, attempt, "mock_call", {"turns": {"t1": "Hello, I am Ana."}}).json()
    assert [turn["key"] for turn in body["turns"]] == ["t1", "t2"]
    assert "credit" not in json.dumps(body)


# --- recordings -----------------------------------------------------------------------------


def upload(client, attempt, data: bytes, content_type: str, turn="t1"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        url(attempt, "mock_call", "turns", turn, "audio"),
        {"audio": SimpleUploadedFile("answer.bin", data, content_type=content_type)},
    )


def test_a_spoken_answer_is_stored_privately_with_its_length(client_of, attempt, settings):
    client_of.post(url(attempt, "mock_call", "start"))
    response = upload(client_of, attempt, wav_bytes(2.0), "audio/wav")
    assert response.status_code == 200, response.content
    assert [turn["key"] for turn in response.json()["turns"]] == ["t1", "t2"]
    recording = TurnRecording.objects.get()
    assert recording.duration_ms == 2000
    assert recording.audio.name.startswith("recordings/")
    assert str(settings.MEDIA_ROOT) in recording.audio.path


def test_recording_a_turn_again_replaces_the_first_take(
    client_of, attempt, django_capture_on_commit_callbacks
):
    client_of.post(url(attempt, "mock_call", "start"))
    upload(client_of, attempt, wav_bytes(1.0), "audio/wav")
    first = Path(TurnRecording.objects.get().audio.path)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client_of, attempt, wav_bytes(3.0), "audio/wav")
    recording = TurnRecording.objects.get()
    assert recording.duration_ms == 3000
    assert Path(recording.audio.path).exists()
    assert not first.exists()


@pytest.mark.parametrize(
    ("data", "content_type", "message"),
    [
        (b"%PDF-1.7 not audio at all" * 10, "audio/webm", "not the sound recording it claims"),
        (wav_bytes(1.0), "application/pdf", "not a sound recording we can accept"),
        (wav_bytes(1.0), "audio/webm", "not the sound recording it claims"),
        (b"", "audio/wav", "empty"),
        (b"RIFF" + b"\x00" * 4 + b"WAVE" + b"\xff" * 80, "audio/wav", "damaged"),
    ],
)
def test_audio_that_is_not_audio_is_refused(client_of, attempt, data, content_type, message):
    client_of.post(url(attempt, "mock_call", "start"))
    response = upload(client_of, attempt, data, content_type)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not TurnRecording.objects.exists()


def test_audio_over_the_size_cap_is_refused(client_of, attempt, settings):
    settings.ASSESSMENT_AUDIO_MAX_BYTES = 10_000
    client_of.post(url(attempt, "mock_call", "start"))
    response = upload(client_of, attempt, wav_bytes(2.0), "audio/wav")
    assert response.status_code == 400
    assert "too large" in response.json()["error"]


def test_audio_for_a_turn_not_reached_is_refused(client_of, attempt):
    client_of.post(url(attempt, "mock_call", "start"))
    response = upload(client_of, attempt, wav_bytes(1.0), "audio/wav", turn="t7a")
    assert response.status_code == 400


def test_audio_for_the_written_task_is_a_404(client_of, attempt):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client_of.post(url(attempt, "written_escalation", "start"))
    response = client_of.post(
        url(attempt, "written_escalation", "turns", "t1", "audio"),
        {"audio": SimpleUploadedFile("a.wav", wav_bytes(1.0), content_type="audio/wav")},
    )
    assert response.status_code == 404


def test_an_upload_without_a_file_is_a_400(client_of, attempt):
    client_of.post(url(attempt, "mock_call", "start"))
    response = client_of.post(url(attempt, "mock_call", "turns", "t1", "audio"), {})
    assert response.status_code == 400


# --- adjustments and the portal -------------------------------------------------------------


def test_asking_for_an_adjustment(client_of, attempt):
    empty = client_of.post(url(attempt, "adjustments"), {"message": "   "})
    assert empty.status_code == 400
    assert b"Tell us what would help" in empty.content
    huge = client_of.post(url(attempt, "adjustments"), {"message": "x" * 1001})
    assert huge.status_code == 400
    ok = client_of.post(url(attempt, "adjustments"), {"message": "More time, please."})
    assert ok.status_code == 302
    assert attempt.accommodation_requests.get().message == "More time, please."


def test_the_portal_lists_assessments_with_their_state(client_of, attempt):
    html = client_of.get("/candidate/").content.decode()
    assert "Your assessments" in html
    assert f"/candidate/assessments/{attempt.pk}/" in html
    assert "Not started" in html


def test_the_candidates_download_carries_their_answers(client_of, attempt):
    response = services.start_task(attempt=attempt, task_key="written_escalation")
    services.save_answers(
        response=response, payload={"parts": {"handoff": "My words"}}, tab="a", seq=1
    )
    data = client_of.get("/candidate/my-data.json").json()
    assert data["assessments"][0]["tasks"][0]["answers"]["handoff"] == "My words"


def test_finishing_early_from_the_overview(client_of, attempt):
    client_of.post(url(attempt, "written_escalation", "start"))
    client_of.post(url(attempt, "written_escalation", "submit"))
    html = client_of.get(url(attempt)).content.decode()
    assert "Submit the assessment" in html
    client_of.post(url(attempt, "submit"))
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUBMITTED


def test_a_save_runs_a_handful_of_queries(client_of, attempt, django_assert_num_queries):
    client_of.post(url(attempt, "written_escalation", "start"))
    save(client_of, attempt, "written_escalation", {"parts": {"handoff": "x"}})
    with django_assert_num_queries(7):
        response = save(
            client_of, attempt, "written_escalation", {"parts": {"handoff": "y"}}, seq=2
        )
    assert response.status_code == 200


@pytest.mark.parametrize("task_key", ["written_escalation", "situational_quiz", "mock_call"])
def test_task_pages_run_a_fixed_number_of_queries(
    client_of, attempt, django_assert_num_queries, task_key
):
    client_of.post(url(attempt, task_key, "start"))
    with django_assert_num_queries(8 if task_key == "mock_call" else 7):
        assert client_of.get(url(attempt, task_key)).status_code == 200


def test_the_redeem_page_is_not_cached_and_expired_attempts_say_so(client, attempt):
    with time_machine.travel(timezone.now() + timedelta(days=10)):
        services.settle(attempt)
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.EXPIRED
    html = signed_in_candidate_client(attempt.application.candidate).get(url(attempt))
    assert b"closed" in html.content
