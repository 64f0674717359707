"""Load-test the job board, the pipeline pages and applying, against a bare Django view.

Steps: create the bench database if missing, migrate, generate published roles and a million
applications (skipped when present), collect static files into a temporary folder, count the
SQL queries of each page in-process, start gunicorn on 127.0.0.1, check every URL answers 200
with the text we expect, warm up, then run wrk on each URL and print requests/s, p50, p95 and
the ratio to the bare view. The staff pages (pipeline board of the 5,000-application role, a
search on it, an application page) load as a signed-in recruiter. Then sustained apply POSTs
(new email each, real PDF resume), first with Celery eager (mail and resume text in the
request), then with tasks queued in Redis (the production shape), and a count in PostgreSQL
of what every 302 left behind. Budgets (docs/performance.md): board, search and role page at
least half the bare view's requests/s and p95 under 100 ms; a fixed number of SQL queries per
page whatever the data size; at least 100 applications a second with none lost.

    make bench BENCH_ARGS="--duration 20 --rounds 3"
    .venv/bin/python bench/run.py --help

Needs PostgreSQL on 127.0.0.1 and wrk (``apt-get install -y wrk``). Exits 0 when every page
meets its budget, 1 when one misses it, 2 when the bench could not run.
"""

import argparse
import html
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
RESULTS_DIR = BENCH_DIR / "results"
WRK_SCRIPT = BENCH_DIR / "wrk_report.lua"
APPLY_SCRIPT = BENCH_DIR / "apply.lua"
HOST = "127.0.0.1"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/csa_portal_bench"
DEFAULT_SEARCH = "/jobs/?q=billing&workplace=remote"
DEFAULT_PIPELINE_SEARCH = "garc"  # a name fragment: Garcia, in name, email and resume text
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/11"
TARGET_RATIO = 0.5
TARGET_P95_MS = 100.0
TARGET_APPLY_RATE = 100.0  # applications a second, each with its outbox row
PAGE_NAMES = ("board", "search", "role", "pipeline", "pipeline-search", "application")
COLD_PAGES = ("board", "search", "role")  # public pages cached for visitors
CACHE_MODES = ("warm", "miss", "down")
APPLY_MODES = ("eager", "redis")
APPLY_SPREADS = ("many", "one")
BOOT_TIMEOUT_S = 60
STOP_TIMEOUT_S = 20
HTTP_TIMEOUT_S = 10
IDLE_TIMEOUT_S = 120
QUIET_OTHER_PCT = 10.0
BUSY_WARNING_PCT = 15.0


class BenchError(Exception):
    """The bench could not run (missing tool, database down, a page answering wrongly...)."""


@dataclass
class Page:
    name: str
    path: str
    expect: list[str]
    count_pattern: str | None = None  # a regex whose group 1 must be a positive count
    staff: bool = False  # loaded as the signed-in bench recruiter
    budget: bool = True  # held to the speed budget (the staff pages have none)
    p95_only: bool = False  # held to the p95 budget alone (the cache-miss runs)
    runs: list[dict] = field(default_factory=list)
    check: dict = field(default_factory=dict)


@dataclass
class ApplyRun:
    mode: str  # "eager": Celery runs mail and resume text in the request; "redis": queued
    spread: str  # "many" roles in turn, or "one" role (its row lock serialises the posts)
    roles: int
    figures: dict = field(default_factory=dict)
    outcome: dict = field(default_factory=dict)


def parse_args(argv=None) -> argparse.Namespace:
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--roles", type=int, default=10_000, help="live roles to have (10000)")
    parser.add_argument(
        "--applications",
        type=int,
        default=1_000_000,
        help="generated applications to have over the roles (1000000)",
    )
    parser.add_argument(
        "--big-role-applications",
        type=int,
        default=5000,
        help="applications of the role whose pipeline board is loaded (5000)",
    )
    parser.add_argument("--batch", type=int, default=1000, help="rows per bulk insert (1000)")
    parser.add_argument("--skip-generate", action="store_true", help="use the data as it is")
    parser.add_argument(
        "--generate-only", action="store_true", help="prepare the database, load nothing"
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run (10)")
    parser.add_argument("--warmup", type=int, default=2, help="warm-up s before each run (2)")
    parser.add_argument("--rounds", type=int, default=3, help="wrk runs per URL; medians (3)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (16)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument(
        "--workers", type=int, default=cores + 1, help=f"gunicorn workers (cores + 1 = {cores + 1})"
    )
    parser.add_argument(
        "--worker-class", choices=("sync", "gthread"), default="sync", help="gunicorn (sync)"
    )
    parser.add_argument(
        "--worker-threads", type=int, default=1, help="threads per gthread worker (1)"
    )
    parser.add_argument(
        "--quiet-timeout",
        type=float,
        default=0,
        help="before each run, wait up to this many s for other processes to go quiet (0)",
    )
    parser.add_argument(
        "--page-cache",
        action="store_true",
        help="experiment: serve pages through Django's cache middleware (see bench/settings.py)",
    )
    parser.add_argument("--port", type=int, default=8765, help="gunicorn port on 127.0.0.1")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
        help="PostgreSQL on this machine (env BENCH_DATABASE_URL; default %(default)s)",
    )
    parser.add_argument("--search", default=DEFAULT_SEARCH, help="the filtered board URL")
    parser.add_argument("--slug", help="the role page to load (default: one from the database)")
    parser.add_argument(
        "--pipeline-search",
        default=DEFAULT_PIPELINE_SEARCH,
        help=f"words searched on the pipeline board ({DEFAULT_PIPELINE_SEARCH})",
    )
    parser.add_argument(
        "--pages",
        default=",".join([*PAGE_NAMES, "apply"]),
        help=f"what to load besides the bare view ({','.join([*PAGE_NAMES, 'apply'])})",
    )
    parser.add_argument(
        "--cache-modes",
        default=",".join(CACHE_MODES),
        help="warm: the same URL again and again (cache hits); miss: a query parameter of its "
        "own on every request; down: the cache a Redis that refuses connections. miss and "
        "down load the board, search and role page and are held to p95 alone (warm,miss,down)",
    )
    parser.add_argument(
        "--apply-modes",
        default=",".join(APPLY_MODES),
        help="eager: Celery tasks run in the request (no broker); redis: queued in "
        "--redis-url with no worker, and the cache there too, the production shape "
        "(eager,redis)",
    )
    parser.add_argument(
        "--apply-spreads",
        default=",".join(APPLY_SPREADS),
        help="many: posts go to --apply-roles roles in turn; one: all to one role (many,one)",
    )
    parser.add_argument("--apply-roles", type=int, default=200, help="roles for 'many' (200)")
    parser.add_argument("--apply-duration", type=int, default=20, help="s per apply run (20)")
    parser.add_argument(
        "--redis-url",
        default=DEFAULT_REDIS_URL,
        help="an empty local Redis database for the queued tasks and the cache; emptied "
        "afterwards (%(default)s)",
    )
    parser.add_argument(
        "--keep-applied",
        action="store_true",
        help="keep the applications the apply runs created (default: deleted afterwards)",
    )
    parser.add_argument("--label", default="", help="a note stored with the results")
    parser.add_argument("--no-json", action="store_true", help="do not write bench/results/")
    args = parser.parse_args(argv)
    if args.skip_generate and args.generate_only:
        parser.error("--skip-generate and --generate-only exclude each other")
    if args.connections < args.threads:
        parser.error("--connections must be at least --threads")
    if min(args.roles, args.batch, args.duration, args.rounds, args.workers) < 1:
        parser.error("--roles, --batch, --duration, --rounds and --workers must be positive")
    if min(args.apply_roles, args.apply_duration, args.applications) < 1:
        parser.error("--apply-roles, --apply-duration and --applications must be positive")
    if not 0 < args.big_role_applications <= args.applications:
        parser.error("--big-role-applications must be between 1 and --applications")
    args.pages = _names(parser, "--pages", args.pages, {*PAGE_NAMES, "apply"})
    args.apply_modes = _names(parser, "--apply-modes", args.apply_modes, set(APPLY_MODES))
    args.cache_modes = _names(parser, "--cache-modes", args.cache_modes, set(CACHE_MODES))
    args.apply_spreads = _names(parser, "--apply-spreads", args.apply_spreads, set(APPLY_SPREADS))
    if urlsplit(args.redis_url).hostname not in LOCAL_HOSTS:
        parser.error("--redis-url must be a Redis on this machine")
    if args.worker_threads < 1 or args.warmup < 0:
        parser.error("--worker-threads must be positive and --warmup not negative")
    return args


