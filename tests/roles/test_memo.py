"""The per-process memo behind the board's cards and board-wide reads (no Django)."""

import threading

import pytest

from roles.memo import MISSING, LocalMemo


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_an_entry_is_kept_until_it_expires():
    clock = Clock()
    memo = LocalMemo(4, clock=clock)
    memo.set("count", 10_000, 30)
    clock.now += 29.9
    assert memo.get("count") == 10_000
    clock.now += 0.2
    assert memo.get("count") is MISSING
    assert memo.get("count", "default") == "default"
    assert len(memo) == 0


def test_the_least_recently_used_entry_goes_first():
    memo = LocalMemo(2)
    memo.set("a", 1, 60)
    memo.set("b", 2, 60)
    memo.get("a")  # now b is the oldest
    memo.set("c", 3, 60)
    assert memo.get("b") is MISSING
    assert (memo.get("a"), memo.get("c")) == (1, 3)


def test_a_stored_none_or_empty_list_is_a_hit():
    memo = LocalMemo(2)
    memo.set("cities", [], 60)
    memo.set("nothing", None, 60)
    assert memo.get("cities") == []
    assert memo.get("nothing") is None


def test_clear_empties_it():
    memo = LocalMemo(2)
    memo.set("a", 1, 60)
    memo.clear()
    assert memo.get("a") is MISSING


def test_it_holds_at_least_one_entry():
    with pytest.raises(ValueError, match="at least one"):
        LocalMemo(0)


def test_threads_never_push_it_past_its_bound():
    memo = LocalMemo(50)

    def fill(start):
        for n in range(start, start + 2_000):
            memo.set(n, n, 60)
            memo.get(n - 1)

    threads = [threading.Thread(target=fill, args=(n * 10_000,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(memo) == 50
