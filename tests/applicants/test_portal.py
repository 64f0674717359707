"""The candidate portal: magic-link sign-in, the applications page, withdrawing, data rights."""

import base64
import hashlib
import json
import re
import time
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applicants import services
from applicants.access import SEEN_KEY, SESSION_KEY
from applicants.models import (
    Application,
    ApplicationStatus,
    MagicLink,
    RejectionReason,
    StageChange,
    StageKind,
)
from csa_portal import outbox
from csa_portal.models import OutboundMessage
from csa_portal.outbox import sweep
from tests.applicants.factories import ApplicationFactory, CandidateFactory
from tests.applicants.mail import sign_in_link

pytestmark = pytest.mark.django_db

LOGIN = "/candidate/login/"
PORTAL = "/candidate/"
EXPORT = "/candidate/my-data.json"
ERASE = "/candidate/erase/"
DETAILS = "/candidate/details/"
LOGOUT = "/candidate/logout/"
# Session, candidate, applications (one query whatever their number), and the assessments
# panel's attempts. Activity is written back to the session at most once a minute, so a page
# view usually writes nothing.
PORTAL_QUERIES = 4


def withdraw_url(application: Application) -> str:
    return f"/candidate/applications/{application.pk}/withdraw/"


def link_path(candidate) -> str:
    """Ask for a link as the login page does, send the mail, and read the link in it."""
    services.request_magic_link(email=candidate.email)
    message = OutboundMessage.objects.filter(
        template="applicants/magic_link", to_email=candidate.email
    ).latest("pk")
    outbox.send_message(message.pk)
    return urlsplit(sign_in_link(candidate.email)).path


def token_of(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1]


def sign_in(client, candidate) -> None:
    response = client.post(link_path(candidate))
    assert response.status_code == 302
    assert response["Location"] == PORTAL


def html_of(response) -> str:
    return response.content.decode()


def rejection_reason() -> RejectionReason:
    return RejectionReason.objects.create(
        label="Written sample below the bar",
        email_subject="Your application for {{ role_title }}",
        email_body="Thank you for applying for {{ role_title }}.",
    )


# --- asking for a link and using it ---------------------------------------------------------


