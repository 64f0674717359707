"""The server's clock for timed tasks, and the per-attempt shuffling of quiz options.

Pure functions with no Django in them. The browser shows time left, but the deadline, what
counts as late and when the screen reader hears a warning are all decided here from the
server's time; nothing the browser says about time is believed.
"""

import hashlib
import hmac
import random
from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import Decimal

# Minutes left at which the page tells screen readers (and sighted users, in words) the time.
ANNOUNCE_AT_MINUTES = (5, 1)
ALLOWED_FACTORS = (Decimal("1.00"), Decimal("1.25"), Decimal("1.50"), Decimal("2.00"))


def as_factor(value: Decimal | str | float) -> Decimal:
    """A time factor as a plain Decimal, from a Decimal (or a subclass), a string or a number."""
    return Decimal(value) if isinstance(value, Decimal) else Decimal(str(value))


def deadline(started_at: datetime, limit_minutes: int, factor: Decimal | str = "1") -> datetime:
    """Start + limit x factor, to the second. An unknown factor is refused, not rounded."""
    factor = as_factor(factor)
    if factor not in ALLOWED_FACTORS:
        raise ValueError(f"Time factor {factor} is not one of {ALLOWED_FACTORS}.")
    if limit_minutes <= 0:
        raise ValueError("A time limit must be positive.")
    seconds = int(Decimal(limit_minutes * 60) * factor)
    return started_at + timedelta(seconds=seconds)


def seconds_left(now: datetime, due: datetime) -> int:
    """Whole seconds until ``due``, never negative."""
    return max(0, int((due - now).total_seconds()))


def is_late(now: datetime, due: datetime) -> bool:
    """At or after the deadline nothing more is accepted."""
    return now >= due


def time_left_label(seconds: int) -> str:
    """What the page says, in words (colour alone never carries it)."""
    if seconds <= 0:
        return "Time is up"
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''} left"
    minutes = -(-seconds // 60)  # rounded up: "1 minute left" until the last minute begins
    return f"{minutes} minute{'s' if minutes != 1 else ''} left"


def shuffled(keys: Sequence[str], *, seed: str) -> list[str]:
    """A stable shuffle of ``keys`` for one attempt and question (the same seed, the same order)."""
    order = list(keys)
    random.Random(seed).shuffle(order)  # noqa: S311  # nosec B311 # presentation order, not a secret
    return order


def public_option_id(secret: str, question_key: str, option_key: str) -> str:
    """What the browser sees instead of an option's key.

    Keys are the same for everyone ("c" is the best answer to question 4), so a key that
    reached the browser could be shared. These ids are different in every attempt, and only
    the server can turn one back into a key.
    """
    message = f"{question_key}:{option_key}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:12]


def option_for_public_id(
    secret: str, question_key: str, option_keys: Sequence[str], public_id: str
) -> str | None:
    """The option key behind ``public_id``, or None when it is not an option of the question."""
    for key in option_keys:
        if hmac.compare_digest(public_option_id(secret, question_key, key), str(public_id)):
            return key
    return None
