"""The autosave load test: candidates writing a timed task, and what reached the database.

``bench/autosave.py`` drives it. ``prepare_takers`` gives N generated applications (one
candidate each) an attempt whose written escalation is under way, with a deadline beyond the
run, and signs each candidate in (a session holding ``candidate_id`` and a fresh
``candidate_seen``, as ``applicants.access.sign_in_candidate`` leaves it). ``fetch_page``
GETs each candidate's task page over HTTP, as the browser does, for the CSRF cookie and
token the page's script sends. ``PacedSaves`` then has every candidate save the whole
answer every 10 s (with jitter), the text growing and ``seq`` rising, and records each
save; ``check_saves`` compares each candidate's last acknowledged save with the row.
``write_wrk_data`` prepares ``bench/autosave.lua`` for the saturation runs, and
``remove_takers`` deletes the attempts and sessions afterwards, so the data stays as
generated.

The load's attempts carry ``LOAD_NOTE`` as their accommodation note (and no ``invited_by``,
so they never count as generated). Needs Django set up, except ``PacedSaves`` and
``check_saves``, which only speak HTTP and compare documents.
"""

import html
import http.client
import json
import random
import secrets
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from http.cookies import SimpleCookie
from pathlib import Path

from bench.apply_load import CSRF_INPUT, lua_string

LOAD_NOTE = "bench autosave load: deleted after the run"
TASK_KEY = "written_escalation"
HOST = "127.0.0.1"
HTTP_TIMEOUT_S = 10


class LoadError(Exception):
    """The load could not be prepared (no applications to use, a page answering wrongly)."""


@dataclass
class Taker:
    """One candidate under way in the written task, and how the load reaches them."""

    candidate_id: int
    attempt_id: int
    response_id: int
    session_key: str
    path: str  # the save URL
    page: str  # the task page, where the CSRF token comes from
    cookie: str = ""  # "sessionid=...; csrftoken=..."
    token: str = ""  # the X-CSRFToken header


# --- the data ---------------------------------------------------------------------------------


