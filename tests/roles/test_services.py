from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.utils import timezone

from roles import services
from roles.models import (
    Compensation,
    QualificationKind,
    RoleProfile,
    RoleRevision,
    RoleStatus,
)
from roles.selectors import live_revisions
from roles.snapshot import build_snapshot
from tests.roles.factories import (
    KpiTargetFactory,
    QualificationFactory,
    RoleProfileFactory,
    complete_role,
    published_role,
)

pytestmark = pytest.mark.django_db


def problems_of(role):
    with pytest.raises(services.RoleNotPublishable) as caught:
        services.publish_role(role=role, by=role.owner)
    return " ".join(caught.value.problems)


def test_publish_takes_a_revision_and_puts_the_role_on_the_board():
    role = complete_role()
    revision = services.publish_role(role=role, by=role.owner)
    role.refresh_from_db()
    assert role.status == RoleStatus.PUBLISHED
    assert role.current_revision == revision
    assert revision.number == 1
    assert revision.snapshot["title"] == role.title
    assert revision.snapshot["compensation"]["minimum"] == "36000.00"
    assert revision.annual_pay_maximum == Decimal(44000)
    assert list(live_revisions()) == [revision]


def test_publish_refuses_role_without_pay_range():
    role = complete_role()
    Compensation.objects.filter(role=role).update(minimum=None, maximum=None)
    assert "pay range" in problems_of(role)
    role.refresh_from_db()
    assert role.status == RoleStatus.DRAFT
    assert not RoleRevision.objects.exists()


def test_publish_refuses_role_without_any_compensation_row():
    role = complete_role()
    Compensation.objects.filter(role=role).delete()
    assert "pay range" in problems_of(role)


def test_publish_refuses_missing_currency():
    role = complete_role()
    Compensation.objects.filter(role=role).update(currency="")
    assert "currency" in problems_of(role)


def test_database_refuses_pay_minimum_above_maximum():
    role = complete_role()
    with pytest.raises(IntegrityError):
        Compensation.objects.filter(role=role).update(minimum=Decimal(90000))


def test_publish_refuses_role_without_responsibilities_or_required_qualification():
    role = RoleProfileFactory()
    QualificationFactory(role=role, kind=QualificationKind.PREFERRED)
    problems = problems_of(role)
    assert "at least one responsibility" in problems
    assert "at least one required qualification" in problems


def test_publish_refuses_a_closing_date_in_the_past():
    role = complete_role(valid_through=timezone.localdate() - timedelta(days=1))
    assert "closing date has passed" in problems_of(role)


def test_publish_refuses_a_missing_closing_date():
    role = complete_role(valid_through=None)
    assert "Set a closing date" in problems_of(role)


def test_on_site_role_needs_a_place():
    role = complete_role(city="", country="")
    assert "city and country" in problems_of(role)


def test_remote_role_needs_where_applicants_may_live():
    role = complete_role(workplace="remote", city="", country="", remote_eligibility="")
    assert "remote applicants may live" in problems_of(role)


def test_remote_role_with_eligibility_publishes():
    role = complete_role(workplace="remote", city="", country="", remote_eligibility="Canada")
    revision = services.publish_role(role=role, by=role.owner)
    assert revision.snapshot["location"]["label"] == "Remote (Canada)"


def test_editing_a_published_role_changes_nothing_candidates_see_until_republished():
    role = published_role(title="Customer Service Associate")
    first = role.current_revision
    RoleProfile.objects.filter(pk=role.pk).update(title="Renamed while published")
    Compensation.objects.filter(role=role).update(maximum=Decimal(99000))
    seen = live_revisions().get()
    assert seen.title == "Customer Service Associate"
    assert seen.snapshot["compensation"]["maximum"] == "44000.00"

    second = services.publish_role(role=RoleProfile.objects.get(pk=role.pk), by=role.owner)
    assert second.number == 2
    assert live_revisions().get().title == "Renamed while published"
    first.refresh_from_db()
    assert first.snapshot["title"] == "Customer Service Associate"


def test_revisions_are_immutable():
    revision = published_role().current_revision
    revision.title = "changed"
    with pytest.raises(ValueError, match="never changes"):
        revision.save()
    with pytest.raises(ValueError, match="never deleted"):
        revision.delete()


def test_revision_numbers_are_unique_per_role():
    role = published_role()
    with pytest.raises(IntegrityError):
        RoleRevision.objects.create(
            role=role,
            number=1,
            snapshot={},
            title="x",
            summary="x",
            workplace="remote",
            employment_type="full_time",
            currency="USD",
            pay_period="year",
            pay_minimum=1,
            pay_maximum=2,
            annual_pay_maximum=2,
            search_document="x",
        )


def test_database_refuses_a_published_role_without_revision():
    role = complete_role()
    with pytest.raises(IntegrityError):
        RoleProfile.objects.filter(pk=role.pk).update(status=RoleStatus.PUBLISHED)


