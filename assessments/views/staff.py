"""The staff side of assessments: inviting, adjustments, a role's assessment, attempts,
recordings, the live call, and the templates."""

import json

from django.contrib import messages
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from applicants.selectors import application_for_staff
from csa_portal.access import HIRING_TEAM, RECRUITING, is_recruiting, staff_view
from roles.selectors import roles_visible_to

from .. import selectors, services, timing
from ..answers import AnswerRejected, call_path, word_count
from ..forms import AccommodationForm, RoleAssessmentForm
from ..models import (
    AssessmentTemplate,
    Attempt,
    RoleAssessment,
    TaskKind,
    TaskResponse,
    TurnRecording,
)
from ..snapshot import build_snapshot
from .candidate import MAX_SAVE_BYTES


def _attempt(request, pk: int) -> Attempt:
    attempt = selectors.attempt_for_staff(request.user, pk)
    if attempt is None:
        raise Http404("No assessment at this address.")
    return attempt


def _application_url(application_id: int) -> str:
    return reverse("staff:applicants:application", kwargs={"pk": application_id}) + "#assessment"


# --- inviting and adjustments ---------------------------------------------------------------


@require_POST
@staff_view(RECRUITING)
def invite(request, pk: int):
    application = application_for_staff(request.user, pk)
    if application is None:
        raise Http404("No application at this address.")
    try:
        services.invite(application=application, by=request.user)
    except services.InvitationRefused as refused:
        return render(
            request,
            "assessments/staff/not_done.html",
            {"message": str(refused), "back": _application_url(application.pk)},
            status=409,
        )
    messages.success(request, f"{application.name} is invited. The invitation mail is on its way.")
    return redirect(_application_url(application.pk))