def test_candidate_signs_in_with_the_emailed_link_end_to_end(
    client, mailbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory()
    email = application.candidate.email
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(LOGIN, {"email": email.upper()})
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert "Check your inbox" in html_of(client.get(LOGIN))

    assert [mail.to for mail in mailbox] == [[email]]
    link = re.search(r"https?://\S+/candidate/login/[\w-]+/", mailbox[0].body).group(0)
    path = urlsplit(link).path
    assert "Continue to your applications" in html_of(client.get(path))
    response = client.post(path)
    assert response.status_code == 302
    assert response["Location"] == PORTAL
    page = client.get(PORTAL)
    assert page.status_code == 200
    assert application.revision.title in html_of(page)


def test_link_token_has_at_least_128_random_bits_and_only_its_hash_is_stored():
    candidate = CandidateFactory()
    token = token_of(link_path(candidate))
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    assert len(raw) * 8 >= 128
    link = MagicLink.objects.get(candidate=candidate)
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(list(MagicLink.objects.values()))
    assert token not in str(list(OutboundMessage.objects.values()))  # the outbox neither
    assert link.expires_at - link.created_at == pytest.approx(
        timedelta(minutes=settings.SIGN_IN_LINK_MINUTES), abs=timedelta(seconds=5)
    )
    assert token_of(link_path(candidate)) != token


def test_link_works_only_once(client):
    candidate = CandidateFactory()
    path = link_path(candidate)
    assert client.post(path).status_code == 302

    someone_else = Client()
    response = someone_else.post(path)
    assert response.status_code == 410
    assert "This link no longer works" in html_of(response)
    assert someone_else.get(PORTAL)["Location"] == LOGIN


def test_expired_link_is_refused_with_an_offer_of_a_new_one(client):
    path = link_path(CandidateFactory())
    MagicLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.post(path)
    assert response.status_code == 410
    assert "applicants/portal/link_failed.html" in [t.name for t in response.templates]
    assert f'href="{LOGIN}"' in html_of(response)
    assert client.get(PORTAL)["Location"] == LOGIN


def test_unknown_link_is_refused(client):
    response = client.post("/candidate/login/made-up-token-of-a-plausible-length-000000/")
    assert response.status_code == 410
    assert client.get(PORTAL)["Location"] == LOGIN


def test_overlong_link_is_refused_as_bad_input(client):
    path = f"/candidate/login/{'a' * 5000}/"
    assert client.get(path).status_code == 400
    assert client.post(path).status_code == 400
    assert not MagicLink.objects.exists()


def test_opening_a_link_does_not_spend_it(client):
    path = link_path(CandidateFactory())
    for _ in range(3):  # a mail scanner, a preview pane, the person
        response = client.get(path)
        assert response.status_code == 200
        assert "Continue to your applications" in html_of(response)
    assert MagicLink.objects.get().used_at is None
    assert client.get(PORTAL)["Location"] == LOGIN
    assert client.post(path)["Location"] == PORTAL


def test_a_link_signs_in_its_owner_and_nobody_else(client):
    alice = ApplicationFactory()
    bob = ApplicationFactory()
    sign_in(client, alice.candidate)
    sign_in(client, bob.candidate)
    assert client.session[SESSION_KEY] == bob.candidate.pk
    html = html_of(client.get(PORTAL))
    assert bob.revision.title in html
    assert alice.revision.title not in html


def test_unknown_address_gets_the_same_answer_as_a_known_one(
    mailbox, django_capture_on_commit_callbacks
):
    CandidateFactory(email="known@example.com")

    def ask(email):
        client = Client()
        with django_capture_on_commit_callbacks(execute=True):
            posted = client.post(LOGIN, {"email": email})
        return posted, client.get(posted["Location"])

    known_post, known_page = ask("known@example.com")
    unknown_post, unknown_page = ask("nobody@example.com")
    assert known_post.status_code == unknown_post.status_code == 302
    assert known_post["Location"] == unknown_post["Location"]
    assert known_page.status_code == unknown_page.status_code == 200
    assert [t.name for t in known_page.templates] == [t.name for t in unknown_page.templates]
    assert html_of(known_page).replace("known@", "someone@") == html_of(unknown_page).replace(
        "nobody@", "someone@"
    )
    rows = OutboundMessage.objects.order_by("pk")
    assert [(row.to_email, row.template) for row in rows] == [
        ("known@example.com", "applicants/magic_link"),
        ("nobody@example.com", "applicants/magic_link_unknown"),
    ]
    assert len(mailbox) == 2


def test_magic_link_requests_are_limited_per_address(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "magic-link-email": (2, 3600)}
    candidate = CandidateFactory(email="busy@example.com")
    for address in ("198.51.100.1", "198.51.100.2"):
        response = client.post(LOGIN, {"email": candidate.email}, REMOTE_ADDR=address)
        assert response.status_code == 302
    response = client.post(LOGIN, {"email": "BUSY@example.com"}, REMOTE_ADDR="198.51.100.3")
    assert response.status_code == 429
    assert "applicants/rate_limited.html" in [t.name for t in response.templates]
    assert OutboundMessage.objects.filter(template="applicants/magic_link").count() == 2


def test_magic_link_requests_are_limited_per_ip(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "magic-link-ip": (3, 3600)}
    assert client.post(LOGIN, {"email": "not an email"}).status_code == 400  # counts too
    for n in range(2):
        assert client.post(LOGIN, {"email": f"person{n}@example.com"}).status_code == 302
    response = client.post(LOGIN, {"email": "person9@example.com"})
    assert response.status_code == 429
    assert "Too many requests for sign-in links" in html_of(response)
    assert OutboundMessage.objects.count() == 2
    other_ip = client.post(LOGIN, {"email": "person9@example.com"}, REMOTE_ADDR="203.0.113.9")
    assert other_ip.status_code == 302


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "This field is required."),
        ({"email": ""}, "This field is required."),
        ({"email": "not-an-email"}, "Enter a valid email address."),
        ({"email": "a" * 5000 + "@example.com"}, "at most 254 characters"),
        ({"email": "<script>alert(1)</script>@example.com"}, "Enter a valid email address."),
    ],
)
def test_bad_address_is_refused_with_a_clear_message_and_nothing_written(client, data, message):
    response = client.post(LOGIN, data)
    assert response.status_code == 400
    html = html_of(response)
    assert message in html
    assert "is-invalid" in html
    assert "<script>alert(1)</script>" not in html
    assert not OutboundMessage.objects.exists()
    assert not MagicLink.objects.exists()


