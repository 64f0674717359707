from django.conf import settings

from .access import StaffGroup, group_names


def portal(request) -> dict:
    groups = group_names(request.user) if hasattr(request, "user") else frozenset()
    return {
        "portal_name": settings.PORTAL_NAME,
        "hiring_organization": settings.HIRING_ORGANIZATION,
        "is_staff_member": bool(groups),
        "staff_groups": groups,
        "StaffGroup": StaffGroup,
    }
