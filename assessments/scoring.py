"""What a machine can score in an assessment, and the arithmetic of results.

Plain Python with no Django import: the Celery scoring task, the review pages and the
reports call these functions with plain data, and the tests need no database.

Three kinds of thing live here:

1. Quiz credit (``score_quiz``): exact, the keyed credit of each chosen option.
2. Text checks of the written escalation and the mock call (``check_written_escalation``,
   ``check_call_turns``, ``find_card_numbers``, ``readability``). These are ADVISORY: a
   reviewer sees them as evidence, with spans pointing at the words that matched, and a
   manager sees the compliance flag. They never set a rubric level; people do. They are
   heuristics that favour precision: when a check says a hand-off names the customer, the
   span shows where. A failed check means "not found by the machine", which the reviewer
   confirms or overrules by reading.
3. Result arithmetic (``task_score_from_levels``, ``weighted_total``, ``recommend``,
   ``recommendation_contradicts_levels``, ``needs_calibration``, ``agreed_level``).

Every result type is a frozen dataclass with ``as_dict()`` returning plain JSON data (lists,
dicts, str, int, float, bool, None), ready for a JSONField.

Spans are ``[start, end)`` offsets in Python characters (code points) of the text that was
checked, so ``text[span.start:span.end]`` is the matched words. JavaScript strings count
UTF-16 units: a page that highlights spans in a text containing emoji must convert.

Scorer versions
---------------
``SCORER_VERSIONS`` names the behaviour of each scorer; a stored score records the version
that produced it so that old evidence is read with the rules it was made by. Bump a scorer's
number (``"quiz-1"`` -> ``"quiz-2"``) in the same commit as any change that can change its
output for some input: a phrase added to or removed from a list, a pattern, a threshold, a
rounding rule, a field added to ``as_dict()``. Do not bump for changes that cannot change
output (refactoring, docs, speed). ``tests/assessments/test_scoring.py`` pins the output of
sample inputs with the version beside them; when a pinned output changes, bump the version
and update the pin together.

Whole-word matching
-------------------
Phrases match case-insensitively as whole words (``(?<!\\w)`` ... ``(?!\\w)``), with any run
of whitespace between words and either apostrophe (' or the typographic U+2019). Every
pattern is built from possessive quantifiers and unambiguous pieces so matching stays linear
in the length of the text: a 100,000-character answer is checked in milliseconds whatever it
contains.
"""

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from numbers import Real

__all__ = [
    "COMPLIANCE",
    "RECOMMENDATIONS",
    "REVIEWER_RECOMMENDATIONS",
    "SCORER_VERSIONS",
    "CallChecks",
    "Check",
    "QuizScore",
    "Readability",
    "Span",
    "TurnChecks",
    "WrittenChecks",
    "agreed_level",
    "check_call_turns",
    "check_written_escalation",
    "find_card_numbers",
    "luhn_valid",
    "needs_calibration",
    "readability",
    "recommend",
    "recommendation_contradicts_levels",
    "score_quiz",
    "task_score_from_levels",
    "weighted_total",
]

SCORER_VERSIONS = {
    "quiz": "quiz-1",
    "written_escalation": "written-escalation-1",
    "mock_call": "mock-call-1",
}

COMPLIANCE = "compliance"

# What ``recommend`` returns, and the reviewer's four-point overall recommendation (no middle
# point, so a reviewer has to lean one way).
RECOMMENDATIONS = ("advance", "review", "reject")
REVIEWER_RECOMMENDATIONS = ("strong_no", "no", "yes", "strong_yes")

LEVEL_MIN, LEVEL_MAX = 1, 5

# Evidence is for a person to read: past ten matches more of the same adds nothing, and a
# bounded list keeps a stored score small whatever the candidate pasted.
MAX_SPANS_PER_CHECK = 10


# --- phrase lists -----------------------------------------------------------------------------
# Each list is what the check looks for, written as a reader would say it. A phrase matches as
# whole words, case-insensitively. Changing a list changes scores: bump SCORER_VERSIONS.

# Hand-off: what happened. Verbs of reporting and the usual shapes of a fault.
WHAT_HAPPENED_PHRASES = (
    "reported", "reports", "says", "said", "states", "stated", "explained", "complained",
    "called about", "called in", "contacted us", "wrote in", "unable to", "cannot", "can't",
    "could not", "couldn't", "did not receive", "didn't receive", "never received",
    "has not received", "hasn't received", "has not arrived", "hasn't arrived", "not arrived",
    "was charged", "were charged", "been charged", "charged twice", "double charged",
    "arrived damaged", "is missing", "was missing", "went wrong", "not working",
    "stopped working", "issue", "problem", "error", "fault", "outage", "failed", "fails",
    "broken", "declined", "delayed", "lost",
)  # fmt: skip

# Hand-off: what was already tried. Generic words of trying; "I/we (have) <verb>ed" below.
ALREADY_TRIED_PHRASES = (
    "already tried", "tried", "attempted", "troubleshooting", "troubleshot", "steps taken",
    "ruled out", "walked the customer through", "walked them through", "walked him through",
    "walked her through", "asked the customer to",
)  # fmt: skip
ALREADY_TRIED_VERBS = (
    "checked", "verified", "confirmed", "reset", "resent", "re-sent", "reissued", "re-issued",
    "restarted", "cleared", "tested", "processed", "asked", "advised", "offered", "sent",
    "tried", "attempted", "refunded", "replaced", "updated", "escalated",
)  # fmt: skip

# Hand-off: impact and urgency. Time expressions ("by Friday", "today") also count.
IMPACT_URGENCY_PHRASES = (
    "urgent", "urgently", "asap", "as soon as possible", "immediately", "priority",
    "high priority", "top priority", "critical", "time-sensitive", "time sensitive",
    "deadline", "impact", "impacted", "impacting", "affects", "affecting", "affected",
    "blocking", "blocked", "cannot work", "can't work", "unable to work", "out of pocket",
    "losing money", "sla", "been waiting", "waiting since", "second time", "third time",
    "repeat contact", "vulnerable", "at risk", "threatening to", "wants to cancel",
    "formal complaint",
)  # fmt: skip

