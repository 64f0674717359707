"""Reliability, agreement and fairness statistics, checked against published examples.

No database and no Django: the module is plain Python and these tests import nothing else.
"""

import ast
import math
import statistics as stdlib_statistics
from pathlib import Path

import pytest

from assessments import statistics
from assessments.statistics import (
    ICC_FORMS,
    adverse_impact,
    cohens_kappa,
    cronbach_alpha,
    fleiss_kappa,
    icc_agreement_label,
    icc_confidence_interval,
    intraclass_correlation,
    item_analysis,
    leniency,
)

# Shrout & Fleiss (1979), Table 1: 6 targets rated by 4 judges.
SHROUT_FLEISS = [
    [9, 2, 5, 8],
    [6, 1, 3, 2],
    [8, 4, 6, 8],
    [7, 1, 2, 6],
    [10, 5, 6, 9],
    [6, 2, 4, 7],
]

# pingouin's "icc" data set (pingouin/datasets/icc.csv): 8 wines scored by judges A-D.
WINES = [
    [1, 2, 0, 1],
    [1, 3, 3, 2],
    [3, 8, 1, 4],
    [6, 4, 3, 3],
    [6, 5, 5, 6],
    [7, 5, 6, 2],
    [8, 7, 7, 9],
    [9, 9, 9, 8],
]


def test_statistics_module_is_pure_python_without_django():
    tree = ast.parse(Path(statistics.__file__).read_text())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")
    assert imported, "the walk found no imports at all: the test is not looking"
    assert not any(name.split(".")[0] == "django" for name in imported)


# --- intraclass correlation -------------------------------------------------------------------


def test_icc_reproduces_shrout_fleiss_table_2():
    icc = intraclass_correlation(SHROUT_FLEISS)

    assert list(icc) == ["ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"]
    published = {"ICC1": 0.17, "ICC2": 0.29, "ICC3": 0.71, "ICC1k": 0.44, "ICC2k": 0.62}
    published["ICC3k"] = 0.91
    for form, value in published.items():
        assert round(icc[form], 2) == value, form
    assert all(isinstance(value, float) for value in icc.values())


def test_icc_matches_descriptools_three_decimals_for_shrout_fleiss():
    """DescTools::ICC prints .166 .290 .715 .443 .620 .909 for the same table."""
    icc = intraclass_correlation(SHROUT_FLEISS)

    expected = [0.166, 0.290, 0.715, 0.443, 0.620, 0.909]
    assert [round(icc[form], 3) for form in ICC_FORMS] == expected


def test_icc_confidence_intervals_match_psych_output_for_shrout_fleiss():
    """psych::ICC(sf) prints these bounds (lower to 3 decimals, upper to 2)."""
    published = {
        "ICC1": (-0.133, 0.72),
        "ICC2": (0.019, 0.76),
        "ICC3": (0.342, 0.95),
        "ICC1k": (-0.884, 0.91),
        "ICC2k": (0.071, 0.93),
        "ICC3k": (0.676, 0.99),
    }
    for form, (low, high) in published.items():
        got_low, got_high = icc_confidence_interval(SHROUT_FLEISS, form)
        assert round(got_low, 3) == low, form
        assert round(got_high, 2) == high, form


def test_icc_matches_pingouin_wine_example():
    """pingouin's test suite (checked there against psych): ICC1 .728, 95 % CI [.434, .927]."""
    icc = intraclass_correlation(WINES)
    low, high = icc_confidence_interval(WINES, "ICC1")

    assert icc["ICC1"] == pytest.approx(0.728, abs=5e-4)
    assert low == pytest.approx(0.434, abs=5e-4)
    assert high == pytest.approx(0.927, abs=5e-4)


def test_average_forms_are_the_spearman_brown_step_up_of_single_forms():
    icc = intraclass_correlation(WINES)
    k = 4
    for single in ("ICC1", "ICC2", "ICC3"):
        stepped = k * icc[single] / (1 + (k - 1) * icc[single])
        assert icc[single + "k"] == pytest.approx(stepped)
        low, high = icc_confidence_interval(WINES, single)
        low_k, high_k = icc_confidence_interval(WINES, single + "k")
        assert low_k == pytest.approx(k * low / (1 + (k - 1) * low))
        assert high_k == pytest.approx(k * high / (1 + (k - 1) * high))


