"""What runs in production: gunicorn's logs, the nginx proxy, and the files that start them."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import yaml
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "Zq3kPqW8uV0aJ5x-secret_token_value_1234567"
REFERRING_TOKEN = "Referrer-token-ABCDEFGHIJKLMNOPQRSTUVWXYZ0"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorn_redacts_tokens_in_path_and_referer(tmp_path):
    port = free_port()
    log = tmp_path / "gunicorn.log"
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}},
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "WEB_CONCURRENCY": "1",
    }
    with log.open("w") as output:
        server = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py",
                "--bind", f"127.0.0.1:{port}", "csa_portal.wsgi:application",
            ],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/candidate/login/{TOKEN}/",
            headers={"Referer": f"http://127.0.0.1:{port}/candidate/assessment/{REFERRING_TOKEN}/"},
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                    assert response.status == 200
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=20)
    written = log.read_text()
    access_lines = [line for line in written.splitlines() if '"GET /candidate/' in line]
    assert access_lines, written
    assert "/candidate/login/[redacted]/" in access_lines[0]
    assert "/candidate/assessment/[redacted]/" in access_lines[0]
    assert TOKEN not in written
    assert REFERRING_TOKEN not in written


def test_every_way_of_starting_gunicorn_uses_its_config_file():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert "gunicorn -c gunicorn.conf.py" in compose["services"]["web"]["command"]
    assert '"gunicorn", "-c", "gunicorn.conf.py"' in (ROOT / "Dockerfile").read_text()
    assert "gunicorn -c gunicorn.conf.py" in (ROOT / "docs" / "operations.md").read_text()


def test_only_the_proxy_is_reachable_and_the_app_trusts_only_its_header():
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"proxy"}
    assert services["web"]["environment"]["CLIENT_IP_HEADER"] == "X-Real-IP"
    nginx = (ROOT / "docker" / "nginx.conf").read_text()
    assert "proxy_set_header X-Real-IP $remote_addr;" in nginx


def test_nginx_and_django_cap_bodies_at_the_same_size():
    nginx = (ROOT / "docker" / "nginx.conf").read_text()
    megabytes = int(re.search(r"client_max_body_size (\d+)m;", nginx).group(1))
    assert megabytes * 1024 * 1024 == settings.MAX_REQUEST_BODY_BYTES
    assert f"up to {megabytes} MB" in nginx  # its own 413 page says the same


def test_nginx_logs_redact_every_secret_path():
    nginx = (ROOT / "docker" / "nginx.conf").read_text()
    for prefix in settings.SECRET_PATH_PREFIXES:
        segment = prefix.strip("/").split("/")[-1]
        assert segment in re.search(r"map \$request \$logged_request \{(.*?)\}", nginx, re.S).group(
            1
        )
        assert segment in re.search(
            r"map \$http_referer \$logged_referer \{(.*?)\}", nginx, re.S
        ).group(1)