# Hand-off: the explicit ask of Level 2.
REQUEST_PHRASES = (
    "please", "kindly", "could you", "can you", "would you", "need you to", "asking you to",
    "requesting", "request that", "action needed", "action required", "action requested",
    "next step", "next steps", "need l2 to", "for l2 to",
)  # fmt: skip

# Reply and call: apology.
APOLOGY_PHRASES = (
    "sorry", "apologise", "apologize", "apologised", "apologized", "apologies", "apology",
    "regret",
)  # fmt: skip

# Reply and call: ownership, the agent committing themselves. "I have <done>" is matched by
# _I_HAVE_DONE below rather than "I have" alone, which would also match "I have a question",
# and "let me" by _LET_ME, which leaves out the sign-off "let me know".
OWNERSHIP_PHRASES = (
    "I will", "I'll", "I will make sure", "I'll make sure", "I will personally",
    "I'll personally", "I am going to", "I'm going to", "leave it with me",
    "I take responsibility", "I'll take care", "I will take care", "I'm taking care",
    "I am taking care", "I'm handling", "I am handling", "I promise", "you have my word",
)  # fmt: skip
I_HAVE_IRREGULAR_PARTICIPLES = (
    "sent", "made", "spoken", "written", "taken", "given", "put", "set", "found", "told",
    "begun", "done", "got", "gotten", "left", "brought", "kept", "rung", "paid", "run",
)  # fmt: skip

# Reply: words that make a time expression a commitment rather than a complaint ("I will
# call you tomorrow", not "I waited 24 hours").
FUTURE_MARKERS = (
    "will", "shall", "going to", "expect", "should", "plan to", "aim to", "follow up",
    "follow-up", "get back to you", "be in touch", "hear from", "next step", "update you",
    "call you", "email you", "reach out", "you'll", "I'll", "we'll", "they'll", "he'll",
    "she'll", "it'll",
)  # fmt: skip

# Call: asking the caller to identify themselves.
IDENTITY_PHRASES = (
    "date of birth", "dob", "postcode", "post code", "zip code", "security question",
    "security check", "security questions", "verify your identity", "verify your account",
    "verify you", "verify some details", "verify a few details", "confirm your identity",
    "confirm your name", "confirm your full name", "confirm your address",
    "confirm your email", "confirm your email address", "confirm your phone number",
    "confirm your date of birth", "confirm your postcode", "confirm your account",
    "first line of your address", "your full name", "your account number",
    "your order number", "your reference number", "your email address",
    "the name on the account", "the email address on the account", "the email on the account",
    "can I take your name", "can I have your name", "could I have your name",
    "could I take your name", "could I get your name", "may I have your name",
    "may I take your name", "what's your name", "what is your name",
)  # fmt: skip

# Call: empathy.
EMPATHY_PHRASES = (
    "I understand", "I completely understand", "I totally understand", "I can understand",
    "I fully understand", "I can imagine", "I can see why", "I can see how", "I know how",
    "I hear you", "I'm sorry", "I am sorry", "so sorry", "sorry to hear", "frustrating",
    "frustration", "I appreciate", "I'd feel the same", "I would feel the same",
    "understandably", "that must be", "that must have been", "that sounds frustrating",
    "that sounds stressful", "that sounds difficult", "that sounds awful",
    "that sounds really frustrating", "that sounds worrying", "that sounds upsetting",
)  # fmt: skip

# Call: recapping what was agreed.
SUMMARY_PHRASES = (
    "to summarise", "to summarize", "to recap", "just to recap", "let me recap", "in summary",
    "to sum up", "so to confirm", "just to confirm", "let me confirm", "let me just confirm",
    "let me repeat", "so what happens next", "here's what happens next",
    "here is what happens next", "what will happen next", "what happens now is",
)  # fmt: skip

# Call: closing the call.
CLOSING_PHRASES = (
    "anything else", "is there anything else", "thank you for calling", "thanks for calling",
    "thank you for contacting", "thanks for contacting", "thank you for your call",
    "have a great day", "have a good day", "have a nice day", "have a lovely day",
    "have a great evening", "have a good evening", "have a great weekend",
    "have a good weekend", "take care", "goodbye",
)  # fmt: skip


