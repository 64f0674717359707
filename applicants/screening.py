"""Knock-out rules of screening questions. Plain Python: no Django."""

from decimal import Decimal, InvalidOperation


def knockout_reasons(questions: list[dict], answers: dict[str, str]) -> list[str]:
    """Which stated requirements the answers do not meet, as sentences for the record.

    ``questions`` are the revision's snapshot entries; ``answers`` map question id (as text)
    to the answer given ("yes"/"no", a number, or text).
    """
    reasons = []
    for question in questions:
        answer = (answers.get(str(question["id"])) or "").strip().lower()
        rule = question["knockout_when"]
        if rule == "answer_is_no" and answer == "no":
            reasons.append(f"Answered no to: {question['text']}")
        elif rule == "answer_is_yes" and answer == "yes":
            reasons.append(f"Answered yes to: {question['text']}")
        elif rule == "number_below" and question["knockout_value"] is not None:
            try:
                if Decimal(answer) < Decimal(question["knockout_value"]):
                    reasons.append(
                        f"Answered {answer} (below {question['knockout_value']}) to: "
                        f"{question['text']}"
                    )
            except InvalidOperation:
                reasons.append(f"Gave no number for: {question['text']}")
    return reasons
