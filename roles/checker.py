"""Checks a role profile draft before a recruiter publishes it.

The findings are advice shown next to the form: nothing here blocks publishing. The module is
plain Python with no Django imports so it can run anywhere (form validation, a live preview, a
management command) and be tested without a database.

Word rules are matched as whole words or phrases, case-insensitively: a rule for "ninja" does not
fire on "NinjaTrader", and a rule for "aggressive" does not fire on "non-aggressive".
"""

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

__all__ = [
    "ADVICE",
    "VAGUE_PHRASES",
    "WARNING",
    "WORD_RULES",
    "Finding",
    "ProfileDraft",
    "VaguePhrase",
    "WordRule",
    "check_profile",
    "has_blocking_findings",
]

WARNING = "warning"
ADVICE = "advice"

TITLE = "title"
SUMMARY = "summary"
RESPONSIBILITIES = "responsibilities"
REQUIRED = "required_qualifications"
PREFERRED = "preferred_qualifications"
COMPENSATION = "compensation"

GENDER_CODED = "gender-coded-word"
EXCLUSIONARY = "exclusionary-wording"

MAX_REQUIRED_QUALIFICATIONS = 8
MAX_RESPONSIBILITIES = 12
MIN_RESPONSIBILITY_WORDS = 4
NEAR_DUPLICATE_RATIO = 0.85
WIDE_PAY_RATIO = Decimal(2)

# Near-duplicate detection is quadratic, so hostile input is bounded. A list longer than this is
# already flagged as too long, and two lines that agree on their first 200 characters are
# duplicates for a reader.
MAX_NEAR_DUPLICATE_ITEMS = 60
MAX_COMPARED_CHARS = 200
MAX_EXCERPT_MATCHES = 3
MAX_EXCERPT_CHARS = 120

_FIELD_ORDER = (TITLE, SUMMARY, RESPONSIBILITIES, REQUIRED, PREFERRED, COMPENSATION)
_SEVERITY_ORDER = {WARNING: 0, ADVICE: 1}
_ITEM_LABELS = {
    RESPONSIBILITIES: "Responsibility",
    REQUIRED: "Required qualification",
    PREFERRED: "Preferred qualification",
}
_WORD = re.compile(r"\w+(?:['\u2019-]\w+)*")
_NOT_WORD = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class ProfileDraft:
    title: str
    summary: str
    responsibilities: list[str]
    required_qualifications: list[str]
    preferred_qualifications: list[str]
    pay_minimum: Decimal | None
    pay_maximum: Decimal | None
    currency: str
    extra_texts: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    field: str
    message: str
    suggestion: str
    excerpt: str = ""


@dataclass(frozen=True)
class WordRule:
    """A word or phrase to flag. `pattern` is a regex matched as a whole word, ignoring case."""

    pattern: str
    code: str
    reason: str
    suggestion: str
    severity: str = WARNING


@dataclass(frozen=True)
class VaguePhrase:
    pattern: str
    severity: str = WARNING


