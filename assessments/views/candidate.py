"""The candidate's side: the invitation link, the attempt's overview, and the three tasks.

Every view here is for a candidate signed in by a link (``candidate_view``) and looks up the
attempt through that candidate, so nobody reaches another person's attempt (404). Saves and
recordings answer JSON for the page's script; without a script the same forms post and the
page reloads.
"""

import json

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from applicants.access import candidate_view, sign_in_candidate
from applicants.models import Candidate
from csa_portal.permissions_policy import HEADER, policy_header

from .. import selectors, services, timing
from ..answers import AnswerRejected
from ..audio import RecordingRejected
from ..forms import AccommodationRequestForm
from ..models import Attempt, TaskKind

MAX_SAVE_BYTES = 256 * 1024


def _attempt(candidate: Candidate, pk: int) -> Attempt:
    attempt = selectors.attempt_for_candidate(candidate, pk)
    if attempt is None:
        raise Http404("No assessment of yours at this address.")
    return attempt


def _settled(candidate: Candidate, pk: int) -> Attempt:
    """The attempt after the server has submitted whatever its clock says is over."""
    attempt = _attempt(candidate, pk)
    if services.settle(attempt) is not attempt:
        attempt = _attempt(candidate, pk)
    return attempt


def _task(attempt: Attempt, task_key: str) -> dict:
    task = attempt.revision.task(task_key)
    if task is None:
        raise Http404("This assessment has no such task.")
    return task


# --- the invitation link --------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def redeem(request, token: str):
    """GET shows a button only: mail scanners open links and must not spend them."""
    if len(token) > services.invitations.TOKEN_MAX_LENGTH:
        return render(request, "assessments/candidate/link_failed.html", status=400)
    if request.method == "GET":
        # The token stays out of the Referer: csa_portal's middleware sends "strict-origin"
        # on every page whose path carries a secret.
        return render(request, "assessments/candidate/redeem.html")
    attempt = services.redeem_invitation(token=token)
    if attempt is None:
        return render(request, "assessments/candidate/link_failed.html", status=410)
    sign_in_candidate(request, attempt.application.candidate)
    return redirect("assessments:attempt", pk=attempt.pk)


# --- the attempt ----------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET"])
@candidate_view
def attempt_page(request, pk: int, *, candidate: Candidate):
    attempt = _settled(candidate, pk)
    return render(
        request,
        "assessments/candidate/attempt.html",
        {
            "candidate": candidate,
            "overview": selectors.attempt_overview(attempt),
            "attempt": attempt,
            "role_title": attempt.application.revision.title,
        },
    )


@never_cache
@require_POST
@candidate_view
def finish(request, pk: int, *, candidate: Candidate):
    attempt = _attempt(candidate, pk)
    try:
        services.submit_attempt(attempt=attempt)
    except (services.TaskClosed, services.AttemptClosed) as refused:
        messages.error(request, str(refused))
        return redirect("assessments:attempt", pk=pk)
    messages.success(request, "Thank you: your assessment is submitted.")
    return redirect("assessments:attempt", pk=pk)


@never_cache
@require_http_methods(["GET", "POST"])
@candidate_view
def adjustments(request, pk: int, *, candidate: Candidate):
    attempt = _attempt(candidate, pk)
    if not attempt.is_open:
        messages.info(request, "This assessment is closed, so there is nothing to adjust.")
        return redirect("assessments:attempt", pk=pk)
    form = AccommodationRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.request_accommodation(attempt=attempt, message=form.cleaned_data["message"])
        messages.success(
            request,
            "Thank you. Your recruiter will reply by email, usually within one working day. "
            "Wait for their answer before you start a task, so the change applies to it.",
        )
        return redirect("assessments:attempt", pk=pk)
    return render(
        request,
        "assessments/candidate/adjustments.html",
        {"attempt": attempt, "form": form},
        status=400 if form.is_bound else 200,
    )