def prepare_takers(count: int, *, open_for: timedelta) -> list[Taker]:
    """``count`` candidates signed in, each with the written task under way for ``open_for``.

    The applications are generated ones, active, whose role takes an assessment and which
    have no attempt yet, spread evenly over all of them.
    """
    from importlib import import_module

    from django.conf import settings
    from django.db import transaction
    from django.db.models import Q
    from django.urls import reverse
    from django.utils import timezone

    from applicants.access import SEEN_KEY, SESSION_KEY
    from applicants.models import Application, ApplicationStatus
    from assessments.models import Attempt, AttemptStatus, TaskResponse
    from bench.generate import GENERATED_RESUME_PREFIX

    remove_takers()  # what an interrupted run left
    free = list(
        Application.objects.filter(
            resume__startswith=GENERATED_RESUME_PREFIX,
            status=ApplicationStatus.ACTIVE,
            role__assessment__isnull=False,
        )
        .filter(~Q(pk__in=Attempt.objects.values("application_id")))
        .order_by("pk")
        .values_list("pk", "candidate_id", "role__assessment__template__current_revision")
    )
    if len(free) < count:
        raise LoadError(f"Only {len(free)} applications can take a load attempt; {count} wanted.")
    chosen = free[:: len(free) // count][:count]
    revisions = _revisions({revision_id for *_, revision_id in chosen})
    now = timezone.now()
    started = now - timedelta(minutes=1)
    with transaction.atomic():
        attempts = Attempt.objects.bulk_create(
            Attempt(
                application_id=application_id,
                template_id=revisions[revision_id]["template_id"],
                revision_id=revision_id,
                status=AttemptStatus.IN_PROGRESS,
                invited_at=now - timedelta(days=1),
                expires_at=now + timedelta(days=6),
                started_at=started,
                accommodation_note=LOAD_NOTE,
            )
            for application_id, _, revision_id in chosen
        )
        responses = TaskResponse.objects.bulk_create(
            TaskResponse(
                attempt=attempt,
                task_key=TASK_KEY,
                kind=revisions[attempt.revision_id]["task"]["kind"],
                started_at=started,
                # The task's own time, or longer when the run outlasts it: no save may meet
                # the deadline (that is another path, measured nowhere here).
                deadline=started
                + max(
                    timedelta(minutes=revisions[attempt.revision_id]["task"]["time_limit_minutes"]),
                    open_for,
                ),
            )
            for attempt in attempts
        )
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    takers = []
    for (_, candidate_id, _), attempt, response in zip(chosen, attempts, responses, strict=True):
        session = store_class()
        session[SESSION_KEY] = candidate_id
        session[SEEN_KEY] = int(time.time())
        session.create()
        kwargs = {"pk": attempt.pk, "task_key": TASK_KEY}
        takers.append(
            Taker(
                candidate_id=candidate_id,
                attempt_id=attempt.pk,
                response_id=response.pk,
                session_key=session.session_key,
                path=reverse("assessments:save", kwargs=kwargs),
                page=reverse("assessments:task", kwargs=kwargs),
                cookie=f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
            )
        )
    return takers


def _revisions(ids: set[int]) -> dict[int, dict]:
    from assessments.models import TemplateRevision

    found = {}
    for revision in TemplateRevision.objects.filter(pk__in=ids):
        task = revision.task(TASK_KEY)
        if task is None:
            raise LoadError(f"Template revision {revision.pk} has no {TASK_KEY} task.")
        found[revision.pk] = {"template_id": revision.template_id, "task": task}
    return found


def remove_takers(takers: list[Taker] | None = None) -> dict:
    """Delete the load's attempts (with their responses and events) and its sessions."""
    from importlib import import_module

    from django.conf import settings

    from assessments.models import Attempt

    _, deleted = Attempt.objects.filter(accommodation_note=LOAD_NOTE).delete()
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    for taker in takers or []:
        store_class(taker.session_key).delete()
    return {**deleted, "sessions": len(takers or [])}


def stored_saves(takers: list[Taker]) -> dict[int, dict]:
    """What the database holds for each load response: tab, seq and answers."""
    from assessments.models import TaskResponse

    rows = TaskResponse.objects.filter(pk__in=[taker.response_id for taker in takers])
    return {
        row["pk"]: {"tab": row["save_tab"], "seq": row["save_seq"], "answers": row["answers"]}
        for row in rows.values("pk", "save_tab", "save_seq", "answers")
    }


def fetch_page(port: int, taker: Taker) -> None:
    """GET the task page as the candidate: it must be the open written task, and it gives the
    CSRF cookie and token the page's script sends with every save."""
    from django.conf import settings

    conn = http.client.HTTPConnection(HOST, port, timeout=HTTP_TIMEOUT_S)
    try:
        conn.request("GET", taker.page, headers={"Host": HOST, "Cookie": taker.cookie})
        response = conn.getresponse()
        body = response.read().decode("utf-8", "replace")
        cookies = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookies.load(header)
    finally:
        conn.close()
    if response.status != 200:
        raise LoadError(f"{taker.page} answered {response.status}, not 200")
    if f'data-save-url="{taker.path}"' not in body:
        raise LoadError(f"{taker.page} is not the open written task (no save URL on it)")
    match = CSRF_INPUT.search(body)
    csrf = cookies.get(settings.CSRF_COOKIE_NAME)
    if match is None or csrf is None:
        raise LoadError(f"{taker.page} carries no CSRF token or cookie")
    taker.cookie = f"{taker.cookie.split(';')[0]}; {settings.CSRF_COOKIE_NAME}={csrf.value}"
    taker.token = html.unescape(match.group(1))


# --- the answers ---------------------------------------------------------------------------------

# What candidates type, a sentence at a time: the hand-off note first, then the reply.
HANDOFF_SENTENCES = (
    "Customer was charged twice for order 55120 on 14 November, 89.40 each time.",
    "The second charge shows as settled on the statement she sent, not as a hold.",
    "I checked identity with the full name, ZIP code and date of birth.",
    "Level 1 already tried a manual reversal on the 16th and it failed with code R-07.",
    "She was promised a callback within 48 hours on the 17th and nobody called.",
    "Please refund the duplicate charge and confirm the reference to her by email.",
    "She is upset but calm now; she wants a written confirmation more than anything.",
    "Best time to reach her is after 5 pm on the mobile number on the account.",
    "Deadline: her card statement closes on the 30th, so the refund must land before.",
    "No promise of compensation was made; I said Payments would decide on it.",
    "Ticket history and the two transaction ids are attached to this note.",
    "If the refund cannot go through before the 30th, tell her why and when instead.",
)
REPLY_SENTENCES = (
    "Thank you for your patience, and I am sorry you were charged twice.",
    "I have checked your account and I can see both payments for order 55120.",
    "I have passed this to our Payments team with everything they need.",
    "They will refund the second payment and email you the reference.",
    "Refunds usually reach your card within three to five working days.",
    "I know you were promised a call before and did not get one; that should not happen.",
    "I will check on the refund myself on Friday and write to you either way.",
    "If anything looks wrong on your statement before then, reply to this email.",
    "You do not need to call us again or repeat any of this.",
    "Thank you for telling us about it so clearly.",
)
MAX_PART_CHARS = 9000  # under the app's 10,000 characters a part
HANDOFF_FIRST_CHARS = 1500  # the note grows to about this, then the reply


def first_answers(rng: random.Random) -> dict[str, str]:
    """Where a candidate is when the load starts: a few minutes into the task."""
    answers = {"handoff": "", "reply": ""}
    for _ in range(rng.randint(0, 8)):
        grow(answers, rng)
    return answers


def grow(answers: dict[str, str], rng: random.Random) -> None:
    """What a candidate types in ten seconds or so: one or two more sentences."""
    for _ in range(rng.randint(1, 2)):
        if len(answers["handoff"]) < HANDOFF_FIRST_CHARS:
            key, sentences = "handoff", HANDOFF_SENTENCES
        else:
            key, sentences = "reply", REPLY_SENTENCES
        if len(answers[key]) < MAX_PART_CHARS:
            answers[key] = (answers[key] + " " + rng.choice(sentences)).strip()


def write_wrk_data(path: Path, takers: list[Taker], *, seed: int = 2026) -> None:
    """The data file of ``bench/autosave.lua``: every taker, and a body of mid-task size."""
    rng = random.Random(seed)
    answers = {"handoff": "", "reply": ""}
    while len(answers["reply"]) < 800:  # a note of about 1,500 characters and a reply begun
        grow(answers, rng)
    body = json.dumps({"answers": {"parts": answers}, "events": []})
    prefix = body[:-1] + ', "tab": "'  # the script adds the tab, the seq and the brace
    lines = ["return {", f"  prefix = {lua_string(prefix.encode())},", "  takers = {"]
    for taker in takers:
        lines.append(
            f"    {{path = {lua_string(taker.path.encode())}, "
            f"cookie = {lua_string(taker.cookie.encode())}, "
            f"token = {lua_string(taker.token.encode())}}},"
        )
    lines += ["  },", "}"]
    path.write_text("\n".join(lines) + "\n")


def saturation_saves(takers: list[Taker], tab: str) -> int:
    """The saves one saturation run left stored: the sum of its tab's seq over the takers."""
    from django.db.models import Sum

    from assessments.models import TaskResponse

    rows = TaskResponse.objects.filter(pk__in=[t.response_id for t in takers], save_tab=tab)
    return rows.aggregate(n=Sum("save_seq"))["n"] or 0


# --- the paced load ------------------------------------------------------------------------------


@dataclass
class SentSave:
    taker: int
    seq: int
    due: float  # when it was scheduled (monotonic s)
    sent: float  # when the request began
    ended: float  # when the answer was read (or the error came)
    status: int  # HTTP status, 0 for no answer
    stored: bool | None  # the answer's "stored", None without a JSON answer
    error: str = ""


@dataclass
class TakerState:
    tab: str
    answers: dict
    seq: int = 0
    acked: tuple[int, dict] | None = None  # the last save answered 200 and stored
    unanswered: list = field(default_factory=list)  # (seq, answers) sent without a 200


class PacedSaves:
    """Every taker saves the whole answer every ``interval`` s (± ``jitter``) for ``duration``
    s, one save at a time, as the page's script does: a thread per taker, like a browser
    tab, with its own connection (reopened when the server closes it). A save that takes
    longer than the interval delays the next one, as in the browser."""

    def __init__(
        self,
        port: int,
        takers: list[Taker],
        *,
        duration: float,
        interval: float = 10.0,
        jitter: float = 1.0,
        seed: int = 2026,
    ):
        self.port = port
        self.takers = takers
        self.duration = duration
        self.interval = interval
        self.jitter = jitter
        self.seed = seed
        rng = random.Random(seed)
        # A new tab name each run: a run must never reuse the seq numbers of an earlier one.
        self.states = [
            TakerState(tab=f"load-{secrets.token_hex(6)}", answers=first_answers(rng))
            for _ in takers
        ]
        self.saves: list[SentSave] = []
        self._lock = threading.Lock()
        self._end = 0.0

    def run(self) -> list[SentSave]:
        start = time.monotonic() + 1.0
        self._end = start + self.duration
        # The first saves spread evenly over the first interval, as if the pages opened then.
        order = list(range(len(self.takers)))
        random.Random(self.seed).shuffle(order)
        threads = [
            threading.Thread(
                target=self._tab,
                args=(index, start + self.interval * n / len(order)),
                daemon=True,
            )
            for n, index in enumerate(order)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=self.duration + self.interval + HTTP_TIMEOUT_S + 30)
        return self.saves

    def _tab(self, index: int, due: float) -> None:
        rng = random.Random(f"{self.seed}-{index}")
        conn = http.client.HTTPConnection(HOST, self.port, timeout=HTTP_TIMEOUT_S)
        try:
            while due < self._end:
                wait = due - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
                record = self._save(conn, index, due, rng)
                with self._lock:
                    self.saves.append(record)
                following = due + self.interval + rng.uniform(-self.jitter, self.jitter)
                due = max(following, time.monotonic())
        finally:
            conn.close()

    def _save(self, conn, index: int, due: float, rng: random.Random) -> SentSave:
        taker, state = self.takers[index], self.states[index]
        grow(state.answers, rng)
        state.seq += 1
        seq, answers = state.seq, dict(state.answers)
        body = json.dumps(
            {"answers": {"parts": answers}, "tab": state.tab, "seq": seq, "events": []}
        )
        headers = {
            "Host": HOST,
            "Cookie": taker.cookie,
            "X-CSRFToken": taker.token,
            "Content-Type": "application/json",
        }
        sent = time.monotonic()
        status, stored, error = 0, None, ""
        try:
            conn.request("POST", taker.path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            status = response.status
            if response.getheader("Content-Type", "").startswith("application/json"):
                stored = json.loads(data).get("stored")
            if response.will_close:
                conn.close()
        except (OSError, http.client.HTTPException) as failure:
            error = type(failure).__name__
            conn.close()
        ended = time.monotonic()
        if status == 200 and stored:
            state.acked = (seq, answers)
            state.unanswered.clear()  # anything older is replaced by this one
        else:
            state.unanswered.append((seq, answers))
        return SentSave(index, seq, due, sent, ended, status, stored, error)


OUTCOMES = ("kept", "unanswered", "never saved", "lost")


def check_saves(states: list[TakerState], stored: list[dict | None]) -> dict:
    """Each taker's row against what the server acknowledged: counts by outcome (OUTCOMES).

    kept: the row holds the last save answered 200 (same tab, seq and answers). unanswered:
    the row holds a later save whose answer never came (a timeout, a dropped connection):
    stored, just not confirmed. never saved: no save of this taker was acknowledged, and
    the row holds none of its saves or an unanswered one. lost: anything else, i.e. an
    acknowledged save that is not there, or was overwritten by an older one.
    """
    outcomes = [_outcome(state, row) for state, row in zip(states, stored, strict=True)]
    counts = Counter(outcomes)
    return {
        **{name: counts[name] for name in OUTCOMES},
        "lost_takers": [index for index, outcome in enumerate(outcomes) if outcome == "lost"][:5],
    }


def _outcome(state: TakerState, row: dict | None) -> str:
    held = (row["seq"], row["answers"]) if row is not None and row["tab"] == state.tab else None
    if state.acked is None:
        return "never saved" if held is None or held in state.unanswered else "lost"
    if held == state.acked:
        return "kept"
    if held in state.unanswered and held[0] > state.acked[0]:
        return "unanswered"
    return "lost"
