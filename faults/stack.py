"""The throwaway stack a fault run starts, and stops, itself.

A PostgreSQL cluster made with ``initdb`` in a temporary folder, two ``redis-server``s (the
broker, which never evicts, and the cache, which does: as docker-compose.yml runs them), a
slow SMTP server that records what it accepts (``faults/mail_sink.py``), and the portal's own
processes: gunicorn, a Celery worker and beat, all on free ports of 127.0.0.1. Nothing here
touches the machine's own PostgreSQL or Redis. Every process is started in its own session
and stopped by its own process group.
"""

import contextlib
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
DATABASE = "faults"
STOP_TIMEOUT_S = 20


class StackError(Exception):
    """A service could not be started: the run cannot measure anything."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def port_answers(port: int, timeout: float = 0.2) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=timeout):
            return True
    except OSError:
        return False


def wait_until(predicate, *, timeout: float, what: str, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(interval)
    raise StackError(f"{what} not ready within {timeout:.0f} s")


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def postgres_bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
        return str(candidate)
    raise StackError(f"{name} not found: install PostgreSQL's server binaries (postgresql-15)")


class Postgres:
    """A PostgreSQL cluster of its own, in a temporary folder, on a free port.

    initdb refuses to run as root; as root the cluster belongs to the ``postgres`` user.
    """

    def __init__(self, scratch: Path):
        self.folder = scratch / "postgres"
        self.folder.mkdir()
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.port = free_port()
        self.run_as: list[str] = []
        if os.geteuid() == 0:
            try:
                owner = pwd.getpwnam("postgres")
            except KeyError as error:
                raise StackError("running as root needs a 'postgres' user for initdb") from error
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
            self.run_as = ["runuser", "-u", "postgres", "--"]

    @property
    def url(self) -> str:
        return f"postgres://postgres@{HOST}:{self.port}/{DATABASE}"

    def _run(self, *command: str, timeout: float = 60) -> None:
        result = subprocess.run(
            [*self.run_as, *command], capture_output=True, text=True, timeout=timeout, check=False
        )
        if result.returncode != 0:
            raise StackError(f"{command[0]} failed: {result.stderr}\n{tail(self.log)}")

    def create(self) -> None:
        self._run(
            postgres_bin("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
            "-E", "UTF8", "--no-sync", "--no-instructions",
        )  # fmt: skip
        self.start()
        import psycopg

        admin = f"postgres://postgres@{HOST}:{self.port}/postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {DATABASE}")

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses={HOST} -k {self.folder} "
            "-c fsync=off -c full_page_writes=off -c max_connections=100"
        )
        self._run(
            postgres_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options,
            "-w", "-t", "60", "start",
        )  # fmt: skip

    def stop(self) -> None:
        self._run(postgres_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def restart(self) -> None:
        """A fast shutdown (every connection cut) and a start, as a failover or upgrade does."""
        self.stop()
        self.start()

    def close(self) -> None:
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(StackError):
                self.stop()


class Redis:
    def __init__(self, scratch: Path, name: str, *, policy: str, maxmemory: str = ""):
        self.name = name
        self.folder = scratch / f"redis-{name}"
        self.folder.mkdir()
        self.log = self.folder / "server.log"
        self.port = free_port()
        self.policy = policy
        self.maxmemory = maxmemory
        self.process: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://{HOST}:{self.port}/{db}"

    def start(self) -> None:
        command = [
            shutil.which("redis-server") or "redis-server", "--port", str(self.port),
            "--bind", HOST, "--save", "", "--appendonly", "no", "--dir", str(self.folder),
            "--maxmemory-policy", self.policy,
            *(["--maxmemory", self.maxmemory] if self.maxmemory else []),
        ]  # fmt: skip
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        wait_until(lambda: port_answers(self.port), timeout=20, what=f"redis ({self.name})")

    def stop(self) -> None:
        stop_process(self.process)
        self.process = None

    close = stop


def stop_process(process: subprocess.Popen | None, sig: int = signal.SIGTERM) -> None:
    """Stop a process started in its own session, with everything it started."""
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, sig)
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_TIMEOUT_S)
    except ProcessLookupError:
        pass


def children_of(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2 :].split()
        if int(fields[1]) == pid:
            found.append(int(text.split(" ", 1)[0]))
    return found


@dataclass
class Settings:
    """What the portal's processes are told (the environment of each)."""

    claim_seconds: int = 120
    sweep_seconds: float = 60.0
    mail_delay: float = 0.25
    worker_concurrency: int = 4
    web_workers: int = 3