def test_every_interval_contains_its_estimate():
    icc = intraclass_correlation(SHROUT_FLEISS)
    for form in ICC_FORMS:
        low, high = icc_confidence_interval(SHROUT_FLEISS, form)
        assert low < icc[form] < high, form


def test_a_lower_confidence_gives_a_narrower_interval():
    for form in ICC_FORMS:
        low95, high95 = icc_confidence_interval(SHROUT_FLEISS, form, confidence=0.95)
        low80, high80 = icc_confidence_interval(SHROUT_FLEISS, form, confidence=0.80)
        assert low95 < low80 < high80 < high95, form


def test_a_rater_with_a_constant_offset_keeps_consistency_but_loses_agreement():
    # The second rater is always one level higher: consistent, not in absolute agreement.
    ratings = [[1, 2], [2, 3], [4, 5]]
    icc = intraclass_correlation(ratings)

    assert icc["ICC3"] == pytest.approx(1.0)
    assert icc["ICC2"] < 1
    assert icc["ICC1"] < 1
    assert icc_confidence_interval(ratings, "ICC3") == (1.0, 1.0)
    low, high = icc_confidence_interval(ratings, "ICC2")
    assert math.isfinite(low)
    assert low < icc["ICC2"] < high <= 1


def test_exact_agreement_gives_icc_and_bounds_of_one():
    ratings = [[1, 1, 1], [2, 2, 2], [4, 4, 4]]

    assert intraclass_correlation(ratings) == dict.fromkeys(ICC_FORMS, 1.0)
    for form in ICC_FORMS:
        assert icc_confidence_interval(ratings, form) == (1.0, 1.0)


def test_identical_ratings_everywhere_give_nan_not_a_number_made_up():
    ratings = [[3, 3], [3, 3], [3, 3]]

    assert all(math.isnan(value) for value in intraclass_correlation(ratings).values())
    for form in ICC_FORMS:
        low, high = icc_confidence_interval(ratings, form)
        assert math.isnan(low)
        assert math.isnan(high)


@pytest.mark.parametrize(
    ("ratings", "message"),
    [
        ([], "no rows"),
        ([[1, 2, 3]], "at least two rated responses"),
        ([[1], [2], [3]], "at least two raters"),
        ([[1, 2], [3]], "row 1 has 1 values"),
        ([[1, 2], [3, None]], "not a finite number"),
        ([[1, 2], [3, math.nan]], "not a finite number"),
        ([[1, 2], [3, "4"]], "not a finite number"),
        ([[1, 2], [3, True]], "not a finite number"),
    ],
)
def test_icc_refuses_incomplete_or_malformed_tables(ratings, message):
    with pytest.raises(ValueError, match=message):
        intraclass_correlation(ratings)
    with pytest.raises(ValueError, match=message):
        icc_confidence_interval(ratings, "ICC2")


@pytest.mark.parametrize("form", ["ICC(2,1)", "icc2", "ICC4", "", None])
def test_icc_interval_refuses_an_unknown_form(form):
    with pytest.raises(ValueError, match="Unknown ICC form"):
        icc_confidence_interval(SHROUT_FLEISS, form)


@pytest.mark.parametrize("confidence", [0, 1, 95, -0.5, math.nan, "0.95"])
def test_icc_interval_refuses_a_confidence_outside_zero_one(confidence):
    with pytest.raises(ValueError, match="confidence"):
        icc_confidence_interval(SHROUT_FLEISS, "ICC2", confidence)


# --- Koo & Li labels --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lower_bound", "label"),
    [
        (-0.4, "poor"),
        (0.0, "poor"),
        (0.4999, "poor"),
        (0.5, "moderate"),
        (0.7499, "moderate"),
        (0.75, "good"),
        (0.9, "good"),
        (0.9001, "excellent"),
        (1.0, "excellent"),
    ],
)
def test_koo_li_label_reads_the_lower_bound(lower_bound, label):
    assert icc_agreement_label(lower_bound) == label


def test_koo_li_label_of_an_undefined_bound_is_none():
    assert icc_agreement_label(math.nan) is None


