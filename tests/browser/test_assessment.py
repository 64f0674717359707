"""A candidate takes each task in the browser: from the invitation mail to submitted answers.

The written task goes offline part way and the tab is closed; the answer typed offline
reaches the server when a new tab opens. The call is taken typed and, in a browser with a
fake microphone fed a real spoken answer (espeak-ng), by voice. axe checks every page on a
desktop and a phone-sized screen.
"""

import re
import shutil
import subprocess

import pytest
from django.conf import settings
from playwright.sync_api import expect

from assessments.models import Attempt, TaskResponse, TurnRecording
from tests import services as needs
from tests.applicants.mail import invitation_link
from tests.assessments.factories import invited_attempt
from tests.browser.conftest import CHROMIUM_ARGS, A11yChecker

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def attempt(mailbox, transactional_db):
    return invited_attempt()


def open_invitation(page, live_server, attempt):
    link = invitation_link(attempt.application.candidate.email)
    page.goto(link.replace(settings.SITE_URL, live_server.url, 1))
    page.get_by_role("button", name="Continue to your assessment").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your assessment for")


def check_on_a_phone(page, a11y):
    """axe on the page as it is, then again on a phone-sized screen."""
    a11y()
    size = page.viewport_size
    page.set_viewport_size(PHONE)
    a11y()
    page.set_viewport_size(size)


