"""Load-test autosave: candidates saving a timed task every 10 s, against a bare Django view.

Steps: create and migrate the bench database, make sure the roles and applications of
``bench/run.py`` are there and 100,000 assessment attempts (``bench/generate_assessments.py``),
give N candidates (1,000) an attempt whose written escalation is under way and sign each in,
count and time one save in-process (its SQL queries, and where its time goes), start gunicorn
on 127.0.0.1, GET every candidate's task page for its CSRF cookie and token, then:

1. the paced load: every candidate saves the whole answer every 10 s (± 1 s), the text
   growing and ``seq`` rising, one save at a time each, for ``--load-duration`` s; the
   latency of every save, the answers by status, and afterwards in PostgreSQL whether each
   candidate's last acknowledged save is what is stored;
2. the saturation runs: wrk on the bare view, then wrk posting saves as fast as they are
   answered, rotating through the candidates (``bench/autosave.lua``), ``--rounds`` times;
   the saves' requests/s as a share of the bare view's.

Budget (docs/performance.md): autosave p95 under 50 ms in the paced load, a handful of
queries a save, no save lost. The attempts and sessions of the load are deleted afterwards.

    make bench-autosave BENCH_ARGS="--database-url postgres://postgres@127.0.0.1:5432/NAME"
    .venv/bin/python bench/autosave.py --help

Exits 0 when the budget is met, 1 when it is missed, 2 when the bench could not run.
"""

import argparse
import dataclasses
import json
import resource
import secrets
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import autosave_load as load  # noqa: E402
from bench import run as bench  # noqa: E402

AUTOSAVE_SCRIPT = bench.BENCH_DIR / "autosave.lua"
TARGET_P95_MS = 50.0
TARGET_QUERIES = 7  # "a handful": what tests/assessments pins for a save
CLIENT_LAG_WARNING_MS = 5.0  # the paced client itself fell behind: its figures are doubtful
RUN_OPTIONS = (
    "--database-url, --port, --workers, --worker-class, --worker-threads, --duration, "
    "--rounds, --warmup, --connections, --threads, --quiet-timeout, --skip-generate, "
    "--generate-only, --roles, --applications, --label, --no-json"
)


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog=f"Also these options of bench/run.py, with its defaults: {RUN_OPTIONS}.",
    )
    parser.add_argument("--attempts", type=int, default=100_000, help="attempts stored (100000)")
    parser.add_argument(
        "--candidates",
        default="1000",
        help="candidates saving at once; a list (250,500,1000) runs the paced load at each (1000)",
    )
    parser.add_argument("--load-duration", type=int, default=120, help="s of paced saves (120)")
    parser.add_argument("--save-interval", type=float, default=10.0, help="s between saves (10)")
    parser.add_argument("--jitter", type=float, default=1.0, help="± s on each interval (1)")
    parser.add_argument(
        "--profile-saves", type=int, default=200, help="in-process saves profiled (200)"
    )
    parser.add_argument(
        "--keep-takers", action="store_true", help="keep the load's attempts and sessions"
    )
    own, rest = parser.parse_known_args(argv)
    args = bench.parse_args(rest)
    vars(args).update(vars(own))
    try:
        args.candidates = [int(n) for n in str(args.candidates).split(",") if n.strip()]
    except ValueError:
        parser.error("--candidates takes whole numbers separated by commas")
    if not args.candidates or min([*args.candidates, args.attempts, args.load_duration]) < 1:
        parser.error("--attempts, --candidates and --load-duration must be positive")
    if not 0 <= args.jitter < args.save_interval:
        parser.error("--jitter must be between 0 and --save-interval")
    if max(args.candidates) < args.connections:
        parser.error("--candidates must be at least --connections (one save at a time each)")
    return args


# --- in process ------------------------------------------------------------------------------


def _save_client(taker: load.Taker):
    from django.test import Client

    return Client(HTTP_HOST=bench.HOST, HTTP_COOKIE=taker.cookie)


