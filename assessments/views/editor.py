"""The template editor's pages (recruiters): the template and its tasks, a task's content,
a quiz question with its options, a rubric and a criterion's five levels."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from csa_portal.access import RECRUITING, staff_view

from .. import editor
from ..models import AssessmentTemplate, Criterion, Question, Rubric, Task, TaskKind
from ..services import editing


def _page(request, *, title, back, forms=(), formsets=(), links=(), note="", status=200):
    return render(
        request,
        "assessments/editor/edit.html",
        {
            "title": title,
            "back": back,
            "forms": [form for form in forms if form is not None],
            "formsets": formsets,
            "links": links,
            "note": note,
        },
        status=status,
    )


def _valid(forms, formsets) -> bool:
    results = [form.is_valid() for form in forms if form is not None]
    results += [formset.is_valid() for formset in formsets]
    return all(results)


def _saved(request, template: AssessmentTemplate):
    messages.success(
        request,
        "Saved. Candidates keep the published version until you publish again.",
    )
    return redirect("staff:assessments:template", pk=template.pk)


def _refused(request):
    messages.error(request, "Nothing was saved: see the messages next to the fields.")


@require_http_methods(["GET", "POST"])
@staff_view(RECRUITING)
def template_edit(request, pk: int):
    template = get_object_or_404(AssessmentTemplate, pk=pk)
    data = request.POST or None
    form = editor.TemplateForm(data, instance=template)
    tasks = editor.prepared(editor.TaskFormSet(data, instance=template, prefix="tasks"), "tasks")
    if request.method == "POST":
        if _valid([form], [tasks]):
            editing.save_template(form=form, tasks=tasks)
            return _saved(request, template)
        _refused(request)
    links = [
        (task.title, f"/staff/assessments/{template.pk}/tasks/{task.pk}/")
        for task in template.tasks.all()
    ]
    return _page(
        request, title=f"Edit {template.name}", back=template, forms=[form], formsets=[tasks],
        links=links, note="Add a task by filling the blank row and choosing its kind; its "
        "content is edited on its own page.", status=400 if request.method == "POST" else 200,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
@staff_view(RECRUITING)
def task_edit(request, pk: int, task_pk: int):
    task = get_object_or_404(Task, pk=task_pk, template_id=pk)
    data = request.POST or None
    details_form_class, sections = editor.TASK_KIND_SECTIONS[task.kind]
    details = details_form_class(data, instance=task) if details_form_class else None
    if details is not None:
        details.helper = editor._plain_helper()
    formsets = [
        editor.prepared(formset_class(data, instance=task, prefix=prefix), prefix)
        for prefix, formset_class in sections
    ]
    branches = editor.branch_formset(task, data) if task.kind == TaskKind.MOCK_CALL else None
    every_formset = [*formsets, *([branches] if branches is not None else [])]
    if request.method == "POST":
        if _valid([details], every_formset):
            editing.save_task_content(
                task=task, details=details, formsets=formsets, branches=branches
            )
            return _saved(request, task.template)
        _refused(request)
    links = []
    if task.kind == TaskKind.SITUATIONAL_QUIZ:
        links = [
            (f"{q.key}: {q.scenario[:60]}", f"/staff/assessments/{pk}/questions/{q.pk}/")
            for q in task.questions.all()
        ]
    if task.kind in (TaskKind.MOCK_CALL, TaskKind.WRITTEN_ESCALATION):
        links.append(("The rubric", f"/staff/assessments/{pk}/tasks/{task.pk}/rubric/"))
    return _page(
        request, title=f"{task.title}: content", back=task.template, forms=[details],
        formsets=every_formset, links=links,
        status=400 if request.method == "POST" else 200,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
@staff_view(RECRUITING)
def question_edit(request, pk: int, question_pk: int):
    question = get_object_or_404(Question, pk=question_pk, task__template_id=pk)
    data = request.POST or None
    form = editor.QuestionForm(data, instance=question)
    options = editor.prepared(
        editor.OptionFormSet(data, instance=question, prefix="options"), "options"
    )
    if request.method == "POST":
        if _valid([form], [options]):
            editing.save_question(form=form, options=options)
            return _saved(request, question.task.template)
        _refused(request)
    return _page(
        request, title=f"Question {question.key}", back=question.task.template, forms=[form],
        formsets=[options], status=400 if request.method == "POST" else 200,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
@staff_view(RECRUITING)
def rubric_edit(request, pk: int, task_pk: int):
    task = get_object_or_404(Task, pk=task_pk, template_id=pk)
    if task.kind not in (TaskKind.MOCK_CALL, TaskKind.WRITTEN_ESCALATION):
        messages.info(request, "The quiz is scored by its key: it has no rubric.")
        return redirect("staff:assessments:template", pk=pk)
    rubric = Rubric.objects.filter(task=task).first() or Rubric(task=task, name=task.title)
    data = request.POST or None
    form = editor.RubricForm(data, instance=rubric)
    criteria = editor.prepared(
        editor.CriterionFormSet(data, instance=rubric, prefix="criteria"), "criteria"
    )
    if request.method == "POST":
        if _valid([form], [criteria]):
            editing.save_rubric(task=task, form=form, criteria=criteria)
            return _saved(request, task.template)
        _refused(request)
    links = [
        (f"{c.name}: its five levels", f"/staff/assessments/{pk}/criteria/{c.pk}/")
        for c in (rubric.criteria.all() if rubric.pk else [])
    ]
    return _page(
        request, title=f"Rubric of {task.title}", back=task.template, forms=[form],
        formsets=[criteria], links=links, status=400 if request.method == "POST" else 200,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
@staff_view(RECRUITING)
def criterion_edit(request, pk: int, criterion_pk: int):
    criterion = get_object_or_404(
        Criterion.objects.select_related("rubric__task__template"),
        pk=criterion_pk,
        rubric__task__template_id=pk,
    )
    data = request.POST or None
    form = editor.CriterionForm(data, instance=criterion)
    levels = editor.level_forms(criterion, data)
    for level in levels:
        level.legend = f"Level {level.score}"
    if request.method == "POST":
        if _valid([form, *levels], []):
            editing.save_criterion(form=form, levels=levels)
            return _saved(request, criterion.rubric.task.template)
        _refused(request)
    return _page(
        request, title=f"{criterion.name}: levels", back=criterion.rubric.task.template,
        forms=[form, *levels], note="An anchor is what a reviewer sees or hears at that level; "
        "the feedback is what the candidate reads about it, in “you”.",
        status=400 if request.method == "POST" else 200,
    )  # fmt: skip


@require_POST
@staff_view(RECRUITING)
def template_duplicate(request, pk: int):
    template = get_object_or_404(AssessmentTemplate, pk=pk)
    copy = editing.duplicate_template(template=template, by=request.user)
    messages.success(request, "This is a new draft copied from the original. Edit and publish.")
    return redirect("staff:assessments:template", pk=copy.pk)
