"""The role profile checker: what a recruiter is told before publishing a draft."""

import ast
import dataclasses
import re
import time
from decimal import Decimal
from pathlib import Path

import pytest

from roles import checker
from roles.checker import (
    ADVICE,
    WARNING,
    WORD_RULES,
    Finding,
    ProfileDraft,
    check_profile,
    has_blocking_findings,
)

GOOD_PROFILE = ProfileDraft(
    title="Customer Service Associate (Billing)",
    summary=(
        "Join our support team and help customers sort out billing questions by phone, chat and "
        "email. You will get four weeks of paid training and a clear path to team lead."
    ),
    responsibilities=[
        "Answer billing questions by phone, chat and email within our service targets",
        "Resolve refund and payment issues on first contact where you can",
        "Escalate complex account disputes to the tier 2 team with clear notes",
        "Record every conversation accurately in the ticketing system",
        "Share recurring customer problems with the team lead each week",
    ],
    required_qualifications=[
        "Fluent in written and spoken English",
        "Comfortable using a computer, web apps and a headset",
        "Clear, patient writing in short emails and chat messages",
    ],
    preferred_qualifications=[
        "One year of experience in a contact centre or retail role",
        "Spanish at conversational level",
    ],
    pay_minimum=Decimal("18.00"),
    pay_maximum=Decimal("22.50"),
    currency="USD",
    extra_texts={
        "benefits": "Competitive pay, health insurance from day one and 25 days of paid leave.",
        "training": "Four weeks of paid classroom and shadowing training with a mentor.",
    },
)


def draft(**changes) -> ProfileDraft:
    return dataclasses.replace(GOOD_PROFILE, **changes)


def codes(findings: list[Finding]) -> list[str]:
    return [finding.code for finding in findings]


def only(findings: list[Finding], code: str) -> Finding:
    matching = [finding for finding in findings if finding.code == code]
    assert len(matching) == 1, findings
    return matching[0]


def wording_in_summary(text: str) -> list[Finding]:
    return [
        finding
        for finding in check_profile(draft(summary=text))
        if finding.code in {"gender-coded-word", "exclusionary-wording"}
    ]


# --- a good profile -------------------------------------------------------------------------


def test_well_written_csa_profile_has_no_findings():
    assert check_profile(GOOD_PROFILE) == []
    assert has_blocking_findings(check_profile(GOOD_PROFILE)) is False


# --- pay ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "missing"),
    [
        ({"pay_minimum": None}, "minimum"),
        ({"pay_maximum": None}, "maximum"),
        ({"currency": ""}, "currency"),
        ({"currency": "   "}, "currency"),
    ],
)
def test_warns_when_part_of_pay_range_is_missing(changes, missing):
    finding = only(check_profile(draft(**changes)), "missing-pay-range")
    assert finding.severity == WARNING
    assert finding.field == "compensation"
    assert missing in finding.message
    assert finding.suggestion


def test_names_every_missing_pay_part_in_one_warning():
    findings = check_profile(draft(pay_minimum=None, pay_maximum=None, currency=""))
    finding = only(findings, "missing-pay-range")
    assert all(part in finding.message for part in ("minimum", "maximum", "currency"))


def test_warns_when_minimum_pay_is_above_maximum():
    findings = check_profile(draft(pay_minimum=Decimal(25), pay_maximum=Decimal(20)))
    finding = only(findings, "invalid-pay-range")
    assert finding.severity == WARNING
    assert finding.excerpt == "25 to 20 USD"


@pytest.mark.parametrize("bad", [Decimal(0), Decimal(-5), Decimal("NaN"), Decimal("Infinity")])
def test_warns_on_zero_negative_or_non_numeric_pay(bad):
    findings = check_profile(draft(pay_minimum=bad))
    assert only(findings, "invalid-pay-range").severity == WARNING


def test_advises_when_maximum_is_more_than_double_the_minimum():
    findings = check_profile(draft(pay_minimum=Decimal(15), pay_maximum=Decimal("30.01")))
    finding = only(findings, "wide-pay-range")
    assert finding.severity == ADVICE
    assert "vague" in finding.message


def test_range_of_exactly_double_is_not_too_wide():
    assert check_profile(draft(pay_minimum=Decimal(15), pay_maximum=Decimal(30))) == []


