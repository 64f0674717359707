"""Every change to assessments that carries a business rule, by subject."""

from .invitations import (
    InvitationRefused,
    invitation_link_context,
    invite,
    redeem_invitation,
    request_accommodation,
    send_reminders,
    set_accommodation,
)
from .taking import (
    AttemptClosed,
    SaveOutcome,
    TaskClosed,
    option_secret,
    save_answers,
    save_recording,
    settle,
    start_task,
    submit_attempt,
    submit_task,
)
from .templates import (
    TemplateNotPublishable,
    TemplateUnchanged,
    install_template,
    publication_problems,
    publish_template,
    set_role_assessment,
)

__all__ = [
    "AttemptClosed",
    "InvitationRefused",
    "SaveOutcome",
    "TaskClosed",
    "TemplateNotPublishable",
    "TemplateUnchanged",
    "install_template",
    "invitation_link_context",
    "invite",
    "option_secret",
    "publication_problems",
    "publish_template",
    "redeem_invitation",
    "request_accommodation",
    "save_answers",
    "save_recording",
    "send_reminders",
    "set_accommodation",
    "set_role_assessment",
    "settle",
    "start_task",
    "submit_attempt",
    "submit_task",
]
