"""Reliability, agreement and fairness statistics for the reports and the review pages.

Plain functions over plain data (lists of rows, dicts of counts): no Django, no database, so a
report, a management command or a notebook can call them and the tests run without a database.
Distributions and Fisher's exact test come from scipy; this module only arranges the data and
applies the published formulas.

Conventions shared by the functions here:

- A table is a sequence of rows of equal length. For ratings the rows are the rated responses
  (targets) and the columns the raters; for test scores the rows are candidates and the
  columns questions.
- Bad input (ragged rows, too few rows, values out of range) raises ``ValueError`` with a
  sentence saying what is wrong.
- Where a statistic is undefined for the data (every rating identical, a question everybody
  got right) the function returns ``nan`` or ``None`` as its docstring says, never a
  made-up number.
"""

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction
from numbers import Real

import numpy as np
from scipy import stats

__all__ = [
    "ICC_FORMS",
    "adverse_impact",
    "cohens_kappa",
    "cronbach_alpha",
    "fleiss_kappa",
    "icc_agreement_label",
    "icc_confidence_interval",
    "intraclass_correlation",
    "item_analysis",
    "leniency",
]

# The six Shrout & Fleiss (1979) forms, in the order of their Table 2. "k" forms are the
# reliability of the mean of the k raters; the others of a single rater.
ICC_FORMS = ("ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k")

# The four-fifths rule of the US Uniform Guidelines on Employee Selection Procedures.
FOUR_FIFTHS = Fraction(4, 5)

# Item analysis thresholds (classical test theory rules of thumb).
LOW_DISCRIMINATION = 0.20
TOO_EASY = 0.90
TOO_HARD = 0.30

# Koo & Li (2016): read the lower bound of the ICC's 95 % interval, not the point estimate.
_KOO_LI_BANDS = ((0.50, "poor"), (0.75, "moderate"), (0.90, "good"))


# --- shared checks ----------------------------------------------------------------------------


def _is_number(value: object) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool)


def _numeric_table(rows: Sequence[Sequence[float]], *, what: str) -> np.ndarray:
    """Rows of finite numbers, all the same length, as a float array."""
    rows = list(rows)
    if not rows:
        raise ValueError(f"{what}: no rows.")
    width = len(rows[0])
    for number, row in enumerate(rows):
        if len(row) != width:
            raise ValueError(f"{what}: row {number} has {len(row)} values, expected {width}.")
        for value in row:
            if not _is_number(value) or not math.isfinite(value):
                raise ValueError(f"{what}: row {number} holds {value!r}, not a finite number.")
    return np.array(rows, dtype=float)


def _ratio(numerator: float, denominator: float) -> float:
    """numerator / denominator, or nan where the formula divides by zero."""
    if denominator == 0:
        return math.nan
    return float(numerator / denominator)


# --- intraclass correlation -------------------------------------------------------------------


def _mean_squares(ratings: Sequence[Sequence[float]]) -> tuple[int, int, dict[str, float]]:
    """Two-way ANOVA mean squares of a complete targets x raters table.

    Returns ``(n, k, ms)`` with ``ms`` holding ``rows`` (between targets), ``within`` (one-way
    residual), ``columns`` (between raters) and ``error`` (two-way residual).
    """
    table = _numeric_table(ratings, what="ratings")
    n, k = table.shape
    if n < 2:
        raise ValueError("ratings: an ICC needs at least two rated responses (rows).")
    if k < 2:
        raise ValueError("ratings: an ICC needs at least two raters (columns).")
    grand = table.mean()
    ss_total = float(((table - grand) ** 2).sum())
    ss_rows = float(k * ((table.mean(axis=1) - grand) ** 2).sum())
    ss_columns = float(n * ((table.mean(axis=0) - grand) ** 2).sum())
    # Rounding can leave a tiny negative residual when the table has no residual at all.
    ss_error = max(ss_total - ss_rows - ss_columns, 0.0)
    ss_within = max(ss_total - ss_rows, 0.0)
    ms = {
        "rows": ss_rows / (n - 1),
        "within": ss_within / (n * (k - 1)),
        "columns": ss_columns / (k - 1),
        "error": ss_error / ((n - 1) * (k - 1)),
    }
    return n, k, ms