WORD_RULES: tuple[WordRule, ...] = (
    # Masculine-coded wording.
    WordRule(
        r"rock[- ]?stars?",
        GENDER_CODED,
        "Rockstar is masculine-coded slang. It puts off many women and says nothing about the "
        "actual work.",
        "Describe the skill instead, e.g. 'resolves customer issues quickly and accurately'.",
    ),
    WordRule(
        r"ninjas?",
        GENDER_CODED,
        "Ninja is masculine-coded jargon. Many capable people do not see themselves as one and "
        "skip the job.",
        "Say what they are good at, e.g. 'skilled at troubleshooting account problems'.",
    ),
    WordRule(
        r"gurus?",
        GENDER_CODED,
        "Guru is masculine-coded and asks for a rare expert, which discourages capable people who "
        "would never call themselves one.",
        "Name the expertise and the level, e.g. 'confident with help-desk macros and reports'.",
    ),
    WordRule(
        r"wizards?|jedis?|super[- ]?heroe?s?|unicorns?",
        GENDER_CODED,
        "Fantasy titles set an impossible bar and read as masculine-coded, so strong candidates "
        "rule themselves out.",
        "State the real skill and how much of it the job needs.",
    ),
    WordRule(
        r"hackers?",
        GENDER_CODED,
        "Hacker is masculine-coded in job ads and unclear for a customer-service role.",
        "Say 'finds practical fixes' or 'improves our support processes'.",
        ADVICE,
    ),
    WordRule(
        r"dominant|dominat(?:e|es|ing)",
        GENDER_CODED,
        "Dominant is masculine-coded and suggests pushing people around, the opposite of good "
        "service.",
        "Use 'confident', 'leading' or 'takes ownership of the case'.",
    ),
    WordRule(
        r"aggressive(?:ly)?",
        GENDER_CODED,
        "Aggressive is masculine-coded, and in service work it suggests pressuring customers.",
        "Use 'proactive', 'persistent in following up' or 'ambitious targets'.",
    ),
    WordRule(
        r"competitive(?!\s+(?:pay|salary|salaries|wages?|compensation|benefits|rates?|package"
        r"|remuneration))",
        GENDER_CODED,
        "Competitive is masculine-coded when it describes people or the team, and hints at a "
        "cut-throat workplace. Competitive pay is fine.",
        "Describe the goals instead, e.g. 'motivated by clear weekly targets'.",
        ADVICE,
    ),
    WordRule(
        r"fearless(?:ly)?",
        GENDER_CODED,
        "Fearless is masculine-coded and suggests risk-taking more than the calm judgment service "
        "work needs.",
        "Use 'confident' or 'comfortable handling difficult calls'.",
        ADVICE,
    ),
    WordRule(
        r"head[- ]?strong|stubborn",
        GENDER_CODED,
        "This is masculine-coded and reads as 'does not listen', which does not fit a team that "
        "works to shared processes.",
        "Use 'determined' or 'sees a case through to the end'.",
        ADVICE,
    ),
    WordRule(
        r"crush(?:ing|es)?\s+(?:it|targets?|goals?|quotas?|the\s+competition)",
        GENDER_CODED,
        "Masculine-coded bravado that says more about the team's mood than about the job.",
        "State the target plainly, e.g. 'keeps a customer satisfaction score of 90% or more'.",
    ),
    WordRule(
        r"killer(?:\s+instinct)?",
        GENDER_CODED,
        "Violent, masculine-coded slang that puts off many applicants.",
        "Use 'excellent' or describe the skill itself.",
    ),
    WordRule(
        r"ruthless(?:ly)?",
        GENDER_CODED,
        "Ruthless is masculine-coded and signals a harsh place to work.",
        "Use 'focused' or 'decisive'.",
    ),
    WordRule(
        r"hungry",
        GENDER_CODED,
        "Hungry is masculine-coded hustle talk and can read as long hours without limits.",
        "Use 'motivated' or 'keen to learn and progress'.",
        ADVICE,
    ),
    WordRule(
        r"alpha\s+(?:males?|personalit(?:y|ies)|types?|mindset)",
        GENDER_CODED,
        "This is openly masculine and excludes anyone who does not fit the stereotype.",
        "Describe the behaviour you need, e.g. 'takes the lead on escalations'.",
    ),
    WordRule(
        r"thick[- ]skin(?:ned)?",
        GENDER_CODED,
        "Thick-skinned is masculine-coded and hints that staff must absorb abuse without support.",
        "Say 'stays calm with upset customers' and mention how you support the team after hard "
        "calls.",
        ADVICE,
    ),
    WordRule(
        r"(?:right|best)\s+(?:man|guy)\s+for\s+the\s+job",
        GENDER_CODED,
        "This assumes the new hire will be a man.",
        "Write 'the right person for the job', or speak to the reader: 'you'.",
    ),
    WordRule(
        r"manpower",
        GENDER_CODED,
        "Manpower is a gendered word for staff.",
        "Use 'staff', 'people' or 'team capacity'.",
    ),
    WordRule(
        r"man[- ]?hours?",
        GENDER_CODED,
        "Man-hours is a gendered word for working time.",
        "Use 'hours of work' or 'person-hours'.",
    ),
    WordRule(
        r"(?:chair|sales|fore|spokes|middle|repair|handy|business|crafts|work)(?:man|men)",
        GENDER_CODED,
        "A job title ending in -man suggests the role is meant for men.",
        "Use a neutral title: 'chair', 'salesperson', 'supervisor', 'spokesperson', 'worker'.",
    ),
    WordRule(
        r"guys",
        GENDER_CODED,
        "Many readers take 'guys' to mean men only.",
        "Use 'everyone', 'the team' or 'folks'.",
        ADVICE,
    ),
    WordRule(
        r"(?<![)/])(?<!\bor\s)(?:he|she)\s+(?:will|must|should|shall|would|can|needs\s+to"
        r"|has\s+to|is\s+expected\s+to)",
        GENDER_CODED,
        "Calling the future hire 'he' or 'she' assumes their gender and tells others the job "
        "is not for them.",
        "Speak to the reader directly: 'you will ...'.",
    ),
    WordRule(
        r"himself|herself",
        GENDER_CODED,
        "This assumes the gender of the future hire.",
        "Use 'yourself' and address the reader as 'you'.",
        ADVICE,
    ),
    WordRule(
        r"he\s+or\s+she|she\s+or\s+he|s?he\s*/\s*s?he|s/he|\(s\)he|him\s+or\s+her|her\s+or\s+him"
        r"|his\s+or\s+her|his\s*/\s*her|him\s*/\s*her",
        GENDER_CODED,
        "This is clumsy to read and leaves out people who use neither pronoun.",
        "Speak to the candidate directly with 'you', or use 'they'.",
        ADVICE,
    ),
    # Feminine-coded wording.
    WordRule(
        r"nurtur(?:e|es|ing)",
        GENDER_CODED,
        "Nurturing is feminine-coded. One such word is fine, but wording that leans to one gender "
        "can skew who applies.",
        "Balance it with the concrete task, e.g. 'coaches new team members' or 'builds long-term "
        "customer relationships'.",
        ADVICE,
    ),
    WordRule(
        r"sympathetic",
        GENDER_CODED,
        "Sympathetic is feminine-coded. Gender-coded wording can skew who applies, so keep the "
        "overall tone balanced.",
        "Describe the behaviour, e.g. 'listens carefully and acknowledges how the customer feels'.",
        ADVICE,
    ),
    WordRule(
        r"gentle",
        GENDER_CODED,
        "Gentle is feminine-coded. Gender-coded wording can skew who applies, so keep the overall "
        "tone balanced.",
        "Use 'calm and patient', or describe how the person handles a difficult call.",
        ADVICE,
    ),
    WordRule(
        r"bubbly",
        GENDER_CODED,
        "Bubbly is feminine-coded and judges personality rather than skill.",
        "Use 'friendly and clear on the phone'.",
        ADVICE,
    ),
    WordRule(
        r"affectionate|tender[- ]hearted|soft[- ]spoken",
        GENDER_CODED,
        "This is feminine-coded. Gender-coded wording can skew who applies; balance it with plain "
        "descriptions of the work.",
        "Use 'warm and courteous with customers' or describe the task.",
        ADVICE,
    ),
    WordRule(
        r"motherly|maternal",
        GENDER_CODED,
        "This assumes the hire is a woman and says nothing about the skill needed.",
        "Use 'patient and supportive with new starters'.",
    ),
    WordRule(
        r"submissive|docile|obedient",
        GENDER_CODED,
        "These words are feminine-coded and describe compliance, not skill.",
        "Use 'follows our processes and escalation rules'.",
    ),
    WordRule(
        r"waitress(?:es)?|hostess(?:es)?|stewardess(?:es)?|sales(?:girls?|lady|ladies|wom[ae]n)",
        GENDER_CODED,
        "A job title that names a gender signals the role is only for women.",
        "Use a neutral title: 'server', 'host', 'flight attendant', 'salesperson'.",
    ),
    WordRule(
        r"girl\s+friday|(?:office|sales|shop|phone|reception)\s*girls?",
        GENDER_CODED,
        "Calling staff 'girls' is gendered and belittling.",
        "Use the job title, e.g. 'receptionist' or 'customer service associate'.",
    ),
    # Age.
    WordRule(
        r"young(?:er)?(?:\s*,\s*\w+|\s+and\s+\w+)?\s+(?:team|people|persons?|candidates?"
        r"|applicants?|professionals?|talent|graduates?|staff|individuals?|blood)",
        EXCLUSIONARY,
        "This signals that older candidates are not wanted, which is age discrimination in many "
        "places.",
        "Describe the team's work instead, e.g. 'a friendly, fast-moving support team'.",
    ),
    WordRule(
        r"youthful",
        EXCLUSIONARY,
        "Youthful is about age, not ability, and turns older applicants away.",
        "Describe the pace of work, e.g. 'comfortable in a busy, fast-moving queue'.",
    ),
    WordRule(
        r"digital\s+natives?",
        EXCLUSIONARY,
        "Digital native means 'grew up with the internet', so it screens people out by age.",
        "Name the tools, e.g. 'comfortable with live chat, email and web-based ticketing'.",
    ),
    WordRule(
        r"(?:recent|fresh)\s+(?:college\s+|university\s+|school\s+)?grad(?:uate)?s?",
        EXCLUSIONARY,
        "Asking for recent graduates is a stand-in for age and shuts out career changers and "
        "people returning to work.",
        "If the role is entry level, say so: 'no experience needed; we train you'.",
        ADVICE,
    ),
    WordRule(
        r"millennials?|gen(?:eration)?[- ]?z(?:ers?)?",
        EXCLUSIONARY,
        "Naming a generation tells applicants which age group you want.",
        "Describe the skills or the customers instead.",
        ADVICE,
    ),
    WordRule(
        r"aged\s+(?:between\s+)?\d{1,2}\s*(?:-|to|and)\s*\d{1,2}|(?:maximum|upper)\s+age"
        r"(?:\s+limit)?|age\s+limit",
        EXCLUSIONARY,
        "An age range or limit rules people out by age, which is unlawful in many places.",
        "Remove it. If the law sets a minimum age (for example 18), state only that.",
    ),
    WordRule(
        r"(?:no|not)\s+more\s+than\s+\d+\s+years?(?:\s+of)?(?:\s+\w+)?\s+experience"
        r"|max(?:imum)?\.?\s+(?:of\s+)?\d+\s+years?(?:\s+of)?(?:\s+\w+)?\s+experience",
        EXCLUSIONARY,
        "Capping experience screens out older and more experienced people.",
        "State the minimum experience you need and judge the rest at interview.",
        ADVICE,
    ),
    # Nationality, language and accent.
    WordRule(
        r"(?<!\bnon\s)(?:near[- ])?native(?:\s+\w+)?\s+speak(?:er|ers|ing)|native[- ]level\s+\w+"
        r"|native\s+(?:command|fluency|proficiency)",
        EXCLUSIONARY,
        "Where someone grew up does not decide how well they speak. This excludes fluent people "
        "who learned the language later and can be nationality discrimination.",
        "Say the level you need, e.g. 'fluent in written and spoken English' or 'English at C1 "
        "level'.",
    ),
    WordRule(
        r"as\s+(?:a|your|their|the)\s+(?:first|native|mother)\s+(?:language|tongue)"
        r"|(?:mother\s+tongue|first\s+language|native\s+language)\s*(?::|-|is|must\s+be)",
        EXCLUSIONARY,
        "Requiring a first language excludes fluent speakers by origin rather than by skill.",
        "Say the level you need, e.g. 'fluent in written and spoken English'.",
    ),
    WordRule(
        r"(?:neutral|native|unaccented|standard|american|british|english|local)\s+accents?"
        r"|accent[- ]free|no\s+(?:strong\s+|heavy\s+|foreign\s+)?accent"
        r"|without\s+(?:an?\s+|any\s+)?(?:strong\s+|heavy\s+|foreign\s+|noticeable\s+)?accent",
        EXCLUSIONARY,
        "An accent is not a measure of how clearly someone speaks. This excludes people by where "
        "they come from.",
        "Say 'speaks clearly and is easy to understand on the phone', and test it in the mock "
        "call.",
    ),
    # Disability and health.
    WordRule(
        r"able[- ]bodied",
        EXCLUSIONARY,
        "This shuts out disabled people, though most service work can be done with reasonable "
        "adjustments.",
        "Remove it. If a physical task is essential, describe the task and say adjustments are "
        "available.",
    ),
    WordRule(
        r"physically\s+fit|(?:good|excellent)\s+physical\s+(?:condition|shape|fitness)"
        r"|in\s+(?:good|excellent|perfect)\s+health",
        EXCLUSIONARY,
        "Desk-based service work rarely needs physical fitness; this puts off disabled people and "
        "people with health conditions.",
        "Remove it, or name the essential task (e.g. 'lifts parcels up to 10 kg') and offer "
        "adjustments.",
    ),
    WordRule(
        r"perfect\s+(?:vision|eyesight|hearing)|20/20\s+vision",
        EXCLUSIONARY,
        "This excludes people who use glasses, hearing aids or screen readers, and can be "
        "disability discrimination.",
        "Describe what the job needs, e.g. 'holds phone conversations (headsets and assistive "
        "technology provided)'.",
    ),
    WordRule(
        r"no\s+(?:disabilit(?:y|ies)|medical\s+conditions|health\s+(?:problems|issues"
        r"|conditions))",
        EXCLUSIONARY,
        "Screening out disability or illness is discrimination in most places.",
        "Remove it and say that you make reasonable adjustments for the interview and the job.",
    ),
    # Appearance.
    WordRule(
        r"clean[- ]shaven",
        EXCLUSIONARY,
        "This excludes people who keep a beard for religious, cultural or medical reasons.",
        "Remove it. If a real safety rule applies (e.g. a respirator), name it and the "
        "alternatives.",
    ),
    WordRule(
        r"no\s+(?:visible\s+)?(?:tattoos|piercings)",
        EXCLUSIONARY,
        "Appearance rules unrelated to the work put off good candidates, including some with "
        "cultural or religious markings.",
        "Remove it. If staff meet customers in person, describe the dress code in general terms.",
        ADVICE,
    ),
    WordRule(
        r"good[- ]looking|pleasing\s+(?:appearance|personality)|attractive\s+(?:appearance|looks"
        r"|candidates?|applicants?|people|persons?|individuals?)",
        EXCLUSIONARY,
        "Looks have nothing to do with service quality, and asking for them invites bias.",
        "Remove it. If staff meet customers in person, describe the dress code.",
    ),
    # Sex, family and caring.
    WordRule(
        r"must\s+be\s+(?:a\s+)?(?:male|female|man|woman)|(?:male|female)s?\s+(?:candidates?\s+"
        r"|applicants?\s+)?only|(?:men|women)\s+only",
        EXCLUSIONARY,
        "Restricting a job to one sex is unlawful in most places outside narrow legal exceptions.",
        "Remove it and open the role to everyone.",
    ),
    WordRule(
        r"no\s+(?:family\s+commitments|dependants|dependents|children|kids)"
        r"|(?:single|unmarried)\s+(?:candidates?|applicants?|people)"
        r"|without\s+(?:children|kids|family\s+commitments)",
        EXCLUSIONARY,
        "Screening by marriage or children is discrimination and falls hardest on mothers.",
        "State the schedule, e.g. 'rotating shifts including two weekends a month', and let "
        "candidates decide.",
    ),
    WordRule(
        r"no\s+(?:employment|career|work|cv|resume|r\u00e9sum\u00e9)\s+gaps"
        r"|no\s+gaps\s+in\s+(?:your\s+)?(?:employment|career|work\s+history|cv|resume"
        r"|r\u00e9sum\u00e9)|(?:continuous|uninterrupted|unbroken)\s+(?:employment|work)"
        r"(?:\s+history)?|gap[- ]free\s+(?:cv|resume|employment)",
        EXCLUSIONARY,
        "Gaps usually mean caring for family, illness, study or a hard job market. This rules out "
        "parents (often women), carers and disabled people.",
        "Remove it. Ask about relevant experience, not an unbroken record.",
    ),
    WordRule(
        r"(?:must|should|will)\s+be\s+(?:available|reachable|on\s+call)\s+(?:24/7|at\s+all\s+times"
        r"|around\s+the\s+clock)|24/7\s+availability",
        EXCLUSIONARY,
        "Round-the-clock availability rules out parents, carers and people with health "
        "conditions, and is rarely what the job really needs.",
        "State the actual shift pattern and any on-call rota.",
        ADVICE,
    ),
    WordRule(
        r"work\s+hard[\s,;.&/+-]*(?:and\s+)?play\s+hard",
        EXCLUSIONARY,
        "This hints at long hours and after-work socialising, which puts off parents, carers and "
        "people who do not drink.",
        "Describe the real schedule and perks, e.g. 'set shifts, no unpaid overtime, team lunches "
        "in work time'.",
        ADVICE,
    ),
    WordRule(
        r"(?:we\s+are|we['\u2019]re)\s+(?:like\s+)?(?:a|one)\s+(?:big\s+)?(?:happy\s+)?family"
        r"|like\s+(?:a|one)\s+(?:big\s+)?(?:happy\s+)?family",
        EXCLUSIONARY,
        "'We are a family' can read as 'we expect loyalty beyond the contract' and blurs the line "
        "between work and home.",
        "Describe how the team supports each other, e.g. 'a supportive team with regular 1:1s'.",
        ADVICE,
    ),
    # Other exclusionary wording.
    WordRule(
        r"cultur(?:e|al)\s+fit|fits?\s+(?:in(?:to)?\s+)?(?:with\s+)?our\s+culture",
        EXCLUSIONARY,
        "Culture fit tends to reward people who are like the current team and quietly excludes "
        "everyone else.",
        "Name the values you hire for, e.g. 'shares our values of honesty and ownership', or ask "
        "for 'values add': what new they bring.",
        ADVICE,
    ),
    WordRule(
        r"must\s+(?:have|own)\s+(?:(?:a|an|your|their)\s+)?(?:own\s+)?(?:car|vehicle|transport)"
        r"|own\s+(?:car|vehicle|transport)\s+(?:is\s+)?(?:required|essential|a\s+must)",
        EXCLUSIONARY,
        "Requiring a car shuts out people who cannot drive, including some disabled people, and "
        "those who cannot afford one. It is rarely essential for service work.",
        "Drop it unless the job involves driving; otherwise say 'able to reach our office for "
        "shifts starting at 7am'.",
        ADVICE,
    ),
)

