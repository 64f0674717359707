import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from applicants.models import Application, Candidate, Note
from applicants.services import ensure_stages
from tests.applicants.documents import pdf_bytes
from tests.roles.factories import published_role


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidate

    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"candidate{n}@example.com")
    phone = "+1 555 010 0100"
    location = "Columbus"
    consent_given_at = factory.LazyFunction(timezone.now)
    privacy_notice_version = "2026-11"


class ApplicationFactory(factory.django.DjangoModelFactory):
    """An active application in the first stage of a published role (one is made if needed)."""

    class Meta:
        model = Application

    candidate = factory.SubFactory(CandidateFactory)
    role = factory.LazyFunction(published_role)
    revision = factory.LazyAttribute(lambda application: application.role.current_revision)
    stage = factory.LazyAttribute(lambda application: ensure_stages(application.role)[0])
    name = factory.LazyAttribute(lambda application: application.candidate.name)
    email = factory.LazyAttribute(lambda application: application.candidate.email)
    phone = factory.LazyAttribute(lambda application: application.candidate.phone)
    location = factory.LazyAttribute(lambda application: application.candidate.location)
    consent_given_at = factory.LazyFunction(timezone.now)
    privacy_notice_version = "2026-11"
    resume = factory.LazyFunction(lambda: ContentFile(pdf_bytes(), name="resume.pdf"))
    resume_kind = "pdf"
    resume_size = 1000
    resume_text = "Three years in a contact centre"
    screening_answers = factory.LazyFunction(list)


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Note

    application = factory.SubFactory(ApplicationFactory)
    body = "Strong written answers; invite to the assessment."
