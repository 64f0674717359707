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
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from applicants.access import sign_in_candidate
from applicants.models import RejectionReason
from csa_portal.access import (
    ALL_STAFF_GROUPS,
    DECIDING,
    HIRING_TEAM,
    RECRUITING,
    REPORTING,
    REVIEWING,
    StaffGroup,
)
from reports.catalogue import REPORTS
from roles.models import RoleProfile
from tests.applicants.factories import ApplicationFactory, CandidateFactory
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
    "applicants:apply",
    "applicants:applied",
    "applicants:privacy",
    "applicants:login",
    "applicants:redeem",
    "assessments:redeem",
}


def live_slug() -> dict:
    return {"slug": published_role().slug}


PUBLIC_KWARGS = {
    "roles:detail": live_slug,
    "applicants:apply": live_slug,
    "applicants:applied": live_slug,
    "applicants:redeem": lambda: {"token": "not-a-real-token"},
    "assessments:redeem": lambda: {"token": "not-a-real-token"},
}
# Public pages that answer with something other than 200 when opened cold, and why.
PUBLIC_STATUS = {
    "applicants:applied": 302,  # no application in this session: back to the role page
    "applicants:redeem": 200,  # shows a confirm button; only the POST spends a token
    "assessments:redeem": 200,  # the same for an assessment invitation
}


@dataclass(frozen=True)
class Route:
    allowed: frozenset[str]
    kwargs: Callable[[], dict] = dict
    wrong_object: Callable[[], dict] | None = None
    methods: tuple[str, ...] = ("get",)


def managed_role() -> dict:
    """A role every hiring manager in the test manages, so a refusal is about the group."""
    role = published_role(title="Matrix role")
    role.hiring_managers.set(get_user_model().objects.filter(groups__name="hiring manager"))
    return {"pk": role.pk}


def unmanaged_role() -> dict:
    return {"pk": published_role(title="Nobody's role").pk}


def managed_role_slug() -> dict:
    return {"slug": RoleProfile.objects.get(pk=managed_role()["pk"]).slug}


def unmanaged_role_slug() -> dict:
    return {"slug": published_role(title="Nobody's pipeline").slug}


def managed_application() -> dict:
    role = RoleProfile.objects.get(pk=managed_role()["pk"])
    return {"pk": ApplicationFactory(role=role).pk}


def unmanaged_application() -> dict:
    return {"pk": ApplicationFactory().pk}


def _attempt_for(application, *, started: str | None = None):
    from assessments.services import start_task
    from tests.assessments.factories import invited_attempt

    attempt = invited_attempt(application)
    if started:
        start_task(attempt=attempt, task_key=started)
    return attempt


def managed_attempt() -> dict:
    role = RoleProfile.objects.get(pk=managed_role()["pk"])
    return {"pk": _attempt_for(ApplicationFactory(role=role), started="mock_call").pk}


def unmanaged_attempt() -> dict:
    return {"pk": _attempt_for(ApplicationFactory(), started="mock_call").pk}


def _with_recording(kwargs: dict) -> dict:
    from django.core.files.base import ContentFile

    from assessments.models import TaskResponse, TurnRecording

    response = TaskResponse.objects.get(attempt_id=kwargs["pk"], task_key="mock_call")
    recording = TurnRecording(response=response, turn_key="t1", content_type="audio/wav", size=4)
    recording.audio.save("r.wav", ContentFile(b"RIFF"), save=True)
    return {**kwargs, "recording_pk": recording.pk}


def managed_recording() -> dict:
    return _with_recording(managed_attempt())


def unmanaged_recording() -> dict:
    return _with_recording(unmanaged_attempt())


def _review_for_newest_user(*, submitted: bool = False, recording: bool = False) -> dict:
    """A review assigned to the user the matrix has just signed in (the newest account)."""
    from django.utils import timezone

    from assessments.models import CalibrationRecord, Review, TaskResponse

    newest = get_user_model().objects.order_by("-pk").first()
    user = newest or UserFactory(username="matrix-reviewer", groups=[StaffGroup.REVIEWER])
    attempt = _attempt_for(ApplicationFactory(), started="written_escalation")
    response = TaskResponse.objects.get(attempt=attempt)
    review = Review.objects.create(response=response, reviewer=user)
    CalibrationRecord.objects.create(
        reviewer=user, template=attempt.template, task_key="written_escalation",
        revision=attempt.revision, levels={}, agreement=1.0, exact_share=1.0,
    )  # fmt: skip
    if submitted:
        Review.objects.filter(pk=review.pk).update(
            submitted_at=timezone.now(), recommendation="yes", justification="x"
        )
    kwargs = {"pk": review.pk}
    if recording:
        from django.core.files.base import ContentFile

        from assessments.models import TurnRecording

        take = TurnRecording(response=response, turn_key="t1", content_type="audio/wav", size=4)
        take.audio.save("r.wav", ContentFile(b"RIFF"), save=True)
        kwargs["recording_pk"] = take.pk
    return kwargs


