"""The production switch: DEBUG=0 must be safe or refuse to start."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Variables the test run itself sets, which a production process would never have.
TEST_ONLY_VARIABLES = {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
PRODUCTION_KEY = "k" * 20 + "-production-secret-key-for-the-deploy-check-0123456789"


def run_django(code: str, **env_overrides: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARIABLES}
    env.update(DJANGO_SETTINGS_MODULE="csa_portal.settings", **env_overrides)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip


SETUP = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"


def test_production_refuses_to_start_without_secret_key():
    result = run_django(SETUP, DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_the_development_key_and_short_keys():
    short = run_django(SETUP, DEBUG="0", SECRET_KEY="too-short")
    assert short.returncode != 0
    assert "at least 50 characters" in short.stderr


def test_development_runs_without_a_secret_key():
    result = run_django(SETUP, DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


@pytest.mark.parametrize("value", ["0", "false", "no", "off"])
def test_debug_off_spellings(value):
    result = run_django(SETUP, DEBUG=value, SECRET_KEY=PRODUCTION_KEY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def deploy_check(**env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
        env={
            **{k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARIABLES},
            "DEBUG": "0", "SECRET_KEY": PRODUCTION_KEY, "ALLOWED_HOSTS": "careers.example.com",
            **env,
        },
    )  # fmt: skip


# Only named, never connected to: the checks read the settings.
PRODUCTION_SERVICES = {
    "CACHE_URL": "redis://127.0.0.1:6380/0",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
}


def test_production_settings_pass_the_deploy_check_with_no_warnings():
    result = deploy_check(**PRODUCTION_SERVICES)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_warns_about_a_per_process_cache_and_in_request_tasks():
    result = deploy_check(CACHE_URL="", CELERY_BROKER_URL="")
    assert result.returncode != 0
    assert "portal.W001" in result.stderr
    assert "CACHE_URL is not set" in result.stderr
    assert "portal.W002" in result.stderr
    assert "CELERY_BROKER_URL is not set" in result.stderr


def test_media_root_inside_static_root_is_refused(tmp_path):
    result = run_django(
        SETUP, STATIC_ROOT=str(tmp_path), MEDIA_ROOT=str(tmp_path / "uploads"), DEBUG="1"
    )
    assert result.returncode != 0
    assert "MEDIA_ROOT must not lie inside STATIC_ROOT" in result.stderr


def test_no_broker_means_tasks_run_in_process():
    code = SETUP + "; print(settings.CELERY_TASK_ALWAYS_EAGER, settings.CELERY_BROKER_URL)"
    result = run_django(code, DEBUG="1", CELERY_BROKER_URL="")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["True", "memory://"]


def test_a_broker_url_turns_eager_mode_off():
    code = SETUP + "; print(settings.CELERY_TASK_ALWAYS_EAGER)"
    result = run_django(code, DEBUG="1", CELERY_BROKER_URL="redis://127.0.0.1:6379/9")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == "False"


def test_database_url_chooses_the_database():
    code = SETUP + "; print(settings.DATABASES['default']['ENGINE'])"
    result = run_django(code, DEBUG="1", DATABASE_URL="postgres://postgres@127.0.0.1:5432/x")
    assert result.stdout.split()[-1] == "django.db.backends.postgresql"
    default = run_django(code, DEBUG="1", DATABASE_URL="")
    assert default.stdout.split()[-1] == "django.db.backends.sqlite3"


def test_deploy_check_warns_when_the_cache_shares_the_brokers_redis():
    result = deploy_check(
        CACHE_URL="redis://127.0.0.1:6379/1", CELERY_BROKER_URL="redis://127.0.0.1:6379/0"
    )
    assert result.returncode != 0
    assert "portal.W003" in result.stderr
    assert "same Redis server" in result.stderr


def test_a_redis_cache_gets_short_timeouts_and_degrades():
    code = SETUP + "; print(settings.CACHES['default'])"
    result = run_django(code, CACHE_URL="redis://127.0.0.1:6380/0", DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert "csa_portal.cache.DegradingRedisCache" in result.stdout
    assert "'socket_connect_timeout': 0.25" in result.stdout
    assert "'socket_timeout': 0.25" in result.stdout


def test_an_outbox_claim_shorter_than_a_send_is_refused():
    result = run_django(
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('check')",
        OUTBOX_CLAIM_SECONDS="30",
        DEBUG="1",
    )
    assert result.returncode != 0
    assert "portal.E001" in result.stderr