def test_equal_minimum_and_maximum_is_fine():
    assert check_profile(draft(pay_minimum=Decimal(20), pay_maximum=Decimal(20))) == []


# --- vague responsibilities -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "severity"),
    [
        ("Other duties as assigned", WARNING),
        ("Carry out various tasks for the operations team", WARNING),
        ("Help out the back office when the queue is quiet", WARNING),
        ("Misc admin for the support floor and team leads", WARNING),
        ("Handle phone, chat, email, social media etc.", ADVICE),
        ("Update the knowledge base, macros and more", ADVICE),
        ("Join weekend shifts on the phone queue as needed", ADVICE),
    ],
)
def test_flags_vague_responsibility_phrases(line, severity):
    findings = check_profile(draft(responsibilities=[*GOOD_PROFILE.responsibilities, line]))
    finding = only(findings, "vague-responsibility")
    assert finding.severity == severity
    assert finding.field == "responsibilities"
    assert finding.message.startswith("Responsibility 6 ")
    assert "cannot picture the job" in finding.message
    assert all(word in finding.suggestion for word in ("task", "channel", "outcome"))
    assert finding.excerpt == line


def test_flags_responsibility_under_four_words():
    findings = check_profile(draft(responsibilities=["Answer calls", "Handle live chat"]))
    vague = [finding for finding in findings if finding.code == "vague-responsibility"]
    assert [finding.excerpt for finding in vague] == ["Answer calls", "Handle live chat"]
    assert {finding.severity for finding in vague} == {ADVICE}


def test_four_word_responsibility_is_not_too_short():
    assert check_profile(draft(responsibilities=["Answer billing calls politely"])) == []


def test_reports_empty_responsibility_line():
    findings = check_profile(draft(responsibilities=[*GOOD_PROFILE.responsibilities, "  "]))
    finding = only(findings, "vague-responsibility")
    assert "Responsibility 6 is empty" in finding.message


# --- duplicates -------------------------------------------------------------------------------


def test_flags_exact_duplicate_responsibility_ignoring_case_punctuation_and_spaces():
    repeat = "  ANSWER billing questions by phone, chat and email -- within our service targets!"
    findings = check_profile(draft(responsibilities=[*GOOD_PROFILE.responsibilities, repeat]))
    finding = only(findings, "duplicate-responsibility")
    assert finding.severity == WARNING
    assert finding.message == "Responsibility 6 repeats responsibility 1."
    assert finding.excerpt.startswith("ANSWER billing")


def test_advises_on_near_duplicate_responsibility():
    near = "Answer billing questions by phone, chat or email within the service targets"
    findings = check_profile(draft(responsibilities=[*GOOD_PROFILE.responsibilities, near]))
    finding = only(findings, "duplicate-responsibility")
    assert finding.severity == ADVICE
    assert "almost the same as responsibility 1" in finding.message
    assert finding.suggestion.startswith("Merge them")


def test_different_responsibilities_on_the_same_channel_are_not_duplicates():
    lines = [
        "Answer billing questions by phone within our service targets",
        "Answer delivery questions by live chat and follow up by email",
    ]
    assert check_profile(draft(responsibilities=lines)) == []


def test_flags_duplicate_required_qualification():
    required = [*GOOD_PROFILE.required_qualifications, "fluent in written & spoken English."]
    finding = only(
        check_profile(draft(required_qualifications=required)), "duplicate-qualification"
    )
    assert finding.field == "required_qualifications"
    assert finding.message == "Required qualification 4 repeats required qualification 1."


def test_flags_qualification_listed_as_both_required_and_preferred():
    preferred = [
        "Spanish at conversational level",
        "Comfortable using a computer, web apps and a headset",
    ]
    finding = only(
        check_profile(draft(preferred_qualifications=preferred)), "duplicate-qualification"
    )
    assert finding.severity == WARNING
    assert finding.field == "preferred_qualifications"
    assert "Preferred qualification 2 is also required qualification 2" in finding.message


def test_more_experience_preferred_than_required_is_not_a_duplicate():
    findings = check_profile(
        draft(
            required_qualifications=["1 year of experience in a contact centre"],
            preferred_qualifications=["2 years of experience in a contact centre"],
        )
    )
    assert findings == []


# --- long lists -------------------------------------------------------------------------------