def test_koo_li_label_refuses_a_non_number():
    with pytest.raises(ValueError, match="number"):
        icc_agreement_label("0.8")


def test_psych_bounds_read_as_koo_li_labels():
    # The Shrout-Fleiss judges disagree a lot: their single-rater ICC2 is "poor" even
    # though its point estimate is not far from .3.
    low, _ = icc_confidence_interval(SHROUT_FLEISS, "ICC2")
    assert icc_agreement_label(low) == "poor"
    low, _ = icc_confidence_interval(WINES, "ICC2k")
    assert icc_agreement_label(low) == "good"


# --- Cohen's kappa ----------------------------------------------------------------------------


def _pairs(counts: dict[tuple[str, str], int]) -> tuple[list[str], list[str]]:
    a, b = [], []
    for (left, right), count in counts.items():
        a.extend([left] * count)
        b.extend([right] * count)
    return a, b


def test_cohens_kappa_of_the_wikipedia_grant_example():
    """50 proposals: both yes 20, A yes B no 5, A no B yes 10, both no 15.

    p_o = 35/50 = .70; A says yes 25/50, B 30/50; p_e = .5*.6 + .5*.4 = .50;
    kappa = (.70 - .50) / (1 - .50) = .40.
    """
    a, b = _pairs({("y", "y"): 20, ("y", "n"): 5, ("n", "y"): 10, ("n", "n"): 15})
    assert cohens_kappa(a, b) == pytest.approx(0.4)


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        # p_o = .60, p_e = .6*.7 + .4*.3 = .54, kappa = .06/.46
        ({("y", "y"): 45, ("y", "n"): 15, ("n", "y"): 25, ("n", "n"): 15}, 0.06 / 0.46),
        # p_o = .60, p_e = .6*.3 + .4*.7 = .46, kappa = .14/.54
        ({("y", "y"): 25, ("y", "n"): 35, ("n", "y"): 5, ("n", "n"): 35}, 0.14 / 0.54),
    ],
)
def test_same_agreement_gives_different_kappa_with_different_marginals(counts, expected):
    """Wikipedia's pair of tables with 60 % agreement: kappa .1304 and .2593."""
    a, b = _pairs(counts)
    assert cohens_kappa(a, b) == pytest.approx(expected)


# Ten responses rated 1-3 by two reviewers. Observed table (rows A, columns B):
#   A=1: 2 1 0    A=2: 0 2 1    A=3: 1 1 2    row totals 3 3 4, column totals 3 4 3.
REVIEWER_A = [1, 2, 3, 1, 2, 3, 1, 2, 3, 3]
REVIEWER_B = [1, 2, 3, 2, 2, 1, 1, 3, 3, 2]


def test_unweighted_kappa_by_hand():
    """p_o = 6/10; p_e = (3*3 + 3*4 + 4*3)/100 = .33; kappa = .27/.67 = .40299."""
    assert cohens_kappa(REVIEWER_A, REVIEWER_B) == pytest.approx(0.27 / 0.67)


def test_linear_weighted_kappa_by_hand():
    """Observed sum of |i-j| = 1+1+2+1 = 5; expected (E_ij = row_i*col_j/10) = 8.8.

    kappa = 1 - 5/8.8 = .43182, the value sklearn's cohen_kappa_score gives.
    """
    assert cohens_kappa(REVIEWER_A, REVIEWER_B, "linear") == pytest.approx(1 - 5 / 8.8)


def test_quadratic_weighted_kappa_by_hand():
    """Observed sum of (i-j)^2 = 1+1+4+1 = 7; expected 13.0; kappa = 1 - 7/13 = .46154."""
    assert cohens_kappa(REVIEWER_A, REVIEWER_B, "quadratic") == pytest.approx(1 - 7 / 13)


