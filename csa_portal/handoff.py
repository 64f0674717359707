"""Handing work from a web request to the broker: quick to give up, never failing the request.

Whatever a request hands to a worker is also a database row that a beat job finds (an outbox
row, an application whose resume text is missing), so the Celery message only says "look
now". Losing it delays the work until the next sweep; waiting for it would cost the person
in front of the page. So a hand-off publishes once, with no retries, under the short connect
and read timeouts of ``settings.CELERY_BROKER_TRANSPORT_OPTIONS``; and after the broker
failed, this process does not try it again for ``RETRY_AFTER_SECONDS``: during an outage a
request pays for at most one failed attempt per process every few seconds, not one each.
"""

import logging
import time

from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5.0
BROKER_ERRORS = (OperationalError, OSError)

_broker_resting_until = 0.0


def request_task(task, *args) -> bool:
    """Queue ``task(*args)`` for a worker now; False (logged) when that did not happen.

    Call it after commit (``transaction.on_commit``), only for work a sweep also finds.
    """
    global _broker_resting_until
    if time.monotonic() < _broker_resting_until:
        logger.info("Broker resting after a failure: %s%s left to the sweep", task.name, args)
        return False
    try:
        task.apply_async(args, retry=False)
    except BROKER_ERRORS as error:
        _broker_resting_until = time.monotonic() + RETRY_AFTER_SECONDS
        logger.warning(
            "Broker did not take %s%s (%s); the sweep will, and this process leaves the "
            "broker alone for %.0f s",
            task.name,
            args,
            error,
            RETRY_AFTER_SECONDS,
        )
        return False
    except Exception as error:  # run eagerly (no broker), the task itself failed: recorded
        logger.warning(
            "%s%s failed in the request (%s); the sweep retries it", task.name, args, error
        )
        return False
    return True
