"""Load-test the job board, a filtered search and a role page against a bare Django view.

Steps: create the bench database if missing, migrate, generate published roles (skipped when
enough are live), collect static files into a temporary folder, start gunicorn on 127.0.0.1,
check every URL answers 200 with the text we expect, warm up, then run wrk on each URL and
print requests/s, p50, p95 and the ratio to the bare view. Budgets (docs/performance.md):
at least half the bare view's requests/s and p95 under 100 ms.

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
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
RESULTS_DIR = BENCH_DIR / "results"
WRK_SCRIPT = BENCH_DIR / "wrk_report.lua"
HOST = "127.0.0.1"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/csa_portal_bench"
DEFAULT_SEARCH = "/jobs/?q=billing&workplace=remote"
TARGET_RATIO = 0.5
TARGET_P95_MS = 100.0
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
    runs: list[dict] = field(default_factory=list)
    check: dict = field(default_factory=dict)


def parse_args(argv=None) -> argparse.Namespace:
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--roles", type=int, default=10_000, help="live roles to have (10000)")
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
        "--pages",
        default="board,search,role",
        help="pages to load besides the bare view (board,search,role)",
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
    unknown = {name.strip() for name in args.pages.split(",")} - {"board", "search", "role", ""}
    if unknown:
        parser.error(f"--pages: unknown page {', '.join(sorted(unknown))}")
    if args.worker_threads < 1 or args.warmup < 0:
        parser.error("--worker-threads must be positive and --warmup not negative")
    return args


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


def configure_environment(args, static_root: Path) -> None:
    """Production settings (DEBUG off) on the bench database; read by Django and gunicorn."""
    os.environ.update(
        {
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

    from bench.generate import generate_roles
    from roles.selectors import live_revisions

    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    log(f"migrated ({time.monotonic() - started:.1f} s)")
    generation = None
    if not args.skip_generate:
        generation = generate_roles(args.roles, batch=args.batch, log=log)
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
    }
    connections.close_all()
    return info


def count_queries(pages: list[Page]) -> dict:
    """SQL queries and in-process time of one request to each page (no concurrency)."""
    from django.db import connection, connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=HOST)
    found = {}
    for page in pages:
        client.get(page.path)  # first request: template loading, connection setup
        timings = []
        for _ in range(5):
            with CaptureQueriesContext(connection) as context:
                started = time.perf_counter()
                response = client.get(page.path)
                timings.append((time.perf_counter() - started) * 1000)
        found[page.name] = {
            "status": response.status_code,
            "queries": len(context.captured_queries),
            "in_process_ms": round(statistics.median(timings), 2),
        }
    connections.close_all()
    return found


# --- gunicorn -------------------------------------------------------------------------------


def port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1)
        return sock.connect_ex((HOST, port)) == 0


def start_gunicorn(args, error_log: Path) -> subprocess.Popen:
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
    env = os.environ.copy()
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


def fetch(port: int, path: str) -> tuple[int, str]:
    """GET without following redirects: a redirect is an answer we must not benchmark."""
    conn = http.client.HTTPConnection(HOST, port, timeout=HTTP_TIMEOUT_S)
    try:
        conn.request("GET", path, headers={"Host": HOST})
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


def check_page(port: int, page: Page) -> None:
    """The page must answer 200 with its expected text, so we never benchmark an error page."""
    status, body = fetch(port, page.path)
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
            raise BenchError(f"{page.path} lists no roles; pick a search that matches some")
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


def run_wrk(wrk: str, args, path: str, seconds: int) -> dict:
    command = [
        wrk,
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{seconds}s",
        "--timeout",
        "5s",
        "-s",
        str(WRK_SCRIPT),
        f"http://{HOST}:{args.port}{path}",
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
    return figures


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
        else:
            ok = ratio >= TARGET_RATIO and p95 < TARGET_P95_MS and not errors
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


def print_table(rows: list[dict], queries: dict) -> None:
    header = (
        f"{'page':<7} {'url':<36} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'ratio':>6} "
        f"{'SQL':>4} {'app ms':>6} {'db ms':>6} {'other':>6} {'errors':>6}  result"
    )
    print()
    print(header)
    print("-" * len(header))
    for row in rows:
        path = row["path"] if len(row["path"]) <= 36 else row["path"][:33] + "..."
        print(
            f"{row['name']:<7} {path:<36} {row['rps']:>8.1f} {row['p50_ms']:>7.1f} "
            f"{row['p95_ms']:>7.1f} {row['ratio']:>6.2f} "
            f"{queries.get(row['name'], {}).get('queries', '-'):>4} "
            f"{row['cpu_app_ms_per_req']:>6.2f} {row['cpu_db_ms_per_req']:>6.2f} "
            f"{row['cpu_other_pct_max']:>5.0f}% {row['errors']:>6}  {row['verdict']}"
        )
    print(
        f"\nTargets: req/s at least {TARGET_RATIO:.0%} of the bare view's, p95 under "
        f"{TARGET_P95_MS:.0f} ms, no errors. Figures are medians of the rounds; app ms and "
        "db ms are CPU time per request in gunicorn and in PostgreSQL; other is the most CPU "
        "that processes outside the bench used during a run, in % of one core."
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


def bench(args, wrk: str, static_root: Path, error_log: Path) -> int:
    ensure_database(args.database_url)
    database = check_database_url(args.database_url)
    configure_environment(args, static_root)
    info = prepare_django(args)
    if args.generate_only:
        log(f"{info['live_roles']} live roles; --generate-only: no load test")
        return 0
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
    wanted = {name.strip() for name in args.pages.split(",") if name.strip()}
    pages = [page for page in pages if page.name == "bare" or page.name in wanted]
    queries = count_queries(pages)
    for name, found in queries.items():
        log(f"{name}: {found['queries']} SQL queries, {found['in_process_ms']} ms in process")

    process = None
    try:
        process = start_gunicorn(args, error_log)
        wait_until_up(process, args.port, error_log)
        for page in pages:
            check_page(args.port, page)
            log(f"checked {page.path}: 200, {page.check}")
        for round_number in range(1, args.rounds + 1):
            for page in pages:
                # Requests the previous run left queued are served before anything else: wait
                # for them, so one page's backlog is not counted against the next one.
                wait_until_idle(args.port)
                if args.warmup:  # unrecorded load: every worker has run this page's code
                    run_wrk(wrk, args, page.path, args.warmup)
                    wait_until_idle(args.port)
                if args.quiet_timeout:
                    other = wait_for_quiet_machine(process.pid, database, args.quiet_timeout)
                    if other >= QUIET_OTHER_PCT:
                        log(f"machine still busy ({other:.0f} % of a core elsewhere): running")
                before = cpu_sample(process.pid, database)
                figures = run_wrk(wrk, args, page.path, args.duration)
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
        for page in pages:  # still the right page after the load?
            check_page(args.port, page)
    finally:
        stop_gunicorn(process)
    errors = tail(error_log)
    if errors:
        log(f"gunicorn error log (last lines):\n{errors}")

    rows = summarize(pages)
    print_table(rows, queries)
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
            "generation": info["generation"],
            "queries": queries,
            "checks": {page.name: page.check for page in pages},
            "results": rows,
            "runs": {page.name: page.runs for page in pages},
        }
        path.write_text(json.dumps(report, indent=2) + "\n")
        log(f"results written to {path.relative_to(ROOT)}")
    return 0 if all(row["verdict"] in {"PASS", "ref"} for row in rows) else 1


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
        static_root = Path(scratch) / "static"
        error_log = Path(scratch) / "gunicorn-error.log"
        try:
            return bench(args, wrk, static_root, error_log)
        except BenchError as error:
            print(f"bench failed: {error}", file=sys.stderr)
            return 2


if __name__ == "__main__":
    sys.exit(main())