# --- result types -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """Where evidence sits in a text: ``text == checked_text[start:end]``.

    For card numbers the text is masked (see ``find_card_numbers``).
    """

    start: int
    end: int
    text: str

    def as_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Check:
    """One advisory check: what was looked for, whether it was found, and where.

    ``flag`` is ``"compliance"`` on a check that failed for a compliance reason (a card
    number in the text), else None: a manager sees flagged checks whatever the score.
    """

    key: str
    label: str
    passed: bool
    spans: tuple[Span, ...] = ()
    detail: str = ""
    flag: str | None = None

    def __post_init__(self) -> None:
        if self.flag not in (None, COMPLIANCE):
            raise ValueError(f"flag must be None or {COMPLIANCE!r}, not {self.flag!r}.")
        object.__setattr__(self, "spans", tuple(self.spans))

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "label": self.label,
            "passed": self.passed,
            "spans": [span.as_dict() for span in self.spans],
            "detail": self.detail,
            "flag": self.flag,
        }


@dataclass(frozen=True)
class Readability:
    """Counts and the two Flesch formulas; all zeros for a text with no words."""

    words: int
    sentences: int
    syllables: int
    flesch_reading_ease: float
    flesch_kincaid_grade: float

    def as_dict(self) -> dict:
        return {
            "words": self.words,
            "sentences": self.sentences,
            "syllables": self.syllables,
            "flesch_reading_ease": self.flesch_reading_ease,
            "flesch_kincaid_grade": self.flesch_kincaid_grade,
        }


@dataclass(frozen=True)
class QuizScore:
    """Keyed credit of one quiz attempt.

    ``score`` is earned / possible on 0-100, one decimal, rounded half up. ``per_question``
    holds the credit of every question of the key (0 when unanswered; ``unanswered`` lists
    those). ``per_competency`` maps a competency to ``{"earned", "possible", "percent"}``.
    """

    score: float
    earned: int | float
    possible: int | float
    answered: int
    per_question: dict[str, int | float]
    per_competency: dict[str, dict[str, int | float]]
    unanswered: tuple[str, ...] = ()
    scorer_version: str = SCORER_VERSIONS["quiz"]

    def as_dict(self) -> dict:
        return {
            "scorer_version": self.scorer_version,
            "score": self.score,
            "earned": self.earned,
            "possible": self.possible,
            "answered": self.answered,
            "unanswered": list(self.unanswered),
            "per_question": dict(self.per_question),
            "per_competency": {name: dict(row) for name, row in self.per_competency.items()},
        }


@dataclass(frozen=True)
class WrittenChecks:
    """Advisory checks of a written escalation: the hand-off to Level 2 and the reply."""

    handoff_checks: tuple[Check, ...]
    reply_checks: tuple[Check, ...]
    handoff_readability: Readability
    reply_readability: Readability
    scorer_version: str = SCORER_VERSIONS["written_escalation"]

    @property
    def handoff_words(self) -> int:
        return self.handoff_readability.words

    @property
    def reply_words(self) -> int:
        return self.reply_readability.words

    @property
    def checks(self) -> tuple[Check, ...]:
        return self.handoff_checks + self.reply_checks

    @property
    def compliance_flag(self) -> bool:
        return any(check.flag == COMPLIANCE for check in self.checks)

    def as_dict(self) -> dict:
        return {
            "scorer_version": self.scorer_version,
            "compliance_flag": self.compliance_flag,
            "handoff": {
                "words": self.handoff_words,
                "readability": self.handoff_readability.as_dict(),
                "checks": [check.as_dict() for check in self.handoff_checks],
            },
            "reply": {
                "words": self.reply_words,
                "readability": self.reply_readability.as_dict(),
                "checks": [check.as_dict() for check in self.reply_checks],
            },
        }


@dataclass(frozen=True)
class TurnChecks:
    """The checks of one candidate turn of the mock call.

    ``turn`` is the 0-based position in the sequence given to ``check_call_turns``. A voice
    turn without a transcript has ``checked=False`` and no checks: it was not checked, which
    is not a failure.
    """

    turn: int
    checked: bool
    words: int = 0
    checks: tuple[Check, ...] = ()

    @property
    def behaviours(self) -> tuple[str, ...]:
        """Keys of the behaviours found in this turn, in CALL_BEHAVIOURS order."""
        return tuple(c.key for c in self.checks if c.key in _CALL_BEHAVIOUR_KEYS and c.passed)

    @property
    def compliance_flag(self) -> bool:
        return any(check.flag == COMPLIANCE for check in self.checks)

    def as_dict(self) -> dict:
        return {
            "turn": self.turn,
            "checked": self.checked,
            "words": self.words,
            "behaviours": list(self.behaviours),
            "checks": [check.as_dict() for check in self.checks],
        }


@dataclass(frozen=True)
class CallChecks:
    """Advisory checks of a mock call, turn by turn and overall."""

    turns: tuple[TurnChecks, ...]
    scorer_version: str = SCORER_VERSIONS["mock_call"]

    @property
    def first_turn(self) -> dict[str, int | None]:
        """Each behaviour's first turn (0-based), or None if it never appeared."""
        first: dict[str, int | None] = dict.fromkeys(_CALL_BEHAVIOUR_KEYS)
        for turn in self.turns:
            for key in turn.behaviours:
                if first[key] is None:
                    first[key] = turn.turn
        return first

    @property
    def behaviours_seen(self) -> tuple[str, ...]:
        return tuple(key for key, turn in self.first_turn.items() if turn is not None)

    @property
    def unchecked_turns(self) -> tuple[int, ...]:
        return tuple(turn.turn for turn in self.turns if not turn.checked)

    @property
    def card_number_turns(self) -> tuple[int, ...]:
        return tuple(turn.turn for turn in self.turns if turn.compliance_flag)

    @property
    def compliance_flag(self) -> bool:
        return bool(self.card_number_turns)

    @property
    def checks(self) -> tuple[Check, ...]:
        """One overall check per behaviour and the card-number check, for the flag views.

        Their spans are empty: evidence spans belong to the turn whose text they point into.
        Details count turns from 1, as people do.
        """
        checked = len(self.turns) - len(self.unchecked_turns)
        overall = []
        for key, first in self.first_turn.items():
            detail = f"First in turn {first + 1}." if first is not None else "Not found."
            overall.append(Check(key, _CALL_BEHAVIOURS[key], first is not None, (), detail))
        cards = self.card_number_turns
        if cards:
            where = ", ".join(str(turn + 1) for turn in cards)
            detail = f"A full card number was typed in turn {where}."
        else:
            detail = f"None found in {checked} typed turn{'s' if checked != 1 else ''}."
        overall.append(
            Check(
                "no_card_number",
                "No full card number in the call",
                not cards,
                (),
                detail,
                COMPLIANCE if cards else None,
            )
        )
        return tuple(overall)

    def as_dict(self) -> dict:
        return {
            "scorer_version": self.scorer_version,
            "compliance_flag": self.compliance_flag,
            "first_turn": self.first_turn,
            "behaviours_seen": list(self.behaviours_seen),
            "unchecked_turns": list(self.unchecked_turns),
            "card_number_turns": list(self.card_number_turns),
            "checks": [check.as_dict() for check in self.checks],
            "turns": [turn.as_dict() for turn in self.turns],
        }


# --- pattern building -------------------------------------------------------------------------


def _phrase_regex(phrase: str) -> str:
    parts = []
    for char in phrase:
        if char == " ":
            parts.append(r"\s++")
        elif char in "'\u2019":
            parts.append(r"['\u2019]")
        else:
            parts.append(re.escape(char))
    return "".join(parts)


