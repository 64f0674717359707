import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.test import Client

from csa_portal.access import StaffGroup
from csa_portal.celery import app as celery_app
from tests import services
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent

# --- staff users -----------------------------------------------------------------------------


@pytest.fixture
def recruiter(db):
    return UserFactory(username="rita.recruiter", groups=[StaffGroup.RECRUITER])


@pytest.fixture
def hiring_manager(db):
    return UserFactory(username="hank.manager", groups=[StaffGroup.HIRING_MANAGER])


@pytest.fixture
def reviewer(db):
    return UserFactory(username="rae.reviewer", groups=[StaffGroup.REVIEWER])


@pytest.fixture
def admin_user(db):
    user = UserFactory(username="ada.admin", groups=[StaffGroup.ADMIN])
    user.is_staff = user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def outsider(db):
    """Signed in, but in no staff group: what a stray account must not be able to do."""
    return UserFactory(username="otto.outsider", groups=[])


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def recruiter_client(recruiter):
    return _client_for(recruiter)


@pytest.fixture
def manager_client(hiring_manager):
    return _client_for(hiring_manager)


@pytest.fixture
def reviewer_client(reviewer):
    return _client_for(reviewer)


@pytest.fixture
def admin_client_user(admin_user):
    return _client_for(admin_user)


@pytest.fixture
def outsider_client(outsider):
    return _client_for(outsider)


# --- Celery ----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _tasks_run_in_process(request):
    """Unit tests run tasks eagerly whatever the broker; integration tests use the real one."""
    eager = request.node.get_closest_marker("integration") is None
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = eager
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker, tmp_path_factory):
    """A real ``celery worker`` process on the real broker, reading the test database."""
    with django_db_blocker.unblock():
        services.require_postgresql()
        services.require_broker()
        database_url = services.database_url_for_current_connection()
    workdir = tmp_path_factory.mktemp("worker")
    log_path = workdir / "worker.log"
    mail_dir = workdir / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DB_CONN_MAX_AGE": "0",
        "DEBUG": "1",
        "PYTHONUNBUFFERED": "1",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "MEDIA_ROOT": str(workdir / "media"),
    }
    hostname = f"test-worker-{os.getpid()}@%h"
    celery_app.control.purge()
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "csa_portal", "worker",
                "--pool=solo", "--concurrency=1", "--without-gossip", "--without-mingle",
                "--loglevel=INFO", "-n", hostname,
            ],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"the Celery worker exited early:\n{log_path.read_text()}")
            if celery_app.control.ping(timeout=0.5):
                break
        else:
            pytest.fail(f"the Celery worker did not answer in 60 s:\n{log_path.read_text()}")
        process.mail_dir = mail_dir
        process.media_root = workdir / "media"
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def wait_for(predicate, timeout: float = 30.0, interval: float = 0.2):
    """Poll until ``predicate()`` is truthy; return its value or fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(interval)
    pytest.fail(f"condition not met within {timeout} s")


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Each test writes resumes to its own folder, never into the project."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_board_memo():
    """Each process keeps board reads and cards beside the cache; tests start without them."""
    from roles.board_cache import forget_local

    forget_local()
    yield
    forget_local()


@pytest.fixture(autouse=True)
def _no_outage_carried_over():
    """A test that took the broker or the cache down must not leave the next one waiting."""
    from csa_portal import cache, handoff

    handoff._broker_resting_until = 0.0
    cache._unreachable_until.clear()
    yield
    handoff._broker_resting_until = 0.0
    cache._unreachable_until.clear()


@pytest.fixture
def mailbox(settings):
    """Mail sent through the outbox, via Django's in-memory backend."""
    from django.core import mail

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    return mail.outbox


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2 is slow on purpose; tests hash hundreds of passwords and need no such cost."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
