"""The assessment content: what candidates read and reviewers score against, checked as data.

No database: the content is plain Python, and these tests hold it to the shape the loader
expects and to the rules the content itself teaches (no card numbers, the identity check).
"""

import ast
import re
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

from assessments import content
from assessments.content import TEMPLATES, customer_service, technical_support
from roles.models import RoleFamily

TEMPLATE_FIELDS = {
    "key",
    "name",
    "role_families",
    "summary",
    "reviewers_per_response",
    "pass_mark",
    "tasks",
    "calibration",
    "sample_responses",
}
TASK_ORDER = ["mock_call", "written_escalation", "situational_quiz"]
TIME_LIMITS = {"mock_call": 10, "written_escalation": 15, "situational_quiz": 20}
COMMON_TASK_FIELDS = {
    "kind",
    "title",
    "time_limit_minutes",
    "weight",
    "instructions",
    "what_we_look_for",
    "scenario",
}
TASK_FIELDS = {
    "mock_call": COMMON_TASK_FIELDS | {"call", "rubric"},
    "written_escalation": COMMON_TASK_FIELDS | {"ticket", "parts", "key_facts", "rubric"},
    "situational_quiz": COMMON_TASK_FIELDS | {"questions"},
}
CRITERIA = {
    "mock_call": [
        "opening_identity",
        "empathy",
        "diagnosis",
        "policy_accuracy",
        "de_escalation",
        "resolution_closing",
    ],
    "written_escalation": [
        "handoff_completeness",
        "clarity_structure",
        "customer_tone",
        "ticket_accuracy",
        "compliance",
        "next_steps",
    ],
}
STAGES = [
    "opening",
    "identity",
    "empathy",
    "diagnosis",
    "policy",
    "de_escalation",
    "resolution",
    "closing",
]
COMPETENCIES = {
    "de_escalation",
    "policy",
    "privacy",
    "prioritising",
    "escalating",
    "ownership",
    "follow_up",
}
QUALITIES = {"strong", "good", "middling", "weak", "poor"}
CUSTOMER_SERVICE_FAMILIES = {
    "customer_service",
    "customer_experience",
    "team_leadership",
    "training",
    "insights",
}

