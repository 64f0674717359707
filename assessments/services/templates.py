"""Assessment templates: installing the shipped content, publishing revisions, and which
template a role uses."""

from datetime import UTC, datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from roles.models import RoleProfile

from ..models import (
    RUBRIC_KINDS,
    AssessmentTemplate,
    CalibrationSample,
    CallBranch,
    CallTurn,
    Criterion,
    Level,
    Option,
    Question,
    ResponsePart,
    RoleAssessment,
    Rubric,
    Task,
    TaskKind,
    TemplateRevision,
    TemplateStatus,
    TicketEntry,
)
from ..snapshot import build_snapshot

MIN_CALL_TURNS = 8


class TemplateNotPublishable(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


class TemplateUnchanged(Exception):
    """Publishing again would take a revision identical to the current one."""


# --- installing shipped content -------------------------------------------------------------


@transaction.atomic
def install_template(*, content: dict, by=None) -> AssessmentTemplate:
    """Create a template from the shipped content (``assessments.content``) and publish it.

    A template with the same key is left as it is: recruiters may have edited it since, and
    their edits win over the content shipped with the code.
    """
    existing = AssessmentTemplate.objects.filter(key=content["key"]).first()
    if existing is not None:
        return existing
    template = AssessmentTemplate.objects.create(
        key=content["key"],
        name=content["name"],
        summary=content["summary"],
        reviewers_per_response=content.get("reviewers_per_response", 2),
        pass_mark=content.get("pass_mark", 60),
        owner=by,
    )
    calibration = content.get("calibration", [])
    for position, task_content in enumerate(content["tasks"], 1):
        task = _install_task(template, task_content, position)
        samples = [s for s in calibration if s["task"] == task.kind]
        CalibrationSample.objects.bulk_create(
            CalibrationSample(
                task=task,
                position=n,
                key=sample["key"],
                label=sample["label"],
                response=sample["response"],
                agreed_levels={k: int(v) for k, v in sample["agreed_levels"].items()},
                rationale=sample.get("rationale", {}),
            )
            for n, sample in enumerate(samples, 1)
        )
    publish_template(template=template, by=by)
    template.refresh_from_db()
    return template


def _install_task(template: AssessmentTemplate, content: dict, position: int) -> Task:
    kind = content["kind"]
    call = content.get("call", {})
    ticket = content.get("ticket", {})
    facts = call.get("account_facts") or ticket.get("customer") or {}
    task = Task.objects.create(
        template=template,
        position=position,
        key=content.get("key", kind),
        kind=kind,
        title=content["title"],
        time_limit_minutes=content["time_limit_minutes"],
        weight=content["weight"],
        instructions=content["instructions"],
        what_we_look_for="\n".join(content.get("what_we_look_for", [])),
        scenario=content["scenario"],
        facts=[{"label": _label(key), "value": str(value)} for key, value in facts.items()],
        customer_name=call.get("customer_name", ""),
        ticket_reference=ticket.get("reference", ""),
        ticket_subject=ticket.get("subject", ""),
        reviewer_notes="\n".join(content.get("key_facts", [])),
    )
    if kind == TaskKind.MOCK_CALL:
        for n, turn_content in enumerate(call["turns"], 1):
            turn = CallTurn.objects.create(
                task=task,
                position=n,
                key=turn_content["key"],
                text=turn_content["text"],
                stage=turn_content["stage"],
                next_key=turn_content.get("next") or "",
                contains_card_number=turn_content.get("contains_card_number", False),
            )
            CallBranch.objects.bulk_create(
                CallBranch(turn=turn, position=m, label=b["label"], next_key=b["next"])
                for m, b in enumerate(turn_content.get("branches", []), 1)
            )
    elif kind == TaskKind.WRITTEN_ESCALATION:
        TicketEntry.objects.bulk_create(
            TicketEntry(
                task=task,
                position=n,
                at=_aware(entry["at"]),
                author=entry["author"],
                channel=entry["channel"],
                body=entry["body"],
            )
            for n, entry in enumerate(ticket["entries"], 1)
        )
        ResponsePart.objects.bulk_create(
            ResponsePart(
                task=task,
                position=n,
                key=part["key"],
                label=part["label"],
                guidance=part.get("guidance", ""),
                min_words=part.get("min_words", 0),
                max_words=part.get("max_words", 400),
            )
            for n, part in enumerate(content["parts"], 1)
        )
    else:
        for n, question_content in enumerate(content["questions"], 1):
            question = Question.objects.create(
                task=task,
                position=n,
                key=question_content["key"],
                competency=question_content["competency"],
                scenario=question_content["scenario"],
                prompt=question_content.get("prompt", "What do you do?"),
            )
            Option.objects.bulk_create(
                Option(
                    question=question,
                    position=m,
                    key=option["key"],
                    text=option["text"],
                    credit=option["credit"],
                    rationale=option.get("rationale", ""),
                )
                for m, option in enumerate(question_content["options"], 1)
            )
    if content.get("rubric"):
        _install_rubric(task, content["rubric"])
    return task


def _install_rubric(task: Task, content: dict) -> Rubric:
    rubric = Rubric.objects.create(task=task, name=content["name"])
    for n, criterion_content in enumerate(content["criteria"], 1):
        criterion = Criterion.objects.create(
            rubric=rubric,
            position=n,
            key=criterion_content["key"],
            name=criterion_content["name"],
            looks_for=criterion_content["looks_for"],
            weight=criterion_content.get("weight", 1),
        )
        Level.objects.bulk_create(
            Level(
                criterion=criterion,
                score=int(score),
                anchor=level["anchor"],
                feedback=level["feedback"],
            )
            for score, level in sorted(criterion_content["levels"].items(), key=lambda i: int(i[0]))
        )
    return rubric


def _label(key: str) -> str:
    """A fact's label as shown: written labels ("ZIP code on file") as they are, snake_case
    keys ("contact_preference") in words."""
    if " " in key or any(c.isupper() for c in key):
        return key
    return key.replace("_", " ").capitalize()


def _aware(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment, UTC)


# --- publishing -----------------------------------------------------------------------------


def publication_problems(snapshot: dict) -> list[str]:
    """Why a template (as its snapshot) cannot be published yet, in words a recruiter can act on."""
    problems = []
    tasks = snapshot["tasks"]
    if not tasks:
        problems.append("Add at least one task.")
    for task in tasks:
        title = task["title"] or task["key"]
        if task["kind"] == TaskKind.MOCK_CALL:
            problems += _call_problems(title, task["call"])
        elif task["kind"] == TaskKind.WRITTEN_ESCALATION:
            if not task["ticket"]["entries"]:
                problems.append(f"{title}: add the ticket history the candidate escalates from.")
            if not task["parts"]:
                problems.append(f"{title}: add at least one part for the candidate to write.")
        else:
            problems += _quiz_problems(title, task["questions"])
        if task["kind"] in RUBRIC_KINDS:
            problems += _rubric_problems(title, task["rubric"])
    return problems


def _call_problems(title: str, call: dict) -> list[str]:
    turns = call["turns"]
    problems = []
    if len(turns) < MIN_CALL_TURNS:
        problems.append(f"{title}: a call needs at least {MIN_CALL_TURNS} customer turns.")
    keys = {turn["key"] for turn in turns}
    for turn in turns:
        targets = [turn["next"]] if turn["next"] else []
        targets += [branch["next"] for branch in turn["branches"]]
        missing = [target for target in targets if target not in keys]
        if missing:
            problems.append(
                f"{title}: turn {turn['key']} leads to {missing[0]}, which is not a turn."
            )
        if turn["branches"] and len(turn["branches"]) < 2:
            problems.append(f"{title}: turn {turn['key']} has one branch; give two or none.")
    return problems


def _quiz_problems(title: str, questions: list[dict]) -> list[str]:
    problems = []
    if not questions:
        problems.append(f"{title}: add the questions.")
    for question in questions:
        options = question["options"]
        best = [option for option in options if option["credit"] == 2]
        if len(options) < 2:
            problems.append(f"{title}: question {question['key']} needs at least two options.")
        if len(best) != 1:
            problems.append(
                f"{title}: question {question['key']} needs exactly one best option (credit 2)."
            )
    return problems


def _rubric_problems(title: str, rubric: dict | None) -> list[str]:
    if rubric is None or not rubric["criteria"]:
        return [f"{title}: add a rubric with at least one criterion; reviewers score against it."]
    problems = []
    for criterion in rubric["criteria"]:
        levels = criterion["levels"]
        complete = all(
            levels.get(str(score), {}).get("anchor") and levels.get(str(score), {}).get("feedback")
            for score in range(1, 6)
        )
        if not complete:
            problems.append(
                f"{title}: {criterion['name']} needs an anchor and feedback for each of its "
                "five levels."
            )
    return problems


@transaction.atomic
def publish_template(*, template: AssessmentTemplate, by) -> TemplateRevision:
    """Check the template is complete and freeze it; new invitations use this revision."""
    from ..selectors import template_for_editing

    template = AssessmentTemplate.objects.select_for_update().get(pk=template.pk)
    if template.status == TemplateStatus.ARCHIVED:
        raise TemplateNotPublishable(["An archived template cannot be published."])
    snapshot = build_snapshot(template_for_editing(template.pk))
    problems = publication_problems(snapshot)
    if problems:
        raise TemplateNotPublishable(problems)
    current = template.current_revision
    if current is not None and current.snapshot == snapshot:
        raise TemplateUnchanged("Nothing has changed since the last published revision.")
    number = (template.revisions.aggregate(last=Max("number"))["last"] or 0) + 1
    revision = TemplateRevision.objects.create(
        template=template, number=number, snapshot=snapshot, published_by=by
    )
    template.current_revision = revision
    template.status = TemplateStatus.PUBLISHED
    template.save(update_fields=["current_revision", "status", "updated_at"])
    return revision


# --- roles ----------------------------------------------------------------------------------


@transaction.atomic
def set_role_assessment(
    *,
    role: RoleProfile,
    template: AssessmentTemplate,
    invite_automatically: bool = True,
    days_to_complete: int = 7,
    blind_review: bool = True,
    share_feedback: bool = False,
) -> RoleAssessment:
    if template.status != TemplateStatus.PUBLISHED:
        raise TemplateNotPublishable(["Publish the template before a role uses it."])
    setting = RoleAssessment.objects.filter(role=role).first() or RoleAssessment(role=role)
    setting.template = template
    setting.invite_automatically = invite_automatically
    setting.days_to_complete = days_to_complete
    setting.blind_review = blind_review
    setting.share_feedback = share_feedback
    setting.full_clean()
    setting.save()
    return setting
