"""schema.org JobPosting for a published role, as search engines and job boards read it."""

import json
from datetime import date, datetime, time
from decimal import Decimal

from django.utils import timezone
from django.utils.html import escape

EMPLOYMENT_TYPES = {
    "full_time": "FULL_TIME",
    "part_time": "PART_TIME",
    "contract": "CONTRACTOR",
    "temporary": "TEMPORARY",
}
UNIT_TEXT = {"hour": "HOUR", "month": "MONTH", "year": "YEAR"}


def _number(value: str) -> int | float:
    amount = Decimal(value)
    return int(amount) if amount == amount.to_integral() else float(amount)


def _description(role: dict) -> str:
    """Plain HTML the posting's description allows: paragraphs and lists, nothing else."""

    def bullet_list(items):
        return "<ul>" + "".join(f"<li>{escape(text)}</li>" for text in items) + "</ul>"

    parts = [f"<p>{escape(role['summary'])}</p>"]
    parts.append(
        "<p>What you will do:</p>" + bullet_list(r["text"] for r in role["responsibilities"])
    )
    required = [q["text"] for q in role["qualifications"]["required"]]
    if required:
        parts.append("<p>What you need:</p>" + bullet_list(required))
    preferred = [q["text"] for q in role["qualifications"]["preferred"]]
    if preferred:
        parts.append("<p>Nice to have:</p>" + bullet_list(preferred))
    return "".join(parts)


def job_posting(
    role: dict, *, url: str, date_posted: datetime, organization: str, organization_url: str
) -> dict:
    posting = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": role["title"],
        "description": _description(role),
        "datePosted": timezone.localtime(date_posted).date().isoformat(),
        "employmentType": EMPLOYMENT_TYPES[role["employment_type"]],
        "hiringOrganization": {
            "@type": "Organization",
            "name": organization,
            "sameAs": organization_url,
        },
        "directApply": True,
        "url": url,
        "identifier": {"@type": "PropertyValue", "name": organization, "value": role["slug"]},
    }
    if role["valid_through"]:
        closing = datetime.combine(date.fromisoformat(role["valid_through"]), time(23, 59, 59))
        posting["validThrough"] = timezone.make_aware(closing).isoformat()
    location = role["location"]
    if location["workplace"] == "remote":
        posting["jobLocationType"] = "TELECOMMUTE"
        posting["applicantLocationRequirements"] = {
            "@type": "Country",
            "name": location["remote_eligibility"] or location["country"],
        }
    if location["workplace"] != "remote" or location["city"]:
        posting["jobLocation"] = {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": location["city"],
                "addressRegion": location["region"],
                "addressCountry": location["country"],
            },
        }
    pay = role["compensation"]
    if pay and pay["minimum"] is not None and pay["maximum"] is not None:
        posting["baseSalary"] = {
            "@type": "MonetaryAmount",
            "currency": pay["currency"],
            "value": {
                "@type": "QuantitativeValue",
                "minValue": _number(pay["minimum"]),
                "maxValue": _number(pay["maximum"]),
                "unitText": UNIT_TEXT[pay["pay_period"]],
            },
        }
    return posting


def as_script_content(posting: dict) -> str:
    """JSON safe to place inside <script type="application/ld+json">: no tag can close it."""
    text = json.dumps(posting, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
