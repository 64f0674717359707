"""Where the apps built on applicants join its pipeline and its pages.

applicants cannot import the apps above it (assessments, reports), yet a move to the
Assessment stage should invite the candidate, and the application page should show their
attempts. Those apps register callables here in their ``AppConfig.ready()``, the way the
outbox takes send-time mail context. Each list is called in the order apps are installed.

Lifecycle (called inside the transaction of the change, so a failure undoes the change):

- ``STAGE_ENTERED``: ``(application=, stage=, by=)`` after an application moves to a stage.
- ``APPLICATION_CLOSED``: ``(application=, status=)`` after it is rejected, withdrawn or hired.
- ``CANDIDATE_ERASED``: ``(candidate=)`` during an erasure, before the person's data goes.

Pages (each call may run a fixed number of queries, whatever the data size):

- ``APPLICATION_PANELS``: ``(request, application) -> Panel | None``, sections of the staff
  application page, below its header.
- ``BOARD_CARDS``: ``(cards) -> None``, sets attributes on the pipeline board's cards (one
  query for all of them); ``_card.html`` shows ``card.extra_badges``.
- ``PORTAL_PANELS``: ``(request, candidate) -> Panel | None``, sections of the candidate portal.
- ``EXPORT_SECTIONS``: ``(candidate) -> (name, data)``, added to the candidate's data download.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Panel:
    template: str
    context: dict = field(default_factory=dict)


STAGE_ENTERED: list[Callable] = []
APPLICATION_CLOSED: list[Callable] = []
CANDIDATE_ERASED: list[Callable] = []
APPLICATION_PANELS: list[Callable] = []
BOARD_CARDS: list[Callable] = []
PORTAL_PANELS: list[Callable] = []
EXPORT_SECTIONS: list[Callable] = []


def panels(hooks: list[Callable], *args) -> list[Panel]:
    return [panel for hook in hooks if (panel := hook(*args)) is not None]
