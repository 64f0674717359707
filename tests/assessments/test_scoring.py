"""Automatic scoring: quiz credit, advisory text checks, and the arithmetic of results.

No database and no Django: the module is plain Python and these tests import nothing else.
"""

import ast
import dataclasses
import hashlib
import json
from pathlib import Path

import pytest

from assessments import scoring
from assessments.scoring import (
    COMPLIANCE,
    MAX_SPANS_PER_CHECK,
    SCORER_VERSIONS,
    CallChecks,
    Check,
    QuizScore,
    Readability,
    Span,
    agreed_level,
    check_call_turns,
    check_written_escalation,
    find_card_numbers,
    luhn_valid,
    needs_calibration,
    readability,
    recommend,
    recommendation_contradicts_levels,
    score_quiz,
    task_score_from_levels,
    weighted_total,
)

GOOD_HANDOFF = """Customer: Dana Whitfield, order #112-3456789-1234567.
She reports she was charged twice for the same order on 3 March.
I have already checked the payment log and confirmed both charges went through.
Impact: she is out of pocket $89 and needs the money back by Friday for rent.
Please refund the duplicate charge and confirm to her by email."""

GOOD_REPLY = (
    "Hi Dana, I'm sorry you were charged twice. I have sent the details to our billing team "
    "and I'll make sure the duplicate charge is refunded. You will hear from me by Friday "
    "with confirmation."
)

GOOD_CALL = [
    "Thanks for calling Acme, my name is Sam. Can I take your full name and postcode please?",
    None,
    "I completely understand, that sounds frustrating. Let me look into that for you.",
    "So to confirm, I've issued the refund and you will see it within 3 business days. "
    "Is there anything else I can help with?",
]


def roundtrip(data: dict) -> dict:
    return json.loads(json.dumps(data))


def keys_passed(checks) -> dict[str, bool]:
    return {check.key: check.passed for check in checks}


def by_key(checks, key: str) -> Check:
    return next(check for check in checks if check.key == key)


def test_scoring_module_is_pure_python_without_django():
    tree = ast.parse(Path(scoring.__file__).read_text())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")
    assert imported, "the walk found no imports at all: the test is not looking"
    assert not any(name.split(".")[0] == "django" for name in imported)


# --- scorer versions --------------------------------------------------------------------------


def test_every_scorer_has_a_version():
    assert set(SCORER_VERSIONS) == {"quiz", "written_escalation", "mock_call"}
    for version in SCORER_VERSIONS.values():
        name, _, number = version.rpartition("-")
        assert name
        assert number.isdigit()


def test_results_carry_the_version_of_their_scorer():
    quiz = score_quiz({"q1": "a"}, {"q1": {"a": 2}}, {"q1": "policy"})

    assert quiz.as_dict()["scorer_version"] == SCORER_VERSIONS["quiz"]
    written = check_written_escalation(GOOD_HANDOFF, GOOD_REPLY).as_dict()
    assert written["scorer_version"] == SCORER_VERSIONS["written_escalation"]
    assert check_call_turns(GOOD_CALL).as_dict()["scorer_version"] == SCORER_VERSIONS["mock_call"]


def _fingerprint(data: dict) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


# The output of each scorer on fixed inputs, by version. When one of these changes you changed
# what the scorer does: bump its number in SCORER_VERSIONS and pin the new fingerprint under
# the new version (see the module docstring).
PINNED_OUTPUTS = {
    "written-escalation-1": "dc3a35c36149ac9f",
    "mock-call-1": "18a70e692217df6a",
    "quiz-1": "eedf34f13bc20cfc",
}


def test_output_changes_only_with_a_new_scorer_version():
    outputs = {
        SCORER_VERSIONS["written_escalation"]: check_written_escalation(
            GOOD_HANDOFF, GOOD_REPLY
        ).as_dict(),
        SCORER_VERSIONS["mock_call"]: check_call_turns(GOOD_CALL).as_dict(),
        SCORER_VERSIONS["quiz"]: score_quiz(
            {"q1": "a", "q2": "b", "q3": None},
            {"q1": {"a": 2, "b": 0}, "q2": {"a": 2, "b": 1}, "q3": {"a": 0, "b": 2}},
            {"q1": "policy", "q2": "privacy", "q3": "policy"},
        ).as_dict(),
    }
    for version, output in outputs.items():
        assert version in PINNED_OUTPUTS, f"pin the output of the new version {version}"
        assert _fingerprint(output) == PINNED_OUTPUTS[version], (
            f"{version} gives a different output than before: bump SCORER_VERSIONS and pin "
            "the new fingerprint under the new version"
        )


# --- spans and checks -------------------------------------------------------------------------


def test_span_and_check_are_frozen_and_json_friendly():
    span = Span(3, 8, "sorry")
    check = Check("reply_apology", "Apologises", True, [span], "Found it.")

    assert check.spans == (span,)
    with pytest.raises(dataclasses.FrozenInstanceError):
        check.passed = False
    assert roundtrip(check.as_dict()) == {
        "key": "reply_apology",
        "label": "Apologises",
        "passed": True,
        "spans": [{"start": 3, "end": 8, "text": "sorry"}],
        "detail": "Found it.",
        "flag": None,
    }


@pytest.mark.parametrize("flag", ["Compliance", "warning", "", True])
def test_check_flag_is_none_or_compliance(flag):
    with pytest.raises(ValueError, match="flag"):
        Check("k", "label", False, flag=flag)
    assert Check("k", "label", False, flag=COMPLIANCE).flag == "compliance"


