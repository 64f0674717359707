"""Turn a template and all its rows into the plain data a revision keeps.

The snapshot is the only thing candidates, the scorer and reviewers read: the task as it was
given, the call script, the ticket, the questions with their keyed credits and the rubric with
its anchors. It is a dict of lists and strings (levels keyed "1" to "5"), stable in order, so
two snapshots of unchanged content compare equal.
"""

from .models import AssessmentTemplate, Task, TaskKind


def build_snapshot(template: AssessmentTemplate) -> dict:
    """Everything about ``template`` that an attempt depends on. Expects it prefetched
    (``selectors.template_for_editing``) or runs a few queries per task."""
    return {
        "key": template.key,
        "name": template.name,
        "summary": template.summary,
        "reviewers_per_response": template.reviewers_per_response,
        "pass_mark": template.pass_mark,
        "tasks": [task_snapshot(task) for task in template.tasks.all()],
    }


def task_snapshot(task: Task) -> dict:
    data = {
        "key": task.key,
        "kind": task.kind,
        "title": task.title,
        "time_limit_minutes": task.time_limit_minutes,
        "weight": task.weight,
        "instructions": task.instructions,
        "what_we_look_for": [
            line.strip() for line in task.what_we_look_for.splitlines() if line.strip()
        ],
        "scenario": task.scenario,
        "facts": list(task.facts or []),
        "reviewer_notes": task.reviewer_notes,
    }
    if task.kind == TaskKind.MOCK_CALL:
        data["call"] = {
            "customer_name": task.customer_name,
            "turns": [
                {
                    "key": turn.key,
                    "text": turn.text,
                    "stage": turn.stage,
                    "next": turn.next_key or None,
                    "branches": [
                        {"label": branch.label, "next": branch.next_key}
                        for branch in turn.branches.all()
                    ],
                    "contains_card_number": turn.contains_card_number,
                }
                for turn in task.turns.all()
            ],
        }
    elif task.kind == TaskKind.WRITTEN_ESCALATION:
        data["ticket"] = {
            "reference": task.ticket_reference,
            "subject": task.ticket_subject,
            "entries": [
                {
                    "at": entry.at.isoformat(),
                    "author": entry.author,
                    "channel": entry.channel,
                    "body": entry.body,
                }
                for entry in task.ticket_entries.all()
            ],
        }
        data["parts"] = [
            {
                "key": part.key,
                "label": part.label,
                "guidance": part.guidance,
                "min_words": part.min_words,
                "max_words": part.max_words,
            }
            for part in task.parts.all()
        ]
    else:
        data["questions"] = [
            {
                "key": question.key,
                "competency": question.competency,
                "scenario": question.scenario,
                "prompt": question.prompt,
                "options": [
                    {
                        "key": option.key,
                        "text": option.text,
                        "credit": option.credit,
                        "rationale": option.rationale,
                    }
                    for option in question.options.all()
                ],
            }
            for question in task.questions.all()
        ]
    rubric = getattr(task, "rubric", None)
    data["rubric"] = rubric_snapshot(rubric) if rubric is not None else None
    data["calibration"] = [
        {
            "key": sample.key,
            "label": sample.label,
            "response": sample.response,
            "agreed_levels": sample.agreed_levels,
            "rationale": sample.rationale,
        }
        for sample in task.calibration_samples.all()
    ]
    return data


def rubric_snapshot(rubric) -> dict:
    return {
        "name": rubric.name,
        "criteria": [
            {
                "key": criterion.key,
                "name": criterion.name,
                "looks_for": criterion.looks_for,
                "weight": criterion.weight,
                "levels": {
                    str(level.score): {"anchor": level.anchor, "feedback": level.feedback}
                    for level in criterion.levels.all()
                },
            }
            for criterion in rubric.criteria.all()
        ],
    }
