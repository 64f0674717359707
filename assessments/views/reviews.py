"""The reviewer's side: the queue, calibration, scoring blind against the rubric, amending.

A reviewer reaches only the reviews assigned to them (404 otherwise). Until their own review
is submitted the page holds nothing of anyone else's: no level, no comment, no total. Names
are hidden where the role reviews blind, and adjustments are never shown to reviewers.
"""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from csa_portal.access import HIRING_TEAM, REVIEWING, staff_view

from .. import selectors, services
from ..forms import CalibrationForm, ReviewForm
from ..models import AssessmentTemplate, AutoScore, RoleAssessment, TurnRecording
from ..services.reviews import is_calibrated


def _review(request, pk: int):
    review = selectors.review_for_reviewer(request.user, pk)
    if review is None:
        raise Http404("No review of yours at this address.")
    return review


@require_GET
@staff_view(REVIEWING)
def queue(request):
    calibrated = selectors.calibrated_rubrics(request.user)
    waiting, to_calibrate = [], {}
    for review in selectors.open_reviews(request.user):
        attempt = review.response.attempt
        rubric = (attempt.template_id, review.response.task_key)
        task = attempt.revision.task(review.response.task_key)
        review.task_title = task["title"]
        if rubric in calibrated:
            waiting.append(review)
        else:
            entry = to_calibrate.setdefault(
                rubric,
                {"template_id": rubric[0], "task_key": rubric[1], "title": task["title"],
                 "name": attempt.revision.snapshot["name"], "count": 0},
            )  # fmt: skip
            entry["count"] += 1
    return render(
        request,
        "assessments/reviews/queue.html",
        {
            "waiting": waiting,
            "to_calibrate": list(to_calibrate.values()),
            "recent": _titled(selectors.recent_reviews(request.user)),
        },
    )


def _titled(reviews: list) -> list:
    for review in reviews:
        review.task_title = review.response.attempt.revision.task(review.response.task_key)["title"]
    return reviews


