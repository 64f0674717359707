"""The applicants' column of the staff role list: how many people are at each stage.

Registered in ``ApplicantsConfig.ready()`` through ``roles.extensions.ROLE_LIST_COLUMNS``.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Q

from roles.extensions import ListColumn
from roles.models import RoleProfile

from .models import ApplicationStatus, Stage

# Rejected and withdrawn applications have left the pipeline; hired ones sit in its last stage.
IN_PIPELINE = (ApplicationStatus.ACTIVE, ApplicationStatus.HIRED)


@dataclass
class StageCount:
    name: str
    count: int


@dataclass
class RoleApplicants:
    stages: list[StageCount]

    @property
    def total(self) -> int:
        return sum(stage.count for stage in self.stages)

    @property
    def occupied(self) -> list[StageCount]:
        return [stage for stage in self.stages if stage.count]


def applicants_by_stage(role_ids: Sequence[int]) -> dict[int, RoleApplicants]:
    """Per role, its stages in pipeline order with the applications in each: one query.

    A role whose pipeline was never opened has no stages yet, and no applicants.
    """
    counted = Count("applications", filter=Q(applications__status__in=IN_PIPELINE))
    rows = (
        Stage.objects.filter(role_id__in=role_ids)
        .annotate(n=counted)
        .order_by("role_id", "position")
        .values_list("role_id", "name", "n")
    )
    by_role: dict[int, RoleApplicants] = {}
    for role_id, name, n in rows:
        by_role.setdefault(role_id, RoleApplicants(stages=[])).stages.append(StageCount(name, n))
    return by_role


def stage_counts_column(roles: Sequence[RoleProfile]) -> ListColumn:
    return ListColumn(
        heading="Applicants by stage",
        template="applicants/_role_list_stages.html",
        cells=applicants_by_stage([role.pk for role in roles]),
    )
