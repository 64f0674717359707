"""Reads the pipeline pages share: a role's board and one application in full.

Every read here runs a fixed number of queries whatever the number of applications, so the
board of a role with thousands of candidates costs what the board of a new role costs.
Self-identification answers are never read here: they are for aggregate reports only.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    QuerySet,
    RowRange,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber, Upper
from django.utils import timezone

from csa_portal.models import OutboundMessage
from roles.models import RoleProfile, live_annotation
from roles.selectors import roles_visible_to

from . import extensions
from .models import (
    Application,
    ApplicationStatus,
    Candidate,
    Note,
    RejectionReason,
    Stage,
    StageChange,
    application_outbox_key,
    application_outbox_key_sql,
    searched_text,
)
from .screening import knockout_reasons

CARDS_PER_COLUMN = 15
MAX_SEARCH_WORDS = 10
NEWEST_FIRST = ("-created_at", "-pk")
# What a card shows; the resume text, answers and cover letter stay in the database.
CARD_FIELDS = (
    "id",
    "candidate_id",
    "name",
    "role_id",
    "stage_id",
    "stage_entered_at",
    "status",
    "source",
    "knocked_out",
    "created_at",
)
MAIL_LABELS = {
    "applicants/application_received": "Application received",
    "applicants/already_applied": "Applied again: told the first application stands",
    "applicants/stage_moved": "Stage update",
    "applicants/rejection": "Not progressing",
}


# --- the board ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardFilters:
    q: str = ""
    stage: Stage | None = None
    knocked_out: bool = False
    status: str = ApplicationStatus.ACTIVE

    @property
    def is_filtered(self) -> bool:
        return bool(self.q or self.stage or self.knocked_out)


@dataclass
class Column:
    stage: Stage
    count: int
    cards: list[Application] = field(default_factory=list)

    @property
    def hidden(self) -> int:
        """Matching applications not shown as cards in this column."""
        return max(self.count - len(self.cards), 0)


@dataclass
class Board:
    role: RoleProfile
    stages: list[Stage]
    filters: BoardFilters
    columns: list[Column]
    status_counts: dict[str, int]
    page: Page | None = None  # set when one stage is listed in full, page by page

    @property
    def count(self) -> int:
        return sum(column.count for column in self.columns)


def applications_visible_to(user) -> QuerySet[Application]:
    """Applications to the roles this user may see (the same rule as for the roles)."""
    return Application.objects.filter(role__in=roles_visible_to(user))


def search_applications(applications: QuerySet[Application], query: str) -> QuerySet[Application]:
    """Every word must appear in the name, the email or the resume text of the application.

    A case-insensitive substring match, the same on every database, in one text made of the
    three columns of the application itself (``searched_text``; the email is the address as
    sent with the application, see ``Application.email``). On PostgreSQL the planner answers
    each word from the role's index and the trigram index of migration 0010 on that text
    (``BitmapAnd``), so only the matching rows of the role are read. Elsewhere it scans the
    role's applications.
    """
    words = query.split()[:MAX_SEARCH_WORDS]
    if not words:
        return applications
    applications = applications.alias(searched=searched_text())
    for word in words:
        applications = applications.filter(searched__contains=Upper(Value(word)))
    return applications


def matching_applications(role: RoleProfile, filters: BoardFilters) -> QuerySet[Application]:
    """The role's applications that match the search and filters, whatever their status."""
    applications = Application.objects.filter(role=role)
    if filters.knocked_out:
        applications = applications.filter(knocked_out=True)
    if filters.stage is not None:
        applications = applications.filter(stage=filters.stage)
    return search_applications(applications, filters.q)