REQUIREMENTS = [
    "Fluent in written and spoken English",
    "Comfortable using a computer and a headset",
    "Types at least 40 words per minute",
    "Available for one weekend shift a month",
    "Experience with a ticketing system such as Zendesk",
    "Basic knowledge of invoices and refunds",
    "Can follow a written escalation procedure",
    "Able to start training on 3 March",
    "Has a quiet place to work from home",
]


def test_warns_on_more_than_eight_required_qualifications_and_suggests_preferred():
    finding = only(
        check_profile(draft(required_qualifications=REQUIREMENTS)), "long-requirement-list"
    )
    assert finding.severity == WARNING
    assert finding.field == "required_qualifications"
    assert "9 required qualifications" in finding.message
    assert "women" in finding.message
    assert "preferred" in finding.suggestion


def test_eight_required_qualifications_are_fine():
    assert check_profile(draft(required_qualifications=REQUIREMENTS[:8])) == []


def test_blank_required_qualifications_do_not_count_towards_the_limit():
    assert check_profile(draft(required_qualifications=[*REQUIREMENTS[:8], "", " "])) == []


def test_advises_on_more_than_twelve_responsibilities():
    lines = [f"Handle customer case type {chr(65 + i)} by phone and email" for i in range(13)]
    findings = check_profile(draft(responsibilities=lines))
    finding = only(findings, "too-many-responsibilities")
    assert finding.severity == ADVICE
    assert "13 responsibilities" in finding.message


def test_twelve_responsibilities_are_not_too_many():
    lines = [f"Handle customer case type {chr(65 + i)} by phone and email" for i in range(12)]
    assert "too-many-responsibilities" not in codes(check_profile(draft(responsibilities=lines)))


# --- gender-coded and exclusionary wording ------------------------------------------------------


def test_flags_native_speaker_requirement_with_suggestion():
    finding = only(wording_in_summary("You are a native English speaker."), "exclusionary-wording")
    assert finding.severity == WARNING
    assert finding.field == "summary"
    assert finding.excerpt == "native English speaker"
    assert "fluent in written and spoken English" in finding.suggestion


@pytest.mark.parametrize(
    "text",
    [
        "Non-native English speakers are welcome.",
        "Non native speakers are welcome.",
        "Help customers in their first language.",
    ],
)
def test_welcoming_language_wording_is_not_flagged(text):
    assert wording_in_summary(text) == []


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("Be our support rockstar!", "rockstar"),
        ("Are you a customer service ninja?", "ninja"),
        ("Our next help-desk guru", "guru"),
        ("A dominant voice on the floor", "dominant"),
        ("Aggressive about closing tickets", "Aggressive"),
        ("Join us and crush it every day", "crush it"),
        ("We need more manpower on weekends", "manpower"),
        ("Report to the chairman", "chairman"),
        ("Experienced salesman wanted", "salesman"),
        ("He will answer calls", "He will"),
        ("A motherly touch with new starters", "motherly"),
    ],
)
def test_warns_on_gender_coded_words(text, excerpt):
    finding = only(wording_in_summary(text), "gender-coded-word")
    assert finding.severity == WARNING
    assert finding.excerpt == excerpt
    assert finding.message
    assert finding.suggestion


@pytest.mark.parametrize(
    "text",
    ["A competitive team", "Fearless on the phone", "Headstrong and proud", "Hey guys!"],
)
def test_softer_masculine_coded_words_are_advice(text):
    assert only(wording_in_summary(text), "gender-coded-word").severity == ADVICE


@pytest.mark.parametrize("word", ["nurturing", "sympathetic", "gentle", "bubbly"])
def test_feminine_coded_words_are_advice_about_balance(word):
    finding = only(wording_in_summary(f"We want someone {word}."), "gender-coded-word")
    assert finding.severity == ADVICE
    assert "feminine-coded" in finding.message
    assert finding.excerpt == word


