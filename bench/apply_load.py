"""The apply load test's data and its bookkeeping: what wrk posts, and what reached the database.

``bench/run.py`` drives it: ``write_wrk_data`` prepares the file ``bench/apply.lua`` reads
(roles with their multipart fields, a CSRF cookie and token fetched from the real form, a
small real PDF resume), wrk posts for a while, then ``count_outcome`` compares wrk's 302
answers with the rows in PostgreSQL, and ``remove_applied`` deletes what the run created so
the data set stays as generated.

Every candidate the test creates has an email starting with ``EMAIL_PREFIX``: that is how
its rows are found, counted and removed. Needs Django set up (``bench.settings``).
"""

import html
import http.client
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from http.cookies import SimpleCookie
from pathlib import Path

EMAIL_PREFIX = "bench-apply-"
HTTP_TIMEOUT_S = 10
BOUNDARY = "----csa-bench-" + "7" * 24
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ANSWERS = {"yes_no": "yes", "number": "4", "short_text": "Coached new starters on triage."}


class ApplyError(Exception):
    """The apply form could not be prepared (the page answered wrongly)."""


@dataclass
class ApplyTarget:
    slug: str
    questions: list[dict]


def resume_pdf() -> bytes:
    """A one-page resume made with fpdf2: small, valid, with text to extract."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title("Resume")
    pdf.add_page()
    pdf.set_font("Helvetica", size=16)
    pdf.cell(text="Robin Applicant", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    for line in (
        "Customer support specialist, 4 years. Zendesk, Salesforce Service Cloud, live chat.",
        "Contoso Telecom (2022-present): 70 calls a day, CSAT 94 %, coached new starters.",
        "Northwind Traders (2020-2022): billing questions, refunds and escalations.",
        "Skills: de-escalation, typing 65 wpm, bilingual Spanish/English.",
    ):
        pdf.multi_cell(0, 7, text=line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def targets(count: int, *, exclude: set[int]) -> list[ApplyTarget]:
    """``count`` live roles spread over the whole board (not the benchmarked pipeline role)."""
    from roles.selectors import live_revisions

    live = list(
        live_revisions()
        .exclude(role_id__in=exclude)
        .order_by("role_id")
        .values_list("role__slug", "snapshot__screening_questions")
    )
    step = max(len(live) // count, 1)
    return [ApplyTarget(slug, questions or []) for slug, questions in live[::step][:count]]


def fetch_csrf(port: int, slug: str) -> tuple[str, str]:
    """GET the apply form once: its CSRF cookie and the token in the form.

    Django accepts the same token on every later post as long as the cookie matches it, the
    way a browser that keeps the page open would send it.
    """
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=HTTP_TIMEOUT_S)
    try:
        conn.request("GET", f"/jobs/{slug}/apply/", headers={"Host": "127.0.0.1"})
        response = conn.getresponse()
        body = response.read().decode("utf-8", "replace")
        cookies = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookies.load(header)
    finally:
        conn.close()
    if response.status != 200:
        raise ApplyError(f"/jobs/{slug}/apply/ answered {response.status}, not 200")
    from django.conf import settings

    match = CSRF_INPUT.search(body)
    cookie = cookies.get(settings.CSRF_COOKIE_NAME)
    if match is None or cookie is None:
        raise ApplyError("The apply form carries no CSRF token or cookie.")
    return f"{settings.CSRF_COOKIE_NAME}={cookie.value}", html.unescape(match.group(1))


def _part(name: str, value: str) -> bytes:
    return (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
    ).encode()


def role_fields(target: ApplyTarget, csrf_token: str) -> bytes:
    """The multipart fields that stay the same for every post to this role."""
    fields = _part("csrfmiddlewaretoken", csrf_token)
    fields += _part("location", "Denver") + _part("phone", "+1 303 555 0100")
    for question in target.questions:
        fields += _part(f"question_{question['id']}", ANSWERS.get(question["answer_type"], "yes"))
    return fields


def tail(resume: bytes) -> bytes:
    """The resume file, the consent box and the end of the body."""
    return (
        (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="resume"; '
            'filename="resume.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
        ).encode()
        + resume
        + b"\r\n"
        + _part("consent", "on")
        + f"--{BOUNDARY}--\r\n".encode()
    )


def lua_string(data: bytes) -> str:
    """A Lua string literal holding exactly these bytes."""
    out = []
    for byte in data:
        char = chr(byte)
        if char in '\\"':
            out.append("\\" + char)
        elif 32 <= byte < 127:
            out.append(char)
        else:
            out.append(f"\\{byte:03d}")
    return '"' + "".join(out) + '"'


def write_wrk_data(
    path: Path, *, port: int, roles: list[ApplyTarget], email_prefix: str, resume: bytes
) -> None:
    cookie, token = fetch_csrf(port, roles[0].slug)
    lines = [
        "return {",
        f"  boundary = {lua_string(BOUNDARY.encode())},",
        f"  cookie = {lua_string(cookie.encode())},",
        f"  email_prefix = {lua_string(email_prefix.encode())},",
        f"  tail = {lua_string(tail(resume))},",
        "  roles = {",
    ]
    for target in roles:
        lines.append(
            f"    {{path = {lua_string(f'/jobs/{target.slug}/apply/'.encode())}, "
            f"fields = {lua_string(role_fields(target, token))}}},"
        )
    lines += ["  },", "}"]
    path.write_text("\n".join(lines) + "\n")


def new_prefix(label: str) -> str:
    """A prefix no earlier run used: every count below is of this run's rows only."""
    return f"{EMAIL_PREFIX}{secrets.token_hex(4)}-{label}"