# --- a task ---------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET"])
@candidate_view
def task_page(request, pk: int, task_key: str, *, candidate: Candidate):
    attempt = _settled(candidate, pk)
    task = _task(attempt, task_key)
    response = selectors.response_for_candidate(candidate, attempt.pk, task_key)
    context = {
        "attempt": attempt,
        "task": task,
        "response": response,
        "role_title": attempt.application.revision.title,
        "minutes": _minutes(task, attempt),
    }
    if response is None:
        context["open"] = attempt.is_open and attempt.expires_at > timezone.now()
        return render(request, "assessments/candidate/intro.html", context)
    if response.submitted_at is not None or not attempt.is_open:
        return render(request, "assessments/candidate/submitted_task.html", context)
    seconds = timing.seconds_left(timezone.now(), response.deadline)
    context.update(
        seconds_left=seconds,
        time_left=timing.time_left_label(seconds),
        save_url=reverse("assessments:save", kwargs={"pk": attempt.pk, "task_key": task_key}),
    )
    if task["kind"] == TaskKind.SITUATIONAL_QUIZ:
        context["questions"] = selectors.quiz_questions(
            task, response, services.option_secret(attempt)
        )
        return render(request, "assessments/candidate/quiz.html", context)
    if task["kind"] == TaskKind.WRITTEN_ESCALATION:
        saved = response.answers or {}
        context["parts"] = [{**part, "text": saved.get(part["key"], "")} for part in task["parts"]]
        return render(request, "assessments/candidate/written.html", context)
    recorded = selectors.recorded_turns(response)
    context.update(
        turns=selectors.visible_turns(task, response, recorded),
        typed_only=attempt.typed_call,
    )
    page = render(request, "assessments/candidate/call.html", context)
    if not attempt.typed_call:
        # The only page that may use the microphone, and only on our own origin.
        page[HEADER] = policy_header(microphone=("self",))
    return page


def _minutes(task: dict, attempt: Attempt) -> int:
    """The task's time for this candidate, adjustments included, in whole minutes."""
    return round(task["time_limit_minutes"] * float(attempt.time_factor))


@never_cache
@require_POST
@candidate_view
def start(request, pk: int, task_key: str, *, candidate: Candidate):
    attempt = _attempt(candidate, pk)
    _task(attempt, task_key)
    try:
        services.start_task(attempt=attempt, task_key=task_key)
    except services.AttemptClosed as closed:
        messages.error(request, str(closed))
        return redirect("assessments:attempt", pk=pk)
    return redirect("assessments:task", pk=pk, task_key=task_key)


@never_cache
@require_POST
@candidate_view
def save(request, pk: int, task_key: str, *, candidate: Candidate):
    """Autosave (JSON from the page's script) or a plain form post without a script."""
    response = selectors.response_to_save(candidate, pk, task_key)
    if response is None:
        raise Http404("This task has not been started.")
    wants_json = request.content_type == "application/json"
    try:
        body = _save_body(request, response) if wants_json else _form_body(request, response)
        outcome = services.save_answers(
            response=response,
            payload=body["answers"],
            tab=str(body.get("tab", ""))[:40],
            seq=_int(body.get("seq")),
            events=body.get("events") or [],
        )
    except AnswerRejected as rejected:
        return _refused(request, wants_json, str(rejected), 400, pk, task_key)
    except (services.TaskClosed, services.AttemptClosed) as closed:
        return _refused(request, wants_json, str(closed), 409, pk, task_key)
    if not wants_json:
        if "beacon" in request.POST:  # sent by a closing tab: nobody reads the answer
            return HttpResponse(status=204)
        if "submit" in request.POST:
            services.submit_task(response=outcome.response)
            messages.success(request, "Submitted. Thank you.")
            return redirect("assessments:attempt", pk=pk)
        messages.success(request, "Saved.")
        return redirect("assessments:task", pk=pk, task_key=task_key)
    return JsonResponse(_saved(outcome.response, stored=outcome.stored))