# A card number as people write it: 13 to 19 digits, optionally in groups split by single spaces
# or hyphens. Whether it is one is then settled by the Luhn check.
CARD_LIKE = re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")
DIGIT_RUN = re.compile(r"\d+")
ASKS_FOR_IDENTITY = re.compile(r"\bZIP\b|\bbirth\b", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z'\"])")

templates = pytest.mark.parametrize("template", list(TEMPLATES.values()), ids=list(TEMPLATES))


# --- helpers -----------------------------------------------------------------------------------


def passes_luhn(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def card_numbers_in(text: str) -> list[str]:
    found = []
    for match in CARD_LIKE.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if 13 <= len(digits) <= 19 and passes_luhn(digits):
            found.append(digits)
    return found


def strings_in(value, marked=False, path="$"):
    """Every string in a nested structure, and whether a ``contains_card_number`` mark covers it."""
    if isinstance(value, str):
        yield path, value, marked
    elif isinstance(value, dict):
        marked = marked or value.get("contains_card_number") is True
        for key, item in value.items():
            yield from strings_in(item, marked, f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from strings_in(item, marked, f"{path}[{index}]")


def marked_dicts(value, path="$"):
    if isinstance(value, dict):
        if value.get("contains_card_number") is True:
            yield path, value
        for key, item in value.items():
            yield from marked_dicts(item, f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from marked_dicts(item, f"{path}[{index}]")


def sentences(text: str) -> list[str]:
    return [part for part in SENTENCE_END.split(text.strip()) if part]


def words(text: str) -> int:
    return len(text.split())


def task(template: dict, kind: str) -> dict:
    return next(item for item in template["tasks"] if item["kind"] == kind)


def turns_by_key(template: dict) -> dict:
    return {turn["key"]: turn for turn in task(template, "mock_call")["call"]["turns"]}


def all_call_paths(template: dict) -> list[list[str]]:
    turns = turns_by_key(template)
    first = task(template, "mock_call")["call"]["turns"][0]["key"]
    paths = []

    def follow(key, path):
        assert key not in path, f"the script loops back to {key}"
        path = [*path, key]
        turn = turns[key]
        if "branches" in turn:
            for branch in turn["branches"]:
                follow(branch["next"], path)
        elif turn["next"] is None:
            paths.append(path)
        else:
            follow(turn["next"], path)

    follow(first, [])
    return paths


def path_taken(template: dict, branch_choices: dict) -> list[str]:
    turns = turns_by_key(template)
    key = task(template, "mock_call")["call"]["turns"][0]["key"]
    path = []
    while key is not None:
        path.append(key)
        turn = turns[key]
        if "branches" in turn:
            targets = [branch["next"] for branch in turn["branches"]]
            assert branch_choices.get(key) in targets, f"no valid branch chosen at {key}"
            key = branch_choices[key]
        else:
            key = turn["next"]
    return path


def responses(template: dict, kind: str) -> list[dict]:
    return [
        item
        for item in template["calibration"] + template["sample_responses"]
        if item["task"] == kind
    ]


def best_option(question: dict) -> dict:
    return next(option for option in question["options"] if option["credit"] == 2)


# --- the package ---------------------------------------------------------------------------


def test_content_modules_import_nothing_from_django():
    for module in Path(content.__file__).parent.glob("*.py"):
        tree = ast.parse(module.read_text())
        imported = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
        assert not any(name.split(".")[0] == "django" for name in imported), module.name


def test_templates_are_keyed_by_their_own_key():
    assert set(TEMPLATES) == {"customer-service-core", "technical-support-core"}
    for key, template in TEMPLATES.items():
        assert template["key"] == key
    assert TEMPLATES["customer-service-core"] is customer_service.TEMPLATE
    assert TEMPLATES["technical-support-core"] is technical_support.TEMPLATE


def test_every_role_family_is_served_by_exactly_one_template():
    served = Counter(family for t in TEMPLATES.values() for family in t["role_families"])
    assert served == Counter(set(RoleFamily.values))
    assert set(customer_service.TEMPLATE["role_families"]) == CUSTOMER_SERVICE_FAMILIES
    assert technical_support.TEMPLATE["role_families"] == ["technical_support"]


@templates
def test_template_has_the_agreed_fields_and_scoring_settings(template):
    assert set(template) == TEMPLATE_FIELDS
    assert template["name"].strip()
    assert 2 <= len(sentences(template["summary"])) <= 3
    assert template["reviewers_per_response"] >= 2
    assert 0 < template["pass_mark"] < 100


@templates
def test_tasks_come_in_order_with_their_time_limits_and_weights(template):
    assert [item["kind"] for item in template["tasks"]] == TASK_ORDER
    for item in template["tasks"]:
        assert set(item) == TASK_FIELDS[item["kind"]], item["kind"]
        assert item["time_limit_minutes"] == TIME_LIMITS[item["kind"]]
        assert isinstance(item["weight"], int)
        assert item["weight"] > 0
    assert sum(item["weight"] for item in template["tasks"]) == 100


@templates
def test_every_task_tells_the_candidate_what_to_do_and_what_counts(template):
    for item in template["tasks"]:
        assert item["title"].strip()
        assert item["scenario"].strip()
        assert 3 <= len(sentences(item["instructions"])) <= 6, item["kind"]
        bullets = item["what_we_look_for"]
        assert 4 <= len(bullets) <= 6, item["kind"]
        assert len(set(bullets)) == len(bullets)
        for bullet in bullets:
            assert bullet.strip()
            assert len(bullet) <= 90, bullet
            assert not bullet.endswith("."), bullet


@templates
def test_no_text_has_stray_whitespace(template):
    for path, text, _ in strings_in(template):
        assert text == text.strip(), path
        assert "  " not in text, path
        assert " \n" not in text, path
        assert "\n\n\n" not in text, path


# --- the practice call -----------------------------------------------------------------------


@templates
def test_call_turns_have_unique_keys_known_stages_and_short_natural_lines(template):
    call = task(template, "mock_call")["call"]
    assert call["customer_name"].strip()
    keys = [turn["key"] for turn in call["turns"]]
    assert len(keys) == len(set(keys))
    for turn in call["turns"]:
        assert turn["stage"] in STAGES, turn["key"]
        assert 1 <= len(sentences(turn["text"])) <= 3, turn["key"]


@templates
def test_call_turn_either_continues_or_branches_to_turns_that_exist(template):
    turns = turns_by_key(template)
    for turn in turns.values():
        if "branches" in turn:
            assert "next" not in turn, turn["key"]
            branches = turn["branches"]
            assert len(branches) >= 2
            assert len({branch["label"] for branch in branches}) == len(branches)
            assert len({branch["next"] for branch in branches}) == len(branches)
            for branch in branches:
                assert branch["label"].strip()
                assert branch["next"] in turns, branch["next"]
        else:
            assert turn["next"] is None or turn["next"] in turns, turn["key"]


@templates
def test_call_branches_rejoin_and_every_turn_is_reachable(template):
    turns = turns_by_key(template)
    paths = all_call_paths(template)
    assert any("branches" in turn for turn in turns.values())
    assert len(paths) >= 2
    assert len({path[-1] for path in paths}) == 1, "the branches never rejoin"
    assert {key for path in paths for key in path} == set(turns)


@templates
def test_every_call_path_has_ten_turns_and_walks_through_every_stage_in_order(template):
    turns = turns_by_key(template)
    for path in all_call_paths(template):
        assert len(path) >= 10
        stages = [turns[key]["stage"] for key in path]
        assert set(stages) == set(STAGES), path
        positions = [STAGES.index(stage) for stage in stages]
        assert positions == sorted(positions), path
        assert stages[0] == "opening"
        assert stages[-1] == "closing"


@templates
def test_call_customer_reads_out_a_card_number_once_on_every_path(template):
    turns = turns_by_key(template)
    marked = [key for key, turn in turns.items() if turn.get("contains_card_number")]
    assert len(marked) == 1
    assert card_numbers_in(turns[marked[0]]["text"])
    for path in all_call_paths(template):
        assert marked[0] in path


@templates
def test_call_account_shows_what_the_identity_check_and_the_fix_need(template):
    facts = task(template, "mock_call")["call"]["account_facts"]
    labels = " ".join(facts).lower()
    for needed in ("zip code", "date of birth", "today", "case reference", "policy"):
        assert needed in labels, needed
    assert "amount that should have been" in labels
    assert all(isinstance(value, str) and value.strip() for value in facts.values())


@templates
def test_call_identifiers_can_never_be_mistaken_for_card_numbers(template):
    facts = task(template, "mock_call")["call"]["account_facts"]
    for label, value in facts.items():
        for run in DIGIT_RUN.findall(value):
            if len(run) >= 6:
                assert len(run) < 13, label
                assert not passes_luhn(run), label


# --- the written hand-off ------------------------------------------------------------------------


@templates
def test_ticket_has_a_customer_and_six_to_ten_entries_over_several_days(template):
    ticket = task(template, "written_escalation")["ticket"]
    assert ticket["reference"].strip()
    assert ticket["subject"].strip()
    customer = ticket["customer"]
    assert {"name", "account", "contact_preference"} <= set(customer)
    assert "plan" in customer or "tier" in customer
    entries = ticket["entries"]
    assert 6 <= len(entries) <= 10
    times = [datetime.fromisoformat(entry["at"]) for entry in entries]
    assert times == sorted(times)
    assert len(set(times)) == len(times)
    assert (times[-1] - times[0]).days >= 3


@templates
def test_ticket_entries_name_their_author_and_channel(template):
    entries = task(template, "written_escalation")["ticket"]["entries"]
    for entry in entries:
        assert re.fullmatch(r"customer|system|agent: [A-Z][a-z]+", entry["author"])
        assert entry["channel"] in {"email", "chat", "phone", "note"}
        assert entry["body"].strip()
    authors = {entry["author"] for entry in entries}
    assert {"customer", "system"} <= authors
    assert sum(author.startswith("agent: ") for author in authors) >= 2


@templates
def test_written_task_asks_for_a_handoff_and_a_reply(template):
    written = task(template, "written_escalation")
    parts = {part["key"]: part for part in written["parts"]}
    assert [part["key"] for part in written["parts"]] == ["handoff", "reply"]
    assert parts["handoff"]["label"] == "Hand-off note to the Level 2 team"
    assert parts["reply"]["label"] == "Reply to the customer"
    assert (parts["handoff"]["min_words"], parts["handoff"]["max_words"]) == (60, 400)
    assert (parts["reply"]["min_words"], parts["reply"]["max_words"]) == (60, 300)
    for part in parts.values():
        assert part["guidance"].strip()
    assert len(written["key_facts"]) >= 8
    assert all(fact.strip() for fact in written["key_facts"])


# --- the situational quiz --------------------------------------------------------------------


@templates
def test_quiz_has_twenty_keyed_questions_and_no_rubric(template):
    quiz = task(template, "situational_quiz")
    assert "rubric" not in quiz
    keys = [question["key"] for question in quiz["questions"]]
    assert keys == [f"q{number:02d}" for number in range(1, 21)]


@templates
def test_every_question_has_one_best_option_and_one_or_two_partial(template):
    for question in task(template, "situational_quiz")["questions"]:
        assert 1 <= len(sentences(question["scenario"])) <= 3, question["key"]
        assert question["prompt"].strip()
        options = question["options"]
        assert [option["key"] for option in options] == ["a", "b", "c", "d"]
        assert len({option["text"] for option in options}) == 4
        credits = Counter(option["credit"] for option in options)
        assert set(credits) <= {0, 1, 2}, question["key"]
        assert credits[2] == 1, question["key"]
        assert credits[1] in (1, 2), question["key"]
        for option in options:
            assert option["text"].strip()
            assert option["rationale"].strip()


@templates
def test_every_competency_is_allowed_and_tested_at_least_twice(template):
    competencies = Counter(
        question["competency"] for question in task(template, "situational_quiz")["questions"]
    )
    assert set(competencies) == COMPETENCIES
    assert min(competencies.values()) >= 2


@templates
def test_privacy_questions_cover_identity_checks_and_card_numbers(template):
    privacy = [
        question
        for question in task(template, "situational_quiz")["questions"]
        if question["competency"] == "privacy"
    ]
    texts = [
        " ".join([question["scenario"], *(option["text"] for option in question["options"])])
        for question in privacy
    ]
    assert any(re.search(r"identity|date of birth", text, re.IGNORECASE) for text in texts)
    assert any(re.search(r"card number", text, re.IGNORECASE) for text in texts)


@templates
def test_best_option_cannot_be_guessed_by_its_letter(template):
    letters = Counter(
        best_option(question)["key"] for question in task(template, "situational_quiz")["questions"]
    )
    assert set(letters) == {"a", "b", "c", "d"}
    assert max(letters.values()) <= 7


@templates
def test_best_option_cannot_be_guessed_by_its_length(template):
    longest = shortest = 0
    for question in task(template, "situational_quiz")["questions"]:
        lengths = [len(option["text"]) for option in question["options"]]
        best = len(best_option(question)["text"])
        longest += best == max(lengths)
        shortest += best == min(lengths)
    assert longest <= 6
    assert shortest <= 6


def test_technical_support_shares_at_most_eight_questions_with_customer_service():
    shared = [
        question
        for question in technical_support.QUESTIONS
        if any(question is other for other in customer_service.QUESTIONS)
    ]
    assert 1 <= len(shared) <= 8
    scenarios = {question["scenario"] for question in customer_service.QUESTIONS}
    restated = [
        question
        for question in technical_support.QUESTIONS
        if question["scenario"] in scenarios and question not in shared
    ]
    assert not restated, "share a question by importing it, not by copying it"


# --- rubrics ---------------------------------------------------------------------------------


@templates
@pytest.mark.parametrize("kind", ["mock_call", "written_escalation"])
def test_rubric_has_the_six_agreed_criteria_with_weights(template, kind):
    rubric = task(template, kind)["rubric"]
    assert rubric["name"].strip()
    criteria = rubric["criteria"]
    assert [criterion["key"] for criterion in criteria] == CRITERIA[kind]
    assert len({criterion["name"] for criterion in criteria}) == 6
    for criterion in criteria:
        assert criterion["weight"] in (1, 2, 3), criterion["key"]
        assert len(sentences(criterion["looks_for"])) == 1, criterion["key"]


@templates
@pytest.mark.parametrize("kind", ["mock_call", "written_escalation"])
def test_every_criterion_has_five_distinct_anchored_levels(template, kind):
    for criterion in task(template, kind)["rubric"]["criteria"]:
        levels = criterion["levels"]
        assert list(levels) == [1, 2, 3, 4, 5], criterion["key"]
        anchors = [level["anchor"] for level in levels.values()]
        assert all(anchor.strip() for anchor in anchors)
        assert len(set(anchors)) == 5, criterion["key"]
        feedback = [level["feedback"] for level in levels.values()]
        assert len(set(feedback)) == 5, criterion["key"]


@templates
@pytest.mark.parametrize("kind", ["mock_call", "written_escalation"])
def test_level_feedback_is_one_sentence_addressed_to_the_candidate(template, kind):
    for criterion in task(template, kind)["rubric"]["criteria"]:
        for score, level in criterion["levels"].items():
            feedback = level["feedback"]
            where = f"{criterion['key']} level {score}"
            assert len(sentences(feedback)) == 1, where
            assert feedback.endswith("."), where
            assert re.search(r"\byou(r)?\b", feedback, re.IGNORECASE), where


# --- calibration and sample responses ----------------------------------------------------------


def assert_valid_response(template: dict, kind: str, response: dict) -> None:
    if kind == "mock_call":
        assert set(response) == {"turns", "branch_choices"}
        path = path_taken(template, response["branch_choices"])
        assert list(response["turns"]) == path
        assert all(answer.strip() for answer in response["turns"].values())
        branching = {key for key in path if "branches" in turns_by_key(template)[key]}
        assert set(response["branch_choices"]) == branching
    else:
        parts = {part["key"]: part for part in task(template, kind)["parts"]}
        assert set(response) == set(parts)
        for key, text in response.items():
            assert parts[key]["min_words"] <= words(text) <= parts[key]["max_words"], key


def weighted_total(template: dict, kind: str, levels: dict) -> float:
    criteria = task(template, kind)["rubric"]["criteria"]
    total_weight = sum(criterion["weight"] for criterion in criteria)
    return sum(levels[c["key"]] * c["weight"] for c in criteria) / total_weight


@templates
@pytest.mark.parametrize("kind", ["mock_call", "written_escalation"])
def test_calibration_has_a_strong_a_middling_and_a_weak_response(template, kind):
    prefix = "cal-call" if kind == "mock_call" else "cal-written"
    calibration = [item for item in template["calibration"] if item["task"] == kind]
    assert [item["key"] for item in calibration] == [
        f"{prefix}-strong",
        f"{prefix}-middling",
        f"{prefix}-weak",
    ]
    totals = [weighted_total(template, kind, item["agreed_levels"]) for item in calibration]
    assert totals == sorted(totals, reverse=True)
    assert len(set(totals)) == 3


@templates
@pytest.mark.parametrize("kind", ["mock_call", "written_escalation"])
def test_calibration_agrees_a_level_and_a_reason_for_every_criterion(template, kind):
    criteria = set(CRITERIA[kind])
    for item in template["calibration"]:
        if item["task"] != kind:
            continue
        assert set(item) == {"task", "key", "label", "response", "agreed_levels", "rationale"}
        assert item["label"].strip()
        assert set(item["agreed_levels"]) == criteria, item["key"]
        assert all(level in range(1, 6) for level in item["agreed_levels"].values())
        assert set(item["rationale"]) == criteria, item["key"]
        assert all(reason.strip() for reason in item["rationale"].values())
        assert_valid_response(template, kind, item["response"])


@templates
def test_calibration_covers_both_rubric_tasks_only(template):
    assert Counter(item["task"] for item in template["calibration"]) == {
        "mock_call": 3,
        "written_escalation": 3,
    }


@templates
@pytest.mark.parametrize("kind", ["mock_call", "written_escalation"])
def test_samples_give_five_responses_one_of_each_quality(template, kind):
    samples = [item for item in template["sample_responses"] if item["task"] == kind]
    assert sorted(item["quality"] for item in samples) == sorted(QUALITIES)
    for item in samples:
        assert {"task", "key", "label", "quality", "response"} <= set(item)
        assert "agreed_levels" not in item
        assert item["label"].strip()
        assert_valid_response(template, kind, item["response"])


@templates
def test_samples_cover_both_rubric_tasks_only(template):
    assert Counter(item["task"] for item in template["sample_responses"]) == {
        "mock_call": 5,
        "written_escalation": 5,
    }


@templates
def test_response_keys_are_unique_within_a_template(template):
    keys = [item["key"] for item in template["calibration"] + template["sample_responses"]]
    assert len(keys) == len(set(keys))


@templates
def test_exactly_one_written_sample_copies_a_card_number_into_the_handoff(template):
    marked = [item for item in template["sample_responses"] if item.get("contains_card_number")]
    assert len(marked) == 1
    assert marked[0]["task"] == "written_escalation"
    assert card_numbers_in(marked[0]["response"]["handoff"])
    assert not any(item.get("contains_card_number") for item in template["calibration"])


@templates
def test_exactly_one_call_sample_skips_the_identity_check(template):
    turns = turns_by_key(template)
    skipping = [
        item for item in responses(template, "mock_call") if item.get("skips_identity_check")
    ]
    assert len(skipping) == 1
    assert skipping[0] in template["sample_responses"]
    for item in responses(template, "mock_call"):
        said = " ".join(
            answer
            for key, answer in item["response"]["turns"].items()
            if turns[key]["stage"] in ("opening", "identity")
        )
        asks = bool(ASKS_FOR_IDENTITY.search(said))
        assert asks is not bool(item.get("skips_identity_check")), item["key"]


# --- card numbers ------------------------------------------------------------------------------


@templates
def test_no_card_number_appears_anywhere_unless_marked(template):
    for path, text, marked in strings_in(template):
        if not marked:
            assert not card_numbers_in(text), path


@templates
def test_everything_marked_as_holding_a_card_number_really_does(template):
    marked = list(marked_dicts(template))
    assert marked
    for path, value in marked:
        assert any(card_numbers_in(text) for _, text, _ in strings_in(value)), path


def test_card_number_check_finds_grouped_numbers_and_ignores_near_misses():
    assert card_numbers_in("It's 4111 1111 1111 1111, expiry 09/28") == ["4111111111111111"]
    assert card_numbers_in("card 5555-5555-5555-4444") == ["5555555555554444"]
    assert not card_numbers_in("4111 1111 1111 1112")
    assert not card_numbers_in("order LH-4471902 on 2026-11-02T09:14:00")
