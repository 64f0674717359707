"""What a candidate's save may contain, checked against the task they were given.

Pure functions with no Django in them. A save is the whole answer document of one task, sent
by the browser as JSON; everything in it is untrusted. ``clean_*`` return the document as it
will be stored or raise ``AnswerRejected`` with a message the candidate can act on.
"""

import re
from collections.abc import Callable, Mapping

MAX_TEXT_CHARS = 10_000  # far above any part's word limit; a cap on what a save may carry
WORD = re.compile(r"\S+")


class AnswerRejected(ValueError):
    """The save does not fit the task; nothing of it is stored."""


def word_count(text: str) -> int:
    return len(WORD.findall(text or ""))


def _text(value, *, what: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise AnswerRejected(f"{what} must be text.")
    if len(value) > MAX_TEXT_CHARS:
        raise AnswerRejected(
            f"{what} is too long to save ({len(value):,} characters; the limit is "
            f"{MAX_TEXT_CHARS:,}). Shorten it and it will save again."
        )
    return value.replace("\x00", "")


def _mapping(value, *, what: str) -> Mapping:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise AnswerRejected(f"{what} is not in the expected form.")
    return value


def clean_written(task: dict, payload: Mapping) -> dict[str, str]:
    """``{"parts": {part key: text}}`` for the task's parts only."""
    parts = _mapping(payload.get("parts"), what="The answer")
    known = {part["key"]: part for part in task["parts"]}
    unknown = set(parts) - set(known)
    if unknown:
        raise AnswerRejected("The answer names a part this task does not have.")
    return {key: _text(parts.get(key), what=known[key]["label"]) for key in known}


def call_path(call: dict, choices: Mapping[str, str]) -> list[str]:
    """The turn keys a candidate meets, following their branch choices. The path stops at a
    turn with branches whose choice is not made yet, and never loops."""
    turns = {turn["key"]: turn for turn in call["turns"]}
    if not call["turns"]:
        return []
    path, key, seen = [], call["turns"][0]["key"], set()
    while key and key in turns and key not in seen:
        seen.add(key)
        path.append(key)
        turn = turns[key]
        if turn["branches"]:
            key = choices.get(key)
            if key not in {branch["next"] for branch in turn["branches"]}:
                break
        else:
            key = turn["next"]
    return path


def clean_call(task: dict, payload: Mapping) -> dict:
    """``{"turns": {turn key: text}, "choices": {turn key: next key}}`` along one valid path."""
    call = task["call"]
    turns = {turn["key"]: turn for turn in call["turns"]}
    choices_in = _mapping(payload.get("choices"), what="The call's choices")
    choices: dict[str, str] = {}
    for key, target in choices_in.items():
        turn = turns.get(key)
        if turn is None or target not in {branch["next"] for branch in turn["branches"]}:
            raise AnswerRejected("That choice is not one the call offers at that point.")
        choices[key] = target
    path = call_path(call, choices)
    answers_in = {
        key: text
        for key, text in _mapping(payload.get("turns"), what="The call's answers").items()
        if text not in (None, "")  # an empty box says nothing, wherever it is
    }
    off_path = set(answers_in) - set(path)
    if off_path:
        raise AnswerRejected("An answer belongs to a part of the call you have not reached.")
    answers = {key: _text(answers_in[key], what="An answer") for key in path if key in answers_in}
    return {"turns": answers, "choices": {k: v for k, v in choices.items() if k in path}}


def clean_quiz(
    task: dict, payload: Mapping, *, option_key: Callable[[str, str], str | None]
) -> dict[str, str]:
    """``{"choices": {question key: public option id}}`` turned into option keys.

    ``option_key(question key, public id)`` maps the id the browser saw back to an option of
    that question, or None; an id of another question or of nothing is refused.
    """
    choices_in = _mapping(payload.get("choices"), what="The quiz answers")
    questions = {question["key"] for question in task["questions"]}
    choices: dict[str, str] = {}
    for question_key, public_id in choices_in.items():
        if question_key not in questions:
            raise AnswerRejected("An answer names a question this quiz does not have.")
        if public_id in (None, ""):
            continue
        key = option_key(question_key, str(public_id)) if isinstance(public_id, str) else None
        if key is None:
            raise AnswerRejected("An answer is not one of that question's options.")
        choices[question_key] = key
    return choices