def pipeline_for_role(
    role: RoleProfile,
    *,
    stages: list[Stage],
    filters: BoardFilters | None = None,
    page_number: str | int | None = None,
    per_column: int | None = None,
) -> Board:
    """The board: a column per stage with its count and its newest cards.

    One query for the whole board whatever the size of the role: the counts and the newest
    ``per_column`` cards of every column together (``_board_in_one_pass``). With a stage
    filter, that one stage is listed in full, ``per_column`` cards a page: its counts, then
    the page.
    """
    filters = filters or BoardFilters()
    per_column = per_column or CARDS_PER_COLUMN
    matching = matching_applications(role, filters)
    page = None
    if filters.stage is None:
        rows, per_stage, status_counts = _board_in_one_pass(matching, filters.status, per_column)
        columns = [Column(stage=stage, count=per_stage.get(stage.pk, 0)) for stage in stages]
    else:
        per_stage, status_counts = _counts(matching, filters.status)
        columns = [Column(stage=filters.stage, count=per_stage.get(filters.stage.pk, 0))]
        # A card shows the name the application was sent with: no join to the candidates.
        cards = matching.filter(status=filters.status).only(*CARD_FIELDS).order_by(*NEWEST_FIRST)
        paginator = Paginator(cards, per_column)
        # The count is already known from the counts query; this saves a second COUNT(*).
        paginator.count = columns[0].count
        page = paginator.get_page(page_number)
        rows = list(page.object_list)
    by_stage = {column.stage.pk: column for column in columns}
    for card in rows:
        column = by_stage.get(card.stage_id)
        if column is not None:
            card.stage = column.stage  # the card knows its stage without a query
            card.badges = []
            column.cards.append(card)
    if rows:
        for hook in extensions.BOARD_CARDS:  # the assessment state and score, say
            hook(rows)
    return Board(
        role=role,
        stages=stages,
        filters=filters,
        columns=columns,
        status_counts=status_counts,
        page=page,
    )


def _counts(matching: QuerySet[Application], status: str) -> tuple[dict[int, int], dict[str, int]]:
    """Per stage for the status shown, and per status over all stages, in one query."""
    per_stage: dict[int, int] = {}
    per_status = dict.fromkeys(ApplicationStatus.values, 0)
    rows = matching.order_by().values_list("stage_id", "status").annotate(n=Count("pk"))
    for stage_id, row_status, n in rows:
        per_status[row_status] = per_status.get(row_status, 0) + n
        if row_status == status:
            per_stage[stage_id] = n
    return per_stage, per_status


def _board_in_one_pass(
    matching: QuerySet[Application], status: str, limit: int
) -> tuple[list[Application], dict[int, int], dict[str, int]]:
    """The newest ``limit`` cards of each stage for the status shown, and every count.

    One query, so the role's applications (or a search's matches) are read once, not once
    for the counts and again for the cards. Window functions number each application within
    its stage and status, newest first, and count its group; the rows kept are the cards
    (the status shown, up to ``limit`` a stage) and the first row of every other group, which
    only carries that group's count. At most ``stages x (limit + 3)`` rows come back.
    """
    group = [F("stage_id"), F("status")]
    newest_first = [F("created_at").desc(), F("pk").desc()]
    ranked = (
        matching.only(*CARD_FIELDS)
        .annotate(
            place=Window(RowNumber(), partition_by=group, order_by=newest_first),
            # the same window, framed to the whole group: one pass computes both
            in_group=Window(
                Count("*"),
                partition_by=group,
                order_by=newest_first,
                frame=RowRange(start=None, end=None),
            ),
        )
        .filter(place__lte=Case(When(status=status, then=Value(limit)), default=Value(1)))
        .order_by()  # sorted below: ordering the query sorted every row before the filter
    )
    cards: list[Application] = []
    per_stage: dict[int, int] = {}
    per_status = dict.fromkeys(ApplicationStatus.values, 0)
    for row in ranked:
        if row.place == 1:
            per_status[row.status] = per_status.get(row.status, 0) + row.in_group
            if row.status == status:
                per_stage[row.stage_id] = row.in_group
        if row.status == status:
            cards.append(row)
    cards.sort(key=lambda card: (card.created_at, card.pk), reverse=True)
    return cards, per_stage, per_status


def active_rejection_reasons() -> QuerySet[RejectionReason]:
    return RejectionReason.objects.filter(is_active=True).order_by("position", "label")


# --- one application ------------------------------------------------------------------------


@dataclass(frozen=True)
class ScreeningAnswer:
    question: str
    answer: str
    knocked_out: bool


