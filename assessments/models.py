"""Assessments: what candidates are asked to do, and what they did.

Authoring. An ``AssessmentTemplate`` holds ordered ``Task``s of three kinds: a mock call (its
script is ordered ``CallTurn``s, some with ``CallBranch``es the candidate chooses between), a
written escalation (a ticket history of ``TicketEntry`` rows and the ``ResponsePart``s the
candidate writes) and a situational quiz (``Question``s whose ``Option``s carry a keyed credit).
Tasks scored by people have a ``Rubric`` of ``Criterion`` rows, each with five anchored
``Level``s, and a calibration set of ``CalibrationSample``s. Recruiters edit all of this freely.

Publishing takes a ``TemplateRevision``: an immutable snapshot of everything above. Candidates
take, and reviewers score, the revision an attempt points at, so a later edit never changes
what a candidate saw or the rubric a score was given against.

Taking. An ``Attempt`` is one candidate's sitting of one template revision for one
application. Each task the candidate starts gets a ``TaskResponse`` whose deadline the server
sets when the task starts (time limit x the attempt's time factor). Answers are saved into the
response as the candidate works; a mock-call turn answered by voice adds a ``TurnRecording``.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from applicants.models import Application
from roles.models import RoleProfile


class TaskKind(models.TextChoices):
    MOCK_CALL = "mock_call", "Practice call"
    WRITTEN_ESCALATION = "written_escalation", "Written escalation"
    SITUATIONAL_QUIZ = "situational_quiz", "Situational quiz"


# Kinds whose responses people score against a rubric; the quiz is scored by its key.
RUBRIC_KINDS = frozenset({TaskKind.MOCK_CALL, TaskKind.WRITTEN_ESCALATION})


class TemplateStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


class Competency(models.TextChoices):
    DE_ESCALATION = "de_escalation", "De-escalation"
    POLICY = "policy", "Policy"
    PRIVACY = "privacy", "Privacy and identity"
    PRIORITISING = "prioritising", "Prioritising"
    ESCALATING = "escalating", "Escalating"
    OWNERSHIP = "ownership", "Ownership"
    FOLLOW_UP = "follow_up", "Follow-up"


class CallStage(models.TextChoices):
    OPENING = "opening", "Opening"
    IDENTITY = "identity", "Identity check"
    EMPATHY = "empathy", "Empathy"
    DIAGNOSIS = "diagnosis", "Diagnosis"
    POLICY = "policy", "Policy"
    DE_ESCALATION = "de_escalation", "De-escalation"
    RESOLUTION = "resolution", "Resolution"
    CLOSING = "closing", "Closing"


# --- authoring ------------------------------------------------------------------------------


class AssessmentTemplate(models.Model):
    key = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=150, help_text="What staff call it.")
    summary = models.TextField(
        max_length=2000, help_text="What the candidate reads before starting: the tasks and why."
    )
    reviewers_per_response = models.PositiveSmallIntegerField(
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="How many reviewers score each call and written response.",
    )
    pass_mark = models.PositiveSmallIntegerField(
        default=60,
        validators=[MaxValueValidator(100)],
        help_text="The weighted total (0-100) at which a candidate is recommended to advance.",
    )
    status = models.CharField(
        max_length=10, choices=TemplateStatus, default=TemplateStatus.DRAFT, db_index=True
    )
    current_revision = models.OneToOneField(
        "TemplateRevision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The revision new invitations use.",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(current_revision__isnull=False),
                name="template_published_has_revision",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Ordered(models.Model):
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position", "id"]


class Task(Ordered):
    template = models.ForeignKey(AssessmentTemplate, on_delete=models.CASCADE, related_name="tasks")
    key = models.SlugField(max_length=40)
    kind = models.CharField(max_length=20, choices=TaskKind)
    title = models.CharField(max_length=150)
    time_limit_minutes = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    weight = models.PositiveSmallIntegerField(
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="Its share of the weighted total, relative to the other tasks.",
    )
    instructions = models.TextField(max_length=3000)
    what_we_look_for = models.TextField(
        max_length=2000, blank=True, help_text="One point per line, shown to the candidate."
    )
    scenario = models.TextField(max_length=3000)
    facts = models.JSONField(
        default=list,
        blank=True,
        help_text="Label and value pairs shown beside the task (account details, customer).",
    )
    customer_name = models.CharField(max_length=100, blank=True, help_text="Mock call only.")
    ticket_reference = models.CharField(max_length=40, blank=True)
    ticket_subject = models.CharField(max_length=200, blank=True)
    reviewer_notes = models.TextField(
        max_length=4000, blank=True, help_text="For reviewers only: what a full answer covers."
    )

    class Meta(Ordered.Meta):
        constraints = [
            models.UniqueConstraint(fields=["template", "key"], name="task_key_per_template"),
        ]

    def __str__(self) -> str:
        return self.title


class CallTurn(Ordered):
    """One thing the customer says on the mock call."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="turns")
    key = models.SlugField(max_length=20)
    text = models.TextField(max_length=1000)
    stage = models.CharField(max_length=20, choices=CallStage)
    next_key = models.SlugField(
        max_length=20,
        blank=True,
        help_text="The turn after this one; blank for the last turn or a turn with branches.",
    )
    contains_card_number = models.BooleanField(
        default=False, help_text="The customer reads out a card number here (a compliance test)."
    )

    class Meta(Ordered.Meta):
        constraints = [
            models.UniqueConstraint(fields=["task", "key"], name="turn_key_per_task"),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.text[:40]}"