def test_login_page_offers_a_signed_in_candidate_their_page(client):
    candidate = CandidateFactory()
    sign_in(client, candidate)
    html = html_of(client.get(LOGIN))
    assert "You are already signed in" in html
    assert f'href="{PORTAL}"' in html


# --- sessions -------------------------------------------------------------------------------


def test_signing_in_starts_a_new_session(client):
    planted = client.session
    planted["planted"] = "by someone else"
    planted.save()
    sign_in(client, CandidateFactory())
    new_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert new_key != planted.session_key
    assert not Session.objects.filter(session_key=planted.session_key).exists()
    assert "planted" not in client.session


def test_candidate_session_ends_after_inactivity(client):
    sign_in(client, CandidateFactory())
    session = client.session
    session[SEEN_KEY] = int(time.time()) - settings.CANDIDATE_IDLE_MINUTES * 60 - 5
    session.save()
    assert client.get(PORTAL)["Location"] == LOGIN
    assert SESSION_KEY not in client.session


def test_signing_out_ends_the_candidate_session(client):
    sign_in(client, CandidateFactory())
    old_key = client.session.session_key
    response = client.post(LOGOUT)
    assert response["Location"] == LOGIN
    assert not Session.objects.filter(session_key=old_key).exists()
    assert "You have signed out" in html_of(client.get(LOGIN))
    assert client.get(PORTAL)["Location"] == LOGIN


def test_signing_out_needs_a_post(client):
    sign_in(client, CandidateFactory())
    assert client.get(LOGOUT).status_code == 405
    assert client.get(PORTAL).status_code == 200


@pytest.mark.parametrize(
    "path", [PORTAL, "/candidate/applications/1/withdraw/", EXPORT, ERASE, DETAILS]
)
def test_anonymous_visitors_are_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == LOGIN


def test_candidate_pages_are_never_cached(client):
    application = ApplicationFactory()
    candidate = application.candidate
    responses = [client.get(LOGIN), client.get(link_path(candidate))]
    sign_in(client, candidate)
    responses += [
        client.get(path) for path in (PORTAL, withdraw_url(application), EXPORT, ERASE, DETAILS)
    ]
    for response in responses:
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "name",
    [
        "staff:dashboard",
        "staff:roles:list",
        "staff:roles:create",
        "staff:roles:preview",
        "staff:applicants:pipeline",
        "staff:applicants:application",
        "staff:applicants:resume",
        "staff:applicants:reasons",
    ],
)
def test_a_candidate_session_opens_no_staff_page(client, name):
    application = ApplicationFactory()
    sign_in(client, application.candidate)
    kwargs = {
        "staff:roles:preview": {"pk": application.role.pk},
        "staff:applicants:pipeline": {"slug": application.role.slug},
        "staff:applicants:application": {"pk": application.pk},
        "staff:applicants:resume": {"pk": application.pk},
    }.get(name, {})
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# --- the applications page ------------------------------------------------------------------


def test_portal_shows_each_stage_in_plain_words_with_what_happens_next(client):
    application = ApplicationFactory()
    sign_in(client, application.candidate)
    html = html_of(client.get(PORTAL))
    assert application.revision.title in html
    assert application.stage.candidate_label in html
    assert application.stage.next_step in html
    assert f"Applied on {timezone.localtime(application.created_at):%-d %B %Y}" in html
    assert f'href="{application.role.get_absolute_url()}"' in html
    assert f'href="{withdraw_url(application)}"' in html
    assert f'href="{EXPORT}"' in html
    assert f'href="{ERASE}"' in html
    assert f'action="{LOGOUT}"' in html


def test_portal_lists_only_the_candidates_own_applications(client):
    mine = ApplicationFactory()
    second = ApplicationFactory(candidate=mine.candidate)
    theirs = ApplicationFactory()
    sign_in(client, mine.candidate)
    html = html_of(client.get(PORTAL))
    assert mine.revision.title in html
    assert second.revision.title in html
    assert theirs.revision.title not in html
    assert theirs.candidate.email not in html


def test_closed_role_is_no_longer_linked(client):
    application = ApplicationFactory()
    application.role.valid_through = timezone.localdate() - timedelta(days=1)
    application.role.save()
    sign_in(client, application.candidate)
    html = html_of(client.get(PORTAL))
    assert application.role.get_absolute_url() not in html
    assert "This role is no longer advertised" in html