VAGUE_PHRASES: tuple[VaguePhrase, ...] = (
    VaguePhrase(r"other\s+(?:duties|tasks|responsibilities)(?:\s+as\s+\w+)?"),
    VaguePhrase(
        r"(?:various|assorted|miscellaneous|misc\.?|ad[- ]hoc|random)\s+(?:tasks?|duties|jobs"
        r"|work|projects|admin(?:istration)?)"
    ),
    VaguePhrase(r"misc\.?|miscellaneous"),
    VaguePhrase(r"help(?:ing)?\s+out"),
    VaguePhrase(r"anything\s+else|whatever\s+(?:is\s+needed|it\s+takes)|wear\s+many\s+hats"),
    VaguePhrase(r"etc\.?|and\s+so\s+on|and\s+more", ADVICE),
    VaguePhrase(r"as\s+(?:needed|required|necessary|assigned)", ADVICE),
)

_VAGUE_SUGGESTION = (
    "Name the task, the channel and the outcome, e.g. 'Answer billing questions by chat and "
    "email, resolving most on first contact'."
)


def check_profile(draft: ProfileDraft) -> list[Finding]:
    """All findings for a draft: warnings first, then advice, each in form order."""
    findings = [
        *_check_pay(draft),
        *_check_responsibilities(draft.responsibilities),
        *_check_qualifications(draft.required_qualifications, draft.preferred_qualifications),
        *_check_wording(draft),
    ]
    return _ordered(findings, draft.extra_texts)


