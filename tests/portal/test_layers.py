"""The apps stand in layers, and a module imports only from its own layer or those below.

``csa_portal`` is the floor (settings, outbox, access, health); roles, applicants and
assessments are the hiring domain, each allowed to use the ones before it; dashboard and
reports gather them. A backward import (the floor reaching up into a domain app) is what
turns a codebase into one knot, so this test reads every import and names the offender.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYERS = [
    {"csa_portal"},
    {"roles"},
    {"applicants"},
    {"assessments"},
    {"dashboard", "reports"},
]
LEVEL = {package: n for n, layer in enumerate(LAYERS) for package in layer}


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names & set(LEVEL)


def modules_of(package: str) -> list[Path]:
    folder = ROOT / package
    return sorted(p for p in folder.rglob("*.py") if "migrations" not in p.parts)


@pytest.mark.parametrize("package", sorted(LEVEL))
def test_no_module_imports_from_a_layer_above_its_own(package):
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in modules_of(package)
        for name in imported_packages(path)
        if LEVEL[name] > LEVEL[package]
    ]
    assert offenders == []


def test_settings_name_no_domain_module_by_string():
    """Dotted paths in settings (log filters, middleware) are imports too.

    Celery task names in the beat schedule are not: they name a message that the worker
    routes, and importing nothing, they are the usual way to schedule an app's task.
    """
    from django.conf import settings as django_settings

    settings = (ROOT / "csa_portal" / "settings.py").read_text()
    tree = ast.parse(settings)
    task_names = {entry["task"] for entry in django_settings.CELERY_BEAT_SCHEDULE.values()}
    strings = [
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and n.value not in task_names
    ]
    dotted = [s for s in strings if isinstance(s, str) and "." in s and " " not in s]
    domain = {name for name, level in LEVEL.items() if level > 0}
    assert [s for s in dotted if s.split(".")[0] in domain] == []


def test_the_check_sees_a_backward_import(tmp_path):
    module = tmp_path / "example.py"
    module.write_text("from applicants.models import Application\nimport roles.selectors\n")
    assert imported_packages(module) == {"applicants", "roles"}
