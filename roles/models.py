"""Role profiles: what a job is, what it asks, how it is measured and what it pays.

A recruiter edits a RoleProfile and its ordered children freely. Publishing takes a
RoleRevision: an immutable snapshot of everything a candidate reads. The public board and
role page render the revision, never the live draft, so edits after publishing change
nothing a candidate sees until the role is published again, and an application can point at
exactly what was promised.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import BooleanField, Case, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from .money import pay_range_label


class RoleFamily(models.TextChoices):
    CUSTOMER_SERVICE = "customer_service", "Customer service"
    TEAM_LEADERSHIP = "team_leadership", "Team leadership"
    CUSTOMER_EXPERIENCE = "customer_experience", "Customer experience"
    TECHNICAL_SUPPORT = "technical_support", "Technical support"
    INSIGHTS = "insights", "Customer insights"
    TRAINING = "training", "Training and quality"


class RoleLevel(models.TextChoices):
    ENTRY = "entry", "Entry level"
    EXPERIENCED = "experienced", "Experienced"
    SENIOR = "senior", "Senior"
    LEAD = "lead", "Lead"


class Workplace(models.TextChoices):
    ON_SITE = "on_site", "On-site"
    HYBRID = "hybrid", "Hybrid"
    REMOTE = "remote", "Remote"


class EmploymentType(models.TextChoices):
    # The codes map onto schema.org's employmentType values (FULL_TIME, ...).
    FULL_TIME = "full_time", "Full-time"
    PART_TIME = "part_time", "Part-time"
    CONTRACT = "contract", "Contract"
    TEMPORARY = "temporary", "Temporary"


class Channel(models.TextChoices):
    VOICE = "voice", "Phone"
    CHAT = "chat", "Chat"
    EMAIL = "email", "Email"
    SOCIAL = "social", "Social media"


class RoleStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    CLOSED = "closed", "Closed"
    ARCHIVED = "archived", "Archived"


country_code = RegexValidator(r"^[A-Z]{2}$", "Use the two-letter country code, such as US or GB.")
currency_code = RegexValidator(r"^[A-Z]{3}$", "Use the three-letter currency code, such as USD.")


class RoleProfileQuerySet(models.QuerySet):
    """The one definition of a live role: published, with a closing date not yet passed.

    A published role without a closing date is not live (publishing requires one, so only
    an edit after publishing can blank it), and it closes with the expired ones.
    """

    @staticmethod
    def live_condition(*, prefix: str = "", today=None) -> Q:
        """The rule as a ``Q``; ``prefix`` reaches it through a relation ("role__")."""
        return Q(
            **{
                f"{prefix}status": RoleStatus.PUBLISHED,
                f"{prefix}valid_through__gte": today or timezone.localdate(),
            }
        )

    def live(self) -> "RoleProfileQuerySet":
        return self.filter(self.live_condition())

    def expired(self, *, today=None) -> "RoleProfileQuerySet":
        """Published, but no longer live: what the hourly job closes."""
        return self.filter(status=RoleStatus.PUBLISHED).exclude(self.live_condition(today=today))

    def with_is_live(self) -> "RoleProfileQuerySet":
        return self.annotate(is_live=live_annotation())


def live_annotation(prefix: str = "") -> Case:
    """``is_live`` as a column, for pages that show it beside other rows (never NULL)."""
    return Case(
        When(RoleProfileQuerySet.live_condition(prefix=prefix), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


class RoleProfile(models.Model):
    title = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    family = models.CharField(max_length=30, choices=RoleFamily)
    level = models.CharField(max_length=20, choices=RoleLevel, default=RoleLevel.ENTRY)
    team = models.CharField(max_length=120, blank=True)
    summary = models.TextField(
        max_length=2000, help_text="Two to four sentences, written to the candidate."
    )

    city = models.CharField(max_length=100, blank=True)
    region = models.CharField(max_length=100, blank=True, help_text="State, province or county.")
    country = models.CharField(max_length=2, blank=True, validators=[country_code])
    workplace = models.CharField(max_length=10, choices=Workplace, default=Workplace.ON_SITE)
    remote_eligibility = models.CharField(
        max_length=120,
        blank=True,
        help_text="For remote roles: where applicants must live, such as 'United States'.",
    )
    employment_type = models.CharField(
        max_length=20, choices=EmploymentType, default=EmploymentType.FULL_TIME
    )
    shift_pattern = models.CharField(max_length=200, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(80)]
    )
    coverage = models.CharField(max_length=200, blank=True, help_text="Days and hours covered.")
    channels = models.JSONField(default=list, blank=True)
    openings = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )

    status = models.CharField(
        max_length=10, choices=RoleStatus, default=RoleStatus.DRAFT, db_index=True
    )
    valid_through = models.DateField(
        null=True, blank=True, help_text="Last day applications are accepted."
    )
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    rejection_notice_delay_hours = models.PositiveSmallIntegerField(
        default=48,
        validators=[MaxValueValidator(24 * 14)],
        help_text="How long after a rejection the candidate is told, so the news is never instant.",
    )
    current_revision = models.OneToOneField(
        "RoleRevision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The revision candidates see while the role is published.",
    )

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="owned_roles",
        help_text="The recruiter responsible for this role.",
    )
    hiring_managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="managed_roles"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RoleProfileQuerySet.as_manager()

    # The ordered sections of a profile, by their relation names: copied when a role is
    # duplicated, prefetched for editing, edited as inline formsets under these prefixes.
    CHILD_RELATIONS = (
        "responsibilities",
        "qualifications",
        "kpi_targets",
        "career_steps",
        "screening_questions",
    )

    class Meta:
        ordering = ["-updated_at"]
        indexes = [
            models.Index(fields=["status", "valid_through"], name="role_status_valid_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=RoleStatus.PUBLISHED) | Q(current_revision__isnull=False),
                name="role_published_has_revision",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("roles:detail", kwargs={"slug": self.slug})

    @property
    def location_label(self) -> str:
        place = ", ".join(part for part in (self.city, self.region, self.country) if part)
        if self.workplace == Workplace.REMOTE:
            where = self.remote_eligibility or place
            return f"Remote ({where})" if where else "Remote"
        return place


class OrderedChild(models.Model):
    """A line of a role profile that the recruiter puts in order."""

    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position", "id"]


class ResponsibilityCategory(models.TextChoices):
    SUPPORT = "support", "Customer support"
    INQUIRIES = "inquiries", "Handling inquiries"
    ACCOUNTS = "accounts", "Account management"
    COMPLAINTS = "complaints", "Complaint resolution"
    RELATIONSHIPS = "relationships", "Customer relationships"
    DOCUMENTATION = "documentation", "Documentation"
    COLLABORATION = "collaboration", "Working with other teams"
    LEARNING = "learning", "Learning and product knowledge"
    COMPLIANCE = "compliance", "Policy and compliance"
    LEADERSHIP = "leadership", "Leading people"
    ANALYSIS = "analysis", "Analysis and reporting"
    OTHER = "other", "Other"


class Responsibility(OrderedChild):
    role = models.ForeignKey(RoleProfile, on_delete=models.CASCADE, related_name="responsibilities")
    category = models.CharField(
        max_length=20,
        choices=ResponsibilityCategory,
        default=ResponsibilityCategory.SUPPORT,
    )
    text = models.CharField(max_length=400)

    class Meta(OrderedChild.Meta):
        verbose_name_plural = "responsibilities"

    def __str__(self) -> str:
        return self.text


class QualificationKind(models.TextChoices):
    REQUIRED = "required", "Required"
    PREFERRED = "preferred", "Preferred"


class QualificationCategory(models.TextChoices):
    EDUCATION = "education", "Education"
    TECHNICAL = "technical", "Technical skills"
    COMMUNICATION = "communication", "Communication"
    PROBLEM_SOLVING = "problem_solving", "Problem solving"
    EXPERIENCE = "experience", "Experience"
    LANGUAGE = "language", "Languages"


class Qualification(OrderedChild):
    role = models.ForeignKey(RoleProfile, on_delete=models.CASCADE, related_name="qualifications")
    kind = models.CharField(
        max_length=10, choices=QualificationKind, default=QualificationKind.REQUIRED
    )
    category = models.CharField(max_length=20, choices=QualificationCategory)
    text = models.CharField(max_length=400)

    def __str__(self) -> str:
        return self.text


class KpiMetric(models.TextChoices):
    CSAT = "csat", "Customer satisfaction (CSAT)"
    FCR = "fcr", "First contact resolution (FCR)"
    AHT = "aht", "Average handle time (AHT)"
    ABANDONMENT = "abandonment", "Abandonment rate"
    ADHERENCE = "adherence", "Schedule adherence"
    QUALITY = "quality", "Quality score"
    ESCALATION_RATE = "escalation_rate", "Escalation rate"
    RESPONSE_SLA = "response_sla", "Response time"
    RESOLUTION_RATE = "resolution_rate", "Resolution rate"
    NPS = "nps", "Net promoter score (NPS)"
    OTHER = "other", "Other"


class Comparator(models.TextChoices):
    AT_LEAST = "at_least", "at least"
    AT_MOST = "at_most", "at most"
    ABOUT = "about", "about"


class KpiUnit(models.TextChoices):
    PERCENT = "percent", "%"
    SECONDS = "seconds", "seconds"
    MINUTES = "minutes", "minutes"
    HOURS = "hours", "hours"
    SCORE = "score", "points"


class KpiChannel(models.TextChoices):
    ANY = "any", "All channels"
    VOICE = "voice", "Phone"
    CHAT = "chat", "Chat"
    EMAIL = "email", "Email"
    SOCIAL = "social", "Social media"


class KpiTarget(OrderedChild):
    role = models.ForeignKey(RoleProfile, on_delete=models.CASCADE, related_name="kpi_targets")
    metric = models.CharField(max_length=20, choices=KpiMetric)
    comparator = models.CharField(max_length=10, choices=Comparator)
    value = models.DecimalField(
        max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    unit = models.CharField(max_length=10, choices=KpiUnit)
    channel = models.CharField(max_length=10, choices=KpiChannel, default=KpiChannel.ANY)
    note = models.CharField(max_length=200, blank=True)

    class Meta(OrderedChild.Meta):
        constraints = [
            models.CheckConstraint(
                condition=~Q(unit="percent") | Q(value__lte=100), name="kpi_percent_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_metric_display()} {self.get_comparator_display()} {self.value}"


class CareerStep(OrderedChild):
    role = models.ForeignKey(RoleProfile, on_delete=models.CASCADE, related_name="career_steps")
    title = models.CharField(max_length=120)
    after_months_min = models.PositiveSmallIntegerField(validators=[MaxValueValidator(240)])
    after_months_max = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(240)]
    )
    typical_raise_percent = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(200)]
    )

    class Meta(OrderedChild.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(after_months_max__isnull=True)
                | Q(after_months_max__gte=F("after_months_min")),
                name="career_step_months_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Training(models.Model):
    role = models.OneToOneField(RoleProfile, on_delete=models.CASCADE, related_name="training")
    onboarding_hours = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(2000)]
    )
    classroom_weeks = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(52)]
    )
    mentored_weeks = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(52)]
    )
    ongoing_plan = models.TextField(max_length=2000, blank=True)

    def __str__(self) -> str:
        return f"Training for {self.role}"


class PayPeriod(models.TextChoices):
    # unitText values of schema.org's QuantitativeValue for baseSalary.
    HOUR = "hour", "per hour"
    MONTH = "month", "per month"
    YEAR = "year", "per year"


class Compensation(models.Model):
    role = models.OneToOneField(RoleProfile, on_delete=models.CASCADE, related_name="compensation")
    currency = models.CharField(max_length=3, blank=True, validators=[currency_code])
    pay_period = models.CharField(max_length=10, choices=PayPeriod, default=PayPeriod.YEAR)
    minimum = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    maximum = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    bonus = models.CharField(max_length=300, blank=True)
    benefits = models.TextField(max_length=2000, blank=True)
    perks = models.TextField(max_length=2000, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum__isnull=True)
                | Q(maximum__isnull=True)
                | Q(minimum__lte=F("maximum")),
                name="compensation_min_not_above_max",
            ),
        ]

    def __str__(self) -> str:
        return f"Pay for {self.role}"


class AnswerType(models.TextChoices):
    YES_NO = "yes_no", "Yes or no"
    NUMBER = "number", "Number"
    SHORT_TEXT = "short_text", "Short text"


class KnockoutRule(models.TextChoices):
    NEVER = "never", "Never rules anyone out"
    ANSWER_IS_NO = "answer_is_no", "Rules out a 'no'"
    ANSWER_IS_YES = "answer_is_yes", "Rules out a 'yes'"
    NUMBER_BELOW = "number_below", "Rules out a number below the value"


class ScreeningQuestion(OrderedChild):
    role = models.ForeignKey(
        RoleProfile, on_delete=models.CASCADE, related_name="screening_questions"
    )
    text = models.CharField(max_length=300)
    answer_type = models.CharField(max_length=12, choices=AnswerType)
    knockout_when = models.CharField(
        max_length=15, choices=KnockoutRule, default=KnockoutRule.NEVER
    )
    knockout_value = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)

    class Meta(OrderedChild.Meta):
        constraints = [
            models.CheckConstraint(
                condition=~Q(knockout_when="number_below") | Q(knockout_value__isnull=False),
                name="screening_number_rule_has_value",
            ),
        ]

    def __str__(self) -> str:
        return self.text


class RoleRevision(models.Model):
    """What candidates saw: a frozen copy of the profile taken when it was published.

    ``snapshot`` holds every section as plain data. The columns beside it copy what the board
    filters and searches on, so the board needs no JSON queries and each filter has an index.
    """

    role = models.ForeignKey(RoleProfile, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    title = models.CharField(max_length=120)
    summary = models.TextField()
    city = models.CharField(max_length=100, blank=True)
    region = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=2, blank=True)
    workplace = models.CharField(max_length=10, choices=Workplace)
    employment_type = models.CharField(max_length=20, choices=EmploymentType)
    currency = models.CharField(max_length=3)
    pay_period = models.CharField(max_length=10, choices=PayPeriod)
    pay_minimum = models.DecimalField(max_digits=10, decimal_places=2)
    pay_maximum = models.DecimalField(max_digits=10, decimal_places=2)
    annual_pay_maximum = models.DecimalField(
        max_digits=12, decimal_places=2, help_text="The top of the range as a yearly amount."
    )
    search_document = models.TextField(
        help_text="Title, summary, responsibilities and qualifications, for search."
    )

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["role", "number"], name="revision_number_per_role"),
        ]
        indexes = [
            models.Index(fields=["workplace"], name="revision_workplace_idx"),
            models.Index(fields=["employment_type"], name="revision_employment_idx"),
            models.Index(fields=["annual_pay_maximum"], name="revision_annual_pay_idx"),
            models.Index(fields=["city"], name="revision_city_idx"),
            models.Index(fields=["-published_at"], name="revision_published_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (revision {self.number})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("A role revision is a record of what was published; it never changes.")
        super().save(*args, **kwargs)

    @property
    def pay_label(self) -> str:
        return pay_range_label(self.currency, self.pay_minimum, self.pay_maximum, self.pay_period)

    def delete(self, *args, **kwargs):
        raise ValueError("A role revision is a record of what was published; it is never deleted.")


class BoardListing(models.Model):
    """One row per published role: its current revision, narrowed to what the search reads.

    The search over 10,000 live roles found its matches among every revision ever published,
    read each to test the filters, and probed the role twice to know it was live. Here the
    search words' index covers only published roles, the filters sit on the same narrow row,
    and the closing date beside them keeps the live rule without a join. Kept exact by the
    services that publish, close, expire and edit roles (``services.sync_board_listing``), in
    their transaction. A row whose closing date has passed stays until the expiry job closes
    its role: the search tests ``valid_through`` itself (``selectors.live_listings``).

    On PostgreSQL the table also holds ``search_vector`` and ``title_vector``, copied from the
    revision (migration 0006); like the revision's, Django does not model them.
    """

    role = models.OneToOneField(
        RoleProfile, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    revision = models.OneToOneField(RoleRevision, on_delete=models.CASCADE, related_name="+")
    published_at = models.DateTimeField()
    valid_through = models.DateField(null=True)
    workplace = models.CharField(max_length=10, choices=Workplace)
    employment_type = models.CharField(max_length=20, choices=EmploymentType)
    city = models.CharField(max_length=100, blank=True)
    annual_pay_maximum = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        indexes = [models.Index(fields=["-published_at"], name="listing_published_idx")]

    def __str__(self) -> str:
        return f"Listing of role {self.role_id}, revision {self.revision_id}"