# --- Luhn and card numbers --------------------------------------------------------------------


@pytest.mark.parametrize(
    "digits",
    ["79927398713", "4111111111111111", "378282246310005", "5555555555554444", "0", "18"],
)
def test_luhn_accepts_valid_checksums(digits):
    assert luhn_valid(digits)


@pytest.mark.parametrize(
    "digits",
    ["79927398710", "4111111111111112", "378282246310006", "", "4111 1111 1111 1111", "41a1"],
)
def test_luhn_refuses_wrong_checksums_and_non_digits(digits):
    assert not luhn_valid(digits)


def test_luhn_reads_any_decimal_digits_but_not_superscripts():
    assert luhn_valid("\uff17\uff19\uff19\uff12\uff17\uff13\uff19\uff18\uff17\uff11\uff13")
    assert not luhn_valid("1\u00b2")  # superscript two is a digit character, not a decimal


@pytest.mark.parametrize(
    "text",
    [
        "4111 1111 1111 1111",
        "4111-1111-1111-1111",
        "4111111111111111",
        "3782 822463 10005",  # Amex 4-6-5
        "378282246310005",
        "5555 5555 5555 4444",
        "3056 930902 5904",  # Diners 4-6-4
        "6011 1111 1111 1117",
        "4222222222222",  # 13 digits
        "4111 1111 1111 1111 003",  # 19 digits, 4-4-4-4-3
        "Card is 4111 1111 1111 1111.",
        "(4111-1111-1111-1111)",
        "card: 4111111111111111, exp 12/26",
        "4111 1111 1111 1111 12/26",  # the expiry is a date, not more of the number
        "4111\u00a01111\u00a01111\u00a01111",  # non-breaking spaces
        "4111\u20111111\u20111111\u20111111",  # non-breaking hyphens
        "\uff14" + "\uff11" * 15,  # full-width digits
        "«4111 1111 1111 1111»",
        "num\u00e9ro de carte 4111111111111111 merci",
    ],
)
def test_card_numbers_are_found(text):
    spans = find_card_numbers(text)

    assert len(spans) == 1
    matched = text[spans[0].start : spans[0].end]
    assert sum(char.isdecimal() for char in matched) >= 13
    assert matched[0].isdecimal()
    assert matched[-1].isdecimal()


@pytest.mark.parametrize(
    "text",
    [
        "order 4111111111111112",  # fails Luhn
        "Order #112-3456789-1234567",  # Amazon-style order number
        "411111111111",  # 12 digits
        "41111111111111111111",  # 20 digits
        "1234567890123456789012",
        "79927398713",  # Luhn-valid but 11 digits
        "4111 1111 1111 1111 1234",  # a Luhn-valid stretch inside a longer run
        "994111111111111111",  # a Luhn-valid tail of a longer run
        "+1 614 555 0199",
        "+44 20 7946 0958",
        "+4111111111111111",  # after a plus sign: a phone number
        "Call 614-555-0199 or 614 555 0100",
        "2024-01-15",
        "on 2024-01-15 2024-02-20 2024-03-18",
        "$1,299.00",
        "1,234,567,890,123.45",
        "10:30 11:45 12:15 13:00",
        "card ending 1111",
        "last four 1111, expiry 12/26",
        "4111 **** **** 1111",
        "**** **** **** 1111",
        "0000 0000 0000 0000",  # starts with 0: no card network issues these
        "INV4111111111111111",  # glued to letters: a code
        "4111111111111111x",
        "GB29 NWBK 6016 1331 9268 19",  # IBAN
        "978-3-16-148410-0",  # ISBN-13
        "9400 1000 0000 0000 0000 00",  # USPS tracking
        "41 11 11 11 11 11 11 11",  # not a card grouping
        "4111  1111  1111  1111",  # double spaces are not a single separator
        "4111 - 1111 - 1111 - 1111",
        "",
    ],
)
def test_things_that_are_not_card_numbers_are_not_found(text):
    assert find_card_numbers(text) == []


def test_card_spans_point_at_the_number_and_mask_all_but_the_last_four():
    text = "Hi 👋 Zoë, the card was 4111 1111 1111 1111 — thanks"

    (span,) = find_card_numbers(text)

    assert text[span.start : span.end] == "4111 1111 1111 1111"
    assert span.text == "**** **** **** 1111"
    assert "4111" not in json.dumps(span.as_dict())


def test_several_card_numbers_are_all_found_in_order():
    text = "First 4111111111111111, then 3782-822463-10005 and 5555 5555 5555 4444."

    spans = find_card_numbers(text)

    assert [span.text[-4:] for span in spans] == ["1111", "0005", "4444"]
    assert [span.start for span in spans] == sorted(span.start for span in spans)


# --- pathological input -----------------------------------------------------------------------

# Inputs built to make a backtracking pattern blow up: long runs of what a pattern's pieces
# can match in more than one way, ending in something that makes the match fail. Each runs
# every text check; with a catastrophic pattern any of these would hang the suite. Nothing is
# timed (timing tests are flaky); the patterns are possessive so these finish in well under a
# second.
PATHOLOGICAL = [
    "1 " * 50_000,
    "1-" * 50_000,
    "4" * 100_000,
    "4" * 99_999 + "/1",
    "12/" * 33_333,
    "1.1," * 25_000,
    " " * 100_000,
    "a" * 100_000,
    "order" + " " * 99_990 + "x",
    "account number" + " " * 99_980 + ":",
    "Customer" + " " * 99_990 + ":",
    "name" + " \t" * 49_990 + "is",
    "I" + " " * 99_990 + "have",
    "I have " * 15_000,
    "within " * 15_000,
    "within 1 " * 11_000,
    "by the end of the " * 6_000,
    "sorry " * 17_000,
    "Mr " * 33_000,
    "'" * 100_000,
    "a'" * 50_000,
    "\n" * 100_000,
    "." * 100_000,
    "Zoë " * 25_000,
    "👋" * 100_000,
]