def _names(parser, option: str, value: str, known: set[str]) -> list[str]:
    names = [name.strip() for name in value.split(",") if name.strip()]
    unknown = set(names) - known
    if unknown:
        parser.error(f"{option}: unknown {', '.join(sorted(unknown))}")
    return names


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


# --- environment and database ---------------------------------------------------------------


def check_database_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise BenchError(f"The bench needs PostgreSQL; got {parts.scheme or url!r}.")
    if parts.hostname not in LOCAL_HOSTS:
        raise BenchError(f"The bench only runs against a local database, not {parts.hostname}.")
    name = parts.path.lstrip("/")
    if not name:
        raise BenchError("DATABASE_URL has no database name.")
    return name


def ensure_database(url: str) -> None:
    """Create the bench database when it does not exist yet."""
    import psycopg
    from psycopg import sql

    name = check_database_url(url)
    parts = urlsplit(url)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
            row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if row is None:
                log(f"creating database {name}")
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.OperationalError as error:
        raise BenchError(
            f"PostgreSQL is not reachable at {parts.hostname}:{parts.port or 5432} "
            f"as {parts.username}: {error}".strip()
        ) from error


def configure_environment(args, static_root: Path, media_root: Path) -> None:
    """Production settings (DEBUG off) on the bench database; read by Django and gunicorn."""
    os.environ.update(
        {
            "BENCH_MEDIA_ROOT": str(media_root),  # the resumes the apply runs upload
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(45),  # 60 characters
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": args.database_url,
            "STATIC_ROOT": str(static_root),
            "LOG_LEVEL": "WARNING",
        }
    )
    os.environ.pop("CELERY_BROKER_URL", None)  # tasks run eagerly; no broker needed
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