def intraclass_correlation(ratings: Sequence[Sequence[float]]) -> dict[str, float]:
    """The six Shrout & Fleiss (1979) intraclass correlations of a complete ratings table.

    ``ratings`` has one row per rated response (target) and one column per rater; every cell
    must hold a number (drop or impute incomplete rows first). Returns a dict keyed
    ``ICC1, ICC2, ICC3, ICC1k, ICC2k, ICC3k``:

    - ICC1: one-way random effects, each response rated by different raters (absolute).
    - ICC2: two-way random effects, absolute agreement (McGraw & Wong's ICC(A,1)); the form to
      read for "would another reviewer give the same level".
    - ICC3: two-way mixed effects, consistency (ICC(C,1)); ignores a rater's constant offset.
    - The ``k`` forms are the reliability of the mean of the k raters.

    A form whose formula divides by zero (for example every rating identical) is ``nan``.
    """
    n, k, ms = _mean_squares(ratings)
    r, w, c, e = ms["rows"], ms["within"], ms["columns"], ms["error"]
    return {
        "ICC1": _ratio(r - w, r + (k - 1) * w),
        "ICC2": _ratio(r - e, r + (k - 1) * e + k * (c - e) / n),
        "ICC3": _ratio(r - e, r + (k - 1) * e),
        "ICC1k": _ratio(r - w, r),
        "ICC2k": _ratio(r - e, r + (c - e) / n),
        "ICC3k": _ratio(r - e, r),
    }


def _step_up(single: float, k: int) -> float:
    """Spearman-Brown: the reliability of the mean of k raters from that of one."""
    return _ratio(k * single, 1 + (k - 1) * single)


def icc_confidence_interval(
    ratings: Sequence[Sequence[float]], form: str, confidence: float = 0.95
) -> tuple[float, float]:
    """``(low, high)`` confidence bounds of one ICC form, by the F-distribution formulas.

    ICC1 and ICC3 use the exact F bounds of Shrout & Fleiss (1979); ICC2 uses McGraw & Wong's
    (1996, with the 1996 erratum) Satterthwaite approximation, as psych::ICC does. The k
    forms are the single-rater bounds stepped up with Spearman-Brown, which is the same
    interval the closed forms give. The formulas are written over the mean squares rather
    than the F ratios so that a table with no residual variance gives bounds of 1 instead of
    inf/inf. Bounds can be negative: an ICC's lower bound often is with few responses.

    ``form`` must be one of ``ICC_FORMS``; ``confidence`` is strictly between 0 and 1.
    """
    if form not in ICC_FORMS:
        raise ValueError(f"Unknown ICC form {form!r}; expected one of {', '.join(ICC_FORMS)}.")
    if not _is_number(confidence) or not 0 < confidence < 1:
        raise ValueError("confidence must be a number strictly between 0 and 1.")
    n, k, ms = _mean_squares(ratings)
    r, w, c, e = ms["rows"], ms["within"], ms["columns"], ms["error"]
    upper_tail = 1 - (1 - confidence) / 2

    if form in ("ICC1", "ICC1k", "ICC3", "ICC3k"):
        if form.startswith("ICC1"):
            residual, df_residual = w, n * (k - 1)
        else:
            residual, df_residual = e, (n - 1) * (k - 1)
        f_rows = stats.f.ppf(upper_tail, n - 1, df_residual)
        f_residual = stats.f.ppf(upper_tail, df_residual, n - 1)
        # (F_L - 1) / (F_L + k - 1) with F_L = (r / residual) / f_rows, multiplied through.
        low = _ratio(r - f_rows * residual, r + (k - 1) * f_rows * residual)
        high = _ratio(f_residual * r - residual, f_residual * r + (k - 1) * residual)
    else:
        icc2 = intraclass_correlation(ratings)["ICC2"]
        if math.isnan(icc2):
            return (math.nan, math.nan)
        if c == 0 and e == 0:
            # Every rater gave every response the same rating: agreement is exact.
            return (1.0, 1.0)
        # Satterthwaite degrees of freedom of McGraw & Wong (1996), with their a and b
        # multiplied through by n(1 - ICC) and F_j = c / e by e, so that neither ICC = 1 nor
        # e = 0 divides by zero.
        a = k * icc2
        b = n * (1 + (k - 1) * icc2) - k * icc2
        df = _ratio(
            (k - 1) * (n - 1) * (a * c + b * e) ** 2,
            (n - 1) * (a * c) ** 2 + (b * e) ** 2,
        )
        if math.isnan(df):
            return (math.nan, math.nan)
        f_star = stats.f.ppf(upper_tail, n - 1, df)
        f_star_inv = stats.f.ppf(upper_tail, df, n - 1)
        spread = k * c + (k * n - k - n) * e
        low = _ratio(n * (r - f_star * e), f_star * spread + n * r)
        high = _ratio(n * (f_star_inv * r - e), spread + n * f_star_inv * r)

    if form.endswith("k"):
        low, high = _step_up(low, k), _step_up(high, k)
    return (float(low), float(high))