@pytest.mark.parametrize("text", PATHOLOGICAL, ids=lambda text: repr(text[:12]))
def test_text_checks_stay_linear_on_pathological_input(text):
    assert len(text) >= 99_000
    written = check_written_escalation(text, text)
    call = check_call_turns([text])

    assert written.handoff_readability == written.reply_readability
    assert call.turns[0].checked


def test_evidence_is_capped_whatever_the_text_repeats():
    text = "I'm so sorry. " * 5_000

    apology = by_key(check_written_escalation("", text).reply_checks, "reply_apology")

    assert len(apology.spans) == MAX_SPANS_PER_CHECK


# --- readability ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n\t ", "...!?", "— – -", "🙂🙂"])
def test_readability_of_a_text_without_words_is_zeros(text):
    assert readability(text) == Readability(0, 0, 0, 0.0, 0.0)


def test_readability_of_the_cat_sat_on_the_mat():
    """6 words, 1 sentence, 6 syllables.

    Ease = 206.835 - 1.015*6 - 84.6*1 = 116.145; grade = 0.39*6 + 11.8*1 - 15.59 = -1.45.
    """
    result = readability("The cat sat on the mat.")

    assert (result.words, result.sentences, result.syllables) == (6, 1, 6)
    assert result.flesch_reading_ease == pytest.approx(116.15, abs=0.01)
    assert result.flesch_kincaid_grade == pytest.approx(-1.45, abs=0.01)


def test_readability_of_a_hard_sentence():
    """Counted by hand: The(1) Aus-tra-li-an(4) plat-y-pus(3) is(1) seem-ing-ly(3) a(1)
    hy-brid(2) of(1) a(1) mam-mal(2) and(1) rep-til-i-an(4) crea-ture(2) = 26 syllables in
    13 words. Ease = 206.835 - 13.195 - 169.2 = 24.44; grade = 5.07 + 23.6 - 15.59 = 13.08.
    """
    result = readability(
        "The Australian platypus is seemingly a hybrid of a mammal and reptilian creature."
    )

    assert result.words == 13
    assert result.syllables == pytest.approx(26, abs=1)
    assert result.flesch_reading_ease == pytest.approx(24.44, abs=7)
    assert result.flesch_kincaid_grade == pytest.approx(13.08, abs=1)


def test_plain_writing_reads_easier_than_dense_writing():
    plain = readability("I am sorry. I will fix it today. You will get a call from me.")
    dense = readability(
        "Notwithstanding considerable organisational complexity, remediation "
        "activities necessitate comprehensive interdepartmental coordination."
    )

    assert plain.flesch_reading_ease > 80 > 0 > dense.flesch_reading_ease
    assert plain.flesch_kincaid_grade < 5 < 15 < dense.flesch_kincaid_grade


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("One. Two! Three? Four", 4),
        ("It costs 3.5 dollars, i.e. cheap.", 2),  # "i.e." ends a sentence: a known limit
        ("Really?! Yes…", 2),
        ("- refund the charge\n- call the customer\n- close the ticket", 3),
        ("Line one\n\n\nLine two.", 2),
        ("No punctuation at all", 1),
    ],
)
def test_sentences_end_at_terminal_punctuation_and_line_breaks(text, sentences):
    assert readability(text).sentences == sentences


# Syllables by the dictionary. The heuristic gets most of them; the Flesch formulas only need
# the total to be close.
SYLLABLES = {
    "the": 1, "cat": 1, "table": 2, "little": 2, "make": 1, "makes": 1, "walked": 1,
    "wanted": 2, "boxes": 2, "changes": 2, "free": 1, "agree": 2, "value": 2, "be": 1,
    "customer": 3, "refund": 2, "apologise": 4, "escalation": 4, "specialist": 3,
    "tomorrow": 3, "account": 2, "order": 2, "payment": 2, "confirm": 2, "immediately": 5,
    "understand": 3, "frustrating": 3, "Australian": 4, "radio": 3, "nation": 2, "social": 2,
    "region": 2, "people": 2, "issue": 2, "happy": 2, "yes": 1, "you": 1, "business": 2,
    "create": 2, "quiet": 2, "whale": 1, "played": 1, "called": 1, "needed": 2, "places": 2,
    "times": 1, "issues": 2, "hello": 2, "thanks": 1, "please": 1, "sorry": 2, "charged": 1,
    "refunded": 3, "receipt": 2, "delivery": 4, "information": 4, "experience": 4,
    "café": 2, "naïve": 2, "résumé": 3, "Zoë": 2,
}  # fmt: skip


def test_syllable_heuristic_is_right_for_most_words_and_never_far_off():
    counted = {word: readability(word).syllables for word in SYLLABLES}

    right = sum(counted[word] == expected for word, expected in SYLLABLES.items())
    assert right / len(SYLLABLES) >= 0.85
    assert all(abs(counted[word] - expected) <= 1 for word, expected in SYLLABLES.items())