def own_review() -> dict:
    return _review_for_newest_user()


def own_submitted_review() -> dict:
    return _review_for_newest_user(submitted=True)


def own_review_recording() -> dict:
    return _review_for_newest_user(recording=True)


def calibration_set() -> dict:
    from tests.assessments.factories import installed_template

    return {"template_pk": installed_template().pk, "task_key": "written_escalation"}


def managed_response() -> dict:
    from assessments.models import TaskResponse

    attempt_pk = managed_attempt()["pk"]
    return {"pk": TaskResponse.objects.get(attempt_id=attempt_pk, task_key="mock_call").pk}


def unmanaged_response() -> dict:
    from assessments.models import TaskResponse

    attempt_pk = unmanaged_attempt()["pk"]
    return {"pk": TaskResponse.objects.get(attempt_id=attempt_pk, task_key="mock_call").pk}


def any_template() -> dict:
    from tests.assessments.factories import installed_template

    return {"pk": installed_template().pk}


def template_task(kind: str = "mock_call") -> dict:
    from tests.assessments.factories import installed_template

    template = installed_template()
    return {"pk": template.pk, "task_pk": template.tasks.get(kind=kind).pk}


def template_question() -> dict:
    from tests.assessments.factories import installed_template

    template = installed_template()
    question = template.tasks.get(kind="situational_quiz").questions.first()
    return {"pk": template.pk, "question_pk": question.pk}


def template_criterion() -> dict:
    from tests.assessments.factories import installed_template

    template = installed_template()
    criterion = template.tasks.get(kind="mock_call").rubric.criteria.first()
    return {"pk": template.pk, "criterion_pk": criterion.pk}


def any_reason() -> dict:
    return {
        "pk": RejectionReason.objects.get_or_create(
            label="Matrix reason", defaults={"email_subject": "x", "email_body": "y"}
        )[0].pk
    }