def icc_agreement_label(lower_bound: float) -> str | None:
    """Koo & Li (2016) reading of the lower bound of an ICC's confidence interval.

    Below .50 "poor", from .50 to below .75 "moderate", from .75 to .90 inclusive "good",
    above .90 "excellent". A ``nan`` bound (undefined ICC) gives ``None``: there is nothing
    to read.
    """
    if not _is_number(lower_bound):
        raise ValueError("lower_bound must be a number.")
    if math.isnan(lower_bound):
        return None
    for upper, label in _KOO_LI_BANDS[:2]:
        if lower_bound < upper:
            return label
    return "good" if lower_bound <= _KOO_LI_BANDS[2][0] else "excellent"


# --- kappa ------------------------------------------------------------------------------------


def cohens_kappa(a: Sequence[object], b: Sequence[object], weights: str | None = None) -> float:
    """Cohen's kappa between two raters who labelled the same items.

    ``a`` and ``b`` are equal-length sequences of category labels. With ``weights=None`` the
    labels may be anything hashable and every disagreement counts the same. With
    ``"linear"`` or ``"quadratic"`` the labels must be numbers (ordinal levels such as 1-5)
    and a disagreement is weighted by ``|i - j|`` or ``(i - j)**2`` of the label VALUES. This
    differs from sklearn's ``cohen_kappa_score``, which uses the labels' rank among those
    observed: here a level nobody used still keeps 2 and 4 two levels apart.

    Degenerate case: if both raters gave the same single category to every item, agreement
    is perfect but so is chance agreement and the formula is 0/0. We return 1.0 (there is
    no disagreement to report); sklearn returns nan. This is the only way the denominator
    can vanish, so kappa is otherwise always defined.
    """
    if weights not in (None, "linear", "quadratic"):
        raise ValueError('weights must be None, "linear" or "quadratic".')
    a, b = list(a), list(b)
    if len(a) != len(b):
        raise ValueError(f"The raters labelled different numbers of items ({len(a)}, {len(b)}).")
    if not a:
        raise ValueError("Kappa needs at least one item.")
    if weights is not None:
        for label in (*a, *b):
            if not _is_number(label) or not math.isfinite(label):
                raise ValueError(f"Weighted kappa needs numeric labels, got {label!r}.")

    categories = list(dict.fromkeys((*a, *b)))
    index = {label: i for i, label in enumerate(categories)}
    observed = np.zeros((len(categories), len(categories)))
    for left, right in zip(a, b, strict=True):
        observed[index[left], index[right]] += 1
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0)) / len(a)

    if weights is None:
        disagreement = 1 - np.eye(len(categories))
    else:
        values = np.array(categories, dtype=float)
        distance = np.abs(values[:, None] - values[None, :])
        disagreement = distance if weights == "linear" else distance**2

    expected_disagreement = float((disagreement * expected).sum())
    if expected_disagreement == 0:
        return 1.0
    return 1 - float((disagreement * observed).sum()) / expected_disagreement