def _post_save(client, taker: load.Taker, seq: int, tab: str = "in-process"):
    body = {"answers": {"parts": {"handoff": f"Draft {seq}", "reply": ""}}, "tab": tab, "seq": seq}
    response = client.post(taker.path, data=json.dumps(body), content_type="application/json")
    if response.status_code != 200 or not response.json().get("stored"):
        raise bench.BenchError(f"An in-process save answered {response.status_code}")
    return response


def count_save_queries(taker: load.Taker) -> dict:
    """SQL queries of one save in-process (the test client skips the CSRF check): a repeated
    save, and one whose session is due its once-a-minute "seen" refresh."""
    from importlib import import_module

    from django.conf import settings
    from django.db import connection, connections
    from django.test.utils import CaptureQueriesContext

    from applicants.access import SEEN_KEY

    client = _save_client(taker)
    _post_save(client, taker, 1)  # imports, connection set-up
    timings = []
    for seq in range(2, 12):
        with CaptureQueriesContext(connection) as context:
            started = time.perf_counter()
            _post_save(client, taker, seq)
            timings.append((time.perf_counter() - started) * 1000)
    statements = [_statement(query["sql"]) for query in context.captured_queries]
    session = import_module(settings.SESSION_ENGINE).SessionStore(taker.session_key)
    session[SEEN_KEY] = int(time.time()) - 120
    session.save()
    with CaptureQueriesContext(connection) as refreshing:
        _post_save(client, taker, 12)
    connections.close_all()
    return {
        "queries": len(statements),
        "statements": statements,
        "with_seen_refresh": len(refreshing.captured_queries),
        "in_process_ms": round(statistics.median(timings), 2),
    }


def _statement(sql: str) -> str:
    """'SELECT assessments_taskresponse FOR UPDATE', 'UPDATE django_session'..."""
    words = sql.split()
    verb = words[0].upper()
    table_at = words.index("FROM") + 1 if verb == "SELECT" else 1
    table = words[table_at].strip('"') if table_at < len(words) else ""
    return f"{verb} {table}".strip() + (" FOR UPDATE" if "FOR UPDATE" in sql else "")


# Where the time of a save goes: each SQL statement by what it is for (wall time of its
# execute, i.e. the round trip, PostgreSQL's work and the rows' transfer), the JSON decoding
# of the fields read, the session's decoding and the commit; the rest is Django and the view.
SQL_PARTS = (
    ("django_session", "SELECT", "session load: SQL"),
    ("django_session", "UPDATE", "session seen-time write: SQL"),
    ("applicants_candidate", "SELECT", "candidate load: SQL"),
    ("FOR UPDATE", "SELECT", "response row lock (SELECT ... FOR UPDATE, with its attempt): SQL"),
    ("assessments_taskresponse", "SELECT", "response lookup (is it this candidate's?): SQL"),
    ("assessments_taskresponse", "UPDATE", "update of the response: SQL"),
)
BIG_JSON = 20_000  # characters: a template revision's snapshot, not an answer


