"""The autosave load: its candidates, its paced client and its verdict on what was stored."""

import itertools
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import Client
from django.utils import timezone

from applicants.models import ApplicationStatus, StageKind
from assessments.models import Attempt, AttemptStatus, TaskResponse
from bench import autosave_load as load
from bench.generate_assessments import generate_attempts
from tests.bench.test_generate_assessments import generated_application, quiet
from tests.roles.factories import published_role

# --- what was stored, against what was acknowledged -----------------------------------------


def state(acked=None, unanswered=()) -> load.TakerState:
    return load.TakerState(tab="tab-a", answers={}, acked=acked, unanswered=list(unanswered))


def row(seq, answers, tab="tab-a") -> dict:
    return {"tab": tab, "seq": seq, "answers": answers}


def test_the_last_acknowledged_save_stored_is_kept():
    outcome = load.check_saves([state(acked=(3, {"handoff": "c"}))], [row(3, {"handoff": "c"})])
    assert (outcome["kept"], outcome["lost"]) == (1, 0)


def test_an_older_save_in_place_of_the_acknowledged_one_is_lost():
    outcome = load.check_saves([state(acked=(3, {"handoff": "c"}))], [row(2, {"handoff": "b"})])
    assert outcome["lost"] == 1
    assert outcome["lost_takers"] == [0]


def test_the_same_seq_with_other_answers_is_lost():
    outcome = load.check_saves([state(acked=(3, {"handoff": "c"}))], [row(3, {"handoff": "x"})])
    assert outcome["lost"] == 1


def test_a_later_save_whose_answer_never_came_is_stored_not_lost():
    taker = state(acked=(3, {"handoff": "c"}), unanswered=[(4, {"handoff": "d"})])
    outcome = load.check_saves([taker], [row(4, {"handoff": "d"})])
    assert (outcome["unanswered"], outcome["lost"]) == (1, 0)


def test_a_row_saved_by_another_tab_does_not_count_as_ours():
    outcome = load.check_saves(
        [state(acked=(3, {"handoff": "c"}))], [row(3, {"handoff": "c"}, tab="tab-b")]
    )
    assert outcome["lost"] == 1


def test_a_candidate_with_no_acknowledged_save_may_have_nothing_stored():
    outcome = load.check_saves([state(), state()], [None, row(0, {}, tab="")])
    assert outcome["never saved"] == 2


def test_answers_grow_and_stay_under_the_apps_limit():
    import random

    rng = random.Random(1)
    answers = load.first_answers(rng)
    sizes = []
    for _ in range(400):
        load.grow(answers, rng)
        sizes.append(len(answers["handoff"]) + len(answers["reply"]))
    assert sizes == sorted(sizes)
    assert sizes[0] < sizes[50]
    assert max(len(text) for text in answers.values()) <= load.MAX_PART_CHARS + 200


# --- the paced client, against a stand-in for the save view ---------------------------------


class SaveView(BaseHTTPRequestHandler):
    """Answers as the app does: a save is ignored when its tab saved a higher seq last."""

    seqs: dict = {}
    bodies: list = []
    in_flight: dict = {}
    overlaps = 0
    lock = threading.Lock()

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        with self.lock:
            if self.in_flight.get(self.path):
                SaveView.overlaps += 1
            self.in_flight[self.path] = True
            self.bodies.append((self.path, self.headers["X-CSRFToken"], body))
            tab, seq = self.seqs.get(self.path, ("", 0))
            stored = body["tab"] != tab or body["seq"] > seq
            if stored:
                self.seqs[self.path] = (body["tab"], body["seq"])
        answer = json.dumps({"stored": stored}).encode()
        status = 500 if "/assessments/2/" in self.path and body["seq"] == 2 else 200
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)
        with self.lock:
            self.in_flight[self.path] = False

    def log_message(self, *args):
        pass


@pytest.fixture
def save_server():
    SaveView.seqs, SaveView.bodies, SaveView.in_flight, SaveView.overlaps = {}, [], {}, 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), SaveView)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def stand_in_takers(count: int) -> list[load.Taker]:
    return [
        load.Taker(
            candidate_id=n,
            attempt_id=n,
            response_id=n,
            session_key=f"s{n}",
            path=f"/candidate/assessments/{n}/written_escalation/save/",
            page="",
            cookie=f"sessionid=s{n}",
            token=f"token-{n}",
        )
        for n in range(1, count + 1)
    ]


