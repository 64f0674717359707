"""The reports' arithmetic and the CSV writer, on plain numbers."""

import csv
import io

import numpy as np
import pytest

from reports import maths, spreadsheet


@pytest.mark.parametrize("fraction", [0, 0.1, 0.5, 0.9, 1])
def test_percentile_interpolates_like_percentile_cont(fraction):
    values = [3.0, 1.0, 10.0, 7.0, 2.0, 8.5]
    assert maths.percentile(values, fraction) == pytest.approx(np.quantile(values, fraction))


def test_percentile_of_nothing_is_none_and_of_one_value_that_value():
    assert maths.percentile([], 0.5) is None
    assert maths.percentile([4.0], 0.9) == 4.0
    with pytest.raises(ValueError, match="between 0 and 1"):
        maths.percentile([1.0], 1.5)


def test_funnel_counts_every_stage_an_application_passed():
    counts = {
        ("applied", "active"): 5,
        ("applied", "rejected"): 3,
        ("screening", "withdrawn"): 2,
        ("assessment", "active"): 4,
        ("interview", "rejected"): 1,
        ("hired", "hired"): 2,
    }
    stages = {s.kind: s for s in maths.funnel(counts)}
    assert stages["applied"].reached == 17
    assert stages["screening"].reached == 9
    assert stages["assessment"].reached == 7
    assert stages["review"].reached == 3
    assert stages["interview"].reached == 3
    assert stages["offer"].reached == 2
    assert stages["hired"].reached == 2
    assert stages["applied"].here == 5
    assert stages["applied"].left == 3
    assert stages["applied"].drop_off == 8
    assert stages["applied"].next_share == pytest.approx(9 / 17)
    assert stages["review"].next_share == 1.0
    assert stages["hired"].next_share is None
    assert stages["hired"].drop_off == 0


def test_funnel_of_nothing_has_no_conversion():
    assert all(s.reached == 0 and s.next_share is None for s in maths.funnel({}))


def test_stage_selection_leaves_out_those_still_waiting():
    counts = {
        ("screening", "active"): 4,
        ("screening", "rejected"): 6,
        ("assessment", "active"): 10,
    }
    selections = maths.stage_selections(counts)
    assert selections["screening"] == (10, 16)  # 10 moved on; 6 stopped; 4 waiting
    assert selections["applied"] == (20, 20)


def test_small_groups_show_only_their_size():
    rows = {
        r.group: r
        for r in maths.judge_groups({"A": (40, 50), "B": (20, 50), "C": (1, 4)}, min_size=10)
    }
    assert rows["C"].selected is None
    assert rows["C"].rate is None
    assert rows["C"].impact_ratio is None
    assert not rows["C"].judged
    assert rows["C"].total == 4
    assert rows["A"].reference
    assert rows["A"].impact_ratio == 1.0
    assert rows["B"].impact_ratio == pytest.approx(0.5)
    assert rows["B"].flagged
    assert rows["B"].shortfall == pytest.approx(20.0)
    assert 0 < rows["B"].p_value < 0.001


def test_one_judged_group_has_nothing_to_compare_with():
    rows = maths.judge_groups({"A": (5, 20), "B": (1, 3)}, min_size=10)
    assert rows[0].rate == 0.25
    assert rows[0].impact_ratio is None
    assert not rows[0].judged
    assert rows[1].selected is None


def test_item_flags_use_the_statistics_module():
    scores = [[2, 2, 0], [2, 1, 0], [0, 0, 2], [1, 0, 2], [2, 2, 0], [0, 1, 2]]
    items, alpha = maths.item_flags(scores, 2)
    assert len(items) == 3
    assert "probable_wrong_key" in items[2]["flags"]
    assert alpha is not None
    assert maths.item_flags([[1, 0]], 2) == ([], None)


@pytest.mark.parametrize(
    "cell", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\r=1"]
)
def test_csv_cells_that_could_run_as_formulas_are_neutralised(cell):
    assert spreadsheet.safe_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["-0.12", "12.5%", "Applied", "", 3, -0.5])
def test_csv_numbers_and_plain_text_pass(cell):
    assert spreadsheet.safe_cell(cell) == cell


def test_write_tables_gives_each_table_its_caption_and_header():
    text = spreadsheet.write_tables(
        [("First", ["a", "b"], [["=1", "2"]]), ("Second", ["c"], [["x"]])]
    )
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["First"], ["a", "b"], ["'=1", "2"], [], ["Second"], ["c"], ["x"]]