def test_weighted_kappa_uses_level_values_not_ranks():
    # Nobody used levels 3 and 4: a 2 against a 5 is three levels apart, not one rank.
    a = [1, 2, 5, 1, 2, 5, 2, 1]
    b = [2, 5, 5, 1, 2, 1, 1, 1]
    by_rank = {1: 1, 2: 2, 5: 3}

    ranked_a, ranked_b = [by_rank[x] for x in a], [by_rank[x] for x in b]

    # By hand as above. Observed distances 1+3+4+1 = 9; rows (1, 2, 5) total 3 3 2, columns
    # 4 2 2; expected distance (30 + 30 + 44) / 8 = 13. By rank the observed distances are
    # 1+1+2+1 = 5 and the expected (18 + 18 + 20) / 8 = 7.
    assert cohens_kappa(a, b, "linear") == pytest.approx(1 - 9 / 13)
    assert cohens_kappa(ranked_a, ranked_b, "linear") == pytest.approx(1 - 5 / 7)
    # Unweighted kappa ignores distances, so it is the same either way.
    assert cohens_kappa(a, b) == pytest.approx(
        cohens_kappa([by_rank[x] for x in a], [by_rank[x] for x in b])
    )


def test_kappa_is_symmetric_and_one_for_perfect_agreement():
    for weights in (None, "linear", "quadratic"):
        assert cohens_kappa(REVIEWER_A, REVIEWER_B, weights) == pytest.approx(
            cohens_kappa(REVIEWER_B, REVIEWER_A, weights)
        )
        assert cohens_kappa(REVIEWER_A, REVIEWER_A, weights) == pytest.approx(1.0)


def test_kappa_of_raters_who_always_disagree_is_not_positive():
    assert cohens_kappa([1, 2, 1, 2], [2, 1, 2, 1]) == pytest.approx(-1.0)
    assert cohens_kappa(["a"] * 4, ["b"] * 4) == 0.0


def test_kappa_when_both_raters_always_give_the_same_single_category_is_one():
    """Documented choice: 0/0 with no disagreement reads as 1.0 (sklearn returns nan)."""
    assert cohens_kappa([3, 3, 3], [3, 3, 3]) == 1.0
    assert cohens_kappa([3, 3, 3], [3, 3, 3], "quadratic") == 1.0
    assert cohens_kappa(["yes"], ["yes"]) == 1.0


def test_unweighted_kappa_takes_any_hashable_labels():
    assert cohens_kappa(["good", "poor", None], ["good", "poor", None]) == 1.0


@pytest.mark.parametrize("weights", ["squared", "Linear", "", 1, True])
def test_kappa_refuses_unknown_weights(weights):
    with pytest.raises(ValueError, match="weights"):
        cohens_kappa([1, 2], [1, 2], weights)


def test_kappa_refuses_sequences_of_different_length_or_empty():
    with pytest.raises(ValueError, match="different numbers"):
        cohens_kappa([1, 2, 3], [1, 2])
    with pytest.raises(ValueError, match="at least one item"):
        cohens_kappa([], [])


@pytest.mark.parametrize("label", ["3", None, math.nan, True])
def test_weighted_kappa_refuses_non_numeric_labels(label):
    with pytest.raises(ValueError, match="numeric labels"):
        cohens_kappa([1, 2, label], [1, 2, 3], "linear")


# --- Fleiss' kappa ----------------------------------------------------------------------------

# Wikipedia's worked example (after Fleiss 1971): 10 items, 14 raters, 5 categories.
FLEISS_EXAMPLE = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
]


def test_fleiss_kappa_of_the_wikipedia_example():
    """P-bar = .378, P-bar_e = .213, kappa = .210."""
    assert fleiss_kappa(FLEISS_EXAMPLE) == pytest.approx(0.210, abs=5e-4)


def test_fleiss_kappa_of_two_raters_is_scotts_pi():
    # With two raters Fleiss' kappa pools the marginals: Scott's pi, not Cohen's kappa.
    counts = [[2, 0], [2, 0], [1, 1], [0, 2]]
    # p_o = 3/4; pooled shares .625/.375, p_e = .625^2 + .375^2 = .53125.
    assert fleiss_kappa(counts) == pytest.approx((0.75 - 0.53125) / (1 - 0.53125))