def has_blocking_findings(findings: Iterable[Finding]) -> bool:
    """Whether any finding should be fixed before publishing (publishing is never blocked)."""
    return any(finding.severity == WARNING for finding in findings)


# --- compensation ---------------------------------------------------------------------------


def _check_pay(draft: ProfileDraft) -> list[Finding]:
    findings = []
    missing = _missing_pay_parts(draft)
    if missing:
        findings.append(
            Finding(
                code="missing-pay-range",
                severity=WARNING,
                field=COMPENSATION,
                message=f"The pay range is incomplete (missing: {', '.join(missing)}). Many "
                "candidates skip jobs that hide pay, and some places require a pay range by law.",
                suggestion="Enter a minimum, a maximum and a currency, e.g. 18.00 to 22.00 USD "
                "per hour.",
            )
        )
    if draft.pay_minimum is None or draft.pay_maximum is None:
        return findings
    low, high = _amount(draft.pay_minimum), _amount(draft.pay_maximum)
    excerpt = f"{draft.pay_minimum} to {draft.pay_maximum} {(draft.currency or '').strip()}"
    findings.extend(_pay_range_findings(low, high, excerpt.strip()))
    return findings


def _missing_pay_parts(draft: ProfileDraft) -> list[str]:
    parts = {
        "minimum": draft.pay_minimum is None,
        "maximum": draft.pay_maximum is None,
        "currency": not (draft.currency or "").strip(),
    }
    return [name for name, absent in parts.items() if absent]