def _save_body(request, response) -> dict:
    if len(request.body) > MAX_SAVE_BYTES:
        raise AnswerRejected("This save is too large. Shorten your answer and it will save.")
    try:
        body = json.loads(request.body)
    except (ValueError, UnicodeDecodeError) as broken:
        raise AnswerRejected("The save could not be read. Reload the page.") from broken
    if not isinstance(body, dict) or not isinstance(body.get("answers"), dict):
        raise AnswerRejected("The save could not be read. Reload the page.")
    return body


def _form_body(request, response) -> dict:
    """The same document from a form posted without a script."""
    post = request.POST
    if response.kind == TaskKind.WRITTEN_ESCALATION:
        parts = {k.removeprefix("part-"): v for k, v in post.items() if k.startswith("part-")}
        answers = {"parts": parts}
    elif response.kind == TaskKind.SITUATIONAL_QUIZ:
        answers = {"choices": {k[2:]: v for k, v in post.items() if k.startswith("q-")}}
    else:
        turns = {k.removeprefix("turn-"): v for k, v in post.items() if k.startswith("turn-")}
        choices = {k.removeprefix("choice-"): v for k, v in post.items() if k.startswith("choice-")}
        answers = {"turns": turns, "choices": choices}
    return {"answers": answers, "tab": "form", "seq": response.save_seq + 1}


def _int(value) -> int:
    try:
        return max(0, min(int(value), 2**62))
    except (TypeError, ValueError):
        return 0


def _refused(request, wants_json: bool, message: str, status: int, pk: int, task_key: str):
    if wants_json:
        return JsonResponse({"error": message, "closed": status == 409}, status=status)
    messages.error(request, message)
    if status == 409:
        return redirect("assessments:attempt", pk=pk)
    return redirect("assessments:task", pk=pk, task_key=task_key)


def _saved(response, *, stored: bool) -> dict:
    data = {
        "stored": stored,
        "saved_at": response.autosaved_at.isoformat() if response.autosaved_at else None,
        "seconds_left": timing.seconds_left(timezone.now(), response.deadline),
    }
    if response.kind == TaskKind.MOCK_CALL:
        task = selectors.revision_task(response.attempt.revision, response.task_key)
        recorded = selectors.recorded_turns(response)
        data["turns"] = [
            {k: turn[k] for k in ("key", "text", "branches", "answered")}
            for turn in selectors.visible_turns(task, response, recorded)
        ]
    return data


@never_cache
@require_POST
@candidate_view
def submit(request, pk: int, task_key: str, *, candidate: Candidate):
    response = selectors.response_for_candidate(candidate, pk, task_key)
    if response is None:
        raise Http404("This task has not been started.")
    response = services.submit_task(response=response)
    if response.auto_submitted:
        messages.info(
            request, "Time was up for that task, so it was submitted with what you saved."
        )
    else:
        messages.success(request, "Submitted. Thank you.")
    return redirect("assessments:attempt", pk=pk)


@never_cache
@require_POST
@candidate_view
def recording(request, pk: int, task_key: str, turn_key: str, *, candidate: Candidate):
    response = selectors.response_for_candidate(candidate, pk, task_key)
    if response is None:
        raise Http404("This task has not been started.")
    upload = request.FILES.get("audio")
    if upload is None:
        return JsonResponse({"error": "No recording arrived. Try again."}, status=400)
    try:
        services.save_recording(
            response=response,
            turn_key=turn_key,
            data=upload.read(settings.ASSESSMENT_AUDIO_MAX_BYTES + 1),
            content_type=upload.content_type or "",
        )
    except (RecordingRejected, AnswerRejected) as rejected:
        return JsonResponse({"error": str(rejected)}, status=400)
    except (services.TaskClosed, services.AttemptClosed) as closed:
        return JsonResponse({"error": str(closed), "closed": True}, status=409)
    except LookupError as missing:
        raise Http404("This task takes no recordings.") from missing
    response.refresh_from_db()
    return JsonResponse(_saved(response, stored=True))
