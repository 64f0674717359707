"""A small but complete assessment, and ways to invite an application to it.

``small_template_content`` has the shape of the shipped content (``assessments.content``):
a call of eight turns with one branch, a written task of two parts, a quiz of three
questions, and a rubric for each of the two tasks people score.
"""

import copy

from applicants.models import Application
from assessments.models import Attempt, RoleAssessment
from assessments.services import install_template, invite, set_role_assessment
from tests.applicants.factories import ApplicationFactory


def _levels(name: str) -> dict:
    return {
        str(score): {
            "anchor": f"{name} at level {score}: what a reviewer sees.",
            "feedback": f"About {name.lower()} at level {score}, said to you.",
        }
        for score in range(1, 6)
    }


def _rubric(name: str, criteria: list[str]) -> dict:
    return {
        "name": name,
        "criteria": [
            {
                "key": key,
                "name": key.replace("_", " ").capitalize(),
                "looks_for": f"What {key} looks like.",
                "weight": 1 + n % 2,
                "levels": _levels(key.replace("_", " ").capitalize()),
            }
            for n, key in enumerate(criteria)
        ],
    }


CALL_TURNS = [
    {"key": "t1", "text": "Hello? I have been on hold for ages.", "stage": "opening", "next": "t2"},
    {"key": "t2", "text": "My name is Dana Reyes.", "stage": "identity", "next": "t3"},
    {"key": "t3", "text": "The parcel came late and the lid was crushed.", "stage": "empathy",
     "next": "t4"},
    {"key": "t4", "text": "And you charged me twice for it!", "stage": "diagnosis", "next": "t5"},
    {"key": "t5", "text": "Here, take my card: 4111 1111 1111 1111.", "stage": "policy",
     "next": "t6", "contains_card_number": True},
    {"key": "t6", "text": "So what are you going to do about it?", "stage": "resolution",
     "next": None, "branches": [
         {"label": "Offer a replacement", "next": "t7a"},
         {"label": "Offer a refund", "next": "t7b"},
     ]},
    {"key": "t7a", "text": "A replacement? Fine, if it comes this week.", "stage": "resolution",
     "next": "t8"},
    {"key": "t7b", "text": "A refund works. How long does it take?", "stage": "resolution",
     "next": "t8"},
    {"key": "t8", "text": "Is that everything, then?", "stage": "closing", "next": None},
]  # fmt: skip


def small_template_content(key: str = "small-core") -> dict:
    return copy.deepcopy(
        {
            "key": key,
            "name": "Small assessment",
            "summary": "Three short tasks: a call, a hand-off and a quiz.",
            "reviewers_per_response": 2,
            "pass_mark": 60,
            "tasks": [
                {
                    "kind": "mock_call",
                    "title": "Practice call",
                    "time_limit_minutes": 10,
                    "weight": 40,
                    "instructions": "Answer the customer turn by turn.",
                    "what_we_look_for": ["Identity first", "Empathy"],
                    "scenario": "A late, damaged parcel and a double charge.",
                    "call": {
                        "customer_name": "Dana Reyes",
                        "account_facts": {"order": "A-5521", "zip_code": "43215"},
                        "turns": CALL_TURNS,
                    },
                    "rubric": _rubric("Call rubric", ["opening_identity", "empathy"]),
                },
                {
                    "kind": "written_escalation",
                    "title": "Written escalation",
                    "time_limit_minutes": 15,
                    "weight": 35,
                    "instructions": "Write the hand-off and the reply.",
                    "what_we_look_for": ["Complete hand-off"],
                    "scenario": "A router that keeps dropping.",
                    "ticket": {
                        "reference": "T-881",
                        "subject": "Connection drops",
                        "customer": {"name": "Sam Okoro", "plan": "Home 500"},
                        "entries": [
                            {"at": "2026-11-02T09:14:00", "author": "customer",
                             "channel": "email", "body": "It drops every evening."},
                            {"at": "2026-11-03T10:00:00", "author": "agent: Lee",
                             "channel": "note", "body": "Rebooted remotely; no change."},
                        ],
                    },
                    "parts": [
                        {"key": "handoff", "label": "Hand-off note", "guidance": "For Level 2.",
                         "min_words": 5, "max_words": 400},
                        {"key": "reply", "label": "Reply to the customer", "guidance": "",
                         "min_words": 5, "max_words": 300},
                    ],
                    "key_facts": ["Drops every evening", "Remote reboot tried"],
                    "rubric": _rubric("Written rubric", ["completeness", "tone"]),
                },
                {
                    "kind": "situational_quiz",
                    "title": "Situations",
                    "time_limit_minutes": 20,
                    "weight": 25,
                    "instructions": "Choose the best response.",
                    "what_we_look_for": ["Judgement"],
                    "scenario": "Everyday situations.",
                    "questions": [
                        {
                            "key": f"q0{n}",
                            "competency": competency,
                            "scenario": f"Situation {n}.",
                            "prompt": "What do you do?",
                            "options": [
                                {"key": "a", "text": f"Poor answer {n}", "credit": 0,
                                 "rationale": "poor"},
                                {"key": "b", "text": f"Best answer {n}", "credit": 2,
                                 "rationale": "best"},
                                {"key": "c", "text": f"Fair answer {n}", "credit": 1,
                                 "rationale": "fair"},
                                {"key": "d", "text": f"Weak answer {n}", "credit": 0,
                                 "rationale": "weak"},
                            ],
                        }
                        for n, competency in enumerate(["privacy", "ownership", "policy"], 1)
                    ],
                },
            ],
            "calibration": [
                {
                    "task": "written_escalation",
                    "key": "cal-written-strong",
                    "label": "A strong hand-off",
                    "response": {"handoff": "Full hand-off.", "reply": "Kind reply."},
                    "agreed_levels": {"completeness": 5, "tone": 4},
                    "rationale": {"completeness": "All facts.", "tone": "Warm."},
                }
            ],
        }
    )  # fmt: skip


def installed_template(key: str = "small-core"):
    return install_template(content=small_template_content(key))


def role_assessment_for(role, *, template=None, **options) -> RoleAssessment:
    template = template or installed_template()
    return set_role_assessment(role=role, template=template, **options)


def invited_attempt(application: Application | None = None, *, by=None, **options) -> Attempt:
    """An application invited to the small assessment (its role set up for it)."""
    application = application or ApplicationFactory()
    if not RoleAssessment.objects.filter(role=application.role).exists():
        role_assessment_for(application.role, **options)
    return invite(application=application, by=by)