def _amount(value: Decimal) -> Decimal | None:
    """The value as a positive finite Decimal, or None when it cannot be a pay figure."""
    try:
        amount = Decimal(value)
    except (TypeError, ValueError, InvalidOperation):
        return None
    return amount if amount.is_finite() and amount > 0 else None


def _pay_range_findings(low: Decimal | None, high: Decimal | None, excerpt: str) -> list[Finding]:
    if low is None or high is None:
        return [
            _pay_finding(
                "invalid-pay-range",
                WARNING,
                "Pay figures must be positive amounts; a zero or negative figure reads as unpaid "
                "or not set.",
                "Enter the real hourly or yearly pay for a new hire.",
                excerpt,
            )
        ]
    if low > high:
        return [
            _pay_finding(
                "invalid-pay-range",
                WARNING,
                "The minimum pay is higher than the maximum.",
                "Swap the two figures or correct them.",
                excerpt,
            )
        ]
    if high > WIDE_PAY_RATIO * low:
        return [
            _pay_finding(
                "wide-pay-range",
                ADVICE,
                "The maximum is more than twice the minimum. A range that wide reads as vague, and "
                "candidates cannot tell what they will earn.",
                "Narrow it to what you would really pay a new hire, or split the role into levels "
                "with their own ranges.",
                excerpt,
            )
        ]
    return []


