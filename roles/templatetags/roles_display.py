from datetime import date

from django import template
from django.utils.safestring import mark_safe

from roles.jsonld import as_script_content

register = template.Library()


@register.filter
def jsonld(posting: dict) -> str:
    # as_script_content escapes <, > and &, so nothing in the data can end the script block.
    script = as_script_content(posting)
    return mark_safe(script)  # noqa: S308  # nosec B308, B703 # escaped: see above


@register.filter
def months_range(step: dict) -> str:
    """'after 12–24 months' / 'after 36+ months' for a career step."""
    low, high = step["after_months_min"], step["after_months_max"]
    if high is None:
        return f"after {low}+ months"
    if high == low:
        return f"after {low} months"
    return f"after {low}–{high} months"


@register.filter
def as_date(value: str | None):
    """An ISO date string from a snapshot as a date, so the date filter can format it."""
    return date.fromisoformat(value) if value else None