def _page(request, review, form, *, status: int = 200, warning: str = "", amending=False):
    response = review.response
    attempt = response.attempt
    task = attempt.revision.task(response.task_key)
    blind = (
        RoleAssessment.objects.filter(
            role_id=attempt.application.role_id, blind_review=False
        ).exists()
        is False
    )
    auto = AutoScore.objects.filter(attempt=attempt, task_key=response.task_key).first()
    own = {score.criterion_key: score for score in review.scores.all()}
    return render(
        request,
        "assessments/reviews/review.html",
        {
            "review": review,
            "attempt": attempt,
            "blind": blind,
            "candidate_label": f"Candidate {attempt.pk}" if blind else attempt.application.name,
            "view": selectors.response_view(response, task),
            "evidence": selectors.evidence_rows(auto),
            "rubric": task["rubric"],
            "form": form,
            "warning": warning,
            "amending": amending,
            "own_scores": [
                {"criterion": c, "score": own.get(c["key"])} for c in task["rubric"]["criteria"]
            ],
            "others": selectors.other_reviews(review),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@staff_view(REVIEWING)
def review_page(request, pk: int):
    review = _review(request, pk)
    task = review.response.attempt.revision.task(review.response.task_key)
    attempt = review.response.attempt
    if review.submitted_at is None and not is_calibrated(
        request.user, attempt.template_id, review.response.task_key
    ):
        messages.info(request, "Score the calibration set for this rubric first.")
        return redirect(
            "staff:assessments:calibration",
            template_pk=attempt.template_id,
            task_key=review.response.task_key,
        )
    if request.method == "GET" or review.submitted_at is not None:
        form = None if review.submitted_at else ReviewForm(rubric=task["rubric"])
        return _page(request, review, form)
    ask = bool(request.POST.get("confirm_needed"))
    form = ReviewForm(request.POST, rubric=task["rubric"], ask_confirm=ask)
    if not form.is_valid():
        return _page(request, review, form, status=400)
    try:
        services.submit_review(
            review=review,
            reviewer=request.user,
            scores=form.scores(),
            recommendation=form.cleaned_data["recommendation"],
            justification=form.cleaned_data["justification"],
            confirmed=bool(form.cleaned_data.get("confirm")),
        )
    except services.ContradictionWarning as warning:
        form = ReviewForm(request.POST, rubric=task["rubric"], ask_confirm=True)
        form.is_valid()
        return _page(request, review, form, status=400, warning=str(warning))
    except services.ReviewRejected as rejected:
        form.add_error(None, str(rejected))
        return _page(request, review, form, status=400)
    except services.ReviewRefused as refused:
        messages.error(request, str(refused))
        return redirect("staff:assessments:review", pk=review.pk)
    messages.success(request, "Review submitted. Thank you.")
    return redirect("staff:assessments:review", pk=review.pk)


@require_http_methods(["GET", "POST"])
@staff_view(REVIEWING)
def amend(request, pk: int):
    review = _review(request, pk)
    if review.submitted_at is None or review.superseded_at is not None:
        messages.info(request, "Only your current, submitted review can be amended.")
        return redirect("staff:assessments:review", pk=review.pk)
    task = review.response.attempt.revision.task(review.response.task_key)
    initial = {f"level_{s.criterion_key}": s.level for s in review.scores.all()}
    initial |= {f"comment_{s.criterion_key}": s.comment for s in review.scores.all()}
    initial |= {"recommendation": review.recommendation, "justification": review.justification}
    ask = bool(request.POST.get("confirm_needed"))
    form = ReviewForm(request.POST or None, rubric=task["rubric"], ask_confirm=ask, initial=initial)
    if request.method == "GET" or not form.is_valid():
        status = 400 if form.is_bound else 200
        return _page(request, review, form, status=status, amending=True)
    try:
        amendment = services.amend_review(
            review=review,
            reviewer=request.user,
            scores=form.scores(),
            recommendation=form.cleaned_data["recommendation"],
            justification=form.cleaned_data["justification"],
            confirmed=bool(form.cleaned_data.get("confirm")),
        )
    except services.ContradictionWarning as warning:
        form = ReviewForm(request.POST, rubric=task["rubric"], ask_confirm=True)
        form.is_valid()
        return _page(request, review, form, status=400, warning=str(warning), amending=True)
    except (services.ReviewRejected, services.ReviewRefused) as refused:
        form.add_error(None, str(refused))
        return _page(request, review, form, status=400, amending=True)
    messages.success(request, "Amended. Your first review stays on record beside it.")
    return redirect("staff:assessments:review", pk=amendment.pk)


@require_GET
@staff_view(REVIEWING)
def review_recording(request, pk: int, recording_pk: int):
    review = _review(request, pk)
    take = get_object_or_404(TurnRecording, pk=recording_pk, response_id=review.response_id)
    try:
        handle = take.audio.storage.open(take.audio.name, "rb")
    except (FileNotFoundError, OSError) as missing:
        raise Http404("This recording is no longer available.") from missing
    response = FileResponse(handle, content_type=take.content_type)
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
@staff_view(REVIEWING)
def calibration(request, template_pk: int, task_key: str):
    template = get_object_or_404(AssessmentTemplate, pk=template_pk)
    revision = template.current_revision
    task = revision.task(task_key) if revision else None
    if task is None or not task.get("rubric") or not task.get("calibration"):
        raise Http404("This rubric has no calibration set.")
    form = CalibrationForm(request.POST or None, task=task)
    context = {"template": template, "task": task, "form": form}
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "assessments/reviews/calibration.html", context, status=400)
        outcome = services.record_calibration(
            reviewer=request.user, template=template, task_key=task_key, levels=form.levels()
        )
        context.update(outcome=outcome, form=None)
    return render(request, "assessments/reviews/calibration.html", context)


@require_GET
@staff_view(HIRING_TEAM)
def agreement(request):
    return render(
        request,
        "assessments/reviews/agreement.html",
        {"rubrics": selectors.agreement_report()},
    )
