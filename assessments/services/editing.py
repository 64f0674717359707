"""Saving the template editor's pages: each page in one transaction, rows in order."""

from django.db import transaction
from django.utils.text import slugify

from csa_portal.formsets import save_ordered

from ..models import AssessmentTemplate, Criterion, Level, Rubric, Task, TemplateStatus


@transaction.atomic
def save_template(*, form, tasks) -> AssessmentTemplate:
    template = form.save()
    tasks.instance = template
    save_ordered(tasks)
    return template


@transaction.atomic
def save_task_content(*, task: Task, details=None, formsets=(), branches=None) -> Task:
    if details is not None:
        details.save()
    for formset in formsets:
        formset.instance = task
        save_ordered(formset)
    if branches is not None:
        for obj in branches.save(commit=False):
            obj.save()
        for obj in branches.deleted_objects:
            obj.delete()
    return task


@transaction.atomic
def save_question(*, form, options):
    question = form.save()
    options.instance = question
    save_ordered(options)
    return question


@transaction.atomic
def save_rubric(*, task: Task, form, criteria) -> Rubric:
    rubric = form.save(commit=False)
    rubric.task = task
    rubric.save()
    criteria.instance = rubric
    save_ordered(criteria)
    return rubric


@transaction.atomic
def save_criterion(*, form, levels) -> Criterion:
    criterion = form.save()
    for level_form in levels:
        level = level_form.save(commit=False)
        level.criterion = criterion
        level.score = level_form.score
        level.save()
    return criterion


@transaction.atomic
def duplicate_template(*, template: AssessmentTemplate, by) -> AssessmentTemplate:
    """A new draft with the same tasks, content and rubrics, to edit into another assessment."""
    from ..selectors import template_for_editing

    source = template_for_editing(template.pk)
    copy = AssessmentTemplate.objects.create(
        key=_free_key(f"{source.key}-copy"),
        name=f"{source.name} (copy)"[:150],
        summary=source.summary,
        reviewers_per_response=source.reviewers_per_response,
        pass_mark=source.pass_mark,
        status=TemplateStatus.DRAFT,
        owner=by,
    )
    for task in source.tasks.all():
        _copy_task(task, copy)
    return copy


def _free_key(base: str) -> str:
    base = slugify(base)[:50] or "assessment"
    taken = set(
        AssessmentTemplate.objects.filter(key__startswith=base).values_list("key", flat=True)
    )
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


def _copy_task(task: Task, template: AssessmentTemplate) -> None:
    turns = list(task.turns.all())
    entries, parts = list(task.ticket_entries.all()), list(task.parts.all())
    questions = list(task.questions.all())
    samples = list(task.calibration_samples.all())
    rubric = getattr(task, "rubric", None)
    task.pk, task.template = None, template
    task.save()
    for turn in turns:
        branches = list(turn.branches.all())
        turn.pk, turn.task = None, task
        turn.save()
        for branch in branches:
            branch.pk, branch.turn = None, turn
            branch.save()
    for row in [*entries, *parts, *samples]:
        row.pk, row.task = None, task
        row.save()
    for question in questions:
        options = list(question.options.all())
        question.pk, question.task = None, task
        question.save()
        for option in options:
            option.pk, option.question = None, question
            option.save()
    if rubric is not None:
        criteria = list(rubric.criteria.all())
        rubric.pk, rubric.task = None, task
        rubric.save()
        for criterion in criteria:
            levels = list(criterion.levels.all())
            criterion.pk, criterion.rubric = None, rubric
            criterion.save()
            Level.objects.bulk_create(
                Level(criterion=criterion, score=lv.score, anchor=lv.anchor, feedback=lv.feedback)
                for lv in levels
            )
