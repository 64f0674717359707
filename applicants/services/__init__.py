"""Every change to candidates and applications that carries a business rule, by subject.

The public names are gathered here, so callers write ``services.move_application`` whatever
module the rule lives in.
"""

from .applying import (
    PRIVACY_NOTICE_VERSION,
    DuplicateApplication,
    normalise_email,
    submit_application,
    tell_already_applied,
)
from .data_rights import (
    erase_candidate,
    remove_personal_data,
    set_talent_pool,
    update_candidate_details,
)
from .mail import absolute, mail_context
from .pipeline import (
    ApplicationClosed,
    UndoOutcome,
    UndoRefused,
    add_note,
    bulk_move,
    bulk_reject,
    move_application,
    new_batch,
    record_in_history,
    reject_application,
    reopen_application,
    undo_batch,
    undo_change,
    withdraw_application,
)
from .resume_text import record_resume_text
from .retention import anonymise_expired_candidates, retention_cutoff
from .signin import (
    confirmation_link_context,
    hash_token,
    link_token_for_message,
    magic_link_context,
    redeem_magic_link,
    request_magic_link,
    sign_in_link_lifetime,
    sign_in_link_minutes,
)
from .stages import DEFAULT_STAGES, KNOCKOUT_REASON_LABEL, ensure_stages, knockout_reason

__all__ = [
    "DEFAULT_STAGES",
    "KNOCKOUT_REASON_LABEL",
    "PRIVACY_NOTICE_VERSION",
    "ApplicationClosed",
    "DuplicateApplication",
    "UndoOutcome",
    "UndoRefused",
    "absolute",
    "add_note",
    "anonymise_expired_candidates",
    "bulk_move",
    "bulk_reject",
    "confirmation_link_context",
    "ensure_stages",
    "erase_candidate",
    "hash_token",
    "knockout_reason",
    "link_token_for_message",
    "magic_link_context",
    "mail_context",
    "move_application",
    "new_batch",
    "normalise_email",
    "record_in_history",
    "record_resume_text",
    "redeem_magic_link",
    "reject_application",
    "remove_personal_data",
    "reopen_application",
    "request_magic_link",
    "retention_cutoff",
    "set_talent_pool",
    "sign_in_link_lifetime",
    "sign_in_link_minutes",
    "submit_application",
    "tell_already_applied",
    "undo_batch",
    "undo_change",
    "update_candidate_details",
    "withdraw_application",
]
