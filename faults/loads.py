"""What a fault run drives, and how it counts what became of it.

A load is one kind of work people do on the site. ``Applications`` is the first: candidates
applying, each with a new address, to the published roles in turn; every application that
was answered 302 must exist once and its mail must arrive once.

The extension point: subclass ``Load`` and add it to ``LOADS``. A load says how to prepare
the site (``prepare``, with Django set up on the run's own database), how one client does
one unit of work (``client`` then ``attempt``: its status, so the run can count refusals
and time answers), and, after the faults and the sweeps, what it finds in the database and
the mail server (``tally``) and whether everything due has happened (``settled``). A unit
is named by an index: the same index twice is the same person doing the same thing again,
which is how "50 identical posts" is made. For assessment autosaves: ``prepare`` invites
candidates to attempts, ``attempt`` saves an answer to attempt ``index % n``, ``tally``
checks that every 2xx save is stored once and the latest one won.
"""

import http.client
import time
from collections import Counter
from dataclasses import dataclass, field

from bench import apply_load

from .mail_sink import read_mail

HTTP_TIMEOUT_S = 30
RECEIVED = "applicants/application_received"


@dataclass
class Attempt:
    key: str  # who did what: the same key twice is the same thing done again
    status: str  # "302", "500", or an exception's name when no answer came
    started: float  # time.monotonic()
    seconds: float


@dataclass
class Tally:
    """What a scenario left behind, after the sweep."""

    accepted: int = 0  # units answered as done (302 for an application)
    refused: dict[str, int] = field(default_factory=dict)  # other answers, by status
    rows: int = 0  # records in the database
    outbox: dict[str, int] = field(default_factory=dict)  # outbox rows by state
    mails: int = 0  # messages delivered (distinct Message-IDs)
    copies: int = 0  # deliveries, a message delivered twice counting twice
    per_recipient: dict[int, int] = field(default_factory=dict)  # deliveries: recipients
    lost: int = 0  # accepted with no record, or a mail due that never arrived
    duplicated: int = 0  # a second record, or a second mail for one thing (a new Message-ID)
    resent: int = 0  # a mail delivered again with its Message-ID: one message to the reader
    two_live_links: int = 0  # people holding more than one live sign-in link
    notes: list[str] = field(default_factory=list)


class Load:
    name = ""
    description = ""
    accepted_status = "302"  # the answer that tells the person their work is done
    sends_mail = True  # whether a unit of work queues a mail (the worker-killed scenario waits
    # for one in flight before it kills)

    def identical_problem(self, tally: Tally) -> str | None:
        """What is wrong after the same unit was sent many times at once, if anything."""
        if tally.rows != 1 or tally.mails != 1:
            return f"{tally.rows} rows and {tally.mails} mails, not one of each"
        return None

    def prepare(self, *, port: int) -> None:
        raise NotImplementedError

    def client(self, *, port: int):
        """State one simulated browser keeps (cookies, form tokens)."""
        raise NotImplementedError

    def attempt(self, client, *, prefix: str, index: int) -> Attempt:
        raise NotImplementedError

    def tally(self, *, prefix: str, attempts: list[Attempt], mail_log) -> Tally:
        raise NotImplementedError

    def settled(self, *, prefix: str, mail_log) -> bool:
        raise NotImplementedError


