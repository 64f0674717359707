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
    """Withdraw active applications, delete resumes and replace personal data.

    The applications stay as anonymous rows so funnel counts remain true; the
    self-identification answers stay only as unlinked aggregates.
    """
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    now = timezone.now()
    for application in candidate.applications.filter(status=ApplicationStatus.ACTIVE):
        withdraw_application(application=application, candidate=candidate)
    for application in candidate.applications.all():
        if application.resume:
            application.resume.delete(save=False)
        application.resume = ""
        application.name = ERASED_NAME
        application.phone = application.location = ""
        application.resume_text = ""
        application.cover_letter = ""
        application.screening_answers = []
        application.save()
        application.notes.all().delete()
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
    candidate.erasure_requested_at = candidate.erasure_requested_at or now
    candidate.anonymised_at = now
    candidate.save()
    return candidate