def test_words_in_other_scripts_and_numbers_count():
    result = readability("東京 へ ようこそ. Call 555 today")

    assert result.words == 6
    assert result.sentences == 2
    assert result.syllables == 3 + 3 + 1 + 2  # one a word, one a digit, "to-day"


def test_readability_as_dict_round_trips_through_json():
    result = readability(GOOD_REPLY)
    assert roundtrip(result.as_dict()) == result.as_dict()
    assert Readability(**roundtrip(result.as_dict())) == result


# --- written escalation -----------------------------------------------------------------------


def test_a_good_escalation_passes_every_check_with_evidence():
    result = check_written_escalation(GOOD_HANDOFF, GOOD_REPLY)

    assert all(check.passed for check in result.checks)
    assert result.compliance_flag is False
    for check in result.checks:
        if check.key.endswith("no_card_number"):
            assert check.spans == ()
            continue
        assert check.spans, check.key
        text = GOOD_HANDOFF if check.key.startswith("handoff") else GOOD_REPLY
        for span in check.spans:
            assert text[span.start : span.end] == span.text


def test_the_evidence_names_the_words_that_matched():
    result = check_written_escalation(GOOD_HANDOFF, GOOD_REPLY)
    evidence = {check.key: [span.text for span in check.spans] for check in result.checks}

    assert evidence["handoff_customer"] == [
        "Customer: Dana Whitfield",
        "order #112-3456789-1234567",
    ]
    assert evidence["handoff_already_tried"] == ["I have already checked"]
    assert "by Friday" in evidence["handoff_impact_urgency"]
    assert evidence["handoff_request"] == ["Please"]
    assert evidence["reply_apology"] == ["sorry"]
    assert evidence["reply_ownership"] == ["I have sent", "I'll make sure"]
    assert "by Friday" in evidence["reply_next_step_timeline"]


def test_empty_texts_fail_every_content_check_but_raise_no_flag():
    result = check_written_escalation("", "")

    assert keys_passed(result.checks) == {
        "handoff_customer": False,
        "handoff_what_happened": False,
        "handoff_already_tried": False,
        "handoff_impact_urgency": False,
        "handoff_request": False,
        "handoff_no_card_number": True,
        "reply_apology": False,
        "reply_ownership": False,
        "reply_next_step_timeline": False,
        "reply_no_card_number": True,
    }
    assert result.compliance_flag is False
    assert result.handoff_words == result.reply_words == 0
    assert all(check.detail for check in result.checks)


@pytest.mark.parametrize(
    ("handoff", "found"),
    [
        ("Customer: Dana Whitfield", True),
        ("customer name is Priya Natarajan", True),
        ("The customer's name is Ahmed", True),
        ("Spoke to Mrs. O'Neil", True),
        ("Dr Okafor called", True),
        ("Name: Jean-Luc", True),
        ("order #112-3456789-1234567", True),
        ("account number 88812", True),
        ("Acct no. 5521-AB", True),
        ("ticket T-4521", True),
        ("Ref: AB12", True),
        ("The customer is upset", False),
        ("customer is very angry", False),
        ("In order to help", False),
        ("the order arrived late", False),
        ("account for the delay", False),
        ("case closed", False),
        ("mrs smith", False),  # a name starts with a capital
    ],
)
def test_handoff_customer_identification(handoff, found):
    check = by_key(check_written_escalation(handoff, "").handoff_checks, "handoff_customer")
    assert check.passed is found


@pytest.mark.parametrize(
    ("key", "text", "found"),
    [
        ("handoff_what_happened", "She reports a double charge", True),
        ("handoff_what_happened", "The parcel never received a scan", True),
        ("handoff_what_happened", "Hello team", False),
        ("handoff_already_tried", "We've already resent the code", True),
        ("handoff_already_tried", "I reset the password twice", True),
        ("handoff_already_tried", "Troubleshooting steps: cleared cache", True),
        ("handoff_already_tried", "I think we should look", False),
        ("handoff_impact_urgency", "This is urgent", True),
        ("handoff_impact_urgency", "She needs it by end of day", True),
        ("handoff_impact_urgency", "Affecting 40 staff", True),
        ("handoff_impact_urgency", "Nothing special", False),
        ("handoff_request", "Could you approve the refund?", True),
        ("handoff_request", "Next steps: reissue the card", True),
        ("handoff_request", "Kindly confirm", True),
        ("handoff_request", "She is pleased with the service", False),
        ("handoff_request", "FYI only", False),
    ],
)
def test_handoff_checks_both_ways(key, text, found):
    assert by_key(check_written_escalation(text, "").handoff_checks, key).passed is found