def test_fleiss_kappa_is_one_for_unanimous_items_and_for_a_single_category():
    assert fleiss_kappa([[3, 0], [0, 3], [3, 0]]) == pytest.approx(1.0)
    assert fleiss_kappa([[0, 4, 0], [0, 4, 0]]) == 1.0


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        ([], "no items"),
        ([[1, 0], [0, 1]], "at least two ratings"),
        ([[2, 1], [1, 1]], "same number of ratings"),
        ([[2, -1], [1, 0]], "not a count"),
        ([[1.5, 0.5], [1, 1]], "not a count"),
        ([[True, True], [1, 1]], "not a count"),
        ([[1, 1], [2]], "row 1 has 1 values"),
    ],
)
def test_fleiss_kappa_refuses_malformed_counts(counts, message):
    with pytest.raises(ValueError, match=message):
        fleiss_kappa(counts)


# --- adverse impact ---------------------------------------------------------------------------


def test_adverse_impact_flags_a_group_below_four_fifths_of_the_top_rate():
    result = adverse_impact({"group_a": (48, 80), "group_b": (12, 40)})

    assert result["group_a"] == {
        "rate": 0.6,
        "impact_ratio": 1.0,
        "flagged": False,
        "p_value": None,
        "shortfall": 0.0,
    }
    b = result["group_b"]
    assert b["rate"] == 0.3
    assert b["impact_ratio"] == 0.5
    assert b["flagged"] is True
    assert b["shortfall"] == 12.0  # 40 * 0.6 - 12
    assert b["p_value"] < 0.01


def test_a_ratio_of_exactly_four_fifths_is_not_flagged():
    result = adverse_impact({"a": (5, 10), "b": (4, 10), "c": (39, 100)})

    assert result["b"]["impact_ratio"] == pytest.approx(0.8)
    assert result["b"]["flagged"] is False
    assert result["c"]["flagged"] is True


def test_small_groups_get_a_test_not_only_a_ratio():
    """1 of 2 against 3 of 4: ratio .67 is flagged, but Fisher's p is 1.0."""
    result = adverse_impact({"big": (3, 4), "small": (1, 2)})

    assert result["small"]["impact_ratio"] == pytest.approx(2 / 3)
    assert result["small"]["flagged"] is True
    assert result["small"]["p_value"] == pytest.approx(1.0)
    assert result["small"]["shortfall"] == 0.5


def test_fisher_p_value_matches_the_lady_tasting_tea():
    """Fisher (1935): 3 of 4 against 1 of 4, two-sided p = .4857."""
    result = adverse_impact({"a": (3, 4), "b": (1, 4)})
    assert result["b"]["p_value"] == pytest.approx(0.4857, abs=1e-4)


def test_shortfall_is_rounded_to_two_decimals_and_never_negative():
    result = adverse_impact({"a": (2, 3), "b": (1, 2)})

    assert result["b"]["shortfall"] == 0.33  # 2 * 2/3 - 1 = 0.333...
    assert all(row["shortfall"] >= 0 for row in result.values())


def test_a_tie_for_top_rate_takes_the_larger_group_then_the_first_listed():
    result = adverse_impact({"small": (1, 2), "large": (5, 10), "low": (1, 10)})
    assert result["large"]["p_value"] is None
    assert result["small"]["p_value"] is not None

    result = adverse_impact({"first": (5, 10), "second": (5, 10)})
    assert result["first"]["p_value"] is None
    assert result["second"]["p_value"] == pytest.approx(1.0)


def test_a_group_with_nobody_in_it_does_not_crash_and_is_never_the_reference():
    result = adverse_impact({"empty": (0, 0), "a": (2, 4)})

    assert result["empty"] == {
        "rate": None,
        "impact_ratio": None,
        "flagged": False,
        "p_value": None,
        "shortfall": None,
    }
    assert result["a"]["p_value"] is None


def test_when_nobody_is_selected_nothing_is_flagged():
    result = adverse_impact({"a": (0, 10), "b": (0, 5)})

    for row in result.values():
        assert row["rate"] == 0.0
        assert row["impact_ratio"] is None
        assert row["flagged"] is False
        assert row["shortfall"] == 0.0
    assert result["b"]["p_value"] == pytest.approx(1.0)


def test_adverse_impact_of_no_groups_is_empty():
    assert adverse_impact({}) == {}


@pytest.mark.parametrize(
    ("groups", "message"),
    [
        ({"a": (5, 4)}, "5 selected out of only 4"),
        ({"a": (-1, 4)}, "whole numbers"),
        ({"a": (1.5, 4)}, "whole numbers"),
        ({"a": (True, 4)}, "whole numbers"),
        ({"a": (1,)}, "expected"),
        ({"a": 3}, "expected"),
    ],
)
def test_adverse_impact_refuses_impossible_counts(groups, message):
    with pytest.raises(ValueError, match=message):
        adverse_impact(groups)