def _phrase_pattern(phrases: Iterable[str], *extra: str) -> re.Pattern[str]:
    """Whole-word, case-insensitive alternation of phrases (longest first) and extra regexes."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    body = "|".join([*(_phrase_regex(p) for p in ordered), *extra])
    # Every phrase starts with a letter: the lookahead turns away the other positions at once
    # instead of trying every alternative there (long runs of digits, spaces or punctuation).
    return re.compile(rf"(?<!\w)(?=[^\W\d_])(?:{body})(?!\w)", re.IGNORECASE)


def _find(pattern: re.Pattern[str], text: str, start: int = 0, end: int | None = None):
    spans = []
    for match in pattern.finditer(text, start, len(text) if end is None else end):
        spans.append(Span(match.start(), match.end(), match.group()))
        if len(spans) == MAX_SPANS_PER_CHECK:
            break
    return tuple(spans)


def _merge(*groups: tuple[Span, ...]) -> tuple[Span, ...]:
    spans = sorted({span for group in groups for span in group}, key=lambda s: (s.start, s.end))
    return tuple(spans[:MAX_SPANS_PER_CHECK])


_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_CLOCK = r"\d{1,2}(?::\d\d)?+\s*+(?:am|pm|a\.m\.|p\.m\.)"
_SPELLED = (
    r"(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty-four|"
    r"forty-eight|seventy-two|a\s++few|a\s++couple\s++of)"
)
_UNIT = r"(?:(?:business|working)\s++)?+(?:minutes?|mins?|hours?|hrs?|days?|weeks?)"

# A time by which something will happen: "within 24 hours", "in two business days", "by
# Friday", "by end of day", "tomorrow", "this afternoon", "next week", "on Monday", "3pm",
# "48-hour". A bare "a day" is not one ("twice a day"): spelled numbers need within/in.
_TIME_EXPRESSION = re.compile(
    rf"""(?<!\w)(?=\w)(?:
        (?:within|in|in\s++the\s++next|over\s++the\s++next)\s++(?:\d{{1,3}}|{_SPELLED})\s++{_UNIT}
      | \d{{1,3}}(?:-|\s++){_UNIT}
      | by\s++(?:{_WEEKDAY}|tomorrow|tonight|today|noon|midday|midnight|{_CLOCK}
              |(?:the\s++)?end\s++of\s++(?:the\s++)?(?:day|week|month|business\s++day)
              |close\s++of\s++business|cob|eod)
      | (?:the\s++)?end\s++of\s++(?:the\s++)?(?:day|week)
      | tomorrow|tonight|today
      | this\s++(?:morning|afternoon|evening|week)
      | next\s++(?:{_WEEKDAY}|week|business\s++day|working\s++day)
      | on\s++{_WEEKDAY}
      | {_CLOCK}
    )(?!\w)""",
    re.IGNORECASE | re.VERBOSE,
)

_WHAT_HAPPENED = _phrase_pattern(WHAT_HAPPENED_PHRASES)
_ALREADY_TRIED = _phrase_pattern(
    ALREADY_TRIED_PHRASES,
    r"(?:I|we)(?:\s++have|['\u2019]ve)?+\s++(?:already\s++)?+(?:"
    + "|".join(_phrase_regex(verb) for verb in ALREADY_TRIED_VERBS)
    + ")",
)
_IMPACT_URGENCY = _phrase_pattern(IMPACT_URGENCY_PHRASES)
_REQUEST = _phrase_pattern(REQUEST_PHRASES)
_APOLOGY = _phrase_pattern(APOLOGY_PHRASES)
# "I have sent", "I've already escalated": "I have" followed by a past participle.
_I_HAVE_DONE = (
    r"I(?:\s++have|['\u2019]ve)\s++(?:(?:already|just|now|personally|also)\s++)?+"
    r"(?:[a-z]+ed|" + "|".join(I_HAVE_IRREGULAR_PARTICIPLES) + ")"
)
_LET_ME = r"let\s++me(?!\s++know(?!\w))"
_OWNERSHIP = _phrase_pattern(OWNERSHIP_PHRASES, _I_HAVE_DONE, _LET_ME)
_FUTURE = re.compile(
    rf"(?<!\w)(?=[^\W\d_])(?:{'|'.join(_phrase_regex(p) for p in FUTURE_MARKERS)})(?!\w)",
    re.IGNORECASE,
)
_IDENTITY = _phrase_pattern(IDENTITY_PHRASES)
_EMPATHY = _phrase_pattern(EMPATHY_PHRASES)
_SUMMARY = _phrase_pattern(SUMMARY_PHRASES)
_CLOSING = _phrase_pattern(CLOSING_PHRASES)

# Who the customer is: a reference that holds a digit right after a reference word
# ("order #112-3456789", "account number 88812", "ticket: T-4521"), or a capitalised name after
# a title or a "customer"/"name" lead-in ("Mrs Patel", "Customer: Dana Whitfield", "name is
# Ahmed"). The name must start with a capital letter, so "the customer is upset" is no name.
_CUSTOMER_REFERENCE = re.compile(
    r"(?<!\w)(?i:account|acct|order|ticket|case|reference|ref|booking|invoice|policy|"
    r"subscription|customer|member|membership)"
    r"(?:\s++(?i:number|no\.?+|num|id))?+\s*+[:#]?+\s*+"
    r"(?=[A-Za-z-]*+\d)[A-Za-z0-9][A-Za-z0-9-]{2,}+"
)
_NAME = r"[A-Z][\w'\u2019-]++(?:\s[A-Z][\w'\u2019-]++)?+"
_CUSTOMER_NAME = re.compile(
    rf"(?<!\w)(?:(?i:mr|mrs|ms|miss|mx|dr)\.?+\s++{_NAME}"
    rf"|(?i:customer(?:['\u2019]s)?+(?:\s++name)?+)(?:\s*+:\s*+|\s++(?i:is|named|called)\s++){_NAME}"
    rf"|(?i:name)(?:\s*+:\s*+|\s++(?i:is)\s++){_NAME})"
)


# --- card numbers -----------------------------------------------------------------------------

# A group of digits that is not glued to a date, a time, a decimal or a thousands separator
# ("12/26", "10:30", "3.5", "1,299"): those belong to another kind of number.
_CARD_GROUP = r"(?<!\d)(?<!\d[/.,:])\d++(?![/.,:]\d)"
# Single spaces (also non-breaking) or dashes (also typographic hyphens) between groups.
_CARD_SEPARATOR = r"[ \u00a0\u202f\-\u2010\u2011\u2012\u2013]"
_CARD_RUN = re.compile(rf"{_CARD_GROUP}(?:{_CARD_SEPARATOR}{_CARD_GROUP})*+")
_CARD_SPLIT = re.compile(_CARD_SEPARATOR)
CARD_MIN_DIGITS, CARD_MAX_DIGITS = 13, 19


def _digit_values(digits: str) -> list[int] | None:
    values = []
    for char in digits:
        value = unicodedata.decimal(char, None)
        if value is None:
            return None
        values.append(value)
    return values


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) checksum of a string of digits, as card numbers carry.

    Any decimal digit counts (full-width ``"\\uff14"`` is 4); anything else, or an empty
    string, is False. This is only the checksum: about one random digit string in ten passes.
    """
    values = _digit_values(digits)
    if not values:
        return False
    total = 0
    for position, value in enumerate(reversed(values)):
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _card_layout_plausible(groups: list[str]) -> bool:
    # Unbroken, or grouped the way cards are printed and read out: a first group of four,
    # then groups of three to six (4-4-4-4, 4-6-5 Amex, 4-6-4 Diners, 4-4-4-4-3).
    if len(groups) == 1:
        return True
    return len(groups[0]) == 4 and all(3 <= len(group) <= 6 for group in groups[1:])


