"""Time every report page and its CSV on the bench database, unfiltered and for one role.

Steps: migrate; top up the data (``bench/run.py``'s roles and million applications, the
attempts of ``generate_assessments.py``, then ``generate_reports.py``: quiz scores, reviews,
results and self-identification answers); count each report's SQL queries in-process; start
gunicorn (production settings, ``bench.settings``) signed in as the bench recruiter; then for
each URL, after two warm-up requests, send ``--requests`` requests one after another and
print p50, p95 and the slowest, next to the bare view's (``/bench/bare``, the same
middleware and a constant answer) measured in the same run, and the machine's load average
before and after. Target (docs/performance.md): every page and CSV under 1 s at p95.

    flock /tmp/csa-heavy.lock .venv/bin/python bench/reports.py \\
        --database-url postgres://postgres@127.0.0.1:5432/csa_bench_reports

Exits 0 when every URL meets the target, 1 when one misses it, 2 when the bench could not run.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.run import (  # noqa: E402
    BenchError,
    configure_environment,
    ensure_database,
    fetch,
    log,
    machine,
    start_gunicorn,
    stop_gunicorn,
    wait_until_up,
)

TARGET_P95_S = 1.0
RESULTS_DIR = ROOT / "bench" / "results"


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/csa_bench_reports"
        ),
    )
    parser.add_argument("--cache-url", default="redis://127.0.0.1:6379/15")
    parser.add_argument("--roles", type=int, default=10_000)
    parser.add_argument("--applications", type=int, default=1_000_000)
    parser.add_argument("--attempts", type=int, default=100_000, help="generated attempts")
    parser.add_argument("--skip-generate", action="store_true")
    parser.add_argument("--generate-only", action="store_true")
    parser.add_argument("--requests", type=int, default=20, help="timed requests per URL")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1)
    parser.add_argument("--only", help="comma-separated report slugs")
    args = parser.parse_args(argv)
    args.worker_class, args.worker_threads, args.page_cache = "sync", 1, False
    return args


def prepare(args) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from applicants.models import Application
    from bench.generate import big_pipeline_role, generate_applications, generate_roles
    from bench.generate_assessments import generate_attempts
    from bench.generate_reports import generate_report_data
    from reports.services import refresh_tallies

    call_command("migrate", interactive=False, verbosity=0)
    if not args.skip_generate:
        generate_roles(args.roles, log=log)
        generate_applications(args.applications, log=log)
        generate_attempts(args.attempts, log=log)
        generate_report_data(log=log)
    call_command("collectstatic", interactive=False, verbosity=0)
    refreshed = refresh_tallies()  # what the beat job does every ten minutes
    log(
        f"tallies rebuilt in {refreshed['seconds']} s: {refreshed['applications']:,} "
        f"application rows, {refreshed['criteria']:,} criterion rows"
    )
    role = big_pipeline_role()
    info = {"role_id": role.pk, "role_applications": Application.objects.filter(role=role).count()}
    info["tallies"] = refreshed
    info["rows"] = _rows()
    connections.close_all()
    return info


def _rows() -> dict:
    from django.db import connection

    tables = [
        "applicants_application",
        "applicants_stagechange",
        "applicants_selfidentification",
        "reports_applicationtally",
        "reports_criteriontally",
        "assessments_attempt",
        "assessments_taskresponse",
        "assessments_autoscore",
        "assessments_review",
        "assessments_criterionscore",
        "assessments_result",
    ]
    with connection.cursor() as cursor:
        found = {}
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - names above
            found[table] = cursor.fetchone()[0]
    return found


def sign_in() -> tuple[str, str]:
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from bench.generate import bench_recruiter

    user = bench_recruiter()
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}", session.session_key


def urls(role_id: int, only: set[str] | None) -> list[tuple[str, str]]:
    from django.urls import reverse

    from reports.catalogue import REPORTS

    found = []
    for slug in REPORTS:
        if only and slug not in only:
            continue
        for label, query in (("all", ""), ("role", f"?role={role_id}")):
            found.append((f"{slug} {label}", reverse(f"staff:reports:{slug}") + query))
            found.append((f"{slug} {label} csv", reverse(f"staff:reports:{slug}_csv") + query))
    return found


def count_queries(targets: list[tuple[str, str]]) -> dict[str, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.generate import bench_recruiter

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(bench_recruiter())
    counts = {}
    for name, path in targets:
        client.get(path)  # fill the sources cache first, as a running site has it
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        if response.status_code != 200:
            raise BenchError(f"{path} answered {response.status_code} in-process")
        counts[name] = len(captured)
    return counts


def time_url(port: int, path: str, cookie: str | None, requests: int, warmup: int) -> dict:
    for _ in range(warmup):
        status, _ = fetch(port, path, cookie)
        if status != 200:
            raise BenchError(f"{path} answered {status}")
    seconds = []
    size = 0
    for _ in range(requests):
        started = time.perf_counter()
        status, body = fetch(port, path, cookie)
        seconds.append(time.perf_counter() - started)
        if status != 200:
            raise BenchError(f"{path} answered {status}")
        size = len(body.encode())
    seconds.sort()
    p95 = seconds[min(len(seconds) - 1, max(0, round(0.95 * len(seconds)) - 1))]
    return {
        "p50_ms": round(statistics.median(seconds) * 1000, 1),
        "p95_ms": round(p95 * 1000, 1),
        "max_ms": round(seconds[-1] * 1000, 1),
        "bytes": size,
    }


def load() -> list[float]:
    return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]


def main(argv=None) -> int:
    args = parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="csa-bench-reports-"))
    process = None
    session_key = None
    try:
        ensure_database(args.database_url)
        configure_environment(args, scratch / "static", scratch / "media")
        os.environ["CACHE_URL"] = args.cache_url
        info = prepare(args)
        log(f"rows: {json.dumps(info['rows'])}")
        if args.generate_only:
            return 0
        only = set(args.only.split(",")) if args.only else None
        targets = urls(info["role_id"], only)
        queries = count_queries(targets)
        cookie, session_key = sign_in()
        from django.db import connections

        connections.close_all()
        process = start_gunicorn(args, scratch / "gunicorn.log")
        wait_until_up(process, args.port, scratch / "gunicorn.log")
        load_before = load()
        bare = time_url(args.port, "/bench/bare", None, args.requests * 5, args.warmup)
        rows = []
        for name, path in targets:
            figures = time_url(args.port, path, cookie, args.requests, args.warmup)
            figures.update(name=name, path=path, queries=queries[name])
            figures["meets"] = figures["p95_ms"] <= TARGET_P95_S * 1000
            rows.append(figures)
            log(
                f"{name:<24} p50 {figures['p50_ms']:>7} ms  p95 {figures['p95_ms']:>7} ms  "
                f"max {figures['max_ms']:>7} ms  {figures['queries']:>2} queries  "
                f"{figures['bytes']:>8} bytes{'' if figures['meets'] else '  OVER'}"
            )
        load_after = load()
        log(f"bare view: p50 {bare['p50_ms']} ms, p95 {bare['p95_ms']} ms")
        log(f"load average before {load_before}, after {load_after}")
        RESULTS_DIR.mkdir(exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        out = RESULTS_DIR / f"reports-{stamp}.json"
        out.write_text(
            json.dumps(
                {
                    "at": stamp,
                    "machine": machine(),
                    "rows": info["rows"],
                    "role_applications": info["role_applications"],
                    "tallies": info["tallies"],
                    "bare": bare,
                    "load_before": load_before,
                    "load_after": load_after,
                    "pages": rows,
                },
                indent=2,
            )
        )
        log(f"written {out.relative_to(ROOT)}")
        return 0 if all(r["meets"] for r in rows) else 1
    except BenchError as error:
        log(f"error: {error}")
        return 2
    finally:
        stop_gunicorn(process)
        if session_key:
            from django.contrib.sessions.models import Session

            Session.objects.filter(session_key=session_key).delete()


if __name__ == "__main__":
    sys.exit(main())
