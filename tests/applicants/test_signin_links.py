"""One live link per mail: a resent sign-in mail carries the link of its first copy."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone

from applicants import services
from applicants.models import MagicLink
from csa_portal import outbox
from csa_portal.models import OutboundMessage
from tests.applicants.factories import CandidateFactory
from tests.applicants.mail import SIGN_IN_LINK

pytestmark = pytest.mark.django_db


def live_links(candidate):
    return MagicLink.objects.filter(
        candidate=candidate, used_at__isnull=True, expires_at__gt=timezone.now()
    )


def links_mailed_to(email: str) -> list[str]:
    return [link for m in mail.outbox if m.to == [email] for link in SIGN_IN_LINK.findall(m.body)]


def resend(message: OutboundMessage) -> None:
    """What the sweep does for a row whose first send's outcome is unknown."""
    OutboundMessage.objects.filter(pk=message.pk).update(
        status=OutboundMessage.Status.SENDING,
        claimed_until=timezone.now() - timedelta(seconds=1),
    )
    assert outbox.send_message(message.pk) is True


@pytest.fixture
def candidate(mailbox):
    return CandidateFactory(email="amara@example.com")


def sign_in_mail(candidate) -> OutboundMessage:
    services.request_magic_link(email=candidate.email)
    return OutboundMessage.objects.filter(template="applicants/magic_link").latest("pk")


def test_a_resent_sign_in_mail_carries_the_same_link_and_one_live_link(candidate):
    message = sign_in_mail(candidate)
    outbox.send_message(message.pk)
    resend(message)
    first, second = links_mailed_to(candidate.email)
    assert first == second
    assert live_links(candidate).count() == 1
    assert MagicLink.objects.get().message_id == message.pk


def test_the_link_of_a_resent_mail_signs_in_once(client, candidate):
    message = sign_in_mail(candidate)
    outbox.send_message(message.pk)
    resend(message)
    path = urlsplit(links_mailed_to(candidate.email)[-1]).path
    assert client.post(path).status_code == 302
    assert client.post(path).status_code != 302  # spent, whichever copy it came from


def test_a_resend_after_the_link_was_used_makes_no_new_live_link(client, candidate):
    message = sign_in_mail(candidate)
    outbox.send_message(message.pk)
    client.post(urlsplit(links_mailed_to(candidate.email)[0]).path)
    resend(message)
    assert live_links(candidate).count() == 0
    assert MagicLink.objects.count() == 1


def test_a_resend_starts_the_links_time_afresh(candidate):
    message = sign_in_mail(candidate)
    outbox.send_message(message.pk)
    MagicLink.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    resend(message)
    link = MagicLink.objects.get()
    assert link.expires_at > timezone.now() + services.sign_in_link_lifetime() - timedelta(
        minutes=1
    )


def test_a_new_link_for_a_message_spends_its_earlier_ones(candidate):
    message = sign_in_mail(candidate)
    older = MagicLink.objects.create(
        candidate=candidate,
        token_hash=services.hash_token("made under an earlier SECRET_KEY"),
        expires_at=timezone.now() + timedelta(minutes=10),
        message=message,
    )
    services.link_token_for_message(
        message, candidate_id=candidate.pk, lifetime=services.sign_in_link_lifetime()
    )
    older.refresh_from_db()
    assert older.used_at is not None
    assert live_links(candidate).count() == 1


def test_two_mails_carry_two_different_links(candidate):
    first = sign_in_mail(candidate)
    second = sign_in_mail(candidate)
    outbox.send_message(first.pk)
    outbox.send_message(second.pk)
    one, two = links_mailed_to(candidate.email)
    assert one != two


def test_the_confirmation_mail_resent_carries_the_same_link(
    mailbox, client, django_capture_on_commit_callbacks
):
    from tests.applicants.test_apply import apply_url, payload
    from tests.roles.factories import published_role

    role = published_role(title="Customer Service Associate")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(apply_url(role), payload(role, email="jo@example.com"))
    message = OutboundMessage.objects.get(template="applicants/application_received")
    resend(message)
    links = links_mailed_to("jo@example.com")
    assert len(links) == 2
    assert links[0] == links[1]
    assert MagicLink.objects.filter(message=message).count() == 1
