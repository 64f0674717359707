"""Celery settings that keep tasks safe: what CI relies on is asserted, not assumed."""

from django.conf import settings

from csa_portal.celery import app

PROJECT_PACKAGES = ("csa_portal.", "roles.", "applicants.", "assessments.", "reports.")


def project_tasks():
    app.loader.import_default_modules()
    tasks = [task for name, task in app.tasks.items() if name.startswith(PROJECT_PACKAGES)]
    assert tasks, "no project task was registered"
    return tasks


def test_only_json_crosses_the_broker():
    assert app.conf.task_serializer == "json"
    assert app.conf.result_serializer == "json"
    assert list(app.conf.accept_content) == ["json"]


def test_every_task_has_a_hard_time_limit():
    for task in project_tasks():
        limit = task.time_limit or app.conf.task_time_limit
        assert limit, f"{task.name} has no hard time limit"
        soft = task.soft_time_limit or app.conf.task_soft_time_limit
        assert soft is None or soft < limit, f"{task.name}: soft limit not below hard limit"


def test_late_acks_only_on_idempotent_tasks():
    assert app.conf.task_acks_late is False
    for task in project_tasks():
        idempotent = getattr(task, "idempotent", False)
        assert bool(task.acks_late) == idempotent, f"{task.name}: acks_late vs idempotent"
        assert bool(task.reject_on_worker_lost) == idempotent, f"{task.name}: reject_on_worker_lost"


def test_visibility_timeout_outlasts_every_delay():
    visibility = app.conf.broker_transport_options["visibility_timeout"]
    assert visibility > settings.CELERY_MAX_TASK_DELAY_SECONDS
    for task in project_tasks():
        delays = [task.default_retry_delay or 0, getattr(task, "retry_backoff_max", 0) or 0]
        assert max(delays) < visibility, f"{task.name} may wait longer than the visibility timeout"


def test_beat_schedule_names_registered_tasks():
    registered = {task.name for task in project_tasks()}
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in registered


def test_tasks_that_read_or_parse_retry_with_backoff_on_database_and_broker_errors():
    from django.db import DatabaseError
    from kombu.exceptions import OperationalError

    from applicants.tasks import extract_pending_resume_texts, extract_resume_text

    for task in (extract_resume_text, extract_pending_resume_texts):
        assert set(task.autoretry_for) >= {DatabaseError, OperationalError}, task.name
        assert task.retry_backoff, task.name
        assert task.max_retries, task.name


def test_a_publish_never_waits_for_the_broker_to_come_back():
    options = app.conf.broker_transport_options
    assert options["max_retries"] == 0
    assert options["socket_connect_timeout"] <= 2
    assert options["socket_timeout"] <= 5
    assert app.conf.broker_connection_timeout <= 2