def start(page, title: str):
    page.get_by_role("link", name=re.compile(rf"(Read about it|Continue)\W+{title}")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    page.get_by_role("button", name=re.compile("^Start")).click()


def saved(page):
    expect(page.locator("#save-status")).to_contain_text("Saved at", timeout=15_000)


def test_written_task_survives_going_offline_and_a_closed_tab(
    page, a11y, live_server, attempt, browser_context
):
    open_invitation(page, live_server, attempt)
    check_on_a_phone(page, a11y)
    page.get_by_role("link", name=re.compile(r"Read about it\W+Written escalation")).click()
    expect(page.get_by_text("What we look for")).to_be_visible()
    check_on_a_phone(page, a11y)
    page.get_by_role("button", name=re.compile("^Start")).click()
    expect(page.get_by_text("Rebooted remotely; no change.")).to_be_visible()
    expect(page.locator("#task-clock-text")).to_have_text("15 minutes left")
    check_on_a_phone(page, a11y)

    page.get_by_label("Hand-off note").fill("Customer Sam Okoro, drops every evening since Monday.")
    saved(page)
    expect(page.get_by_text("8 words")).to_be_visible()
    response = TaskResponse.objects.get(attempt=attempt, task_key="written_escalation")
    assert response.answers["handoff"].startswith("Customer Sam Okoro")

    page.expected_errors.append("ERR_INTERNET_DISCONNECTED")
    browser_context.set_offline(True)
    page.get_by_label("Reply to the customer").fill("Typed while the connection was down.")
    expect(page.locator("#save-status")).to_contain_text("Offline", timeout=15_000)
    response.refresh_from_db()
    assert response.answers["reply"] == ""
    page.close()  # the tab is closed while offline: the answer waits in the browser

    browser_context.set_offline(False)
    again = browser_context.new_page()
    again.goto(f"/candidate/assessments/{attempt.pk}/written_escalation/")
    expect(again.get_by_label("Reply to the customer")).to_have_value(
        "Typed while the connection was down."
    )
    expect(again.locator("#save-status")).to_contain_text("Saved at", timeout=15_000)
    response.refresh_from_db()
    assert response.answers["reply"] == "Typed while the connection was down."
    assert response.answers["handoff"].startswith("Customer Sam Okoro")

    again.on("dialog", lambda dialog: dialog.accept())
    again.get_by_role("button", name="Submit this task").click()
    expect(again.get_by_text("Submitted. Thank you.")).to_be_visible()
    response.refresh_from_db()
    assert response.submitted_at is not None
    assert not response.auto_submitted


def test_quiz_answers_save_and_come_back_after_a_reload(page, a11y, live_server, attempt):
    open_invitation(page, live_server, attempt)
    start(page, "Situations")
    expect(page.get_by_text("Situation 1 of 3.")).to_be_visible()
    check_on_a_phone(page, a11y)
    page.get_by_label("Best answer 1").check()
    page.get_by_label("Fair answer 2").check()
    saved(page)
    page.reload()
    expect(page.get_by_label("Best answer 1")).to_be_checked()
    expect(page.get_by_label("Fair answer 2")).to_be_checked()
    assert "credit" not in page.content()
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Submit this task").click()
    expect(page.get_by_text("Submitted. Thank you.")).to_be_visible()
    response = TaskResponse.objects.get(attempt=attempt, task_key="situational_quiz")
    assert response.answers["choices"] == {"q01": "b", "q02": "c"}
    assert response.submitted_at is not None


def answer_turn(page, key: str, text: str):
    page.locator(f"#turn-{key}").fill(text)
    page.get_by_role("button", name="Send your answer").click()


def test_typed_call_reveals_the_customer_turn_by_turn(page, a11y, live_server, attempt):
    Attempt.objects.filter(pk=attempt.pk).update(typed_call=True)
    open_invitation(page, live_server, attempt)
    start(page, "Practice call")
    expect(page.get_by_text("I have been on hold for ages.")).to_be_visible()
    expect(page.get_by_text("My name is Dana Reyes.")).to_have_count(0)
    expect(page.get_by_role("button", name="Record your answer")).to_be_hidden()
    check_on_a_phone(page, a11y)
    lines = {
        "t1": "Thank you for calling, my name is Ana. I am sorry about the wait.",
        "t2": "Thank you, Dana. Can you confirm your ZIP code and date of birth?",
        "t3": "I am sorry the parcel arrived late and damaged.",
        "t4": "Let me look at the charges: I can see two payments.",
        "t5": "Please do not read your card number out; I do not need it.",
    }
    following = {"t1": "My name is Dana Reyes.", "t2": "The parcel came late",
                 "t3": "you charged me twice", "t4": "take my card",
                 "t5": "what are you going to do"}  # fmt: skip
    for key, text in lines.items():
        answer_turn(page, key, text)
        expect(page.get_by_text(following[key], exact=False)).to_be_visible()
    page.get_by_label("Offer a refund").check()
    answer_turn(page, "t6", "I will refund the second charge today.")
    expect(page.get_by_text("A refund works.")).to_be_visible()
    expect(page.get_by_text("A replacement?")).to_have_count(0)
    answer_turn(page, "t7b", "Three to five working days.")
    expect(page.get_by_text("Is that everything, then?")).to_be_visible()
    a11y()
    answer_turn(page, "t8", "Is there anything else I can help with?")
    expect(page.locator("#save-status")).to_contain_text("end of the call")
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Submit this task").click()
    expect(page.get_by_text("Submitted. Thank you.")).to_be_visible()
    response = TaskResponse.objects.get(attempt=attempt, task_key="mock_call")
    assert response.answers["choices"] == {"t6": "t7b"}
    # PostgreSQL keeps JSON objects (jsonb) in its own key order: compare the set.
    assert set(response.answers["turns"]) == {"t1", "t2", "t3", "t4", "t5", "t6", "t7b", "t8"}
    assert response.submitted_at is not None


@pytest.fixture
def spoken_answer(tmp_path):
    if not shutil.which("espeak-ng"):
        needs.missing("espeak-ng is not installed (apt-get install -y espeak-ng)")
    path = tmp_path / "answer.wav"
    subprocess.run(
        ["espeak-ng", "-w", str(path), "Thank you for calling. My name is Ana. How can I help?"],
        check=True,
        capture_output=True,
    )
    return path


@pytest.fixture
def microphone_page(chromium, spoken_answer, live_server):
    """A second Chromium, from the same Playwright, whose microphone plays the spoken answer."""
    browser = chromium.browser_type.launch(
        executable_path=needs.require_chromium(),
        headless=True,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-audio-capture={spoken_answer}%noloop",
        ],
    )
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    context.grant_permissions(["microphone"])
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    browser.close()
    assert not errors, errors


def test_voice_call_records_each_turn_and_stores_a_webm_of_the_right_length(
    microphone_page, live_server, attempt
):
    page = microphone_page
    a11y = A11yChecker(page)
    open_invitation(page, live_server, attempt)
    start(page, "Practice call")
    record = page.get_by_role("button", name="Record your answer")
    expect(record).to_be_visible()
    a11y()
    record.click()
    expect(page.get_by_text("Recording…")).to_be_visible()
    page.wait_for_timeout(3000)
    page.get_by_role("button", name="Stop recording").click()
    expect(page.get_by_text("Your spoken answer is saved")).to_be_visible()
    expect(page.get_by_text("My name is Dana Reyes.")).to_be_visible()  # the next turn came
    recording = TurnRecording.objects.get(turn_key="t1")
    assert recording.content_type == "audio/webm"
    with recording.audio.open("rb") as handle:
        data = handle.read()
    assert data[:4] == b"\x1a\x45\xdf\xa3"
    assert 2000 <= recording.duration_ms <= 5000, recording.duration_ms
