import io
import re
import threading
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.utils import timezone

from applicants.models import (
    Application,
    ApplicationStatus,
    Candidate,
    SelfIdentification,
    StageChange,
)
from applicants.services import PRIVACY_NOTICE_VERSION, ensure_stages
from csa_portal.models import OutboundMessage
from roles import services as role_services
from roles.models import RoleProfile
from tests import services as test_services
from tests.applicants import documents
from tests.applicants.documents import docx_bytes, pdf_bytes
from tests.roles.factories import ScreeningQuestionFactory, complete_role, published_role


@pytest.fixture
def role(db):
    return published_role(title="Customer Service Associate")


def question_field(role) -> str:
    return f"question_{role.current_revision.snapshot['screening_questions'][0]['id']}"


def payload(role, **overrides) -> dict:
    data = {
        "name": "Jane Doe",
        "email": "Jane.Doe@Example.com",
        "phone": "+1 555 010 0199",
        "location": "Columbus",
        "cover_letter": "I love solving problems for people.",
        "consent": "on",
        "website": "",
        question_field(role): "yes",
        "resume": SimpleUploadedFile("resume.pdf", pdf_bytes(), content_type="application/pdf"),
    }
    data.update(overrides)
    return data


def apply_url(role) -> str:
    return f"/jobs/{role.slug}/apply/"


def nothing_written():
    return (
        not Candidate.objects.exists()
        and not Application.objects.exists()
        and not OutboundMessage.objects.exists()
    )


def media_files(settings) -> list:
    return (
        [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]
        if settings.MEDIA_ROOT.exists()
        else []
    )


@pytest.mark.django_db
def test_apply_page_shows_the_form_with_the_roles_questions(client, role):
    response = client.get(apply_url(role))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Apply for Customer Service Associate" in html
    assert "Are you allowed to work in the United States?" in html
    assert 'accept=".pdf,.docx"' in html
    assert "Voluntary equal-opportunity questions" in html