def profile_save(taker: load.Taker, saves: int) -> dict:
    """``saves`` saves in-process, timed whole, then again with each part timed (ms/save)."""
    from django.contrib.sessions.backends.base import SessionBase
    from django.db import connection, connections
    from django.db.models.fields.json import JSONField

    client = _save_client(taker)
    seq = 1000
    _post_save(client, taker, seq, tab="profile")
    plain = []
    for _ in range(saves):
        seq += 1
        started = time.perf_counter()
        _post_save(client, taker, seq, tab="profile")
        plain.append((time.perf_counter() - started) * 1000)

    spent: Counter = Counter()
    calls: Counter = Counter()

    def timed(label: str, function):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[label] += time.perf_counter() - started
                calls[label] += 1

        return wrapper

    def sql_timer(execute, sql, params, many, context):
        label = next(
            (name for marker, verb, name in SQL_PARTS if marker in sql and sql.startswith(verb)),
            f"other SQL: {_statement(sql)}",
        )
        return timed(label, execute)(sql, params, many, context)

    original_decode, original_loads = SessionBase.decode, JSONField.from_db_value

    def from_db_value(field, value, expression, conn):
        big = isinstance(value, str) and len(value) > BIG_JSON
        label = "JSON decode: revision snapshot" if big else "JSON decode: answers and others"
        return timed(label, original_loads)(field, value, expression, conn)

    SessionBase.decode = timed("session load: decode", original_decode)
    JSONField.from_db_value = from_db_value
    connection.commit = timed("commit", connection.commit)
    total = 0.0
    try:
        with connection.execute_wrapper(sql_timer):
            for _ in range(saves):
                seq += 1
                started = time.perf_counter()
                _post_save(client, taker, seq, tab="profile")
                total += time.perf_counter() - started
    finally:
        SessionBase.decode, JSONField.from_db_value = original_decode, original_loads
        del connection.commit
    connections.close_all()
    parts = {label: round(seconds * 1000 / saves, 3) for label, seconds in spent.items()}
    parts["rest: middleware, view, cleaning, JSON answer"] = round(
        total * 1000 / saves - sum(parts.values()), 3
    )
    return {
        "saves": saves,
        "plain_ms": {
            "median": round(statistics.median(plain), 2),
            "p95": round(_percentile(plain, 95), 2),
        },
        "profiled_ms": round(total * 1000 / saves, 2),
        "parts_ms": dict(sorted(parts.items(), key=lambda item: -item[1])),
        "calls_per_save": {label: round(n / saves, 2) for label, n in calls.items()},
    }


# --- the load --------------------------------------------------------------------------------


def _percentile(values: list[float], percent: float) -> float:
    """Nearest rank, as wrk reports it."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(percent / 100 * len(ordered)) - 1))]


def _own_ticks() -> int:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return round((usage.ru_utime + usage.ru_stime) * bench.CLOCK_TICKS)


class CpuMeter:
    """CPU of gunicorn and of the bench database's backends over a long run, sampled every
    second: a backend that ends during the run (Django replaces its connection after
    ``CONN_MAX_AGE``, 60 s) still counts up to its last sample, where a sample at each end
    alone would lose it. This process (the paced client) stands in wrk's place."""

    def __init__(self, gunicorn_pid: int, database: str):
        self.pid, self.database = gunicorn_pid, database
        self.first = self.last = self._sample()
        self.totals = {"gunicorn": 0, "postgres": 0}
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _sample(self):
        return dataclasses.replace(bench.cpu_sample(self.pid, self.database), wrk=_own_ticks())

    def _add(self, sample) -> None:
        for name in self.totals:
            before, after = getattr(self.last, name), getattr(sample, name)
            self.totals[name] += sum(ticks - before.get(pid, 0) for pid, ticks in after.items())
        self.last = sample

    def _watch(self) -> None:
        while not self._stopping.wait(1.0):
            self._add(self._sample())

    def stop(self) -> tuple:
        """Two samples whose difference is the whole run, for ``bench.cpu_used``."""
        self._stopping.set()
        self._thread.join()
        self._add(self._sample())
        start = dataclasses.replace(self.first, gunicorn={}, postgres={})
        end = dataclasses.replace(
            self.last, gunicorn={0: self.totals["gunicorn"]}, postgres={0: self.totals["postgres"]}
        )
        return start, end


