"""Turn a saved role profile into the plain draft the checker reads."""

from .checker import ProfileDraft
from .models import QualificationKind, RoleProfile


def profile_draft(role: RoleProfile) -> ProfileDraft:
    qualifications = list(role.qualifications.all())
    pay = getattr(role, "compensation", None)
    training = getattr(role, "training", None)
    extra = {
        "team": role.team,
        "shift_pattern": role.shift_pattern,
        "coverage": role.coverage,
    }
    if pay:
        extra.update(bonus=pay.bonus, benefits=pay.benefits, perks=pay.perks)
    if training:
        extra["training"] = training.ongoing_plan
    extra.update(
        {f"screening question {n}": q.text for n, q in enumerate(role.screening_questions.all(), 1)}
    )
    return ProfileDraft(
        title=role.title,
        summary=role.summary,
        responsibilities=[item.text for item in role.responsibilities.all()],
        required_qualifications=[
            q.text for q in qualifications if q.kind == QualificationKind.REQUIRED
        ],
        preferred_qualifications=[
            q.text for q in qualifications if q.kind == QualificationKind.PREFERRED
        ],
        pay_minimum=pay.minimum if pay else None,
        pay_maximum=pay.maximum if pay else None,
        currency=pay.currency if pay else "",
        extra_texts={name: text for name, text in extra.items() if text},
    )
