"""The faults, each injected while a load runs, and what each must show afterwards."""

import statistics
import threading
import time
from dataclasses import dataclass, field

from .loads import Attempt, Load, Tally
from .stack import Stack


@dataclass
class Run:
    stack: Stack
    load: Load
    clients: list
    count: int  # units of work per scenario
    rate: float  # units started per second
    outage: float  # seconds Redis stays down
    settle_timeout: float  # seconds to wait for the sweeps after the load
    tag: str  # random, so two runs never share a prefix
    log: object


@dataclass
class Result:
    name: str
    title: str
    attempts: list[Attempt] = field(default_factory=list)
    fault: tuple[float, float] | None = None  # monotonic start and end of the fault
    settled_after: float | None = None  # seconds from the fault's end to everything done
    tally: Tally = field(default_factory=Tally)
    problems: list[str] = field(default_factory=list)

    def p95(self, during_fault: bool = False) -> float | None:
        seconds = [
            a.seconds
            for a in self.attempts
            if not during_fault or (self.fault and self.fault[0] <= a.started <= self.fault[1])
        ]
        if len(seconds) < 2:
            return seconds[0] * 1000 if seconds else None
        return statistics.quantiles(seconds, n=20)[-1] * 1000

    @property
    def passed(self) -> bool:
        return not self.problems


