"""Candidates, their applications and the pipeline each application moves through."""

from django.conf import settings
from django.db import models
from django.db.models import CharField, Q, TextField, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast, Concat, Lower, Upper
from django.utils import timezone

from roles.models import RoleProfile, RoleRevision


class Candidate(models.Model):
    """A person who applied. Never a staff account: magic links sign them in.

    The apply form is public, so it never changes this record: whoever knows an address can
    type it. The details here are the ones the first application gave, until the person
    proves the address (signed in by a link mailed to it) and changes them in the portal.
    What each application said, and the consent it gave, stay on the application.
    """

    name = models.CharField(max_length=200)
    email = models.EmailField(max_length=254)
    phone = models.CharField(max_length=30, blank=True)
    location = models.CharField(max_length=120, blank=True)
    # When this record was made: the consent and notice of the first application.
    consent_given_at = models.DateTimeField()
    privacy_notice_version = models.CharField(max_length=20)
    details_updated_at = models.DateTimeField(
        null=True, blank=True, help_text="When the candidate last changed their details."
    )
    erasure_requested_at = models.DateTimeField(null=True, blank=True)
    # Set while the person agrees to be kept for future roles; cleared when they leave. Without
    # it, retention anonymises them once every application has been closed long enough.
    talent_pool_consent_at = models.DateTimeField(
        null=True, blank=True, help_text="When they agreed to stay in the talent pool."
    )
    anonymised_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="candidate_email_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.name


# Outbox rows about an application or a candidate carry one of these as ``related_key``, so
# the application page can list its mails and an erasure can find them.
APPLICATION_KEY_PREFIX = "application:"
CANDIDATE_KEY_PREFIX = "candidate:"


def application_outbox_key(application_id: int) -> str:
    return f"{APPLICATION_KEY_PREFIX}{application_id}"


def application_outbox_key_sql(application_id: Combinable) -> Concat:
    """The same key built in SQL, to match outbox rows to applications in a subquery."""
    return Concat(Value(APPLICATION_KEY_PREFIX), Cast(application_id, CharField()))


def candidate_outbox_key(candidate_id: int) -> str:
    return f"{CANDIDATE_KEY_PREFIX}{candidate_id}"


def searched_text() -> Upper:
    """What the pipeline's search looks in: an application's name, address and resume text.

    One upper-cased text, the parts joined by a space: a search word never holds a space, so
    it matches inside one part only, as if each part were tested on its own. On PostgreSQL
    migration 0010 keeps a trigram index on this same expression (one index scan a word
    instead of three); the two must stay the same, which
    ``tests/applicants/test_pipeline_search_index.py`` checks against the plan.
    """
    return Upper(
        Concat("name", Value(" "), "email", Value(" "), "resume_text", output_field=TextField())
    )


class StageKind(models.TextChoices):
    APPLIED = "applied", "Applied"
    SCREENING = "screening", "Screening"
    ASSESSMENT = "assessment", "Assessment"
    REVIEW = "review", "Review"
    INTERVIEW = "interview", "Interview"
    OFFER = "offer", "Offer"
    HIRED = "hired", "Hired"


class Stage(models.Model):
    """A column of a role's pipeline board."""

    role = models.ForeignKey(RoleProfile, on_delete=models.CASCADE, related_name="stages")
    kind = models.CharField(max_length=12, choices=StageKind)
    name = models.CharField(max_length=60)
    position = models.PositiveSmallIntegerField()
    candidate_label = models.CharField(
        max_length=120, help_text="How the stage reads to the candidate."
    )
    next_step = models.CharField(
        max_length=300, blank=True, help_text="What happens next, in the candidate's words."
    )
    notify_candidate = models.BooleanField(
        default=False, help_text="Email the candidate when their application reaches this stage."
    )

    class Meta:
        ordering = ["role", "position"]
        constraints = [
            models.UniqueConstraint(fields=["role", "position"], name="stage_position_per_role"),
            models.UniqueConstraint(fields=["role", "kind"], name="stage_kind_per_role"),
        ]

    def __str__(self) -> str:
        return self.name


class ApplicationStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    HIRED = "hired", "Hired"
    REJECTED = "rejected", "Not progressing"
    WITHDRAWN = "withdrawn", "Withdrawn"


class RejectionReason(models.Model):
    """A structured reason for not progressing, with the message the candidate receives."""

    label = models.CharField(max_length=120, unique=True)
    email_subject = models.CharField(max_length=150)
    email_body = models.TextField(
        max_length=4000,
        help_text="Plain text. {{ candidate_name }} and {{ role_title }} are filled in.",
    )
    is_active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "label"]

    def __str__(self) -> str:
        return self.label