@pytest.mark.parametrize("text", ["he or she", "he/she", "s/he", "(s)he", "his or her"])
def test_he_or_she_suggests_you(text):
    findings = wording_in_summary(f"Each day {text} will answer chats.")
    finding = only(findings, "gender-coded-word")
    assert finding.severity == ADVICE
    assert "'you'" in finding.suggestion


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("Join our energetic young team", "young team"),
        ("A young and dynamic team", "young and dynamic team"),
        ("Youthful outlook", "Youthful"),
        ("Digital natives only", "Digital natives"),
        ("Applicants aged 18-30", "aged 18-30"),
        ("Must speak with a neutral accent", "neutral accent"),
        ("Must be able-bodied", "able-bodied"),
        ("Must be physically fit", "physically fit"),
        ("Clean-shaven at all times", "Clean-shaven"),
        ("No employment gaps", "No employment gaps"),
        ("Must have 20/20 vision", "20/20 vision"),
        ("Female applicants only", "Female applicants only"),
        ("No family commitments", "No family commitments"),
    ],
)
def test_warns_on_exclusionary_wording(text, excerpt):
    finding = only(wording_in_summary(text), "exclusionary-wording")
    assert finding.severity == WARNING
    assert finding.excerpt == excerpt


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("Recent graduates preferred", "Recent graduates"),
        ("A great culture fit", "culture fit"),
        ("You must have your own car", "must have your own car"),
        ("We work hard and play hard", "work hard and play hard"),
        ("We're like one big happy family", "We're like one big happy family"),
        ("We\u2019re a family", "We\u2019re a family"),
        ("No more than 5 years of experience", "No more than 5 years of experience"),
    ],
)
def test_advises_on_softer_exclusionary_wording(text, excerpt):
    finding = only(wording_in_summary(text), "exclusionary-wording")
    assert finding.severity == ADVICE
    assert finding.excerpt == excerpt


def test_culture_fit_suggests_shared_values():
    finding = only(wording_in_summary("Strong culture fit."), "exclusionary-wording")
    assert "values" in finding.suggestion


def test_competitive_pay_is_fine_but_a_competitive_team_is_not():
    assert wording_in_summary("We offer competitive pay and competitive benefits.") == []
    assert codes(wording_in_summary("A competitive sales floor.")) == ["gender-coded-word"]


@pytest.mark.parametrize(
    "text",
    [
        "Support for NinjaTrader accounts",
        "Bookings at the gurudwara",
        "Our Youngstown team",
        "Pride in workmanship",
        "Alphanumeric order codes",
        "The Guyson account",
        "Non-aggressive tone",
        "Customer phone calls, then the willow project",
        "Share the chair with the man behind the desk",
        "Support is available 24/7 for customers",
    ],
)
def test_does_not_flag_words_inside_other_words_or_harmless_phrases(text):
    assert wording_in_summary(text) == []


def test_wording_is_matched_regardless_of_case():
    assert only(wording_in_summary("NINJA WANTED"), "gender-coded-word").excerpt == "NINJA"


def test_one_finding_per_rule_and_field_lists_the_distinct_matches():
    text = "Ninja needed. Ninjas welcome. ninja ninja NINJA."
    finding = only(wording_in_summary(text), "gender-coded-word")
    assert finding.excerpt == "Ninja, Ninjas"


def test_scans_every_free_text_field_and_reports_where():
    findings = check_profile(
        draft(
            title="Support Rockstar",
            summary="A rockstar team",
            responsibilities=[*GOOD_PROFILE.responsibilities, "Be the rockstar of every call"],
            required_qualifications=["Rockstar attitude on the phone"],
            preferred_qualifications=["Former rockstar of a help desk"],
            extra_texts={"training": "Rockstar bootcamp", "benefits": "Rockstar perks"},
        )
    )
    assert [finding.field for finding in findings] == [
        "title",
        "summary",
        "responsibilities",
        "required_qualifications",
        "preferred_qualifications",
        "benefits",
        "training",
    ]


def test_full_width_letters_are_folded_before_matching():
    finding = only(wording_in_summary("\uff2e\uff49\uff4e\uff4a\uff41 wanted"), "gender-coded-word")
    assert finding.excerpt == "Ninja"


# --- ordering ---------------------------------------------------------------------------------


def test_findings_list_warnings_before_advice_in_form_order():
    findings = check_profile(
        draft(
            title="Customer Service Wizard",
            summary="A great culture fit for our competitive team. You are a digital native.",
            responsibilities=["Other duties as assigned", "Answer calls"],
            pay_minimum=Decimal(10),
            pay_maximum=Decimal(40),
            extra_texts={"benefits": "Must be clean-shaven"},
        )
    )
    summary = [(finding.severity, finding.field, finding.code) for finding in findings]
    assert summary == [
        (WARNING, "title", "gender-coded-word"),
        (WARNING, "summary", "exclusionary-wording"),
        (WARNING, "responsibilities", "vague-responsibility"),
        (WARNING, "benefits", "exclusionary-wording"),
        (ADVICE, "summary", "gender-coded-word"),
        (ADVICE, "summary", "exclusionary-wording"),
        (ADVICE, "responsibilities", "vague-responsibility"),
        (ADVICE, "compensation", "wide-pay-range"),
    ]