def run_paced(args, process, database: str, takers: list[load.Taker]) -> dict:
    """The paced load; CPU accounted with this process (the client) in wrk's place."""
    paced = load.PacedSaves(
        args.port,
        takers,
        duration=args.load_duration,
        interval=args.save_interval,
        jitter=args.jitter,
    )
    if args.quiet_timeout:
        bench.wait_for_quiet_machine(process.pid, database, args.quiet_timeout)
    meter = CpuMeter(process.pid, database)
    started = time.monotonic()
    saves = paced.run()
    before, after = meter.stop()
    elapsed = time.monotonic() - started
    bench.wait_until_idle(args.port)
    counted_from = min(save.due for save in saves) + args.warmup
    timed = [save for save in saves if save.due >= counted_from]
    latencies = [(save.ended - save.sent) * 1000 for save in timed if save.status]
    lags = [(save.sent - save.due) * 1000 for save in timed]
    statuses = Counter(str(save.status) for save in saves if save.status)
    errors = Counter(save.error for save in saves if save.error)
    outcome = load.check_saves(paced.states, _rows_in_order(takers))
    figures = {
        "candidates": len(takers),
        "saves": len(saves),
        "timed_saves": len(timed),
        "seconds": round(elapsed, 1),
        "saves_per_s": round(len(saves) / elapsed, 1),
        "p50_ms": round(_percentile(latencies, 50), 2),
        "p95_ms": round(_percentile(latencies, 95), 2),
        "p99_ms": round(_percentile(latencies, 99), 2),
        "max_ms": round(max(latencies, default=0), 2),
        "mean_ms": round(statistics.fmean(latencies), 2) if latencies else 0.0,
        "lag_p95_ms": round(_percentile(lags, 95), 2),
        "lag_max_ms": round(max(lags, default=0), 2),
        "statuses": dict(statuses),
        "errors": dict(errors),
        "not_stored": sum(1 for save in saves if save.status == 200 and not save.stored),
        "answer_chars_at_end": statistics.median(
            len(state.answers["handoff"]) + len(state.answers["reply"]) for state in paced.states
        ),
        "outcome": outcome,
        **bench.cpu_used(before, after, len(saves)),
    }
    figures["client_cpu_pct"] = figures.pop("cpu_wrk_pct")
    return figures


def _rows_in_order(takers: list[load.Taker]) -> list[dict | None]:
    rows = load.stored_saves(takers)
    return [rows.get(taker.response_id) for taker in takers]


def run_saturation(args, wrk: str, process, database: str, takers, scratch: Path) -> dict:
    """wrk on the bare view and on the saves, ``--rounds`` times, alternating."""
    data_file = scratch / "autosave-data.lua"
    load.write_wrk_data(data_file, takers)
    runs = {"bare": [], "autosave": []}
    for round_number in range(1, args.rounds + 1):
        for name in ("bare", "autosave"):
            # Each wrk run saves under a tab of its own, so its first saves are the newest.
            tab = f"wrk-{secrets.token_hex(3)}-r{round_number}"
            path = "/bench/bare" if name == "bare" else "/"
            wrk_args = _saving(name, data_file, tab, args.threads)
            bench.wait_until_idle(args.port)
            if args.warmup:
                warm = _saving(name, data_file, f"{tab}-warm", args.threads)
                bench.run_wrk(wrk, args, path, args.warmup, **warm)
                bench.wait_until_idle(args.port)
            if args.quiet_timeout:
                bench.wait_for_quiet_machine(process.pid, database, args.quiet_timeout)
            before = bench.cpu_sample(process.pid, database)
            figures = bench.run_wrk(wrk, args, path, args.duration, **wrk_args)
            after = bench.cpu_sample(process.pid, database)
            figures.update(bench.cpu_used(before, after, figures["requests"]))
            if name == "autosave":
                bench.wait_until_idle(args.port)
                answered = figures.get("statuses", {}).get("200", 0)
                stored = load.saturation_saves(takers, tab)
                # Fewer saves stored than answered 200 would be saves lost; more are those
                # wrk stopped waiting for at the end, stored all the same.
                figures["stored_saves"] = stored
                figures["stored_ok"] = stored >= answered
            runs[name].append(figures)
            bench.log(
                f"round {round_number}/{args.rounds} {name}: {figures['rps']:.1f} req/s, "
                f"p50 {figures['p50_ms']:.1f} ms, p95 {figures['p95_ms']:.1f} ms, errors "
                f"{figures['errors']}"
                + (
                    f", answers {figures.get('statuses')}, stored {figures['stored_saves']}"
                    if name == "autosave"
                    else ""
                )
                + f"; CPU/request app {figures['cpu_app_ms_per_req']:.2f} ms, db "
                f"{figures['cpu_db_ms_per_req']:.2f} ms; other {figures['cpu_other_pct']:.0f} %"
            )
    return runs