@pytest.mark.parametrize(
    ("key", "reply", "found"),
    [
        ("reply_apology", "I'm sorry for the trouble.", True),
        ("reply_apology", "Please accept our apologies.", True),
        ("reply_apology", "We apologise.", True),
        ("reply_apology", "Thank you for your patience.", False),
        ("reply_ownership", "I will look into it.", True),
        ("reply_ownership", "I\u2019ll make sure it is fixed.", True),  # typographic apostrophe
        ("reply_ownership", "I've escalated your case.", True),
        ("reply_ownership", "I have spoken to billing.", True),
        ("reply_ownership", "Leave it with me.", True),
        ("reply_ownership", "Let me look into this.", True),
        ("reply_ownership", "Please let me know if you have questions.", False),
        ("reply_ownership", "I have a question for you.", False),
        ("reply_ownership", "We are willing to help. The team will check.", False),
        ("reply_ownership", "Illinois is lovely.", False),
        ("reply_next_step_timeline", "I will call you tomorrow.", True),
        ("reply_next_step_timeline", "You'll get the refund within 3 business days.", True),
        ("reply_next_step_timeline", "Expect an email within two hours.", True),
        ("reply_next_step_timeline", "I will update you by 5pm.", True),
        ("reply_next_step_timeline", "We'll be in touch next Monday.", True),
        ("reply_next_step_timeline", "I will ring at 5 p.m. on the dot.", True),
        ("reply_next_step_timeline", "It was 3.5 days ago. I will check tomorrow.", True),
        ("reply_next_step_timeline", "It took 3.5 days. I will check.", False),
        ("reply_next_step_timeline", "I waited 24 hours for a reply.", False),
        ("reply_next_step_timeline", "I will look into it.", False),  # no time
        ("reply_next_step_timeline", "Take it twice a day.", False),
        ("reply_next_step_timeline", "Tomorrow was a holiday. I will check.", False),
        ("reply_next_step_timeline", "The willow tree fell today.", False),
    ],
)
def test_reply_checks_both_ways(key, reply, found):
    assert by_key(check_written_escalation("", reply).reply_checks, key).passed is found


def test_phrases_match_whole_words_only():
    reply = "Unsorry-looking pleasantries. Willpower. Regretful? Apologetic."
    result = check_written_escalation("Pleased. Issued.", reply)

    assert by_key(result.handoff_checks, "handoff_request").passed is False
    assert by_key(result.reply_checks, "reply_apology").passed is False


def test_matching_ignores_case_and_line_breaks_inside_phrases():
    result = check_written_escalation("AS SOON\nAS POSSIBLE", "i WILL fix it TOMORROW")

    assert by_key(result.handoff_checks, "handoff_impact_urgency").spans[0].text == (
        "AS SOON\nAS POSSIBLE"
    )
    assert by_key(result.reply_checks, "reply_next_step_timeline").passed


def test_a_card_number_in_the_handoff_is_a_failed_compliance_check():
    handoff = GOOD_HANDOFF + "\nHer card is 4111 1111 1111 1111."

    result = check_written_escalation(handoff, GOOD_REPLY)

    card = by_key(result.handoff_checks, "handoff_no_card_number")
    assert card.passed is False
    assert card.flag == COMPLIANCE
    assert card.spans[0].text == "**** **** **** 1111"
    assert handoff[card.spans[0].start : card.spans[0].end] == "4111 1111 1111 1111"
    assert by_key(result.reply_checks, "reply_no_card_number").flag is None
    assert result.compliance_flag is True
    assert "4111 1111" not in json.dumps(result.as_dict())


def test_a_card_number_in_the_reply_flags_compliance_too():
    result = check_written_escalation(GOOD_HANDOFF, GOOD_REPLY + " Card: 5555555555554444")

    assert by_key(result.reply_checks, "reply_no_card_number").flag == COMPLIANCE
    assert by_key(result.handoff_checks, "handoff_no_card_number").passed is True
    assert result.compliance_flag is True


def test_a_failed_content_check_is_never_a_compliance_flag():
    result = check_written_escalation("hello", "hello")

    assert sum(not check.passed for check in result.checks) == 8
    assert all(check.flag is None for check in result.checks)
    assert result.compliance_flag is False


def test_written_checks_report_words_and_readability_per_text():
    result = check_written_escalation(GOOD_HANDOFF, "Sorry. I will call you tomorrow.")

    assert result.handoff_words == readability(GOOD_HANDOFF).words
    assert result.reply_words == 6
    assert result.reply_readability == readability("Sorry. I will call you tomorrow.")
    data = result.as_dict()
    assert data["reply"]["words"] == 6
    assert data["handoff"]["readability"] == readability(GOOD_HANDOFF).as_dict()


def test_written_checks_as_dict_round_trips_through_json():
    result = check_written_escalation(GOOD_HANDOFF + " 4111111111111111", GOOD_REPLY)
    data = result.as_dict()

    assert roundtrip(data) == data
    assert data["compliance_flag"] is True
    assert [check["key"] for check in data["handoff"]["checks"]][-1] == "handoff_no_card_number"


def test_unicode_text_keeps_span_offsets_exact():
    reply = "Zoë, je suis désolé 🙏 — I\u2019m so sorry. I\u2019ll ring you tomorrow, 東京 time."

    result = check_written_escalation("", reply)

    for check in result.reply_checks:
        for span in check.spans:
            assert reply[span.start : span.end] == span.text
    assert keys_passed(result.reply_checks) == {
        "reply_apology": True,
        "reply_ownership": True,
        "reply_next_step_timeline": True,
        "reply_no_card_number": True,
    }


# --- mock call --------------------------------------------------------------------------------


def test_call_behaviours_are_found_turn_by_turn():
    result = check_call_turns(GOOD_CALL)

    assert [turn.behaviours for turn in result.turns] == [
        ("identity_check", "closing"),  # "Thanks for calling" closes too: a known overlap
        (),
        ("empathy", "ownership"),
        ("ownership", "summary", "closing"),
    ]
    assert result.first_turn == {
        "identity_check": 0,
        "empathy": 2,
        "ownership": 2,
        "summary": 3,
        "closing": 0,
    }
    assert result.behaviours_seen == (
        "identity_check",
        "empathy",
        "ownership",
        "summary",
        "closing",
    )