def _pay_finding(code: str, severity: str, message: str, suggestion: str, excerpt: str) -> Finding:
    return Finding(code, severity, COMPENSATION, message, suggestion, excerpt)


# --- responsibilities and qualifications ----------------------------------------------------


def _check_responsibilities(lines: Sequence[str]) -> Iterator[Finding]:
    for number, line in enumerate(lines, start=1):
        finding = _vague_responsibility(number, line)
        if finding:
            yield finding
    yield from _duplicates(lines, RESPONSIBILITIES, "duplicate-responsibility")
    count = _count_filled(lines)
    if count > MAX_RESPONSIBILITIES:
        yield Finding(
            code="too-many-responsibilities",
            severity=ADVICE,
            field=RESPONSIBILITIES,
            message=f"There are {count} responsibilities. Past about {MAX_RESPONSIBILITIES} the "
            "list is hard to read and the main work gets lost.",
            suggestion="Keep the 6 to 10 tasks that fill most of the week; merge or drop the rest.",
        )


def _vague_responsibility(number: int, line: str) -> Finding | None:
    text = _normalise_text(line).strip()
    if not text:
        return Finding(
            code="vague-responsibility",
            severity=ADVICE,
            field=RESPONSIBILITIES,
            message=f"Responsibility {number} is empty and will show as a blank bullet.",
            suggestion="Remove the empty line or write the task out.",
        )
    for phrase in VAGUE_PHRASES:
        match = _regex(phrase.pattern).search(text)
        if match:
            return Finding(
                code="vague-responsibility",
                severity=phrase.severity,
                field=RESPONSIBILITIES,
                message=f"Responsibility {number} uses the vague phrase '{match.group(0)}', so "
                "candidates cannot picture the job.",
                suggestion=_VAGUE_SUGGESTION,
                excerpt=_shorten(text),
            )
    if len(_WORD.findall(text)) < MIN_RESPONSIBILITY_WORDS:
        return Finding(
            code="vague-responsibility",
            severity=ADVICE,
            field=RESPONSIBILITIES,
            message=f"Responsibility {number} is only a few words long, so candidates cannot "
            "picture the job.",
            suggestion=_VAGUE_SUGGESTION,
            excerpt=_shorten(text),
        )
    return None


