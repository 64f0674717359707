"""Applying for a role: the public form, its thank-you page, the privacy notice."""

from django.conf import settings
from django.core import signing
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from roles.board_cache import live_revision_for_slug

from . import services
from .forms import ApplicationForm
from .ratelimit import client_ip, hit

RECEIPT_SALT = "applicants.applied"


def rate_limited(request, *, what: str):
    return render(request, "applicants/rate_limited.html", {"what": what}, status=429)


@require_http_methods(["GET", "POST"])
def apply(request, slug: str):
    revision = live_revision_for_slug(slug)
    if revision is None:
        raise Http404("This role is not open for applications.")
    questions = revision.snapshot.get("screening_questions", [])
    if request.method == "POST" and not hit("apply-ip", client_ip(request)):
        return rate_limited(request, what="applications")
    form = ApplicationForm(request.POST or None, request.FILES or None, questions=questions)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            if not hit("apply-email", form.cleaned_data["email"]):
                return rate_limited(request, what="applications")
            # A repeat application answers exactly like a new one: the owner of the address
            # is told by mail, so the form says nothing about who has applied.
            services.submit_application(
                revision=revision,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                phone=form.cleaned_data["phone"],
                location=form.cleaned_data["location"],
                resume_name=form.cleaned_data["resume"].name,
                resume_data=form.resume_data,
                resume=form.checked_resume,
                cover_letter=form.cleaned_data["cover_letter"],
                screening_answers=form.screening_answers(),
                self_identification=form.self_identification(),
                talent_pool=form.cleaned_data["talent_pool"],
            )
            # A signed receipt rather than a session: applying writes no session row.
            receipt = signing.dumps(revision.title, salt=RECEIPT_SALT)
            return redirect(f"{reverse('applicants:applied', kwargs={'slug': slug})}?r={receipt}")
        status = 400
    return render(
        request,
        "applicants/apply.html",
        {
            "form": form,
            "role": revision.snapshot,
            "revision": revision,
            "resume_chosen": bool(request.FILES.get("resume")),
        },
        status=status,
    )


def applied(request, slug: str):
    try:
        title = signing.loads(request.GET.get("r", ""), salt=RECEIPT_SALT, max_age=3600)
    except signing.BadSignature:
        return redirect("roles:detail", slug=slug)
    return render(request, "applicants/applied.html", {"title": title})


def privacy(request):
    return render(
        request,
        "applicants/privacy.html",
        {
            "retention_months": settings.CANDIDATE_RETENTION_MONTHS,
            "privacy_contact": settings.PRIVACY_CONTACT_EMAIL,
            "notice_version": services.PRIVACY_NOTICE_VERSION,
        },
    )