def test_voice_turns_without_text_are_not_checked_and_not_failed():
    result = check_call_turns([None, None])

    assert result.unchecked_turns == (0, 1)
    assert all(not turn.checked and turn.checks == () for turn in result.turns)
    assert result.compliance_flag is False
    assert result.first_turn == dict.fromkeys(result.first_turn)
    assert result.turns[1].as_dict() == {
        "turn": 1,
        "checked": False,
        "words": 0,
        "behaviours": [],
        "checks": [],
    }


def test_a_typed_turn_that_shows_nothing_fails_its_behaviour_checks():
    (turn,) = check_call_turns(["ok"]).turns

    assert turn.checked is True
    assert turn.behaviours == ()
    assert keys_passed(turn.checks) == {
        "identity_check": False,
        "empathy": False,
        "ownership": False,
        "summary": False,
        "closing": False,
        "no_card_number": True,
    }


@pytest.mark.parametrize(
    ("text", "behaviour", "found"),
    [
        ("Could I have your date of birth?", "identity_check", True),
        ("What's your postcode?", "identity_check", True),
        ("I just need to verify your identity first.", "identity_check", True),
        ("Can you confirm your email address?", "identity_check", True),
        ("I'll verify the refund went through.", "identity_check", False),
        ("I'm so sorry to hear that.", "empathy", True),
        ("I can see why that would be annoying.", "empathy", True),
        ("That sounds frustrating.", "empathy", True),
        ("That sounds good.", "empathy", False),
        ("Let me check that for you.", "ownership", True),
        ("Let me know your order number.", "ownership", False),
        ("The team might check.", "ownership", False),
        ("Just to recap: the refund is on its way.", "summary", True),
        ("To summarise, you'll get an email.", "summary", True),
        ("OK.", "summary", False),
        ("Is there anything else I can help with today?", "closing", True),
        ("Have a great day!", "closing", True),
        ("Thank you for your patience.", "closing", False),
    ],
)
def test_call_behaviours_both_ways(text, behaviour, found):
    (turn,) = check_call_turns([text]).turns
    assert (behaviour in turn.behaviours) is found


def test_a_card_number_typed_in_a_turn_flags_compliance():
    turns = ["Can I take your name?", "Sure, read me the card: 4111-1111-1111-1111", None]

    result = check_call_turns(turns)

    assert result.compliance_flag is True
    assert result.card_number_turns == (1,)
    assert result.turns[1].compliance_flag is True
    card = by_key(result.checks, "no_card_number")
    assert card.passed is False
    assert card.flag == COMPLIANCE
    assert card.detail == "A full card number was typed in turn 2."
    assert "4111-1111" not in json.dumps(result.as_dict())


def test_overall_call_checks_count_turns_from_one_for_people():
    checks = {check.key: check for check in check_call_turns(GOOD_CALL).checks}

    assert checks["empathy"].detail == "First in turn 3."
    assert checks["no_card_number"].detail == "None found in 3 typed turns."
    assert checks["no_card_number"].flag is None
    assert all(check.spans == () for check in checks.values())


def test_a_call_with_no_turns_has_nothing_and_flags_nothing():
    result = check_call_turns([])

    assert result.turns == ()
    assert result.behaviours_seen == ()
    assert result.compliance_flag is False


@pytest.mark.parametrize("turn", [42, b"bytes", ["a list"]])
def test_a_turn_must_be_text_or_none(turn):
    with pytest.raises(ValueError, match="expected text or None"):
        check_call_turns(["hello", turn])


def test_call_checks_as_dict_round_trips_through_json():
    data = check_call_turns([*GOOD_CALL, "card 4111111111111111"]).as_dict()

    assert roundtrip(data) == data
    assert data["first_turn"]["summary"] == 3
    assert data["unchecked_turns"] == [1]
    assert data["card_number_turns"] == [4]
    assert data["compliance_flag"] is True
    assert isinstance(check_call_turns([]), CallChecks)


# --- quiz -------------------------------------------------------------------------------------

COMPETENCIES = (
    "de_escalation",
    "policy",
    "privacy",
    "prioritising",
    "escalating",
    "ownership",
    "follow_up",
)
QUIZ_KEY = {
    f"q{n:02d}": {"a": 2, "b": 1, "c": 0, "d": 0} if n % 2 else {"a": 0, "b": 0, "c": 1, "d": 2}
    for n in range(1, 21)
}
QUIZ_COMPETENCIES = {question: COMPETENCIES[i % 7] for i, question in enumerate(QUIZ_KEY)}


def test_a_perfect_quiz_scores_100_and_a_blank_one_0():
    best = {q: ("a" if options["a"] == 2 else "d") for q, options in QUIZ_KEY.items()}

    perfect = score_quiz(best, QUIZ_KEY, QUIZ_COMPETENCIES)
    blank = score_quiz({}, QUIZ_KEY, QUIZ_COMPETENCIES)

    assert (perfect.score, perfect.earned, perfect.possible, perfect.answered) == (
        100.0,
        40,
        40,
        20,
    )
    assert (blank.score, blank.earned, blank.possible, blank.answered) == (0.0, 0, 40, 0)
    assert blank.unanswered == tuple(QUIZ_KEY)
    assert all(row["percent"] == 0.0 for row in blank.per_competency.values())


