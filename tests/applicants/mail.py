"""Reading the sign-in link out of mail the tests sent (Django's in-memory backend)."""

import re

from django.core import mail

SIGN_IN_LINK = re.compile(r"https?://\S+/candidate/login/\S+/")
INVITATION_LINK = re.compile(r"https?://\S+/candidate/assessment/\S+/")


def sign_in_link(email: str) -> str:
    """The newest sign-in link mailed to ``email``."""
    links = [link for m in mail.outbox if m.to == [email] for link in SIGN_IN_LINK.findall(m.body)]
    assert links, f"no sign-in link mailed to {email}"
    return links[-1]


def invitation_link(email: str) -> str:
    """The newest assessment invitation (or reminder) link mailed to ``email``."""
    links = [
        link for m in mail.outbox if m.to == [email] for link in INVITATION_LINK.findall(m.body)
    ]
    assert links, f"no invitation link mailed to {email}"
    return links[-1]
