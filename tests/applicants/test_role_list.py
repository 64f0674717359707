"""The staff role list shows, per role, how many applicants are at each stage."""

import re

import pytest

from applicants.models import Application, ApplicationStatus
from applicants.role_list import applicants_by_stage
from applicants.services import ensure_stages, knockout_reason
from tests.applicants.factories import ApplicationFactory
from tests.roles.factories import complete_role, published_role

pytestmark = pytest.mark.django_db


def fill_pipeline(role, *, applied=0, screening=0, hired=0, rejected=0, withdrawn=0):
    stages = {stage.kind: stage for stage in ensure_stages(role)}
    plan = [
        ("applied", ApplicationStatus.ACTIVE, applied),
        ("screening", ApplicationStatus.ACTIVE, screening),
        ("hired", ApplicationStatus.HIRED, hired),
        ("applied", ApplicationStatus.REJECTED, rejected),
        ("screening", ApplicationStatus.WITHDRAWN, withdrawn),
    ]
    for kind, status, n in plan:
        reason = knockout_reason() if status == ApplicationStatus.REJECTED else None
        for _ in range(n):
            ApplicationFactory(
                role=role, stage=stages[kind], status=status, rejection_reason=reason
            )


def row_of(html: str, title: str) -> str:
    start = html.index(f">{title}</a>")
    return html[start : html.index("</tr>", start)]


def words(fragment: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", fragment).split())


def test_counts_per_stage_leave_out_rejected_and_withdrawn():
    role = published_role()
    fill_pipeline(role, applied=3, screening=1, hired=1, rejected=2, withdrawn=1)
    counts = applicants_by_stage([role.pk])[role.pk]
    assert [(s.name, s.count) for s in counts.stages] == [
        ("Applied", 3), ("Screening", 1), ("Assessment", 0), ("Review", 0),
        ("Interview", 0), ("Offer", 0), ("Hired", 1),
    ]  # fmt: skip
    assert counts.total == 5


def test_the_role_list_shows_applicants_by_stage(recruiter_client):
    busy = published_role(title="Busy Role")
    fill_pipeline(busy, applied=3, screening=1, hired=1, rejected=2)
    quiet = published_role(title="Quiet Role")
    ensure_stages(quiet)
    complete_role(title="Draft Role")
    html = recruiter_client.get("/staff/roles/").content.decode()
    assert "Applicants by stage" in html
    busy_row = words(row_of(html, "Busy Role"))
    assert "Applied 3 Screening 1 Hired 1" in busy_row
    assert "Assessment" not in busy_row  # empty stages are left out
    assert "None yet" in words(row_of(html, "Quiet Role"))
    assert "None yet" in words(row_of(html, "Draft Role"))


def test_a_hiring_manager_sees_the_counts_of_their_own_roles(manager_client, hiring_manager):
    mine = published_role(title="Managed Role")
    mine.hiring_managers.add(hiring_manager)
    fill_pipeline(mine, applied=2)
    other = published_role(title="Other Role")
    fill_pipeline(other, applied=4)
    html = manager_client.get("/staff/roles/").content.decode()
    assert "Applied 2" in words(row_of(html, "Managed Role"))
    assert "Other Role" not in html
    assert "Applied 4" not in words(html)


def test_the_role_list_costs_the_same_queries_for_3_or_25_busy_roles(
    recruiter_client, django_assert_num_queries
):
    def build(n):
        for i in range(n):
            role = published_role(title=f"Role {Application.objects.count()}-{i}")
            fill_pipeline(role, applied=2, screening=1, hired=1)

    build(3)
    with django_assert_num_queries(6):
        assert recruiter_client.get("/staff/roles/").status_code == 200
    build(22)
    with django_assert_num_queries(6):
        assert recruiter_client.get("/staff/roles/").status_code == 200