def prepare_django(args) -> dict:
    """Migrate, generate, collect static; returns what the report needs from the database."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections

    from bench.generate import generate_applications, generate_roles
    from roles.selectors import live_revisions

    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    log(f"migrated ({time.monotonic() - started:.1f} s)")
    generation = None
    if not args.skip_generate:
        generation = generate_roles(args.roles, batch=args.batch, log=log)
        generation["applications"] = generate_applications(
            args.applications, args.big_role_applications, log=log
        )
    started = time.monotonic()
    call_command("collectstatic", interactive=False, verbosity=0)
    log(f"collected static files ({time.monotonic() - started:.1f} s)")

    live = live_revisions()
    live_count = live.count()
    if live_count == 0:
        raise BenchError("No live roles in the bench database: run without --skip-generate.")
    if args.slug:
        slug, title = args.slug, None
    else:
        # A role from the middle of the data: not the newest, which might sit in every cache.
        slug, title = live.order_by("pk").values_list("role__slug", "title")[live_count // 2]
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        postgres = cursor.fetchone()[0]
    info = {
        "generation": generation,
        "live_roles": live_count,
        "slug": slug,
        "title": title,
        "postgres": postgres,
        "rows": table_rows(),
    }
    connections.close_all()
    return info


def table_rows() -> dict:
    """Exact row counts of the tables the pages and the apply runs read and write."""
    from django.db import connection

    from applicants.models import Application, Candidate, Note, Stage, StageChange
    from csa_portal.models import OutboundMessage
    from roles.models import RoleProfile, RoleRevision

    models = (RoleProfile, RoleRevision, Stage, Candidate, Application, StageChange, Note)
    rows = {model._meta.db_table: model.objects.count() for model in models}
    rows[OutboundMessage._meta.db_table] = OutboundMessage.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        rows["database_size"] = cursor.fetchone()[0]
    return rows


@dataclass
class StaffTargets:
    """What the staff pages load, and smaller twins whose query counts must be the same."""

    cookie: str  # the bench recruiter's session cookie, for wrk and the test client
    session_key: str
    role_id: int
    slug: str
    title: str
    applications: int
    small_slug: str
    small_applications: int
    application_id: int
    candidate_name: str
    history: int
    small_application_id: int
    small_history: int
    small_search: str  # a name fragment that finds cards on the twin board too


def prepare_staff() -> StaffTargets:
    """Sign the bench recruiter in (a session row) and pick the staff pages to load.

    The board: the role with the most generated applications. The application page: one of
    its active applications at Interview with the longest history and a note. The twins: the
    board of the role with the fewest applications and an active application with one
    history row and no note.
    """
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.db import connections
    from django.db.models import Count

    from applicants.models import Application, ApplicationStatus, StageKind
    from bench.generate import GENERATED_RESUME_PREFIX, bench_recruiter, big_pipeline_role

    role = big_pipeline_role()
    if role is None:
        raise BenchError("No generated applications: run without --skip-generate.")
    generated = Application.objects.filter(resume__startswith=GENERATED_RESUME_PREFIX)
    small = (
        generated.values("role_id", "role__slug")
        .annotate(n=Count("pk"))
        .order_by("n", "role_id")
        .first()
    )
    with_history = generated.annotate(changes=Count("history", distinct=True))
    application = (
        with_history.filter(
            role=role, status=ApplicationStatus.ACTIVE, stage__kind=StageKind.INTERVIEW
        )
        .filter(notes__isnull=False)
        .select_related("candidate")
        .order_by("-changes", "pk")
        .first()
    )
    # The twin differs in data size only: also active, so its page has the same forms.
    short = (
        with_history.filter(
            role_id=small["role_id"], status=ApplicationStatus.ACTIVE, changes=1, notes=None
        )
        .select_related("candidate")
        .order_by("pk")
        .first()
    )
    if application is None or short is None:
        raise BenchError("The generated data has no application to load; regenerate it.")

    user = bench_recruiter()
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    targets = StaffTargets(
        cookie=f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
        session_key=session.session_key,
        role_id=role.pk,
        slug=role.slug,
        title=role.title,
        applications=generated.filter(role=role).count(),
        small_slug=small["role__slug"],
        small_applications=small["n"],
        application_id=application.pk,
        candidate_name=application.candidate.name,
        history=application.changes,
        small_application_id=short.pk,
        small_history=1,
        small_search=short.candidate.name.split()[-1][:4].lower(),
    )
    connections.close_all()
    return targets


def end_session(session_key: str) -> None:
    from django.contrib.sessions.models import Session

    Session.objects.filter(session_key=session_key).delete()


def count_queries(pages: list[Page], cookie: str | None = None) -> dict:
    """SQL queries and in-process time of one request to each page (no concurrency).

    ``queries`` is a repeated request; ``first_queries`` the first one, which for the public
    pages is the cache miss (they are cached for anonymous visitors) and for every page
    includes setting up the connection.
    """
    from django.db import connection, connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=HOST)
    staff = Client(HTTP_HOST=HOST, HTTP_COOKIE=cookie) if cookie else None
    found = {}
    for page in pages:
        browser = staff if page.staff else client
        if browser is None:
            continue
        with CaptureQueriesContext(connection) as first:
            started = time.perf_counter()
            browser.get(page.path)  # template loading, connection setup, cache miss
            first_ms = (time.perf_counter() - started) * 1000
        timings = []
        for _ in range(5):
            with CaptureQueriesContext(connection) as context:
                started = time.perf_counter()
                response = browser.get(page.path)
                timings.append((time.perf_counter() - started) * 1000)
        found[page.name] = {
            "status": response.status_code,
            "queries": len(context.captured_queries),
            "in_process_ms": round(statistics.median(timings), 2),
            "first_queries": len(first.captured_queries),
            "first_ms": round(first_ms, 2),
        }
    connections.close_all()
    return found


def count_apply_queries(slug: str, questions: list[dict], resume: bytes) -> dict:
    """SQL queries of one apply POST in-process, with Celery eager (mail, resume text).

    ``request_queries`` are the request's own, what it runs when the tasks are queued for a
    worker (the production shape); ``task_queries`` those of the two tasks that eager mode
    runs in the request after the commit (told apart with Celery's task signals). The test
    client skips the CSRF check; everything else is the real request, committed (its rows
    carry the apply runs' email prefix and are removed with theirs).
    """
    from celery.signals import task_postrun, task_prerun
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection, connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench import apply_load

    def post(email: str):
        data = {
            "name": "Robin Applicant",
            "email": email,
            "phone": "+1 303 555 0100",
            "location": "Denver",
            "consent": "on",
            "resume": SimpleUploadedFile("resume.pdf", resume, "application/pdf"),
        }
        for question in questions:
            answer = apply_load.ANSWERS.get(question["answer_type"], "yes")
            data[f"question_{question['id']}"] = answer
        # A new visitor each time, as in the load test: no session yet.
        return Client(HTTP_HOST=HOST).post(f"/jobs/{slug}/apply/", data)

    prefix = apply_load.new_prefix("queries")
    post(f"{prefix}-warm@example.com")
    in_tasks = []  # the queries each task ran: (count when it started, count when it ended)

    def started_task(**kwargs):
        in_tasks.append([len(context.captured_queries), None])

    def ended_task(**kwargs):
        in_tasks[-1][1] = len(context.captured_queries)

    task_prerun.connect(started_task, weak=False)
    task_postrun.connect(ended_task, weak=False)
    try:
        with CaptureQueriesContext(connection) as context:
            started = time.perf_counter()
            response = post(f"{prefix}-counted@example.com")
            elapsed = (time.perf_counter() - started) * 1000
    finally:
        task_prerun.disconnect(started_task)
        task_postrun.disconnect(ended_task)
    statements: dict[str, int] = {}
    for query in context.captured_queries:
        word = query["sql"].split(None, 1)[0].upper()
        statements[word] = statements.get(word, 0) + 1
    connections.close_all()
    if response.status_code != 302:
        raise BenchError(f"An in-process apply POST answered {response.status_code}, not 302")
    task_queries = sum(end - start for start, end in in_tasks)
    return {
        "status": response.status_code,
        "queries": len(context.captured_queries),
        "request_queries": len(context.captured_queries) - task_queries,
        "task_queries": task_queries,
        "tasks_run": len(in_tasks),
        "by_statement": statements,
        "in_process_ms": round(elapsed, 2),
    }


# --- gunicorn -------------------------------------------------------------------------------


def port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1)
        return sock.connect_ex((HOST, port)) == 0


def start_gunicorn(args, error_log: Path, extra_env: dict | None = None) -> subprocess.Popen:
    if port_in_use(args.port):
        raise BenchError(f"Something already listens on {HOST}:{args.port}; pass --port.")
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "csa_portal.wsgi:application",
        "--bind",
        f"{HOST}:{args.port}",
        "--workers",
        str(args.workers),
        "--worker-class",
        args.worker_class,
        "--threads",
        str(args.worker_threads),
        "--chdir",
        str(ROOT),
        "--timeout",
        "30",
        "--graceful-timeout",
        "5",
        "--log-level",
        "warning",
        "--error-logfile",
        str(error_log),
    ]
    log(
        f"starting gunicorn: {args.workers} {args.worker_class} workers"
        + (f" x {args.worker_threads} threads" if args.worker_class == "gthread" else "")
    )
    env = {**os.environ, **(extra_env or {})}
    if args.page_cache:  # only gunicorn: the in-process query counts stay uncached
        env["BENCH_PAGE_CACHE"] = "1"
        log("EXPERIMENT: whole pages cached by Django's cache middleware (not the app as is)")
    # Its own session, so stopping it reaches exactly the processes started here.
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)


def stop_gunicorn(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        log("gunicorn did not stop in time: killing its process group")
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_TIMEOUT_S)
    log("gunicorn stopped")


def fetch(port: int, path: str, cookie: str | None = None) -> tuple[int, str]:
    """GET without following redirects: a redirect is an answer we must not benchmark."""
    conn = http.client.HTTPConnection(HOST, port, timeout=HTTP_TIMEOUT_S)
    headers = {"Host": HOST, **({"Cookie": cookie} if cookie else {})}
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def wait_until_up(process: subprocess.Popen, port: int, error_log: Path) -> None:
    deadline = time.monotonic() + BOOT_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"gunicorn exited with {process.returncode}:\n{tail(error_log)}")
        try:
            status, _ = fetch(port, "/healthz")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.25)
    raise BenchError(f"gunicorn did not answer /healthz within {BOOT_TIMEOUT_S} s")


def wait_until_idle(port: int) -> None:
    """Return once the bare view answers quickly three times in a row (bounded)."""
    deadline = time.monotonic() + IDLE_TIMEOUT_S
    quick = 0
    while quick < 3:
        if time.monotonic() > deadline:
            raise BenchError(f"gunicorn still busy {IDLE_TIMEOUT_S} s after a run")
        started = time.monotonic()
        try:
            status, _ = fetch(port, "/bench/bare")
        except OSError:  # timed out behind the backlog
            status = 0
        quick = quick + 1 if status == 200 and time.monotonic() - started < 0.05 else 0
        time.sleep(0.1)


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def check_page(port: int, page: Page, cookie: str | None = None) -> None:
    """The page must answer 200 with its expected text, so we never benchmark an error page."""
    status, body = fetch(port, page.path, cookie if page.staff else None)
    if status != 200:
        raise BenchError(f"{page.path} answered {status}, not 200")
    missing = [text for text in page.expect if text not in body]
    if missing:
        raise BenchError(f"{page.path} answered 200 but lacks {missing!r}")
    page.check = {"status": status, "bytes": len(body.encode())}
    if page.count_pattern:
        match = re.search(page.count_pattern, body)
        count = int(match.group(1).replace(",", "")) if match else 0
        if count < 1:
            raise BenchError(f"{page.path} lists nothing; pick a search that matches something")
        page.check["listed"] = count


# --- CPU accounting -------------------------------------------------------------------------
# Requests/s on a 2-core box depend on whatever else runs there (a test suite, a browser...).
# Each run records where the CPU went: gunicorn, PostgreSQL, wrk, and everything else.

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class CpuSample:
    at: float
    busy: int  # ticks, all CPUs, whole machine
    gunicorn: dict[int, int]  # pid: ticks, the gunicorn master and its workers
    postgres: dict[int, int]  # pid: ticks, the PostgreSQL backends of the bench database
    wrk: int  # ticks of waited-for children (wrk), from getrusage


def _process_ticks(gunicorn_pid: int, database: str) -> tuple[dict, dict]:
    gunicorn, postgres = {}, {}
    backend = f" {database} ".encode()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # the process ended meanwhile
            continue
        pid = int(text.split(" ", 1)[0])
        comm = text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()
        ppid, ticks = int(fields[1]), int(fields[11]) + int(fields[12])
        if gunicorn_pid in (pid, ppid):
            gunicorn[pid] = ticks
        elif comm == "postgres" and _is_backend_of(stat.parent / "cmdline", backend):
            postgres[pid] = ticks
    return gunicorn, postgres


def _is_backend_of(cmdline: Path, database: bytes) -> bool:
    """A backend's title reads 'postgres: USER DATABASE HOST(PORT) STATE'."""
    try:
        return database in cmdline.read_bytes()
    except OSError:
        return False


def cpu_sample(gunicorn_pid: int, database: str) -> CpuSample:
    import resource

    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = values
    gunicorn, postgres = _process_ticks(gunicorn_pid, database)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return CpuSample(
        at=time.monotonic(),
        busy=user + nice + system + irq + softirq + steal,
        gunicorn=gunicorn,
        postgres=postgres,
        wrk=round((children.ru_utime + children.ru_stime) * CLOCK_TICKS),
    )


def cpu_used(before: CpuSample, after: CpuSample, requests: int) -> dict:
    """CPU between two samples: ms per request for the server side, % of one core for the rest."""
    seconds = max(after.at - before.at, 1e-6)

    def ms(ticks: int) -> float:
        return ticks * 1000 / CLOCK_TICKS

    def grown(start: dict, end: dict) -> int:
        # A process that ended in between (a database connection past CONN_MAX_AGE) is
        # left out: a slight undercount rather than a negative figure.
        return sum(ticks - start.get(pid, 0) for pid, ticks in end.items())

    gunicorn = grown(before.gunicorn, after.gunicorn)
    postgres = grown(before.postgres, after.postgres)
    wrk = after.wrk - before.wrk
    other = max(after.busy - before.busy - gunicorn - postgres - wrk, 0)
    per_request = max(requests, 1)
    return {
        "cpu_app_ms_per_req": round(ms(gunicorn) / per_request, 3),
        "cpu_db_ms_per_req": round(ms(postgres) / per_request, 3),
        "cpu_wrk_pct": round(ms(wrk) / 10 / seconds, 1),
        "cpu_other_pct": round(ms(other) / 10 / seconds, 1),
        "machine_busy_pct": round(
            ms(after.busy - before.busy) / 10 / seconds / (os.cpu_count() or 1), 1
        ),
    }


def wait_for_quiet_machine(gunicorn_pid: int, database: str, timeout: float) -> float:
    """Wait (at most ``timeout`` s) for a second in which other processes use < 10 % of a core."""
    deadline = time.monotonic() + timeout
    while True:
        before = cpu_sample(gunicorn_pid, database)
        time.sleep(1)
        other = cpu_used(before, cpu_sample(gunicorn_pid, database), 1)["cpu_other_pct"]
        if other < QUIET_OTHER_PCT or time.monotonic() >= deadline:
            return other


# --- wrk ------------------------------------------------------------------------------------


def run_wrk(
    wrk: str,
    args,
    path: str,
    seconds: int,
    *,
    cookie: str | None = None,
    script: Path = WRK_SCRIPT,
    script_args: tuple[str, ...] = (),
) -> dict:
    command = [
        wrk,
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{seconds}s",
        "--timeout",
        "5s",
        *(["-H", f"Cookie: {cookie}"] if cookie else []),
        "-s",
        str(script),
        f"http://{HOST}:{args.port}{path}",
        *(["--", *script_args] if script_args else []),
    ]
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=seconds + 60, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise BenchError(f"wrk did not finish on {path}") from error
    line = next(
        (row for row in result.stdout.splitlines() if row.startswith("BENCH_RESULT ")), None
    )
    if result.returncode != 0 or line is None:
        raise BenchError(f"wrk failed on {path}:\n{result.stdout}\n{result.stderr}")
    figures = {}
    for item in line.split()[1:]:
        key, value = item.split("=", 1)
        figures[key] = float(value) if "." in value else int(value)
    figures["errors"] = sum(v for k, v in figures.items() if k.startswith("errors_"))
    lines = result.stdout.splitlines()
    statuses = next((row for row in lines if row.startswith("BENCH_STATUS")), "")
    if statuses:  # bench/apply.lua counts the answers by status
        pairs = (item.split("=", 1) for item in statuses.split()[1:])
        figures["statuses"] = {status: int(n) for status, n in sorted(pairs)}
    return figures


def load_pages(args, wrk, process, database, pages, cookie, script_args=()) -> None:
    """Each round runs wrk on every page once; the figures go to ``page.runs``."""
    for round_number in range(1, args.rounds + 1):
        for page in pages:
            page_cookie = cookie if page.staff else None
            extra = {"script_args": script_args} if script_args else {}
            # Requests the previous run left queued are served before anything else: wait
            # for them, so one page's backlog is not counted against the next one.
            wait_until_idle(args.port)
            if args.warmup:  # unrecorded load: every worker has run this page's code
                run_wrk(wrk, args, page.path, args.warmup, cookie=page_cookie, **extra)
                wait_until_idle(args.port)
            if args.quiet_timeout:
                other = wait_for_quiet_machine(process.pid, database, args.quiet_timeout)
                if other >= QUIET_OTHER_PCT:
                    log(f"machine still busy ({other:.0f} % of a core elsewhere): running")
            before = cpu_sample(process.pid, database)
            figures = run_wrk(wrk, args, page.path, args.duration, cookie=page_cookie, **extra)
            after = cpu_sample(process.pid, database)
            figures.update(cpu_used(before, after, figures["requests"]))
            page.runs.append(figures)
            log(
                f"round {round_number}/{args.rounds} {page.name}: {figures['rps']:.1f} req/s, "
                f"p50 {figures['p50_ms']:.1f} ms, p95 {figures['p95_ms']:.1f} ms, "
                f"errors {figures['errors']}; CPU/request app "
                f"{figures['cpu_app_ms_per_req']:.2f} ms, db "
                f"{figures['cpu_db_ms_per_req']:.2f} ms; other processes "
                f"{figures['cpu_other_pct']:.0f} % of a core"
            )


def median_of(runs: list[dict], key: str, digits: int = 2) -> float:
    return round(statistics.median(run[key] for run in runs), digits)


def summarize(pages: list[Page]) -> list[dict]:
    bare = pages[0]
    bare_rps = statistics.median(run["rps"] for run in bare.runs)
    rows = []
    for page in pages:
        rps = statistics.median(run["rps"] for run in page.runs)
        p50 = statistics.median(run["p50_ms"] for run in page.runs)
        p95 = statistics.median(run["p95_ms"] for run in page.runs)
        errors = sum(run["errors"] for run in page.runs)
        ratio = rps / bare_rps if bare_rps else 0.0
        if page is bare:
            verdict = "ref" if not errors else "FAIL"
        elif not page.budget:
            verdict = "n/a" if not errors else "FAIL"
        else:
            ok = (page.p95_only or ratio >= TARGET_RATIO) and p95 < TARGET_P95_MS and not errors
            verdict = "PASS" if ok else "FAIL"
        rows.append(
            {
                "name": page.name,
                "path": page.path,
                "rps": round(rps, 1),
                "p50_ms": round(p50, 2),
                "p95_ms": round(p95, 2),
                "p99_ms": round(statistics.median(run["p99_ms"] for run in page.runs), 2),
                "ratio": round(ratio, 3),
                "errors": errors,
                "verdict": verdict,
                "rps_runs": [round(run["rps"], 1) for run in page.runs],
                "cpu_app_ms_per_req": median_of(page.runs, "cpu_app_ms_per_req", 3),
                "cpu_db_ms_per_req": median_of(page.runs, "cpu_db_ms_per_req", 3),
                "cpu_other_pct_max": max(run["cpu_other_pct"] for run in page.runs),
            }
        )
    return rows


def sql_column(found: dict) -> str:
    """Queries of a repeated request, and of the first (a cache miss) when they differ."""
    if not found:
        return "-"
    if found["first_queries"] == found["queries"]:
        return str(found["queries"])
    return f"{found['queries']}/{found['first_queries']}"


def print_table(rows: list[dict], queries: dict) -> None:
    header = (
        f"{'page':<15} {'url':<36} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'ratio':>6} "
        f"{'SQL':>5} {'app ms':>6} {'db ms':>6} {'other':>6} {'errors':>6}  result"
    )
    print()
    print(header)
    print("-" * len(header))
    for row in rows:
        path = row["path"] if len(row["path"]) <= 36 else row["path"][:33] + "..."
        print(
            f"{row['name']:<15} {path:<36} {row['rps']:>8.1f} {row['p50_ms']:>7.1f} "
            f"{row['p95_ms']:>7.1f} {row['ratio']:>6.2f} "
            f"{sql_column(queries.get(row['name'], {})):>5} "
            f"{row['cpu_app_ms_per_req']:>6.2f} {row['cpu_db_ms_per_req']:>6.2f} "
            f"{row['cpu_other_pct_max']:>5.0f}% {row['errors']:>6}  {row['verdict']}"
        )
    print(
        f"\nTargets (board, search, role): req/s at least {TARGET_RATIO:.0%} of the bare view's, "
        f"p95 under {TARGET_P95_MS:.0f} ms, no errors; the staff pages have no speed budget "
        "(n/a), only a fixed number of queries. Figures are medians of the rounds; app ms and "
        "db ms are CPU time per request in gunicorn and in PostgreSQL; other is the most CPU "
        "that processes outside the bench used during a run, in % of one core; SQL a/b: a repeated "
        "request runs a queries, the first (a cache miss) b."
    )
    busy = [row["name"] for row in rows if row["cpu_other_pct_max"] > BUSY_WARNING_PCT]
    if busy:
        print(
            f"WARNING: other processes used more than {BUSY_WARNING_PCT:.0f} % of a core "
            f"during {', '.join(busy)}: those figures are lower than on a quiet machine."
        )


# --- machine --------------------------------------------------------------------------------


def machine() -> dict:
    info = {"cpus": os.cpu_count()}
    try:
        meminfo = Path("/proc/meminfo").read_text()
        kilobytes = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1))
        info["memory_mb"] = kilobytes // 1024
        cpuinfo = Path("/proc/cpuinfo").read_text()
        model = re.search(r"model name\s*:\s*(.+)", cpuinfo)
        info["cpu_model"] = model.group(1).strip() if model else ""
    except (OSError, AttributeError):
        pass
    info["python"] = sys.version.split()[0]
    return info


