"""The candidate portal: sign in by magic link, follow applications, withdraw, own your data.

Candidates never hold a staff account. A magic link puts their id in a fresh session
(see ``access``); every page below is decorated with ``candidate_view`` and filters by the
candidate it is given, so nobody reaches another person's applications.
"""

from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import extensions, services
from .access import candidate_view, current_candidate, sign_in_candidate, sign_out_candidate
from .forms import CandidateDetailsForm, ErasureForm, MagicLinkForm, TalentPoolForm
from .models import Candidate
from .ratelimit import client_ip, hit
from .selectors import applications_for_portal, export_candidate_data, status_for_candidate
from .views import rate_limited

# Tokens are 43 characters; anything much longer is not ours and is refused unread.
TOKEN_MAX_LENGTH = 100
LINK_SENT_KEY = "magic_link_sent_to"

ALREADY_CLOSED = "This application is already closed, so there is nothing to withdraw."
ALREADY_DECIDED = (
    "This application can no longer be withdrawn: our hiring team has already reached a "
    "decision on it, and we will email you about it."
)


# --- signing in and out ---------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def login(request):
    """Ask for a magic link by email.

    Known and unknown addresses get the same redirect, page and one outbox row each, so the
    page never tells anyone whether an address has applied.
    """
    if request.method == "GET":
        sent_to = request.session.pop(LINK_SENT_KEY, None)
        if sent_to is not None:
            return render(
                request,
                "applicants/portal/link_sent.html",
                {"email": sent_to, "minutes": services.sign_in_link_minutes()},
            )
        return _login_page(request, MagicLinkForm())
    if not hit("magic-link-ip", client_ip(request)):
        return rate_limited(request, what="requests for sign-in links")
    form = MagicLinkForm(request.POST)
    if not form.is_valid():
        return _login_page(request, form, status=400)
    email = form.cleaned_data["email"]
    if not hit("magic-link-email", email):
        return rate_limited(request, what="requests for sign-in links")
    services.request_magic_link(email=email)
    request.session[LINK_SENT_KEY] = email
    return redirect("applicants:login")


def _login_page(request, form: MagicLinkForm, status: int = 200):
    context = {
        "form": form,
        "candidate": current_candidate(request),
        "minutes": services.sign_in_link_minutes(),
    }
    return render(request, "applicants/portal/login.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def redeem(request, token: str):
    """GET only shows a button: mail scanners fetch links, and must not spend the token."""
    if len(token) > TOKEN_MAX_LENGTH:
        return _link_not_working(request, status=400)
    if request.method == "GET":
        return render(
            request, "applicants/portal/redeem.html", {"minutes": services.sign_in_link_minutes()}
        )
    candidate = services.redeem_magic_link(token=token)
    if candidate is None:
        return _link_not_working(request, status=410)
    sign_in_candidate(request, candidate)
    messages.success(request, f"Welcome, {candidate.name}. You are signed in.")
    return redirect("applicants:portal")


def _link_not_working(request, *, status: int):
    return render(
        request,
        "applicants/portal/link_failed.html",
        {"minutes": services.sign_in_link_minutes()},
        status=status,
    )


@never_cache
@require_POST
def logout(request):
    sign_out_candidate(request)
    messages.info(request, "You have signed out. Ask for a new link whenever you want to return.")
    return redirect("applicants:login")


# --- applications ---------------------------------------------------------------------------


@never_cache
@require_GET
@candidate_view
def portal(request, *, candidate: Candidate):
    rows = [
        (application, status_for_candidate(application))
        for application in applications_for_portal(candidate)
    ]
    panels = extensions.panels(extensions.PORTAL_PANELS, request, candidate)
    return render(
        request,
        "applicants/portal/portal.html",
        {
            "candidate": candidate,
            "rows": rows,
            "panels": panels,
            "months": settings.CANDIDATE_RETENTION_MONTHS,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@candidate_view
def withdraw(request, pk: int, *, candidate: Candidate):
    application = get_object_or_404(applications_for_portal(candidate), pk=pk)
    if not status_for_candidate(application).is_open:
        messages.info(request, ALREADY_CLOSED)
        return redirect("applicants:portal")
    if request.method == "GET":
        return render(
            request,
            "applicants/portal/withdraw.html",
            {"candidate": candidate, "application": application},
        )
    try:
        services.withdraw_application(application=application, candidate=candidate)
    except services.ApplicationClosed:
        # Only a decision whose mail is still on its way gets here; the mail tells the rest.
        messages.info(request, ALREADY_DECIDED)
        return redirect("applicants:portal")
    messages.success(
        request,
        f"Your application for {application.revision.title} is withdrawn. "
        "Thank you for letting us know.",
    )
    return redirect("applicants:portal")


# --- the candidate's data -------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
@candidate_view
def details(request, *, candidate: Candidate):
    """Name, phone and city: changed only here, by the person who proved the address."""
    initial = {"name": candidate.name, "phone": candidate.phone, "location": candidate.location}
    form = CandidateDetailsForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.update_candidate_details(candidate=candidate, **form.cleaned_data)
        messages.success(request, "Your details are saved. The hiring team sees them from now on.")
        return redirect("applicants:portal")
    return render(
        request,
        "applicants/portal/details.html",
        {"candidate": candidate, "form": form},
        status=400 if form.is_bound else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
@candidate_view
def talent_pool(request, *, candidate: Candidate):
    """Join or leave the talent pool: kept for other roles, or anonymised after retention."""
    current = "join" if candidate.talent_pool_consent_at else "leave"
    form = TalentPoolForm(
        request.POST if request.method == "POST" else None, initial={"choice": current}
    )
    if request.method == "POST" and form.is_valid():
        join = form.cleaned_data["choice"] == "join"
        services.set_talent_pool(candidate=candidate, join=join)
        messages.success(
            request,
            "You are in our talent pool: we keep your details and may contact you about "
            "similar roles."
            if join
            else "You are not in our talent pool: we delete your details "
            f"{settings.CANDIDATE_RETENTION_MONTHS} months after your applications close.",
        )
        return redirect("applicants:portal")
    return render(
        request,
        "applicants/portal/talent_pool.html",
        {
            "candidate": candidate,
            "form": form,
            "months": settings.CANDIDATE_RETENTION_MONTHS,
        },
        status=400 if form.is_bound else 200,
    )


@never_cache
@require_GET
@candidate_view
def export(request, *, candidate: Candidate):
    response = JsonResponse(
        export_candidate_data(candidate),
        json_dumps_params={"indent": 2, "ensure_ascii": False},
    )
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@never_cache
@require_http_methods(["GET", "POST"])
@candidate_view
def erase(request, *, candidate: Candidate):
    form = ErasureForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.erase_candidate(candidate=candidate)
        sign_out_candidate(request)
        return render(request, "applicants/portal/erased.html")
    return render(
        request,
        "applicants/portal/erase.html",
        {"candidate": candidate, "form": form},
        status=400 if form.is_bound else 200,
    )