# --- item analysis ----------------------------------------------------------------------------

# Eight candidates, strongest first, seven questions scored 0/1. Q1-Q3 track ability, Q4 runs
# against it (a miskeyed question), Q5 everyone got right, Q6 only the strongest got right,
# Q7 is barely related to the rest.
ITEMS = [
    [1, 1, 1, 0, 1, 1, 1],
    [1, 1, 1, 0, 1, 0, 0],
    [1, 1, 1, 0, 1, 0, 1],
    [1, 1, 1, 0, 1, 0, 0],
    [1, 0, 1, 0, 1, 0, 1],
    [0, 0, 1, 1, 1, 0, 0],
    [0, 0, 0, 1, 1, 0, 1],
    [0, 0, 0, 1, 1, 0, 0],
]


def test_item_difficulty_is_the_mean_credit_over_max_credit():
    expected = [5 / 8, 4 / 8, 6 / 8, 3 / 8, 1.0, 1 / 8, 4 / 8]

    assert [row["difficulty"] for row in item_analysis(ITEMS)] == pytest.approx(expected)
    doubled = [[2 * x for x in row] for row in ITEMS]
    assert [row["difficulty"] for row in item_analysis(doubled, max_credit=2)] == pytest.approx(
        expected
    )


def test_item_discrimination_is_the_corrected_item_total_correlation():
    for column, row in enumerate(item_analysis(ITEMS)):
        item = [candidate[column] for candidate in ITEMS]
        rest = [sum(candidate) - candidate[column] for candidate in ITEMS]
        if column == 4:
            assert row["discrimination"] is None  # everybody got it right: r is undefined
        else:
            assert row["discrimination"] == pytest.approx(stdlib_statistics.correlation(item, rest))


def test_item_discrimination_leaves_the_item_out_of_the_total():
    # Against the full total (item included) every item would look better than it is.
    column = 6
    item = [candidate[column] for candidate in ITEMS]
    full_total = [sum(candidate) for candidate in ITEMS]

    uncorrected = stdlib_statistics.correlation(item, full_total)

    assert item_analysis(ITEMS)[column]["discrimination"] < uncorrected


def test_item_flags():
    flags = [row["flags"] for row in item_analysis(ITEMS)]

    assert flags == [
        [],
        [],
        [],
        ["low_discrimination", "probable_wrong_key"],
        ["too_easy"],  # no discrimination flag: it has no discrimination
        ["too_hard"],
        ["low_discrimination"],
    ]


@pytest.mark.parametrize(
    ("right", "flag"),
    [(9, None), (10, "too_easy"), (3, None), (2, "too_hard")],
)
def test_difficulty_flag_thresholds(right, flag):
    # Ten candidates; the item under test is right for the first ``right`` of them.
    scores = [[1 if c < right else 0, 1 if c < 5 else 0] for c in range(10)]
    flags = item_analysis(scores)[0]["flags"]

    assert ("too_easy" in flags) == (flag == "too_easy")
    assert ("too_hard" in flags) == (flag == "too_hard")


def test_a_single_question_or_a_single_candidate_has_no_discrimination():
    assert item_analysis([[1], [0], [1]])[0]["discrimination"] is None
    assert all(row["discrimination"] is None for row in item_analysis([[1, 0, 1]]))


@pytest.mark.parametrize(
    ("scores", "max_credit", "message"),
    [
        ([[1, 2]], 1, "between 0 and 1"),
        ([[-1, 0]], 1, "between 0 and 1"),
        ([[1, None]], 1, "not a finite number"),
        ([[1, 0], [1]], 1, "row 1"),
        ([], 1, "no rows"),
        ([[1, 0]], 0, "max_credit"),
    ],
)
def test_item_analysis_refuses_bad_scores(scores, max_credit, message):
    with pytest.raises(ValueError, match=message):
        item_analysis(scores, max_credit=max_credit)


# --- Cronbach's alpha -------------------------------------------------------------------------