def test_quiz_credit_per_question_and_per_competency():
    choices = {"q01": "a", "q02": "c", "q03": "c", "q04": None, "q08": "b"}

    result = score_quiz(choices, QUIZ_KEY, QUIZ_COMPETENCIES)

    assert result.earned == 2 + 1 + 0 + 0 + 0
    assert result.answered == 4
    assert result.score == 7.5  # 3 of 40
    assert result.per_question["q01"] == 2
    assert result.per_question["q02"] == 1
    assert result.per_question["q04"] == 0
    assert "q04" in result.unanswered
    assert "q01" not in result.unanswered
    # q01 and q08 are de_escalation (positions 0 and 7), three questions in all.
    assert result.per_competency["de_escalation"] == {"earned": 2, "possible": 6, "percent": 33.3}
    assert result.per_competency["policy"] == {"earned": 1, "possible": 6, "percent": 16.7}
    assert list(result.per_competency) == list(COMPETENCIES)


def test_quiz_percentages_round_half_up():
    # 1 of 16 is 6.25 %: half up gives 6.3 (Python's round would give 6.2).
    key = {f"q{n}": {"a": 2, "b": 1} for n in range(8)}
    competencies = dict.fromkeys(key, "policy")

    result = score_quiz({"q0": "b"}, key, competencies)

    assert result.score == 6.3
    assert result.per_competency["policy"]["percent"] == 6.3


def test_quiz_with_a_custom_max_credit_and_fractional_credit():
    key = {"q1": {"a": 1, "b": 0.5}, "q2": {"a": 1, "b": 0}}

    result = score_quiz({"q1": "b", "q2": "a"}, key, {"q1": "policy", "q2": "policy"}, 1)

    assert result.earned == 1.5
    assert result.possible == 2
    assert result.score == 75.0


def test_a_choice_that_is_not_an_option_is_refused():
    with pytest.raises(ValueError, match="'e' is not an option of question 'q01'"):
        score_quiz({"q01": "e"}, QUIZ_KEY, QUIZ_COMPETENCIES)


def test_a_choice_for_an_unknown_question_is_refused():
    with pytest.raises(ValueError, match="not in the key: q99"):
        score_quiz({"q99": "a"}, QUIZ_KEY, QUIZ_COMPETENCIES)


@pytest.mark.parametrize(
    ("key", "competencies", "max_credit", "message"),
    [
        ({}, {}, 2, "no questions"),
        ({"q1": {"a": 2}}, {}, 2, "no competency"),
        ({"q1": {"a": 3}}, {"q1": "policy"}, 2, "not between 0 and 2"),
        ({"q1": {"a": -1}}, {"q1": "policy"}, 2, "not between 0 and 2"),
        ({"q1": {"a": "2"}}, {"q1": "policy"}, 2, "not between 0 and 2"),
        ({"q1": {"a": True}}, {"q1": "policy"}, 2, "not between 0 and 2"),
        ({"q1": {"a": 1}}, {"q1": "policy"}, 0, "max_credit"),
    ],
)
def test_a_malformed_key_is_refused(key, competencies, max_credit, message):
    with pytest.raises(ValueError, match=message):
        score_quiz({}, key, competencies, max_credit)


def test_quiz_score_as_dict_round_trips_through_json():
    result = score_quiz({"q01": "a", "q02": None}, QUIZ_KEY, QUIZ_COMPETENCIES)
    data = result.as_dict()

    assert roundtrip(data) == data
    assert data["unanswered"][0] == "q02"
    assert isinstance(result, QuizScore)


# --- result arithmetic ------------------------------------------------------------------------

WEIGHTS = {"empathy": 2, "accuracy": 1, "ownership": 1}


@pytest.mark.parametrize(
    ("levels", "score"),
    [
        ({"empathy": 1, "accuracy": 1, "ownership": 1}, 0.0),
        ({"empathy": 5, "accuracy": 5, "ownership": 5}, 100.0),
        ({"empathy": 3, "accuracy": 3, "ownership": 3}, 50.0),
        # weighted mean (2*4 + 2 + 5) / 4 = 3.75 -> (3.75 - 1) / 4 = 68.75 %
        ({"empathy": 4, "accuracy": 2, "ownership": 5}, 68.75),
        # the mean of two reviewers' levels is fine: (2*3.5 + 3 + 3) / 4 = 3.25 -> 56.25
        ({"empathy": 3.5, "accuracy": 3, "ownership": 3}, 56.25),
    ],
)
def test_task_score_maps_the_weighted_mean_level_from_1_5_to_0_100(levels, score):
    assert task_score_from_levels(levels, WEIGHTS) == score


@pytest.mark.parametrize(
    ("levels", "weights", "message"),
    [
        ({"empathy": 3, "accuracy": 3}, WEIGHTS, "No level for: ownership"),
        ({"empathy": 3, "accuracy": 3, "ownership": 3, "tone": 3}, WEIGHTS, "not in the rubric"),
        ({"empathy": 0, "accuracy": 3, "ownership": 3}, WEIGHTS, "not between 1 and 5"),
        ({"empathy": 6, "accuracy": 3, "ownership": 3}, WEIGHTS, "not between 1 and 5"),
        ({"empathy": 5.01, "accuracy": 3, "ownership": 3}, WEIGHTS, "not between 1 and 5"),
        ({"empathy": None, "accuracy": 3, "ownership": 3}, WEIGHTS, "not between 1 and 5"),
        ({"empathy": True, "accuracy": 3, "ownership": 3}, WEIGHTS, "not between 1 and 5"),
        ({"empathy": float("nan"), "accuracy": 3, "ownership": 3}, WEIGHTS, "not between"),
        ({"empathy": 3}, {"empathy": 0}, "not a positive number"),
        ({"empathy": 3}, {"empathy": -1}, "not a positive number"),
        ({}, {}, "no criteria"),
    ],
)
def test_task_score_refuses_missing_or_impossible_levels(levels, weights, message):
    with pytest.raises(ValueError, match=message):
        task_score_from_levels(levels, weights)