def _mask(run: str) -> str:
    # Keep separators and the last four digits, as a receipt does, so the evidence stored
    # with a score never repeats the card number.
    digit_positions = [
        i for i, char in enumerate(run) if unicodedata.decimal(char, None) is not None
    ]
    hidden = set(digit_positions[:-4])
    return "".join("*" if i in hidden else char for i, char in enumerate(run))


def find_card_numbers(text: str) -> list[Span]:
    """Payment card numbers written in a text, as spans with the digits masked.

    A card number here is a run of 13-19 digits, unbroken or grouped by single spaces or
    dashes ("4111 1111 1111 1111", "4111-1111-1111-1111", "4111111111111111", Amex
    "3782 822463 10005"), that passes the Luhn checksum and does not start with 0 (no card
    network issues numbers starting with 0). Not card numbers:

    - a run that fails Luhn (most order numbers) or has fewer than 13 or more than 19 digits
      in all, including a Luhn-valid stretch inside a longer run of digits;
    - grouping no card uses (phone numbers such as "+1 614 555 0199", "2024-01-15");
    - a run right after "+" (an international phone number) or glued to a letter (a code
      such as "INV4111111111111111");
    - digits glued to "/", ":", "." or "," and another digit, which belong to dates, times,
      amounts and decimals ("12/26", "$1,299.00"); a card number followed by an expiry
      ("4111 1111 1111 1111 12/26") is still found;
    - a last-four mention ("card ending 1111") or a masked number ("4111 **** **** 1111").

    Span text is masked (all digits but the last four become "*"); the offsets point at the
    number in ``text``.
    """
    found = []
    for match in _CARD_RUN.finditer(text):
        start, end = match.span()
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if before == "+" or before.isalnum() or after.isalnum():
            continue
        groups = _CARD_SPLIT.split(match.group())
        digits = "".join(groups)
        if not CARD_MIN_DIGITS <= len(digits) <= CARD_MAX_DIGITS:
            continue
        if unicodedata.decimal(digits[0]) == 0 or not _card_layout_plausible(groups):
            continue
        if luhn_valid(digits):
            found.append(Span(start, end, _mask(match.group())))
    return found


def _card_check(key: str, label: str, text: str, where: str) -> Check:
    spans = tuple(find_card_numbers(text))
    if not spans:
        return Check(key, label, True, (), f"No card number found in the {where}.")
    count = f"{len(spans)} card number{'s' if len(spans) != 1 else ''}"
    return Check(
        key,
        label,
        False,
        spans[:MAX_SPANS_PER_CHECK],
        f"{count} written in the {where}: a full card number must never go into notes or "
        "messages (PCI DSS).",
        COMPLIANCE,
    )


# --- readability ------------------------------------------------------------------------------

# A word: letters or digits, with inner apostrophes ("don't", also with a typographic apostrophe).
_WORD = re.compile(r"[^\W_]++(?:['\u2019][^\W_]++)*+")
# Sentence ends: a run of terminal punctuation followed by whitespace or the end of the line,
# so "3.5" and "e.g.," do not end a sentence but "Thanks." and "Really?!" do.
_SENTENCE_END = re.compile(r"[.!?…]++(?=\s|$)")
_VOWEL_GROUP = re.compile(r"[aeiouy]+")
# Two vowels said as two syllables ("Austral-i-an", "radi-o"), unless after t, s, c, g or x,
# where they merge ("nation", "social", "region", "anxious").
_HIATUS = re.compile(r"[^tscgx]i[aou]")


def _silent_final_e(letters: str) -> bool:
    if len(letters) < 3:
        return False  # "be", "he": the e is the only vowel
    if letters.endswith("e") and letters[-2] not in "aeiouy":
        # "table", "little": a consonant before "le" makes it a syllable of its own.
        return not (letters.endswith("le") and len(letters) > 2 and letters[-3] not in "aeiouy")
    if letters.endswith("ed"):
        return letters[-3] not in "aeioutdy"
    if letters.endswith("es"):
        return letters[-3] not in "aeiousxzy" and not letters.endswith(
            ("ches", "shes", "ges", "ces")
        )
    return False