@pytest.mark.django_db
def test_role_page_links_to_the_form(client, role):
    assert apply_url(role) in client.get(role.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_applying_writes_everything_in_one_go_and_mails_a_confirmation(
    client, role, mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(apply_url(role), payload(role, gender="woman"))
    assert response.status_code == 302
    assert response["Location"].startswith(f"/jobs/{role.slug}/apply/thanks/?r=")
    candidate = Candidate.objects.get()
    assert candidate.email == "jane.doe@example.com"
    assert candidate.consent_given_at is not None
    application = Application.objects.get()
    assert application.email == "jane.doe@example.com"  # kept for the board's search
    assert application.revision == role.current_revision
    assert application.status == ApplicationStatus.ACTIVE
    assert application.stage.name == "Applied"
    assert application.resume_kind == "pdf"
    assert application.resume.name.startswith("resumes/")
    assert "resume.pdf" not in application.resume.name  # a random name, never the upload's
    assert "contact centre" in application.resume_text  # extracted after commit
    assert application.screening_answers[0]["answer"] == "yes"
    assert StageChange.objects.get().reason == "Applied"
    assert SelfIdentification.objects.get().gender == "woman"
    assert [m.subject for m in mailbox] == [
        "We received your application for Customer Service Associate"
    ]
    assert mailbox[0].to == ["jane.doe@example.com"]
    thanks = client.get(response["Location"]).content.decode()
    assert "your application for Customer Service Associate is in" in thanks
    assert client.get(f"/jobs/{role.slug}/apply/thanks/?r=forged").status_code == 302
    link = re.search(r"http://\S+/candidate/login/(\S+)/", mailbox[0].body)
    assert link, "the confirmation carries a sign-in link"
    assert client.post(f"/candidate/login/{link.group(1)}/").status_code == 302
    assert "Customer Service Associate" in client.get("/candidate/").content.decode()


@pytest.mark.django_db
def test_docx_resumes_are_accepted(client, role, django_capture_on_commit_callbacks):
    docx = SimpleUploadedFile("cv.docx", docx_bytes(), content_type="application/octet-stream")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(apply_url(role), payload(role, resume=docx)).status_code == 302
    application = Application.objects.get()
    assert application.resume_kind == "docx"
    assert "Zendesk" in application.resume_text


@pytest.mark.django_db
def test_skipping_self_identification_stores_nothing(client, role):
    client.post(apply_url(role), payload(role))
    assert not SelfIdentification.objects.exists()


def mails_to(address: str, template: str) -> int:
    return OutboundMessage.objects.filter(to_email=address, template=template).count()


def age_mails(hours: int) -> None:
    """Make every queued mail look ``hours`` old."""
    OutboundMessage.objects.update(created_at=timezone.now() - timedelta(hours=hours))


@pytest.mark.django_db
def test_applying_again_answers_like_a_first_application(client, role):
    first = client.post(apply_url(role), payload(role))
    again = client.post(apply_url(role), payload(role, email="JANE.DOE@example.com"))
    unknown = client.post(apply_url(role), payload(role, email="someone.new@example.com"))

    # ASVS 6.3.8: the form does not tell anyone whether an address has applied.
    assert first.status_code == again.status_code == unknown.status_code == 302
    path = f"/jobs/{role.slug}/apply/thanks/?r="
    assert first["Location"].startswith(path)
    assert again["Location"].startswith(path)
    assert unknown["Location"].startswith(path)
    thanks = client.get(again["Location"]).content.decode()
    assert thanks == client.get(unknown["Location"]).content.decode()
    assert "already" not in thanks
    assert Application.objects.filter(candidate__email="jane.doe@example.com").count() == 1
    assert Candidate.objects.count() == 2


@pytest.mark.django_db
def test_the_owner_of_the_address_hears_of_the_repeat_by_mail(
    client, role, mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(apply_url(role), payload(role))
    age_mails(hours=2)
    mailbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(apply_url(role), payload(role, name="Mallory Other"))

    assert response.status_code == 302
    assert Application.objects.count() == 1
    (mail,) = mailbox
    assert mail.to == ["jane.doe@example.com"]
    assert mail.subject == "Your application for Customer Service Associate is still open"
    assert "Hello Jane Doe," in mail.body  # the person's own name, not the one just typed
    assert "Mallory" not in mail.body
    assert "http://127.0.0.1:8000/candidate/login/" in mail.body
    application = Application.objects.get()
    notice = OutboundMessage.objects.get(template="applicants/already_applied")
    assert notice.related_key == f"application:{application.pk}"


@pytest.mark.django_db
def test_repeats_within_the_hour_send_nothing_more(client, role, settings):
    """A double click, a retry or a flood: one confirmation, then at most one notice an hour."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "apply-email": (100, 3600)}
    client.post(apply_url(role), payload(role))
    for _ in range(3):  # the confirmation went out moments ago
        assert client.post(apply_url(role), payload(role)).status_code == 302
    assert mails_to("jane.doe@example.com", "applicants/already_applied") == 0
    age_mails(hours=2)
    for _ in range(3):
        assert client.post(apply_url(role), payload(role)).status_code == 302
    assert mails_to("jane.doe@example.com", "applicants/already_applied") == 1
    assert mails_to("jane.doe@example.com", "applicants/application_received") == 1
    assert Application.objects.count() == 1


@pytest.mark.django_db
def test_applying_with_a_known_email_changes_nothing_of_that_person(client, role, recruiter_client):
    """The form is public: typing someone's address must not rewrite their record."""
    assert client.post(apply_url(role), payload(role)).status_code == 302
    jane = Candidate.objects.get()
    other = published_role(title="Team Lead")
    hostile = payload(
        other,
        name="Mallory Attacker",
        email="JANE.DOE@EXAMPLE.COM",
        phone="+1 555 666 0000",
        location="Elsewhere",
    )

    assert client.post(apply_url(other), hostile).status_code == 302

    candidate = Candidate.objects.get()
    assert (candidate.pk, candidate.created_at) == (jane.pk, jane.created_at)
    assert (candidate.name, candidate.phone, candidate.location) == (
        "Jane Doe",
        "+1 555 010 0199",
        "Columbus",
    )
    assert candidate.consent_given_at == jane.consent_given_at
    assert candidate.details_updated_at is None
    first, second = Application.objects.order_by("pk")
    # The person's stored address, not the case typed this time.
    assert first.email == second.email == "jane.doe@example.com"
    assert (first.name, first.phone, first.location) == ("Jane Doe", "+1 555 010 0199", "Columbus")
    assert (second.name, second.phone, second.location) == (
        "Mallory Attacker",
        "+1 555 666 0000",
        "Elsewhere",
    )
    assert second.consent_given_at > first.consent_given_at
    assert first.privacy_notice_version == second.privacy_notice_version
    assert first.privacy_notice_version == PRIVACY_NOTICE_VERSION
    staff_page = recruiter_client.get(f"/staff/applications/{first.pk}/").content.decode()
    assert "+1 555 010 0199" in staff_page
    assert "Mallory" not in staff_page
    assert "+1 555 666 0000" not in staff_page


@pytest.mark.django_db
def test_the_same_person_may_apply_to_another_role(client, role):
    other = published_role(title="Team Lead")
    assert client.post(apply_url(role), payload(role)).status_code == 302
    assert client.post(apply_url(other), payload(other)).status_code == 302
    assert Candidate.objects.count() == 1
    assert Application.objects.count() == 2


@pytest.mark.django_db
def test_after_withdrawing_the_person_may_apply_again(client, role):
    client.post(apply_url(role), payload(role))
    Application.objects.update(status=ApplicationStatus.WITHDRAWN)
    assert client.post(apply_url(role), payload(role)).status_code == 302
    assert Application.objects.count() == 2


@pytest.mark.django_db
def test_knock_out_answer_rejects_but_tells_the_candidate_later(
    client, role, mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(apply_url(role), payload(role, **{question_field(role): "no"}))
    application = Application.objects.get()
    assert application.status == ApplicationStatus.REJECTED
    assert application.knocked_out
    assert "Answered no to: Are you allowed to work" in application.rejection_note
    assert application.rejection_reason.label == "Did not meet a stated requirement"
    assert len(mailbox) == 1  # only the confirmation, for now
    rejection = OutboundMessage.objects.get(template="applicants/rejection")
    expected = timezone.now() + timedelta(hours=role.rejection_notice_delay_hours)
    assert abs((rejection.send_after - expected).total_seconds()) < 60
    assert rejection.status == OutboundMessage.Status.QUEUED


@pytest.mark.django_db
def test_number_knock_out(client):
    role = complete_role(title="Team Lead")
    ScreeningQuestionFactory(
        role=role,
        text="Years leading a team?",
        answer_type="number",
        knockout_when="number_below",
        knockout_value=2,
    )
    role_services.publish_role(role=role, by=role.owner)
    role = RoleProfile.objects.get(pk=role.pk)
    questions = role.current_revision.snapshot["screening_questions"]
    number_field = f"question_{questions[1]['id']}"
    client.post(apply_url(role), payload(role, **{number_field: "1"}))
    assert Application.objects.get().knocked_out
    Application.objects.all().delete()
    Candidate.objects.all().delete()
    client.post(apply_url(role), payload(role, **{number_field: "3"}))
    assert Application.objects.get().status == ApplicationStatus.ACTIVE


def zip_bomb_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as entry:
            chunk = b"\0" * 1_048_576
            for _ in range(60):
                entry.write(chunk)
    return buffer.getvalue()


BAD_RESUMES = [
    ("program.pdf", b"MZ\x90\x00" + b"\0" * 2000, "This file is neither, whatever its name says"),
    ("page.pdf", b"<html><script>alert(1)</script></html>", "This file is neither"),
    ("empty.pdf", b"", "The submitted file is empty"),
    ("broken.pdf", b"%PDF-1.7\n garbage garbage", "it may be damaged or incomplete"),
    ("bomb.docx", None, "much larger inside than a resume should be"),
    ("cv.docx", documents.docx_with_remote_template, "loads content from elsewhere"),
    ("cv.docx", documents.docx_with_ole_object, "contains embedded objects or files"),
    ("cv.docx", documents.docx_with_doctype, "markup that Word itself never writes"),
    ("cv.docx", lambda: documents.docx_with_xml_bytes(51_000_000), "much larger inside"),
    ("cv.pdf", documents.pdf_with_javascript_on_open, "contains scripts or actions"),
    ("cv.pdf", documents.pdf_with_embedded_file, "has other files attached inside it"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content", "message"), BAD_RESUMES)
def test_hostile_and_broken_resumes_get_a_message_and_leave_nothing(
    client, role, settings, name, content, message
):
    content = zip_bomb_docx() if content is None else content
    content = content() if callable(content) else content
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = client.post(apply_url(role), payload(role, resume=upload))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_resume"' in html
    assert "invalid-feedback" in html
    assert message in html
    assert "<script>alert(1)</script>" not in html
    assert nothing_written()
    assert media_files(settings) == []


@pytest.mark.django_db
def test_a_6_mb_file_is_refused_before_it_is_read(client, role, settings):
    upload = SimpleUploadedFile("big.pdf", b"%PDF-1.7\n" + b"0" * (6 * 1_048_576))
    response = client.post(apply_url(role), payload(role, resume=upload))
    assert response.status_code == 400
    assert "the limit is 5 MB" in response.content.decode()
    assert nothing_written()


@pytest.mark.django_db
def test_a_30_mb_upload_is_refused_before_the_body_is_read(client, role, settings):
    upload = SimpleUploadedFile("huge.pdf", b"%PDF-1.7\n" + b"0" * (30 * 1_048_576))
    response = client.post(apply_url(role), payload(role, resume=upload))
    assert response.status_code == 413
    assert "more than we can receive at once" in response.content.decode()
    assert nothing_written()
    assert media_files(settings) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "This field is required"),
        ("name", "   ", "This field is required"),
        ("name", "12345", "Please enter your name"),
        ("name", "x" * 201, "at most 200 characters"),
        ("email", "not-an-email", "Enter a valid email address"),
        ("email", "a" * 250 + "@example.com", "at most 254 characters"),
        ("phone", "call me maybe", "Enter a phone number with digits"),
        ("cover_letter", "y" * 5001, "at most 5000 characters"),
        ("consent", "", "We can only consider your application with your consent"),
        ("website", "http://spam.example", "Please leave this field empty"),
        ("gender", "robot", "Select a valid choice"),
        ("resume", "", "Please attach your resume as a PDF or Word (.docx) file"),
    ],
)
def test_each_field_explains_bad_input_with_a_400_and_no_rows(client, role, field, value, message):
    data = payload(role)
    data[field] = value
    if field == "consent":
        del data["consent"]
    response = client.post(apply_url(role), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert nothing_written()


@pytest.mark.django_db
def test_screening_answer_is_required_and_checked(client, role):
    data = payload(role)
    data[question_field(role)] = "maybe"
    response = client.post(apply_url(role), data)
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert nothing_written()


@pytest.mark.django_db
def test_hostile_text_is_stored_as_text_and_escaped(
    client, role, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            apply_url(role),
            payload(
                role, name="Robert'); DROP TABLE x;--", cover_letter="<img src=x onerror=alert(1)>"
            ),
        )
    assert response.status_code == 302
    assert Application.objects.get().cover_letter == "<img src=x onerror=alert(1)>"


@pytest.mark.django_db
def test_closed_and_draft_roles_take_no_applications(client, role):
    role_services.close_role(role=role)
    assert client.get(apply_url(role)).status_code == 404
    assert client.post(apply_url(role), payload(role)).status_code == 404
    draft = complete_role(title="Draft")
    assert client.get(f"/jobs/{draft.slug}/apply/").status_code == 404
    assert nothing_written()


@pytest.mark.django_db
def test_apply_is_rate_limited_per_ip(client, role, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "apply-ip": (2, 3600)}
    for n in range(2):
        client.post(apply_url(role), payload(role, email=f"p{n}@example.com"))
    response = client.post(apply_url(role), payload(role, email="p9@example.com"))
    assert response.status_code == 429
    assert "Too many applications" in response.content.decode()
    assert Application.objects.count() == 2


@pytest.mark.django_db
def test_apply_is_rate_limited_per_email(role, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "apply-email": (1, 3600)}
    first = Client(REMOTE_ADDR="10.0.0.1")
    second = Client(REMOTE_ADDR="10.0.0.2")
    other = published_role(title="Other role")
    assert first.post(apply_url(role), payload(role)).status_code == 302
    assert second.post(apply_url(other), payload(other)).status_code == 429


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submissions_make_one_application(role):
    test_services.require_postgresql()
    barrier = threading.Barrier(2)
    statuses = []

    def submit():
        barrier.wait()
        statuses.append(Client().post(apply_url(role), payload(role)).status_code)
        connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert statuses == [302, 302]
    assert Application.objects.count() == 1
    assert Candidate.objects.count() == 1
    assert OutboundMessage.objects.count() == 1  # the confirmation; the repeat is within the hour


@pytest.mark.django_db
def test_a_repeat_application_leaves_no_row_and_no_file_behind(client, role, settings):
    assert client.post(apply_url(role), payload(role)).status_code == 302
    assert client.post(apply_url(role), payload(role)).status_code == 302
    assert len(media_files(settings)) == 1
    assert Application.objects.count() == StageChange.objects.count() == 1


# The apply request's own queries once the role has its stages and its revision is cached:
# the candidate upsert, the stages, the application, its stage change and its outbox row,
# inside the submission's transaction (a savepoint pair here, in the test's transaction).
APPLY_QUERIES = 7


@pytest.mark.django_db
@pytest.mark.parametrize("returning", [False, True])
def test_apply_runs_a_fixed_number_of_queries(client, role, returning, django_assert_num_queries):
    if returning:
        other = published_role(title="Team Lead")
        assert client.post(apply_url(other), payload(other)).status_code == 302
    ensure_stages(role)
    client.get(apply_url(role))  # the role's revision is cached from here on
    data = payload(role)
    with django_assert_num_queries(APPLY_QUERIES):
        assert client.post(apply_url(role), data).status_code == 302
    assert Application.objects.filter(role=role).count() == 1