# --- main -----------------------------------------------------------------------------------


def build_pages(args, info: dict, staff: StaffTargets | None) -> tuple[list[Page], list[Page]]:
    """The pages to load, and the smaller twins only counted (their queries must match)."""
    pages = [
        Page("bare", "/bench/bare", ["ok"]),
        Page("board", "/jobs/", ["open role"], r"([\d,]+) open roles?"),
        Page("search", args.search, ["match your search"], r"([\d,]+) open roles? match"),
        Page(
            "role",
            f"/jobs/{info['slug']}/",
            ["application/ld+json", *([html.escape(info["title"])] if info["title"] else [])],
        ),
    ]
    twins = []
    if staff is not None:
        board = f"/staff/pipeline/{staff.slug}/"
        heading = f"Pipeline: {html.escape(staff.title)}"
        listed = r'aria-label="Pipeline board: ([\d,]+) application'
        search = urlencode({"q": args.pipeline_search})
        staff_page = {"staff": True, "budget": False}
        pages += [
            Page("pipeline", board, [heading], listed, **staff_page),
            Page(
                "pipeline-search",
                f"{board}?{search}",
                [heading, f'value="{html.escape(args.pipeline_search)}"'],
                listed,
                **staff_page,
            ),
            Page(
                "application",
                f"/staff/applications/{staff.application_id}/",
                [html.escape(staff.candidate_name), "Screening answers"],
                **staff_page,
            ),
        ]
        twins = [
            Page("pipeline-small", f"/staff/pipeline/{staff.small_slug}/", [], **staff_page),
            # Searched for its own candidate's name: a search that finds no card skips the
            # card's candidate query, which would not say anything about the data size.
            Page(
                "pipeline-search-small",
                f"/staff/pipeline/{staff.small_slug}/?{urlencode({'q': staff.small_search})}",
                [],
                **staff_page,
            ),
            Page(
                "application-small",
                f"/staff/applications/{staff.small_application_id}/",
                [],
                **staff_page,
            ),
        ]
    pages = [page for page in pages if page.name == "bare" or page.name in args.pages]
    loaded = {page.name for page in pages}
    twins = [twin for twin in twins if twin.name.removesuffix("-small") in loaded]
    return pages, twins


