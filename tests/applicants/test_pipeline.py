"""The pipeline board, the application page, resumes and rejection reasons (staff pages)."""

import re
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from applicants import pipeline_views, selectors
from applicants.models import (
    Application,
    ApplicationStatus,
    Note,
    RejectionReason,
    SelfIdentification,
    StageChange,
    StageKind,
)
from applicants.resumes import check_resume
from applicants.services import (
    ensure_stages,
    erase_candidate,
    record_resume_text,
    submit_application,
)
from csa_portal.models import OutboundMessage
from tests.applicants.documents import docx_bytes, pdf_bytes
from tests.applicants.factories import ApplicationFactory, CandidateFactory, NoteFactory
from tests.factories import UserFactory
from tests.roles.factories import published_role

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


# --- helpers --------------------------------------------------------------------------------


@pytest.fixture
def role(hiring_manager):
    role = published_role(title="Chat Associate")
    role.hiring_managers.add(hiring_manager)
    return role


@pytest.fixture
def other_role():
    return published_role(title="Phone Associate")


def stage(role, kind: str):
    return next(s for s in ensure_stages(role) if s.kind == kind)


def board_url(role) -> str:
    return f"/staff/pipeline/{role.slug}/"


def page_url(application) -> str:
    return f"/staff/applications/{application.pk}/"


def applied(role, *, name="Jane Doe", email="jane@example.com", answer="yes", **extra):
    """An application made the way a candidate makes one, with its stage change and mail."""
    data = pdf_bytes(f"{name}. Zendesk, Salesforce and two years of live chat.")
    question = role.current_revision.snapshot["screening_questions"][0]
    application = submit_application(
        revision=role.current_revision,
        name=name,
        email=email,
        resume_name="resume.pdf",
        resume_data=data,
        resume=check_resume(data),
        screening_answers={str(question["id"]): answer},
        **extra,
    )
    record_resume_text(application_id=application.pk)  # a task after commit, run here directly
    application.refresh_from_db()
    return application


def active_reason() -> RejectionReason:
    """The first active reason: the data migration's, or one made here when a transactional
    test before this one flushed the tables (and the migration's rows with them)."""
    reason = RejectionReason.objects.filter(is_active=True).order_by("position").first()
    if reason is None:
        reason = RejectionReason.objects.create(
            label="Other candidates were a closer match",
            email_subject="Your application for {{ role_title }}",
            email_body="Dear {{ candidate_name }}, thank you for applying.",
        )
    return reason


def untouched(*applications) -> bool:
    """Still active in the first stage, with no move recorded and no mail queued."""
    for application in applications:
        application.refresh_from_db()
        if application.status != ApplicationStatus.ACTIVE or application.stage.position != 1:
            return False
    ids = [a.pk for a in applications]
    return (
        not StageChange.objects.filter(application__in=ids).exclude(reason="Applied").exists()
        and not OutboundMessage.objects.filter(template="applicants/rejection").exists()
    )


def route_urls(application) -> dict[str, tuple[str, str]]:
    """Every pipeline URL with the method it takes, for one application and its role."""
    role = application.role
    reason = active_reason()
    return {
        "pipeline": ("get", board_url(role)),
        "bulk": ("post", f"{board_url(role)}bulk/"),
        "application": ("get", page_url(application)),
        "move": ("post", f"{page_url(application)}move/"),
        "reject": ("post", f"{page_url(application)}reject/"),
        "note": ("post", f"{page_url(application)}notes/"),
        "resume": ("get", f"{page_url(application)}resume/"),
        "reasons": ("get", "/staff/rejection-reasons/"),
        "reason_edit": ("get", f"/staff/rejection-reasons/{reason.pk}/"),
    }


ROUTES = [
    "pipeline",
    "bulk",
    "application",
    "move",
    "reject",
    "note",
    "resume",
    "reasons",
    "reason_edit",
]
MANAGER_MAY = {"pipeline", "application", "note", "resume"}


# --- who may open what ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ROUTES)
def test_anonymous_visitors_are_sent_to_sign_in(client, role, name):
    method, url = route_urls(ApplicationFactory(role=role))[name]
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("who", ["reviewer_client", "outsider_client"])
@pytest.mark.parametrize("name", ROUTES)
def test_reviewers_and_outsiders_are_refused_everywhere(request, role, who, name):
    method, url = route_urls(ApplicationFactory(role=role))[name]
    assert getattr(request.getfixturevalue(who), method)(url).status_code == 403


