from collections.abc import Callable

from django.conf import settings

from .access import StaffGroup, group_names

# What apps above this one add to every page's context (the signed-in candidate for the
# header, from applicants), registered in their AppConfig.ready(): the settings name no
# domain module. Each takes the request and returns a dict; keep them free of queries for
# anonymous visitors, whose pages are cached and counted.
PAGE_CONTEXT: list[Callable[[object], dict]] = []


def portal(request) -> dict:
    groups = group_names(request.user) if hasattr(request, "user") else frozenset()
    extra = {}
    for provider in PAGE_CONTEXT:
        extra.update(provider(request))
    return extra | {
        "portal_name": settings.PORTAL_NAME,
        "hiring_organization": settings.HIRING_ORGANIZATION,
        "is_staff_member": bool(groups),
        "staff_groups": groups,
        "StaffGroup": StaffGroup,
    }