def fleiss_kappa(counts: Sequence[Sequence[int]]) -> float:
    """Fleiss' (1971) kappa for many raters and nominal categories.

    ``counts`` has one row per item and one column per category; a cell is how many raters
    put that item in that category. Every item must have the same number of ratings (two or
    more); the raters need not be the same people for every item.

    As with ``cohens_kappa``, if every rating of every item falls in one category the
    formula is 0/0 and we return 1.0.
    """
    rows = list(counts)
    if not rows:
        raise ValueError("counts: no items.")
    for number, row in enumerate(rows):
        for value in row:
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"counts: row {number} holds {value!r}, not a count.")
    table = _numeric_table(rows, what="counts")
    raters = table.sum(axis=1)
    if raters[0] < 2:
        raise ValueError("counts: each item needs at least two ratings.")
    if not np.all(raters == raters[0]):
        raise ValueError("counts: every item must have the same number of ratings.")
    m = raters[0]
    per_item = ((table * (table - 1)).sum(axis=1)) / (m * (m - 1))
    observed = float(per_item.mean())
    shares = table.sum(axis=0) / table.sum()
    chance = float((shares**2).sum())
    if chance == 1:
        return 1.0
    return (observed - chance) / (1 - chance)


# --- adverse impact ---------------------------------------------------------------------------


def adverse_impact(groups: Mapping[str, tuple[int, int]]) -> dict[str, dict[str, object]]:
    """Selection rates by group, the four-fifths rule and Fisher's exact test.

    ``groups`` maps a group name to ``(selected, total)``. For every group the result holds:

    - ``rate``: selected / total.
    - ``impact_ratio``: the group's rate over the reference group's rate.
    - ``flagged``: ``impact_ratio < 0.8`` (four-fifths rule), computed exactly so a ratio of
      exactly 0.8 is not flagged.
    - ``p_value``: two-sided Fisher's exact test of the group's 2x2 table (selected, not
      selected) against the reference group's; ``None`` for the reference itself. With small
      groups a low ratio can come with a p-value near 1: read both.
    - ``shortfall``: how many more of the group would have been selected at the reference
      rate, ``total * reference_rate - selected``, never below 0, rounded to 2 decimals and
      not to whole people (1.5 means "between one and two").

    The reference is the group with the highest rate; among tied groups the one with the
    most people, and among those the first in the mapping's order.

    A group with total 0 has no rate: ``rate``, ``impact_ratio``, ``p_value`` and
    ``shortfall`` are ``None`` and ``flagged`` is False; it is never the reference. When
    nobody in any group was selected the reference rate is 0: impact ratios are ``None``
    (0/0), nothing is flagged and every shortfall is 0.
    """
    checked: dict[str, tuple[int, int]] = {}
    for name, pair in groups.items():
        try:
            selected, total = pair
        except (TypeError, ValueError):
            raise ValueError(f"Group {name!r}: expected (selected, total).") from None
        for value in (selected, total):
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"Group {name!r}: counts must be whole numbers >= 0.")
        if selected > total:
            raise ValueError(f"Group {name!r}: {selected} selected out of only {total}.")
        checked[name] = (selected, total)

    candidates = [(name, s, t) for name, (s, t) in checked.items() if t > 0]
    reference = None
    if candidates:
        # max() keeps the first of equal keys, which is the mapping order tie-break.
        reference = max(candidates, key=lambda item: (Fraction(item[1], item[2]), item[2]))

    results: dict[str, dict[str, object]] = {}
    for name, (selected, total) in checked.items():
        if total == 0 or reference is None:
            results[name] = {
                "rate": None,
                "impact_ratio": None,
                "flagged": False,
                "p_value": None,
                "shortfall": None,
            }
            continue
        ref_name, ref_selected, ref_total = reference
        rate = Fraction(selected, total)
        ref_rate = Fraction(ref_selected, ref_total)
        ratio = rate / ref_rate if ref_rate else None
        if name == ref_name:
            p_value = None
        else:
            table = [[selected, total - selected], [ref_selected, ref_total - ref_selected]]
            p_value = float(stats.fisher_exact(table, alternative="two-sided").pvalue)
        shortfall = max(total * ref_rate - selected, Fraction(0))
        results[name] = {
            "rate": float(rate),
            "impact_ratio": float(ratio) if ratio is not None else None,
            "flagged": ratio is not None and ratio < FOUR_FIFTHS,
            "p_value": p_value,
            "shortfall": round(float(shortfall), 2),
        }
    return results


# --- item analysis ----------------------------------------------------------------------------