@dataclass
class ApplicationDetail:
    application: Application
    screening: list[ScreeningAnswer]
    history: list[StageChange]
    notes: list[Note]
    mails: list[OutboundMessage]


def application_for_staff(user, pk: int) -> Application | None:
    """One application with what its page header needs, if this user may see its role."""
    return (
        applications_visible_to(user)
        .select_related("candidate", "revision", "stage", "role", "rejection_reason")
        .filter(pk=pk)
        .first()
    )


def application_detail(application: Application) -> ApplicationDetail:
    """Everything the application page lists below the header, in three queries."""
    history = list(
        StageChange.objects.filter(application=application)
        .select_related("from_stage", "to_stage", "by")
        .order_by("at", "pk")
    )
    notes = list(
        Note.objects.filter(application=application)
        .select_related("author")
        .order_by("created_at", "pk")
    )
    mails = list(
        OutboundMessage.objects.filter(related_key=application_outbox_key(application.pk))
        .only("template", "subject", "status", "send_after", "sent_at", "created_at")
        .order_by("created_at", "pk")
    )
    for change in history:
        change.to_status_label = ApplicationStatus(change.to_status).label
    for mail in mails:
        mail.label = MAIL_LABELS.get(mail.template, mail.template)
    return ApplicationDetail(
        application=application,
        screening=screening_answers(application),
        history=history,
        notes=notes,
        mails=mails,
    )


UNSENT = (OutboundMessage.Status.QUEUED, OutboundMessage.Status.FAILED)


def undoable_rejection(detail: ApplicationDetail) -> StageChange | None:
    """The rejection the page can offer to undo: the latest change, its mail still unsent.

    Read from what the page already loaded (no query); ``services.undo_change`` checks again
    under a lock, since the mail may go while the recruiter looks at the page.
    """
    application = detail.application
    if not detail.history or application.status != ApplicationStatus.REJECTED:
        return None
    latest = detail.history[-1]
    if (
        latest.undone_at is not None
        or latest.to_status != ApplicationStatus.REJECTED
        or latest.from_status != ApplicationStatus.ACTIVE
        or application.candidate.anonymised_at is not None
    ):
        return None
    if latest.notice_id is not None:
        notices = [mail for mail in detail.mails if mail.pk == latest.notice_id]
    else:  # recorded before changes kept their mail
        notices = [
            mail
            for mail in detail.mails
            if mail.template == REJECTION_MAIL and mail.created_at >= latest.at
        ]
    if notices and all(mail.status in UNSENT for mail in notices):
        latest.pending_mail = notices[0]
        return latest
    return None


def screening_answers(application: Application) -> list[ScreeningAnswer]:
    """The questions as the candidate read them, each answer marked if it knocked them out."""
    questions = {
        str(question["id"]): question
        for question in application.revision.snapshot.get("screening_questions", [])
    }
    answers = []
    for entry in application.screening_answers or []:
        key, answer = str(entry.get("id", "")), str(entry.get("answer", ""))
        question = questions.get(key)
        knocked_out = bool(question and knockout_reasons([question], {key: answer}))
        answers.append(
            ScreeningAnswer(
                question=str(entry.get("question", "")), answer=answer, knocked_out=knocked_out
            )
        )
    return answers


# --- the candidate's view -------------------------------------------------------------------

REJECTION_MAIL = "applicants/rejection"
REJECTED_NEXT_STEP = (
    "Thank you for the time you gave your application. We have emailed you about our "
    "decision. You are welcome to apply for other roles at any time."
)
WITHDRAWN_NEXT_STEP = (
    "You withdrew this application, so we are no longer considering it. While the role is "
    "open you can apply again."
)


def with_rejection_pending(applications: QuerySet[Application]) -> QuerySet[Application]:
    """Annotate ``rejection_pending``: the rejection mail still waits in the outbox."""
    unsent_rejection_mail = OutboundMessage.objects.filter(
        related_key=application_outbox_key_sql(OuterRef("pk")),
        template=REJECTION_MAIL,
        status__in=[OutboundMessage.Status.QUEUED, OutboundMessage.Status.SENDING],
    )
    return applications.annotate(rejection_pending=Exists(unsent_rejection_mail))