PROTECTED: dict[str, Route] = {
    "staff:dashboard": Route(ALL_STAFF_GROUPS),
    "staff:roles:list": Route(HIRING_TEAM),
    "staff:roles:create": Route(RECRUITING),
    "staff:roles:preview": Route(HIRING_TEAM, managed_role, unmanaged_role),
    "staff:roles:edit": Route(RECRUITING, managed_role),
    "staff:roles:publish": Route(RECRUITING, managed_role, methods=("post",)),
    "staff:roles:close": Route(RECRUITING, managed_role, methods=("post",)),
    "staff:roles:archive": Route(RECRUITING, managed_role, methods=("post",)),
    "staff:roles:duplicate": Route(RECRUITING, managed_role, methods=("post",)),
    "staff:applicants:pipeline": Route(HIRING_TEAM, managed_role_slug, unmanaged_role_slug),
    "staff:applicants:bulk": Route(RECRUITING, managed_role_slug, methods=("post",)),
    "staff:applicants:bulk_undo": Route(RECRUITING, managed_role_slug, methods=("post",)),
    "staff:applicants:application": Route(HIRING_TEAM, managed_application, unmanaged_application),
    "staff:applicants:note": Route(
        HIRING_TEAM, managed_application, unmanaged_application, methods=("post",)
    ),
    "staff:applicants:resume": Route(HIRING_TEAM, managed_application, unmanaged_application),
    "staff:applicants:move": Route(RECRUITING, managed_application, methods=("post",)),
    "staff:applicants:reject": Route(RECRUITING, managed_application, methods=("post",)),
    "staff:applicants:undo": Route(RECRUITING, managed_application, methods=("post",)),
    "staff:applicants:reopen": Route(RECRUITING, managed_application, methods=("post",)),
    "staff:applicants:reasons": Route(RECRUITING),
    "staff:applicants:reason_edit": Route(RECRUITING, any_reason),
    "staff:assessments:templates": Route(RECRUITING),
    "staff:assessments:template": Route(RECRUITING, any_template),
    "staff:assessments:template_publish": Route(RECRUITING, any_template, methods=("post",)),
    "staff:assessments:role_assessment": Route(RECRUITING, managed_role),
    "staff:assessments:template_edit": Route(RECRUITING, any_template),
    "staff:assessments:template_duplicate": Route(RECRUITING, any_template, methods=("post",)),
    "staff:assessments:task_edit": Route(RECRUITING, template_task),
    "staff:assessments:rubric_edit": Route(RECRUITING, template_task),
    "staff:assessments:question_edit": Route(RECRUITING, template_question),
    "staff:assessments:criterion_edit": Route(RECRUITING, template_criterion),
    "staff:assessments:invite": Route(RECRUITING, managed_application, methods=("post",)),
    "staff:assessments:attempt": Route(HIRING_TEAM, managed_attempt, unmanaged_attempt),
    "staff:assessments:adjustments": Route(RECRUITING, managed_attempt),
    "staff:assessments:recording": Route(HIRING_TEAM, managed_recording, unmanaged_recording),
    "staff:assessments:live_call": Route(RECRUITING, managed_attempt),
    "staff:assessments:live_call_save": Route(RECRUITING, managed_attempt, methods=("post",)),
    "staff:assessments:live_call_submit": Route(RECRUITING, managed_attempt, methods=("post",)),
    "staff:assessments:reviews": Route(REVIEWING),
    "staff:assessments:review": Route(REVIEWING, own_review),
    "staff:assessments:review_amend": Route(REVIEWING, own_submitted_review),
    "staff:assessments:review_recording": Route(REVIEWING, own_review_recording),
    "staff:assessments:calibration": Route(REVIEWING, calibration_set),
    "staff:assessments:agreement": Route(HIRING_TEAM),
    "staff:assessments:decide": Route(
        DECIDING, managed_application, unmanaged_application, methods=("post",)
    ),
    "staff:assessments:settle": Route(
        DECIDING, managed_response, unmanaged_response, methods=("post",)
    ),
    "staff:assessments:results": Route(HIRING_TEAM, managed_role, unmanaged_role),
    "staff:assessments:compare": Route(HIRING_TEAM, managed_role, unmanaged_role),
    # Reports take no object in the path; a manager's role filter is checked below.
    "staff:reports:index": Route(REPORTING),
    **{report.page_name: Route(REPORTING) for report in REPORTS.values()},
    **{report.csv_name: Route(REPORTING) for report in REPORTS.values()},
}

# Candidate pages: only a candidate signed in by magic link; everyone else to its sign-in.
CANDIDATE = {
    "applicants:portal": ("get",),
    "applicants:export": ("get",),
    "applicants:details": ("get", "post"),
    "applicants:talent_pool": ("get", "post"),
    "applicants:erase": ("get",),
    "applicants:withdraw": ("get", "post"),
    "applicants:logout": ("post",),
    "assessments:attempt": ("get",),
    "assessments:finish": ("post",),
    "assessments:adjustments": ("get", "post"),
    "assessments:task": ("get",),
    "assessments:start": ("post",),
    "assessments:save": ("post",),
    "assessments:submit": ("post",),
    "assessments:recording": ("post",),
}
# What the owner gets from the first method of a candidate route, where it is not a 200.
CANDIDATE_STATUS = {
    "applicants:logout": 302,
    "assessments:finish": 302,  # back to the overview, with why it could not finish
    "assessments:start": 302,  # to the task
    "assessments:save": 302,  # a form save without a script returns to the task
    "assessments:submit": 302,
    "assessments:recording": 400,  # reached, but no file in the post
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
    known = PUBLIC | set(PROTECTED) | set(CANDIDATE)
    unknown = [n for n in project_route_names() if n not in known]
    assert unknown == [], f"routes with no access decision: {unknown}"


def test_no_route_is_listed_twice_or_stale():
    names = set(project_route_names())
    assert not (PUBLIC & set(PROTECTED))
    assert not (set(CANDIDATE) & (PUBLIC | set(PROTECTED)))
    known = PUBLIC | set(PROTECTED) | set(CANDIDATE)
    assert known <= names, "the tables list routes that no longer exist"


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
    assert client.get(reverse(name, kwargs=kwargs)).status_code == PUBLIC_STATUS.get(name, 200)


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


def candidate_kwargs(name: str, candidate) -> dict:
    if name == "applicants:withdraw":
        return {"pk": ApplicationFactory(candidate=candidate).pk}
    if name.startswith("assessments:"):
        started = (
            "mock_call"
            if name in {"assessments:save", "assessments:submit", "assessments:recording"}
            else None
        )
        attempt = _attempt_for(ApplicationFactory(candidate=candidate), started=started)
        kwargs = {"pk": attempt.pk}
        if name in {
            "assessments:task",
            "assessments:start",
            "assessments:save",
            "assessments:submit",
            "assessments:recording",
        }:
            kwargs["task_key"] = "mock_call"
        if name == "assessments:recording":
            kwargs["turn_key"] = "t1"
        return kwargs
    return {}  # fmt: skip


def signed_in_candidate_client(candidate) -> Client:
    client = Client()
    request = RequestFactory().get("/")
    request.session = client.session
    sign_in_candidate(request, candidate)
    request.session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = request.session.session_key
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(CANDIDATE))
def test_candidate_pages_send_everyone_else_to_candidate_sign_in(client, name, recruiter):
    owner = CandidateFactory()
    url = reverse(name, kwargs=candidate_kwargs(name, owner))
    staff = Client()
    staff.force_login(recruiter)
    for visitor in (client, staff):
        for method in CANDIDATE[name]:
            response = getattr(visitor, method)(url)
            assert response.status_code == 302, f"{method.upper()} {url}"
            assert response["Location"] == "/candidate/login/"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(CANDIDATE))