@dataclass
class Stack:
    scratch: Path
    settings: Settings
    postgres: Postgres | None = None
    broker: Redis | None = None
    cache: Redis | None = None
    mail_log: Path | None = None
    web_port: int = 0
    smtp_port: int = 0
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    def environment(self) -> dict[str, str]:
        return {
            **{k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "CI"))},
            "DJANGO_SETTINGS_MODULE": "csa_portal.settings",
            "DEBUG": "0",
            "SECRET_KEY": self.secret_key,
            "ALLOWED_HOSTS": HOST,
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": self.postgres.url,
            "CELERY_BROKER_URL": self.broker.url(),
            "CACHE_URL": self.cache.url(),
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": HOST,
            "EMAIL_PORT": str(self.smtp_port),
            "SITE_URL": f"http://{HOST}:{self.web_port}",
            "MEDIA_ROOT": str(self.scratch / "media"),
            "STATIC_ROOT": str(self.scratch / "static"),
            "OUTBOX_CLAIM_SECONDS": str(self.settings.claim_seconds),
            "OUTBOX_SWEEP_SECONDS": str(self.settings.sweep_seconds),
            # Thousands of posts come from one address and a few roles.
            "RATE_APPLY_PER_IP": "1000000",
            "RATE_APPLY_PER_EMAIL": "1000000",
            "LOG_LEVEL": "INFO",
            "TASK_LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }

    def start(self, log) -> None:
        self.secret_key = secrets.token_urlsafe(45)
        self.web_port, self.smtp_port = free_port(), free_port()
        started = time.monotonic()
        self.postgres = Postgres(self.scratch)
        self.postgres.create()
        log(f"PostgreSQL cluster on port {self.postgres.port} ({time.monotonic() - started:.1f} s)")
        self.broker = Redis(self.scratch, "broker", policy="noeviction")
        self.cache = Redis(self.scratch, "cache", policy="allkeys-lru", maxmemory="64mb")
        self.broker.start()
        self.cache.start()
        log(f"redis: broker on {self.broker.port}, cache on {self.cache.port}")
        self.mail_log = self.scratch / "mail.jsonl"
        self.mail_log.touch()
        self._spawn(
            "mail",
            [sys.executable, "-m", "faults.mail_sink", "--port", str(self.smtp_port),
             "--delay", str(self.settings.mail_delay), "--log", str(self.mail_log)],
        )  # fmt: skip
        wait_until(lambda: port_answers(self.smtp_port), timeout=20, what="the mail server")
        self._prepare_django()
        self._spawn(
            "web",
            [sys.executable, "-m", "gunicorn", "csa_portal.wsgi:application",
             "--bind", f"{HOST}:{self.web_port}", "--workers", str(self.settings.web_workers),
             "--timeout", "30", "--graceful-timeout", "5", "--log-level", "warning"],
        )  # fmt: skip
        self.start_worker()
        self._spawn(
            "beat",
            [sys.executable, "-m", "celery", "-A", "csa_portal", "beat", "--loglevel=INFO",
             f"--schedule={self.scratch / 'beat-schedule'}"],
        )  # fmt: skip
        wait_until(lambda: port_answers(self.web_port), timeout=60, what="gunicorn")
        log(f"gunicorn on {self.web_port}, worker and beat, mail server on {self.smtp_port}")

    def start_worker(self) -> None:
        self._spawn(
            "worker",
            [sys.executable, "-m", "celery", "-A", "csa_portal", "worker", "--loglevel=INFO",
             f"--concurrency={self.settings.worker_concurrency}", "--without-gossip",
             "--without-mingle", "-n", f"faults-{os.getpid()}@%h"],
        )  # fmt: skip

    def _prepare_django(self) -> None:
        env = self.environment()
        for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
            result = subprocess.run(
                [sys.executable, "manage.py", *command, "-v", "0"],
                cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
            )  # fmt: skip
            if result.returncode != 0:
                raise StackError(f"manage.py {command[0]} failed:\n{result.stderr}")

    def _spawn(self, name: str, command: list[str]) -> None:
        log = (self.scratch / f"{name}.log").open("a")
        self.processes[name] = subprocess.Popen(
            command, cwd=ROOT, env=self.environment(), stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def check_alive(self) -> None:
        for name, process in self.processes.items():
            if process.poll() is not None:
                output = tail(self.scratch / f"{name}.log")
                raise StackError(f"{name} exited with {process.returncode}:\n{output}")

    def kill_worker_children(self) -> list[int]:
        """SIGKILL the worker's pool processes (whatever they are sending); the master stays."""
        victims = children_of(self.processes["worker"].pid)
        for pid in victims:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        return victims

    def stop(self) -> None:
        for name in ("web", "beat", "worker", "mail"):
            stop_process(self.processes.pop(name, None))
        for service in (self.cache, self.broker, self.postgres):
            if service is not None:
                service.close()