def applications_for_portal(candidate: Candidate) -> QuerySet[Application]:
    """The candidate's own applications with everything their page shows, in one query.

    ``rejection_pending`` is true while the rejection mail still waits in the outbox. A role
    can delay that mail so a decision never feels automatic; until it goes out, the portal
    must not tell the candidate either, so such an application still shows its stage.
    """
    return with_rejection_pending(
        Application.objects.filter(candidate=candidate)
        .annotate(role_is_live=live_annotation("role__"))
        .select_related("stage", "revision", "role")
        .defer(
            "resume_text",
            "cover_letter",
            "screening_answers",
            "revision__snapshot",
            "revision__search_document",
            "revision__summary",
            "role__summary",
        )
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class StatusForCandidate:
    """Where an application stands, in the words the candidate reads."""

    label: str
    next_step: str
    is_open: bool
    kind: str  # "open", "hired" or "closed": how the page colours it


def status_for_candidate(application: Application) -> StatusForCandidate:
    """Never the internal rejection reason or note: those are for the hiring team."""
    stage = application.stage
    if application.status == ApplicationStatus.ACTIVE or application.rejection_pending:
        return StatusForCandidate(stage.candidate_label, stage.next_step, True, "open")
    if application.status == ApplicationStatus.HIRED:
        return StatusForCandidate(stage.candidate_label, stage.next_step, False, "hired")
    if application.status == ApplicationStatus.REJECTED:
        return StatusForCandidate("Not progressing", REJECTED_NEXT_STEP, False, "closed")
    return StatusForCandidate("Withdrawn", WITHDRAWN_NEXT_STEP, False, "closed")


# --- the candidate's own data and background catch-up ---------------------------------------


def export_candidate_data(candidate: Candidate) -> dict:
    """Everything held about the candidate, for the download in their portal."""
    applications = with_rejection_pending(
        candidate.applications.select_related("revision", "stage")
    ).prefetch_related("history__to_stage")
    data = {
        "exported_at": timezone.now().isoformat(),
        "candidate": {
            "name": candidate.name,
            "email": candidate.email,
            "phone": candidate.phone,
            "location": candidate.location,
            "consent_given_at": candidate.consent_given_at.isoformat(),
            "privacy_notice_version": candidate.privacy_notice_version,
            "details_updated_at": (
                candidate.details_updated_at.isoformat() if candidate.details_updated_at else None
            ),
            "talent_pool_consent_at": (
                candidate.talent_pool_consent_at.isoformat()
                if candidate.talent_pool_consent_at
                else None
            ),
        },
        "applications": [
            {
                "role": application.revision.title,
                "applied_at": application.created_at.isoformat(),
                "submitted_details": {
                    "name": application.name,
                    "phone": application.phone,
                    "location": application.location,
                },
                "consent_given_at": application.consent_given_at.isoformat(),
                "privacy_notice_version": application.privacy_notice_version,
                # The same words as the portal: a rejection whose mail is still delayed is
                # not revealed early here either.
                "status": status_for_candidate(application).label,
                "cover_letter": application.cover_letter,
                "screening_answers": application.screening_answers,
                "resume_file_type": application.resume_kind,
                "resume_text": application.resume_text,
                "history": [
                    {
                        "at": change.at.isoformat(),
                        "stage": change.to_stage.candidate_label,
                        "status": change.to_status,
                    }
                    for change in application.history.all()
                    if not (application.rejection_pending and change.to_status == "rejected")
                ],
                "role_as_advertised": application.revision.snapshot,
            }
            for application in applications
        ],
    }
    for section in extensions.EXPORT_SECTIONS:
        name, value = section(candidate)
        data[name] = value
    return data


def applications_missing_resume_text(*, limit: int) -> list[int]:
    cutoff = timezone.now() - timedelta(minutes=5)
    return list(
        Application.objects.filter(resume_text_extracted_at__isnull=True, created_at__lt=cutoff)
        .exclude(resume="")
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