def _saving(name: str, data_file: Path, tab: str, threads: int) -> dict:
    """run_wrk's script arguments: none for the bare view, bench/autosave.lua for the saves."""
    if name == "bare":
        return {}
    return {"script": AUTOSAVE_SCRIPT, "script_args": (str(data_file), tab, str(threads))}


def summarize_saturation(runs: dict) -> list[dict]:
    bare_rps = statistics.median(run["rps"] for run in runs["bare"])
    rows = []
    for name, found in runs.items():
        rps = statistics.median(run["rps"] for run in found)
        other_answers = sum(
            n for run in found for status, n in run.get("statuses", {}).items() if status != "200"
        )
        rows.append(
            {
                "name": name,
                "rps": round(rps, 1),
                "ratio": round(rps / bare_rps, 3) if bare_rps else 0.0,
                "p50_ms": bench.median_of(found, "p50_ms"),
                "p95_ms": bench.median_of(found, "p95_ms"),
                "p99_ms": bench.median_of(found, "p99_ms"),
                "errors": sum(run["errors"] for run in found),
                "other_answers": other_answers,
                "stored_ok": all(run.get("stored_ok", True) for run in found),
                "rps_runs": [round(run["rps"], 1) for run in found],
                "cpu_app_ms_per_req": bench.median_of(found, "cpu_app_ms_per_req", 3),
                "cpu_db_ms_per_req": bench.median_of(found, "cpu_db_ms_per_req", 3),
                "cpu_other_pct_max": max(run["cpu_other_pct"] for run in found),
            }
        )
    return rows


# --- report ----------------------------------------------------------------------------------


def level_verdict(level: dict) -> dict:
    """One paced level against the budget."""
    outcome = level["outcome"]
    return {
        "p95": level["p95_ms"] < TARGET_P95_MS,
        "answers": set(level["statuses"]) == {"200"} and not level["errors"],
        "none_lost": outcome["lost"] == 0 and level["not_stored"] == 0,
    }


def verdicts(paced: list[dict], saturation: list[dict], queries: dict) -> dict:
    levels = [level_verdict(level) for level in paced]
    return {
        **{name: all(level[name] for level in levels) for name in ("p95", "answers", "none_lost")},
        "queries": queries["queries"] <= TARGET_QUERIES,
        "saturation": all(
            not row["errors"] and not row["other_answers"] and row["stored_ok"]
            for row in saturation
        ),
    }