def cold_copies(pages: list[Page], mode: str) -> list[Page]:
    """The public pages again, to be loaded with every request a cache miss.

    ``miss``: each request carries a query parameter of its own (``bench/wrk_report.lua``
    with ``distinct``), so the page cache never hits; the board's smaller cached reads
    still may. ``down``: gunicorn's cache is a Redis that refuses connections, so nothing is
    cached at all. Held to the p95 budget only: a miss is not meant to be as fast as a hit.
    """
    return [
        Page(f"{page.name} {mode}", page.path, page.expect, page.count_pattern, p95_only=True)
        for page in pages
        if page.name in COLD_PAGES
    ]


def closed_port() -> int:
    """A port of 127.0.0.1 nothing listens on (just released by the kernel)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def fixed_queries(queries: dict) -> dict:
    """Each staff page against its small twin: the same number of queries, or a failure."""
    found = {}
    for name, figures in queries.items():
        twin = queries.get(f"{name}-small")
        if twin is not None:
            found[name] = {
                "big": figures["queries"],
                "small": twin["queries"],
                "fixed": figures["queries"] == twin["queries"],
            }
    return found


def run_apply(
    args, wrk: str, process, database: str, mode: str, targets: list, scratch: Path, redis=None
) -> list[ApplyRun]:
    """Sustained apply POSTs to many roles and to one; then what reached the database."""
    from bench import apply_load

    runs = []
    media_root = scratch / "media"
    for spread in args.apply_spreads:
        roles = targets if spread == "many" else targets[:1]
        run = ApplyRun(mode=mode, spread=spread, roles=len(roles))
        data_file = scratch / f"apply-{mode}-{spread}.lua"
        wrk_args = {"script": APPLY_SCRIPT, "script_args": (str(data_file),)}
        resume = bench_resume(scratch)
        if args.warmup:  # posts too, under a prefix that is not counted
            apply_load.write_wrk_data(
                data_file,
                port=args.port,
                roles=roles,
                email_prefix=apply_load.new_prefix("warmup"),
                resume=resume,
            )
            run_wrk(wrk, args, "/", args.warmup, **wrk_args)
            wait_until_idle(args.port)
        prefix = apply_load.new_prefix(f"{mode}-{spread}")
        apply_load.write_wrk_data(
            data_file, port=args.port, roles=roles, email_prefix=prefix, resume=resume
        )
        files_before = apply_load.stored_files(media_root)
        tasks_before = apply_load.queued_tasks(redis) if redis is not None else {}
        if args.quiet_timeout:
            wait_for_quiet_machine(process.pid, database, args.quiet_timeout)
        before = cpu_sample(process.pid, database)
        figures = run_wrk(wrk, args, "/", args.apply_duration, **wrk_args)
        after = cpu_sample(process.pid, database)
        wait_until_idle(args.port)  # requests wrk stopped waiting for finish before the count
        statuses = figures.get("statuses", {})
        answered = statuses.get("302", 0)
        figures.update(cpu_used(before, after, answered))
        outcome = apply_load.count_outcome(prefix)
        outcome["resume_files"] = apply_load.stored_files(media_root) - files_before
        if redis is not None:
            tasks = apply_load.queued_tasks(redis)
            outcome["tasks_queued"] = {
                name: n - tasks_before.get(name, 0)
                for name, n in tasks.items()
                if n - tasks_before.get(name, 0)
            }
        outcome.update(
            answered_302=answered,
            other_answers={status: n for status, n in statuses.items() if status != "302"},
            applications_per_s=round(answered / figures["duration_s"], 1),
            # A 302 whose application or "received" mail is not in the database.
            lost=max(answered - outcome["applications_with_mail"], 0),
            # Finished after wrk stopped waiting (end of the run or a timeout): not lost.
            unanswered=max(outcome["applications"] - answered, 0),
        )
        # The rate is the production shape's target; eager (the embedded configuration, which
        # also renders and sends every mail and reads every resume in the request) is shown
        # for comparison, but loses nothing all the same.
        fast = mode != "redis" or outcome["applications_per_s"] >= TARGET_APPLY_RATE
        ok = (
            outcome["lost"] == 0
            and outcome["applications_without_mail"] == 0
            and not outcome["other_answers"]
            and not figures["errors"]
        )
        outcome["verdict"] = ("PASS" if mode == "redis" else "n/a") if ok and fast else "FAIL"
        run.figures, run.outcome = figures, outcome
        runs.append(run)
        log(
            f"apply {mode}/{spread} ({len(roles)} role{'s' if len(roles) > 1 else ''}): "
            f"{answered} x 302 in {figures['duration_s']:.1f} s = "
            f"{outcome['applications_per_s']:.1f} applications/s, p50 "
            f"{figures['p50_ms']:.0f} ms, p95 {figures['p95_ms']:.0f} ms; other answers "
            f"{outcome['other_answers'] or 'none'}, errors {figures['errors']}; in the database: "
            f"{outcome['applications']} applications, {outcome['applications_with_mail']} with "
            f"their mail, {outcome['outbox_rows']} outbox rows {outcome['outbox_by_status']}, "
            f"{outcome['stage_changes']} stage changes, {outcome['resume_files']} resume files"
            + (f", tasks queued {outcome['tasks_queued']}" if redis is not None else "")
            + f"; lost {outcome['lost']}; machine busy {figures['machine_busy_pct']:.0f} %"
        )
    return runs


def bench_resume(scratch: Path) -> bytes:
    """The resume every post uploads, made once per bench run."""
    path = scratch / "resume.pdf"
    if not path.exists():
        from bench import apply_load

        path.write_bytes(apply_load.resume_pdf())
    return path.read_bytes()


def print_apply_table(runs: list[ApplyRun]) -> None:
    header = (
        f"{'apply':<13} {'roles':>5} {'302':>6} {'apps/s':>7} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'in DB':>6} {'w/ mail':>7} {'lost':>5} {'late':>5} {'app ms':>6} {'db ms':>6} "
        f"{'other':>6}  other answers / errors  result"
    )
    print()
    print(header)
    print("-" * len(header))
    for run in runs:
        figures, outcome = run.figures, run.outcome
        errors = [key for key in figures if key.startswith("errors_") and figures[key]]
        problems = ", ".join(
            [f"{status}: {n}" for status, n in outcome["other_answers"].items()]
            + [f"{key.removeprefix('errors_')}: {figures[key]}" for key in errors]
        )
        print(
            f"{run.mode + '/' + run.spread:<13} {run.roles:>5} {outcome['answered_302']:>6} "
            f"{outcome['applications_per_s']:>7.1f} {figures['p50_ms']:>7.1f} "
            f"{figures['p95_ms']:>7.1f} {outcome['applications']:>6} "
            f"{outcome['applications_with_mail']:>7} {outcome['lost']:>5} "
            f"{outcome['unanswered']:>5} {figures['cpu_app_ms_per_req']:>6.2f} "
            f"{figures['cpu_db_ms_per_req']:>6.2f} {figures['cpu_other_pct']:>5.0f}%  "
            f"{problems or 'none':<22}  {outcome['verdict']}"
        )
    print(
        f"\nTarget: at least {TARGET_APPLY_RATE:.0f} applications/s (302 answers) in the "
        "production shape (redis; eager's rate is shown, n/a), and for both: every 302 "
        "with its application and its 'received' outbox row in PostgreSQL (lost 0), no other "
        "answers. late: applications finished after wrk stopped waiting. app ms / db ms: CPU "
        "per application. eager: Celery runs the mail and the resume text in the request; "
        "redis: both queued in Redis for a worker (none runs), as in production."
    )


def bench(args, wrk: str, scratch: Path) -> int:
    static_root, media_root = scratch / "static", scratch / "media"
    error_log = scratch / "gunicorn-error.log"
    ensure_database(args.database_url)
    database = check_database_url(args.database_url)
    configure_environment(args, static_root, media_root)
    info = prepare_django(args)
    log(f"rows: {info['rows']}")
    if args.generate_only:
        log(f"{info['live_roles']} live roles; --generate-only: no load test")
        return 0
    from django.utils import timezone

    from bench import apply_load

    since = timezone.now()
    wants_staff = bool(set(args.pages) & {"pipeline", "pipeline-search", "application"})
    wants_apply = "apply" in args.pages and args.apply_modes and args.apply_spreads
    staff = prepare_staff() if wants_staff else None
    if staff:
        log(
            f"staff pages: pipeline of {staff.slug} ({staff.applications} applications; twin "
            f"{staff.small_slug}, {staff.small_applications}), application {staff.application_id}"
            f" ({staff.history} history rows; twin {staff.small_application_id}, 1)"
        )
    pages, twins = build_pages(args, info, staff)
    missed = cold_copies(pages, "miss") if "miss" in args.cache_modes else []
    downed = cold_copies(pages, "down") if "down" in args.cache_modes else []
    apply_runs, removed, targets = [], {}, []
    process = None
    try:
        queries = count_queries(pages + twins, staff.cookie if staff else None)
        if wants_apply:
            targets = apply_load.targets(
                args.apply_roles, exclude={staff.role_id} if staff else set()
            )
            queries["apply"] = count_apply_queries(
                targets[0].slug, targets[0].questions, bench_resume(scratch)
            )
        for name, found in queries.items():
            first = (
                f" (first request: {found['first_queries']} queries, {found['first_ms']} ms)"
                if "first_queries" in found
                else ""
            )
            if "task_queries" in found:
                first = (
                    f": {found['request_queries']} in the request, {found['task_queries']} in "
                    f"the {found['tasks_run']} eager tasks {found['by_statement']}"
                )
            log(
                f"{name}: {found['queries']} SQL queries, {found['in_process_ms']} ms in "
                f"process{first}"
            )
        fixed = fixed_queries(queries)

        process = start_gunicorn(args, error_log)
        wait_until_up(process, args.port, error_log)
        cookie = staff.cookie if staff else None
        for page in pages:
            check_page(args.port, page, cookie)
            log(f"checked {page.path}: 200, {page.check}")
        load_pages(args, wrk, process, database, pages, cookie)
        for page in pages:  # still the right page after the load?
            check_page(args.port, page, cookie)
        if "miss" in args.cache_modes and missed:
            # Each request with a query parameter of its own: every page a cache miss.
            salt = secrets.token_hex(4)
            load_pages(args, wrk, process, database, missed, None, ("distinct", salt))

        if wants_apply and "eager" in args.apply_modes:
            wait_until_idle(args.port)
            apply_runs += run_apply(args, wrk, process, database, "eager", targets, scratch)
        stop_gunicorn(process)
        process = None
        if "down" in args.cache_modes and downed:
            # A cache that refuses every connection: every read goes to PostgreSQL.
            closed = f"redis://{HOST}:{closed_port()}/0"
            process = start_gunicorn(args, error_log, {"CACHE_URL": closed})
            wait_until_up(process, args.port, error_log)
            log(f"gunicorn restarted with CACHE_URL={closed} (nothing listens there)")
            for page in downed:
                check_page(args.port, page)
            load_pages(args, wrk, process, database, downed, None)
            stop_gunicorn(process)
            process = None
        if wants_apply and "redis" in args.apply_modes:
            apply_runs += run_apply_queued(args, wrk, database, targets, scratch, error_log)
    finally:
        stop_gunicorn(process)
        if wants_apply and not args.keep_applied:
            removed = apply_load.remove_applied(
                since=since, keep_session=staff.session_key if staff else ""
            )
            log(f"removed what the apply runs created: {removed['deleted']}")
        if staff:
            end_session(staff.session_key)
    errors = tail(error_log)
    if errors:
        log(f"gunicorn error log (last lines):\n{errors}")

    rows = summarize(pages + missed + downed)
    print_table(rows, queries)
    for name, found in fixed.items():
        print(
            f"SQL queries, {name}: {found['big']} on the big data, {found['small']} on its small "
            f"twin: {'fixed' if found['fixed'] else 'NOT FIXED'}"
        )
    if apply_runs:
        print_apply_table(apply_runs)
    if args.page_cache:
        print("EXPERIMENT --page-cache: pages served from Django's cache middleware.")
    if not args.no_json:
        stamp = datetime.now(UTC)
        RESULTS_DIR.mkdir(exist_ok=True)
        path = RESULTS_DIR / f"bench-{stamp:%Y%m%d-%H%M%S}.json"
        report = {
            "date": stamp.isoformat(timespec="seconds"),
            "label": args.label,
            "machine": {**machine(), "postgres": info["postgres"]},
            "config": {k: v for k, v in vars(args).items() if k != "database_url"},
            "database": database,
            "live_roles": info["live_roles"],
            "rows": info["rows"],
            "generation": info["generation"],
            "staff": (vars(staff) | {"cookie": "-", "session_key": "-"}) if staff else None,
            "queries": queries,
            "fixed_queries": fixed,
            "checks": {page.name: page.check for page in pages},
            "results": rows,
            "runs": {page.name: page.runs for page in pages + missed + downed},
            "apply": [vars(run) for run in apply_runs],
            "apply_cleanup": removed,
        }
        path.write_text(json.dumps(report, indent=2, default=str) + "\n")
        log(f"results written to {path.relative_to(ROOT)}")
    passed = (
        all(row["verdict"] in {"PASS", "ref", "n/a"} for row in rows)
        and all(found["fixed"] for found in fixed.values())
        and all(run.outcome["verdict"] in {"PASS", "n/a"} for run in apply_runs)
    )
    return 0 if passed else 1


def run_apply_queued(args, wrk, database, targets, scratch, error_log) -> list[ApplyRun]:
    """The apply runs with Celery queuing to Redis, as in production (no worker runs here).

    The cache is in the same Redis database, as production needs it: the rate-limit counters
    and the cached role revisions are then shared by the gunicorn workers (with the default
    per-process memory cache, every apply's rate-limit keys soon push the revisions out).
    The Redis database must be empty at the start (it is someone else's otherwise); it is
    emptied at the end, which drops the task messages the runs queued.
    """
    from bench import apply_load

    try:
        redis = apply_load.redis_client(args.redis_url)
        keys = redis.dbsize()
    except Exception as error:  # redis-py raises its own ConnectionError and friends
        raise BenchError(f"Redis at {args.redis_url} is not reachable: {error}") from error
    if keys:
        raise BenchError(
            f"{args.redis_url} holds {keys} keys; the bench empties that database afterwards, so "
            "it must start empty. Pass another --redis-url, or empty it if it is the bench's "
            "own leftover."
        )
    process = None
    try:
        shape = {"CELERY_BROKER_URL": args.redis_url, "CACHE_URL": args.redis_url}
        process = start_gunicorn(args, error_log, shape)
        wait_until_up(process, args.port, error_log)
        log(f"gunicorn restarted with CELERY_BROKER_URL and CACHE_URL={args.redis_url} (no worker)")
        return run_apply(args, wrk, process, database, "redis", targets, scratch, redis)
    finally:
        stop_gunicorn(process)
        redis.flushdb()
        log(f"emptied {args.redis_url}")


def main(argv=None) -> int:
    args = parse_args(argv)
    wrk = shutil.which("wrk")
    if wrk is None:
        print(
            "wrk is not installed; the bench needs it as its load generator.\n"
            "Install it (Debian/Ubuntu, as root): apt-get install -y wrk",
            file=sys.stderr,
        )
        return 2
    with tempfile.TemporaryDirectory(prefix="csa-bench-") as scratch:
        try:
            return bench(args, wrk, Path(scratch))
        except BenchError as error:
            print(f"bench failed: {error}", file=sys.stderr)
            return 2


if __name__ == "__main__":
    sys.exit(main())
