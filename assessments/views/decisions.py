"""Hiring managers: settling reviewers' disagreements, deciding, and comparing candidates."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from applicants.selectors import application_for_staff
from csa_portal.access import DECIDING, HIRING_TEAM, staff_view
from roles.selectors import roles_visible_to

from .. import selectors, services
from ..forms import DecisionForm, SettlementForm
from ..models import TaskResponse

MAX_COMPARED = 6


def _not_done(request, message: str, back: str, status: int):
    return render(
        request, "assessments/staff/not_done.html", {"message": message, "back": back},
        status=status,
    )  # fmt: skip


def _back(application_id: int) -> str:
    return reverse("staff:applicants:application", kwargs={"pk": application_id}) + "#scorecard"


@require_POST
@staff_view(DECIDING)
def decide(request, pk: int):
    application = application_for_staff(request.user, pk)
    if application is None:
        raise Http404("No application at this address.")
    form = DecisionForm(request.POST)
    if not form.is_valid():
        errors = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return _not_done(request, f"Nothing was recorded. {errors}", _back(pk), 400)
    try:
        decision = services.decide(
            application=application,
            by=request.user,
            outcome=form.cleaned_data["outcome"],
            reason=form.cleaned_data["reason"],
            rejection_reason=form.cleaned_data["rejection_reason"],
        )
    except services.DecisionRejected as rejected:
        return _not_done(request, f"Nothing was recorded. {rejected}", _back(pk), 400)
    except services.DecisionRefused as refused:
        return _not_done(request, str(refused), _back(pk), 409)
    told = " The candidate will be told." if decision.outcome != "hold" else ""
    messages.success(request, f"Recorded: {decision.get_outcome_display().lower()}.{told}")
    return redirect(_back(pk))


@require_POST
@staff_view(DECIDING)
def settle(request, pk: int):
    response = get_object_or_404(
        TaskResponse.objects.select_related("attempt__revision", "attempt__application"),
        pk=pk,
        attempt__in=selectors.attempts_visible_to(request.user),
    )
    back = _back(response.attempt.application_id)
    form = SettlementForm(request.POST)
    if not form.is_valid():
        errors = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return _not_done(request, f"Nothing was settled. {errors}", back, 400)
    data = form.cleaned_data
    try:
        if data["method"] == "agreed_level":
            services.settle_with_level(
                response=response, criterion_key=data["criterion"], level=data["level"],
                reason=data["reason"], by=request.user,
            )  # fmt: skip
            messages.success(request, "Settled with the agreed level.")
        else:
            review = services.request_third_review(
                response=response, criterion_key=data["criterion"], reason=data["reason"],
                by=request.user,
            )  # fmt: skip
            who = review.reviewer.get_full_name() or review.reviewer.username
            messages.success(request, f"{who} is asked for a third review.")
    except services.ReviewRejected as rejected:
        return _not_done(request, f"Nothing was settled. {rejected}", back, 400)
    except services.ReviewRefused as refused:
        return _not_done(request, str(refused), back, 409)
    return redirect(back)


@require_GET
@staff_view(HIRING_TEAM)
def results(request, pk: int):
    role = get_object_or_404(roles_visible_to(request.user), pk=pk)
    return render(
        request,
        "assessments/staff/results.html",
        {"role": role, "results": selectors.results_for_role(role), "max": MAX_COMPARED},
    )


@require_GET
@staff_view(HIRING_TEAM)
def compare(request, pk: int):
    role = get_object_or_404(roles_visible_to(request.user), pk=pk)
    wanted = []
    for value in request.GET.getlist("applications")[: MAX_COMPARED + 1]:
        if value.isdigit() and int(value) not in wanted:
            wanted.append(int(value))
    if not 2 <= len(wanted) <= MAX_COMPARED:
        messages.error(request, f"Choose between 2 and {MAX_COMPARED} candidates to compare.")
        return redirect("staff:assessments:results", pk=role.pk)
    columns = []
    for result in selectors.results_for_role(role, limit=10_000):
        if result.attempt.application_id in wanted:
            card = selectors.scorecard(result.attempt)
            columns.append({"application": result.attempt.application, "card": card})
    if len(columns) < 2:
        messages.error(request, "Those candidates have no scored assessment for this role.")
        return redirect("staff:assessments:results", pk=role.pk)
    rows = _comparison_rows(columns)
    return render(
        request,
        "assessments/staff/compare.html",
        {"role": role, "columns": columns, "rows": rows},
    )


def _comparison_rows(columns: list[dict]) -> list[dict]:
    """One row per task and per criterion, a cell per candidate, in the first one's order."""
    first = columns[0]["card"]["tasks"]
    rows = []
    for n, entry in enumerate(first):
        cells = [c["card"]["tasks"][n] if n < len(c["card"]["tasks"]) else None for c in columns]
        rows.append(
            {
                "label": entry["task"]["title"],
                "kind": "task",
                "cells": [cell["numbers"].get("score") if cell else None for cell in cells],
            }
        )
        for m, criterion in enumerate(entry.get("criteria", [])):
            rows.append(
                {
                    "label": criterion["criterion"]["name"],
                    "kind": "criterion",
                    "cells": [
                        cell["criteria"][m]["level"] if cell and cell.get("criteria") else None
                        for cell in cells
                    ],
                }
            )
    return rows
