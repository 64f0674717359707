import pytest

from tests.applicants.factories import ApplicationFactory, CandidateFactory
from tests.roles.factories import complete_role

pytestmark = pytest.mark.django_db


def test_recruiter_sees_live_roles_counts_and_latest_applications(recruiter_client):
    application = ApplicationFactory(candidate=CandidateFactory(name="Jo Park"))
    complete_role(title="Unpublished draft")
    html = recruiter_client.get("/staff/").content.decode()
    assert application.revision.title in html
    assert "Jo Park" in html
    assert f"/staff/pipeline/{application.role.slug}/" in html
    assert f"/staff/applications/{application.pk}/" in html


def test_hiring_manager_sees_only_their_roles(manager_client, hiring_manager):
    mine = ApplicationFactory(candidate=CandidateFactory(name="Mine Person"))
    mine.role.hiring_managers.add(hiring_manager)
    ApplicationFactory(candidate=CandidateFactory(name="Other Person"))
    html = manager_client.get("/staff/").content.decode()
    assert "Mine Person" in html
    assert "Other Person" not in html


def test_reviewer_dashboard_shows_no_pipeline(reviewer_client):
    ApplicationFactory(candidate=CandidateFactory(name="Hidden Person"))
    html = reviewer_client.get("/staff/").content.decode()
    assert "Hidden Person" not in html
    assert "/staff/pipeline/" not in html


@pytest.mark.parametrize("count", [1, 12])
def test_dashboard_query_count_does_not_grow(recruiter_client, django_assert_num_queries, count):
    first = ApplicationFactory()
    for _ in range(count - 1):
        ApplicationFactory(role=first.role)
    with django_assert_num_queries(6):
        assert recruiter_client.get("/staff/").status_code == 200
