"""A worker claiming an outbox row from another connection, for the race tests.

The code under test (an undo, a close) must wait for the row's lock rather than cancel a mail
that is leaving. ``worker_claiming`` locks the row in its own thread and connection, keeps it
for ``hold`` seconds, marks it "sending" and commits; it returns once the lock is held.
Needs PostgreSQL (row locks) and ``django_db(transaction=True)``.
"""

import threading
import time
from contextlib import contextmanager

from django.db import connection, transaction

from csa_portal.models import OutboundMessage

HOLD_SECONDS = 0.5


@contextmanager
def worker_claiming(message_pk: int, *, hold: float = HOLD_SECONDS):
    """Inside the block the worker holds the row; on leaving it, the worker has finished and
    the block's own time is checked to have covered most of the hold (it waited)."""
    locked = threading.Event()

    def claim():
        try:
            with transaction.atomic():
                OutboundMessage.objects.select_for_update().get(pk=message_pk)
                locked.set()
                time.sleep(hold)  # the code under test starts meanwhile and must wait
                OutboundMessage.objects.filter(pk=message_pk).update(
                    status=OutboundMessage.Status.SENDING
                )
        finally:
            connection.close()

    worker = threading.Thread(target=claim)
    worker.start()
    assert locked.wait(5), "the worker never took the row's lock"
    started = time.monotonic()
    try:
        yield
    finally:
        worker.join()
    assert time.monotonic() - started > hold * 0.6, "it did not wait for the worker's lock"