def _check_qualifications(required: Sequence[str], preferred: Sequence[str]) -> Iterator[Finding]:
    yield from _duplicates(required, REQUIRED, "duplicate-qualification")
    yield from _duplicates(preferred, PREFERRED, "duplicate-qualification")
    yield from _listed_as_both(required, preferred)
    count = _count_filled(required)
    if count > MAX_REQUIRED_QUALIFICATIONS:
        yield Finding(
            code="long-requirement-list",
            severity=WARNING,
            field=REQUIRED,
            message=f"There are {count} required qualifications. Many qualified people, women "
            "especially, apply only when they meet every listed requirement, so a long list "
            "turns good candidates away.",
            suggestion=f"Keep the {MAX_REQUIRED_QUALIFICATIONS} or fewer that are truly needed "
            "on day one and move the nice-to-haves to preferred qualifications.",
        )


def _duplicates(items: Sequence[str], field_name: str, code: str) -> Iterator[Finding]:
    """Exact repeats (after normalising) are warnings; near repeats are advice."""
    label = _ITEM_LABELS[field_name]
    keys = [_comparable(item) for item in items]
    first_seen: dict[str, int] = {}
    for index, key in enumerate(keys):
        if not key:
            continue
        if key in first_seen:
            message = f"{label} {index + 1} repeats {label.lower()} {first_seen[key] + 1}."
            yield _duplicate_finding(code, WARNING, field_name, message, items[index])
            continue
        first_seen[key] = index
        similar = _near_duplicate_of(index, keys)
        if similar is not None:
            message = f"{label} {index + 1} says almost the same as {label.lower()} {similar + 1}."
            yield _duplicate_finding(code, ADVICE, field_name, message, items[index])


