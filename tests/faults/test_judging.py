"""How the fault suite judges a scenario: by what the load counts as done, not by one app's
answers. A save is done at 200 and sends no mail; an application at 302, with its mail."""

from types import SimpleNamespace

import pytest

from faults.loads import Applications, Attempt, Autosaves, Load, Tally
from faults.scenarios import Result, Run, finish


class FakeLoad(Load):
    name = "fake"

    def __init__(self, accepted_status: str):
        self.accepted_status = accepted_status

    def settled(self, *, prefix, mail_log):
        return True

    def tally(self, *, prefix, attempts, mail_log):
        return Tally(accepted=sum(a.status == self.accepted_status for a in attempts))


def run_with(load) -> Run:
    stack = SimpleNamespace(mail_log=None, check_alive=lambda: None)
    return Run(stack, load, [], 10, 10.0, 1.0, 1.0, "t", None)


def scenario(statuses_after_fault: list[str]) -> Result:
    result = Result("redis-stopped", "a fault")
    result.fault = (10.0, 20.0)
    result.attempts = [
        Attempt(f"k{n}", s, 21.0 + n, 0.01) for n, s in enumerate(statuses_after_fault)
    ]
    return result


@pytest.mark.parametrize(
    ("accepted", "after", "recovered"),
    [
        ("200", ["200", "200"], True),
        ("200", ["503", "503"], False),
        ("302", ["302"], True),
        ("302", ["200"], False),  # a 200 to an application post is the form again: not done
    ],
)
def test_recovery_is_judged_by_the_loads_own_answer_for_done(accepted, after, recovered):
    result = finish(run_with(FakeLoad(accepted)), scenario(after), "p-")
    assert ("nothing was accepted after the fault: no recovery" not in result.problems) is recovered


def test_one_application_posted_fifty_times_must_leave_one_row_and_one_mail():
    load = Applications()
    assert load.identical_problem(Tally(rows=1, mails=1)) is None
    assert load.identical_problem(Tally(rows=2, mails=1)) == "2 rows and 1 mails, not one of each"
    assert load.identical_problem(Tally(rows=1, mails=0)) is not None


def test_one_save_posted_fifty_times_sends_no_mail_and_keeps_one_response_per_candidate():
    load = Autosaves()
    assert load.sends_mail is False
    assert load.accepted_status == "200"
    assert load.identical_problem(Tally(rows=load.candidates, mails=0)) is None
    assert load.identical_problem(Tally(rows=load.candidates + 1, mails=0)) is not None


def test_a_task_page_that_does_not_load_is_counted_as_that_answer_not_a_crashed_client():
    """A 500 page while PostgreSQL restarts has no CSRF token: the save is refused with the
    page's status, the client goes on, and the next save fetches the page again."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class DatabaseAway(BaseHTTPRequestHandler):
        def do_GET(self):
            body = b"<!doctype html>\n<html lang=en><p>Server error</p>"
            self.send_response(500)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), DatabaseAway)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        load = Autosaves()
        load.sessions = [(7, 1, "session")] * load.candidates
        client = load.client(port=server.server_address[1])
        attempt = load.attempt(client, prefix="p-", index=0)
    finally:
        server.shutdown()
    assert attempt.status == "page 500"
    assert client["tokens"] == {}