def _syllables(word: str) -> int:
    """English syllables of one word, by a vowel-group heuristic.

    Count groups of vowels (a, e, i, o, u, y), then: drop a silent final "e" ("make", but not
    "table", "free" or "be"); drop the "e" of "-ed" and "-es" when silent ("walked", "makes";
    not "wanted", "boxes", "changes"); add one for an "ia"/"io"/"iu" said as two vowels.
    Accents are stripped first, but a diaeresis splits a vowel pair ("naïve") and an
    accented final e is said ("café"). A word with no Latin letters counts one
    syllable, a number one per digit. About nine words in ten come out right; the Flesch
    formulas only need the total to be close.
    """
    if any(unicodedata.decimal(char, None) is not None for char in word):
        return max(1, sum(1 for char in word if unicodedata.decimal(char, None) is not None))
    decomposed = unicodedata.normalize("NFKD", word.lower())
    letters = "".join(char for char in decomposed if "a" <= char <= "z")
    if not letters:
        return 1
    count = len(_VOWEL_GROUP.findall(letters))
    # A diaeresis splits a vowel pair ("naïve"); an accented final e is said ("café").
    count += decomposed.count("\u0308")
    if count > 1 and _silent_final_e(letters) and not decomposed.endswith("e\u0301"):
        count -= 1
    count += len(_HIATUS.findall(letters))
    return max(1, count)


def _round2(value: float) -> float:
    return float(Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def readability(text: str) -> Readability:
    """Words, sentences, syllables and the Flesch reading ease and Flesch-Kincaid grade.

    Reading ease = 206.835 - 1.015 * words/sentences - 84.6 * syllables/words (higher is
    easier; 60-70 is plain English). Grade = 0.39 * words/sentences + 11.8 * syllables/words
    - 15.59 (a US school grade). Both rounded to two decimals.

    Sentences end at ".", "!", "?" or "…" followed by a space or the end of a line, and at
    every line break (a bulleted hand-off note is several sentences, not one). Syllables
    come from ``_syllables``' heuristic. A text without words gives zeros, not 206.8.
    """
    words = [match.group() for match in _WORD.finditer(text)]
    if not words:
        return Readability(0, 0, 0, 0.0, 0.0)
    sentences = 0
    for line in text.splitlines():
        for part in _SENTENCE_END.split(line):
            if _WORD.search(part):
                sentences += 1
    syllables = sum(_syllables(word) for word in words)
    words_per_sentence = len(words) / sentences
    syllables_per_word = syllables / len(words)
    ease = 206.835 - 1.015 * words_per_sentence - 84.6 * syllables_per_word
    grade = 0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59
    return Readability(len(words), sentences, syllables, _round2(ease), _round2(grade))


# --- written escalation -----------------------------------------------------------------------

# A sentence for the timeline check: up to terminal punctuation followed by a space, a line
# break or the end, so "5 p.m." and "3.5" stay inside their sentence.
_SENTENCE = re.compile(r"(?:[^.!?\n]|[.!?](?=\S))++[.!?]*+")


def _phrase_check(key: str, label: str, text: str, spans: tuple[Span, ...], missing: str) -> Check:
    if spans:
        found = ", ".join(f"“{span.text}”" for span in spans[:3])
        return Check(key, label, True, spans, f"Found {found}.")
    return Check(key, label, False, (), missing)


def _timeline_spans(text: str) -> tuple[Span, ...]:
    """Time expressions in a sentence that also commits to something ("will", "I'll")."""
    spans: list[Span] = []
    for sentence in _SENTENCE.finditer(text):
        times = _find(_TIME_EXPRESSION, text, *sentence.span())
        if not times:
            continue
        markers = _find(_FUTURE, text, *sentence.span())
        if markers:
            spans.extend(markers + times)
        if len(spans) >= MAX_SPANS_PER_CHECK:
            break
    return _merge(tuple(spans))


def check_written_escalation(handoff: str, reply: str) -> WrittenChecks:
    """Advisory checks of the hand-off note to Level 2 and of the reply to the customer.

    Hand-off (what a Level 2 specialist needs to act without calling back):
    ``handoff_customer``, who the customer is (a name after a title or a "customer"/"name"
    lead-in, or an account/order/ticket reference holding a digit);
    ``handoff_what_happened``; ``handoff_already_tried``; ``handoff_impact_urgency`` (an
    impact or urgency phrase, or a time expression such as "by Friday");
    ``handoff_request`` (an explicit ask: "please", "could you", "next step"...);
    ``handoff_no_card_number`` (compliance).

    Reply: ``reply_apology``; ``reply_ownership`` ("I will", "I'll make sure", "I have sent");
    ``reply_next_step_timeline`` (a time expression in a sentence that commits to it: "I'll
    call you tomorrow", not "I waited 24 hours"); ``reply_no_card_number`` (compliance).

    Word counts and readability of both texts come with the checks.
    """
    handoff_checks = (
        _phrase_check(
            "handoff_customer",
            "Names who the customer is",
            handoff,
            _merge(_find(_CUSTOMER_NAME, handoff), _find(_CUSTOMER_REFERENCE, handoff)),
            "No customer name or account/order reference found.",
        ),
        _phrase_check(
            "handoff_what_happened",
            "Says what happened",
            handoff,
            _find(_WHAT_HAPPENED, handoff),
            "No description of the problem found.",
        ),
        _phrase_check(
            "handoff_already_tried",
            "Says what was already tried",
            handoff,
            _find(_ALREADY_TRIED, handoff),
            "Nothing about steps already taken found.",
        ),
        _phrase_check(
            "handoff_impact_urgency",
            "States impact and urgency",
            handoff,
            _merge(_find(_IMPACT_URGENCY, handoff), _find(_TIME_EXPRESSION, handoff)),
            "No impact or urgency found.",
        ),
        _phrase_check(
            "handoff_request",
            "Asks Level 2 for something specific",
            handoff,
            _find(_REQUEST, handoff),
            "No explicit request or next step for Level 2 found.",
        ),
        _card_check(
            "handoff_no_card_number", "No full card number in the hand-off", handoff, "hand-off"
        ),
    )
    reply_checks = (
        _phrase_check(
            "reply_apology",
            "Apologises",
            reply,
            _find(_APOLOGY, reply),
            "No apology found.",
        ),
        _phrase_check(
            "reply_ownership",
            "Takes ownership",
            reply,
            _find(_OWNERSHIP, reply),
            "No ownership phrase such as “I will” or “I have sent” found.",
        ),
        _phrase_check(
            "reply_next_step_timeline",
            "Gives a next step with a timeline",
            reply,
            _timeline_spans(reply),
            "No commitment with a time (“I will call you by Friday”) found.",
        ),
        _card_check("reply_no_card_number", "No full card number in the reply", reply, "reply"),
    )
    return WrittenChecks(handoff_checks, reply_checks, readability(handoff), readability(reply))


# --- mock call --------------------------------------------------------------------------------

_CALL_BEHAVIOURS = {
    "identity_check": "Checks the caller's identity",
    "empathy": "Shows empathy",
    "ownership": "Takes ownership",
    "summary": "Summarises what happens next",
    "closing": "Closes the call",
}
_CALL_BEHAVIOUR_KEYS = tuple(_CALL_BEHAVIOURS)
_CALL_PATTERNS = {
    "identity_check": _IDENTITY,
    "empathy": _EMPATHY,
    "ownership": _OWNERSHIP,
    "summary": _SUMMARY,
    "closing": _CLOSING,
}


def check_call_turns(turns: Sequence[str | None]) -> CallChecks:
    """Advisory checks of the candidate's turns of a mock call.

    ``turns`` holds the candidate's typed text per turn, in order; ``None`` is a voice turn
    with no transcript, reported as not checked (never as a failure). For each typed turn:
    which behaviours appear (identity check asked, empathy, ownership, summary/recap,
    closing), with spans, and whether a card number was typed (compliance). Overall
    (``CallChecks``): the first turn of each behaviour, the unchecked turns and the
    compliance flag.
    """
    results = []
    for index, text in enumerate(turns):
        if text is None:
            results.append(TurnChecks(index, False))
            continue
        if not isinstance(text, str):
            raise ValueError(f"Turn {index} is {type(text).__name__}, expected text or None.")
        checks = [
            _phrase_check(key, label, text, _find(_CALL_PATTERNS[key], text), "Not found.")
            for key, label in _CALL_BEHAVIOURS.items()
        ]
        checks.append(
            _card_check("no_card_number", "No full card number in this turn", text, "turn")
        )
        words = sum(1 for _ in _WORD.finditer(text))
        results.append(TurnChecks(index, True, words, tuple(checks)))
    return CallChecks(tuple(results))


# --- quiz -------------------------------------------------------------------------------------


def _is_number(value: object) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool) and math.isfinite(value)