class Application(models.Model):
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="applications")
    role = models.ForeignKey(RoleProfile, on_delete=models.PROTECT, related_name="applications")
    revision = models.ForeignKey(
        RoleRevision,
        on_delete=models.PROTECT,
        related_name="applications",
        help_text="The version of the role the candidate read and applied to.",
    )
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="applications")
    stage_entered_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=10, choices=ApplicationStatus, default=ApplicationStatus.ACTIVE
    )
    source = models.CharField(max_length=40, blank=True, default="job board")

    # As submitted with this application, whatever the person's record says later.
    name = models.CharField(max_length=200)
    # The candidate's address when they applied (a person's address never changes but by
    # erasure, which clears this copy). Kept here so the board's search reads one table.
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    location = models.CharField(max_length=120, blank=True)
    consent_given_at = models.DateTimeField()
    privacy_notice_version = models.CharField(max_length=20)

    resume = models.FileField(upload_to="resumes/%Y/%m/", max_length=200)
    resume_kind = models.CharField(max_length=5)
    resume_size = models.PositiveIntegerField()
    resume_text = models.TextField(blank=True)
    resume_text_extracted_at = models.DateTimeField(null=True, blank=True)
    cover_letter = models.TextField(max_length=5000, blank=True)
    screening_answers = models.JSONField(default=list, blank=True)

    knocked_out = models.BooleanField(default=False)
    rejection_reason = models.ForeignKey(
        RejectionReason, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rejection_note = models.CharField(max_length=500, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "role"],
                condition=Q(status="active"),
                name="one_active_application_per_role",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | Q(rejection_reason__isnull=False),
                name="rejection_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["role", "status", "stage"], name="application_board_idx"),
            models.Index(fields=["candidate", "status"], name="application_candidate_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} for {self.revision.title}"

    @property
    def days_in_stage(self) -> int:
        return (timezone.now() - self.stage_entered_at).days


class StageChange(models.Model):
    """The audit trail: every move of an application, who made it and why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="history")
    from_stage = models.ForeignKey(
        Stage, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=500, blank=True)
    # Undo (services.pipeline): the mail that tells the candidate of this change, while it
    # waits in the outbox the change can be taken back; the changes of one bulk action share
    # a batch, undone together; an undone change keeps its row, marked, beside its reversal.
    notice = models.ForeignKey(
        "portal.OutboundMessage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The mail that tells the candidate of this change.",
    )
    batch = models.UUIDField(null=True, blank=True, db_index=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_stage} -> {self.to_stage}"


class Note(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:60]


class SelfIdentification(models.Model):
    """Voluntary EEO answers, kept apart. Never shown to reviewers or managers; only counted."""

    class Gender(models.TextChoices):
        WOMAN = "woman", "Woman"
        MAN = "man", "Man"
        NON_BINARY = "non_binary", "Non-binary"
        SELF_DESCRIBE = "self_describe", "I describe myself another way"
        DECLINE = "decline", "I prefer not to say"

    class Answer(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        DECLINE = "decline", "I prefer not to say"

    class Ethnicity(models.TextChoices):
        HISPANIC = "hispanic", "Hispanic or Latino"
        WHITE = "white", "White"
        BLACK = "black", "Black or African American"
        ASIAN = "asian", "Asian"
        NATIVE = "native", "American Indian or Alaska Native"
        PACIFIC = "pacific", "Native Hawaiian or Other Pacific Islander"
        MULTIPLE = "multiple", "Two or more races"
        DECLINE = "decline", "I prefer not to say"

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="self_identification"
    )
    gender = models.CharField(max_length=15, choices=Gender.choices, blank=True)
    ethnicity = models.CharField(max_length=10, choices=Ethnicity.choices, blank=True)
    veteran = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    disability = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Self-identification #{self.pk}"


class MagicLink(models.Model):
    """A single-use sign-in link for a candidate. Only the token's SHA-256 is stored.

    ``message`` is the outbox row whose mail carries the link: rendering that mail again (a
    resend) gives the same link, never a second live one (``services.signin``).
    """

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="magic_links")
    token_hash = models.CharField(max_length=64, unique=True)
    message = models.ForeignKey(
        "portal.OutboundMessage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The mail that carries this link.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Link for candidate {self.candidate_id}"
