"""Candidate sign-in by single-use links mailed to the address they applied with."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from csa_portal.models import OutboundMessage
from csa_portal.outbox import message_secret, queue_mail

from ..models import Candidate, MagicLink, candidate_outbox_key
from .applying import normalise_email
from .mail import absolute


def sign_in_link_lifetime() -> timedelta:
    """How long every sign-in link works: the one asked for and the one in the confirmation.

    One setting (``SIGN_IN_LINK_MINUTES``) so the mails and the pages that describe the
    links always give the same number.
    """
    return timedelta(minutes=settings.SIGN_IN_LINK_MINUTES)


def sign_in_link_minutes() -> int:
    return int(sign_in_link_lifetime().total_seconds() // 60)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def request_magic_link(*, email: str) -> None:
    """Mail a sign-in link, or a note that no application uses this address.

    Both paths write one outbox row and return nothing, so the page and its timing say
    nothing about whether the address is known. The token itself is made when the mail is
    rendered (``magic_link_context``): the outbox row never holds a usable link.
    """
    email = normalise_email(email)
    candidate = (
        Candidate.objects.annotate(email_ci=Lower("email"))
        .filter(email_ci=email, anonymised_at__isnull=True)
        .first()
    )
    if candidate is None:
        queue_mail(
            to=email,
            template="applicants/magic_link_unknown",
            context={"apply_url": absolute(reverse("roles:board"))},
        )
        return
    queue_mail(
        to=candidate.email,
        template="applicants/magic_link",
        context={"candidate_id": candidate.pk, "candidate_name": candidate.name},
        related_key=candidate_outbox_key(candidate.pk),
    )


def confirmation_link_context(message: OutboundMessage) -> dict:
    """The confirmation mail carries a sign-in link too, as long-lived as any other."""
    if "candidate_id" not in message.context:
        return {}
    return magic_link_context(message)


def magic_link_context(message: OutboundMessage) -> dict:
    """The link, made as the mail is rendered; only its hash is stored.

    Its time starts when the mail is sent, so a mail delayed by a broker outage still
    arrives with a working link.
    """
    lifetime = sign_in_link_lifetime()
    token = link_token_for_message(
        message, candidate_id=message.context["candidate_id"], lifetime=lifetime
    )
    return {
        "link": absolute(reverse("applicants:redeem", kwargs={"token": token})),
        "minutes": sign_in_link_minutes(),
    }


def link_token_for_message(
    message: OutboundMessage, *, candidate_id: int, lifetime: timedelta
) -> str:
    """The sign-in token that ``message`` carries: the same each time the mail is rendered.

    For any mail rendered at send time that carries a sign-in link (``SEND_TIME_CONTEXT``).
    A resend of the message (its first copy's fate unknown) gets the same token, its time
    started afresh while it is unused, so the candidate never holds two live links from one
    mail, and a receiving server that drops the copy by its Message-ID leaves a working
    link. Any other unused link made for this message (under an earlier SECRET_KEY) is
    spent. A link already used stays used: the copy then carries a spent link.
    """
    token = message_secret(message, "sign-in")
    now = timezone.now()
    link, created = MagicLink.objects.get_or_create(
        token_hash=hash_token(token),
        defaults={"candidate_id": candidate_id, "expires_at": now + lifetime, "message": message},
    )
    if not created and link.used_at is None:
        MagicLink.objects.filter(pk=link.pk).update(expires_at=now + lifetime)
    MagicLink.objects.filter(message=message, used_at__isnull=True).exclude(pk=link.pk).update(
        used_at=now
    )
    return token


@transaction.atomic
def redeem_magic_link(*, token: str) -> Candidate | None:
    """The candidate a fresh, unused link belongs to; the link is spent either way."""
    if not token or len(token) > 100:
        return None
    link = (
        MagicLink.objects.select_for_update()
        .select_related("candidate")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if link is None or link.used_at is not None:
        return None
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    if link.expires_at < link.used_at or link.candidate.anonymised_at:
        return None
    return link.candidate
