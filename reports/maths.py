"""The arithmetic of the reports, over counts the database has already added up.

No Django here: each function takes plain numbers (counts per stage, durations, group
totals) and returns plain rows, so it is tested without a database and reads the same
whichever database counted.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from assessments import statistics

# A pipeline's stages in order, by kind (the values of applicants.models.StageKind).
STAGE_ORDER = ("applied", "screening", "assessment", "review", "interview", "offer", "hired")
CLOSED = ("rejected", "withdrawn")


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """The ``fraction`` quantile by linear interpolation between the closest ranks: what
    PostgreSQL's ``percentile_cont`` returns, so both databases print the same figure."""
    if not 0 <= fraction <= 1:
        raise ValueError("fraction must be between 0 and 1.")
    ordered = sorted(values)
    if not ordered:
        return None
    position = fraction * (len(ordered) - 1)
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


@dataclass(frozen=True)
class FunnelStage:
    kind: str
    reached: int  # at this stage now, or past it
    here: int  # still active at this stage
    left: int  # rejected or withdrawn at this stage
    next_share: float | None  # of those who reached it, the share who reached the next stage
    drop_off: int  # reached it, never reached the next stage


def funnel(counts: Mapping[tuple[str, str], int]) -> list[FunnelStage]:
    """Stages in pipeline order from counts of applications by (current stage, status).

    An application at a stage has reached it and every stage before it: pipelines move in
    order, and a rejected or withdrawn application stays at the stage where it stopped.
    """
    at = dict.fromkeys(STAGE_ORDER, 0)
    here = dict(at)
    left = dict(at)
    for (kind, status), n in counts.items():
        if kind not in at:
            continue
        at[kind] += n
        if status == "active":
            here[kind] += n
        elif status in CLOSED:
            left[kind] += n
    reached, running = {}, 0
    for kind in reversed(STAGE_ORDER):
        running += at[kind]
        reached[kind] = running
    stages = []
    for n, kind in enumerate(STAGE_ORDER):
        following = reached[STAGE_ORDER[n + 1]] if n + 1 < len(STAGE_ORDER) else None
        stages.append(
            FunnelStage(
                kind=kind,
                reached=reached[kind],
                here=here[kind],
                left=left[kind],
                next_share=(following / reached[kind])
                if following is not None and reached[kind]
                else None,
                drop_off=reached[kind] - following if following is not None else 0,
            )
        )
    return stages


def stage_selections(counts: Mapping[tuple[str, str], int]) -> dict[str, tuple[int, int]]:
    """For each stage but the last: ``(moved on, decided)`` among applications that reached
    it. Decided means moved on, or closed there; those still waiting at it are left out, as
    nobody has chosen for them yet."""
    stages = {stage.kind: stage for stage in funnel(counts)}
    result = {}
    for n, kind in enumerate(STAGE_ORDER[:-1]):
        moved_on = stages[STAGE_ORDER[n + 1]].reached
        result[kind] = (moved_on, moved_on + stages[kind].left)
    return result


@dataclass(frozen=True)
class GroupJudgement:
    group: str
    total: int
    selected: int | None  # None for a group too small to report its outcome
    rate: float | None
    impact_ratio: float | None
    flagged: bool
    p_value: float | None
    shortfall: float | None
    judged: bool  # False: too few to judge
    reference: bool


def judge_groups(groups: Mapping[str, tuple[int, int]], *, min_size: int) -> list[GroupJudgement]:
    """Adverse impact among self-identified groups, ``{group: (selected, total)}``.

    Groups of at least ``min_size`` people are compared with ``statistics.adverse_impact``
    (the reference is the judged group with the highest rate). A smaller group shows only
    how many people it holds and "too few to judge": neither its rate nor how many of it were
    selected, which with a handful of people would tell about persons, not a group.
    """
    judged = {name: pair for name, pair in groups.items() if pair[1] >= min_size}
    impact = statistics.adverse_impact(judged) if len(judged) >= 2 else {}
    rates = {name: sel / tot for name, (sel, tot) in judged.items() if tot}
    rows = []
    for name, (selected, total) in groups.items():
        if name not in judged:
            rows.append(
                GroupJudgement(name, total, None, None, None, False, None, None, False, False)
            )
            continue
        found = impact.get(name, {})
        rows.append(
            GroupJudgement(
                group=name,
                total=total,
                selected=selected,
                rate=rates.get(name),
                impact_ratio=found.get("impact_ratio"),
                flagged=bool(found.get("flagged")),
                p_value=found.get("p_value"),
                shortfall=found.get("shortfall"),
                judged=bool(impact),
                reference=found.get("rate") is not None and found.get("p_value") is None,
            )
        )
    return rows


def item_flags(
    scores: Sequence[Sequence[float]], max_credit: float
) -> tuple[list[dict], float | None]:
    """``statistics.item_analysis`` and ``cronbach_alpha`` of a candidates x questions table,
    or no rows when there are too few candidates to say anything."""
    if len(scores) < 2 or not scores[0]:
        return [], None
    items = statistics.item_analysis(scores, max_credit=max_credit)
    alpha = statistics.cronbach_alpha(scores) if len(scores[0]) >= 2 else math.nan
    return items, None if math.isnan(alpha) else alpha


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None