@pytest.mark.parametrize("name", ROUTES)
def test_hiring_manager_reads_and_notes_on_own_role_only(manager_client, role, name):
    method, url = route_urls(ApplicationFactory(role=role))[name]
    response = getattr(manager_client, method)(url, {"body": "Looks promising."})
    if name in MANAGER_MAY:
        assert response.status_code in {200, 302}
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("name", sorted(MANAGER_MAY))
def test_hiring_manager_gets_404_for_a_role_they_do_not_manage(manager_client, other_role, name):
    application = ApplicationFactory(role=other_role)
    method, url = route_urls(application)[name]
    assert getattr(manager_client, method)(url, {"body": "Sneaky."}).status_code == 404
    assert not Note.objects.exists()


@pytest.mark.parametrize("name", ["pipeline", "application", "resume", "reasons", "reason_edit"])
@pytest.mark.parametrize("who", ["recruiter_client", "admin_client_user"])
def test_recruiters_and_admins_open_every_page(request, other_role, who, name):
    method, url = route_urls(ApplicationFactory(role=other_role))[name]
    assert getattr(request.getfixturevalue(who), method)(url).status_code == 200


def test_unknown_role_and_application_are_404(recruiter_client):
    assert recruiter_client.get("/staff/pipeline/no-such-role/").status_code == 404
    assert recruiter_client.get("/staff/applications/999999/").status_code == 404


def test_hiring_manager_sees_no_move_or_reject_controls(manager_client, role):
    application = ApplicationFactory(role=role)
    board = manager_client.get(board_url(role)).content.decode()
    assert application.candidate.name in board
    assert "move-to_stage" not in board
    assert 'id="bulk-form"' not in board
    page = manager_client.get(page_url(application)).content.decode()
    assert "Add a note" in page
    assert "reject-reason" not in page
    assert "Recruiters move and reject applications" in page


# --- the board ------------------------------------------------------------------------------


def test_board_has_a_column_per_stage_with_counts_and_cards(recruiter_client, role):
    ApplicationFactory.create_batch(2, role=role)
    waiting = ApplicationFactory(
        role=role,
        stage=stage(role, StageKind.SCREENING),
        stage_entered_at=timezone.now() - timedelta(days=3),
        knocked_out=True,
    )
    testing = ApplicationFactory(role=role, stage=stage(role, StageKind.ASSESSMENT))
    html = recruiter_client.get(board_url(role)).content.decode()
    for kind in StageKind.values:
        assert f'id="column-{stage(role, kind).pk}"' in html
    assert '2<span class="visually-hidden"> applications</span>' in html
    assert waiting.candidate.name in html
    assert "3 days in this stage" in html
    assert "Knocked out" in html
    assert f'id="application-{testing.pk}"' in html


def test_board_lists_closed_applications_only_under_their_status(recruiter_client, role):
    open_one = ApplicationFactory(role=role)
    hired = ApplicationFactory(
        role=role, status=ApplicationStatus.HIRED, stage=stage(role, StageKind.HIRED)
    )
    rejected = ApplicationFactory(
        role=role, status=ApplicationStatus.REJECTED, rejection_reason=active_reason()
    )
    board = selectors.pipeline_for_role(role, stages=ensure_stages(role))
    shown = [card.pk for column in board.columns for card in column.cards]
    assert shown == [open_one.pk]
    assert board.status_counts == {"active": 1, "hired": 1, "rejected": 1, "withdrawn": 0}

    html = recruiter_client.get(board_url(role), {"status": "rejected"}).content.decode()
    assert rejected.candidate.name in html
    assert open_one.candidate.name not in html
    assert hired.candidate.name not in html
    assert f'value="{rejected.pk}" form="bulk-form"' not in html  # a closed card cannot be acted on
    assert "Not progressing <span" in html


def test_a_large_column_shows_the_newest_cards_and_links_to_the_rest(
    recruiter_client, role, monkeypatch
):
    monkeypatch.setattr(selectors, "CARDS_PER_COLUMN", 2)
    first = stage(role, StageKind.APPLIED)
    oldest, middle, newest = ApplicationFactory.create_batch(3, role=role)
    html = recruiter_client.get(board_url(role)).content.decode()
    assert newest.candidate.name in html
    assert middle.candidate.name in html
    assert oldest.candidate.name not in html
    assert f"stage={first.pk}" in html
    assert "and 1 more in Applied" in html

    second_page = recruiter_client.get(board_url(role), {"stage": first.pk, "page": 2})
    html = second_page.content.decode()
    assert oldest.candidate.name in html
    assert newest.candidate.name not in html
    assert "Page 2 of 2" in html