def test_close_takes_the_role_off_the_board_and_keeps_revisions():
    role = published_role()
    services.close_role(role=role, by=role.owner)
    role.refresh_from_db()
    assert role.status == RoleStatus.CLOSED
    assert role.closed_at is not None
    assert not live_revisions().exists()
    assert role.revisions.count() == 1


def test_only_published_roles_close():
    with pytest.raises(services.RoleStateError):
        services.close_role(role=complete_role())


def test_archive_needs_the_role_closed_first():
    role = published_role()
    with pytest.raises(services.RoleStateError, match="Close the role"):
        services.archive_role(role=role)
    services.close_role(role=role)
    services.archive_role(role=role)
    role.refresh_from_db()
    assert role.status == RoleStatus.ARCHIVED
    with pytest.raises(services.RoleStateError):
        services.publish_role(role=role, by=role.owner)


def test_closed_role_can_be_published_again():
    role = published_role()
    services.close_role(role=role)
    revision = services.publish_role(role=role, by=role.owner)
    assert revision.number == 2
    assert live_revisions().count() == 1


def test_passing_the_closing_date_hides_the_role_before_the_beat_job_runs():
    role = published_role()
    RoleProfile.objects.filter(pk=role.pk).update(
        valid_through=timezone.localdate() - timedelta(days=1)
    )
    assert not live_revisions().exists()


def test_close_expired_roles_closes_only_past_their_date():
    expired = published_role(title="Expired role")
    current = published_role(title="Current role")
    RoleProfile.objects.filter(pk=expired.pk).update(
        valid_through=timezone.localdate() - timedelta(days=1)
    )
    assert services.close_expired_roles() == 1
    expired.refresh_from_db()
    current.refresh_from_db()
    assert expired.status == RoleStatus.CLOSED
    assert current.status == RoleStatus.PUBLISHED


def test_duplicate_copies_every_section_into_a_new_draft(recruiter):
    role = published_role(title="Team Lead")
    copy = services.duplicate_role(role=role, by=recruiter)
    assert copy.pk != role.pk
    assert copy.status == RoleStatus.DRAFT
    assert copy.title == "Team Lead (copy)"
    assert copy.slug == "team-lead-copy"
    assert copy.owner == recruiter
    assert copy.current_revision is None
    assert copy.valid_through is None
    for relation in RoleProfile.CHILD_RELATIONS:
        assert getattr(copy, relation).count() == getattr(role, relation).count()
    assert copy.compensation.maximum == role.compensation.maximum
    assert copy.training.onboarding_hours == role.training.onboarding_hours
    assert role.responsibilities.count() == 2  # the original is untouched


def test_unique_slug_adds_a_number_when_taken():
    RoleProfileFactory(title="Trainer", slug="trainer")
    RoleProfileFactory(title="Trainer 2", slug="trainer-2")
    assert services.unique_slug("Trainer") == "trainer-3"
    assert services.unique_slug("!!!") == "role"


def test_hourly_pay_is_compared_as_a_yearly_amount():
    role = complete_role(hours_per_week=30)
    Compensation.objects.filter(role=role).update(
        pay_period="hour", minimum=Decimal(18), maximum=Decimal(20)
    )
    revision = services.publish_role(role=role, by=role.owner)
    assert revision.annual_pay_maximum == Decimal(20 * 30 * 52)
    assert revision.pay_label == "$18 – $20 per hour"


def test_publishing_again_without_a_change_is_refused_and_takes_no_revision():
    role = published_role()
    with pytest.raises(services.RoleUnchanged, match="Nothing has changed since revision 1"):
        services.publish_role(role=role, by=role.owner)
    assert role.revisions.count() == 1
    role.refresh_from_db()
    assert role.status == RoleStatus.PUBLISHED


def test_any_change_a_candidate_would_read_is_worth_a_new_revision():
    role = published_role()
    KpiTargetFactory(role=role, value=Decimal("90"))
    revision = services.publish_role(role=role, by=role.owner)
    assert revision.number == 2
    assert revision.snapshot["kpis"][-1]["value"] == "90.00"


def test_a_closed_role_publishes_again_even_when_unchanged():
    role = published_role()
    services.close_role(role=role)
    role.refresh_from_db()
    assert not services.matches_current_revision(role, build_snapshot(role))
    assert services.publish_role(role=role, by=role.owner).number == 2


def test_the_unchanged_check_compares_what_the_revision_stored():
    """Decimals and dates are stored as text: a fresh snapshot must compare equal to them."""
    role = published_role()
    role = RoleProfile.objects.get(pk=role.pk)
    assert services.matches_current_revision(role, build_snapshot(role))
    RoleProfile.objects.filter(pk=role.pk).update(valid_through=role.valid_through + timedelta(1))
    role = RoleProfile.objects.get(pk=role.pk)
    assert not services.matches_current_revision(role, build_snapshot(role))