def _pearson(x: np.ndarray, y: np.ndarray) -> float | None:
    """Pearson's r, or None when either variable is constant (r is undefined)."""
    if np.ptp(x) == 0 or np.ptp(y) == 0:
        return None
    return float(stats.pearsonr(x, y).statistic)


def item_analysis(scores: Sequence[Sequence[float]], max_credit: float = 1) -> list[dict]:
    """Difficulty and discrimination of every question of a test.

    ``scores`` has one row per candidate and one column per question; a cell is the credit
    earned (0 for unanswered), between 0 and ``max_credit``. Returns one dict per question,
    in column order:

    - ``difficulty``: mean credit / max_credit (the proportion-correct "p value" of
      classical test theory: higher is easier).
    - ``discrimination``: corrected item-total correlation, Pearson's r between the question
      and the total of the OTHER questions. ``None`` when undefined: the question or the rest
      of the test is constant (everybody got the same credit), or there is only one question.
    - ``flags``: a list drawn from ``low_discrimination`` (below .20), ``probable_wrong_key``
      (negative: strong candidates do worse on it, a sign the key is wrong; such a question
      is also ``low_discrimination``), ``too_easy`` (difficulty above .90) and ``too_hard``
      (below .30). A question with no discrimination gets no discrimination flag.
    """
    if not _is_number(max_credit) or max_credit <= 0:
        raise ValueError("max_credit must be a positive number.")
    table = _numeric_table(scores, what="scores")
    if table.size and (table.min() < 0 or table.max() > max_credit):
        raise ValueError(f"scores: every credit must be between 0 and {max_credit}.")
    totals = table.sum(axis=1)
    results = []
    for column in range(table.shape[1]):
        item = table[:, column]
        difficulty = float(item.mean() / max_credit)
        discrimination = _pearson(item, totals - item) if table.shape[1] > 1 else None
        flags = []
        if discrimination is not None and discrimination < LOW_DISCRIMINATION:
            flags.append("low_discrimination")
        if discrimination is not None and discrimination < 0:
            flags.append("probable_wrong_key")
        if difficulty > TOO_EASY:
            flags.append("too_easy")
        if difficulty < TOO_HARD:
            flags.append("too_hard")
        results.append({"difficulty": difficulty, "discrimination": discrimination, "flags": flags})
    return results


def cronbach_alpha(scores: Sequence[Sequence[float]]) -> float:
    """Cronbach's alpha: k/(k-1) * (1 - sum of item variances / variance of the totals).

    Rows are candidates, columns items (two or more of each). ``nan`` when the totals do
    not vary (every candidate has the same total).
    """
    table = _numeric_table(scores, what="scores")
    n, k = table.shape
    if n < 2 or k < 2:
        raise ValueError("scores: alpha needs at least two candidates and two items.")
    item_variance = float(table.var(axis=0, ddof=1).sum())
    total_variance = float(table.sum(axis=1).var(ddof=1))
    return _ratio(k, k - 1) * (1 - _ratio(item_variance, total_variance))


# --- rater leniency ---------------------------------------------------------------------------


def leniency(ratings: Sequence[Sequence[float | None]]) -> list[float | None]:
    """How far each rater sits above (lenient) or below (severe) the other raters.

    ``ratings`` has one row per response and one column per rater; ``None`` means that rater
    did not rate that response. For each rater, over the responses they rated together with
    at least one other rater, take their rating minus the mean of the other raters' ratings
    of the same response, and average those differences. Positive is lenient. A rater who
    shares no response with anyone gets ``None``.
    """
    rows = list(ratings)
    if not rows:
        return []
    width = len(rows[0])
    for number, row in enumerate(rows):
        if len(row) != width:
            raise ValueError(f"ratings: row {number} has {len(row)} values, expected {width}.")
        for value in row:
            if value is not None and (not _is_number(value) or not math.isfinite(value)):
                raise ValueError(f"ratings: row {number} holds {value!r}, not a number.")
    differences: list[list[float]] = [[] for _ in range(width)]
    for row in rows:
        rated = [(rater, value) for rater, value in enumerate(row) if value is not None]
        if len(rated) < 2:
            continue
        total = sum(value for _, value in rated)
        for rater, value in rated:
            others = (total - value) / (len(rated) - 1)
            differences[rater].append(value - others)
    return [sum(d) / len(d) if d else None for d in differences]