def count_outcome(email_prefix: str) -> dict:
    """The rows one run created, found by the candidates' email prefix."""
    from django.db.models import Count, Exists, OuterRef

    from applicants.models import (
        Application,
        MagicLink,
        StageChange,
        application_outbox_key_sql,
    )
    from csa_portal.models import OutboundMessage

    applications = Application.objects.filter(candidate__email__startswith=email_prefix)
    received = OutboundMessage.objects.filter(
        template="applicants/application_received",
        related_key=application_outbox_key_sql(OuterRef("pk")),
    )
    with_mail = applications.filter(Exists(received)).count()
    total = applications.count()
    outbox = dict(
        OutboundMessage.objects.filter(to_email__startswith=email_prefix)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {
        "applications": total,
        "applications_with_mail": with_mail,
        "applications_without_mail": total - with_mail,
        "stage_changes": StageChange.objects.filter(
            application__candidate__email__startswith=email_prefix
        ).count(),
        "resume_text_extracted": applications.filter(
            resume_text_extracted_at__isnull=False
        ).count(),
        "outbox_rows": sum(outbox.values()),
        "outbox_by_status": outbox,
        "magic_links": MagicLink.objects.filter(candidate__email__startswith=email_prefix).count(),
    }


def remove_applied(*, since, keep_session: str) -> dict:
    """Delete every row the apply runs created (candidates cascade to their applications).

    Sessions are those the apply view wrote (``applied_to``) since the runs began; the bench
    recruiter's session is kept.
    """
    from django.conf import settings
    from django.contrib.sessions.models import Session

    from applicants.models import Candidate
    from csa_portal.models import OutboundMessage

    _, candidates = Candidate.objects.filter(email__startswith=EMAIL_PREFIX).delete()
    mails, _ = OutboundMessage.objects.filter(to_email__startswith=EMAIL_PREFIX).delete()
    written_after = since + timedelta(seconds=settings.SESSION_COOKIE_AGE - 5)
    sessions, _ = (
        Session.objects.filter(expire_date__gte=written_after)
        .exclude(session_key=keep_session)
        .delete()
    )
    return {"deleted": {**candidates, "outbox": mails, "sessions": sessions}}


def stored_files(media_root: Path) -> int:
    return sum(1 for path in (media_root / "resumes").rglob("*") if path.is_file())


# --- the broker ------------------------------------------------------------------------------

CELERY_QUEUE = "celery"  # Celery's default queue: a Redis list of task messages


def redis_client(url: str):
    """The Redis database the production-shaped run queues its tasks in (local only)."""
    import redis

    return redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)


def queued_tasks(client) -> dict[str, int]:
    """Task messages waiting in the queue, by task name (no worker runs during the bench)."""
    import json

    names: dict[str, int] = {}
    for raw in client.lrange(CELERY_QUEUE, 0, -1):
        name = json.loads(raw).get("headers", {}).get("task", "?")
        names[name] = names.get(name, 0) + 1
    return names