def test_rejection_reads_not_progressing_without_the_internal_reason(
    client, mailbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_application(
            application=application, reason=rejection_reason(), by=None,
            note="Typos in every answer", delay_hours=0,
        )  # fmt: skip
    assert len(mailbox) == 1
    sign_in(client, application.candidate)
    html = html_of(client.get(PORTAL))
    assert "Not progressing" in html
    assert "We have emailed you about our decision" in html
    assert "Written sample below the bar" not in html
    assert "Typos in every answer" not in html
    assert withdraw_url(application) not in html


def test_rejection_stays_hidden_until_its_delayed_mail_is_sent(client, mailbox):
    application = ApplicationFactory()
    services.reject_application(
        application=application, reason=rejection_reason(), by=None, delay_hours=48
    )
    sign_in(client, application.candidate)
    html = html_of(client.get(PORTAL))
    assert "Not progressing" not in html
    assert application.stage.candidate_label in html
    assert withdraw_url(application) in html

    OutboundMessage.objects.filter(template="applicants/rejection").update(
        send_after=timezone.now() - timedelta(seconds=1)
    )
    sweep()
    assert OutboundMessage.objects.get(template="applicants/rejection").sent_at is not None
    assert "Not progressing" in html_of(client.get(PORTAL))


def test_hired_and_withdrawn_applications_read_in_plain_words(client):
    hired = ApplicationFactory()
    withdrawn = ApplicationFactory(candidate=hired.candidate, status=ApplicationStatus.WITHDRAWN)
    hired_stage = hired.role.stages.get(kind=StageKind.HIRED)
    services.move_application(application=hired, to_stage=hired_stage, by=None)
    sign_in(client, hired.candidate)
    html = html_of(client.get(PORTAL))
    assert hired_stage.next_step in html
    assert "You withdrew this application" in html
    assert withdraw_url(hired) not in html
    assert withdraw_url(withdrawn) not in html


def test_portal_runs_the_same_queries_for_one_or_ten_applications(
    client, django_assert_num_queries
):
    first = ApplicationFactory()
    candidate = first.candidate
    sign_in(client, candidate)
    with django_assert_num_queries(PORTAL_QUERIES):
        assert client.get(PORTAL).status_code == 200

    more = [ApplicationFactory(candidate=candidate) for _ in range(9)]
    services.reject_application(application=more[0], reason=rejection_reason(), by=None)
    services.withdraw_application(application=more[1], candidate=candidate)
    with django_assert_num_queries(PORTAL_QUERIES):
        response = client.get(PORTAL)
    assert html_of(response).count('<h2 class="h5 mb-1">') == 10


# --- withdrawing ----------------------------------------------------------------------------


def test_withdraw_asks_first_then_withdraws_and_records_it(client):
    application = ApplicationFactory()
    sign_in(client, application.candidate)
    page = client.get(withdraw_url(application))
    assert page.status_code == 200
    assert "Yes, withdraw my application" in html_of(page)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACTIVE

    response = client.post(withdraw_url(application))
    assert response["Location"] == PORTAL
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    change = StageChange.objects.get(application=application)
    assert change.to_status == ApplicationStatus.WITHDRAWN
    assert change.reason == "Withdrawn by the candidate"
    html = html_of(client.get(PORTAL))
    assert f"Your application for {application.revision.title} is withdrawn" in html
    assert withdraw_url(application) not in html


def test_withdrawing_a_closed_application_explains_instead_of_failing(client):
    application = ApplicationFactory(status=ApplicationStatus.WITHDRAWN)
    sign_in(client, application.candidate)
    response = client.post(withdraw_url(application), follow=True)
    assert response.status_code == 200
    assert "already closed, so there is nothing to withdraw" in html_of(response)
    assert not StageChange.objects.exists()


def test_withdrawing_during_a_delayed_rejection_does_not_reveal_it(client):
    application = ApplicationFactory()
    services.reject_application(
        application=application, reason=rejection_reason(), by=None, delay_hours=48
    )
    sign_in(client, application.candidate)
    assert client.get(withdraw_url(application)).status_code == 200
    html = html_of(client.post(withdraw_url(application), follow=True))
    assert "we will email you about it" in html
    assert "Not progressing" not in html
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED


def test_candidate_cannot_reach_another_candidates_withdraw(client):
    mine = ApplicationFactory()
    theirs = ApplicationFactory()
    sign_in(client, mine.candidate)
    assert client.get(withdraw_url(theirs)).status_code == 404
    assert client.post(withdraw_url(theirs)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == ApplicationStatus.ACTIVE
    assert not StageChange.objects.exists()


# --- the candidate's data -------------------------------------------------------------------


def test_the_candidate_changes_their_details_once_signed_in(client, recruiter_client):
    application = ApplicationFactory(candidate__name="Jane Doe", candidate__phone="+1 555 010 0100")
    candidate = application.candidate
    sign_in(client, candidate)
    page = html_of(client.get(DETAILS))
    assert 'value="Jane Doe"' in page
    assert candidate.email in page

    response = client.post(
        DETAILS, {"name": "  Jane   Doe-Smith ", "phone": "+1 555 010 0777", "location": "Dayton"}
    )

    assert response.status_code == 302
    assert response["Location"] == PORTAL
    assert "Your details are saved" in html_of(client.get(PORTAL))
    candidate.refresh_from_db()
    assert (candidate.name, candidate.phone, candidate.location) == (
        "Jane Doe-Smith",
        "+1 555 010 0777",
        "Dayton",
    )
    staff_page = html_of(recruiter_client.get(f"/staff/applications/{application.pk}/"))
    assert "The candidate changed their details on" in staff_page
    assert "+1 555 010 0777" in staff_page  # the current phone, to call them on
    assert "+1 555 010 0100" in staff_page  # and what the application was sent with


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "phone": "", "location": ""}, "This field is required"),
        ({"name": "12345", "phone": "", "location": ""}, "Please enter your name"),
        ({"name": "Jane", "phone": "call me", "location": ""}, "Enter a phone number with digits"),
        ({"name": "Jane", "phone": "", "location": "x" * 121}, "at most 120 characters"),
    ],
)
def test_bad_details_are_explained_and_change_nothing(client, data, message):
    candidate = ApplicationFactory().candidate
    before = (candidate.name, candidate.phone, candidate.location)
    sign_in(client, candidate)

    response = client.post(DETAILS, data)

    assert response.status_code == 400
    assert message in html_of(response)
    candidate.refresh_from_db()
    assert (candidate.name, candidate.phone, candidate.location) == before
    assert candidate.details_updated_at is None


