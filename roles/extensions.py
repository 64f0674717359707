"""Where the apps built on roles join its staff pages.

roles cannot import the apps above it (applicants, assessments), yet the staff role list
should say how many people are at each stage of each role. Those apps register callables
here in their ``AppConfig.ready()``, as ``applicants/extensions.py`` does one layer up.

- ``ROLE_LIST_COLUMNS``: ``(roles) -> ListColumn``, a column of the staff role list for the
  roles of one page. Each call runs a fixed number of queries, whatever the number of roles
  or of applications.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .models import RoleProfile


@dataclass
class ListColumn:
    heading: str
    template: str  # rendered in each row with ``cell``: this column's value for that role
    cells: dict[int, object] = field(default_factory=dict)  # by role pk; missing is None


ROLE_LIST_COLUMNS: list[Callable[[Sequence[RoleProfile]], ListColumn]] = []


def list_columns(roles: Sequence[RoleProfile]) -> list[ListColumn]:
    """The extra columns of the role list; each role gets ``extra_cells`` to render them."""
    columns = [hook(roles) for hook in ROLE_LIST_COLUMNS]
    for role in roles:
        role.extra_cells = [(column, column.cells.get(role.pk)) for column in columns]
    return columns