def _near_duplicate_of(index: int, keys: Sequence[str]) -> int | None:
    if index >= MAX_NEAR_DUPLICATE_ITEMS:
        return None
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(keys[index][:MAX_COMPARED_CHARS])
    for earlier in range(index):
        if not keys[earlier]:
            continue
        matcher.set_seq1(keys[earlier][:MAX_COMPARED_CHARS])
        if (
            matcher.real_quick_ratio() >= NEAR_DUPLICATE_RATIO
            and matcher.quick_ratio() >= NEAR_DUPLICATE_RATIO
            and matcher.ratio() >= NEAR_DUPLICATE_RATIO
        ):
            return earlier
    return None


def _listed_as_both(required: Sequence[str], preferred: Sequence[str]) -> Iterator[Finding]:
    """Only exact repeats: '2 years' preferred over '1 year' required is a deliberate choice."""
    required_at = {}
    for index, item in enumerate(required):
        required_at.setdefault(_comparable(item), index)
    required_at.pop("", None)
    for index, item in enumerate(preferred):
        match = required_at.get(_comparable(item))
        if match is not None:
            yield _duplicate_finding(
                "duplicate-qualification",
                WARNING,
                PREFERRED,
                f"Preferred qualification {index + 1} is also required qualification "
                f"{match + 1}; it cannot be both.",
                item,
            )


def _duplicate_finding(
    code: str, severity: str, field_name: str, message: str, item: str
) -> Finding:
    return Finding(
        code=code,
        severity=severity,
        field=field_name,
        message=message,
        suggestion="Merge them into one line, or make the difference clear (the channel, the "
        "customer or the outcome).",
        excerpt=_shorten(_normalise_text(item).strip()),
    )


def _count_filled(items: Sequence[str]) -> int:
    return sum(1 for item in items if (item or "").strip())


# --- wording ----------------------------------------------------------------------------------


def _check_wording(draft: ProfileDraft) -> Iterator[Finding]:
    """One finding per rule and field, listing the distinct words that matched."""
    for field_name, texts in _scanned_texts(draft):
        normalised = [_normalise_text(text) for text in texts]
        for rule in WORD_RULES:
            matches = _distinct_matches(_regex(rule.pattern), normalised)
            if matches:
                yield Finding(
                    code=rule.code,
                    severity=rule.severity,
                    field=field_name,
                    message=rule.reason,
                    suggestion=rule.suggestion,
                    excerpt=", ".join(matches),
                )


def _scanned_texts(draft: ProfileDraft) -> list[tuple[str, Sequence[str]]]:
    extras = draft.extra_texts or {}
    return [
        (TITLE, [draft.title]),
        (SUMMARY, [draft.summary]),
        (RESPONSIBILITIES, draft.responsibilities),
        (REQUIRED, draft.required_qualifications),
        (PREFERRED, draft.preferred_qualifications),
        *((name, [extras[name]]) for name in sorted(extras)),
    ]


def _distinct_matches(regex: re.Pattern[str], texts: Iterable[str]) -> list[str]:
    found: dict[str, str] = {}
    for text in texts:
        for match in regex.finditer(text):
            words = _SPACES.sub(" ", match.group(0))
            found.setdefault(words.casefold(), words)
            if len(found) == MAX_EXCERPT_MATCHES:
                return list(found.values())
    return list(found.values())


@functools.cache
def _regex(pattern: str) -> re.Pattern[str]:
    """Compile a rule so it only matches whole words; a leading hyphen counts as part of a word."""
    return re.compile(rf"(?<![\w-])(?:{pattern})(?!\w)", re.IGNORECASE)


# --- helpers ----------------------------------------------------------------------------------


def _normalise_text(text: str) -> str:
    """NFKC folds look-alike characters (full-width letters, ligatures) into plain ones."""
    return unicodedata.normalize("NFKC", text or "")


def _comparable(text: str) -> str:
    folded = _NOT_WORD.sub(" ", _normalise_text(text).casefold().replace("&", " and "))
    return " ".join(folded.split())


def _shorten(text: str) -> str:
    text = _SPACES.sub(" ", text)
    if len(text) <= MAX_EXCERPT_CHARS:
        return text
    return text[: MAX_EXCERPT_CHARS - 3].rstrip() + "..."


def _ordered(findings: list[Finding], extra_texts: dict[str, str]) -> list[Finding]:
    """Warnings before advice, then by place in the form; otherwise the order found."""
    field_rank = {name: rank for rank, name in enumerate(_FIELD_ORDER)}
    for name in sorted(extra_texts or {}):
        field_rank.setdefault(name, len(field_rank))
    return sorted(
        findings,
        key=lambda finding: (
            _SEVERITY_ORDER.get(finding.severity, len(_SEVERITY_ORDER)),
            field_rank.get(finding.field, len(field_rank)),
        ),
    )
