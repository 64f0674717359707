"""The clock and the shuffling, without Django."""

import ast
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from assessments import timing

START = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def test_the_module_imports_no_django():
    tree = ast.parse(Path(timing.__file__).read_text())
    modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    modules |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not any(m and m.startswith("django") for m in modules)


@pytest.mark.parametrize(
    ("factor", "expected"),
    [("1", 600), ("1.00", 600), ("1.25", 750), ("1.5", 900), (Decimal("2.00"), 1200)],
)
def test_deadline_is_start_plus_limit_times_factor(factor, expected):
    assert timing.deadline(START, 10, factor) - START == timedelta(seconds=expected)


@pytest.mark.parametrize("factor", ["0.5", "3", "1.3", "-1"])
def test_unknown_factors_are_refused_not_rounded(factor):
    with pytest.raises(ValueError, match="not one of"):
        timing.deadline(START, 10, factor)


def test_a_limit_must_be_positive():
    with pytest.raises(ValueError, match="positive"):
        timing.deadline(START, 0)


def test_late_is_at_or_after_the_deadline():
    due = START + timedelta(minutes=10)
    assert not timing.is_late(due - timedelta(microseconds=1), due)
    assert timing.is_late(due, due)
    assert timing.seconds_left(due + timedelta(seconds=5), due) == 0
    assert timing.seconds_left(START, due) == 600


@pytest.mark.parametrize(
    ("seconds", "label"),
    [
        (0, "Time is up"),
        (-3, "Time is up"),
        (1, "1 second left"),
        (59, "59 seconds left"),
        (60, "1 minute left"),
        (61, "2 minutes left"),
        (300, "5 minutes left"),
        (900, "15 minutes left"),
    ],
)
def test_time_left_is_said_in_words(seconds, label):
    assert timing.time_left_label(seconds) == label


def test_shuffling_is_stable_for_a_seed_and_varies_between_seeds():
    keys = ["a", "b", "c", "d"]
    assert timing.shuffled(keys, seed="1:q1") == timing.shuffled(keys, seed="1:q1")
    orders = {tuple(timing.shuffled(keys, seed=f"{n}:q1")) for n in range(40)}
    assert len(orders) > 5
    assert all(sorted(order) == keys for order in orders)


def test_public_ids_differ_per_secret_and_map_back_only_for_their_question():
    one = timing.public_option_id("attempt-1", "q1", "b")
    two = timing.public_option_id("attempt-2", "q1", "b")
    assert one != two
    assert timing.option_for_public_id("attempt-1", "q1", ["a", "b"], one) == "b"
    assert timing.option_for_public_id("attempt-2", "q1", ["a", "b"], one) is None
    assert timing.option_for_public_id("attempt-1", "q2", ["a", "b"], one) is None
    assert timing.option_for_public_id("attempt-1", "q1", ["a", "b"], "b") is None