def print_report(paced: list[dict], saturation: list[dict], queries: dict, profile: dict, ok):
    first = paced[0]
    print()
    print(
        f"Paced autosave: each candidate saves every {first['interval_s']:g} s "
        f"± {first['jitter_s']:g} s, {first['seconds']:.0f} s a level; latency from the "
        "request sent to the answer read"
    )
    header = (
        f"{'candidates':>10} {'saves':>6} {'saves/s':>7} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'p99 ms':>7} {'max ms':>7} {'app ms':>6} {'db ms':>6} {'client':>6} {'other':>6} "
        f"{'lost':>5}  answers / errors  result"
    )
    print(header)
    print("-" * len(header))
    for level in paced:
        fine = level_verdict(level)
        answers = ", ".join(
            f"{k}: {v}" for k, v in {**level["statuses"], **level["errors"]}.items()
        )
        print(
            f"{level['candidates']:>10} {level['saves']:>6} {level['saves_per_s']:>7.1f} "
            f"{level['p50_ms']:>7.1f} {level['p95_ms']:>7.1f} {level['p99_ms']:>7.1f} "
            f"{level['max_ms']:>7.1f} {level['cpu_app_ms_per_req']:>6.2f} "
            f"{level['cpu_db_ms_per_req']:>6.2f} {level['client_cpu_pct']:>5.0f}% "
            f"{level['cpu_other_pct']:>5.0f}% {level['outcome']['lost']:>5}  {answers:<16}  "
            f"{'PASS' if all(fine.values()) else 'FAIL'}"
        )
    for level in paced:
        outcome = level["outcome"]
        print(
            f"{level['candidates']} candidates, in PostgreSQL afterwards: the last acknowledged "
            f"save stored for {outcome['kept']}, a later unanswered one for "
            f"{outcome['unanswered']}, never saved {outcome['never saved']}, lost "
            f"{outcome['lost']}; answered 200 but not stored: {level['not_stored']}. Client lag "
            f"p95 {level['lag_p95_ms']:.1f} ms."
        )
        if level["lag_p95_ms"] > CLIENT_LAG_WARNING_MS:
            print("WARNING: the client sent saves late (lag p95 above 5 ms): it is overloaded.")
    print()
    header = (
        f"{'saturation':<10} {'req/s':>8} {'ratio':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
        f"{'app ms':>6} {'db ms':>6} {'other':>6} {'errors':>6}  result"
    )
    print(header)
    print("-" * len(header))
    for row in saturation:
        fine = not row["errors"] and not row["other_answers"] and row["stored_ok"]
        print(
            f"{row['name']:<10} {row['rps']:>8.1f} {row['ratio']:>6.3f} {row['p50_ms']:>7.1f} "
            f"{row['p95_ms']:>7.1f} {row['p99_ms']:>7.1f} {row['cpu_app_ms_per_req']:>6.2f} "
            f"{row['cpu_db_ms_per_req']:>6.2f} {row['cpu_other_pct_max']:>5.0f}% "
            f"{row['errors'] + row['other_answers']:>6}  "
            f"{('ref' if row['name'] == 'bare' else 'n/a') if fine else 'FAIL'}"
        )
    print(
        f"\nSQL queries of a save: {queries['queries']} ({', '.join(queries['statements'])}), "
        f"{queries['with_seen_refresh']} when the session's seen-time is refreshed (once a "
        f"minute a candidate): {'PASS' if ok['queries'] else 'FAIL'} (at most {TARGET_QUERIES})."
        f" In-process: {queries['in_process_ms']} ms a save."
    )
    print(
        f"\nWhere a save's time goes, in-process, one at a time ({profile['saves']} saves: "
        f"{profile['plain_ms']['median']} ms median, {profile['plain_ms']['p95']} ms p95; "
        f"{profile['profiled_ms']} ms with the timers):"
    )
    for label, ms in profile["parts_ms"].items():
        per = profile["calls_per_save"].get(label)
        print(f"  {ms:>7.3f} ms  {label}" + (f" ({per:g} a save)" if per else ""))
    print(
        f"\nBudget: autosave p95 under {TARGET_P95_MS:.0f} ms in the paced load, every answer "
        "200, no acknowledged save lost, a handful of queries. ratio: the saves' requests/s "
        "under saturation over the bare view's in the same run (reported, no budget). app ms / "
        "db ms: CPU per save in gunicorn and PostgreSQL; client: the paced client's CPU, in % "
        "of a core; other: processes outside the bench."
    )


def assessment_rows() -> dict:
    from assessments.models import Attempt, IntegrityEvent, RoleAssessment, TaskResponse

    return {
        model._meta.db_table: model.objects.count()
        for model in (RoleAssessment, Attempt, TaskResponse, IntegrityEvent)
    }