def test_search_matches_name_email_and_resume_text(recruiter_client, role):
    # Names, addresses and resume texts fixed: a random one holding "ana" (Hannah, Banana
    # Street) or "zendesk" would be a true match and make this test fail now and then.
    plain = {"name": "Bo Chen", "email": "bo.chen@mail.example"}
    ana = ApplicationFactory(
        role=role,
        candidate=CandidateFactory(name="Ana Lima", email="a.lima@mail.example"),
        resume_text="Retail cashier",
    )
    bo = ApplicationFactory(role=role, candidate=CandidateFactory(**plain), resume_text="")
    cy = ApplicationFactory(
        role=role,
        candidate=CandidateFactory(name="Cy Ode", email="cy@mail.example"),
        resume_text="Fluent Portuguese, Zendesk admin",
    )
    others = ApplicationFactory(
        role=published_role(title="Elsewhere"), candidate=CandidateFactory(name="Ana Elsewhere")
    )

    def found(**query) -> set[int]:
        html = recruiter_client.get(board_url(role), query).content.decode()
        return {a.pk for a in (ana, bo, cy, others) if f'id="application-{a.pk}"' in html}

    assert found(q="ana") == {ana.pk}
    assert found(q="BO.CHEN@mail") == {bo.pk}
    assert found(q="portuguese zendesk") == {cy.pk}
    assert found(q="portuguese nobody") == set()
    assert found(q="") == {ana.pk, bo.pk, cy.pk}


def test_filters_for_knocked_out_and_stage(recruiter_client, role):
    plain = ApplicationFactory(role=role)
    knocked = ApplicationFactory(role=role, knocked_out=True)
    later = ApplicationFactory(role=role, stage=stage(role, StageKind.INTERVIEW))
    html = recruiter_client.get(board_url(role), {"knocked_out": "on"}).content.decode()
    assert knocked.candidate.name in html
    assert plain.candidate.name not in html
    html = recruiter_client.get(
        board_url(role), {"stage": stage(role, StageKind.INTERVIEW).pk}
    ).content.decode()
    assert later.candidate.name in html
    assert plain.candidate.name not in html


def test_malformed_filters_are_ignored(recruiter_client, role):
    application = ApplicationFactory(role=role)
    response = recruiter_client.get(
        board_url(role), {"stage": "abc", "status": "nope", "page": "-3", "q": "x" * 500}
    )
    assert response.status_code == 200
    response = recruiter_client.get(board_url(role), {"stage": "abc", "status": "nope"})
    assert application.candidate.name in response.content.decode()


def test_board_never_shows_self_identification(recruiter_client, role):
    application = applied(
        role,
        self_identification={
            "gender": "non_binary",
            "ethnicity": "pacific",
            "veteran": "yes",
            "disability": "yes",
        },
    )
    assert SelfIdentification.objects.filter(application=application).exists()
    for url in (board_url(role), page_url(application)):
        html = recruiter_client.get(url).content.decode()
        assert "Non-binary" not in html
        assert "Pacific Islander" not in html
        assert "veteran" not in html.lower()
        assert "disability" not in html.lower()


def board_queries(client, role, django_assert_num_queries, count, expected):
    ApplicationFactory.create_batch(count, role=role)
    ApplicationFactory.create_batch(
        count // 3, role=role, stage=stage(role, StageKind.REVIEW), knocked_out=True
    )
    pipeline_views._FORM_HTML.clear()  # the forms rendered afresh, then from the process
    for _ in range(2):
        with django_assert_num_queries(expected):
            assert client.get(board_url(role), {"q": "contact"}).status_code == 200


# session, user, groups, role, stages, the counts and cards in one pass (with the name each
# application was sent with: no candidates query), the cards' assessment attempts
# (BOARD_CARDS), the reasons of the bulk form
BOARD_QUERIES = 8


@pytest.mark.parametrize("count", [3, 30])
def test_board_query_count_is_fixed(recruiter_client, role, django_assert_num_queries, count):
    board_queries(recruiter_client, role, django_assert_num_queries, count, BOARD_QUERIES)