def drive(run: Run, *, prefix: str, start: float, count: int | None = None) -> list[Attempt]:
    """Start ``count`` units at ``run.rate`` a second over the clients; wait for every answer."""
    count = run.count if count is None else count
    attempts: list[Attempt] = []
    lock = threading.Lock()
    next_index = iter(range(count))

    def client_loop(client):
        while True:
            with lock:
                index = next(next_index, None)
            if index is None:
                return
            delay = start + index / run.rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            attempt = run.load.attempt(client, prefix=prefix, index=index)
            with lock:
                attempts.append(attempt)

    threads = [threading.Thread(target=client_loop, args=(c,)) for c in run.clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return attempts


def under_load(run: Run, result: Result, inject, *, at: float, resends_allowed=None) -> Result:
    """Drive the load and call ``inject`` once ``at`` (a fraction) of it has started."""
    prefix = f"{run.tag}-{result.name}-"
    start = time.monotonic() + 0.5
    window = {}

    def injector():
        time.sleep(max(0.0, start + at * run.count / run.rate - time.monotonic()))
        window["start"] = time.monotonic()
        inject(prefix)
        window["end"] = time.monotonic()

    thread = threading.Thread(target=injector)
    thread.start()
    result.attempts = drive(run, prefix=prefix, start=start)
    thread.join()
    result.fault = (window["start"], window["end"])
    allowed = resends_allowed() if resends_allowed else 0
    return finish(run, result, prefix, resends_allowed=allowed)


def finish(run: Run, result: Result, prefix: str, *, resends_allowed: int = 0) -> Result:
    """Wait for the sweeps to deliver what is due, then count, and judge the common rules."""
    from django.db import connections

    deadline = time.monotonic() + run.settle_timeout
    settled = False
    while time.monotonic() < deadline:
        if run.load.settled(prefix=prefix, mail_log=run.stack.mail_log):
            settled = True
            break
        time.sleep(0.5)
    connections.close_all()
    end = result.fault[1] if result.fault else result.attempts[0].started
    if settled:
        result.settled_after = round(time.monotonic() - end, 1)
    else:
        result.problems.append(f"not settled {run.settle_timeout:.0f} s after the load")
    result.tally = run.load.tally(
        prefix=prefix, attempts=result.attempts, mail_log=run.stack.mail_log
    )
    tally = result.tally
    if tally.lost:
        result.problems.append(f"{tally.lost} lost")
    if tally.duplicated:
        result.problems.append(f"{tally.duplicated} duplicated")
    if tally.resent > resends_allowed:
        result.problems.append(
            f"{tally.resent} mails delivered again (same Message-ID); "
            f"{resends_allowed} may be, in this scenario"
        )
    if tally.two_live_links:
        result.problems.append(f"{tally.two_live_links} people hold two live sign-in links")
    try:
        run.stack.check_alive()
    except Exception as error:
        result.problems.append(f"a process died: {error}")
    if result.fault and result.name != "identical-posts":
        after = [a for a in result.attempts if a.started > result.fault[1]]
        if after and not any(a.status == run.load.accepted_status for a in after):
            result.problems.append("nothing was accepted after the fault: no recovery")
    return result


# --- the faults -----------------------------------------------------------------------------


def worker_killed(run: Run) -> Result:
    """SIGKILL the worker's pool processes twice while they are sending (the master lives)."""
    from django.db import connection

    from csa_portal.models import OutboundMessage

    result = Result("worker-killed", "worker killed (SIGKILL) mid-send, twice")
    killed = []

    def inject(prefix):
        for round_number in (1, 2):
            deadline = time.monotonic() + (15 if run.load.sends_mail else 0)
            in_flight = 0
            while time.monotonic() < deadline:  # until some mail of this run is in flight
                in_flight = OutboundMessage.objects.filter(
                    to_email__startswith=prefix, status=OutboundMessage.Status.SENDING
                ).count()
                if in_flight:
                    break
                time.sleep(0.05)
            killed.append((in_flight, len(run.stack.kill_worker_children())))
            if round_number == 1:
                time.sleep(0.3 * run.count / run.rate)
        connection.close()

    # A pool process killed after the mail server took a message and before the row was
    # marked sent leaves it to be sent again, with the same Message-ID and link: the one
    # window of "at least once" (docs/architecture.md). At most one per send in flight.
    under_load(run, result, inject, at=0.25, resends_allowed=lambda: sum(n for n, _ in killed))
    result.tally.notes.insert(
        0, "killed: " + ", ".join(f"{p} pool processes with {n} sends in flight" for n, p in killed)
    )
    if run.load.sends_mail and not all(n for n, _ in killed):
        result.problems.append("a kill found no send in flight")
    return result


def redis_stopped(run: Run) -> Result:
    """Stop both Redis servers (broker and cache) for ``run.outage`` seconds."""
    result = Result("redis-stopped", f"Redis (broker and cache) stopped for {run.outage:.0f} s")

    def inject(prefix):
        run.stack.broker.stop()
        run.stack.cache.stop()
        time.sleep(run.outage)
        run.stack.broker.start()
        run.stack.cache.start()

    under_load(run, result, inject, at=0.2)
    during = [a for a in result.attempts if result.fault[0] <= a.started <= result.fault[1]]
    refused = [a for a in during if a.status != run.load.accepted_status]
    if refused:
        result.problems.append(f"{len(refused)} {run.load.name} refused while Redis was down")
    p95 = result.p95(during_fault=True)
    if p95 is None or p95 >= 1000:
        result.problems.append(f"p95 during the outage {p95} ms, not under 1 s")
    result.tally.notes.insert(0, f"{len(during)} {run.load.name} during the outage")
    return result


def postgres_restarted(run: Run) -> Result:
    """A fast shutdown of PostgreSQL (every connection cut) and a start."""
    result = Result("postgres-restarted", "PostgreSQL restarted (fast shutdown)")

    def inject(prefix):
        run.stack.postgres.restart()

    under_load(run, result, inject, at=0.3)
    seconds = result.fault[1] - result.fault[0]
    result.tally.notes.insert(0, f"database away for {seconds:.1f} s")
    return result


def identical_posts(run: Run, copies: int = 50) -> Result:
    """The same application posted ``copies`` times at once: one row, one mail."""
    result = Result("identical-posts", f"{copies} identical posts at once")
    prefix = f"{run.tag}-{result.name}-"
    barrier = threading.Barrier(copies)
    attempts: list[Attempt] = []
    lock = threading.Lock()
    client = run.clients[0]

    def post():
        barrier.wait()
        attempt = run.load.attempt(client, prefix=prefix, index=0)
        with lock:
            attempts.append(attempt)

    threads = [threading.Thread(target=post) for _ in range(copies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.attempts = attempts
    now = time.monotonic()
    result.fault = (min(a.started for a in attempts), now)
    finish(run, result, prefix)
    problem = run.load.identical_problem(result.tally)
    if problem:
        result.problems.append(problem)
    return result


SCENARIOS = {
    "worker-killed": worker_killed,
    "redis-stopped": redis_stopped,
    "postgres-restarted": postgres_restarted,
    "identical-posts": identical_posts,
}