class CallBranch(Ordered):
    """A choice the candidate makes after a turn; the customer answers differently to each."""

    turn = models.ForeignKey(CallTurn, on_delete=models.CASCADE, related_name="branches")
    label = models.CharField(max_length=150)
    next_key = models.SlugField(max_length=20)

    def __str__(self) -> str:
        return self.label


class TicketEntry(Ordered):
    """One entry of the ticket history the candidate escalates from."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="ticket_entries")
    at = models.DateTimeField()
    author = models.CharField(max_length=60)
    channel = models.CharField(max_length=20)
    body = models.TextField(max_length=4000)

    class Meta(Ordered.Meta):
        verbose_name_plural = "ticket entries"

    def __str__(self) -> str:
        return f"{self.author} at {self.at:%Y-%m-%d %H:%M}"


class ResponsePart(Ordered):
    """A text the candidate writes in a written task (the hand-off note, the reply)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="parts")
    key = models.SlugField(max_length=20)
    label = models.CharField(max_length=120)
    guidance = models.TextField(max_length=1000, blank=True)
    min_words = models.PositiveSmallIntegerField(default=0)
    max_words = models.PositiveSmallIntegerField(default=400)

    class Meta(Ordered.Meta):
        constraints = [
            models.UniqueConstraint(fields=["task", "key"], name="part_key_per_task"),
            models.CheckConstraint(
                condition=Q(min_words__lte=models.F("max_words")), name="part_words_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Question(Ordered):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(max_length=20)
    competency = models.CharField(max_length=20, choices=Competency)
    scenario = models.TextField(max_length=1000)
    prompt = models.CharField(max_length=200, default="What do you do?")

    class Meta(Ordered.Meta):
        constraints = [
            models.UniqueConstraint(fields=["task", "key"], name="question_key_per_task"),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.scenario[:40]}"


class Option(Ordered):
    """One answer to a quiz question. Its credit never leaves the server."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    key = models.SlugField(max_length=10)
    text = models.TextField(max_length=600)
    credit = models.PositiveSmallIntegerField(
        validators=[MaxValueValidator(2)], help_text="2 best, 1 acceptable, 0 poor."
    )
    rationale = models.TextField(max_length=600, blank=True, help_text="For staff: why.")

    class Meta(Ordered.Meta):
        constraints = [
            models.UniqueConstraint(fields=["question", "key"], name="option_key_per_question"),
            models.CheckConstraint(condition=Q(credit__lte=2), name="option_credit_at_most_2"),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class Rubric(models.Model):
    task = models.OneToOneField(Task, on_delete=models.CASCADE, related_name="rubric")
    name = models.CharField(max_length=150)

    def __str__(self) -> str:
        return self.name


class Criterion(Ordered):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    key = models.SlugField(max_length=40)
    name = models.CharField(max_length=120)
    looks_for = models.CharField(max_length=400, help_text="What reviewers look for, in a line.")
    weight = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )

    class Meta(Ordered.Meta):
        verbose_name_plural = "criteria"
        constraints = [
            models.UniqueConstraint(fields=["rubric", "key"], name="criterion_key_per_rubric"),
        ]

    def __str__(self) -> str:
        return self.name


class Level(models.Model):
    """One of a criterion's five levels: what a reviewer sees at it, and what we tell the
    candidate about it."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="levels")
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    anchor = models.TextField(max_length=800, help_text="The behaviour a reviewer observes.")
    feedback = models.TextField(max_length=400, help_text="Said to the candidate, in 'you'.")

    class Meta:
        ordering = ["criterion", "score"]
        constraints = [
            models.UniqueConstraint(
                fields=["criterion", "score"], name="level_score_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="level_score_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion} {self.score}"


class CalibrationSample(Ordered):
    """A response with agreed levels that reviewers score before their queue opens."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="calibration_samples")
    key = models.SlugField(max_length=40)
    label = models.CharField(max_length=150)
    response = models.JSONField()
    agreed_levels = models.JSONField(help_text="Criterion key to the agreed level.")
    rationale = models.JSONField(default=dict, blank=True)

    class Meta(Ordered.Meta):
        constraints = [
            models.UniqueConstraint(fields=["task", "key"], name="calibration_key_per_task"),
        ]

    def __str__(self) -> str:
        return self.label


class TemplateRevision(models.Model):
    """What candidates took: a frozen copy of a template taken when it was published."""

    template = models.ForeignKey(
        AssessmentTemplate, on_delete=models.PROTECT, related_name="revisions"
    )
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="template_revision_number"),
        ]

    def __str__(self) -> str:
        return f"{self.snapshot.get('name', self.template_id)} (revision {self.number})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError(
                "A template revision is a record of what was published; it never changes."
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(
            "A template revision is a record of what was published; it is never deleted."
        )

    def task(self, key: str) -> dict | None:
        return next((task for task in self.snapshot["tasks"] if task["key"] == key), None)


class RoleAssessment(models.Model):
    """Which template a role's candidates take, and how the role runs it."""

    role = models.OneToOneField(RoleProfile, on_delete=models.CASCADE, related_name="assessment")
    template = models.ForeignKey(
        AssessmentTemplate, on_delete=models.PROTECT, related_name="role_settings"
    )
    invite_automatically = models.BooleanField(
        default=True,
        help_text="Invite each candidate when their application reaches the Assessment stage.",
    )
    days_to_complete = models.PositiveSmallIntegerField(
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text="How long an invitation stays open.",
    )
    blind_review = models.BooleanField(
        default=True, help_text="Reviewers do not see candidates' names."
    )
    share_feedback = models.BooleanField(
        default=False,
        help_text="After a decision, candidates receive strengths and areas to develop.",
    )
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="reviewed_roles",
        help_text="Who scores this role's answers; everyone in the reviewer group when empty.",
    )

    def __str__(self) -> str:
        return f"{self.template} for {self.role}"


# --- taking ---------------------------------------------------------------------------------


class AttemptStatus(models.TextChoices):
    INVITED = "invited", "Invited"
    IN_PROGRESS = "in_progress", "In progress"
    SUBMITTED = "submitted", "Submitted"
    EXPIRED = "expired", "Expired"
    CANCELLED = "cancelled", "Cancelled"


OPEN_ATTEMPT_STATUSES = (AttemptStatus.INVITED, AttemptStatus.IN_PROGRESS)


class TimeFactor(Decimal, models.Choices):
    STANDARD = Decimal("1.00"), "Standard time"
    QUARTER_MORE = Decimal("1.25"), "1.25 × the time"
    HALF_MORE = Decimal("1.50"), "1.5 × the time"
    DOUBLE = Decimal("2.00"), "Double time"


class Attempt(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attempts")
    template = models.ForeignKey(
        AssessmentTemplate, on_delete=models.PROTECT, related_name="attempts"
    )
    revision = models.ForeignKey(
        TemplateRevision,
        on_delete=models.PROTECT,
        related_name="attempts",
        help_text="The version of the assessment the candidate was given.",
    )
    status = models.CharField(max_length=12, choices=AttemptStatus, default=AttemptStatus.INVITED)
    time_factor = models.DecimalField(
        max_digits=3, decimal_places=2, choices=TimeFactor, default=TimeFactor.STANDARD
    )
    typed_call = models.BooleanField(
        default=False, help_text="The candidate answers the call by typing (an accommodation)."
    )
    accommodation_note = models.CharField(
        max_length=300, blank=True, help_text="For recruiters only: what was agreed and why."
    )
    invited_at = models.DateTimeField(default=timezone.now)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField()
    reminded_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    closed_reason = models.CharField(max_length=200, blank=True)
    # A close of the application (rejected, hired, withdrawn) cancels its open attempts and
    # keeps what each was, so undoing the close or reopening the application brings them back.
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_from = models.CharField(
        max_length=12,
        choices=[(status.value, status.label) for status in OPEN_ATTEMPT_STATUSES],
        blank=True,
        help_text="The state the application's close cancelled this attempt from.",
    )
    scoring_requested_at = models.DateTimeField(null=True, blank=True)
    scored_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-invited_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "template"],
                condition=Q(status__in=["invited", "in_progress"]),
                name="one_open_attempt_per_template",
            ),
            models.CheckConstraint(
                condition=~Q(status="submitted") | Q(submitted_at__isnull=False),
                name="submitted_attempt_has_time",
            ),
            models.CheckConstraint(
                condition=Q(cancelled_from="") | Q(status="cancelled"),
                name="only_a_cancelled_attempt_keeps_its_earlier_state",
            ),
        ]
        indexes = [
            models.Index(
                fields=["expires_at"],
                name="attempt_open_expiry_idx",
                condition=Q(status__in=["invited", "in_progress"]),
            ),
            models.Index(
                fields=["submitted_at"],
                name="attempt_unscored_idx",
                condition=Q(status="submitted", scored_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"Attempt {self.pk} for application {self.application_id}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ATTEMPT_STATUSES


class AccommodationRequest(models.Model):
    """A candidate asking for an adjustment before they start; recruiters answer it."""

    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="accommodation_requests"
    )
    message = models.TextField(max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Request on attempt {self.attempt_id}"


class InvitationLink(models.Model):
    """A single-use link, mailed with an invitation or reminder, that signs the candidate in
    and lands on their attempt. Only the token's SHA-256 is stored; a new link for the same
    attempt revokes the earlier ones, so a candidate never holds two live links."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Link for attempt {self.attempt_id}"


class TaskResponse(models.Model):
    """What the candidate did in one task of an attempt, with the server's clock on it.

    ``answers`` holds the latest saved document: for a written task ``{part key: text}``; for
    the call ``{"turns": {turn key: text}, "choices": {turn key: next turn key}}``; for the
    quiz ``{"choices": {question key: option key}}``. ``save_tab`` and ``save_seq`` let the
    server keep the newest save of a browser tab and ignore one that arrives late.
    """

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="responses")
    task_key = models.SlugField(max_length=40)
    kind = models.CharField(max_length=20, choices=TaskKind)
    started_at = models.DateTimeField()
    deadline = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    auto_submitted = models.BooleanField(
        default=False, help_text="Submitted by the server at the deadline."
    )
    answers = models.JSONField(default=dict, blank=True)
    option_order = models.JSONField(
        default=dict, blank=True, help_text="Quiz: the order each question's options were shown."
    )
    answered_at = models.JSONField(
        default=dict, blank=True, help_text="Quiz: when each question was first answered."
    )
    autosaved_at = models.DateTimeField(null=True, blank=True)
    save_tab = models.CharField(max_length=40, blank=True)
    save_seq = models.PositiveBigIntegerField(default=0)
    conducted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The interviewer, for a call run live by phone.",
    )

    class Meta:
        ordering = ["attempt", "started_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "task_key"], name="one_response_per_task"),
            models.CheckConstraint(
                condition=Q(deadline__gt=models.F("started_at")),
                name="response_deadline_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_key} of attempt {self.attempt_id}"


class TurnRecording(models.Model):
    """The candidate's spoken answer to one turn of the mock call (private storage)."""

    response = models.ForeignKey(TaskResponse, on_delete=models.CASCADE, related_name="recordings")
    turn_key = models.SlugField(max_length=20)
    audio = models.FileField(upload_to="recordings/%Y/%m/", max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "turn_key"], name="one_recording_per_turn"),
        ]

    def __str__(self) -> str:
        return f"Recording of {self.turn_key}"


class IntegrityEventKind(models.TextChoices):
    FOCUS_LOST = "focus_lost", "Left the page"
    PASTE = "paste", "Pasted text"


class IntegrityEvent(models.Model):
    """An advisory signal for reviewers (the candidate left the page, pasted text). It proves
    nothing on its own: people switch tabs to read a ticket, and paste their own drafts."""

    response = models.ForeignKey(TaskResponse, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=IntegrityEventKind)
    at = models.DateTimeField(default=timezone.now)
    detail = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} at {self.at:%H:%M:%S}"


