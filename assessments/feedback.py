"""What a candidate is told about how they did: strengths and areas to develop.

Pure functions with no Django in them. For the tasks people score, each criterion's level
(rounded) picks that level's candidate-facing sentence from the rubric; levels 4 and 5 are
strengths, 1 to 3 areas to develop. For the quiz, each competency's share of the credit
does the same with the sentences below. Reviewers' names and comments never appear.
"""

from collections.abc import Mapping

STRENGTH_FROM = 4
QUIZ_STRONG = 75.0  # percent of a competency's credit
QUIZ_WEAK = 50.0

COMPETENCY_FEEDBACK = {
    "de_escalation": (
        "You chose responses that calm a heated conversation and keep it moving.",
        "Practise responses that acknowledge a frustrated customer before solving anything.",
    ),
    "policy": (
        "You applied policy accurately and explained it in plain words.",
        "Review how the policies apply in edge cases, and how to explain them without jargon.",
    ),
    "privacy": (
        "You protected customers' data: identity first, and never a card number in writing.",
        "Make the identity check and safe handling of card details a habit in every contact.",
    ),
    "prioritising": (
        "You put the most urgent and the most harmful problems first.",
        "Practise ordering a busy queue by urgency and impact rather than by arrival.",
    ),
    "escalating": (
        "You knew when to pass a case on, and to whom, with what it needed.",
        "Learn the escalation levels and what a specialist needs in a hand-off.",
    ),
    "ownership": (
        "You took ownership and followed problems through to the end.",
        "Aim to own the next step yourself rather than pass the customer along.",
    ),
    "follow_up": (
        "You kept promises and told customers what would happen and when.",
        "Give customers a clear next step with a time, and check back when you said you would.",
    ),
}


def rubric_feedback(rubric: dict, levels: Mapping[str, float]) -> dict[str, list[str]]:
    """Strengths and areas to develop for one task, in the rubric's order."""
    strengths, develop = [], []
    for criterion in rubric["criteria"]:
        if criterion["key"] not in levels:
            continue
        level = max(1, min(5, int(levels[criterion["key"]] + 0.5)))
        sentence = criterion["levels"][str(level)]["feedback"]
        (strengths if level >= STRENGTH_FROM else develop).append(sentence)
    return {"strengths": strengths, "develop": develop}


def quiz_feedback(per_competency: Mapping[str, Mapping]) -> dict[str, list[str]]:
    """From the quiz's per-competency subtotals ({competency: {"percent": ...}})."""
    strengths, develop = [], []
    for competency, (strong, weak) in COMPETENCY_FEEDBACK.items():
        found = per_competency.get(competency)
        if not found:
            continue
        if found["percent"] >= QUIZ_STRONG:
            strengths.append(strong)
        elif found["percent"] < QUIZ_WEAK:
            develop.append(weak)
    return {"strengths": strengths, "develop": develop}
