"""Resume text for the pipeline search, extracted after the application is saved."""

from django.utils import timezone

from ..models import Application


def record_resume_text(*, application_id: int) -> bool:
    """Extract the resume's text for search. True once done (again: a no-op)."""
    from ..resumes import ResumeKind, ResumeRejected, extract_text

    application = Application.objects.filter(pk=application_id).first()
    if application is None or application.resume_text_extracted_at or not application.resume:
        return False
    with application.resume.open("rb") as handle:
        data = handle.read()
    try:
        text = extract_text(data, ResumeKind(application.resume_kind))
    except ResumeRejected:
        text = ""
    Application.objects.filter(pk=application_id).update(
        resume_text=text, resume_text_extracted_at=timezone.now()
    )
    return True