def test_every_candidate_saves_at_its_pace_one_save_at_a_time(save_server):
    takers = stand_in_takers(6)
    paced = load.PacedSaves(save_server, takers, duration=2.0, interval=0.5, jitter=0.05)
    saves = paced.run()
    assert SaveView.overlaps == 0
    for index, taker in enumerate(takers):
        mine = [save for save in saves if save.taker == index]
        assert 3 <= len(mine) <= 5  # 2 s at one save every 0.5 s
        assert [save.seq for save in mine] == list(range(1, len(mine) + 1))
        dues = [save.due for save in mine]
        assert all(0.4 <= b - a <= 0.6 for a, b in itertools.pairwise(dues))
        sent = [body for path, token, body in SaveView.bodies if path == taker.path]
        assert {token for path, token, _ in SaveView.bodies if path == taker.path} == {taker.token}
        texts = [len(body["answers"]["parts"]["handoff"] + body["answers"]["parts"]["reply"])
                 for body in sent]  # fmt: skip
        assert texts == sorted(texts)
        assert texts[0] < texts[-1]
        assert len({body["tab"] for body in sent}) == 1


def test_the_client_remembers_what_was_acknowledged(save_server):
    takers = stand_in_takers(3)
    paced = load.PacedSaves(save_server, takers, duration=1.6, interval=0.4, jitter=0)
    saves = paced.run()
    failed = [save for save in saves if save.status == 500]
    assert len(failed) == 1
    assert failed[0].taker == 1
    for index, taker_state in enumerate(paced.states):
        last = max(save.seq for save in saves if save.taker == index)
        assert taker_state.acked[0] == last
        assert taker_state.unanswered == []  # a later save replaced the failed one
    stored = [
        row(paced.states[i].acked[0], paced.states[i].acked[1], tab=paced.states[i].tab)
        for i in range(3)
    ]
    assert load.check_saves(paced.states, stored)["kept"] == 3


# --- the candidates, in the database -------------------------------------------------------


@pytest.mark.django_db
def test_takers_are_signed_in_with_their_written_task_under_way_and_removed_after():
    role = published_role()
    for days in range(10, 16):
        generated_application(role, StageKind.ASSESSMENT, ApplicationStatus.ACTIVE, days)
    generate_attempts(total=2, log=quiet)
    generated = set(Attempt.objects.values_list("pk", flat=True))

    takers = load.prepare_takers(3, open_for=timedelta(hours=2))
    assert len({taker.candidate_id for taker in takers}) == 3
    responses = TaskResponse.objects.filter(pk__in=[t.response_id for t in takers])
    for response in responses.select_related("attempt"):
        assert response.attempt.status == AttemptStatus.IN_PROGRESS
        assert response.attempt.pk not in generated
        assert response.deadline > timezone.now() + timedelta(minutes=110)
    taker = takers[0]
    client = Client(headers={"cookie": taker.cookie})
    assert client.get(taker.page).status_code == 200
    body = {"answers": {"parts": {"handoff": "Saved once."}}, "tab": "t", "seq": 1}
    answer = client.post(taker.path, data=json.dumps(body), content_type="application/json")
    assert answer.status_code == 200
    assert answer.json()["stored"]
    stored = load.stored_saves(takers)[taker.response_id]
    assert stored == {"tab": "t", "seq": 1, "answers": {"handoff": "Saved once.", "reply": ""}}

    load.remove_takers(takers)
    assert set(Attempt.objects.values_list("pk", flat=True)) == generated
    signed_out = Client(headers={"cookie": taker.cookie}).get(taker.page)
    assert signed_out.status_code == 302


@pytest.mark.django_db
def test_too_few_free_applications_stop_the_load():
    role = published_role()
    generated_application(role, StageKind.ASSESSMENT, ApplicationStatus.ACTIVE, 10)
    with pytest.raises(load.LoadError):
        load.prepare_takers(2, open_for=timedelta(hours=1))


def test_each_run_saves_under_tabs_of_its_own(save_server):
    """A second run over the same candidates must not restart seq under the first run's tabs:
    the app would ignore every save whose seq is not above the stored one."""
    takers = stand_in_takers(3)
    first = load.PacedSaves(save_server, takers, duration=0.8, interval=0.4, jitter=0)
    first.run()
    second = load.PacedSaves(save_server, takers, duration=0.8, interval=0.4, jitter=0)
    saves = second.run()
    assert {s.tab for s in first.states}.isdisjoint({s.tab for s in second.states})
    assert all(save.stored for save in saves)