def test_cronbach_alpha_of_pingouins_published_example():
    """pingouin's cronbach_alpha data set: 15 subjects x 10 items, alpha .591719 (as psych)."""
    items = {
        "Q1": [3, 5, 7, 2, 6, 1, 4, 2, 6, 5, 4, 4, 5, 6, 4],
        "Q2": [2, 4, 3, 4, 5, 2, 3, 4, 5, 4, 3, 2, 5, 5, 3],
        "Q3": [4, 6, 5, 3, 6, 3, 5, 4, 5, 6, 5, 3, 6, 5, 5],
        "Q4": [1, 3, 5, 3, 5, 4, 3, 3, 5, 4, 2, 2, 2, 4, 5],
        "Q5": [4, 5, 6, 2, 4, 2, 5, 7, 1, 3, 5, 5, 3, 2, 3],
        "Q6": [5, 1, 4, 2, 4, 5, 2, 2, 6, 5, 3, 3, 3, 2, 1],
        "Q7": [1, 2, 3, 2, 4, 2, 1, 2, 5, 3, 2, 4, 2, 1, 3],
        "Q8": [4, 5, 3, 6, 6, 3, 2, 4, 2, 1, 3, 2, 4, 4, 2],
        "Q9": [3, 5, 6, 6, 7, 5, 4, 6, 3, 7, 4, 3, 4, 6, 3],
        "Q10": [2, 5, 5, 3, 5, 2, 3, 5, 2, 2, 1, 4, 5, 5, 4],
    }
    scores = [list(row) for row in zip(*items.values(), strict=True)]

    assert cronbach_alpha(scores) == pytest.approx(0.591719, abs=1e-6)


def test_cronbach_alpha_of_identical_items_is_one_and_of_constant_totals_nan():
    assert cronbach_alpha([[1, 1], [2, 2], [3, 3]]) == pytest.approx(1.0)
    assert math.isnan(cronbach_alpha([[1, 2], [2, 1], [3, 0]]))


def test_cronbach_alpha_equals_icc3k_of_the_same_table():
    # Alpha is the consistency ICC of the mean of the items (Hoyt 1941).
    assert cronbach_alpha(WINES) == pytest.approx(intraclass_correlation(WINES)["ICC3k"])


def test_cronbach_alpha_needs_two_candidates_and_two_items():
    with pytest.raises(ValueError, match="at least two"):
        cronbach_alpha([[1, 2, 3]])
    with pytest.raises(ValueError, match="at least two"):
        cronbach_alpha([[1], [2]])


# --- leniency ---------------------------------------------------------------------------------


def test_leniency_finds_the_rater_one_level_above_the_others():
    # Rater 0 is always one above raters 1 and 2, who agree.
    ratings = [[4, 3, 3], [3, 2, 2], [5, 4, 4], [2, 1, 1]]

    lenient, second, third = leniency(ratings)

    assert lenient == pytest.approx(1.0)
    # Rater 1 against the mean of raters 0 and 2: x - (x + 1 + x) / 2 = -0.5.
    assert second == pytest.approx(-0.5)
    assert third == pytest.approx(-0.5)


def test_leniency_uses_only_responses_rated_with_someone_else():
    ratings = [
        [4, 2, None],  # rater 0 is +2 against rater 1
        [5, None, 5],  # rater 0 agrees with rater 2
        [None, None, 1],  # rater 2 alone: ignored
        [None, 3, None],  # rater 1 alone: ignored
    ]

    assert leniency(ratings) == pytest.approx([1.0, -2.0, 0.0])


def test_a_rater_who_shares_no_response_has_no_leniency():
    assert leniency([[3, None, 4], [None, 2, None]]) == [-1.0, None, 1.0]
    assert leniency([[3, None], [None, 4]]) == [None, None]


def test_leniency_of_no_responses_is_empty():
    assert leniency([]) == []


@pytest.mark.parametrize(
    ("ratings", "message"),
    [
        ([[1, 2], [3]], "row 1 has 1 values"),
        ([[1, "2"]], "not a number"),
        ([[1, math.inf]], "not a number"),
    ],
)
def test_leniency_refuses_malformed_ratings(ratings, message):
    with pytest.raises(ValueError, match=message):
        leniency(ratings)