def test_weighted_total_uses_relative_weights():
    # (80*3 + 60*1 + 50*1) / 5 = 70
    assert weighted_total({"mock_call": (80, 3), "written": (60, 1), "quiz": (50, 1)}) == 70.0
    assert weighted_total({"mock_call": (80, 60), "written": (60, 20), "quiz": (50, 20)}) == 70.0
    assert weighted_total({"quiz": (72.5, 1)}) == 72.5


@pytest.mark.parametrize(
    ("task_scores", "message"),
    [
        ({}, "No task scores"),
        ({"quiz": (101, 1)}, "not between 0 and 100"),
        ({"quiz": (-1, 1)}, "not between 0 and 100"),
        ({"quiz": (50, 0)}, "not a positive number"),
        ({"quiz": (50,)}, "expected"),
        ({"quiz": 50}, "expected"),
    ],
)
def test_weighted_total_refuses_bad_input(task_scores, message):
    with pytest.raises(ValueError, match=message):
        weighted_total(task_scores)


@pytest.mark.parametrize(
    ("total", "flag", "expected"),
    [
        (100, False, "advance"),
        (70, False, "advance"),  # at the pass mark
        (69.99, False, "review"),
        (60, False, "review"),  # at the bottom of the margin
        (59.99, False, "reject"),
        (0, False, "reject"),
        (100, True, "review"),  # a compliance flag always goes to a person
        (65, True, "review"),
        (0, True, "review"),
    ],
)
def test_recommend_against_a_pass_mark_of_70(total, flag, expected):
    assert recommend(total, 70, compliance_flag=flag) == expected


def test_recommend_with_another_margin():
    assert recommend(65, 70, compliance_flag=False, review_margin=0) == "reject"
    assert recommend(51, 70, compliance_flag=False, review_margin=20) == "review"


def test_recommend_takes_the_flag_by_keyword_only():
    with pytest.raises(TypeError):
        recommend(80, 70, False)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("total", "pass_mark", "margin"),
    [(101, 70, 10), (-1, 70, 10), (50, 170, 10), (50, 70, -1), ("50", 70, 10)],
)
def test_recommend_refuses_numbers_out_of_range(total, pass_mark, margin):
    with pytest.raises(ValueError, match="not"):
        recommend(total, pass_mark, compliance_flag=False, review_margin=margin)


@pytest.mark.parametrize(
    ("recommendation", "levels", "contradicts"),
    [
        ("strong_yes", [1, 2, 2, 4], True),  # 3 of 4 low
        ("strong_yes", [1, 2, 4, 4], False),  # exactly half low is not most
        ("strong_yes", [5, 4, 4, 4], False),
        ("strong_no", [5, 4, 4, 1], True),
        ("strong_no", [5, 4, 2, 1], False),
        ("strong_no", [1, 1, 2, 1], False),
        ("yes", [1, 2, 2, 1], True),  # every level low
        ("yes", [1, 2, 2, 3], False),
        ("yes", [1, 1, 1, 4], False),
        ("no", [4, 5, 5, 4], True),  # every level high
        ("no", [4, 5, 5, 3], False),
        ("no", [2, 2, 3], False),
        ("yes", {"empathy": 1, "accuracy": 2}, True),  # a mapping of levels works too
        ("strong_yes", [3, 3, 3], False),  # 3 is neither low nor high
        ("strong_no", [3, 3, 3], False),
    ],
)
def test_recommendation_contradicts_levels(recommendation, levels, contradicts):
    assert recommendation_contradicts_levels(recommendation, levels) is contradicts


@pytest.mark.parametrize(
    ("recommendation", "levels", "message"),
    [
        ("maybe", [3], "Unknown recommendation"),
        ("advance", [3], "Unknown recommendation"),
        ("yes", [], "No levels"),
        ("yes", [0, 3], "not between 1 and 5"),
    ],
)
def test_recommendation_contradicts_levels_refuses_bad_input(recommendation, levels, message):
    with pytest.raises(ValueError, match=message):
        recommendation_contradicts_levels(recommendation, levels)


@pytest.mark.parametrize(
    ("levels", "calibrate", "agreed"),
    [
        ([3], False, 3),
        ([3, 3], False, 3),
        ([2, 3], False, 3),  # 2.5 rounds half up
        ([2, 2, 3], False, 2),  # 2.33
        ([2, 3, 3], False, 3),
        ([4, 5, 4, 5], False, 5),  # 4.5 rounds half up
        ([1, 3], True, None),
        ([2, 3, 4], True, None),
        ([1, 5], True, None),
    ],
)
def test_calibration_and_agreed_level(levels, calibrate, agreed):
    assert needs_calibration(levels) is calibrate
    assert agreed_level(levels) == agreed


def test_an_agreed_level_exists_exactly_when_no_calibration_is_needed():
    for a in range(1, 6):
        for b in range(1, 6):
            for c in range(1, 6):
                levels = [a, b, c]
                assert (agreed_level(levels) is None) is needs_calibration(levels)


def test_calibration_needs_more_than_one_reviewer_and_valid_levels():
    assert needs_calibration([]) is False
    with pytest.raises(ValueError, match="No levels"):
        agreed_level([])
    with pytest.raises(ValueError, match="not between 1 and 5"):
        needs_calibration([3, 6])
    with pytest.raises(ValueError, match="not between 1 and 5"):
        agreed_level([0, 1])
