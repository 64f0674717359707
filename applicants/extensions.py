"""Where the apps built on applicants join its pipeline and its pages.

applicants cannot import the apps above it (assessments, reports), yet a move to the
Assessment stage should invite the candidate, and the application page should show their
attempts. Those apps register callables here in their ``AppConfig.ready()``, the way the
outbox takes send-time mail context. Each list is called in the order apps are installed.

Lifecycle (called inside the transaction of the change, so a failure undoes the change):

- ``STAGE_ENTERED``: ``(application=, stage=, by=)`` after an application moves to a stage.
- ``APPLICATION_CLOSED``: ``(application=, status=)`` after it is rejected, withdrawn or hired.
- ``APPLICATION_REOPENED``: ``(application=, by=)`` after a close is taken back (an undone
  rejection or hire, a reopened application): it is active again, and what the close ended
  for it may come back.
- ``CANDIDATE_ERASED``: ``(candidate=)`` during an erasure, before the person's data goes.

Pages (each call may run a fixed number of queries, whatever the data size):

- ``APPLICATION_PANELS``: ``(request, application) -> Panel | None``, sections of the staff
  application page, below its header.
- ``BOARD_CARDS``: ``(cards) -> None``, adds to each card's ``badges`` (a list of
  ``CardBadge``, already holding the pipeline's own) in one query for all the cards;
  the board (``templatetags/pipeline_board.py``) shows them in order.
- ``PORTAL_PANELS``: ``(request, candidate) -> Panel | None``, sections of the candidate portal.
- ``EXPORT_SECTIONS``: ``(candidate) -> (name, data)``, added to the candidate's data download.

Actions:

- ``BULK_ACTIONS``: ``BulkAction`` entries offered beside "move" and "reject" on the board's
  bulk panel; ``run(applications=, by=) -> BulkResult`` is called inside one transaction.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Panel:
    template: str
    context: dict = field(default_factory=dict)


@dataclass(frozen=True)
class CardBadge:
    label: str
    css: str = "text-bg-secondary"  # a Bootstrap badge colour class
    title: str = ""  # a longer description, read by assistive technology too


@dataclass
class BulkResult:
    done: int = 0
    refused: list[str] = field(default_factory=list)  # one line per application left alone


@dataclass(frozen=True)
class BulkAction:
    key: str
    label: str  # "Invite to the assessment"
    done_label: str  # "invited to the assessment": "{n} applications {done_label}."
    run: Callable[..., BulkResult]


STAGE_ENTERED: list[Callable] = []
APPLICATION_CLOSED: list[Callable] = []
APPLICATION_REOPENED: list[Callable] = []
CANDIDATE_ERASED: list[Callable] = []
APPLICATION_PANELS: list[Callable] = []
BOARD_CARDS: list[Callable] = []
PORTAL_PANELS: list[Callable] = []
EXPORT_SECTIONS: list[Callable] = []
BULK_ACTIONS: list[BulkAction] = []


def panels(hooks: list[Callable], *args) -> list[Panel]:
    return [panel for hook in hooks if (panel := hook(*args)) is not None]
