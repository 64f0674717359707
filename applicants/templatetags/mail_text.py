"""Fill recruiter-written mail text with the candidate's details, safely.

A recruiter's rejection message may use ``{{ candidate_name }}`` and ``{{ role_title }}`` and
nothing else: the text is never compiled as a template, so it cannot reach other data.
"""

import re

from django import template
from django.utils.html import escape, format_html_join

register = template.Library()

PLACEHOLDER = re.compile(r"\{\{\s*(candidate_name|role_title)\s*\}\}")


def fill(text: str, context) -> str:
    return PLACEHOLDER.sub(lambda m: str(context.get(m.group(1), "")), text or "")


@register.simple_tag(takes_context=True)
def fill_in(context, text: str) -> str:
    return fill(text, context)


@register.simple_tag(takes_context=True)
def fill_in_paragraphs(context, text: str):
    paragraphs = [p.strip() for p in fill(text, context).split("\n\n") if p.strip()]
    return format_html_join("\n", "<p>{}</p>", ((escape(p),) for p in paragraphs))