def test_the_details_page_changes_only_the_signed_in_candidate(client):
    mine, theirs = ApplicationFactory().candidate, ApplicationFactory().candidate
    sign_in(client, mine)
    client.post(DETAILS, {"name": "Changed Name", "phone": "", "location": "", "pk": theirs.pk})
    theirs.refresh_from_db()
    assert theirs.name != "Changed Name"
    mine.refresh_from_db()
    assert mine.name == "Changed Name"


def test_export_downloads_everything_held_about_the_candidate_and_nobody_else(client):
    mine = ApplicationFactory(cover_letter="I love untangling billing questions.")
    theirs = ApplicationFactory(cover_letter="Someone else's letter.")
    sign_in(client, mine.candidate)
    response = client.get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="my-data.json"'
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["candidate"]["email"] == mine.candidate.email
    assert [a["role"] for a in data["applications"]] == [mine.revision.title]
    assert data["applications"][0]["cover_letter"] == "I love untangling billing questions."
    text = response.content.decode()
    assert theirs.candidate.email not in text
    assert "Someone else's letter." not in text


def test_erasing_needs_the_confirmation_box(client):
    application = ApplicationFactory()
    sign_in(client, application.candidate)
    page = client.get(ERASE)
    assert "What we keep" in html_of(page)
    response = client.post(ERASE, {})
    assert response.status_code == 400
    assert "Tick the box to confirm" in html_of(response)
    application.candidate.refresh_from_db()
    assert application.candidate.anonymised_at is None


def test_erasing_anonymises_the_candidate_and_signs_them_out(client):
    application = ApplicationFactory()
    bystander = ApplicationFactory()
    candidate = application.candidate
    email = candidate.email
    sign_in(client, candidate)
    response = client.post(ERASE, {"confirm": "on"})
    assert response.status_code == 200
    assert "Your data has been erased" in html_of(response)

    candidate.refresh_from_db()
    application.refresh_from_db()
    assert candidate.anonymised_at is not None
    assert candidate.email != email
    assert candidate.name == "Erased candidate"
    assert application.status == ApplicationStatus.WITHDRAWN
    assert not application.resume
    assert client.get(PORTAL)["Location"] == LOGIN
    bystander.candidate.refresh_from_db()
    assert bystander.candidate.anonymised_at is None
