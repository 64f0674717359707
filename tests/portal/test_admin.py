"""The Django admin that operators use: what they can see, and the few things they can do."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from applicants.models import Application, Candidate, MagicLink, SelfIdentification
from csa_portal.models import OutboundMessage
from tests.applicants.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(admin_user, client):
    client.force_login(admin_user)
    return client


def test_every_registered_model_lists_and_opens(operator):
    ApplicationFactory()
    OutboundMessage.objects.create(to_email="x@example.com", template="applicants/stage_moved")
    for model in admin.site._registry:
        meta = model._meta
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        assert operator.get(changelist).status_code == 200, changelist
        obj = model._default_manager.first()
        if obj is not None:
            change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
            assert operator.get(change).status_code == 200, change


def test_self_identification_and_sign_in_links_are_never_in_the_admin():
    assert SelfIdentification not in admin.site._registry
    assert MagicLink not in admin.site._registry


def test_applications_cannot_be_changed_or_deleted_from_the_admin(operator):
    application = ApplicationFactory()
    change = reverse("admin:applicants_application_change", args=[application.pk])
    response = operator.post(change, {"status": "hired"})
    assert response.status_code == 403
    delete = reverse("admin:applicants_application_delete", args=[application.pk])
    assert operator.post(delete, {"post": "yes"}).status_code == 403
    assert Application.objects.get(pk=application.pk).status == "active"


def test_outbox_filters_by_state(operator):
    OutboundMessage.objects.create(to_email="failed@example.com", template="t", status="failed")
    OutboundMessage.objects.create(to_email="sent@example.com", template="t", status="sent")
    html = operator.get(reverse("admin:portal_outboundmessage_changelist") + "?status=failed")
    assert "failed@example.com" in html.content.decode()
    assert "sent@example.com" not in html.content.decode()


def test_send_again_requeues_failed_messages_only_and_sends_them(
    operator, mailbox, django_capture_on_commit_callbacks
):
    failed = OutboundMessage.objects.create(
        to_email="jane@example.com",
        template="applicants/magic_link_unknown",
        context={"apply_url": "http://127.0.0.1:8000/jobs/"},
        status=OutboundMessage.Status.FAILED,
        attempts=8,
        send_after=timezone.now() - timedelta(days=1),
        last_error="SMTPException: down",
    )
    sent = OutboundMessage.objects.create(
        to_email="sent@example.com", template="t", status=OutboundMessage.Status.SENT
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = operator.post(
            reverse("admin:portal_outboundmessage_changelist"),
            {"action": "send_again", "_selected_action": [failed.pk, sent.pk]},
            follow=True,
        )
    assert "1 message(s) queued to send again. 1 skipped" in response.content.decode()
    failed.refresh_from_db()
    assert failed.status == OutboundMessage.Status.SENT
    assert [mail.to for mail in mailbox] == [["jane@example.com"]]


def test_erase_action_uses_the_erasure_service(operator):
    application = ApplicationFactory()
    candidate = application.candidate
    operator.post(
        reverse("admin:applicants_candidate_changelist"),
        {"action": "erase", "_selected_action": [candidate.pk]},
    )
    candidate = Candidate.objects.get(pk=candidate.pk)
    assert candidate.anonymised_at is not None
    assert candidate.name == "Erased candidate"
    assert Application.objects.get(pk=application.pk).status == "withdrawn"


def test_rejection_reasons_are_editable_but_not_deletable(operator):
    from applicants.models import RejectionReason

    reason = RejectionReason.objects.create(label="Old", email_subject="s", email_body="b")
    change = reverse("admin:applicants_rejectionreason_change", args=[reason.pk])
    response = operator.post(
        change,
        {"label": "Renamed", "email_subject": "s", "email_body": "b", "position": 3},
    )
    assert response.status_code == 302
    assert RejectionReason.objects.get(pk=reason.pk).label == "Renamed"
    delete = reverse("admin:applicants_rejectionreason_delete", args=[reason.pk])
    assert operator.post(delete, {"post": "yes"}).status_code == 403