@pytest.mark.parametrize("count", [3, 30])
def test_board_query_count_is_fixed_for_managers(
    manager_client, role, django_assert_num_queries, count
):
    board_queries(manager_client, role, django_assert_num_queries, count, BOARD_QUERIES - 1)


# --- moving one card ------------------------------------------------------------------------


def test_move_without_javascript_redirects_back_to_the_board(recruiter_client, recruiter, role):
    application = ApplicationFactory(role=role)
    screening = stage(role, StageKind.SCREENING)
    back = f"{board_url(role)}?q=contact"
    response = recruiter_client.post(
        f"{page_url(application)}move/", {"move-to_stage": screening.pk, "move-next": back}
    )
    assert response.status_code == 302
    assert response["Location"] == back
    application.refresh_from_db()
    assert application.stage == screening
    change = StageChange.objects.get(application=application)
    assert (change.from_stage.kind, change.to_stage, change.by) == ("applied", screening, recruiter)


def test_move_with_htmx_answers_with_the_redrawn_columns(recruiter_client, role):
    application = ApplicationFactory(role=role, candidate=CandidateFactory(name="Jo Park"))
    screening = stage(role, StageKind.SCREENING)
    response = recruiter_client.post(
        f"{page_url(application)}move/",
        {"move-to_stage": screening.pk},
        HTTP_HX_CURRENT_URL=f"http://testserver{board_url(role)}?q=park",
        **HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.count('id="pipeline-columns"') == 1
    assert 'hx-swap-oob="true"' in html
    assert "Moved Jo Park to Screening." in html
    column = html[html.index(f'id="column-{screening.pk}"') :]
    assert f'id="application-{application.pk}"' in column
    assert "data-focus-after-swap" in html
    assert 'value="/staff/pipeline/chat-associate/?q=park"' in html  # the filters are kept


def test_move_to_the_hired_stage_marks_the_application_hired(recruiter_client, role):
    application = ApplicationFactory(role=role)
    recruiter_client.post(
        f"{page_url(application)}move/", {"move-to_stage": stage(role, StageKind.HIRED).pk}
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.HIRED
    assert application.closed_at is not None


def test_move_to_a_stage_of_another_role_is_refused(recruiter_client, role, other_role):
    application = ApplicationFactory(role=role)
    foreign = stage(other_role, StageKind.SCREENING)
    response = recruiter_client.post(f"{page_url(application)}move/", {"move-to_stage": foreign.pk})
    assert response.status_code == 400
    assert "Choose one of the other stages" in response.content.decode()
    htmx = recruiter_client.post(
        f"{page_url(application)}move/", {"move-to_stage": foreign.pk}, **HTMX
    )
    assert htmx.status_code == 400
    assert 'class="alert alert-danger"' in htmx.content.decode()
    assert untouched(application)


def test_a_closed_application_cannot_move(recruiter_client, role):
    application = ApplicationFactory(role=role, status=ApplicationStatus.WITHDRAWN)
    response = recruiter_client.post(
        f"{page_url(application)}move/", {"move-to_stage": stage(role, StageKind.SCREENING).pk}
    )
    assert response.status_code == 409
    assert "withdrawn; it cannot move" in response.content.decode()


def test_move_never_redirects_to_another_site(recruiter_client, role):
    application = ApplicationFactory(role=role)
    targets = ["//evil.example/", "https://evil.example/", "/\\evil.example"]
    for target, kind in zip(targets, ["screening", "review", "interview"], strict=True):
        response = recruiter_client.post(
            f"{page_url(application)}move/",
            {"move-to_stage": stage(role, kind).pk, "move-next": target},
        )
        assert response["Location"] == page_url(application)


def test_moving_to_a_stage_that_mails_the_candidate_queues_the_mail(
    recruiter_client, role, mailbox, django_capture_on_commit_callbacks
):
    application = applied(role)
    mailbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        recruiter_client.post(
            f"{page_url(application)}move/",
            {"move-to_stage": stage(role, StageKind.INTERVIEW).pk},
        )
    assert OutboundMessage.objects.filter(template="applicants/stage_moved").count() == 1
    assert [m.to for m in mailbox] == [["jane@example.com"]]


# --- bulk actions ---------------------------------------------------------------------------


def bulk_url(role) -> str:
    return f"{board_url(role)}bulk/"


def test_bulk_move(recruiter_client, role):
    applications = ApplicationFactory.create_batch(3, role=role)
    review = stage(role, StageKind.REVIEW)
    response = recruiter_client.post(
        f"{bulk_url(role)}?q=contact",
        {"action": "move", "to_stage": review.pk, "applications": [a.pk for a in applications]},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{board_url(role)}?q=contact"
    assert Application.objects.filter(stage=review).count() == 3
    page = recruiter_client.get(response["Location"]).content.decode()
    assert "Moved 3 applications to Review." in page


def test_bulk_reject_queues_each_mail_after_the_chosen_delay(
    recruiter_client, recruiter, role, django_capture_on_commit_callbacks
):
    applications = ApplicationFactory.create_batch(2, role=role)
    reason = active_reason()
    with django_capture_on_commit_callbacks(execute=True):
        response = recruiter_client.post(
            bulk_url(role),
            {
                "action": "reject",
                "reason": reason.pk,
                "note": "Weekend cover only",
                "delay_hours": "24",
                "applications": [a.pk for a in applications],
            },
        )
    assert response.status_code == 302
    for application in applications:
        application.refresh_from_db()
        assert application.status == ApplicationStatus.REJECTED
        assert application.rejection_reason == reason
        assert application.rejection_note == "Weekend cover only"
    mails = OutboundMessage.objects.filter(template="applicants/rejection")
    assert mails.count() == 2
    expected = timezone.now() + timedelta(hours=24)
    for mail in mails:
        assert abs((mail.send_after - expected).total_seconds()) < 60
        assert mail.status == OutboundMessage.Status.QUEUED  # not before the delay
        assert mail.context["email_subject"] == reason.email_subject
    assert StageChange.objects.filter(to_status="rejected", by=recruiter).count() == 2


def test_bulk_reject_uses_the_roles_delay_when_none_is_given(recruiter_client, role):
    role.rejection_notice_delay_hours = 72
    role.save()
    application = ApplicationFactory(role=role)
    recruiter_client.post(
        bulk_url(role),
        {
            "action": "reject",
            "reason": active_reason().pk,
            "delay_hours": "",
            "applications": [application.pk],
        },
    )
    mail = OutboundMessage.objects.get(template="applicants/rejection")
    expected = timezone.now() + timedelta(hours=72)
    assert abs((mail.send_after - expected).total_seconds()) < 60


def test_bulk_reject_with_no_delay_sends_after_commit(
    recruiter_client, role, mailbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(role=role, candidate=CandidateFactory(name="Sam Roe"))
    with django_capture_on_commit_callbacks(execute=True):
        recruiter_client.post(
            bulk_url(role),
            {
                "action": "reject",
                "reason": active_reason().pk,
                "delay_hours": "0",
                "applications": [application.pk],
            },
        )
    assert len(mailbox) == 1
    assert "Hello Sam Roe" in mailbox[0].body
    assert OutboundMessage.objects.get().status == OutboundMessage.Status.SENT


def test_bulk_skips_applications_closed_meanwhile(recruiter_client, role):
    active = ApplicationFactory(role=role)
    withdrawn = ApplicationFactory(role=role, status=ApplicationStatus.WITHDRAWN)
    response = recruiter_client.post(
        bulk_url(role),
        {
            "action": "move",
            "to_stage": stage(role, StageKind.REVIEW).pk,
            "applications": [active.pk, withdrawn.pk],
        },
    )
    message = recruiter_client.get(response["Location"]).content.decode()
    assert "Moved 1 application to Review. 1 was already closed" in message
    withdrawn.refresh_from_db()
    assert withdrawn.stage.kind == StageKind.APPLIED


def bad_bulk_posts(role, other_role, applications, foreign):
    ids = [a.pk for a in applications]
    inactive = RejectionReason.objects.create(
        label="Old reason", email_subject="Subject", email_body="Body", is_active=False
    )
    reason = active_reason().pk
    review = stage(role, StageKind.REVIEW).pk
    return {
        "no reason": ({"action": "reject", "applications": ids}, "Choose a reason"),
        "stage of another role": (
            {
                "action": "move",
                "to_stage": stage(other_role, StageKind.REVIEW).pk,
                "applications": ids,
            },
            "That stage is not part of this role",
        ),
        "no stage": ({"action": "move", "applications": ids}, "Choose the stage"),
        "inactive reason": (
            {"action": "reject", "reason": inactive.pk, "applications": ids},
            "That reason is no longer in use",
        ),
        "delay too long": (
            {"action": "reject", "reason": reason, "delay_hours": "337", "applications": ids},
            "between 0 and 336 hours",
        ),
        "negative delay": (
            {"action": "reject", "reason": reason, "delay_hours": "-1", "applications": ids},
            "between 0 and 336 hours",
        ),
        "delay in words": (
            {"action": "reject", "reason": reason, "delay_hours": "soon", "applications": ids},
            "between 0 and 336 hours",
        ),
        "empty selection": ({"action": "move", "to_stage": review}, "Select at least one"),
        "garbage ids": (
            {"action": "move", "to_stage": review, "applications": ["1; DROP TABLE"]},
            "could not be read",
        ),
        "another role's application": (
            {"action": "reject", "reason": reason, "applications": [*ids, foreign.pk]},
            "not on this role&#x27;s board",
        ),
        "no action": ({"to_stage": review, "applications": ids}, "Choose what to do"),
    }


BAD_BULK = [
    "no reason",
    "stage of another role",
    "no stage",
    "inactive reason",
    "delay too long",
    "negative delay",
    "delay in words",
    "empty selection",
    "garbage ids",
    "another role's application",
    "no action",
]


@pytest.mark.parametrize("case", BAD_BULK)
def test_bad_bulk_input_is_a_400_and_changes_nothing(recruiter_client, role, other_role, case):
    applications = ApplicationFactory.create_batch(2, role=role)
    foreign = ApplicationFactory(role=other_role)
    data, message = bad_bulk_posts(role, other_role, applications, foreign)[case]
    response = recruiter_client.post(bulk_url(role), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert "Nothing was changed." in html
    assert untouched(*applications, foreign)


def test_bulk_keeps_the_ticks_after_an_error(recruiter_client, role):
    application = ApplicationFactory(role=role)
    response = recruiter_client.post(
        bulk_url(role), {"action": "reject", "applications": [application.pk]}
    )
    assert f'id="select-{application.pk}" checked' in response.content.decode()


# --- rejecting one application --------------------------------------------------------------


def test_reject_one_application(recruiter_client, role, django_capture_on_commit_callbacks):
    application = applied(role)
    with django_capture_on_commit_callbacks(execute=True):
        response = recruiter_client.post(
            f"{page_url(application)}reject/",
            {"reject-reason": active_reason().pk, "reject-delay_hours": "5"},
        )
    assert response.status_code == 302
    page = recruiter_client.get(response["Location"]).content.decode()
    assert "Jane Doe is not progressing. They will be told in 5 hours." in page
    mail = OutboundMessage.objects.get(template="applicants/rejection")
    assert abs((mail.send_after - timezone.now() - timedelta(hours=5)).total_seconds()) < 60


def test_reject_requires_a_reason(recruiter_client, role):
    application = ApplicationFactory(role=role)
    response = recruiter_client.post(f"{page_url(application)}reject/", {"reject-note": "No"})
    assert response.status_code == 400
    assert "Choose a reason: the candidate" in response.content.decode()
    assert untouched(application)


def test_rejecting_twice_is_refused(recruiter_client, role):
    application = ApplicationFactory(role=role)
    url = f"{page_url(application)}reject/"
    recruiter_client.post(url, {"reject-reason": active_reason().pk})
    response = recruiter_client.post(url, {"reject-reason": active_reason().pk})
    assert response.status_code == 409
    assert OutboundMessage.objects.filter(template="applicants/rejection").count() == 1


# --- the application page -------------------------------------------------------------------


def test_application_page_shows_everything_about_the_application(recruiter_client, recruiter, role):
    application = applied(role, phone="+1 555 010 0111", location="Dayton", answer="no")
    NoteFactory(application=application, author=recruiter, body="Call back on Monday.")
    html = recruiter_client.get(page_url(application)).content.decode()
    for text in [
        "Jane Doe",
        "jane@example.com",
        "+1 555 010 0111",
        "Dayton",
        f"{role.title} as advertised (revision 1)",
        "Zendesk, Salesforce and two years of live chat",  # the resume text preview
        f"{page_url(application)}resume/",
        "Are you allowed to work in the United States?",
        "Knock-out answer",
        'class="table-warning"',
        "Applied",  # the first history entry
        "Did not meet a stated requirement",  # the knock-out rejection
        "Call back on Monday.",
        "Application received",  # the confirmation mail
        "Not progressing",  # the queued rejection mail
        "What you will do",  # the role as advertised
    ]:
        assert text in html, text


def test_resume_preview_and_notes_are_escaped(recruiter_client, role):
    application = ApplicationFactory(
        role=role, resume_text="<script>alert('resume')</script>\nSecond line"
    )
    recruiter_client.post(f"{page_url(application)}notes/", {"body": "<script>alert(1)</script>"})
    html = recruiter_client.get(page_url(application)).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(&#x27;resume&#x27;)&lt;/script&gt;<br>Second line" in html


def test_history_lists_every_move_with_who_and_why(recruiter_client, recruiter, role):
    application = applied(role)
    recruiter_client.post(
        f"{page_url(application)}move/",
        {
            "move-to_stage": stage(role, StageKind.SCREENING).pk,
            "move-reason": "Strong answers",
        },
    )
    html = recruiter_client.get(page_url(application)).content.decode()
    history = html[html.index("Stage history") : html.index('id="notes"')]
    assert history.count("<tr>") == 3  # header, applied, screening
    assert "Strong answers" in history
    assert recruiter.get_full_name() in history


@pytest.mark.parametrize("count", [1, 10])
def test_application_page_query_count_is_fixed(
    recruiter_client, recruiter, role, django_assert_num_queries, count
):
    application = applied(role)
    NoteFactory.create_batch(count, application=application, author=recruiter)
    for n in range(count):
        kind = StageKind.SCREENING if n % 2 == 0 else StageKind.REVIEW
        recruiter_client.post(
            f"{page_url(application)}move/", {"move-to_stage": stage(role, kind).pk}
        )
    # session, user, groups, application, stages, history, notes, mails, reasons of the form,
    # and the assessment panel: the role's assessment, attempts, the scored one, decisions
    pipeline_views._FORM_HTML.clear()
    for _ in range(2):  # the forms rendered afresh, then from the process: the same queries
        with django_assert_num_queries(13):
            assert recruiter_client.get(page_url(application)).status_code == 200


# --- notes ----------------------------------------------------------------------------------


def test_a_note_is_saved_with_its_author(manager_client, hiring_manager, role):
    application = ApplicationFactory(role=role)
    response = manager_client.post(f"{page_url(application)}notes/", {"body": "  Good fit.  "})
    assert response.status_code == 302
    assert response["Location"] == f"{page_url(application)}#notes"
    note = Note.objects.get()
    assert (note.body, note.author, note.application) == ("Good fit.", hiring_manager, application)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Write the note before saving it."),
        ("   ", "Write the note before saving it."),
        ("x" * 6000, "Keep a note under 5000 characters (it has 6000)."),
    ],
)
def test_bad_notes_are_refused_with_a_message(recruiter_client, role, body, message):
    application = ApplicationFactory(role=role)
    response = recruiter_client.post(f"{page_url(application)}notes/", {"body": body})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Note.objects.exists()


# --- resume downloads -----------------------------------------------------------------------


def test_resume_download_headers(manager_client, role):
    application = ApplicationFactory(role=role, candidate=CandidateFactory(name="Zoë O'Brien"))
    response = manager_client.get(f"{page_url(application)}resume/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="resume-zoe-obrien.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd", 'a"; filename="evil.exe', "Bob\r\nSet-Cookie: x=1", "", "名前"],
)
def test_hostile_candidate_names_make_safe_file_names(recruiter_client, role, name):
    application = ApplicationFactory(role=role, candidate=CandidateFactory(name=name))
    disposition = recruiter_client.get(f"{page_url(application)}resume/")["Content-Disposition"]
    filename = disposition.removeprefix('attachment; filename="').removesuffix('"')
    assert filename.startswith("resume")
    assert filename.endswith(".pdf")
    assert all(ch.isalnum() or ch in "-." for ch in filename)
    assert ".." not in filename
    assert "\r" not in disposition
    assert "\n" not in disposition


def test_docx_resume_gets_the_word_content_type(recruiter_client, role):
    application = ApplicationFactory(
        role=role, resume=ContentFile(docx_bytes(), name="r.docx"), resume_kind="docx"
    )
    response = recruiter_client.get(f"{page_url(application)}resume/")
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"].endswith('.docx"')


def test_missing_resume_file_is_404(recruiter_client, role):
    application = ApplicationFactory(role=role)
    application.resume.delete(save=False)
    assert recruiter_client.get(f"{page_url(application)}resume/").status_code == 404
    Application.objects.filter(pk=application.pk).update(resume="")
    assert recruiter_client.get(f"{page_url(application)}resume/").status_code == 404


# --- rejection reasons ----------------------------------------------------------------------


def reason_data(**overrides) -> dict:
    return {
        "label": "Not available for the shifts",
        "email_subject": "Your application for {{ role_title }}",
        "email_body": "Dear {{candidate_name}}, thank you.\n\nThe {{ role_title }} shifts...",
        "is_active": "on",
        "position": "3",
        **overrides,
    }


def test_recruiter_adds_and_edits_a_reason(recruiter_client):
    response = recruiter_client.post("/staff/rejection-reasons/", reason_data())
    assert response.status_code == 302
    reason = RejectionReason.objects.get(label="Not available for the shifts")
    assert reason.is_active
    assert reason.position == 3
    listing = recruiter_client.get("/staff/rejection-reasons/").content.decode()
    assert "Not available for the shifts" in listing
    response = recruiter_client.post(
        f"/staff/rejection-reasons/{reason.pk}/", reason_data(is_active="", label="Shifts")
    )
    assert response.status_code == 302
    reason.refresh_from_db()
    assert (reason.label, reason.is_active) == ("Shifts", False)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email_body", "Hello {{ first_name }}", "Remove or correct “{{ first_name }}”"),
        ("email_body", "{% load static %}Hi", "Remove or correct “{% load static %}”"),
        ("email_body", "Hi {{ candidate_name", "Only {{ candidate_name }} and {{ role_title }}"),
        ("email_subject", "{{ settings.SECRET_KEY }}", "Remove or correct"),
        ("email_body", "x" * 4001, "Keep the email under 4000 characters (it has 4001)."),
        ("email_body", "", "This field is required."),
        ("label", "Another candidate was a closer match", "already a reason with this name"),
    ],
)
def test_bad_reasons_are_refused_with_a_message(recruiter_client, field, value, message):
    before = RejectionReason.objects.count()
    response = recruiter_client.post("/staff/rejection-reasons/", reason_data(**{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert RejectionReason.objects.count() == before


def test_reason_edit_of_unknown_reason_is_404(recruiter_client):
    assert recruiter_client.get("/staff/rejection-reasons/999999/").status_code == 404


def test_a_new_reason_is_offered_and_its_mail_uses_the_placeholders(
    recruiter_client, role, mailbox, django_capture_on_commit_callbacks
):
    recruiter_client.post("/staff/rejection-reasons/", reason_data())
    reason = RejectionReason.objects.get(label="Not available for the shifts")
    assert f'value="{reason.pk}"' in recruiter_client.get(board_url(role)).content.decode()
    application = ApplicationFactory(role=role, candidate=CandidateFactory(name="Kim Lee"))
    with django_capture_on_commit_callbacks(execute=True):
        recruiter_client.post(
            f"{page_url(application)}reject/",
            {"reject-reason": reason.pk, "reject-delay_hours": "0"},
        )
    assert mailbox[0].subject == f"Your application for {role.title}"
    assert "Dear Kim Lee, thank you." in mailbox[0].body


def test_staff_without_a_group_cannot_post_a_reason(client):
    client.force_login(UserFactory(username="nobody", groups=[]))
    assert client.post("/staff/rejection-reasons/", reason_data()).status_code == 403
    assert not RejectionReason.objects.filter(label="Not available for the shifts").exists()


def test_pipeline_pages_have_no_inline_scripts_or_styles(recruiter_client, role):
    application = applied(role)
    urls = [board_url(role), page_url(application), "/staff/rejection-reasons/"]
    for url in urls:
        html = recruiter_client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert "style=" not in html, url
        assert "<style" not in html, url
        assert not re.search(r"\son[a-z]+=", html), url


def test_search_no_longer_finds_an_erased_candidate_by_address(recruiter_client, role):
    """Erasure clears the address kept on the application: searching it finds nothing."""
    application = ApplicationFactory(
        role=role, candidate=CandidateFactory(name="Gil Garcia", email="gil.garcia@mail.example")
    )
    assert (
        f'id="application-{application.pk}"'
        in recruiter_client.get(board_url(role), {"q": "gil.garcia@mail"}).content.decode()
    )
    erase_candidate(candidate=application.candidate)
    html = recruiter_client.get(
        board_url(role), {"q": "gil.garcia@mail", "status": "withdrawn"}
    ).content.decode()
    assert f'id="application-{application.pk}"' not in html