def test_a_candidate_reaches_their_own_pages(name):
    candidate = CandidateFactory()
    client = signed_in_candidate_client(candidate)
    url = reverse(name, kwargs=candidate_kwargs(name, candidate))
    response = getattr(client, CANDIDATE[name][0])(url)
    assert response.status_code == CANDIDATE_STATUS.get(name, 200), url
    if name == "applicants:logout":
        assert client.get(reverse("applicants:portal"))["Location"] == "/candidate/login/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", sorted(n for n in CANDIDATE if n == "applicants:withdraw" or "assessments" in n)
)
def test_a_candidate_never_reaches_another_candidates_application_or_attempt(name):
    me, other = CandidateFactory(), CandidateFactory()
    client = signed_in_candidate_client(me)
    url = reverse(name, kwargs=candidate_kwargs(name, other))
    for method in CANDIDATE[name]:
        assert getattr(client, method)(url).status_code == 404, f"{method.upper()} {url}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PROTECTED))
def test_a_candidate_session_opens_no_staff_page(name):
    client = signed_in_candidate_client(CandidateFactory())
    route = PROTECTED[name]
    url = reverse(name, kwargs=route.kwargs())
    for method in route.methods:
        response = getattr(client, method)(url)
        assert response.status_code == 302, f"{method.upper()} {url}"
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PROTECTED))
def test_no_staff_answer_may_be_stored(client, name):
    """Pages with personal data: no browser or proxy keeps any answer, refusals included."""
    route = PROTECTED[name]
    url = reverse(name, kwargs=route.kwargs())
    admin = UserFactory(username="matrix-store", groups=[StaffGroup.ADMIN])
    outsider = Client()
    outsider.force_login(UserFactory(username="matrix-store-outsider", groups=[]))
    staff = Client()
    staff.force_login(admin)
    for visitor in (client, outsider, staff):
        for method in route.methods:
            response = getattr(visitor, method)(url)
            cache_control = response.get("Cache-Control", "")
            assert "no-store" in cache_control, f"{method.upper()} {url}: {response.status_code}"
            assert "private" in cache_control


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/admin/", "/admin/login/", "/admin/auth/user/"])
def test_no_admin_answer_may_be_stored(client, admin_user, url):
    for visitor in (client, Client()):
        assert "no-store" in visitor.get(url)["Cache-Control"]
    client.force_login(admin_user)
    assert "no-store" in client.get(url)["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n in PROTECTED if n.startswith("staff:reports:")))
def test_hiring_managers_cannot_report_on_roles_they_do_not_manage(client, name, hiring_manager):
    """A report filtered to someone else's role answers 400 with no figures of it."""
    client.force_login(hiring_manager)
    response = client.get(reverse(name), {"role": unmanaged_role()["pk"]})
    assert response.status_code == 400
    assert b"<svg" not in response.content
    assert b"Nobody&#x27;s role" not in response.content