def _percent(earned: int | float, possible: int | float) -> float:
    """100 * earned / possible, one decimal, rounded half up (exactly, via fractions)."""
    exact = Fraction(earned) / Fraction(possible) * 100
    quotient = Decimal(exact.numerator) / Decimal(exact.denominator)
    return float(quotient.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def score_quiz(
    choices: Mapping[str, str | None],
    key: Mapping[str, Mapping[str, int | float]],
    competencies: Mapping[str, str],
    max_credit: int | float = 2,
) -> QuizScore:
    """Keyed credit of a quiz attempt.

    ``key`` defines the quiz: question key -> {option key: credit}, each credit between 0
    and ``max_credit``. ``choices`` maps question key -> chosen option key; a question that
    is missing or maps to None is unanswered and earns 0. ``competencies`` maps every
    question to its competency (de_escalation, policy, privacy...).

    Every question is worth ``max_credit`` whatever its best option, so ``possible`` is
    ``max_credit`` times the number of questions. A choice that is not an option of its
    question, or a choice for a question the key does not have, raises ValueError: the
    caller validates answers earlier, this is the last guard against scoring garbage.
    """
    if not _is_number(max_credit) or max_credit <= 0:
        raise ValueError("max_credit must be a positive number.")
    if not key:
        raise ValueError("The key has no questions.")
    unknown = [question for question in choices if question not in key]
    if unknown:
        raise ValueError(f"Choices for questions not in the key: {', '.join(map(str, unknown))}.")
    per_question: dict[str, int | float] = {}
    per_competency: dict[str, dict[str, int | float]] = {}
    unanswered = []
    for question, options in key.items():
        if question not in competencies:
            raise ValueError(f"Question {question!r} has no competency.")
        for option, credit in options.items():
            if not _is_number(credit) or not 0 <= credit <= max_credit:
                raise ValueError(
                    f"Question {question!r}, option {option!r}: credit {credit!r} is not "
                    f"between 0 and {max_credit}."
                )
        choice = choices.get(question)
        if choice is None:
            credit = 0
            unanswered.append(question)
        elif choice not in options:
            raise ValueError(f"{choice!r} is not an option of question {question!r}.")
        else:
            credit = options[choice]
        per_question[question] = credit
        row = per_competency.setdefault(competencies[question], {"earned": 0, "possible": 0})
        row["earned"] += credit
        row["possible"] += max_credit
    for row in per_competency.values():
        row["percent"] = _percent(row["earned"], row["possible"])
    earned = sum(per_question.values())
    possible = max_credit * len(key)
    return QuizScore(
        score=_percent(earned, possible),
        earned=earned,
        possible=possible,
        answered=len(key) - len(unanswered),
        per_question=per_question,
        per_competency=per_competency,
        unanswered=tuple(unanswered),
    )


# --- result arithmetic ------------------------------------------------------------------------


def _check_level(level: object, where: str) -> float:
    if not _is_number(level) or not LEVEL_MIN <= level <= LEVEL_MAX:
        raise ValueError(f"{where}: level {level!r} is not between {LEVEL_MIN} and {LEVEL_MAX}.")
    return level


def _check_weight(weight: object, where: str) -> float:
    if not _is_number(weight) or weight <= 0:
        raise ValueError(f"{where}: weight {weight!r} is not a positive number.")
    return weight


def task_score_from_levels(
    levels: Mapping[str, int | float], weights: Mapping[str, int | float]
) -> float:
    """A task's score 0-100 from its rubric levels.

    ``levels`` maps each criterion to its level 1-5 (a float is fine: the mean of several
    reviewers); ``weights`` maps each criterion of the rubric to a positive weight. The
    weighted mean level is mapped linearly, 1 -> 0 and 5 -> 100, and rounded to 2 decimals.
    A criterion of the rubric without a level, a level for a criterion not in the rubric,
    a level outside 1-5 or a weight that is not positive raises ValueError.
    """
    if not weights:
        raise ValueError("The rubric has no criteria.")
    missing = [criterion for criterion in weights if criterion not in levels]
    if missing:
        raise ValueError(f"No level for: {', '.join(map(str, missing))}.")
    extra = [criterion for criterion in levels if criterion not in weights]
    if extra:
        raise ValueError(f"Levels for criteria not in the rubric: {', '.join(map(str, extra))}.")
    total_weight = 0.0
    weighted = 0.0
    for criterion, weight in weights.items():
        weight = _check_weight(weight, f"Criterion {criterion!r}")
        level = _check_level(levels[criterion], f"Criterion {criterion!r}")
        total_weight += weight
        weighted += weight * level
    mean_level = weighted / total_weight
    return _round2((mean_level - LEVEL_MIN) / (LEVEL_MAX - LEVEL_MIN) * 100)


def weighted_total(task_scores: Mapping[str, tuple[int | float, int | float]]) -> float:
    """The weighted mean of task scores: ``{task: (score 0-100, weight)}`` -> 0-100.

    Weights are relative (they need not sum to 100) and must be positive. Rounded to 2
    decimals.
    """
    if not task_scores:
        raise ValueError("No task scores.")
    total_weight = 0.0
    weighted = 0.0
    for task, pair in task_scores.items():
        try:
            score, weight = pair
        except (TypeError, ValueError):
            raise ValueError(f"Task {task!r}: expected (score, weight).") from None
        if not _is_number(score) or not 0 <= score <= 100:
            raise ValueError(f"Task {task!r}: score {score!r} is not between 0 and 100.")
        weight = _check_weight(weight, f"Task {task!r}")
        total_weight += weight
        weighted += weight * score
    return _round2(weighted / total_weight)


def recommend(
    total: float, pass_mark: float, *, compliance_flag: bool, review_margin: float = 10
) -> str:
    """The system's recommendation for a result: "advance", "review" or "reject".

    ``total >= pass_mark`` advances; within ``review_margin`` points below the pass mark
    goes to review; further below is rejected. A compliance flag ALWAYS gives "review",
    whatever the total: a person must look at a card number in a note before anything else.
    The manager decides; this is only the suggestion shown.
    """
    for name, value in (("total", total), ("pass_mark", pass_mark)):
        if not _is_number(value) or not 0 <= value <= 100:
            raise ValueError(f"{name} {value!r} is not between 0 and 100.")
    if not _is_number(review_margin) or review_margin < 0:
        raise ValueError(f"review_margin {review_margin!r} is not a number >= 0.")
    if compliance_flag:
        return "review"
    if total >= pass_mark:
        return "advance"
    if total >= pass_mark - review_margin:
        return "review"
    return "reject"


def _levels(levels: Mapping[str, float] | Iterable[float]) -> list[float]:
    values = list(levels.values()) if isinstance(levels, Mapping) else list(levels)
    return [_check_level(level, "Levels") for level in values]


def recommendation_contradicts_levels(
    recommendation: str, levels: Mapping[str, int | float] | Iterable[int | float]
) -> bool:
    """Whether a reviewer's overall recommendation contradicts their own criterion levels.

    The recommendation is one of "strong_no", "no", "yes", "strong_yes"; ``levels`` are the
    same reviewer's levels 1-5 (a mapping criterion -> level, or just the levels). Low means
    1-2, high means 4-5 (3 is neither). A contradiction is:

    - "strong_yes" while more than half of the levels are low;
    - "strong_no" while more than half are high;
    - "yes" while every level is low;
    - "no" while every level is high.

    The review page asks the reviewer to confirm or fix a contradiction; it is not an error.
    """
    if recommendation not in REVIEWER_RECOMMENDATIONS:
        raise ValueError(
            f"Unknown recommendation {recommendation!r}; expected one of "
            f"{', '.join(REVIEWER_RECOMMENDATIONS)}."
        )
    values = _levels(levels)
    if not values:
        raise ValueError("No levels to compare the recommendation with.")
    low = sum(1 for level in values if level <= 2)
    high = sum(1 for level in values if level >= 4)
    if recommendation == "strong_yes":
        return low * 2 > len(values)
    if recommendation == "strong_no":
        return high * 2 > len(values)
    if recommendation == "yes":
        return low == len(values)
    return high == len(values)


def needs_calibration(levels: Iterable[int | float]) -> bool:
    """Whether several reviewers' levels for the same criterion are two or more apart.

    Fewer than two levels never need calibration.
    """
    values = _levels(levels)
    return len(values) >= 2 and max(values) - min(values) >= 2


def agreed_level(levels: Iterable[int]) -> int | None:
    """The level several reviewers agree on for one criterion, or None.

    When every level is within one of the others (max - min <= 1) the agreed level is
    their mean rounded half up (2 and 3 give 3; 2, 2 and 3 give 2). Otherwise None: the
    reviewers must calibrate first (``needs_calibration`` is True exactly then). One
    reviewer's level is agreed with itself.
    """
    values = _levels(levels)
    if not values:
        raise ValueError("No levels.")
    if max(values) - min(values) > 1:
        return None
    mean = sum(Fraction(value) for value in values) / len(values)
    return math.floor(mean + Fraction(1, 2))
