"""What a save may contain, without Django."""

import pytest

from assessments.answers import (
    MAX_TEXT_CHARS,
    AnswerRejected,
    call_path,
    clean_call,
    clean_quiz,
    clean_written,
    word_count,
)
from tests.assessments.factories import CALL_TURNS

CALL = {"call": {"turns": [{**t, "branches": t.get("branches", [])} for t in CALL_TURNS]}}
WRITTEN = {"parts": [{"key": "handoff", "label": "Hand-off"}, {"key": "reply", "label": "Reply"}]}


def test_word_count():
    assert word_count("") == 0
    assert word_count("  one\ttwo\nthree  ") == 3
    assert word_count(None) == 0


def test_written_keeps_known_parts_and_fills_missing_ones():
    assert clean_written(WRITTEN, {"parts": {"handoff": "Hi\x00"}}) == {
        "handoff": "Hi",
        "reply": "",
    }


@pytest.mark.parametrize(
    "payload",
    [
        {"parts": {"extra": "x"}},
        {"parts": {"handoff": "x" * (MAX_TEXT_CHARS + 1)}},
        {"parts": {"handoff": ["x"]}},
        {"parts": "handoff"},
    ],
)
def test_written_refuses_what_does_not_fit(payload):
    with pytest.raises(AnswerRejected):
        clean_written(WRITTEN, payload)


def test_the_call_path_follows_choices_and_stops_at_an_open_branch():
    call = CALL["call"]
    assert call_path(call, {}) == ["t1", "t2", "t3", "t4", "t5", "t6"]
    assert call_path(call, {"t6": "t7b"}) == ["t1", "t2", "t3", "t4", "t5", "t6", "t7b", "t8"]
    assert call_path(call, {"t6": "nowhere"})[-1] == "t6"


def test_a_looping_script_does_not_hang():
    looping = {"turns": [
        {"key": "a", "next": "b", "branches": []},
        {"key": "b", "next": "a", "branches": []},
    ]}  # fmt: skip
    assert call_path(looping, {}) == ["a", "b"]


def test_empty_answers_off_the_path_are_ignored_but_words_are_not():
    cleaned = clean_call(CALL, {"turns": {"t1": "Hi", "t7a": ""}})
    assert cleaned == {"turns": {"t1": "Hi"}, "choices": {}}
    with pytest.raises(AnswerRejected, match="not reached"):
        clean_call(CALL, {"turns": {"t7a": "words"}})


def test_quiz_maps_ids_through_the_callers_key_and_skips_blanks():
    def option_key(question, public_id):
        return {"q1": {"id-b": "b"}}.get(question, {}).get(public_id)

    task = {"questions": [{"key": "q1"}, {"key": "q2"}]}
    assert clean_quiz(task, {"choices": {"q1": "id-b", "q2": None}}, option_key=option_key) == {
        "q1": "b"
    }
    for bad in ({"q3": "id-b"}, {"q1": "id-x"}, {"q1": 7}):
        with pytest.raises(AnswerRejected):
            clean_quiz(task, {"choices": bad}, option_key=option_key)
