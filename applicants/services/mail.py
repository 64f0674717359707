"""What every mail about an application tells the candidate, and links that work from mail."""

from typing import Any

from django.conf import settings
from django.urls import reverse

from ..models import Application


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def mail_context(application: Application, **extra: Any) -> dict:
    return {
        "candidate_name": application.candidate.name,
        "role_title": application.revision.title,
        "role_url": absolute(reverse("roles:detail", kwargs={"slug": application.role.slug})),
        "portal_url": absolute(reverse("applicants:login")),
        "stage_label": application.stage.candidate_label,
        "next_step": application.stage.next_step,
        **extra,
    }
