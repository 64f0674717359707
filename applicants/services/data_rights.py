"""A candidate's rights over their data: rectification and erasure (the export is a read)."""

from django.db import transaction
from django.utils import timezone

from csa_portal.models import OutboundMessage
from csa_portal.outbox import cancel_pending

from .. import extensions
from ..models import (
    ApplicationStatus,
    Candidate,
    application_outbox_key,
    candidate_outbox_key,
)
from .pipeline import withdraw_application

ERASED_NAME = "Erased candidate"


@transaction.atomic
def update_candidate_details(
    *, candidate: Candidate, name: str, phone: str, location: str
) -> Candidate:
    """The signed-in candidate corrects their own name, phone and location.

    Only a candidate who proved the address (signed in through a link mailed to it) reaches
    this; the public apply form never changes a person's record. Applications keep the
    details they were submitted with; staff see these as the candidate's current ones.
    """
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    candidate.name, candidate.phone, candidate.location = name, phone, location
    candidate.details_updated_at = timezone.now()
    candidate.full_clean()
    candidate.save(update_fields=["name", "phone", "location", "details_updated_at"])
    return candidate


@transaction.atomic
def erase_candidate(*, candidate: Candidate) -> Candidate:
    """The candidate asked: withdraw active applications, then remove their personal data."""
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    for application in candidate.applications.filter(status=ApplicationStatus.ACTIVE):
        withdraw_application(application=application, candidate=candidate)
    return remove_personal_data(candidate, requested=True)


def remove_personal_data(candidate: Candidate, *, requested: bool) -> Candidate:
    """Delete resumes and recordings and replace personal data; the one path of erasure and
    retention. The caller holds the candidate's row lock inside a transaction.

    The applications stay as anonymous rows (role, source, dates, stages, status, the
    structured rejection reason) so funnel counts remain true; their history, scores,
    reviews and decisions stay with them; the self-identification answers stay only as
    unlinked aggregates. ``requested`` is True for the person's own erasure request and
    False when the retention period ran out.
    """
    now = timezone.now()
    for application in candidate.applications.select_related("rejection_reason"):
        if application.resume:
            application.resume.delete(save=False)
        application.resume = ""
        application.name = ERASED_NAME
        application.email = application.phone = application.location = ""
        application.resume_text = ""
        application.cover_letter = ""
        application.screening_answers = []
        application.rejection_note = ""
        application.save()
        application.notes.all().delete()
        # A rejection's history entry repeats the recruiter's note after the reason's label.
        if application.rejection_reason_id:
            application.history.filter(to_status=ApplicationStatus.REJECTED).update(
                reason=application.rejection_reason.label
            )
        cancel_pending(
            related_key=application_outbox_key(application.pk), template="applicants/rejection"
        )
    for hook in extensions.CANDIDATE_ERASED:
        hook(candidate=candidate)
    candidate.magic_links.all().delete()
    keys = [application_outbox_key(a.pk) for a in candidate.applications.all()]
    OutboundMessage.objects.filter(
        related_key__in=[*keys, candidate_outbox_key(candidate.pk)]
    ).update(to_email=f"erased-{candidate.pk}@invalid.example", context={})
    candidate.name = ERASED_NAME
    candidate.email = f"erased-{candidate.pk}@invalid.example"
    candidate.phone = candidate.location = ""
    candidate.talent_pool_consent_at = None
    if requested:
        candidate.erasure_requested_at = candidate.erasure_requested_at or now
    candidate.anonymised_at = now
    candidate.save()
    return candidate


@transaction.atomic
def set_talent_pool(*, candidate: Candidate, join: bool) -> Candidate:
    """The signed-in candidate joins or leaves the talent pool (kept for future roles).

    Joining records when; leaving clears it, so retention counts from their applications'
    closing again at its next run. Asking for what is already so changes nothing.
    """
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if join == (candidate.talent_pool_consent_at is not None):
        return candidate
    candidate.talent_pool_consent_at = timezone.now() if join else None
    candidate.save(update_fields=["talent_pool_consent_at"])
    return candidate
