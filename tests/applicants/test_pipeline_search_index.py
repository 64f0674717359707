"""The pipeline's search: what it matches, its index on PostgreSQL, and the one-pass board."""

import pytest
from django.db import connection

from applicants import selectors
from applicants.models import Application, ApplicationStatus, StageKind
from applicants.selectors import BoardFilters, matching_applications, search_applications
from applicants.services import ensure_stages
from tests.applicants.factories import ApplicationFactory, CandidateFactory
from tests.applicants.test_pipeline import active_reason, board_url, stage
from tests.roles.factories import published_role
from tests.services import require_postgresql

pytestmark = pytest.mark.django_db


@pytest.fixture
def role():
    role = published_role()
    ensure_stages(role)
    return role


def found(role, query: str) -> set[str]:
    return set(matching_applications(role, BoardFilters(q=query)).values_list("name", flat=True))


def test_a_word_matches_inside_one_part_never_across_two(role):
    ApplicationFactory(
        role=role,
        candidate=CandidateFactory(name="Ana Lima", email="a.lima@mail.example"),
        resume_text="Retail cashier",
    )
    assert found(role, "lima") == {"Ana Lima"}
    assert found(role, "a.lima@mail") == {"Ana Lima"}
    assert found(role, "CASHIER") == {"Ana Lima"}
    # name + address + resume are searched as one text; a word never runs from one into the next
    assert found(role, "limaa.lima") == set()
    assert found(role, "examplere") == set()
    assert found(role, "example retail") == {"Ana Lima"}  # two words, two parts: both found


@pytest.mark.parametrize("hostile", ["%", "_", "\\", "%%%", "'; DROP TABLE x; --", "a_b%"])
def test_wildcards_and_quotes_are_plain_characters(role, hostile):
    ApplicationFactory(
        role=role,
        candidate=CandidateFactory(name="Bo Chen", email="bo@mail.example"),
        resume_text="Support agent",
    )
    assert found(role, hostile) == set()
    assert Application.objects.filter(role=role).count() == 1


def test_a_resume_holding_a_wildcard_is_found_by_it(role):
    ApplicationFactory(
        role=role, candidate=CandidateFactory(name="Cy Ode"), resume_text="Cut churn by 12% in Q3"
    )
    ApplicationFactory(role=role, candidate=CandidateFactory(name="Di Ray"), resume_text="Q3 plan")
    assert found(role, "12%") == {"Cy Ode"}


def test_accented_names_match_whatever_their_case_on_postgresql(role):
    require_postgresql()  # SQLite's upper() folds ASCII letters only
    ApplicationFactory(role=role, candidate=CandidateFactory(name="Élodie Brûlé"), resume_text="")
    assert found(role, "élodie") == {"Élodie Brûlé"}
    assert found(role, "BRÛLÉ") == {"Élodie Brûlé"}


def test_postgresql_answers_each_word_from_the_one_trigram_index(role):
    """Fails if ``Application.searched_text()`` and migration 0010's index drift apart: the
    planner can then only scan, even when told to avoid it."""
    require_postgresql()
    ApplicationFactory.create_batch(3, role=role)
    # Every role's applications: with sequential scans off, only that index can answer.
    queryset = search_applications(Application.objects.all(), "garc lima")
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "application_search_trgm" in plan, plan
    for old in ("application_name_trgm", "application_email_trgm", "application_resume_trgm"):
        assert old not in plan


def test_the_one_pass_board_counts_every_stage_and_status_beyond_its_cards(role, monkeypatch):
    monkeypatch.setattr(selectors, "CARDS_PER_COLUMN", 2)
    applied, review = stage(role, StageKind.APPLIED), stage(role, StageKind.REVIEW)
    oldest, *_, newest = ApplicationFactory.create_batch(5, role=role)
    ApplicationFactory.create_batch(3, role=role, stage=review)
    ApplicationFactory.create_batch(
        4, role=role, status=ApplicationStatus.REJECTED, rejection_reason=active_reason()
    )
    # a stage with closed applications only still counts them under their status
    ApplicationFactory.create_batch(
        2,
        role=role,
        stage=stage(role, StageKind.INTERVIEW),
        status=ApplicationStatus.WITHDRAWN,
    )
    ApplicationFactory(role=published_role(title="Another role"))  # not this board's

    board = selectors.pipeline_for_role(role, stages=ensure_stages(role))
    columns = {column.stage.pk: column for column in board.columns}
    assert board.status_counts == {"active": 8, "rejected": 4, "withdrawn": 2, "hired": 0}
    assert columns[applied.pk].count == 5
    assert columns[review.pk].count == 3
    assert columns[stage(role, StageKind.INTERVIEW).pk].count == 0
    assert [card.pk for card in columns[applied.pk].cards] == [newest.pk, newest.pk - 1]
    assert columns[applied.pk].hidden == 3
    assert oldest.pk not in {card.pk for column in board.columns for card in column.cards}
    assert all(card.status == "active" for column in board.columns for card in column.cards)

    rejected = selectors.pipeline_for_role(
        role, stages=ensure_stages(role), filters=BoardFilters(status="rejected")
    )
    assert rejected.status_counts == board.status_counts
    assert [len(column.cards) for column in rejected.columns if column.count] == [2]
    assert rejected.count == 4


def test_a_search_counts_only_its_matches(role, recruiter_client):
    ApplicationFactory.create_batch(3, role=role, resume_text="Zendesk admin")
    ApplicationFactory.create_batch(2, role=role, resume_text="Retail")
    board = selectors.pipeline_for_role(
        role, stages=ensure_stages(role), filters=BoardFilters(q="zendesk")
    )
    assert board.count == 3
    assert board.status_counts["active"] == 3
    html = recruiter_client.get(board_url(role), {"q": "zendesk"}).content.decode()
    assert html.count("pipeline-card mb-2") == 3