def test_order_does_not_depend_on_extra_text_insertion_order():
    texts = {"training": "Ninja bootcamp", "benefits": "Guru perks", "about": "Rockstar team"}
    forward = check_profile(draft(extra_texts=texts))
    backward = check_profile(draft(extra_texts=dict(reversed(texts.items()))))
    assert forward == backward
    assert [finding.field for finding in forward] == ["about", "benefits", "training"]


def test_has_blocking_findings_is_true_only_with_a_warning():
    warning = Finding("missing-pay-range", WARNING, "compensation", "m", "s")
    advice = Finding("wide-pay-range", ADVICE, "compensation", "m", "s")
    assert has_blocking_findings([advice, warning]) is True
    assert has_blocking_findings([advice]) is False
    assert has_blocking_findings([]) is False
    assert has_blocking_findings(iter([warning])) is True


# --- hostile and odd input --------------------------------------------------------------------


def test_empty_draft_only_asks_for_pay():
    empty = ProfileDraft("", "", [], [], [], None, None, "")
    assert codes(check_profile(empty)) == ["missing-pay-range"]


def test_huge_summary_is_checked_in_under_a_second():
    summary = ("Answer customer calls with care. " * 3000)[:99_000] + " Ninja wanted. " + "x" * 1000
    started = time.perf_counter()
    findings = check_profile(draft(summary=summary))
    assert time.perf_counter() - started < 1
    assert only(findings, "gender-coded-word").excerpt == "Ninja"


def test_many_long_lines_are_checked_quickly():
    lines = [f"{i} " + "answer the phone and note the case " * 10 for i in range(150)]
    started = time.perf_counter()
    findings = check_profile(draft(responsibilities=lines, required_qualifications=lines))
    assert time.perf_counter() - started < 1
    assert "too-many-responsibilities" in codes(findings)
    assert "long-requirement-list" in codes(findings)


@pytest.mark.parametrize(
    "text",
    [
        "C++ (.*) [a-z]+ $^ \\d {2,} | ? +",
        "(((((",
        "\\",
        "*he will*",
        "\x00\u200b\ufeff",
        "\U0001f600",
    ],
)
def test_regex_metacharacters_and_odd_characters_do_not_crash(text):
    odd = draft(
        title=text,
        summary=text,
        responsibilities=[text, text],
        required_qualifications=[text],
        preferred_qualifications=[text],
        currency=text,
        extra_texts={text: text},
    )
    assert all(isinstance(finding, Finding) for finding in check_profile(odd))


def test_unicode_text_is_checked_without_errors():
    findings = check_profile(
        draft(
            summary="Kundenservice f\u00fcr M\u00fcnchen \u2014 \u65e5\u672c\u8a9e \u0438 guru",
            responsibilities=[*GOOD_PROFILE.responsibilities, "Beantworten Sie Anfragen etc."],
            extra_texts={"benefits": "No gaps in your r\u00e9sum\u00e9, s'il vous pla\u00eet"},
        )
    )
    assert {(finding.field, finding.code) for finding in findings} == {
        ("summary", "gender-coded-word"),
        ("responsibilities", "vague-responsibility"),
        ("benefits", "exclusionary-wording"),
    }


# --- the word list and the module ---------------------------------------------------------------


def test_word_rules_are_well_formed():
    assert len(WORD_RULES) >= 40
    assert len({rule.pattern for rule in WORD_RULES}) == len(WORD_RULES)
    for rule in WORD_RULES:
        re.compile(rule.pattern)
        assert re.fullmatch(r"[a-z]+(?:-[a-z]+)*", rule.code), rule
        assert rule.code in {"gender-coded-word", "exclusionary-wording"}, rule
        assert rule.severity in {WARNING, ADVICE}, rule
        assert rule.reason.strip()
        assert rule.suggestion.strip()
        assert rule.reason != rule.suggestion


def test_checker_is_pure_python_without_django():
    tree = ast.parse(Path(checker.__file__).read_text())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")
    assert not any(name.split(".")[0] == "django" for name in imported)