def autosave(args, wrk: str, scratch: Path) -> int:
    static_root, media_root = scratch / "static", scratch / "media"
    error_log = scratch / "gunicorn-error.log"
    bench.ensure_database(args.database_url)
    database = bench.check_database_url(args.database_url)
    bench.configure_environment(args, static_root, media_root)
    info = bench.prepare_django(args)
    from bench.generate_assessments import generate_attempts

    generation = None
    if not args.skip_generate:
        generation = generate_attempts(args.attempts, log=bench.log)
    rows = {**info["rows"], **assessment_rows()}
    bench.log(f"rows: {rows}")
    if args.generate_only:
        return 0
    saturation_s = args.rounds * 2 * (args.warmup + args.duration + 5)
    paced_s = len(args.candidates) * (args.load_duration + 30)
    open_for = timedelta(seconds=paced_s + saturation_s + 600)
    started = time.monotonic()
    takers = load.prepare_takers(max(args.candidates), open_for=open_for)
    bench.log(f"{len(takers)} candidates signed in ({time.monotonic() - started:.1f} s)")
    process = None
    try:
        queries = count_save_queries(takers[0])
        bench.log(f"a save: {queries['queries']} SQL queries {queries['statements']}")
        profile = profile_save(takers[-1], args.profile_saves)
        bench.log(f"a save in-process: {profile['plain_ms']} ms; parts {profile['parts_ms']}")
        process = bench.start_gunicorn(args, error_log)
        bench.wait_until_up(process, args.port, error_log)
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(lambda taker: load.fetch_page(args.port, taker), takers))
        bench.log(f"fetched {len(takers)} task pages ({time.monotonic() - started:.1f} s)")
        bench.wait_until_idle(args.port)
        paced = []
        for count in args.candidates:
            level = run_paced(args, process, database, takers[:count])
            level.update(interval_s=args.save_interval, jitter_s=args.jitter)
            paced.append(level)
            bench.log(f"paced load: {level}")
        runs = run_saturation(args, wrk, process, database, takers, scratch)
    finally:
        bench.stop_gunicorn(process)
        if not args.keep_takers:
            bench.log(f"removed the load's rows: {load.remove_takers(takers)}")
    errors = bench.tail(error_log)
    if errors:
        bench.log(f"gunicorn error log (last lines):\n{errors}")
    saturation = summarize_saturation(runs)
    ok = verdicts(paced, saturation, queries)
    print_report(paced, saturation, queries, profile, ok)
    if not args.no_json:
        stamp = datetime.now(UTC)
        bench.RESULTS_DIR.mkdir(exist_ok=True)
        path = bench.RESULTS_DIR / f"autosave-{stamp:%Y%m%d-%H%M%S}.json"
        report = {
            "date": stamp.isoformat(timespec="seconds"),
            "label": args.label,
            "machine": {**bench.machine(), "postgres": info["postgres"]},
            "config": {k: v for k, v in vars(args).items() if k != "database_url"},
            "database": database,
            "rows": rows,
            "generation": generation,
            "queries": queries,
            "profile": profile,
            "paced": paced,
            "saturation": saturation,
            "saturation_runs": runs,
            "verdicts": ok,
        }
        path.write_text(json.dumps(report, indent=2, default=str) + "\n")
        bench.log(f"results written to {path.relative_to(bench.ROOT)}")
    return 0 if all(ok.values()) else 1


def main(argv=None) -> int:
    args = parse_args(argv)
    wrk = shutil.which("wrk")
    if wrk is None:
        print("wrk is not installed; install it with: apt-get install -y wrk", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="csa-autosave-") as scratch:
        try:
            return autosave(args, wrk, Path(scratch))
        except (bench.BenchError, load.LoadError) as error:
            print(f"bench failed: {error}", file=sys.stderr)
            return 2


if __name__ == "__main__":
    sys.exit(main())
