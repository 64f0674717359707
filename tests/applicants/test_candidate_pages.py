"""What a candidate reads: the header when signed in, the apply form's errors, how long a
sign-in link lasts, the privacy notice, a closed application's card."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings

from applicants import services
from applicants.models import MagicLink
from csa_portal import outbox
from csa_portal.models import OutboundMessage
from tests.applicants.factories import ApplicationFactory
from tests.applicants.test_apply import apply_url, payload
from tests.applicants.test_portal import (
    LOGIN,
    PORTAL,
    html_of,
    link_path,
    rejection_reason,
    sign_in,
)
from tests.roles.factories import published_role

pytestmark = pytest.mark.django_db


# --- the header -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/jobs/", "role", PORTAL, "/privacy/"])
def test_a_signed_in_candidate_sees_so_with_a_sign_out(client, path):
    application = ApplicationFactory(candidate__name="Maya Okafor")
    sign_in(client, application.candidate)
    url = application.role.get_absolute_url() if path == "role" else path
    html = html_of(client.get(url))
    header = html[html.index("<header>") : html.index("</header>")]
    assert "Signed in as Maya Okafor" in header
    assert 'action="/candidate/logout/"' in header
    assert ">Sign out</button>" in header
    assert "Staff sign in" not in header


def test_an_anonymous_visitor_still_sees_staff_sign_in(client):
    published_role()
    html = html_of(client.get("/jobs/"))
    header = html[html.index("<header>") : html.index("</header>")]
    assert "Staff sign in" in header
    assert "Signed in as" not in header
    assert "csrfmiddlewaretoken" not in html  # the page stays shareable by the page cache


def test_an_expired_candidate_session_shows_the_anonymous_header(client, settings):
    application = ApplicationFactory()
    sign_in(client, application.candidate)
    settings.CANDIDATE_IDLE_MINUTES = -1
    html = html_of(client.get("/jobs/"))
    assert "Signed in as" not in html
    assert "Staff sign in" in html


# --- the apply form -------------------------------------------------------------------------


@pytest.fixture
def role(db):
    return published_role(title="Customer Service Associate")


def summary_of(html: str) -> str:
    start = html.index("Please check your application")
    return html[start : html.index("</div>", start)]


def test_the_error_summary_lists_each_error_with_a_link_to_its_field(client, role):
    response = client.post(apply_url(role), payload(role, name="", email="not-an-address"))
    assert response.status_code == 400
    summary = summary_of(html_of(response))
    assert '<a class="alert-link" href="#id_name">Full name</a>: This field is required.' in summary
    assert (
        '<a class="alert-link" href="#id_email">Email</a>: Enter a valid email address.' in summary
    )
    assert "choose your resume again" in summary  # a valid resume was chosen, and not kept


def test_the_resume_hint_is_not_given_when_no_resume_was_chosen(client, role):
    data = payload(role, consent="")
    del data["resume"]
    summary = summary_of(html_of(client.post(apply_url(role), data)))
    assert "Please attach your resume" in summary
    assert "We can only consider your application with your consent." in summary
    assert "choose your resume again" not in summary


def test_a_rejected_resume_explains_itself_without_the_choose_again_hint(client, role):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("resume.pdf", b"not a pdf at all", content_type="application/pdf")
    summary = summary_of(html_of(client.post(apply_url(role), payload(role, resume=bad))))
    assert 'href="#id_resume">Resume</a>:' in summary
    assert "choose your resume again" not in summary


# --- how long a sign-in link lasts -----------------------------------------------------------


@override_settings(SIGN_IN_LINK_MINUTES=25)
def test_the_mails_and_pages_quote_the_one_setting(
    client, mailbox, role, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(apply_url(role), payload(role))
    confirmation = OutboundMessage.objects.get(template="applicants/application_received")
    outbox.send_message(confirmation.pk)
    assert "for the next 25 minutes" in mailbox[-1].body
    link = MagicLink.objects.get()
    assert link.expires_at - link.created_at == pytest.approx(
        timedelta(minutes=25), abs=timedelta(seconds=5)
    )

    candidate = link.candidate
    path = link_path(candidate)
    assert "for 25 minutes" in mail.outbox[-1].body
    assert "within 25 minutes" in html_of(client.get(LOGIN))
    assert "within 25 minutes" in html_of(client.get(path))
    client.post(path)
    failed = client.post(path)  # spent
    assert "within 25 minutes" in html_of(failed)
    every_number = set(re.findall(r"(\d+) minutes", "".join(m.body for m in mailbox)))
    assert every_number == {"25"}


def test_both_links_last_as_long_by_default(settings):
    assert services.sign_in_link_lifetime() == timedelta(minutes=settings.SIGN_IN_LINK_MINUTES)


# --- the privacy notice ---------------------------------------------------------------------


@override_settings(CANDIDATE_RETENTION_MONTHS=18, PRIVACY_CONTACT_EMAIL="dpo@northwind.example")
def test_the_privacy_notice_gives_the_retention_period_and_a_contact(client):
    html = html_of(client.get("/privacy/"))
    assert "for 18 months after your last application with us closes" in html
    assert '<a href="mailto:dpo@northwind.example">dpo@northwind.example</a>' in html


def test_the_privacy_notice_shows_the_version_each_consent_records(client):
    """Consent is recorded with the notice's version; the page must name the same one."""
    html = html_of(client.get("/privacy/"))
    assert f"Version {services.PRIVACY_NOTICE_VERSION} " in html


# --- a closed application -------------------------------------------------------------------


def test_a_withdrawn_application_does_not_say_what_happens_next(client):
    application = ApplicationFactory()
    services.withdraw_application(application=application, candidate=application.candidate)
    sign_in(client, application.candidate)
    html = html_of(client.get(PORTAL))
    assert "Withdrawn" in html
    assert "You withdrew this application" in html
    assert "What happens next" not in html


def test_a_rejected_application_does_not_say_what_happens_next(
    client, mailbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_application(
            application=application, reason=rejection_reason(), by=None, note="", delay_hours=0
        )
    assert len(mailbox) == 1  # told, so no longer pending
    sign_in(client, application.candidate)
    html = html_of(client.get(PORTAL))
    assert "Not progressing" in html
    assert "What happens next" not in html


def test_an_open_application_still_says_what_happens_next(client):
    application = ApplicationFactory()
    sign_in(client, application.candidate)
    assert "What happens next" in html_of(client.get(PORTAL))