class Applications(Load):
    name = "applications"
    description = "candidates applying, a new address each, to the published roles in turn"

    def __init__(self):
        self.targets: list[apply_load.ApplyTarget] = []
        self.resume = b""

    def prepare(self, *, port: int) -> None:
        from django.contrib.auth import get_user_model

        from csa_portal.access import StaffGroup
        from roles.demo import seed_roles

        users = {}
        for group in (StaffGroup.RECRUITER, StaffGroup.HIRING_MANAGER):
            users[group], _ = get_user_model().objects.get_or_create(
                username=f"faults-{group.value.replace(' ', '-')}"
            )
        seed_roles(users=users)
        self.targets = apply_load.targets(6, exclude=set())
        self.resume = apply_load.resume_pdf()

    def client(self, *, port: int) -> dict:
        forms = {}
        for target in self.targets:
            cookie, token = apply_load.fetch_csrf(port, target.slug)
            forms[target.slug] = (cookie, apply_load.role_fields(target, token))
        return {"port": port, "forms": forms}

    def attempt(self, client, *, prefix: str, index: int) -> Attempt:
        target = self.targets[index % len(self.targets)]
        email = f"{prefix}{index}@faults.example.org"
        cookie, fields = client["forms"][target.slug]
        body = (
            fields
            + apply_load._part("name", f"Fault Candidate {index}")
            + apply_load._part("email", email)
            + apply_load.tail(self.resume)
        )
        headers = {
            "Host": "127.0.0.1",
            "Cookie": cookie,
            "Content-Type": f"multipart/form-data; boundary={apply_load.BOUNDARY}",
        }
        started = time.monotonic()
        conn = http.client.HTTPConnection("127.0.0.1", client["port"], timeout=HTTP_TIMEOUT_S)
        try:
            conn.request("POST", f"/jobs/{target.slug}/apply/", body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            status = str(response.status)
        except (OSError, http.client.HTTPException) as error:
            status = type(error).__name__
        finally:
            conn.close()
        return Attempt(f"{email}|{target.slug}", status, started, time.monotonic() - started)

    def tally(self, *, prefix: str, attempts: list[Attempt], mail_log) -> Tally:
        from django.db import connections
        from django.db.models import Count

        from applicants.models import Application, MagicLink, application_outbox_key
        from csa_portal.models import OutboundMessage

        connections.close_all()  # the database may have restarted under the run
        tally = Tally()
        answers = Counter(attempt.status for attempt in attempts)
        tally.accepted = answers.pop("302", 0)
        tally.refused = dict(answers)
        accepted_keys = {a.key for a in attempts if a.status == "302"}

        applications = list(
            Application.objects.filter(candidate__email__startswith=prefix).values_list(
                "pk", "candidate__email", "role__slug"
            )
        )
        tally.rows = len(applications)
        stored_keys = Counter(f"{email}|{slug}" for _, email, slug in applications)
        missing = accepted_keys - set(stored_keys)
        tally.lost += len(missing)
        extra_rows = sum(n - 1 for n in stored_keys.values())
        tally.duplicated += extra_rows
        if missing:
            tally.notes.append(f"{len(missing)} accepted applications are not in the database")
        if extra_rows:
            tally.notes.append(f"{extra_rows} applications stored twice")

        rows = list(
            OutboundMessage.objects.filter(to_email__startswith=prefix).values(
                "message_id", "status", "template", "related_key", "send_after"
            )
        )
        tally.outbox = dict(Counter(row["status"] for row in rows))
        received = Counter(row["related_key"] for row in rows if row["template"] == RECEIVED)
        no_mail = [pk for pk, _, _ in applications if not received[application_outbox_key(pk)]]
        twice = sum(n - 1 for n in received.values() if n > 1)
        tally.lost += len(no_mail)
        tally.duplicated += twice
        if no_mail:
            tally.notes.append(f"{len(no_mail)} applications have no confirmation mail queued")
        if twice:
            tally.notes.append(f"{twice} confirmation mails queued twice")

        delivered = [m for m in read_mail(mail_log) if m["to"] and m["to"][0].startswith(prefix)]
        copies = Counter(m["message_id"] for m in delivered)
        tally.mails, tally.copies = len(copies), len(delivered)
        per_recipient = Counter(m["to"][0] for m in delivered)
        tally.per_recipient = dict(sorted(Counter(per_recipient.values()).items()))
        due = [
            row
            for row in rows
            if row["status"] != OutboundMessage.Status.CANCELLED and row["send_after"] <= _now()
        ]
        undelivered = [row for row in due if row["message_id"] not in copies]
        resent = sum(n - 1 for n in copies.values())
        strangers = [mid for mid in copies if mid not in {row["message_id"] for row in rows}]
        tally.lost += len(undelivered)
        tally.resent = resent
        tally.duplicated += len(strangers)
        if undelivered:
            states = Counter(row["status"] for row in undelivered)
            tally.notes.append(f"{len(undelivered)} mails due never arrived {dict(states)}")
        if resent:
            tally.notes.append(f"{resent} mails arrived twice (same Message-ID)")
        if strangers:
            tally.notes.append(f"{len(strangers)} mails arrived that no outbox row explains")

        now = _now()
        tally.two_live_links = (
            MagicLink.objects.filter(
                candidate__email__startswith=prefix, used_at__isnull=True, expires_at__gt=now
            )
            .values("candidate")
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
            .count()
        )
        return tally

    def settled(self, *, prefix: str, mail_log) -> bool:
        """Nothing due is waiting, and every row marked sent has arrived."""
        from django.db import DatabaseError, connections

        from csa_portal.models import OutboundMessage

        try:
            rows = list(
                OutboundMessage.objects.filter(
                    to_email__startswith=prefix, send_after__lte=_now()
                ).values_list("message_id", "status")
            )
        except DatabaseError:
            connections.close_all()
            return False
        waiting = {OutboundMessage.Status.QUEUED, OutboundMessage.Status.SENDING}
        if any(status in waiting for _, status in rows):
            return False
        arrived = {m["message_id"] for m in read_mail(mail_log)}
        return all(mid in arrived for mid, status in rows if status == OutboundMessage.Status.SENT)


def _now():
    from django.utils import timezone

    return timezone.now()


class PageNotLoaded(Exception):
    """The page a unit of work starts from answered with something other than the form."""


class Autosaves(Load):
    """Candidates saving their written escalation as they type: every save answered 200 must
    be what is stored, unless a newer save of the same candidate replaced it."""

    name = "autosaves"
    description = "candidates autosaving a written task, each save the whole answer"
    candidates = 50
    accepted_status = "200"
    sends_mail = False

    def identical_problem(self, tally: Tally) -> str | None:
        # Fifty copies of one save: the candidate's one response holds it (``lost`` says if
        # not) and no second response appeared (``duplicated``); nothing more to ask.
        if tally.rows != self.candidates:
            return f"{tally.rows} stored responses for {self.candidates} candidates"
        return None

    def __init__(self):
        self.sessions: list[tuple[int, int, str]] = []  # (attempt, candidate, session key)

    def prepare(self, *, port: int) -> None:
        from datetime import timedelta

        from django.contrib.auth import get_user_model
        from django.contrib.sessions.backends.db import SessionStore
        from django.utils import timezone

        from applicants.access import SEEN_KEY, SESSION_KEY
        from applicants.models import Application, Candidate
        from applicants.services import PRIVACY_NOTICE_VERSION, ensure_stages
        from assessments.content import TEMPLATES
        from assessments.models import TaskResponse
        from assessments.services import (
            install_template,
            invite,
            set_role_assessment,
            start_task,
        )
        from csa_portal.access import StaffGroup
        from roles.demo import seed_roles
        from roles.selectors import live_revisions

        users = {}
        for group in (StaffGroup.RECRUITER, StaffGroup.HIRING_MANAGER):
            users[group], _ = get_user_model().objects.get_or_create(
                username=f"faults-{group.value.replace(' ', '-')}"
            )
        seed_roles(users=users)
        revision = live_revisions().order_by("pk").first()
        template = install_template(content=TEMPLATES["customer-service-core"])
        set_role_assessment(role=revision.role, template=template)
        stage = ensure_stages(revision.role)[0]
        now = timezone.now()
        for n in range(self.candidates):
            candidate = Candidate.objects.create(
                name=f"Autosave {n}", email=f"autosave-{n}@faults.example.org",
                consent_given_at=now, privacy_notice_version=PRIVACY_NOTICE_VERSION,
            )  # fmt: skip
            application = Application.objects.create(
                candidate=candidate, role=revision.role, revision=revision, stage=stage,
                name=candidate.name, email=candidate.email, consent_given_at=now,
                resume="faults/none.pdf", privacy_notice_version=PRIVACY_NOTICE_VERSION,
                resume_kind="pdf", resume_size=0,
            )  # fmt: skip
            attempt = invite(application=application, by=None)
            response = start_task(attempt=attempt, task_key="written_escalation")
            # The run lasts longer than a task: its clock is not what is under test here.
            TaskResponse.objects.filter(pk=response.pk).update(deadline=now + timedelta(hours=6))
            session = SessionStore()
            session[SESSION_KEY] = candidate.pk
            session[SEEN_KEY] = int(time.time())
            session.create()
            self.sessions.append((attempt.pk, candidate.pk, session.session_key))

    def client(self, *, port: int) -> dict:
        return {"port": port, "tokens": {}}

    def _token(self, client: dict, attempt_id: int, session_key: str) -> tuple[str, str]:
        """The page's CSRF cookie and token for this candidate, fetched once per client.

        A page that did not load (the database restarting, say) is what a candidate's reload
        would meet: ``PageNotLoaded`` carries its status, and the next save tries again."""
        if attempt_id not in client["tokens"]:
            conn = http.client.HTTPConnection("127.0.0.1", client["port"], timeout=HTTP_TIMEOUT_S)
            try:
                conn.request(
                    "GET", f"/candidate/assessments/{attempt_id}/written_escalation/",
                    headers={"Host": "127.0.0.1", "Cookie": f"sessionid={session_key}"},
                )  # fmt: skip
                response = conn.getresponse()
                page = response.read().decode(errors="replace")
                cookie = response.getheader("Set-Cookie") or ""
            finally:
                conn.close()
            marker = 'name="csrfmiddlewaretoken" value="'
            if response.status != 200 or "csrftoken=" not in cookie or marker not in page:
                raise PageNotLoaded(f"page {response.status}")
            csrf_cookie = cookie.split("csrftoken=", 1)[1].split(";", 1)[0]
            token = page.split(marker, 1)[1].split('"', 1)[0]
            client["tokens"][attempt_id] = (csrf_cookie, token)
        return client["tokens"][attempt_id]

    def attempt(self, client, *, prefix: str, index: int) -> Attempt:
        import json

        attempt_id, _, session_key = self.sessions[index % self.candidates]
        seq = index // self.candidates + 1
        started = time.monotonic()
        try:
            csrf_cookie, token = self._token(client, attempt_id, session_key)
            # The save is what is timed: loading the task page once is not part of a save.
            started = time.monotonic()
            body = json.dumps({
                "answers": {"parts": {"handoff": f"{prefix}{index}", "reply": ""}},
                "tab": f"{prefix}{attempt_id}", "seq": seq, "events": [],
            })  # fmt: skip
            conn = http.client.HTTPConnection("127.0.0.1", client["port"], timeout=HTTP_TIMEOUT_S)
            try:
                conn.request(
                    "POST", f"/candidate/assessments/{attempt_id}/written_escalation/save/",
                    body=body,
                    headers={"Host": "127.0.0.1", "Content-Type": "application/json",
                             "X-CSRFToken": token, "Referer": "http://127.0.0.1/",
                             "Cookie": f"sessionid={session_key}; csrftoken={csrf_cookie}"},
                )  # fmt: skip
                response = conn.getresponse()
                response.read()
                status = str(response.status)
            finally:
                conn.close()
        except PageNotLoaded as error:
            status = str(error)
        except (OSError, http.client.HTTPException) as error:
            status = type(error).__name__
        return Attempt(f"{attempt_id}|{seq}|{index}", status, started, time.monotonic() - started)

    def tally(self, *, prefix: str, attempts: list[Attempt], mail_log) -> Tally:
        from django.db import connections

        from assessments.models import TaskResponse

        connections.close_all()
        tally = Tally()
        answers = Counter(attempt.status for attempt in attempts)
        tally.accepted = answers.pop("200", 0)
        tally.refused = dict(answers)
        newest: dict[int, int] = {}
        for attempt in attempts:
            if attempt.status == "200":
                attempt_id, seq, _ = (int(part) for part in attempt.key.split("|"))
                newest[attempt_id] = max(newest.get(attempt_id, 0), seq)
        stored = dict(
            TaskResponse.objects.filter(
                attempt_id__in=[a for a, _, _ in self.sessions], task_key="written_escalation"
            ).values_list("attempt_id", "answers")
        )
        tally.rows = len(stored)
        for attempt_id, seq in newest.items():
            text = stored.get(attempt_id, {}).get("handoff", "")
            if not text.startswith(prefix):
                tally.lost += 1  # an acknowledged save of this run is not what is stored
                continue
            stored_seq = int(text.removeprefix(prefix)) // self.candidates + 1
            if stored_seq < seq:
                tally.lost += 1  # an older save replaced a newer, acknowledged one
        if tally.lost:
            tally.notes.append(f"{tally.lost} candidates lost an acknowledged save")
        duplicates = TaskResponse.objects.filter(
            attempt_id__in=[a for a, _, _ in self.sessions]
        ).count() - len(self.sessions)
        tally.duplicated = max(0, duplicates)
        return tally

    def settled(self, *, prefix: str, mail_log) -> bool:
        return True  # a save is done when it is answered: nothing waits for a worker


LOADS: dict[str, type[Load]] = {Applications.name: Applications, Autosaves.name: Autosaves}
