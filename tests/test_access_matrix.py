"""Every URL the project resolves is either public on purpose or checked here.

The walk below fails on any route that is in neither table, so a new page cannot ship
without someone deciding who may open it. For each protected route the test checks the
anonymous visitor (sent to sign in), every staff group that is not allowed (403) and every
group that is (not refused). Object-level checks (another role, another candidate) live in
the ``wrong_object`` column as later features add objects.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from csa_portal.access import ALL_STAFF_GROUPS, StaffGroup
from tests.factories import UserFactory
from tests.roles.factories import published_role

PUBLIC = {
    "roles:home",
    "roles:board",
    "roles:feed",
    "roles:detail",
    "healthz",
    "login",
    "logout",
}
PUBLIC_KWARGS = {"roles:detail": lambda: {"slug": published_role().slug}}


@dataclass(frozen=True)
class Route:
    allowed: frozenset[str]
    kwargs: Callable[[], dict] = dict
    wrong_object: Callable[[], dict] | None = None
    methods: tuple[str, ...] = ("get",)


ROLE_EDITORS = frozenset({StaffGroup.RECRUITER, StaffGroup.ADMIN})
ROLE_VIEWERS = ROLE_EDITORS | {StaffGroup.HIRING_MANAGER}


def managed_role() -> dict:
    """A role every hiring manager in the test manages, so a refusal is about the group."""
    role = published_role(title="Matrix role")
    role.hiring_managers.set(get_user_model().objects.filter(groups__name="hiring manager"))
    return {"pk": role.pk}


def unmanaged_role() -> dict:
    return {"pk": published_role(title="Nobody's role").pk}


PROTECTED: dict[str, Route] = {
    "staff:dashboard": Route(ALL_STAFF_GROUPS),
    "staff:roles:list": Route(ROLE_VIEWERS),
    "staff:roles:create": Route(ROLE_EDITORS),
    "staff:roles:preview": Route(ROLE_VIEWERS, managed_role, unmanaged_role),
    "staff:roles:edit": Route(ROLE_EDITORS, managed_role),
    "staff:roles:publish": Route(ROLE_EDITORS, managed_role, methods=("post",)),
    "staff:roles:close": Route(ROLE_EDITORS, managed_role, methods=("post",)),
    "staff:roles:archive": Route(ROLE_EDITORS, managed_role, methods=("post",)),
    "staff:roles:duplicate": Route(ROLE_EDITORS, managed_role, methods=("post",)),
}


def all_route_names(resolver: URLResolver | None = None, namespace: str = "") -> list[str]:
    resolver = resolver or get_resolver()
    names: list[str] = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            child_ns = pattern.namespace or ""
            prefix = f"{namespace}{child_ns}:" if child_ns else namespace
            names.extend(all_route_names(pattern, prefix))
        elif isinstance(pattern, URLPattern):
            names.append(f"{namespace}{pattern.name}" if pattern.name else f"{namespace}<unnamed>")
    return names


def project_route_names() -> list[str]:
    return sorted({name for name in all_route_names() if not name.startswith("admin:")})


def test_every_route_is_public_or_protected():
    unknown = [n for n in project_route_names() if n not in PUBLIC and n not in PROTECTED]
    assert unknown == [], f"routes with no access decision: {unknown}"


def test_no_route_is_listed_twice_or_stale():
    names = set(project_route_names())
    assert not (PUBLIC & set(PROTECTED))
    assert (PUBLIC | set(PROTECTED)) <= names, "the tables list routes that no longer exist"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PROTECTED))
def test_anonymous_visitors_are_sent_to_sign_in(client, name):
    route = PROTECTED[name]
    url = reverse(name, kwargs=route.kwargs())
    for method in route.methods:
        response = getattr(client, method)(url)
        assert response.status_code == 302, f"{method.upper()} {url}"
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PROTECTED))
@pytest.mark.parametrize("group", [*sorted(ALL_STAFF_GROUPS), None])
def test_each_group_gets_exactly_the_access_it_should(client, name, group):
    route = PROTECTED[name]
    user = UserFactory(username=f"matrix-{group or 'none'}", groups=[group] if group else [])
    if group == StaffGroup.ADMIN:
        user.is_superuser = True
        user.save()
    client.force_login(user)
    url = reverse(name, kwargs=route.kwargs())  # built after the user, so managers manage it
    for method in route.methods:
        response = getattr(client, method)(url)
        if group in route.allowed:
            sent_to_login = response.get("Location", "").startswith("/accounts/login/")
            assert response.status_code not in {403, 404}, f"{group} refused {url}"
            assert not sent_to_login, f"{group} sent to sign in from {url}"
        else:
            assert response.status_code == 403, f"{group} let into {method.upper()} {url}"


@pytest.mark.django_db
def test_admin_site_requires_a_staff_account(client, recruiter):
    admin_urls = [reverse("admin:index"), reverse("admin:auth_user_changelist")]
    for url in admin_urls:
        assert client.get(url)["Location"].startswith("/admin/login/")
    client.force_login(recruiter)
    for url in admin_urls:
        assert client.get(url)["Location"].startswith("/admin/login/")


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PUBLIC - {"logout"}))
def test_public_routes_open_for_anyone(client, name):
    kwargs = PUBLIC_KWARGS.get(name, dict)()
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n, r in PROTECTED.items() if r.wrong_object))
def test_hiring_managers_cannot_reach_roles_they_do_not_manage(client, name, hiring_manager):
    route = PROTECTED[name]
    client.force_login(hiring_manager)
    url = reverse(name, kwargs=route.wrong_object())
    for method in route.methods:
        assert getattr(client, method)(url).status_code == 404, f"{method.upper()} {url}"


def test_every_object_route_a_manager_may_open_has_a_wrong_object_check():
    for name, route in PROTECTED.items():
        takes_object = route.kwargs is not dict
        if takes_object and StaffGroup.HIRING_MANAGER in route.allowed:
            assert route.wrong_object, f"{name} needs a wrong_object check"
