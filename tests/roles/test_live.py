"""One definition of a live role, used by the board, the portal, the staff list and expiry."""

from datetime import timedelta

import pytest
from django.utils import timezone

from roles import services
from roles.forms import CHILD_SECTIONS
from roles.models import RoleProfile, RoleStatus
from roles.selectors import live_revisions
from tests.applicants.factories import ApplicationFactory
from tests.test_access_matrix import signed_in_candidate_client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("closing_in_days", "live"), [(5, True), (0, True), (-1, False), (None, False)]
)
def test_board_portal_and_expiry_agree_on_what_is_live(closing_in_days, live):
    application = ApplicationFactory()
    role = application.role
    closing = None if closing_in_days is None else timezone.localdate() + timedelta(closing_in_days)
    RoleProfile.objects.filter(pk=role.pk).update(valid_through=closing)

    on_board = live_revisions().filter(role=role).exists()
    in_queryset = RoleProfile.objects.live().filter(pk=role.pk).exists()
    annotated = RoleProfile.objects.with_is_live().get(pk=role.pk).is_live
    html = signed_in_candidate_client(application.candidate).get("/candidate/").content.decode()
    portal_links_the_role = f'href="/jobs/{role.slug}/"' in html

    assert on_board is in_queryset is annotated is portal_links_the_role is live
    assert services.close_expired_roles() == (0 if live else 1)
    assert RoleProfile.objects.get(pk=role.pk).status == (
        RoleStatus.PUBLISHED if live else RoleStatus.CLOSED
    )


def test_the_editor_has_one_section_per_child_relation_in_the_same_order():
    assert tuple(section[0] for section in CHILD_SECTIONS) == RoleProfile.CHILD_RELATIONS