# --- scoring, review and decisions ----------------------------------------------------------


class AutoScore(models.Model):
    """What the machine found in one response: the quiz's score, or advisory checks with their
    evidence. Advisory checks never set a rubric level; reviewers and managers read them."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="auto_scores")
    task_key = models.SlugField(max_length=40)
    kind = models.CharField(max_length=20, choices=TaskKind)
    scorer_version = models.CharField(max_length=40)
    score = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, help_text="Quiz only: 0-100."
    )
    compliance_flag = models.BooleanField(default=False)
    details = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["attempt", "task_key"], name="one_auto_score_per_task"),
        ]

    def __str__(self) -> str:
        return f"{self.task_key} of attempt {self.attempt_id} ({self.scorer_version})"


class Recommendation(models.TextChoices):
    """A reviewer's overall view: four points, no middle to hide in."""

    STRONG_NO = "strong_no", "Strong no"
    NO = "no", "No"
    YES = "yes", "Yes"
    STRONG_YES = "strong_yes", "Strong yes"


class Review(models.Model):
    """One reviewer's scoring of one response against the rubric of its revision.

    Created when the response is assigned; submitted once. A submitted review never changes:
    an amendment is a new review that supersedes it, and both stay on record.
    """

    response = models.ForeignKey(TaskResponse, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews"
    )
    assigned_at = models.DateTimeField(default=timezone.now)
    is_tiebreak = models.BooleanField(
        default=False, help_text="A third review a manager asked for when two disagreed."
    )
    recommendation = models.CharField(max_length=10, choices=Recommendation, blank=True)
    justification = models.TextField(max_length=2000, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    amends = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="amendments"
    )
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "reviewer"],
                condition=Q(superseded_at__isnull=True),
                name="one_current_review_per_reviewer",
            ),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True) | ~Q(recommendation=""),
                name="submitted_review_has_recommendation",
            ),
        ]
        indexes = [
            models.Index(
                fields=["reviewer", "assigned_at"],
                name="review_open_queue_idx",
                condition=Q(submitted_at__isnull=True, superseded_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"Review {self.pk} of response {self.response_id}"


class CriterionScore(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion_key = models.SlugField(max_length=40)
    level = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(max_length=1000, blank=True)

    class Meta:
        ordering = ["review", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion_key"], name="one_score_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5), name="criterion_level_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_key}: {self.level}"


class Settlement(models.Model):
    """How a manager settled reviewers who disagreed by two levels or more on a criterion."""

    class Method(models.TextChoices):
        AGREED_LEVEL = "agreed_level", "Agreed level"
        THIRD_REVIEW = "third_review", "Third review"

    response = models.ForeignKey(TaskResponse, on_delete=models.CASCADE, related_name="settlements")
    criterion_key = models.SlugField(max_length=40)
    method = models.CharField(max_length=15, choices=Method)
    level = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    reason = models.CharField(max_length=500)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(method="agreed_level") | Q(level__isnull=False),
                name="agreed_settlement_has_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_key} settled by {self.method}"


class CalibrationRecord(models.Model):
    """A reviewer's scoring of a rubric's calibration set, and how well it matched."""

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calibrations"
    )
    template = models.ForeignKey(
        AssessmentTemplate, on_delete=models.CASCADE, related_name="calibrations"
    )
    task_key = models.SlugField(max_length=40)
    revision = models.ForeignKey(TemplateRevision, on_delete=models.PROTECT, related_name="+")
    levels = models.JSONField(help_text="Sample key to {criterion key: level}.")
    agreement = models.FloatField(
        null=True, help_text="Quadratic-weighted kappa against the agreed levels."
    )
    exact_share = models.FloatField(help_text="Share of levels equal to the agreed level.")
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-completed_at", "-pk"]
        indexes = [
            models.Index(fields=["reviewer", "template", "task_key"], name="calibration_lookup_idx")
        ]

    def __str__(self) -> str:
        return f"Calibration of {self.reviewer} on {self.task_key}"


class ResultRecommendation(models.TextChoices):
    ADVANCE = "advance", "Advance"
    REVIEW = "review", "Look closer"
    REJECT = "reject", "Reject"


class Result(models.Model):
    """An attempt's numbers: per task 0-100, the weighted total, and what they suggest."""

    attempt = models.OneToOneField(Attempt, on_delete=models.CASCADE, related_name="result")
    tasks = models.JSONField(help_text="Task key to {score, weight, source}.")
    total = models.DecimalField(max_digits=5, decimal_places=2)
    pass_mark = models.PositiveSmallIntegerField()
    recommendation = models.CharField(max_length=10, choices=ResultRecommendation)
    compliance_flag = models.BooleanField(default=False)
    flags = models.JSONField(default=list, blank=True)
    scorer_versions = models.JSONField(default=dict, blank=True)
    complete = models.BooleanField(
        default=False, help_text="Every review is in and every disagreement settled."
    )
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["recommendation", "complete"], name="result_state_idx")]

    def __str__(self) -> str:
        return f"Result of attempt {self.attempt_id}: {self.total}"


class DecisionOutcome(models.TextChoices):
    ADVANCE = "advance", "Advance"
    HOLD = "hold", "Hold"
    REJECT = "reject", "Reject"


class Decision(models.Model):
    """A hiring manager's decision on an application at one stage, with the reason."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="decisions")
    stage = models.ForeignKey(
        "applicants.Stage", on_delete=models.PROTECT, related_name="+",
        help_text="The stage the application was at when decided.",
    )  # fmt: skip
    attempt = models.ForeignKey(
        Attempt, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    outcome = models.CharField(max_length=10, choices=DecisionOutcome)
    reason = models.TextField(max_length=2000)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    feedback_sent = models.BooleanField(default=False)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "stage"],
                condition=Q(outcome__in=["advance", "reject"]),
                name="one_final_decision_per_stage",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="decision_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} on application {self.application_id}"
