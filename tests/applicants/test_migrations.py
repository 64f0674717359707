"""Migrations that move data: tried on rows written before them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("applicants", "0002_default_rejection_reasons")]
AFTER = [("applicants", "0003_application_submitted_details")]


@pytest.fixture
def back_to_the_latest():
    """Whatever a test migrated to, the database ends at the latest migrations again."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_applications_get_their_candidates_details(back_to_the_latest):
    apps = migrate(BEFORE)
    Candidate = apps.get_model("applicants", "Candidate")
    Application = apps.get_model("applicants", "Application")
    from tests.applicants.factories import ApplicationFactory

    template = ApplicationFactory.build()  # a role, revision and stage to hang it on
    role, revision, stage = template.role, template.revision, template.stage
    consent = timezone.now()
    person = Candidate.objects.create(
        name="Jane Doe",
        email="jane@example.com",
        phone="+1 555 010 0199",
        location="Columbus",
        consent_given_at=consent,
        privacy_notice_version="2026-10",
    )
    Application.objects.create(
        candidate=person,
        role_id=role.pk,
        revision_id=revision.pk,
        stage_id=stage.pk,
        resume="resumes/x.pdf",
        resume_kind="pdf",
        resume_size=1,
    )

    apps = migrate(AFTER)

    application = apps.get_model("applicants", "Application").objects.get()
    assert (application.name, application.phone, application.location) == (
        "Jane Doe",
        "+1 555 010 0199",
        "Columbus",
    )
    assert application.consent_given_at == consent
    assert application.privacy_notice_version == "2026-10"


@pytest.mark.django_db(transaction=True)
def test_closed_applications_without_a_closing_time_take_their_last_change(back_to_the_latest):
    from datetime import timedelta

    apps = migrate([("applicants", "0005_talent_pool_consent")])
    Candidate = apps.get_model("applicants", "Candidate")
    Application = apps.get_model("applicants", "Application")
    StageChange = apps.get_model("applicants", "StageChange")
    from tests.applicants.factories import ApplicationFactory

    template = ApplicationFactory.build()
    role, revision, stage = template.role, template.revision, template.stage
    now = timezone.now()
    person = Candidate.objects.create(
        name="Jane Doe", email="jane@example.com", consent_given_at=now,
        privacy_notice_version="2026-11",
    )  # fmt: skip

    def application(status, closed_at=None):
        return Application.objects.create(
            candidate=person, role_id=role.pk, revision_id=revision.pk, stage_id=stage.pk,
            status=status, closed_at=closed_at, name="Jane Doe", consent_given_at=now,
            privacy_notice_version="2026-11", resume="resumes/x.pdf", resume_kind="pdf",
            resume_size=1,
        )  # fmt: skip

    withdrawn = application("withdrawn")
    for days, status in ((400, "active"), (380, "withdrawn")):
        StageChange.objects.create(
            application=withdrawn, to_stage_id=stage.pk, to_status=status,
            at=now - timedelta(days=days),
        )  # fmt: skip
    unknown = application("hired")  # no history at all
    dated = application("withdrawn", closed_at=now - timedelta(days=3))
    active = application("active")

    apps = migrate([("applicants", "0006_backfill_closed_at")])

    rows = apps.get_model("applicants", "Application").objects.in_bulk()
    assert rows[withdrawn.pk].closed_at == now - timedelta(days=380)
    assert rows[unknown.pk].closed_at == rows[unknown.pk].updated_at
    assert rows[dated.pk].closed_at == now - timedelta(days=3)  # left as it was
    assert rows[active.pk].closed_at is None
