"""The outbox against the real broker and a real worker: nothing is lost, nothing doubled."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from kombu.exceptions import OperationalError

from applicants.models import Application
from applicants.tasks import extract_resume_text
from csa_portal.models import OutboundMessage
from csa_portal.tasks import send_mail_message, sweep_outbox
from tests.applicants.documents import pdf_bytes
from tests.conftest import wait_for
from tests.roles.factories import published_role

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def apply(client, role):
    question = role.current_revision.snapshot["screening_questions"][0]["id"]
    return client.post(
        f"/jobs/{role.slug}/apply/",
        {
            "name": "Jane Doe",
            "email": "jane@example.com",
            "consent": "on",
            f"question_{question}": "yes",
            "resume": SimpleUploadedFile("cv.pdf", pdf_bytes(), content_type="application/pdf"),
        },
    )


def copies_sent(worker, message: OutboundMessage) -> int:
    """How many times the worker wrote this row's mail, found by its Message-ID.

    The worker (and its mail folder) serves the whole run, so other tests' mail is there
    too (an assessment invitation, say): counting every file depends on the test order.
    """
    return sum(path.read_text().count(message.message_id) for path in worker.mail_dir.glob("*.log"))


def test_application_mail_and_resume_text_go_through_the_real_worker(
    celery_worker_process, client, settings
):
    settings.MEDIA_ROOT = celery_worker_process.media_root
    role = published_role(title="Customer Service Associate")
    assert apply(client, role).status_code == 302
    message = OutboundMessage.objects.get()
    wait_for(lambda: OutboundMessage.objects.filter(pk=message.pk, status="sent").exists())
    wait_for(lambda: Application.objects.exclude(resume_text="").exists())
    assert copies_sent(celery_worker_process, message) == 1
    assert "contact centre" in Application.objects.get().resume_text


def test_broker_down_saves_the_application_and_the_mail_goes_out_once_later(
    celery_worker_process, client, settings, monkeypatch
):
    settings.MEDIA_ROOT = celery_worker_process.media_root
    role = published_role(title="Customer Service Associate")

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(send_mail_message, "apply_async", broker_down)
    monkeypatch.setattr(extract_resume_text, "apply_async", broker_down)
    assert apply(client, role).status_code == 302
    assert Application.objects.count() == 1
    message = OutboundMessage.objects.get()
    assert message.status == OutboundMessage.Status.QUEUED

    monkeypatch.undo()  # the broker is back; beat's next sweep finds the row
    sweep_outbox.delay()
    wait_for(lambda: OutboundMessage.objects.filter(status="sent").exists())
    sweep_outbox.delay()
    sweep_outbox.delay()
    wait_for(lambda: copies_sent(celery_worker_process, message))
    time.sleep(2)  # give a wrongly repeated send the time to show up
    assert copies_sent(celery_worker_process, message) == 1
    assert OutboundMessage.objects.get().attempts == 1