@require_http_methods(["GET", "POST"])
@staff_view(RECRUITING)
def adjustments(request, pk: int):
    attempt = _attempt(request, pk)
    initial = {
        "time_factor": attempt.time_factor,
        "typed_call": attempt.typed_call,
        "note": attempt.accommodation_note,
    }
    form = AccommodationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_accommodation(attempt=attempt, by=request.user, **form.cleaned_data)
        except services.InvitationRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Adjustments saved. They apply to every task not yet taken.")
            return redirect(_application_url(attempt.application_id))
    return render(
        request,
        "assessments/staff/adjustments.html",
        {
            "attempt": attempt,
            "form": form,
            "requests": attempt.accommodation_requests.order_by("created_at"),
        },
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@staff_view(RECRUITING)
def role_assessment(request, pk: int):
    role = get_object_or_404(roles_visible_to(request.user), pk=pk)
    setting = RoleAssessment.objects.filter(role=role).first()
    form = RoleAssessmentForm(request.POST or None, instance=setting or RoleAssessment(role=role))
    if request.method == "POST" and form.is_valid():
        services.set_role_assessment(role=role, **form.cleaned_data)
        messages.success(
            request, f"Saved: candidates for {role.title} take {form.cleaned_data['template']}."
        )
        return redirect("staff:roles:preview", pk=role.pk)
    return render(
        request,
        "assessments/staff/role_assessment.html",
        {"role": role, "form": form, "setting": setting},
        status=400 if form.is_bound else 200,
    )


# --- attempts -------------------------------------------------------------------------------


@require_GET
@staff_view(HIRING_TEAM)
def attempt_detail(request, pk: int):
    attempt = _attempt(request, pk)
    responses = {
        r.task_key: r
        for r in TaskResponse.objects.filter(attempt=attempt).prefetch_related(
            "recordings", "events"
        )
    }
    sections = [
        _task_section(task, responses.get(task["key"]))
        for task in attempt.revision.snapshot["tasks"]
    ]
    return render(
        request,
        "assessments/staff/attempt.html",
        {
            "attempt": attempt,
            "application": attempt.application,
            "sections": sections,
            "show_adjustments": is_recruiting(request.user),
        },
    )


def _task_section(task: dict, response: TaskResponse | None) -> dict:
    section = {"task": task, "response": response}
    if response is None:
        return section
    section["events"] = list(response.events.all())
    if task["kind"] == TaskKind.MOCK_CALL:
        answers = response.answers.get("turns", {})
        choices = response.answers.get("choices", {})
        recordings = {r.turn_key: r for r in response.recordings.all()}
        labels = {b["next"]: b["label"] for t in task["call"]["turns"] for b in t["branches"]}
        turns = {t["key"]: t for t in task["call"]["turns"]}
        section["turns"] = [
            {
                "key": key,
                "text": turns[key]["text"],
                "answer": answers.get(key, ""),
                "recording": recordings.get(key),
                "seconds": _seconds(recordings.get(key)),
                "choice": labels.get(choices.get(key, ""), ""),
            }
            for key in call_path(task["call"], choices)
        ]
    elif task["kind"] == TaskKind.WRITTEN_ESCALATION:
        section["parts"] = [
            {**part, "text": response.answers.get(part["key"], ""),
             "words": word_count(response.answers.get(part["key"], ""))}
            for part in task["parts"]
        ]  # fmt: skip
    else:
        chosen = response.answers.get("choices", {})
        section["questions"] = []
        for question in task["questions"]:
            options = {option["key"]: option for option in question["options"]}
            section["questions"].append(
                {
                    "question": question,
                    "chosen": options.get(chosen.get(question["key"], "")),
                    "best": next(o for o in question["options"] if o["credit"] == 2),
                }
            )
    return section


def _seconds(recording: TurnRecording | None) -> int | None:
    if recording is None or recording.duration_ms is None:
        return None
    return round(recording.duration_ms / 1000)


@require_GET
@staff_view(HIRING_TEAM)
def recording(request, pk: int, recording_pk: int):
    attempt = _attempt(request, pk)
    take = get_object_or_404(TurnRecording, pk=recording_pk, response__attempt=attempt)
    try:
        handle = take.audio.storage.open(take.audio.name, "rb")
    except (FileNotFoundError, OSError) as missing:
        raise Http404("This recording is no longer available.") from missing
    response = FileResponse(handle, content_type=take.content_type)
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- the live call --------------------------------------------------------------------------


def _call_task(attempt: Attempt) -> dict:
    task = next(
        (t for t in attempt.revision.snapshot["tasks"] if t["kind"] == TaskKind.MOCK_CALL), None
    )
    if task is None:
        raise Http404("This assessment has no practice call.")
    return task


@require_http_methods(["GET", "POST"])
@staff_view(HIRING_TEAM)
def live_call(request, pk: int):
    """An interviewer runs the call by phone and writes down the answers, on the same clock."""
    attempt = _attempt(request, pk)
    task = _call_task(attempt)
    if request.method == "POST":
        try:
            response = services.start_task(attempt=attempt, task_key=task["key"])
        except services.AttemptClosed as closed:
            messages.error(request, str(closed))
            return redirect("staff:assessments:live_call", pk=pk)
        TaskResponse.objects.filter(pk=response.pk, conducted_by__isnull=True).update(
            conducted_by=request.user
        )
        return redirect("staff:assessments:live_call", pk=pk)
    response = TaskResponse.objects.filter(attempt=attempt, task_key=task["key"]).first()
    context = {"attempt": attempt, "task": task, "response": response}
    if response is not None and response.submitted_at is None:
        seconds = timing.seconds_left(timezone.now(), response.deadline)
        context.update(
            seconds_left=seconds,
            time_left=timing.time_left_label(seconds),
            save_url=reverse("staff:assessments:live_call_save", kwargs={"pk": pk}),
            answers=response.answers.get("turns", {}),
            choices=response.answers.get("choices", {}),
        )
    return render(request, "assessments/staff/live_call.html", context)


@require_POST
@staff_view(HIRING_TEAM)
def live_call_save(request, pk: int):
    attempt = _attempt(request, pk)
    task = _call_task(attempt)
    response = get_object_or_404(TaskResponse, attempt=attempt, task_key=task["key"])
    try:
        if len(request.body) > MAX_SAVE_BYTES:
            raise AnswerRejected("This save is too large.")
        try:
            body = json.loads(request.body)
        except ValueError as broken:
            raise AnswerRejected("The save could not be read. Reload the page.") from broken
        if not isinstance(body, dict) or not isinstance(body.get("answers"), dict):
            raise AnswerRejected("The save could not be read. Reload the page.")
        outcome = services.save_answers(
            response=response,
            payload=body["answers"],
            tab=str(body.get("tab", ""))[:40],
            seq=int(body.get("seq") or 0),
        )
    except (AnswerRejected, ValueError, TypeError) as rejected:
        return JsonResponse({"error": str(rejected)}, status=400)
    except (services.TaskClosed, services.AttemptClosed) as closed:
        return JsonResponse({"error": str(closed), "closed": True}, status=409)
    return JsonResponse(
        {
            "stored": outcome.stored,
            "seconds_left": timing.seconds_left(timezone.now(), outcome.response.deadline),
        }
    )


@require_POST
@staff_view(HIRING_TEAM)
def live_call_submit(request, pk: int):
    attempt = _attempt(request, pk)
    task = _call_task(attempt)
    response = get_object_or_404(TaskResponse, attempt=attempt, task_key=task["key"])
    services.submit_task(response=response)
    messages.success(request, "The call is submitted.")
    return redirect("staff:assessments:attempt", pk=pk)


# --- templates ------------------------------------------------------------------------------


@require_GET
@staff_view(RECRUITING)
def template_list(request):
    templates = AssessmentTemplate.objects.select_related("current_revision").order_by("name")
    return render(request, "assessments/staff/template_list.html", {"templates": templates})


@require_GET
@staff_view(RECRUITING)
def template_detail(request, pk: int):
    template = selectors.template_for_editing(get_object_or_404(AssessmentTemplate, pk=pk).pk)
    snapshot = build_snapshot(template)
    current = template.current_revision
    return render(
        request,
        "assessments/staff/template_detail.html",
        {
            "template": template,
            "snapshot": snapshot,
            "problems": services.publication_problems(snapshot),
            "unpublished_changes": current is None or current.snapshot != snapshot,
            "revisions": template.revisions.select_related("published_by")[:10],
        },
    )


@require_POST
@staff_view(RECRUITING)
def template_publish(request, pk: int):
    template = get_object_or_404(AssessmentTemplate, pk=pk)
    try:
        revision = services.publish_template(template=template, by=request.user)
    except services.TemplateNotPublishable as refused:
        for problem in refused.problems:
            messages.error(request, problem)
    except services.TemplateUnchanged as unchanged:
        messages.info(request, str(unchanged))
    else:
        messages.success(request, f"Published revision {revision.number}: new invitations use it.")
    return redirect("staff:assessments:template", pk=template.pk)
