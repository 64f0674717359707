"""The plain-data copy of a role profile that a revision keeps and the public pages render.

Labels are stored next to codes so that an old revision still reads the same after a choice
is renamed in code.
"""

from .models import Channel, KpiUnit, QualificationKind, RoleProfile, Workplace
from .money import format_amount, pay_range_label


def kpi_sentence(target) -> str:
    unit = target.get_unit_display()
    value = format_amount(target.value)
    amount = f"{value} %" if target.unit == KpiUnit.PERCENT else f"{value} {unit}"
    channel = "" if target.channel == "any" else f" ({target.get_channel_display().lower()})"
    return f"{target.get_comparator_display().capitalize()} {amount}{channel}"


def build_snapshot(role: RoleProfile) -> dict:
    """Everything a candidate reads about ``role``, as JSON-ready data."""
    training = getattr(role, "training", None)
    pay = getattr(role, "compensation", None)
    qualifications = {QualificationKind.REQUIRED.value: [], QualificationKind.PREFERRED.value: []}
    for item in role.qualifications.all():
        qualifications[item.kind].append(
            {
                "category": item.category,
                "category_label": item.get_category_display(),
                "text": item.text,
            }
        )
    return {
        "title": role.title,
        "slug": role.slug,
        "family": role.family,
        "family_label": role.get_family_display(),
        "level": role.level,
        "level_label": role.get_level_display(),
        "team": role.team,
        "summary": role.summary,
        "location": {
            "city": role.city,
            "region": role.region,
            "country": role.country,
            "workplace": role.workplace,
            "workplace_label": role.get_workplace_display(),
            "remote_eligibility": role.remote_eligibility
            if role.workplace == Workplace.REMOTE
            else "",
            "label": role.location_label,
        },
        "employment_type": role.employment_type,
        "employment_type_label": role.get_employment_type_display(),
        "schedule": {
            "shift_pattern": role.shift_pattern,
            "hours_per_week": role.hours_per_week,
            "coverage": role.coverage,
        },
        "channels": [{"code": code, "label": Channel(code).label} for code in role.channels],
        "openings": role.openings,
        "valid_through": role.valid_through.isoformat() if role.valid_through else None,
        "responsibilities": [
            {"category": r.category, "category_label": r.get_category_display(), "text": r.text}
            for r in role.responsibilities.all()
        ],
        "qualifications": qualifications,
        "kpis": [
            {
                "metric": k.metric,
                "metric_label": k.get_metric_display(),
                "comparator": k.comparator,
                "value": str(k.value),
                "unit": k.unit,
                "channel": k.channel,
                "note": k.note,
                "target": kpi_sentence(k),
            }
            for k in role.kpi_targets.all()
        ],
        "training": (
            {
                "onboarding_hours": training.onboarding_hours,
                "classroom_weeks": training.classroom_weeks,
                "mentored_weeks": training.mentored_weeks,
                "ongoing_plan": training.ongoing_plan,
            }
            if training
            else None
        ),
        "career_steps": [
            {
                "title": step.title,
                "after_months_min": step.after_months_min,
                "after_months_max": step.after_months_max,
                "typical_raise_percent": step.typical_raise_percent,
            }
            for step in role.career_steps.all()
        ],
        "compensation": (
            {
                "currency": pay.currency,
                "pay_period": pay.pay_period,
                "pay_period_label": pay.get_pay_period_display(),
                "minimum": str(pay.minimum) if pay.minimum is not None else None,
                "maximum": str(pay.maximum) if pay.maximum is not None else None,
                "range_label": pay_range_label(
                    pay.currency, pay.minimum, pay.maximum, pay.pay_period
                ),
                "bonus": pay.bonus,
                "benefits": pay.benefits,
                "perks": pay.perks,
            }
            if pay
            else None
        ),
        "screening_questions": [
            {
                "id": q.pk,
                "text": q.text,
                "answer_type": q.answer_type,
                "knockout_when": q.knockout_when,
                "knockout_value": str(q.knockout_value) if q.knockout_value is not None else None,
            }
            for q in role.screening_questions.all()
        ],
    }
