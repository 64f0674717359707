"""Who may open which staff page.

Staff belong to one or more of four groups. Candidates never hold a staff account; their
pages use the candidate session instead (see applicants).
"""

from collections.abc import Callable, Iterable
from functools import wraps

from django.contrib.auth.mixins import AccessMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models


class StaffGroup(models.TextChoices):
    RECRUITER = "recruiter", "Recruiter"
    HIRING_MANAGER = "hiring manager", "Hiring manager"
    REVIEWER = "reviewer", "Reviewer"
    ADMIN = "admin", "Admin"


ALL_STAFF_GROUPS = frozenset(StaffGroup.values)
# Who writes role profiles and moves applications through the pipeline.
RECRUITING = frozenset({StaffGroup.RECRUITER, StaffGroup.ADMIN})
# Who reads roles, pipelines and applications (a hiring manager: only the roles they manage).
HIRING_TEAM = RECRUITING | {StaffGroup.HIRING_MANAGER}
# Who decides on applications and settles reviewers' disagreements (managers: their roles).
DECIDING = frozenset({StaffGroup.HIRING_MANAGER, StaffGroup.ADMIN})
# Who reads the hiring reports (a hiring manager: only the roles they manage). Reviewers
# score blind, so the numbers about candidates and their colleagues stay out of their view.
REPORTING = HIRING_TEAM
# Who scores answers against rubrics.
REVIEWING = frozenset({StaffGroup.REVIEWER, StaffGroup.ADMIN})


def group_names(user) -> frozenset[str]:
    """The staff groups of a user, cached on the user object for the request."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_staff_group_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            cached = cached | {StaffGroup.ADMIN}
        user._staff_group_names = cached
    return cached


def in_any_group(user, groups: Iterable[str]) -> bool:
    return bool(group_names(user) & set(groups))


def is_recruiting(user) -> bool:
    """Recruiters and admins: they edit roles and act on every application."""
    return in_any_group(user, RECRUITING)


class GroupRequiredMixin(AccessMixin):
    """Anonymous users go to the login page; signed-in users outside the groups get a 403."""

    allowed_groups: Iterable[str] = ALL_STAFF_GROUPS
    raise_exception = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not in_any_group(request.user, self.allowed_groups):
            self.raise_exception = True
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)


def staff_view(groups: Iterable[str]) -> Callable:
    """Decorate a function view: anonymous visitors sign in first; other staff get a 403."""
    allowed = frozenset(groups)

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not in_any_group(request.user, allowed):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
